"""The prioritisation view by role: each theme of cards against the interviews' codes and topics.

Draws :func:`transfo_analysis.workshops.theme_evidence`: one row per theme and matching code (top
panel: share of the profile's people who said the code) or topic (bottom panel: share of the
profile's turns in the topic), one column per profile. A cell resting on fewer than ``k`` people
is left blank and marked « < k », never coloured.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from transfo_analysis.i18n import _
from transfo_analysis.labels import ALL_ROLES_LABEL
from transfo_analysis.numbers import fr_number
from transfo_analysis.viz._theme import apply_theme, role_label

#: the profiles as columns, in this order (``ensemble``: every profile together)
COLUMNS = ("ensemble", "usager", "agent", "encadrant", "elu")
#: what a blanked cell reads
SUPPRESSED = "< k"


def _row_label(theme: str, name: str) -> str:
    short = textwrap.shorten(" ".join(str(name).split()), 38, placeholder=" …")
    return f"{textwrap.shorten(str(theme), 30, placeholder=' …')} ▸ {short}"


def theme_evidence_figure(evidence: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Heatmaps of the codes (people) and topics (turns) matching each theme, by profile.

    Parameters
    ----------
    evidence
        Output of :func:`transfo_analysis.workshops.theme_evidence`.
    title
        Title (default: « Thèmes des cartes : ce qu'en disent les entretiens, par profil »).

    Returns
    -------
    plotly.graph_objects.Figure
        One panel per source present (codes, topics); rows « thème ▸ code » or « thème ▸ sujet »,
        columns the profiles heard in the scope; cell text the number of people (codes) or
        the share of turns (topics), « < k » for blanked cells; hover gives the shared terms
        and how the code matched.
    """
    sources = [s for s in ("code", "topic") if (evidence["source"] == s).any()]
    # a profile nobody of the scope belongs to has no share: no column
    present = evidence[evidence["pct"].notna() | evidence["suppressed"].astype(bool)]
    columns = [c for c in COLUMNS if (present["role"] == c).any()]
    names = [ALL_ROLES_LABEL if c == "ensemble" else role_label(c) for c in columns]
    heights = [
        max(1, evidence.loc[evidence["source"] == s, ["theme", "name"]].drop_duplicates().shape[0])
        for s in sources
    ]
    subtitles = {
        "code": _("Interview codes: share of the profile's people who said it (%)"),
        "topic": _("Interview topics: share of the profile's speaking turns (%)"),
    }
    fig = make_subplots(
        rows=max(1, len(sources)),
        cols=1,
        row_heights=[h / sum(heights) for h in heights] if sources else None,
        subplot_titles=[subtitles[s] for s in sources] or None,
        vertical_spacing=0.12 if len(sources) > 1 else 0.05,
    )
    for i, source in enumerate(sources, start=1):
        part = evidence[evidence["source"] == source].copy()
        part["row"] = [
            _row_label(t, n) for t, n in zip(part["theme_label"], part["name"], strict=True)
        ]
        order = list(dict.fromkeys(part.sort_values(["theme", "name"])["row"]))[::-1]
        pct = part.pivot_table(index="row", columns="role", values="pct", aggfunc="first")
        pct = pct.reindex(index=order, columns=columns)
        info = part.drop_duplicates("row").set_index("row").reindex(order)
        text = []
        for row in order:
            cells = part[part["row"] == row].set_index("role")
            line = []
            for c in columns:
                if c not in cells.index:
                    line.append("")
                elif bool(cells.loc[c, "suppressed"]):
                    line.append(SUPPRESSED)
                elif source == "code":
                    line.append(f"{int(cells.loc[c, 'n_people'])}")
                else:  # small shares keep a decimal: « 0,4 % », not « 0 % »
                    share = float(cells.loc[c, "pct"])
                    line.append(fr_number(share, decimals=1 if share < 10 else 0) + " %")
            text.append(line)
        fig.add_trace(
            go.Heatmap(
                z=pct.to_numpy(),
                x=names,
                y=order,
                text=text,
                texttemplate="%{text}",
                colorscale="Blues",
                zmin=0,
                zmax=max(1.0, float(evidence["pct"].max(skipna=True) or 1.0)),
                showscale=i == 1,
                colorbar={"title": {"text": "%"}},
                customdata=[
                    [[info.loc[r, "shared_terms"], info.loc[r, "match"]]] * len(columns)
                    for r in order
                ],
                hovertemplate=_(
                    "%{y}<br>%{x}: %{z:.1f} %<br>shared terms: %{customdata[0]}"
                    "<br>match: %{customdata[1]}"
                )
                + "<extra></extra>",
                xgap=2,
                ygap=2,
            ),
            row=i,
            col=1,
        )
    if not sources:
        fig.add_annotation(
            text=_("No interview code or topic matches the themes of the cards"),
            showarrow=False,
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
        )
    fig.update_layout(margin={"l": 320})
    return apply_theme(
        fig,
        title=title or _("Themes of the cards: what the interviews say, by profile"),
        height=max(360, 26 * sum(heights) + 90 * max(1, len(sources)) + 120),
    )
