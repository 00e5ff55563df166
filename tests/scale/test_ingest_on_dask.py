"""Ingest on Dask: one task per source file, the corpus and load report of one process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from distributed import get_task_stream

from transfo_analysis.corpus import Manifest, ingest
from transfo_analysis.scale import SchedulerChoice, open_execution

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def test_ingest_on_two_workers_equals_one_process(tmp_path: Path):
    root = tmp_path / "projet"
    shutil.copytree(REPO / "data", root, ignore=shutil.ignore_patterns("interim", "processed"))
    # a bad file among the good ones: skipped with its name and reason, the rest is read
    bad = root / "raw" / "valcourt" / "casse.trs"
    bad.write_bytes(b"<?xml version='1.0'?><Trans><Episode><Section><Turn>")
    manifest = Manifest.load(root / "manifest.yaml")

    def run(execution=None):
        corpus, report = ingest(
            [root / "raw"],
            manifest=manifest,
            project_root=root,
            show_progress=False,
            execution=execution,
        )
        return corpus, report.to_dict()

    corpus, report = run()
    assert str(bad) in {s["path"] for s in report["skipped"]}
    assert len(report["loaded"]) > 20
    size = {"n_workers": 2, "threads_per_worker": 1, "memory_limit": "2GiB"}
    with (
        open_execution(SchedulerChoice("local"), local_size=size, project_root=root) as ex,
        get_task_stream(ex.client) as stream,
    ):
        there, there_report = run(ex)
    n_files = len(report["loaded"]) + len(report["skipped"])
    assert sum(str(t["key"]).startswith("read_file_task") for t in stream.data) == n_files
    assert there_report == report  # same files, same order, same issues
    for name in ("documents", "speakers", "segments"):
        pd.testing.assert_frame_equal(getattr(there, name), getattr(corpus, name))
