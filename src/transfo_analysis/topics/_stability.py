"""How much topics depend on the random seed: adjusted Rand index and matched-topic overlap.

The model is fitted again with other seeds on the same units and embeddings (UMAP is the random
step). Two measures are reported:

- the **adjusted Rand index** (ARI) between the assignments of every pair of runs (1: the same
  partition, 0: no better than chance), outliers counting as one group;
- the **matched-topic overlap**: each topic of the reference run is paired with one topic of
  another run by the Hungarian algorithm on the Jaccard index of their units; a topic's
  stability is its mean Jaccard index with its partners over the runs (0 when left unpaired),
  and the overall overlap is the mean weighted by topic size.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd

from transfo_analysis.i18n import _


def match_topics(
    reference: Sequence[int] | np.ndarray, other: Sequence[int] | np.ndarray
) -> pd.DataFrame:
    """Pair the topics of two runs on the same units (outliers ``-1`` left out).

    Parameters
    ----------
    reference
        Topic of each unit in the reference run.
    other
        Topic of the same units in another run.

    Returns
    -------
    One row per reference topic: ``topic``, ``matched`` (the paired topic of ``other``, -1 when
    none), ``jaccard`` (0 when none), ``size``.
    """
    from scipy.optimize import linear_sum_assignment

    a, b = np.asarray(reference), np.asarray(other)
    if a.shape != b.shape:
        raise ValueError(_("both runs must assign the same units"))
    ta = np.array(sorted(set(a.tolist()) - {-1}), dtype=int)
    tb = np.array(sorted(set(b.tolist()) - {-1}), dtype=int)
    sizes = np.array([(a == t).sum() for t in ta], dtype=int)
    if len(ta) == 0:
        return pd.DataFrame({"topic": [], "matched": [], "jaccard": [], "size": []})
    jac = np.zeros((len(ta), len(tb)))
    if len(tb):
        ma = a[:, None] == ta[None, :]
        mb = b[:, None] == tb[None, :]
        inter = ma.T.astype(np.int64) @ mb.astype(np.int64)
        union = ma.sum(axis=0)[:, None] + mb.sum(axis=0)[None, :] - inter
        jac = np.divide(inter, union, out=np.zeros_like(jac), where=union > 0)
    matched = np.full(len(ta), -1)
    score = np.zeros(len(ta))
    if len(tb):
        rows, cols = linear_sum_assignment(-jac)
        matched[rows] = tb[cols]
        score[rows] = jac[rows, cols]
    matched[score == 0] = -1
    return pd.DataFrame({"topic": ta, "matched": matched, "jaccard": score, "size": sizes})


def stability_summary(
    runs: Sequence[Sequence[int] | np.ndarray], *, seeds: Sequence[int] | None = None
) -> tuple[dict, pd.Series]:
    """Stability of the first run (the reference) against the others.

    Parameters
    ----------
    runs
        Topic of each unit in each run (same units, same order); ``runs[0]`` is the reference.
    seeds
        The seeds of the runs, reported as they are.

    Returns
    -------
    summary
        ``n_runs``, ``seeds``, ``ari_mean``, ``ari_min`` (over every pair of runs),
        ``ari_reference`` (each other run against the reference), ``overlap_mean`` (size-weighted
        matched overlap), ``n_topics`` per run.
    per_topic
        Matched overlap of each reference topic (indexed by topic).
    """
    from sklearn.metrics import adjusted_rand_score

    arrays = [np.asarray(r) for r in runs]
    if len(arrays) < 2:
        raise ValueError(_("stability needs at least two runs"))
    aris = [adjusted_rand_score(x, y) for x, y in itertools.combinations(arrays, 2)]
    matches = [match_topics(arrays[0], r) for r in arrays[1:]]
    per_topic = pd.concat([m.set_index("topic")["jaccard"] for m in matches], axis=1).mean(axis=1)
    sizes = matches[0].set_index("topic")["size"]
    overlap = (
        float(np.average(per_topic, weights=sizes))
        if len(per_topic) and sizes.sum()
        else float("nan")
    )
    summary = {
        "n_runs": len(arrays),
        "seeds": list(seeds) if seeds is not None else None,
        "ari_mean": float(np.mean(aris)),
        "ari_min": float(np.min(aris)),
        "ari_reference": [float(adjusted_rand_score(arrays[0], r)) for r in arrays[1:]],
        "overlap_mean": overlap,
        "n_topics": [int(len(set(r.tolist()) - {-1})) for r in arrays],
    }
    return summary, per_topic.rename("stability")
