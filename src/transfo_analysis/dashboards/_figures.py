"""Figures the dashboards rebuild from published tables when a filter applies.

Unfiltered views show the figures the reports published (``<name>.plotly.json``); a role,
criterion or service chosen on the page redraws from the table with the suite's theme. Withheld
values (fewer than k people) are never drawn as values: bars are left out and named « masqué ».
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from transfo_analysis.viz import PALETTE, ROLE_COLOURS, apply_theme, role_label

MASKED = "masqué (< k)"
TYPE_LABELS = {
    "usager": "Usagers",
    "gestionnaire": "Gestionnaires",
    "agent": "Agents",
    "elu": "Élus",
}
TYPE_COLOURS = {
    "usager": ROLE_COLOURS["usager"],
    "gestionnaire": ROLE_COLOURS["encadrant"],
    "agent": ROLE_COLOURS["agent"],
    "elu": ROLE_COLOURS["elu"],
}
DIMENSION_LABELS = {
    "accueil": "Accueil",
    "delais": "Délais",
    "information": "Information",
    "qualite": "Qualité du service",
    "qualite_service": "Qualité du service",
    "ecoute": "Écoute",
    "horaires": "Horaires",
    "proprete": "Propreté",
    "tarifs": "Tarifs",
    "global": "Satisfaction globale",
    "satisfaction_globale": "Satisfaction globale",
    "recommandation": "Recommandation",
}


def dimension_label(dimension: Any, table: pd.DataFrame | None = None) -> str:
    """French name of a barometer criterion: the table's ``dimension_label`` when it has one,
    else ``qualite_service`` → « Qualité du service ».
    """
    d = str(dimension)
    if table is not None and "dimension_label" in table:
        labels = table.loc[table["dimension"] == dimension, "dimension_label"].dropna()
        if len(labels):
            return str(labels.iloc[0])
    return DIMENSION_LABELS.get(d, d.replace("_", " ").capitalize())


def _type_label(rt: Any, part: pd.DataFrame) -> str:
    if "respondent_label" in part and part["respondent_label"].notna().any():
        return str(part["respondent_label"].dropna().iloc[0])
    return TYPE_LABELS.get(str(rt), str(rt))


def _suppressed(t: pd.DataFrame) -> pd.Series:
    return (
        t["suppressed"].fillna(False).astype(bool)
        if "suppressed" in t
        else pd.Series(False, index=t.index)
    )


def _percent(s: pd.Series) -> pd.Series:
    """Shares in [0, 1] as percentages (values already above 1 are taken as percentages)."""
    s = pd.to_numeric(s, errors="coerce")
    return s * 100 if s.dropna().abs().max() <= 1 else s


def _hbar_height(n: int) -> int:
    return 140 + 32 * max(n, 1)


def voices(table: pd.DataFrame, *, role: str | None = None, value: str = "n_words") -> go.Figure:
    """Words (or turns, people) per role; the chosen role in colour, the others in grey."""
    labels = {"n_words": "Mots", "n_segments": "Prises de parole", "n_respondents": "Personnes"}
    t = table.reset_index(drop=True)
    masked = _suppressed(t)
    colours = [ROLE_COLOURS.get(r, "#777") if role in (None, r) else "#cbd2d9" for r in t["role"]]
    fig = go.Figure(
        go.Bar(
            x=t["role"].map(role_label),
            y=pd.to_numeric(t[value], errors="coerce").fillna(0),
            marker_color=colours,
            text=[MASKED if m else "" for m in masked],
            textposition="outside",
            hovertemplate="%{x} : %{y}<extra></extra>",
        )
    )
    fig.update_layout(yaxis_title=labels.get(value, value), showlegend=False, height=380)
    return apply_theme(fig, title=f"{labels.get(value, value)} par profil")


def topics(table: pd.DataFrame, *, role: str | None = None, top: int = 10) -> go.Figure:
    """Share of each topic in what a role said (all roles side by side when ``role`` is None)."""
    t = table if role is None else table[table["role"] == role]
    t = t.assign(pct=_percent(t["share"]), masked=_suppressed(t))
    order = (
        t.groupby("label")["n_segments"].sum().sort_values(ascending=False).head(top).index[::-1]
    )
    t = t[t["label"].isin(order)]
    fig = go.Figure()
    for r, part in t.groupby("role", sort=False):
        part = part.set_index("label").reindex(order).dropna(subset=["role"])
        fig.add_bar(
            y=part.index,
            x=part["pct"].fillna(0),
            orientation="h",
            name=role_label(str(r)),
            marker_color=ROLE_COLOURS.get(str(r), "#777"),
            text=[MASKED if m else "" for m in part["masked"]],
            textposition="outside",
            hovertemplate="%{y} : %{x:.0f} %<extra>" + role_label(str(r)) + "</extra>",
        )
    fig.update_layout(
        barmode="group",
        xaxis_title="Part des prises de parole (%)",
        height=_hbar_height(len(order) * max(1, len(fig.data))),
    )
    title = "Thèmes abordés" + (f" — {role_label(role)}" if role else " par profil")
    return apply_theme(fig, title=title)


def specific_words(table: pd.DataFrame, *, role: str, top: int = 15) -> go.Figure:
    """The words a role uses more than the others (positive Lafon specificity)."""
    t = table[(table["role"] == role) & (pd.to_numeric(table["score"], errors="coerce") > 0)]
    t = t.sort_values("score", ascending=False).head(top).iloc[::-1]
    fig = go.Figure(
        go.Bar(
            y=t["lemma"],
            x=t["score"],
            orientation="h",
            marker_color=ROLE_COLOURS.get(role, PALETTE[0]),
            customdata=t.get("frequency"),
            hovertemplate="%{y} : spécificité %{x:.1f}<br>%{customdata} occurrences<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis_title="Spécificité (plus la barre est longue, plus le mot est propre à ce profil)",
        height=_hbar_height(len(t)),
        showlegend=False,
    )
    return apply_theme(fig, title=f"Mots spécifiques — {role_label(role)}")


def all_roles_rows(table: pd.DataFrame) -> pd.Series:
    """Rows of a table that count every role together (``role_label`` « Tous »)."""
    by_label = (
        table["role_label"].astype(str).str.lower().isin(["tous", "tous les profils"])
        if "role_label" in table
        else False
    )
    by_role = (
        table["role"].isna() | table["role"].astype(str).str.lower().isin(["tous", "all", ""])
        if "role" in table
        else False
    )
    return pd.Series(by_label | by_role, index=table.index)


def codes(table: pd.DataFrame, *, role: str | None = None, top: int = 12) -> go.Figure:
    """The most frequent codes, for one role or for everybody."""
    t = table[all_roles_rows(table)] if role is None else table[table["role"] == role]
    t = t.assign(masked=_suppressed(t), n=pd.to_numeric(t["n_segments"], errors="coerce"))
    t = t.sort_values(["masked", "n"], ascending=[True, False]).head(top).iloc[::-1]
    colour = ROLE_COLOURS.get(role, PALETTE[0]) if role else PALETTE[2]
    fig = go.Figure(
        go.Bar(
            y=t["code_label"],
            x=t["n"].fillna(0),
            orientation="h",
            marker_color=colour,
            text=[MASKED if m else "" for m in t["masked"]],
            textposition="outside",
            hovertemplate="%{y} : %{x} prises de parole<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis_title="Prises de parole codées", height=_hbar_height(len(t)), showlegend=False
    )
    return apply_theme(
        fig, title="Codes les plus fréquents" + (f" — {role_label(role)}" if role else "")
    )


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
        pct=_percent(t["satisfaction"]),
        lo=_percent(t["satisfaction_low"]),
        hi=_percent(t["satisfaction_high"]),
        masked=_suppressed(t),
    )
    fig = go.Figure()
    order = {rt: i for i, rt in enumerate(TYPE_LABELS)}  # users first, in every figure
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
                hovertemplate="%{y} : %{x:.0f} % satisfaits<br>%{customdata} réponses<extra>"
                + name
                + "</extra>",
            )
        )
    fig.update_layout(
        xaxis=dict(
            title="Part de satisfaits (%), avec intervalle de confiance à 95 %", range=[0, 100]
        ),
        scattermode="group",
        scattergap=0.4,  # users and managers of a service side by side
        height=_hbar_height(t["service_label"].nunique()) + 40,
    )
    return apply_theme(fig, title=f"{dimension_label(dimension, table)} — satisfaction en {wave}")


def trends(
    table: pd.DataFrame, *, dimension: str, respondent_types: list[str] | None = None
) -> go.Figure:
    """Share of satisfied people per wave, one line per service (and respondent type)."""
    t = table[table["dimension"] == dimension]
    if respondent_types:
        t = t[t["respondent_type"].isin(respondent_types)]
    t = t.assign(pct=_percent(t["satisfaction"]), wave=t["wave"].astype(str)).sort_values("wave")
    fig = go.Figure()
    services = list(dict.fromkeys(t["service_label"]))
    dashes = ["solid", "dash", "dot", "dashdot"]
    order = {rt: i for i, rt in enumerate(TYPE_LABELS)}
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
        yaxis=dict(title="Part de satisfaits (%)", range=[0, 100]),
        xaxis=dict(title="Vague", type="category"),
        height=440,
        legend=dict(orientation="v", x=1.02, xanchor="left", y=1, yanchor="top"),
        margin=dict(r=260),
    )
    return apply_theme(fig, title=f"{dimension_label(dimension, table)} — évolution")


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
            hovertemplate="%{y} : écart de %{x:.2f} point<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis_title="Note des gestionnaires − note des usagers (points)",
        height=_hbar_height(len(t)),
        showlegend=False,
    )
    wave = f" ({latest_wave(t)})" if "wave" in t and t["wave"].notna().any() else ""
    return apply_theme(
        fig, title=f"{dimension_label(dimension, table)} — écart de perception{wave}"
    )


def heatmap(
    table: pd.DataFrame, *, rows: str, value: str = "share", title: str, top: int = 12
) -> go.Figure:
    """Territories side by side: one cell per (row, territory); withheld cells say « masqué »,
    cells with nothing published « – ».
    """
    t = table.assign(
        v=_percent(table[value])
        if value == "share"
        else pd.to_numeric(table[value], errors="coerce"),
        masked=_suppressed(table),
    )
    t["label_"] = [
        ("masqué" if m else "–") if pd.isna(v) else f"{v:.0f} %"
        for v, m in zip(t["v"], t["masked"], strict=True)
    ]
    keep = t.groupby(rows)["n_segments"].sum().sort_values(ascending=False).head(top).index
    t = t[t[rows].isin(keep)]
    grid = t.pivot_table(
        index=rows, columns="territory_label", values="v", aggfunc="first", dropna=False
    ).reindex(keep[::-1])
    text = (
        t.pivot_table(index=rows, columns="territory_label", values="label_", aggfunc="first")
        .reindex(index=grid.index, columns=grid.columns)
        .fillna("–")
    )
    zmax = float(pd.Series(grid.to_numpy().ravel()).max(skipna=True) or 1)
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=list(grid.columns),
            y=list(grid.index),
            text=text.to_numpy(),
            texttemplate="%{text}",
            zmin=0,
            zmax=zmax,
            colorscale="Blues",
            colorbar=dict(title="%"),
            hovertemplate="%{y} — %{x} : %{text}<extra></extra>",
        )
    )
    fig.update_layout(height=_hbar_height(len(grid)) + 60, xaxis=dict(side="top"))
    return apply_theme(fig, title=title)


def satisfaction_by_territory(table: pd.DataFrame, *, service: str) -> go.Figure:
    """Share of satisfied users of one service per territory and wave, with intervals."""
    t = table[table["service_label"] == service]
    t = t.assign(
        pct=_percent(t["satisfaction"]),
        lo=_percent(t["satisfaction_low"]),
        hi=_percent(t["satisfaction_high"]),
        wave=t["wave"].astype(str),
    )
    fig = go.Figure()
    for i, (wave, part) in enumerate(t.sort_values("wave").groupby("wave", sort=False)):
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
            hovertemplate="%{y} : %{x:.0f} % satisfaits<extra>" + f"Vague {wave}" + "</extra>",
        )
    fig.update_layout(
        barmode="group",
        xaxis=dict(title="Part de satisfaits (%)", range=[0, 100]),
        height=_hbar_height(t["territory_label"].nunique() * 2),
    )
    return apply_theme(fig, title=f"{service} — satisfaction par territoire")


PLOTLY_MIME = "application/vnd.plotly.v1+json"


def mimebundle(fig: go.Figure | dict[str, Any]) -> dict[str, Any]:
    """What the page needs to draw a figure (plotly's JSON mimetype, without the 3 MB library)."""
    import json

    import plotly.io as pio

    data = json.loads(pio.to_json(fig, validate=False)) if isinstance(fig, go.Figure) else dict(fig)
    layout = data["layout"] = dict(data.get("layout") or {})
    layout.setdefault("height", 420)  # the page's plotly renderer gives no height of its own
    layout.pop("width", None)
    data["config"] = {
        "displaylogo": False,
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
    }
    return {PLOTLY_MIME: data}


def figure_html(figure: dict[str, Any]) -> str:
    """A chart for ``transfo serve``'s page: its ``<div>`` and the call that draws it with the
    page's plotly.js (once; see ``dashboards/template/index.html.j2``).

    ``figure`` is plotly JSON (:func:`mimebundle`'s). The JSON is written so that nothing in it can
    close the script or open markup (``<``, ``>`` and ``&`` as JSON escapes), whatever the labels.
    """
    import json

    text = json.dumps(
        figure, ensure_ascii=False, separators=(",", ":"), default=str
    )  # NaN is NaN in JavaScript too
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    height = int((figure.get("layout") or {}).get("height") or 420)
    return f'<div class="tr-plot" style="height:{height}px"></div><script>window.transfo.plot({text})</script>'
