"""The workshops panel of the territory report on the demo's workshop and consultation files."""

from __future__ import annotations

from pathlib import Path

import pytest

from transfo_analysis import reporting as rp
from transfo_analysis.config import open_project
from transfo_analysis.corpus import ingest
from transfo_analysis.reporting import ReportContext

DEMO_DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    files = [
        DEMO_DATA / "raw" / "valcourt" / "ateliers" / "gare-remix-cartes.csv",
        DEMO_DATA / "raw" / "valcourt" / "consultation",
    ]
    corpus, _ = ingest(
        files, manifest=DEMO_DATA / "manifest.yaml", project_root=DEMO_DATA, show_progress=False
    )
    project = open_project(tmp_path_factory.mktemp("projet"))
    context = ReportContext(project=project, territory="valcourt", output_dir=None, seed=3)
    context.__dict__["corpus_all"] = corpus  # the tables a pseudonymised run would give
    return context


def test_priorities_mask_small_voter_groups_and_unshared_authors(ctx):
    assert rp.has_workshops(ctx)
    table = rp.workshop_priorities(ctx, top=3)
    workshop = table[table["session"].str.contains("Gare Remix")]
    assert set(workshop["stratum"]) == {"ensemble", "usager", "agent", "encadrant"}
    shown = workshop[~workshop["suppressed"]]
    assert (shown["n_voters"] >= ctx.k).all() and shown["rank"].le(3).all()
    assert (shown["share_low_pct"] <= shown["share_pct"]).all()
    # three managers voted: fewer than k, their row says nothing
    managers = workshop[workshop["stratum"] == "encadrant"]
    assert managers["suppressed"].all() and managers["card"].isna().all()
    # no idea of the demo was written by k distinct people: authors are never named by profile
    assert set(table["author_profile"]) == {"masqué"}
    assert table.attrs["k"] == ctx.k


def test_consultation_stances_need_k_commenters(ctx):
    stances = rp.consultation_stances(ctx)
    assert len(stances) == 8 and stances["supports"].notna().all()
    shown = stances[~stances["suppressed"]]
    hidden = stances[stances["suppressed"]]
    assert len(shown) and len(hidden)
    assert hidden[["pour", "contre", "neutre", "n_comments"]].isna().all().all()
    assert (shown["pour"] + shown["contre"] + shown["neutre"] == shown["n_comments"]).all()


def test_votes_figure_of_the_report(ctx):
    fig = rp.workshop_votes_figure(ctx).to_dict()
    names = {t["name"] for t in fig["data"]}
    assert names == {"Usagers", "Agents"}
    assert any("Masqué" in a["text"] for a in fig["layout"]["annotations"])
    assert fig["layout"]["title"]["text"] == "Ce que chaque profil a priorisé (gommettes)"
    shares = [x for trace in fig["data"] for x in trace["x"]]
    assert shares and all(0 < x <= 100 for x in shares)


def test_counts_of_the_workshop_tables_read_as_integers(ctx):
    import re

    labels = {
        "rank": "Rang",
        "supports": "Soutiens",
        "pour": "Pour",
        "contre": "Contre",
        "neutre": "Neutres",
        "n_voters": "Nombre de votants",
        "n_comments": "Commentaires",
    }
    for table in (rp.workshop_priorities(ctx, top=3), rp.consultation_stances(ctx)):
        html = rp.french_table(table).to_html()
        header = re.findall(r"<th[^>]*col_heading[^>]*>([^<]*)</th>", html)
        rows = [
            re.findall(r"<td[^>]*>([^<]*)</td>", row)
            for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)
        ]
        rows = [r for r in rows if len(r) == len(header)]
        assert rows
        # ranks, supports, comments for/against and voters: « 5 », never « 5,0 »
        checked = 0
        for column, label in labels.items():
            if column not in table:
                continue
            at = header.index(label)
            cells = [r[at].replace("\u202f", "") for r in rows]
            assert all(re.fullmatch(r"\d+|&lt; \d+|–|masqué", c) for c in cells), (column, cells)
            checked += sum(c.isdigit() for c in cells)
        assert checked > 10


@pytest.fixture(scope="module")
def with_tokens(ctx):
    """A stand-in for the parse stage's tokens, written where the report reads them."""
    return _write_tokens(ctx)


def _write_tokens(ctx):
    import re

    import pandas as pd

    segs = ctx.corpus.segments
    rows = [
        dict(
            segment_id=s,
            i=i,
            start=m.start(),
            end=m.end(),
            text=m.group(),
            lemma=m.group().lower(),
            pos="NOUN",
            is_alpha=True,
            is_punct=False,
            like_num=False,
            is_stop=len(m.group()) < 4,
        )
        for s, t in zip(segs["segment_id"], segs["text"], strict=True)
        for i, m in enumerate(re.finditer(r"[^\W\d_]+", t))
    ]
    folder = ctx.project.nlp_dir("processed")
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).to_parquet(folder / "tokens.parquet", index=False)
    return ctx


def test_themes_of_the_cards_by_profile_in_the_report(with_tokens):
    ctx = with_tokens
    fig = rp.workshop_themes_figure(ctx, n_topics=5).to_dict()
    names = {t["name"].split(" (")[0] for t in fig["data"]}
    assert names == {"Usagers", "Agents"}
    # the managers' cards were written by fewer than k people: named as masked, never drawn
    notes = " ".join(a["text"] for a in fig["layout"]["annotations"])
    assert "moins de k personnes) : Encadrants" in notes
    themes = fig["data"][0]["y"]
    assert 2 <= len(set(themes) - {"hors thème"}) <= 5
    assert all(t["y"] == themes for t in fig["data"])
    assert all(abs(sum(t["x"]) - 100) < 1 for t in fig["data"])
    assert fig["layout"]["title"]["text"] == "Thèmes des cartes, selon le profil de l'auteur"
    assert rp.workshop_themes_withheld(ctx, n_topics=5) is None  # profiles drawn: no notice


def test_prioritisation_view_of_the_report(with_tokens):
    ctx = with_tokens
    table = rp.workshop_prioritisation(ctx, n_topics=5)
    assert 2 <= len(table) <= 5 and table["n_cards"].sum() <= 114
    assert 90 < table["votes_pct"].sum() <= 100  # the « hors thème » cards are left out
    # this context holds no interview: no interview share, no barometer
    assert table["interview_pct"].isna().all() and (table["barometer"] == "").all()
    html = rp.french_table(table).to_html()
    assert "Part des votes (%)" in html and "Thème des cartes" in html


def test_themes_by_profile_table_for_the_dashboard_blanks_small_profiles(with_tokens):
    ctx = with_tokens
    table = rp.workshop_themes_by_role(ctx, n_topics=5)
    assert set(table["role"]) == {"usager", "agent", "encadrant"}
    managers = table[table["role"] == "encadrant"]  # three managers wrote cards: fewer than k
    assert managers["suppressed"].all() and managers[["n_cards", "share_pct"]].isna().all().all()
    shown = table[~table["suppressed"]]
    assert shown.groupby("role")["share_pct"].sum().round(6).eq(100).all()
    # the same shares as the report's figure
    fig = rp.workshop_themes_figure(ctx, n_topics=5).to_dict()
    users = next(t for t in fig["data"] if t["name"].startswith("Usagers"))
    mine = shown[shown["role"] == "usager"].set_index("theme_label")["share_pct"]
    assert [round(mine[y], 1) for y in users["y"]] == list(users["x"])
    assert table.attrs["k"] == ctx.k


def test_an_online_consultation_alone_has_themes_of_its_proposals(tmp_path):
    """No workshop card, 24 platform proposals (Decidim's 2019 header): the themes and the
    prioritisation view are those of the proposals; their comments are never themed."""
    subjects = ["le guichet de la gare ferme trop tôt", "des bancs sur les quais de la gare"]
    lines = ["id;title;body;votes;comments;category/name/fr;component/id"]
    lines += [
        f"{i};Proposition {i};Je propose {subjects[i % 2]} numéro {i};{i % 5};0;Gare;7"
        for i in range(1, 25)
    ]
    folder = tmp_path / "raw" / "valcourt"
    folder.mkdir(parents=True)
    (folder / "propositions.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus, _ = ingest([folder], show_progress=False)
    (tmp_path / "projet").mkdir()
    project = open_project(tmp_path / "projet")
    context = ReportContext(project=project, territory="valcourt", output_dir=None, seed=3)
    context.__dict__["corpus_all"] = corpus
    _write_tokens(context)
    # the export names no author: its proposals count as one participant's, under k, so no
    # profile can be drawn; the report says so instead of showing an empty chart
    assert rp.workshop_themes_figure(context, n_topics=2) is None
    notice = rp.workshop_themes_withheld(context, n_topics=2)
    assert notice == (
        "Thèmes des cartes par profil masqués : les cartes de chaque profil ont été écrites par "
        f"moins de {context.k} personnes."
    )
    table = rp.workshop_prioritisation(context, n_topics=2)
    assert len(table) == 2 and table["n_cards"].sum() == 24
    assert {"guichet" in t for t in table["terms"]} == {True, False}
    # no interview to match: the columns the report and the dashboard show are there, empty (a
    # Decidim export alone made the territory report fail on them)
    assert (table[["codes", "topics", "barometer"]] == "").all().all()
    assert (table["n_turns"] == 0).all()  # the report then compares the themes with votes only
    # the key figures count export files per component, not consultations
    figures = dict(zip(*rp.key_figures(context).T.values, strict=True))
    assert figures["Consultation en ligne : exports par composant"] == "1"
    # a platform's supports are no workshop's dot votes
    title = rp.workshop_votes_figure(context).layout.title.text
    assert title == "Les propositions les plus soutenues (soutiens en ligne)"
