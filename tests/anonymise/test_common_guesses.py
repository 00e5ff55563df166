"""The last families the full real consultation left in its processed tables: a guessing layer's
common word (a venue's or a degree's name, a cinema chain, a national school) never enters the
key, and a word a layer took alone is searched again as the checker searches it."""

from __future__ import annotations

import pandas as pd
import pytest

from transfo_analysis.anonymise import check_leaks, pseudonymise_project
from transfo_analysis.anonymise._allow import AllowList
from transfo_analysis.anonymise._capitals import CapitalStats
from transfo_analysis.anonymise._detect import Detector
from transfo_analysis.anonymise._in_clear import kept_in_clear
from transfo_analysis.anonymise._names import Lexicon
from transfo_analysis.anonymise._spans import Span
from transfo_analysis.config import PseudonymisationSettings
from transfo_analysis.corpus import load_corpus

from .conftest import key_words, make_corpus, make_project, span_of


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("Pathé", True),
        ("le Pathé", True),
        ("Gaumont", True),
        ("UGC", True),
        ("Polytechnique", True),
        ("École polytechnique", True),
        ("Sciences Po", True),
        ("Boucher", False),
        ("Hélène Boucher", False),
    ],
)
def test_cinema_chains_and_national_schools_are_allowed(name, allowed):
    assert AllowList([]).covers(name) is allowed


def _detector(words) -> Detector:
    # the corpus writes these words in lower case too (the trade, the season, the degree…)
    lower = ["boucher", "bon", "grand", "hiver", "master", "olive", "parti"]
    tokens = pd.DataFrame(
        {"text": lower * 2 + ["Kerbrat"], "pos": ["NOUN"] * (2 * len(lower)) + ["PROPN"]}
    )
    tokens["is_alpha"] = True
    return Detector(
        PseudonymisationSettings(),
        AllowList([]),
        lexicon=Lexicon(tokens),
        words=words,
        capitals=CapitalStats(tokens),
        sentence_capitals=False,  # a transcript written in lower case: a capital marks a name
    )


@pytest.mark.parametrize(
    ("text", "word", "taken"),
    [
        # after a determiner or de, a common word of the corpus: a venue, a degree, a party
        ("oh bah on allait au Cirque d'Hiver le dimanche", "Hiver", False),
        ("et c'est quel type de Master alors", "Master", False),
        ("il votait pour le Parti depuis toujours", "Parti", False),
        # the same word with no article is a person's name or nickname: still taken
        ("et puis Olive est passée nous voir", "Olive", True),
        # a listed surname, and a word the corpus never writes in lower case, after de
        ("on parlait de Boucher hier soir", "Boucher", True),
        ("on parlait de Kerbrat hier soir", "Kerbrat", True),
    ],
)
def test_the_capitals_layer_takes_no_common_word_after_an_article(text, word, taken, words):
    detector = _detector(words)
    # the tagger calls every capitalised word a proper noun here: the word decides
    spans = detector.first_pass(text, pos_at=lambda i: "PROPN" if text[i].isupper() else "X")
    found = {text[s.start : s.end] for s in spans if s.detector == "capitals"}
    assert (word in found) is taken


def test_a_word_a_layer_took_alone_is_searched_again_as_the_checker_searches_it(words):
    detector = _detector(words)
    detector.learn(
        [
            Span(0, 7, "PERSONNE", "capitals", "Boucher", None, None),
            Span(0, 13, "PERSONNE", "ner:PER", "Paul le Grand", "full", None),
            Span(0, 3, "PERSONNE", "capitals", "Bon", None, None),
        ]
    )
    entries = detector.index.entries
    # a word a layer took alone becomes a variant of the key, which the checker searches wherever
    # capitalised: searched again, even when the corpus also writes it in lower case
    assert "boucher" in entries and "bon" in entries
    # Grand, only the end of a full name, never enters the key alone: replaced where found
    assert "grand" not in entries
    assert "paul le grand" in entries

    text = "je passe au marché le samedi, Boucher est venu, Lina Boucher aussi"
    found = detector.detect(text, [], pos_at=lambda _i: "PROPN")
    replaced = {text[s.start : s.end] for s in found}
    assert replaced == {"Boucher"} and len(found) == 2  # both occurrences
    # at the start of a turn, whatever the tagger says: the checker cannot see the tag
    turn = "Boucher est venu hier"
    found = detector.detect(turn, [], pos_at=lambda _i: "NOUN")
    assert [turn[s.start : s.end] for s in found] == ["Boucher"]
    # in lower case, the trade: left, and the checker judges it by the same rule
    trade = "j'ai demandé au boucher du marché"
    assert detector.detect(trade, [], pos_at=lambda _i: "NOUN") == []
    start, end = span_of(trade, "boucher")
    kept = kept_in_clear(
        trade, start, end, guessed=True, everyday=True, allow=detector.allow, words=words
    )
    assert kept == "lowercase"
    # capitalised, the checker never takes a listed surname for a common word: it would flag it
    start, end = span_of(text, "Boucher")
    kept = kept_in_clear(
        text, start, end, guessed=True, everyday=True, allow=detector.allow, words=words
    )
    assert kept is None


def test_a_transcript_keeps_its_common_words_and_the_checker_agrees(tmp_path):
    turns = [
        "oh bah on allait au Cirque d'Hiver le dimanche avec les enfants",
        "en hiver il fait froid et en hiver on sort moins",
        "les petits aiment le cirque alors le cirque on y va souvent",
        "et c'est quel type de Master que vous avez fait",
        "j'ai un master en droit et un master en gestion",
        "on allait chez le boucher du coin et le boucher était gentil",
        "et puis Kerbrat est passé nous voir hier",
        "oui Kerbrat il habite à côté de chez nous",
        "au Pathé on voit des films le samedi",
        "mon fils est entré à Polytechnique cette année",
    ]
    filler = [f"oui euh c'est la réponse numéro {i} voilà" for i in range(24)]
    docs = {"entretien": [("R", t) for t in (*turns, *filler)]}
    project = make_project(tmp_path / "p", make_corpus(docs))
    pseudonymise_project(project, show_progress=False)
    text = " | ".join(load_corpus(project).segments["text"].astype(str))
    originals = key_words(project)
    for junk in ("hiver", "master", "pathe", "polytechnique", "boucher"):
        assert junk not in originals, junk
    assert "Cirque d'Hiver" in text and "type de Master" in text and "au Pathé" in text
    # an unseen surname in the same transcript is still replaced wherever it is written
    assert "kerbrat" in originals and "Kerbrat" not in text
    report = check_leaks([project.processed_dir], project=project)
    assert report.ok, report.summary(show=True)
