"""Known names: where they come from, and finding every occurrence of them in the corpus.

Names come from strong sources (speaker labels, file names and titles, settings
``known_names``, name markup, the key of earlier runs) and from the detectors (a name the NER or
the first-name list found once is searched everywhere else: *propagation*). Full names also give
their parts: ``Léna Tessandier`` makes ``Léna`` and ``Tessandier`` searched alone.

Matching is case- and accent-insensitive on whole words, with a guard for names that are also
common French words (``Pierre``/pierre, ``Rose``/rose, ``Blanche``/blanche): such a word is
replaced when written with a capital not at the start of a sentence, or when spaCy tagged it as a
proper noun. A word counts as common when it is on a short built-in list or when the corpus
itself uses it in lower case, tagged as something other than a proper noun, at least twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from transfo_analysis.anonymise._allow import ROLE_WORDS, AllowList
from transfo_analysis.anonymise._fold import canonical, fold, trie_regex
from transfo_analysis.anonymise._forms import TokenForms
from transfo_analysis.anonymise._name_lists import first_names, sentence_initial
from transfo_analysis.anonymise._spans import Span
from transfo_analysis.anonymise._vocabulary import MONTHS

#: names that are also everyday French words (lower-case use is not a name)
AMBIGUOUS = frozenset(
    canonical(w)
    for w in str.split(
        "pierre rose claire blanche reine marine olive constance aurore victoire ange prudence "
        "colombe grâce patience fleur violette capucine france désiré fidèle félicité pascal "
        "clément aimé constant prosper honoré modeste juste félix bienvenu espérance océane "
        "petit grand blanc noir roux brun lebrun fontaine chevalier mercier boucher boulanger "
        "meunier berger marchand charpentier moulin bois masson martin vincent laurent simon "
        "thomas paris mai jade ambre perle iris capitaine roi prince baron comte duc marquis "
        "salle tour rivière lac mer mont forêt verger jardin pré lion loup renard"
    )
)

#: words of speaker labels and file names that are not names
NOT_NAMES = frozenset(
    canonical(w)
    for w in (
        *ROLE_WORDS,
        "enq",
        "enqueteur",
        "enqueteuse",
        "enquetrice",
        "enquête",
        "int",
        "interviewer",
        "interviewee",
        "spk",
        "speaker",
        "locuteur",
        "locutrice",
        "loc",
        "agent",
        "agente",
        "usager",
        "usagère",
        "élu",
        "élue",
        "habitant",
        "habitante",
        "participant",
        "participante",
        "animateur",
        "animatrice",
        "observateur",
        "inconnu",
        "inconnue",
        "collectif",
        "tous",
        "plusieurs",
        "autre",
        "entretien",
        "entretiens",
        "interview",
        "transcription",
        "transcript",
        "partie",
        "part",
        "version",
        "final",
        "finale",
        "corrigé",
        "relu",
        "atelier",
        "focus",
        "groupe",
        "questionnaire",
        "réponses",
        "réponse",
        "enregistrement",
        "audio",
        "texte",
        "copie",
        "brouillon",
        "anonymisé",
        "et",
        "avec",
        "the",
        "and",
        "des",
        "les",
        "une",
        "pour",
        "sur",
        "mme",
        "mlle",
    )
)

_HONORIFIC_GENDER = {
    "madame": "F",
    "mme": "F",
    "mlle": "F",
    "mademoiselle": "F",
    "monsieur": "M",
    "m": "M",
    "mr": "M",
}
_LABEL_WORD = re.compile(r"[^\W\d_][\w'’\-]*[^\W\d_]|[^\W\d_]")


#: words that begin surnames (``Le Goff``, ``Ben Salem``, ``da Silva``): never a first name
PARTICLES = frozenset(
    [
        "le",
        "la",
        "les",
        "de",
        "du",
        "des",
        "da",
        "das",
        "do",
        "dos",
        "di",
        "del",
        "della",
        "van",
        "von",
        "der",
        "den",
        "ben",
        "bin",
        "ibn",
        "bou",
        "el",
        "al",
        "ould",
        "mac",
        "mc",
    ]
)


def split_name(name: str) -> tuple[str | None, str | None]:
    """First name and surname of a full name (``Lucie da Silva`` → ``Lucie``, ``da Silva``).

    ``(None, None)`` for a single word or a surname with its particle (``Le Goff``).
    """
    words = name.split()
    if len(words) < 2 or canonical(words[0]) in PARTICLES:
        return None, None
    return words[0], " ".join(words[1:])


#: articles and prepositions that a label may start with but that are never a name alone
_FUNCTION_WORDS = frozenset(
    ("le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'", "au", "aux", "et", "ou")
)
#: French words whose elided form ends in an apostrophe (aujourd'hui, lorsqu'il, quelqu'un…):
#: typed without it (« Aujourd ui »), the stem is no name either
ELIDED_STEMS = frozenset(("aujourd", "lorsqu", "puisqu", "quoiqu", "presqu", "quelqu", "jusqu"))


def name_from_label(label: str) -> tuple[str | None, str | None]:
    """The person name in a speaker label, and a gender hint from an honorific.

    ``Sonia Belmont-Rives (ENQ)`` → ``Sonia Belmont-Rives``; ``Mme Diallo`` → ``Diallo``, ``F``;
    ``spk1``, ``ch_OB1``, ``Enquêtrice``, ``R2`` → ``None``.
    """
    text = re.sub(r"[\(\[][^\)\]]*[\)\]]", " ", str(label))
    gender = None
    words = []
    for raw in text.split():
        if re.search(r"[\d_#@/]", raw):
            return None, None  # a code, not a name
        w = raw.strip(".,;:")
        key = canonical(w)
        if key in _HONORIFIC_GENDER:
            gender = _HONORIFIC_GENDER[key]
            continue
        if not w or key in NOT_NAMES or not _LABEL_WORD.fullmatch(w):
            continue
        if w.isupper() and len(w) <= 3:  # ENQ, INT, LOC, BV
            continue
        if not w[0].isupper():
            continue
        words.append(w)
    if all(canonical(w) in _FUNCTION_WORDS for w in words):
        # « Le cheveulu », a platform nickname: « Le » alone is no name (it was searched and
        # replaced at the start of every sentence); « Le Goff » stays a name
        return None, gender
    return (" ".join(words) or None), gender


def names_from_title(title: str) -> list[str]:
    """Runs of name-like words in a file name or title
    (``Lena_Tessandier_F_52_3e`` → ``Lena Tessandier``).

    Candidates only: the caller keeps those confirmed by other evidence.
    """
    runs: list[list[str]] = [[]]
    for token in re.split(r"[_\s.,;()\[\]/]+|(?<=\D)-(?=\d)|(?<=\d)-|\d+", str(title)):
        for word in re.split(r"-(?=[A-Z]{1}[a-z]*_)", token):
            key = canonical(word)
            ok = (
                len(word) >= 3
                and word[:1].isupper()
                and key not in NOT_NAMES
                and not re.search(r"\d", word)
            )
            if ok and re.fullmatch(r"[^\W\d_][\w'’\-]*", word):
                runs[-1].append(word)
            elif runs[-1]:
                runs.append([])
    return [" ".join(r) for r in runs if r]


class Lexicon:
    """Words the corpus uses as common words, from the interim tokens table (or its forms)."""

    def __init__(
        self, tokens: pd.DataFrame | TokenForms | None = None, *, min_count: int = 2
    ) -> None:
        forms = tokens if isinstance(tokens, TokenForms) else TokenForms.of(tokens)
        self.common: frozenset[str] = frozenset(
            canonical(w) for w, n in forms.common.items() if n >= min_count
        )

    def is_common(self, key: str) -> bool:
        return key in AMBIGUOUS or key in self.common


@dataclass
class NameEntry:
    """A name searched in every text."""

    type: str
    detector: str
    part: str | None = None
    gender: str | None = None
    strong: bool = False
    #: a context expression gave it (an honorific, a naming verb), in this run or an earlier one:
    #: searched again with the guards of propagation, replaced wherever capitalised
    guarded: bool = False


#: layers whose findings are guesses (a strong source — label, markup, honorific, naming
#: expression, pattern, settings — names for sure); ``key`` is a weak guess of an earlier run
WEAK_DETECTORS = ("ner:", "capitals", "first-names", "propagation")


def is_weak_detector(detector: str) -> bool:
    """Whether a finding (or a key variant, or a name
    of the index) came from a layer that guesses.
    """
    return detector.startswith(WEAK_DETECTORS)


class NameIndex:
    """Every known name, compiled into one trie regular expression."""

    def __init__(self) -> None:
        self.entries: dict[str, NameEntry] = {}
        self._regex: re.Pattern[str] | None = None
        self._dirty = True

    def add(
        self,
        name: str,
        type_: str,
        detector: str,
        *,
        part: str | None = None,
        gender: str | None = None,
        strong: bool = False,
        guarded: bool = False,
    ) -> None:
        """Add a name (a stronger source replaces a weaker one; the first type given is kept)."""
        key = canonical(name)
        if len(key) < 2 or key in NOT_NAMES:
            return
        guarded = guarded or (not strong and is_guarded_detector(detector))
        old = self.entries.get(key)
        if old is not None and guarded and not old.strong:
            old.guarded = True  # a guess an honorific confirms (a firm name stays firm)
        if old is not None and (old.strong or not strong):
            if is_weak_detector(old.detector) and not is_weak_detector(detector):
                old.detector = detector  # an honorific or naming expression confirms a guess
            if not old.strong and old.detector == "key" and detector != "key":
                old.detector = detector  # a guess of an earlier run, made again in this one
            if old.part is None and part is not None:
                old.part = part
            old.gender = old.gender or gender
            return
        self.entries[key] = NameEntry(type_, detector, part, gender, strong, guarded)
        self._dirty = True

    def add_person(
        self,
        full: str,
        detector: str,
        *,
        gender: str | None = None,
        strong: bool = False,
        skip=None,
    ) -> None:
        """Add a person's name and, for a full name, its first name and surname.

        ``skip`` (a predicate on folded words) leaves out single words not to search alone: a weak
        source's common words (``Bon``, ``Place``) are replaced where found, not everywhere.
        """

        def add(name: str, part: str | None, g: str | None = None) -> None:
            key = canonical(name)
            if skip is not None and " " not in key and skip(key):
                return
            self.add(name, "PERSONNE", detector, part=part, gender=g, strong=strong)

        first, last = split_name(full)
        if first is None or last is None:
            if " " in full.strip():  # a surname with its particle
                self.add(full, "PERSONNE", detector, part="last", strong=strong)
                return
            add(full, "first" if canonical(full) in first_names() else None, gender)
            return
        self.add(full, "PERSONNE", detector, part="full", gender=gender, strong=strong)
        add(first, "first", gender)
        add(last, "last")
        tail = last.split()[-1]
        if tail != last and len(tail) >= 3 and tail[:1].isupper():
            add(tail, "last")

    def regex(self) -> re.Pattern[str] | None:
        if self._dirty:
            self._regex = trie_regex(self.entries)
            self._dirty = False
        return self._regex

    def find(
        self,
        text: str,
        *,
        folded: str | None = None,
        pos_at=None,
        lexicon: Lexicon,
        allow: AllowList,
    ) -> list[Span]:
        """Occurrences of known names in a text, with the common-word guard."""
        regex = self.regex()
        if regex is None:
            return []
        folded = fold(text) if folded is None else folded
        spans = []
        for m in regex.finditer(folded):
            surface = text[m.start() : m.end()]
            key = canonical(surface)
            entry = self.entries.get(key)
            if entry is None:
                continue
            # a name a context gave, or a guess, is replaced wherever capitalised, at the start
            # of a sentence too (« Royal oui je prends le métro »): the guards of propagation or
            # left_in_clear judge it after, as the leak checker does, not the part-of-speech tag
            # the checker cannot see; firm names of common words only where written as names
            capital = surface[:1].isupper()
            if not (capital and (entry.guarded or not entry.strong)) and not keep_occurrence(
                text, m.start(), surface, key, entry.strong, pos_at=pos_at, lexicon=lexicon
            ):
                continue
            if after_saint(text, m.start()) or in_a_date(text, m.start(), m.end()):
                continue
            if allowed_here(surface, strong=entry.strong, allow=allow):
                continue
            # a weak layer's name found in this run, or only in the key of an earlier run
            detector = (
                entry.detector
                if entry.strong
                else "propagation:key"
                if entry.detector == "key"
                else "propagation"
            )
            spans.append(
                Span(m.start(), m.end(), entry.type, detector, surface, entry.part, entry.gender)
            )
        return spans


#: sources whose names the index searches everywhere without the propagation guards (a name
#: given for sure: settings, a speaker's label, a file title, markup)
FIRM_DETECTORS = ("settings", "label", "title", "markup")


def is_guarded_detector(detector: str) -> bool:
    """Whether a name from this source is searched again with the guards of propagation: a
    context expression (an honorific, a naming verb) gave it — neither a guessing layer nor a
    firm source (:data:`FIRM_DETECTORS`), a pattern or a pseudonymised attribute.

    The detector (names of this run and of the key of earlier runs) and the leak checker
    (:meth:`~transfo_analysis.anonymise._pseudonyms.PseudonymKey.guarded`) both ask this.
    """
    return bool(detector) and not (
        is_weak_detector(detector)
        or detector in FIRM_DETECTORS
        or detector.startswith(("pattern", "attribute", "key"))
    )


def allowed_here(surface: str, *, strong: bool, allow: AllowList) -> bool:
    """Whether an occurrence of a name searched again is allowed as written (``hôpitaux de Paris``,
    ``la vallée de la Loire``: every capitalised word an allowed term or a known place).

    The index skips these occurrences of every name but those of firm sources
    (:data:`FIRM_DETECTORS`), and the leak checker accepts them by this same function.

    Parameters
    ----------
    surface
        The occurrence as written.
    strong
        The name comes from a firm source (then never allowed here).
    allow
        The allow list of the project.

    Returns
    -------
    True when the occurrence is left as written.
    """
    return not strong and allow.covers(surface)


_SAINT = re.compile(r"(?i)\b(?:saint|sainte|st|ste)[\-\s]$")


def after_saint(text: str, start: int) -> bool:
    """``Saint-Denis``, ``Sainte-Catherine``: a saint's
    name in a place, not the person of the corpus.
    """
    return bool(_SAINT.search(text[max(0, start - 7) : start]))


#: a year, or a two-digit year that is no age (``Mai 68``, ``avril 2019``; not ``Avril 12 ans``)
_YEAR_AFTER = re.compile(r"[ \t]*(?:(?:19|20)\d\d|\d\d(?![ \t]*ans))\b")
#: a day before the month (``1er Mai``, ``le 14 juillet``)
_DAY_BEFORE = re.compile(r"(?i)\b(?:\d{1,2}|1er|premier)[ \t]+$")


def in_a_date(text: str, start: int, end: int) -> bool:
    """``Mai 68``, ``1er Mai``, ``avril 2019``: a month in a date, not the first name.

    Parameters
    ----------
    text
        The whole text.
    start, end
        Offsets of the word.

    Returns
    -------
    True when the word is a month with a day before it or a year after it.
    """
    if canonical(text[start:end]) not in MONTHS:
        return False
    day = _DAY_BEFORE.search(text[max(0, start - 12) : start])
    return bool(_YEAR_AFTER.match(text, end) or day)


def keep_occurrence(
    text: str, start: int, surface: str, key: str, strong: bool, *, pos_at, lexicon: Lexicon
) -> bool:
    """Whether an occurrence of a known name is a name here (the common-word guard)."""
    if len(key) <= 2:
        return surface[:1].isupper()
    capitalised = surface[:1].isupper()
    if " " in key or not lexicon.is_common(key):
        return True
    pos = pos_at(start) if pos_at is not None else None
    if not capitalised:
        return pos == "PROPN"
    return pos == "PROPN" or not sentence_initial(text, start)


def gender_of(name: str) -> str | None:
    """Gender hint of a first name from the shipped list (``None`` when unknown or both)."""
    g = first_names().get(canonical(name.split()[0])) if name.split() else None
    return g if g in ("F", "M") else None


def strong_names(values: Iterable[str]) -> list[str]:
    """Clean user-given names (settings ``known_names``)."""
    return [v.strip() for v in values if v and v.strip()]
