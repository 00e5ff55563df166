"""Report tables on the prepared demo project: every published number rests on at least k people."""

from __future__ import annotations

import pandas as pd
import pytest

from transfo_analysis import reporting as rp
from transfo_analysis.viz import coding, topic_shares

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ctx(prepared_demo):
    return rp.open_report(prepared_demo, "sarne")


def _respects_k(table: pd.DataFrame, k: int) -> None:
    shown = table[~table["suppressed"].astype(bool)]
    assert (shown["n_respondents"] >= k).all()
    hidden = table[table["suppressed"].astype(bool)]
    assert hidden["n_respondents"].isna().all()


def test_topics_by_role_respects_k_and_names_withheld_roles(ctx):
    table = rp.topics_by_role(ctx)
    assert len(table) and set(table["role"]) <= {"usager", "agent", "encadrant", "elu"}
    _respects_k(table, ctx.k)
    assert "encadrant" in table.attrs["withheld_roles"]  # one manager interviewed in the Sarne
    shares = table.dropna(subset=["share"])
    assert shares["share"].between(0, 1).all()
    fig = topic_shares.by_role(table).to_dict()
    assert {t["name"] for t in fig["data"]} <= {"Usagers", "Agents"}
    assert "encadrants" in fig["layout"]["annotations"][0]["text"]


def test_top_codes_quotes_and_specific_words(ctx):
    codes = rp.top_codes(ctx)
    _respects_k(codes, ctx.k)
    overall = codes[codes["role"] == "tous"]
    assert (~overall["suppressed"]).sum() >= 5  # the team coded the survey answers: codes show
    quotes = rp.report_quotes(ctx)
    assert len(quotes) and quotes["text"].is_unique
    assert quotes.loc[~quotes["suppressed"], "text"].str.len().min() > 20
    assert (
        not quotes["text"].str.contains(r"@|\b0[1-9](?:[ .]?\d{2}){4}\b").any()
    )  # no raw e-mail or phone
    words = rp.specific_words(ctx)
    assert set(words["role"]) == {"usager", "agent"} and (words["score"] > 0).all()
    assert not words["lemma"].str.contains("PERSONNE|LIEU").any()


def test_synthesis_tables(prepared_demo):
    ctx = rp.open_report(prepared_demo, None)
    codes = rp.codes_by_territory(ctx)
    _respects_k(codes, ctx.k)
    assert codes["territory"].nunique() == 5
    topics = rp.topics_by_territory(ctx)
    _respects_k(topics, ctx.k)
    fig = coding.codes_by_territory_heatmap(codes).to_dict()
    texts = [t for row in fig["data"][0]["text"] for t in row]
    assert any(t == "masqué" for t in texts) == codes["suppressed"].any()
    satisfaction = rp.barometer_satisfaction(ctx)
    assert satisfaction["territory"].nunique() == 5
    assert satisfaction["satisfaction"].dropna().between(0, 1).all()


def test_topics_by_role_when_every_role_is_withheld(prepared_demo):
    # a territory where every role is heard by fewer than k people (two ESLO interviews in a real
    # project): an empty table saying so, not a TypeError on an empty frame
    import dataclasses

    from transfo_analysis.config import open_project

    project = open_project(prepared_demo)
    disclosure = project.settings.disclosure.model_copy(update={"k": 10_000})
    project = dataclasses.replace(
        project, settings=project.settings.model_copy(update={"disclosure": disclosure})
    )
    table = rp.topics_by_role(
        rp.ReportContext(project=project, territory="sarne", output_dir=None, seed=42)
    )
    assert table.empty
    assert "usager" in table.attrs["withheld_roles"]
