"""The trail in REFI-QDA: Notes, Sets and Links written, read back and imported without loss."""

from __future__ import annotations

import zipfile

from lxml import etree

from transfo_analysis.evidence import (
    add_finding,
    add_trail_to_qdpx,
    decide,
    decisions,
    evidence_links,
    findings,
    import_trail_qdpx,
    link_evidence,
    open_trail,
    proposals,
    propose,
)

NS = "urn:QDA-XML:project:1.0"


def _qdpx(path):
    """A minimal project as `transfo qdpx export` writes it: a code and a document source."""
    qde = (
        f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="essai">'
        '<CodeBook><Codes><Code guid="11111111-1111-1111-1111-111111111111" name="Attente" isCodable="true"/>'
        "</Codes></CodeBook><Sources>"
        '<TextSource guid="22222222-2222-2222-2222-222222222222" name="A – dA1" plainTextPath="internal://x.txt">'
        '<Description>{"doc_id": "dA1"}</Description></TextSource></Sources></Project>'
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde)
        zf.writestr("sources/x.txt", "texte")
    return path


def _build(trail):
    f = add_finding(trail, "L'attente pèse", memo="à suivre")
    link_evidence(trail, f, "code:Attente")
    link_evidence(trail, f, "segment:s1[3:9]", comment="le mot")
    link_evidence(trail, f, "topic:0", stance="contredit")
    link_evidence(trail, f, "indicator:A/2023/accueil/accueil/usager", stance="nuance")
    g = add_finding(trail, "Un brouillon")
    p = propose(trail, "Ouvrir le samedi", findings=[f, g], territories=["A"], service="accueil")
    decide(trail, p, "à l'étude", instance="copil", date="2025-01-02", rationale="à voir")
    decide(trail, p, "écartée", instance="conseil", date="2025-02-03", url="https://example.org/d")


def _elements(path, name):
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("project.qde"))
    return root, [e for e in root.iter(f"{{{NS}}}{name}")]


def test_notes_sets_links_in_schema_order_and_not_doubled(trail, tmp_path):
    _build(trail)
    path = _qdpx(tmp_path / "p.qdpx")
    counts = add_trail_to_qdpx(trail, path)
    assert counts == {"notes": 3, "sets": 3, "links": 4}  # code + document links, 2 "repose sur"
    add_trail_to_qdpx(trail, path)  # again: replaced, not doubled
    root, notes = _elements(path, "Note")
    assert len(notes) == 3
    assert [etree.QName(c).localname for c in root] == [
        "CodeBook",
        "Sources",
        "Notes",
        "Links",
        "Sets",
    ]
    _, links = _elements(path, "Link")
    names = sorted(link.get("name") for link in links)
    assert names == ["appuie : code:Attente", "appuie : segment:s1", "repose sur", "repose sur"]
    targets = {link.get("targetGUID") for link in links}
    assert {
        "11111111-1111-1111-1111-111111111111",
        "22222222-2222-2222-2222-222222222222",
    } <= targets
    _, sets = _elements(path, "Set")
    described = [s.findtext(f"{{{NS}}}Description") for s in sets]
    assert "État : étayé" in described[0] and "contredit : 3 personnes" in described[0]
    assert any(d == "Statut : écartée" for d in described)


def test_round_trip_keeps_findings_evidence_proposals_and_decisions(trail, frames, tmp_path):
    _build(trail)
    path = _qdpx(tmp_path / "p.qdpx")
    add_trail_to_qdpx(trail, path)
    with open_trail(tmp_path / "other.sqlite", author="bob", k=3, **frames) as other:
        result = import_trail_qdpx(other, path)
        assert result["problems"] == []
        assert (
            result["findings"],
            result["evidence"],
            result["proposals"],
            result["decisions"],
        ) == (2, 4, 1, 2)

        def view(t):
            links = evidence_links(t).merge(
                findings(t)[["finding_id", "statement"]], on="finding_id"
            )
            return (
                sorted(findings(t)[["statement", "memo"]].itertuples(index=False)),
                sorted(
                    links[["statement", "kind", "target", "start", "end", "stance", "comment"]]
                    .astype(str)
                    .itertuples(index=False)
                ),
                proposals(t)[["statement", "status", "service", "territories"]]
                .astype(str)
                .values.tolist(),
                decisions(t)[
                    ["from_status", "to_status", "instance", "date", "rationale", "url"]
                ].values.tolist(),
            )

        assert view(other) == view(trail)
        assert import_trail_qdpx(other, path)["evidence"] == 0  # loading again adds nothing
