"""Task inputs read by the workers from the shared folder, never carried in the task graph."""

from __future__ import annotations

import os
import signal
import warnings
from pathlib import Path

import dask
import distributed  # noqa: F401 - its config must be loaded before dask.config.set below
import pytest

from transfo_analysis.scale import (
    SchedulerChoice,
    StagedInput,
    load_input,
    open_execution,
    run_tasks,
    staged_inputs,
)

pytestmark = pytest.mark.slow

ONE_WORKER = {"n_workers": 1, "threads_per_worker": 1, "memory_limit": "2GiB"}
#: Dask warns about any graph over this (default 10 MB): tiny, so that data in a graph shows
SMALL_GRAPH = {"distributed.admin.large-graph-warning-threshold": "20kB"}


def total_length(task: dict) -> int:
    part = load_input(task["part"])
    return sum(len(t) for t in part["texts"]) + task["offset"]


def die_once_then_count(task: dict) -> int:
    flag = Path(task["flag"])
    if not flag.exists():
        flag.write_text(str(os.getpid()))
        os.kill(os.getpid(), signal.SIGKILL)
    return len(load_input(task["part"])["texts"])


def _parts(n: int) -> list[dict]:
    # about 60 kB of text per partition: three partitions in a graph would pass 20 kB
    return [{"texts": [f"texte {p} ligne {i} " * 4 for i in range(800)]} for p in range(n)]


def _large_graph_warnings(caught: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in caught if "large graph" in str(w.message)]


def test_inputs_in_a_graph_are_what_dask_warns_about(tmp_path):
    """The check is real: the same partitions sent in the tasks trigger Dask's warning."""
    with (
        dask.config.set(SMALL_GRAPH),
        open_execution(SchedulerChoice("local"), local_size=ONE_WORKER) as ex,
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        inline = [{"part": p, "offset": 0} for p in _parts(3)]
        run_tasks(total_length, inline, execution=ex, show_progress=False)
    assert _large_graph_warnings(caught)


def test_staged_inputs_keep_the_graph_small_and_give_the_same_results(tmp_path):
    parts = _parts(3)
    expected = [sum(len(t) for t in p["texts"]) + 1 for p in parts]
    here = open_execution(SchedulerChoice("in-process"))
    with here as ex, staged_inputs(parts, execution=ex, folder=tmp_path) as refs:
        assert refs == parts  # in this process nothing is written
        items = [{"part": r, "offset": 1} for r in refs]
        assert run_tasks(total_length, items, execution=ex, show_progress=False).results == (
            expected
        )
    with (
        dask.config.set(SMALL_GRAPH),
        open_execution(SchedulerChoice("local"), local_size=ONE_WORKER) as ex,
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        with staged_inputs(parts, execution=ex, folder=tmp_path) as refs:
            assert all(isinstance(r, StagedInput) and Path(r.path).is_file() for r in refs)
            items = [{"part": r, "offset": 1} for r in refs]
            out = run_tasks(total_length, items, execution=ex, show_progress=False)
        # without a shared folder the inputs are scattered: outside the graph too
        with staged_inputs(parts, execution=ex, folder=None) as futures:
            scattered = run_tasks(
                total_length,
                [{"part": f, "offset": 1} for f in futures],
                execution=ex,
                show_progress=False,
            )
    assert not _large_graph_warnings(caught)
    assert out.results == scattered.results == expected
    assert list(tmp_path.iterdir()) == []  # the staged files are removed after the run


def test_a_task_retried_after_its_worker_died_reads_its_input_again(tmp_path):
    two = {**ONE_WORKER, "n_workers": 2}
    parts = _parts(2)
    with (
        open_execution(SchedulerChoice("local"), local_size=two) as ex,
        staged_inputs(parts, execution=ex, folder=tmp_path / "work") as refs,
    ):
        items = [{"part": r, "flag": str(tmp_path / f"died-{i}")} for i, r in enumerate(refs)]
        out = run_tasks(die_once_then_count, items, execution=ex, show_progress=False)
    assert out.ok and out.results == [800, 800]
    assert (tmp_path / "died-0").exists() and (tmp_path / "died-1").exists()
