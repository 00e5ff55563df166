"""Workshop cards and platform proposals become candidate proposals of the trail in one call."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from transfo_analysis import evidence as ev
from transfo_analysis.cli import main
from transfo_analysis.config import open_project
from transfo_analysis.corpus import ingest

# c1 and c3 say the same thing (two tables, two authors); c5 answers c2 (a comment-like card)
SHEET = (
    "atelier;groupe;id;auteur;profil;texte;votes;votants;date;parent\n"
    "Remix;A;c1;Ana;usager;Des horaires élargis le samedi matin;5;Ana, Ana, Bo, Cyr, "
    "Dan;2024-03-02;\n"
    "Remix;A;c2;Bo;agent;Un accueil sans rendez-vous au guichet;3;Bo, Cyr, Dan;2024-03-02;\n"
    "Remix;B;c3;Cyr;agent;Horaires élargis le samedi matin;1;Ana;2024-03-02;\n"
    "Remix;B;c4;Dan;usager;Des bancs dans la salle d'attente;0;;2024-03-02;\n"
    "Remix;B;c5;Eve;usager;Oui, et sans file d'attente;2;Ana, Bo;2024-03-02;c2\n"
)
PROPOSALS = (
    "id;title;body;votes;comments;component/id\n"
    "1;Abri vélos;Un abri fermé devant la gare;12;3;9\n"
    "2;Bancs;Des bancs dans le hall de la gare;0;0;9\n"
)


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "cartes.csv").write_text(SHEET, encoding="utf-8")
    (tmp_path / "decidim").mkdir()
    (tmp_path / "decidim" / "p.csv").write_text(PROPOSALS, encoding="utf-8")
    corpus, _ = ingest([tmp_path / "cartes.csv", tmp_path / "decidim"], show_progress=False)
    return corpus


@pytest.fixture
def trail(tmp_path, corpus):
    frames = {"segments": corpus.segments, "speakers": corpus.speakers}
    with ev.open_trail(tmp_path / "annotations.sqlite", author="ana", k=3, **frames) as t:
        yield t


def _card(corpus, card_id: str) -> str:
    segs = corpus.segments
    return segs.loc[segs["card_id"] == card_id, "segment_id"].item()


def test_each_idea_becomes_one_proposal_resting_on_its_cards_with_their_votes(trail, corpus):
    out = ev.propose_ideas(trail, corpus)
    assert list(out.columns) == list(ev.IDEA_COLUMNS) and out["created"].all()
    # c1 + c3 grouped; c2, c4 and the two platform proposals alone; c5 answers c2: not a proposal
    assert len(out) == 5
    horaires = out[out["segment_ids"].str.contains(_card(corpus, "carte:c1"))].iloc[0]
    assert horaires["n_cards"] == 2 and horaires["votes"] == 6 and horaires["n_voters"] == 5
    assert horaires["statement"] == "Des horaires élargis le samedi matin"  # the most voted card
    assert _card(corpus, "carte:c5") not in ";".join(out["segment_ids"])

    props = ev.proposals(trail).set_index("proposal_id")
    assert len(props) == 5 and set(props["status"]) == {"proposée"}
    assert set(props["author"]) == {"ana"} and props["created"].str.match(r"\d{4}-\d\d-\d\d").all()
    row = props.loc[horaires["proposal_id"]]
    assert row["findings"] == [horaires["finding_id"]]
    assert "2 contribution(s)" in row["memo"] and "votes en tout : 6" in row["memo"]

    links = ev.evidence_links(trail)
    mine = links[links["finding_id"] == horaires["finding_id"]].set_index("target")
    assert set(mine["kind"]) == {"idea"} and set(mine["stance"]) == {"appuie"}
    comment = mine.loc[_card(corpus, "carte:c1"), "comment"]
    assert comment.startswith("votes : 5 ;") and "(usager) le 2024-03-02" in comment
    assert mine.loc[_card(corpus, "carte:c3"), "comment"].startswith("votes : 1 ;")
    finding = ev.findings(trail).set_index("finding_id").loc[horaires["finding_id"]]
    assert finding["statement"] == "Idée d'atelier : Des horaires élargis le samedi matin"
    velo = out[out["statement"].str.startswith("Abri vélos")].iloc[0]
    assert (
        ev.findings(trail)
        .set_index("finding_id")
        .loc[velo["finding_id"], "statement"]
        .startswith("Proposition de la consultation en ligne : Abri vélos")
    )
    # the authors behind an idea count in its strength: two people wrote « horaires élargis »
    force = ev.strength(trail).set_index("finding_id").loc[horaires["finding_id"]]
    assert force["n_respondents_appuie"] == 2 and force["n_usager_appuie"] == 1


def test_running_twice_creates_nothing_twice(trail, corpus):
    first = ev.propose_ideas(trail, corpus)
    counts = [len(ev.proposals(trail)), len(ev.findings(trail)), len(ev.evidence_links(trail))]
    again = ev.propose_ideas(trail, corpus)
    assert not again["created"].any()
    assert again["proposal_id"].tolist() == first["proposal_id"].tolist()
    assert [
        len(ev.proposals(trail)),
        len(ev.findings(trail)),
        len(ev.evidence_links(trail)),
    ] == counts
    # one card per idea afterwards: the grouped cards are already behind a proposal
    each = ev.propose_ideas(trail, corpus, duplicates=False)
    assert not each["created"].any() and len(ev.proposals(trail)) == counts[0]


def test_an_interrupted_run_is_completed_not_duplicated(trail, corpus):
    c4 = _card(corpus, "carte:c4")
    fid = ev.add_finding(trail, "Idée d'atelier : Des bancs dans la salle d'attente")
    ev.link_evidence(trail, fid, f"idea:{c4}")  # the run stopped before its proposal
    out = ev.propose_ideas(trail, corpus).set_index("segment_ids")
    assert out.loc[c4, "finding_id"] == fid and out.loc[c4, "created"]
    assert len(ev.findings(trail)) == 5


def test_min_votes_and_territory(trail, corpus):
    out = ev.propose_ideas(trail, corpus, min_votes=3)
    assert sorted(out["votes"]) == [3, 6, 12]
    assert ev.propose_ideas(trail, corpus, territory="ailleurs").empty


def test_command_line_on_a_project(tmp_path, corpus, capsys):
    (tmp_path / "projet").mkdir()
    project = open_project(tmp_path / "projet")
    corpus.save(project.corpus_dir("processed"))
    args = ["evidence", "ideas", "--project", str(project.root), "--min-votes", "1"]
    assert main([*args, "--author", "Léa"]) == 0
    said = capsys.readouterr().out
    assert "3 propositions candidates créées ; 0 idée déjà dans la piste" in said
    assert "Proposition n°1 (2 cartes, 6 votes) : Des horaires élargis le samedi matin" in said
    assert main(args) == 0
    assert "0 proposition candidate créée ; 3 idées déjà dans la piste" in capsys.readouterr().out
    with sqlite3.connect(project.store_file) as db:
        authors = db.execute(
            "SELECT DISTINCT c.name FROM proposals p JOIN coders c ON c.coder_id = p.author_id"
        ).fetchall()
    assert authors == [("Léa",)]
    assert Path(project.store_file).exists()


@pytest.mark.shared
def test_real_decidim_proposals_become_candidates_once(shared: Path, tmp_path):
    folder = shared / "participation"
    corpus, _ = ingest(
        [
            folder / "mel-propositions-libres.csv",
            folder / "mel-commentaires_propositions_libres.csv",
        ],
        show_progress=False,
    )
    frames = {"segments": corpus.segments, "speakers": corpus.speakers}
    with ev.open_trail(tmp_path / "a.sqlite", author="ana", **frames) as trail:
        out = ev.propose_ideas(trail, corpus, min_votes=5)
        kinds = corpus.segments.set_index("segment_id")["kind"]
        ids = [s for group in out["segment_ids"] for s in group.split(";")]
        assert set(kinds[ids]) == {"proposition"}  # comments never become proposals
        assert len(out) >= 30 and out["created"].all() and (out["votes"] >= 5).all()
        links = ev.evidence_links(trail)
        assert len(links) == len(ids) and set(links["kind"]) == {"idea"}
        # the votes written on each link are the export's
        votes = corpus.segments.set_index("segment_id")["votes"]
        for target, comment in zip(links["target"], links["comment"], strict=True):
            assert comment.startswith(f"votes : {float(votes[target]):g} ;")
        again = ev.propose_ideas(trail, corpus, min_votes=5)
        assert not again["created"].any() and len(ev.proposals(trail)) == len(out)
