"""A client killed with ``kill -9`` in the middle of the parse: the next run resumes.

``transfo run`` is started on a survey of 42,000 answers (3 partitions, cache shards of 2,000
texts) and killed with SIGKILL once some shards are written. Then: only complete shards are
visible (each readable; temporaries are hidden and never read), no table of the parse exists,
and the next parse of the project takes every finished text from the cache and parses only
the others; what was cached before the kill equals a fresh parse of the same texts.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from transfo_analysis.config import open_project
from transfo_analysis.corpus import load_corpus
from transfo_analysis.nlp import load_tokens, parse

pytestmark = pytest.mark.slow

N_ANSWERS = 42_000
WORDS = ["mairie", "accueil", "dossier", "guichet", "école", "transport", "déchets", "eau"]


def _survey_project(root: Path) -> Path:
    (root / "raw").mkdir(parents=True)
    rows = [
        f"R{i},Commune {i % 5},Réponse {i} : le {WORDS[i % 8]} ouvre {i % 97} heures"
        for i in range(N_ANSWERS)
    ]
    (root / "raw" / "reponses.csv").write_text(
        "id,commune,reponse\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    (root / "project.yaml").write_text(
        "name: reprise\nseed: 1\nsources: [raw]\nnlp:\n  n_process: 1\n  chunk_size: 2000\n",
        encoding="utf-8",
    )
    return root


def _shards(project) -> list[Path]:
    return sorted(project.nlp_cache_dir.rglob("shard-*.parquet"))


def test_a_client_killed_mid_parse_resumes_from_what_finished(tmp_path: Path):
    root = _survey_project(tmp_path / "projet")
    project = open_project(root)
    env = {**os.environ, "TRANSFO_PROGRESS": "0"}
    # the client's output goes to a file: a pipe nobody reads could fill and stall it
    log = (tmp_path / "run.log").open("w")
    run = subprocess.Popen(
        [sys.executable, "-m", "transfo_analysis.cli", "run", "--project", str(root),
         "--scheduler", "in-process", "--quiet"],
        stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 900
        while len(_shards(project)) < 8 and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert run.poll() is None, "the run ended before it could be killed"
        os.killpg(run.pid, signal.SIGKILL)  # the client and anything it started
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
        run.wait()
        log.close()
    assert run.returncode == -signal.SIGKILL
    # nothing half-written is read: no parse table, every visible shard complete
    assert not (project.nlp_dir("interim") / "tokens.parquet").exists()
    shards = _shards(project)
    cached = set()
    for shard in shards:
        cached |= set(pq.read_table(shard, columns=["h"]).column("h").to_pylist())
    assert N_ANSWERS // 3 < len(cached) < N_ANSWERS  # more than one partition finished, not all
    # the next run's parse: every finished text from the cache, only the others parsed
    out = subprocess.run(
        [sys.executable, "-m", "transfo_analysis.cli", "parse", "--project", str(root),
         "--quiet", "--json", str(tmp_path / "parse.json")],
        capture_output=True, text=True, env=env, timeout=1200,
    )  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr
    stats = json.loads((tmp_path / "parse.json").read_text())
    stats = stats.get("stats", stats)
    assert stats["n_from_cache"] == len(cached)
    assert stats["n_parsed"] == stats["n_distinct_texts"] - len(cached) > 0
    # what was cached before the kill is what a clean parse gives
    corpus = load_corpus(project, stage="interim")
    sample = corpus.segments.iloc[:300]
    corpus.segments = sample
    clean = parse(corpus, settings=project.settings.nlp, cache_root=tmp_path / "clean")
    tokens = load_tokens(project, stage="interim")
    tokens = tokens[tokens["segment_id"].isin(sample["segment_id"])]
    keys = ["segment_id", "i"]

    def plain(frame: pd.DataFrame) -> pd.DataFrame:
        # categories follow the values present: compare the values
        cats = [c for c in frame if isinstance(frame[c].dtype, pd.CategoricalDtype)]
        frame = frame.astype({c: str for c in cats})
        return frame.sort_values(keys).reset_index(drop=True)

    assert len(tokens) > 1000
    pd.testing.assert_frame_equal(plain(tokens), plain(clean.tokens))
