"""Capitalised words that the phrase around them shows to be things, not persons or places.

- :func:`product_list`: a word in brackets after a noun of products (``tablettes aux fonctions
  simplifiées (Ordissimo, Ardoiz)``, ``les logiciels (Xyz)``): brands of the things named;
- :func:`common_noun_list`: a common word in a list whose neighbour is a capitalised common word
  on no list of names (``(Gendarme, Militaire, Président…)``, ``le Basque, le Breton, le
  Catalan``): a list of notions typed with capitals — even when the word is also a surname;
- :func:`noun_complement`: a common word after ``de`` that completes a common noun (``des
  techniciennes de Laboratoire``, ``phase terminale de Cancer``) and that the corpus also writes
  in lower case: the complement of a noun, not a town — unless the noun introduces places or
  names (``mairie de``, ``ville de``, ``école de``, ``pays de``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from transfo_analysis.anonymise._fold import canonical
from transfo_analysis.anonymise._lexicon import NAMING_NOUNS, FrenchWords, listed_name
from transfo_analysis.anonymise._names import first_names
from transfo_analysis.anonymise._vocabulary import PLACE_NOUNS, PRODUCT_NOUNS

_BRACKET_ITEMS = re.compile(r"\(\s*([^()]*)$")
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_LIST_BEFORE = re.compile(r"(?:^|[\s(])(?:(?:le|la|les|l['’])\s+)?([^\W\d_][\w'’\-]*)\s*[,;/]\s*$")
_LIST_AFTER = re.compile(
    r"\s*(?:[,;/]|\bet\b|\bou\b)\s*(?:(?:le|la|les|l['’])\s*)?([^\W\d_][\w'’\-]*)"
)
_AFTER_DE = re.compile(r"([^\W\d_][\w'’\-]*)\s+(?:de|d['’])\s*$")


def product_list(text: str, start: int) -> bool:
    """Whether the word at ``start`` is an item in brackets after a noun of products.

    Parameters
    ----------
    text
        The whole text.
    start
        Offset of the word.

    Returns
    -------
    True for a brand of the products named before the bracket.
    """
    m = _BRACKET_ITEMS.search(text, max(0, start - 60), start)
    if m is None or not re.fullmatch(r"(?:[^\W\d_][\w'’\-]*\s*,\s*)*", m.group(1)):
        return False  # not the first items of a list of single words in brackets
    before = _WORD.findall(text[max(0, m.start() - 60) : m.start()])[-4:]
    return any(w.lower() in PRODUCT_NOUNS for w in before)


def common_noun_list(
    text: str, start: int, end: int, *, words: FrenchWords, vocabulary: Mapping[str, int]
) -> bool:
    """Whether the common word ``text[start:end]`` sits in a list beside a capitalised common
    word on no list of names (module docstring).

    Parameters
    ----------
    text
        The whole text.
    start, end
        Offsets of the word.
    words
        French common words.
    vocabulary
        How often the corpus writes each word (folded) in lower case (a word it writes so is a
        common word too).

    Returns
    -------
    True for a notion in a list of notions.
    """
    surface = text[start:end].strip()
    common = surface in words or vocabulary.get(canonical(surface), 0) >= 1
    if not common or canonical(surface) in first_names() or surface.isupper():
        return False
    before = _LIST_BEFORE.search(text, max(0, start - 40), start)
    after = _LIST_AFTER.match(text, end)
    return any(
        m is not None
        and m.group(1)[:1].isupper()
        and not m.group(1).isupper()
        and m.group(1) in words
        and not listed_name(m.group(1))
        for m in (before, after)
    )


def noun_complement(
    text: str, start: int, end: int, *, words: FrenchWords, vocabulary: Mapping[str, int]
) -> bool:
    """Whether the common word ``text[start:end]`` completes a common noun after ``de`` and is
    written in lower case elsewhere in the corpus (module docstring).

    Parameters
    ----------
    text
        The whole text.
    start, end
        Offsets of the word.
    words
        French common words.
    vocabulary
        How often the corpus writes each word (folded) in lower case.

    Returns
    -------
    True for the complement of a noun.
    """
    surface = text[start:end].strip()
    if surface not in words or listed_name(surface) or surface.isupper():
        return False
    if vocabulary.get(canonical(surface), 0) < 1:
        return False
    m = _AFTER_DE.search(text, max(0, start - 40), start)
    if m is None:
        return False
    noun = m.group(1).replace("’", "'")
    return (
        noun.islower()
        and len(noun) >= 4
        and noun in words
        and noun not in NAMING_NOUNS
        and noun not in PLACE_NOUNS
    )
