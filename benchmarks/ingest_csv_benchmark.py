"""CSV answers: cost of strict parsing with resynchronisation, and answers kept after stray quotes.

Reads the Grand Débat answers of ``../shared/corpora`` in memory (never copied into the
repository): (a) the strict parse with resynchronisation (``tables._csv_rows``, fed line by line)
against one bare ``csv.reader`` over the whole text, best of three, on the clean file;
(b) the same file with stray opening quotes put at the start of seeded answers, as a survey tool
export or a hand edit leaves them: answers kept by the suite's reader and by a lenient read.

    .venv/bin/python benchmarks/ingest_csv_benchmark.py [--stray 1 10 100] [--seed 42]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import time
from pathlib import Path

from transfo_analysis.corpus.readers import tables

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def _suite(text: str) -> tuple[int, int, float]:
    t0 = time.perf_counter()
    docs = tables.read_csv(Path("answers.csv"), text.encode("utf-8"), {"table": None})
    seconds = time.perf_counter() - t0
    return sum(len(d.turns) for d in docs), sum(len(d.warnings) for d in docs), seconds


def _best(func, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return min(times)


def _lenient(text: str) -> tuple[int, float]:
    t0 = time.perf_counter()
    rows = [r for r in csv.reader(io.StringIO(text), strict=False) if any(c.strip() for c in r)]
    return len(rows) - 1, time.perf_counter() - t0


def _with_stray_quotes(lines: list[str], n: int, seed: int) -> str:
    out = list(lines)
    for i in random.Random(seed).sample(range(1, len(lines) - 1), n):
        head, sep, answer = out[i].rpartition(",")
        if sep and answer and not answer.startswith('"'):
            out[i] = f'{head},"{answer.replace(chr(34), "")}'
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stray", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--shared", type=Path, default=SHARED)
    args = parser.parse_args()
    text = (args.shared / "grand-debat" / "answers.csv").read_text(encoding="utf-8")
    lines = text.rstrip("\n").split("\n")
    n_suite, _, t_suite = _suite(text)
    t_rows = _best(lambda: tables._csv_rows(text, ","))
    t_bare = _best(lambda: list(csv.reader(io.StringIO(text), strict=True)))
    print(f"(a) clean file: {len(lines) - 1} rows, {len(text) / 1e6:.1f} MB")
    print(f"    strict parse with resynchronisation {t_rows:.2f} s; bare csv.reader {t_bare:.2f} s")
    print(f"    ratio: {t_rows / t_bare:.2f}; whole reader {t_suite:.2f} s, {n_suite} answers")
    print("(b) stray opening quotes | answers kept: suite, lenient | warnings (suite) | seconds")
    for n in args.stray:
        broken = _with_stray_quotes(lines, n, args.seed)
        kept, warnings, seconds = _suite(broken)
        lenient, _ = _lenient(broken)
        print(
            f"    {n:>4} | {kept} ({kept / n_suite:.4f}), {lenient} ({lenient / n_suite:.4f}) "
            f"| {warnings} | {seconds:.2f}"
        )


if __name__ == "__main__":
    main()
