"""Themes of cards against the interviews' codes and topics, by role (the prioritisation view)."""

from __future__ import annotations

import pandas as pd
import pytest

from transfo_analysis.coding import codebook_from_dict
from transfo_analysis.corpus import ingest
from transfo_analysis.topics import TopicResult
from transfo_analysis.viz.workshop_evidence import theme_evidence_figure
from transfo_analysis.workshops import (
    card_topics,
    code_vocabulary,
    prioritisation,
    theme_evidence,
)

from .test_prioritisation import SHEET
from .test_themes import _tokens

GUICHET = "Le guichet ferme trop tôt, c'est un problème."
BUS = "Le bus passe en retard le matin, encore et encore."
INTERVIEWS = {f"usager{i}.txt": f"Usager : {GUICHET}" for i in range(6)}
INTERVIEWS |= {f"usager{i}.txt": f"Usager : {BUS}" for i in range(6, 18)}
INTERVIEWS |= {f"agent{i}.txt": "Agent : Au guichet on manque de monde." for i in range(5)}
INTERVIEWS |= {"agent9.txt": "Agent : Rien à dire.", "chef.txt": "Encadrant : Le guichet coûte."}

BOOK = codebook_from_dict(
    {
        "families": {"attendre": ["attente"]},
        "codes": [
            {"name": "Guichet", "keywords": ["ouvrir"]},
            {"name": "Manque de personnel", "keywords": ["effectif"]},
            {"name": "Transports", "keywords": ["bus"]},
            {"name": "Coûts", "keywords": ["attendre"]},
        ],
    }
)


@pytest.fixture(scope="module")
def material(tmp_path_factory):
    folder = tmp_path_factory.mktemp("val")
    (folder / "cartes.csv").write_text(SHEET, encoding="utf-8")
    for name, text in INTERVIEWS.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    corpus, _ = ingest([folder], show_progress=False)
    tokens = _tokens(corpus.segments)
    themes = card_topics(corpus, tokens, n_topics=2, seed=0)
    segs = corpus.segments.assign(
        doc=corpus.segments["doc_id"].map(
            corpus.documents.set_index("doc_id")["source_path"].map(lambda p: p.split("/")[-1])
        )
    )
    said = segs[segs["kind"].isna()].set_index("doc")["segment_id"]
    codings = pd.DataFrame(
        [(said[f"usager{i}.txt"], "Guichet") for i in range(6)]
        + [(said[f"agent{i}.txt"], "Guichet") for i in range(5)]
        + [(said["chef.txt"], "Guichet")]
        + [(said[f"agent{i}.txt"], "Manque de personnel") for i in range(5)]
        + [(said[f"usager{i}.txt"], "Transports") for i in range(6, 18)]
        + [(said["chef.txt"], "Coûts")],
        columns=["segment_id", "code"],
    ).assign(status="accepted")
    return corpus, tokens, themes, codings


def _theme_with(themes, word):
    topics = themes.attrs["topics"]
    return int(topics.loc[topics["terms"].map(lambda ts: word in list(ts)[:5]), "topic"].iloc[0])


def test_codebook_vocabulary_takes_names_keywords_and_families():
    vocab = code_vocabulary(BOOK)
    assert vocab["Guichet"] == {"guichet", "ouvrir"}
    assert vocab["Manque de personnel"] == {"manque", "personnel", "effectif"}
    assert vocab["Coûts"] == {"couts", "attendre", "attente"}


def test_codes_match_a_theme_by_vocabulary_or_by_passages_with_k(material):
    corpus, tokens, themes, codings = material
    table = theme_evidence(corpus, tokens, themes, codings=codings, codebook=BOOK, k=5)
    guichet = table[table["theme"] == _theme_with(themes, "guichet")]
    codes = guichet[guichet["source"] == "code"].set_index(["name", "role"])
    # « Guichet » by its name; « Manque de personnel » by its passages (all five use « guichet »
    # where 12 of 25 turns do); « Transports » (bus) and « Coûts » (one passage) do not match
    assert set(codes.index.get_level_values("name")) == {"Guichet", "Manque de personnel"}
    assert codes.loc[("Guichet", "ensemble"), "match"] == "grille + passages codés"
    assert codes.loc[("Manque de personnel", "ensemble"), "match"] == "passages codés"
    assert codes.loc[("Manque de personnel", "agent"), "shared_terms"] == "guichet"
    assert codes.loc[("Guichet", "usager"), "n_people"] == 6
    assert codes.loc[("Guichet", "usager"), "pct"] == pytest.approx(100 * 6 / 18)
    assert codes.loc[("Manque de personnel", "agent"), "n_segments"] == 5
    assert codes.loc[("Guichet", "ensemble"), "n_people"] == 12
    # the lone manager is blanked, and so is a cell that would give him back as 12 − 6 − 5
    row = codes.loc["Guichet"]
    assert row.loc["encadrant", "suppressed"] and pd.isna(row.loc["encadrant", "n_people"])
    assert row.loc[["usager", "agent"], "suppressed"].sum() == 1
    assert "elu" not in row.index  # no elected official in the scope: no column, nothing to hide
    # nobody is coded under the benches' words
    bancs = table[table["theme"] == _theme_with(themes, "banc")]
    assert bancs[bancs["source"] == "code"].empty
    assert table.attrs["k"] == 5 and table.attrs["provenance"]["parameters"]["lift"] == 2.0


def test_without_codebook_codes_match_by_passages_only(material):
    corpus, tokens, themes, codings = material
    table = theme_evidence(corpus, tokens, themes, codings=codings, k=5)
    assert set(table.loc[table["source"] == "code", "match"]) == {"passages codés"}
    stricter = theme_evidence(corpus, tokens, themes, codings=codings, min_segments=13, k=5)
    assert stricter.empty


def _topics(corpus):
    """A topic model of the interviews: one topic on the guichet, one on buses."""
    segs = corpus.segments[corpus.segments["kind"].isna()]
    topic = segs["text"].map(lambda t: 0 if "guichet" in t else 1 if "bus" in t else -1)
    assignments = segs[["segment_id", "doc_id", "speaker_id", "role", "territory"]].assign(
        unit_id=segs["segment_id"], topic=topic.to_numpy(), modelled=True
    )
    topics = pd.DataFrame(
        {
            "topic": [-1, 0, 1],
            "label": ["hors thème", "guichet · tôt", "bus · retard"],
            "terms": [[], ["guichet", "tôt", "problème"], ["bus", "retard", "matin"]],
            "size": [1, 12, 12],
        }
    )
    empty = pd.DataFrame()
    return TopicResult(topics, assignments, empty, empty, empty)


def test_topics_match_a_theme_by_their_terms_with_shares_by_role(material):
    corpus, tokens, themes, codings = material
    table = theme_evidence(corpus, tokens, themes, topics=_topics(corpus), k=5)
    assert set(table["source"]) == {"topic"}
    guichet = table[table["theme"] == _theme_with(themes, "guichet")].set_index("role")
    assert guichet["name"].str.startswith("guichet · tôt").all()  # the bus topic does not match
    assert guichet.loc["usager", "pct"] == pytest.approx(100 * 6 / 18)
    assert guichet.loc["ensemble", "n_people"] == 12
    assert guichet.loc["ensemble", "pct"] == pytest.approx(100 * 12 / 25)
    # the lone manager's turn is blanked, and the agents' (12 − 6 − 5 would give him back)
    assert guichet.loc["encadrant", "suppressed"] and pd.isna(guichet.loc["encadrant", "pct"])
    assert guichet.loc["agent", "suppressed"] and pd.isna(guichet.loc["agent", "n_people"])
    assert guichet.loc["ensemble", "shared_terms"] == "guichet"
    bancs = table[table["theme"] == _theme_with(themes, "banc")]
    assert bancs.empty


def test_prioritisation_lists_codes_and_topics_and_keeps_the_barometer(material):
    corpus, tokens, themes, codings = material
    evidence = theme_evidence(
        corpus, tokens, themes, codings=codings, codebook=BOOK, topics=_topics(corpus), k=5
    )
    table = prioritisation(corpus, tokens, themes, evidence=evidence, k=5).set_index("theme")
    row = table.loc[_theme_with(themes, "guichet")]
    assert row["codes"] == "Guichet (12 personnes); Manque de personnel (5 personnes)"
    assert row["topics"].startswith("guichet · tôt") and row["topics"].endswith("(12 personnes)")
    assert table.loc[_theme_with(themes, "banc"), "codes"] == ""
    assert (table["barometer"] == "").all() and "interview_pct_usager" in table


def test_figure_shows_codes_and_topics_by_profile_never_a_blanked_cell(material):
    corpus, tokens, themes, codings = material
    evidence = theme_evidence(
        corpus, tokens, themes, codings=codings, codebook=BOOK, topics=_topics(corpus), k=5
    )
    figure = theme_evidence_figure(evidence)
    assert len(figure.data) == 2
    codes, topics = figure.data
    assert list(codes.x[:3]) == ["Tous", "Usagers", "Agents"]
    assert any("Guichet" in y for y in codes.y) and all("▸" in y for y in codes.y)
    for trace in figure.data:
        for z_row, text_row in zip(trace.z, trace.text, strict=True):
            for z, text in zip(z_row, text_row, strict=True):
                # a blanked cell is never coloured, a coloured one is never « < k »
                assert text == "" or (text == "< k") == bool(pd.isna(z))
    assert "< k" in sum(codes.text, []) and "12" in sum(codes.text, [])
    assert sum(topics.text, [])[:2] == ["48 %", "33 %"]  # of all turns, of the users' turns
    fig = figure.to_dict()
    titles = [a["text"] for a in fig["layout"]["annotations"]]
    assert titles[0].startswith("Codes des entretiens") and titles[1].startswith("Sujets")
    assert fig["layout"]["title"]["text"].startswith("Thèmes des cartes")
