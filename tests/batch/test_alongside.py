"""Textometry sent whole to a worker while the client fits the topics (``Step.alongside``),
or, when too big for a worker, run here with its partitions counted on the workers.

The tables are those of one process, the manifest and the summary keep one outcome per step,
and a failure on the worker is reported in French while the other steps go on.
"""

from __future__ import annotations

import pandas as pd
import pytest
from distributed import get_task_stream

from transfo_analysis.batch import STEPS, RunManifest, prepare
from transfo_analysis.config import open_project
from transfo_analysis.scale import SchedulerChoice, open_execution

pytestmark = pytest.mark.slow

SIZE = {"n_workers": 2, "threads_per_worker": 1, "memory_limit": "3GiB"}


def _tables(folder) -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_parquet(p) for p in sorted(folder.glob("*.parquet"))}


def test_textometry_on_a_worker_during_topics_gives_the_tables_of_one_process(demo_copy):
    project = open_project(demo_copy)
    in_process = _tables(project.textometry_dir)
    topics_in_process = pd.read_parquet(project.topics_dir / "assignments.parquet")
    assert "reinert_segments" in in_process
    steps = [s for s in STEPS if s.name in ("textometry", "topics")]
    with (
        open_execution(SchedulerChoice("local"), local_size=SIZE, project_root=demo_copy) as ex,
        get_task_stream(ex.client) as stream,
    ):
        outcomes = prepare(project, force=True, show_progress=False, steps=steps, execution=ex)
    assert [(o.name, o.status) for o in outcomes] == [("textometry", "ok"), ("topics", "ok")]
    assert outcomes[0].details["n_turns"] > 100 and outcomes[0].seconds > 0
    # the step ran as one task on a worker, not on the client
    assert [t for t in stream.data if str(t["key"]).startswith("step-textometry-")]
    on_worker = _tables(project.textometry_dir)
    assert on_worker.keys() == in_process.keys()
    for name, table in in_process.items():
        pd.testing.assert_frame_equal(on_worker[name], table, obj=name)
    pd.testing.assert_frame_equal(
        pd.read_parquet(project.topics_dir / "assignments.parquet"), topics_in_process
    )
    entry = RunManifest(project.run_manifest_file).data["textometry"]
    assert entry["status"] == "ok" and entry["fingerprint"]
    # recorded as done: the next run skips it
    with open_execution(SchedulerChoice("local"), local_size=SIZE, project_root=demo_copy) as ex:
        again = prepare(project, show_progress=False, steps=steps, execution=ex)
    assert [o.status for o in again] == ["skipped", "skipped"]


def test_a_step_failing_on_a_worker_is_reported_in_french_and_the_others_go_on(demo_copy):
    project = open_project(demo_copy)
    (project.nlp_dir("processed") / "tokens.parquet").unlink()
    steps = [s for s in STEPS if s.name in ("barometer", "textometry")]
    with open_execution(SchedulerChoice("local"), local_size=SIZE, project_root=demo_copy) as ex:
        outcomes = prepare(project, force=True, show_progress=False, steps=steps, execution=ex)
    by_name = {o.name: o for o in outcomes}
    assert by_name["barometer"].status == "ok"
    failed = by_name["textometry"]
    assert failed.status == "failed"
    assert "la textométrie demande le corpus pseudonymisé" in failed.error
    assert "transfo pseudonymise" in failed.error  # what to do
    entry = RunManifest(project.run_manifest_file).data["textometry"]
    assert entry["status"] == "failed" and entry["fingerprint"] is None


def test_a_step_too_big_for_a_worker_runs_here_and_the_summary_says_why(demo_copy):
    import dataclasses

    project = open_project(demo_copy)
    in_process = _tables(project.textometry_dir)
    textometry = next(s for s in STEPS if s.name == "textometry")
    # 2.5 GiB needed: more than 70 % of the 3 GiB of each worker
    big = dataclasses.replace(textometry, memory=lambda p: 5 << 29)
    with (
        open_execution(SchedulerChoice("local"), local_size=SIZE, project_root=demo_copy) as ex,
        get_task_stream(ex.client) as stream,
    ):
        assert ex.worker_memory == 3 << 30
        (outcome,) = prepare(project, force=True, show_progress=False, steps=[big], execution=ex)
    assert outcome.status == "ok"
    keys = [str(t["key"]) for t in stream.data]
    assert not [k for k in keys if k.startswith("step-textometry-")]
    # not sent whole: run here, each partition counted on a worker
    assert [k for k in keys if k.startswith("textometry_partition_task-")]
    (notice,) = outcome.notices
    assert "textometry" in notice and "2,5 Gio" in notice and "3,0 Gio" in notice, notice
    assert "--memory-limit" in notice  # what to do
    on_client = _tables(project.textometry_dir)
    for name, table in in_process.items():
        pd.testing.assert_frame_equal(on_client[name], table, obj=name)
    # the notice is kept with the step: a rerun that skips it says it again
    assert RunManifest(project.run_manifest_file).data["textometry"]["notices"] == [notice]


def test_the_textometry_estimate_follows_the_tokens_table(demo_copy):
    import pyarrow.parquet as pq

    from transfo_analysis.textometry import memory_estimate
    from transfo_analysis.textometry._artifacts import BASE_BYTES, BYTES_PER_TOKEN

    project = open_project(demo_copy)
    path = project.nlp_dir("processed") / "tokens.parquet"
    rows = pq.ParquetFile(path).metadata.num_rows
    assert rows > 1000
    assert memory_estimate(project) == BASE_BYTES + BYTES_PER_TOKEN * rows
    path.unlink()
    assert memory_estimate(project) == 0
