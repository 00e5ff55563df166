"""The parse's tables, made from the cache: whole for a corpus in memory, a slice of segments at a
time for a project.

The cache holds one row per distinct text (list columns: offsets, lemmas, parts of speech,
flags, entities); :func:`explode` turns the rows of some segments into one row per token and one
row per entity. :func:`write_tables` writes a project's two tables a slice of segments at a time,
so that the client never holds the whole tables (23 M tokens for a million answers, which as
Python objects came to 13.7 GiB): the same rows, columns and types as :func:`explode` on every
segment at once.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from transfo_analysis.config import NLPSettings
from transfo_analysis.nlp._cache import IS_ALPHA, IS_PUNCT, LIKE_NUM
from transfo_analysis.nlp._stopwords import stop_words

#: segments exploded at a time by :func:`write_tables` (about a million tokens of answers)
SLICE_SEGMENTS = 50_000
#: rows read at a time by :func:`iter_tokens`
BATCH_ROWS = 250_000


def iter_tokens(
    path: str | os.PathLike[str],
    *,
    columns: Sequence[str] | None = None,
    batch_rows: int = BATCH_ROWS,
) -> Iterator[pd.DataFrame]:
    """A tokens file read a batch of whole segments at a time, never whole.

    The parse and pseudonymisation write each segment's tokens together; a segment cut by a
    batch boundary waits for the next batch, so every segment is in exactly one batch, with all
    its rows.

    Parameters
    ----------
    path
        A tokens Parquet file (``<project>/processed/nlp/tokens.parquet``, or ``interim``).
    columns
        The columns to read (those the file does not have are left out); ``None``: all of them.
        ``segment_id`` is always read.
    batch_rows
        Rows read at a time (a batch holds a little more: the segment carried over).

    Yields
    ------
    pandas.DataFrame
        Rows of whole segments, in the file's order; one empty frame with the file's columns
        when the file has no row.
    """
    import pyarrow.parquet as pq

    table = pq.ParquetFile(path)
    names = table.schema_arrow.names
    wanted = (
        None
        if columns is None
        else [c for c in dict.fromkeys(["segment_id", *columns]) if c in names]
    )
    carry: pd.DataFrame | None = None
    seen = False
    try:
        for batch in table.iter_batches(batch_size=batch_rows, columns=wanted):
            rows = batch.to_pandas()
            if carry is not None and len(carry):
                rows = pd.concat([carry, rows], ignore_index=True)
            ids = rows["segment_id"].to_numpy()
            others = np.flatnonzero(ids != ids[-1]) if len(ids) else np.zeros(0, int)
            cut = int(others[-1]) + 1 if len(others) else 0  # the last segment waits
            carry = rows.iloc[cut:]
            if cut:
                seen = True
                yield rows.iloc[:cut]
        if carry is not None and len(carry):
            yield carry
        elif not seen:  # no row: the empty table, with its columns and types
            yield pd.read_parquet(path, columns=wanted)
    finally:
        pa.default_memory_pool().release_unused()  # the batches' buffers, kept by the pool


def cache_positions(rows: pa.Table, hashes: Sequence[str]) -> np.ndarray:
    """For each text hash, the position of its row in ``rows`` (every hash must be there)."""
    position = {h: i for i, h in enumerate(rows.column("h").to_pylist())}
    return np.fromiter((position[h] for h in hashes), dtype=np.int64, count=len(hashes))


def list_lengths(rows: pa.Table, column: str) -> np.ndarray:
    """The length of each row's list in ``column`` (its tokens, its entities)."""
    return pc.list_value_length(rows.column(column).combine_chunks()).to_numpy(zero_copy_only=False)


def pos_categories(rows: pa.Table) -> pd.CategoricalDtype:
    """The parts of speech of ``rows``, sorted: the categories of the whole tokens table."""
    values = pc.unique(pc.list_flatten(rows.column("pos").combine_chunks())).to_pylist()
    return pd.CategoricalDtype(sorted(v for v in values if v is not None))


def explode(
    rows: pa.Table,
    *,
    at: np.ndarray,
    segment_ids: Sequence[str],
    texts: Sequence[str],
    settings: NLPSettings,
    pos_dtype: pd.CategoricalDtype | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One cache row per distinct text → one token row per token of every segment.

    Parameters
    ----------
    rows
        The cache rows of the segments' texts (:meth:`ParseCache.read`).
    at
        For each segment, the position of its text's row in ``rows`` (:func:`cache_positions`).
    segment_ids, texts
        The segments' ids and analysed texts (:func:`analysis_text`), in corpus order.
    settings
        The NLP settings (stop-word adjustments).
    pos_dtype
        The categories of ``pos`` (:func:`pos_categories`, for tables written a slice at a
        time); those of the slice when ``None``.

    Returns
    -------
    tuple of pandas.DataFrame
        The tokens and the entities.
    """
    per_seg = rows.take(pa.array(at, type=pa.int64()))

    def _flat(name: str) -> tuple[np.ndarray, np.ndarray]:
        col = per_seg.column(name).combine_chunks()
        return pc.list_flatten(col).to_numpy(zero_copy_only=False), pc.list_parent_indices(
            col
        ).to_numpy()

    start, parent = _flat("tok_start")
    end, _ = _flat("tok_end")
    lemma, _ = _flat("lemma")
    pos, _ = _flat("pos")
    flags, _ = _flat("flags")
    lengths = pc.list_value_length(per_seg.column("tok_start").combine_chunks()).to_numpy()
    first = np.repeat(np.cumsum(lengths) - lengths, lengths)
    stops = stop_words(tuple(settings.extra_stop_words), tuple(settings.keep_words))
    text = np.array(
        [texts[p][s:e] for p, s, e in zip(parent, start, end, strict=True)],
        dtype=object,
    )
    lower_lemma = pd.Series(lemma, dtype="str").str.lower()
    lower_text = pd.Series(text, dtype="str").str.lower()
    seg_ids = np.asarray(segment_ids, dtype=object)
    tokens = pd.DataFrame(
        {
            "segment_id": pd.Series(seg_ids[parent], dtype="str"),
            "i": (np.arange(len(start)) - first).astype("int32"),
            "start": start.astype("int32"),
            "end": end.astype("int32"),
            "text": pd.Series(text, dtype="str"),
            "lemma": pd.Series(lemma, dtype="str"),
            "pos": pd.Series(pos, dtype=pos_dtype if pos_dtype is not None else "category"),
            "is_alpha": (flags & IS_ALPHA).astype(bool),
            "is_punct": (flags & IS_PUNCT).astype(bool),
            "like_num": (flags & LIKE_NUM).astype(bool),
            "is_stop": (lower_lemma.isin(stops) | lower_text.isin(stops)).to_numpy(),
        }
    )
    e_start, e_parent = _flat("ent_start")
    e_end, _ = _flat("ent_end")
    e_label, _ = _flat("ent_label")
    entities = pd.DataFrame(
        {
            "segment_id": pd.Series(seg_ids[e_parent], dtype="str"),
            "start": e_start.astype("int32"),
            "end": e_end.astype("int32"),
            "label": pd.Series(e_label, dtype="str"),
            "text": pd.Series(
                [texts[p][s:e] for p, s, e in zip(e_parent, e_start, e_end, strict=True)],
                dtype="str",
            ),
        }
    )
    return tokens, entities


def write_tables(
    rows: pa.Table,
    *,
    at: np.ndarray,
    segment_ids: Sequence[str],
    texts: Sequence[str],
    settings: NLPSettings,
    tokens_file: str | Path,
    entities_file: str | Path,
    attrs: dict[str, Any] | None = None,
    slice_segments: int = SLICE_SEGMENTS,
) -> tuple[int, int]:
    """Write the tokens and entities of every segment, a slice of segments at a time.

    Parameters
    ----------
    rows
        The cache rows of the segments' texts.
    at
        Per segment, in corpus order, the position of its text's row in ``rows``
        (:func:`cache_positions`).
    segment_ids, texts
        Per segment: its id and its analysed text.
    settings
        The NLP settings.
    tokens_file, entities_file
        The Parquet files to write (give temporary names: see
        :func:`transfo_analysis.provenance.atomic_path`).
    attrs
        The tokens table's ``attrs`` (its provenance), stored as :meth:`pandas.DataFrame.to_parquet`
        stores them.
    slice_segments
        Segments exploded at a time.

    Returns
    -------
    tuple of int
        Tokens and entities written.
    """
    import json

    import pyarrow.parquet as pq

    pos_dtype = pos_categories(rows)
    writers: dict[str, pq.ParquetWriter] = {}
    written = {"tokens": 0, "entities": 0}
    targets = {"tokens": tokens_file, "entities": entities_file}
    try:
        for a in range(0, max(len(at), 1), slice_segments):
            b = a + slice_segments
            tables = explode(
                rows,
                at=at[a:b],
                segment_ids=segment_ids[a:b],
                texts=texts[a:b],
                settings=settings,
                pos_dtype=pos_dtype,
            )
            for name, frame in zip(("tokens", "entities"), tables, strict=True):
                if name not in writers:
                    table = pa.Table.from_pandas(frame, preserve_index=False)
                    if name == "tokens" and attrs:
                        meta = {**(table.schema.metadata or {}), b"PANDAS_ATTRS": json.dumps(attrs)}
                        table = table.replace_schema_metadata(meta)
                    writers[name] = pq.ParquetWriter(targets[name], table.schema)
                else:
                    table = pa.Table.from_pandas(
                        frame, schema=writers[name].schema, preserve_index=False
                    )
                writers[name].write_table(table)
                written[name] += len(frame)
    finally:
        for writer in writers.values():
            writer.close()
        pa.default_memory_pool().release_unused()
    return written["tokens"], written["entities"]
