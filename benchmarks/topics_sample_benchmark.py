"""Topics on a large corpus: a fit on a stratified sample against a fit on every unit.

The same Grand Débat answers as ``topics_benchmark.py`` (``../shared/corpora/grand-debat``, one
respondent turn per answer, parsed with the suite's NLP stage, cache outside the repository).
At a size a full fit can still run (``--n``, 30,000 answers by default), the model is fitted

- on every unit (``fit_sample_size`` above the number of units: the behaviour of small corpora);
- on seeded samples of ``--samples`` units (stratified by territory and role: here one stratum),
  every other unit joining its nearest topic centroid.

Printed per run: units, topics, seconds (fit, assignment, total), and for the sample fits the
agreement with the full fit over every unit (NMI and ARI, outliers as one group) and on the
sample's own units, and the NMI of each run against the question each answer replies to (the
rough quality proxy of ``topics_benchmark.py``). Stability refits are off (they run on the
sample and would only add time). Peak resident memory is the whole process's.

Usage::

    .venv/bin/python benchmarks/topics_sample_benchmark.py [--n 30000] [--samples 5000,10000]
        [--seed 42] [--cache /tmp/transfo-bench-nlp] [--json results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path

import pandas as pd
from topics_benchmark import answers, corpus_and_tokens


def fit(corpus, tokens, *, sample_size: int, seed: int, cache: Path):
    """One fit, timed; the embedding cache is warm after the first run."""
    from transfo_analysis.config import TopicSettings
    from transfo_analysis.topics import fit_topics

    t0 = time.perf_counter()
    cpu0 = time.process_time()
    r = fit_topics(
        corpus,
        tokens,
        settings=TopicSettings(fit_sample_size=sample_size),
        seed=seed,
        stability=False,
        cache_dir=cache.parent / f"{cache.name}-embeddings",
        show_progress=False,
    )
    return r, time.perf_counter() - t0, time.process_time() - cpu0


def main() -> None:
    from sklearn.metrics import adjusted_rand_score as ari
    from sklearn.metrics import normalized_mutual_info_score as nmi

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--n", type=int, default=30_000)
    p.add_argument("--samples", default="5000,10000")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--cache", type=Path, default=Path("/tmp/transfo-bench-nlp"))
    p.add_argument("--json", type=Path)
    args = p.parse_args()
    os.environ.setdefault("TRANSFO_PROGRESS", "0")
    corpus, tokens, questions = corpus_and_tokens(answers(n=args.n, seed=args.seed), args.cache)
    rows = []
    full, wall, cpu = fit(corpus, tokens, sample_size=10**9, seed=args.seed, cache=args.cache)
    ref = full.assignments.set_index("segment_id")["topic"]
    ref = ref[ref > -2]  # non-answers are set apart before any fit

    def row(name, r, wall, cpu):
        topic = r.assignments.set_index("segment_id")["topic"].loc[ref.index]
        sample = r.provenance["sample"]
        out = {
            "run": name,
            "units": int(r.units["modelled"].sum()),
            "fitted": sample.get("n_fitted", int(r.units["modelled"].sum())),
            "topics": r.n_topics,
            "umap_s": round(r.timings.get("reduction", 0.0), 1),
            "assignment_s": round(r.timings.get("assignment", 0.0), 1),
            "wall_s": round(wall, 1),
            "cpu_s": round(cpu, 1),
            "nmi_vs_full": round(nmi(ref, topic), 3),
            "ari_vs_full": round(ari(ref, topic), 3),
            "nmi_question": round(nmi(questions.loc[ref.index], topic), 3),
        }
        placed = r.units.loc[r.units["x"].notna(), "segment_ids"].explode()
        inside = ref.index.intersection(pd.Index(placed))
        if sample.get("used"):
            out["ari_vs_full_on_sample"] = round(ari(ref.loc[inside], topic.loc[inside]), 3)
        return out

    rows.append(row("full fit", full, wall, cpu))
    print(rows[-1], flush=True)
    for size in [int(s) for s in args.samples.split(",") if s]:
        r, wall, cpu = fit(corpus, tokens, sample_size=size, seed=args.seed, cache=args.cache)
        rows.append(row(f"sample {size}", r, wall, cpu))
        print(rows[-1], flush=True)
    table = pd.DataFrame(rows)
    print(table.to_string(index=False))
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2:.2f} GB")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
