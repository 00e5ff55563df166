"""Names inside idioms, and fictional characters: no person of the corpus, whatever the corpus.

A name inside an idiom (« l'épée de Damoclès », « déshabiller Pierre pour habiller Paul »,
« faire profiter Pierre plutôt que Jacques ») or a fictional character (``Astérix``, ``Big
Brother``) names nobody of the corpus, nor does a Latin locution typed with capitals
(``le Numérus Clausus``). Only the idiom's own words count: ``Pierre`` alone, or
``Pierre et Paul`` (two sons), are still names. Both the replacement (a guessing layer's finding,
the propagation of a guessed name, see
:func:`~transfo_analysis.anonymise._lexicon.left_in_clear`) and the leak checker apply
:func:`idiom_name`, so what the pipeline leaves in clear is never reported as a leak. The tables
are in :mod:`~transfo_analysis.anonymise._vocabulary`.
"""

from __future__ import annotations

import functools
import re

from transfo_analysis.anonymise._fold import canonical, fold
from transfo_analysis.anonymise._vocabulary import (
    FICTIONAL_CHARACTERS,
    LATIN_PHRASES,
    NAMED_IDIOMS,
    PROVERBIAL_JOINS,
    PROVERBIAL_NAMES,
)

#: how far around a word an idiom is looked for
_REACH = 60


def _flexible(phrase: str) -> str:
    """A folded phrase as a pattern: any spacing and quotes between words, any apostrophe."""
    parts = re.split(r"(\s+|')", phrase)
    return "".join(
        r"[\s\"«»“”]+" if p.isspace() else r"['’]\s*" if p == "'" else re.escape(p) for p in parts
    )


@functools.lru_cache(maxsize=1)
def _idioms() -> re.Pattern[str]:
    names = PROVERBIAL_NAMES
    joins = [j.format(a=a, b=b) for j in PROVERBIAL_JOINS for a in names for b in names if a != b]
    fixed = [_flexible(i) for i in (*NAMED_IDIOMS, *LATIN_PHRASES)]
    return re.compile(r"\b(?:" + "|".join(fixed + joins) + r")\b")


def idiom_name(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a fictional character or lies in an idiom that names a
    figure of myth or proverb (module docstring).

    Parameters
    ----------
    text
        The whole text (the idiom is read around the word).
    start, end
        Offsets of the word or name in ``text``.

    Returns
    -------
    True when the capitalised word is no person of the corpus.
    """
    surface = canonical(text[start:end])
    if surface in FICTIONAL_CHARACTERS or (
        len(surface) >= 7 and any(one_edit(surface, c) for c in FICTIONAL_CHARACTERS)
    ):
        return True  # Astérix; Kafkaen for kafkaïen
    lo = max(0, start - _REACH)
    window = fold(text[lo : end + _REACH])
    # the span may open on the idiom's verb (``Déshabiller Paul``): any of its words counts
    starts = [start + w.start() for w in re.finditer(r"\S+", text[start:end])] or [start]
    return any(
        m.start() + lo <= s < m.end() + lo for m in _idioms().finditer(window) for s in starts
    )


def one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one deletion, insertion, substitution or swap.

    Parameters
    ----------
    a, b
        Two folded words or phrases.

    Returns
    -------
    True when one edit (a swap of two neighbouring letters counts one) turns ``a`` into ``b``.
    """
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    if a[i + 1 :] == b[i + 1 :]:
        return True  # one letter substituted
    return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
