"""Recall floors on real speech (../shared/corpora): CFPP speakers' names and planted identifiers.

Uses the benchmark's planting and scoring code (benchmarks/pseudonymisation_recall.py) on a
subset parsed with fr_core_news_md; the full measurement is in benchmarks/README.md.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pandas as pd
import pytest

from transfo_analysis.anonymise import check_leaks, load_audit, pseudonymise_project
from transfo_analysis.corpus import Corpus, ingest

pytestmark = [pytest.mark.shared, pytest.mark.slow]
re_hour = re.compile(r"\d{1,2}[Hh]\d{2}")
re_hour_in = re.compile(r"\b\d{1,2}H\d{2}\b")
re_digit_inside = re.compile(r"[^\W\d_]\d+[^\W\d_]")
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location(
        "pseudonymisation_recall", REPO / "benchmarks" / "pseudonymisation_recall.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def cfpp(shared) -> Corpus:
    files = sorted((shared / "cfpp2000" / "TextGrid").glob("*.TextGrid"))
    picked = files[::10][:3]  # three interviews spread over the corpus (no one chosen by name)
    corpus, _ = ingest(picked, show_progress=False)
    return corpus


def test_cfpp_speakers_names_are_replaced(bench, cfpp, shared, tmp_path_factory):
    expected = bench.cfpp_expected(cfpp, shared / "cfpp2000" / "cfpp_metadata.csv")
    assert len(expected) >= 10
    project, _ = bench.make_project(tmp_path_factory.mktemp("cfpp"), cfpp, model="fr_core_news_md")
    pseudonymise_project(project, show_progress=False)
    audit = load_audit(project)
    recall = bench.recall_of(expected, audit[audit["table"] == "segments"])["found"].mean()
    assert recall >= 0.95
    # nothing of the key is left in the processed corpus
    report = check_leaks([project.processed_dir], project=project)
    assert report.ok, report.summary()


def test_planted_identifiers_are_replaced(bench, cfpp, shared, tmp_path_factory):
    eslo, _ = ingest(sorted((shared / "eslo" / "eslo2_ent").glob("*.xml"))[:2], show_progress=False)
    both = Corpus(
        documents=pd.concat([cfpp.documents, eslo.documents], ignore_index=True),
        speakers=pd.concat([cfpp.speakers, eslo.speakers], ignore_index=True),
        segments=pd.concat([cfpp.segments, eslo.segments], ignore_index=True),
    )
    planted_corpus, planted = bench.plant(both, n=400, seed=3)
    keep = planted_corpus.segments["segment_id"].isin(set(planted["segment_id"]))
    segs = planted_corpus.segments[keep].reset_index(drop=True)
    small = Corpus(
        documents=planted_corpus.documents[planted_corpus.documents["doc_id"].isin(segs["doc_id"])],
        speakers=planted_corpus.speakers[planted_corpus.speakers["doc_id"].isin(segs["doc_id"])],
        segments=segs,
    )
    project, _ = bench.make_project(
        tmp_path_factory.mktemp("planted"), small, model="fr_core_news_md"
    )
    pseudonymise_project(project, show_progress=False)
    audit = load_audit(project)
    recall = (
        bench.recall_of(planted, audit[audit["table"] == "segments"])
        .groupby("type")["found"]
        .mean()
    )
    assert recall["PERSONNE"] >= 0.93, recall
    assert recall["TELEPHONE"] >= 0.99 and recall["EMAIL"] >= 0.99, recall
    assert recall["NIR"] >= 0.99 and recall["ADRESSE"] >= 0.95, recall


@pytest.fixture(scope="module")
def written(bench, shared, tmp_path_factory):
    """300 Grand Débat answers (seeded draw), parsed, pseudonymised as written and with planted
    identifiers (the benchmark's written-answers setting (e), in small)."""
    answers = bench.written_answers(shared / "grand-debat" / "answers.csv", n=300, seed=5)
    root = tmp_path_factory.mktemp("written")
    as_written, _ = bench.make_project(root / "as-written", answers, model="fr_core_news_md")
    planted_corpus, planted = bench.plant(answers, n=150, seed=5)
    with_names, _ = bench.make_project(root / "planted", planted_corpus, model="fr_core_news_md")
    for project in (as_written, with_names):
        pseudonymise_project(project, show_progress=False)
    return as_written, with_names, planted


def test_written_answers_junk_rules_keep_planted_names(bench, written):
    as_written, with_names, planted = written
    audit = load_audit(with_names)
    rec = bench.recall_of(planted, audit[audit["table"] == "segments"])
    per_type = rec.groupby("type")["found"].mean()
    assert per_type["PERSONNE"] >= 0.93, rec[~rec["found"]]["text"].tolist()
    assert per_type.drop("PERSONNE").min() == 1.0
    # no original of the key is an hour, a word with a digit inside or a bare common domain
    from transfo_analysis.anonymise import read_key
    from transfo_analysis.anonymise._lexicon import french_words

    words = french_words("fr_core_news_md")
    for project in (as_written, with_names):
        for type_, _, original in read_key(project).originals():
            assert not re_hour.fullmatch(original), original
            if type_ in ("PERSONNE", "LIEU"):
                assert not re_digit_inside.search(original), original
            if type_ == "URL" and "/" not in original and "." in original:
                assert original.split(".")[0].lower() not in words, original
        report = check_leaks([project.processed_dir], project=project)
        assert report.ok, report.summary(show=True)


def test_real_hours_in_answers_are_no_plates(shared):
    from transfo_analysis.anonymise import pseudonymise_texts

    table = pd.read_csv(shared / "grand-debat" / "answers.csv", dtype={"comment": str})
    texts = table["comment"].dropna()
    with_hours = texts[texts.str.contains(r"\b\d{1,2}H\d{2}\b", regex=True)].head(30).tolist()
    assert with_hours, "the Grand Débat answers hold hours typed as 16H30"
    out = pseudonymise_texts([f"{t} Rappelez le 06 12 34 56 78." for t in with_hours])
    for before, after in zip(with_hours, out, strict=True):
        for hour in re_hour_in.findall(before):
            assert hour in after, (hour, after)
        assert "06 12 34 56 78" not in after


#: idioms the real Grand Débat answers type, and the name in each
REAL_IDIOMS = (
    r"habiller\W{0,3}(Pierre|Paul|Jacques)",
    r"(Pierre|Paul|Jacques)\W{0,3}\s*plutôt qu",
    r"[ée]p[ée]e de (Damocl[èe]s)",
    r"(Ast[ée]rix)",
)


def test_real_idioms_are_kept_and_names_beside_them_replaced(shared):
    from transfo_analysis.anonymise import pseudonymise_texts
    from transfo_analysis.anonymise._idioms import idiom_name

    table = pd.read_csv(shared / "grand-debat" / "answers.csv", dtype={"comment": str})
    texts = table["comment"].dropna()
    found = []
    for pattern in REAL_IDIOMS:
        regex = re.compile(pattern)
        for text in texts[texts.map(lambda t, r=regex: r.search(t) is not None)]:
            for m in re.finditer(pattern, text):
                assert idiom_name(text, m.start(1), m.end(1)), (m.group(1), text[:200])
                found.append((text, m.group(1)))
    assert len(found) >= 8, "the answers hold these idioms (2 + 1 + 4 + 7 answers)"
    inputs = [f"{text} Contact : Madame Zérikou Ouattara." for text, _ in found]
    for (_, name), after in zip(found, pseudonymise_texts(inputs), strict=True):
        assert name in after, (name, after[-300:])
        assert "Ouattara" not in after
