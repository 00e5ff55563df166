"""The votes figure: bars per stratum, asymmetric intervals, masked strata named, not drawn."""

from __future__ import annotations

import pandas as pd

from transfo_analysis.viz.workshops import votes_figure


def _ranking(masked_agent: bool = False) -> pd.DataFrame:
    rows = []
    for stratum, shares in (("usager", (0.6, 0.3, 0.1)), ("agent", (0.2, 0.5, 0.3))):
        for rank, (seg, share) in enumerate(zip(("s1", "s2", "s3"), shares, strict=True), 1):
            rows.append(
                dict(
                    doc_id="D1",
                    stratum=stratum,
                    segment_id=seg,
                    text=f"Carte {seg} " * 3,
                    score=share * 10,
                    share=share,
                    share_lo=share - 0.1,
                    share_hi=share + 0.05,
                    rank=rank,
                    rank_lo=1,
                    rank_hi=3,
                    p_first=0.5,
                    n_voters=10,
                    interval="bootstrap",
                    masked=masked_agent and stratum == "agent",
                )
            )
    return pd.DataFrame(rows)


def test_votes_figure_bars_and_intervals():
    fig = votes_figure(_ranking(), top=2).to_dict()
    names = [t["name"] for t in fig["data"]]
    assert names == ["Agents", "Usagers"]
    usager = fig["data"][1]
    assert list(usager["x"]) == [30.0, 60.0]  # s2 then s1 (best at the top)
    assert list(usager["error_x"]["array"]) == [5.0, 5.0]
    assert list(usager["error_x"]["arrayminus"]) == [10.0, 10.0]
    assert "Part des votes" in fig["layout"]["xaxis"]["title"]["text"]
    assert fig["layout"]["title"]["text"] == "Votes par carte, avec intervalle"


def test_votes_figure_masked_strata_are_named_not_drawn():
    fig = votes_figure(_ranking(masked_agent=True)).to_dict()
    assert [t["name"] for t in fig["data"]] == ["Usagers"]
    notes = [a["text"] for a in fig["layout"]["annotations"]]
    assert any("Masqué" in n and "gent" in n for n in notes)
