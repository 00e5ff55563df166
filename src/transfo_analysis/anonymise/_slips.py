"""Slips of typing that a guessing layer takes for a name, told apart by the corpus' own words.

Typed answers are written in haste: words glued together, a letter held down, a long word
misspelt twice. The NER and the capitals layer take such a capitalised word for an unseen name,
since no dictionary knows it. These rules read only the word and how often the corpus itself
writes words in lower case (``vocabulary``, folded), so they hold on any corpus of typed text:

- ``held letter``: a letter typed three times or more (``Grrrr``, ``Yyyy``, ``Ursssaf``): an
  interjection, a placeholder or a typo, no name;
- ``glued``: one word of eight letters or more, on no dictionary, that splits into words the
  corpus writes in lower case at least ten times (or stop words), one of them a stop word, the
  first and last of three letters or more (``Parcontre``, ``Pasassez``, ``Internetetait``,
  ``Retraitesdeletat``). A first piece that is an article or a possessive is refused: surnames
  are made so (``Desbois``, ``Monfils``), and so is a split whose pieces all are content words
  (``Bonnemaison``, ``Petitjean``);
- ``glued``, written in two cases: a stop word in lower case glued to a capitalised word
  (``enFrance``), or two or three capitals glued to a French word in lower case (``CHdanse``);
- ``long typo``: a word of nine letters or more, on no dictionary, two edits away from a word the
  corpus writes in lower case at least ten times (``Applicaiotn`` for *application*): long names
  are that close to a frequent word of the corpus very rarely (none of the planted names, none of
  the shipped names).

Shipped first names and frequent surnames are never slips.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from transfo_analysis.anonymise._fold import canonical
from transfo_analysis.anonymise._lexicon import FrenchWords, listed_name
from transfo_analysis.anonymise._vocabulary import GLUE_LINKS, SURNAME_STARTS
from transfo_analysis.nlp import stop_words

#: how often the corpus writes a word in lower case for it to be a piece of a glued word
MIN_PIECE = 10
#: shortest glued word and shortest long typo (letters)
MIN_GLUED = 8
MIN_LONG_TYPO = 9
_HELD = re.compile(r"([^\W\d_])\1{2,}")
_CAMEL = re.compile(r"^([a-zà-ÿ]{2,})([A-ZÀ-Þ][a-zà-ÿ]+)$")
_CAPS_GLUED = re.compile(r"^([A-Z]{2,3})([a-zà-ÿ]{4,})$")


@functools.lru_cache(maxsize=1)
def _stops() -> frozenset[str]:
    return frozenset(canonical(w) for w in stop_words() if w.isalpha())


def typing_slip(
    text: str,
    start: int,
    end: int,
    *,
    words: FrenchWords,
    vocabulary: Mapping[str, int],
) -> str | None:
    """Why the one word ``text[start:end]`` is a slip of typing (``None``: it may be a name).

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
    ``held letter``, ``glued`` or ``long typo`` (module docstring), or ``None``.
    """
    surface = text[start:end].strip()
    if not surface or " " in surface or listed_name(surface):
        return None
    if _HELD.search(canonical(surface)):
        return "held letter"  # Grrrr, Yyyy
    if not re.fullmatch(r"[^\W\d_]+", surface):
        return None
    if _camel_glued(surface, words):
        return "glued"  # enFrance, CHdanse
    key = canonical(surface)
    if surface in words or not surface[:1].isupper():
        return None
    if len(key) >= MIN_GLUED and glued_pieces(key, vocabulary) is not None:
        return "glued"  # Parcontre, Pasassez, Internetetait
    if len(key) >= MIN_LONG_TYPO and _two_edits_from_frequent(key, vocabulary):
        return "long typo"  # Applicaiotn
    return None


def glued_pieces(key: str, vocabulary: Mapping[str, int]) -> list[str] | None:
    """The frequent words the folded ``key`` is glued from, or ``None`` (module docstring).

    Parameters
    ----------
    key
        The folded word.
    vocabulary
        How often the corpus writes each word (folded) in lower case.

    Returns
    -------
    The pieces (``['par', 'contre']``) when the word is glued from them.
    """
    stops = _stops()

    def known(piece: str) -> bool:
        return (len(piece) >= 3 or piece in GLUE_LINKS) and (
            piece in stops or vocabulary.get(piece, 0) >= MIN_PIECE
        )

    for pieces in _splits(key, known, 4):
        if (
            len(pieces) >= 2
            and len(pieces[0]) >= 3
            and len(pieces[-1]) >= 3
            and pieces[0] not in SURNAME_STARTS
            and any(p in stops for p in pieces)
        ):
            return pieces
    return None


def _splits(key: str, known, depth: int) -> list[list[str]]:
    if not key:
        return [[]]
    if depth == 0:
        return []
    return [
        [key[:i], *rest]
        for i in range(1, len(key) + 1)
        if known(key[:i])
        for rest in _splits(key[i:], known, depth - 1)
    ]


def _camel_glued(surface: str, words: FrenchWords) -> bool:
    camel = _CAMEL.match(surface)
    if camel is not None:
        return canonical(camel.group(1)) in _stops()  # enFrance
    caps = _CAPS_GLUED.match(surface)
    return caps is not None and caps.group(2) in words  # CHdanse


#: the frequent long words of the last vocabularies seen, by first letter (the mapping is kept
#: with its index, so that an index is never given to another mapping)
_LONG_WORDS: list[tuple[Mapping[str, int], dict[str, list[str]]]] = []


def _frequent_long_words(vocabulary: Mapping[str, int]) -> dict[str, list[str]]:
    for seen, known in _LONG_WORDS:
        if seen is vocabulary:
            return known
    index: dict[str, list[str]] = {}
    for w, n in vocabulary.items():
        if n >= MIN_PIECE and len(w) >= MIN_LONG_TYPO - 2 and w.isalpha():
            index.setdefault(w[0], []).append(w)
    _LONG_WORDS[:] = [*_LONG_WORDS[-3:], (vocabulary, index)]
    return index


def _two_edits_from_frequent(key: str, vocabulary: Mapping[str, int]) -> bool:
    if not key.isalpha():
        return False
    return any(
        abs(len(w) - len(key)) <= 2 and _within_two(key, w)
        for w in _frequent_long_words(vocabulary).get(key[0], ())
    )


def _within_two(a: str, b: str) -> bool:
    """Optimal string alignment distance of ``a`` and ``b`` is 1 or 2 (swaps count one)."""
    if a == b:
        return False
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) > 2:
            return False
        prev2, prev = prev, row
    return prev[-1] <= 2
