"""Check a survey table cell by cell; make it tidy responses (a row per respondent × dimension).

Every problem is collected (none stops the check) and names the file, the row as a spreadsheet
shows it (the header is row 1) and the column, so that a survey manager can fix the file in one go.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from transfo_analysis.barometer._schema import (
    COLUMN_ALIASES,
    RESPONDENT_TYPES,
    SurveySchema,
    fold,
    make_scale,
)
from transfo_analysis.errors import InputError
from transfo_analysis.i18n import _, ngettext

#: columns of the tidy responses table
RESPONSE_COLUMNS = [
    "file",
    "row",
    "column",
    "territory",
    "wave",
    "service",
    "respondent",
    "respondent_type",
    "dimension",
    "scale",
    "score",
    "importance",
    "importance_scale",
    "weight",
    "comment",
]
_SHOWN = 60  # problems listed in an error message (all are kept in ``.problems``)


@dataclass(frozen=True)
class Problem:
    """One invalid cell (a missing column: ``row`` 1, the header; an unreadable file: no row)."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(_("row {row}").format(row=self.row))
        if self.column is not None:
            where.append(_("column {column!r}").format(column=self.column))
        return _("{where}: {message}").format(where=", ".join(where), message=self.message)


class SurveyError(InputError):
    """Survey files that cannot be imported; ``problems`` lists every invalid cell."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        files = list(dict.fromkeys(p.file for p in self.problems))
        lines = [f"  - {p}" for p in self.problems[:_SHOWN]]
        if len(self.problems) > _SHOWN:
            more = len(self.problems) - _SHOWN
            lines.append(ngettext("  … and {n} more", "  … and {n} more", more).format(n=more))
        super().__init__(
            ", ".join(files),
            ngettext(
                "{n} problem in the survey data, nothing imported:\n{problems}",
                "{n} problems in the survey data, nothing imported:\n{problems}",
                len(self.problems),
            ).format(n=len(self.problems), problems="\n".join(lines)),
            hint=_(
                "fix these cells (the source files were not modified) or declare the survey in "
                "barometer.schema"
            ),
        )


def _number(values: pd.Series) -> pd.Series:
    """Numbers written with a decimal point or comma; anything else becomes NaN."""
    text = (
        values.astype(str)
        .str.strip()
        .str.replace("\u202f", "")
        .str.replace(" ", "")
        .str.replace(",", ".")
    )
    return pd.to_numeric(text, errors="coerce")


def _resolve(
    raw: pd.DataFrame, schema: SurveySchema, file: str, problems: list[Problem]
) -> dict[str, str | None]:
    lookup = {fold(c): c for c in raw.columns}
    found: dict[str, str | None] = {}
    for field, aliases in COLUMN_ALIASES.items():
        declared = getattr(schema.columns, field)
        if declared is not None:
            found[field] = lookup.get(fold(declared))
            if found[field] is None:
                problems.append(
                    Problem(
                        file,
                        1,
                        declared,
                        _("declared column for {field} not found in the header").format(
                            field=field
                        ),
                    )
                )
        else:
            found[field] = next((lookup[fold(a)] for a in aliases if fold(a) in lookup), None)
    return found


def validate_table(
    raw: pd.DataFrame, *, schema: SurveySchema, file: str | Path
) -> tuple[pd.DataFrame, list[Problem]]:
    """Check a table read as text and return the tidy responses with the problems found.

    Parameters
    ----------
    raw
        The file's cells as strings, header as column names, index 0 = spreadsheet row 2.
    schema
        The survey declaration.
    file
        Name shown in problems.

    Returns
    -------
    responses, problems
        Tidy responses (:data:`RESPONSE_COLUMNS`) and every problem found; the responses are
        only meaningful when ``problems`` is empty.
    """
    file = str(file)
    problems: list[Problem] = []
    raw = raw.rename(columns=lambda c: str(c).strip()).astype(object).fillna("")
    for col in raw.columns[raw.columns.duplicated()].unique():
        problems.append(
            Problem(file, 1, col, _("column name appears more than once in the header"))
        )
    cols = _resolve(raw, schema, file, problems)
    fmt = schema.format
    prefixes = [fold(p) for p in schema.score_prefixes]
    iprefixes = [fold(p) for p in schema.importance_prefixes]
    wide_scores = {
        c: fold(c)[len(p) :]
        for c in raw.columns
        for p in prefixes
        if fold(c).startswith(p) and len(fold(c)) > len(p)
    }
    wide_imp = {
        c: fold(c)[len(p) :]
        for c in raw.columns
        for p in iprefixes
        if fold(c).startswith(p) and len(fold(c)) > len(p)
    }
    if fmt == "auto":
        fmt = "long" if cols["dimension"] and cols["score"] else "wide" if wide_scores else "auto"
    if fmt == "auto":
        problems.append(
            Problem(
                file,
                1,
                None,
                _(
                    "no score columns: expected `dimension` and `note` columns (long format) or "
                    "columns such as `note_accueil` (wide format)"
                ),
            )
        )
    required = [
        f for f in ("territory", "wave", "service", "respondent_type") if f not in schema.constants
    ]
    required += ["dimension", "score", "respondent"] if fmt == "long" else []
    for field in required:
        if cols[field] is None and getattr(schema.columns, field) is None:
            names = ", ".join(COLUMN_ALIASES[field][:4])
            problems.append(
                Problem(
                    file,
                    1,
                    field,
                    _(
                        "missing column for {field} (looked for {names}…; or set "
                        "barometer.schema.columns.{field})"
                    ).format(field=field, names=names),
                )
            )
    if problems:
        return pd.DataFrame(columns=RESPONSE_COLUMNS), problems

    raw = raw.loc[~(raw.astype(str).apply(lambda s: s.str.strip()) == "").all(axis=1)]
    rows = pd.Series(raw.index + 2, index=raw.index)

    constants: dict[str, str] = {k: v for k, v in schema.constants.items()}

    def values(field: str) -> pd.Series:
        if cols[field] is not None:
            return raw[cols[field]].astype(str).str.strip()
        return pd.Series(constants.get(field, ""), index=raw.index, dtype=object)

    def report(mask: pd.Series, field: str, message) -> None:
        for i in mask[mask].index:
            problems.append(Problem(file, int(rows[i]), cols[field] or field, message(i)))

    ids = {f: values(f) for f in ("territory", "wave", "service", "respondent_type")}
    for field, series in ids.items():
        report(series == "", field, lambda i, f=field: _("empty {field}").format(field=f))
    ids["wave"] = ids["wave"].str.replace(r"^(\d+)\.0$", r"\1", regex=True)
    lookup = schema.type_lookup()
    types = ids["respondent_type"].map(lambda v: lookup.get(fold(v)))
    report(
        types.isna() & (ids["respondent_type"] != ""),
        "respondent_type",
        lambda i: _(
            "unknown respondent type {value!r} (expected {expected}; other spellings go "
            "under barometer.schema.respondent_types)"
        ).format(value=ids["respondent_type"][i], expected=", ".join(RESPONDENT_TYPES)),
    )
    terr = ids["territory"]
    if schema.territories:
        report(
            ~terr.isin(schema.territories) & (terr != ""),
            "territory",
            lambda i: _("unknown territory {territory!r} (declared: {declared})").format(
                territory=terr[i], declared=", ".join(schema.territories)
            ),
        )
    services = ids["service"].copy()
    if schema.services:
        for i in raw.index:
            if isinstance(schema.services, dict) and terr[i] and terr[i] not in schema.services:
                problems.append(
                    Problem(
                        file,
                        int(rows[i]),
                        cols["territory"] or "territory",
                        _(
                            "territory {territory!r} has no services declared in "
                            "barometer.schema.services"
                        ).format(territory=terr[i]),
                    )
                )
                continue
            allowed = schema.allowed_services(terr[i]) or set()
            match = {fold(s): s for s in allowed}.get(fold(services[i]))
            if match is None and services[i]:
                problems.append(
                    Problem(
                        file,
                        int(rows[i]),
                        cols["service"] or "service",
                        _(
                            "unknown service {service!r} for {territory!r} (expected: {allowed})"
                        ).format(
                            service=services[i],
                            territory=terr[i],
                            allowed=", ".join(sorted(allowed)),
                        ),
                    )
                )
            elif match is not None:
                services[i] = match
    weights = pd.Series(1.0, index=raw.index)
    if cols["weight"] is not None:
        text = values("weight")
        weights = _number(text).where(text != "", 1.0)
        report(
            (weights.isna() | (weights <= 0)) & (text != ""),
            "weight",
            lambda i: _("weight {text!r} is not a positive number").format(text=text[i]),
        )
    if cols["respondent"] is not None:
        respondent = values("respondent")
        report(respondent == "", "respondent", lambda i: _("empty respondent identifier"))
    else:
        respondent = pd.Series(
            [f"{Path(file).stem}-{r}" for r in rows], index=raw.index, dtype=object
        )
    comment = (
        values("comment")
        if cols["comment"] is not None
        else pd.Series("", index=raw.index, dtype=object)
    )
    base = pd.DataFrame(
        {
            "file": file,
            "row": rows,
            "territory": terr,
            "wave": ids["wave"],
            "service": services,
            "respondent": respondent,
            "respondent_type": types,
            "weight": weights,
            "comment": comment.replace("", None),
        }
    )

    if fmt == "wide":
        blocks = []
        for dim in dict.fromkeys([*wide_scores.values(), *wide_imp.values()]):
            block = base.copy()
            block["dimension"] = dim
            score_col = next((c for c, d in wide_scores.items() if d == dim), None)
            imp_col = next((c for c, d in wide_imp.items() if d == dim), None)
            block["column"] = score_col or imp_col
            block["_score"] = raw[score_col].astype(str).str.strip() if score_col else ""
            block["_imp"] = raw[imp_col].astype(str).str.strip() if imp_col else ""
            block["_icol"] = imp_col
            blocks.append(block)
        tidy = (
            pd.concat(blocks)
            if blocks
            else pd.DataFrame(
                columns=[*base.columns, "dimension", "column", "_score", "_imp", "_icol"]
            )
        )
        tidy["_scale"] = ""
        dup = tidy.duplicated(["territory", "wave", "respondent", "dimension"], keep="first") & (
            tidy["respondent"] != ""
        )
        first = tidy.drop_duplicates(["territory", "wave", "respondent"]).set_index(
            ["territory", "wave", "respondent"]
        )["row"]
        for _i, r in tidy[dup].drop_duplicates("row").iterrows():
            problems.append(
                Problem(
                    file,
                    int(r["row"]),
                    cols["respondent"] or "respondent",
                    _("respondent {respondent!r} appears again (first at row {row})").format(
                        respondent=r["respondent"],
                        row=first[r["territory"], r["wave"], r["respondent"]],
                    ),
                )
            )
    else:
        tidy = base.copy()
        tidy["dimension"] = raw[cols["dimension"]].astype(str).str.strip().map(fold)
        report(tidy["dimension"] == "", "dimension", lambda i: _("empty dimension"))
        tidy["column"] = cols["score"]
        tidy["_score"] = raw[cols["score"]].astype(str).str.strip()
        tidy["_imp"] = raw[cols["importance"]].astype(str).str.strip() if cols["importance"] else ""
        tidy["_icol"] = cols["importance"]
        tidy["_scale"] = raw[cols["scale"]].astype(str).str.strip() if cols["scale"] else ""
        key = ["territory", "wave", "respondent", "dimension"]
        for _i, r in tidy[tidy.duplicated(key) & (tidy["respondent"] != "")].iterrows():
            problems.append(
                Problem(
                    file,
                    int(r["row"]),
                    cols["dimension"],
                    _(
                        "respondent {respondent!r} already rated {dimension!r} in an earlier row"
                    ).format(respondent=r["respondent"], dimension=r["dimension"]),
                )
            )
        for field in ("respondent_type", "weight"):
            n = tidy.groupby(["territory", "wave", "respondent"])[field].transform("nunique")
            for _i, r in (
                tidy[(n > 1)]
                .drop_duplicates(["territory", "wave", "respondent"], keep="last")
                .iterrows()
            ):
                problems.append(
                    Problem(
                        file,
                        int(r["row"]),
                        cols[field] or field,
                        _(
                            "respondent {respondent!r} has different values of {field} in "
                            "different rows"
                        ).format(respondent=r["respondent"], field=field),
                    )
                )
    tidy = tidy.reset_index(drop=True)
    _check_scores(tidy, schema, file, cols.get("scale"), problems)
    return tidy[RESPONSE_COLUMNS], problems


def _check_scores(
    tidy: pd.DataFrame,
    schema: SurveySchema,
    file: str,
    scale_col: str | None,
    problems: list[Problem],
) -> None:
    """Parse scores and importance ratings in place.

    Reports non-numbers, out-of-scale values and mixed scales.
    """
    missing = {fold(v) for v in schema.missing_values}
    tidy["scale"] = [schema.scale_for(d).name for d in tidy["dimension"]]
    if scale_col is not None:
        for i in tidy.index[tidy["_scale"] != ""]:
            try:
                tidy.loc[i, "scale"] = make_scale(tidy.loc[i, "_scale"]).name
            except Exception:
                problems.append(
                    Problem(
                        file,
                        int(tidy.loc[i, "row"]),
                        scale_col,
                        _("unknown scale {scale!r} (write 1-4, 1-5 or 0-10)").format(
                            scale=tidy.loc[i, "_scale"]
                        ),
                    )
                )
        for dim, group in tidy.groupby("dimension"):
            counts = group["scale"].value_counts()
            if len(counts) > 1:
                for i in group.index[group["scale"] != counts.index[0]]:
                    problems.append(
                        Problem(
                            file,
                            int(tidy.loc[i, "row"]),
                            scale_col,
                            _(
                                "mixed scales in dimension {dim!r}: {scale} here, {main} in "
                                "{n_rows} other rows"
                            ).format(
                                dim=dim,
                                scale=tidy.loc[i, "scale"],
                                main=counts.index[0],
                                n_rows=counts.iloc[0],
                            ),
                        )
                    )
    tidy["importance_scale"] = make_scale(schema.importance_scale, kind="importance").name
    for source, target, scale_name in (
        ("_score", "score", "scale"),
        ("_imp", "importance", "importance_scale"),
    ):
        text = tidy[source].astype(str)
        absent = text.map(fold).isin(missing)
        num = _number(text)
        tidy[target] = num.where(~absent, np.nan).astype("float64")
        col = tidy["column"] if source == "_score" else tidy["_icol"]
        for i in tidy.index[~absent & num.isna()]:
            problems.append(
                Problem(
                    file,
                    int(tidy.loc[i, "row"]),
                    col[i],
                    _("{text!r} is not a number (no answer: leave empty or write NSP)").format(
                        text=text[i]
                    ),
                )
            )
        scales = {name: make_scale(name) for name in tidy[scale_name].unique()}
        low = tidy[scale_name].map({name: sc.low for name, sc in scales.items()})
        high = tidy[scale_name].map({name: sc.high for name, sc in scales.items()})
        bad = ~absent & num.notna() & ((num < low) | (num > high) | (num != np.round(num)))
        for i in tidy.index[bad]:
            hint = (
                _(
                    " (is this dimension asked on 0-10 in part of the data? declare "
                    "barometer.schema.scales or add a scale column)"
                )
                if target == "score"
                and 0 <= num[i] <= 10
                and num[i] == round(num[i])
                and high[i] < 10
                else ""
            )
            problems.append(
                Problem(
                    file,
                    int(tidy.loc[i, "row"]),
                    col[i],
                    _("{text} is not a point of the scale {scale}{hint}").format(
                        text=text[i], scale=tidy.loc[i, scale_name], hint=hint
                    ),
                )
            )
    tidy.loc[tidy["importance"].isna() & (tidy["_icol"].isna()), "importance_scale"] = None
