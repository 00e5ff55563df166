"""The evidence widget: a finding from the segments read in the coding panel, evidence attached."""

from __future__ import annotations

from types import SimpleNamespace

from transfo_analysis.evidence import evidence_links, evidence_panel, findings


def test_a_finding_from_the_segments_read_then_more_evidence(trail):
    reading = SimpleNamespace(state=SimpleNamespace(current_id="s1"))
    box = evidence_panel(trail, reading=reading)
    state, buttons, fields = box.state, box.buttons, box.fields
    buttons["keep"].click()
    reading.state.current_id = "s2"
    buttons["keep"].click()
    buttons["keep"].click()  # the same segment twice: kept once
    fields["statement"].value = "On attend au guichet"
    buttons["create"].click()
    assert findings(trail)["statement"].tolist() == ["On attend au guichet"]
    assert evidence_links(trail)["target"].tolist() == ["s1", "s2"]
    assert "créé avec 2 preuves" in state.message and "appuient 2 personnes" in state.message
    assert fields["choose"].value == state.finding_id
    reading.state.current_id = "s6"
    fields["stance"].value = "contredit"
    buttons["current"].click()
    fields["target"].value = "code:Attente"
    fields["stance"].value = "appuie"
    buttons["target"].click()
    links = evidence_links(trail)
    assert links[["target", "stance"]].values.tolist() == [
        ["s1", "appuie"],
        ["s2", "appuie"],
        ["s6", "contredit"],
        ["Attente", "appuie"],
    ]


def test_refusals_become_messages_not_tracebacks(trail):
    box = evidence_panel(trail)
    state, buttons, fields = box.state, box.buttons, box.fields
    buttons["target"].click()
    assert state.message == "Choisissez ou créez d'abord un constat."
    buttons["current"].click()
    assert "Aucun segment affiché" in state.message
    buttons["create"].click()  # empty statement
    assert state.message.startswith("Refusé : constat refusé")
    fields["statement"].value = "Un constat"
    buttons["create"].click()
    fields["target"].value = "code:Inconnu"
    buttons["target"].click()
    assert "Refusé : cible inconnue code:Inconnu" in state.message
    assert evidence_links(trail).empty
