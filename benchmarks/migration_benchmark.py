"""Interviewer detection on every shared interview corpus, and the REFI-QDA round trip.

Usage (from the repository root; nothing is written into the repository)::

    .venv/bin/python benchmarks/migration_benchmark.py [--shared ../shared/corpora] [--sample 8]

What it measures
----------------
(a) For CFPP2000 (TextGrid), ESLO2 (xml) and ESLO1 (trs): documents read, share with an
    interviewer found, and how (marker, question share, corpus pass), with the built-in markers
    on (as shipped) and off (``roles.builtin_rules: false``: how far the signals alone go). With
    markers off, a label found that carries no interviewer marker of the corpus (``(ENQ)``,
    ``Enq``, ``ch_``) is counted as a wrong assignment.
(b) A seeded sample of documents per corpus is printed with the interviewer chosen and the
    first turns of each speaker, for a person to read and judge (the judgments are recorded in
    ``benchmarks/README.md``).
(c) Round trip of each REFI-QDA sample: a project created from the file
    (``create_project``), codings placed on the text as read, exported back, and the share of
    coded snippets (speech, code) identical — whitespace collapsed, a leading speaker label
    left out since our sources carry neutral labels; the exact share (label included) too.
"""

from __future__ import annotations

import argparse
import collections
import random
import re
import tempfile
import time
from pathlib import Path

from transfo_analysis import coding
from transfo_analysis.coding.refi import create_project
from transfo_analysis.config import open_project
from transfo_analysis.corpus import Manifest, ingest, load_corpus
from transfo_analysis.corpus.readers import find_label

CORPORA = ["cfpp2000/TextGrid", "eslo/eslo2_ent", "eslo/eslo1_trs"]
MARKER = re.compile(r"enq|^ch_", re.IGNORECASE)


def detection(shared: Path, sample: int) -> None:
    print("(a) interviewer detection")
    print("| corpus | markers | documents | with interviewer | share | how | wrong (no marker) |")
    print("|---|---|---|---|---|---|---|")
    rng = random.Random(42)
    kept = {}
    for name in CORPORA:
        for builtin in (True, False):
            manifest = Manifest.model_validate({"roles": {"builtin_rules": builtin}})
            t0 = time.perf_counter()
            corpus, report = ingest([shared / name], manifest=manifest, show_progress=False)
            docs = corpus.documents
            found = docs["interviewer"].dropna()
            hows = collections.Counter(d["how"] for d in report.interviewers)
            wrong = (
                sum(not MARKER.search(lab) for v in found for lab in v.split("; "))
                if not builtin and name != "eslo/eslo1_trs"
                else "–"
            )
            print(
                f"| {name} | {'on' if builtin else 'off'} | {len(docs)} | {len(found)} "
                f"| {len(found) / len(docs):.0%} | "
                + ", ".join(f"{h} {n}" for h, n in sorted(hows.items()))
                + f" | {wrong} | ({time.perf_counter() - t0:.1f} s)"
            )
            if builtin:
                kept[name] = corpus
    print(f"\n(b) sample to read ({sample} documents per corpus, seed 42)")
    for name, corpus in kept.items():
        segs = corpus.segments.merge(corpus.speakers[["speaker_id", "label"]], on="speaker_id")
        docs = corpus.documents.sort_values("title")
        for doc in docs.sample(
            min(sample, len(docs)), random_state=rng.randint(0, 9999)
        ).itertuples():
            print(f"== {name} · {doc.title} · interviewer: {doc.interviewer}")
            g = segs[segs["doc_id"] == doc.doc_id].sort_values("turn")
            for label, turns in g.groupby("label", sort=False):
                lines = " | ".join(t[:70] for t in turns["text"].head(3))
                print(f"   {label} [{turns['role'].iloc[0]}, {len(turns)} tours] {lines}")


def _snippets(path: Path) -> tuple[collections.Counter, collections.Counter]:
    refi = coding.read_qdpx(path)
    texts = dict(zip(refi.sources["guid"], refi.sources["text"], strict=True))
    speech, exact = collections.Counter(), collections.Counter()
    for c in refi.codings.itertuples():
        snippet = " ".join(texts[c.source_guid][c.start : c.end].split())
        label = find_label(snippet)
        exact[(snippet, c.code)] += 1
        speech[(label.rest if label is not None and label.rest else snippet, c.code)] += 1
    return speech, exact


def round_trip(shared: Path) -> None:
    print("\n(c) REFI-QDA round trip (create_project, place, export, compare)")
    print("| file | sources | codes | codings | placed | speech identical | exact identical |")
    print("|---|---|---|---|---|---|---|")
    for path in sorted((shared / "refi" / "samples").iterdir()):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "p"
            report = create_project(path, root, show_progress=False)
            line = f"| {path.name} | {report['sources']} | {report['codes']} | {report['codings']} "
            if not report["documents"]:
                print(line + "| – | – (no source) | – |")
                continue
            project = open_project(root)
            corpus = load_corpus(project, stage="interim")
            with coding.open_store(root / "rt.sqlite") as store:
                book, placed = coding.import_qdpx(
                    path, corpus=corpus, codebook=coding.load_codebook(project), store=store
                )
                coding.export_qdpx(
                    corpus, root / "back.qdpx", codebook=book, store=store, allow_identifying=True
                )
            (s0, e0), (s1, e1) = _snippets(path), _snippets(root / "back.qdpx")
            n = sum(s0.values())
            print(
                line + f"| {placed['codings_imported']} | {sum((s0 & s1).values()) / n:.1%} "
                f"| {sum((e0 & e1).values()) / n:.1%} |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "corpora")
    )
    parser.add_argument("--sample", type=int, default=8)
    args = parser.parse_args()
    shared = Path(args.shared)
    detection(shared, args.sample)
    round_trip(shared)


if __name__ == "__main__":
    main()
