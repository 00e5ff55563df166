"""Recall, precision and throughput of pseudonymisation on real French speech.

Usage (from the repository root; outputs go to a work folder outside the repository, since they
hold personal data from the shared corpora)::

    .venv/bin/python benchmarks/pseudonymisation_recall.py  # everything, fr_core_news_md
    .venv/bin/python benchmarks/pseudonymisation_recall.py --cfpp-files 3 --planted 300
        --written-answers 500  # quick

What it measures
----------------
(a) CFPP2000: the speakers' own first and last names (``cfpp_metadata.csv``) that occur
    capitalised in their transcripts must be replaced: recall over those occurrences. Measured
    twice: with the project as ingested (speaker labels and file names hold the names), and
    *blind* (labels and titles replaced by codes before pseudonymising: NER, first-name list,
    context and propagation alone, as on transcripts whose metadata does not name anyone).
(b) Identifiers planted into real turns of CFPP2000 and ESLO2 (speaker labels are codes there):
    person names of many origins (half of the first names are *not* on the shipped first-name
    list, to measure that list's contribution fairly), phones in every common writing, e-mails,
    NIR and street addresses, at varied positions in the turn. Recall per type.
(c) Precision: a seeded random sample of replaced spans in run (a) is written, with context, to
    ``<work>/precision_sample.tsv`` for a person to judge (column ``ok``: ``I`` or 1 = an
    identifier the policy means to replace — a private person, a specific place, a contact
    detail —, ``F`` = a famous person or landmark the policy replaces though it identifies nobody,
    ``N`` or 0 = not an identifier). With ``--judged FILE`` the judged file is read and precision
    is computed (share of ``I``, and of ``I`` + ``F``).
(d) Throughput: words per second of ``transfo parse`` (fresh cache) and of ``pseudonymise_project``
    on the same corpus, and their ratio (goal ≥ 0.8).
(e) Written answers with sentence capitals (Grand Débat national 2019, "Organisation de l'État
    et des services publics"): CFPP and ESLO are transcribed without sentence capitals, so the
    capitals layer works there and the NER's mistakes on sentence-initial words do not show. A
    seeded sample of answers is pseudonymised as it is (precision sample
    ``<work>/precision_sample_written.tsv``, judged with ``--judged-written FILE``) and with
    identifiers planted as in (b) (recall per type).

The functions :func:`plant` and :func:`recall_of` are reused by the recall floor test
(``tests/anonymise/test_shared.py``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import platform
import random
import re
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from transfo_analysis.anonymise import load_audit, pseudonymise_project  # noqa: E402
from transfo_analysis.anonymise._fold import canonical, fold  # noqa: E402
from transfo_analysis.anonymise._names import first_names  # noqa: E402
from transfo_analysis.config import Project, Settings  # noqa: E402
from transfo_analysis.corpus import Corpus, ingest, load_corpus, save_corpus  # noqa: E402
from transfo_analysis.nlp import parse_project  # noqa: E402

# -- planted identifiers (written for this benchmark, independently of the shipped lists) -------
FIRST = [
    "Maëlys",
    "Noémie",
    "Bakary",
    "Ilyès",
    "Aurélien",
    "Zeynep",
    "Oumou",
    "Florentin",
    "Sixtine",
    "Kenji",
    "Abdoulaye",
    "Anouk",
    "Gwenaël",
    "Siham",
    "Yacouba",
    "Leïla",
    "Marceline",
    "Radu",
    "Priscilla",
    "Djibril",
    "Ophélie",
    "Hamza",
    "Soizic",
    "Nour",
    "Timéo",
    "Assa",
    "Kamel",
    "Bérengère",
    "Thibault",
    "Jovana",
    "Ndeye",
    "Élouan",
    "Rokhaya",
    "Fabrizio",
    "Loïc",
    "Tiago",
    "Hanane",
    "Sélim",
    "Ewen",
    "Mounia",
    "Wladimir",
    "Coralie",
    "Idrissa",
    "Perrine",
    "Soufiane",
    "Agnieszka",
    "Brahim",
    "Lisa",
    "Nassima",
    "Guillaume",
]
LAST = (
    "Benhamou",
    "Traoré",
    "Le Goff",
    "Kowalczyk",
    "Haddad",
    "Mbaye",
    "Lefranc",
    "Rakotomalala",
    "Öztürk",
    "Dubreuil",
    "Chaouch",
    "Pham",
    "Zerbib",
    "Mendy",
    "Bouchard",
    "Cissé",
    "Moreau-Lefèvre",
    "Nguyen Van Long",
    "Dos Santos",
    "Ferhat",
    "Le Bihan",
    "Giraud",
    "Sarr",
    "Belkhir",
    "Vasquez",
    "Lopes",
    "Rousseau",
    "Kaddour",
    "Sy",
    "Marchetti",
    "Hoarau",
    "Abdallah",
    "Courtois",
    "Gueye",
    "Jacquemin",
    "Tshibanda",
    "Leclercq",
    "Petitjean",
    "Ben Salem",
    "Carré",
    "Ouattara",
    "Lemoine",
    "Da Costa",
    "Yilmaz",
)
NAME_TEMPLATES = (
    "{first} {last}",
    "Madame {last}",
    "monsieur {last}",
    "{first}",
    "c'est {first} {last} qui",
    "avec {first}",
    "{last}",
)
PHONE_FORMATS = (
    "0{a} {b} {c} {d} {e}",
    "0{a}.{b}.{c}.{d}.{e}",
    "0{a}-{b}-{c}-{d}-{e}",
    "0{a}{b}{c}{d}{e}",
    "+33 {a} {b} {c} {d} {e}",
    "+33 (0){a} {b} {c} {d} {e}",
    "0033 {a} {b} {c} {d} {e}",
    "+33{a}{b}{c}{d}{e}",
)
DOMAINS = (
    "gmail.com",
    "orange.fr",
    "hotmail.fr",
    "free.fr",
    "laposte.net",
    "yahoo.fr",
    "wanadoo.fr",
    "mairie-montbrac.fr",
)
STREETS = (
    "rue des Lilas",
    "allée Victor Hugo",
    "chemin de la Croix-Rousse",
    "impasse des Tilleuls",
    "boulevard Gambetta",
    "place du Marché",
    "avenue de la République",
    "rue du Général Leclerc",
    "route de Vienne",
    "quai des Brumes",
)
TOWNS = (
    "38000 Grenoble",
    "45000 Orléans",
    "93100 Montreuil",
    "69003 Lyon",
    "13001 Marseille",
    "29200 Brest",
)
TYPES = ("PERSONNE", "TELEPHONE", "EMAIL", "NIR", "ADRESSE")


_ONSETS = (
    "b",
    "d",
    "f",
    "g",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "z",
    "ch",
    "dj",
    "gu",
    "kh",
    "ou",
    "y",
    "br",
    "tr",
)
_VOWELS = ("a", "e", "i", "o", "ou", "é", "è", "ia", "ai", "an", "in", "on", "ï")


def synthetic_name(rng: random.Random, *, syllables: tuple[int, int] = (2, 3)) -> str:
    """A pronounceable name found on no list
    (``Tadioumane``): measures detection of unseen names.
    """
    n = rng.randint(*syllables)
    word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(n))
    word += rng.choice(("", "", "n", "ne", "r", "t", "lle", "ssa", "k"))
    return word[:1].upper() + word[1:]


def _nir(rng: random.Random) -> str:
    dept = rng.choice(["75", "38", "2A", "2B", "93", "45", "69", "99"])
    body = (
        f"{rng.choice('12')}{rng.randint(40, 99):02d}{rng.randint(1, 12):02d}{dept}"
        f"{rng.randint(1, 999):03d}{rng.randint(1, 999):03d}"
    )
    num = int(body.replace("2A", "19").replace("2B", "18"))
    key = f"{97 - num % 97:02d}"
    if rng.random() < 0.5:
        return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key}"
    return body + key


def _identifier(
    type_: str, rng: random.Random, people: list[tuple[str, str]]
) -> tuple[str, list[tuple[int, int]]]:
    """An identifier to plant and the character ranges (inside it) that must be replaced."""
    if type_ == "PERSONNE":
        # half of the persons are unseen names said once, half come back from a shared cast
        first, last = (
            (synthetic_name(rng), synthetic_name(rng)) if rng.random() < 0.5 else rng.choice(people)
        )
        tpl = rng.choice(NAME_TEMPLATES)
        text = tpl.format(first=first, last=last)
        ranges = []
        for part in ([first] if "{first}" in tpl else []) + ([last] if "{last}" in tpl else []):
            i = text.index(part)
            ranges.append((i, i + len(part)))
        return text, ranges
    if type_ == "TELEPHONE":
        digits = [str(rng.choice([1, 2, 3, 4, 5, 6, 7, 9]))] + [
            f"{rng.randint(0, 99):02d}" for _ in range(4)
        ]
        text = rng.choice(PHONE_FORMATS).format(
            a=digits[0], b=digits[1], c=digits[2], d=digits[3], e=digits[4]
        )
    elif type_ == "EMAIL":
        first, last = rng.choice(people)
        user = canonical(
            rng.choice(
                [
                    f"{first}.{last}",
                    f"{first[0]}{last}",
                    f"{last}{rng.randint(1, 99)}",
                    f"{first}-{last}",
                ]
            )
        ).replace(" ", "")
        text = f"{user}@{rng.choice(DOMAINS)}"
    elif type_ == "NIR":
        text = _nir(rng)
    else:
        number = f"{rng.randint(1, 140)}{rng.choice(['', '', ' bis', ' ter'])}"
        text = f"{number} {rng.choice(STREETS)}" + (
            f", {rng.choice(TOWNS)}" if rng.random() < 0.4 else ""
        )
    return text, [(0, len(text))]


def plant(corpus: Corpus, *, n: int, seed: int = 0) -> tuple[Corpus, pd.DataFrame]:
    """Plant ``n`` identifiers into real turns (at the start, middle or end of a turn).

    Returns
    -------
    The new corpus (labels and titles replaced by codes) and the table of planted spans
    (``segment_id, type, start, end, gazetteer``).
    """
    rng = random.Random(seed)
    people = [(rng.choice(FIRST), rng.choice(LAST)) for _ in range(max(10, n // 4))]
    segs = corpus.segments.copy()
    eligible = segs.index[segs["text"].str.split().str.len() >= 6].tolist()
    rng.shuffle(eligible)
    texts = segs["text"].to_dict()
    rows = []
    weights = {"PERSONNE": 0.4, "TELEPHONE": 0.15, "EMAIL": 0.15, "NIR": 0.15, "ADRESSE": 0.15}
    for k in range(min(n, len(eligible))):
        idx = eligible[k]
        type_ = rng.choices(list(weights), weights=list(weights.values()))[0]
        ident, ranges = _identifier(type_, rng, people)
        words = texts[idx].split(" ")
        pos = rng.choice([0, len(words) // 2, len(words), rng.randint(0, len(words))])
        before = " ".join(words[:pos])
        offset = len(before) + (1 if before else 0)
        texts[idx] = (
            (before + " " if before else "")
            + ident
            + (" " + " ".join(words[pos:]) if words[pos:] else "")
        )
        for s, e in ranges:
            piece = ident[s:e]
            rows.append(
                {
                    "segment_id": segs.at[idx, "segment_id"],
                    "type": type_,
                    "start": offset + s,
                    "end": offset + e,
                    "gazetteer": canonical(piece.split()[0]) in first_names()
                    if type_ == "PERSONNE"
                    else None,
                    "text": piece,
                    "synthetic": type_ == "PERSONNE"
                    and canonical(piece) not in {canonical(x) for x in (*FIRST, *LAST)},
                }
            )
    segs["text"] = pd.Series(texts)
    segs["n_words"] = segs["text"].str.split().str.len()
    return _blind(
        Corpus(
            documents=corpus.documents,
            speakers=corpus.speakers,
            segments=segs,
            meta=dict(corpus.meta),
        )
    ), pd.DataFrame(rows)


def _blind(corpus: Corpus) -> Corpus:
    """Speaker labels and titles replaced by codes
    (as in transcripts whose metadata names nobody).
    """
    spk = corpus.speakers.copy()
    spk["label"] = [f"L{i}" for i in range(len(spk))]
    spk["attributes"] = "{}"
    docs = corpus.documents.copy()
    docs["title"] = docs["doc_id"]
    docs["source_path"] = docs["doc_id"] + ".txt"
    docs["interviewer"] = None
    docs["attributes"] = "{}"
    return Corpus(documents=docs, speakers=spk, segments=corpus.segments, meta=dict(corpus.meta))


def recall_of(expected: pd.DataFrame, audit: pd.DataFrame) -> pd.DataFrame:
    """Each expected span with ``found``: fully covered by replaced spans of the audit log."""
    covered = defaultdict(list)
    for seg, s, e in zip(audit["segment_id"], audit["start"], audit["end"], strict=True):
        covered[seg].append((int(s), int(e)))
    found = []
    for seg, s, e in zip(expected["segment_id"], expected["start"], expected["end"], strict=True):
        spans = sorted(covered.get(seg, []))
        pos = s
        for a, b in spans:
            if a <= pos < b:
                pos = b
        found.append(pos >= e)
    return expected.assign(found=found)


def cfpp_expected(corpus: Corpus, metadata: Path) -> pd.DataFrame:
    """Capitalised occurrences of each speaker's own first and last name in their transcript."""
    meta = pd.read_csv(metadata, dtype=str).fillna("")
    names = [
        (canonical(r["PRÉNOM"]), canonical(r["NOM"]))
        for _, r in meta.iterrows()
        if r["PRÉNOM"] and r["NOM"]
    ]
    rows = []
    for doc_id, title in zip(corpus.documents["doc_id"], corpus.documents["title"], strict=True):
        t = " " + canonical(title.replace("_", " ")) + " "
        mine = {
            w
            for first, last in names
            if f" {first} " in t and f" {last} " in t
            for w in (first, last)
        }
        segs = corpus.segments[corpus.segments["doc_id"] == doc_id]
        for w in mine:
            regex = re.compile(r"(?<!\w)" + re.escape(w).replace(r"\ ", r"[\s\-]+") + r"(?!\w)")
            for seg, text in zip(segs["segment_id"], segs["text"], strict=True):
                for m in regex.finditer(fold(text)):
                    if text[m.start()].isupper():
                        rows.append(
                            {
                                "segment_id": seg,
                                "type": "PERSONNE",
                                "start": m.start(),
                                "end": m.end(),
                                "text": text[m.start() : m.end()],
                            }
                        )
    return pd.DataFrame(rows, columns=["segment_id", "type", "start", "end", "text"])


def make_project(
    root: Path, corpus: Corpus, *, model: str, cache_from: Project | None = None, **pseudo
) -> tuple[Project, float]:
    """Save, parse (fresh cache unless ``cache_from``)
    and return the project with the parse time.
    """
    shutil.rmtree(root, ignore_errors=True)
    project = Project(
        root=root,
        settings=Settings.model_validate({"nlp": {"model": model}, "pseudonymisation": pseudo}),
    )
    save_corpus(corpus, project, stage="interim")
    if cache_from is not None:
        shutil.copytree(cache_from.nlp_cache_dir, project.nlp_cache_dir)
    t = time.perf_counter()
    parse_project(project, show_progress=False)
    return project, time.perf_counter() - t


def _run(project: Project) -> tuple[float, pd.DataFrame]:
    shutil.rmtree(project.secure_dir, ignore_errors=True)
    t = time.perf_counter()
    pseudonymise_project(project, show_progress=False)
    elapsed = time.perf_counter() - t
    audit = load_audit(project)
    return elapsed, audit[audit["table"] == "segments"]


def precision_sample(
    project: Project, audit: pd.DataFrame, out: Path, *, n: int, seed: int
) -> None:
    texts = load_corpus(project, stage="interim").segments.set_index("segment_id")["text"]
    sample = audit.sample(min(n, len(audit)), random_state=seed)
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t")
        w.writerow(["ok", "type", "detector", "span", "context"])
        for r in sample.itertuples():
            text = texts[r.segment_id]
            w.writerow(
                [
                    "",
                    r.entity_type,
                    r.detector,
                    text[r.start : r.end],
                    text[max(0, r.start - 50) : r.end + 50].replace("\t", " "),
                ]
            )


def written_answers(
    answers: Path,
    *,
    n: int,
    seed: int,
    min_words: int = 20,
    exclude_seeds: tuple[int, ...] = (),
    exclude_texts: frozenset[str] = frozenset(),
) -> Corpus:
    """A corpus of ``n`` typed answers of the Grand Débat
    (one document per question, one turn per answer).

    ``exclude_seeds`` leaves out the answers that the plain draws of those seeds (same ``n``,
    nothing excluded) took, and ``exclude_texts`` the answers given (those of an earlier fresh
    draw), so that a fresh draw judges rules on answers they were not written against.
    """
    table = pd.read_csv(answers, dtype={"comment": str}).dropna(subset=["comment"])
    table = table[table["comment"].str.split().str.len() >= min_words].drop_duplicates("comment")
    taken = [table.sample(min(n, len(table)), random_state=s).index for s in exclude_seeds]
    for index in taken:
        table = table.drop(index, errors="ignore")
    table = table[~table["comment"].isin(exclude_texts)]
    table = table.sample(min(n, len(table)), random_state=seed).sort_values(
        ["question_col", "row_in_source"]
    )
    d_rows, s_rows, g_rows = [], [], []
    for q, group in table.groupby("question_col", sort=True):
        doc_id = f"GD{int(q):02d}"
        d_rows.append(
            {
                "doc_id": doc_id,
                "territory": "national",
                "service": "services-publics",
                "method": "questionnaire",
                "date": None,
                "interviewer": None,
                "title": doc_id,
                "source_path": f"{doc_id}.csv",
                "format": "csv",
                "sha256": hashlib.sha256(doc_id.encode()).hexdigest(),
                "n_speakers": len(group),
                "n_segments": len(group),
                "n_words": 0,
                "attributes": "{}",
            }
        )
        for i, text in enumerate(group["comment"].astype(str)):
            spk = f"{doc_id}-R{i:04d}"
            s_rows.append(
                {
                    "speaker_id": spk,
                    "doc_id": doc_id,
                    "label": f"R{i}",
                    "role": "usager",
                    "person_id": spk,
                    "n_segments": 1,
                    "n_words": len(text.split()),
                    "attributes": "{}",
                }
            )
            g_rows.append(
                {
                    "segment_id": f"{doc_id}-{i:04d}",
                    "doc_id": doc_id,
                    "speaker_id": spk,
                    "role": "usager",
                    "territory": "national",
                    "service": "services-publics",
                    "turn": i,
                    "start": None,
                    "end": None,
                    "text": text,
                    "n_words": len(text.split()),
                    "overlap": False,
                }
            )
    return Corpus(
        documents=pd.DataFrame(d_rows), speakers=pd.DataFrame(s_rows), segments=pd.DataFrame(g_rows)
    ).validate()


def judged_precision(path: Path) -> dict[str, float]:
    """Precision of a judged sample: share of ``I`` (or 1), and of ``I`` + ``F``."""
    judged = pd.read_csv(path, sep="\t", dtype={"ok": str})
    labels = judged["ok"].fillna("").str.strip().str.upper().replace({"1": "I", "0": "N"})
    labels = labels[labels.isin(["I", "F", "N"])]
    counts = labels.value_counts()
    n = int(len(labels))
    return {
        "judged": n,
        "identifying": int(counts.get("I", 0)),
        "famous": int(counts.get("F", 0)),
        "not": int(counts.get("N", 0)),
        "precision": counts.get("I", 0) / n if n else float("nan"),
        "precision_with_famous": (counts.get("I", 0) + counts.get("F", 0)) / n
        if n
        else float("nan"),
    }


def _ingest(files: list[Path]) -> Corpus:
    corpus, _ = ingest(files, show_progress=False)
    return corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "corpora")
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(os.environ.get("TMPDIR", "/tmp")) / "transfo-bench-pseudonymisation",
    )
    parser.add_argument("--model", default="fr_core_news_md")
    parser.add_argument("--cfpp-files", type=int, default=0, help="CFPP files to use (0: all)")
    parser.add_argument("--eslo-files", type=int, default=10)
    parser.add_argument("--planted", type=int, default=1500)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--judged", type=Path, help="precision sample with the ok column filled")
    parser.add_argument(
        "--written-answers", type=int, default=4000, help="Grand Débat answers for (e) (0: skip)"
    )
    parser.add_argument("--written-seed", type=int, default=11, help="which answers (e) draws")
    parser.add_argument(
        "--written-exclude",
        type=int,
        nargs="*",
        default=[],
        help="seeds whose draws (e) leaves out (a fresh draw disjoint from judged ones)",
    )
    parser.add_argument(
        "--judged-written", type=Path, help="precision sample of (e) with the ok column filled"
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    os.environ.setdefault("TRANSFO_PROGRESS", "0")
    cfpp_files = sorted((args.shared / "cfpp2000" / "TextGrid").glob("*.TextGrid"))
    cfpp_files = cfpp_files[: args.cfpp_files] if args.cfpp_files else cfpp_files
    args.work.mkdir(parents=True, exist_ok=True)
    results: dict[str, object] = {}

    # (a) CFPP speakers' names, with metadata and blind; (d) throughput on the same corpus
    cfpp = _ingest(cfpp_files)
    words = int(cfpp.segments["n_words"].sum())
    expected = cfpp_expected(cfpp, args.shared / "cfpp2000" / "cfpp_metadata.csv")
    project, parse_s = make_project(args.work / "cfpp", cfpp, model=args.model)
    pseudo_s, audit = _run(project)
    rec = recall_of(expected, audit)
    results["cfpp"] = {
        "files": len(cfpp_files),
        "words": words,
        "occurrences": len(rec),
        "recall": rec["found"].mean(),
    }
    results["throughput"] = {
        "parse_words_per_s": words / parse_s,
        "pseudonymise_words_per_s": words / pseudo_s,
        "ratio": parse_s / pseudo_s,
    }
    missed = rec[~rec["found"]]["text"].value_counts().head(15).to_dict()
    precision_sample(
        project, audit, args.work / "precision_sample.tsv", n=args.sample, seed=args.seed
    )
    blind, _ = make_project(
        args.work / "cfpp-blind", _blind(cfpp), model=args.model, cache_from=project
    )
    for label, settings in (
        ("cfpp_blind", {}),
        ("cfpp_blind_no_first_names", {"first_names": False}),
    ):
        blind = Project(
            root=blind.root,
            settings=Settings.model_validate(
                {"nlp": {"model": args.model}, "pseudonymisation": settings}
            ),
        )
        _, audit_b = _run(blind)
        results[label] = {"recall": recall_of(expected, audit_b)["found"].mean()}

    # (b) planted identifiers in real turns of CFPP and ESLO2
    eslo = _ingest(sorted((args.shared / "eslo" / "eslo2_ent").glob("*.xml"))[: args.eslo_files])
    both = Corpus(
        documents=pd.concat([cfpp.documents, eslo.documents], ignore_index=True),
        speakers=pd.concat([cfpp.speakers, eslo.speakers], ignore_index=True),
        segments=pd.concat([cfpp.segments, eslo.segments], ignore_index=True),
    )
    planted_corpus, planted = plant(both, n=args.planted, seed=args.seed)
    keep = set(planted["segment_id"])
    sub = planted_corpus.segments[planted_corpus.segments["segment_id"].isin(keep)]
    small = Corpus(
        documents=planted_corpus.documents[planted_corpus.documents["doc_id"].isin(sub["doc_id"])],
        speakers=planted_corpus.speakers[planted_corpus.speakers["doc_id"].isin(sub["doc_id"])],
        segments=sub.reset_index(drop=True),
    )
    project_p, _ = make_project(args.work / "planted", small, model=args.model)
    for label, settings in (
        ("planted_no_capitals", {"capitals": False}),
        ("planted_ner_context_only", {"capitals": False, "first_names": False}),
    ):
        variant = Project(
            root=project_p.root,
            settings=Settings.model_validate(
                {"nlp": {"model": args.model}, "pseudonymisation": settings}
            ),
        )
        rec_v = recall_of(planted, _run(variant)[1])
        results[label] = rec_v.groupby("type")["found"].mean().to_dict()
        once = rec_v[rec_v["synthetic"] == True]  # noqa: E712
        results[label]["PERSONNE said once"] = (
            float(once["found"].mean()) if len(once) else float("nan")
        )
    _, audit_p = _run(project_p)
    rec_p = recall_of(planted, audit_p)
    per_type = rec_p.groupby("type")["found"].agg(["mean", "size"])
    results["planted"] = {
        t: {"recall": float(per_type.loc[t, "mean"]), "n": int(per_type.loc[t, "size"])}
        for t in per_type.index
    }
    per = rec_p[rec_p["type"] == "PERSONNE"]
    results["planted_names_by_list"] = {
        "first_names_on_list": float(per[per["gazetteer"] == True]["found"].mean()),  # noqa: E712
        "other_names": float(per[per["gazetteer"] != True]["found"].mean()),  # noqa: E712
    }
    results["planted_missed"] = rec_p[~rec_p["found"]]["text"].value_counts().head(20).to_dict()
    once = per[per["synthetic"] == True]  # noqa: E712
    results["planted_names_said_once"] = {
        "n": len(once),
        "recall": float(once["found"].mean()) if len(once) else float("nan"),
    }
    results["cfpp_missed"] = missed

    # (e) written answers with sentence capitals: as
    # they are (precision), and with planted identifiers
    answers = args.shared / "grand-debat" / "answers.csv"
    if args.written_answers and answers.exists():
        written = written_answers(
            answers,
            n=args.written_answers,
            seed=args.written_seed,
            exclude_seeds=tuple(args.written_exclude),
        )
        project_w, _ = make_project(args.work / "written", written, model=args.model)
        _, audit_w = _run(project_w)
        results["written"] = {
            "answers": len(written.segments),
            "words": int(written.segments["n_words"].sum()),
            "replacements": len(audit_w),
            "by_type": audit_w["entity_type"].value_counts().to_dict(),
        }
        precision_sample(
            project_w,
            audit_w,
            args.work / "precision_sample_written.tsv",
            n=args.sample,
            seed=args.seed,
        )
        planted_w_corpus, planted_w = plant(
            written, n=min(args.planted, len(written.segments)), seed=args.seed
        )
        project_wp, _ = make_project(
            args.work / "written-planted", planted_w_corpus, model=args.model
        )
        rec_w = recall_of(planted_w, _run(project_wp)[1])
        results["written_planted"] = rec_w.groupby("type")["found"].mean().to_dict()
        once = rec_w[rec_w["synthetic"] == True]  # noqa: E712
        results["written_planted"]["PERSONNE said once"] = (
            float(once["found"].mean()) if len(once) else float("nan")
        )
        results["written_planted_n"] = rec_w["type"].value_counts().to_dict()
        results["written_planted_missed"] = (
            rec_w[~rec_w["found"]]["text"].value_counts().head(20).to_dict()
        )

    if args.judged is not None:
        results["precision"] = judged_precision(args.judged)
    if args.judged_written is not None:
        results["precision_written"] = judged_precision(args.judged_written)
    results["machine"] = {
        "cores": os.cpu_count(),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "model": args.model,
    }
    _print(results)
    (args.work / "results.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False, default=float), encoding="utf-8"
    )
    print(
        f"\nprecision sample to judge: {args.work / 'precision_sample.tsv'}; results: "
        f"{args.work / 'results.json'}"
    )
    return 0


def _print(r: dict) -> None:
    print("| measure | value |\n|---|---|")
    c = r["cfpp"]
    print(
        f"| (a) CFPP speakers' own names, capitalised occurrences ({c['occurrences']}) — recall | "
        f"{c['recall']:.3f} |"
    )
    print(
        "| (a) same, blind (labels and file names replaced by codes) | "
        f"{r['cfpp_blind']['recall']:.3f} |"
    )
    print(
        "| (a) same, blind and without the first-name list | "
        f"{r['cfpp_blind_no_first_names']['recall']:.3f} |"
    )
    for t, v in r["planted"].items():
        print(f"| (b) planted {t} ({v['n']}) — recall | {v['recall']:.3f} |")
    n = r["planted_names_by_list"]
    print(
        "| (b) planted names whose first name is on the shipped list / not on it | "
        f"{n['first_names_on_list']:.3f} / {n['other_names']:.3f} |"
    )
    o = r["planted_names_said_once"]
    print(
        f"| (b) planted unseen names (on no list), each said once ({o['n']} parts) — recall | "
        f"{o['recall']:.3f} |"
    )
    for label, title in (
        ("planted_no_capitals", "without the capitals layer"),
        ("planted_ner_context_only", "NER, context and propagation only"),
    ):
        v = r[label]
        print(
            f"| (b) {title}: names / unseen names said once / phones / e-mails | "
            f"{v['PERSONNE']:.3f} / {v['PERSONNE said once']:.3f} / {v['TELEPHONE']:.3f} / "
            f"{v['EMAIL']:.3f} |"
        )
    for key, title in (("precision", "(c) CFPP"), ("precision_written", "(e) written answers")):
        if key in r:
            p = r[key]
            print(
                f"| {title}: precision, {p['judged']} replaced spans judged by hand (I / F / N = "
                f"{p['identifying']} / {p['famous']} / {p['not']}) "
                f"— identifying / incl. famous | {p['precision']:.3f} / "
                f"{p['precision_with_famous']:.3f} |"
            )
    if "written" in r:
        w = r["written"]
        print(
            f"| (e) written answers ({w['answers']}, {w['words']:,} words): replaced spans | "
            f"{w['replacements']} {w['by_type']} |"
        )
        v, n = r["written_planted"], r["written_planted_n"]
        print(
            f"| (e) planted into written answers: names ({n.get('PERSONNE', 0)}) / unseen names "
            "said once / phones / e-mails / NIR / addresses — recall | "
            f"{v.get('PERSONNE', float('nan')):.3f} / {v['PERSONNE said once']:.3f} / "
            f"{v.get('TELEPHONE', float('nan')):.3f} / "
            f"{v.get('EMAIL', float('nan')):.3f} / {v.get('NIR', float('nan')):.3f} / "
            f"{v.get('ADRESSE', float('nan')):.3f} |"
        )
    t = r["throughput"]
    print(f"| (d) parse (fresh cache), words/s | {t['parse_words_per_s']:,.0f} |")
    print(f"| (d) pseudonymise, words/s | {t['pseudonymise_words_per_s']:,.0f} |")
    print(f"| (d) throughput ratio pseudonymise / NLP stage | {t['ratio']:.1f}× |")
    print("\nmissed (CFPP):", r["cfpp_missed"])
    print("missed (planted):", r["planted_missed"])
    if "written_planted_missed" in r:
        print("missed (planted into written answers):", r["written_planted_missed"])


if __name__ == "__main__":
    sys.exit(main())
