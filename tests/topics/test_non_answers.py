"""Non-answers are set apart before the fit, counted as a share, never a theme."""

from __future__ import annotations

import pandas as pd
import pytest

from transfo_analysis.corpus import Corpus
from transfo_analysis.topics import NON_ANSWER_LABEL, NON_ANSWER_TOPIC, is_non_answer, non_answers


@pytest.mark.parametrize(
    "text",
    [
        "RAS",
        "R.A.S.",
        "ras !",
        "Néant",
        "neant.",
        "Idem",
        "idem question précédente",
        "cf. ci-dessus",
        "NC",
        "N.C.",
        "Non concerné",
        "Pas concernés",
        "Sans objet pour moi",
        "Je ne vois pas.",
        "Sans objet.",
        "rien",
        "Rien à signaler",
        "pas d'avis",
        "Pas d’avis.",
        "Sans opinion",
        "je ne sais pas",
        "",
        "   ",
        "-",
        "...",
        "?",
        "/",
        "Non",
        "non merci",
    ],
)
def test_non_answers_are_recognised(text):
    assert is_non_answer(text)


@pytest.mark.parametrize(
    "text",
    [
        "Rien ne marche à la mairie",
        "non, les horaires ne conviennent pas",
        "Idem pour les transports : trop peu de bus le soir et le dimanche en hiver",
        "Les impôts",
        "Ras-le-bol fiscal",
        "Médecins",
    ],
)
def test_answers_that_say_something_are_kept(text):
    assert not is_non_answer(text)


def test_a_bare_non_counts_only_in_written_answers():
    assert is_non_answer("Non.", written=True)
    assert not is_non_answer("Non.", written=False)
    assert is_non_answer("RAS", written=False)


def test_written_answers_come_from_the_method_or_from_single_turns():
    segments = pd.DataFrame(
        {
            "segment_id": ["s1", "s2", "s3", "s4"],
            "doc_id": ["d1", "d1", "d1", "d2"],
            "speaker_id": ["a", "a", "b", "c"],
            "text": ["non", "les bus", "non", "non"],
        }
    )
    spoken = Corpus(segments=segments)
    spoken.documents = pd.DataFrame({"doc_id": ["d1", "d2"], "method": ["entretien"] * 2})
    assert not non_answers(spoken).any()
    survey = Corpus(segments=segments)
    survey.documents = pd.DataFrame({"doc_id": ["d1", "d2"], "method": ["questionnaire"] * 2})
    assert non_answers(survey).tolist() == [True, False, True, True]
    unknown = Corpus(segments=segments)
    unknown.documents = pd.DataFrame(columns=["doc_id", "method"])
    # without a method, a speaker's only turn is a written answer; a conversation's « non » is not
    assert non_answers(unknown).tolist() == [False, False, True, True]


def test_non_answer_constants():
    assert NON_ANSWER_TOPIC == -2 and NON_ANSWER_LABEL == "Sans réponse / rien à signaler"


@pytest.mark.parametrize(
    "text",
    [
        "Non concerné Sans objet",
        "Non concerné. Non applicable.",
        "RAS - néant",
        "sans avis et sans opinion",
        "Pas d'avis, ne se prononce pas",
        "Non. Rien à signaler.",
    ],
)
def test_runs_of_non_answer_phrases_are_non_answers(text):
    assert is_non_answer(text)


@pytest.mark.parametrize(
    "text",
    [
        "Non concerné par les transports",
        "Sans objet et les bus",
        "et sans objet",
        "sans objet et",
        "rien à signaler sauf les trous dans la chaussée",
    ],
)
def test_a_run_with_one_word_of_content_is_kept(text):
    assert not is_non_answer(text)


def test_a_run_that_needs_the_written_non_is_a_non_answer_only_in_writing():
    assert is_non_answer("Non, sans objet", written=True)
    assert not is_non_answer("Non, sans objet", written=False)
    assert is_non_answer("sans objet, néant", written=False)
