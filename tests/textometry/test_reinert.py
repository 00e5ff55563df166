"""Reinert classification: planted themes recovered, determinism, profiles, segments, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError
from scipy.stats import chi2_contingency
from sklearn.metrics import adjusted_rand_score
from textometry_helpers import THEMES, make_tables, planted_corpus

from transfo_analysis.textometry import NotEnoughDataError, reinert
from transfo_analysis.textometry._units import build_units


@pytest.fixture(scope="module")
def result(planted):
    segments, tokens, _ = planted
    return reinert(segments, tokens, n_classes=4, seed=7)


def _ari(res, truth) -> float:
    u = res.units[res.units["class"] > 0]
    return adjusted_rand_score(u["segment_id"].map(truth), u["class"])


def test_recovers_planted_themes(result, planted):
    _, _, truth = planted
    assert result.summary["n_classes"] == 4
    assert result.summary["share_classified"] >= 0.95
    assert _ari(result, truth) >= 0.9


@pytest.mark.parametrize("seed", [0, 123])
def test_other_seeds_and_corpora_too(seed):
    segments, tokens, truth = planted_corpus(seed=seed)
    assert _ari(reinert(segments, tokens, n_classes=4, seed=seed), truth) >= 0.9


def test_deterministic(result, planted):
    segments, tokens, _ = planted
    again = reinert(segments, tokens, n_classes=4, seed=7)
    pd.testing.assert_frame_equal(result.units, again.units)
    pd.testing.assert_frame_equal(result.profiles, again.profiles)
    pd.testing.assert_frame_equal(result.tree, again.tree)


def test_class_profiles_make_sense(result):
    prof = result.profiles
    theme_of = {w: t for t, words in THEMES.items() for w in words}
    for k, g in prof[prof["type"] == "active"].groupby("class"):
        top = g.nlargest(5, "chi2")["term"]
        assert top.map(theme_of).nunique() == 1, f"class {k} mixes themes: {list(top)}"
    assert prof["p"].between(0, 1).all()
    assert (prof["n_class"] <= prof["n_total"]).all()
    assert set(prof["type"]) == {"active", "supplementary"}
    # one cell recomputed with scipy: 2 × 2 table, no continuity correction
    row = prof[prof["type"] == "active"].iloc[0]
    units = result.units[result.units["class"] > 0]
    n_in = int((units["class"] == row["class"]).sum())
    table = np.array(
        [
            [row["n_class"], n_in - row["n_class"]],
            [
                row["n_total"] - row["n_class"],
                len(units) - n_in - (row["n_total"] - row["n_class"]),
            ],
        ]
    )
    assert row["chi2"] == pytest.approx(chi2_contingency(table, correction=False)[0])
    anti = prof[prof["chi2"] < 0]
    assert (anti["pct"] < 100 * prof.groupby("class")["class"].transform("size").iloc[0]).all()
    labels = result.classes.set_index("class")["label"]
    assert all(labels.str.len() > 0)


def test_typical_segments_crossings_and_tree(result, planted):
    segments, _, _ = planted
    typ = result.typical
    units = result.units.set_index("unit_id")
    assert (typ["class"].to_numpy() == units.loc[typ["unit_id"], "class"].to_numpy()).all()
    text = segments.set_index("segment_id")["text"]
    assert all(t and t in text[s] for t, s in zip(typ["text"], typ["segment_id"], strict=True))
    assert (typ.groupby("class")["score"].apply(lambda s: s.is_monotonic_decreasing)).all()
    cross = result.crossings[result.crossings["column"] == "role"]
    assert cross["n"].sum() == result.summary["n_classified"]
    # users speak about the first two themes: their classes over-represent users
    accueil = int(
        result.profiles[result.profiles["term"] == "guichet"].nlargest(1, "chi2")["class"].iloc[0]
    )
    usager = cross[(cross["class"] == accueil) & (cross["value"] == "usager")]
    assert usager["adjusted_residual"].iloc[0] > 1.96
    assert result.summary["crossing_tests"]["role"]["p"] < 0.001
    tree = result.tree
    leaves = tree[(tree["left"] < 0) & ~tree["dropped"]]
    assert sorted(leaves["class"]) == [1, 2, 3, 4]
    inner = tree[tree["left"] >= 0].set_index("node")
    sizes = tree.set_index("node")["size"]
    for node, r in inner.iterrows():
        assert sizes[r["left"]] + sizes[r["right"]] + r["lost"] <= sizes[node]
        assert r["chi2"] > 0


def test_too_small_corpus_says_how_many_and_offers_specificities():
    segments, tokens, _ = planted_corpus(n_docs=2, turns_per_doc=4)
    with pytest.raises(NotEnoughDataError) as err:
        reinert(segments, tokens, n_classes=8)
    message = str(err.value)
    assert "au moins 80 segments de texte" in message  # French, the default
    assert "spécificités" in message


def test_empty_and_interviewer_turns(planted):
    segments, tokens, truth = planted
    extra, extra_tok = make_tables(
        [{"segment_id": "EMPTY", "text": ""}, {"segment_id": "STOPS", "text": "le la les, et de."}]
    )
    segs = pd.concat([segments, extra], ignore_index=True)
    toks = pd.concat([tokens, extra_tok], ignore_index=True)
    res = reinert(segs, toks, n_classes=4, seed=7)
    assert "EMPTY" not in set(res.units["segment_id"])
    stops = res.units[res.units["segment_id"] == "STOPS"]
    assert (stops["n_active"] == 0).all() and (stops["class"] == 0).all()
    assert not res.units["role"].eq("enqueteur").any()
    with_int = reinert(segs, toks, n_classes=4, seed=7, include_interviewer=True)
    assert with_int.units["role"].eq("enqueteur").any()


def test_segments_cut_at_punctuation_never_across_turns():
    sentence = "mot " * 9 + "fin."
    rows = [
        {"segment_id": "LONG", "text": " ".join([sentence] * 10)},
        {"segment_id": "SHORT", "text": "deux mots"},
    ]
    segments, tokens = make_tables(rows)
    units, _ = build_units(segments, tokens, size=40)
    long = units[units["segment_id"] == "LONG"]
    assert len(long) == 3  # 100 words: 40 + 40 + 20
    text = rows[0]["text"]
    for r in long.iloc[:-1].itertuples():
        assert text[r.char_start : r.char_end].endswith("fin.")
    assert long["n_words"].tolist() == [40, 40, 20]
    assert units.loc[units["segment_id"] == "SHORT", "n_words"].tolist() == [2]
    assert units["unit_id"].is_unique


def test_double_classification(planted):
    segments, tokens, truth = planted
    res = reinert(segments, tokens, n_classes=4, double=True, double_min_forms=(8, 12))
    assert res.summary["method"] == "double"
    assert 0.5 <= res.summary["share_classified"] <= 1
    assert _ari(res, truth) >= 0.9
    assert len(res.summary["crossed_classes"]) == res.summary["n_classes"]


def test_pseudonyms_and_options(planted):
    segments, tokens, _ = planted
    toks = tokens.copy()
    toks["is_pseudonym"] = toks["text"].eq("mairie")
    res = reinert(segments, toks, n_classes=4)
    assert "mairie" not in set(res.profiles["term"])
    with pytest.raises(TypeError, match="n_class"):
        reinert(segments, tokens, n_class=4)
    with pytest.raises(ValidationError):
        reinert(segments, tokens, n_classes=1)


def test_repeated_segments_count_once(planted):
    segments, tokens, truth = planted
    copies = [
        {
            "segment_id": f"COPY{i}",
            "text": "piscine municipale fermée travaux chantier bassin plongeoir",
            "doc_id": f"C{i}",
            "speaker_id": f"C{i}-u",
        }
        for i in range(20)
    ]
    extra, extra_tok = make_tables(copies)
    segs = pd.concat([segments, extra], ignore_index=True)
    toks = pd.concat([tokens, extra_tok], ignore_index=True)
    copy_class = lambda res: res.units.loc[res.units["segment_id"].str.startswith("COPY"), "class"]  # noqa: E731
    # default: the 20 copies weigh as one segment, share its class and do not make a class of their
    # own
    res = reinert(segs, toks, n_classes=4, min_segments_per_class=25)
    assert copy_class(res).nunique() == 1
    assert res.summary["n_dropped_classes"] == 0 and _ari(res, truth) >= 0.9
    # counted 20 times (IRaMuTeQ, rainette): the block is split off, too small, dropped
    raw = reinert(segs, toks, n_classes=4, min_segments_per_class=25, dedup_min_forms=0)
    assert raw.summary["n_dropped_classes"] >= 1 and (copy_class(raw) == 0).all()
    assert _ari(raw, truth) >= 0.9
    # balanced splits never isolate it
    bal = reinert(
        segs, toks, n_classes=4, min_segments_per_class=25, dedup_min_forms=0, balanced_splits=True
    )
    assert bal.summary["n_dropped_classes"] == 0 and (copy_class(bal) > 0).all()


def test_large_corpus_sample_then_nearest_class(planted, result):
    """Above ``sample_above``, a seeded sample is classified and
    the rest joins its nearest class."""
    segments, tokens, truth = planted
    n_ok = result.summary["n_segments_with_active_words"]
    sampled = reinert(segments, tokens, n_classes=4, seed=7, sample_above=100, sample_size=150)
    info = sampled.summary["sampled"]
    assert info == {"n_sample": 150, "n_assigned": n_ok - 150}
    assert result.summary["sampled"] is None
    # the assigned segments find the planted themes as well as the full classification does
    assert _ari(sampled, truth) >= 0.85
    full = result.units.set_index("unit_id")["class"]
    both = sampled.units.set_index("unit_id")["class"].reindex(full.index)
    assert adjusted_rand_score(full, both) >= 0.8
    # seeded: the same sample and classes again
    again = reinert(segments, tokens, n_classes=4, seed=7, sample_above=100, sample_size=150)
    assert again.units["class"].tolist() == sampled.units["class"].tolist()
    assert sampled.summary["parameters"]["sample_size"] == 150
