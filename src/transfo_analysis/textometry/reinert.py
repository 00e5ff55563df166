"""Reinert descending hierarchical classification of text segments (IRaMuTeQ, rainette).

:func:`reinert` cuts respondent turns into text segments of about ``segment_size`` words
(:mod:`._units`), builds the binary segments × active lemmas table, splits it again and again
(:mod:`._chd`, or the double classification of :mod:`._double`) and describes the classes
(:mod:`._profiles`). Everything is deterministic for a given seed. See ``docs/textometry.md``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from transfo_analysis.config import ReinertSettings
from transfo_analysis.errors import TransfoError
from transfo_analysis.i18n import _, ngettext
from transfo_analysis.provenance import record
from transfo_analysis.textometry._assign import assign_to_classes, sample_units
from transfo_analysis.textometry._chd import collapse_duplicates, descending_classification
from transfo_analysis.textometry._double import double_classification
from transfo_analysis.textometry._profiles import crossings, profiles, typical_segments
from transfo_analysis.textometry._tables import with_columns
from transfo_analysis.textometry._units import (
    ORDER,
    UnitLemmas,
    merge_unit_lemmas,
    presence_matrix,
    unit_lemmas,
)


class NotEnoughDataError(TransfoError):
    """The corpus is too small for the method asked for."""


@dataclass
class ReinertResult:
    """A Reinert classification and its description.

    Attributes
    ----------
    units
        One row per text segment: ``unit_id``, ``segment_id`` (the turn), ``part``, character
        offsets ``char_start``/``char_end`` in the turn's text, ``n_words``, ``n_active``,
        ``class`` (0 = unclassified) and the turn's metadata columns.
    classes
        One row per class: ``class``, ``size``, ``share`` (of classified segments), ``label``
        (three most typical lemmas) and ``top_terms``.
    profiles
        Lemma profiles (see :func:`~transfo_analysis.textometry._profiles.profiles`).
    typical
        Typical segments of each class with their text.
    crossings
        Classes × metadata values (counts, residuals, signed χ²).
    tree
        The dendrogram: one row per node (empty for the double classification).
    summary
        Counts, share classified, global tests of the crossings, timings and parameters.
    """

    units: pd.DataFrame
    classes: pd.DataFrame
    profiles: pd.DataFrame
    typical: pd.DataFrame
    crossings: pd.DataFrame
    tree: pd.DataFrame
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def segment_classes(self) -> pd.DataFrame:
        """``unit_id``, ``segment_id`` and ``class`` of every text segment."""
        return self.units[["unit_id", "segment_id", "class"]]


#: smallest class size of ``min_segments_per_class: auto``
AUTO_MIN_CLASS = 10


def required_segments(settings: ReinertSettings) -> int:
    """Fewest text segments with active lemmas the classification accepts.

    Parameters
    ----------
    settings
        The classification's settings (``n_classes``, ``min_segments_per_class``).

    Returns
    -------
    The number of segments.
    """
    m = settings.min_segments_per_class
    return settings.n_classes * (AUTO_MIN_CLASS if m == "auto" else m)


def min_class_size(settings: ReinertSettings, n_segments: int) -> int:
    """The minimum class size used for ``n_segments`` classifiable segments."""
    m = settings.min_segments_per_class
    return (
        max(AUTO_MIN_CLASS, round(n_segments / (4 * settings.n_classes))) if m == "auto" else int(m)
    )


def _settings(settings: ReinertSettings | None, options: dict[str, Any]) -> ReinertSettings:
    base = (settings or ReinertSettings()).model_dump()
    unknown = set(options) - set(base)
    if unknown:
        raise TypeError(
            ngettext(
                "unknown Reinert option: {names}", "unknown Reinert options: {names}", len(unknown)
            ).format(names=", ".join(sorted(unknown)))
        )
    return ReinertSettings.model_validate({**base, **options})


def reinert(
    segments: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    settings: ReinertSettings | None = None,
    seed: int = 42,
    documents: pd.DataFrame | None = None,
    speakers: pd.DataFrame | None = None,
    show_progress: bool = False,
    **options: Any,
) -> ReinertResult:
    """Classify the text segments of a corpus with Reinert's method.

    Parameters
    ----------
    segments
        The (pseudonymised) segments table; the interviewer's turns are left out unless
        ``include_interviewer``; empty turns are ignored.
    tokens
        Its NLP tokens table (lemmas, parts of speech, stop words; pseudonyms never count).
    settings
        :class:`~transfo_analysis.config.ReinertSettings` (the project's ``reinert`` section).
    seed
        Seed of the factor computation (the only random step).
    documents, speakers
        Corpus tables providing metadata columns (``settings.metadata``) absent from segments.
    show_progress
        Show a progress bar over the splits.
    **options
        Any field of :class:`ReinertSettings`, overriding ``settings`` (``n_classes=5``…).

    Returns
    -------
    Each text segment's class (``units``), the classes, the lemma profiles, typical segments,
    crossings with the metadata, the dendrogram (``tree``) and a summary.

    Raises
    ------
    NotEnoughDataError
        When fewer than ``n_classes × min_segments_per_class`` text segments have active lemmas.
    """
    cfg = _settings(settings, options)
    t0 = time.perf_counter()
    segs = reinert_segments(segments, cfg, documents=documents, speakers=speakers)
    lemmas = merge_unit_lemmas(
        [
            unit_lemmas(
                segs.assign(**{ORDER: np.arange(len(segs))}),
                tokens,
                size=cfg.segment_size,
                pos=cfg.active_pos,
            )
        ]
    )
    return classify(segs, lemmas, settings=cfg, seed=seed, show_progress=show_progress, started=t0)


def reinert_segments(
    segments: pd.DataFrame,
    settings: ReinertSettings,
    *,
    documents: pd.DataFrame | None = None,
    speakers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The turns the classification reads: the interviewer's out (unless asked), metadata in.

    Parameters
    ----------
    segments
        The (pseudonymised) segments table.
    settings
        The classification's settings (``include_interviewer``, ``metadata``).
    documents, speakers
        Corpus tables providing the metadata columns absent from ``segments``.

    Returns
    -------
    pandas.DataFrame
        The turns, with every metadata column found.
    """
    segs = segments if settings.include_interviewer else segments[segments["role"] != "enqueteur"]
    for col in [c for c in settings.metadata if c not in segs]:
        try:
            segs = with_columns(segs, [col], documents=documents, speakers=speakers)
        except KeyError:
            continue
    return segs


def classify(
    segs: pd.DataFrame,
    lemmas: UnitLemmas,
    *,
    settings: ReinertSettings,
    seed: int = 42,
    show_progress: bool = False,
    started: float | None = None,
) -> ReinertResult:
    """The classification of the text segments of a corpus, from their lemmas.

    :func:`reinert` is this after :func:`reinert_segments` and the lemmas of the whole corpus;
    the project's stage gathers the lemmas partition by partition
    (:func:`~transfo_analysis.textometry._units.merge_unit_lemmas`) and calls this once.

    Parameters
    ----------
    segs
        The turns (:func:`reinert_segments`), for the texts of the typical segments.
    lemmas
        Their text segments and lemmas, in corpus order.
    settings, seed, show_progress
        As in :func:`reinert`.
    started
        When the work began (``time.perf_counter``), for the summary's timings.

    Returns
    -------
    ReinertResult
        As :func:`reinert`.

    Raises
    ------
    NotEnoughDataError
        As :func:`reinert`.
    """
    cfg = settings
    t0 = time.perf_counter() if started is None else started
    units = lemmas.units
    X, terms = presence_matrix(*lemmas.active, len(units), min_frequency=1)
    # repeated segments count once, in the lemma frequencies too (see _chd.collapse_duplicates)
    rep = collapse_duplicates(X, cfg.dedup_min_forms)
    distinct_df = np.asarray(X[np.unique(rep)].sum(axis=0)).ravel()
    keep = distinct_df >= cfg.min_word_frequency
    X, terms = X[:, keep].tocsr(), terms[keep]
    S, sup_terms = presence_matrix(
        *lemmas.supplementary, len(units), min_frequency=cfg.min_word_frequency
    )
    units["n_active"] = np.diff(X.indptr)
    n_ok = int((units["n_active"] > 0).sum())
    need = required_segments(cfg)
    if n_ok < need:
        raise NotEnoughDataError(
            _(
                "the Reinert classification needs at least {need} text segments with active words "
                "({classes} classes × {per_class} segments); this corpus has {n}"
            ).format(need=need, classes=cfg.n_classes, per_class=need // cfg.n_classes, n=n_ok),
            hint=_(
                "ask for fewer classes (n_classes) or smaller classes (min_segments_per_class), "
                "add material, or compare sub-corpora with specificities "
                "(transfo_analysis.textometry.specificities), which work on any size"
            ),
        )
    t_units = time.perf_counter()
    min_size = min_class_size(cfg, n_ok)
    common: dict[str, Any] = dict(
        n_classes=cfg.n_classes,
        min_size=min_size,
        cc_test=cfg.cc_test,
        tsj=cfg.tsj,
        seed=seed,
        n_factors=cfg.n_factors,
        balanced=cfg.balanced_splits,
        show_progress=show_progress,
    )
    crossed = None
    sample = None
    if cfg.sample_above and n_ok > cfg.sample_above and not cfg.double:
        sample = sample_units(units["n_active"].to_numpy() > 0, cfg.sample_size, seed=seed)
        min_size = min_class_size(cfg, len(sample))
        common["min_size"] = min_size
    if sample is not None:
        Xs = X[sample]
        sample_labels, tree = descending_classification(
            Xs, rep=collapse_duplicates(Xs, cfg.dedup_min_forms), **common
        )
        labels = assign_to_classes(X, sample, sample_labels)
    elif cfg.double:
        labels, crossed = double_classification(
            X,
            units["segment_id"].to_numpy(),
            min_forms=cfg.double_min_forms,
            dedup_min_forms=cfg.dedup_min_forms,
            **common,
        )
        tree = pd.DataFrame(
            columns=[
                "node",
                "parent",
                "left",
                "right",
                "size",
                "chi2",
                "depth",
                "class",
                "dropped",
                "lost",
            ]
        )
    else:
        labels, tree = descending_classification(X, rep=rep, **common)
    t_class = time.perf_counter()
    units["class"] = labels
    if not (labels > 0).any():
        raise NotEnoughDataError(
            _("no stable class was found"),
            hint=_("lower min_segments_per_class or use the simple classification"),
        )
    prof = profiles([(X, terms, "active"), (S, sup_terms, "supplementary")], labels)
    texts = segs.set_index("segment_id")["text"] if "text" in segs else pd.Series(dtype=str)
    typical = typical_segments(X, terms, labels, prof, units, texts, n=cfg.n_typical)
    cross, tests = crossings(units, labels, [c for c in cfg.metadata if c in units])
    classes = _class_table(labels, prof)
    t_end = time.perf_counter()
    summary: dict[str, Any] = {
        "method": "double" if cfg.double else "simple",
        "n_turns": int(units["segment_id"].nunique()),
        "n_segments": int(len(units)),
        "n_segments_with_active_words": n_ok,
        "n_classified": int((labels > 0).sum()),
        "share_classified": float((labels > 0).sum() / n_ok),
        "n_classes": int(len(classes)),
        "class_sizes": {
            int(k): int(v) for k, v in zip(classes["class"], classes["size"], strict=True)
        },
        "min_class_size": min_size,
        "sampled": None
        if sample is None
        else {"n_sample": int(len(sample)), "n_assigned": int(n_ok - len(sample))},
        "n_dropped_classes": int(tree["dropped"].sum()) if len(tree) else 0,
        "n_repeated_segments": int((rep != np.arange(len(rep))).sum()),
        "n_active_terms": int(len(terms)),
        "n_supplementary_terms": int(len(sup_terms)),
        "crossing_tests": tests,
        "crossed_classes": None if crossed is None else crossed.to_dict(orient="records"),
        "timings": {
            "segments_seconds": round(t_units - t0, 3),
            "classification_seconds": round(t_class - t_units, 3),
            "description_seconds": round(t_end - t_class, 3),
            "total_seconds": round(t_end - t0, 3),
        },
        "parameters": {**cfg.model_dump(mode="json"), "seed": seed},
    }
    prov = record(
        "reinert",
        parameters=summary["parameters"],
        n_segments=summary["n_segments"],
        n_classes=summary["n_classes"],
    )
    for df in (units, classes, prof, typical, cross, tree):
        df.attrs["provenance"] = prov
    return ReinertResult(
        units=units,
        classes=classes,
        profiles=prof,
        typical=typical,
        crossings=cross,
        tree=tree,
        summary=summary,
    )


def _class_table(labels: np.ndarray, prof: pd.DataFrame, n_terms: int = 10) -> pd.DataFrame:
    ks, sizes = np.unique(labels[labels > 0], return_counts=True)
    act = prof[(prof["type"] == "active") & (prof["chi2"] > 0)]
    top = act.groupby("class")["term"].apply(lambda s: list(s.head(n_terms)))
    rows = []
    for k, n in zip(ks, sizes, strict=True):
        words = top.get(k, [])
        rows.append(
            {
                "class": int(k),
                "size": int(n),
                "share": float(n / sizes.sum()),
                "label": " · ".join(words[:3]),
                "top_terms": ", ".join(words),
            }
        )
    return pd.DataFrame(rows, columns=["class", "size", "share", "label", "top_terms"])
