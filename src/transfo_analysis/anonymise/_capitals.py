"""Capitalised words in transcripts that do not capitalise sentences: there, a capital marks a name.

Many transcription conventions (CFPP2000, ESLO, CLAPI, ICOR…) write speech in lower case, without
capitals at the start of sentences; only proper nouns keep theirs. In such a corpus, a capitalised
word that the corpus does not otherwise use in lower case (or writes with a capital at least three
times and in a quarter of its uses, or that spaCy tags as a proper noun) is
taken for a person's name, unless it is allowed (institutions, known places, the territory), the
NER calls it a place more often than a person (the LOC policy decides those; what the NER tags
MISC or ORG — unknown names often are — stays a candidate), or it names inhabitants (``Italiens``,
``Montreuillois``). The style is detected from the share of turns that start with a capital (below
30 %: lower-case transcription).

In texts that do capitalise sentences (typed answers, most interview transcripts) a capital also
marks titles, notions, organisations and shouting (``l'Education Nationale``, ``Garder des
postes``, ``les contrôles URSAFF``), so there the layer is strict: it takes only a word that is no
French common word (unless a shipped first name or frequent surname), has no capital inside it
(``NetEntreprise``), is never written all in capitals in the corpus, and follows no determiner
(``la Cramif``, ``l'Agefip``: an organisation; a person's name takes no article in written French).
Unseen names said once (``Tadioumane``), which the NER often misses, are what it is for.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from transfo_analysis.anonymise._allow import AllowList
from transfo_analysis.anonymise._fold import canonical
from transfo_analysis.anonymise._forms import TokenForms
from transfo_analysis.anonymise._lexicon import FrenchWords, listed_name
from transfo_analysis.anonymise._names import first_names, sentence_initial
from transfo_analysis.anonymise._spans import Span

_WORD = re.compile(r"(?<![\w\-])[A-ZÀ-ÖØ-Þ]\w*(?:-\w+)*(?!['’\w])")
#: capitalised particles that begin surnames (Le Goff, Ben Salem, Da Costa, Van Long)
_PARTICLE_BEFORE = re.compile(
    r"(?:\b(?:Le|La|Les|De|Du|Des|Da|Das|Do|Dos|Di|Del|Della|Van|Von|Ben|Bou|El|Al|Ould|Mac|Mc)\s+)$"
)
_DEMONYM = re.compile(
    r"(?:ais|aise|aises|ois|oise|oises|ien|ienne|iens|iennes|ain|aine|ains|aines|ans|ols|oles|èques|ecs|cs|"
    r"es)$"
)
#: determiners: a capitalised word after them is a
#: thing (``une Clio``, ``le VélôVal``), not a person
DETERMINER_BEFORE = re.compile(
    r"\b(?:un|une|le|la|les|des|du|au|aux|ce|cet|cette|ces|mon|ma|mes|ton|ta|tes|son|sa|ses|notre|nos|votre|vos|leur|leurs)\s+$|\bl['’]\s*$",
    re.IGNORECASE,
)
#: a capital inside a word (``VélôVal``, ``unMarket``, ``YouTube``): a brand, not a name
INNER_CAPITAL = re.compile(r"^(?!(?:Mc|Mac|De|Di|Le|La|Van|Von|O['’]))[^\W\d_]*[a-zà-ÿ][A-ZÀ-Þ]")
#: words before a place name (``dans l'Aude``, ``en France``): there a first name is a place
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:l['’]|la|le|les|en|au|aux|dans|vers|sur|sous|par)\s*)$", re.IGNORECASE
)


def lowercase_style(texts: pd.Series, *, threshold: float = 0.3) -> bool:
    """True when the turns mostly start in lower case
    (a transcription without sentence capitals).
    """
    firsts = texts.astype(str).str.lstrip(" [(«\"'-+").str[:1]
    letters = firsts[firsts.str.isalpha()]
    return len(letters) >= 20 and float(letters.str.isupper().mean()) < threshold


def place_context(text: str, start: int) -> bool:
    """True when an article or preposition of places precedes ``start`` (``dans l'Aude``)."""
    return bool(_PLACE_BEFORE.search(text[max(0, start - 8) : start]))


class CapitalStats:
    """How often the corpus writes each word with and without a capital (from the tokens).

    ``tokens`` is the parse's tokens table, or its forms already counted (:class:`TokenForms`,
    gathered a batch at a time from a project's file): the same counters either way.
    """

    def __init__(self, tokens: pd.DataFrame | TokenForms | None) -> None:
        self.capital: Counter = Counter()
        self.lower: Counter = Counter()
        #: words written all in capitals (two letters or more) at least once
        self.upper: frozenset[str] = frozenset()
        forms = tokens if isinstance(tokens, TokenForms) else TokenForms.of(tokens)
        # each distinct form is folded once (2.2 million tokens, some 90,000 forms on the real
        # consultation); the counters get the same keys, counts and order as token by token
        keys = [canonical(f) for f in forms.alpha]
        starts_upper = [f[:1].isupper() for f in forms.alpha]
        for key, n, cap in zip(keys, forms.alpha.values(), starts_upper, strict=True):
            (self.capital if cap else self.lower)[key] += n
        self.upper = frozenset(
            key
            for key, form, cap in zip(keys, forms.alpha, starts_upper, strict=True)
            if cap and form.isupper() and len(form) >= 2
        )


def find_capitalised(
    text: str,
    *,
    stats: CapitalStats,
    allow: AllowList,
    votes: dict[str, Counter],
    pos_at=None,
    stop_words: frozenset[str] = frozenset(),
    words: FrenchWords | None = None,
) -> list[Span]:
    """Capitalised words taken for person names.

    ``words`` (French common words) is given for texts that capitalise sentences: the layer is
    then strict (see the module's docstring).
    """
    spans = []
    for m in _WORD.finditer(text):
        word = m.group()
        key = canonical(word)
        letters = [c for c in word if c.isalpha()]
        if len(key) < 3 or all(c.isupper() for c in letters) or key in stop_words:
            continue  # initials, acronyms, fillers said at the start of a turn
        is_first = key in first_names()
        if words is not None and not _written_name(
            text, m.start(), word, key, stats=stats, words=words
        ):
            continue
        if allow.covers(word, places=False):
            continue
        if allow.covers(word, places=True) and not (
            is_first and not place_context(text, m.start())
        ):
            continue
        v = votes.get(key)
        if v is not None and v["LOC"] > v["PER"] and not is_first:
            continue  # a place: the LOC policy decides
        if (
            not is_first
            and _DEMONYM.search(key)
            and stats.lower[key] + stats.capital[key] > 0
            and v is not None
            and not v["PER"]
        ):
            continue
        parts = key.split()
        if any(
            w in stop_words or stats.lower[w] > stats.capital[w]
            for w in parts[:1]
            if len(parts) > 1
        ):
            continue  # Soixante-huit, Est-Ouest: compounds of common words
        lower, capital = stats.lower[key], stats.capital[key]
        propn = pos_at is not None and pos_at(m.start()) == "PROPN"
        if lower > capital and (capital < 3 or 4 * capital < lower) and not propn:
            continue
        if (
            sentence_initial(text, m.start())
            and not is_first
            and (lower or not (propn or capital >= 2))
        ):
            continue  # a transcriber's capital at the start of a turn
        start = m.start()
        particle = _PARTICLE_BEFORE.search(text[max(0, start - 8) : start])
        if particle and not is_first:
            start -= len(particle.group())
        spans.append(
            Span(
                start,
                m.end(),
                "PERSONNE",
                "capitals",
                text[start : m.end()],
                "first" if is_first else None,
            )
        )
    return spans


def _written_name(
    text: str, start: int, word: str, key: str, *, stats: CapitalStats, words: FrenchWords
) -> bool:
    """In a text with sentence capitals, whether a
    capitalised word may be a name (module docstring).
    """
    if any(w in words and not listed_name(w) for w in word.split("-")):
        return False
    return not (
        INNER_CAPITAL.match(word)
        or key in stats.upper
        or DETERMINER_BEFORE.search(text[max(0, start - 8) : start])
    )


def document_capitals(segments: pd.DataFrame, *, min_turns: int = 20) -> dict[str, bool]:
    """Whether each document capitalises sentences, for documents with enough turns to tell.

    A project may mix typed answers (sentence capitals) and transcripts written in lower case;
    documents with fewer than ``min_turns`` turns starting with a letter follow the corpus.
    """
    out: dict[str, bool] = {}
    if not len(segments):
        return out
    for doc_id, texts in segments.groupby("doc_id", sort=False)["text"]:
        firsts = texts.astype(str).str.lstrip(" [(«\"'-+").str[:1]
        if int(firsts.str.isalpha().sum()) >= min_turns:
            out[str(doc_id)] = not lowercase_style(texts)
    return out
