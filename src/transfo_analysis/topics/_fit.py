"""Fitting topics on a corpus: :func:`fit_topics` (BERTopic) and :func:`fit_kmeans_baseline`."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from transfo_analysis.config import TopicSettings
from transfo_analysis.corpus import Corpus, n_partitions
from transfo_analysis.errors import TransfoError
from transfo_analysis.i18n import _, ngettext
from transfo_analysis.provenance import record, stable_hash
from transfo_analysis.topics._bertopic_run import represent, run_bertopic
from transfo_analysis.topics._labels import phrase_labels
from transfo_analysis.topics._model import MIN_UNITS, auto_min_cluster_size, topic_vocabulary
from transfo_analysis.topics._non_answers import NON_ANSWER_LABEL, NON_ANSWER_TOPIC, non_answers
from transfo_analysis.topics._refits import start_refits
from transfo_analysis.topics._result import (
    OUTLIER_LABEL,
    TopicResult,
    hierarchy_table,
    quotes_table,
    topic_table,
)
from transfo_analysis.topics._sample import extend_fit, sample_mask, sample_record
from transfo_analysis.topics._stability import stability_summary
from transfo_analysis.topics._tables import topic_code_table
from transfo_analysis.topics._threads import one_blas_thread
from transfo_analysis.topics._token_source import Tokens, tokens_with_text
from transfo_analysis.topics._units import build_units
from transfo_analysis.topics._words import topic_stop_words
from transfo_analysis.topics.embeddings import EmbeddingBackend, embed, get_backend

if TYPE_CHECKING:
    from transfo_analysis.scale import Execution


@one_blas_thread()
def fit_topics(
    corpus: Corpus,
    tokens: Tokens,
    *,
    settings: TopicSettings | None = None,
    seed: int = 42,
    include_interviewer: bool | None = None,
    embedding: str | EmbeddingBackend | None = None,
    seed_topic_list: list[list[str]] | None = None,
    codings: pd.DataFrame | None = None,
    stability: bool = True,
    cache_dir: str | Path | None = None,
    show_progress: bool = True,
    execution: Execution | None = None,
) -> TopicResult:
    """Fit a BERTopic model with French defaults on a corpus's respondent turns.

    Above ``settings.fit_sample_size`` modelled units, the model is fitted on a seeded sample
    stratified by territory and role and every other unit joins its nearest topic (see
    ``docs/topics.md``, "Large corpora"); the stability refits use at most
    ``settings.stability_sample_size`` of the fitted units. BLAS runs on one thread during the
    fit, so that the topics do not depend on the process's thread count (see
    ``topics._threads``).

    Parameters
    ----------
    corpus
        The pseudonymised corpus (quotes are taken from its text).
    tokens
        Its tokens table (``load_tokens(project)``), or the path of its tokens file
        (``tokens_path(project)``), read a batch at a time and never whole: the same topics,
        without the table in memory. Tokens flagged ``is_pseudonym`` never become topic words.
    settings
        Topic settings (``project.settings.topics``); defaults when omitted.
    seed
        Seed of UMAP and of the TF-IDF backend: same inputs and seed give the same topics.
    include_interviewer
        Model the interviewer's turns too (default: ``settings.include_interviewer``, false).
    embedding
        Backend name or fitted backend object, instead of ``settings.embedding``.
    seed_topic_list
        Guided topics: keyword lists (e.g. a codebook's keywords), lemmatised as in the corpus.
    codings
        A codings table (``segment_id``, ``code``) for the topic × code contingency.
    stability
        Fit ``settings.stability_seeds`` seeds in all and compare them (off: faster).
    cache_dir
        Embedding cache folder (``<project>/interim/embeddings`` from the command line).
    show_progress
        Show progress bars.
    execution
        Where the units left out of a sample are embedded and assigned
        (:func:`transfo_analysis.scale.open_execution`); ``None``: in this process. The results
        are the same.

    Returns
    -------
    The topics, each unit's topic, the units, quotes, hierarchy, stability, topic × code table,
    timings and provenance (and the fitted model, embeddings and backend).

    Raises
    ------
    TransfoError
        When there are too few units for a model, saying how many are needed and what to use.
    """
    settings = settings or TopicSettings()
    all_units, blank, include, timings = _units(
        corpus, tokens, settings=settings, include_interviewer=include_interviewer
    )
    check_size(all_units, settings=settings)
    backend = _backend(embedding or settings.embedding, settings, seed)
    sample = sample_mask(all_units, settings.fit_sample_size, seed)
    units = all_units
    if sample is not None:
        units = all_units.assign(modelled=all_units["modelled"].to_numpy() & sample)
    units, emb, timings["embedding"] = _embed_units(
        units, backend, settings=settings, cache_dir=cache_dir, show_progress=show_progress
    )
    check_size(units, settings=settings)
    docs = _documents(units)
    vocabulary = topic_vocabulary(docs, settings=settings)
    seeds_lemmas = seed_lemmas(seed_topic_list, tokens) if seed_topic_list else None
    n_seeds = settings.stability_seeds if stability else 0
    # the refits need only the fitted units' sub-sample: on a cluster they start now, on the
    # workers, while this process fits the main model
    stab_docs, stab_emb, stab_vocab, keep = docs, emb, vocabulary, None
    sub = sample_mask(units, settings.stability_sample_size, seed)
    if n_seeds >= 2 and sub is not None:  # refits on a sub-sample of the fitted units
        keep = sub[units["modelled"].to_numpy()]
        stab_docs = [d for d, k in zip(docs, keep, strict=True) if k]
        stab_emb = emb[keep]
        stab_vocab = topic_vocabulary(stab_docs, settings=settings)
    seeds = [seed + k for k in range(n_seeds)]
    t_refits = time.perf_counter()
    refits = start_refits(
        stab_docs,
        stab_emb,
        seeds=seeds[1:],
        settings=settings,
        backend=backend,
        vocabulary=stab_vocab,
        seed_topic_list=seeds_lemmas,
        execution=execution if n_seeds >= 2 else None,
    )
    t_refits = time.perf_counter() - t_refits
    fit = run_bertopic(
        docs,
        emb,
        settings=settings,
        seed=seed,
        backend=backend,
        vocabulary=vocabulary,
        seed_topic_list=seeds_lemmas,
    )
    timings.update(fit.timings)
    fitted = units
    labels, coords = fit.labels, fit.coords
    if sample is not None:
        t0 = time.perf_counter()
        ext = extend_fit(
            all_units,
            units,
            fit,
            emb,
            sample=sample,
            backend=backend,
            settings=settings,
            cache_dir=str(cache_dir) if cache_dir is not None else None,
            documents=corpus.documents,
            n_parts=n_partitions(len(corpus.segments)),
            execution=execution,
            show_progress=show_progress,
        )
        units, emb, labels, coords = ext.units, ext.embeddings, ext.labels, ext.coords
        timings["assignment"] = time.perf_counter() - t0
    result = assemble(
        corpus,
        units,
        fit.model,
        labels,
        emb,
        tokens=tokens,
        coords=coords,
        settings=settings,
        codings=codings,
        timings=timings,
        non_answers=blank,
    )
    result.backend = backend
    if n_seeds >= 2:
        t0 = time.perf_counter()
        stab_ref = fit.labels[keep] if keep is not None else fit.labels
        runs = [stab_ref, *refits.labels(show_progress=show_progress)]
        result.stability, per_topic = stability_summary(runs, seeds=seeds)
        result.topics["stability"] = result.topics["topic"].map(per_topic).astype(float)
        # on a cluster: the wait for the workers' refits (and the time to send them)
        timings["stability"] = time.perf_counter() - t0 + t_refits
    result.provenance = _provenance(
        "bertopic",
        corpus,
        settings,
        seed,
        backend,
        include,
        units,
        seed_topic_list,
        timings,
        raw_outlier_share=fit.raw_outlier_share,
        sample=sample_record(all_units, fitted, sample, settings, seed),
        stability_units=len(stab_docs) if n_seeds >= 2 else 0,
    )
    return result


def _units(
    corpus: Corpus,
    tokens: Tokens,
    *,
    settings: TopicSettings,
    include_interviewer: bool | None,
) -> tuple[pd.DataFrame, list[str], bool, dict[str, float]]:
    """The units to model, the non-answers' segment ids, whether interviewer turns are in, and
    the timings (from the units').

    Non-answers (« RAS », « néant »…) are set apart before the units are built. Their ids are
    not kept in ``units.attrs``: pandas deep-copies ``attrs`` into every frame derived from the
    units, and a list of 25,000 ids made row access and every selection cost seconds on the real
    consultation (cProfile: 12.7 million ``deepcopy`` calls in one topic step).
    """
    include = settings.include_interviewer if include_interviewer is None else include_interviewer
    t0 = time.perf_counter()
    segs = corpus.segments
    if not include:
        segs = segs[segs["role"] != "enqueteur"]
    blank = non_answers(corpus, segs)
    kept = dataclasses.replace(corpus, segments=corpus.segments.drop(index=segs.index[blank]))
    units = build_units(kept, tokens, settings=settings, include_interviewer=include)
    blank_ids = segs.loc[blank, "segment_id"].tolist()
    return units, blank_ids, include, {"units": time.perf_counter() - t0}


def _documents(units: pd.DataFrame) -> list[str]:
    """The modelled units' lemmas, joined: what the topic vectoriser reads."""
    return [" ".join(lem) for lem in units.loc[units["modelled"], "lemmas"]]


@one_blas_thread()
def fit_kmeans_baseline(
    corpus: Corpus,
    tokens: Tokens,
    *,
    k: int | None = None,
    settings: TopicSettings | None = None,
    seed: int = 42,
    include_interviewer: bool | None = None,
    codings: pd.DataFrame | None = None,
    cache_dir: str | Path | None = None,
) -> TopicResult:
    """The simpler method: TF-IDF/LSA embeddings and k-means, for small corpora and as a baseline.

    Every unit gets a topic (no outliers); topic words come from c-TF-IDF as with BERTopic, and
    the result has the same tables, so the same figures apply. It works from a handful of units.

    Parameters
    ----------
    k
        Number of topics (default: about the square root of half the number of units, 2 to 20).

    Returns
    -------
    A topic result with the same tables as :func:`fit_topics`.
    """
    from sklearn.cluster import KMeans
    from sklearn.decomposition import PCA

    settings = settings or TopicSettings()
    units, blank, include, timings = _units(
        corpus, tokens, settings=settings, include_interviewer=include_interviewer
    )
    backend = get_backend("tfidf", settings=settings, seed=seed)
    units, emb, timings["embedding"] = _embed_units(
        units, backend, settings=settings, cache_dir=cache_dir, show_progress=False
    )
    n = len(emb)
    k = k or int(np.clip(round(np.sqrt(n / 2)), 2, 20))
    if n < max(2, k):
        raise TransfoError(
            _("only {n} units with content words: too few for {k} topics").format(n=n, k=k),
            hint=_("add documents, or lower k"),
        )
    t0 = time.perf_counter()
    labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(emb)
    timings["clustering"] = time.perf_counter() - t0
    docs = _documents(units)
    t0 = time.perf_counter()
    model = represent(
        docs, emb, labels, settings=settings, vocabulary=topic_vocabulary(docs, settings=settings)
    )
    timings["representation"] = time.perf_counter() - t0
    coords = PCA(n_components=2, random_state=seed).fit_transform(emb) if emb.shape[1] > 2 else emb
    result = assemble(
        corpus,
        units,
        model,
        np.asarray(model.topics_, dtype=int),
        emb,
        tokens=tokens,
        coords=coords,
        settings=settings,
        codings=codings,
        timings=timings,
        non_answers=blank,
    )
    result.backend = backend
    result.provenance = _provenance(
        "tfidf-kmeans", corpus, settings, seed, backend, include, units, None, timings, k=k
    )
    return result


class TooFewUnitsError(TransfoError):
    """The corpus is too small for a topic model (a pilot of a few interviews).

    ``n_units`` and ``needed`` let the batch skip the step with a French notice instead of
    failing the run.
    """

    def __init__(self, message: str, *, hint: str | None = None, n_units: int, needed: int):
        super().__init__(message, hint=hint)
        self.n_units = n_units
        self.needed = needed

    @property
    def notice(self) -> str:
        """One French sentence for summaries and reports."""
        return ngettext(
            "Topics not computed: the corpus is too small ({n} text unit, a topic model needs at "
            "least {needed}). Add interviews or answers, or read the specific words and the "
            "Reinert classes.",
            "Topics not computed: the corpus is too small ({n} text units, a topic model needs "
            "at least {needed}). Add interviews or answers, or read the specific words and the "
            "Reinert classes.",
            self.n_units,
        ).format(n=self.n_units, needed=self.needed)


def check_size(units: pd.DataFrame, *, settings: TopicSettings) -> None:
    """Raise :class:`TooFewUnitsError` when there are too few units for BERTopic.

    Parameters
    ----------
    units
        The units to be modelled (:func:`build_units`).
    settings
        Topic settings (``min_cluster_size``: a model needs several topics of that size).
    """
    n = int(units["modelled"].sum())
    needed = max(
        MIN_UNITS,
        4
        * (
            auto_min_cluster_size(n)
            if settings.min_cluster_size == "auto"
            else int(settings.min_cluster_size)
        ),
    )
    if n < needed:
        raise TooFewUnitsError(
            _(
                "only {n} units with content words to model (from {segments} segments, short "
                "turns merged up to {words} words): a BERTopic model needs at least {needed}"
            ).format(
                n=n,
                segments=int(units["n_segments"].sum()),
                words=settings.min_words,
                needed=needed,
            ),
            hint=_(
                "use fit_kmeans_baseline(corpus, tokens, k=...) (TF-IDF + k-means) or the "
                "textometry functions on this corpus, or model several territories together"
            ),
            n_units=n,
            needed=needed,
        )


def seed_lemmas(seed_topic_list: list[list[str]], tokens: Tokens) -> list[list[str]]:
    """Keywords as lemmas, as the corpus lemmatised them (the most frequent lemma of each form).

    Parameters
    ----------
    seed_topic_list
        Keyword lists (one per guided topic).
    tokens
        The corpus's tokens table, or the path of its tokens file.

    Returns
    -------
    The lists with each keyword replaced by its lemma in the corpus.
    """
    words = {
        w.lower().replace("’", "'") for kws in seed_topic_list for kw in kws for w in kw.split()
    }
    hits = tokens_with_text(tokens, words)
    best = (
        hits.groupby("w")["lemma"].agg(lambda s: s.value_counts().index[0]).to_dict()
        if len(hits)
        else {}
    )
    out = []
    for kws in seed_topic_list:
        lemmas = [
            best.get(w.lower().replace("’", "'"), w.lower()) for kw in kws for w in kw.split()
        ]
        out.append(list(dict.fromkeys(lemmas)))
    return out


def assemble(
    corpus: Corpus,
    units: pd.DataFrame,
    model: Any,
    labels: np.ndarray,
    emb: np.ndarray,
    *,
    tokens: Tokens,
    coords: np.ndarray | None,
    settings: TopicSettings,
    codings: pd.DataFrame | None,
    timings: dict[str, float],
    non_answers: list[str] | None = None,
) -> TopicResult:
    """Build every table of a :class:`TopicResult` from a fitted model.

    ``non_answers`` are the segment ids set apart before the fit (their own group, never a
    theme).
    """
    t0 = time.perf_counter()
    members = (
        units.loc[units["modelled"], ["unit_id", "segment_ids"]]
        .assign(topic=labels)
        .explode("segment_ids")
        .rename(columns={"segment_ids": "segment_id", "unit_id": "unit"})
    )
    phrases = phrase_labels(
        corpus.segments,
        tokens,
        members,
        terms={int(t): model.get_topic(int(t)) or [] for t in set(labels.tolist()) if t >= 0},
        stops=topic_stop_words(settings.extra_stop_words),
    )
    topics = topic_table(model, labels, units, coords=coords, phrases=phrases)
    topics["stability"] = np.nan
    unit_topic = pd.Series(-1, index=units.index)
    unit_topic[units["modelled"].to_numpy()] = labels
    out_units = units[
        [
            "unit_id",
            "segment_ids",
            "doc_id",
            "speaker_id",
            "role",
            "territory",
            "n_segments",
            "n_words",
            "modelled",
        ]
    ].assign(topic=unit_topic.to_numpy(), x=np.nan, y=np.nan)
    if coords is not None:
        out_units.loc[units["modelled"].to_numpy(), ["x", "y"]] = np.asarray(coords, dtype=float)
    seg = (
        out_units[["unit_id", "segment_ids", "topic", "modelled"]]
        .explode("segment_ids")
        .rename(columns={"segment_ids": "segment_id"})
    )
    meta = corpus.segments[
        [
            c
            for c in ("segment_id", "doc_id", "speaker_id", "role", "territory", "service")
            if c in corpus.segments
        ]
    ]
    blank = non_answers or []
    if blank:  # non-answers: their own group, never a theme
        seg = pd.concat(
            [
                seg,
                pd.DataFrame(
                    {
                        "unit_id": None,
                        "segment_id": blank,
                        "topic": NON_ANSWER_TOPIC,
                        "modelled": False,
                    }
                ),
            ],
            ignore_index=True,
        )
        topics = pd.concat(
            [topics, _non_answer_row(len(blank), len(seg))], ignore_index=True
        ).sort_values("topic", ignore_index=True)
    assignments = seg.merge(meta, on="segment_id", how="left")
    docs = corpus.documents
    if "date" in docs and len(docs):
        dates = (
            docs[["doc_id", "date"]]
            .drop_duplicates("doc_id")
            .assign(date=lambda d: pd.to_datetime(d["date"]))
        )
        assignments = assignments.merge(dates, on="doc_id", how="left")
    else:
        assignments["date"] = pd.Series(pd.NaT, index=assignments.index, dtype="datetime64[ns]")
    assignments.insert(
        3,
        "label",
        assignments["topic"]
        .map(dict(zip(topics["topic"], topics["label"], strict=True)))
        .fillna(_(OUTLIER_LABEL)),
    )
    result = TopicResult(
        topics=topics,
        assignments=assignments.reset_index(drop=True),
        units=out_units.reset_index(drop=True),
        quotes=quotes_table(units, labels, emb, n=settings.n_quotes),
        hierarchy=hierarchy_table(model, topics),
        timings=timings,
        model=model,
        embeddings=emb,
    )
    if codings is not None:
        result.topic_codes = topic_code_table(result, codings)
    timings["tables"] = time.perf_counter() - t0
    return result


def _non_answer_row(n: int, n_segments: int) -> pd.DataFrame:
    """The topics table's row of the non-answers: a share of the segments, not a theme."""
    return pd.DataFrame(
        [
            {
                "topic": NON_ANSWER_TOPIC,
                "label": NON_ANSWER_LABEL,
                "auto_label": NON_ANSWER_LABEL,
                "label_source": "fixed",
                "name_author": None,
                "name_date": None,
                "size": n,
                "n_segments": n,
                "share": n / n_segments if n_segments else 0.0,
                "terms": [],
                "weights": [],
                "stability": np.nan,
                "x": np.nan,
                "y": np.nan,
            }
        ]
    )


def _backend(
    embedding: str | EmbeddingBackend, settings: TopicSettings, seed: int
) -> EmbeddingBackend:
    return (
        get_backend(embedding, settings=settings, seed=seed)
        if isinstance(embedding, str)
        else embedding
    )


def _embed_units(
    units: pd.DataFrame,
    backend: EmbeddingBackend,
    *,
    settings: TopicSettings,
    cache_dir: str | Path | None,
    show_progress: bool,
) -> tuple[pd.DataFrame, np.ndarray, float]:
    """Embed the modelled units; units whose vector is zero (no known word) are left out."""
    t0 = time.perf_counter()
    mod = units[units["modelled"]]
    emb = embed(
        mod["embed_text"].tolist(),
        backend=backend,
        lemmas=mod["embed_lemmas"].tolist(),
        cache_dir=cache_dir,
        chunk_size=settings.embedding_chunk,
        show_progress=show_progress,
    )
    nonzero = np.abs(emb).sum(axis=1) > 0 if len(emb) else np.zeros(0, dtype=bool)
    if not nonzero.all():
        units = units.copy()
        units.loc[mod.index[~nonzero], "modelled"] = False
        emb = emb[nonzero]
    return units, emb, time.perf_counter() - t0


def _provenance(
    method: str,
    corpus: Corpus,
    settings: TopicSettings,
    seed: int,
    backend: EmbeddingBackend,
    include: bool,
    units: pd.DataFrame,
    seed_topic_list: list[list[str]] | None,
    timings: dict[str, float],
    **extra: Any,
) -> dict[str, Any]:
    segs = corpus.segments
    return record(
        "topics",
        parameters={
            **settings.model_dump(mode="json"),
            "seed": seed,
            "include_interviewer": include,
            "seed_topic_list": seed_topic_list,
        },
        method=method,
        seed=seed,
        embedding=backend.name,
        embedding_identity=backend.identity,
        pseudonymised=bool(corpus.meta.get("pseudonymised", False)),
        inputs={
            "n_segments": int(len(segs)),
            "n_units": int(units["modelled"].sum()),
            "segments_hash": stable_hash(list(zip(segs["segment_id"], segs["text"], strict=True)))[
                :16
            ],
        },
        timings={k: round(v, 3) for k, v in timings.items()},
        **extra,
    )
