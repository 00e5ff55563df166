"""The prioritisation view: each theme of cards against interviews (by role) and the barometer."""

from __future__ import annotations

import pandas as pd
import pytest

from transfo_analysis.corpus import ingest
from transfo_analysis.viz.workshops import prioritisation_figure
from transfo_analysis.workshops import card_topics, prioritisation

from .test_themes import _tokens

SHEET = "atelier;id;auteur;profil;texte;votes\n" + "".join(
    f"Remix;c{i};P{i % 6};{'usager' if i % 2 else 'agent'};{text};{votes}\n"
    for i, (text, votes) in enumerate(
        [("Un guichet ouvert le soir", 6), ("Le guichet fermé trop tôt", 4)] * 5
        + [("Des bancs sur les quais", 1), ("Plus de bancs aux quais", 1)] * 5
    )
)
# one interview per person: six users and one agent speak of the guichet, another agent not
INTERVIEWS = {
    f"usager{i}.txt": "Usager : Le guichet ferme trop tôt, c'est un problème." for i in range(6)
}
INTERVIEWS |= {
    "agent1.txt": "Agent : Au guichet on manque de monde.",
    "agent2.txt": "Agent : Rien à dire.",
}


@pytest.fixture(scope="module")
def material(tmp_path_factory):
    folder = tmp_path_factory.mktemp("val")
    (folder / "cartes.csv").write_text(SHEET, encoding="utf-8")
    for name, text in INTERVIEWS.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    corpus, _ = ingest([folder], show_progress=False)
    tokens = _tokens(corpus.segments)
    themes = card_topics(corpus, tokens, n_topics=2, seed=0)
    return corpus, tokens, themes


def test_themes_against_interviews_by_role_with_k(material):
    corpus, tokens, themes = material
    table = prioritisation(corpus, tokens, themes, k=3).set_index("theme_label")
    guichet = table.loc[[t for t in table.index if "guichet" in table.loc[t, "terms"]][0]]
    bancs = table.loc[[t for t in table.index if "banc" in table.loc[t, "terms"]][0]]
    assert guichet["n_cards"] == 10 and guichet["votes_pct"] == pytest.approx(100 * 50 / 60)
    # six users and one agent speak of the guichet: users' share shown, the lone agent's withheld
    assert guichet["n_people"] == 7 and guichet["interview_pct_usager"] == 100
    assert pd.isna(guichet["interview_pct_agent"])
    assert guichet["interview_pct"] == pytest.approx(100 * 7 / 8)
    assert (table["n_turns"] == 8).all()  # the eight interview turns every theme is set against
    # nobody spoke of benches in the interviews: nothing to withhold, and nothing said
    assert pd.isna(bancs["n_people"]) and bancs["interview_pct_usager"] == 0
    assert table.attrs["k"] == 3 and (table["barometer"] == "").all()


def test_barometer_quadrant_of_a_matching_dimension(material):
    corpus, tokens, themes = material
    territory = corpus.segments["territory"].iloc[0]
    service = "transports"  # the cards have no service: every service of the territory counts
    ipa = pd.DataFrame(
        {
            "territory": [territory] * 2,
            "wave": ["2024"] * 2,
            "service": [service] * 2,
            "dimension": ["guichet", "proprete"],
            "quadrant": ["Priorités d'amélioration", "Faible priorité"],
            "suppressed": [False, False],
        }
    )
    table = prioritisation(corpus, tokens, themes, ipa=ipa, k=3)
    assert set(table["barometer"]) == {"guichet : Priorités d'amélioration", ""}
    fig = prioritisation_figure(table).to_dict()
    names = {t["name"] for t in fig["data"]}
    assert names == {"Priorités d'amélioration", "pas d'item du baromètre pour ce thème"}
    assert fig["layout"]["xaxis"]["title"]["text"] == "Part des votes de l'atelier (%)"
    notes = " ".join(a["text"] for a in fig["layout"].get("annotations", []))
    assert "Part des entretiens masquée" in notes  # the benches: fewer than k people
