"""OpenDocument text transcripts (``.odt``, LibreOffice), read from ``content.xml`` with lxml.

The body is read in order: paragraphs (``text:p``), headings (``text:h``), list items, sections,
and table rows (cells left to right). Inside a paragraph, spans and links are read through,
``text:s`` gives its count of spaces, ``text:tab`` a tab and ``text:line-break`` a line break;
footnotes, annotations, tracked deletions, text frames and tables of contents are left out.

The paragraphs then follow the same conventions as plain-text transcripts (see the ``text``
reader): speaker labels ``Nom Prénom :``, ``Mme Diallo :``, ``E :``/``R2 :``, ``JM :``,
``Enquêteur·rice :``, ``[Usager]``, optional timestamps ``[00:12:31]`` (→ ``start``), a paragraph
without a label continuing the previous turn, header paragraphs before the first turn kept as
metadata (title, ``réalisé le 14/03/2025`` → ``date``, ``Lieu : …``, ``Enquêtrice : Nom``).

Specific to OpenDocument:

- a **bold span opening a paragraph** (a text style with a bold font weight) and followed by
  text is a label even without a colon, provided it fits the label grammar; bold with its colon
  (``**JM :**``), even a one-word label seen once is accepted;
- ``text:h`` headings and paragraphs in a Heading/Title style are not speech: before the first
  turn the first one is the title, later ones the ``section`` of the turns that follow;
- a **table laid out as ``speaker | text``** (or ``time | speaker | text``) gives one turn per
  row; a header row (``Locuteur | Texte``) is skipped;
- line numbers in messages count paragraphs (a table row counts as one).

A damaged archive, a spreadsheet or a Word file named ``.odt``, or malformed ``content.xml`` is
skipped with a message saying how to repair it.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from lxml import etree

from transfo_analysis.corpus.readers._base import RawDocument
from transfo_analysis.corpus.readers._office import open_package, parse_member
from transfo_analysis.corpus.readers._registry import register
from transfo_analysis.corpus.readers._transcript import Line, parse_lines
from transfo_analysis.errors import InputError
from transfo_analysis.i18n import N_, _

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_LEFT_OUT = {
    TEXT + "note",
    OFFICE + "annotation",
    TEXT + "tracked-changes",
    DRAW + "frame",
    TEXT + "table-of-content",
    TEXT + "sequence-decls",
    TEXT + "variable-decls",
    OFFICE + "forms",
    TEXT + "alphabetical-index",
    TEXT + "bibliography",
}
_ODT_TYPES = (
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.text-template",
    "application/vnd.oasis.opendocument.text-master",
)


@register(
    "odt",
    (".odt",),
    description=N_(
        "OpenDocument (LibreOffice) transcripts: paragraphs and tables, same labels as text, "
        "bold labels"
    ),
)
def read(path: Path, data: bytes, options: dict[str, Any]) -> list[RawDocument]:
    """Read an OpenDocument text transcript (see the module documentation for the conventions)."""
    del options  # nothing to configure
    archive = open_package(path, data, suffix=".odt", required="content.xml")
    if "mimetype" in archive.namelist():
        mime = archive.read("mimetype").decode("ascii", "replace").strip()
        if mime.startswith("application/vnd.oasis.opendocument.") and mime not in _ODT_TYPES:
            kind = mime.rsplit(".", 1)[-1]
            raise InputError(
                path,
                _("this is an OpenDocument {kind}, not a text document").format(kind=kind),
                hint=_("export the transcript as .odt, .docx or .txt"),
            )
    content = parse_member(path, archive, "content.xml", suffix=".odt")
    styles = _styles(content)
    if "styles.xml" in archive.namelist():
        with contextlib.suppress(InputError):  # styles only refine bold and headings
            styles = {**_styles(parse_member(path, archive, "styles.xml", suffix=".odt")), **styles}
    body = content.find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        raise InputError(
            path,
            _("content.xml has no text body (office:text)"),
            element="content.xml",
            hint=_("export the transcript as a text document (.odt) from LibreOffice"),
        )
    lines: list[Line] = []
    _walk(body, lines, _resolve(styles))
    if not any(line.text.strip() for line in lines):
        raise InputError(
            path, _("the document holds no text"), hint=_("check that it is the right file")
        )
    return [parse_lines(lines, blank_paragraphs=False)]


def _walk(parent: etree._Element, lines: list[Line], styles: dict[str, tuple[bool, bool]]) -> None:
    for child in parent.iterchildren():
        tag = child.tag
        if tag in (TEXT + "p", TEXT + "h"):
            text, span = _inline(child, styles)
            name = child.get(TEXT + "style-name")
            heading = tag == TEXT + "h" or styles.get(name, (False, False))[0]
            lines.append(Line(text, len(lines) + 1, bold=span, heading=heading))
        elif tag == TABLE + "table":
            for row in child.iter(TABLE + "table-row"):
                if row.getparent() is not None and _table_of(row) is not child:
                    continue  # a row of a nested table
                cells = [
                    "\n".join(
                        _inline(p, styles)[0] for p in cell.iter(TEXT + "p", TEXT + "h")
                    ).strip()
                    for cell in row.iterchildren(TABLE + "table-cell")
                ]
                lines.append(Line(" ".join(cells), len(lines) + 1, cells=cells))
        elif tag not in _LEFT_OUT and isinstance(tag, str):
            _walk(child, lines, styles)  # lists, list items, sections


def _table_of(row: etree._Element) -> etree._Element | None:
    return next((a for a in row.iterancestors(TABLE + "table")), None)


def _inline(
    p: etree._Element, styles: dict[str, tuple[bool, bool]]
) -> tuple[str, tuple[int, int] | None]:
    """The text of a paragraph and the span of its first bold stretch."""
    parts: list[str] = []
    bold_ranges: list[tuple[int, int]] = []
    pos = 0

    def add(text: str | None, bold: bool) -> None:
        nonlocal pos
        if not text:
            return
        if bold:
            bold_ranges.append((pos, pos + len(text)))
        parts.append(text)
        pos += len(text)

    def visit(el: etree._Element, bold: bool) -> None:
        add(el.text, bold)
        for child in el:
            tag = child.tag
            if tag == TEXT + "s":
                add(" " * int(child.get(TEXT + "c", "1") or 1), bold)
            elif tag == TEXT + "tab":
                add("\t", bold)
            elif tag == TEXT + "line-break":
                add("\n", bold)
            elif isinstance(tag, str) and tag not in _LEFT_OUT:
                visit(child, bold or styles.get(child.get(TEXT + "style-name"), (False, False))[1])
            add(child.tail, bold)

    visit(p, styles.get(p.get(TEXT + "style-name"), (False, False))[1])
    text = "".join(parts)
    span = None
    for start, end in bold_ranges:  # merge the first stretch (adjacent or space-separated runs)
        if span is None:
            span = (start, end)
        elif not text[span[1] : start].strip():
            span = (span[0], end)
        else:
            break
    return text, span


def _styles(root: etree._Element) -> dict[str, tuple[str | None, str, bool | None]]:
    """``style name -> (parent, display name, bold)`` for paragraph and text styles."""
    out = {}
    for st in root.iter(STYLE + "style"):
        weight = st.find(f"{STYLE}text-properties")
        weight = weight.get(FO + "font-weight") if weight is not None else None
        bold = (
            None
            if weight is None
            else weight == "bold" or (weight.isdigit() and int(weight) >= 600)
        )
        name = st.get(STYLE + "name")
        out[name] = (
            st.get(STYLE + "parent-style-name"),
            (st.get(STYLE + "display-name") or name or "").lower(),
            bold,
        )
    return out


def _resolve(raw: dict[str, tuple[str | None, str, bool | None]]) -> dict[str, tuple[bool, bool]]:
    """``style name -> (is a heading, is bold)``, following parent styles."""
    out = {}
    for name in raw:
        heading, bold, seen = False, None, set()
        cur: str | None = name
        while cur in raw and cur not in seen:
            seen.add(cur)
            parent, display, b = raw[cur]
            heading = heading or display.startswith(
                ("heading", "titre", "title", "subtitle", "sous-titre")
            )
            bold = b if bold is None else bold
            cur = parent
        out[name] = (heading, bool(bold))
    return out
