"""Detector tables: text in, text out (no NER: patterns, markup, context and known names)."""

from __future__ import annotations

import pytest

from transfo_analysis.anonymise import find_patterns, pseudonymise_text, pseudonymise_texts
from transfo_analysis.anonymise._fold import fold, trie_regex
from transfo_analysis.anonymise._patterns import iban_ok, nir_key_ok
from transfo_analysis.config import PseudonymisationSettings


@pytest.mark.parametrize(
    ("text_in", "text_out"),
    [
        ("appelez le 06 12 34 56 78 demain", "appelez le [TELEPHONE_1] demain"),
        ("mon portable 0612345678.", "mon portable [TELEPHONE_1]."),
        ("fixe 04.76.12.34.56 ou 04-76-12-34-56", "fixe [TELEPHONE_1] ou [TELEPHONE_1]"),
        ("le +33 6 12 34 56 78 ou le 0033 6 12 34 56 78", "le [TELEPHONE_1] ou le [TELEPHONE_1]"),
        ("au +33 (0)6 12 34 56 78 !", "au [TELEPHONE_1] !"),
        ("le 06 123 456 78 je crois", "le [TELEPHONE_1] je crois"),
        (
            "c'est le zéro six douze trente-quatre cinquante-six soixante-dix-huit",
            "c'est le [TELEPHONE_1]",
        ),
        ("à Bruxelles +32 2 123 45 67", "à Bruxelles [TELEPHONE_1]"),
        ("le 3949 pour Pôle emploi", "le 3949 pour Pôle emploi"),
        ("en 2019 il y avait 45 000 personnes", "en 2019 il y avait 45 000 personnes"),
    ],
)
def test_phones(text_in, text_out):
    assert pseudonymise_text(text_in) == text_out


@pytest.mark.parametrize(
    ("text_in", "text_out"),
    [
        ("écrivez à jean.dupont@mairie-valcourt.fr.", "écrivez à [EMAIL_1]."),
        ("JEAN.DUPONT@Gmail.com et jean.dupont@gmail.com", "[EMAIL_1] et [EMAIL_1]"),
        ("a_b-c+tag@sous.domaine.co.uk", "[EMAIL_1]"),
        ("c'est jean point dupont arobase gmail point com", "c'est [EMAIL_1]"),
        ("on se voit at home", "on se voit at home"),
    ],
)
def test_emails(text_in, text_out):
    assert pseudonymise_text(text_in) == text_out


@pytest.mark.parametrize(
    ("text_in", "text_out"),
    [
        ("NIR 1 85 05 78 006 084 36 voilà", "NIR [NIR_1] voilà"),
        ("numéro 185057800608436.", "numéro [NIR_1]."),
        ("sans clé 2850578006084", "sans clé [NIR_1]"),
        ("corse 1 85 05 2A 006 084 xx", "corse [NIR_1] xx"),
        ("IBAN FR76 3000 6000 0112 3456 7890 189 merci", "IBAN [IBAN_1] merci"),
        ("IBAN FR7630006000011234567890189", "IBAN [IBAN_1]"),
        ("compte allemand DE89 3704 0044 0532 0130 00", "compte allemand [IBAN_1]"),
    ],
)
def test_nir_and_iban(text_in, text_out):
    assert pseudonymise_text(text_in) == text_out


def test_checksums():
    assert nir_key_ok("185057800608491") and nir_key_ok("185052A00608435")
    assert not nir_key_ok("185057800608436")
    assert iban_ok("FR7630006000011234567890189") and not iban_ok("FR7630006000011234567890188")


@pytest.mark.parametrize(
    ("text_in", "text_out"),
    [
        ("j'habite au 12 bis rue des Lilas, 38000 Grenoble", "j'habite au [ADRESSE_1]"),
        ("au 3 place de la mairie on attend", "au [ADRESSE_1] on attend"),
        ("5, avenue Jean Jaurès", "[ADRESSE_1]"),
        ("27 chemin des Vignes", "[ADRESSE_1]"),
        ("2 allée du Parc et 8 impasse Verte", "[ADRESSE_1] et [ADRESSE_2]"),
        ("14 boulevard Gambetta", "[ADRESSE_1]"),
        ("au lieu-dit Les Granges", "au [LIEU_1]"),
        ("envoyez à CAF, 75011 Paris Cedex 11", "envoyez à CAF, [ADRESSE_1]"),
        ("la place de la Mairie", "la place de la Mairie"),
        ("il y a de la place dans la rue", "il y a de la place dans la rue"),
    ],
)
def test_addresses(text_in, text_out):
    assert pseudonymise_text(text_in) == text_out


@pytest.mark.parametrize(
    ("text_in", "text_out"),
    [
        ("voir https://www.exemple.org/page?x=1, merci", "voir [URL_1], merci"),
        ("mon blog monsite.fr/blog.", "mon blog [URL_1]."),
        ("sur www.service-public.fr ou ants.gouv.fr", "sur www.service-public.fr ou ants.gouv.fr"),
        ("plaque AB-123-CD et AB 123 CD", "plaque [PLAQUE_1] et [PLAQUE_1]"),
        ("ancienne plaque 1234 AB 56", "ancienne plaque [PLAQUE_1]"),
    ],
)
def test_urls_and_plates(text_in, text_out):
    assert pseudonymise_text(text_in) == text_out


@pytest.mark.parametrize(
    ("text_in", "text_out"),
    [
        ("Madame Garnier m'a reçue", "Madame [PERSONNE_1] m'a reçue"),
        ("M. Benali et Mme Garnier", "M. [PERSONNE_1] et Mme [PERSONNE_2]"),
        ("je m'appelle Inès Haddad", "je m'appelle [PERSONNE_1]"),
        ("[lex=NP] Jean Dupont [lex=NP] est venu", "[lex=NP] [PERSONNE_1] [lex=NP] est venu"),
        ("<NP>Dupont</NP> aussi", "<NP>[PERSONNE_1]</NP> aussi"),
        ("avec Kofi Mensah à Paris", "avec [PERSONNE_1] à Paris"),
        ("Madame la Maire et Monsieur le Préfet", "Madame la Maire et Monsieur le Préfet"),
        ("à Lyon, à la CAF et à France Travail", "à Lyon, à la CAF et à France Travail"),
        (
            "la pierre est dure mais Pierre est gentil",
            "la pierre est dure mais [PERSONNE_1] est gentil",
        ),
    ],
)
def test_names_from_context(text_in, text_out):
    assert pseudonymise_text(text_in) == text_out


def test_known_names_are_searched_everywhere_and_resolved():
    out = pseudonymise_texts(
        ["Léna Tessandier est venue.", "léna a parlé à TESSANDIER.", "Lena et Tessandierisme."],
        names=["Léna Tessandier"],
    )
    assert out == [
        "[PERSONNE_1] est venue.",
        "[PERSONNE_1] a parlé à [PERSONNE_1].",
        "[PERSONNE_1] et Tessandierisme.",
    ]


def test_names_style_gives_fictional_names_consistently():
    settings = PseudonymisationSettings(style="names")
    out = pseudonymise_texts(
        ["Madame Garnier et Fatoumata Diallo", "Fatoumata revient, Garnier aussi"],
        settings=settings,
    )
    first, second = out
    assert "Garnier" not in first + second and "Fatoumata" not in first + second
    fict = first.split(" et ")[1].split()
    assert second.startswith(fict[0] + " revient")
    assert first.split()[1] == second.split(", ")[1].split()[0]


def test_fold_keeps_length_and_trie_finds_longest():
    text = "Marie-Anne, MARIE anne et Marié"
    assert len(fold(text)) == len(text)
    regex = trie_regex(["marie", "marie anne"])
    assert [m.group() for m in regex.finditer(fold(text))] == ["marie-anne", "marie anne", "marie"]


@pytest.mark.parametrize("text", ["", "   ", "[rire]", "+ ++ XX"])
def test_empty_and_markup_only(text):
    assert pseudonymise_text(text) == text
    assert find_patterns(text) == []


def test_mixed_scripts_and_long_text():
    text = "Привет, 我叫李 ; مرحبا Fatoumata Diallo, appelez le 06 12 34 56 78. " * 2000
    out = pseudonymise_text(text, names=["Fatoumata Diallo"])
    assert "Diallo" not in out and "06 12" not in out
    assert out.count("Привет") == 2000 and out.count("[TELEPHONE_1]") == 2000


def test_idempotent_on_texts():
    texts = [
        "Madame Garnier au 06 12 34 56 78",
        "[PERSONNE_1] et [LIEU_3] restent",
        "j'habite 3 rue des Lilas",
    ]
    once = pseudonymise_texts(texts)
    assert pseudonymise_texts(once) == once
