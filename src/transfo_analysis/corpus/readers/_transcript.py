"""Turns from the lines of a labelled transcript (shared by the text, docx and odt readers).

The conventions are those of :mod:`~transfo_analysis.corpus.readers._labels`, plus:

- a line without a label continues the previous turn; a line that starts with a timestamp but has
  no label starts a new turn of the same speaker; a turn's ``end`` is the next turn's ``start``;
- lines before the first labelled turn are a header kept as document metadata, never as speech
  (see :mod:`~transfo_analysis.corpus.readers._header`): title, date, ``Lieu : …`` fields;
  ``Enquêtrice : Julie Marchand`` at the top is the ``interviewer`` field, not a turn;
- section headings (a heading style in docx/odt, a line in capitals in text) are not speech; the
  turns after one carry it as their ``section`` attribute;
- a table row ``speaker | text`` (optionally ``time | speaker | text``) is a labelled turn; a
  header row (``Locuteur | Texte``) is skipped;
- a file where no label is recognised gives one turn per paragraph (blank-line separated in text
  files, else per line) with no speaker, and a warning listing the label formats expected.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from transfo_analysis.corpus._roles import fold
from transfo_analysis.corpus.readers._base import RawDocument, Turn
from transfo_analysis.corpus.readers._header import (
    interviewer_roles,
    is_field,
    is_top_line,
    read_header,
)
from transfo_analysis.corpus.readers._labels import (
    Label,
    bold_label,
    classify,
    find_label,
    is_timestamp,
    leading_timestamp,
    seconds,
    words,
)
from transfo_analysis.i18n import N_, _

EXPECTED = N_(
    "labels at the start of lines such as 'Enquêtrice :', 'Mme Diallo :', 'E :', 'R2 :', "
    "'[Usager]', optionally after a timestamp '[00:12:31]' (see `transfo formats`)"
)
_TABLE_HEADER = words(
    "locuteur locutrice locuteurs intervenant speaker nom qui personne texte text propos verbatim"
    " transcription temps time debut heure timecode tc role parole paroles discours contenu"
)


@dataclass
class Line:
    """One line of a text file, or one paragraph or table row of a document."""

    text: str
    number: int
    #: character span of a bold run near the start (docx/odt)
    bold: tuple[int, int] | None = None
    #: a heading by its style (docx heading styles, odt ``text:h``)
    heading: bool = False
    #: the cells of a table row
    cells: list[str] | None = None


@dataclass
class _Item:
    kind: str  # blank, heading, label, plain, skip
    line: Line
    text: str
    start: float | None
    label: Label | None = None


def parse_lines(lines: list[Line], *, blank_paragraphs: bool = True) -> RawDocument:
    """A document of turns from lines, following the conventions of the module doc.

    Parameters
    ----------
    lines
        Lines (or paragraphs) in document order.
    blank_paragraphs
        Whether blank lines separate paragraphs (text files); else every line is a paragraph.
    """
    items = [_item(line) for line in lines]
    counts = Counter(it.label.label for it in items if it.label)
    rejected = []
    for it in items:
        if it.label and it.label.strength == "weak" and counts[it.label.label] < 2:
            rejected.append((it.label.label, it.line.number))
            it.start, text = leading_timestamp(it.line.text)
            it.kind, it.label, it.text = "plain", None, text.strip()
    doc = RawDocument(turns=[])
    n_header = next(
        (
            i
            for i, it in enumerate(items)
            if it.kind == "label" and it.label is not None and not is_field(it.label)
        ),
        None,
    )
    if n_header is None:
        _unlabelled(items, doc, blank_paragraphs)
        return doc
    header = [it for it in items[:n_header] if it.kind != "blank"]
    section = None
    while len(header) > 1 and header[-1].kind == "heading":  # a section opening the interview
        section = header.pop().text
    read_header([(it.line.text, it.line.number) for it in header], doc)
    speaker, current = None, None
    for it in items[n_header:]:
        if it.kind in ("blank", "skip"):
            continue
        if it.kind == "heading":
            section, current = it.text, None
        elif it.kind == "plain" and current is not None and it.start is None:
            current.text = f"{current.text}\n{it.text}" if current.text else it.text
        else:
            speaker = it.label.label if it.label else speaker
            current = Turn(speaker, it.text, start=it.start, line=it.line.number)
            if section:
                current.attributes["section"] = section
            doc.turns.append(current)
    first = items[n_header].line.number
    for label, number in [(lab, n) for lab, n in rejected if n > first][:3]:
        doc.warn(
            _("{label} looks like a speaker label but appears only once; read as speech").format(
                label=repr(label)
            ),
            number,
        )
    _set_ends(doc)
    interviewer_roles(doc)
    return doc


def _item(line: Line) -> _Item:
    if line.cells is not None and len(line.cells) > 1:
        return _row(line)
    text = line.text if line.cells is None else line.cells[0] if line.cells else ""
    if not text.strip():
        return _Item("blank", line, "", None)
    start, plain = leading_timestamp(text)
    label = bold_label(text, line.bold) if line.bold else None
    label = label or find_label(text)
    if line.heading or (label is None and start is None and _capitals(text)):
        return _Item("heading", line, " ".join(text.split()), None)
    if label is not None:
        return _Item("label", line, label.rest, label.start, label)
    return _Item("plain", line, plain.strip(), start)


def _row(line: Line) -> _Item:
    cells = [" ".join(c.split()) for c in line.cells or []]
    start = next((seconds(c.strip("[]() ")) for c in cells if c and is_timestamp(c)), None)
    cells = [c for c in cells if not (c and is_timestamp(c))]
    filled = [c for c in cells if c]
    if not filled:
        return _Item("blank", line, "", None)
    if all(fold(c) in _TABLE_HEADER for c in filled):
        return _Item("skip", line, "", None)
    who, text = cells[0], " ".join(c for c in cells[1:] if c)
    if not who:
        return _Item("plain", line, text, start)
    if len(cells) >= 2 and (
        classify(who) or (len(who.split()) <= 5 and not re.search(r"[?!;…]", who))
    ):
        return _Item("label", line, text, start, Label(who.strip("[]: "), "strong", text, start))
    return _Item("plain", line, " ".join(filled), start)


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return (
        len(letters) >= 6
        and all(c.isupper() for c in letters)
        and not text.rstrip().endswith((".", "?", "!", "…", ":"))
    )


def _unlabelled(items: list[_Item], doc: RawDocument, blank_paragraphs: bool) -> None:
    i = 0
    while i < len(items) and (items[i].kind == "blank" or is_top_line(items[i].line.text)):
        i += 1
    read_header([(it.line.text, it.line.number) for it in items[:i] if it.kind != "blank"], doc)
    filled = [k for k in range(i, len(items)) if items[k].kind != "blank"]
    split = (
        blank_paragraphs
        and bool(filled)
        and any(it.kind == "blank" for it in items[filled[0] : filled[-1]])
    )
    section, current = None, None
    for it in items[i:]:
        if it.kind in ("blank", "skip", "heading"):
            current = None
            section = it.text if it.kind == "heading" else section
            continue
        if current is None or not split or it.start is not None:
            current = Turn(None, it.text, start=it.start, line=it.line.number)
            if section:
                current.attributes["section"] = section
            doc.turns.append(current)
        else:
            current.text += "\n" + it.text
    if doc.turns:
        doc.warn(
            _(
                "no speaker label recognised; each paragraph became a turn without speaker. "
                "Expected {expected}"
            ).format(expected=_(EXPECTED))
        )
    _set_ends(doc)


def _set_ends(doc: RawDocument) -> None:
    warned = False
    for turn, nxt in zip(doc.turns, doc.turns[1:], strict=False):
        if turn.start is None or nxt.start is None:
            continue
        if nxt.start >= turn.start:
            turn.end = nxt.start
        elif not warned:
            warned = True
            doc.warn(_("timestamps go backwards here; ends left unknown where they do"), nxt.line)


__all__ = ["EXPECTED", "Line", "parse_lines"]
