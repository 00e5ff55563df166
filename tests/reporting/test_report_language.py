"""Report sentences are French by default, English with ``TRANSFO_LANG=en``, plurals by number."""

from __future__ import annotations

import pandas as pd

from transfo_analysis import reporting as rp
from transfo_analysis.dashboards._html import fewer_people
from transfo_analysis.viz import topic_shares


def _language(monkeypatch, code: str | None) -> None:
    for var in ("TRANSFO_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    if code:
        monkeypatch.setenv("TRANSFO_LANG", code)


def _withheld(k: int) -> pd.DataFrame:
    table = pd.DataFrame({"label": ["Accueil"], "role": ["usager"], "share": [0.5]})
    table.attrs = {"k": k, "withheld_roles": ["elu", "encadrant"]}
    return table


def test_empty_evidence_section_says_why_in_the_reader_language(monkeypatch):
    section = {"proposals": [], "k": 5}
    _language(monkeypatch, None)
    assert rp.voices_to_decisions_markdown(section).data == (
        "*L'équipe n'a encore tiré aucune proposition de ce qui a été entendu sur ce territoire.*"
    )
    _language(monkeypatch, "en")
    assert rp.voices_to_decisions_markdown(section).data == (
        "*The team has not drawn any proposal from what was heard in this territory yet.*"
    )


def test_note_under_a_figure_follows_language_and_number(monkeypatch):
    _language(monkeypatch, None)
    assert topic_shares.withheld_roles_note(_withheld(5)) == (
        "Non montrés (moins de 5 personnes entendues) : élus, encadrants."
    )
    # French: 1 takes the singular — never « moins de 1 personnes »
    assert topic_shares.withheld_roles_note(_withheld(1)) == (
        "Non montrés (moins de 1 personne entendue) : élus, encadrants."
    )
    assert fewer_people(1) == "moins de 1 personne" and fewer_people(2) == "moins de 2 personnes"
    _language(monkeypatch, "en")
    assert topic_shares.withheld_roles_note(_withheld(5)) == (
        "Not shown (fewer than 5 people heard): élus, encadrants."
    )
    assert fewer_people(1) == "fewer than 1 person"
