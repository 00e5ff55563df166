"""Frequencies, crosstabs, co-occurrence, quotes and exports, with real assertions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from transfo_analysis.coding import (
    code_crosstab,
    code_frequencies,
    cooccurrence,
    cooccurrence_pairs,
    export_coded_segments,
    quotes,
)
from transfo_analysis.corpus import Corpus
from transfo_analysis.errors import ConfigError

ROWS = [
    ("D1-t1", "Attente et délais", "ana"),
    ("D1-t1", "Attente et délais", "bob"),
    ("D1-t3", "Numérique", "ana"),
    ("D1-t5", "Attente et délais", "ana"),
    ("D1-t5", "Accueil et relation", "ana"),
    ("D2-t1", "Tensions", "ana"),
    ("D2-t2", "Attente et délais", "ana"),
    ("D3-t1", "Coût", "ana"),
    ("D3-t1", "Mobilité", "ana"),
    ("D3-t2", "Attente et délais", "ana"),
    ("D3-t2", "Mobilité", "ana"),
    ("D3-t2", "Coût", "ana"),
]


@pytest.fixture
def codings() -> pd.DataFrame:
    c = pd.DataFrame(ROWS, columns=["segment_id", "code", "coder"]).assign(
        status="accepted", origin="manual", confidence=np.nan
    )
    # a suggestion and a rejected coding are never counted
    extra = pd.DataFrame(
        [("D2-t3", "Coût", "ana", "suggested"), ("D2-t3", "Mobilité", "ana", "rejected")],
        columns=["segment_id", "code", "coder", "status"],
    ).assign(origin="rule", confidence=0.5)
    return pd.concat([c, extra], ignore_index=True)


def test_frequencies_overall_and_by_territory(corpus, codings, codebook):
    f = code_frequencies(corpus, codings, codebook=codebook).set_index("code")
    assert f.loc["Attente et délais", ["n_segments", "n_documents", "n_respondents"]].tolist() == [
        4,
        3,
        3,
    ]
    assert f.loc["Attente et délais", "pct_respondents"] == pytest.approx(
        75.0
    )  # 3 of the 4 respondents
    assert "Propositions" not in f.index and f.index[0] == "Attente et délais"
    by = code_frequencies(corpus, codings, by="territory").set_index(["territory", "code"])
    assert by.loc[("valcourt", "Attente et délais"), "n_segments"] == 3
    assert by.loc[("valcourt", "Attente et délais"), "pct_respondents"] == pytest.approx(100.0)
    assert by.loc[("sarne", "Attente et délais"), "pct_respondents"] == pytest.approx(50.0)
    assert not by["suppressed"].any()


def test_frequencies_k_suppressed_for_stakeholders(corpus, codings):
    f = code_frequencies(corpus, codings, by="territory", k=3).set_index(["territory", "code"])
    assert f["suppressed"].all()  # no territory reaches 3 respondents for any code
    assert f["n_segments"].isna().all() and f["n_respondents"].isna().all()
    overall = code_frequencies(corpus, codings, k=3).set_index("code")
    assert (
        overall.loc["Attente et délais", "n_segments"] == 4
        and overall["suppressed"].sum() == len(overall) - 1
    )


def test_rollup_counts_sub_codes_for_their_parents(corpus, codings, codebook):
    f = code_frequencies(corpus, codings, codebook=codebook, rollup=True).set_index("code")
    assert (
        f.loc["Accueil et relation", "n_segments"] == 2
    )  # D1-t5 itself and D2-t1 through "Tensions"


def test_crosstab_matches_scipy(corpus, codings, codebook):
    ct = code_crosstab(corpus, codings, by="territory", codebook=codebook)
    observed = ct.pivot(index="code", columns="territory", values="observed")
    chi2, p, dof, _ = stats.chi2_contingency(observed.to_numpy(), correction=False)
    assert ct.attrs["test"]["chi2"] == pytest.approx(chi2) and ct.attrs["test"]["dof"] == dof
    resid = ct.set_index(["code", "territory"])["residual"]
    assert resid[("Tensions", "valcourt")] > 0 > resid[("Tensions", "sarne")]
    assert resid[("Coût", "sarne")] > 0
    pct = ct[ct["territory"] == "sarne"]["pct"].sum()
    assert pct == pytest.approx(100.0)
    by_resp = code_crosstab(corpus, codings, by="role", unit="respondent").set_index(
        ["code", "role"]
    )
    assert by_resp.loc[("Attente et délais", "usager"), "observed"] == 2


def test_crosstab_k_suppression(corpus, codings):
    ct = code_crosstab(corpus, codings, by="territory", k=2)
    assert ct.loc[ct["suppressed"], "observed"].isna().all()
    assert ct.loc[~ct["suppressed"] & (ct["n_respondents"] >= 2), "observed"].notna().all()


def test_cooccurrence_in_segment_window_and_document(corpus, codings):
    seg = cooccurrence(corpus, codings)
    assert seg.loc["Attente et délais", "Attente et délais"] == 4
    assert (
        seg.loc["Attente et délais", "Accueil et relation"] == 1
        and seg.loc["Coût", "Mobilité"] == 2
    )
    assert (seg.to_numpy() == seg.to_numpy().T).all()
    win = cooccurrence(corpus, codings, scope="window", window=2)
    assert win.loc["Attente et délais", "Numérique"] == 2  # D1 turns 1-3 and 5-3
    assert win.loc["Coût", "Mobilité"] == 4 and win.loc["Mobilité", "Mobilité"] == 2
    doc = cooccurrence(corpus, codings, scope="document")
    assert (
        doc.loc["Attente et délais", "Tensions"] == 1
        and doc.loc["Attente et délais", "Attente et délais"] == 3
    )
    jac = cooccurrence(corpus, codings, measure="jaccard")
    assert jac.loc["Coût", "Mobilité"] == pytest.approx(1.0) and jac.loc[
        "Attente et délais", "Coût"
    ] == pytest.approx(1 / 5)
    edges = cooccurrence_pairs(seg)
    assert edges.iloc[0][["code_a", "code_b", "weight"]].tolist()[2] == 2
    with pytest.raises(ValueError, match="scope"):
        cooccurrence(corpus, codings, scope="paragraph")


def test_quotes_ranked_diverse_and_suppressed(corpus, codings):
    q = quotes(corpus, codings, "Attente et délais", n=3)
    assert q["segment_id"].tolist()[0] == "D1-t1"  # two coders agree on it
    assert "D1-t5" not in q["segment_id"].tolist()  # same respondent as D1-t1, others first
    assert q["rank"].tolist() == [1, 2, 3] and q["text"].str.len().gt(0).all()
    assert {"doc_id", "role", "territory", "speaker_id"} <= set(q.columns)
    safe = quotes(corpus, codings, "Attente et délais", n=3, k=2, group_by=("territory",))
    assert safe.set_index("segment_id").loc["D3-t2", "suppressed"] == np.False_
    masked = quotes(corpus, codings, "Attente et délais", n=3, k=3)
    assert masked["suppressed"].all() and masked["text"].str.startswith("[citation masquée").all()


def test_stakeholder_quotes_need_the_pseudonymised_corpus(corpus, codings):
    raw = Corpus(
        documents=corpus.documents,
        speakers=corpus.speakers,
        segments=corpus.segments,
        meta={"pseudonymised": False},
    )
    with pytest.raises(ConfigError, match="pseudonymisé"):
        quotes(raw, codings, "Coût", k=5)
    assert len(quotes(raw, codings, "Coût")) == 2  # the researcher's own view is allowed


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_coded_segments(tmp_path, corpus, codings, codebook, suffix):
    path = export_coded_segments(
        codings.assign(start=pd.NA, end=pd.NA),
        corpus.segments,
        tmp_path / f"codes{suffix}",
        codebook=codebook,
    )
    table = pd.read_csv(path) if suffix == ".csv" else pd.read_excel(path, sheet_name=None)
    if suffix == ".xlsx":
        assert set(table) == {"segments codés", "grille de codage"}
        table = table["segments codés"]
    assert len(table) == len(ROWS) and "code_path" in table and table["text"].notna().all()
    identifying = export_coded_segments(
        codings, corpus.segments, tmp_path / f"brut{suffix}", pseudonymised=False
    )
    assert identifying.name == f"brut-IDENTIFIANT{suffix}"
    with pytest.raises(ConfigError, match="format d'export inconnu"):
        export_coded_segments(codings, corpus.segments, tmp_path / "codes.json")
