"""Idioms, fictional characters and derived common words taken for names (issue 14).

Each rule is tested twice: the junk it refuses, and a real name in the same position that is still
a name (rule by rule, then end to end on a parsed project of typed answers, whose key must hold
the names and none of the junk, and whose processed corpus the leak checker accepts).
"""

from __future__ import annotations

import re

import pytest

from transfo_analysis.anonymise import check_leaks, pseudonymise_project, read_key
from transfo_analysis.anonymise._idioms import idiom_name
from transfo_analysis.anonymise._junk import junk_reason
from transfo_analysis.anonymise._lexicon import french_words, left_in_clear
from transfo_analysis.anonymise._wordforms import derived_word
from transfo_analysis.corpus import load_corpus

from .conftest import make_corpus, make_project

WORDS = french_words()
needs_tables = pytest.mark.skipif(not WORDS, reason="no French spaCy pipeline installed")


def _at(text: str, word: str) -> tuple[int, int]:
    i = text.index(word)
    return i, i + len(word)


@pytest.mark.parametrize(
    ("text", "word", "idiom"),
    [
        ('cesseraient de faire profiter "Pierre" plutôt que "Jacques" pour', "Pierre", True),
        ('cesseraient de faire profiter "Pierre" plutôt que "Jacques" pour', "Jacques", True),
        ("n’a fait que déshabiller Paul pour habiller Jacques. Avant", "Paul", True),
        ("n’a fait que déshabiller Paul pour habiller Jacques. Avant", "Jacques", True),
        ("que ce soit Pierre, Paul ou Jacques, personne", "Paul", True),
        ("impossible de licencier sans l'épée de Damoclès des Prudhomme.", "Damoclès", True),
        ("Épée de Damoclès ou bien employer un comptable", "Damoclès", True),
        ("c'est le talon d’Achille du système", "Achille", True),
        ("la SS c'est pire que les 12 travaux d'Astérix", "Astérix", True),
        ("un monde à la Big Brother, merci", "Big Brother", True),
        # the same first names out of the idiom are names
        ("mes fils Pierre et Paul sont scolarisés à côté", "Pierre", False),
        ("Pierre Dupont plutôt que Jacques Martin a eu le poste", "Pierre", False),
        ("j'ai appelé Achille Mbarga, mon voisin", "Achille", False),
        ("Jacques nous a reçus au guichet", "Jacques", False),
    ],
)
def test_idiom_name(text, word, idiom):
    assert idiom_name(text, *_at(text, word)) is idiom


@pytest.mark.parametrize(
    ("text", "word", "derived"),
    [
        ("Réduire les communes. Transversaliser les administrations", "Transversaliser", True),
        ("quelle vision ? Sidérance : les pratiques", "Sidérance", True),
        ("IRCANTEC. Inégibilité pour je ne sais plus quelle retraite", "Inégibilité", True),
        ("Chèreté de l'enseignement supérieur", "Chèreté", True),
        ("Clareté des responsabilités réciproques", "Clareté", True),
        ("une zone de Revitalisation rurale", "Revitalisation", True),
        ("les contrats de Professionnalisation sont chers", "Professionnalisation", True),
        # names and towns with such endings are not
        ("j'ai vu Florence au guichet", "Florence", False),  # a shipped first name
        ("Clément nous a aidés", "Clément", False),
        ("je travaille à Valence depuis", "Valence", False),  # a town after a preposition
        ("avec Flament hier", "Flament", False),  # a stem too short for the ending
        ("le dossier de Tadioumane", "Tadioumane", False),
        ("ma voisine Dominique", "Dominique", False),
    ],
)
def test_derived_word(text, word, derived):
    assert derived_word(text, *_at(text, word)) is derived


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        ('faire profiter "Pierre" plutôt que "Jacques" pour', "Pierre", "idiom"),
        ("sans l'épée de Damoclès des Prudhomme.", "Damoclès des Prudhomme", "idiom"),
        ("Transversaliser les administrations", "Transversaliser", "derived word"),
        ("Pierre est venu avec Jacques", "Jacques", None),
        ("Transversaliser avec Tadioumane", "Tadioumane", None),
    ],
)
def test_junk_reason_of_idioms_and_derived_words(text, word, reason):
    assert junk_reason(text, *_at(text, word), words=WORDS) == reason


@pytest.mark.parametrize(
    ("text", "clear"),
    [
        ("il ne faut pas déshabiller Pierre pour habiller Paul", True),
        ("Pierre est venu au guichet hier", False),
    ],
)
def test_left_in_clear_shares_the_idiom_rule(text, clear):
    """A guessed ``Pierre`` searched again: left in the idiom, replaced elsewhere (the leak
    checker reads the same function)."""
    reason = left_in_clear(text, *_at(text, "Pierre"), everyday=True, words=WORDS)
    assert (reason == "idiom") is clear


TYPED = [
    "Le dédoublement des classes n'a fait que déshabiller Paul pour habiller Jacques, hélas.",
    "Les élus cessent de faire profiter Pierre plutôt que Jacques pour des raisons politiques.",
    "Impossible de licencier sans l'épée de Damoclès des Prudhomme sur la tête.",
    "La sécurité sociale c'est pire que les douze travaux d'Astérix, vraiment.",
    "Trop de communes. Transversaliser les administrations et les regrouper localement.",
    "Quelle vision a l'état de l'éducation ? Sidérance : les pratiques des collèges privés.",
    "Paiement de je ne sais quoi pour régulariser. Inégibilité pour une retraite de l'état.",
    # names in the same positions stay names
    "Le dédoublement des classes a été expliqué par Tadioumane Kéita, la directrice.",
    "Les élus ont reçu Zérikou Ouattara pour des raisons politiques.",
    "Impossible de licencier sans l'accord de Sandrine Lefèvre sur la tête.",
    "La sécurité sociale a été aidée par Madame Garnier, vraiment.",
]
JUNK = ("jacques", "damocles", "asterix", "transversaliser", "siderance", "inegibilite")
NAMES = ("tadioumane", "keita", "zerikou", "ouattara", "sandrine", "lefevre", "garnier")


@pytest.fixture(scope="module")
def typed(tmp_path_factory):
    # typed answers with sentence capitals (at least twenty turns, so the style is detected)
    filler = [f"Réponse numéro {i} : le service public doit rester proche." for i in range(12)]
    turns = [("Usager", t) for t in (*TYPED, *filler)]
    project = make_project(
        tmp_path_factory.mktemp("wordforms"), make_corpus({"reponses-ecrites": turns})
    )
    pseudonymise_project(project, show_progress=False)
    return project


@needs_tables
def test_idioms_and_derived_words_never_enter_the_key_and_names_still_do(typed):
    originals = {
        re.sub(r"[^a-z ]", "", w)
        for _, canon, _ in read_key(typed).originals()
        for w in canon.split()
    }
    for junk in JUNK:
        assert junk not in originals, junk
    for name in NAMES:
        assert name in originals, name


@needs_tables
def test_texts_keep_idioms_and_lose_the_names(typed):
    joined = " ".join(load_corpus(typed).segments["text"])
    for kept in ("habiller Jacques", "Pierre plutôt que Jacques", "Damoclès", "Astérix"):
        assert kept in joined, kept
    for kept in ("Transversaliser", "Sidérance", "Inégibilité"):
        assert kept in joined, kept
    for name in ("Tadioumane", "Zérikou", "Lefèvre", "Garnier"):
        assert name not in joined, name
    report = check_leaks([typed.processed_dir], project=typed)
    assert report.ok, report.summary(show=True)
