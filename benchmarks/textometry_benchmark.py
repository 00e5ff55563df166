"""Reinert classification on real answers: quality against the questions, time and memory.

The Grand Débat "organisation de l'État et des services publics" answers in
``../shared/corpora/grand-debat`` carry a natural label, the question each answer replies to.
Each answer becomes one turn (segment) of a corpus built here in memory (the shared data is
never copied into the repository); the answers are parsed with the suite's NLP stage, whose
cache lives outside the repository (``--cache``, ``/tmp/transfo-bench-nlp`` by default), so
only the first run pays for spaCy (a few minutes for 50 k answers).

For each size (10 k and 50 k answers, sampled with the seed) the script reports:

- the normalised mutual information (NMI) between the Reinert classes and the questions, on
  the classified text segments and on all of them (unclassified counted as one more class),
  with the share classified;
- the same NMI for a TF-IDF + k-means baseline on the same segments and active lemmas, with
  the same number of classes, computed in the same run;
- Reinert's wall time (``time.perf_counter``, NLP excluded) and the peak of memory allocated
  during the classification (``tracemalloc``, in a second run so that tracing does not slow
  the timed one).

Usage::

    .venv/bin/python benchmarks/textometry_benchmark.py [--sizes 10000 50000] [--classes 10]
        [--seed 42] [--cache /tmp/transfo-bench-nlp] [--json results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TRANSFO_SHARED", REPO.parent / "shared")) / "corpora" / "grand-debat"


def answers_corpus(n: int, seed: int):
    """A corpus of ``n`` sampled answers: one document per question, one turn per answer."""
    from transfo_analysis.corpus import Corpus

    answers = pd.read_csv(SHARED / "answers.csv")
    answers = answers[answers["comment"].astype(str).str.strip() != ""]
    answers = answers.sample(n=min(n, len(answers)), random_state=seed).sort_index()
    segments = pd.DataFrame(
        {
            "segment_id": [
                f"q{q}-{r}"
                for q, r in zip(answers["question_col"], answers["row_in_source"], strict=True)
            ],
            "doc_id": [f"q{q}" for q in answers["question_col"]],
            "speaker_id": [
                f"q{q}-{r}"
                for q, r in zip(answers["question_col"], answers["row_in_source"], strict=True)
            ],
            "role": "usager",
            "territory": "france",
            "service": "services-publics",
            "turn": np.arange(len(answers)),
            "start": np.nan,
            "end": np.nan,
            "text": answers["comment"].astype(str).to_numpy(),
            "n_words": answers["comment"].astype(str).str.split().str.len().to_numpy(),
            "overlap": False,
            "question": answers["question_col"].astype(str).to_numpy(),
        }
    )
    return Corpus(segments=segments)


def baseline(X, terms: np.ndarray, k: int, seed: int) -> tuple[np.ndarray, float]:
    """TF-IDF + k-means on the same text segments and active lemmas as the classification."""
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfTransformer

    t0 = time.perf_counter()
    M = TfidfTransformer().fit_transform(X)
    labels = KMeans(n_clusters=k, n_init=4, random_state=seed).fit_predict(M)
    return labels, time.perf_counter() - t0


def run(size: int, *, classes: int, seed: int, cache: Path) -> dict:
    from sklearn.metrics import normalized_mutual_info_score as nmi

    from transfo_analysis.config import NLPSettings, ReinertSettings
    from transfo_analysis.nlp import parse
    from transfo_analysis.textometry import reinert
    from transfo_analysis.textometry._units import build_units, term_matrix

    corpus = answers_corpus(size, seed)
    t0 = time.perf_counter()
    tokens = parse(corpus, settings=NLPSettings(), cache_root=cache, show_progress=True).tokens
    parse_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    res = reinert(corpus.segments, tokens, n_classes=classes, seed=seed, show_progress=True)
    reinert_s = time.perf_counter() - t0
    tracemalloc.start()
    reinert(corpus.segments, tokens, n_classes=classes, seed=seed)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    cfg = ReinertSettings()
    units, tok = build_units(corpus.segments, tokens, size=cfg.segment_size)
    X, terms = term_matrix(
        tok, len(units), pos=cfg.active_pos, min_frequency=cfg.min_word_frequency
    )
    assert (units["unit_id"].to_numpy() == res.units["unit_id"].to_numpy()).all()
    has = np.diff(X.indptr) > 0
    truth = res.units["question"].to_numpy()[has]
    labels = res.units["class"].to_numpy()[has]
    ok = labels > 0
    k = res.summary["n_classes"]
    base, base_s = baseline(X[has], terms, k, seed)
    return {
        "answers": int(len(corpus.segments)),
        "text_segments": int(has.sum()),
        "parse_seconds": round(parse_s, 1),
        "reinert_seconds": round(reinert_s, 2),
        "reinert_timings": res.summary["timings"],
        "reinert_peak_mb": round(peak / 2**20, 1),
        "n_classes": k,
        "min_class_size": res.summary["min_class_size"],
        "n_dropped_classes": res.summary["n_dropped_classes"],
        "share_classified": round(float(ok.mean()), 3),
        "nmi_reinert_classified": round(float(nmi(truth[ok], labels[ok])), 3),
        "nmi_reinert_all": round(float(nmi(truth, labels)), 3),
        "nmi_tfidf_kmeans": round(float(nmi(truth, base)), 3),
        "tfidf_kmeans_seconds": round(base_s, 2),
        "class_sizes": res.summary["class_sizes"],
        "class_labels": res.classes["label"].tolist(),
    }


def machine() -> dict:
    import psutil

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--classes", type=int, default=10, help="Reinert classes (10 questions)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/transfo-bench-nlp"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not SHARED.is_dir():
        raise SystemExit(f"{SHARED} not found: the benchmark needs ../shared/corpora/grand-debat")
    out = {"machine": machine(), "results": []}
    for size in args.sizes:
        r = run(size, classes=args.classes, seed=args.seed, cache=args.cache)
        out["results"].append(r)
        print(json.dumps(r, ensure_ascii=False, indent=1), flush=True)
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
