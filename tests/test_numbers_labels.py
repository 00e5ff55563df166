"""The one French number formatter and the one module of French labels."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from transfo_analysis import labels
from transfo_analysis.numbers import count_of, fewer_than, fr_number, fr_share, plural

SRC = Path(__file__).resolve().parents[1] / "src" / "transfo_analysis"


@pytest.mark.parametrize(
    ("value", "options", "text"),
    [
        (34851, {}, "34\u202f851"),
        (np.int64(1234567), {}, "1\u202f234\u202f567"),
        (3.25, {"decimals": 1}, "3,2"),
        (-1234.5, {"decimals": 1}, "-1\u202f234,5"),
        (-0.01, {}, "0"),
        (0.625, {"decimals": 1, "percent": True}, "62,5\u202f%"),
        (float("nan"), {}, "–"),
        (None, {}, "–"),
        (pd.NA, {}, "–"),
        (np.bool_(True), {}, "oui"),
        ("< 5", {}, "< 5"),
    ],
)
def test_french_numbers(value, options, text):
    assert fr_number(value, **options) == text


def test_shares_plurals_and_the_k_wording():
    assert fr_share(0.004, decimals=1) == "0,4\u202f%"
    assert fr_share(1) == "100\u202f%"
    assert [plural(n, "personne") for n in (0, 1, 2, 1.5)] == [
        "personne",
        "personne",
        "personnes",
        "personne",
    ]
    assert count_of(1, "mot") == "1 mot" and count_of(12000, "mot") == "12\u202f000 mots"
    assert fewer_than(5) == "moins de 5 personnes"
    assert fewer_than(12000) == "moins de 12\u202f000 personnes"
    # k = 1 masks only empty groups: never « moins de 1 personne(s) »
    assert fewer_than(1) == "aucune personne"
    assert fewer_than(2, "respondent") == "moins de 2 répondants"
    assert fewer_than(1, "respondent") == "aucun répondant"
    assert fewer_than(None) == "trop peu de personnes"
    assert fewer_than(None, "respondent") == "trop peu de répondants"


def test_the_k_wording_in_english_and_a_bad_noun(monkeypatch):
    monkeypatch.setenv("TRANSFO_LANG", "en")
    assert fewer_than(5) == "fewer than 5 people"
    assert fewer_than(1, "respondent") == "no respondent"
    assert fewer_than(None, "respondent") == "too few respondents"
    with pytest.raises(ValueError, match="person, respondent"):
        fewer_than(5, "répondant")


def test_one_home_for_labels():
    from transfo_analysis import barometer, viz
    from transfo_analysis.viz import satisfaction

    assert labels.dimension_label("qualite_du_service") == "Qualité du service"
    assert barometer.dimension_label is labels.dimension_label
    assert viz.role_label is labels.role_label and viz.ROLE_LABELS is labels.ROLE_LABELS
    table = pd.DataFrame({"dimension": ["qualite_du_service"]})
    assert satisfaction.criterion_label("qualite_du_service", table) == "Qualité du service"
    assert labels.dimension_label("temps_attente") == "Temps attente"
    assert labels.dimension_label("x", labels={"x": "Nom du projet"}) == "Nom du projet"
    assert labels.service_label(float("nan")) == labels.UNSPECIFIED_SERVICE
    assert labels.service_label("eau", labels={"eau": "Eau potable"}) == "Eau potable"


def _defined_dicts(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def test_no_copy_of_the_labels_or_the_formatter_elsewhere():
    """The drift of issue 15: a second dictionary of role, criterion or type labels, or French
    thousands written by hand, comes back only through this test failing."""
    shared = {"ROLE_LABELS", "DIMENSION_LABELS", "RESPONDENT_TYPE_LABELS", "TYPE_LABELS"}
    for path in SRC.rglob("*.py"):
        if path.name in ("labels.py", "numbers.py"):
            continue
        assert not (_defined_dicts(path) & shared), path
        text = path.read_text(encoding="utf-8")
        assert '.replace(",", "\\u202f")' not in text, path


def test_numbers_follow_the_language(monkeypatch):
    # French by default: narrow no-break spaces, decimal comma, « oui »
    assert fr_number(12345.5, decimals=1) == "12\u202f345,5"
    assert fr_number(True) == "oui"
    monkeypatch.setenv("TRANSFO_LANG", "en")
    assert fr_number(12345.5, decimals=1) == "12,345.5"
    assert fr_number(0.425, percent=True) == "42%"
    assert fr_number(-0.0001, decimals=2) == "0.00"
    assert fr_number(False) == "no"
    assert fewer_than(1234) == "fewer than 1,234 people"
