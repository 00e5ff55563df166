"""Names the research team gives to topics, kept in the project and carried across model runs.

Names live in ``<project>/topic-names.json`` (written through a temporary file and a rename),
beside ``project.yaml`` and ``codebook.yaml`` and outside ``processed/``, which every model run
replaces. A JSON file rather than the coding store: topics do not depend on the coding
package, the file can be read and reviewed without tools, and a project without a codebook
keeps its names. Each name records its author, its date, and what it named: the topic's
segments and top terms in the run where it was given or last matched.

When a new model is fitted, every name is matched to at most one new topic: the similarity of
a name and a topic is the larger of the Jaccard index of their segments and the Jaccard index
of their top terms; names and topics are paired one to one by the Hungarian algorithm on that
similarity, and a pair counts when it reaches :data:`MATCH_THRESHOLD`. A name left without a
topic stays in the file as ``unmatched`` (with what it named, so a later run may match it
again) and is reported; it is never dropped silently.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from transfo_analysis.config import Project
from transfo_analysis.errors import ConfigError, InputError
from transfo_analysis.i18n import _
from transfo_analysis.provenance import write_json_atomic
from transfo_analysis.topics._result import OUTLIER_LABEL, TopicResult

NAMES_FILE = "topic-names.json"
#: smallest similarity (Jaccard of segments or of top terms) for a name to follow a topic
MATCH_THRESHOLD = 0.3
#: top terms kept with a name to match it again
N_TERMS = 10


def names_file(project: Project) -> Path:
    """Where the project's topic names are kept.

    Parameters
    ----------
    project
        The project.

    Returns
    -------
    ``<project>/topic-names.json``.
    """
    return project.root / NAMES_FILE


def load_names(project: Project) -> list[dict[str, Any]]:
    """The project's topic names (an empty list when none was given).

    Parameters
    ----------
    project
        The project.

    Returns
    -------
    One dict per name: ``name``, ``author``, ``date``, ``topic``, ``terms``, ``segment_ids``,
    ``auto_label``, ``status`` (``given``, ``matched``, ``unmatched``), ``similarity``.

    Raises
    ------
    InputError
        When the file is not valid JSON or lacks a name's fields (saying which entry).
    """
    path = names_file(project)
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(
            str(path),
            _("unreadable topic names file ({exc})").format(exc=exc),
            hint=_("fix the JSON or restore a backup; the topics keep their automatic label"),
        ) from None
    names = data.get("names", []) if isinstance(data, dict) else None
    if not isinstance(names, list):
        raise InputError(str(path), _('the "names" key must be a list'))
    for i, entry in enumerate(names):
        missing = {"name", "author", "date"} - set(entry if isinstance(entry, dict) else {})
        if missing:
            raise InputError(
                str(path),
                _("missing field(s): {fields}").format(fields=", ".join(sorted(missing))),
                element=_("name no. {n}").format(n=i + 1),
                hint=_("each topic name has a name, an author and a date"),
            )
    return names


def save_names(project: Project, names: list[dict[str, Any]]) -> Path:
    """Write the names file atomically (a crash leaves the previous file whole)."""
    path = names_file(project)
    write_json_atomic(path, {"version": 1, "names": names})
    return path


def name_topic(
    project: Project, topic: int, name: str, *, author: str | None = None
) -> dict[str, Any]:
    """Give a name to a topic of the project's current model, and show it from now on.

    The name is stored in ``topic-names.json`` with its author and date, and the saved topic
    tables (``processed/topics``) are rewritten with it, so that the next report shows it. A
    name given before to the same topic is replaced (the answer says which).

    Parameters
    ----------
    project
        The project (after ``transfo topics`` or ``transfo run``).
    topic
        The topic's number, as shown by ``transfo topics`` and in ``result.topics``.
    name
        The name, as stakeholders will read it.
    author
        Who names it (default: the project's coder, ``TRANSFO_CODER`` or the login).

    Returns
    -------
    The stored entry, with ``replaced`` (the previous name of this topic, or ``None``).

    Raises
    ------
    ConfigError
        When the name is empty or the topic does not exist (listing the topics that do).
    """
    from transfo_analysis.topics._io import load_topics, save_topics

    name = " ".join(str(name).split())
    if not name:
        raise ConfigError(
            _("the topic name is empty"),
            hint=_('give a name in quotes: "Opening hours"'),
        )
    result = load_topics(project)
    themes = result.topics[result.topics["topic"] >= 0]
    if topic not in set(themes["topic"]):
        raise ConfigError(
            _(
                "topic {topic} does not exist in the current model ({n} topics, numbered from 0 "
                "to {last})"
            ).format(topic=topic, n=len(themes), last=len(themes) - 1),
            hint=_(
                "the list of topics and their numbers: transfo topics list --project {root}"
            ).format(root=project.root),
        )
    names = load_names(project)
    previous = [n for n in names if n.get("topic") == topic and n.get("status") != "unmatched"]
    names = [n for n in names if n not in previous]
    entry = {
        "name": name,
        "author": author or project.coder,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        **_what_it_names(result, topic),
        "status": "given",
        "similarity": None,
    }
    names.append(entry)
    save_names(project, names)
    save_topics(apply_names(result, names), project)
    return {**entry, "replaced": previous[0]["name"] if previous else None}


def _what_it_names(result: TopicResult, topic: int) -> dict[str, Any]:
    row = result.topics.set_index("topic").loc[topic]
    segments = result.assignments.loc[result.assignments["topic"] == topic, "segment_id"]
    return {
        "topic": int(topic),
        "terms": list(row["terms"])[:N_TERMS],
        "auto_label": str(row.get("auto_label", row["label"])),
        "segment_ids": sorted(map(str, segments)),
    }


def carry_names(
    result: TopicResult, names: list[dict[str, Any]], *, threshold: float = MATCH_THRESHOLD
) -> tuple[TopicResult, list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """Match stored names to the topics of a new model (see the module's rule) and apply them.

    Parameters
    ----------
    result
        The new model's topics.
    names
        The stored names (:func:`load_names`).
    threshold
        Smallest similarity for a name to follow a topic.

    Returns
    -------
    result
        A copy of the result whose matched topics show their names.
    names
        The updated entries: matched ones point to their new topic (with its segments and
        terms), unmatched ones keep what they named before, with ``status: "unmatched"``.
    report
        ``matched`` (name, author, previous and new topic, similarity) and ``unmatched``.
    """
    from scipy.optimize import linear_sum_assignment

    themes = result.topics[result.topics["topic"] >= 0]
    ids = themes["topic"].astype(int).tolist()
    seg = result.assignments[result.assignments["topic"] >= 0].groupby("topic")["segment_id"]
    topic_segs = {int(t): set(map(str, s)) for t, s in seg}
    topic_terms = {
        int(t): set(list(terms)[:N_TERMS])
        for t, terms in zip(themes["topic"], themes["terms"], strict=True)
    }
    sim = np.zeros((len(names), len(ids)))
    for i, entry in enumerate(names):
        s_a, t_a = set(entry.get("segment_ids") or []), set(entry.get("terms") or [])
        for j, t in enumerate(ids):
            sim[i, j] = max(_jaccard(s_a, topic_segs.get(t, set())), _jaccard(t_a, topic_terms[t]))
    pairs = dict(zip(*linear_sum_assignment(-sim), strict=True)) if sim.size else {}
    updated: list[dict[str, Any]] = []
    report: dict[str, list[dict[str, Any]]] = {"matched": [], "unmatched": []}
    for i, entry in enumerate(names):
        match = pairs.get(i)
        if match is not None and sim[i, match] >= threshold:
            new = {
                **entry,
                **_what_it_names(result, ids[match]),
                "status": "matched",
                "similarity": round(float(sim[i, match]), 3),
            }
            report["matched"].append(
                {
                    "name": entry["name"],
                    "author": entry["author"],
                    "previous_topic": entry.get("topic"),
                    "topic": ids[match],
                    "similarity": new["similarity"],
                }
            )
        else:
            best = float(sim[i].max()) if sim.shape[1] else 0.0
            new = {**entry, "status": "unmatched", "similarity": round(best, 3)}
            report["unmatched"].append(
                {
                    "name": entry["name"],
                    "author": entry["author"],
                    "previous_topic": entry.get("topic"),
                    "best_similarity": new["similarity"],
                }
            )
        updated.append(new)
    return apply_names(result, updated), updated, report


def apply_names(result: TopicResult, names: list[dict[str, Any]]) -> TopicResult:
    """A copy of ``result`` whose named topics show the team's name (``label_source: team``).

    Parameters
    ----------
    result
        The topics.
    names
        The names; ``unmatched`` ones are left out.

    Returns
    -------
    The result with ``label``, ``label_source``, ``name_author`` and ``name_date`` set.
    """
    import dataclasses

    topics = result.topics.copy()
    if "auto_label" not in topics:
        topics["auto_label"] = topics["label"]
    for col in ("label_source", "name_author", "name_date"):
        if col not in topics:
            topics[col] = None
    for entry in names:
        if entry.get("status") == "unmatched" or entry.get("topic") is None:
            continue
        rows = topics["topic"] == entry["topic"]
        topics.loc[rows, ["label", "label_source", "name_author", "name_date"]] = [
            entry["name"],
            "team",
            entry["author"],
            entry["date"],
        ]
    labels = dict(zip(topics["topic"], topics["label"], strict=True))
    assignments = result.assignments.assign(
        label=result.assignments["topic"].map(labels).fillna(_(OUTLIER_LABEL))
    )
    return dataclasses.replace(result, topics=topics, assignments=assignments)


def _jaccard(a: set, b: set) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def names_frame(project: Project) -> pd.DataFrame:
    """The project's names as a table (for a notebook).

    Parameters
    ----------
    project
        The project.

    Returns
    -------
    ``name``, ``author``, ``date``, ``topic``, ``status``, ``similarity``, ``auto_label``.
    """
    cols = ["name", "author", "date", "topic", "status", "similarity", "auto_label"]
    return pd.DataFrame([{c: n.get(c) for c in cols} for n in load_names(project)], columns=cols)
