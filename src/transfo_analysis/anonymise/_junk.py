"""Junk that a guessing layer (NER, capitals) takes for a name, told apart by its form and context.

Every name a layer keeps becomes a key entry and is searched in every text and every published
file, so a common word taken once for a name costs precision everywhere and can block a report.
These rules read the word, the corpus and the words right before it — no list tuned to a corpus:

- ``short``: one word of three letters or fewer on no list of names (``Per``, ``Pro``, ``Apa``,
  ``Co``, ``Nov``): abbreviations and acronyms of schemes — unless a place preposition precedes it
  (``à Aix``, ``d'Apt``);
- ``acronym``: a word the corpus also writes all in capitals (``Rased`` beside ``RASED``), or a
  word of three capitals or more with a lower-case letter (``SAMETh``);
- ``acronym list``: three words in capitals or more, two of them allowed bodies', and allowed terms
  or places, separated as a list is (``CNRACL - RAFP - CPR SNCF - ARRCO``): a list of bodies;
- ``repeated``: two words, the same word twice (``Wesh Wesh``, ``Bla Bla``);
- ``scheme``: a word right after a noun naming a scheme, body or product (a shipped first
  name too after a law, charter, label, plan or programme: ``la charte Marianne``), or after such
  a noun and its adjective (``la loi Fillon``, ``l'organisme Qualibat``, ``l'organisme vérificateur
  Qualibat``, ``type Shiva``): what is named is the scheme, not a person here;
- ``institution``: a word right after a capitalised common word inside a sentence (``Tribunal
  Admistratif``): the name of a body, not a person;
- ``public name``: a word right after a title (``Abbé Pierre``, ``Saint Louis``, ``Général
  Leclerc``): a public figure, a saint or a place named after one, never the first name of a
  person of the corpus to search alone;
- ``title word``: such a title alone (``Sainte`` of ``l'école Sainte Croix``), on no list of names;
- ``cut word``: a common word the speaker broke off (``Port-`` in ``à côté de Port- mais``), on no
  list of names;
- ``typo``: in texts that capitalise sentences, a word one letter away from a word the corpus
  itself writes in lower case at least ten times, or twice for words of eight letters or more
  (``Touver``/trouver, ``Lehrs``/leurs, ``Nénamoins``/néanmoins): typed in
  haste, no name (a French common word is no base: many surnames are one letter away from one,
  ``Blanquer``/flanquer);
- ``debris``: brackets, an underscore, a full stop or a semicolon inside (``Février(le``,
  ``Agirc_Arrco``, ``lui;Il``),
  or a digit inside a word (``Pe4sonne``, ``Art-678``) — but a user name ending in digits
  (``King222``) stays;
- ``split word``: one word that, glued to the capitalised word after it, is a French common word
  or an allowed term (``Linked In`` for LinkedIn, ``Burn Out``): half of a word, no name;
- ``allowed variant``: an allowed institution, scheme or product written glued or one letter off
  (``Capemploi`` for Cap emploi, ``Parcousup`` for Parcoursup);
- ``enumeration``: a word in a list (``,``, ``+``, ``/``, ``et``) beside an acronym or an allowed
  institution or product (``CAF, Pref, CPAM``, ``Le Bon Coin, Indeed,``, ``Carsat, Malakoff``):
  one more organisation of the list;
- ``acronym variant``: words that misspell the acronym of an allowed body, one letter off or
  its letters swapped (``Argirc Arco``, ``Arrco Argic``, ``Arco et CNRACL``): the body, misspelt;
- ``acronym compound``: several words led by an acronym joined by a hyphen (``TGI-Pole Social``);
- ``illness``, ``body name``, ``after en`` (typed texts only): a capitalised common word after a
  verb of illness, inside a body's long name or after ``en`` (``atteint de Myopathie``, ``Employés
  de Notaire``, ``en Béton``; :mod:`~transfo_analysis.anonymise._complements`);
- ``product name``: a word going on an allowed product's name (``Google Earth``);
- ``allowed chain``: words chaining allowed bodies' names, one possibly one letter off
  (``Malakoff Médéric Humanis``, ``Malakof Médéric``);
- ``held letter``, ``glued``, ``long typo`` (typed texts only): slips of typing (``Grrrr``,
  ``Parcontre``, ``enFrance``, ``Applicaiotn``; :mod:`~transfo_analysis.anonymise._slips`);
- ``idiom``: a name inside an idiom or a fictional character (``l'épée de Damoclès``, ``Pierre
  plutôt que Jacques``, ``Astérix``; :func:`~transfo_analysis.anonymise._idioms.idiom_name`) —
  even a shipped first name, in the idiom's words only;
- ``derived word``: one word with the ending of a French derived common word (``Transversaliser``,
  ``Sidérance``, ``Inégibilité``; :func:`~transfo_analysis.anonymise._wordforms.derived_word`);
- ``list of notions``, ``product list``, ``noun complement`` (typed texts only): a common word
  in a list beside a capitalised common word (``(Gendarme, Militaire, …)``), a word in brackets
  after a noun of products (``tablettes (Ordissimo, Ardoiz)``), a common word completing a
  common noun after ``de`` (``techniciennes de Laboratoire``; see
  :mod:`~transfo_analysis.anonymise._phrases`);
- ``title``: several words starting with a common word (or a typo of a frequent one,
  ``Enseignment Supérieur``) on no list of names, when it is a title,
  or a lower-case word follows, or every word is such a common word (``Abbé Pierre``, ``Exemple
  de Brignoles``, ``Épée de Damoclès``): a public name or a phrase, never a first name to search
  alone — while ``Florentin Ouattara`` (a first name that is also a word) stays a name.

Shipped first names and frequent surnames are never junk, except in an idiom.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from transfo_analysis.anonymise._allow import AllowList
from transfo_analysis.anonymise._complements import (
    allowed_chain,
    complement_reason,
    product_name,
)
from transfo_analysis.anonymise._fold import canonical
from transfo_analysis.anonymise._idioms import idiom_name
from transfo_analysis.anonymise._lexicon import PLACE_BEFORE, FrenchWords, listed_name
from transfo_analysis.anonymise._name_lists import sentence_initial
from transfo_analysis.anonymise._names import PARTICLES, first_names
from transfo_analysis.anonymise._phrases import (
    common_noun_list,
    noun_complement,
    organisation,
    product_list,
)
from transfo_analysis.anonymise._slips import typing_slip
from transfo_analysis.anonymise._wordforms import acronym_variants, derived_word, one_letter_off

#: nouns naming a scheme, a body or a product: the capitalised word after them is its name
SCHEME_NOUNS = frozenset(
    str.split(
        "loi lois réforme réformes dispositif dispositifs organisme organismes principe plateforme "
        "site logiciel application appli marque label type mutuelle caisse groupe réseau programme "
        "plan méthode pédagogie pédagogies régime contrat prime allocation enseigne opérateur "
        "opérateurs fichier formulaire procédure service services statut portail charte tableau "
        "tableaux"
    )
)
#: nouns of schemes named even after a first name (``la charte Marianne``, ``la loi Pierre``)
NAMED_SCHEMES = frozenset(
    str.split("loi lois réforme réformes charte label dispositif dispositifs plan programme")
)
#: nouns of bodies and schemes whose adjective may stand before the name (``l'organisme
#: vérificateur Qualibat``, ``le dispositif national Xyz``); not ``services publics``, ``type``…,
#: after which a typed name may follow in a run-on sentence
BODY_NOUNS = frozenset(
    str.split(
        "loi lois réforme réformes dispositif dispositifs organisme organismes plateforme logiciel "
        "application label mutuelle caisse réseau programme régime allocation opérateur opérateurs"
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
#: a noun and its adjective right before the word (``l'organisme vérificateur Qualibat``)
_NOUN_ADJECTIVE = re.compile(r"(?:^|[\s'’(])([^\W\d_][\w]*)[ \t]+([a-zà-ÿ][\w]*)[ \t]+$")
#: words between a noun and a name that are no adjective (``service de``, ``loi pour``)
_NOT_ADJECTIVE = frozenset(
    str.split(
        "de du des la le les pour par avec sans chez dans vers sous sur contre entre selon et ou"
    )
)
#: a word broken off by the speaker, as transcribers write it (``Port- mais``, ``Pa-``)
_CUT_OFF = re.compile(r"-(?:\s|$)")
_HANDLE = re.compile(r"^[^\W\d_]+\d+$")
_ACRONYM_LED = re.compile(r"^[A-Z]{2,5}-[A-ZÀ-Þ]")
_WORD = re.compile(r"[^\W\d_][\w'’]*")


def junk_reason(
    text: str,
    start: int,
    end: int,
    *,
    words: FrenchWords,
    acronyms: frozenset[str] = frozenset(),
    vocabulary: Mapping[str, int] | None = None,
    allow: AllowList | None = None,
) -> str | None:
    """Why a guessing layer's finding ``text[start:end]`` is junk (``None``: it may be a name).

    ``allow`` (institutions, schemes, products) gives the variants and the lists of organisations.
    """
    surface = text[start:end].strip()
    if re.search(r"[()\[\]{}_]|\.\w|\w;\w", surface) or any(
        any(c.isdigit() for c in token) and not _HANDLE.match(token) for token in surface.split()
    ):
        return "debris"  # Février(le, Pe4sonne, Art-678, e32°C; but King222, a user name
    if idiom_name(text, start, end):
        return "idiom"  # l'épée de Damoclès, Pierre plutôt que Jacques, Astérix
    if allow is not None and product_name(text, start, end, allow=allow):
        return "product name"  # Google Earth: a product's name
    if allow is not None and allowed_chain(text, start, end, allow=allow):
        return "allowed chain"  # Malakoff Médéric Humanis, Malakof Médéric: allowed bodies
    found = _WORD.findall(surface)
    allow_terms = allow.terms if allow is not None else frozenset()
    if len(found) > 1 and _ACRONYM_LED.match(surface) and canonical(found[0]) not in first_names():
        return "acronym compound"  # TGI-Pole Social: a body
    if acronym_variants(found, words=words):
        return "acronym variant"  # Argirc Arco, Arrco Argic: an allowed body's acronym misspelt
    caps = [w for w in found if len(w) >= 2 and w.isupper()]
    if (
        len(caps) >= 3
        and len(re.findall(r"\s[-/]\s|,", surface)) >= 2  # separated as a list is
        and sum(canonical(w) in allow_terms for w in caps) >= 2
        and all(w in caps or (allow is not None and allow.covers(w)) for w in found)
        and not any(canonical(w) in first_names() for w in caps)
    ):
        return "acronym list"  # CARSAT Alsace-Moselle - CNRACL - RAFP - ARRCO
    if len(found) == 2 and found[0] == found[1] and not listed_name(found[0]):
        return "repeated"  # Wesh Wesh, Bla Bla: a word said twice, no first name and surname
    if len(found) > 1:
        first = found[0]
        typo = (
            vocabulary is not None
            and len(first) >= 5
            and one_letter_off(canonical(first), lambda c: vocabulary.get(c, 0) >= MIN_TYPO_BASE)
        )
        if (
            (first in words or typo)
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
    if canonical(surface) in TITLES and not listed_name(surface):
        return "title word"  # Sainte of « l'école Sainte Croix »: a title, never a name alone
    if _CUT_OFF.match(text, end) and surface in words and not listed_name(surface):
        return "cut word"  # « à côté de Port- mais »: a common word the speaker broke off
    typed = vocabulary is not None  # texts that capitalise sentences
    if typed and common_noun_list(text, start, end, words=words, vocabulary=vocabulary or {}):
        return "list of notions"  # (Gendarme, Militaire, …), le Basque, le Breton
    if listed_name(surface):
        prev = _PREVIOUS.search(text, max(0, start - 40), start)
        if prev is not None and prev.group(1).lower() in NAMED_SCHEMES:
            return "scheme"  # la charte Marianne, la loi Pierre: a scheme's name
        return None
    if typed and product_list(text, start):
        return "product list"  # tablettes (Ordissimo, Ardoiz)
    if typed and noun_complement(text, start, end, words=words, vocabulary=vocabulary or {}):
        return "noun complement"  # techniciennes de Laboratoire
    if typed:
        reason = complement_reason(text, start, end, words=words, allow=allow) or typing_slip(
            text, start, end, words=words, vocabulary=vocabulary or {}
        )
        if reason is not None:
            return reason  # atteint de Myopathie, en Béton; Parcontre, Grrrr, Applicaiotn
    if derived_word(text, start, end):
        return "derived word"  # Transversaliser, Sidérance, Inégibilité
    letters = [c for c in surface if c.isalpha()]
    if len(letters) <= 3 and not PLACE_BEFORE.search(text[max(0, start - 12) : start]):
        return "short"  # but à Aix, d'Apt: a town
    key = canonical(surface)
    capitals = sum(c.isupper() for c in letters)
    if (
        key in acronyms
        or (key.endswith("s") and key[:-1] in acronyms)
        or 3 <= capitals < len(letters)
    ):
        # Rased beside RASED, Ehpads beside EHPAD; SAMETh: capitals and a lower-case letter
        return "acronym"
    reason = organisation(text, start, end, words=words, allow=allow)
    if reason is not None:
        return reason
    prev = _PREVIOUS.search(text, max(0, start - 40), start)
    noun = prev.group(1) if prev else ""
    if noun.lower() in SCHEME_NOUNS:
        return "scheme"
    pair = _NOUN_ADJECTIVE.search(text, max(0, start - 60), start)
    if (
        pair
        and pair.group(1).lower() in BODY_NOUNS
        and len(pair.group(2)) >= 4
        and pair.group(2) not in _NOT_ADJECTIVE
        and pair.group(2) in words
    ):
        return "scheme"  # l'organisme vérificateur Qualibat
    if (
        prev is not None
        and noun[:1].isupper()
        and len(noun) >= 4  # La Rochelle, Le Havre: an article, not a body
        and noun in words
        and not listed_name(noun)
        and not sentence_initial(text, prev.start(1))
    ):
        return "institution"
    base = MIN_TYPO_BASE if len(letters) < LONG_TYPO else MIN_LONG_TYPO_BASE
    if (
        vocabulary is not None
        and len(letters) >= 5
        and one_letter_off(key, lambda c: vocabulary.get(c, 0) >= base)
    ):
        return "typo"  # Touver (trouver), Nénamoins (néanmoins)
    return None


def after_title(text: str, start: int) -> bool:
    """A title of public figures right before ``start`` (``Abbé Pierre``, ``Général Leclerc``)."""
    prev = _PREVIOUS.search(text, max(0, start - 40), start)
    return prev is not None and prev.group(1).lower() in TITLES


#: how often the corpus must write a word in lower case for a near miss of it to be a typo
MIN_TYPO_BASE = 10
#: from this length on, a near miss of a word the corpus writes twice is a typo: long names one
#: letter away from a French word the corpus uses are rare (none of the planted names)
LONG_TYPO = 8
MIN_LONG_TYPO_BASE = 2
