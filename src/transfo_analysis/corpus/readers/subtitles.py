r"""Subtitle transcripts: WebVTT (``.vtt``) and
SubRip (``.srt``), as written by transcription tools.

**WebVTT**: the ``WEBVTT`` header (its ``Language:``/``Kind:`` lines become metadata; a file
without it is read anyway, with a warning), ``NOTE``, ``STYLE`` and ``REGION`` blocks ignored,
optional cue identifiers, cue settings after the timings (``align:start``…) ignored.
**SRT**: numbered cues, timings ``00:00:01,000 --> 00:00:03,500``. Both: a dot or a comma before
milliseconds, hours optional, encodings as for text files.

Who speaks, in order of precedence:

- voice tags ``<v Julie Marchand>`` (also ``<v.loud Julie>`` with classes, closed by ``</v>`` or
  not); several voices in one cue give several turns with the cue's times;
- otherwise a label at the start of a cue line: ``Name: text``, ``- Name: text``,
  ``[Name] text`` or ``>> Name: text``, following the label grammar of the ``text`` reader (at
  most 5 words; one capitalised word, initials or a code such as ``SPEAKER_00`` must recur);
  several labelled lines in one cue give several turns;
- a leading dialogue dash (``- Oui ?``) is dropped;
- a cue without a speaker continues the previous speaker (subtitlers name a speaker only when
  the speaker changes); ``>>`` without a name starts a turn of an unknown speaker.

Other tags (``<c>``, ``<i>``, ``<b>``, ``<u>``, ``<font>``, ``<lang>``, ``<ruby>``, inline
timestamps ``<00:00:01.000>``, SSA ``{\\an8}``) are stripped and entities (``&amp;``) decoded.

**Turns**: consecutive cues of the same speaker are merged into one turn (start of the first, end
of the last) unless the silence between them exceeds ``MERGE_GAP`` (2 s), which starts a new turn.
In a file with no speaker at all (automatic transcription), cues are grouped the same way into
turns without speaker — a group also closes at a sentence end once it lasts 60 s, and after
120 s in any case — with a warning. A timing line that cannot be read is reported as a warning
naming its line; the cue's text is kept, without times, and the rest of the file is read.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transfo_analysis.corpus._text import decode
from transfo_analysis.corpus.readers._base import RawDocument, Turn
from transfo_analysis.corpus.readers._labels import find_label, seconds
from transfo_analysis.corpus.readers._registry import register
from transfo_analysis.errors import InputError
from transfo_analysis.i18n import N_, _

#: silence (seconds) above which two cues of one speaker make two turns
MERGE_GAP = 2.0
#: an unlabelled group closes at a sentence end after this many seconds, and always after twice it
GROUP_SPAN = 60.0

_TIME = r"(?:\d+:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?"
_TIMING = re.compile(rf"^\s*(?P<s>{_TIME})\s*-->\s*(?P<e>{_TIME})(?:\s.*)?$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+(?P<name>[^>]*))?>")
_TAG = re.compile(r"</?[^>\s][^>]*>|\{\\[^}]*\}")
_SKIP_BLOCK = re.compile(r"^(NOTE|STYLE|REGION)(\s|$)")


@dataclass
class _Piece:
    speaker: str | None
    text: str
    start: float | None
    end: float | None
    line: int
    #: how the speaker was said in this cue: by a voice tag or a label (``strong``), by a label
    #: that must recur (``weak``), or not at all (``None``: carried over from the previous cue)
    strength: str | None = None
    #: ``>>`` without a name: a new, unknown speaker
    new_unknown: bool = False

    @property
    def named(self) -> bool:
        return self.speaker is not None


@register(
    "vtt",
    (".vtt",),
    description=N_("WebVTT subtitles: <v Name> voice tags or 'Name: text' cues, merged into turns"),
)
def read_vtt(path: Path, data: bytes, options: dict[str, Any]) -> list[RawDocument]:
    """Read a WebVTT file (see the module documentation for the conventions)."""
    del options  # nothing to configure
    return [_read(path, data, vtt=True)]


@register(
    "srt",
    (".srt",),
    description=N_(
        "SubRip subtitles: 'Name: text', '[Name]' or '>> Name:' cues, merged into turns"
    ),
)
def read_srt(path: Path, data: bytes, options: dict[str, Any]) -> list[RawDocument]:
    """Read a SubRip file (see the module documentation for the conventions)."""
    del options  # nothing to configure
    return [_read(path, data, vtt=False)]


def _read(path: Path, data: bytes, *, vtt: bool) -> RawDocument:
    text, encoding = decode(data, path)
    lines = text.split("\n")
    doc = RawDocument(turns=[], metadata={"encoding": encoding})
    blocks = _blocks(lines)
    if blocks and blocks[0][1][0].startswith("WEBVTT"):
        (number, header), *blocks = blocks
        if header[0][6:].strip(" -\t"):
            doc.metadata["title"] = header[0][6:].strip(" -\t")
        timed = next((i for i, line in enumerate(header) if _TIMING.match(line)), len(header))
        for line in header[1:timed]:
            key, _sep, value = line.partition(":")
            if value.strip() and key.strip().lower() in ("language", "kind"):
                doc.metadata[key.strip().lower()] = value.strip()
        if timed < len(header):  # no blank line after the header
            blocks.insert(0, (number + timed - 1, header[timed - 1 :]))
    elif vtt:
        doc.warn(_("no WEBVTT header on the first line; read anyway"), 1)
    cues = []
    for number, block in blocks:
        if vtt and _SKIP_BLOCK.match(block[0]):
            continue
        cues += _cues(number, block, doc)
    if not any(c[0] is not None for c in cues):
        kind, sep = ("WebVTT", ".") if vtt else ("SRT", ",")
        raise InputError(
            path,
            _("no cue timing found (a line such as 00:00:01{sep}000 --> 00:00:03{sep}500)").format(
                sep=sep
            ),
            hint=_(
                "check that this is a {kind} subtitle file; a transcript without timings can be "
                "read as .txt"
            ).format(kind=kind),
        )
    pieces = _speakers(cues)
    _turns(pieces, doc)
    return doc


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines with the 1-based number of their first line."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not current:
                blocks.append((number, current))
            current.append(line.rstrip())
        else:
            current = []
    return blocks


def _cues(
    number: int, block: list[str], doc: RawDocument
) -> list[tuple[float | None, float | None, list[str], int]]:
    """``(start, end, text lines, line number)`` for
    each cue of a block (missing blank lines tolerated).
    """
    timings = [i for i, line in enumerate(block) if _TIMING.match(line)]
    if not timings:
        arrow = next((i for i, line in enumerate(block) if "-->" in line), None)
        if arrow is not None:
            doc.warn(
                _(
                    "timing line not understood: {line}; the cue's text is kept without times"
                ).format(line=repr(block[arrow].strip())),
                number + arrow,
            )
            return [(None, None, block[arrow + 1 :], number + arrow)]
        if all(line.strip().isdigit() for line in block):
            doc.warn(_("cue number without timing or text; ignored"), number)
            return []
        doc.warn(
            _(
                "text outside any cue (an extra blank line inside a cue?); "
                "added to the previous cue"
            ),
            number,
        )
        return [(None, None, block, number)]
    out: list[tuple[float | None, float | None, list[str], int]] = []
    for k, i in enumerate(timings):
        m = _TIMING.match(block[i])
        if m is None:  # cannot happen: ``timings`` are the lines that match
            continue
        stop = len(block)
        if k + 1 < len(timings):  # a missing blank line: the next cue's id (if numeric) is not text
            stop = timings[k + 1]
            if stop - 1 > i and block[stop - 1].strip().isdigit():
                stop -= 1
        text = block[i + 1 : stop]
        start, end = seconds(m.group("s")), seconds(m.group("e"))
        if end < start:
            doc.warn(_("cue ends before it starts; end set to its start"), number + i)
            end = start
        out.append((start, end, text, number + i))
    return out


def _speakers(cues: list[tuple[float | None, float | None, list[str], int]]) -> list[_Piece]:
    """Pieces of speech with their speaker as said in the cue (or ``None``)."""
    pieces: list[_Piece] = []
    for start, end, lines, number in cues:
        payload = "\n".join(lines)
        if _VOICE.search(payload):
            parts = _VOICE.split(payload)  # text, name, text, name, text…
            if parts[0].strip(" \n->"):
                pieces.append(_Piece(None, parts[0], start, end, number))
            for name, text in zip(parts[1::2], parts[2::2], strict=True):
                text = re.sub(
                    r"\s*(>>|-)\s*$", "", text.strip()
                )  # a dash announcing the next voice
                pieces.append(
                    _Piece(
                        " ".join((name or "").split()) or None,
                        text,
                        start,
                        end,
                        number,
                        strength="strong",
                    )
                )
            continue
        for line in lines:
            line = _TAG.sub("", line).strip()
            unknown = line.startswith(">>")
            line = re.sub(r"^(>>|-)\s*", "", line)
            label = find_label(line)
            if label is not None:
                pieces.append(
                    _Piece(label.label, label.rest, start, end, number, strength=label.strength)
                )
            else:
                pieces.append(_Piece(None, line, start, end, number, new_unknown=unknown))
    counts = Counter(p.speaker for p in pieces if p.strength == "weak")
    for p in pieces:
        if p.strength == "weak" and counts[p.speaker] < 2:  # a one-off "Paris: …" is speech
            p.text, p.speaker = f"{p.speaker}: {p.text}", None
        p.text = " ".join(html.unescape(_TAG.sub("", p.text.replace("</v>", ""))).split())
    return [p for p in pieces if p.text or p.speaker]


def _turns(pieces: list[_Piece], doc: RawDocument) -> None:
    """Merge pieces into turns (see the module documentation)."""
    labelled = any(p.named for p in pieces)
    current: Turn | None = None
    speaker: str | None = None
    for p in pieces:
        same = current is not None and not p.new_unknown and (not p.named or p.speaker == speaker)
        if p.new_unknown or p.named:
            speaker = p.speaker
        if current is not None and same and _continues(current, p, labelled):
            current.text = f"{current.text} {p.text}".strip()
            if p.end is not None:
                current.end = p.end if current.end is None else max(current.end, p.end)
            if current.start is None:
                current.start = p.start
        else:
            current = Turn(speaker, p.text, start=p.start, end=p.end, line=p.line)
            doc.turns.append(current)
    if not labelled and doc.turns:
        doc.warn(
            _(
                "no speaker found in the cues (expected <v Name> voice tags, 'Name: text', "
                "'[Name] text' or '>> Name:'); cues were grouped into turns without speaker at "
                "pauses over {seconds} s"
            ).format(seconds=f"{MERGE_GAP:g}")
        )


def _continues(turn: Turn, piece: _Piece, labelled: bool) -> bool:
    """Whether a piece of the turn's speaker extends
    the turn (no long silence, no overlong group).
    """
    if piece.start is not None and turn.end is not None and piece.start - turn.end > MERGE_GAP:
        return False
    if labelled or piece.end is None or turn.start is None:
        return True
    span = piece.end - turn.start
    return span <= GROUP_SPAN or (
        span <= 2 * GROUP_SPAN and not turn.text.rstrip().endswith((".", "?", "!", "…"))
    )
