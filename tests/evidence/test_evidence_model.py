"""The model: links to typed targets, refused targets, the status machine, decisions, audit."""

from __future__ import annotations

import pytest

from transfo_analysis.evidence import (
    DecisionError,
    EvidenceError,
    TransitionError,
    UnknownTargetError,
    add_finding,
    audit,
    decide,
    decisions,
    evidence_links,
    link_evidence,
    parse_target,
    proposals,
    propose,
)


def test_parse_target_reads_kind_span_and_scope():
    t = parse_target("segment:D12-ab[10:52]")
    assert (t.kind, t.target, t.start, t.end) == ("segment", "D12-ab", 10, 52)
    w = parse_target("word:attente@role=usager")
    assert (w.kind, w.target, w.scope) == ("word", "attente", "role=usager")
    assert str(parse_target("code:Attente")) == "code:Attente"
    with pytest.raises(EvidenceError, match="type:identifiant"):
        parse_target("Attente")


def test_links_to_each_kind_and_duplicates_once(trail):
    f = add_finding(trail, "L'attente pèse sur les usagers")
    ids = [
        link_evidence(trail, f, "segment:s1[0:9]"),
        link_evidence(trail, f, "code:Attente"),
        link_evidence(trail, f, "topic:0", stance="contredit", comment="en ligne, ça va"),
        link_evidence(trail, f, "indicator:A/2023/accueil/accueil/usager"),
        link_evidence(trail, f, "idea:s5", stance="nuance"),
    ]
    assert link_evidence(trail, f, "code:Attente") == ids[1]  # same link: same row
    links = evidence_links(trail)
    assert links["kind"].tolist() == ["segment", "code", "topic", "indicator", "idea"]
    assert links.loc[2, "stance"] == "contredit" and links.loc[2, "comment"] == "en ligne, ça va"
    assert links.loc[2, "scope"] != ""  # the topic model run is recorded
    assert not links["orphaned"].any()
    assert set(links["author"]) == {"ana"}


@pytest.mark.parametrize(
    "target, named",
    [
        ("segment:nope", "nope"),
        ("code:Inexistant", "Inexistant"),
        ("topic:7", "7"),
        ("indicator:A/2019/accueil/accueil/usager", "A/2019"),
        ("segment:s1[0:500]", "500"),
    ],
)
def test_unknown_target_is_refused_naming_it(trail, target, named):
    f = add_finding(trail, "Un constat")
    with pytest.raises(UnknownTargetError, match="cible inconnue") as err:
        link_evidence(trail, f, target)
    assert named in str(err.value)
    assert evidence_links(trail).empty


def test_link_to_unknown_finding_or_stance_is_refused(trail):
    with pytest.raises(EvidenceError, match="constat n°99 inconnu"):
        link_evidence(trail, 99, "segment:s1")
    f = add_finding(trail, "Un constat")
    with pytest.raises(EvidenceError, match="position inconnue"):
        link_evidence(trail, f, "segment:s1", stance="pour")


def test_status_machine_follows_the_lifecycle(trail):
    p = propose(trail, "Ouvrir l'accueil le samedi")
    assert proposals(trail).loc[0, "status"] == "proposée"
    decide(trail, p, "a l'etude", instance="comité de pilotage", date="2025-03-12")
    decide(
        trail,
        p,
        "retenue",
        instance="conseil municipal",
        date="2025-05-02",
        rationale="demande forte des usagers",
        url="https://example.org/deliberation/12",
    )
    decide(trail, p, "expérimentée", instance="direction", date="2025-09-01")
    decide(trail, p, "généralisée", instance="conseil municipal", date="2026-02-01")
    d = decisions(trail)
    assert d["to_status"].tolist() == ["à l'étude", "retenue", "expérimentée", "généralisée"]
    assert d["from_status"].tolist() == ["proposée", "à l'étude", "retenue", "expérimentée"]
    assert d.loc[1, "url"].endswith("/12")
    assert proposals(trail).loc[0, "status"] == "généralisée"


@pytest.mark.parametrize(
    "path, jump, allowed",
    [
        ([], "retenue", "à l'étude"),
        (["à l'étude"], "généralisée", "retenue, écartée, reportée"),
        (["à l'étude", "retenue"], "généralisée", "expérimentée"),
        (["à l'étude", "écartée"], "à l'étude", "aucune"),
    ],
)
def test_impossible_transition_is_refused_listing_next_states(trail, path, jump, allowed):
    p = propose(trail, "Une piste")
    for i, status in enumerate(path):
        decide(trail, p, status, instance="copil", date=f"2025-01-0{i + 1}")
    with pytest.raises(TransitionError, match="passage refusé") as err:
        decide(trail, p, jump, instance="copil", date="2025-02-01")
    assert allowed in str(err.value)
    assert len(decisions(trail)) == len(path)  # nothing written


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"date": "2025-01-01"}, "instance"),
        ({"instance": "copil"}, "date"),
        ({"instance": "  ", "date": "2025-01-01"}, "instance"),
    ],
)
def test_decision_without_instance_or_date_is_refused(trail, kwargs, field):
    p = propose(trail, "Une piste")
    with pytest.raises(DecisionError, match=f"« {field} » manque"):
        decide(trail, p, "à l'étude", **kwargs)
    with pytest.raises(DecisionError, match="date illisible"):
        decide(trail, p, "à l'étude", instance="copil", date="12 mars")
    assert decisions(trail).empty
    assert proposals(trail).loc[0, "status"] == "proposée"


def test_proposal_needs_known_findings(trail):
    with pytest.raises(EvidenceError, match="constat n°5 inconnu"):
        propose(trail, "Une piste", findings=[5])
    assert proposals(trail).empty


def test_every_change_is_audited_with_author_and_time(trail):
    f = add_finding(trail, "Constat", author="bob")
    link_evidence(trail, f, "segment:s2")
    p = propose(trail, "Piste", findings=[f])
    decide(trail, p, "à l'étude", instance="copil", date="2025-01-01", author="carla")
    a = audit(trail)
    assert a["action"].tolist() == ["create", "link", "create", "decide"]
    assert a["author"].tolist() == ["bob", "ana", "ana", "carla"]
    assert a["time"].str.match(r"^\d{4}-\d\d-\d\dT").all()
    assert '"to": "à l\'étude"' in a.loc[3, "detail"]
