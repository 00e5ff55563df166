"""Read survey files (CSV or XLSX), read-only, and import them as one validated responses table."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from transfo_analysis.barometer._schema import SurveySchema, make_scale
from transfo_analysis.barometer._validate import (
    RESPONSE_COLUMNS,
    Problem,
    SurveyError,
    validate_table,
)
from transfo_analysis.corpus import decode
from transfo_analysis.errors import InputError
from transfo_analysis.i18n import _
from transfo_analysis.provenance import record

#: suffixes read as spreadsheets; everything else is read as delimited text
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def read_table(
    path: str | Path, *, data: bytes | None = None
) -> tuple[pd.DataFrame, list[Problem]]:
    """The cells of a CSV or XLSX file as strings (first row = header), opened read-only.

    Parameters
    ----------
    path
        The file.
    data
        Its bytes, when already read.

    Returns
    -------
    table, problems
        Index 0 is the spreadsheet's row 2. Rows with more cells than the header are reported.
    """
    path = Path(path)
    name = str(path)
    if data is None:
        data = path.read_bytes()
    if not data.strip():
        return pd.DataFrame(), [Problem(name, None, None, _("empty file"))]
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # zip or XML errors of a damaged workbook
            return pd.DataFrame(), [
                Problem(
                    name,
                    None,
                    None,
                    _("cannot read this workbook ({error}: {exc})").format(
                        error=type(exc).__name__, exc=exc
                    ),
                )
            ]
        rows = [[_cell(v) for v in r] for r in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
    else:
        try:
            text, _encoding = decode(data, path)
        except InputError as exc:
            return pd.DataFrame(), [Problem(name, None, None, exc.message)]
        first = text.split("\n", 1)[0]
        delimiter = max([";", ",", "\t", "|"], key=first.count)
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        return pd.DataFrame(), [Problem(name, None, None, _("empty file"))]
    header = [h.strip() for h in rows[0]]
    while header and header[-1] == "":
        header.pop()
    problems = []
    body = []
    for number, row in enumerate(rows[1:], start=2):
        extra = [c for c in row[len(header) :] if str(c).strip()]
        if extra:
            problems.append(
                Problem(
                    name,
                    number,
                    None,
                    _(
                        "{n_row} cells but {n_header} columns in the header (a delimiter inside "
                        "an unquoted value?)"
                    ).format(n_row=len(row), n_header=len(header)),
                )
            )
        body.append((list(row[: len(header)]) + [""] * len(header))[: len(header)])
    for i, h in enumerate(header):
        if not h:
            problems.append(Problem(name, 1, f"#{i + 1}", _("column without a name in the header")))
    return pd.DataFrame(body, columns=header, dtype=object), problems


def read_survey(
    path: str | Path, *, schema: SurveySchema | dict[str, Any] | None = None
) -> pd.DataFrame:
    """Import one survey file; see :func:`import_surveys`.

    Parameters
    ----------
    path
        A survey file (CSV, Excel or ODS).
    schema
        The survey schema (``barometer.schema``): column names, scales, constants.

    Returns
    -------
    One row per respondent × dimension, as :func:`import_surveys` gives them.
    """
    return import_surveys([path], schema=schema)


def import_surveys(
    paths: Iterable[str | Path],
    *,
    schema: SurveySchema | dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Read and validate survey files into one tidy responses table.

    Parameters
    ----------
    paths
        CSV (any delimiter among ``;``, ``,``, tab, ``|``; UTF-8 or Windows encodings) or XLSX
        files (first sheet), in long or wide format (see :class:`SurveySchema`). They are only read.
    schema
        The survey declaration (``settings.barometer.schema``); ``None`` relies on the defaults
        and on column names being the usual ones.

    Returns
    -------
    One row per respondent × dimension: ``file``, ``row`` (spreadsheet row), ``column``,
    ``territory``, ``wave``, ``service``, ``respondent``, ``respondent_type``, ``dimension``,
    ``scale``, ``score`` (NaN: no answer), ``importance``, ``importance_scale``, ``weight``,
    ``comment``. ``attrs["provenance"]`` records the files (SHA-256, rows) and the schema.

    Raises
    ------
    SurveyError
        An :class:`~transfo_analysis.errors.InputError` listing every problem of every file
        (``.problems``); nothing is imported when any file is invalid.
    """
    schema = SurveySchema.from_settings(schema)
    problems: list[Problem] = []
    frames, inputs = [], []
    for path in map(Path, paths):
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems.append(
                Problem(
                    str(path),
                    None,
                    None,
                    _("cannot open ({reason})").format(reason=exc.strerror or exc),
                )
            )
            continue
        raw, found = read_table(path, data=data)
        problems += found
        if raw.empty and found:
            continue
        if raw.empty:
            problems.append(Problem(str(path), None, None, _("no answers below the header")))
            continue
        tidy, found = validate_table(raw, schema=schema, file=path)
        problems += found
        frames.append(tidy)
        inputs.append(
            {
                "file": str(path),
                "sha256": hashlib.sha256(data).hexdigest(),
                "rows": int(len(raw)),
                "respondents": int(
                    tidy[["territory", "wave", "respondent"]].drop_duplicates().shape[0]
                ),
            }
        )
    responses = (
        pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=RESPONSE_COLUMNS)
    )
    problems += _check_across_files(responses)
    if problems:
        raise SurveyError(problems)
    responses["row"] = responses["row"].astype("int64")
    for col in ("score", "importance", "weight"):
        responses[col] = responses[col].astype("float64")
    responses.attrs["provenance"] = record(
        "barometer.import", parameters=schema.model_dump(mode="json"), inputs=inputs
    )
    responses.attrs["scales"] = {
        s: make_scale(s).labels for s in responses["scale"].dropna().unique()
    }
    responses.attrs["dimension_labels"] = dict(schema.dimensions)
    return responses


def _check_across_files(responses: pd.DataFrame) -> list[Problem]:
    """The same dimension on two scales, or the same respondent twice, across files."""
    problems: list[Problem] = []
    if responses.empty or responses["file"].nunique() < 2:
        return problems
    for dim, group in responses.groupby("dimension"):
        scales = group.drop_duplicates("file").set_index("file")["scale"]
        if scales.nunique() > 1:
            main = group["scale"].value_counts().index[0]
            for file, scale in scales[scales != main].items():
                first = group[group["file"] == file].iloc[0]
                problems.append(
                    Problem(
                        file,
                        int(first["row"]),
                        first["column"],
                        _(
                            "mixed scales in dimension {dim!r}: {scale} in this file, {main} in "
                            "others"
                        ).format(dim=dim, scale=scale, main=main),
                    )
                )
    key = ["territory", "wave", "respondent", "dimension"]
    dup = responses[responses.duplicated(key, keep=False)]
    for _key, group in dup.groupby(key):
        if group["file"].nunique() > 1:
            later = group.iloc[1]
            problems.append(
                Problem(
                    later["file"],
                    int(later["row"]),
                    later["column"],
                    _(
                        "respondent {respondent!r} already answered {dimension!r} in {file} (row "
                        "{row})"
                    ).format(
                        respondent=later["respondent"],
                        dimension=later["dimension"],
                        file=group.iloc[0]["file"],
                        row=group.iloc[0]["row"],
                    ),
                )
            )
    return problems
