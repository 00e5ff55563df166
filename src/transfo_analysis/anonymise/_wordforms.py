"""Capitalised words that are common words by their form: French derived words.

One capitalised word with the ending of a French derived common word (``Transversaliser``,
``Sidérance``, ``Revitalisation``, ``Chèreté``, ``Inégibilité``), off every list of first names
and surnames, is a notion typed with a capital, often misspelt so that no dictionary knows it.
Endings of names (``-ique`` of Monique, ``-ier`` of Didier, ``-ien`` of Julien, ``-eur`` of
Vasseur) are not used (table in :mod:`~transfo_analysis.anonymise._vocabulary`); a word in
``-ance``/``-ence`` after a place preposition (``à Valence``) may be a town and is kept.
"""

from __future__ import annotations

import re

from transfo_analysis.anonymise._lexicon import PLACE_BEFORE, listed_name
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
