"""Batch benchmark: reports of every demo territory,
serial vs parallel, and a nothing-changed rerun.

Run from the repository root (about 5 minutes):

    .venv/bin/python benchmarks/batch_benchmark.py [--workers 2]

On a private copy of the demo project (``data/`` is left alone): the project-wide steps are run
once (not timed here: see the NLP, topics and textometry benchmarks), then

(a) the territory reports with 1 worker, then with ``--workers`` (forced each time; the synthesis
    runs after them in both): speed-up (goal ≥ 1.7 on 2 cores);
(b) ``transfo run`` cold (everything from the raw files), then again with nothing changed
    (goal: the rerun ≤ 10 % of the cold run).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEEP = [
    "raw",
    "gold",
    "project.yaml",
    "manifest.yaml",
    "metadonnees-entretiens.csv",
    "codebook.yaml",
]


def copy_demo(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in KEEP:
        src = ROOT / "data" / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    settings = dest / "project.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "reports_dir: ../reports", "reports_dir: reports"
        ),
        encoding="utf-8",
    )
    return dest


def transfo(*args: str) -> float:
    env = {**os.environ, "TRANSFO_PROGRESS": "0"}
    t0 = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).parent / "transfo"), *args],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_demo(Path(tmp) / "demo")
        cold = transfo("run", "--project", str(project), "--quiet", "--workers", str(args.workers))
        rerun = transfo("run", "--project", str(project), "--quiet", "--workers", str(args.workers))
        from transfo_analysis.batch import run_reports
        from transfo_analysis.config import open_project
        from transfo_analysis.corpus import load_corpus

        proj = open_project(project)
        territories = load_corpus(proj).territories
        timings = {}
        for workers in (1, args.workers):
            t0 = time.perf_counter()
            outcomes = run_reports(
                proj, territories, workers=workers, force=True, show_progress=False
            )
            timings[workers] = time.perf_counter() - t0
            assert all(o.status == "ok" for o in outcomes), [
                (o.name, o.status, o.error) for o in outcomes
            ]
    print(f"(a) {len(territories)} territory reports then the synthesis (papermill), forced")
    print(
        f"    1 worker: {timings[1]:.1f} s · {args.workers} workers: {timings[args.workers]:.1f} "
        f"s → speed-up {timings[1] / timings[args.workers]:.2f} (goal ≥ 1.7)"
    )
    print("(b) transfo run, cold (from the raw files) then with nothing changed")
    print(
        f"    cold: {cold:.1f} s · rerun: {rerun:.1f} s = {rerun / cold:.1%} of cold (goal ≤ 10 %)"
    )


if __name__ == "__main__":
    main()
