"""Topic modelling on real answers: quality per embedding backend, time per stage, memory.

The Grand Débat "organisation de l'État et des services publics" answers in
``../shared/corpora/grand-debat`` carry a natural label, the question each answer replies to.
Each answer becomes one respondent turn of a corpus built here in memory (the shared data is
never copied into the repository) and is parsed with the suite's NLP stage; its cache lives
outside the repository (``--cache``, ``/tmp/transfo-bench-nlp`` by default, shared with the
textometry benchmark), so only the first run pays for spaCy (about two minutes for all answers).

1. **Quality** on a stratified sample (``--per-question`` answers of each of the 10 questions):
   for each backend, embedding speed, number of topics, outlier share before and after
   reduction, normalised mutual information (NMI) between topics and questions (outliers as one
   more group), NMI on the units kept by HDBSCAN, stability over three seeds (ARI), all against
   a TF-IDF + k-means baseline (k = 10, the number of questions) in the same run.
2. **Scale**: 10 k and 50 k random answers with the default settings, embeddings already in
   the disk cache: seconds per stage (units, embedding, reduction, clustering, representation,
   outliers, tables) and peak resident memory, each size in a fresh process.

Usage::

    .venv/bin/python benchmarks/topics_benchmark.py [--per-question 300]
        [--backends tfidf,spacy,spacy-sif,e5]
        [--sizes 10000,50000] [--seed 42] [--cache /tmp/transfo-bench-nlp] [--json results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TRANSFO_SHARED", REPO.parent / "shared")) / "corpora" / "grand-debat"


def answers(
    *, per_question: int | None = None, n: int | None = None, seed: int = 42
) -> pd.DataFrame:
    """Sampled answers: ``per_question`` of each question, or ``n`` at random."""
    a = pd.read_csv(SHARED / "answers.csv")
    a = a[a["comment"].astype(str).str.strip() != ""].dropna(subset=["comment"])
    if per_question:
        a = a.groupby("question_col").sample(n=per_question, random_state=seed)
    elif n:
        a = a.sample(n=min(n, len(a)), random_state=seed)
    return a.sort_index()


def corpus_and_tokens(a: pd.DataFrame, cache: Path):
    """One document and speaker per answer (so no answers are merged), parsed with the cache."""
    from transfo_analysis.config import NLPSettings
    from transfo_analysis.corpus import Corpus
    from transfo_analysis.nlp import parse

    ids = [f"q{q}-{r}" for q, r in zip(a["question_col"], a["row_in_source"], strict=True)]
    text = a["comment"].astype(str)
    segments = pd.DataFrame(
        {
            "segment_id": ids,
            "doc_id": ids,
            "speaker_id": ids,
            "role": "usager",
            "territory": "france",
            "service": None,
            "turn": 0,
            "start": np.nan,
            "end": np.nan,
            "text": text.to_numpy(),
            "n_words": text.str.split().str.len().to_numpy(),
            "overlap": False,
        }
    )
    corpus = Corpus(segments=segments, meta={"pseudonymised": True})
    tokens = parse(corpus, settings=NLPSettings(), cache_root=cache, show_progress=False).tokens
    labels = pd.Series(a["question_col"].to_numpy(), index=ids)
    return corpus, tokens, labels


def _nmi(result, labels: pd.Series) -> tuple[float, float]:
    from sklearn.metrics import normalized_mutual_info_score as nmi

    a = result.assignments
    all_ = nmi(labels.loc[a["segment_id"]], a["topic"])
    kept = a[a["topic"] >= 0]
    return float(all_), float(nmi(labels.loc[kept["segment_id"]], kept["topic"]))


def quality(per_question: int, backends: list[str], seed: int, cache: Path) -> list[dict]:
    from transfo_analysis.config import TopicSettings
    from transfo_analysis.errors import TransfoError
    from transfo_analysis.topics import (
        build_units,
        embed,
        fit_kmeans_baseline,
        fit_topics,
        get_backend,
    )

    corpus, tokens, labels = corpus_and_tokens(answers(per_question=per_question, seed=seed), cache)
    settings = TopicSettings(stability_seeds=3)
    rows = []
    t0 = time.perf_counter()
    base = fit_kmeans_baseline(corpus, tokens, k=labels.nunique(), settings=settings, seed=seed)
    rows.append(
        {
            "method": "tfidf + k-means (k=10)",
            "n_units": int(base.units["modelled"].sum()),
            "n_topics": base.n_topics,
            "outliers_raw": 0.0,
            "outliers": 0.0,
            "nmi": _nmi(base, labels)[0],
            "nmi_kept": _nmi(base, labels)[0],
            "ari_seeds": None,
            "embed_docs_per_s": None,
            "seconds": time.perf_counter() - t0,
        }
    )
    print(rows[-1], flush=True)
    units = build_units(corpus, tokens, settings=settings)
    units = units[units["modelled"]]
    emb_cache = Path(
        tempfile.mkdtemp(prefix="transfo-topics-bench-")
    )  # cold for this run, then reused by the fits
    for name in backends:
        try:
            backend = get_backend(name, settings=settings, seed=seed)
        except TransfoError as exc:
            print(f"{name}: skipped ({exc})", flush=True)
            continue
        t0 = time.perf_counter()
        embed(
            units["embed_text"].tolist(),
            backend=backend,
            lemmas=units["embed_lemmas"].tolist(),
            cache_dir=emb_cache,
            show_progress=False,
        )
        speed = len(units) / (time.perf_counter() - t0)  # the run's own cache folder: cold
        t0 = time.perf_counter()
        r = fit_topics(
            corpus,
            tokens,
            settings=settings,
            seed=seed,
            embedding=name,
            cache_dir=emb_cache,
            show_progress=False,
        )
        nmi_all, nmi_kept = _nmi(r, labels)
        rows.append(
            {
                "method": f"BERTopic + {name}",
                "n_units": int(r.units["modelled"].sum()),
                "n_topics": r.n_topics,
                "outliers_raw": r.provenance["raw_outlier_share"],
                "outliers": r.outlier_share,
                "nmi": nmi_all,
                "nmi_kept": nmi_kept,
                "ari_seeds": r.stability["ari_mean"],
                "embed_docs_per_s": speed,
                "seconds": time.perf_counter() - t0,
            }
        )
        print(rows[-1], flush=True)
        r_raw = fit_topics(
            corpus,
            tokens,
            settings=settings.model_copy(update={"reduce_outliers": False}),
            seed=seed,
            embedding=name,
            stability=False,
            cache_dir=emb_cache,
            show_progress=False,
        )
        rows[-1]["nmi_no_reduction"] = _nmi(r_raw, labels)[0]
    shutil.rmtree(emb_cache, ignore_errors=True)
    return rows


def scale_one(n: int, seed: int, cache: Path, embedding: str) -> dict:
    """One size in this process: warm the embedding cache, then time a full fit."""
    from transfo_analysis.config import TopicSettings
    from transfo_analysis.topics import fit_topics

    corpus, tokens, _ = corpus_and_tokens(answers(n=n, seed=seed), cache)
    settings = TopicSettings(embedding=embedding)
    emb_cache = cache.parent / f"{cache.name}-embeddings"
    fit_topics(
        corpus,
        tokens,
        settings=settings,
        seed=seed,
        stability=False,
        cache_dir=emb_cache,
        show_progress=False,
    )  # fills the cache, compiles numba
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    r = fit_topics(
        corpus,
        tokens,
        settings=settings,
        seed=seed,
        stability=False,
        cache_dir=emb_cache,
        show_progress=False,
    )
    wall = time.perf_counter() - t0
    return {
        "n_answers": n,
        "n_units": int(r.units["modelled"].sum()),
        "n_topics": r.n_topics,
        "outliers_raw": r.provenance["raw_outlier_share"],
        "timings": {k: round(v, 2) for k, v in r.timings.items()},
        "wall_seconds": round(wall, 1),
        "cpu_seconds": round(time.process_time() - cpu0, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--per-question", type=int, default=300)
    p.add_argument("--backends", default="tfidf,spacy,spacy-sif,e5")
    p.add_argument("--sizes", default="10000,50000")
    p.add_argument("--embedding", default="tfidf", help="backend of the scale runs")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--cache", type=Path, default=Path("/tmp/transfo-bench-nlp"))
    p.add_argument("--only", choices=["quality", "scale"], help="run one part")
    p.add_argument("--scale-one", type=int, help=argparse.SUPPRESS)
    p.add_argument("--json", type=Path)
    args = p.parse_args()
    os.environ.setdefault("TRANSFO_PROGRESS", "0")
    if args.scale_one:
        print(json.dumps(scale_one(args.scale_one, args.seed, args.cache, args.embedding)))
        return
    out: dict = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        }
    }
    if args.only != "scale":
        out["quality"] = quality(
            args.per_question, [b for b in args.backends.split(",") if b], args.seed, args.cache
        )
        print(pd.DataFrame(out["quality"]).round(3).to_string(index=False))
    if args.only != "quality":
        out["scale"] = []
        for n in [int(s) for s in args.sizes.split(",") if s]:
            cmd = [
                sys.executable,
                __file__,
                "--scale-one",
                str(n),
                "--seed",
                str(args.seed),
                "--cache",
                str(args.cache),
                "--embedding",
                args.embedding,
            ]
            res = subprocess.run(cmd, capture_output=True, text=True, check=True)
            out["scale"].append(json.loads(res.stdout.strip().splitlines()[-1]))
            print(out["scale"][-1], flush=True)
    if args.json:
        args.json.write_text(
            json.dumps(out, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
