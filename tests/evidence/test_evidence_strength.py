"""Strength counted by hand on the fixture; the k rule; orphaned evidence after a re-ingest."""

from __future__ import annotations

from transfo_analysis.evidence import (
    add_finding,
    evidence_links,
    evidence_table,
    link_evidence,
    open_trail,
    orphaned_evidence,
    propose,
    strength,
)


def _build(trail):
    f = add_finding(trail, "Les usagers attendent trop")
    link_evidence(trail, f, "code:Attente")  # s1–s4 (+ the interviewer's s0, never counted)
    link_evidence(trail, f, "indicator:A/2023/accueil/accueil/usager")
    link_evidence(trail, f, "topic:0", stance="contredit")  # s6, s7, s8
    g = add_finding(trail, "Les élus ont recruté")
    link_evidence(trail, g, "segment:s9")
    h = add_finding(trail, "Un brouillon sans preuve")
    i = add_finding(trail, "Le baromètre de B dit tout va bien")
    link_evidence(trail, i, "indicator:B/2023/accueil/accueil/usager")  # suppressed: 3 < k
    return f, g, h, i


def test_strength_counts_people_documents_territories_by_role(trail):
    f, g, h, i = _build(trail)
    s = strength(trail).set_index("finding_id")
    row = s.loc[f]
    # u3 speaks in dA2 and dA3 but is one person; the interviewer's turn is not a voice
    assert row["n_respondents_appuie"] == 3
    assert row["n_documents_appuie"] == 3
    assert row["n_territories_appuie"] == 1
    assert (row["n_usager_appuie"], row["n_agent_appuie"]) == (3, 0)
    assert row["n_survey_appuie"] == 120
    assert "moyenne 2,4 (120 répondants)" in row["figures"]
    assert row["n_respondents_contredit"] == 3
    assert row["n_documents_contredit"] == 2
    assert (row["n_usager_contredit"], row["n_agent_contredit"]) == (2, 1)
    assert row["n_respondents_nuance"] == 0
    assert row["state"] == "étayé" and not row["fragile"]
    assert s.loc[g, "n_elu_appuie"] == 1


def test_k_rule_marks_fragile_and_drafts_and_withholds_them_from_stakeholders(trail):
    f, g, h, i = _build(trail)
    s = strength(trail).set_index("finding_id")
    assert s.loc[g, "state"] == "fragile"  # one person < k = 3
    assert s.loc[h, "state"] == "brouillon"
    assert s.loc[i, "state"] == "fragile"  # a suppressed barometer cell supports nothing
    # per territory: in B, nobody supports f (its voices and its barometer figure are A's)
    assert strength(trail, territory="B").set_index("finding_id").loc[f, "state"] == "fragile"
    propose(trail, "Renforcer l'accueil", findings=[f, g, h])
    table = evidence_table(trail, stakeholder=True)
    shown = set(table["constat"])
    assert "Les usagers attendent trop" in shown
    assert not shown & {
        "Les élus ont recruté",
        "Un brouillon sans preuve",
        "Le baromètre de B dit tout va bien",
    }
    assert table.attrs["withheld"] == 3
    assert (table["constat"].str.startswith("constat non publié")).sum() == 3
    assert "segment_id" not in table and "debut" not in table
    research = evidence_table(trail)
    assert "Les élus ont recruté" in set(research["constat"])
    assert "s9" in set(research["segment_id"].dropna())


def test_orphaned_evidence_after_a_reingest_is_reported_never_dropped(tmp_path, frames):
    path = tmp_path / "annotations.sqlite"
    with open_trail(path, author="ana", k=1, **frames) as t:
        f = add_finding(t, "Constat cité")
        link_evidence(t, f, "segment:s1[0:9]")
        link_evidence(t, f, "segment:s2")
        link_evidence(t, f, "segment:s3")
        assert strength(t).loc[0, "n_respondents_appuie"] == 3
    # re-ingest: s1 is gone, s2 kept its id but its text changed, s3 untouched
    segs = frames["segments"]
    segs = segs[segs["segment_id"] != "s1"].copy()
    segs.loc[segs["segment_id"] == "s2", "text"] = "Texte corrigé après réécoute."
    with open_trail(path, author="ana", k=1, **(frames | {"segments": segs})) as t:
        orphans = orphaned_evidence(t)
        assert orphans["target"].tolist() == ["s1", "s2"]
        assert "n'est plus dans le corpus" in orphans.loc[0, "problem"]
        assert "a changé" in orphans.loc[1, "problem"]
        assert len(evidence_links(t)) == 3  # kept, not dropped
        row = strength(t).iloc[0]
        assert (row["n_orphaned"], row["n_respondents_appuie"]) == (2, 1)
        research = evidence_table(t)
        assert research["orpheline"].astype(bool).sum() == 2
        assert set(research["segment_id"]) == {"s1", "s2", "s3"}  # not re-pointed
        assert len(evidence_table(t, stakeholder=True)) == 1  # orphans never published
