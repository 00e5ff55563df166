"""Estimators and intervals shared by indicators, trends and gaps.

Weights are survey weights: the point estimates are weighted, and the uncertainty uses Kish's
effective sample size ``n_eff = (Σw)² / Σw²`` in place of ``n`` (which equals ``n`` when every
weight is 1). This ignores any other feature of the sampling design (strata, clusters).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from transfo_analysis.barometer._schema import Scale
from transfo_analysis.i18n import _


def z_value(confidence: float) -> float:
    """Two-sided normal quantile (1.959964 at 95 %)."""
    return float(stats.norm.ppf(1 - (1 - confidence) / 2))


def kish_n(weights: np.ndarray) -> float:
    """Kish's effective sample size ``(Σw)² / Σw²``.

    Parameters
    ----------
    weights
        The survey weights of the answers of one group.

    Returns
    -------
    The effective number of answers, used for the confidence intervals of weighted estimates.
    """
    w = np.asarray(weights, dtype=float)
    return float(w.sum() ** 2 / (w**2).sum()) if len(w) else 0.0


def use_weights(responses: pd.DataFrame, weights: bool | None) -> bool:
    """Whether to weight: as asked, or (``None``) when any weight differs from 1."""
    if weights is not None:
        return bool(weights)
    return bool("weight" in responses and (responses["weight"].fillna(1.0) != 1.0).any())


@dataclass(frozen=True)
class Summary:
    """Weighted summary of one group's answers."""

    n: int
    n_eff: float
    mean: float
    var: float  # unbiased for reliability weights: Σw(x−x̄)² / (Σw − Σw²/Σw)

    @property
    def sd(self) -> float:
        return float(np.sqrt(self.var)) if np.isfinite(self.var) else np.nan


def summarise(x: np.ndarray, w: np.ndarray) -> Summary:
    """n, Kish n, weighted mean and variance of the answers ``x`` with weights ``w``."""
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    if len(x) == 0:
        return Summary(0, 0.0, np.nan, np.nan)
    v1, v2 = w.sum(), (w**2).sum()
    mean = float((w * x).sum() / v1)
    denom = v1 - v2 / v1
    var = float((w * (x - mean) ** 2).sum() / denom) if denom > 0 else np.nan
    return Summary(len(x), v1**2 / v2, mean, var)


def mean_interval(
    x: np.ndarray,
    w: np.ndarray,
    *,
    confidence: float,
    method: str = "t",
    n_boot: int = 2000,
    rng: np.random.Generator | None = None,
) -> tuple[float, float]:
    """Confidence interval of the (weighted) mean.

    ``t``: mean ± t(n_eff − 1) · sd / √n_eff. ``bootstrap``: percentile interval of the weighted
    mean over ``n_boot`` resamples of respondents.
    """
    s = summarise(x, w)
    if s.n < 2 or not np.isfinite(s.var):
        return np.nan, np.nan
    if method == "bootstrap":
        rng = rng if rng is not None else np.random.default_rng(0)
        idx = rng.integers(0, s.n, size=(n_boot, s.n))
        xw, ww = np.asarray(x, float)[idx], np.asarray(w, float)[idx]
        means = (xw * ww).sum(axis=1) / ww.sum(axis=1)
        a = (1 - confidence) / 2
        return float(np.quantile(means, a)), float(np.quantile(means, 1 - a))
    if method != "t":
        raise ValueError(
            _("unknown interval method {method} (t or bootstrap)").format(method=repr(method))
        )
    half = stats.t.ppf(1 - (1 - confidence) / 2, s.n_eff - 1) * s.sd / np.sqrt(s.n_eff)
    return s.mean - half, s.mean + half


def wilson(p: float, n: float, *, confidence: float) -> tuple[float, float]:
    """Wilson score interval of a proportion ``p`` observed on ``n`` (possibly effective) answers.

    Parameters
    ----------
    p
        The observed proportion (0–1).
    n
        The number of answers (the effective number for weighted data).
    confidence
        The confidence level (``0.95``).

    Returns
    -------
    The lower and upper bounds of the interval, within [0, 1].
    """
    if not n or not np.isfinite(p):
        return np.nan, np.nan
    z = z_value(confidence)
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z / denom * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return max(0.0, centre - half), min(1.0, centre + half)


def rates(x: np.ndarray, w: np.ndarray, scale: Scale) -> tuple[float, float]:
    """Weighted shares of satisfied (top-2-box) and dissatisfied (bottom box) answers."""
    x, w = np.asarray(x, float), np.asarray(w, float)
    if len(x) == 0:
        return np.nan, np.nan
    return float(w[x >= scale.satisfied_from].sum() / w.sum()), float(
        w[x <= scale.dissatisfied_to].sum() / w.sum()
    )


def nps(x: np.ndarray, w: np.ndarray, *, confidence: float) -> tuple[float, float, float]:
    """Net promoter score on 0–10 answers (promoters 9–10 minus detractors 0–6, in points).

    Interval: NPS ± z·SE with the variance of a difference of two trinomial shares,
    ``Var(p₊ − p₋) = (p₊ + p₋ − (p₊ − p₋)²) / n_eff``, clipped to [−100, 100].
    """
    x, w = np.asarray(x, float), np.asarray(w, float)
    if len(x) == 0:
        return np.nan, np.nan, np.nan
    pro, det = w[x >= 9].sum() / w.sum(), w[x <= 6].sum() / w.sum()
    score = pro - det
    se = np.sqrt(max(pro + det - score**2, 0.0) / kish_n(w))
    z = z_value(confidence)
    return 100 * score, 100 * max(-1.0, score - z * se), 100 * min(1.0, score + z * se)


def welch(a: Summary, b: Summary, *, confidence: float) -> tuple[float, float, float, float]:
    """Difference of means ``b − a`` with its Welch interval and two-sided p-value.

    Standard error √(s²ₐ/nₐ + s²ᵦ/nᵦ) with effective sizes; Welch–Satterthwaite degrees of freedom.
    """
    diff = b.mean - a.mean
    if a.n < 2 or b.n < 2 or not (np.isfinite(a.var) and np.isfinite(b.var)):
        return diff, np.nan, np.nan, np.nan
    va, vb = a.var / a.n_eff, b.var / b.n_eff
    se = np.sqrt(va + vb)
    if se == 0:
        return diff, diff, diff, np.nan
    df = (va + vb) ** 2 / (va**2 / (a.n_eff - 1) + vb**2 / (b.n_eff - 1))
    half = stats.t.ppf(1 - (1 - confidence) / 2, df) * se
    p = 2 * stats.t.sf(abs(diff) / se, df)
    return diff, diff - half, diff + half, float(p)


def proportion_difference(
    p1: float, n1: float, p2: float, n2: float, *, confidence: float
) -> tuple[float, float, float, float]:
    """Difference ``p2 − p1`` with Newcombe's hybrid
    score interval and the pooled two-proportion z-test.
    """
    diff = p2 - p1
    if not (n1 and n2) or not (np.isfinite(p1) and np.isfinite(p2)):
        return diff, np.nan, np.nan, np.nan
    l1, u1 = wilson(p1, n1, confidence=confidence)
    l2, u2 = wilson(p2, n2, confidence=confidence)
    low = diff - np.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = diff + np.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    p = float(2 * stats.norm.sf(abs(diff) / se)) if se > 0 else 1.0
    return diff, low, high, p


def wave_sort_key(wave: object) -> tuple[int, float, str]:
    """Waves in time order: numbers (years) numerically, other labels alphabetically after them.

    Parameters
    ----------
    wave
        A wave label (``2023``, ``"vague 2"``…).

    Returns
    -------
    A key that sorts years numerically before other labels, alphabetically.
    """
    text = str(wave)
    try:
        return (0, float(text), text)
    except ValueError:
        return (1, 0.0, text)
