"""Complementary suppression at the size of a national consultation.

Synthetic counts (the method sees numbers only): N territories x 4 profiles x 3 measures, each
territory's totals published beside its profiles; profiles drawn so that about 4 in 10 are under
k. Prints the cells, the primary and secondary suppressions, the time to decide them and the time
of the audit (the attacker) afterwards, which must recover nothing.

    python benchmarks/disclosure_benchmark.py [--territories 1000]
"""

from __future__ import annotations

import argparse
import random
import time

from transfo_analysis.anonymise.disclosure import complementary_suppression, recoverable_cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--territories", type=int, default=1000)
    parser.add_argument("--k", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(1)
    values, primary, relations = {}, set(), []
    for t in range(args.territories):
        for measure in ("n_respondents", "n_segments", "n_words"):
            parts = []
            for role in ("usager", "agent", "encadrant", "elu"):
                n = rng.choice([1, 2, 3, 8, 20, 90])
                values[(t, role, measure)] = float(n)
                parts.append((t, role, measure))
                if n < args.k:
                    primary.add((t, role, measure))
            values[(t, "total", measure)] = sum(values[p] for p in parts)
            relations.append(((t, "total", measure), parts))
    start = time.perf_counter()
    secondary = complementary_suppression(values, primary, relations)
    decided = time.perf_counter() - start
    start = time.perf_counter()
    left = recoverable_cells(values, primary | secondary, relations)
    audited = time.perf_counter() - start
    print(f"territories {args.territories}  cells {len(values)}  relations {len(relations)}")
    print(
        f"primary {len(primary)}  secondary {len(secondary)}  ratio "
        f"{len(secondary) / len(primary):.2f}"
    )
    print(f"decide {decided:.2f} s  audit {audited:.2f} s  recoverable after {len(left)}")


if __name__ == "__main__":
    main()
