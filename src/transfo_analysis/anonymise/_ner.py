"""spaCy's named entities, read from the parse cache, turned into spans by policy.

The NER of ``fr_core_news_*`` was trained on Wikipedia prose; on transcripts it also tags fillers
(``ben``, ``hein``), confuses labels (``Nadia`` as MISC, ``Svetlana`` as LOC) and swallows
neighbouring words (``Kofi Petit fort``). So, before a policy applies:

- honorifics and articles are cut from the start (``Madame Garnier`` → ``Garnier``), and lower-case
  words from both ends of a person's name (``ben Danaé`` → ``Danaé``);
- an entity with no capital letter is dropped unless spaCy tagged it as a proper noun and it is
  not a common word of the corpus;
- an entity whose first word is on the first-name list becomes a person whatever its label;
- allowed terms (institutions, the territory, known places) are kept.
"""

from __future__ import annotations

import re

import pandas as pd

from transfo_analysis.anonymise._allow import AllowList
from transfo_analysis.anonymise._capitals import place_context
from transfo_analysis.anonymise._fold import canonical
from transfo_analysis.anonymise._names import Lexicon, first_names, keep_occurrence
from transfo_analysis.anonymise._spans import NER_TYPES, Span

_LEADING = re.compile(
    r"^(?:(?:madame|monsieur|mademoiselle|mme|mlle|mr|m|dr|docteur|maître|me|professeur|pr|"
    r"le|la|les|un|une|du|de|des|à|au|aux|chez|et|ou|ben|bah|euh|hein|oh|ah|eh)(?:\.?\s+|\.)|[ld]['’]\s*)+",
    re.IGNORECASE,
)
#: nationality and inhabitant words (Polonais, Tunisiens, Montreuillois): not places
_DEMONYM = re.compile(r"(?:ais|aise|aises|ois|oise|oises|ien|ienne|iens|iennes|ain|aine|ains|aines|ans|ols|oles|èques|ecs|cs)$")
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
    policy: dict[str, str],
    allow: AllowList,
    lexicon: Lexicon,
    pos_at=None,
    stop_words: frozenset[str] = frozenset(),
) -> list[Span]:
    """Spans of one text from its entity rows (``start``, ``end``, ``label``)."""
    spans: list[Span] = []
    for start, end, label in zip(entities["start"], entities["end"], entities["label"], strict=True):
        start, end = int(start), int(end)
        if end > len(text) or end <= start:
            continue
        type_ = NER_TYPES.get(label)
        if type_ is None:
            continue
        if type_ in ("PERSONNE", "LIEU") or _first_word_is_first_name(text[start:end]):
            start, end = _trim_person(text, start, end)
        start, surface = _strip_acronyms(text, start, end)
        end = start + len(surface)
        key = canonical(surface)
        if len(key) < 2 or surface.endswith("-") or not _plausible(surface, key, type_, lexicon, stop_words):
            continue
        has_capital = any(c.isupper() for c in surface)
        if not has_capital and (pos_at is None or pos_at(start) != "PROPN" or lexicon.is_common(key) or " " in key):
            continue
        if has_capital and not keep_occurrence(text, start, surface, key, False, pos_at=pos_at, lexicon=lexicon):
            continue
        if type_ != "PERSONNE" and _first_word_is_first_name(surface) and not allow.covers(surface):
            type_ = "PERSONNE"
        elif label == "MISC" and _unknown_proper_noun(surface, key, start, pos_at, lexicon):
            type_ = "PERSONNE"  # the NER tags unknown names MISC more often than it misses them
        elif policy.get(label, "keep") != "replace":
            continue
        if allow.covers(surface, places=False):
            continue
        if allow.covers(surface, places=True) and not (type_ == "PERSONNE" and key in first_names() and not place_context(text, start)):
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


def _plausible(surface: str, key: str, type_: str, lexicon: Lexicon, stop_words: frozenset[str]) -> bool:
    """Reject what the NER tags on transcripts but is no name: fillers, acronyms, demonyms, common words."""
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


def _unknown_proper_noun(surface: str, key: str, start: int, pos_at, lexicon: Lexicon) -> bool:
    """One capitalised word, tagged PROPN, that the corpus never uses as a common word."""
    return (
        " " not in key and "-" not in surface and surface[:1].isupper() and not lexicon.is_common(key)
        and not _DEMONYM.search(key) and pos_at is not None and pos_at(start) == "PROPN"
    )


def _first_word_is_first_name(surface: str) -> bool:
    words = surface.split()
    return bool(words) and words[0][:1].isupper() and canonical(words[0]) in first_names()
