"""« Des voix aux décisions » in the reports: proposals,
decisions, published findings only, k rule."""

from __future__ import annotations

from transfo_analysis import reporting as rp
from transfo_analysis.evidence import add_finding, decide, link_evidence, open_trail, propose

# processed_project: nord has 6 usagers (D001–D006) and 2 agents (D007–D008); sud has 3 usagers
# (D009–D011), 5 agents (D012–D016) and 1 élu (D017); k = 5; each respondent's turn is "-b"


def _trail(root):
    with open_trail(root, author="ana") as t:
        f1 = add_finding(t, "On attend trop au guichet")
        for n in range(1, 7):
            link_evidence(t, f1, f"segment:D{n:03d}-b[3:9]")
        link_evidence(
            t, f1, "segment:D017-b", stance="contredit", comment="l'élu n'est pas d'accord"
        )
        f2 = add_finding(t, "Les agents de nord sont débordés")
        link_evidence(t, f2, "segment:D007-b")
        link_evidence(t, f2, "segment:D008-b")
        p1 = propose(t, "Ouvrir un second guichet", findings=[f1, f2], territories=["nord"])
        decide(t, p1, "à l'étude", instance="comité de pilotage", date="2025-03-01")
        decide(
            t,
            p1,
            "écartée",
            instance="conseil",
            date="2025-04-01",
            rationale="budget",
            url="https://example.org/d/1",
        )
        propose(t, "Former les agents de sud", findings=[f1], territories=["sud"])


def test_territory_section_shows_proposals_decisions_and_only_supported_findings(processed_project):
    _trail(processed_project)
    ctx = rp.open_report(processed_project, "nord")
    section = rp.voices_to_decisions(ctx)
    assert [p["statement"] for p in section["proposals"]] == ["Ouvrir un second guichet"]
    p = section["proposals"][0]
    assert p["status"] == "écartée" and p["territories"] == ["Territoire du Nord"]
    assert [d["to"] for d in p["decisions"]] == ["à l'étude", "écartée"]
    assert [f["statement"] for f in p["findings"]] == ["On attend trop au guichet"]
    assert p["withheld"] == 1 and section["withheld"] == 1  # 2 agents < k: fragile, not shown
    f = p["findings"][0]
    assert f["strength"]["respondents"] == 6
    assert f["strength"]["by_role"] == {"usagers": 6, "agents": 0, "encadrants": 0, "élus": 0}
    assert f["strength"]["contradicting"] is None  # one élu: below k, withheld
    assert len(f["quotes"]) == 3 and {q["text"] for q in f["quotes"]} == {"attend"}
    assert {q["territory_label"] for q in f["quotes"]} == {"Territoire du Nord"}
    # the contradicting evidence is shown, but the lone élu's words and group are not
    [c] = f["contradicting"]
    assert c["quote"] is None and "moins de 5" in c["description"]
    text = rp.voices_to_decisions_markdown(section).data
    assert "Statut : écartée" in text and "Motif : budget" in text
    assert "Ce qui va dans l'autre sens" in text and "l'élu" not in text
    assert (
        "débordés" not in text
        and "1 constat non publié : il repose sur moins de 5 personnes" in text
    )
    assert "D00" not in text  # no segment id leaves


def test_synthesis_section_lists_every_territory_and_nothing_without_a_store(processed_project):
    ctx = rp.open_report(processed_project, None)
    assert rp.voices_to_decisions(ctx)["proposals"] == []
    text = rp.voices_to_decisions_markdown(rp.voices_to_decisions(ctx)).data
    assert "n'a encore tiré aucune proposition" in text
    _trail(processed_project)
    section = rp.voices_to_decisions(rp.open_report(processed_project, None))
    assert [p["status"] for p in section["proposals"]] == ["écartée", "proposée"]
