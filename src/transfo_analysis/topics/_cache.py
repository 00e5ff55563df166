"""On-disk cache of embeddings, keyed by what was embedded and by the backend's identity.

Layout: ``<cache_dir>/<backend name>-<identity hash>/part-<id>.npz``, each shard holding the
hashes (``h``) and the float32 vectors (``v``) of one embedded chunk. A shard is written to a
temporary file and renamed, so a killed run leaves only complete shards; two processes filling
the same folder at once only risk embedding a text twice (duplicates are ignored on read).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from transfo_analysis.provenance import atomic_path


def payload_hash(text: str, lemmas: Sequence[str] | None = None) -> str:
    """Hash of what a backend embeds: the text, or the lemmas when the backend works on lemmas."""
    data = text if lemmas is None else "\x1f".join(lemmas)
    return hashlib.blake2b(data.encode("utf-8"), digest_size=12).hexdigest()


class EmbeddingCache:
    """A folder of embeddings made by one backend (one identity).

    Parameters
    ----------
    root
        The cache folder (``<project>/interim/embeddings`` for a project).
    name
        The backend's name (readable part of the folder name).
    identity
        The backend's identity (model, version, fitted-model hash).
    """

    def __init__(self, root: str | Path, name: str, identity: str) -> None:
        digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
        self.dir = Path(root) / f"{name}-{digest}"
        self.dir.mkdir(parents=True, exist_ok=True)
        marker = self.dir / "identity.txt"
        if not marker.exists():
            marker.write_text(identity + "\n", encoding="utf-8")
        self._index: dict[str, tuple[int, int]] | None = None
        self._blocks: list[np.ndarray] = []

    def _load(self) -> dict[str, tuple[int, int]]:
        if self._index is None:
            self._index, self._blocks = {}, []
            for path in sorted(self.dir.glob("part-*.npz")):
                with np.load(path, allow_pickle=False) as data:
                    hashes, vectors = data["h"], data["v"]
                block = len(self._blocks)
                self._blocks.append(vectors)
                for row, h in enumerate(hashes.tolist()):
                    self._index.setdefault(h, (block, row))
        return self._index

    def lookup(self, hashes: Sequence[str]) -> tuple[np.ndarray, np.ndarray | None]:
        """Which hashes are cached, and their vectors.

        Returns
        -------
        found
            Boolean mask over ``hashes``.
        vectors
            The cached vectors of the found hashes, in order (``None`` when none is found).
        """
        index = self._load()
        where = [index.get(h) for h in hashes]
        found = np.array([w is not None for w in where], dtype=bool)
        if not found.any():
            return found, None
        rows = [self._blocks[b][r] for b, r in (w for w in where if w is not None)]
        return found, np.vstack(rows)

    def store(self, hashes: Sequence[str], vectors: np.ndarray) -> Path | None:
        """Add vectors as a new shard (atomic)."""
        if len(hashes) == 0:
            return None
        name = f"part-{uuid.uuid4().hex[:16]}.npz"
        self.dir.mkdir(parents=True, exist_ok=True)  # the cache may have been cleared meanwhile
        vectors = np.asarray(vectors, dtype=np.float32)
        with atomic_path(self.dir / name) as tmp:
            np.savez(tmp, h=np.asarray(list(hashes), dtype=str), v=vectors)
        index = self._load()
        block = len(self._blocks)
        self._blocks.append(vectors)
        for row, h in enumerate(hashes):
            index.setdefault(h, (block, row))
        return self.dir / name

    def __len__(self) -> int:
        return len(self._load())
