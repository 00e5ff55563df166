"""The workshops section of the synthesis: territories side by side, small ones blanked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from transfo_analysis import reporting as rp
from transfo_analysis.config import open_project
from transfo_analysis.corpus import ingest
from transfo_analysis.reporting import ReportContext

DEMO_RAW = Path(__file__).resolve().parents[2] / "data" / "raw" / "valcourt"
# a small workshop elsewhere: three authors, two voters
SMALL = (
    "atelier;groupe;id;auteur;profil;texte;votes;votants\n"
    "Petit atelier;A;p1;Ana;usager;Un banc devant la mairie;2;Ana, Bo\n"
    "Petit atelier;A;p2;Bo;agent;Ouvrir le samedi;1;Bo\n"
    "Petit atelier;A;p3;Cyr;usager;Un parking vélo;0;\n"
)


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    shutil.copytree(DEMO_RAW / "ateliers", raw / "valcourt" / "ateliers")
    shutil.copytree(DEMO_RAW / "consultation", raw / "valcourt" / "consultation")
    (raw / "valcourt" / "ateliers" / "val-atelier-gare.docx").unlink()
    (raw / "petit").mkdir()
    (raw / "petit" / "cartes.csv").write_text(SMALL, encoding="utf-8")
    corpus, _ = ingest([raw], show_progress=False)
    project = open_project(tmp_path_factory.mktemp("projet"))
    context = ReportContext(project=project, territory=None, output_dir=None, seed=3)
    context.__dict__["corpus_all"] = corpus
    return context


def test_territories_side_by_side_with_small_counts_blanked(ctx):
    table = rp.workshops_by_territory(ctx).set_index("territory")
    assert set(table.index) == {"valcourt", "petit"}
    val, small = table.loc["valcourt"], table.loc["petit"]
    assert val["n_sessions"] == 2 and val["n_cards"] == 114 + 8
    assert val["n_comments"] > 0 and val["n_voters"] >= ctx.k and val["n_authors"] >= ctx.k
    assert val["votes"] > 0 and isinstance(val["top_idea"], str) and not val["suppressed"]
    # three authors and two voters: fewer than k, blanked; no idea quoted from two voters
    assert pd.isna(small["n_authors"]) and pd.isna(small["n_voters"]) and small["suppressed"]
    assert small["n_cards"] == 3 and small["votes"] == 3 and pd.isna(small["top_idea"])
    assert table.attrs["k"] == ctx.k and table.attrs["n_suppressed"] == 2
    html = rp.french_table(table.reset_index()).to_html()
    assert "Idée la plus soutenue" in html and f"&lt; {ctx.k}" in html


def test_priorities_and_figure_work_on_all_territories(ctx):
    priorities = rp.workshop_priorities(ctx, top=3)
    sessions = set(priorities["session"])
    assert any("Gare Remix" in s for s in sessions) and any("Petit atelier" in s for s in sessions)
    small = priorities[priorities["session"].str.contains("Petit atelier")]
    assert set(small["author_profile"]) == {"masqué"}
    fig = rp.workshop_votes_figure(ctx).to_dict()
    assert fig["data"] and all(0 < x <= 100 for t in fig["data"] for x in t["x"])
