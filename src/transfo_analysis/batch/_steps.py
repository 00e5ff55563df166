"""The function of each project-wide step: the stage's own entry point, imported when called.

Each stage package exposes one ``*_project(project, *, show_progress)`` function that its command
and ``transfo run`` both call. The runner's steps hold these small functions rather than the
entry points themselves only so that importing :mod:`transfo_analysis.batch` (``transfo serve``,
the dashboards) does not import every analysis package (about 6 s).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from transfo_analysis.config import Project
from transfo_analysis.i18n import ngettext

if TYPE_CHECKING:
    from transfo_analysis.scale import Execution


def ingest(
    project: Project, *, show_progress: bool = True, execution: Execution | None = None
) -> Any:
    """:func:`transfo_analysis.corpus.ingest_project` (one task per source file on a cluster)."""
    from transfo_analysis.corpus import ingest_project

    return ingest_project(project, show_progress=show_progress, execution=execution)


def parse(
    project: Project, *, show_progress: bool = True, execution: Execution | None = None
) -> Any:
    """:func:`transfo_analysis.nlp.parse_project` (one task per partition on a cluster)."""
    from transfo_analysis.nlp import parse_project

    return parse_project(project, show_progress=show_progress, execution=execution)


def pseudonymise(
    project: Project, *, show_progress: bool = True, execution: Execution | None = None
) -> Any:
    """:func:`transfo_analysis.anonymise.pseudonymise_project` (detection per partition on a
    cluster, merged into the key on the client).
    """
    from transfo_analysis.anonymise import pseudonymise_project

    return pseudonymise_project(project, show_progress=show_progress, execution=execution)


def barometer(project: Project, *, show_progress: bool = True) -> Any:
    """:func:`transfo_analysis.barometer.barometer_project`."""
    from transfo_analysis.barometer import barometer_project

    return barometer_project(project, show_progress=show_progress)


def coding(project: Project, *, show_progress: bool = True) -> Any:
    """:func:`transfo_analysis.coding.coding_project`."""
    from transfo_analysis.coding import coding_project

    return coding_project(project, show_progress=show_progress)


def evidence(project: Project, *, show_progress: bool = True) -> Any:
    """:func:`transfo_analysis.evidence.evidence_project`."""
    from transfo_analysis.evidence import evidence_project

    return evidence_project(project, show_progress=show_progress)


def topics(
    project: Project, *, show_progress: bool = True, execution: Execution | None = None
) -> Any:
    """:func:`transfo_analysis.topics.topics_project`, given the coding step's codings.

    On a cluster, the fit stays here and the units left out of a large corpus's fitting sample
    are assigned on the workers.

    A corpus too small for a topic model (a pilot of a few interviews) is no failure of the run:
    the reason is kept in ``processed/topics/skipped.json`` (the reports print it) and the step
    returns it as a French notice for the run summary.
    """
    from transfo_analysis.coding import project_codings
    from transfo_analysis.topics import TooFewUnitsError, save_topics_skipped, topics_project

    try:
        return topics_project(
            project,
            codings=project_codings(project),
            show_progress=show_progress,
            execution=execution,
        )
    except TooFewUnitsError as exc:
        save_topics_skipped(project, reason=exc.notice)
        return {"status": "not computed", "n_units": exc.n_units, "notices": [exc.notice]}


def textometry(
    project: Project, *, show_progress: bool = True, execution: Execution | None = None
) -> Any:
    """:func:`transfo_analysis.textometry.textometry_project`.

    When the corpus is too small for the Reinert classification (its other tables are still
    computed), the summary carries a French notice for the run summary.
    """
    from transfo_analysis.textometry import textometry_project

    results = textometry_project(project, show_progress=show_progress, execution=execution)
    summary = dict(getattr(results, "summary", None) or {})
    if (summary.get("reinert") or {}).get("status") != "not computed":
        return results
    n_turns = summary.get("n_turns", 0)
    summary["notices"] = [
        ngettext(
            "Reinert classification not computed: the corpus is too small for it ({n} turn "
            "analysed); specific words and repeated segments are computed.",
            "Reinert classification not computed: the corpus is too small for it ({n} turns "
            "analysed); specific words and repeated segments are computed.",
            n_turns,
        ).format(n=n_turns)
    ]
    return summary


def textometry_memory(project: Project) -> int:
    """:func:`transfo_analysis.textometry.memory_estimate` (bytes the step needs at most)."""
    from transfo_analysis.textometry import memory_estimate

    return memory_estimate(project)
