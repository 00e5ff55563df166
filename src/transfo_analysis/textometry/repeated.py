"""Repeated segments (Lexico's *segments répétés*): word sequences that come back in the corpus.

A repeated segment is a sequence of 2 to 6 consecutive forms (lower-cased words as written)
found at least ``min_frequency`` times. Sequences never run across punctuation, a pseudonym or
the end of a segment (speaker turn), so "rendez-vous à la mairie" is found, not "mairie. Et".
Sequences made only of stop words ("il y a", "c'est que") are left out by default.

Counting is done length by length on integer codes: a sequence of length ``n`` is only counted
where its first ``n-1`` words are themselves repeated often enough, which keeps the work close to
linear in the number of words.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from transfo_analysis.corpus import in_ids
from transfo_analysis.i18n import _
from transfo_analysis.provenance import record
from transfo_analysis.textometry._tables import terms, word_mask

REPEATED_COLUMNS = ["segment", "length", "frequency", "n_segments"]


def repeated_segments(
    segments: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    min_length: int = 2,
    max_length: int = 6,
    min_frequency: int = 2,
    drop_stop_only: bool = True,
) -> pd.DataFrame:
    """Repeated sequences of forms in the given segments.

    Parameters
    ----------
    segments
        The segments table (``segment_id``, ``text``); only these segments are searched.
    tokens
        The NLP tokens table.
    min_length, max_length
        Lengths of the sequences, in words.
    min_frequency
        Minimum number of occurrences.
    drop_stop_only
        Leave out sequences made only of stop words and oral fillers.

    Returns
    -------
    One row per repeated sequence: ``segment`` (as first written, lower case), ``length``,
    ``frequency`` and ``n_segments`` (how many segments contain it), sorted by decreasing
    frequency, then decreasing length, then alphabetically.
    """
    if not 1 <= min_length <= max_length:
        raise ValueError(_("need 1 <= min_length <= max_length"))
    order = pd.Series(np.arange(len(segments)), index=segments["segment_id"].to_numpy())
    tok = tokens[in_ids(tokens["segment_id"], order.index)]
    tok = tok.assign(_o=tok["segment_id"].map(order).to_numpy()).sort_values(
        ["_o", "i"], kind="stable"
    )
    word = word_mask(tok)
    seg = tok["_o"].to_numpy()
    # a new run starts at every non-word (punctuation, pseudonym) and at every new segment
    breaks = ~word | np.r_[True, seg[1:] != seg[:-1]]
    run = np.cumsum(breaks)[word]
    seg, start, end = seg[word], tok["start"].to_numpy()[word], tok["end"].to_numpy()[word]
    stop = tok["is_stop"].astype(bool).to_numpy()[word]
    codes, _uniques = pd.factorize(terms(tok, "form").to_numpy()[word])
    n_words = len(codes)
    texts = segments["text"].astype(str).to_numpy()
    rows = []
    key = codes.astype(np.int64)
    all_stop = stop.copy()
    for n in range(2, max_length + 1):
        if n > n_words:
            break
        m = n_words - n + 1
        ok = (key[:m] >= 0) & (run[:m] == run[n - 1 :])
        pair = np.where(ok, key[:m] * (n_words + 1) + codes[n - 1 :], -1)
        uniq, inv, counts = np.unique(pair, return_inverse=True, return_counts=True)
        frequent = (uniq >= 0) & (counts >= min_frequency)
        key = np.where(frequent[inv], inv, -1).astype(np.int64)
        all_stop = all_stop[:m] & stop[n - 1 :]
        if n >= min_length:
            rows.append(
                _collect(key, n, seg, start, end, all_stop if drop_stop_only else None, texts)
            )
        if not frequent.any():
            break
    if min_length == 1:
        rows.insert(
            0,
            _collect(
                _frequent(codes, min_frequency),
                1,
                seg,
                start,
                end,
                stop if drop_stop_only else None,
                texts,
            ),
        )
    out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=REPEATED_COLUMNS)
    out = out.sort_values(
        ["frequency", "length", "segment"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)
    out.attrs["provenance"] = record(
        "repeated_segments",
        parameters={
            "min_length": min_length,
            "max_length": max_length,
            "min_frequency": min_frequency,
            "drop_stop_only": drop_stop_only,
        },
        n_words=int(n_words),
    )
    return out


def _frequent(codes: np.ndarray, min_frequency: int) -> np.ndarray:
    _, inv, counts = np.unique(codes, return_inverse=True, return_counts=True)
    return np.where(counts[inv] >= min_frequency, inv, -1).astype(np.int64)


def _collect(
    key: np.ndarray,
    n: int,
    seg: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    all_stop: np.ndarray | None,
    texts: np.ndarray,
) -> pd.DataFrame:
    """One row per distinct frequent key of length ``n`` (keys < 0 are not frequent)."""
    pos = np.flatnonzero(key >= 0)
    if all_stop is not None:
        pos = pos[~all_stop[pos]]
    if not len(pos):
        return pd.DataFrame(columns=REPEATED_COLUMNS)
    df = pd.DataFrame({"key": key[pos], "seg": seg[pos], "pos": pos})
    g = df.groupby("key", sort=False)
    first = g["pos"].min().to_numpy()
    text = [" ".join(texts[seg[p]][start[p] : end[p + n - 1]].lower().split()) for p in first]
    return pd.DataFrame(
        {
            "segment": text,
            "length": n,
            "frequency": g.size().to_numpy(),
            "n_segments": g["seg"].nunique().to_numpy(),
        },
        columns=REPEATED_COLUMNS,
    )
