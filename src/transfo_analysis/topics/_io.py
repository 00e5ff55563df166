"""Topic artifacts under ``<project>/processed/topics/``: Parquet tables and ``topics.json``.

Dashboards and reports read these (pseudonymised) artifacts; :func:`load_topics` gives back a
:class:`TopicResult` without the model, enough for every table and figure.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from transfo_analysis.config import Project
from transfo_analysis.errors import NotReadyError, TransfoError
from transfo_analysis.i18n import _
from transfo_analysis.provenance import replaced_folder, write_json_atomic
from transfo_analysis.topics._result import TopicResult
from transfo_analysis.topics._tables import topics_by, topics_over_time

SUMMARY_FILE = "topics.json"
SKIPPED_FILE = "skipped.json"
_TABLES = ("topics", "assignments", "units", "quotes", "hierarchy")


def topics_dir(project: Project) -> Path:
    """Folder of the topic artifacts.

    Parameters
    ----------
    project
        The project.

    Returns
    -------
    ``<project>/processed/topics``.
    """
    return project.topics_dir


def save_topics(result: TopicResult, project: Project) -> Path:
    """Write a result's tables (Parquet), crossings by role, territory, period, ``topics.json``.

    The folder is written beside the old one and then swapped, so a crash leaves the previous
    artifacts intact.

    Parameters
    ----------
    result
        From :func:`fit_topics` or :func:`fit_kmeans_baseline`.
    project
        The project.

    Returns
    -------
    The folder written.

    Raises
    ------
    TransfoError
        When the result comes from a corpus that is not pseudonymised (its quotes would identify
        people, and ``processed/`` is what reports publish).
    """
    if not result.provenance.get("pseudonymised", False):
        raise TransfoError(
            _(
                "these topics were fitted on a corpus that is not pseudonymised: its quotes must "
                "not go to processed/"
            ),
            hint=_(
                "fit on load_corpus(project) and load_tokens(project) after `transfo pseudonymise`"
            ),
        )
    final = topics_dir(project)
    tables = {name: getattr(result, name) for name in _TABLES}
    if result.topic_codes is not None:
        tables["topic_codes"] = result.topic_codes
    for by in ("role", "territory"):
        tables[f"by_{by}"] = topics_by(result, by)
    if result.assignments["date"].notna().any():
        tables["over_time"] = topics_over_time(result)
    with replaced_folder(final) as tmp:
        for name, df in tables.items():
            df.to_parquet(tmp / f"{name}.parquet", index=False)
        write_json_atomic(
            tmp / SUMMARY_FILE,
            {**result.summary(), "tables": sorted(tables), "provenance": result.provenance},
        )
    return final


def save_topics_skipped(project: Project, *, reason: str) -> Path:
    """Record that no topic model was fitted, and why (``skipped.json``, French ``reason``).

    Any earlier model is replaced: topics of a former, larger corpus must not be reported as
    this corpus's.

    Parameters
    ----------
    project
        The project.
    reason
        One French sentence for summaries and reports (:attr:`TooFewUnitsError.notice`).

    Returns
    -------
    Path
        The topics folder, which now holds only ``skipped.json``.
    """
    final = topics_dir(project)
    with replaced_folder(final) as tmp:
        write_json_atomic(tmp / SKIPPED_FILE, {"status": "not computed", "reason": reason})
    return final


def topics_skip_reason(project: Project) -> str | None:
    """The French reason the topics step gave for fitting no model, if it did so.

    Parameters
    ----------
    project
        The project.

    Returns
    -------
    str or None
        The reason, or ``None`` when a model was fitted or the step has not run.
    """
    path = topics_dir(project) / SKIPPED_FILE
    if (topics_dir(project) / SUMMARY_FILE).exists() or not path.exists():
        return None
    return str(json.loads(path.read_text(encoding="utf-8")).get("reason") or "") or None


def load_topics(project: Project) -> TopicResult:
    """Read the artifacts written by :func:`save_topics` (no model, no embeddings).

    Parameters
    ----------
    project
        The project.

    Returns
    -------
    The topic result as saved.

    Raises
    ------
    NotReadyError
        When ``transfo topics`` has not been run.
    """
    folder = topics_dir(project)
    summary_path = folder / SUMMARY_FILE
    if not summary_path.exists():
        raise NotReadyError(
            _("no topics in {folder}").format(folder=folder),
            hint=_("run `transfo topics --project {root}` first").format(root=project.root),
        )
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    tables = {name: pd.read_parquet(folder / f"{name}.parquet") for name in _TABLES}
    for name, column in (
        ("topics", "terms"),
        ("topics", "weights"),
        ("units", "segment_ids"),
        ("quotes", "segment_ids"),
        ("hierarchy", "topics"),
    ):
        df = tables[name]
        if column in df:
            df[column] = df[column].map(lambda v: list(v) if v is not None else [])
    codes = folder / "topic_codes.parquet"
    return TopicResult(
        **tables,
        stability=summary.get("stability"),
        topic_codes=pd.read_parquet(codes) if codes.exists() else None,
        timings=summary.get("timings", {}),
        provenance=summary.get("provenance", {}),
    )
