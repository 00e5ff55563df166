"""Junk a guessing layer takes for a name, and the context rule the leak checker shares."""

from __future__ import annotations

import pytest

from transfo_analysis.anonymise._junk import junk_reason
from transfo_analysis.anonymise._lexicon import french_words, left_in_clear

from .conftest import span_of

WORDS = french_words()


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        ("Per exemple apres hospitalisation", "Per", "short"),
        ("les aides de l'Apa sont faibles", "Apa", "short"),
        ("le RASED manque. Peu de Rased dans les écoles", "Rased", "acronym"),
        ("je ne vous parle pas des Ehpads", "Ehpads", "acronym"),
        ("c'était avant la réforme Fillon, hélas", "Fillon", "scheme"),
        ("Je passe par l'organisme Soliha car", "Soliha", "scheme"),
        ("donc Tribunal Admistratif, encore", "Admistratif", "institution"),
        ("aide par des associations comme Abbé Pierre", "Pierre", "public name"),
        ("à connaître en Février(le locataire", "Février(le", "debris"),
        ("le matin (Exemple de Brignoles).", "Exemple de Brignoles", "title"),
        # names stay names
        ("J'ai vu Tadioumane hier au guichet", "Tadioumane", None),
        ("entre Paris et Rambouillet, rien", "Rambouillet", None),
        ("à La Rochelle.", "Rochelle", None),
        ("à 15 Km d'Aix c'était", "Aix", None),
        ("avec Kofi Mensah au guichet", "Kofi Mensah", None),
        ("mon voisin Carré est venu", "Carré", None),
        ("chez Le Bihan hier", "Le Bihan", None),  # a particle, not a title
        ("c'est Florentin Ouattara qui", "Florentin Ouattara", None),  # a first name and a word
        # near misses of words the corpus writes in lower case (typed answers only)
        ("des lycées Touver des solutions", "Touver", "typo"),
        ("Lehrs services ne marchent pas", "Lehrs", "typo"),
        ("avec Tadioumane hier", "Tadioumane", None),
    ],
)
def test_junk_reason(text, word, reason):
    start, end = span_of(text, word)
    vocabulary = {"trouver": 40, "leurs": 120, "services": 300}
    found = junk_reason(
        text,
        start,
        end,
        words=WORDS,
        acronyms=frozenset({"rased", "ehpad"}),
        vocabulary=vocabulary,
    )
    assert found == reason


def test_a_rare_word_is_no_base_for_a_typo():
    text = "des lycées Touver des solutions"
    start, end = span_of(text, "Touver")
    assert junk_reason(text, start, end, words=WORDS, vocabulary={"trouver": 2}) is None
    assert junk_reason(text, start, end, words=WORDS) is None  # no vocabulary: transcripts


@pytest.mark.parametrize(
    ("text", "word", "everyday", "capitals", "clear"),
    [
        ("Retraite : trop tard.", "Retraite", True, True, True),  # sentence start
        ("Je parle de la Retraite des agents", "Retraite", True, True, True),  # a notion
        ("il habite à Retraite depuis", "Retraite", True, True, False),  # a place, maybe
        ("Le grand débat", "Le grand", True, True, True),  # a phrase, not Le Grand
        ("la retraite des agents", "retraite", True, True, True),  # lower case
        ("avec tadioumane hier", "tadioumane", False, True, False),  # a name in lower case
        ("Tadioumane est venue.", "Tadioumane", False, True, False),
        ("Redonner du sens.", "Redonner", True, True, True),
        ("on parle de la Retraite", "Retraite", True, False, False),  # lower-case transcripts
    ],
)
def test_left_in_clear(text, word, everyday, capitals, clear):
    start, end = span_of(text, word)
    reason = left_in_clear(
        text, start, end, everyday=everyday, words=WORDS, sentence_capitals=capitals
    )
    assert (reason is not None) is clear, reason


def test_common_word_variants():
    for word in ("Régardez", "Redévelopper", "Autoentrepreneur", "Noooon", "Polypensionnee"):
        assert word in WORDS, word
    for name in ("Tadioumane", "Mensah", "Haddad", "Deschamps"):
        assert name not in WORDS, name
