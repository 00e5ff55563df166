"""Junk that a guessing layer (NER, capitals) takes for a name, told apart by its form and context.

Every name a layer keeps becomes a key entry and is searched in every text and every published
file, so a common word taken once for a name costs precision everywhere and can block a report.
These rules read the word, the corpus and the words right before it — no list tuned to a corpus:

- ``short``: one word of three letters or fewer on no list of names (``Per``, ``Pro``, ``Apa``,
  ``Co``, ``Nov``): abbreviations and acronyms of schemes — unless a place preposition precedes it
  (``à Aix``, ``d'Apt``);
- ``acronym``: a word the corpus also writes all in capitals (``Rased`` beside ``RASED``);
- ``scheme``: a word right after a noun naming a scheme, body or product (``la loi Fillon``,
  ``l'organisme Qualibat``, ``type Shiva``): what is named is the scheme, not a person here;
- ``institution``: a word right after a capitalised common word inside a sentence (``Tribunal
  Admistratif``): the name of a body, not a person;
- ``public name``: a word right after a title (``Abbé Pierre``, ``Saint Louis``, ``Général
  Leclerc``): a public figure, a saint or a place named after one, never the first name of a
  person of the corpus to search alone;
- ``typo``: in texts that capitalise sentences, a word one letter away from a word the corpus
  itself writes in lower case at least ten times (``Touver``/trouver, ``Chèreté``/cherté,
  ``Lehrs``/leurs, ``Parcousup``/parcoursup): typed in haste, no name;
- ``debris``: brackets, an underscore or a full stop inside (``Février(le``, ``Agirc_Arrco``);
- ``title``: several words starting with a common word on no list of names, when it is a title,
  or a lower-case word follows, or every word is such a common word (``Abbé Pierre``, ``Exemple
  de Brignoles``, ``Épée de Damoclès``): a public name or a phrase, never a first name to search
  alone — while ``Florentin Ouattara`` (a first name that is also a word) stays a name.

Shipped first names and frequent surnames are never junk.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from transfo_analysis.anonymise._fold import canonical
from transfo_analysis.anonymise._lexicon import PLACE_BEFORE, FrenchWords, listed_name
from transfo_analysis.anonymise._name_lists import sentence_initial
from transfo_analysis.anonymise._names import PARTICLES

#: nouns naming a scheme, a body or a product: the capitalised word after them is its name
SCHEME_NOUNS = frozenset(
    str.split(
        "loi lois réforme réformes dispositif dispositifs organisme organismes principe plateforme "
        "site logiciel application appli marque label type mutuelle caisse groupe réseau programme "
        "plan méthode pédagogie pédagogies régime contrat prime allocation enseigne opérateur "
        "opérateurs fichier formulaire procédure service services statut portail"
    )
)
#: titles of public figures and saints (``Abbé Pierre``, ``Sœur Emmanuelle``, ``Général Leclerc``)
TITLES = frozenset(
    str.split(
        "abbé saint sainte st ste père mère sœur soeur frère général maréchal amiral président "
        "présidente pape roi reine prince princesse cardinal monseigneur mgr dom capitaine colonel"
    )
)
_PREVIOUS = re.compile(r"(?:^|[\s'’(])([^\W\d_][\w]*)[ \t]+$")
_WORD = re.compile(r"[^\W\d_][\w'’]*")


def junk_reason(
    text: str,
    start: int,
    end: int,
    *,
    words: FrenchWords,
    acronyms: frozenset[str] = frozenset(),
    vocabulary: Mapping[str, int] | None = None,
) -> str | None:
    """Why a guessing layer's finding ``text[start:end]`` is junk (``None``: it may be a name)."""
    surface = text[start:end].strip()
    if re.search(r"[()\[\]{}_]|\.\w", surface):
        return "debris"
    found = _WORD.findall(surface)
    if len(found) > 1:
        first = found[0]
        if (
            first in words
            and not listed_name(first)
            and first[:1].isupper()
            and canonical(first) not in PARTICLES  # Le Goff, Da Costa: a surname's particle
            and (
                first.lower() in TITLES
                or any(w.islower() for w in found[1:])  # Exemple de Brignoles
                or all(w in words and not listed_name(w) for w in found[1:])
            )
        ):
            return "title"  # but Florentin Ouattara, Sixtine Carré: a first name and a surname
        return None
    if not found:
        return None
    if after_title(text, start):
        return "public name"
    if listed_name(surface):
        return None
    letters = [c for c in surface if c.isalpha()]
    if len(letters) <= 3 and not PLACE_BEFORE.search(text[max(0, start - 12) : start]):
        return "short"  # but à Aix, d'Apt: a town
    key = canonical(surface)
    if key in acronyms or (key.endswith("s") and key[:-1] in acronyms):
        return "acronym"  # Rased beside RASED, Ehpads beside EHPAD
    prev = _PREVIOUS.search(text, max(0, start - 40), start)
    noun = prev.group(1) if prev else ""
    if noun.lower() in SCHEME_NOUNS:
        return "scheme"
    if (
        prev is not None
        and noun[:1].isupper()
        and len(noun) >= 4  # La Rochelle, Le Havre: an article, not a body
        and noun in words
        and not listed_name(noun)
        and not sentence_initial(text, prev.start(1))
    ):
        return "institution"
    if vocabulary is not None and len(letters) >= 5 and _one_letter_off(key, vocabulary):
        return "typo"
    return None


def after_title(text: str, start: int) -> bool:
    """A title of public figures right before ``start`` (``Abbé Pierre``, ``Général Leclerc``)."""
    prev = _PREVIOUS.search(text, max(0, start - 40), start)
    return prev is not None and prev.group(1).lower() in TITLES


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
#: how often the corpus must write a word in lower case for a near miss of it to be a typo
MIN_TYPO_BASE = 10


def _one_letter_off(key: str, vocabulary: Mapping[str, int]) -> bool:
    """A frequent lower-case word of the corpus one deletion, insertion, substitution or swap away
    from ``key`` (folded: accents aside).
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
        if any(vocabulary.get(c, 0) >= MIN_TYPO_BASE for c in candidates if c != key):
            return True
    return False
