"""The barometer panel of the reports: satisfaction, users-vs-managers gaps, trends.

Reads the k-suppressed tables written by the barometer step (``processed/barometer``) and shapes
them into the published artifacts of docs/artifacts.md.
"""

from __future__ import annotations

import functools

import pandas as pd
import plotly.graph_objects as go

from transfo_analysis.barometer import wave_sort_key
from transfo_analysis.i18n import _
from transfo_analysis.labels import RESPONDENT_TYPE_LABELS, dimension_label
from transfo_analysis.reporting._context import ReportContext


@functools.lru_cache(maxsize=4)
def _tables(processed_dir: str, mtime: float) -> dict[str, pd.DataFrame]:
    del mtime  # part of the cache key only
    from pathlib import Path

    folder = Path(processed_dir) / "barometer"
    return {p.stem: pd.read_parquet(p) for p in folder.glob("*.parquet")}


def barometer_tables(ctx: ReportContext) -> dict[str, pd.DataFrame]:
    """The barometer tables of the project (empty dict when the project has no barometer).

    Parameters
    ----------
    ctx
        The report context.

    Returns
    -------
    The barometer tables by name.
    """
    folder = ctx.project.processed_dir / "barometer"
    if not (folder / "indicators.parquet").exists():
        return {}
    return _tables(str(ctx.project.processed_dir), (folder / "indicators.parquet").stat().st_mtime)


def has_barometer(ctx: ReportContext) -> bool:
    """Whether the territory (any territory for the synthesis) has barometer results.

    Parameters
    ----------
    ctx
        The report context.

    Returns
    -------
    Whether there are barometer results to show.
    """
    ind = barometer_tables(ctx).get("indicators")
    if ind is None:
        return False
    return bool(len(ind) if ctx.territory is None else (ind["territory"] == ctx.territory).any())


def _territory(ctx: ReportContext, table: pd.DataFrame) -> pd.DataFrame:
    return table if ctx.territory is None else table[table["territory"] == ctx.territory]


def _last_wave(table: pd.DataFrame, column: str = "wave") -> str | None:
    waves = sorted(table[column].astype(str).unique(), key=wave_sort_key)
    return waves[-1] if waves else None


def barometer_indicators(ctx: ReportContext) -> pd.DataFrame:
    """Satisfaction per service, dimension, wave and
    respondent type (artifact ``barometer_indicators``).

    Columns: ``service``, ``service_label``, ``dimension``, ``dimension_label``, ``wave``,
    ``respondent_type``, ``respondent_label``, ``n``, ``mean``, ``mean_low``, ``mean_high``,
    ``satisfaction``, ``satisfaction_low``, ``satisfaction_high`` (shares 0–1), ``suppressed``.

    Parameters
    ----------
    ctx
        The report context (its territory, ``k`` and barometer tables).

    Returns
    -------
    The indicators table, k-suppressed.
    """
    ind = _territory(ctx, barometer_tables(ctx).get("indicators", pd.DataFrame()))
    if ind.empty:
        return pd.DataFrame()
    out = ind.rename(
        columns={
            "satisfied_rate": "satisfaction",
            "satisfied_low": "satisfaction_low",
            "satisfied_high": "satisfaction_high",
        }
    )
    out = out.assign(
        service_label=out["service"].map(ctx.project.service_label),
        dimension_label=out["dimension"].map(dimension_label),
        respondent_label=out["respondent_type"].map(lambda t: RESPONDENT_TYPE_LABELS.get(t, t)),
        wave=out["wave"].astype(str),
    )
    cols = [
        "territory",
        "service",
        "service_label",
        "dimension",
        "dimension_label",
        "wave",
        "respondent_type",
        "respondent_label",
        "n",
        "mean",
        "mean_low",
        "mean_high",
        "satisfaction",
        "satisfaction_low",
        "satisfaction_high",
        "suppressed",
    ]
    out = out[cols].reset_index(drop=True)
    out.attrs = {"k": ctx.k, "provenance": ctx.provenance("barometer_indicators")}
    return out


def barometer_gaps(ctx: ReportContext, *, wave: str | None = "last") -> pd.DataFrame:
    """Users-vs-managers perception gaps, largest
    over-estimation first (artifact ``barometer_gaps``).

    Parameters
    ----------
    ctx
        The report context.
    wave
        ``"last"`` (default) keeps the latest wave, ``None`` every wave, or a wave label.

    Columns: ``service``, ``service_label``, ``dimension``, ``dimension_label``, ``wave``,
    ``mean_users``, ``mean_staff``, ``gap`` (managers − users, in points), ``gap_low``,
    ``gap_high``, ``p_value`` (Welch), ``direction`` (French reading), ``suppressed``.

    Returns
    -------
    The gaps table.
    """
    gaps = _territory(ctx, barometer_tables(ctx).get("gaps", pd.DataFrame()))
    if gaps.empty:
        return pd.DataFrame()
    gaps = gaps.assign(wave=gaps["wave"].astype(str))
    if wave == "last":
        gaps = gaps[gaps["wave"] == _last_wave(gaps)]
    elif wave is not None:
        gaps = gaps[gaps["wave"] == str(wave)]
    out = gaps.rename(columns={"p_welch": "p_value", "reading": "direction"}).assign(
        service_label=gaps["service"].map(ctx.project.service_label),
        dimension_label=gaps["dimension"].map(dimension_label),
    )
    out = out.sort_values(["suppressed", "gap"], ascending=[True, False])
    cols = [
        "territory",
        "service",
        "service_label",
        "dimension",
        "dimension_label",
        "wave",
        "n_users",
        "n_staff",
        "mean_users",
        "mean_staff",
        "gap",
        "gap_low",
        "gap_high",
        "p_value",
        "direction",
        "suppressed",
    ]
    out = out[cols].reset_index(drop=True)
    out.attrs = {"k": ctx.k, "provenance": ctx.provenance("barometer_gaps", wave=wave)}
    return out


def barometer_gap_figure(
    ctx: ReportContext, gaps: pd.DataFrame | None = None, *, top: int = 12
) -> go.Figure:
    """The gap chart (users vs managers) of the territory's latest wave.

    Parameters
    ----------
    ctx
        The report context.
    gaps
        The gaps table (default: :func:`barometer_gaps` of the context).
    top
        How many gaps to show.

    Returns
    -------
    The dumbbell chart (empty with a French note when there is nothing to show).
    """
    from transfo_analysis.viz.barometer import gap_chart

    raw = _territory(ctx, barometer_tables(ctx).get("gaps", pd.DataFrame()))
    raw = raw[raw["wave"].astype(str) == _last_wave(raw)]
    return gap_chart(
        raw,
        top=top,
        labels=ctx.project.settings.services,
        title=_("Users and managers: gaps in perception ({wave})").format(wave=_last_wave(raw)),
    )


def barometer_trend_figure(ctx: ReportContext, *, dimension: str | None = None) -> go.Figure:
    """Users' satisfaction rate over waves, one line per
    service (all dimensions averaged unless one is named).

    Parameters
    ----------
    ctx
        The report context.
    dimension
        One dimension's slug (default: all dimensions averaged).

    Returns
    -------
    The line chart.
    """
    from transfo_analysis.viz.barometer import trend_lines

    ind = _territory(ctx, barometer_tables(ctx).get("indicators", pd.DataFrame()))
    ind = ind[ind["respondent_type"] == ctx.project.settings.barometer.users]
    if dimension is None:
        dimension = "delais" if (ind["dimension"] == "delais").any() else ind["dimension"].iloc[0]
    ind = ind[ind["dimension"] == dimension]
    return trend_lines(
        ind,
        measure="satisfied_rate",
        colour="service",
        labels=ctx.project.settings.services,
        title=_("Share of satisfied users: {dimension}").format(
            dimension=dimension_label(dimension).lower()
        ),
    )


def barometer_satisfaction(ctx: ReportContext) -> pd.DataFrame:
    """For the synthesis: users' satisfaction per
    territory and service, latest wave, all dimensions.

    Columns: ``territory``, ``territory_label``, ``service_label``, ``wave``, ``satisfaction``,
    ``satisfaction_low``, ``satisfaction_high``, ``n``, ``suppressed`` (mean over dimensions of the
    top-2-box rates and their bounds).

    Parameters
    ----------
    ctx
        The synthesis context.

    Returns
    -------
    The satisfaction table, k-suppressed.
    """
    ind = barometer_indicators(ctx)
    if ind.empty:
        return ind
    users = ind[ind["respondent_type"] == ctx.project.settings.barometer.users]
    last = users.groupby("territory")["wave"].transform(
        lambda w: sorted(w.unique(), key=wave_sort_key)[-1]
    )
    users = users[users["wave"] == last]
    out = users.groupby(["territory", "service_label", "wave"], as_index=False).agg(
        satisfaction=("satisfaction", "mean"),
        satisfaction_low=("satisfaction_low", "mean"),
        satisfaction_high=("satisfaction_high", "mean"),
        n=("n", "max"),
        suppressed=("suppressed", "any"),
    )
    out.loc[out["suppressed"], ["satisfaction", "satisfaction_low", "satisfaction_high", "n"]] = (
        float("nan")
    )
    out.insert(1, "territory_label", out["territory"].map(ctx.project.territory_label))
    out.attrs = {"k": ctx.k, "provenance": ctx.provenance("barometer_satisfaction")}
    return out
