"""``transfo run --project DIR [--territory T ...] [--workers N] [--json FILE]``: the whole job."""

from __future__ import annotations

import argparse
import time
from dataclasses import asdict
from typing import TYPE_CHECKING

from transfo_analysis.config import Project, open_project
from transfo_analysis.i18n import _
from transfo_analysis.provenance import code_version, write_json_atomic

if TYPE_CHECKING:
    from transfo_analysis.scale import Execution, SchedulerChoice


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--project", required=True, help=_("project directory (the demo's is data/)"))
    p.add_argument(
        "--territory", action="append", default=None, help=_("only this territory (repeatable)")
    )
    p.add_argument(
        "--workers", type=int, help=_("notebooks run in parallel (default: number of cores)")
    )
    p.add_argument("--json", dest="json_file", help=_("write the run summary as JSON"))
    p.add_argument(
        "--force", action="store_true", help=_("rerun every step even when nothing changed")
    )
    p.add_argument(
        "--no-synthesis", action="store_true", help=_("skip the cross-territory synthesis")
    )
    p.add_argument("--quiet", action="store_true", help=_("no progress bars"))
    p.add_argument(
        "--scheduler",
        help=_(
            "where to run: 'local' (an embedded Dask cluster), 'in-process', or a Dask scheduler "
            "address tcp://HOST:8786 (default: DASK_SCHEDULER_ADDRESS, else in-process for small "
            "projects and the embedded cluster for large ones; docs/scale.md)"
        ),
    )
    p.add_argument(
        "--scheduler-file",
        help=_("a Dask scheduler file (dask scheduler --scheduler-file F) to run on that cluster"),
    )


def run(args: argparse.Namespace) -> int:

    from transfo_analysis.scale import choose_scheduler, open_execution

    t0 = time.perf_counter()
    project = open_project(args.project)
    show = not args.quiet
    choice = choose_scheduler(
        args.scheduler, scheduler_file=args.scheduler_file, n_words=estimated_words(project)
    )
    with open_execution(
        choice,
        project_root=project.root,
        model=project.settings.nlp.model,
        plugins=_plugins(project, choice),
    ) as execution:
        print(execution.describe(), flush=True)
        return _run(args, project, execution, t0=t0, show=show)


def _plugins(project: Project, choice: SchedulerChoice) -> list[object]:
    """The parse's worker plugin (the spaCy model loaded once per worker), for a cluster only."""
    if getattr(choice, "kind", "in-process") == "in-process":
        return []
    from transfo_analysis.nlp import PipelinePlugin

    nlp = project.settings.nlp
    return [PipelinePlugin(model=nlp.model, exclude=tuple(nlp.exclude))]


def estimated_words(project: Project) -> int:
    """Words of the project's corpus: counted by the last ingest, else guessed from the sources.

    Only decides whether a run without ``--scheduler`` uses the embedded cluster, so a guess
    (six bytes a word) is enough before the first ingest.
    """
    import pandas as pd

    from transfo_analysis.corpus import walk_folder

    documents = project.corpus_dir("interim") / "documents.parquet"
    if documents.exists():
        return int(pd.read_parquet(documents, columns=["n_words"])["n_words"].sum())
    size = 0
    for source in project.settings.sources:
        path = project.path(source)
        files = walk_folder(path).files if path.is_dir() else [path]  # links followed, as ingest
        size += sum(f.stat().st_size for f in files if f.is_file())
    return size // 6


def _run(
    args: argparse.Namespace, project: Project, execution: Execution, *, t0: float, show: bool
) -> int:
    from transfo_analysis.batch._pipeline import prepare, survey_only
    from transfo_analysis.batch._reports import run_reports
    from transfo_analysis.batch._summary import (
        barometer_territories,
        format_summary,
        ingest_notices,
        territories_to_run,
    )

    steps = prepare(project, force=args.force, show_progress=show, execution=execution)
    failed_required = any(
        s.status == "failed" for s in steps if s.name in {"ingest", "parse", "pseudonymise"}
    )
    reports = []
    error = None
    surveys = survey_only(project)
    if surveys and any(s.name == "barometer" and s.status == "failed" for s in steps):
        failed_required = True  # no table to report on
    if not failed_required:
        if surveys:
            territories, error = barometer_territories(project, args.territory)
        else:
            territories, error = territories_to_run(project, args.territory)
        if territories:
            reports = run_reports(
                project,
                territories,
                workers=args.workers,
                force=args.force,
                synthesis=not args.no_synthesis and not surveys,
                show_progress=show,
                execution=execution,
                notebook=project.settings.batch.barometer_notebook if surveys else None,
            )
    summary = {
        "project": str(project.root),
        "code": code_version(),
        "seconds": round(time.perf_counter() - t0, 1),
        "steps": [asdict(s) for s in steps],
        "ingest": ingest_notices(project),
        "reports": [asdict(r) for r in reports],
        "error": error,
    }
    ok = (
        not error
        and all(s.status != "failed" for s in steps)
        and all(r.status in ("ok", "skipped") for r in reports)
    )
    summary["status"] = "ok" if ok else "failed"
    print(format_summary(summary, reports_dir=project.reports_dir))
    if args.json_file:
        write_json_atomic(args.json_file, summary)
    write_json_atomic(project.last_run_file, summary)
    return 0 if ok else 1
