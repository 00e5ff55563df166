"""The demo on Dask: the parse and the reports run on workers, with the results of one process.

These tests start their own LocalClusters and real ``dask scheduler`` / ``dask worker``
processes on 127.0.0.1, and stop them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import dask
import distributed  # noqa: F401 - its config loaded before dask.config.set below
import pandas as pd
import pyarrow.parquet as pq
import pytest
from dask_processes import real_cluster
from distributed import get_task_stream

from transfo_analysis.config import open_project
from transfo_analysis.corpus import load_corpus
from transfo_analysis.nlp import PipelinePlugin, parse
from transfo_analysis.scale import SchedulerChoice, open_execution

pytestmark = pytest.mark.slow


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def test_parse_on_one_and_two_workers_equals_the_parse_in_process(prepared_demo, tmp_path):
    project = open_project(prepared_demo)
    corpus = load_corpus(project, stage="interim")
    settings = project.settings.nlp
    here = parse(corpus, settings=settings, cache_root=tmp_path / "cache-here", show_progress=False)
    assert here.stats["n_parsed"] > 1000  # a cold cache: the parse really ran
    # on the cluster a task is one cache shard of a partition: small shards make several tasks
    sharded = settings.model_copy(update={"chunk_size": 400})
    for n_workers in (1, 2):
        size = {"n_workers": n_workers, "threads_per_worker": 1, "memory_limit": "3GiB"}
        # Dask warns (an error under pytest) about a graph over 20 kB: the partitions' texts
        # are read by the workers from the cache folder, not sent in the tasks
        with (
            dask.config.set({"distributed.admin.large-graph-warning-threshold": "20kB"}),
            open_execution(
                SchedulerChoice("local"),
                local_size=size,
                model=settings.model,
                plugins=[PipelinePlugin(model=settings.model, exclude=tuple(settings.exclude))],
                project_root=prepared_demo,
            ) as ex,
            get_task_stream(ex.client) as stream,
            warnings.catch_warnings(record=True) as caught,
        ):
            warnings.simplefilter("always")  # an imported library may have disabled "error"
            there = parse(
                corpus,
                settings=sharded,
                cache_root=tmp_path / f"cache-{n_workers}",
                show_progress=False,
                execution=ex,
            )
        assert not [w for w in caught if "large graph" in str(w.message)]
        tasks = [t for t in stream.data if str(t["key"]).startswith("parse_partition_task")]
        assert len(tasks) >= -(-here.stats["n_parsed"] // 400) > 1
        assert there.stats["n_parsed"] == here.stats["n_parsed"]
        # a text said in several partitions (« oui », « d'accord ») went to one task only: the
        # cache holds each text once, as the parse in one process leaves it
        cached = pq.read_table(
            sorted(Path(there.stats["cache_dir"]).glob("shard-*.parquet")), columns=["h"]
        ).column("h")
        assert len(cached) == len(set(cached.to_pylist())) == here.stats["n_parsed"]
        assert not list((tmp_path / f"cache-{n_workers}").glob(".task-inputs-*"))
        for name, keys in (("tokens", ["segment_id", "i"]), ("entities", ["segment_id", "start"])):
            pd.testing.assert_frame_equal(
                _sorted(getattr(there, name), keys), _sorted(getattr(here, name), keys)
            )


def test_transfo_run_on_a_real_scheduler_and_worker(demo_copy, tmp_path):
    """``transfo run --scheduler tcp://…``: parse partitions and a report on a separate worker."""
    project = open_project(demo_copy)
    before = pd.read_parquet(project.nlp_dir("interim") / "tokens.parquet")
    # the parse must run again (on the worker): forget its outputs and its cache
    for path in (project.nlp_dir("interim"), project.nlp_cache_dir):
        subprocess.run(["rm", "-rf", str(path)], check=True)
    env = {**os.environ, "TRANSFO_PROGRESS": "0"}
    with real_cluster(tmp_path, memory_limit="4GiB") as address:
        out = subprocess.run(
            [sys.executable, "-m", "transfo_analysis.cli", "run", "--project", str(demo_copy),
             "--scheduler", address, "--territory", "valcourt", "--no-synthesis", "--quiet",
             "--json", str(tmp_path / "run.json")],
            capture_output=True, text=True, env=env, timeout=1200,
        )  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"Exécution sur le cluster {address} : 1 worker" in out.stdout
    summary = json.loads((tmp_path / "run.json").read_text())
    steps = {s["name"]: s for s in summary["steps"]}
    assert steps["parse"]["status"] == "ok" and steps["parse"]["details"]["n_parsed"] > 1000
    assert [r["status"] for r in summary["reports"]] == ["ok"]
    assert (project.reports_dir / "valcourt" / "rapport.html").exists()
    after = pd.read_parquet(project.nlp_dir("interim") / "tokens.parquet")
    keys = ["segment_id", "i"]
    pd.testing.assert_frame_equal(_sorted(after, keys), _sorted(before, keys))


def test_an_unreachable_scheduler_stops_the_run_at_once_with_its_address(demo_copy):
    t0 = time.monotonic()
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "transfo_analysis.cli",
            "run",
            "--project",
            str(demo_copy),
            "--scheduler",
            "tcp://127.0.0.1:9",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2
    assert "impossible de joindre l'ordonnanceur Dask tcp://127.0.0.1:9" in out.stderr
    assert time.monotonic() - t0 < 60
    assert not (demo_copy / "reports" / "valcourt").exists()


def test_a_text_said_in_several_partitions_is_parsed_once_on_two_workers(tmp_path):
    """« non », « RAS »: the same short answer in every partition goes to one task only."""
    from transfo_analysis.config import NLPSettings
    from transfo_analysis.corpus import Corpus, n_partitions

    phrases = [f"Réponse numéro {k} sur le service public." for k in range(30)]
    n = 40_001  # three partitions of respondents
    assert n_partitions(n) == 3
    documents = pd.DataFrame(
        {"doc_id": ["consultation"], "method": ["questionnaire"], "source_path": ["raw/r.csv"]}
    )
    segments = pd.DataFrame(
        {
            "segment_id": [f"consultation/{i}" for i in range(n)],
            "doc_id": "consultation",
            "speaker_id": [f"consultation/{i}" for i in range(n)],
            "text": [phrases[i % len(phrases)] for i in range(n)],
        }
    )
    corpus = Corpus(documents=documents, segments=segments)
    settings = NLPSettings()
    size = {"n_workers": 2, "threads_per_worker": 1, "memory_limit": "3GiB"}
    with open_execution(
        SchedulerChoice("local"),
        local_size=size,
        model=settings.model,
        plugins=[PipelinePlugin(model=settings.model, exclude=tuple(settings.exclude))],
    ) as ex:
        result = parse(
            corpus,
            settings=settings,
            cache_root=tmp_path / "cache",
            show_progress=False,
            execution=ex,
        )
    assert result.stats["n_parsed"] == len(phrases)
    cached = pq.read_table(
        sorted(Path(result.stats["cache_dir"]).glob("shard-*.parquet")), columns=["h"]
    ).column("h")
    assert len(cached) == len(phrases)  # each phrase parsed once, not once per partition
    assert result.tokens["segment_id"].nunique() == n
