"""Inter-coder agreement: percentage agreement, Cohen's κ, Krippendorff's α, per code and overall.

**Units** are segments. Which segments each coder *read* must be known to tell "did not apply
the code" from "did not look": pass ``units`` (segment ids read by everyone, or a frame of
``segment_id``/``coder`` pairs such as :func:`~transfo_analysis.coding.evaluate.examined` of a
gold CSV). By default, with the segments table, the units are the respondents' segments of the
documents every compared coder worked on; without it, the segments anyone coded.

**Uncoded segments** — an explicit choice, ``uncoded=``:

``"absent"`` (default)
    Within the units a coder read, not applying a code means the code is absent (value 0).
    A segment nobody coded is an agreement on absence for every code.
``"missing"``
    A unit to which a coder applied no code at all is treated as not judged by that coder
    (a missing value); Krippendorff's α uses the other coders' values, κ drops the unit.

Per code, each (coder, unit) is 1 (code applied), 0 (absent) or missing; α is nominal
(krippendorff package), κ is Cohen's for two coders (mean of pairs for more). Overall rows:
``(binaire, toutes)`` pools every (unit, code) pair; ``(ensemble de codes)`` takes each unit's
*set* of codes as one nominal value (exact agreement); ``(moyenne)`` averages the per-code values.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from transfo_analysis.coding.api import isin
from transfo_analysis.corpus import RESPONDENT_ROLES
from transfo_analysis.i18n import _
from transfo_analysis.provenance import record

NONE_LABEL = "(aucun)"


def _human(codings: pd.DataFrame) -> pd.DataFrame:
    """Accepted codings (suggestions and rejections left out) and "read, no code" rows."""
    c = codings
    if "status" in c:
        c = c[c["status"].isna() | (c["status"] == "accepted")]
    c = c.assign(
        code=c["code"].fillna("").astype(str),
        segment_id=c["segment_id"].astype(str),
        coder=c["coder"].astype(str),
    )
    return c[["segment_id", "code", "coder"]]


def units_from_documents(
    segments: pd.DataFrame,
    codings: pd.DataFrame,
    *,
    coders: Sequence[str],
    roles: Sequence[str] | None = RESPONDENT_ROLES,
) -> list[str]:
    """Segments (of ``roles``) of the documents in which every coder coded something."""
    c = _human(codings)
    docs_of = (
        c.merge(segments[["segment_id", "doc_id"]], on="segment_id")
        .groupby("coder")["doc_id"]
        .agg(set)
    )
    common = set.intersection(*[docs_of.get(k, set()) for k in coders]) if coders else set()
    segs = segments[segments["doc_id"].isin(common)]
    if roles is not None:
        segs = segs[segs["role"].isin(list(roles))]
    return segs["segment_id"].astype(str).tolist()


def reliability_data(
    codings: pd.DataFrame,
    *,
    coders: Sequence[str] | None = None,
    units: Sequence[str] | pd.DataFrame | None = None,
    segments: pd.DataFrame | None = None,
    uncoded: str = "absent",
) -> tuple[np.ndarray, list[str], list[str], list[str]]:
    """The coder × unit × code array (1, 0 or NaN) behind every measure, with its labels."""
    if uncoded not in ("absent", "missing"):
        raise ValueError(
            _("uncoded must be « absent » or « missing », not {value}").format(value=repr(uncoded))
        )
    c = _human(codings)
    coders = list(coders) if coders is not None else sorted(c["coder"].unique())
    c = c[c["coder"].isin(coders)]
    if units is None:
        units = (
            units_from_documents(segments, c, coders=coders)
            if segments is not None
            else sorted(c["segment_id"].unique())
        )
    if isinstance(units, pd.DataFrame):
        read = units.assign(segment_id=units["segment_id"].astype(str))
        unit_ids = list(dict.fromkeys(read["segment_id"]))
    else:
        unit_ids = list(dict.fromkeys(str(u) for u in units))
        read = pd.DataFrame(
            [(u, k) for k in coders for u in unit_ids], columns=["segment_id", "coder"]
        )
    codes = sorted(set(c.loc[c["code"] != "", "code"]))
    ui = {u: i for i, u in enumerate(unit_ids)}
    ci = {k: i for i, k in enumerate(coders)}
    ki = {k: i for i, k in enumerate(codes)}
    seen = np.zeros((len(coders), len(unit_ids)), dtype=bool)
    r = read[read["coder"].isin(list(ci)) & isin(read["segment_id"], ui)]
    seen[r["coder"].map(ci).to_numpy(dtype=int), r["segment_id"].map(ui).to_numpy(dtype=int)] = True
    data = np.zeros((len(coders), len(unit_ids), len(codes)), dtype=np.float32)
    applied = c[(c["code"] != "") & isin(c["segment_id"], ui)]
    data[
        applied["coder"].map(ci).to_numpy(dtype=int),
        applied["segment_id"].map(ui).to_numpy(dtype=int),
        applied["code"].map(ki).to_numpy(dtype=int),
    ] = 1.0
    if uncoded == "missing":
        seen &= data.any(axis=2)
    data[~seen] = np.nan
    return data, coders, unit_ids, codes


def _alpha(x: np.ndarray) -> float:
    """Krippendorff's α (nominal) of a coders × units array with NaN for missing values.

    The krippendorff package computes it, except with many distinct values (sets of codes),
    where its value × value coincidence arrays per unit would not fit in memory: then the same
    quantity is computed in closed form (:func:`nominal_alpha`; tests check both agree).
    """
    pairable = (~np.isnan(x)).sum(axis=0) >= 2
    x = x[:, pairable]
    values = np.unique(x[~np.isnan(x)])
    if x.shape[1] == 0 or len(values) < 2:
        return float("nan")  # no variation: α is undefined
    if len(values) > _MAX_LIBRARY_VALUES:
        return nominal_alpha(x)
    import krippendorff

    return float(krippendorff.alpha(reliability_data=x, level_of_measurement="nominal"))


_MAX_LIBRARY_VALUES = 32


def nominal_alpha(x: np.ndarray) -> float:
    """Krippendorff's α for nominal data in closed form, for any number of values.

    α = 1 − (n − 1) Σᵤ (mᵤ² − Σ_c nᵤ꜀²) / (mᵤ − 1) / (n² − Σ_c n꜀²), over pairable units
    (mᵤ ≥ 2 values), with nᵤ꜀ the count of value c in unit u and n꜀ its total.
    """
    present = ~np.isnan(x)
    keep = present.sum(axis=0) >= 2
    x, present = x[:, keep], present[:, keep]
    m = present.sum(axis=0).astype(float)
    vals = x[present]
    n = float(len(vals))
    _, totals = np.unique(vals, return_counts=True)
    if len(totals) < 2:
        return float("nan")
    same = np.zeros(x.shape[1])
    for i in range(x.shape[0]):
        for j in range(x.shape[0]):
            same += (x[i] == x[j]) & present[i] & present[j]  # Σ_c nᵤ꜀², ordered pairs with i = j
    observed = ((m**2 - same) / (m - 1)).sum()
    return float(1 - (n - 1) * observed / (n**2 - float((totals.astype(float) ** 2).sum())))


def cohen_kappa(a: np.ndarray, b: np.ndarray) -> float:
    """Cohen's κ of two label vectors (NaN entries dropped); NaN when chance agreement is 1."""
    keep = ~(pd.isna(a) | pd.isna(b))
    a, b = np.asarray(a)[keep], np.asarray(b)[keep]
    if len(a) == 0:
        return float("nan")
    labels, inverse = np.unique(np.concatenate([a, b]), return_inverse=True)
    pa = np.bincount(inverse[: len(a)], minlength=len(labels)) / len(a)
    pb = np.bincount(inverse[len(a) :], minlength=len(labels)) / len(b)
    po = float(np.mean(a == b))
    pe = float(pa @ pb)
    return float("nan") if pe == 1 else (po - pe) / (1 - pe)


def _pairs(x: np.ndarray) -> tuple[float, float, int]:
    """Mean pairwise Cohen's κ, pairwise percentage agreement, and number of pairable units."""
    kappas, agree, total = [], 0.0, 0
    for i, j in itertools.combinations(range(x.shape[0]), 2):
        keep = ~(np.isnan(x[i]) | np.isnan(x[j]))
        agree += float(np.sum(x[i, keep] == x[j, keep]))
        total += int(keep.sum())
        kappas.append(cohen_kappa(x[i, keep], x[j, keep]))
    kappa = float(np.nanmean(kappas)) if kappas and not all(np.isnan(kappas)) else float("nan")
    n = int(((~np.isnan(x)).sum(axis=0) >= 2).sum())
    return kappa, (agree / total if total else float("nan")), n


def agreement(
    codings: pd.DataFrame,
    *,
    coders: Sequence[str] | None = None,
    units: Sequence[str] | pd.DataFrame | None = None,
    segments: pd.DataFrame | None = None,
    uncoded: str = "absent",
    codebook: Any | None = None,
) -> pd.DataFrame:
    """Agreement per code and overall.

    Parameters
    ----------
    codings
        ``segment_id``, ``code``, ``coder`` (and ``status``: only accepted codings count); rows
        with an empty code mean "read, no code applies".
    coders
        Coders compared (default: all).
    units
        Segments read by every coder, or ``segment_id``/``coder`` pairs (see module doc).
    segments
        The segments table, to derive default units from the documents coded.
    uncoded
        ``"absent"`` or ``"missing"`` (see module doc).
    codebook
        Orders the codes as in the codebook.

    Returns
    -------
    One row per code and the overall rows: ``n_units`` (pairable), ``n_coded`` (units where
    any coder applied it), ``percent_agreement``, ``cohen_kappa``, ``krippendorff_alpha``.
    """
    data, coders, unit_ids, codes = reliability_data(
        codings, coders=coders, units=units, segments=segments, uncoded=uncoded
    )
    pairable = (
        (~np.isnan(data[:, :, 0])).sum(axis=0) >= 2
        if codes
        else np.zeros(len(unit_ids), dtype=bool)
    )
    data = data[:, pairable, :]  # units read by one coder only say nothing about agreement
    if codebook is not None:
        order = sorted(
            range(len(codes)),
            key=lambda k: codebook.names.index(codes[k]) if codes[k] in codebook else 10**6,
        )
        data, codes = data[:, :, order], [codes[k] for k in order]
    rows = []
    for k, code in enumerate(codes):
        x = data[:, :, k]
        kappa, pct, n = _pairs(x)
        rows.append(
            {
                "code": code,
                "n_units": n,
                "n_coded": int(np.nansum(x, axis=0).astype(bool).sum()),
                "percent_agreement": pct,
                "cohen_kappa": kappa,
                "krippendorff_alpha": _alpha(x),
            }
        )
    per_code = pd.DataFrame(
        rows,
        columns=[
            "code",
            "n_units",
            "n_coded",
            "percent_agreement",
            "cohen_kappa",
            "krippendorff_alpha",
        ],
    )
    pooled = data.reshape(len(coders), -1)
    kappa, pct, _ = _pairs(pooled)
    n_units = int(pairable.sum())
    overall = [
        {
            "code": "(binaire, toutes)",
            "n_units": n_units,
            "n_coded": int(np.nansum(data, axis=(0, 2)).astype(bool).sum()),
            "percent_agreement": pct,
            "cohen_kappa": kappa,
            "krippendorff_alpha": _alpha(pooled),
        }
    ]
    sets = code_sets(data)
    kappa, pct, _ = _pairs(sets)
    overall.append(
        {
            "code": "(ensemble de codes)",
            "n_units": n_units,
            "n_coded": overall[0]["n_coded"],
            "percent_agreement": pct,
            "cohen_kappa": kappa,
            "krippendorff_alpha": _alpha(sets),
        }
    )
    overall.append(
        {
            "code": "(moyenne)",
            "n_units": n_units,
            "n_coded": None,
            **per_code[["percent_agreement", "cohen_kappa", "krippendorff_alpha"]].mean().to_dict(),
        }
    )
    out = pd.concat([per_code, pd.DataFrame(overall)], ignore_index=True)
    out.attrs["provenance"] = record(
        "agreement",
        parameters={
            "coders": coders,
            "uncoded": uncoded,
            "units": "given"
            if units is not None
            else ("documents" if segments is not None else "coded"),
        },
        n_units=len(unit_ids),
        n_codes=len(codes),
    )
    return out


def code_sets(data: np.ndarray) -> np.ndarray:
    """Coders × units array of set-of-codes category ids (NaN where the unit was not read)."""
    missing = np.isnan(data).all(axis=2)
    keys = np.nan_to_num(data).astype(np.uint8)
    flat = keys.reshape(-1, keys.shape[2])
    _, inverse = (
        np.unique(flat, axis=0, return_inverse=True)
        if len(flat)
        else (None, np.zeros(0, dtype=int))
    )
    out = inverse.reshape(keys.shape[:2]).astype(np.float64)
    out[missing] = np.nan
    return out


def pairwise_kappa(
    codings: pd.DataFrame,
    *,
    coders: Sequence[str] | None = None,
    units: Sequence[str] | pd.DataFrame | None = None,
    segments: pd.DataFrame | None = None,
    uncoded: str = "absent",
) -> pd.DataFrame:
    """Cohen's κ on the pooled (unit, code) pairs for every pair of coders (a square table)."""
    data, coders, _, _ = reliability_data(
        codings, coders=coders, units=units, segments=segments, uncoded=uncoded
    )
    pooled = data.reshape(len(coders), -1)
    out = pd.DataFrame(np.eye(len(coders)), index=coders, columns=coders)
    for i, j in itertools.combinations(range(len(coders)), 2):
        out.iloc[i, j] = out.iloc[j, i] = cohen_kappa(pooled[i], pooled[j])
    return out
