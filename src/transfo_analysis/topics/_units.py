"""Units of analysis for topics: respondent turns, short turns merged or given context.

A *unit* is what the topic model sees. By default the interviewer's turns are left out and a
respondent's consecutive turns in a document (consecutive once the interviewer's turns are
removed: "oui", "ben non", "et puis les horaires…") are merged until they reach ``min_words``
words; a short remainder joins the unit before it. Every unit keeps the ids of its segments,
so topics map back to every segment. With ``short_turns="context"``, each turn stays a unit of
its own but is embedded together with its neighbours (same speaker) up to ``min_words``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from transfo_analysis.config import TopicSettings
from transfo_analysis.corpus import Corpus, in_ids
from transfo_analysis.topics._token_source import LEMMA_COLUMNS, Tokens, token_batches
from transfo_analysis.topics._words import _CONTENT, topic_stop_words

UNIT_COLUMNS = [
    "unit_id",
    "doc_id",
    "speaker_id",
    "role",
    "territory",
    "service",
    "segment_ids",
    "n_segments",
    "n_words",
    "text",
    "lemmas",
    "embed_text",
    "embed_lemmas",
    "modelled",
]


def content_lemmas(
    tokens: Tokens,
    segment_ids: pd.Series,
    *,
    extra_stop_words: list[str] | tuple[str, ...] = (),
) -> pd.Series:
    """Content lemmas of each segment, in text order: lower case, no stop word, filler, number,
    punctuation or pseudonym (tokens flagged ``is_pseudonym``).

    Parameters
    ----------
    tokens
        The tokens table, or the path of a tokens file (read a batch at a time, never whole).
    segment_ids
        The segments wanted.
    extra_stop_words
        Further words left out.

    Returns
    -------
    The list of content lemmas of each segment, indexed like ``segment_ids``. Equal lemmas are
    one string object, shared by every list (a million answers' lists hold ten million lemmas).
    """
    stops = topic_stop_words(extra_stop_words)
    shared: dict[str, str] = {}
    found: dict[str, list[str]] = {}
    if isinstance(tokens, pd.DataFrame):  # in memory: only the segments wanted
        tokens = tokens[in_ids(tokens["segment_id"], segment_ids)]
    for batch in token_batches(tokens, columns=LEMMA_COLUMNS):
        found.update(_segment_lemmas(batch, stops, shared))
    return pd.Series([found.get(s, []) for s in segment_ids], index=segment_ids.index, dtype=object)


def _segment_lemmas(
    t: pd.DataFrame, stops: frozenset[str], shared: dict[str, str]
) -> dict[str, list[str]]:
    """Each segment's content lemmas in ``t`` (rows of whole segments), in text order."""
    keep = ~(t["is_punct"].astype(bool) | t["like_num"].astype(bool) | t["is_stop"].astype(bool))
    if "is_pseudonym" in t:
        keep &= ~t["is_pseudonym"].astype(bool)
    t = t[keep]
    lemma = t["lemma"].astype(str).str.lower().str.replace("’", "'", regex=False)
    ok = (
        lemma.str.match(_CONTENT)
        & ~lemma.isin(stops)
        & ~t["text"].astype(str).str.lower().isin(stops)
    ).to_numpy(dtype=bool)
    kept = pd.DataFrame({"segment_id": t["segment_id"].to_numpy()[ok], "i": t["i"].to_numpy()[ok]})
    order = kept.sort_values(["segment_id", "i"], kind="stable").index.to_numpy()
    codes, uniques = pd.factorize(lemma.to_numpy()[ok][order])
    words = [shared.setdefault(u, u) for u in uniques.tolist()]
    seg = kept["segment_id"].to_numpy()[order]
    out: dict[str, list[str]] = {}
    if not len(seg):
        return out
    starts = np.flatnonzero(np.r_[True, seg[1:] != seg[:-1]])
    ends = np.r_[starts[1:], len(seg)]
    code_list = codes.tolist()
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        out[seg[a]] = [words[c] for c in code_list[a:b]]
    return out


def build_units(
    corpus: Corpus,
    tokens: Tokens,
    *,
    settings: TopicSettings,
    include_interviewer: bool = False,
) -> pd.DataFrame:
    """The units a topic model is fitted on (columns :data:`UNIT_COLUMNS`).

    Parameters
    ----------
    corpus
        The pseudonymised corpus.
    tokens
        Its tokens table, or the path of its tokens file (read a batch at a time).
    settings
        ``short_turns``, ``min_words``, ``min_content_words``, ``extra_stop_words``.
    include_interviewer
        Keep the interviewer's turns (role ``enqueteur``).

    Returns
    -------
    One row per unit: ids, attributes, text and lemmas, and what is embedded.
    """
    segs = corpus.segments
    if not include_interviewer:
        segs = segs[segs["role"] != "enqueteur"]
    segs = segs[segs["text"].fillna("").str.strip() != ""]
    order = [c for c in ("doc_id", "turn") if c in segs]
    segs = (
        segs.sort_values(order, kind="stable").reset_index(drop=True)
        if order
        else segs.reset_index(drop=True)
    )
    n_words = segs["n_words"] if "n_words" in segs else segs["text"].str.split().str.len()
    lemmas = content_lemmas(tokens, segs["segment_id"], extra_stop_words=settings.extra_stop_words)
    new_run = (segs["doc_id"] != segs["doc_id"].shift()) | (
        segs["speaker_id"] != segs["speaker_id"].shift()
    )
    run = new_run.cumsum().to_numpy()
    if settings.short_turns == "merge":
        groups = _merge_groups(run, n_words.to_numpy(), settings.min_words)
    else:
        groups = [[i] for i in range(len(segs))]
    col: dict[str, list[Any]] = {
        c: (segs[c].tolist() if c in segs else [None] * len(segs))
        for c in ("segment_id", "doc_id", "speaker_id", "role", "territory", "service", "text")
    }
    words_arr = n_words.to_numpy()
    lem = lemmas.tolist()
    rows = []
    for members in groups:
        f = members[0]
        unit_lemmas = [w for i in members for w in lem[i]]
        text = " ".join(col["text"][i] for i in members)
        if settings.short_turns == "context":
            window = _window(f, run, words_arr, settings.min_words)
            embed_text = " ".join(col["text"][i] for i in window)
            embed_lemmas = [w for i in window for w in lem[i]]
        else:
            embed_text, embed_lemmas = text, unit_lemmas
        rows.append(
            (
                col["segment_id"][f],
                col["doc_id"][f],
                col["speaker_id"][f],
                col["role"][f],
                col["territory"][f],
                col["service"][f],
                [col["segment_id"][i] for i in members],
                len(members),
                int(words_arr[members].sum()),
                text,
                unit_lemmas,
                embed_text,
                embed_lemmas,
                len(embed_lemmas) >= settings.min_content_words,
            )
        )
    return pd.DataFrame(rows, columns=UNIT_COLUMNS)


def _merge_groups(run: np.ndarray, n_words: np.ndarray, min_words: int) -> list[list[int]]:
    """Consecutive rows of one run, accumulated until
    ``min_words``; a short tail joins the previous group.
    """
    groups: list[list[int]] = []
    current: list[int] = []
    words = 0
    for i in range(len(run)):
        if current and run[i] != run[current[0]]:
            _close(groups, current, words, min_words, run)
            current, words = [], 0
        current.append(i)
        words += int(n_words[i])
        if words >= min_words:
            groups.append(current)
            current, words = [], 0
    if current:
        _close(groups, current, words, min_words, run)
    return groups


def _close(
    groups: list[list[int]], current: list[int], words: int, min_words: int, run: np.ndarray
) -> None:
    if words < min_words and groups and run[groups[-1][0]] == run[current[0]]:
        groups[-1].extend(current)
    else:
        groups.append(current)


def _window(i: int, run: np.ndarray, n_words: np.ndarray, min_words: int) -> list[int]:
    """Row ``i`` with its neighbours of the same run,
    alternately after and before, up to ``min_words``.
    """
    lo = hi = i
    words = int(n_words[i])
    while words < min_words:
        grown = False
        if hi + 1 < len(run) and run[hi + 1] == run[i]:
            hi += 1
            words += int(n_words[hi])
            grown = True
        if words < min_words and lo - 1 >= 0 and run[lo - 1] == run[i]:
            lo -= 1
            words += int(n_words[lo])
            grown = True
        if not grown:
            break
    return list(range(lo, hi + 1))
