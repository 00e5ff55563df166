"""Topics crossed with roles, territories, time and codes (tidy tables the figures plot)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from transfo_analysis.i18n import _

if TYPE_CHECKING:
    from transfo_analysis.topics._result import TopicResult


def topics_by(
    result: TopicResult, by: str = "role", *, unit: str = "segments", include_outliers: bool = False
) -> pd.DataFrame:
    """Topic counts and shares within each group (role, territory, service or any column).

    Parameters
    ----------
    result
        A fitted or loaded :class:`TopicResult`.
    by
        Column of ``result.assignments`` (``role``, ``territory``, ``service``, ``doc_id``…).
    unit
        Count ``segments`` or distinct ``units``.
    include_outliers
        Keep the outlier topic (-1) as a row.

    Returns
    -------
    Long table: ``topic``, ``label``, ``<by>`` (and ``role_label`` in French when ``by`` is
    ``role``), ``n_segments`` or ``n_units``, ``share`` (of the group's modelled segments or
    units, outliers included in the denominator), ``share_of_topic``. Counts are not
    k-suppressed: apply :mod:`transfo_analysis.anonymise.disclosure` before publishing.
    """
    if by not in result.assignments:
        raise KeyError(
            _("no column {by!r} in the assignments (have: {columns})").format(
                by=by, columns=", ".join(result.assignments.columns)
            )
        )
    a = result.assignments[result.assignments["modelled"]]
    if unit == "units":
        a = a.drop_duplicates("unit_id")
    n = "n_units" if unit == "units" else "n_segments"
    counts = a.groupby(["topic", by], dropna=False).size().rename(n).reset_index()
    totals = a.groupby(by, dropna=False).size()
    counts["share"] = counts[n] / counts[by].map(totals)
    counts["share_of_topic"] = counts[n] / counts.groupby("topic")[n].transform("sum")
    if not include_outliers:
        counts = counts[counts["topic"] >= 0]
    counts.insert(1, "label", counts["topic"].map(result.labels()))
    if by == "role":
        from transfo_analysis.labels import role_label

        counts.insert(3, "role_label", counts["role"].map(role_label))
    return _with_provenance(
        counts.sort_values(["topic", by]).reset_index(drop=True),
        result,
        table=f"topics_by_{by}",
        unit=unit,
    )


def topics_over_time(
    result: TopicResult,
    *,
    freq: str = "QS",
    column: str | None = None,
    include_outliers: bool = False,
) -> pd.DataFrame:
    """Topic shares per period: the documents' dates binned by ``freq``, or a wave column.

    Parameters
    ----------
    freq
        pandas period alias for dates (``"MS"`` months, ``"QS"`` quarters, ``"YS"`` years).
    column
        A column of ``result.assignments`` naming waves (used as is instead of dates).

    Returns
    -------
    Long table: ``period``, ``topic``, ``label``, ``n_segments``, ``share`` (of the period's
    segments).
    Segments without a date are left out.
    """
    a = result.assignments[result.assignments["modelled"]].copy()
    if column is not None:
        a["period"] = a[column]
    else:
        a = a[a["date"].notna()]
        a["period"] = pd.to_datetime(a["date"]).dt.to_period(_period_alias(freq)).dt.start_time
    a = a[a["period"].notna()]
    counts = a.groupby(["period", "topic"]).size().rename("n_segments").reset_index()
    counts["share"] = counts["n_segments"] / counts.groupby("period")["n_segments"].transform("sum")
    if not include_outliers:
        counts = counts[counts["topic"] >= 0]
    counts.insert(2, "label", counts["topic"].map(result.labels()))
    return _with_provenance(
        counts.sort_values(["period", "topic"]).reset_index(drop=True),
        result,
        table="topics_over_time",
        freq=freq,
        column=column,
    )


def _period_alias(freq: str) -> str:
    return {"MS": "M", "QS": "Q", "YS": "Y", "AS": "Y", "W": "W", "D": "D"}.get(freq, freq)


def topic_code_table(
    result: TopicResult, codings: pd.DataFrame, *, include_outliers: bool = True
) -> pd.DataFrame:
    """Topic × code contingency: number of distinct segments of each topic coded with each code.

    Parameters
    ----------
    codings
        ``segment_id`` and ``code`` columns; rows whose ``status`` is ``suggested`` or
        ``rejected`` (the annotation store's statuses) are left out.

    Returns
    -------
    One row per topic (``topic``, ``label``) and one column per code.
    """
    missing = {"segment_id", "code"} - set(codings.columns)
    if missing:
        raise KeyError(
            _("the codings table lacks column(s) {missing}").format(
                missing=", ".join(sorted(missing))
            )
        )
    c = codings
    if "status" in c:
        c = c[~c["status"].isin(["suggested", "rejected"])]
    c = c[["segment_id", "code"]].drop_duplicates()
    a = result.assignments[["segment_id", "topic"]]
    if not include_outliers:
        a = a[a["topic"] >= 0]
    merged = a.merge(c, on="segment_id", how="inner")
    table = pd.crosstab(merged["topic"], merged["code"]).reindex(
        sorted(a["topic"].unique()), fill_value=0
    )
    table.columns.name = None
    table = table.reset_index()
    table.insert(1, "label", table["topic"].map(result.labels()))
    return _with_provenance(table, result, table="topic_codes", n_codings=int(len(c)))


def _with_provenance(df: pd.DataFrame, result: TopicResult, **details: object) -> pd.DataFrame:
    """Attach the model's provenance (and how the table was derived) to a table."""
    df.attrs["provenance"] = {**result.provenance, "derived": details}
    return df
