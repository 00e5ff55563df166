"""Cards, near-duplicates, votes and stances on small hand-built workshops and platform exports."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from transfo_analysis.corpus import ingest
from transfo_analysis.errors import ConfigError
from transfo_analysis.workshops import (
    cards,
    dot_votes,
    near_duplicates,
    normalised_words,
    rank_cards,
    stance_balance,
)

# Ana spends 4 dots, all on c1; Bo spreads 2 over c1 and c2; Cyr and Dan put 1 on c2 each.
# Raw dots: c1 = 5, c2 = 3 ; per participant: c1 = 1 + 0.5 = 1.5, c2 = 0.5 + 1 + 1 = 2.5.
SHEET = (
    "atelier;groupe;id;auteur;profil;texte;votes;votants\n"
    "Remix;A;c1;Ana;usager;Des horaires élargis le samedi;5;Ana, Ana, Ana, Ana, Bo\n"
    "Remix;A;c2;Bo;agent;Un accueil sans rendez-vous;3;Bo, Cyr, Dan\n"
    "Remix;B;c3;Cyr;agent;Horaire élargi du samedi;0;\n"
    "Remix;B;c4;Dan;usager;Des bancs dans la salle d'attente;;\n"
)
PROPOSALS = (
    "id;title;body;votes;comments;component/id\n"
    "1;Abri vélos;Devant la gare;12;3;9\n"
    "2;Bancs;Dans le hall;2;0;9\n"
)
COMMENTS = (
    "id;body;author/id;author/name;alignment;depth;commentable_id;commentable_type\n"
    "10;Oui;1;Ana;1;0;1;Decidim::Proposals::Proposal\n"
    "11;Non;2;Bo;-1;0;1;Decidim::Proposals::Proposal\n"
    "12;Bien sûr;3;Cyr;1;1;10;Decidim::Comments::Comment\n"
    "13;Pourquoi ?;4;Dan;0;0;1;Decidim::Proposals::Proposal\n"
)


@pytest.fixture(scope="module")
def workshop(tmp_path_factory):
    folder: Path = tmp_path_factory.mktemp("atelier")
    (folder / "cartes.csv").write_text(SHEET, encoding="utf-8")
    corpus, _ = ingest([folder / "cartes.csv"], show_progress=False)
    return corpus


@pytest.fixture(scope="module")
def platform(tmp_path_factory):
    folder: Path = tmp_path_factory.mktemp("decidim")
    (folder / "p.csv").write_text(PROPOSALS, encoding="utf-8")
    (folder / "c.csv").write_text(COMMENTS, encoding="utf-8")
    corpus, _ = ingest([folder], show_progress=False)
    return corpus


def test_cards_table_resolves_threads(platform):
    table = cards(platform).set_index("card_id")
    assert (
        table.loc["commentaire:12", "parent_segment_id"]
        == table.loc["commentaire:10", "segment_id"]
    )
    assert (
        table.loc["commentaire:12", "root_segment_id"] == table.loc["proposition:1", "segment_id"]
    )
    assert table.loc["proposition:1", "root_segment_id"] == table.loc["proposition:1", "segment_id"]
    assert table.loc["proposition:1", "votes"] == 12
    assert set(table["method"]) == {"consultation"}


def test_dot_votes_normalised_per_participant(workshop):
    votes = dot_votes(workshop)
    spk = workshop.speakers.set_index("label")["speaker_id"]
    ana = votes[votes["voter_id"] == spk["Ana"]]
    assert ana["dots"].tolist() == [4] and ana["weight"].tolist() == [1.0]
    assert votes.groupby("voter_id")["weight"].sum().round(9).eq(1.0).all()
    raw = dot_votes(workshop, normalise=False)
    assert raw.groupby("segment_id")["weight"].sum().sort_values().tolist() == [3.0, 5.0]


def test_rank_cards_normalisation_changes_the_winner(workshop):
    table = cards(workshop).set_index("card_id")
    normalised = rank_cards(workshop, n_draws=500, seed=1).set_index("segment_id")
    raw = rank_cards(workshop, normalise=False, n_draws=500, seed=1).set_index("segment_id")
    c1, c2 = table.loc["carte:c1", "segment_id"], table.loc["carte:c2", "segment_id"]
    assert raw.loc[c1, "rank"] == 1 and normalised.loc[c2, "rank"] == 1
    assert normalised.loc[c2, "score"] == pytest.approx(2.5)
    assert normalised.loc[c2, "share"] == pytest.approx(2.5 / 4)
    row = normalised.loc[c2]
    assert (
        row["share_lo"] <= row["share"] <= row["share_hi"]
        and row["share_hi"] - row["share_lo"] > 0.1
    )
    assert row["interval"] == "bootstrap" and row["n_voters"] == 4
    assert 0.5 < row["p_first"] < 1.0
    again = rank_cards(workshop, n_draws=500, seed=1).set_index("segment_id")
    assert again.loc[c2, "share_lo"] == row["share_lo"]  # seeded


def test_rank_cards_by_role_and_k(workshop):
    by_role = rank_cards(workshop, by="voter_role", n_draws=200)
    assert set(by_role["stratum"]) == {"usager", "agent"}
    usager = by_role[by_role["stratum"] == "usager"].set_index("segment_id")
    c1 = cards(workshop).set_index("card_id").loc["carte:c1", "segment_id"]
    # usagers (Ana, Dan) and agents (Bo, Cyr) did not prioritise the same card
    assert usager.loc[c1, "rank"] == 1
    agent = by_role[by_role["stratum"] == "agent"]
    assert agent.iloc[0]["segment_id"] != c1
    masked = rank_cards(workshop, by="voter_role", n_draws=200, k=3)
    assert masked["masked"].all() and masked["share"].isna().all()
    with pytest.raises(ConfigError, match="regroupement inconnu"):
        rank_cards(workshop, by="couleur")


def test_rank_cards_counts_only_bayes(platform):
    ranked = rank_cards(platform, n_draws=1000)
    assert set(ranked["interval"]) == {"bayes"}
    top = ranked.iloc[0]
    assert top["score"] == 12 and top["share"] == pytest.approx(12 / 14)
    assert top["share_lo"] < 12 / 14 < top["share_hi"] and top["rank"] == 1
    with pytest.raises(ConfigError, match="votants ne sont pas connus"):
        rank_cards(platform, by="voter_role")


def test_stance_balance(platform):
    balance = stance_balance(platform).set_index("text")
    row = balance.loc["Abri vélos. Devant la gare"]
    assert (row["votes"], row["pour"], row["contre"], row["neutre"], row["n_comments"]) == (
        12,
        2,
        1,
        1,
        4,
    )
    assert row["share_for"] == pytest.approx(2 / 3)
    assert row["share_for_lo"] < 2 / 3 < row["share_for_hi"]
    assert balance.loc["Bancs. Dans le hall", "n_comments"] == 0 and np.isnan(
        balance.loc["Bancs. Dans le hall", "share_for_lo"]
    )


def test_near_duplicates_light_normalisation(workshop):
    assert normalised_words("Horaires élargis le samedi") == normalised_words(
        "horaire élargi du Samedi"
    )
    found = near_duplicates(workshop, threshold=0.3).set_index("card_id")
    assert found.loc["carte:c1", "duplicate_group"] == found.loc["carte:c3", "duplicate_group"]
    assert found.loc["carte:c1", "group_size"] == 2
    assert found.loc["carte:c2", "group_size"] == 1 and found.loc["carte:c4", "group_size"] == 1
    assert found.loc["carte:c3", "representative"] == found.loc["carte:c1", "segment_id"]


def test_near_duplicates_with_lemmas(workshop):
    import pandas as pd

    segs = cards(workshop).set_index("card_id")["segment_id"]
    lemmas = {
        "carte:c1": ["horaire", "élargir", "samedi"],
        "carte:c2": ["accueil", "rendez-vous"],
        "carte:c3": ["horaire", "élargir", "samedi"],
        "carte:c4": ["banc", "salle", "attente"],
    }
    tokens = pd.DataFrame(
        [
            {"segment_id": segs[c], "lemma": w, "is_alpha": True, "is_stop": False}
            for c, words in lemmas.items()
            for w in words
        ]
    )
    found = near_duplicates(workshop, tokens=tokens, threshold=0.9).set_index("card_id")
    assert found.loc["carte:c1", "duplicate_group"] == found.loc["carte:c3", "duplicate_group"]
    assert found["group_size"].tolist().count(1) == 2
    assert found.attrs["provenance"]["parameters"]["lemmas"] is True
