"""Slips of typing, complements of things, products' names and Latin locutions (issue 14).

Each rule is tested twice: the judged junk of the Grand Débat draws that it refuses, and a real
name or town in the same position that is still replaced (rule by rule, then end to end on a
parsed project of typed answers, whose key must hold the names and none of the junk, and whose
processed corpus the leak checker accepts).
"""

from __future__ import annotations

import pytest

from transfo_analysis.anonymise import check_leaks
from transfo_analysis.anonymise._allow import AllowList
from transfo_analysis.anonymise._complements import (
    allowed_chain,
    complement_reason,
    product_name,
)
from transfo_analysis.anonymise._idioms import idiom_name
from transfo_analysis.anonymise._junk import junk_reason
from transfo_analysis.anonymise._lexicon import french_words
from transfo_analysis.anonymise._patterns import find_patterns
from transfo_analysis.anonymise._slips import glued_pieces, typing_slip
from transfo_analysis.corpus import load_corpus

from .conftest import assert_key_holds, pseudonymised_typed_answers, span_of

WORDS = french_words()
ALLOW = AllowList()
needs_tables = pytest.mark.skipif(not WORDS, reason="no French spaCy pipeline installed")
#: how often a corpus of typed answers writes these words in lower case
VOCABULARY = {
    "pas": 1731,
    "par": 420,
    "assez": 97,
    "contre": 87,
    "etait": 112,
    "internet": 247,
    "retraites": 69,
    "etat": 131,
    "application": 16,
    "maison": 39,
    "bonne": 70,
    "petit": 27,
    "fils": 68,
    "enseignement": 40,
}


@needs_tables
@pytest.mark.parametrize(
    ("text", "word", "slip"),
    [
        ("Parcontre les délais sont longs", "Parcontre", "glued"),
        ("pas assez de temps. Pasassez de consultation élargie", "Pasassez", "glued"),
        ("le jour venu et Internetetait moins développé donc", "Internetetait", "glued"),
        ("comme le site Ensap ou Retraitesdeletat.", "Retraitesdeletat", "glued"),
        ("Beaucoup trop complexe , enFrance la paye", "enFrance", "glued"),
        ("dans une classe CHdanse ,et suivre", "CHdanse", "glued"),
        ("en signe de clôture du dossier. Grrrr", "Grrrr", "held letter"),
        ("pas a nous de vérifier mais à Yyyy)", "Yyyy", "held letter"),
        ("Applicaiotn du droit des sols", "Applicaiotn", "long typo"),
        # surnames glued from words, unseen names, shipped names: not slips
        ("avec Bonnemaison hier", "Bonnemaison", None),  # no stop word among the pieces
        ("avec Petitjean hier", "Petitjean", None),
        ("avec Monfils hier", "Monfils", None),  # a possessive opens surnames
        ("avec Desbois hier", "Desbois", None),
        ("avec Setant hier", "Setant", None),
        ("avec Bedèssa hier", "Bedèssa", None),
        ("avec Estelle hier", "Estelle", None),  # a shipped first name
        ("avec Guèlikoulle hier", "Guèlikoulle", None),
    ],
)
def test_typing_slip(text, word, slip):
    assert typing_slip(text, *span_of(text, word), words=WORDS, vocabulary=VOCABULARY) == slip


def test_glued_pieces():
    assert glued_pieces("parcontre", VOCABULARY) == ["par", "contre"]
    assert glued_pieces("retraitesdeletat", VOCABULARY) == ["retraites", "de", "l", "etat"]
    assert glued_pieces("bonnemaison", VOCABULARY) is None
    assert glued_pieces("dubreuil", VOCABULARY) is None


@needs_tables
@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        ("le témoignage d'un voisin atteint de Myopathie (au stade", "Myopathie", "illness"),
        ("la CRPCEN (Caisse de Retraite et de Prévoyance des Clercs", "Prévoyance", "body name"),
        ("des Clercs et Employés de Notaire)", "Notaire", "body name"),
        ("devant un seuil de barrage en Béton ???", "Béton", "after en"),
        ("à l'entrée en Prépa, en partie", "Prépa", "after en"),
        # towns in the same positions stay (the I spans of the judged draws)
        ("Tous est centralisé sur Bourg en Bresse et", "Bresse", None),
        ("la préfecture du Puy en Velay par exemple", "Velay", None),
        ("je travaille à la Mairie de Sens depuis", "Sens", None),
        ("au Centre Hospitalier de Digne depuis", "Digne", None),
        ("j'ai appelé la CARSAT de Dieppe hier", "Dieppe", None),
        ("le collège de Conlie est loin", "Conlie", None),
        ("soigné à l'hôpital de Garches", "Garches", None),
        ("une voisine atteinte de Dubreuil", "Dubreuil", None),  # no common word
        ("en Corse, les délais", "Corse", None),  # a shipped place
        ("en Rose, les délais", "Rose", None),  # a shipped first name
    ],
)
def test_complement_reason(text, word, reason):
    assert complement_reason(text, *span_of(text, word), words=WORDS, allow=ALLOW) == reason


@pytest.mark.parametrize(
    ("text", "word", "product"),
    [
        ("à l'heure où Google Earth existe ?", "Earth", True),
        ("(image Google\xa0Earth par exemple)", "Earth", True),
        ("à l'heure où Google Earth existe ?", "Google Earth", True),
        ("j'ai vu Apple Martin", "Martin", False),  # a shipped name
        ("j'ai vu Tadioumane Kéita", "Kéita", False),
    ],
)
def test_product_name(text, word, product):
    assert product_name(text, *span_of(text, word), allow=ALLOW) is product


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        ("Malakoff Médéric Humanis", True),
        ("Malakof Médéric", True),  # one letter off an allowed name
        ("Humanis Dubreuil", False),
        ("Malakoff Médéric Tadioumane", False),
        ("Humanis", False),  # one word: the allow list itself decides
    ],
)
def test_allowed_chain(text, chain):
    assert allowed_chain(text, 0, len(text), allow=ALLOW) is chain


@pytest.mark.parametrize(
    ("text", "word", "idiom"),
    [
        ("Augmenter le Numérus Clausus des médecins", "Numérus Clausus", True),
        ("suppression numerus clausus dans les facs", "numerus clausus", True),
        ("garder le Statu Quo", "Statu Quo", True),
        ("Augmenter le Numérus de Tadioumane", "Tadioumane", False),
    ],
)
def test_latin_locutions_are_idioms(text, word, idiom):
    assert idiom_name(text, *span_of(text, word)) is idiom


@needs_tables
def test_junk_reason_reads_the_new_rules_in_typed_texts_only():
    text = "Parcontre les délais sont longs"
    start, end = span_of(text, "Parcontre")
    assert junk_reason(text, start, end, words=WORDS, vocabulary=VOCABULARY) == "glued"
    assert junk_reason(text, start, end, words=WORDS, vocabulary=None) is None  # transcripts
    text = "voisin atteint de Myopathie (au stade"
    start, end = span_of(text, "Myopathie")
    assert junk_reason(text, start, end, words=WORDS, vocabulary={}, allow=ALLOW) == "illness"
    text = "dans l'IUT à coté de chez lui;Il n'a pas le choix"
    assert junk_reason(text, *span_of(text, "lui;Il"), words=WORDS) == "debris"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("à sa mise en place La MSA m'a contacté", []),
        ("la mise en place de Info retraite est un plus", []),
        ("le lieu de résidence  Le manque de personnels", []),
        ("Si il y a bien 1 domaine où l'Etat doit faire plus", []),
        # streets in the same positions stay
        ("j'habite rue La Fayette depuis", ["rue La Fayette"]),
        ("rendez-vous place Bellecour demain", ["place Bellecour"]),
        ("il habite 12 place du Marché", ["12 place du Marché"]),
    ],
)
def test_street_patterns_skip_common_uses_of_street_nouns(text, found):
    spans = [s.text for s in find_patterns(text) if s.type in ("ADRESSE", "LIEU")]
    assert (found[0] in spans) if found else not spans


TYPED = [
    "Les délais de la caisse sont trop longs pour tout le monde. Grrrr",
    "Un voisin atteint de Myopathie attend depuis deux ans une réponse.",
    "La CRPCEN (Caisse de Retraite et de Prévoyance des Clercs et Employés de Notaire) répond.",
    "Augmenter le Numérus Clausus des médecins et ouvrir des maisons de santé.",
    "Pourquoi 9 fonctionnaires, à l'heure où Google Earth existe ?",
    "Très insatisfait de Malakoff Médéric Humanis : totalement perdu.",
    # names and towns in the same positions stay names
    "Grrrr. Zérikou Ouattara nous a bien aidés au guichet.",
    "Un voisin atteint de Tadioumane Kéita attend depuis deux ans.",
    "La CARSAT de Dieppe a bien traité le dossier de Madame Garnier.",
]
JUNK = ("grrrr", "myopathie", "prevoyance", "notaire", "numerus", "clausus", "earth", "mederic")
NAMES = ("zerikou", "ouattara", "tadioumane", "keita", "garnier")


@pytest.fixture(scope="module")
def typed(tmp_path_factory):
    return pseudonymised_typed_answers(tmp_path_factory.mktemp("slips"), TYPED)


@needs_tables
def test_slips_and_complements_never_enter_the_key_and_names_still_do(typed):
    assert_key_holds(typed, junk=JUNK, names=NAMES)


@needs_tables
def test_texts_keep_the_junk_and_lose_the_names(typed):
    joined = " ".join(load_corpus(typed).segments["text"])
    for kept in ("Grrrr", "Myopathie", "Employés de Notaire", "Numérus Clausus", "Earth"):
        assert kept in joined, kept
    for name in ("Zérikou", "Ouattara", "Tadioumane", "Garnier"):
        assert name not in joined, name
    report = check_leaks([typed.processed_dir], project=typed)
    assert report.ok, report.summary(show=True)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("tous les 20000 Km ou tous les 3 ans", []),
        ("IL FAUT FAIRE ENTRE 30 ET 45 MIN DE ROUTE", []),
        # postcodes and plates in the same positions stay
        ("envoyé au 38000 Grenoble hier", ["38000 Grenoble"]),
        ("ma voiture 1234 AB 56 a été volée", ["1234 AB 56"]),
    ],
)
def test_units_and_words_in_capitals_are_no_postcode_or_plate(text, found):
    spans = [s.text for s in find_patterns(text) if s.type in ("ADRESSE", "PLAQUE")]
    assert spans == found
