"""Non-answers and written-phrase labels on real answers: how many, how fast, how readable.

1. **Non-answers** over every Grand Débat answer (``../shared/corpora/grand-debat``): share of
   answers set apart as « Sans réponse / rien à signaler », detection speed, and the counts of
   the non-answer forms (folded: « non concerne », « ras »… — the lexicon's own words, no free
   text is printed).
2. **Labels** on a project already fitted with ``transfo topics`` (``--project``, e.g. a
   sample of the answers ingested under /tmp): seconds to compute the written-phrase labels
   again from its saved tables, share of labels that are phrases of two or three words, and
   share of labels holding a non-answer word (should be 0).

Usage::

    .venv/bin/python benchmarks/topic_labels_benchmark.py [--project /tmp/gd-topics]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import pandas as pd

from transfo_analysis.topics import is_non_answer
from transfo_analysis.topics._non_answers import NON_ANSWER_WORDS, fold

SHARED = Path(os.environ.get("TRANSFO_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def non_answers() -> None:
    a = pd.read_csv(SHARED / "corpora" / "grand-debat" / "answers.csv")
    texts = a["comment"].fillna("").astype(str).tolist()
    t0 = time.process_time()
    flags = [is_non_answer(t) for t in texts]
    seconds = time.process_time() - t0
    share = sum(flags) / len(flags)
    print(f"answers: {len(texts):,} · non-answers: {sum(flags):,} ({100 * share:.1f} %)")
    print(f"detection (CPU): {seconds:.2f} s, {len(texts) / seconds:,.0f} answers/s")
    forms = pd.Series([fold(t) for t, f in zip(texts, flags, strict=True) if f]).value_counts()
    print("most frequent forms:", ", ".join(f"{k!r} {v}" for k, v in forms.head(8).items()))


def labels(project_dir: str) -> None:
    from transfo_analysis.config import open_project
    from transfo_analysis.corpus import load_corpus
    from transfo_analysis.nlp import load_tokens
    from transfo_analysis.topics import load_topics, phrase_labels
    from transfo_analysis.topics._words import topic_stop_words

    project = open_project(project_dir)
    result = load_topics(project)
    corpus, tokens = load_corpus(project), load_tokens(project)
    units = result.units[result.units["modelled"]]
    members = (
        units[["unit_id", "segment_ids", "topic"]]
        .explode("segment_ids")
        .rename(columns={"segment_ids": "segment_id", "unit_id": "unit"})
    )
    themes = result.topics[result.topics["topic"] >= 0]
    terms = {
        int(t): list(zip(ts, ws, strict=True))
        for t, ts, ws in zip(themes["topic"], themes["terms"], themes["weights"], strict=True)
    }
    t0 = time.process_time()
    out = phrase_labels(
        corpus.segments,
        tokens,
        members,
        terms=terms,
        stops=topic_stop_words(project.settings.topics.extra_stop_words),
    )
    seconds = time.process_time() - t0
    n_words = pd.Series([len(label.split(" · ")[0].split()) for label in out.values()])
    bad = [
        label for label in out.values() if {fold(w) for w in label.split()} & set(NON_ANSWER_WORDS)
    ]
    print(
        f"labels: {len(out)} topics, {len(members):,} segments, {len(tokens):,} tokens · "
        f"{seconds:.2f} s CPU · phrases of 2–3 words: {100 * n_words.between(2, 3).mean():.0f} % · "
        f"holding a non-answer word: {len(bad)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", help="a project fitted with `transfo topics` (for part 2)")
    args = parser.parse_args()
    non_answers()
    if args.project:
        labels(args.project)


if __name__ == "__main__":
    main()
