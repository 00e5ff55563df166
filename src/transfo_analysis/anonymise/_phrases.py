"""Capitalised words that the phrase around them shows to be things, not persons or places.

- :func:`product_list`: a word in brackets after a noun of products (``tablettes aux fonctions
  simplifiées (Ordissimo, Ardoiz)``, ``les logiciels (Xyz)``): brands of the things named;
- :func:`common_noun_list`: a common word in a list whose neighbour is a capitalised common word
  on no list of names (``(Gendarme, Militaire, Président…)``, ``le Basque, le Breton, le
  Catalan``): a list of notions typed with capitals — even when the word is also a surname;
- :func:`noun_complement`: a common word after ``de`` that completes a common noun (``des
  techniciennes de Laboratoire``, ``phase terminale de Cancer``) and that the corpus also writes
  in lower case: the complement of a noun, not a town — unless the noun introduces places or
  names (``mairie de``, ``ville de``, ``école de``, ``pays de``);
- :func:`organisation`: half of a word glued to the next (``Linked In``, ``Burn Out``), an allowed
  institution or product glued or one letter off (``Capemploi``, ``Parcousup``), one more
  organisation in a list beside an acronym or an allowed term (``CAF, Pref, CPAM``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from transfo_analysis.anonymise._allow import AllowList
from transfo_analysis.anonymise._fold import canonical
from transfo_analysis.anonymise._lexicon import NAMING_NOUNS, FrenchWords, listed_name
from transfo_analysis.anonymise._names import first_names
from transfo_analysis.anonymise._vocabulary import LIST_ARTICLES, PLACE_NOUNS, PRODUCT_NOUNS
from transfo_analysis.anonymise._wordforms import one_letter_off

#: the capitalised word glued to the finding by a space or a hyphen (``Linked In``, ``Burn-Out``)
_NEXT_WORD = re.compile(r"[ \t\-]([A-ZÀ-Þ][\w]*)")
#: list separators around a finding (``CAF, Pref, CPAM``, ``Indeed + Monster``)
_ITEM_BEFORE = re.compile(
    r"([^\W\d_][\w'’\-]*(?:[ \t]+[^\W\d_][\w'’\-]*){0,2})[ \t]*(?:,|\+|/|;|\bet\b|\bou\b)[ \t]*\(?$"
)
_ITEM_AFTER = re.compile(
    r"\)?[ \t]*(?:,|\+|/|;|\bet\b|\bou\b)[ \t]*([^\W\d_][\w'’\-]*(?:[ \t]+[^\W\d_][\w'’\-]*){0,2})"
)
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


def organisation(
    text: str, start: int, end: int, *, words: FrenchWords, allow: AllowList | None
) -> str | None:
    """Whether ``text[start:end]`` is half of a word, an allowed term misspelt or an
    organisation in a list (module docstring).

    Parameters
    ----------
    text
        The whole text.
    start, end
        Offsets of the finding.
    words
        French common words.
    allow
        The allow list (its institutions and products); ``None``: only split words are found.

    Returns
    -------
    ``split word``, ``allowed variant`` or ``enumeration``; ``None`` when none applies.
    """
    surface = text[start:end].strip()
    after = _NEXT_WORD.match(text, end)
    if after:
        glued = surface + after.group(1)
        hyphenated = f"{surface}-{after.group(1)}"
        if (
            glued in words
            or hyphenated in words
            or (allow is not None and canonical(glued) in allow.glued)
        ):
            return "split word"  # Linked In, Burn Out
    if allow is None:
        return None
    key = canonical(surface).replace(" ", "")
    if key in allow.glued or (
        len(key) >= 6 and one_letter_off(key, lambda c: len(c) >= 6 and c in allow.glued)
    ):
        return "allowed variant"  # Capemploi, Parcousup
    before = _ITEM_BEFORE.search(text, max(0, start - 40), start)
    following = _ITEM_AFTER.match(text, end)
    for item, last in ((before, True), (following, False)):
        if item and _organisation_item(item.group(1), allow, last=last):
            return "enumeration"  # CAF, Pref, CPAM
    return None


def _organisation_item(item: str, allow: AllowList, *, last: bool) -> bool:
    """A neighbour in a list that names an organisation: an acronym, or an allowed institution or
    product written with a capital (the words of ``item`` nearest the finding).
    """
    parts = item.split()
    article = not last and len(parts) > 1 and parts[0].lower() in LIST_ARTICLES
    near = parts[-1] if last else parts[1 if article else 0]
    letters = [c for c in near if c.isalpha()]
    if 2 <= len(letters) <= 6 and all(c.isupper() for c in letters):
        return canonical(near) not in first_names()  # CAF, CPAM (but not JEAN in capitals)
    for n in range(len(parts), 0, -1):  # Le Bon Coin, then Bon Coin, then Coin
        words = parts[-n:] if last else parts[:n]
        phrase = " ".join(words)
        capital = words[1 if article and len(words) > 1 else 0][:1].isupper()
        if capital and allow.covers(phrase, places=False, products=True):
            return True  # (ou) le Bon Coin
    return False
