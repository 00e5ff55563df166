"""Placing another tool's selections on our segments, whitespace and pseudonyms notwithstanding.

A source text as NVivo or QualCoder holds it keeps its hard line wraps and runs of spaces;
our segments hold each turn's text with whitespace collapsed (``corpus.readers``). Positions are
therefore matched on a *squeezed* view of the source (every whitespace run read as one space)
with a map back to the original positions, so a selection ``[a, b)`` of the source becomes a span
of the segment whose text it covers. When the codings must point to the pseudonymised text, each
span found in the text as read (``interim``) is carried over to the pseudonymised text of the
same segment by aligning the two strings (:func:`carry_span`).
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re

import pandas as pd

_WS = re.compile(r"\s+")


def collapse(text: str) -> str:
    """Whitespace runs as one space (how a segment's text is stored)."""
    return _WS.sub(" ", text)


def squeeze(text: str) -> tuple[str, list[int]]:
    """The text with whitespace runs as one space, and each squeezed character's original index."""
    out, index = [], []
    for m in re.finditer(r"\s+|\S+", text):
        if m.group().isspace():
            out.append(" ")
            index.append(m.start())
        else:
            out.append(m.group())
            index.extend(range(m.start(), m.end()))
    return "".join(out), index


def tolerant_positions(text: str, segments: pd.DataFrame) -> pd.DataFrame:
    """Where each turn lies in ``text`` (original positions), matching whitespace loosely.

    Turns are looked for in order from the end of the previous one (then anywhere), so that a
    repeated short turn ("Oui.") is placed where it occurs. Turns not found are left out.
    """
    squeezed, index = squeeze(text)
    index.append(len(text))
    rows, cursor = [], 0
    segs = segments.sort_values("turn", kind="stable")
    for sid, seg in zip(segs["segment_id"], segs["text"].astype(str), strict=True):
        probe = _WS.sub(" ", seg).strip()
        if not probe:
            continue
        at = squeezed.find(probe, cursor)
        if at < 0:
            at = squeezed.find(probe)
        if at < 0:
            continue
        end = at + len(probe)
        rows.append((sid, index[at], index[end - 1] + 1))
        cursor = end
    return pd.DataFrame(rows, columns=["segment_id", "start", "end"])


def clip_to_segment(text: str, seg_start: int, seg_end: int, a: int, b: int) -> tuple[int, int]:
    """Offsets in the segment's (collapsed) text of the
    part of ``[a, b)`` inside ``[seg_start, seg_end)``.
    """
    original = text[seg_start:seg_end]
    a, b = max(a, seg_start) - seg_start, min(b, seg_end) - seg_start
    # characters of the collapsed text before an original offset
    prefix_a = len(_WS.sub(" ", original[:a]))
    prefix_b = len(_WS.sub(" ", original[:b]))
    collapsed = _WS.sub(" ", original)
    # a selection starting on a whitespace run starts after it
    while prefix_a < prefix_b and collapsed[prefix_a : prefix_a + 1] == " ":
        prefix_a += 1
    while prefix_b > prefix_a and collapsed[prefix_b - 1 : prefix_b] == " ":
        prefix_b -= 1
    return prefix_a, prefix_b


_TOKEN = re.compile(r"\w+|[^\w\s]")


@functools.lru_cache(maxsize=256)
def _alignment(before: str, after: str) -> tuple[list, list, list]:
    """Token spans of both texts and the opcodes aligning them (tokens keep it fast)."""
    tb = [(m.start(), m.end()) for m in _TOKEN.finditer(before)]
    ta = [(m.start(), m.end()) for m in _TOKEN.finditer(after)]
    ops = difflib.SequenceMatcher(
        None, [before[a:b] for a, b in tb], [after[a:b] for a, b in ta], autojunk=False
    ).get_opcodes()
    return tb, ta, ops


def carry_span(before: str, after: str, a: int, b: int) -> tuple[int, int]:
    """The span of ``after`` that corresponds to ``[a, b)`` of ``before`` (a pseudonymised text).

    The texts are aligned word by word; a position inside a replaced name moves to the start
    (or end) of its replacement, so a selection never cuts a pseudonym in two.
    """
    if before == after:
        return a, b
    tb, ta, ops = _alignment(before, after)

    def move(pos: int, *, end: bool) -> int:
        # the token holding pos (or the first token after it)
        i = bisect.bisect_right([t[1] for t in tb], pos - 1 if end else pos)
        if i >= len(tb):
            return len(after)
        for tag, i1, i2, j1, j2 in ops:
            if i1 <= i < i2 or (i1 == i2 == i):
                if tag == "equal":
                    j = j1 + (i - i1)
                    inner = min(max(pos - tb[i][0], 0), ta[j][1] - ta[j][0])
                    return ta[j][0] + inner
                if j1 == j2:  # the token was deleted: keep the position of the gap
                    return ta[j1][0] if j1 < len(ta) else len(after)
                return ta[j2 - 1][1] if end else ta[j1][0]
        return len(after)

    return move(a, end=False), move(b, end=True)
