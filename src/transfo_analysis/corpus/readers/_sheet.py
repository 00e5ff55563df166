"""The header and rows of a small table, CSV or a workbook's first sheet, for the card readers.

Rows are parsed as the answers reader does (:mod:`.tables`: strict, a broken quote never folds
rows together); the card readers check the header themselves and report rows whose cells do not
match it.
"""

from __future__ import annotations

import io
from pathlib import Path

from transfo_analysis.corpus._text import decode
from transfo_analysis.corpus.readers.tables import _csv_rows, _sheet_rows
from transfo_analysis.errors import InputError
from transfo_analysis.i18n import _


def csv_header(data: bytes) -> tuple[list[str], str] | None:
    """Header cells and delimiter of a CSV's first non-empty line (``None`` when unreadable)."""
    try:
        text, _encoding = decode(data[:65536], "")
    except InputError:
        return None
    first = next((ln for ln in text.split("\n", 50) if ln.strip()), "")
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    if not any(counts.values()):
        return None
    delimiter = max(counts, key=lambda d: counts[d])
    rows, _faults = _csv_rows(first, delimiter)
    if not rows:
        return None
    return rows[0][1], delimiter


def xlsx_header(data: bytes) -> list[str] | None:
    """Header cells of the first sheet of a workbook (``None`` when unreadable)."""
    if not data.startswith(b"PK"):
        return None
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # not a workbook: the generic reader will say so
        return None
    try:
        for row in book[book.sheetnames[0]].iter_rows(values_only=True):
            cells = ["" if v is None else str(v) for v in row]
            if any(c.strip() for c in cells):
                return cells
        return None
    finally:
        book.close()


def table_rows(path: Path, data: bytes) -> list[tuple[int, list[str]]]:
    """Non-empty rows (with their line, or sheet row) of a CSV or of a workbook's first sheet."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:
            raise InputError(
                path,
                _("this workbook cannot be opened ({error})").format(error=type(exc).__name__),
                hint=_("open it in a spreadsheet and save it again as .xlsx"),
            ) from None
        try:
            return _sheet_rows(book[book.sheetnames[0]])
        finally:
            book.close()
    text, _encoding = decode(data, path)
    found = csv_header(data)
    delimiter = found[1] if found else ","
    # strict parsing, resynchronised on the next line after a broken quote (tables._csv_rows):
    # a faulty line stays one row, which the card readers then report as not matching the header
    rows, _faults = _csv_rows(text, delimiter)
    return [(ln, r) for ln, r in rows if any(c.strip() for c in r)]
