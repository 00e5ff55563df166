"""Capitalised words that are common words or bodies by their form, whatever the corpus.

- :func:`derived_word`: one capitalised word with the ending of a French derived common word
  (``Transversaliser``, ``Sidérance``, ``Revitalisation``, ``Chèreté``, ``Inégibilité``), off
  every list of first names and surnames, is a notion typed with a capital, often misspelt so
  that no dictionary knows it. Endings of names (``-ique`` of Monique, ``-ier`` of Didier,
  ``-ien`` of Julien, ``-eur`` of Vasseur) are not used (table in
  :mod:`~transfo_analysis.anonymise._vocabulary`); a word in ``-ance``/``-ence`` after a place
  preposition (``à Valence``) may be a town and is kept;
- :func:`acronym_variants`: words misspelling the acronym of an allowed body of five letters or
  more, one letter off or its letters swapped (``Argirc Arco``, ``Arrco Argic``, ``Egpa``);
- :func:`one_letter_off`: the near-miss test the typo rules share.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from transfo_analysis.anonymise._allow import INSTITUTIONS
from transfo_analysis.anonymise._fold import canonical
from transfo_analysis.anonymise._lexicon import PLACE_BEFORE, FrenchWords, listed_name
from transfo_analysis.anonymise._vocabulary import DERIVED_ENDINGS

#: letters of a word before its derived ending (``Chèr-eté``: 4)
MIN_STEM = 4
_PLACE_ENDINGS = ("ance", "ances", "ence", "ences")


def derived_word(text: str, start: int, end: int) -> bool:
    """Whether the one capitalised word ``text[start:end]`` has the ending of a French derived
    common word and is on no list of names (module docstring).

    Parameters
    ----------
    text
        The whole text.
    start, end
        Offsets of the word in ``text``.

    Returns
    -------
    True when the word is a common word by its form.
    """
    surface = text[start:end].strip()
    if not re.fullmatch(r"[^\W\d_]+", surface) or not surface[:1].isupper():
        return False
    if surface.isupper() or listed_name(surface):
        return False
    lower = surface.lower()
    ending = next((e for e in DERIVED_ENDINGS if lower.endswith(e)), None)
    if ending is None or len(lower) - len(ending) < MIN_STEM:
        return False
    # à Valence, près de Plaisance: a town
    return not (ending in _PLACE_ENDINGS and PLACE_BEFORE.search(text[max(0, start - 12) : start]))


@functools.lru_cache(maxsize=1)
def _acronyms() -> frozenset[str]:
    """Folded acronyms of the allowed institutions and schemes, four letters or more."""
    return frozenset(canonical(t) for t in INSTITUTIONS if re.fullmatch(r"[A-Z]{4,}", t))


def _acronym_variant(word: str) -> bool:
    """``word`` misspells an allowed acronym of five letters or more: one letter off, or its
    letters swapped with the first kept (``Argirc``, ``Arco``, ``Argic`` for AGIRC, ARRCO).
    """
    key = canonical(word)
    if len(key) < 4 or not key.isalpha() or key in _acronyms() or listed_name(word):
        return False
    if key.endswith("s") and key[:-1] in _acronyms():
        return False  # Ehpads: a plural, not a misspelling
    long = frozenset(a for a in _acronyms() if len(a) >= 5)
    if any(len(a) == len(key) and a[0] == key[0] and sorted(a) == sorted(key) for a in long):
        return True
    return one_letter_off(key, lambda c: c in long)


def acronym_variants(found: list[str], *, words: FrenchWords | None = None) -> bool:
    """Every word is an allowed acronym, in capitals, a connector, a French common word off the
    lists of names (``words``) or a misspelt allowed acronym, and one word at least is misspelt
    (``Argirc Arco``, ``Arco et CNRACL``, ``Crèches- Ephad``).
    """
    variants = [w for w in found if _acronym_variant(w)]
    return bool(variants) and all(
        w in variants
        or w.isupper()
        or w.lower() in ("et", "ou")
        or canonical(w) in _acronyms()
        or (words is not None and w in words and not listed_name(w))
        for w in found
    )


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_letter_off(key: str, known: Callable[[str], bool]) -> bool:
    """A ``known`` word one deletion, insertion, substitution or swap away from ``key`` (folded:
    accents aside): a frequent lower-case word of the corpus, a French common word, an allowed term.
    """
    if not key.isalpha():
        return False
    for i in range(len(key) + 1):
        head, tail = key[:i], key[i:]
        candidates = [head + c + tail for c in _LETTERS]
        if tail:
            candidates.append(head + tail[1:])
            candidates += [head + c + tail[1:] for c in _LETTERS if c != tail[0]]
            if len(tail) > 1:
                candidates.append(head + tail[1] + tail[0] + tail[2:])
        if any(known(c) for c in candidates if c != key):
            return True
    return False
