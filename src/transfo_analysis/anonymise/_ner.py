"""spaCy's named entities, read from the parse cache, turned into spans by policy.

The NER of ``fr_core_news_*`` was trained on Wikipedia prose; on transcripts it also tags fillers
(``ben``, ``hein``), confuses labels (``Nadia`` as MISC, ``Svetlana`` as LOC) and swallows
neighbouring words (``Kofi Petit fort``). So, before a policy applies:

- honorifics and articles are cut from the start (``Madame Garnier`` → ``Garnier``), and lower-case
  words from both ends of a person's name (``ben Danaé`` → ``Danaé``);
- an entity with no capital letter is dropped (only patterns and known lists name in lower case);
- an entity whose first word is on the first-name list becomes a person whatever its label
  (unless only capitalised common words follow it: ``Marine Nationale``); a
  single unknown MISC word tagged as a proper noun too, unless it is a French common word, a brand
  with an inner capital (``VélôVal``) or a thing after a determiner (``une Clio``); and so do two
  or three capitalised MISC words none of which is a common word, a brand or an allowed term
  (``Riasaiyon Guabigossa``);
- allowed terms (institutions, the territory, known places) are kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from transfo_analysis.anonymise._allow import AllowList
from transfo_analysis.anonymise._capitals import DETERMINER_BEFORE as _DETERMINER_BEFORE
from transfo_analysis.anonymise._capitals import INNER_CAPITAL as _INNER_CAPITAL
from transfo_analysis.anonymise._capitals import place_context
from transfo_analysis.anonymise._fold import canonical
from transfo_analysis.anonymise._lexicon import FrenchWords, listed_name
from transfo_analysis.anonymise._names import PARTICLES, Lexicon, first_names, keep_occurrence
from transfo_analysis.anonymise._spans import NER_TYPES, Span

_LEADING = re.compile(
    r"^(?:(?:madame|monsieur|mademoiselle|mme|mlle|mr|m|dr|docteur|maître|me|professeur|pr|"
    r"le|la|les|un|une|du|de|des|à|au|aux|chez|et|ou|ben|bah|euh|hein|oh|ah|eh|"
    r"merci|bonjour|bonsoir|salut|coucou|bravo|allez|voilà|voila|oui|non|alors|bon|bref|enfin|ok|"
    r"écoute|écoutez|tiens|dis|avec|pour|par|sur|comme|mais|donc|puis)(?:\.?,?\s+|\.)|[ld]['’]\s*)+",
    re.IGNORECASE,
)
#: nationality and inhabitant words (Polonais, Tunisiens, Montreuillois): not places
_DEMONYM = re.compile(
    r"(?:ais|aise|aises|ois|oise|oises|ien|ienne|iens|iennes|ain|aine|ains|aines|ans|ols|oles|èques|ecs|cs)$"
)
_PLURAL_DEMONYM = re.compile(r"(?:aises|oises|iens|iennes|ains|aines|ans|ols)$")
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){1,5}$")
_WORD = re.compile(r"\S+")


def _trim_person(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut honorifics, articles and lower-case words around a person's name."""
    span = text[start:end]
    lead = _LEADING.match(span)
    if lead and lead.end() < len(span):
        start += lead.end()
        span = text[start:end]
    words = list(_WORD.finditer(span))
    caps = [w for w in words if w.group()[:1].isupper()]
    if not caps:
        return start, end
    # from the first to the last capitalised word (particles in between stay)
    return start + caps[0].start(), start + caps[-1].end()


def ner_spans(
    entities: pd.DataFrame,
    text: str,
    *,
    policy: Mapping[str, str],
    allow: AllowList,
    lexicon: Lexicon,
    pos_at=None,
    stop_words: frozenset[str] = frozenset(),
    words: FrenchWords | None = None,
    votes: dict | None = None,
    promote_single: bool = True,
) -> list[Span]:
    """Spans of one text from its entity rows (``start``, ``end``, ``label``).

    ``words`` (French common words) keeps a common word, a brand written with an inner capital or a
    thing after a determiner from being promoted from MISC to a person. ``promote_single`` false
    (texts with sentence capitals, where one capitalised MISC word is mostly a brand, a work or a
    scheme: ``Ordissimo``, ``Astérix``, ``Indeed``) promotes only runs of two or three words.
    """
    words = words if words is not None else FrenchWords()
    spans: list[Span] = []
    for start, end, label in zip(
        entities["start"], entities["end"], entities["label"], strict=True
    ):
        start, end = int(start), int(end)
        if end > len(text) or end <= start:
            continue
        type_ = NER_TYPES.get(label)
        if type_ is None:
            continue
        promoted = False
        if type_ in ("PERSONNE", "LIEU") or _first_word_is_first_name(text[start:end]):
            start, end = _trim_person(text, start, end)
        elif pos_at is not None and words:
            run = _unknown_name_run(
                text,
                start,
                end,
                label=label,
                pos_at=pos_at,
                lexicon=lexicon,
                words=words,
                allow=allow,
                stop_words=stop_words,
                votes=votes or {},
            )
            if run is not None and not promote_single and " " not in text[run[0] : run[1]]:
                run = None
            if run is not None:
                # the NER tags unknown names MISC (or ORG) more often than it misses them
                (start, end), type_, promoted = run, "PERSONNE", True
        start, surface = _strip_acronyms(text, start, end)
        end = start + len(surface)
        key = canonical(surface)
        if (
            len(key) < 2
            or surface.endswith("-")
            or not _plausible(surface, key, type_, lexicon, stop_words)
        ):
            continue
        if not any(c.isupper() for c in surface):
            continue  # lower case: only patterns and known lists name in lower case
        if not keep_occurrence(text, start, surface, key, False, pos_at=pos_at, lexicon=lexicon):
            continue
        if (
            type_ != "PERSONNE"
            and _first_word_is_first_name(surface)
            and not allow.covers(surface)
            and not _named_with_words(surface, words)
        ):
            type_ = "PERSONNE"
        elif not promoted and policy.get(label, "keep") != "replace":
            continue
        if allow.covers(surface, places=False):
            continue
        if allow.covers(surface, places=True) and not (
            type_ == "PERSONNE" and key in first_names() and not place_context(text, start)
        ):
            continue
        part = ("full" if len(surface.split()) > 1 else None) if type_ == "PERSONNE" else None
        spans.append(Span(start, end, type_, f"ner:{label}", surface, part))
    return spans


def _strip_acronyms(text: str, start: int, end: int) -> tuple[int, str]:
    """Cut punctuation and leading acronyms (``S.L.C. Salut`` → ``Salut``)."""
    surface = text[start:end]
    words = surface.split()
    while len(words) > 1 and _ACRONYM.match(words[0]):
        cut = surface.index(words[1], len(words[0]))
        start, surface, words = start + cut, surface[cut:], words[1:]
    stripped = surface.lstrip(" ,.;:!?\"'«»()")
    start += len(surface) - len(stripped)
    return start, stripped.rstrip(" ,.;:!?\"'«»()")


def _plausible(
    surface: str, key: str, type_: str, lexicon: Lexicon, stop_words: frozenset[str]
) -> bool:
    """Reject what the NER tags on transcripts but is
    no name: fillers, acronyms, demonyms, common words.
    """
    words = key.split()
    if all(w in stop_words for w in words):
        return False
    letters = [c for c in surface if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) <= 4:
        return False  # RER, P.C, V.T.T
    if len(words) == 1 and "-" not in surface and key not in first_names():
        if lexicon.is_common(key):
            return False
        if type_ == "LIEU" and _DEMONYM.search(key):
            return False
        if type_ == "PERSONNE" and _PLURAL_DEMONYM.search(key):
            return False
    return True


_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*")


def _unknown_name_run(
    text: str,
    start: int,
    end: int,
    *,
    label: str,
    pos_at,
    lexicon: Lexicon,
    words: FrenchWords,
    allow: AllowList,
    stop_words: frozenset[str],
    votes: dict,
) -> tuple[int, int] | None:
    """An unknown person's name inside a MISC or ORG entity, or ``None``.

    The longest run of consecutive capitalised words none of which is a French common word, a
    word the corpus uses in lower case, a stop word, an allowed term (institutions, products,
    known places) or a brand written with an inner capital: two or three words (``Riasaiyon
    Guabigossa``, ``Kakhifia Tretrïsèk`` inside ``Education Kakhifia Tretrïsèk Nationale``) with
    one tagged as a proper noun, or, for MISC, one word tagged as a proper noun that names no
    inhabitants (``Nadia`` tagged MISC). Not after a determiner (``une Clio``).
    """
    runs: list[list[re.Match]] = []
    for m in _TOKEN.finditer(text, start, end):
        w = m.group()
        key = canonical(w)
        ok = (
            w[:1].isupper()
            and not w.isupper()
            and len(key) >= 2
            and key not in stop_words
            and w.lower().replace("’", "'") not in stop_words
            and not lexicon.is_common(key)
            and w not in words
            and not _INNER_CAPITAL.match(w)
            and not allow.covers(w)
            and not (
                key in votes and votes[key]["LOC"] > votes[key]["PER"]
            )  # the NER calls it a place elsewhere
        )
        if ok and runs and runs[-1] and text[runs[-1][-1].end() : m.start()].isspace():
            runs[-1].append(m)
        elif ok:
            runs.append([m])
        else:
            runs.append([])
    best = max(runs, key=len, default=[])
    if not best or len(best) > 3:
        return None
    s, e = best[0].start(), best[-1].end()
    if _DETERMINER_BEFORE.search(text[max(0, s - 8) : s]) or not any(
        pos_at(m.start()) == "PROPN" for m in best
    ):
        return None
    if len(best) == 1:
        w = best[0].group()
        if label != "MISC" or "-" in w or _DEMONYM.search(canonical(w)):
            return None
        if any(
            m.group()[:1].isupper() and m.start() != s
            for m in _TOKEN.finditer(text, start, end)
            if m.group().lower() not in stop_words
        ):
            return None  # one word of a longer capitalised title (``Aidants Connect``)
    return s, e


def _named_with_words(surface: str, words: FrenchWords) -> bool:
    """A first name followed only by capitalised common words on no list of names (``Marine
    Nationale``, ``Rose Blanche``): the name of a body or a thing, not a person's.
    """
    rest = surface.split()[1:]
    return bool(rest) and all(
        w[:1].isupper() and w in words and not listed_name(w) and canonical(w) not in PARTICLES
        for w in rest
    )


def _first_word_is_first_name(surface: str) -> bool:
    words = surface.split()
    return bool(words) and words[0][:1].isupper() and canonical(words[0]) in first_names()
