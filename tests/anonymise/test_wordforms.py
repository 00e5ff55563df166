"""Idioms, fictional characters and derived common words taken for names (issue 14).

Each rule is tested twice: the junk it refuses, and a real name in the same position that is still
a name (rule by rule, then end to end on a parsed project of typed answers, whose key must hold
the names and none of the junk, and whose processed corpus the leak checker accepts).
"""

from __future__ import annotations

import pytest

from transfo_analysis.anonymise import check_leaks
from transfo_analysis.anonymise._idioms import idiom_name
from transfo_analysis.anonymise._junk import junk_reason
from transfo_analysis.anonymise._lexicon import french_words, left_in_clear
from transfo_analysis.anonymise._wordforms import derived_word
from transfo_analysis.corpus import load_corpus

from .conftest import assert_key_holds, make_corpus, pseudonymised_typed_answers, span_of

WORDS = french_words()
needs_tables = pytest.mark.skipif(not WORDS, reason="no French spaCy pipeline installed")


@pytest.mark.parametrize(
    ("text", "word", "idiom"),
    [
        ('cesseraient de faire profiter "Pierre" plutôt que "Jacques" pour', "Pierre", True),
        ('cesseraient de faire profiter "Pierre" plutôt que "Jacques" pour', "Jacques", True),
        ("n’a fait que déshabiller Paul pour habiller Jacques. Avant", "Paul", True),
        ("n’a fait que déshabiller Paul pour habiller Jacques. Avant", "Jacques", True),
        ("que ce soit Pierre, Paul ou Jacques, personne", "Paul", True),
        ("Déshabiller Paul pour habiller Pierre. Je ne parle", "Déshabiller Paul", True),
        ("impossible de licencier sans l'épée de Damoclès des Prudhomme.", "Damoclès", True),
        ("Épée de Damoclès ou bien employer un comptable", "Damoclès", True),
        ("c'est le talon d’Achille du système", "Achille", True),
        ("la SS c'est pire que les 12 travaux d'Astérix", "Astérix", True),
        ("un monde à la Big Brother, merci", "Big Brother", True),
        ("trop lente à finir son évaluation. Kafkaen...", "Kafkaen", True),  # kafkaïen
        ("la sensation d'être David face à un Goliath sourd", "David", True),
        ("supprimer les comités Théodule inutiles", "Théodule", True),
        # the same first names out of the idiom are names
        ("mes fils Pierre et Paul sont scolarisés à côté", "Pierre", False),
        ("Pierre Dupont plutôt que Jacques Martin a eu le poste", "Pierre", False),
        ("j'ai appelé Achille Mbarga, mon voisin", "Achille", False),
        ("Jacques nous a reçus au guichet", "Jacques", False),
    ],
)
def test_idiom_name(text, word, idiom):
    assert idiom_name(text, *span_of(text, word)) is idiom


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
    assert derived_word(text, *span_of(text, word)) is derived


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        ('faire profiter "Pierre" plutôt que "Jacques" pour', "Pierre", "idiom"),
        ("sans l'épée de Damoclès des Prudhomme.", "Damoclès des Prudhomme", "idiom"),
        ("Transversaliser les administrations", "Transversaliser", "derived word"),
        ("Pierre est venu avec Jacques", "Jacques", None),
        ("Transversaliser avec Tadioumane", "Tadioumane", None),
        ("auprès de la CNAV, Argirc Arcco et le RSI", "Argirc Arcco", "acronym variant"),
        ("ces points Arrco Argic  et pour", "Arrco Argic", "acronym variant"),
        ("(CNAV, Ircantec, Arco et CNRACL)", "Arco et CNRACL", "acronym variant"),
        ("seul les orientations Sepga... quid", "Sepga", "acronym variant"),
        ("a posteriori SAMETh accompagnement", "SAMETh", "acronym"),
        ("langage Wesh Wesh de cité", "Wesh Wesh", "repeated"),
        ("(ex. Crèches- Ephad) et pas", "Crèches- Ephad", "acronym variant"),
        ("McDonald est venu", "McDonald", None),
        ("Jean Jean est venu", "Jean Jean", None),  # a first name twice
        ("Kofi Mensah est venu", "Kofi Mensah", None),
        # names near an acronym stay names (Anne, ANPE: on the list; Arcadi: not a variant)
        ("auprès de la CNAV, Anne et le RSI", "Anne", None),
        ("auprès de la CNAV, Arcadi Durand et le RSI", "Arcadi Durand", None),
    ],
)
def test_junk_reason_of_idioms_and_derived_words(text, word, reason):
    assert junk_reason(text, *span_of(text, word), words=WORDS) == reason


def test_several_words_opening_with_a_typo_are_a_title():
    text = "des fonctionnaires de l'Enseignment Supérieur et de la Recherche"
    start, end = span_of(text, "Enseignment Supérieur")
    vocabulary = {"enseignement": 30}
    assert junk_reason(text, start, end, words=WORDS, vocabulary=vocabulary) == "title"
    text = "avec Enseignment Tadioumane"  # a name after it: not a title
    start, end = span_of(text, "Enseignment Tadioumane")
    assert junk_reason(text, start, end, words=WORDS, vocabulary=vocabulary) is None


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
    reason = left_in_clear(text, *span_of(text, "Pierre"), everyday=True, words=WORDS)
    assert (reason == "idiom") is clear


TYPED = [
    "Le dédoublement des classes n'a fait que déshabiller Paul pour habiller Jacques, hélas.",
    "Les élus cessent de faire profiter Pierre plutôt que Jacques pour des raisons politiques.",
    "Impossible de licencier sans l'épée de Damoclès des Prudhomme sur la tête.",
    "La sécurité sociale c'est pire que les douze travaux d'Astérix, vraiment.",
    "Trop de communes. Transversaliser les administrations et les regrouper localement.",
    "Quelle vision a l'état de l'éducation ? Sidérance : les pratiques des collèges privés.",
    "Paiement de je ne sais quoi pour régulariser. Inégibilité pour une retraite de l'état.",
    "J'ai trouvé auprès de la CNAV, Argirc Arcco et le RSI les réponses utiles.",
    "Le candidat a été sélectionné via une annonce sur Leboncoin.fr, très vite.",
    # names in the same positions stay names
    "Le dédoublement des classes a été expliqué par Tadioumane Kéita, la directrice.",
    "Les élus ont reçu Zérikou Ouattara pour des raisons politiques.",
    "Impossible de licencier sans l'accord de Sandrine Lefèvre sur la tête.",
    "La sécurité sociale a été aidée par Madame Garnier, vraiment.",
    "Le candidat a été sélectionné via mon profil facebook.com/zerikou.ouattara, très vite.",
    "Pour moi ce fut au 12 chemin des Lilas à Lyon, chez ma mère.",
]
JUNK = (
    "jacques",
    "damocles",
    "asterix",
    "transversaliser",
    "siderance",
    "inegibilite",
    "argirc",
    "arcco",
    "leboncoinfr",
)
NAMES = ("tadioumane", "keita", "zerikou", "ouattara", "sandrine", "lefevre", "garnier")


@pytest.fixture(scope="module")
def typed(tmp_path_factory):
    return pseudonymised_typed_answers(tmp_path_factory.mktemp("wordforms"), TYPED)


@needs_tables
def test_idioms_and_derived_words_never_enter_the_key_and_names_still_do(typed):
    assert_key_holds(typed, junk=JUNK, names=NAMES)


@needs_tables
def test_texts_keep_idioms_and_lose_the_names(typed):
    joined = " ".join(load_corpus(typed).segments["text"])
    for kept in ("habiller Jacques", "Pierre plutôt que Jacques", "Damoclès", "Astérix"):
        assert kept in joined, kept
    for kept in ("Transversaliser", "Sidérance", "Inégibilité", "Argirc Arcco", "Leboncoin.fr"):
        assert kept in joined, kept
    for name in ("Tadioumane", "Zérikou", "Lefèvre", "Garnier", "zerikou.ouattara", "12 chemin"):
        assert name not in joined, name
    report = check_leaks([typed.processed_dir], project=typed)
    assert report.ok, report.summary(show=True)


@needs_tables
@pytest.mark.parametrize(
    ("url", "common"),
    [
        ("Leboncoin.fr", True),  # the home page of an allowed product
        ("www.leboncoin.fr/", True),
        ("facebook.com", True),
        ("facebook.com/zerikou.ouattara", False),  # a profile: a path stays a URL
        ("tadioumane-conseil.fr", False),  # a name's site
        ("www.tadioumane.fr", False),
    ],
)
def test_home_pages_of_allowed_bodies_and_products_are_no_urls(url, common):
    from transfo_analysis.anonymise._build import build_detector
    from transfo_analysis.config import PseudonymisationSettings

    detector = build_detector(make_corpus({"d": [("R", "texte")]}), PseudonymisationSettings())
    assert detector._common_domain(url) is common


@needs_tables
@pytest.mark.parametrize(
    ("street", "common"),
    [
        ("chemin de Croix", True),  # « c'est un chemin de Croix »: an idiom, no address
        ("place de la Mairie", True),
        ("résidence Secondaire", True),
        ("rue de Tadioumane", False),
        ("chemin de Dupont", False),  # a surname of the list
    ],
)
def test_a_street_word_and_a_common_word_is_no_address(street, common):
    from transfo_analysis.anonymise._build import build_detector
    from transfo_analysis.config import PseudonymisationSettings

    detector = build_detector(make_corpus({"d": [("R", "texte")]}), PseudonymisationSettings())
    assert detector._common_street(street) is common


@needs_tables
@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        (
            "tablettes aux fonctions simplifiées (Ordissimo, Ardoiz....)",
            "Ordissimo",
            "product list",
        ),
        ("tablettes aux fonctions simplifiées (Ordissimo, Ardoiz....)", "Ardoiz", "product list"),
        (
            "du risque (Gendarme, Militaire, Président de la République)",
            "Gendarme",
            "list of notions",
        ),
        ("parlant le Basque, le Breton, le Catalan", "Breton", "list of notions"),
        (
            "recruter des techniciennes de Laboratoire et des secrétaires",
            "Laboratoire",
            "noun complement",
        ),
        ("95 ans (Phase terminale de Cancer) vivants", "Cancer", "noun complement"),
        # names and towns in the same positions stay
        ("mes enfants (Tadioumane, Zérikou) sont venus", "Zérikou", None),
        ("avec Boucher, Marchand et Petit au guichet", "Boucher", None),
        ("l'hôpital de Sens est loin", "Sens", None),  # a noun that introduces places
        ("la mairie de Sens est loin", "Sens", None),
        ("recruter des techniciennes de Tadioumane", "Tadioumane", None),
        ("recruter des techniciennes de Laboratoire", "Laboratoire", None),  # no lower-case use
    ],
)
def test_phrases_that_show_things(text, word, reason):
    vocabulary = {"cancer": 3, "sens": 40, "gendarme": 2}
    if text.endswith("et des secrétaires"):
        vocabulary["laboratoire"] = 2
    assert junk_reason(text, *span_of(text, word), words=WORDS, vocabulary=vocabulary) == reason
    # transcripts (no vocabulary: sentences not capitalised) keep their capitals as names
    if reason in ("product list", "list of notions", "noun complement"):
        assert junk_reason(text, *span_of(text, word), words=WORDS) != reason


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        (
            "caisses : CARSAT Alsace-Moselle - CNRACL - RAFP - CPR SNCF - ARRCO - IRCANTEC.",
            "Alsace-Moselle - CNRACL - RAFP - CPR SNCF - ARRCO - IRCANTEC",
            "acronym list",
        ),
        ("démarches qualité (type charte Marianne) 2)", "Marianne", "scheme"),
        ("tout le temps.  Nénamoins certains moyens", "Nénamoins", "typo"),
        # names stay names: a surname in capitals beside a body, a first name out of a scheme,
        # a long word near a word the corpus writes once only
        ("avec KEITA CNRACL ARRCO hier", "KEITA CNRACL ARRCO", None),
        ("avec Marianne hier", "Marianne", None),
        ("avec Nénamoins hier", "Nénamoins", None),
    ],
)
def test_lists_of_bodies_schemes_and_long_typos(text, word, reason):
    from transfo_analysis.anonymise._allow import AllowList

    vocabulary = {"neanmoins": 1 if text.startswith("avec") else 2}
    found = junk_reason(
        text, *span_of(text, word), words=WORDS, vocabulary=vocabulary, allow=AllowList([])
    )
    assert found == reason
