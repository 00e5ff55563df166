"""The demo's human gold coding: large enough, two coders on a common subset, consistent with the
corpus."""

from __future__ import annotations

import pandas as pd
import pytest

from transfo_analysis.coding import agreement, examined, load_codebook, read_codings_csv
from transfo_analysis.config import open_project
from transfo_analysis.errors import NotReadyError

from .conftest import REPO_DATA

GOLD = REPO_DATA / "gold" / "codage-reference.csv"


@pytest.fixture(scope="module")
def gold() -> pd.DataFrame:
    return read_codings_csv(GOLD, codebook=load_codebook(REPO_DATA / "codebook.yaml"))


def test_gold_size_and_coders(gold):
    coded = gold[gold["code"] != ""]
    per_coder = coded.groupby("coder")["segment_id"].nunique()
    assert per_coder.max() >= 300
    docs = gold["segment_id"].str.split("-").str[0]
    assert docs.nunique() >= 12
    read = examined(gold)
    common = read.groupby("segment_id")["coder"].nunique()
    assert (common >= 2).sum() >= 100 and gold["coder"].nunique() == 2
    assert gold["excerpt"].str.len().gt(0).all()


def test_gold_agreement_is_real_but_imperfect(gold):
    table = agreement(gold, units=examined(gold)).set_index("code")
    alpha = table.loc["(binaire, toutes)", "krippendorff_alpha"]
    assert 0.6 < alpha < 0.95  # two careful readers, with genuine disagreements
    assert (
        table.drop(index=[i for i in table.index if i.startswith("(")])["krippendorff_alpha"] < 1
    ).any()


def test_gold_points_to_the_demo_corpus(gold):
    from transfo_analysis.corpus import load_corpus

    try:
        corpus = load_corpus(open_project(REPO_DATA), stage="interim")
    except NotReadyError:
        pytest.skip("demo corpus not ingested (transfo ingest --project data)")
    segs = corpus.segments.set_index("segment_id")
    assert gold["segment_id"].isin(segs.index).all()
    assert set(segs.loc[gold["segment_id"].unique(), "territory"]) >= {
        "bourg-senac",
        "hautes-combes",
        "sarne",
        "valcourt",
        "valliere",
    }
    assert (segs.loc[gold["segment_id"].unique(), "role"] != "enqueteur").all()
