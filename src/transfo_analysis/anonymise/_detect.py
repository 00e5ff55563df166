"""The detection layers combined: what to replace in one text.

Detection runs in two passes over the corpus. The first pass runs the layers that need no
knowledge of the rest of the corpus (patterns, markup, context, NER); the names it finds are added
to the :class:`~transfo_analysis.anonymise._names.NameIndex`, together with the names from strong
sources (speaker labels, titles, settings, the key of earlier runs). The second pass searches the
index in every text (propagation) and resolves overlaps.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from transfo_analysis.anonymise._allow import GROUP_WORDS, AllowList
from transfo_analysis.anonymise._capitals import (
    DETERMINER_BEFORE,
    CapitalStats,
    find_capitalised,
)
from transfo_analysis.anonymise._card_fields import detect_card_fields
from transfo_analysis.anonymise._context import find_context_names
from transfo_analysis.anonymise._fold import canonical, fold
from transfo_analysis.anonymise._idioms import idiom_name
from transfo_analysis.anonymise._in_clear import in_allowed_name, named_thing
from transfo_analysis.anonymise._junk import after_title, junk_reason
from transfo_analysis.anonymise._lexicon import (
    AREA_NOUNS,
    FrenchWords,
    french_words,
    left_in_clear,
    listed_name,
    propagation_reason,
    shouting,
    weak_reason,
)
from transfo_analysis.anonymise._markup import find_markup
from transfo_analysis.anonymise._names import (
    PARTICLES,
    Lexicon,
    NameIndex,
    first_names,
    gender_of,
    in_a_date,
    is_guarded_detector,
    is_weak_detector,
    name_from_label,
    names_from_title,
)
from transfo_analysis.anonymise._ner import ner_spans
from transfo_analysis.anonymise._patterns import find_patterns
from transfo_analysis.anonymise._pseudonyms import PseudonymKey
from transfo_analysis.anonymise._spans import Span, protected_regions, resolve
from transfo_analysis.anonymise._tokens import TokenIndex
from transfo_analysis.config import PseudonymisationSettings
from transfo_analysis.corpus import Corpus
from transfo_analysis.i18n import _
from transfo_analysis.progress import progress

#: a determiner or ``de`` right before a word (``le Parti``, ``l'Eglise``, ``type de Master``)
_ARTICLE_OR_DE = re.compile(DETERMINER_BEFORE.pattern + r"|\b(?:de|d['’])\s*$", re.IGNORECASE)
_NO_ENTITIES = pd.DataFrame({"start": [], "end": [], "label": []})
_GENDER_KEYS = ("gender", "genre", "sexe", "sex", "type")
_GENDER_VALUES = {
    "f": "F",
    "femme": "F",
    "female": "F",
    "feminin": "F",
    "woman": "F",
    "m": "M",
    "h": "M",
    "homme": "M",
    "male": "M",
    "masculin": "M",
    "man": "M",
}


@dataclass
class Detector:
    """Everything detection needs, built once per run.

    Parameters
    ----------
    settings
        The pseudonymisation settings.
    allow
        The allow list.
    lexicon
        Common words of the corpus.
    key
        The key (its names are searched again; its fictional names are never detected).
    stop_words
        Words never taken for a name after a naming expression.
    protect_fictional
        Leave the key's fictional names alone (only for texts already pseudonymised: elsewhere a
        real person may bear a name used as a pseudonym, and must be replaced).
    words
        French common words (the lexical guard of the weak layers, see
        :func:`~transfo_analysis.anonymise._lexicon.weak_reason`); those of any installed French
        spaCy pipeline by default.
    """

    settings: PseudonymisationSettings
    allow: AllowList
    lexicon: Lexicon = field(default_factory=Lexicon)
    key: PseudonymKey = field(default_factory=PseudonymKey)
    stop_words: frozenset[str] = frozenset()
    #: the texts were pseudonymised before (style names): fictional names of the key are kept
    protect_fictional: bool = False
    #: word capitalisation counts when the corpus is a lower-case transcription (else ``None``)
    capitals: CapitalStats | None = None
    index: NameIndex = field(default_factory=NameIndex)
    ner_votes: dict[str, Counter] = field(default_factory=dict)
    words: FrenchWords = field(default_factory=french_words)
    #: the texts capitalise the start of sentences (else a capital at a turn's start is a name's);
    #: the default of documents not in ``document_capitals``
    sentence_capitals: bool = True
    #: whether each document capitalises sentences (a project may mix typed answers and transcripts)
    document_capitals: dict[str, bool] = field(default_factory=dict)
    #: words the corpus writes all in capitals somewhere (``RASED``): their other writings
    #: (``Rased``) are acronyms too, never names for a weak layer
    acronyms: frozenset[str] = frozenset()
    #: how often the corpus writes each word in lower case (near misses of them are typos)
    vocabulary: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in self.settings.known_names:
            self.index.add_person(name, "settings", strong=True)
        for (type_, _original), var in self.key.variants.items():
            if type_ in ("PERSONNE", "LIEU", "ORGANISATION", "DIVERS") and var.original:
                # names a weak layer guessed in an earlier run are searched with the guards of
                # propagation (not as everyday words in lower case), so pseudonyms stay stable
                weak = is_weak_detector(var.detector)
                if weak and self.settings.prune_key:
                    continue  # found again by the layers in this run, or dropped from the key
                # a name an honorific or a naming verb gave in an earlier run keeps the guards it
                # was searched with then (Malakoff Médéric, une masse critique), as the leak
                # checker judges it (PseudonymKey.guarded)
                self.index.add(
                    var.original,
                    type_,
                    "key",
                    part=var.part,
                    strong=not weak,
                    guarded=is_guarded_detector(var.detector),
                )
        self._fictional = self.key.fictional_names() if self.protect_fictional else set()

    def _sentence_capitals(self, doc_id: str | None) -> bool:
        """Whether the document ``doc_id`` capitalises sentences (the default when unknown)."""
        if doc_id is None:
            return self.sentence_capitals
        return self.document_capitals.get(doc_id, self.sentence_capitals)

    def is_everyday(self, text: str) -> bool:
        """Words the corpus uses as common words, French common words or stop words, all of them."""
        parts = [w for w in re.split(r"[\s\-]+|(?<=['’])", text.strip()) if w]
        return bool(parts) and all(self.everyday_word(w) for w in parts)

    def everyday_word(self, word: str) -> bool:
        """A word the corpus uses as a common word, a French common word, or a stop word."""
        key = canonical(word)
        return (
            key in self.stop_words
            or word.replace("’", "'").lower() in self.stop_words
            or self.lexicon.is_common(key)
            or word in self.words
        )

    # -- strong names -----------------------------------------------------------------------
    def add_label_name(self, name: str, *, gender: str | None = None) -> None:
        self.index.add_person(name, "label", gender=gender, strong=True)

    def add_title(self, title: str) -> None:
        """Names in a file name or title, kept when other evidence confirms them."""

        def strong_word(w: str) -> bool:
            return w in self.index.entries and self.index.entries[w].strong

        for run in names_from_title(title):
            words = [canonical(w) for w in run.split()]
            confirmed = any(strong_word(w) for w in words)
            if not confirmed and words[0] in first_names():
                confirmed = True
            votes: Counter[str] = Counter()
            for w in words:
                votes.update(self.ner_votes.get(w, Counter()))
            if not confirmed and not any(self.lexicon.is_common(w) for w in words):
                confirmed = votes["LOC"] <= votes["PER"]
            if (
                confirmed
                and len(words) == 1
                and run.isupper()
                and not strong_word(words[0])
                and (len(run) <= 4 or not (listed_name(run) or votes["PER"]))
            ):
                # an acronym (TVM, CAF) or a corpus code (ESLO's INTPERS) in a file name is no
                # person: a word in capitals needs a list of names or the NER to say it is one
                confirmed = False
            if confirmed and not self.allow.covers(run, places=True):
                self.index.add_person(run, "title", strong=True)

    # -- pass 1 -----------------------------------------------------------------------------
    def first_pass(
        self,
        text: str,
        *,
        entities: pd.DataFrame | None = None,
        pos_at=None,
        folded: str | None = None,
        doc_id: str | None = None,
    ) -> list[Span]:
        """Patterns, markup, context and NER findings of one text (of document ``doc_id``)."""
        if not text:
            return []
        capitals = self._sentence_capitals(doc_id)
        folded = fold(text) if folded is None else folded
        s = self.settings
        spans = find_patterns(text, detectors=s.patterns, allow_domains=s.allow_domains)
        spans = [
            sp
            for sp in spans
            if not (
                sp.detector == "pattern:street"
                and (self.allow.covers(sp.text, places=True) or self._common_street(sp.text))
            )
            and not (sp.detector == "pattern:url" and self._common_domain(sp.text))
        ]
        ents = entities if entities is not None else _NO_ENTITIES
        for sp in find_markup(text, extra=s.markup):
            if self.allow.covers(sp.text, places=True):
                continue
            if any(
                label == "LOC" and st < sp.end and sp.start < en
                for st, en, label in zip(ents["start"], ents["end"], ents["label"], strict=True)
            ):
                sp.type = "LIEU"
            spans.append(sp)
            if sp.type == "PERSONNE":
                self.index.add_person(sp.text, "markup", strong=True)
            else:
                self.index.add(sp.text, sp.type, "markup", strong=True)
        spans += [
            sp
            for sp in find_context_names(
                text,
                folded=folded,
                allow=self.allow,
                lexicon=self.lexicon,
                pos_at=pos_at,
                use_first_names=s.first_names,
                stop_words=self.stop_words,
            )
            if not (
                sp.detector == "first-names"
                and sp.text.isupper()
                and shouting(text, sp.start, sp.end)
            )
            and not (sp.detector == "first-names" and after_title(text, sp.start))
            and not (sp.detector == "first-names" and idiom_name(text, sp.start, sp.end))
            and not (sp.detector == "first-names" and self._in_allowed_name(text, sp))
            and not (
                sp.detector == "context:naming"
                and named_thing(text, sp.start, sp.end, words=self.words)
            )
        ]
        weak = []
        if self.capitals is not None:
            weak += find_capitalised(
                text,
                stats=self.capitals,
                allow=self.allow,
                votes=self.ner_votes,
                pos_at=pos_at,
                stop_words=self.stop_words,
                words=self.words if capitals else None,
            )
        if len(ents):
            weak += ner_spans(
                ents,
                text,
                policy=s.entities,
                allow=self.allow,
                lexicon=self.lexicon,
                pos_at=pos_at,
                stop_words=self.stop_words,
                words=self.words,
                votes=self.ner_votes,
                promote_single=not capitals,
            )
        spans += [
            sp
            for sp in weak
            if weak_reason(
                text,
                sp.start,
                sp.end,
                words=self.words,
                pos_at=pos_at,
                sentence_capitals=capitals,
            )
            is None
            and not self._common_phrase(sp, text)
            and junk_reason(
                text,
                sp.start,
                sp.end,
                words=self.words,
                acronyms=self.acronyms,
                vocabulary=self.vocabulary if capitals else None,
                allow=self.allow,
            )
            is None
            and not self._junk_name(sp.text)
            and not self._common_capital(text, sp)
            and not self._in_allowed_name(text, sp)
            and not in_a_date(text, sp.start, sp.end)
        ]
        return [sp for sp in spans if not self._is_fictional(sp) and self._plausible(sp)]

    def _propagation_ok(self, span: Span, text: str, *, capitals: bool) -> bool:
        """The guards of names searched again: a weak layer's name, found in this run or in an
        earlier one (``propagation:key``), is replaced unless :func:`left_in_clear` says this
        occurrence is a common word (in lower case, at the start of a sentence, after a common
        noun…). The leak checker judges the same originals by the same function, so what is left
        in clear here is never reported as a leak (``prune_key`` drops earlier guesses when no
        layer makes them again).
        """
        entry = self.index.entries.get(canonical(span.text))
        guarded = entry is not None and entry.guarded
        if not span.detector.startswith("propagation") and not guarded:
            return True
        if " " not in span.text.strip() and in_allowed_name(
            text, span.start, span.end, allow=self.allow
        ):
            return False  # Marine Nationale, Malakoff Médéric: the checker accepts it by this rule
        if entry is not None and (
            guarded or not (entry.detector == "key" or is_weak_detector(entry.detector))
        ):
            # a name an honorific or a naming expression gave: replaced wherever capitalised
            reason = propagation_reason(text, span.start, span.end, everyday=self.everyday_word)
            return reason is None
        reason = left_in_clear(
            text,
            span.start,
            span.end,
            everyday=self.is_everyday(span.text),
            words=self.words,
            sentence_capitals=capitals,
        )
        return reason is None

    def _common_phrase(self, span: Span, text: str) -> bool:
        """A name of several capitalised words, each a French common word or an allowed term:
        an association, a service, a notion written with capitals (``Présence Vallière``,
        ``Maison du Handicap``, ``Médecine du Travail``), no person or place — unless a word is a
        listed name, or the place follows a street or area noun (``place de la Halle``,
        ``hameau des Granges``).
        """
        if span.type not in ("PERSONNE", "LIEU") or " " not in span.text.strip():
            return False
        caps = [w for w in re.findall(r"[^\W\d_][\w'’\-]*", span.text) if w[:1].isupper()]
        if len(caps) < (1 if span.type == "PERSONNE" else 2):
            return False
        if span.type == "LIEU":
            first = re.match(r"[^\W\d_][\w'’\-]*", span.text)
            before = re.search(
                r"([^\W\d_][\w'’\-]*)\s+(?:(?:de|du|des|de la|d['’])\s*)?$",
                text[max(0, span.start - 30) : span.start],
            )
            if (first and first.group().lower() in AREA_NOUNS) or (
                before and before.group(1).lower() in AREA_NOUNS
            ):
                return False
        # a known place is no common word in a place's name (Montreuil Bagnolet); a surname of
        # the list is no name in a place's name either (Grand Débat)
        places = span.type == "PERSONNE"
        named = listed_name if places else (lambda w: canonical(w) in first_names())
        return all(
            not named(w) and (w in self.words or self.allow.covers(w, places=places)) for w in caps
        )

    def _in_allowed_name(self, text: str, span: Span) -> bool:
        """A first name inside the name of an allowed body (``Marine Nationale``): the rule the
        leak checker applies too (:func:`~transfo_analysis.anonymise._in_clear.in_allowed_name`).
        """
        return in_allowed_name(text, span.start, span.end, allow=self.allow)

    def _common_domain(self, url: str) -> bool:
        """A bare domain named by a common word (``retraite.fr``, ``l'assurance retraite.com``):
        a site about a notion, typed as its name, not a person's page (with a path or a
        ``www``/scheme it stays a URL).
        """
        bare = re.sub(r"(?i)^(?:https?://)?(?:www\.)?", "", url).rstrip("/")
        if "/" not in bare and "." in bare:
            # leboncoin.fr, www.ag2r-lamondiale.fr/: the home page of an allowed institution or
            # product (a path, such as a profile on a social network, stays a URL)
            name = re.sub(r"[\-_]", "", bare.split(".")[0].lower())
            if name in self.allow.glued:
                return True
        if "/" in url or url.lower().startswith("www."):
            return False
        label = url.split(".")[0]
        return label.isalpha() and label in self.words

    def _common_street(self, text: str) -> bool:
        """A street word and one common word, without a number (``résidence Secondaire``,
        ``place Centrale``, ``chemin de Croix``): a phrase with a capital, no address.
        """
        words = re.sub(r"(?i)^(\S+)\s+(?:de la|de l['’]|d['’]|de|du|des)\s*", r"\1 ", text).split()
        return (
            len(words) == 2
            and words[1] in self.words
            and not listed_name(words[1])
            and not words[1].isupper()
        )

    def _is_fictional(self, span: Span) -> bool:
        words = canonical(span.text).split()
        return (
            span.type == "PERSONNE"
            and bool(self._fictional)
            and all(w in self._fictional for w in words)
        )

    def learn(self, spans: list[Span]) -> None:
        """Add the names found in pass 1 to the index (propagation)."""
        if not self.settings.propagate:
            return
        for sp in spans:
            if sp.detector.startswith("pattern") or sp.detector == "markup":
                continue
            weak = is_weak_detector(sp.detector)
            if weak and self._junk_name(sp.text):
                continue
            if sp.type == "PERSONNE" and weak and self._public_name(sp.text):
                # Abbé Pierre, Général de Gaulle: searched as a whole, never Pierre alone
                self.index.add(" ".join(sp.text.split()), "PERSONNE", sp.detector, part="full")
            elif sp.type == "PERSONNE":
                # a common word that is only part of a weak name (Grand of Paul le Grand) is
                # replaced where found, a word a layer took alone is searched again under the
                # checker's guards (_found_only); a name an honorific gave (M. Macron) is searched
                # everywhere, even when the corpus also writes it in lower case: the leak checker
                # counts it wherever capitalised
                self.index.add_person(
                    " ".join(sp.text.split()),
                    sp.detector,
                    gender=sp.gender,
                    skip=None
                    if sp.detector == "context:honorific"
                    else functools.partial(self._found_only, alone=canonical(sp.text)),
                )
            elif sp.type in ("LIEU", "ORGANISATION", "DIVERS") and not self.lexicon.is_common(
                canonical(sp.text)
            ):
                self.index.add(sp.text, sp.type, sp.detector)

    def _common_capital(self, text: str, span: Span) -> bool:
        """A word the corpus uses as a common word, on no list of names, that the capitals layer
        took after a determiner or ``de`` (``le type de Master``, ``le Cirque d'Hiver``, ``l'Union
        des commerçants``): the name of a thing, a degree, a venue or a body — a person's name takes
        no article (``et puis Olive est passée``: a nickname, still a candidate). The NER's guard
        refuses such words wherever they are, and propagation does not search a word no layer
        took alone, so no layer replaces them there.
        """
        key = canonical(span.text)
        return (
            span.detector == "capitals"
            and " " not in key
            and self.lexicon.is_common(key)
            and not listed_name(span.text)
            and bool(_ARTICLE_OR_DE.search(text, max(0, span.start - 8), span.start))
        )

    def _found_only(self, key: str, *, alone: str) -> bool:
        """Whether the one-word part ``key`` (folded) of a weak layer's name ``alone`` (folded) is
        replaced only where a layer found it: a word the corpus uses as a common word that is only
        part of the name (``Grand`` of ``Paul le Grand``, ``Moulin`` of ``Marc Moulin``).

        A word a layer took alone (``Boucher``, or ``Eglise`` said without an article)
        becomes a variant of the key, which the leak checker searches wherever it is capitalised
        and judges by :func:`~transfo_analysis.anonymise._lexicon.left_in_clear`; so the pipeline
        searches it again under the same guards (``le boucher du marché`` stays, ``Boucher est
        venu, Paul Boucher`` is replaced twice), even when the corpus also writes it in lower
        case. Which common words a layer may take alone is decided before
        (:meth:`_common_capital`, the NER's guard).
        """
        return self.lexicon.is_common(key) and key != alone

    def _junk_name(self, text: str) -> bool:
        """A weak name of several words, all everyday words on no list of names (``Le Grand``,
        ``Bien Vivre``): a common phrase, never taken (searched everywhere, it would capture
        ``le grand`` in every text).
        """
        words = re.findall(r"[^\W\d_][\w'’]*", text)
        return len(words) > 1 and self.is_everyday(text) and not any(listed_name(w) for w in words)

    def _public_name(self, text: str) -> bool:
        """A name of several words one of which is a common word on no list (``Abbé Pierre``)."""
        words = re.findall(r"[^\W\d_][\w'’]*", text)
        return len(words) > 1 and any(
            w in self.words and not listed_name(w) and canonical(w) not in PARTICLES for w in words
        )

    def _plausible(self, span: Span) -> bool:
        """Drop weak findings made of function words (``C'est``, ``s'appelle Barrault``, ``Est``).

        Whatever is kept is registered in the key and searched everywhere (so the leak checker
        finds no original left in the processed corpus); a person's name may hold no function word
        but its particles, a place's name may inside (``pays de l'Est``) but not at its start.
        """
        if span.detector.startswith("pattern") or span.detector in (
            "markup",
            "label",
            "title",
            "settings",
            "key",
        ):
            return True
        words = [w for w in re.split(r"[\s\-]+|(?<=['’])", canonical(span.text)) if w]
        if (
            not words
            or not any(c.isupper() for c in span.text)
            or re.search(r"[/+\[\]]", span.text)
        ):
            return False  # weak layers only trust capitals; markup debris is no name
        capitalised = [canonical(w) for w in re.findall(r"[\w'’]+", span.text) if w[:1].isupper()]
        letters = [c for c in span.text if c.isalpha()]
        if all(c.isupper() for c in letters) and len(letters) <= 4:
            return False  # O.K, RER
        if capitalised and all(w in GROUP_WORDS or re.search(r"iemes?$", w) for w in capitalised):
            return False  # Occidentaux, Juifs, Cinquième
        function = [w not in PARTICLES and (w in self.stop_words or w.endswith("'")) for w in words]
        if span.type == "PERSONNE":
            return not any(function)
        return not function[0] and not all(function)

    # -- pass 2 -----------------------------------------------------------------------------
    def detect(
        self,
        text: str,
        first: list[Span],
        *,
        pos_at=None,
        folded: str | None = None,
        doc_id: str | None = None,
    ) -> list[Span]:
        """Final, non-overlapping spans of one text (of document ``doc_id``)."""
        if not text:
            return []
        capitals = self._sentence_capitals(doc_id)
        folded = fold(text) if folded is None else folded
        found = self.index.find(
            text, folded=folded, pos_at=pos_at, lexicon=self.lexicon, allow=self.allow
        )
        found = [
            sp
            for sp in found
            if not self._is_fictional(sp) and self._propagation_ok(sp, text, capitals=capitals)
        ]
        return resolve(text, [*first, *found], protected=protected_regions(text))

    def detect_field(self, value: str) -> list[Span]:
        """Spans of a label, title or path (``_`` and ``/`` read as spaces; no NER there)."""
        if not value:
            return []
        readable = value.replace("_", " ").replace("/", " ")
        first = self.first_pass(readable)
        return self.detect(readable, first)


def ner_votes(entities: pd.DataFrame) -> dict[str, Counter]:
    """How often spaCy gave each label to each folded word (to type names from file names)."""
    votes: dict[str, Counter] = {}
    if not len(entities):
        return votes
    for text, label in zip(
        entities["text"].astype(str), entities["label"].astype(str), strict=True
    ):
        for w in text.split():
            votes.setdefault(canonical(w), Counter())[label] += 1
    return votes


def _gender(attributes: str) -> str | None:
    try:
        data = json.loads(attributes) if attributes else {}
    except (TypeError, ValueError):
        return None
    for k in _GENDER_KEYS:
        value = data.get(k) if isinstance(data, dict) else None
        if isinstance(value, str) and canonical(value) in _GENDER_VALUES:
            return _GENDER_VALUES[canonical(value)]
    return None


@dataclass
class Detection:
    """Final spans per segment and per identifying field."""

    segments: dict[str, list[Span]] = field(default_factory=dict)
    fields: dict[tuple[str, str, str], list[Span]] = field(default_factory=dict)
    detector: Detector | None = None
    #: entities whose pseudonyms were written in this run
    used: set[str] = field(default_factory=set)


def run_detection(
    corpus: Corpus,
    detector: Detector,
    *,
    tokens: pd.DataFrame,
    entities: pd.DataFrame,
    show_progress: bool = True,
) -> Detection:
    """Both detection passes over every segment and identifying field."""
    prime_detector(corpus, detector)
    segs = corpus.segments
    tindex = TokenIndex(tokens)
    ents_by_seg = dict(tuple(entities.groupby("segment_id", sort=False))) if len(entities) else {}
    first: dict[str, list[Span]] = {}
    folded: dict[str, str] = {}
    ids = segs["segment_id"].tolist()
    texts = segs["text"].astype(str).tolist()
    docs = dict(zip(ids, segs["doc_id"].astype(str), strict=True))
    for seg_id, text in progress(
        list(zip(ids, texts, strict=True)),
        desc=_("Pseudonymisation (1/2)"),
        unit="segment",
        disable=not show_progress,
    ):
        folded[seg_id] = fold(text)
        spans = detector.first_pass(
            text,
            entities=ents_by_seg.get(seg_id),
            pos_at=tindex.pos_lookup(seg_id),
            folded=folded[seg_id],
            doc_id=docs[seg_id],
        )
        first[seg_id] = spans
        detector.learn(spans)
    result = Detection(detector=detector)
    for seg_id, text in progress(
        list(zip(ids, texts, strict=True)),
        desc=_("Pseudonymisation (2/2)"),
        unit="segment",
        disable=not show_progress,
    ):
        result.segments[seg_id] = detector.detect(
            text,
            first[seg_id],
            pos_at=tindex.pos_lookup(seg_id),
            folded=folded[seg_id],
            doc_id=docs[seg_id],
        )
    detect_fields(corpus, detector, result)
    return result


def prime_detector(corpus: Corpus, detector: Detector) -> None:
    """Teach the detector the corpus' strong names before pass 1 (labels, interviewers, titles)."""
    # strong names first: speaker labels, interviewers, name attributes, then titles
    for label, attrs in zip(
        corpus.speakers["label"].astype(str), corpus.speakers["attributes"].astype(str), strict=True
    ):
        name, gender = name_from_label(label)
        if name:
            detector.add_label_name(name, gender=gender or _gender(attrs) or gender_of(name))
    for value in corpus.documents["interviewer"].dropna().astype(str):
        for part in value.split(";"):
            name, gender = name_from_label(part)
            if name:
                detector.add_label_name(name, gender=gender)
    for title in (
        *corpus.documents["title"].astype(str),
        *corpus.documents["source_path"].astype(str),
    ):
        detector.add_title(title.rsplit("/", 1)[-1].rsplit(".", 1)[0] if "/" in title else title)


def detect_fields(corpus: Corpus, detector: Detector, result: Detection) -> None:
    """Spans of the identifying fields of speakers and documents, into ``result.fields``."""
    for table, frame, id_col, cols in (
        ("speakers", corpus.speakers, "speaker_id", ("label",)),
        ("documents", corpus.documents, "doc_id", ("title", "source_path", "interviewer")),
    ):
        for row in frame[[id_col, *cols]].itertuples(index=False):
            for col, value in zip(cols, row[1:], strict=True):
                if isinstance(value, str) and value:
                    result.fields[(table, col, row[0])] = detector.detect_field(value)
    # free-text attributes of workshop cards and platform proposals (group, category, tags)
    result.fields.update(detect_card_fields(corpus.segments, detector.detect_field))
