"""Estimators and intervals against values computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from transfo_analysis.barometer._stats import (
    kish_n,
    mean_interval,
    nps,
    proportion_difference,
    summarise,
    welch,
    wilson,
)

Z95 = 1.959963984540054


def test_wilson_seven_out_of_ten_by_hand():
    # p = 0.7, n = 10, z = 1.959964, z² = 3.841459:
    # centre = (p + z²/2n) / (1 + z²/n) = (0.7 + 0.192073) / 1.384146 = 0.644493
    # half = z / (1 + z²/n) · √(p(1−p)/n + z²/4n²) = 1.416010 · √(0.021 + 0.009604) = 0.247715
    # interval = [0.396778, 0.892209]
    p, n, z = 0.7, 10, Z95
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    assert centre == pytest.approx(0.644493, abs=1e-6)
    assert half == pytest.approx(0.247715, abs=1e-6)
    low, high = wilson(0.7, 10, confidence=0.95)
    assert (low, high) == pytest.approx((0.396778, 0.892209), abs=1e-6)
    assert (low, high) == pytest.approx(
        proportion_confint(7, 10, alpha=0.05, method="wilson"), abs=1e-9
    )


def test_wilson_stays_inside_zero_one_at_the_edges():
    assert wilson(0.0, 12, confidence=0.95)[0] == pytest.approx(0.0, abs=1e-12)
    assert wilson(1.0, 12, confidence=0.95)[1] == pytest.approx(1.0, abs=1e-12)
    assert wilson(1.0, 12, confidence=0.95)[0] == pytest.approx(12 / (12 + Z95**2), abs=1e-9)


def test_t_interval_of_the_mean_by_hand():
    x = np.array([1, 2, 3, 4, 5, 5, 4, 3], dtype=float)
    # mean 27/8 = 3.375; Σ(x−x̄)² = 13.875; s² = 13.875/7 = 1.982143; s = 1.407886
    # t(7; 0.975) = 2.364624; half = 2.364624 · 1.407886 / √8 = 1.177022
    low, high = mean_interval(x, np.ones(8), confidence=0.95)
    assert (low, high) == pytest.approx((3.375 - 1.177022, 3.375 + 1.177022), abs=1e-5)


def test_weighted_mean_and_kish_effective_size():
    x, w = np.array([1.0, 5.0, 3.0, 4.0]), np.array([1.0, 1.0, 2.0, 4.0])
    s = summarise(x, w)
    assert s.mean == pytest.approx((1 + 5 + 6 + 16) / 8)  # 3.5
    assert kish_n(w) == pytest.approx(8**2 / (1 + 1 + 4 + 16))  # 64/22 = 2.909
    assert s.n_eff == pytest.approx(64 / 22)
    # unit weights give the ordinary sample variance
    assert summarise(x, np.ones(4)).var == pytest.approx(np.var(x, ddof=1))


def test_nps_and_its_trinomial_interval():
    x = np.array([10, 9, 9, 10, 9, 7, 8, 3, 6, 0], dtype=float)
    # promoters 5/10, detractors 3/10: NPS = 20; Var = (0.5 + 0.3 − 0.2²)/10 = 0.076
    score, low, high = nps(x, np.ones(10), confidence=0.95)
    se = math.sqrt(0.076)
    assert score == pytest.approx(20.0)
    assert (low, high) == pytest.approx((100 * (0.2 - Z95 * se), 100 * (0.2 + Z95 * se)), abs=1e-6)


def test_welch_matches_scipy():
    a = np.array([2, 3, 3, 2, 1, 3, 2, 4, 3, 2], dtype=float)
    b = np.array([4, 5, 4, 3, 5, 4], dtype=float)
    diff, low, high, p = welch(summarise(a, np.ones(10)), summarise(b, np.ones(6)), confidence=0.95)
    ref = stats.ttest_ind(b, a, equal_var=False)
    assert diff == pytest.approx(b.mean() - a.mean())
    assert p == pytest.approx(ref.pvalue)
    ci = ref.confidence_interval(0.95)
    assert (low, high) == pytest.approx((ci.low, ci.high))


def test_newcombe_interval_of_a_difference_of_proportions():
    # Newcombe (1998), example (a): 56/70 vs 48/80, hybrid score interval 0.0524 to 0.3339
    diff, low, high, p = proportion_difference(48 / 80, 80, 56 / 70, 70, confidence=0.95)
    assert diff == pytest.approx(0.2)
    assert (low, high) == pytest.approx((0.0524, 0.3339), abs=1e-4)
    # pooled z-test: p̂ = 104/150
    pooled = 104 / 150
    z = 0.2 / math.sqrt(pooled * (1 - pooled) * (1 / 70 + 1 / 80))
    assert p == pytest.approx(2 * stats.norm.sf(z))


def test_bootstrap_interval_is_seeded_and_brackets_the_mean():
    x = np.array([1, 2, 2, 3, 3, 3, 4, 4, 5, 5], dtype=float)
    one = mean_interval(
        x, np.ones(10), confidence=0.95, method="bootstrap", rng=np.random.default_rng(1)
    )
    two = mean_interval(
        x, np.ones(10), confidence=0.95, method="bootstrap", rng=np.random.default_rng(1)
    )
    assert one == two
    assert one[0] < x.mean() < one[1]
    t_low, t_high = mean_interval(x, np.ones(10), confidence=0.95)
    assert one[1] - one[0] == pytest.approx(t_high - t_low, rel=0.3)
