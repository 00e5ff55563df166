"""Which convention a tool used for text positions, verified against the text.

The REFI-QDA specification counts Unicode code points from 0, end exclusive. Real exports also
count UTF-16 code units (surrogate pairs count two), UTF-8 bytes, a CRLF as one or two
characters, or the byte-order mark as one character. Every plausible convention is tried; each
is scored by whether all selections fall inside the text, whether their ``name`` (often the
selected text) matches, and how many start and end on word boundaries. The specification's
convention wins ties. Offsets are returned in the *normalised* text: no BOM, LF line ends.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Convention:
    unit: str  # "codepoint", "utf16" or "utf8"
    crlf: int  # characters a CRLF counts for: 2 (as in the file) or 1
    bom: bool  # whether a leading BOM counts as one unit

    @property
    def label(self) -> str:
        parts = {"codepoint": "code points", "utf16": "UTF-16 code units", "utf8": "UTF-8 bytes"}[
            self.unit
        ]
        if self.crlf == 1:
            parts += ", CRLF counted as one"
        if self.bom:
            parts += ", BOM counted"
        return parts


SPEC = Convention("codepoint", 2, False)


def normalise_text(raw: str) -> tuple[str, bool, bool]:
    """(text without BOM and with LF line ends, had a BOM, had CRLF)."""
    bom = raw.startswith("\ufeff")
    text = raw[1:] if bom else raw
    crlf = "\r\n" in text
    return text.replace("\r\n", "\n"), bom, crlf


def _position_map(raw: str, conv: Convention) -> dict[int, int]:
    """Unit position in the file text (per ``conv``) → character position in the normalised text."""
    text = raw[1:] if raw.startswith("\ufeff") else raw
    out: dict[int, int] = {}
    unit = 1 if conv.bom and raw.startswith("\ufeff") else 0
    norm = 0
    i = 0
    while i < len(text):
        out[unit] = norm
        ch = text[i]
        if ch == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            unit += conv.crlf
            if conv.crlf == 2:
                out[unit - 1] = norm  # a position between CR and LF lands before the line end
            i += 2
            norm += 1
            continue
        if conv.unit == "codepoint":
            unit += 1
        elif conv.unit == "utf16":
            unit += 2 if ord(ch) > 0xFFFF else 1
        else:
            unit += len(ch.encode("utf-8", "surrogatepass"))
        i += 1
        norm += 1
    out[unit] = norm
    if conv.bom and raw.startswith("\ufeff"):
        out.setdefault(0, 0)
    return out


def _boundary_score(text: str, starts: np.ndarray, ends: np.ndarray) -> float:
    def word(c: str) -> bool:
        return c.isalnum()

    ok = 0
    for s, e in zip(starts, ends, strict=True):
        ok += int(s == 0 or not word(text[s - 1]) or not word(text[s]))
        ok += int(e == len(text) or not word(text[e]) or not word(text[e - 1]))
    return ok / (2 * len(starts)) if len(starts) else 1.0


def detect(
    raw: str, selections: Sequence[tuple[int, int, str | None]]
) -> tuple[Convention, list[tuple[int, int] | None], str]:
    """Choose the offset convention of a source's selections.

    Parameters
    ----------
    raw
        The source text as stored in the file (decoded, BOM and CRLF kept).
    selections
        ``(start, end, name)`` of each selection.

    Returns
    -------
    The convention, each selection's ``(start, end)`` in the normalised text (``None`` when it
    does not map), and a note explaining the choice (empty when all conventions agree).
    """
    text, has_bom, has_crlf = normalise_text(raw)
    units = ["codepoint"]
    if any(ord(c) > 0xFFFF for c in text):
        units.append("utf16")
    if any(ord(c) > 0x7F for c in text):
        units.append("utf8")
    candidates = [
        Convention(u, c, b)
        for u, c, b in itertools.product(
            units, (2, 1) if has_crlf else (2,), (False, True) if has_bom else (False,)
        )
    ]
    best, best_score, best_spans = SPEC, -1.0, []
    seen = set()
    for conv in candidates:
        pos = _position_map(raw, conv)
        spans = [
            (pos[s], pos[e]) if s in pos and e in pos and pos[e] > pos[s] else None
            for s, e, _ in selections
        ]
        seen.add(tuple(spans))
        inside = sum(sp is not None for sp in spans) / len(spans) if spans else 1.0
        named = [
            (sp, nm)
            for sp, (_, _, nm) in zip(spans, selections, strict=True)
            if sp is not None and nm and len(nm) >= 8
        ]
        name_score = (
            sum(text[a:b].strip().startswith(nm.strip()[:20]) for (a, b), nm in named) / len(named)
            if named
            else 0.0
        )
        valid = [sp for sp in spans if sp is not None]
        bound = (
            _boundary_score(text, np.array([a for a, _ in valid]), np.array([b for _, b in valid]))
            if valid
            else 0.0
        )
        score = 4 * inside + 2 * name_score + bound + (0.01 if conv == SPEC else 0.0)
        if score > best_score:
            best, best_score, best_spans = conv, score, spans
    note = ""
    if len(seen) > 1 and best != SPEC:
        note = (
            f"positions read as {best.label} (they fit the text better than the "
            "specification's code points)"
        )
    return best, best_spans, note
