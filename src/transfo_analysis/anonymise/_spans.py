"""Spans found by the detectors, their types, and how overlapping findings are resolved."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from transfo_analysis.anonymise._fold import canonical
from transfo_analysis.anonymise._name_lists import first_names, sentence_initial

#: entity types and the tag prefix of their pseudonyms (``[PERSONNE_12]``)
TYPES = (
    "PERSONNE",
    "LIEU",
    "ORGANISATION",
    "DIVERS",
    "EMAIL",
    "TELEPHONE",
    "NIR",
    "IBAN",
    "ADRESSE",
    "URL",
    "PLAQUE",
    # a participation platform's account label, replaced whole in the speakers' table only
    "AUTEUR",
)
#: spaCy French NER labels → entity types
NER_TYPES = {"PER": "PERSONNE", "LOC": "LIEU", "ORG": "ORGANISATION", "MISC": "DIVERS"}

#: a pseudonym tag already in a text (never detected again: idempotence)
TAG_RE = re.compile(r"\[(?:" + "|".join(TYPES) + r")_\d+\]")

_NAME_TYPES = ("PERSONNE", "LIEU", "ORGANISATION", "DIVERS")

#: which layer wins when findings overlap (then the longer span, then the earlier)
PRIORITY = {
    "pattern": 80,
    # an exact format beats an address whose house number is the end of a phone number
    "pattern:email": 85,
    "pattern:phone": 85,
    "pattern:nir": 85,
    "pattern:iban": 85,
    "pattern:street": 42,
    "markup": 60,
    "known": 55,
    "label": 55,
    "title": 55,
    "settings": 55,
    "key": 55,
    "context": 50,
    "propagation": 45,
    "ner": 46,
    "first-names": 35,
    "capitals": 30,
}


@dataclass
class Span:
    """One finding in one text.

    Attributes
    ----------
    start, end
        Character offsets in the original text (end exclusive).
    type
        One of :data:`TYPES`.
    detector
        The layer that found it (``pattern:phone``, ``ner:PER``, ``propagation``, ``label``…).
    text
        The original characters (kept in memory only: never written outside the key).
    part
        For persons: ``full``, ``first``, ``last`` or ``None`` (unknown).
    gender
        ``F``, ``M`` or ``None``, when the context tells (Madame, Monsieur).
    """

    start: int
    end: int
    type: str
    detector: str
    text: str
    part: str | None = None
    gender: str | None = None

    @property
    def priority(self) -> int:
        return PRIORITY.get(self.detector, PRIORITY.get(self.detector.split(":")[0], 10))

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


def protected_regions(text: str) -> list[tuple[int, int]]:
    """Offsets of pseudonym tags already present (nothing may be detected inside them)."""
    return [m.span() for m in TAG_RE.finditer(text)]


def resolve(
    text: str, spans: list[Span], *, protected: Sequence[tuple[int, int]] = ()
) -> list[Span]:
    """Keep non-overlapping spans: higher priority first, then longer, then earlier.

    Adjacent person spans separated only by one or two spaces (``Léna`` + ``Tessandier``) are
    merged into one full name, so the pair gets one pseudonym.
    """
    blocked = sorted(protected)
    chosen: list[Span] = []  # kept sorted by start, never overlapping
    starts: list[int] = []
    for span in sorted(spans, key=lambda s: (-s.priority, -(s.end - s.start), s.start)):
        if span.end <= span.start:
            continue
        if any(span.start < e and s < span.end for s, e in blocked):
            continue
        i = bisect.bisect_right(starts, span.start)
        lo = i - 1 if i > 0 and chosen[i - 1].end > span.start else i
        hi = i
        while hi < len(chosen) and chosen[hi].start < span.end:
            hi += 1
        overlapping = chosen[lo:hi]
        if overlapping:
            # a weaker finding of the same kind that reaches further widens the stronger one
            # (NER ``Est`` inside ``pays de l'Est``): no half-replaced name is left behind
            if span.type in _NAME_TYPES and all(o.type == span.type for o in overlapping):
                first, last = overlapping[0], overlapping[-1]
                start, end = min(span.start, first.start), max(span.end, last.end)
                if (start, end) != (first.start, last.end):
                    merged = Span(
                        start, end, first.type, first.detector, text[start:end], None, first.gender
                    )
                    chosen[lo:hi] = [merged]
                    starts[lo:hi] = [start]
            continue
        chosen.insert(i, span)
        starts.insert(i, span.start)
    _extend_particles(text, chosen)
    out: list[Span] = []
    for span in chosen:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.type == span.type == "PERSONNE"
            and 0 < span.start - prev.end <= 2
            and text[prev.end : span.start].isspace()
            and "full" not in (prev.part, span.part)
        ):
            out[-1] = Span(
                prev.start,
                span.end,
                "PERSONNE",
                prev.detector,
                text[prev.start : span.end],
                "full",
                prev.gender or span.gender,
            )
            continue
        out.append(span)
    return out


_PARTICLE = re.compile(
    r"(?:^|(?<=\s))(?:Le|La|De|Du|Des|Da|Dos|Di|Del|Van|Von|Ben|Bou|El|Al|Ould|Mac)\s+$"
)


def _extend_particles(text: str, spans: list[Span]) -> None:
    """``Le`` + ``[Bihan]`` → ``[Le Bihan]``: a capitalised
    particle right before a name belongs to it.

    Not the filler ``Ben`` opening a sentence before a first name (``Ben Thierry les aplatit``).
    """
    prev_end = 0
    for span in spans:
        if span.type == "PERSONNE":
            m = _PARTICLE.search(text, max(prev_end, span.start - 6), span.start)
            if (
                m
                and m.group().strip() == "Ben"
                and sentence_initial(text, m.start())
                and canonical(span.text) in first_names()
            ):
                m = None
            if m and m.end() == span.start:
                span.start = m.start()
                span.text = text[span.start : span.end]
                span.part = "last" if span.part in (None, "last") else span.part
        prev_end = span.end
