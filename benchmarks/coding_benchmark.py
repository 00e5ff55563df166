"""Benchmark of the coding step: annotation store, analyses, agreement.

    .venv/bin/python benchmarks/coding_benchmark.py [--segments 100000] [--codes 50] [--json FILE]

- store: 100 000 codings inserted (10 batches, as an import or a suggestion run does), then
  read back (all, one code, 1 000 segments), and 500 single codings (one click each);
- analyses on 100 000 segments × 50 codes: frequencies by territory with k-suppression,
  crosstab with χ², co-occurrence (segment, window of 2 turns, document);
- agreement on 10 000 units × 3 coders × 50 codes (per code, pooled, sets).

Each step reports wall time, the peak of Python allocations (tracemalloc, numpy included) and
the peak growth of the process's resident memory. Synthetic data, fixed seed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import tempfile
import threading
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
import psutil

from transfo_analysis.coding import (
    agreement,
    code_crosstab,
    code_frequencies,
    cooccurrence,
    open_store,
)

RESULTS: list[dict] = []


@contextmanager
def _rss_peak():
    proc = psutil.Process()
    base = proc.memory_info().rss
    peak = [base]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], proc.memory_info().rss)
            time.sleep(0.005)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        done.set()
        thread.join()
        peak[0] -= base


def measure(step: str, fn, **info):
    """Time ``fn`` (with resident memory sampled), then run it again under tracemalloc for the
    peak of Python allocations (tracing slows pandas down, so it is not timed)."""
    with _rss_peak() as rss:
        t0 = time.perf_counter()
        out = fn()
        seconds = time.perf_counter() - t0
    tracemalloc.start()
    fn()
    _, py_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    RESULTS.append(
        {
            "step": step,
            "seconds": round(seconds, 3),
            "python_peak_mb": round(py_peak / 2**20, 1),
            "rss_growth_mb": round(rss[0] / 2**20, 1),
            **info,
        }
    )
    print(
        f"{step:<55} {seconds:8.3f} s  {py_peak / 2**20:7.1f} Mo (Python)  {rss[0] / 2**20:7.1f} "
        "Mo (RSS)",
        flush=True,
    )
    return out


def machine() -> dict:
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "pandas": pd.__version__,
        "numpy": np.__version__,
    }


def synthetic(
    n_segments: int, n_codes: int, seed: int = 42
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Segments (50 per document, 5 territories, a
    respondent per document) and codings (0–3 per segment).
    """
    rng = np.random.default_rng(seed)
    doc = np.arange(n_segments) // 50
    turn = np.arange(n_segments) % 50
    role = np.where(turn % 2 == 0, "enqueteur", np.where(doc % 4 == 0, "agent", "usager"))
    segments = pd.DataFrame(
        {
            "segment_id": [f"S{i:07d}" for i in range(n_segments)],
            "doc_id": [f"D{d:05d}" for d in doc],
            "speaker_id": [
                f"D{d:05d}-{'E' if r == 'enqueteur' else 'R'}"
                for d, r in zip(doc, role, strict=True)
            ],
            "role": role,
            "territory": np.array(["t1", "t2", "t3", "t4", "t5"])[doc % 5],
            "service": "s",
            "turn": turn,
            "text": "texte",
            "n_words": 40,
        }
    )
    speakers = (
        segments[["speaker_id", "doc_id", "role"]]
        .drop_duplicates()
        .assign(person_id=lambda s: s["speaker_id"])
    )
    resp = np.flatnonzero(role != "enqueteur")
    n_per = rng.choice([0, 1, 2, 3, 4], size=len(resp), p=[0.05, 0.2, 0.35, 0.25, 0.15])
    seg_idx = np.repeat(resp, n_per)
    weights = 1 / np.arange(1, n_codes + 1)  # a few frequent codes, many rare ones
    code_idx = rng.choice(n_codes, size=len(seg_idx), p=weights / weights.sum())
    codings = pd.DataFrame(
        {
            "segment_id": segments["segment_id"].to_numpy()[seg_idx],
            "code": [f"code {c:02d}" for c in code_idx],
            "coder": "ana",
            "status": "accepted",
        }
    ).drop_duplicates(["segment_id", "code"])
    return segments, speakers, codings


def bench_store(tmp: Path, n: int) -> None:
    rows = pd.DataFrame(
        {
            "segment_id": [f"S{i % (n // 2):07d}" for i in range(n)],
            "code": [f"code {(i // (n // 2)) + 2 * (i % 25):02d}" for i in range(n)],
        }
    )
    step = n // 10

    def insert(store) -> None:
        for start in range(0, n, step):
            store.add_codings(rows.iloc[start : start + step], coder="ana")

    with open_store(tmp / "bench.sqlite") as store:
        measure(
            f"store: insert {n:,} codings (10 transactions)".replace(",", " "),
            lambda: insert(store),
            n=n,
        )
        all_ = measure("store: read all codings", store.codings, n=n)
        assert len(all_) == n
        measure("store: read one code", lambda: store.codings(code="code 04"))
        ids = all_["segment_id"].drop_duplicates().sample(1000, random_state=1).tolist()
        measure("store: read codings of 1 000 segments", lambda: store.codings(segment_ids=ids))
        clicks = iter(range(10**6))
        measure(
            "store: 500 single codings (one transaction each)",
            lambda: [
                store.add_codings(
                    [{"segment_id": f"X{next(clicks)}", "code": "code 01"}], coder="bob"
                )
                for _ in range(500)
            ],
            n=500,
        )
        measure("store: full integrity check", store.check)


def bench_analyses(n_segments: int, n_codes: int) -> None:
    import transfo_analysis.anonymise.disclosure  # noqa: F401  (its package is slow to import: not timed)

    segments, speakers, codings = synthetic(n_segments, n_codes)
    print(
        f"# {len(segments):,} segments, {len(codings):,} codings, {codings['code'].nunique()} "
        "codes".replace(",", " ")
    )
    measure(
        "frequencies by territory (k = 5)",
        lambda: code_frequencies(segments, codings, by="territory", speakers=speakers, k=5),
        n_codings=len(codings),
    )
    measure(
        "crosstab code × territory (χ², residuals)",
        lambda: code_crosstab(segments, codings, by="territory", speakers=speakers),
    )
    for scope in ("segment", "window", "document"):
        measure(
            f"co-occurrence ({scope})",
            lambda scope=scope: cooccurrence(segments, codings, scope=scope, window=2),
        )


def bench_agreement(n_units: int, n_codes: int) -> None:
    rng = np.random.default_rng(7)
    units = [f"U{i:06d}" for i in range(n_units)]
    truth = rng.random((n_units, n_codes)) < 0.04
    rows = []
    for coder in ("ana", "bob", "chloé"):
        noisy = truth ^ (rng.random(truth.shape) < 0.01)
        u, c = np.nonzero(noisy)
        rows.append(
            pd.DataFrame(
                {
                    "segment_id": np.asarray(units)[u],
                    "code": [f"code {k:02d}" for k in c],
                    "coder": coder,
                }
            )
        )
    codings = pd.concat(rows, ignore_index=True)
    table = measure(
        f"agreement: {n_units:,} units × 3 coders × {n_codes} codes".replace(",", " "),
        lambda: agreement(codings, units=units),
        n_codings=len(codings),
    )
    print(
        f"  α pooled = {table.set_index('code').loc['(binaire, toutes)', 'krippendorff_alpha']:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--codes", type=int, default=50)
    parser.add_argument("--codings", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--json", default="benchmarks/results/coding.json")
    args = parser.parse_args()
    info = machine()
    print(json.dumps(info, ensure_ascii=False))
    with tempfile.TemporaryDirectory() as tmp:
        bench_store(Path(tmp), args.codings)
    bench_analyses(args.segments, args.codes)
    bench_agreement(args.units, args.codes)
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps({"machine": info, "results": RESULTS}, ensure_ascii=False, indent=2),
        encoding="utf-8",
    )
    print(f"résultats : {out}")


if __name__ == "__main__":
    main()
