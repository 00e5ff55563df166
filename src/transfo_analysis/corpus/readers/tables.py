"""Open survey answers in tables (``.csv``, ``.tsv``, ``.xlsx``): one row per answer.

Conventions understood
----------------------
- CSV/TSV: UTF-8 (with or without BOM), cp1252 or latin-1; CRLF or LF; delimiter ``,``, ``;`` or
  tab, taken from the header line (or ``delimiter`` in the mapping); quoted cells may hold line
  breaks and ``""`` quotes. Rows whose number of cells differs from the header's are read and
  listed in a warning with their lines. Parsing is strict: a line with a quote never closed or
  text after a closing quote is read alone (leniently) and named in a warning with its line,
  then parsing resumes on the next line, so a stray quote never folds the following
  respondents' rows into one answer.
- XLSX (and ``.xlsm``): the sheet named or numbered (from 0) by ``sheet`` in the mapping, else
  the first sheet where the answer column is found. The header is the first non-empty row.
  Legacy ``.xls`` files are refused: save them as ``.xlsx``.
- Columns come from the manifest's ``table`` mapping (``text`` or ``text_columns``,
  ``respondent``, ``territory``, ``service``, ``role``, ``date``, ``question``, ``attributes``).
  Without a mapping, or when it names no text column, column names are recognised with accents
  and case folded: the answer column by its name (``réponse``, ``answer``, ``comment``,
  ``commentaire``, ``texte``, ``verbatim``, ``contribution``…) or a name starting or ending with
  one of these words (``texte_reponse``, ``votre_reponse``, not a numeric column such as
  ``n_answers``); likewise, without a mapping, the respondent (``id``, ``répondant``…),
  territory (``territoire``, ``commune``, ``ville``…), service, role (``profil``, ``rôle``),
  date and question columns. A mapping that names columns is followed alone (only the columns
  it names are used); one that only sets ``sheet`` or ``delimiter`` keeps the recognition.
- Output: one document per territory value (a single one without territory column),
  ``method`` questionnaire; one speaker per respondent (label: the respondent id, else
  ``R<line>``); one turn per non-empty answer, its ``line`` the file line (CSV) or the sheet
  row (XLSX), its attributes the question, service, date and mapped attribute columns. Role
  values are the speakers' roles. Rows with an empty answer are skipped and counted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

from transfo_analysis.corpus._roles import fold
from transfo_analysis.corpus._text import decode
from transfo_analysis.corpus.readers._base import RawDocument, Turn
from transfo_analysis.corpus.readers._registry import register
from transfo_analysis.errors import InputError
from transfo_analysis.i18n import N_, _, ngettext

#: recognised column names (folded), most specific first;
#: ``tokens`` also matches a name's first or last word
COLUMNS: dict[str, tuple[tuple[str, ...], bool]] = {
    "text": (
        (
            "reponse",
            "reponses",
            "answer",
            "answers",
            "response",
            "comment",
            "comments",
            "commentaire",
            "commentaires",
            "texte",
            "text",
            "verbatim",
            "verbatims",
            "contribution",
            "contributions",
        ),
        True,
    ),
    "respondent": (
        (
            "id",
            "identifiant",
            "id_repondant",
            "repondant",
            "respondent",
            "respondent_id",
            "participant",
            "id_participant",
            "participant_id",
            "auteur",
            "author",
            "author_id",
            "contributeur",
        ),
        True,
    ),
    "territory": (
        (
            "territoire",
            "territory",
            "commune",
            "ville",
            "city",
            "quartier",
            "departement",
            "region",
            "epci",
            "collectivite",
            "intercommunalite",
        ),
        True,
    ),
    "service": (("service", "services", "service_public"), True),
    "role": (("profil", "profile", "role", "type_repondant", "type_de_repondant"), True),
    "date": (
        ("date", "date_reponse", "created_at", "horodatage", "timestamp", "submitted_at"),
        True,
    ),
    "question": (("question", "question_id", "id_question", "intitule_question"), True),
}
_TOKEN_EXCLUDED = {"respondent": {"id"}}  # "cluster_id" is no respondent
_MAPPING_HINT = N_(
    'map the columns in manifest.yaml, e.g. files: [{match: "{name}", method: questionnaire, '
    "table: {text: <answer column>, respondent: <id column>, territory: <territory column>}}]"
)


#: the manifest's `table:` fields, as named in messages
_FIELD_NAMES = {
    "respondent": N_("respondent"),
    "territory": N_("territory"),
    "service": N_("service"),
    "role": N_("role"),
    "date": N_("date"),
    "question": N_("question"),
}


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(name)).strip("_")


def _numeric(values: list[str]) -> bool:
    sample = [v for v in values if v.strip()][:50]
    return bool(sample) and all(re.fullmatch(r"[-+]?\d+([.,]\d+)?", v.strip()) for v in sample)


def _detect(field: str, header: list[str], taken: set[int], rows: list[list[str]]) -> int | None:
    names, use_tokens = COLUMNS[field]
    keys = [_key(h) for h in header]
    for name in names:
        if name in keys and keys.index(name) not in taken:
            return keys.index(name)
    if not use_tokens:
        return None
    allowed = set(names) - _TOKEN_EXCLUDED.get(field, set())
    for i, key in enumerate(keys):
        words = key.split("_")
        if i not in taken and (words[0] in allowed or words[-1] in allowed):
            if field == "text" and _numeric([r[i] if i < len(r) else "" for r in rows[:200]]):
                continue
            return i
    return None


def _columns(path: Path, header: list[str], rows: list[list[str]], mapping: Any) -> dict[str, Any]:
    """Column index per field (``text`` is a list of (index, question or None))."""
    keys = [_key(h) for h in header]

    def find(name: str, what: str) -> int:
        if name in header:
            return header.index(name)
        if _key(name) in keys:
            return keys.index(_key(name))
        raise InputError(
            path,
            _(
                "the {what} column {name} named in the manifest is not in this file "
                "(columns: {columns})"
            ).format(what=_(what), name=repr(name), columns=", ".join(header)),
            line=1,
            hint=_("correct the `table:` mapping in manifest.yaml"),
        )

    fields = ("respondent", "territory", "service", "role", "date", "question")
    if mapping is not None and not (
        mapping.text
        or mapping.text_columns
        or mapping.attributes
        or any(getattr(mapping, f) for f in fields)
    ):
        mapping = None  # only `sheet` or `delimiter` given: columns are recognised by name
    cols: dict[str, Any] = {"attributes": []}
    if mapping is not None and mapping.text_columns:
        cols["text"] = [
            (find(c, N_("text")), header[find(c, N_("text"))]) for c in mapping.text_columns
        ]
    elif mapping is not None and mapping.text:
        cols["text"] = [(find(mapping.text, N_("text")), None)]
    else:
        i = _detect("text", header, set(), rows)
        if i is None:
            raise InputError(
                path,
                _("no column of answers found; columns: {columns}").format(
                    columns=", ".join(h or _("(empty)") for h in header)
                ),
                line=1,
                hint=_(_MAPPING_HINT).replace("{name}", path.name),
            )
        cols["text"] = [(i, None)]
    taken = {i for i, _ in cols["text"]}
    for field in fields:
        if mapping is not None:
            name = getattr(mapping, field)
            cols[field] = find(name, _FIELD_NAMES[field]) if name else None
        else:
            cols[field] = _detect(field, header, taken, rows)
        if cols[field] is not None:
            taken.add(cols[field])
    if mapping is not None:
        cols["attributes"] = [(find(a, N_("attribute")), a) for a in mapping.attributes]
    return cols


def _documents(
    path: Path, header: list[str], rows: list[tuple[int, list[str]]], mapping: Any
) -> list[RawDocument]:
    cols = _columns(path, header, [r for _, r in rows], mapping)

    def cell(row: list[str], i: int | None) -> str:
        return row[i].strip() if i is not None and i < len(row) else ""

    docs: dict[str, RawDocument] = {}
    empty = 0
    for line, row in rows:
        territory = cell(row, cols["territory"])
        label = cell(row, cols["respondent"]) or f"R{line}"
        attributes = {
            k: cell(row, cols[k]) for k in ("question", "service", "date") if cell(row, cols[k])
        }
        attributes.update({name: cell(row, i) for i, name in cols["attributes"]})
        answers = [(cell(row, i), q) for i, q in cols["text"]]
        if not any(text for text, _ in answers):
            empty += 1
            continue
        doc = docs.get(territory)
        if doc is None:
            doc = docs[territory] = RawDocument(turns=[], metadata={"method": "questionnaire"})
            if cols["territory"] is not None:
                doc.part = territory or _("(territory not given)")
                if territory:
                    doc.metadata["territory"] = territory
        for text, question in answers:
            if text:
                attrs = {**attributes, "question": question} if question else attributes
                doc.turns.append(Turn(speaker=label, text=text, line=line, attributes=attrs))
        role = cell(row, cols["role"])
        if role and label not in doc.roles:
            doc.roles[label] = role
    if not docs:
        raise InputError(
            path,
            ngettext(
                "every answer is empty ({n} row)", "every answer is empty ({n} rows)", len(rows)
            ).format(n=len(rows)),
            hint=_("check the answer column in the manifest"),
        )
    out = list(docs.values())
    for doc in out:
        dates = {t.attributes.get("date") for t in doc.turns}
        if len(dates) == 1 and None not in dates:
            doc.metadata["date"] = dates.pop()
    if empty:
        out[0].note(
            ngettext(
                "{n} row with an empty answer skipped",
                "{n} rows with an empty answer skipped",
                empty,
            ).format(n=empty),
            _("column {name}").format(name=repr(header[cols["text"][0][0]])),
        )
    return out


def _csv_rows(
    text: str, delimiter: str
) -> tuple[list[tuple[int, list[str]]], list[tuple[int, str]]]:
    """Rows of a CSV text with the line each starts on, and the lines that could not be parsed.

    Parsing is strict: a quote opened and never closed, or text after a closing quote, is an
    error rather than a reason to read on into the next rows (a lenient reader folds every row up
    to the next quote into one cell, merging respondents). The faulty line is then read alone,
    leniently, and parsing starts again on the next line, so each well-formed row stays one row.

    Returns
    -------
    rows, faults
        ``(line, cells)`` for every row; ``(line, reason)`` for every line read alone.
    """
    rows: list[tuple[int, list[str]]] = []
    faults: list[tuple[int, str]] = []
    pos, first = 0, 1  # where the current strict reader starts: character offset, 1-based line
    while pos < len(text):
        reader = csv.reader(io.StringIO(text[pos:]), delimiter=delimiter, strict=True)
        line = first  # where the next row starts (a quoted cell may span lines)
        try:
            for row in reader:
                rows.append((line, row))
                line = first + reader.line_num
            break
        except csv.Error as exc:
            reason = (
                _("a quote opened and never closed")
                if "unexpected end of data" in str(exc)
                else _("a misplaced quote, text stuck after a closing quote")
            )
            start = pos
            for _skip in range(line - first):
                start = text.index("\n", start) + 1
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            faults.append((line, reason))
            alone = next(csv.reader([text[start:end]], delimiter=delimiter, strict=False), [])
            rows.append((line, alone))
            pos, first = end + 1, line + 1  # resynchronise on the next line
    return rows, faults


@register("csv", (".csv", ".tsv"), description=N_("CSV/TSV of open answers, one row per answer"))
def read_csv(path: Path, data: bytes, options: dict[str, Any]) -> list[RawDocument]:
    """Read a CSV or TSV of open answers into one document per territory.

    Parameters
    ----------
    path
        The file (for messages).
    data
        Its bytes.
    options
        ``table``: a :class:`~transfo_analysis.corpus._manifest.TableMapping` or ``None``.
    """
    mapping = options.get("table")
    text, _encoding = decode(data, path)
    first = next((ln for ln in text.split("\n", 50) if ln.strip()), "")
    delimiter = mapping.delimiter if mapping is not None and mapping.delimiter else None
    if delimiter is None:
        counts = {d: first.count(d) for d in (",", ";", "\t")}
        delimiter = (
            max(counts, key=lambda d: counts[d])
            if any(counts.values())
            else ("\t" if path.suffix.lower() == ".tsv" else ",")
        )
    rows, faults = _csv_rows(text, delimiter)
    rows = [(ln, r) for ln, r in rows if any(c.strip() for c in r)]
    if not rows:
        raise InputError(path, _("no rows in this table"))
    (_first, header), body = rows[0], rows[1:]
    faulty = {ln for ln, _ in faults}
    bad = [ln for ln, r in body if len(r) != len(header) and ln not in faulty]
    docs = _documents(path, header, body, mapping)
    for line, reason in faults:
        docs[0].warn(
            _(
                "unreadable line ({reason}): read alone, without absorbing the following lines; "
                "check this answer and fix the quote in a spreadsheet or an editor"
            ).format(reason=reason),
            _("line {line}").format(line=line),
        )
    if bad:
        docs[0].warn(
            ngettext(
                "{n} line does not have the {cells} cells of the header (a separator in a cell "
                "without quotes?): read as is, to be checked",
                "{n} lines do not have the {cells} cells of the header (a separator in a cell "
                "without quotes?): read as is, to be checked",
                len(bad),
            ).format(n=len(bad), cells=len(header)),
            ngettext("line {lines}", "lines {lines}", len(bad)).format(
                lines=", ".join(map(str, bad[:10])) + (" …" if len(bad) > 10 else "")
            ),
        )
    return docs


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet_rows(sheet: Any) -> list[tuple[int, list[str]]]:
    out = [
        (i, [_cell_text(v) for v in row])
        for i, row in enumerate(sheet.iter_rows(values_only=True), start=1)
    ]
    return [(i, r) for i, r in out if any(c.strip() for c in r)]


@register(
    "xlsx",
    (".xlsx", ".xlsm", ".xls"),
    description=N_("Excel workbook of open answers (.xlsx), one row per answer"),
)
def read_xlsx(path: Path, data: bytes, options: dict[str, Any]) -> list[RawDocument]:
    """Read a sheet of open answers from an ``.xlsx`` workbook into one document per territory.

    Parameters
    ----------
    path
        The file (for messages).
    data
        Its bytes.
    options
        ``table``: a :class:`~transfo_analysis.corpus._manifest.TableMapping` or ``None``.
    """
    if not data.startswith(b"PK"):
        if path.suffix.lower() == ".xls":
            raise InputError(
                path,
                _("legacy Excel .xls files are not read"),
                hint=_("open it in Excel or LibreOffice and save as .xlsx"),
            )
        raise InputError(
            path,
            _("not an .xlsx workbook (an .xlsx file is a zip archive)"),
            hint=_("save it again as .xlsx"),
        )
    import openpyxl

    hint = _(
        "it may be corrupt or another format renamed: open it in a spreadsheet and save it as .xlsx"
    )
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, KeyError, openpyxl's own errors for broken parts…
        raise InputError(
            path,
            _("this workbook cannot be opened ({kind}: {error})").format(
                kind=type(exc).__name__, error=exc
            ),
            hint=hint,
        ) from None
    mapping = options.get("table")
    try:
        wanted = mapping.sheet if mapping is not None else None
        if isinstance(wanted, int):
            if not 0 <= wanted < len(book.sheetnames):
                raise InputError(
                    path,
                    _("sheet {n} does not exist (sheets: {names}; numbered from 0)").format(
                        n=wanted, names=", ".join(book.sheetnames)
                    ),
                )
            candidates = [book.sheetnames[wanted]]
        elif wanted is not None:
            if wanted not in book.sheetnames:
                raise InputError(
                    path,
                    _("no sheet named {name} (sheets: {names})").format(
                        name=repr(wanted), names=", ".join(book.sheetnames)
                    ),
                    hint=_("correct `sheet:` in manifest.yaml"),
                )
            candidates = [wanted]
        else:
            candidates = list(book.sheetnames)
        first_error = None
        for name in candidates:
            try:
                rows = _sheet_rows(book[name])
            except Exception as exc:  # a broken sheet part inside a valid zip
                raise InputError(
                    path,
                    _("sheet {name} cannot be read ({kind})").format(
                        name=repr(name), kind=type(exc).__name__
                    ),
                    hint=hint,
                ) from None
            if not rows:
                continue
            try:
                docs = _documents(path, rows[0][1], rows[1:], mapping)
            except InputError as exc:
                first_error = first_error or InputError(
                    path,
                    exc.message,
                    element=_("sheet {name}").format(name=repr(name)),
                    hint=exc.hint,
                )
                continue
            if len(candidates) > 1 and name != candidates[0]:
                docs[0].warn(
                    _(
                        "answers read from sheet {name}; earlier sheets hold no answer column"
                    ).format(name=repr(name)),
                    _("sheet {name}").format(name=repr(name)),
                )
            return docs
        raise first_error or InputError(path, _("every sheet is empty"))
    finally:
        book.close()
