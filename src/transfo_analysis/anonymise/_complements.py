"""Capitalised common words that complete a word before them, where no town stands.

A capitalised French common word after ``de`` or ``en`` is kept as a possible town by the lexical
guard (``à Die``, ``de Sens``, ``près de Bagnolet``). These rules read the word before the
preposition and tell the complement of a thing from a place (typed texts only):

- ``illness``: after a verb or adjective of illness (``atteint de Myopathie``, ``souffre de
  Dyslexie``): an illness, not a town;
- ``body name``: after a capitalised common word that takes no place, inside the long name of a
  body (``Caisse de Retraite et de Prévoyance``, ``Clercs et Employés de Notaire``): a word of
  the name — while a head that takes a place (``Mairie de Sens``, ``Centre Hospitalier de
  Digne``, :data:`PLACE_HEADS`) or an acronym (``CARSAT de Dieppe``) keeps its town;
- ``after en``: right after ``en`` (``en Béton``, ``en Prépa``): towns are said ``à X``; the
  regions and départements said ``en X`` are on the shipped list of places, kept anyway, and a
  capitalised word before ``en`` makes a town's name (``Bourg en Bresse``, ``Puy en Velay``).

A word right after an allowed product or brand, or a name led by one, is the product's name
(``Google Earth``, ``Microsoft Teams``): :func:`product_name`; several words that chain allowed
bodies' names, one of them possibly one letter off (``Malakoff Médéric Humanis``, ``Malakof
Médéric``), are those bodies: :func:`allowed_chain`.

Shipped first names and frequent surnames, words in capitals and shipped places are never
complements here.
"""

from __future__ import annotations

import re

from transfo_analysis.anonymise._allow import AllowList
from transfo_analysis.anonymise._fold import canonical
from transfo_analysis.anonymise._idioms import one_edit
from transfo_analysis.anonymise._lexicon import NAMING_NOUNS, FrenchWords, listed_name
from transfo_analysis.anonymise._names import sentence_initial
from transfo_analysis.anonymise._vocabulary import BODY_PLACE_HEADS, ILLNESS_HEADS, PLACE_NOUNS

#: heads that take a place after ``de``: nouns that introduce places or names, and capitalised
#: heads of bodies' names (``Centre Hospitalier de``, ``Chambre de``)
PLACE_HEADS = NAMING_NOUNS | PLACE_NOUNS | BODY_PLACE_HEADS
_DE_BEFORE = re.compile(r"([^\W\d_][\w'’\-]*)[ \t]+(?:(?:et|ou)[ \t]+)?(?:de|d['’]|du|des)[ \t]*$")
#: ``en`` right before the word, with the word before it (a town's first word when capitalised)
_EN_BEFORE = re.compile(r"(?:^|(\S*)[\s(])[Ee]n[ \t]+$")


def complement_reason(
    text: str, start: int, end: int, *, words: FrenchWords, allow: AllowList | None = None
) -> str | None:
    """Why the one capitalised common word ``text[start:end]`` completes a word before it
    (``None``: it may be a town or a name; module docstring).

    Parameters
    ----------
    text
        The whole text.
    start, end
        Offsets of the word.
    words
        French common words.
    allow
        The allow list (its shipped places are never complements).

    Returns
    -------
    ``illness``, ``body name`` or ``after en``, or ``None``.
    """
    surface = text[start:end].strip()
    if (
        " " in surface
        or not surface[:1].isupper()
        or surface.isupper()
        or surface not in words
        or listed_name(surface)
        or (allow is not None and canonical(surface) in allow.places)
    ):
        return None
    en = _EN_BEFORE.search(text, max(0, start - 40), start)
    if en is not None and not (en.group(1) or "")[:1].isupper():
        return "after en"  # en Béton, en Prépa; but Bourg en Bresse, Puy en Velay: a town
    m = _DE_BEFORE.search(text, max(0, start - 60), start)
    if m is None:
        return None
    head = m.group(1).replace("’", "'")
    if head.lower() in ILLNESS_HEADS:
        return "illness"  # atteint de Myopathie
    if (
        head[:1].isupper()
        and not head.isupper()
        and len(head) >= 4
        and head in words
        and not listed_name(head)
        and head.lower() not in PLACE_HEADS
        and not sentence_initial(text, m.start(1))
    ):
        return "body name"  # Caisse de Retraite et de Prévoyance, Employés de Notaire
    return None


_PRODUCT_BEFORE = re.compile(r"([A-ZÀ-Þ][\w'’\-]*)[^\S\n]+$")


def product_name(text: str, start: int, end: int, *, allow: AllowList) -> bool:
    """Whether ``text[start:end]`` goes on the name of an allowed product or brand.

    Parameters
    ----------
    text
        The whole text.
    start, end
        Offsets of the finding.
    allow
        The allow list (its products and brands).

    Returns
    -------
    True for ``Earth`` in ``Google Earth``, or ``Google Earth`` as one finding — never when a
    shipped first name or surname is in it (``Apple Martin``).
    """
    found = re.findall(r"[^\W\d_][\w'’]*", text[start:end])
    if not found or any(listed_name(w) for w in found):
        return False
    before = _PRODUCT_BEFORE.search(text, max(0, start - 40), start)
    if before is not None and canonical(before.group(1)) in allow.products:
        return True
    return len(found) > 1 and canonical(found[0]) in allow.products


def allowed_chain(text: str, start: int, end: int, *, allow: AllowList) -> bool:
    """Whether the words of ``text[start:end]`` chain names of allowed bodies or products.

    Parameters
    ----------
    text
        The whole text.
    start, end
        Offsets of the finding (two words or more).
    allow
        The allow list (institutions and products; places not counted).

    Returns
    -------
    True when every word belongs to an allowed name of two words or more, or to an allowed
    term, written as allowed or one letter off for a name of eight letters or more
    (``Malakoff Médéric Humanis``, ``Malakof Médéric``), and one name has two words at least.
    """
    found = [canonical(w) for w in re.findall(r"[^\W\d_][\w'’\-]*", text[start:end])]
    if len(found) < 2 or any(listed_name(w) for w in found):
        return False
    names = allow.terms | allow.products

    def allowed(phrase: str) -> bool:
        return phrase in names or (
            len(phrase) >= 8 and any(len(t) >= 8 and one_edit(phrase, t) for t in names)
        )

    i, longest = 0, 0
    while i < len(found):
        n = next(
            (n for n in range(len(found) - i, 0, -1) if allowed(" ".join(found[i : i + n]))), 0
        )
        if n == 0:
            return False
        i, longest = i + n, max(longest, n)
    return longest >= 2
