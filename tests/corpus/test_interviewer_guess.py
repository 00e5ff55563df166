"""Interviewer markers of real corpora and the question-share guess when no marker says."""

from __future__ import annotations

import pytest

from transfo_analysis.corpus import Manifest
from transfo_analysis.corpus._roles import guess_interviewer, is_question, role_from_label

LONG = " ".join(["et puis"] * 25)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vous habitez ici depuis longtemps ?", True),
        ("et la mairie [?]", True),  # CFPP's question mark
        ("et après ? [rire]", True),
        ("est-ce que c'était mieux avant", True),
        ("comment vous faites pour les papiers", True),
        ("pensez-vous que ça a changé", True),
        ("d'accord", False),
        ("mm", False),
        ("quand on était petits on allait au parc", False),  # a question word, nobody addressed
        (f"{LONG} quand vous arrivez comment vous faites {LONG}", False),  # a monologue
        (f"{LONG} n'est-ce pas ? {LONG}", False),  # a rhetorical question inside a long turn
        (f"{LONG} et vous alors ?", True),  # ends with a question
    ],
)
def test_is_question(text: str, expected: bool):
    assert is_question(text) is expected


def test_interviewer_with_many_backchannels_is_found():
    turns = {
        "OU": ["mm"] * 40 + ["d'accord"] * 40 + ["et vous y allez souvent ?"] * 10,
        "BA725": ["oui oui on y va le samedi"] * 80 + ["vous savez ?"] * 3,
    }
    assert guess_interviewer(turns) == ("OU", 10 / 90, 3 / 83)


def test_speaker_with_few_turns_does_not_compete():
    turns = {
        "A": ["mm"] * 80 + ["et ça ?"] * 10,
        "B": ["oui bien sûr"] * 90,
        "INC": ["qui ça ?"] * 6,
    }
    assert guess_interviewer(turns)[0] == "A"


@pytest.mark.parametrize(
    "turns",
    [
        {"A": ["et ça ?"] * 4 + ["oui"] * 10, "B": ["non"] * 14},  # fewer than 5 questions
        {
            "A": ["et ça ?"] * 10 + ["oui"] * 10,
            "B": ["et vous ?"] * 6 + ["non"] * 14,
        },  # not twice as many
        {"A": ["et ça ?"] * 10},  # alone
    ],
)
def test_weak_evidence_gives_no_guess(turns: dict[str, list[str]]):
    assert guess_interviewer(turns) is None


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Sonia Belmont-Rives (ENQ)", "enqueteur"),
        ("Océane Advocat (Enq.)", "enqueteur"),
        ("Sonia Belmont enq", "enqueteur"),
        ("Sonia Belmont-Rives Enq", "enqueteur"),
        ("ch_OB1", "enqueteur"),
        ("ENT_59INC", "autre"),
        ("403INC2", "autre"),
        ("409INC", "autre"),
    ],
)
def test_real_corpus_markers(label: str, role: str):
    assert role_from_label(label, Manifest()).role == role


@pytest.mark.parametrize(
    "label",
    [
        "BV1AMI",
        "XF20MER",
        "407PERSFEM",
        "001LOC1",
        "PB",
        "speaker#2",
        "Vincent Leprince",
        "Francine",
    ],
)
def test_real_corpus_codes_without_role(label: str):
    assert role_from_label(label, Manifest()) is None
