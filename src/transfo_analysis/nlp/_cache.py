"""On-disk cache of parsed segments, keyed by text hash and pipeline configuration.

Layout: ``<root>/<pipeline hash>/shard-<id>.parquet``, one row per distinct segment text (its
``h``ash), with the tokens and entities as list columns. A shard is written to a temporary file
and renamed, so a killed run leaves only complete shards; two processes filling the same cache
at once only risk parsing a text twice (duplicates are ignored on read). After editing one
transcript, only its changed turns are missing from the cache and parsed again.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from transfo_analysis.provenance import atomic_path

#: bump when what is stored per text changes (part of the cache key)
CACHE_FORMAT_VERSION = 1

#: columns of a cache row
CACHE_SCHEMA = pa.schema(
    [
        ("h", pa.string()),
        ("tok_start", pa.list_(pa.int32())),
        ("tok_end", pa.list_(pa.int32())),
        ("lemma", pa.list_(pa.string())),
        ("pos", pa.list_(pa.string())),
        ("flags", pa.list_(pa.uint8())),
        ("ent_start", pa.list_(pa.int32())),
        ("ent_end", pa.list_(pa.int32())),
        ("ent_label", pa.list_(pa.string())),
    ]
)

#: bits of the ``flags`` column
IS_ALPHA, IS_PUNCT, LIKE_NUM = 1, 2, 4


def text_hash(text: str) -> str:
    """Hash of a segment's analysis text (the cache key, with the pipeline folder).

    Parameters
    ----------
    text
        A segment's analysis text (:func:`analysis_text`).

    Returns
    -------
    A hex digest.
    """
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


class ParseCache:
    """A folder of parsed segments for one pipeline configuration.

    Parameters
    ----------
    root
        The cache root (``<project>/interim/nlp-cache`` by default).
    key
        The pipeline hash (:func:`transfo_analysis.nlp.pipeline_hash`).
    """

    def __init__(self, root: str | os.PathLike[str], key: str) -> None:
        self.dir = Path(root) / key
        self.dir.mkdir(parents=True, exist_ok=True)

    def _shards(self) -> list[Path]:
        return sorted(self.dir.glob("shard-*.parquet"))

    def keys(self) -> set[str]:
        """Hashes of every text already parsed."""
        shards = self._shards()
        if not shards:
            return set()
        table = ds.dataset(
            [str(p) for p in shards], schema=CACHE_SCHEMA, format="parquet"
        ).to_table(columns=["h"])
        return set(table.column("h").to_pylist())

    def write(self, table: pa.Table) -> Path | None:
        """Add parsed rows as a new shard (atomic)."""
        if table.num_rows == 0:
            return None
        name = f"shard-{uuid.uuid4().hex[:16]}.parquet"
        with atomic_path(self.dir / name) as tmp:
            pq.write_table(table.cast(CACHE_SCHEMA), tmp, compression="zstd")
        return self.dir / name

    def read(self, hashes: Iterable[str]) -> pa.Table:
        """Rows for the given hashes (each once)."""
        wanted = pa.array(sorted(set(hashes)), type=pa.string())
        shards = self._shards()
        if not shards or len(wanted) == 0:
            return CACHE_SCHEMA.empty_table()
        dataset = ds.dataset([str(p) for p in shards], schema=CACHE_SCHEMA, format="parquet")
        table = dataset.to_table(filter=pc.field("h").isin(wanted))
        if table.num_rows > len(wanted):  # the same text parsed twice by concurrent runs
            _, first = _first_occurrences(table.column("h"))
            table = table.take(first)
        return table

    def compact(self) -> int:
        """Merge all shards into one (after many small incremental runs); returns rows kept."""
        shards = self._shards()
        if len(shards) <= 1:
            return sum(pq.read_metadata(p).num_rows for p in shards)
        table = ds.dataset(
            [str(p) for p in shards], schema=CACHE_SCHEMA, format="parquet"
        ).to_table()
        _, first = _first_occurrences(table.column("h"))
        new = self.write(table.take(first))
        for p in shards:
            if p != new:
                p.unlink(missing_ok=True)
        return len(first)

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self._shards())


def _first_occurrences(column: pa.ChunkedArray) -> tuple[list[str], pa.Array]:
    seen: dict[str, int] = {}
    for i, h in enumerate(column.to_pylist()):
        seen.setdefault(h, i)
    return list(seen), pa.array(list(seen.values()), type=pa.int64())
