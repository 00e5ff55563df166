"""What the coding says: code frequencies and code × attribute crosstabs, as DataFrames.

Every function takes the corpus (or its segments table) first and the codings second, and
accepts ``k``: ``None`` gives the researcher's view; an integer applies k-suppression (the
pseudonymisation issue): counts resting on fewer than ``k`` distinct respondents are blanked
and marked, as anything shown to stakeholders must be.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from transfo_analysis.coding.api import coded_segments
from transfo_analysis.coding.codebook import Codebook
from transfo_analysis.corpus import Corpus
from transfo_analysis.i18n import _
from transfo_analysis.provenance import record


def tables(
    corpus: Corpus | pd.DataFrame, speakers: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """(segments, speakers) from a :class:`~transfo_analysis.corpus.Corpus` or a segments frame."""
    if hasattr(corpus, "segments"):
        return corpus.segments, speakers if speakers is not None else corpus.speakers
    return corpus, speakers


def prepare(
    corpus: Corpus | pd.DataFrame,
    codings: pd.DataFrame,
    *,
    speakers: pd.DataFrame | None = None,
    rollup: bool = False,
    codebook: Codebook | None = None,
    status: str | None = "accepted",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Codings joined with segments, with a ``respondent`` column (person, else speaker)."""
    segments, speakers = tables(corpus, speakers)
    coded = coded_segments(codings, segments, status=status, speakers=speakers)
    if rollup:
        if codebook is None:
            raise ValueError(_("rollup=True needs the codebook"))
        ancestors = {c: codebook.ancestors(c) for c in codebook.names}
        extra = (
            coded.assign(code=coded["code"].map(lambda c: ancestors.get(c, [])))
            .explode("code")
            .dropna(subset=["code"])
        )
        coded = pd.concat([coded, extra], ignore_index=True)
    person = "person_id" if "person_id" in coded else "speaker_id"
    # interviewers are not respondents: their coded turns count as segments, not as people
    coded = coded.assign(respondent=coded[person].where(coded["role"] != "enqueteur"))
    segs = segments
    if speakers is not None and "person_id" in speakers and "person_id" not in segs:
        segs = segs.merge(speakers[["speaker_id", "person_id"]], on="speaker_id", how="left")
    segs = segs.assign(respondent=segs["person_id"] if "person_id" in segs else segs["speaker_id"])
    return coded, segs


def code_frequencies(
    corpus: Corpus | pd.DataFrame,
    codings: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    speakers: pd.DataFrame | None = None,
    k: int | None = None,
    rollup: bool = False,
    codebook: Codebook | None = None,
) -> pd.DataFrame:
    """How often each code occurs: segments, documents and distinct respondents, by group.

    Parameters
    ----------
    corpus
        The (pseudonymised) corpus, or its segments table.
    codings
        Codings (accepted ones are counted; several coders' codings of one segment count once).
    by
        Segment columns to group by (``"territory"``, ``"role"``, ``"service"``…).
    speakers
        The speakers table (taken from the corpus when given one): respondents are counted by
        ``person_id``.
    k
        ``None`` for the researcher's view; an int blanks rows with fewer than ``k`` respondents.
    rollup
        Count each sub-code also for its parents (needs ``codebook``).
    codebook
        Gives the order and the hierarchy.

    Returns
    -------
    One row per (group, code): ``n_segments``, ``n_documents``, ``n_respondents``,
    ``pct_respondents`` (share of the group's respondents who said it), and ``suppressed``.
    """
    keys = [by] if isinstance(by, str) else list(by or [])
    coded, segs = prepare(corpus, codings, speakers=speakers, rollup=rollup, codebook=codebook)
    coded = coded.drop_duplicates(["segment_id", "code"])
    out = (
        coded.groupby([*keys, "code"], dropna=False)
        .agg(
            n_segments=("segment_id", "nunique"),
            n_documents=("doc_id", "nunique"),
            n_respondents=("respondent", "nunique"),
        )
        .reset_index()
    )
    resp = segs[segs["role"] != "enqueteur"]
    if keys:
        totals = (
            resp.groupby(keys, dropna=False)["respondent"].nunique().rename("_total").reset_index()
        )
        out = out.merge(totals, on=keys, how="left")
    else:
        out["_total"] = resp["respondent"].nunique()
    out["pct_respondents"] = 100 * out["n_respondents"] / out["_total"].where(out["_total"] > 0)
    out = out.drop(columns="_total")
    if codebook is not None:
        order = {c: i for i, c in enumerate(codebook.names)}
        out = out.assign(_o=out["code"].map(order)).sort_values([*keys, "_o"]).drop(columns="_o")
    else:
        out = out.sort_values([*keys, "n_segments"], ascending=[True] * len(keys) + [False])
    out = out.reset_index(drop=True)
    if k is not None:
        from transfo_analysis.anonymise.disclosure import (
            suppress_rows,  # the anonymise package is heavy to import
        )

        out = suppress_rows(out, respondents="n_respondents", k=k)
    else:
        out["suppressed"] = False
    out.attrs["provenance"] = record(
        "code_frequencies", parameters={"by": keys, "k": k, "rollup": rollup}, n_codings=len(coded)
    )
    return out


def code_crosstab(
    corpus: Corpus | pd.DataFrame,
    codings: pd.DataFrame,
    *,
    by: str = "territory",
    unit: str = "segment",
    speakers: pd.DataFrame | None = None,
    k: int | None = None,
    codebook: Codebook | None = None,
) -> pd.DataFrame:
    """Code × attribute crosstab with χ² and adjusted standardised residuals.

    Parameters
    ----------
    corpus, codings, speakers, codebook
        As in :func:`code_frequencies`.
    by
        The attribute (a segment column: territory, role, service…).
    unit
        ``"segment"`` counts coded segments; ``"respondent"`` counts distinct respondents who
        said the code at least once.
    k
        ``None`` or the suppression threshold (cells with fewer than ``k`` respondents are blanked).

    Returns
    -------
    Long table: ``code``, ``by`` value, ``observed``, ``expected``, ``residual`` (adjusted
    standardised residual: beyond ±1.96 the cell departs from independence at 5 %), ``pct``
    (share of the column) and ``suppressed``. ``attrs["test"]`` holds χ², dof, p and Cramér's V.
    A segment with several codes counts once per code, so the χ² is descriptive rather than exact.
    """
    coded, _ = prepare(corpus, codings, speakers=speakers)
    coded = coded.drop_duplicates(["segment_id", "code"])
    what = "segment_id" if unit == "segment" else "respondent"
    observed = coded.groupby(["code", by])[what].nunique().unstack(fill_value=0)
    respondents = (
        coded.groupby(["code", by])["respondent"]
        .nunique()
        .unstack(fill_value=0)
        .reindex_like(observed)
    )
    if codebook is not None:
        order = [c for c in codebook.names if c in observed.index]
        observed, respondents = observed.loc[order], respondents.loc[order]
    obs = observed.to_numpy(dtype=float)
    test: dict[str, Any] = {"chi2": np.nan, "dof": 0, "p": np.nan, "cramers_v": np.nan}
    if obs.shape[0] >= 2 and obs.shape[1] >= 2 and obs.sum() > 0:
        chi2, p, dof, expected = stats.chi2_contingency(obs, correction=False)
        n = obs.sum()
        row, col = obs.sum(1, keepdims=True) / n, obs.sum(0, keepdims=True) / n
        with np.errstate(invalid="ignore", divide="ignore"):
            resid = (obs - expected) / np.sqrt(expected * (1 - row) * (1 - col))
        test = {
            "chi2": float(chi2),
            "dof": int(dof),
            "p": float(p),
            "cramers_v": float(np.sqrt(chi2 / (n * (min(obs.shape) - 1)))),
        }
    else:
        expected = np.full_like(obs, np.nan)
        resid = np.full_like(obs, np.nan)
    pct = 100 * obs / np.where(obs.sum(0, keepdims=True) > 0, obs.sum(0, keepdims=True), np.nan)
    frame = lambda a: pd.DataFrame(a, index=observed.index, columns=observed.columns)  # noqa: E731
    long = (
        pd.concat(
            {
                "observed": observed,
                "expected": frame(expected),
                "residual": frame(resid),
                "pct": frame(pct),
                "n_respondents": respondents,
            },
            axis=1,
        )
        .stack(future_stack=True)
        .reset_index()
    )
    long.columns = ["code", by, *long.columns[2:]]
    if k is not None:
        from transfo_analysis.anonymise.disclosure import suppress_cells

        s = suppress_cells(
            long[["observed", "expected", "residual", "pct"]], long["n_respondents"], k=k
        )
        long[["observed", "expected", "residual", "pct"]] = s
        hidden = {int(r) for r, _ in s.attrs.get("suppressed", [])}  # [row position, column] pairs
        long["suppressed"] = np.isin(np.arange(len(long)), list(hidden))
        long.loc[long["suppressed"], "n_respondents"] = np.nan
    else:
        long["suppressed"] = False
    long.attrs["test"] = test
    long.attrs["provenance"] = record(
        "code_crosstab", parameters={"by": by, "unit": unit, "k": k}, **test
    )
    return long
