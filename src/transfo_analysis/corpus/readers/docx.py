"""Word transcripts (``.docx``), read with python-docx.

The body is read in order: every paragraph, and every row of a table (cells left to right). The
paragraphs then follow the same conventions as plain-text transcripts (see the ``text`` reader):
speaker labels ``Nom Prénom :``, ``Mme Diallo :``, ``E :``/``R2 :``, ``JM :``,
``Enquêteur·rice :``, ``[Usager]``, optional timestamps ``[00:12:31]`` (→ ``start``), a paragraph
without a label continuing the previous turn, header paragraphs before the first turn kept as
metadata (title, ``réalisé le 14/03/2025`` → ``date``, ``Lieu : …``, ``Enquêtrice : Nom``).

Specific to Word:

- a **bold run opening a paragraph** and followed by text is a label even without a colon
  (``**Julie Marchand** Bonjour…``), provided it fits the label grammar (at most 5 words…);
  bold with its colon (``**JM :**``), even a one-word label seen once is accepted;
- paragraphs in a **heading style** (Heading/Titre/Title, or with an outline level) are not
  speech: before the first turn the first one is the title, later ones become the ``section``
  attribute of the turns that follow;
- a **table laid out as ``speaker | text``** (or ``time | speaker | text``) gives one turn per
  row; an empty speaker cell continues the previous speaker; a header row (``Locuteur |
  Texte``) is skipped;
- tracked deletions, text boxes and hidden text are left out; insertions are kept;
- line numbers in messages count paragraphs (a table row counts as one).

Document properties (author, creation date) are not used: they describe the file, not the
interview. A damaged file, an old binary ``.doc`` renamed, or a package without
``word/document.xml`` is skipped with a message saying how to repair it.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from lxml import etree

from transfo_analysis.corpus.readers._base import RawDocument
from transfo_analysis.corpus.readers._office import open_package
from transfo_analysis.corpus.readers._registry import register
from transfo_analysis.corpus.readers._transcript import Line, parse_lines
from transfo_analysis.errors import InputError
from transfo_analysis.i18n import N_, _

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LEFT_OUT = {W + "del", W + "moveFrom", W + "txbxContent", W + "pict", W + "drawing"}
_HEADING_NAMES = ("heading", "titre", "title", "subtitle", "sous-titre")


@register(
    "docx",
    (".docx",),
    description=N_(
        "Word transcripts: paragraphs and speaker | text tables, same labels as text, bold labels"
    ),
)
def read(path: Path, data: bytes, options: dict[str, Any]) -> list[RawDocument]:
    """Read a Word transcript (see the module documentation for the conventions)."""
    del options  # nothing to configure
    import docx  # python-docx

    open_package(path, data, suffix=".docx", required="word/document.xml")
    try:
        document = docx.Document(io.BytesIO(data))
        styles = _styles(document)
    except etree.XMLSyntaxError as exc:
        raise InputError(
            path,
            _("the document is damaged (XML error: {error})").format(error=exc.msg),
            hint=_("open it in Word or LibreOffice and save it again as .docx"),
        ) from None
    except (ValueError, KeyError) as exc:  # wrong content type, missing part
        raise InputError(
            path,
            _("not a valid .docx ({error})").format(error=exc),
            hint=_("open it in Word or LibreOffice and save it again as .docx"),
        ) from None
    lines: list[Line] = []
    _walk(document.element.body, lines, styles)
    if not any(line.text.strip() for line in lines):
        raise InputError(
            path, _("the document holds no text"), hint=_("check that it is the right file")
        )
    return [parse_lines(lines, blank_paragraphs=False)]


def _walk(parent: etree._Element, lines: list[Line], styles: dict[str, tuple[bool, bool]]) -> None:
    for child in parent.iterchildren():
        if child.tag == W + "p":
            lines.append(_paragraph(child, len(lines) + 1, styles))
        elif child.tag == W + "tbl":
            for row in child.iterchildren(W + "tr"):
                cells = [
                    _cell_text(tc, styles) for tc in row.xpath("./w:tc | ./w:sdt/w:sdtContent/w:tc")
                ]
                lines.append(Line(" ".join(cells), len(lines) + 1, cells=cells))
        elif child.tag in (W + "sdt", W + "customXml", W + "sdtContent"):
            _walk(child.find(W + "sdtContent") if child.tag == W + "sdt" else child, lines, styles)


def _cell_text(tc: etree._Element, styles: dict[str, tuple[bool, bool]]) -> str:
    return "\n".join(_paragraph(p, 0, styles).text for p in tc.iter(W + "p")).strip()


def _paragraph(p: etree._Element, number: int, styles: dict[str, tuple[bool, bool]]) -> Line:
    """Text of a paragraph, the span of its first bold run, and whether it is a heading."""
    parts: list[str] = []
    span: tuple[int, int] | None = None
    pos, closed = 0, False
    for r in p.iter(W + "r"):
        if _left_out(r, p):
            continue
        text = r.text  # python-docx's run text: w:t, w:tab → \t, w:br → \n
        if not text:
            continue
        if _bold(r, styles) and not closed:
            span = (pos if span is None else span[0], pos + len(text))
        elif span is not None and text.strip():
            closed = True  # only the first bold stretch can be a label
        parts.append(text)
        pos += len(text)
    style = p.find(f"{W}pPr/{W}pStyle")
    heading = styles.get(style.get(W + "val"), (False, False))[0] if style is not None else False
    heading = heading or p.find(f"{W}pPr/{W}outlineLvl") is not None
    return Line("".join(parts), number, bold=span, heading=heading)


def _left_out(r: etree._Element, p: etree._Element) -> bool:
    if r.find(f"{W}rPr/{W}vanish") is not None:
        return True
    for ancestor in r.iterancestors():
        if ancestor is p:
            return False
        if ancestor.tag in _LEFT_OUT:
            return True
    return False


def _on(el: etree._Element | None) -> bool:
    return el is not None and el.get(W + "val", "true").lower() not in ("0", "false", "off", "none")


def _bold(r: etree._Element, styles: dict[str, tuple[bool, bool]]) -> bool:
    rpr = r.find(W + "rPr")
    if rpr is None:
        return False
    if rpr.find(W + "b") is not None:
        return _on(rpr.find(W + "b"))
    style = rpr.find(W + "rStyle")
    return style is not None and styles.get(style.get(W + "val"), (False, False))[1]


def _styles(document: Any) -> dict[str, tuple[bool, bool]]:
    """``style id -> (is a heading, is bold)``, following ``basedOn`` links."""
    raw: dict[str, tuple[str, str | None, bool | None, bool]] = {}
    for st in document.styles.element.iterchildren(W + "style"):
        name = st.find(W + "name")
        based = st.find(W + "basedOn")
        bold = st.find(f"{W}rPr/{W}b")
        raw[st.get(W + "styleId")] = (
            (name.get(W + "val") if name is not None else "").lower(),
            based.get(W + "val") if based is not None else None,
            _on(bold) if bold is not None else None,
            st.find(f"{W}pPr/{W}outlineLvl") is not None,
        )
    out = {}
    for sid in raw:
        heading, bold, seen = False, None, set()
        cur: str | None = sid
        while cur in raw and cur not in seen:
            seen.add(cur)
            name, based, b, outline = raw[cur]
            heading = heading or outline or name.startswith(_HEADING_NAMES)
            bold = b if bold is None else bold
            cur = based
        out[sid] = (heading, bool(bold))
    return out
