"""The prioritisation view on the real Decidim export (MEL, Grand Débat 2019) beside real
interviews (CFPP2000): themes of the proposals against the interviews' topics, by role."""

from __future__ import annotations

import pytest

from transfo_analysis.corpus import Corpus, fold, ingest
from transfo_analysis.topics import fit_kmeans_baseline
from transfo_analysis.workshops import card_topics, prioritisation, theme_evidence

from .test_themes import _tokens

pytestmark = [pytest.mark.shared, pytest.mark.slow]
INTERVIEWS = 4
K = 5


@pytest.fixture(scope="module")
def material(shared, tmp_path_factory):
    folder = tmp_path_factory.mktemp("projet") / "lille"
    folder.mkdir()
    export = shared / "participation" / "mel-propositions-libres.csv"
    (folder / "propositions.csv").symlink_to(export)  # a link: the data is never copied
    grids = sorted((shared / "cfpp2000" / "TextGrid").glob("*.TextGrid"))[:INTERVIEWS]
    for grid in grids:
        (folder / grid.name).symlink_to(grid)
    corpus, _ = ingest([folder], show_progress=False)
    tokens = _tokens(corpus.segments)
    themes = card_topics(corpus, tokens, kinds=("proposition",), n_topics=8, seed=0)
    talk = corpus.segments[corpus.segments["kind"].isna()]
    interviews = Corpus(
        documents=corpus.documents[corpus.documents["doc_id"].isin(talk["doc_id"])],
        speakers=corpus.speakers,
        segments=talk,
        meta=dict(corpus.meta),
    )
    topics = fit_kmeans_baseline(
        interviews, tokens[tokens["segment_id"].isin(talk["segment_id"])], k=12, seed=0
    )
    return corpus, tokens, themes, topics


def test_proposals_meet_the_interviews_topics_without_disclosing_small_groups(material):
    corpus, tokens, themes, topics = material
    assert len(themes) == 196 and (themes["theme"] >= 0).all()  # k-means: every proposal themed
    evidence = theme_evidence(corpus, tokens, themes, topics=topics, n_terms=10, k=K)
    assert len(evidence) and set(evidence["source"]) == {"topic"}
    assert set(evidence["role"]) == {"ensemble", "usager"}  # CFPP respondents are « usagers »
    shown = evidence[~evidence["suppressed"]]
    assert ((shown["n_people"] >= K) | (shown["n_people"] == 0)).all()
    assert evidence.loc[evidence["suppressed"], ["n_people", "pct"]].isna().all().all()
    # each match shares a lemma of the theme's and of the topic's top terms
    found = themes.attrs["topics"]
    theme_terms = {
        int(t): {fold(p) for w in list(ws)[:10] for p in str(w).split()}
        for t, ws in zip(found["topic"], found["terms"], strict=True)
    }
    for theme, shared_terms in zip(evidence["theme"], evidence["shared_terms"], strict=True):
        assert set(shared_terms.split(", ")) <= theme_terms[int(theme)]
    table = prioritisation(corpus, tokens, themes, evidence=evidence, k=K)
    assert table["votes_pct"].sum() == pytest.approx(100)  # 498 supports, every proposal themed
    assert table["n_cards"].sum() == 196
    listed = table.loc[table["topics"] != "", "topics"]
    assert len(listed) and listed.str.contains(r"\(\d+ personnes\)|moins de k").all()
    users = evidence[(evidence["role"] == "usager") & ~evidence["suppressed"]]
    assert (users["pct"] > 0).any() and (users["pct"] <= 100).all()
