"""Semantic code suggestions: segments close to a code's definition and examples.

Each code gets a *prototype*: the normalised mean of the embeddings of its description (name,
definition, inclusion criteria) and of each of its examples. A segment is suggested a code when
their cosine similarity reaches ``threshold`` and the code is among the segment's ``top_k``
closest. The embeddings come from :mod:`transfo_analysis.topics.embeddings` (offline backends;
``tfidf`` by default, fitted on the segments given). Segment lemmas are taken from the cached
tokens table, so nothing is parsed again; only the codebook's short texts are lemmatised.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from transfo_analysis.coding.codebook import Codebook
from transfo_analysis.coding.suggest import SUGGESTION_COLUMNS
from transfo_analysis.corpus import RESPONDENT_ROLES
from transfo_analysis.i18n import _
from transfo_analysis.provenance import record


def code_texts(codebook: Codebook, codes: Sequence[str]) -> tuple[list[str], list[int]]:
    """Texts describing each code (description, then each example) and the code each belongs to."""
    texts, owner = [], []
    for i, name in enumerate(codes):
        c = codebook.codes[name]
        texts.append(". ".join(x for x in (c.name, c.definition, c.include) if x))
        owner.append(i)
        for ex in c.examples:
            texts.append(ex)
            owner.append(i)
    return texts, owner


def _embed(
    texts: list[str], *, backend: Any, lemmas: list[list[str]] | None, cache_dir: Path | None
) -> np.ndarray:
    from transfo_analysis.topics.embeddings import embed

    return embed(texts, backend=backend, lemmas=lemmas, cache_dir=cache_dir, show_progress=False)


def code_similarity(
    segments: pd.DataFrame,
    codebook: Codebook,
    *,
    backend: Any,
    tokens: pd.DataFrame | None = None,
    codes: Sequence[str] | None = None,
    cache_dir: str | Path | None = None,
) -> pd.DataFrame:
    """Cosine similarity of every segment to every code prototype (segments × codes).

    Parameters
    ----------
    segments
        Segments (``segment_id``, ``text``).
    codebook
        The codebook.
    backend
        An embedding backend object or name
        (:func:`transfo_analysis.topics.embeddings.get_backend`). A fitted backend is reused as it
        is; an unfitted one is fitted on ``segments``.
    tokens
        The tokens table, for the backends that read lemmas (avoids parsing the corpus again).
    codes
        Restrict to these codes (default: every codable code with a definition or examples).
    cache_dir
        Embedding cache folder.

    Returns
    -------
    A segments × codes table of cosine similarities, indexed by ``segment_id``.
    """
    if isinstance(backend, str):
        from transfo_analysis.topics.embeddings import get_backend

        backend = get_backend(backend)
    names = (
        codebook.check(codes)
        if codes is not None
        else [c.name for c in codebook if c.codable and (c.definition or c.examples)]
    )
    seg_lemmas = None
    if getattr(backend, "uses_lemmas", False) and tokens is not None:
        from transfo_analysis.topics import content_lemmas

        seg_lemmas = content_lemmas(tokens, segments["segment_id"]).tolist()
    cache = Path(cache_dir) if cache_dir is not None else None
    seg_vectors = _embed(
        segments["text"].astype(str).tolist(), backend=backend, lemmas=seg_lemmas, cache_dir=cache
    )
    texts, owner = code_texts(codebook, names)
    text_vectors = _embed(texts, backend=backend, lemmas=None, cache_dir=cache)
    protos = np.zeros(
        (len(names), text_vectors.shape[1] if text_vectors.size else seg_vectors.shape[1]),
        dtype=np.float32,
    )
    np.add.at(protos, np.asarray(owner), text_vectors)
    norms = np.linalg.norm(protos, axis=1, keepdims=True)
    protos = np.divide(protos, norms, out=np.zeros_like(protos), where=norms > 0)
    sims = seg_vectors @ protos.T if len(names) else np.zeros((len(segments), 0))
    out = pd.DataFrame(
        sims, index=pd.Index(segments["segment_id"].to_numpy(), name="segment_id"), columns=names
    )
    out.attrs["backend"] = repr(backend)
    return out


def suggest_semantic(
    segments: pd.DataFrame,
    codebook: Codebook,
    *,
    backend: Any,
    tokens: pd.DataFrame | None = None,
    threshold: float = 0.3,
    top_k: int = 2,
    roles: Sequence[str] | None = RESPONDENT_ROLES,
    min_words: int = 5,
    codes: Sequence[str] | None = None,
    cache_dir: str | Path | None = None,
) -> pd.DataFrame:
    """Suggest the codes whose definition and examples are closest to each segment.

    Parameters
    ----------
    segments, codebook, backend, tokens, codes, cache_dir
        See :func:`code_similarity`. The backend is fitted on *all* ``segments`` given (a better
        vocabulary), and suggestions are made for the ``roles`` only.
    threshold
        Minimum cosine similarity (``coding.semantic_threshold`` in the settings).
    top_k
        At most this many codes per segment.
    roles
        Speaker roles that receive suggestions (default: everyone but the interviewer).
    min_words
        Segments shorter than this ("oui", "voilà") receive none.

    Returns
    -------
    :data:`~transfo_analysis.coding.suggest.SUGGESTION_COLUMNS` with ``origin`` "semantic",
    ``confidence`` the similarity (clipped to [0, 1]) and ``matched`` the similarity as text.
    """
    sims = code_similarity(
        segments, codebook, backend=backend, tokens=tokens, codes=codes, cache_dir=cache_dir
    )
    eligible = segments
    if roles is not None:
        eligible = eligible[eligible["role"].isin(list(roles))]
    if "n_words" in eligible:
        eligible = eligible[eligible["n_words"] >= min_words]
    s = sims.loc[sims.index.isin(eligible["segment_id"])]
    rows = []
    if s.shape[1]:
        values = s.to_numpy()
        order = np.argsort(-values, axis=1)[:, :top_k]
        for r, sid in enumerate(s.index):
            for j in order[r]:
                score = float(values[r, j])
                if score >= threshold:
                    rows.append(
                        {
                            "segment_id": sid,
                            "code": s.columns[j],
                            "origin": "semantic",
                            "confidence": round(min(max(score, 0.0), 1.0), 4),
                            "matched": _("similarity {score}").format(score=f"{score:.2f}"),
                            "start": None,
                            "end": None,
                        }
                    )
    out = pd.DataFrame(rows, columns=SUGGESTION_COLUMNS)
    out.attrs["provenance"] = record(
        "suggest_semantic",
        parameters={
            "backend": sims.attrs.get("backend"),
            "threshold": threshold,
            "top_k": top_k,
            "roles": list(roles) if roles else None,
            "min_words": min_words,
        },
        n_segments=len(s),
        n_suggestions=len(out),
    )
    return out
