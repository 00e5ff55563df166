"""Figures of the published barometer tables: satisfaction, its trend, perception gaps.

They draw the reports' k-suppressed tables (``barometer_indicators``, ``barometer_gaps``,
``barometer_satisfaction``, see ``docs/artifacts.md``): ``satisfaction``, ``satisfaction_low`` and
``satisfaction_high`` are fractions in [0, 1]. Withheld values (fewer than k people) are never
drawn as values: their points are left out and bars read « masqué ».
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from transfo_analysis.i18n import _
from transfo_analysis.labels import RESPONDENT_TYPE_LABELS, dimension_label, respondent_type_label
from transfo_analysis.viz._labels import MASKED
from transfo_analysis.viz._theme import PALETTE, ROLE_COLOURS, apply_theme

__all__ = [
    "criterion_label",
    "gaps",
    "latest_wave",
    "satisfaction",
    "satisfaction_by_territory",
    "trends",
]

#: colour of each respondent type, matching the interview role it corresponds to
TYPE_COLOURS = {
    "usager": ROLE_COLOURS["usager"],
    "gestionnaire": ROLE_COLOURS["encadrant"],
    "agent": ROLE_COLOURS["agent"],
    "elu": ROLE_COLOURS["elu"],
}


def criterion_label(dimension: Any, table: pd.DataFrame) -> str:
    """The table's own ``dimension_label`` (the project may name criteria), else the usual one."""
    if "dimension_label" in table:
        labels = table.loc[table["dimension"] == dimension, "dimension_label"].dropna()
        if len(labels):
            return str(labels.iloc[0])
    return dimension_label(dimension)


def _type_label(rt: Any, part: pd.DataFrame) -> str:
    if "respondent_label" in part and part["respondent_label"].notna().any():
        return str(part["respondent_label"].dropna().iloc[0])
    return respondent_type_label(rt)


def _suppressed(t: pd.DataFrame) -> pd.Series:
    if "suppressed" not in t:
        return pd.Series(False, index=t.index)
    return t["suppressed"].fillna(False).astype(bool)


def _pct(s: pd.Series) -> pd.Series:
    """A column of fractions in [0, 1] as percentages."""
    return pd.to_numeric(s, errors="coerce") * 100


def _height(n: int) -> int:
    return 140 + 32 * max(n, 1)


def latest_wave(table: pd.DataFrame) -> Any:
    """The most recent wave (waves sort as numbers when they are years)."""
    waves = table["wave"].dropna().unique().tolist()
    return (
        max(waves, key=lambda w: (str(w).isdigit(), int(w) if str(w).isdigit() else 0, str(w)))
        if waves
        else None
    )


def satisfaction(
    table: pd.DataFrame, *, dimension: str, respondent_types: list[str] | None = None
) -> go.Figure:
    """Share of satisfied people per service, latest wave, with confidence intervals."""
    t = table[table["dimension"] == dimension]
    wave = latest_wave(t)
    t = t[t["wave"] == wave]
    if respondent_types:
        t = t[t["respondent_type"].isin(respondent_types)]
    t = t.assign(
        pct=_pct(t["satisfaction"]),
        lo=_pct(t["satisfaction_low"]),
        hi=_pct(t["satisfaction_high"]),
        masked=_suppressed(t),
    )
    fig = go.Figure()
    order = {rt: i for i, rt in enumerate(RESPONDENT_TYPE_LABELS)}  # users first, in every figure
    for rt, part in sorted(
        t.groupby("respondent_type", sort=False), key=lambda g: order.get(str(g[0]), 99)
    ):
        if part["pct"].isna().all():  # withheld group: named in the notice, not drawn
            continue
        name = _type_label(rt, part)
        fig.add_trace(
            go.Scatter(
                y=part["service_label"],
                x=part["pct"],
                mode="markers",
                name=name,
                orientation="h",
                marker=dict(size=12, color=TYPE_COLOURS.get(str(rt), "#777")),
                error_x=dict(
                    type="data",
                    symmetric=False,
                    array=(part["hi"] - part["pct"]).clip(lower=0),
                    arrayminus=(part["pct"] - part["lo"]).clip(lower=0),
                ),
                customdata=part["n"],
                hovertemplate=_("%{y}: %{x:.0f} % satisfied<br>%{customdata} answers")
                + "<extra>"
                + name
                + "</extra>",
            )
        )
    fig.update_layout(
        xaxis=dict(title=_("Share satisfied (%), with 95 % confidence interval"), range=[0, 100]),
        scattermode="group",
        scattergap=0.4,  # users and managers of a service side by side
        height=_height(t["service_label"].nunique()) + 40,
    )
    return apply_theme(
        fig,
        title=_("{criterion} — satisfaction in {wave}").format(
            criterion=criterion_label(dimension, table), wave=wave
        ),
    )


def trends(
    table: pd.DataFrame, *, dimension: str, respondent_types: list[str] | None = None
) -> go.Figure:
    """Share of satisfied people per wave, one line per service (and respondent type)."""
    t = table[table["dimension"] == dimension]
    if respondent_types:
        t = t[t["respondent_type"].isin(respondent_types)]
    t = t.assign(pct=_pct(t["satisfaction"]), wave=t["wave"].astype(str)).sort_values("wave")
    fig = go.Figure()
    services = list(dict.fromkeys(t["service_label"]))
    dashes = ["solid", "dash", "dot", "dashdot"]
    order = {rt: i for i, rt in enumerate(RESPONDENT_TYPE_LABELS)}
    for (service, rt), part in sorted(
        t.groupby(["service_label", "respondent_type"], sort=False),
        key=lambda g: (services.index(g[0][0]), order.get(str(g[0][1]), 99)),
    ):
        if part["pct"].isna().all():
            continue
        name = f"{service} · {_type_label(rt, part)}"  # colour: the service; line: who answered
        fig.add_trace(
            go.Scatter(
                x=part["wave"],
                y=part["pct"],
                mode="lines+markers",
                name=name,
                line=dict(
                    color=PALETTE[services.index(service) % len(PALETTE)],
                    dash=dashes[order.get(str(rt), 3) % len(dashes)],
                ),
                hovertemplate="%{x} : %{y:.0f} %<extra>" + name + "</extra>",
            )
        )
    fig.update_layout(
        yaxis=dict(title=_("Share satisfied (%)"), range=[0, 100]),
        xaxis=dict(title=_("Wave"), type="category"),
        height=440,
        legend=dict(orientation="v", x=1.02, xanchor="left", y=1, yanchor="top"),
        margin=dict(r=260),
    )
    return apply_theme(
        fig,
        title=_("{criterion} — over time").format(criterion=criterion_label(dimension, table)),
    )


def gaps(table: pd.DataFrame, *, dimension: str) -> go.Figure:
    """Perception gap per service: managers' mean rating minus users', with its interval."""
    t = table[table["dimension"] == dimension].assign(masked=_suppressed(table))
    if "wave" in t and t["wave"].notna().any():
        t = t[t["wave"] == latest_wave(t)]
    t = t.sort_values("gap")
    gap = pd.to_numeric(t["gap"], errors="coerce")
    colours = [
        TYPE_COLOURS["gestionnaire"] if g > 0 else TYPE_COLOURS["usager"] for g in gap.fillna(0)
    ]
    fig = go.Figure(
        go.Bar(
            y=t["service_label"],
            x=gap.fillna(0),
            orientation="h",
            marker_color=colours,
            error_x=dict(
                type="data",
                symmetric=False,
                array=(pd.to_numeric(t["gap_high"], errors="coerce") - gap).clip(lower=0),
                arrayminus=(gap - pd.to_numeric(t["gap_low"], errors="coerce")).clip(lower=0),
            ),
            text=[MASKED if m else "" for m in t["masked"]],
            textposition="outside",
            hovertemplate=_("%{y}: gap of %{x:.2f} point") + "<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis_title=_("Managers' rating − users' rating (points)"),
        height=_height(len(t)),
        showlegend=False,
    )
    wave = f" ({latest_wave(t)})" if "wave" in t and t["wave"].notna().any() else ""
    return apply_theme(
        fig,
        title=_("{criterion} — gap in perception{wave}").format(
            criterion=criterion_label(dimension, table), wave=wave
        ),
    )


def satisfaction_by_territory(table: pd.DataFrame, *, service: str) -> go.Figure:
    """Share of satisfied users of one service per territory and wave, with intervals."""
    t = table[table["service_label"] == service]
    t = t.assign(
        pct=_pct(t["satisfaction"]),
        lo=_pct(t["satisfaction_low"]),
        hi=_pct(t["satisfaction_high"]),
        wave=t["wave"].astype(str),
    )
    fig = go.Figure()
    for i, (wave, part) in enumerate(t.sort_values("wave").groupby("wave", sort=False)):
        if part["pct"].isna().all():  # a wave withheld everywhere: no empty legend entry
            continue
        fig.add_bar(
            y=part["territory_label"],
            x=part["pct"],
            orientation="h",
            name=f"Vague {wave}",
            marker_color=PALETTE[i % len(PALETTE)],
            error_x=dict(
                type="data",
                symmetric=False,
                array=(part["hi"] - part["pct"]).clip(lower=0),
                arrayminus=(part["pct"] - part["lo"]).clip(lower=0),
            ),
            hovertemplate=_("%{y}: %{x:.0f} % satisfied")
            + "<extra>"
            + _("Wave {wave}").format(wave=wave)
            + "</extra>",
        )
    fig.update_layout(
        barmode="group",
        xaxis=dict(title=_("Share satisfied (%)"), range=[0, 100]),
        height=_height(t["territory_label"].nunique() * 2),
    )
    return apply_theme(
        fig, title=_("{service} — satisfaction by territory").format(service=service)
    )
