"""Large corpora: a fit on a stratified seeded sample, every other unit assigned, anywhere."""

from __future__ import annotations

import warnings

import dask
import distributed  # noqa: F401 - its config loaded before dask.config.set below
import numpy as np
import pandas as pd
import pytest
from distributed import get_task_stream
from sklearn.metrics import adjusted_rand_score

from transfo_analysis.scale import SchedulerChoice, open_execution
from transfo_analysis.topics import fit_topics, stratified_sample

pytestmark = pytest.mark.slow


def _units(n_a: int, n_b: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": [f"u{i}" for i in range(n_a + n_b)],
            "territory": ["nord"] * n_a + ["sud"] * n_b,
            "role": (["usager", "agent"] * (n_a + n_b))[: n_a + n_b],
        }
    )


def test_sample_is_proportional_to_strata_and_seeded():
    units = _units(700, 300)
    mask = stratified_sample(units, 100, seed=3)
    assert mask.sum() == 100
    drawn = units[mask].groupby(["territory", "role"]).size().to_dict()
    assert drawn == {
        ("nord", "agent"): 35,
        ("nord", "usager"): 35,
        ("sud", "agent"): 15,
        ("sud", "usager"): 15,
    }
    # the same seed gives the same units whatever their order; another seed, others
    shuffled = units.sample(frac=1, random_state=0)
    again = stratified_sample(shuffled, 100, seed=3)
    assert set(shuffled["unit_id"][again]) == set(units["unit_id"][mask])
    assert set(units["unit_id"][stratified_sample(units, 100, seed=4)]) != set(
        units["unit_id"][mask]
    )
    assert stratified_sample(units, 5000, seed=3).all()


def test_a_small_stratum_keeps_its_share_by_largest_remainder():
    units = _units(995, 5)
    mask = stratified_sample(units, 10, seed=1)
    assert mask.sum() == 10
    assert units[mask]["territory"].value_counts().to_dict() == {"nord": 10}
    assert stratified_sample(units, 400, seed=1)[995:].sum() == 2


@pytest.fixture(scope="module")
def sampled(synthetic, settings):
    """The synthetic corpus forced over the threshold: fitted on 120 of its units."""
    corpus, tokens, _ = synthetic
    small = settings.model_copy(update={"fit_sample_size": 120, "stability_sample_size": 100})
    result = fit_topics(corpus, tokens, settings=small, seed=7, show_progress=False)
    return small, result


def test_sample_fit_assigns_every_unit_and_says_so(sampled, synthetic, fitted):
    _, result = sampled
    _, _, truth = synthetic
    record = result.provenance["sample"]
    n_units = int(result.units["modelled"].sum())
    assert record["used"] and record["n_drawn"] == 120
    assert record["n_assigned"] == n_units - 120 > 0
    assert record["stratified_by"] == ["territory", "role"]
    assert result.provenance["stability_units"] == 100
    assert result.stability["n_runs"] == 3
    # every modelled unit has a topic; only the fitted ones have map coordinates
    assert (result.units.loc[result.units["modelled"], "topic"] >= 0).all()
    assert result.units["x"].notna().sum() == record["n_fitted"]
    # topics stay those of the planted themes, and close to the full fit's
    a = result.assignments[result.assignments["segment_id"].isin(truth)]
    assert adjusted_rand_score(a["segment_id"].map(truth), a["topic"]) > 0.5
    full = fitted.assignments.set_index("segment_id")["topic"]
    both = a.set_index("segment_id")["topic"]
    assert adjusted_rand_score(full.loc[both.index], both) > 0.5
    assert result.topics["size"].sum() == len(result.units[result.units["modelled"]])
    assert not fitted.provenance["sample"]["used"]


def _tables(result) -> dict[str, pd.DataFrame]:
    return {
        "topics": result.topics.drop(columns="stability").sort_values("topic", ignore_index=True),
        "assignments": result.assignments.sort_values("segment_id").reset_index(drop=True),
        "units": result.units.sort_values("unit_id").reset_index(drop=True),
        "quotes": result.quotes.reset_index(drop=True),
    }


def test_assignment_on_one_and_two_workers_equals_in_process(sampled, synthetic, tmp_path):
    small, here = sampled
    corpus, tokens, _ = synthetic
    # Dask warns (an error under pytest) about a graph over this: the units' texts and the
    # fitted backend reach the workers outside the graph (files in the cache folder, scattered)
    small_graph = {"distributed.admin.large-graph-warning-threshold": "2kB"}
    for n_workers in (1, 2):
        size = {"n_workers": n_workers, "threads_per_worker": 1, "memory_limit": "2GiB"}
        with (
            dask.config.set(small_graph),
            open_execution(SchedulerChoice("local"), local_size=size) as ex,
            get_task_stream(ex.client) as stream,
            warnings.catch_warnings(record=True) as caught,
        ):
            # recorded here: an imported library may have turned pytest's "error" filter off
            warnings.simplefilter("always")
            there = fit_topics(  # the stability refits run on the workers, during the fit
                corpus,
                tokens,
                settings=small,
                seed=7,
                show_progress=False,
                execution=ex,
                cache_dir=tmp_path / "embeddings" if n_workers == 2 else None,
            )
        assert not [w for w in caught if "large graph" in str(w.message)]
        for name, table in _tables(here).items():
            pd.testing.assert_frame_equal(_tables(there)[name], table, obj=name)
        assert there.stability == here.stability and here.stability["n_runs"] == 3
        assert len([t for t in stream.data if str(t["key"]).startswith("refit-")]) == 2
        pd.testing.assert_series_equal(there.topics["stability"], here.topics["stability"])
        assert np.array_equal(there.embeddings, here.embeddings)


def test_the_command_summary_says_the_model_was_fitted_on_a_sample(sampled, fitted):
    from transfo_analysis.batch._cli_topics import french_summary

    _, result = sampled
    text = french_summary(result.summary(), result, "processed/topics")
    n_assigned = result.provenance["sample"]["n_assigned"]
    assert (
        "Modèle ajusté sur un échantillon de 120 unités (stratifié par territoire et rôle" in text
    )
    assert f"{n_assigned} autres unités rattachées à leur thème le plus proche" in text
    assert "stabilité mesurée sur 100 unités" in text
    assert "échantillon" not in french_summary(fitted.summary(), fitted, "processed/topics")
