"""Large corpora: the model is fitted on a seeded stratified sample, every other unit assigned.

Above ``topics.fit_sample_size`` modelled units, :func:`stratified_sample` draws that many units,
spread over the (territory, role) strata in proportion to their size and chosen inside each
stratum by a hash of (seed, unit id): the same seed and units give the same sample whatever
their order or the machine. The topic model (embedding backend, UMAP, HDBSCAN, c-TF-IDF) is
fitted once on the sample, on the client; then :func:`assign_units` embeds the other units
partition by partition (in this process or on Dask workers, cached by content) and gives each
one the topic whose centroid is nearest in embedding space, the rule BERTopic's
``reduce_outliers(strategy="embeddings")`` applies to a full fit's outliers. Each unit's topic
depends only on its own text and the fitted model, so results are the same in-process and on any
number of workers. See ``docs/topics.md`` ("Large corpora").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from transfo_analysis.corpus import n_partitions, partition_keys, partitions
from transfo_analysis.i18n import _
from transfo_analysis.topics._backend import EmbeddingBackend
from transfo_analysis.topics._threads import one_blas_thread
from transfo_analysis.topics.embeddings import embed

if TYPE_CHECKING:
    from transfo_analysis.scale import Execution

#: what the sample is stratified by
STRATA = ("territory", "role")


def stratified_sample(units: pd.DataFrame, size: int, *, seed: int) -> np.ndarray:
    """A seeded sample of ``size`` units, proportional to the (territory, role) strata.

    Parameters
    ----------
    units
        The units to draw from (``unit_id``, ``territory``, ``role``).
    size
        How many to draw (all of them when there are fewer).
    seed
        The draw's seed: inside each stratum the units with the smallest hash of
        (seed, unit id) are taken.

    Returns
    -------
    numpy.ndarray
        A boolean mask over the rows of ``units``.
    """
    n = len(units)
    if size >= n:
        return np.ones(n, dtype=bool)
    strata = pd.Series(
        ["\x1f".join(str(v) for v in row) for row in _strata_values(units)], index=range(n)
    )
    counts = strata.value_counts().sort_index()
    exact = counts * size / n
    quota = np.floor(exact).astype(int)
    # largest remainders get the units left (ties: the stratum's name), so the total is `size`
    rest = (exact - quota).sort_values(ascending=False, kind="stable")
    quota[rest.index[: size - int(quota.sum())]] += 1
    keys = [
        hashlib.blake2b(f"{seed}:{u}".encode(), digest_size=8).hexdigest()
        for u in units["unit_id"].astype(str)
    ]
    order = pd.DataFrame({"stratum": strata, "key": keys}).sort_values(["stratum", "key"])
    rank = order.groupby("stratum", sort=False).cumcount()
    chosen = rank < order["stratum"].map(quota)
    mask = np.zeros(n, dtype=bool)
    mask[chosen.index[chosen.to_numpy()].to_numpy()] = True
    return mask


def sample_mask(units: pd.DataFrame, size: int, seed: int) -> np.ndarray | None:
    """Mask (over ``units``' rows) of a stratified seeded sample of the modelled units, or ``None``
    when there are not more than ``size`` of them (then every unit is fitted, as before).
    """
    modelled = units["modelled"].to_numpy()
    if int(modelled.sum()) <= size:
        return None
    mask = np.zeros(len(units), dtype=bool)
    mask[np.flatnonzero(modelled)] = stratified_sample(units[modelled], size, seed=seed)
    return mask


def sample_record(
    units: pd.DataFrame,
    fitted: pd.DataFrame,
    sample: np.ndarray | None,
    settings: Any,
    seed: int,
) -> dict[str, Any]:
    """What the provenance says about the sample the model was fitted on."""
    if sample is None:
        return {"used": False, "threshold": settings.fit_sample_size}
    return {
        "used": True,
        "threshold": settings.fit_sample_size,
        "n_drawn": int(sample.sum()),
        "n_fitted": int(fitted["modelled"].sum()),
        "n_assigned": int(units["modelled"].sum() - sample.sum()),
        "stratified_by": list(STRATA),
        "seed": seed,
        "assignment": "nearest topic centroid (cosine) in embedding space, "
        f"threshold {settings.outlier_threshold}",
    }


def _strata_values(units: pd.DataFrame) -> list[tuple[Any, ...]]:
    cols = [
        units[c].astype(str).fillna("") if c in units else pd.Series("", index=units.index)
        for c in STRATA
    ]
    return list(zip(*cols, strict=True))


def topic_centroids(labels: np.ndarray, embeddings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The topics (outliers left out) and their unit-length centroids in embedding space."""
    topics = np.array(sorted(set(labels.tolist()) - {-1}), dtype=int)
    rows = [embeddings[labels == t].mean(axis=0) for t in topics]
    cents = np.vstack(rows).astype(np.float32) if rows else np.zeros((0, embeddings.shape[1]))
    norms = np.linalg.norm(cents, axis=1, keepdims=True)
    return topics, np.divide(cents, norms, out=np.zeros_like(cents), where=norms > 0)


@dataclass(frozen=True)
class AssignModel:
    """What every assignment task shares: the fitted backend and the topic centroids.

    Sent once to each worker (scattered), not with every task.
    """

    backend: EmbeddingBackend
    topics: np.ndarray
    centroids: np.ndarray
    threshold: float
    cache_dir: str | None
    chunk_size: int


@one_blas_thread()
def assign_partition(task: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Embed one partition's units (cache by content) and give each its nearest topic.

    Parameters
    ----------
    task
        ``model`` (an :class:`AssignModel`) and ``units``: the partition's ``texts`` and
        ``lemmas`` (``None`` when the backend reads no lemmas), or a
        :class:`~transfo_analysis.scale.StagedInput` of them read here from the project folder.

    Returns
    -------
    embeddings
        The units' unit-length vectors (zero rows: no known word).
    labels
        The nearest topic, or -1 when its cosine similarity is under ``threshold`` or the
        vector is zero.
    """
    from transfo_analysis.scale import load_input

    model: AssignModel = task["model"]
    units = load_input(task["units"])
    emb = embed(
        units["texts"],
        backend=model.backend,
        lemmas=units["lemmas"],
        cache_dir=model.cache_dir,
        chunk_size=model.chunk_size,
        show_progress=False,
    )
    labels = np.full(len(emb), -1, dtype=int)
    if len(emb) and len(model.topics):
        sims = emb @ model.centroids.T
        best = sims.argmax(axis=1)
        ok = (sims[np.arange(len(emb)), best] >= model.threshold) & (np.abs(emb).sum(axis=1) > 0)
        labels[ok] = model.topics[best[ok]]
    return emb, labels


def assign_units(
    units: pd.DataFrame,
    backend: EmbeddingBackend,
    model: tuple[np.ndarray, np.ndarray],
    *,
    threshold: float,
    cache_dir: str | None,
    chunk_size: int,
    documents: pd.DataFrame | None = None,
    n_parts: int | None = None,
    execution: Execution | None = None,
    show_progress: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Embed and assign units partition by partition, in this process or on Dask workers.

    The partitions are the corpus' (:func:`transfo_analysis.corpus.partition_keys`): a unit
    lands in the partition of its segments (its document's, or its respondent's in a survey).
    Each task reads its units from the embedding cache folder (shared by the workers), the
    fitted backend is sent once per worker: nothing large travels in the task graph.

    Parameters
    ----------
    units
        The units to assign (``unit_id``, ``doc_id``, ``speaker_id``, ``embed_text``,
        ``embed_lemmas``).
    backend
        The backend fitted on the sample.
    model
        ``(topics, centroids)`` from :func:`topic_centroids`.
    threshold
        Minimum cosine similarity to join a topic (``topics.outlier_threshold``).
    cache_dir
        Embedding cache folder (shared by the workers), or ``None``.
    chunk_size
        Texts per embedding chunk.
    documents
        The corpus' documents (``doc_id``, ``method``), which say which documents are
        partitioned by respondent.
    n_parts
        Number of partitions of the corpus (default: from the number of units).
    execution
        A Dask execution (:func:`transfo_analysis.scale.open_execution`); ``None``: here.
    show_progress
        Show a progress bar.

    Returns
    -------
    embeddings, labels
        In the order of ``units``.
    """
    from transfo_analysis.errors import TransfoError
    from transfo_analysis.scale import Execution, SchedulerChoice, run_tasks, staged_inputs

    execution = execution or Execution(SchedulerChoice("in-process"))
    key = partition_keys(units, documents) if "doc_id" in units else units["unit_id"]
    n = n_parts or n_partitions(len(units))
    chunks = list(partitions(units, n, key=key))
    topics, centroids = model
    shared: Any = AssignModel(backend, topics, centroids, threshold, cache_dir, chunk_size)
    if execution.client is not None:  # once per worker, outside the graph
        shared = execution.client.scatter(shared, broadcast=True, hash=False)
    inputs = [
        {
            "texts": rows["embed_text"].tolist(),
            "lemmas": [list(x) for x in rows["embed_lemmas"]] if backend.uses_lemmas else None,
        }
        for _pid, rows in chunks
    ]
    with staged_inputs(inputs, execution=execution, folder=cache_dir) as refs:
        out = run_tasks(
            assign_partition,
            [{"model": shared, "units": ref} for ref in refs],
            execution=execution,
            labels=[
                _("partition {pid} ({n} units)").format(pid=pid, n=len(rows))
                for pid, rows in chunks
            ],
            desc=_("Topics (assignment)"),
            unit=_("partition"),
            show_progress=show_progress,
        )
    if out.failures:
        raise TransfoError(
            _("units could not be assigned to topics: {failures}").format(
                failures="; ".join(str(f) for f in out.failures)
            ),
            hint=_("the topic model is fitted; run the topics step again for these partitions"),
        )
    # no failure: every partition has its result (None marks only a failed task)
    results = [r for r in out.results if r is not None]
    dim = next((e.shape[1] for e, _lab in results if e is not None and e.ndim == 2), 0)
    emb = np.zeros((len(units), dim), dtype=np.float32)
    labels = np.full(len(units), -1, dtype=int)
    for (_pid, rows), (e, lab) in zip(chunks, results, strict=True):
        if len(rows):
            at = units.index.get_indexer(rows.index)
            emb[at] = e
            labels[at] = lab
    return emb, labels


@dataclass
class Extended:
    """A sample fit extended to every unit: what :func:`~transfo_analysis.topics.fit_topics`
    assembles into its tables.
    """

    units: pd.DataFrame
    embeddings: np.ndarray
    labels: np.ndarray
    coords: np.ndarray | None


def extend_fit(
    units: pd.DataFrame,
    fitted: pd.DataFrame,
    fit: Any,
    embeddings: np.ndarray,
    *,
    sample: np.ndarray,
    backend: EmbeddingBackend,
    settings: Any,
    cache_dir: str | None,
    documents: pd.DataFrame | None = None,
    n_parts: int | None = None,
    execution: Execution | None = None,
    show_progress: bool = True,
) -> Extended:
    """Assign every unit left out of the sample, then recompute topic words from all units.

    Parameters
    ----------
    units
        All units (``modelled`` as built).
    fitted
        The same units, ``modelled`` only for the sample units that were fitted.
    fit
        The sample fit (:class:`~transfo_analysis.topics._bertopic_run.Fit`).
    embeddings
        The fitted units' embeddings.
    sample
        Mask of the units drawn into the sample (over ``units``' rows).
    backend, settings, cache_dir, execution, show_progress
        The fitted backend, the topic settings, the embedding cache, where the partitions run.
    documents, n_parts
        The corpus' documents and number of partitions: the units are assigned in the corpus'
        partitions (see :func:`assign_units`).

    Returns
    -------
    Extended
        Every unit with a topic; map coordinates only for the fitted units (NaN elsewhere: the
        sample's UMAP space is not extended to the others).
    """
    from transfo_analysis.topics._bertopic_run import quiet_bertopic, set_topic_embeddings

    rest = units["modelled"].to_numpy() & ~sample
    ridx = np.flatnonzero(rest)
    emb_r, lab_r = assign_units(
        units.iloc[ridx].reset_index(drop=True),
        backend,
        topic_centroids(fit.labels, embeddings),
        threshold=settings.outlier_threshold,
        cache_dir=cache_dir,
        chunk_size=settings.embedding_chunk,
        documents=documents,
        n_parts=n_parts,
        execution=execution,
        show_progress=show_progress,
    )
    n, fm = len(units), fitted["modelled"].to_numpy()
    emb = np.zeros((n, embeddings.shape[1]), dtype=np.float32)
    labels = np.full(n, -1, dtype=int)
    coords = np.full((n, 2), np.nan, dtype=np.float32)
    emb[fm], labels[fm] = embeddings, fit.labels
    if fit.coords is not None:
        coords[fm] = fit.coords
    if len(ridx):
        emb[ridx], labels[ridx] = emb_r, lab_r
    modelled = fm.copy()
    modelled[ridx[np.abs(emb_r).sum(axis=1) > 0] if len(ridx) else ridx] = True
    out = units.copy()
    out["modelled"] = modelled
    labels, emb = labels[modelled], emb[modelled]
    docs = [" ".join(lem) for lem in out.loc[modelled, "lemmas"]]
    model = fit.model
    with quiet_bertopic():  # topic words and sizes from every unit, not only the sample
        model.update_topics(
            docs,
            topics=labels.tolist(),
            top_n_words=settings.top_n_words,
            vectorizer_model=model.vectorizer_model,
            ctfidf_model=model.ctfidf_model,
            representation_model=model.representation_model,
        )
    set_topic_embeddings(model, labels, emb)
    return Extended(
        units=out,
        embeddings=emb,
        labels=labels,
        coords=coords[modelled] if fit.coords is not None else None,
    )
