"""The families of originals the full real consultation left in its processed tables: each one the
pipeline leaves in clear is accepted by the checker by the same rule, and a real name in the same
place is still replaced (and still flagged when left)."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from transfo_analysis.anonymise import (
    PseudonymKey,
    check_leaks,
    pseudonymise_project,
    read_key,
    write_key,
)
from transfo_analysis.anonymise._allow import AllowList
from transfo_analysis.anonymise._extract import CELL_BREAK, WordList, texts_of
from transfo_analysis.anonymise._in_clear import kept_in_clear
from transfo_analysis.anonymise._junk import junk_reason
from transfo_analysis.anonymise._name_lists import sentence_initial
from transfo_analysis.anonymise._readiness import project_allow_words
from transfo_analysis.anonymise._wordlists import CorpusVerdicts
from transfo_analysis.corpus import load_corpus

from .conftest import make_corpus, make_project, span_of
from .test_in_clear import _run


@pytest.mark.parametrize(
    ("text", "word", "everyday", "expected"),
    [
        # a title a naming verb gave, elsewhere in lower case: a phrase, as propagation reads it
        ("disposer d'une masse critique de communes", "masse critique", True, "lowercase"),
        ("on écoute Masse Critique le soir", "Masse Critique", True, None),
        ("il y a bourg la reine", "bourg la reine", True, "lowercase"),
        ("mon voisin dupont la reine", "dupont la reine", False, None),  # no everyday words
        # a word of an allowed body's name: Malakoff Médéric is a pension fund
        ("gérés par Malakoff Médéric pour AGIRC", "Malakoff", False, "allowed name"),
        ("CNAV Ircantec Malakoff mederic Pas de problème", "Malakoff", False, "allowed name"),
        ("Malakoff est passé hier", "Malakoff", False, None),
        # an honorific's surname is replaced wherever capitalised, after « M. » too
        ("un moyen pour M.Macron de remonter", "Macron", True, None),
    ],
)
def test_a_name_a_context_gave_is_judged_by_the_guards_of_propagation(
    text, word, everyday, expected, words
):
    start, end = span_of(text, word)
    allow = AllowList([])  # the shipped bodies: Malakoff Médéric, not Malakoff alone
    reason = kept_in_clear(
        text,
        start,
        end,
        guessed=False,
        guarded=True,
        everyday=everyday,
        allow=allow,
        words=words,
    )
    assert reason == expected


@pytest.mark.parametrize("guessed", [True, False])
def test_a_guess_written_as_an_allowed_place_is_left_but_never_a_firm_name(guessed, words):
    text = "les attestations de la sécurité sociale et des hôpitaux de Paris"
    start, end = span_of(text, "hôpitaux de Paris")
    allow = AllowList([], places=True)
    reason = kept_in_clear(
        text, start, end, guessed=guessed, everyday=False, allow=allow, words=words
    )
    # the index never searches a guess where it is written as allowed words and places; a firm
    # name (a label, a file title) is searched there too
    assert reason == ("allowed" if guessed else None)


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("un moyen pour M.Macron de remonter", "Macron", False),
        ("j'ai écrit à Mme. Durand hier", "Durand", False),
        ("c'est fini. Macron parle", "Macron", True),
        ("euh Ras- euh Port-Royal voilà", "Royal", False),  # a compound
        ("euh pa- Paris est pas loin", "Paris", False),  # a word broken off
        ("il dit : - Royal, venez", "Royal", True),  # a line of dialogue
    ],
)
def test_sentence_starts_after_an_abbreviated_honorific_or_a_glued_dash(text, word, expected):
    assert sentence_initial(text, text.index(word)) is expected


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("dans l'école Sainte Croix je crois", "Sainte", "title word"),
        ("je vais aux Gobelins à côté de Port- mais on s'entraîne", "Port", "cut word"),
        ("j'ai vu Rose- euh Rose Dupuis", "Rose", None),  # a listed first name, broken off
        ("et Kader- mais oui", "Kader", None),  # no common word: may be a name, broken off
    ],
)
def test_a_title_alone_or_a_word_broken_off_is_junk(text, word, expected, words):
    start, end = span_of(text, word)
    reason = junk_reason(text, start, end, words=words)
    assert reason == expected if expected else reason is None


def test_a_corpus_code_in_file_names_and_a_readers_name_never_enter_the_key(tmp_path):
    docs = {
        f"ESLO1_INTPERS_{n}_C": [("R", "J'habite à Orléans depuis longtemps."), ("E", "Merci.")]
        for n in (403, 407, 415)
    }
    corpus = make_corpus(docs)
    corpus.documents["format"] = "eslo"
    project = make_project(tmp_path / "p", corpus)
    assert "eslo" in project_allow_words(project, corpus)
    pseudonymise_project(project, show_progress=False)
    originals = {c for _t, c, _o in read_key(project).originals()}
    assert "intpers" not in originals
    titles = load_corpus(project).documents["title"].tolist()
    assert all("INTPERS" in t for t in titles)
    report = check_leaks([project.processed_dir], project=project)
    assert report.ok, report.summary(show=True)


def _parquet(path, **columns):
    pq.write_table(pa.table(columns), path)
    return path


def test_cells_of_a_table_are_read_apart(tmp_path):
    key = PseudonymKey()
    key.entity_of("PERSONNE", "Jean Dupuis", detector="label")
    table = tmp_path / "t.parquet"
    _parquet(table, who=["Jean", "Dupuis", "rien"])
    (_, _name), (_, text) = texts_of(str(table), table.read_bytes())
    assert CELL_BREAK in text
    project = make_project(tmp_path / "p", make_corpus({"e": [("R", "Bonjour.")]}))
    write_key(project, key)
    assert check_leaks([table], project=project).ok  # a first name in one row, a surname next
    _parquet(table, who=["Jean Dupuis", "rien"])
    assert {leak.original for leak in check_leaks([table], project=project).leaks} == {
        "Jean Dupuis"
    }


def test_word_lists_are_judged_where_their_words_come_from(tmp_path):
    project, text = _run(
        tmp_path,
        [
            "Les agents de la CNAV de Saint-Germain-en-Laye sont performants.",
            "La clé est perdue, Germain est venu la chercher.",
        ],
        [("Germain", "ner:PER"), ("Cler", "ner:LOC")],
    )
    assert "Saint-Germain-en-Laye" in text and "Germain est" not in text
    terms = _parquet(tmp_path / "frequencies.parquet", term=["germain", "cler", "clé"])
    # germain of Saint-Germain, cler the lemmatiser made of clé: the segments hold no such name
    # left in clear
    report = check_leaks([terms], project=project)
    assert report.ok, report.summary(show=True)
    (_, _name), (_, columns), (_, listed) = texts_of(str(terms), terms.read_bytes())
    assert isinstance(listed, WordList) and "germain" in listed and "germain" not in columns
    # a name left in a segment is a leak there and in every list of its lemmas
    segments_file = project.corpus_dir("processed") / "segments.parquet"
    segments = pd.read_parquet(segments_file)
    segments.loc[1, "text"] = "La clé est perdue, Germain est venu la chercher."
    segments.to_parquet(segments_file)
    report = check_leaks([terms], project=project)
    assert [(leak.original, leak.count) for leak in report.leaks] == [("Germain", 1)]
    # without processed segments to read, every listed original counts
    verdicts = CorpusVerdicts(tmp_path / "none.parquet", lambda _text: Counter())
    assert verdicts.judge(Counter({"cler": 2})) == {"cler": 2}


def test_the_families_of_the_real_consultation_agree_with_the_checker(tmp_path):
    project, text = _run(
        tmp_path,
        [
            "Il y a une émission qui s'appelle Masse Critique le soir.",
            "Il faut regrouper les communes pour disposer d'une masse critique en moyens.",
            "J'ai écrit à M. Macron en janvier. Démission de macron, disent les macron.",
            "La parité serait un moyen pour M.Macron de remonter dans les sondages.",
            "Mes retraites complémentaires sont gérées par Malakoff Médéric pour AGIRC.",
            "Je cotise à Malakoff mederic depuis longtemps.",
            "Mon voisin s'appelle Malakoff. Malakoff est passé me voir hier.",
            "J'ai écrit à Mme Royal. C'était royal, vraiment royal.",
            "Royal oui, je prends le métro le matin.",
        ],
        [],
    )
    for run in (1, 2):  # the second run reads the names of the first from the key
        assert "une masse critique en moyens" in text and "s'appelle Masse Critique" not in text
        assert "Macron" not in text and "Royal" not in text and "vraiment royal" in text
        assert "Malakoff Médéric pour AGIRC" in text and "Malakoff est passé" not in text, run
        assert "Malakoff mederic depuis" in text
        originals = {c for _t, c, _o in read_key(project).originals()}
        assert {"masse critique", "malakoff", "royal"} <= originals
        report = check_leaks([project.processed_dir], project=project)
        assert report.ok, report.summary(show=True)
        pseudonymise_project(project, show_progress=False)
        text = " | ".join(load_corpus(project).segments["text"].astype(str))
    page = tmp_path / "page.md"
    page.write_text("Masse Critique passe le soir ; Malakoff est venu ; M.Macron", encoding="utf-8")
    found = {leak.original for leak in check_leaks([page], project=project).leaks}
    assert found == {"Masse Critique", "Malakoff", "Macron"}


@pytest.mark.shared
def test_real_answers_of_the_flagged_families_agree_with_the_checker(shared, tmp_path):
    """The Grand Débat answers behind the families the full run flagged (a lower-case common
    phrase that a naming verb gave as a name, a pension fund's name, an honorific glued to a
    surname): what the pipeline leaves, the checker accepts (no copy of the answers is kept)."""
    answers = pd.read_csv(shared / "grand-debat" / "answers.csv", dtype={"comment": str})
    text = answers["comment"].dropna().astype(str)
    short = text[text.str.len() < 1200]
    picked = short[
        short.str.contains(r"masse critique|Malakoff [Mm][ée]d[ée]ric|M\.Macron", regex=True)
    ]
    assert len(picked) >= 6
    # the names as the real run found them: a naming verb, an honorific
    texts = [
        *picked,
        "Il y a une émission qui s'appelle Masse Critique le soir.",
        "Ma voisine s'appelle Malakoff. J'ai écrit à M. Macron.",
    ]
    docs = {f"reponses{n}": [("R", t)] for n, t in enumerate(texts)}
    project = make_project(tmp_path / "p", make_corpus(docs))
    pseudonymise_project(project, show_progress=False)
    kept = " | ".join(load_corpus(project).segments["text"].astype(str))
    assert "masse critique" in kept and "Masse Critique" not in kept
    assert "Macron" not in kept and "pour M.[" in kept  # a person or, for the small model, a place
    assert re.search(r"Malakoff [Mm][ée]d[ée]ric", kept)  # the fund, as written
    assert "voisine s'appelle [" in kept
    report = check_leaks([project.processed_dir], project=project)
    assert report.ok, report.summary()
