"""Codebook YAML: validation (unique names, parents, cycles, accents), round trip, errors."""

from __future__ import annotations

import unicodedata

import pytest

from transfo_analysis.coding import (
    CodebookError,
    UnknownCodeError,
    codebook_from_dict,
    load_codebook,
    save_codebook,
)
from transfo_analysis.coding._codebook_io import rename
from transfo_analysis.errors import ConfigError

from .conftest import CODEBOOK, REPO_DATA


def test_nested_codebook_orders_parents_first(codebook):
    assert codebook.names[:3] == ["Attente et délais", "Accueil et relation", "Tensions"]
    assert codebook.get("Tensions").parent == "Accueil et relation"
    assert codebook.ancestors("Exclusion numérique") == ["Numérique"]
    assert codebook.descendants("Numérique") == ["Exclusion numérique"]
    assert codebook.path("Tensions") == "Accueil et relation / Tensions"
    frame = codebook.to_frame()
    assert list(frame.loc[frame["code"] == "Tensions", "depth"]) == [1]
    assert frame["colour"].str.match(r"^#[0-9A-F]{6}$").all()


def test_flat_parents_and_accents_are_normalised():
    decomposed = unicodedata.normalize("NFD", "Délais")
    book = codebook_from_dict(
        {"codes": [{"name": "Accès"}, {"name": f"  {decomposed}  ", "parent": "Accès"}]}
    )
    assert "Délais" in book  # NFC, trimmed
    assert book.get("Délais").parent == "Accès"
    assert book.check(["délais"]) == ["Délais"]  # case forgiven


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"codes": [{"name": "Attente"}, {"name": "attente"}]}, "nom de code en double 'attente'"),
        ({"codes": [{"name": "A", "parent": "Z"}]}, "parent inconnu 'Z'"),
        (
            {
                "codes": [
                    {"name": "A", "parent": "B"},
                    {"name": "B", "parent": "C"},
                    {"name": "C", "parent": "A"},
                ]
            },
            "cycle dans la hiérarchie",
        ),
        ({"codes": [{"name": "A", "colour": "bleu"}]}, "n'est pas au format #RRGGBB"),
        ({"codes": [{"name": "A", "definiton": "typo"}]}, "clé inconnue 'definiton'"),
        ({"codes": [{"definition": "no name"}]}, "`name` absent ou vide"),
        (
            {"codes": [{"name": "A", "patterns": [{"LEMMA": "x"}]}]},
            "liste non vide de tables de jetons",
        ),
        (
            {"codes": [{"name": "A", "children": [{"name": "B", "parent": "C"}]}, {"name": "C"}]},
            "contredit sa place",
        ),
        ({"codez": []}, "clé de premier niveau inconnue 'codez'"),
    ],
)
def test_invalid_codebooks_name_the_problem(data, message):
    with pytest.raises(CodebookError, match=message):
        codebook_from_dict(data, source="grille.yaml")


def test_every_problem_is_reported_at_once():
    with pytest.raises(CodebookError) as err:
        codebook_from_dict({"codes": [{"name": "A", "colour": "x"}, {"name": "B", "parent": "Q"}]})
    assert "couleur" in str(err.value) and "parent inconnu" in str(err.value)


def test_unknown_code_suggests_close_names(codebook):
    with pytest.raises(
        UnknownCodeError, match=r"'Attente et delais' \(vouliez-vous dire 'Attente et délais' \?\)"
    ):
        codebook.check(["Attente et delais"])


def test_invalid_yaml_names_file_and_line(tmp_path):
    path = tmp_path / "codebook.yaml"
    path.write_text("codes:\n  - name: A\n    definition: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"codebook.yaml:\d+ : YAML invalide"):
        load_codebook(path)


def test_yaml_round_trip_keeps_everything(tmp_path, codebook):
    path = save_codebook(codebook, tmp_path / "cb.yaml")
    again = load_codebook(path)
    assert again.names == codebook.names
    assert again.get("Exclusion numérique").patterns == codebook.get("Exclusion numérique").patterns
    assert again.families == {"attendre": ("attente", "attendu")}
    assert "é" in path.read_text(encoding="utf-8")  # accents written as such, not escaped


def test_rename_moves_children():
    book = rename(codebook_from_dict(CODEBOOK), "Numérique", "Numérique et dématérialisation")
    assert book.get("Exclusion numérique").parent == "Numérique et dématérialisation"


def test_demo_codebook_is_valid():
    book = load_codebook(REPO_DATA / "codebook.yaml")
    assert 12 <= len(book) <= 25
    assert {"Exclusion numérique", "Prise de rendez-vous en ligne"} <= set(
        book.children("Numérique et dématérialisation")
    )
    for code in book:
        assert code.definition, code.name
        if code.codable:
            assert code.examples and (code.keywords or code.patterns), code.name
