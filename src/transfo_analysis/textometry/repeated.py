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

from dataclasses import dataclass

import numpy as np
import pandas as pd

from transfo_analysis.corpus import in_ids
from transfo_analysis.i18n import _
from transfo_analysis.provenance import record
from transfo_analysis.textometry._tables import ORDER, terms, word_mask

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
    words = merge_sequence_words(
        [sequence_words(segments.assign(**{ORDER: np.arange(len(segments))}), tokens)]
    )
    return count_repeated(
        words,
        segments["text"].astype(str).to_numpy(),
        min_length=min_length,
        max_length=max_length,
        min_frequency=min_frequency,
        drop_stop_only=drop_stop_only,
    )


@dataclass
class SequenceWords:
    """The words of a corpus (or of one partition) as repeated segments read them.

    Attributes
    ----------
    order
        Each word's segment (its position in the corpus).
    breaks
        Whether a sequence cannot run from the previous word into this one (a new segment, or
        punctuation or a pseudonym between them).
    start, end
        Each word's character offsets in its segment's text.
    stop
        Whether it is a stop word or an oral filler.
    codes, vocab
        Each word's form, as a position in ``vocab`` (the sorted forms).
    """

    order: np.ndarray
    breaks: np.ndarray
    start: np.ndarray
    end: np.ndarray
    stop: np.ndarray
    codes: np.ndarray
    vocab: np.ndarray


def sequence_words(segments: pd.DataFrame, tokens: pd.DataFrame) -> SequenceWords:
    """The words of one partition's segments, in corpus order: the map.

    Parameters
    ----------
    segments
        The partition's segments, with an ``ORDER`` column (their position in the corpus).
    tokens
        Their tokens.

    Returns
    -------
    SequenceWords
        What :func:`merge_sequence_words` gathers.
    """
    order = pd.Series(segments[ORDER].to_numpy(), index=segments["segment_id"].to_numpy())
    tok = tokens[in_ids(tokens["segment_id"], order.index)]
    tok = tok.assign(_o=tok["segment_id"].map(order).to_numpy()).sort_values(
        ["_o", "i"], kind="stable"
    )
    word = word_mask(tok)
    seg = tok["_o"].to_numpy()
    new_segment = np.r_[True, seg[1:] != seg[:-1]]
    at = np.flatnonzero(word)
    # a sequence stops at every non-word (punctuation, pseudonym) and at every new segment
    breaks = new_segment[at] | np.r_[True, np.diff(at) != 1]
    codes, vocab = pd.factorize(terms(tok, "form").to_numpy()[word], sort=True)
    return SequenceWords(
        order=seg[word].astype(np.int32 if len(seg) and seg.max() < 2**31 else np.int64),
        breaks=breaks,
        start=tok["start"].to_numpy()[word],
        end=tok["end"].to_numpy()[word],
        stop=tok["is_stop"].astype(bool).to_numpy()[word],
        codes=codes.astype(np.int32),
        vocab=np.asarray(vocab, dtype=object),
    )


def merge_sequence_words(parts: list[SequenceWords]) -> SequenceWords:
    """The words of the whole corpus in corpus order, with one vocabulary: the reduce.

    Parameters
    ----------
    parts
        One :class:`SequenceWords` per partition (at least one).

    Returns
    -------
    SequenceWords
        The corpus's words; ``codes`` number the forms in order of first appearance (as
        :func:`pandas.factorize`), ``vocab`` stays sorted.
    """
    vocab = np.unique(np.concatenate([p.vocab for p in parts]).astype(object))
    codes = np.concatenate([np.searchsorted(vocab, p.vocab)[p.codes] for p in parts])
    order = np.concatenate([p.order for p in parts])
    # a segment lies in one partition, whose words are in order: a stable sort keeps them so
    idx = np.argsort(order, kind="stable")

    def cat(name: str) -> np.ndarray:
        return np.concatenate([getattr(p, name) for p in parts])[idx]

    return SequenceWords(
        order=order[idx],
        breaks=cat("breaks"),
        start=cat("start"),
        end=cat("end"),
        stop=cat("stop"),
        codes=pd.factorize(codes[idx])[0].astype(np.int64),
        vocab=vocab,
    )


def count_repeated(
    words: SequenceWords,
    texts: np.ndarray,
    *,
    min_length: int = 2,
    max_length: int = 6,
    min_frequency: int = 2,
    drop_stop_only: bool = True,
) -> pd.DataFrame:
    """Repeated sequences of the corpus's words (see :func:`repeated_segments`).

    Parameters
    ----------
    words
        The words of the whole corpus (:func:`merge_sequence_words`).
    texts
        The segments' texts, by position in the corpus.
    min_length, max_length, min_frequency, drop_stop_only
        As in :func:`repeated_segments`.

    Returns
    -------
    pandas.DataFrame
        As :func:`repeated_segments`.
    """
    if not 1 <= min_length <= max_length:
        raise ValueError(_("need 1 <= min_length <= max_length"))
    run = np.cumsum(words.breaks)
    seg, start, end, stop, codes = words.order, words.start, words.end, words.stop, words.codes
    n_words = len(codes)
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
