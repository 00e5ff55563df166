"""Text segments for the Reinert classification, cut from speaker turns, and their lemma tables.

A speaker turn (a row of the segments table) of at most ``1.25 × size`` words is one text
segment. A longer turn is cut repeatedly: the next cut falls between ``0.75 × size`` and
``1.25 × size`` words after the previous one (and leaves at least ``size / 4`` words after it),
after the strongest punctuation in that window (sentence end ``. ! ? …`` first, then ``; :``,
then any other punctuation), the one nearest to ``size`` words on a tie; without punctuation in
the window the cut falls at ``size`` words. Cutting stops once at most ``1.25 × size`` words
remain. So segments never run across turns and hold between a quarter and 1.25 times ``size``
words (a whole turn shorter than that excepted).
Turns are never merged: a short answer stays a short segment (IRaMuTeQ may run a segment across
the turns of one text; here segments must keep one speaker, role and territory). Words are
tokens that are not punctuation (pseudonyms count as words for the length but are never terms).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from transfo_analysis.corpus import in_ids
from transfo_analysis.textometry._tables import ORDER, content_mask, terms, word_mask

_SENTENCE_END = re.compile(r"[.!?…]")
_CLAUSE = re.compile(r"[;:]")
#: segment columns not carried over to the units (the text and the turn's timing)
_NOT_CARRIED = ("text", "start", "end", "n_words", "overlap")


def _cuts(n: int, strength: np.ndarray, size: int) -> list[int]:
    """Word positions where a turn of ``n`` words is
    cut (``strength[k]``: punctuation after word k).
    """
    cuts, s = [], 0
    lo_off, hi_off, tail = math.ceil(0.75 * size), math.floor(1.25 * size), math.ceil(size / 4)
    while n - s > 1.25 * size:
        lo, hi = s + lo_off, min(s + hi_off, n - tail)
        window = strength[lo : hi + 1]
        best = window.max()
        if best == 0:
            k = s + size
        else:
            cand = lo + np.flatnonzero(window == best)
            k = int(cand[np.argmin(np.abs(cand - (s + size)))])
        cuts.append(k)
        s = k
    return cuts


def build_units(
    segments: pd.DataFrame, tokens: pd.DataFrame, *, size: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cut turns into text segments.

    Returns
    -------
    ``(units, tok)``: one row per text segment (``unit_id`` = ``<segment_id>:<k>``, ``segment_id``,
    ``part`` k, ``char_start``/``char_end`` offsets in the turn's text, ``n_words`` and the
    turn's other columns, in corpus order), and the turns' tokens with their ``unit`` (row of
    ``units``). Turns without words are left out.
    """
    order = pd.Series(np.arange(len(segments)), index=segments["segment_id"].to_numpy())
    tok = tokens[in_ids(tokens["segment_id"], order.index)]
    tok = tok.assign(_turn=tok["segment_id"].map(order).to_numpy()).sort_values(
        ["_turn", "i"], kind="stable"
    )
    tok = tok.reset_index(drop=True)
    text = tok["text"].astype(str)
    is_word = (~tok["is_punct"].astype(bool) & (text.str.strip() != "")).to_numpy()
    turn = tok["_turn"].to_numpy()
    first = np.r_[True, turn[1:] != turn[:-1]]
    start_idx = np.flatnonzero(first)
    counts = np.diff(np.r_[start_idx, len(tok)])
    cw = np.cumsum(is_word) - is_word  # words before each token, corpus-wide
    before = cw - np.repeat(cw[start_idx], counts)
    n_words = (
        np.add.reduceat(is_word.astype(np.int64), start_idx) if len(tok) else np.zeros(0, np.int64)
    )
    # reference word of each token: itself, or the word before a punctuation mark
    ref = np.where(is_word, before, np.maximum(before - 1, 0))
    local = np.zeros(len(tok), dtype=np.int64)
    n_units = np.ones(len(start_idx), dtype=np.int64)
    long_turns = np.flatnonzero(n_words > 1.25 * size)
    if len(long_turns):
        strength = np.zeros(len(tok), dtype=np.int8)
        punct = ~is_word
        strength[punct] = 1
        strength[punct & text.str.contains(_CLAUSE).to_numpy()] = 2
        strength[punct & text.str.contains(_SENTENCE_END).to_numpy()] = 3
        for g in long_turns:
            a, b = start_idx[g], start_idx[g] + counts[g]
            after = np.zeros(n_words[g] + 1, dtype=np.int8)
            p = np.flatnonzero(punct[a:b])
            np.maximum.at(after, before[a:b][p], strength[a:b][p])
            cuts = _cuts(int(n_words[g]), after, size)
            local[a:b] = np.searchsorted(np.asarray(cuts, dtype=np.int64), ref[a:b], side="right")
            n_units[g] = len(cuts) + 1
    # token groups are the turns that have tokens; those without a word are left out
    keep_turn = n_words > 0
    n_units = np.where(keep_turn, n_units, 0)
    offset = np.cumsum(n_units) - n_units
    keep_tok = np.repeat(keep_turn, counts)
    unit = np.repeat(offset, counts) + local
    tok = tok.assign(unit=unit)[keep_tok].reset_index(drop=True)
    group_of_unit = np.repeat(np.arange(len(start_idx)), n_units)
    agg = tok.groupby("unit", sort=True).agg(char_start=("start", "min"), char_end=("end", "max"))
    agg["n_words"] = np.bincount(tok["unit"], weights=is_word[keep_tok], minlength=len(agg)).astype(
        np.int64
    )
    agg["part"] = agg.index.to_numpy() - offset[group_of_unit]
    seg_pos = turn[start_idx][group_of_unit]
    carried = (
        segments.drop(columns=[c for c in _NOT_CARRIED if c in segments])
        .iloc[seg_pos]
        .reset_index(drop=True)
    )
    units = pd.concat([agg.reset_index(drop=True), carried], axis=1)
    units.insert(0, "unit_id", units["segment_id"].astype(str) + ":" + units["part"].astype(str))
    units = units[
        [
            "unit_id",
            "segment_id",
            "part",
            "char_start",
            "char_end",
            "n_words",
            *[c for c in carried if c != "segment_id"],
        ]
    ]
    return units, tok.drop(columns="_turn")


def term_matrix(
    tok: pd.DataFrame,
    n_units: int,
    *,
    pos: Sequence[str] | None,
    min_frequency: int,
    active: bool = True,
) -> tuple[sp.csr_matrix, np.ndarray]:
    """Binary units × terms presence matrix.

    ``active=True``: lemmas of the given parts of speech, stop words and numbers out;
    ``active=False``: the *supplementary* lemmas, every other word (stop words, other parts of
    speech). Terms present in fewer than ``min_frequency`` units are dropped.

    Returns
    -------
    The CSR matrix (float64 ones) and the terms of its columns.
    """
    rows, cols, vocab = unit_term_pairs(tok, pos=pos, active=active)
    return presence_matrix(rows, cols, vocab, n_units, min_frequency=min_frequency)


def unit_term_pairs(
    tok: pd.DataFrame, *, pos: Sequence[str] | None, active: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which unit holds which term, once per (unit, term): the pairs of :func:`term_matrix`.

    Returns
    -------
    ``(rows, cols, vocab)``: each pair's unit (``tok["unit"]``) and term (a position in
    ``vocab``, the sorted terms found), sorted by unit then term.
    """
    content = content_mask(tok, pos=pos)
    keep = (
        content if active else word_mask(tok) & ~content & ~tok["like_num"].astype(bool).to_numpy()
    )
    lemma = terms(tok, "lemma").to_numpy()[keep]
    units = tok["unit"].to_numpy()[keep]
    codes, vocab = pd.factorize(lemma, sort=True)
    width = max(len(vocab), 1)
    pairs = np.unique(units.astype(np.int64) * width + codes)
    return pairs // width, pairs % width, np.asarray(vocab, dtype=object)


def _compact(pairs: tuple[np.ndarray, np.ndarray, np.ndarray]) -> tuple:
    """The pairs of one partition in 32-bit integers (half the memory until they are merged)."""
    rows, cols, vocab = pairs
    return rows.astype(np.int32), cols.astype(np.int32), vocab


def presence_matrix(
    rows: np.ndarray,
    cols: np.ndarray,
    vocab: np.ndarray,
    n_units: int,
    *,
    min_frequency: int,
) -> tuple[sp.csr_matrix, np.ndarray]:
    """The presence matrix of sorted, distinct (unit, term) pairs, rare terms dropped."""
    df = np.bincount(cols, minlength=len(vocab))
    kept = np.flatnonzero(df >= min_frequency)
    remap = np.full(len(vocab), -1)
    remap[kept] = np.arange(len(kept))
    sel = remap[cols] >= 0
    X = sp.csr_matrix(
        (np.ones(int(sel.sum())), (rows[sel], remap[cols[sel]])), shape=(n_units, len(kept))
    )
    return X, np.asarray(vocab, dtype=object)[kept]


@dataclass
class UnitLemmas:
    """The text segments of a corpus (or of one partition) and the lemmas each one holds.

    Attributes
    ----------
    units
        :func:`build_units`' table; ``ORDER`` (the turn's position in the corpus) is kept while
        partitions are merged.
    active, supplementary
        ``(rows, cols, vocab)`` pairs (:func:`unit_term_pairs`) of the active and the
        supplementary lemmas.
    """

    units: pd.DataFrame
    active: tuple[np.ndarray, np.ndarray, np.ndarray]
    supplementary: tuple[np.ndarray, np.ndarray, np.ndarray]


def unit_lemmas(
    segments: pd.DataFrame, tokens: pd.DataFrame, *, size: int, pos: Sequence[str] | None
) -> UnitLemmas:
    """Cut one partition's turns into text segments and list their lemmas: the map.

    Parameters
    ----------
    segments
        The partition's turns, with an ``ORDER`` column (their position in the corpus).
    tokens
        Their tokens.
    size, pos
        The classification's ``segment_size`` and ``active_pos``.

    Returns
    -------
    UnitLemmas
        What :func:`merge_unit_lemmas` gathers.
    """
    units, tok = build_units(segments, tokens, size=size)
    return UnitLemmas(
        units,
        _compact(unit_term_pairs(tok, pos=pos, active=True)),
        _compact(unit_term_pairs(tok, pos=pos, active=False)),
    )


def merge_unit_lemmas(parts: Sequence[UnitLemmas]) -> UnitLemmas:
    """The text segments of the whole corpus, in corpus order, with their lemmas: the reduce.

    Equal to :func:`unit_lemmas` on the whole corpus: units sorted by turn then part, vocabulary
    the sorted union of the partitions', pairs sorted by unit then term.

    Parameters
    ----------
    parts
        One :class:`UnitLemmas` per partition (at least one).

    Returns
    -------
    UnitLemmas
        The whole corpus's, ``ORDER`` dropped from the units.
    """
    frames = [p.units for p in parts]
    units = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    perm = np.lexsort((units["part"].to_numpy(), units[ORDER].to_numpy()))
    new_row = np.empty(len(units), dtype=np.int64)
    new_row[perm] = np.arange(len(units))
    units = units.iloc[perm].drop(columns=ORDER).reset_index(drop=True)
    offsets = np.cumsum([0, *[len(f) for f in frames]])

    def gather(which: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        triples = [getattr(p, which) for p in parts]
        vocab = np.unique(np.concatenate([t[2] for t in triples]).astype(object))
        width = max(len(vocab), 1)
        keys = [
            new_row[offsets[k] + rows] * width + np.searchsorted(vocab, local)[cols]
            for k, (rows, cols, local) in enumerate(triples)
            if len(rows)
        ]
        pairs = np.sort(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.int64)
        return pairs // width, pairs % width, vocab

    return UnitLemmas(units, gather("active"), gather("supplementary"))
