"""Report tables: key figures, voices by role, cross-territory overviews, with k-suppression."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from transfo_analysis import reporting as rp
from transfo_analysis.errors import ConfigError
from transfo_analysis.viz import corpus as vc


def test_key_figures_count_respondents_not_interviewers(processed_project):
    ctx = rp.open_report(processed_project, "nord")
    kf = dict(zip(*rp.key_figures(ctx).T.values, strict=True))
    assert kf["Documents analysés"] == "8"
    assert kf["Personnes entendues"] == "8"  # 6 usagers + 2 agents; the interviewer is not counted
    assert kf["Prises de parole"] == "16"
    assert kf["Mots prononcés ou écrits"] == "80"


def test_small_groups_are_suppressed_and_marked(processed_project):
    ctx = rp.open_report(processed_project, "nord")
    voices = rp.voices_by_role(ctx).set_index("role")
    # Nord heard 6 users and 2 agents, and its key figures say 8 people, 16 turns, 80 words: with
    # the users shown, the agents would be 8 - 6. The users are masked too (complementary).
    assert voices.loc["usager", "suppressed"] and pd.isna(voices.loc["usager", "n_respondents"])
    assert voices.attrs["n_secondary"] == 3
    assert voices.loc["agent", "suppressed"]
    assert (
        voices.loc["agent", ["n_respondents", "n_segments", "n_words", "words_per_turn"]]
        .isna()
        .all()
    )
    html = rp.french_table(rp.voices_by_role(ctx)).to_html()
    assert (
        "&lt; 5" in html and "Agents" in html and "pour protéger" in html and "<script" not in html
    )


def test_territory_overview_and_roles(processed_project):
    ctx = rp.open_report(processed_project, None)
    over = rp.territories_overview(ctx).set_index("territory")
    assert over.loc["nord", "territory_label"] == "Territoire du Nord"
    assert over.loc["sud", "n_respondents"] == 9 and over.loc["sud", "n_documents"] == 9
    roles = rp.roles_by_territory(ctx).set_index(["territory", "role"])
    assert roles.loc[("sud", "agent"), "n_words"] == 50
    assert pd.isna(roles.loc[("sud", "elu"), "n_words"])  # one élu: withheld
    assert roles.loc[("sud", "elu"), "n_words_total"] == 90
    fig = vc.roles_by_territory(rp.roles_by_territory(ctx))
    names = [t["name"] for t in fig.to_dict()["data"]]
    # Sud: users (3) and the élu (1) masked, agents shown; Nord: users masked with the agents
    assert names == ["Agents", "Masqué (anonymat)"]
    assert pd.isna(roles.loc[("nord", "usager"), "n_words"])


def test_unknown_territory_is_a_clear_error(processed_project):
    with pytest.raises(ConfigError, match="territoires connus : nord, sud"):
        rp.open_report(processed_project, "est")


def test_publish_writes_artifacts_with_sidecars(processed_project, tmp_path):
    out = tmp_path / "artifacts"
    ctx = rp.open_report(processed_project, "sud", output_dir=out)
    shown = ctx.publish("voices_by_role", rp.voices_by_role(ctx), caption="Qui")
    assert "Personnes" in shown.to_html()
    table = pd.read_parquet(out / "voices_by_role.parquet")
    assert set(table["role"]) == {"usager", "agent", "elu"}
    meta = json.loads((out / "voices_by_role.meta.json").read_text())
    assert meta["k"] == 5 and meta["provenance"]["parameters"]["territory"] == "sud"
    fig = ctx.publish("fig_voices", vc.voices_by_role(rp.voices_by_role(ctx)))
    assert isinstance(fig, go.Figure)
    assert json.loads((out / "fig_voices.plotly.json").read_text())["data"][0]["type"] == "bar"


def test_publish_shows_the_first_rows_and_saves_them_all(processed_project, tmp_path):
    out = tmp_path / "artifacts"
    ctx = rp.open_report(processed_project, "sud", output_dir=out)
    table = pd.DataFrame({"proposal": [f"p{i}" for i in range(23)], "supports": range(23, 0, -1)})
    table.attrs["k"] = 5
    shown = ctx.publish("stances", table, caption="Propositions", rows=15).to_html()
    assert "Propositions (les 15 premières lignes sur 23)" in shown
    assert ">p14<" in shown and ">p15<" not in shown
    assert len(pd.read_parquet(out / "stances.parquet")) == 23  # the artifact is whole
    # no caption said when every row is shown
    assert "premières" not in ctx.publish("stances", table.head(4), rows=15).to_html()


def test_without_output_dir_nothing_is_written(processed_project):
    ctx = rp.open_report(processed_project, "sud")
    assert ctx.save("x", pd.DataFrame({"a": [1]})) is None


def test_undated_territories_keep_a_blank_period(processed_project):
    # interviews and answers without a date (a real Grand Débat + CFPP + ESLO project): the
    # synthesis showed « Depuis 0, Jusqu'à 0 »; the period is blank, the counts stay counts
    ctx = rp.open_report(processed_project, None)
    docs = ctx.corpus_all.documents
    docs["date"] = pd.to_datetime(docs["date"])
    docs.loc[docs["territory"] == "nord", "date"] = pd.NaT
    over = rp.territories_overview(ctx).set_index("territory")
    assert pd.isna(over.loc["nord", "first_date"]) and pd.isna(over.loc["nord", "last_date"])
    assert over.loc["nord", "n_documents"] > 0
    assert not pd.isna(over.loc["sud", "first_date"])
    html = rp.french_table(over.reset_index()).to_html()
    assert ">0<" not in html.replace(" ", "") and "NaT" not in html
    nord = html[html.index("Territoire du Nord") :].split("</tr>")[0]
    assert nord.count(">–<") == 2 and "&lt;" not in nord  # blank, not « < k »
