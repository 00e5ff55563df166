"""Praat TextGrid transcripts: one interval tier per speaker.

Conventions understood
----------------------
- Praat's text formats, long (``File type = "ooTextFile"`` with ``xmin = …`` lines) and short
  (values only), in UTF-8 (with or without BOM), UTF-16 with BOM (Praat writes it when a text
  holds characters outside Latin-1), cp1252 or latin-1; CRLF or LF. Binary and "chronological"
  TextGrids are refused with a hint to save them as text files from Praat.
- Inside a text, ``""`` is a literal ``"`` (Praat's escape).
- Each ``IntervalTier`` is one speaker; the tier name is the speaker label (``"Sonia
  Belmont-Rives (ENQ)"``): the role rules work on it. Empty intervals (silence, someone else's
  time) are skipped.
- Turns are rebuilt by merging the tiers' intervals sorted by start time. Consecutive intervals of
  one speaker that nobody else's interval comes between are merged into one turn when the gap
  between them is at most ``merge_gap`` seconds (default 1.0 s: a breath or a short pause inside a
  turn; a longer silence starts a new turn). Intervals overlapping across tiers stay separate
  turns; the ingest step flags them as overlapping speech.
- ``TextTier`` (point tiers) and tiers that are not speakers are skipped with a warning naming
  them. A tier is not a speaker when the first word of its name (accents and case folded) is one
  of :data:`NON_SPEAKER_TIERS` (``comment``, ``tour``, ``section``, ``ortho``…).

Options
-------
``merge_gap`` (seconds) and ``non_speaker_tiers`` (words replacing :data:`NON_SPEAKER_TIERS`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transfo_analysis.corpus._roles import fold
from transfo_analysis.corpus._text import decode
from transfo_analysis.corpus.readers._base import RawDocument, Turn
from transfo_analysis.corpus.readers._registry import register
from transfo_analysis.corpus.readers._turns import DEFAULT_MERGE_GAP, merge_turns
from transfo_analysis.errors import InputError
from transfo_analysis.i18n import N_, _

#: first words of tier names that hold annotations rather than a speaker's speech
NON_SPEAKER_TIERS: tuple[str, ...] = (
    "comment",
    "comments",
    "commentaire",
    "commentaires",
    "tour",
    "tours",
    "turn",
    "turns",
    "section",
    "sections",
    "topic",
    "topics",
    "theme",
    "themes",
    "notes",
    "note",
    "ortho",
    "orthographe",
    "phon",
    "phone",
    "phones",
    "phonetique",
    "phonemes",
    "syllabes",
    "syllables",
    "mots",
    "words",
    "tokens",
    "pos",
    "lemmes",
    "lemmas",
    "traduction",
    "translation",
    "silences",
    "pauses",
    "bruits",
    "bruit",
    "noise",
    "events",
    "evenements",
    "contexte",
    "context",
)

_HINT = N_("open the file in Praat and save it again with 'Save as text file'")
# Strings (with "" escapes), <flags>, numbers; words,
# [labels] and ! comments are skipped as Praat does.
_TOKEN = re.compile(
    r'"(?P<s>(?:[^"]|"")*)"|<(?P<f>\w+)>|(?P<n>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)'
    r"|\[[^\]\n]*\]|![^\n]*|[A-Za-z_][\w?]*|[^\s\"<\[!]"
)


@dataclass
class _Tokens:
    """Praat's value stream: strings, numbers and flags in file order, with their lines."""

    path: Path
    values: list[tuple[str, str, int]]  # (kind, value, line)
    pos: int = 0

    def next(self, kind: str, what: str) -> str:
        if self.pos >= len(self.values):
            last = self.values[-1][2] if self.values else 1
            raise InputError(
                self.path,
                _("the file ends where {what} was expected (truncated?)").format(what=what),
                line=last,
                hint=_(_HINT),
            )
        k, value, line = self.values[self.pos]
        if k != kind:
            found = {"s": _("a text"), "n": _("a number"), "f": _("a flag")}[k]
            raise InputError(
                self.path,
                _("expected {what}, found {found} ({value})").format(
                    what=what, found=found, value=repr(value[:30])
                ),
                line=line,
                hint=_(_HINT),
            )
        self.pos += 1
        return value

    def number(self, what: str) -> float:
        return float(self.next("n", what))

    def string(self, what: str) -> tuple[str, int]:
        line = self.values[self.pos][2] if self.pos < len(self.values) else 0
        return self.next("s", what).replace('""', '"'), line


def _tokenise(text: str, path: Path) -> _Tokens:
    newlines = [m.start() for m in re.finditer("\n", text)]
    values = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind is not None:
            values.append((kind, m.group(kind), bisect.bisect_left(newlines, m.start()) + 1))
    return _Tokens(path, values)


def _is_speaker_tier(name: str, words: set[str]) -> bool:
    first = re.split(r"[^a-z0-9]+", fold(name).strip(" _-"))
    return not (first and first[0] in words)


@register(
    "textgrid", (".textgrid",), description=N_("Praat TextGrid, one interval tier per speaker")
)
def read(path: Path, data: bytes, options: dict[str, Any]) -> list[RawDocument]:
    """Read a Praat TextGrid (long or short text format) into one document of speaker turns.

    Parameters
    ----------
    path
        The file (for messages).
    data
        Its bytes.
    options
        ``merge_gap`` and ``non_speaker_tiers`` (see the module documentation).
    """
    if data.startswith(b"ooBinaryFile"):
        raise InputError(path, _("this is a binary TextGrid"), hint=_(_HINT))
    text, _encoding = decode(data, path)
    tokens = _tokenise(text, path)
    header = [v for k, v, _line in tokens.values[:2] if k == "s"]
    if not header or not header[0].startswith("ooTextFile"):
        if "chronological" in text[:200]:
            raise InputError(path, _("this is a chronological TextGrid"), line=1, hint=_(_HINT))
        raise InputError(
            path,
            _('not a Praat text file (the first line should be File type = "ooTextFile")'),
            line=1,
            hint=_(_HINT),
        )
    if len(header) < 2 or header[1] != "TextGrid":
        found = repr(header[1]) if len(header) > 1 else _("nothing")
        raise InputError(
            path,
            _('not a TextGrid (object class is {found}, expected "TextGrid")').format(found=found),
            line=2,
            hint=_(_HINT),
        )
    tokens.pos = 2
    merge_gap = options.get("merge_gap", DEFAULT_MERGE_GAP)
    skip_words = {fold(w) for w in options.get("non_speaker_tiers", NON_SPEAKER_TIERS)}
    doc = RawDocument(turns=[])

    tokens.number(_("the TextGrid's start time (xmin)"))
    tokens.number(_("the TextGrid's end time (xmax)"))
    if tokens.next("f", _("<exists> or <absent> (tiers?)")) != "exists":
        raise InputError(
            path, _("this TextGrid has no tiers"), line=tokens.values[tokens.pos - 1][2]
        )
    n_tiers = int(tokens.number(_("the number of tiers")))
    # (start, end, tier order, speaker, text, line)
    intervals: list[tuple[float, float, int, str, str, int]] = []
    speaker_tiers: list[str] = []
    for t in range(n_tiers):
        tier_class, class_line = tokens.string(_("the class of tier {n}").format(n=t + 1))
        name, _line = tokens.string(_("the name of tier {n}").format(n=t + 1))
        tier = repr(name)
        tokens.number(_("the start time of tier {tier}").format(tier=tier))
        tokens.number(_("the end time of tier {tier}").format(tier=tier))
        n_items = int(tokens.number(_("the number of items in tier {tier}").format(tier=tier)))
        if tier_class == "IntervalTier":
            items = []
            for i in range(n_items):
                xmin = tokens.number(
                    _("the start of interval {n} of tier {tier}").format(n=i + 1, tier=tier)
                )
                xmax = tokens.number(
                    _("the end of interval {n} of tier {tier}").format(n=i + 1, tier=tier)
                )
                label, line = tokens.string(
                    _("the text of interval {n} of tier {tier}").format(n=i + 1, tier=tier)
                )
                items.append((xmin, xmax, label, line))
        elif tier_class == "TextTier":
            for i in range(n_items):
                tokens.number(_("the time of point {n} of tier {tier}").format(n=i + 1, tier=tier))
                tokens.string(_("the mark of point {n} of tier {tier}").format(n=i + 1, tier=tier))
            doc.warn(
                _("point tier {tier} skipped (only interval tiers hold speech)").format(tier=tier),
                _("line {line}").format(line=class_line),
            )
            continue
        else:
            raise InputError(
                path,
                _("unknown tier class {name}").format(name=repr(tier_class)),
                line=class_line,
                hint=_(_HINT),
            )
        if not _is_speaker_tier(name, skip_words):
            doc.warn(
                _("tier {tier} skipped: its name says it is not a speaker").format(tier=tier),
                _("line {line}").format(line=class_line),
            )
            continue
        if name in speaker_tiers:
            doc.warn(
                _("two tiers are named {tier}: read as one speaker").format(tier=tier),
                _("line {line}").format(line=class_line),
            )
        else:
            speaker_tiers.append(name)
        order = speaker_tiers.index(name)
        intervals += [(s, e, order, name, lab, line) for s, e, lab, line in items if lab.strip()]

    intervals.sort(key=lambda iv: (iv[0], iv[1], iv[2]))
    pieces = [
        Turn(speaker=spk, text=label.strip(), start=s, end=e, line=line)
        for s, e, _order, spk, label, line in intervals
    ]
    doc.turns = merge_turns(pieces, merge_gap)
    doc.speakers = {name: {} for name in speaker_tiers}
    return [doc]
