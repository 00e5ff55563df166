"""Automatic topic labels made of a real phrase, as the respondents wrote or said it.

For each topic, every run of two or three consecutive tokens in its members' segments is a
candidate when it starts and ends with a content word (no stop word, number, punctuation or
pseudonym at its edges, none of those but stop words inside) and contains at least one lemma of
the topic's top c-TF-IDF terms. A candidate's score is the number of the topic's units using it,
times the summed c-TF-IDF weight of the top lemmas it contains, times the share of its content
words that are top lemmas: a phrase that brings in an outside word counts for less (in a topic
on MDPH files, « dossier MDPH » beats the more frequent « demande de permis », whose « permis » is
no top term). The best one is shown in its most frequent written form (accents, case and
apostrophes as in the text: « temps d'attente », « médecins spécialistes »). Without a phrase
used by two units, the label is the two top terms in their most frequent written form
(« Médecins · hôpital »). Labels are marked :data:`AUTO_MARK` wherever stakeholders read them
(:func:`display_label`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from transfo_analysis.i18n import N_, _
from transfo_analysis.topics._token_source import PHRASE_COLUMNS, Tokens, tokens_of
from transfo_analysis.topics._words import _CONTENT

#: the mark after an automatic label (translated when shown)
AUTO_MARK = N_("(automatic label)")
#: how many of a topic's units are read for phrases (evenly spaced over them, for speed on big
#: corpora)
MAX_UNITS = 1000
#: top c-TF-IDF terms whose lemmas a phrase must contain
TOP_TERMS = 10


def display_label(label: str, source: str | None) -> str:
    """The label as stakeholders read it: an automatic one marked :data:`AUTO_MARK`, a team's
    name (``source="team"``) or a fixed label (« Hors thème ») as it is.

    Parameters
    ----------
    label
        The topic's label.
    source
        ``auto``, ``team`` or ``fixed`` (the ``label_source`` column).

    Returns
    -------
    The label to show.
    """
    return f"{label} {_(AUTO_MARK)}" if source == "auto" else label


def phrase_labels(
    segments: pd.DataFrame,
    tokens: Tokens,
    members: pd.DataFrame,
    *,
    terms: Mapping[int, Sequence[tuple[str, float]]],
    stops: frozenset[str],
) -> dict[int, str]:
    """A written phrase for each topic (see the module's rules).

    Parameters
    ----------
    segments
        ``segment_id`` and ``text`` (the pseudonymised text the phrases are cut from).
    tokens
        The tokens table (``segment_id``, ``i``, ``start``, ``end``, ``text``, ``lemma``, flags),
        or the path of a tokens file (only the members' segments read are kept).
    members
        ``segment_id``, ``unit`` (any unit key) and ``topic`` of the modelled segments.
    terms
        Topic id → its c-TF-IDF ``(term, weight)`` pairs, best first.
    stops
        Lemmas that may not start or end a phrase.

    Returns
    -------
    Topic id → label, for the topics that have at least one written top term.
    """
    weights = {t: _lemma_weights(ws) for t, ws in terms.items() if t >= 0}
    members = members[members["topic"].isin(list(weights))]
    members = members[members["unit"].isin(_spread_units(members))]
    topic_of = dict(zip(members["segment_id"], members["topic"], strict=True))
    unit_of = dict(zip(members["segment_id"], members["unit"], strict=True))
    text_of = dict(
        zip(segments["segment_id"], segments["text"].fillna("").astype(str), strict=True)
    )
    tok = tokens_of(tokens, topic_of, columns=PHRASE_COLUMNS).sort_values(
        ["segment_id", "i"], kind="stable"
    )
    lemma = tok["lemma"].astype(str).str.lower().str.replace("’", "'", regex=False).to_numpy()
    breaker = (tok["is_punct"].astype(bool) | tok["like_num"].astype(bool)).to_numpy()
    if "is_pseudonym" in tok:
        breaker = breaker | tok["is_pseudonym"].astype(bool).to_numpy()
    content = np.array([bool(_CONTENT.match(x)) and x not in stops for x in lemma]) & ~breaker
    seg = tok["segment_id"].tolist()
    if "start" in tok and "end" in tok:
        start, end = tok["start"].tolist(), tok["end"].tolist()
    else:  # no offsets: the tokens themselves, one space apart, are the written form
        text_of = {}
        start, end = [], []
        for s_id, part in tok.groupby("segment_id", sort=False)["text"]:
            pieces = part.astype(str).tolist()
            offsets = np.cumsum([0] + [len(p) + 1 for p in pieces])
            text_of[s_id] = " ".join(pieces)
            start.extend(offsets[:-1].tolist())
            end.extend((offsets[1:] - 1).tolist())
    lemma, breaker, content = lemma.tolist(), breaker.tolist(), content.tolist()
    units: dict[tuple, set] = defaultdict(set)
    forms: dict[tuple, Counter] = defaultdict(Counter)
    words: dict[tuple[int, str], Counter] = defaultdict(Counter)
    n_tok = len(seg)
    for j in range(n_tok):
        if not content[j]:
            continue
        t = topic_of[seg[j]]
        w = weights[t]
        text = text_of.get(seg[j], "")
        if lemma[j] in w:
            words[(t, lemma[j])][text[start[j] : end[j]]] += 1
        for k in (j + 1, j + 2):
            # a phrase stays in one segment, ends on a content word, has no breaker inside
            if k >= n_tok or seg[k] != seg[j] or not content[k] or breaker[j + 1]:
                continue
            key = tuple(lemma[j : k + 1])
            if not any(x in w for x in key):
                continue
            units[(t, key)].add(unit_of[seg[j]])
            forms[(t, key)][" ".join(text[start[j] : end[k]].split())] += 1
    best: dict[int, tuple[float, int, tuple]] = {}
    for (t, key), us in units.items():
        if len(us) < 2:
            continue
        on_topic = _on_topic(key, weights[t], stops)
        score = len(us) * sum(weights[t].get(x, 0.0) for x in set(key)) * on_topic
        rank = (score, -len(key), key)
        if t not in best or rank > best[t]:
            best[t] = rank
    labels, used = {}, {}
    for t, w in weights.items():
        if t in best:
            labels[t] = _most_common(forms[(t, best[t][2])])
            used[t] = set(best[t][2])
            continue
        top = [x for x in w if (t, x) in words][:2]  # top terms' written forms
        if top:
            labels[t] = " · ".join(_most_common(words[(t, x)]) for x in top)
            used[t] = set(top)
    # topics sharing a phrase are told apart by their best other top term, as written
    seen = Counter(labels.values())
    for t, label in list(labels.items()):
        extra = [x for x in weights[t] if x not in used[t] and (t, x) in words]
        if seen[label] > 1 and extra:
            labels[t] = f"{label} · {_most_common(words[(t, extra[0])])}"
    return labels


def _spread_units(members: pd.DataFrame) -> set:
    """The units read for phrases: at most :data:`MAX_UNITS` of each topic.

    They are evenly spaced over the topic's units in the members' order (the corpus' order): the
    first ones would all come from the topic's first documents, often one territory or question.
    """
    kept: set = set()
    for _topic, units in members.drop_duplicates("unit").groupby("topic", sort=False)["unit"]:
        n = len(units)
        at = np.unique(np.linspace(0, n - 1, min(MAX_UNITS, n)).round().astype(int))
        kept.update(units.iloc[at])
    return kept


def _on_topic(key: tuple[str, ...], weights: Mapping[str, float], stops: frozenset[str]) -> float:
    """Share of a phrase's content words that are top lemmas of its topic.

    1 for « dossier MDPH » in a topic whose top terms hold both words, ½ for « demande de
    permis » where only « demande » is one (« de » is a stop word: not counted).
    """
    content = {x for x in key if _CONTENT.match(x) and x not in stops}  # never empty: the edges
    return sum(x in weights for x in content) / len(content)


def _lemma_weights(ws: Sequence[tuple[str, float]]) -> dict[str, float]:
    """Lemma → weight of the best top term containing it (terms may be bigrams), best first."""
    out: dict[str, float] = {}
    for term, weight in list(ws)[:TOP_TERMS]:
        for lemma in str(term).split():
            out.setdefault(lemma, float(weight))
    return out


def _most_common(counter: Counter) -> str:
    """The most frequent form; ties go to the form met first (the text's own order)."""
    return counter.most_common(1)[0][0]
