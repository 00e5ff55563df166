"""The :class:`TopicResult` and the tables built from a fitted model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from transfo_analysis.i18n import N_, _
from transfo_analysis.topics._non_answers import NON_ANSWER_TOPIC

#: the label of topic -1 (units close to no topic), translated when stored
OUTLIER_LABEL = N_("Off topic")


@dataclass
class TopicResult:
    """Topics of a corpus, with what is needed to read, trust and plot them.

    Attributes
    ----------
    topics
        One row per topic (``-1``: outliers, "Hors thème"): ``topic``, ``label`` (top lemmas),
        ``size`` (units), ``n_segments``, ``share`` (of modelled units), ``terms``, ``weights``
        (c-TF-IDF), ``stability`` (matched overlap across seeds), ``x``/``y`` (topic map).
    assignments
        One row per segment modelled or left out as too short: ``segment_id``, ``unit_id``,
        ``topic``, ``label``, ``modelled``, ``doc_id``, ``speaker_id``, ``role``, ``territory``,
        ``service``, ``date``.
    units
        One row per unit (merged turns): ``unit_id``, ``segment_ids``, ``doc_id``, ``role``,
        ``territory``, ``n_words``, ``modelled``, ``topic``, ``x``, ``y``.
    quotes
        Representative pseudonymised quotes: ``topic``, ``rank``, ``unit_id``, ``segment_ids``,
        ``doc_id``, ``role``, ``territory``, ``text``, ``similarity``.
    hierarchy
        Topics merged two by two (scipy linkage): ``node``, ``left``, ``right``, ``distance``,
        ``n_topics``, ``topics``, ``label`` (a scipy linkage matrix: leaves ``0…n-1`` are the
        topic ids).
    stability
        Summary of the fits over several seeds (see :func:`stability_summary`), or ``None``.
    topic_codes
        Topic × code contingency (segments), when codings were given.
    timings
        Seconds per stage.
    provenance
        Parameters, seed, embedding backend, code version, input counts.
    model, embeddings, backend
        The fitted BERTopic model, unit embeddings and embedding backend (in memory only).
    """

    topics: pd.DataFrame
    assignments: pd.DataFrame
    units: pd.DataFrame
    quotes: pd.DataFrame
    hierarchy: pd.DataFrame
    stability: dict[str, Any] | None = None
    topic_codes: pd.DataFrame | None = None
    timings: dict[str, float] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)
    model: Any = field(default=None, repr=False)
    embeddings: np.ndarray | None = field(default=None, repr=False)
    backend: Any = field(default=None, repr=False)

    @property
    def n_topics(self) -> int:
        return int((self.topics["topic"] >= 0).sum())

    @property
    def outlier_share(self) -> float:
        """Share of modelled units left as outliers."""
        modelled = self.units[self.units["modelled"]]
        return float((modelled["topic"] == -1).mean()) if len(modelled) else 0.0

    @property
    def non_answer_share(self) -> float:
        """Share of the segments considered that say nothing (« RAS », « néant »…), set apart."""
        a = self.assignments
        return float((a["topic"] == NON_ANSWER_TOPIC).mean()) if len(a) else 0.0

    def labels(self) -> dict[int, str]:
        """Topic id → French label (a team's name, or the automatic label)."""
        return dict(zip(self.topics["topic"], self.topics["label"], strict=True))

    def display_labels(self) -> dict[int, str]:
        """Topic id → the label stakeholders read: automatic labels marked « (libellé
        automatique) », the team's names as they are.
        """
        from transfo_analysis.topics._labels import display_label

        source = (
            self.topics["label_source"]
            if "label_source" in self.topics
            else pd.Series("auto", index=self.topics.index).where(self.topics["topic"] >= 0)
        )
        return {
            int(t): display_label(str(label), src)
            for t, label, src in zip(
                self.topics["topic"], self.topics["label"], source, strict=True
            )
        }

    def summary(self) -> dict[str, Any]:
        """What ``topics.json`` and ``transfo topics --json`` report."""
        stab = self.stability or {}
        return {
            "n_topics": self.n_topics,
            "n_units": int(self.units["modelled"].sum()),
            "n_units_excluded": int((~self.units["modelled"]).sum()),
            "n_segments": int(len(self.assignments)),
            "n_non_answers": int((self.assignments["topic"] == NON_ANSWER_TOPIC).sum()),
            "non_answer_share": round(self.non_answer_share, 4),
            "outlier_share": round(self.outlier_share, 4),
            "outlier_share_before_reduction": self.provenance.get("raw_outlier_share"),
            "stability_score": stab.get("ari_mean"),
            "topic_overlap": stab.get("overlap_mean"),
            "stability": self.stability,
            "embedding": self.provenance.get("embedding"),
            "method": self.provenance.get("method"),
            "seed": self.provenance.get("seed"),
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
        }


def topic_label(terms: list[str], *, n: int = 3) -> str:
    """A readable French label from top terms: no word twice, capitalised, joined by " · ".

    Parameters
    ----------
    terms
        A topic's terms, most weighted first.
    n
        How many terms the label keeps.

    Returns
    -------
    The label.
    """
    chosen: list[str] = []
    for term in terms:
        words = set(term.split())
        covered = set(" ".join(chosen).split())
        if words <= covered:
            continue
        if len(words) == 1 and any(term in c.split() for c in chosen):
            continue
        chosen.append(term)
        if len(chosen) == n:
            break
    label = " · ".join(chosen) if chosen else "(sans mots)"
    return label[:1].upper() + label[1:]


def topic_table(
    model: Any,
    labels: np.ndarray,
    units: pd.DataFrame,
    *,
    coords: np.ndarray | None,
    phrases: dict[int, str] | None = None,
) -> pd.DataFrame:
    """One row per topic: label (a written phrase when ``phrases`` has one, else the top
    lemmas), size, terms and weights, map position.
    """
    phrases = phrases or {}
    rows = []
    n_mod = max(1, len(labels))
    seg_counts = (
        units.loc[units["modelled"]].assign(topic=labels).groupby("topic")["n_segments"].sum()
    )
    for t in sorted(set(labels.tolist())):
        words = [(w, float(s)) for w, s in (model.get_topic(t) or []) if w]
        terms = [w for w, _ in words]
        mask = labels == t
        xy = _centre(coords[mask]) if coords is not None and mask.any() else (np.nan, np.nan)
        rows.append(
            {
                "topic": int(t),
                "label": _(OUTLIER_LABEL) if t == -1 else phrases.get(t) or topic_label(terms),
                "label_source": "fixed" if t == -1 else "auto",
                "name_author": None,
                "name_date": None,
                "size": int(mask.sum()),
                "n_segments": int(seg_counts.get(t, 0)),
                "share": float(mask.sum() / n_mod),
                "terms": terms,
                "weights": [s for _, s in words],
                "x": float(xy[0]),
                "y": float(xy[1]),
            }
        )
    table = pd.DataFrame(rows)
    dup = table["label"].duplicated(keep=False) & (table["topic"] >= 0)
    table.loc[dup, "label"] = (
        table.loc[dup, "label"] + " (" + table.loc[dup, "topic"].astype(str) + ")"
    )
    table["auto_label"] = table["label"]
    return table.sort_values(["topic"]).reset_index(drop=True)


def _centre(points: np.ndarray) -> np.ndarray | tuple[float, float]:
    """Mean position of the points placed on the map (a sample fit places only its sample)."""
    placed = points[np.isfinite(points).all(axis=1)]
    return placed.mean(axis=0) if len(placed) else (np.nan, np.nan)


def quotes_table(
    units: pd.DataFrame, labels: np.ndarray, embeddings: np.ndarray, *, n: int, min_words: int = 8
) -> pd.DataFrame:
    """The units closest to each topic's centroid, ``n`` per topic **and territory**.

    A report quotes its own territory: with quotes chosen over the whole corpus, a territory of
    29 interviews beside 74,733 national answers got none. Within a territory, respondents come
    before interviewers (whose turns are not quoted), long units (``min_words`` words or more)
    before short ones, then the closest to the centroid; identical answers are quoted once.
    """
    mod = units.loc[units["modelled"]].reset_index(drop=True)
    territory = mod["territory"].astype(str).to_numpy() if "territory" in mod else None
    asked = (mod["role"].astype(str) == "enqueteur").to_numpy() if "role" in mod else None
    rows = []
    for t in sorted(set(labels.tolist()) - {-1}):
        idx = np.flatnonzero(labels == t)
        centroid = embeddings[idx].mean(axis=0)
        sims = embeddings[idx] @ centroid / (np.linalg.norm(centroid) or 1.0)
        long_enough = mod["n_words"].to_numpy()[idx] >= min_words
        by_asker = asked[idx] if asked is not None else np.zeros(len(idx), dtype=bool)
        # respondents first, then long units, then by similarity
        order = np.lexsort((-sims, ~long_enough, by_asker))
        groups = territory[idx][order] if territory is not None else np.zeros(len(idx))
        for place in dict.fromkeys(groups.tolist()):
            seen: set[str] = set()
            for j in order[groups == place]:
                u = mod.iloc[idx[j]]
                key = " ".join(str(u["text"]).lower().split())
                if key in seen:  # identical answers ("Non concerné") quoted once
                    continue
                seen.add(key)
                if len(seen) > n:
                    break
                rows.append(
                    {
                        "topic": int(t),
                        "rank": len(seen),
                        "unit_id": u["unit_id"],
                        "segment_ids": list(u["segment_ids"]),
                        "doc_id": u["doc_id"],
                        "role": u["role"],
                        "territory": u["territory"],
                        "text": u["text"],
                        "similarity": float(sims[j]),
                    }
                )
    columns = [
        "topic",
        "rank",
        "unit_id",
        "segment_ids",
        "doc_id",
        "role",
        "territory",
        "text",
        "similarity",
    ]
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["topic", "territory", "rank"], kind="stable", ignore_index=True)


def hierarchy_table(model: Any, topics: pd.DataFrame) -> pd.DataFrame:
    """Topics merged two by two (Ward linkage on normalised c-TF-IDF rows), with merged labels."""
    from scipy.cluster.hierarchy import linkage
    from sklearn.preprocessing import normalize

    columns = ["node", "left", "right", "distance", "n_topics", "topics", "label"]
    ids = topics.loc[topics["topic"] >= 0, "topic"].tolist()
    if len(ids) < 2 or ids != list(range(len(ids))):
        return pd.DataFrame(columns=columns)
    offset = 1 if -1 in set(topics["topic"]) else 0
    ctfidf = model.c_tf_idf_[offset : offset + len(ids)]
    x = normalize(ctfidf).toarray() if hasattr(ctfidf, "toarray") else normalize(ctfidf)
    z = linkage(x, method="ward")
    words = np.asarray(model.vectorizer_model.get_feature_names_out())
    sizes = topics.set_index("topic")["size"]
    members: dict[int, list[int]] = {i: [i] for i in ids}
    rows = []
    for k, (left, right, dist, count) in enumerate(z):
        node = len(ids) + k
        members[node] = members[int(left)] + members[int(right)]
        weights = np.asarray(sizes.loc[members[node]], dtype=float)
        merged = (
            np.asarray(ctfidf[members[node]].multiply(weights[:, None]).sum(axis=0)).ravel()
            if hasattr(ctfidf, "multiply")
            else (ctfidf[members[node]] * weights[:, None]).sum(axis=0)
        )
        top = words[np.argsort(-merged)[:10]].tolist()
        rows.append(
            {
                "node": node,
                "left": int(left),
                "right": int(right),
                "distance": float(dist),
                "n_topics": int(count),
                "topics": sorted(members[node]),
                "label": topic_label(top),
            }
        )
    return pd.DataFrame(rows, columns=columns)
