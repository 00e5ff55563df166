"""Peak memory and time of one stage of a kept project, in this process (issue 11).

The client's memory is what bounds a national-sized run on one machine: this runs one stage of an
already-run project (for example one kept by ``scale_benchmark.py --e2e N --keep DIR``) on a
copy of it, in this process, and prints the stage's time and this process's peak resident
memory (``VmHWM``, every byte counted, unlike samples taken from outside). With ``--workers N``
the stage runs on an embedded LocalCluster of N one-thread workers, as ``transfo run
--scheduler local`` does; the workers' memory is theirs, not counted here.

    .venv/bin/python benchmarks/stage_memory.py /tmp/p200/e2e-200000 --stage pseudonymise \
        --workers 2

Run it once per code version on the same project (a ``git worktree`` of the earlier commit,
``PYTHONPATH=src``) to compare two versions; the copy's outputs can be kept (``--keep``) to
compare their tables. The project is never modified.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd

from transfo_analysis.anonymise import pseudonymise_project
from transfo_analysis.config import open_project
from transfo_analysis.nlp import parse_project
from transfo_analysis.scale import SchedulerChoice, open_execution
from transfo_analysis.textometry import textometry_project
from transfo_analysis.topics import topics_project

#: a parse whose texts are all in the project's cache only reads the cache and writes the tables
STAGES = {
    "parse": parse_project,
    "pseudonymise": pseudonymise_project,
    "textometry": textometry_project,
    "topics": topics_project,  # with its stability refits, as `transfo run` fits them
}


def _high_water_mib() -> float:
    """This process's peak resident memory so far (``VmHWM``), in MiB."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status (Linux only)")


def _tokens(root: Path) -> int:
    """Rows of the project's interim tokens table (read from the file's metadata)."""
    import pyarrow.parquet as pq

    path = root / "interim" / "nlp" / "tokens.parquet"
    return pq.ParquetFile(path).metadata.num_rows if path.exists() else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project", type=Path, help="a project that has run up to the stage")
    ap.add_argument("--stage", choices=sorted(STAGES), required=True)
    ap.add_argument("--workers", type=int, default=0, help="embedded Dask workers (0: none)")
    ap.add_argument("--memory-limit", default="9GiB", help="per worker, with --workers")
    ap.add_argument("--keep", type=Path, help="keep the copy the stage ran on here")
    args = ap.parse_args()
    where = Path(tempfile.mkdtemp(prefix="stage-memory-"))
    copy = args.keep or where / "project"
    shutil.copytree(args.project, copy, ignore=shutil.ignore_patterns("reports", "raw"))
    (copy / "raw").mkdir(exist_ok=True)
    project = open_project(copy)
    base = _high_water_mib()
    run = STAGES[args.stage]
    try:
        if args.workers:
            size = {
                "n_workers": args.workers,
                "threads_per_worker": 1,
                "memory_limit": args.memory_limit,
            }
            with open_execution(
                SchedulerChoice("local"), local_size=size, project_root=copy
            ) as execution:
                t0 = time.perf_counter()
                run(project, show_progress=False, execution=execution)
                seconds = time.perf_counter() - t0
        else:
            t0 = time.perf_counter()
            run(project, show_progress=False)
            seconds = time.perf_counter() - t0
    finally:
        if args.keep is None:
            shutil.rmtree(where, ignore_errors=True)
    peak = _high_water_mib()
    tokens = _tokens(args.project)
    print(
        pd.Series(
            {
                "stage": args.stage,
                "workers": args.workers,
                "interim tokens": f"{tokens:,}",
                "seconds": round(seconds, 1),
                "peak MiB (VmHWM, this process)": round(peak),
                "before the stage MiB": round(base),
                "bytes per token above it": round((peak - base) * 2**20 / tokens) if tokens else "",
            }
        ).to_string()
    )


if __name__ == "__main__":
    main()
