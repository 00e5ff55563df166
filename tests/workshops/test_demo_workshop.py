"""The demo's Gare Remix workshop and consultation: the template
loads, and roles differ in votes."""

from __future__ import annotations

from pathlib import Path

import pytest

from transfo_analysis.corpus import ingest
from transfo_analysis.workshops import cards, dot_votes, rank_cards, stance_balance

DEMO_DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def demo_workshop():
    files = [
        DEMO_DATA / "raw" / "valcourt" / "ateliers" / "gare-remix-cartes.csv",
        DEMO_DATA / "raw" / "valcourt" / "consultation",
    ]
    corpus, report = ingest(
        files, manifest=DEMO_DATA / "manifest.yaml", project_root=DEMO_DATA, show_progress=False
    )
    return corpus, report


def test_demo_files_load_with_their_readers(demo_workshop):
    corpus, report = demo_workshop
    assert report.formats == {"atelier": 1, "decidim-propositions": 1, "decidim-commentaires": 1}
    assert report.warnings == [] and report.skipped == []
    table = cards(corpus)
    workshop = table[table["kind"] == "carte"]
    assert len(workshop) == 114 and workshop["group"].nunique() == 3
    assert set(corpus.documents["territory"]) == {"valcourt"}
    assert dict(zip(corpus.documents["format"], corpus.documents["method"], strict=True)) == {
        "atelier": "atelier",
        "decidim-propositions": "consultation",
        "decidim-commentaires": "consultation",
    }
    doc = corpus.documents.set_index("format").loc["atelier", "doc_id"]
    roles = corpus.speakers[corpus.speakers["doc_id"] == doc]["role"].value_counts().to_dict()
    assert roles == {"usager": 9, "agent": 6, "encadrant": 3}


def test_demo_dots_normalised_and_roles_differ(demo_workshop):
    corpus, _ = demo_workshop
    votes = dot_votes(corpus)
    per_voter = votes[votes["per_voter"]].groupby("voter_id")["dots"].sum()
    assert sorted(set(per_voter)) == [3, 5, 7]  # unequal dots, normalised to one each
    themes = rank_cards(corpus, by="voter_role", unit="category", n_draws=500)
    workshop = themes[themes["interval"] == "bootstrap"]
    top = workshop[workshop["rank"] == 1].set_index("stratum")["segment_id"].to_dict()
    assert top["usager"] == "Information voyageurs"
    assert top["agent"] in {"Organisation du travail", "Sécurité"}
    share = workshop.pivot_table(index="segment_id", columns="stratum", values="share").fillna(0)
    assert (
        share.loc["Organisation du travail", "agent"]
        > 2 * share.loc["Organisation du travail", "usager"]
    )
    # the users' first theme is first beyond doubt: its interval clears the agents' share
    usager = workshop[workshop["stratum"] == "usager"].set_index("segment_id")
    assert (
        usager.loc["Information voyageurs", "share_lo"]
        > share.loc["Information voyageurs", "agent"]
    )


def test_demo_consultation_stances(demo_workshop):
    corpus, _ = demo_workshop
    balance = stance_balance(corpus)
    props = balance[balance["kind"] == "proposition"]
    assert len(props) == 8 and props["n_comments"].sum() == 50
    assert (props["pour"] + props["contre"] + props["neutre"] == props["n_comments"]).all()
