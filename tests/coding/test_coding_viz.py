"""Figures of the coding step: plotly figures built from the analysis frames, inspected as dicts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from transfo_analysis.coding import agreement, code_crosstab, code_frequencies, cooccurrence
from transfo_analysis.viz.coding import (
    agreement_bar,
    code_frequency_bar,
    cooccurrence_heatmap,
    cooccurrence_network,
    crosstab_heatmap,
)

from .test_coding_analysis import ROWS

CODINGS = pd.DataFrame(ROWS, columns=["segment_id", "code", "coder"]).assign(status="accepted")


def test_frequency_bars(corpus, codebook):
    fig = code_frequency_bar(
        code_frequencies(corpus, CODINGS, codebook=codebook), codebook=codebook
    )
    d = fig.to_dict()
    assert (
        isinstance(fig, go.Figure)
        and d["data"][0]["y"][0] == "Attente et délais"
        and d["data"][0]["x"][0] == 4
    )
    assert d["data"][0]["marker"]["color"][0] == "#0072B2"
    assert d["layout"]["title"]["text"] == "Fréquence des codes"
    grouped = code_frequency_bar(
        code_frequencies(corpus, CODINGS, by="territory", k=3), by="territory"
    ).to_dict()
    assert {t["name"] for t in grouped["data"]} == {"sarne", "valcourt"} and "< k" in grouped[
        "data"
    ][0]["text"]


def test_crosstab_heatmap(corpus):
    fig = crosstab_heatmap(code_crosstab(corpus, CODINGS, by="territory")).to_dict()
    heat = fig["data"][0]
    assert (
        heat["type"] == "heatmap" and heat["zmid"] == 0 and list(heat["x"]) == ["sarne", "valcourt"]
    )
    assert "χ²" in fig["layout"]["title"]["text"]


def test_cooccurrence_figures(corpus, codebook):
    m = cooccurrence(corpus, CODINGS)
    heat = cooccurrence_heatmap(m).to_dict()["data"][0]
    assert heat["type"] == "heatmap"
    net = cooccurrence_network(m, codebook=codebook).to_dict()
    nodes = net["data"][-1]
    assert (
        set(nodes["text"]) == set(m.index) and len(net["data"]) == 1 + 4
    )  # four co-occurring pairs


def test_agreement_bars():
    codings = pd.DataFrame(
        [("u0", "A", "x"), ("u0", "A", "y"), ("u1", "A", "x"), ("u2", "B", "y")],
        columns=["segment_id", "code", "coder"],
    )
    fig = agreement_bar(agreement(codings, units=["u0", "u1", "u2", "u3"])).to_dict()
    assert fig["data"][0]["orientation"] == "h" and len(fig["layout"]["shapes"]) == 2
