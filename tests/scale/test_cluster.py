"""Execution on Dask: where a run goes, workers checked at start, tasks isolated and retried.

These tests start their own schedulers and workers on 127.0.0.1 and stop them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from dask_processes import real_cluster
from distributed import WorkerPlugin
from distributed.comm.core import CommClosedError

from transfo_analysis.corpus import n_partitions
from transfo_analysis.scale import (
    ClusterError,
    SchedulerChoice,
    choose_scheduler,
    local_cluster_size,
    local_worker_config,
    open_execution,
    run_tasks,
)

pytestmark = pytest.mark.slow

TWO_WORKERS = {"n_workers": 2, "threads_per_worker": 1, "memory_limit": "2GiB"}
ONE_WORKER = {"n_workers": 1, "threads_per_worker": 1, "memory_limit": "2GiB"}


def square(x: int) -> int:
    return x * x


def fail_on_three(x: int) -> int:
    if x == 3:
        raise ValueError("trois")
    return x


def faults_reallocating(_: object = None) -> int:
    """Minor page faults while a 1 MiB array is allocated, filled and freed 100 times."""
    import resource

    import numpy as np

    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _i in range(100):
        np.ones(1 << 17).sum()  # 1 MiB of float64, every page written
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def die_once(path: str) -> int:
    """Kill the worker process the first time (a flag file says it happened)."""
    flag = Path(path)
    if not flag.exists():
        flag.write_text(str(os.getpid()))
        os.kill(os.getpid(), signal.SIGKILL)
    return os.getpid()


def test_choice_follows_options_environment_and_size(monkeypatch):
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    assert choose_scheduler().kind == "in-process"
    assert choose_scheduler(n_words=5_000_000).kind == "local"
    assert choose_scheduler("local").kind == "local"
    assert choose_scheduler("tcp://10.0.0.1:8786") == SchedulerChoice(
        "address", "tcp://10.0.0.1:8786", "--scheduler donné"
    )
    assert choose_scheduler(scheduler_file="s.json").kind == "file"
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", "tcp://127.0.0.1:1")
    assert choose_scheduler(n_words=10).target == "tcp://127.0.0.1:1"
    assert choose_scheduler("in-process").kind == "in-process"  # the option wins
    with pytest.raises(ClusterError, match="ensemble"):
        choose_scheduler("local", scheduler_file="s.json")


def test_local_cluster_is_sized_for_spacy():
    size = local_cluster_size(cores=2, memory_bytes=24 << 30)
    assert size["n_workers"] == 2 and size["threads_per_worker"] == 1
    assert size["memory_limit"] == int((24 << 30) * 0.8 / 2)
    assert local_cluster_size(cores=8, memory_bytes=4 << 30)["memory_limit"] == 2 << 30


def test_unreachable_scheduler_fails_fast_with_its_address():
    t0 = time.monotonic()
    unreachable = SchedulerChoice("address", "tcp://127.0.0.1:9")
    expected = r"tcp://127\.0\.0\.1:9 .*dask scheduler"
    with (
        pytest.raises(ClusterError, match=expected),
        open_execution(unreachable, connect_timeout=3),
    ):
        pass
    assert time.monotonic() - t0 < 15


def test_missing_scheduler_file_is_named(tmp_path):
    absent = SchedulerChoice("file", str(tmp_path / "absent.json"))
    with pytest.raises(ClusterError, match="introuvable"), open_execution(absent):
        pass


def test_results_are_identical_in_process_and_on_one_or_two_workers():
    items = list(range(20))
    in_process = run_tasks(square, items, execution=_in_process(), show_progress=False).results
    for size in (ONE_WORKER, TWO_WORKERS):
        with open_execution(SchedulerChoice("local"), local_size=size) as ex:
            assert ex.distributed and len(ex.workers) == size["n_workers"]
            assert run_tasks(square, items, execution=ex, show_progress=False).results == in_process


def test_workers_reuse_their_heap_instead_of_mapping_each_array():
    # Dask's workers start with MALLOC_TRIM_THRESHOLD_=65536, which makes glibc map and unmap
    # every block of 128 KiB or more: 256 page faults per 1 MiB array (the control, in a
    # process started like a Dask worker); the heap plugin brings that back to reuse.
    control = subprocess.run(
        [sys.executable, "-c", "import test_cluster as t; print(t.faults_reallocating())"],
        env={**os.environ, "MALLOC_TRIM_THRESHOLD_": "65536"},
        cwd=Path(__file__).parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(control.stdout) > 20_000
    with open_execution(SchedulerChoice("local"), local_size=ONE_WORKER) as ex:
        out = run_tasks(faults_reallocating, [None], execution=ex, show_progress=False)
    assert out.results[0] < 2_000


def profiles_kept_while_busy(seconds: float) -> int:
    """Work for ``seconds`` on a worker, then count the profiles it keeps (one per second)."""
    from distributed import get_worker

    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        sum(range(1000))
    time.sleep(1.2)  # a profile cycle ends (each second, in the worker's event loop)
    return len(get_worker().profile_history)


def test_embedded_workers_keep_no_profile_history(monkeypatch):
    # Dask's profiler keeps one profile per second for 1,000 s: 0.3 MiB/s more per worker
    # through a long parse. The embedded workers run without it, unless Dask's variable says.
    assert local_worker_config({}) == {"distributed.worker.profile.enabled": False}
    assert local_worker_config({"DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "True"}) == {}
    with open_execution(SchedulerChoice("local"), local_size=ONE_WORKER) as ex:
        out = run_tasks(profiles_kept_while_busy, [2.5], execution=ex, show_progress=False)
    assert out.results == [0]
    # the control: with the variable set, Dask's default (a profile each second) comes back
    monkeypatch.setenv("DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED", "True")
    with open_execution(SchedulerChoice("local"), local_size=ONE_WORKER) as ex:
        out = run_tasks(profiles_kept_while_busy, [2.5], execution=ex, show_progress=False)
    assert out.results[0] >= 2


class LostWorkerPlugin(WorkerPlugin):
    """A worker plugin whose setup fails as a worker lost mid-preparation does (an OSError)."""

    name = "lost-worker"

    def setup(self, worker):
        raise CommClosedError("in <TCP (closed) ConnectionPool.register_worker_plugin>")


def test_a_worker_lost_while_being_prepared_is_a_french_error():
    # seen on a starved machine: loading the model in the plugin outlasted the worker's
    # heartbeat, the scheduler dropped it, register_plugin failed with CommClosedError and the
    # run ended on a traceback
    with (
        pytest.raises(ClusterError, match="ont cessé de répondre") as err,
        open_execution(
            SchedulerChoice("local"), local_size=ONE_WORKER, plugins=[LostWorkerPlugin()]
        ),
    ):
        pass
    assert "CommClosedError" in err.value.message and "--scheduler" in err.value.hint


def test_a_failing_partition_is_named_and_the_others_go_on():
    labels = [f"partition {i} : fichier-{i}.trs" for i in range(6)]
    with open_execution(SchedulerChoice("local"), local_size=TWO_WORKERS) as ex:
        out = run_tasks(
            fail_on_three, range(6), execution=ex, labels=labels, retries=0, show_progress=False
        )
    assert out.results == [0, 1, 2, None, 4, 5]
    assert [str(f) for f in out.failures] == [
        "partition 3 : fichier-3.trs : erreur inattendue : ValueError: trois"
    ]
    local = run_tasks(
        fail_on_three, range(6), execution=_in_process(), labels=labels, show_progress=False
    )
    assert local.results == out.results and local.failures == out.failures


def test_a_killed_worker_is_retried_and_the_result_kept(tmp_path):
    flag = tmp_path / "killed"
    with open_execution(SchedulerChoice("local"), local_size=TWO_WORKERS) as ex:
        out = run_tasks(die_once, [str(flag)], execution=ex, retries=2, show_progress=False)
    assert out.ok and flag.exists()
    assert out.results[0] != int(flag.read_text())  # done by a new worker process


def test_workers_with_other_code_are_refused_with_the_versions(monkeypatch):
    from transfo_analysis.scale import worker_facts as real

    def client_side(**kwargs):
        facts = real(**kwargs)
        return {**facts, "version": "9.9.9"}

    # the client believes it runs 9.9.9: every worker (0.1.x) differs and is refused
    monkeypatch.setattr("transfo_analysis.scale._cluster.worker_facts", client_side)
    expected = r"version .* \(ici 9\.9\.9\)"
    with (
        pytest.raises(ClusterError, match=expected),
        open_execution(SchedulerChoice("local"), local_size=ONE_WORKER),
    ):
        pass


def test_a_project_the_workers_cannot_see_is_refused_at_start(tmp_path):
    with (
        pytest.raises(ClusterError, match="ne voit pas le dossier du projet"),
        open_execution(
            SchedulerChoice("local"), local_size=ONE_WORKER, project_root=tmp_path / "ailleurs"
        ),
    ):
        pass


def test_real_scheduler_and_worker_processes(tmp_path):
    """``dask scheduler`` and ``dask worker`` as separate processes, as on a real cluster."""
    with real_cluster(tmp_path) as address:
        assert address.startswith("tcp://127.0.0.1:")
        with open_execution(SchedulerChoice("address", address), project_root=tmp_path) as ex:
            assert len(ex.workers) == 1
            # a package function: the worker process imports it as a user's worker would
            out = run_tasks(n_partitions, [10, 30_000, 100_000], execution=ex, show_progress=False)
            assert out.ok and out.results == [1, 2, 5]
            assert "cluster tcp://127.0.0.1:" in ex.describe()


def _in_process():
    from transfo_analysis.scale import Execution

    return Execution(SchedulerChoice("in-process"))


def test_a_cluster_slow_to_stop_does_not_fail_a_finished_run(monkeypatch, capsys):
    """Workers slower to stop than Dask waits (a loaded machine): told in French, no traceback."""
    import distributed

    real_close = distributed.LocalCluster.close

    def slow_close(self, timeout=None):
        real_close(self, timeout=timeout)
        raise TimeoutError

    monkeypatch.setattr(distributed.LocalCluster, "close", slow_close)
    size = {"n_workers": 1, "threads_per_worker": 1, "memory_limit": "1GiB"}
    with open_execution(SchedulerChoice("local"), local_size=size) as ex:
        assert ex.distributed
    err = capsys.readouterr().err
    assert "Le cluster Dask a mis plus de 60 s à s'arrêter (TimeoutError)" in err
    assert "les résultats sont enregistrés" in err
