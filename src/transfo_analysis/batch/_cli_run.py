"""``transfo run --project DIR [--territory T ...] [--workers N] [--json FILE]``: the whole job."""

from __future__ import annotations

import argparse
import time
from dataclasses import asdict

from transfo_analysis.config import open_project
from transfo_analysis.provenance import code_version, write_json_atomic


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--project", required=True, help="project directory (the demo's is data/)")
    p.add_argument(
        "--territory", action="append", default=None, help="only this territory (repeatable)"
    )
    p.add_argument(
        "--workers", type=int, help="notebooks run in parallel (default: number of cores)"
    )
    p.add_argument("--json", dest="json_file", help="write the run summary as JSON")
    p.add_argument(
        "--force", action="store_true", help="rerun every step even when nothing changed"
    )
    p.add_argument("--no-synthesis", action="store_true", help="skip the cross-territory synthesis")
    p.add_argument("--quiet", action="store_true", help="no progress bars")


def run(args: argparse.Namespace) -> int:
    from transfo_analysis.batch._pipeline import prepare
    from transfo_analysis.batch._reports import run_reports
    from transfo_analysis.batch._summary import format_summary, territories_to_run

    t0 = time.perf_counter()
    project = open_project(args.project)
    show = not args.quiet
    steps = prepare(project, force=args.force, show_progress=show)
    failed_required = any(
        s.status == "failed" for s in steps if s.name in {"ingest", "parse", "pseudonymise"}
    )
    reports = []
    error = None
    if not failed_required:
        territories, error = territories_to_run(project, args.territory)
        if territories:
            reports = run_reports(
                project,
                territories,
                workers=args.workers,
                force=args.force,
                synthesis=not args.no_synthesis,
                show_progress=show,
            )
    summary = {
        "project": str(project.root),
        "code": code_version(),
        "seconds": round(time.perf_counter() - t0, 1),
        "steps": [asdict(s) for s in steps],
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
