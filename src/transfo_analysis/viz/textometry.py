"""Figures of the textometry tables: specificities, Reinert dendrogram and profiles, crossings,
frequencies. Each function returns a :class:`plotly.graph_objects.Figure` (French labels, the
suite's theme) and neither shows nor saves it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from transfo_analysis.i18n import N_, _, ngettext
from transfo_analysis.numbers import fr_number, fr_share
from transfo_analysis.viz._notes import add_note
from transfo_analysis.viz._theme import PALETTE, ROLE_COLOURS, apply_theme, role_label

OVER, UNDER = PALETTE[0], PALETTE[3]
_AXIS_SCORE = N_("Specificity score (−log10 of the probability, signed)")


def _pct(share: float) -> str:
    return fr_share(share, decimals=1)


def _part_label(by: str, part: Any) -> str:
    return role_label(str(part)) if by == "role" else str(part)


def specificity_bars(
    table: pd.DataFrame,
    *,
    part: Any,
    n: int = 15,
    title: str | None = None,
    labels: Mapping[str, str] | None = None,
    legend: tuple[str, str] | None = None,
) -> go.Figure:
    """Diverging bars of a part's most over-used (right, on top) and under-used (left) terms.

    Parameters
    ----------
    table
        Output of :func:`~transfo_analysis.textometry.specificities` (or the artifact).
    part
        The part shown (``"usager"``, a territory…).
    n
        Terms on each side.
    title
        Figure title (a French default names the part).
    labels
        Display names of parts (territory slug → name); roles get their French label.
    legend
        Legend of the two sides (with two parts, the under-used words of one are the over-used
        words of the other: ``("Plus dit par les usagers", "Plus dit par les agents")``).
    """
    t = table[table["part"] == part]
    by = str(t["by"].iloc[0]) if len(t) and "by" in t else ""
    name = (labels or {}).get(str(part), _part_label(by, part))
    pos = t[(t["score"] > 0) & ~t["banal"]].nlargest(n, "score")
    neg = t[(t["score"] < 0) & ~t["banal"]].nsmallest(n, "score")
    over_label, under_label = legend or (
        _("Over-used: {name}").format(name=name),
        _("Under-used: {name}").format(name=name),
    )
    fig = go.Figure()
    for rows, colour, label in ((pos, OVER, over_label), (neg, UNDER, under_label)):
        if rows.empty:  # a legend entry with no bar would say something that is not drawn
            continue
        rows = rows.sort_values("score")
        fig.add_bar(
            x=rows["score"],
            y=rows["term"],
            orientation="h",
            marker_color=colour,
            name=label,
            customdata=np.c_[rows["f"], rows["expected"].round(1)],
            hovertemplate=_(
                "%{y}: score %{x:.1f}<br>frequency %{customdata[0]} (expected %{customdata[1]})"
            )
            + "<extra></extra>",
        )
    banality = float(table.attrs.get("provenance", {}).get("parameters", {}).get("banality", 2.0))
    for x in (-banality, banality):
        fig.add_vline(x=x, line_dash="dot", line_color="#999999")
    fig.update_layout(
        barmode="relative",
        xaxis_title=_(_AXIS_SCORE),
        yaxis_title=None,
        margin=dict(t=110),
        yaxis=dict(categoryorder="total ascending"),
        height=max(320, 22 * (len(pos) + len(neg)) + 170),
    )
    return apply_theme(fig, title=title or _("Specific words: {name}").format(name=name))


def users_agents_bars(
    table: pd.DataFrame,
    *,
    territory: str | None = None,
    n: int = 15,
    title: str | None = None,
    territory_name: str | None = None,
) -> go.Figure:
    """Words of users (right) against words of agents (left), from ``specificities_users_agents``
    (one territory, or the whole corpus by default) or
    :func:`~transfo_analysis.textometry.role_specificities`.
    """
    from transfo_analysis.textometry import ALL_TERRITORIES

    if "territory" in table:
        table = table[table["territory"] == (territory or ALL_TERRITORIES)]
    where = _(": {territory}").format(territory=territory_name or territory) if territory else ""
    return specificity_bars(
        table,
        part="usager",
        n=n,
        legend=(_("Said more by users"), _("Said more by agents")),
        title=title
        or _("Users and agents, the words that set them apart{where}").format(where=where),
    )


def _tree_layout(tree: pd.DataFrame) -> tuple[dict[int, float], list[tuple[int, int]]]:
    """Y position of every visible node (leaves 0, 1, 2… in class order) and the visible edges."""
    children = {
        int(r.node): [c for c in (int(r.left), int(r.right)) if c >= 0] for r in tree.itertuples()
    }
    dropped = set(tree.loc[tree["dropped"], "node"].astype(int))
    y: dict[int, float] = {}
    edges: list[tuple[int, int]] = []

    def visit(node: int) -> float | None:
        if node in dropped:
            return None
        kids = children.get(node, [])
        if not kids:
            y[node] = float(len([k for k in y if not children.get(k)]))
            return y[node]
        ys = [(k, visit(k)) for k in kids]
        seen = [(k, v) for k, v in ys if v is not None]
        if not seen:
            return None
        edges.extend((node, k) for k, _ in seen)
        y[node] = float(np.mean([v for _, v in seen]))
        return y[node]

    visit(int(tree.loc[tree["parent"] < 0, "node"].iloc[0]))
    return y, edges


def reinert_dendrogram(result: Any, *, n_terms: int = 6, title: str | None = None) -> go.Figure:
    """The Reinert dendrogram, root on the left, one
    leaf per class with its share and typical words.

    Parameters
    ----------
    result
        A :class:`~transfo_analysis.textometry.ReinertResult`, or a ``(tree, classes)`` pair of
        the ``reinert_tree`` and ``reinert_classes`` artifacts.
    n_terms
        Typical words written beside each class.
    """
    tree, classes = (result.tree, result.classes) if hasattr(result, "tree") else result
    fig = go.Figure()
    info = classes.set_index("class")
    if len(tree):
        y, edges = _tree_layout(tree)
        depth = tree.set_index("node")["depth"]
        leaf_x = float(depth.max()) + 1
        for parent, child in edges:
            is_leaf = int(tree.loc[tree["node"] == child, "class"].iloc[0]) > 0
            xc = leaf_x if is_leaf else float(depth[child])
            fig.add_scatter(
                x=[depth[parent], depth[parent], xc],
                y=[y[parent], y[child], y[child]],
                mode="lines",
                line=dict(color="#777777", width=1.5),
                hoverinfo="skip",
                showlegend=False,
            )
        leaves = tree[tree["class"] > 0].set_index("class")
        ys = {int(k): y[int(node)] for k, node in leaves["node"].items()}
    else:  # double classification: no single tree, classes side by side
        leaf_x, ys = 1.0, {int(k): float(i) for i, k in enumerate(info.index)}
    sizes = info["size"].astype(float)
    for k, yk in ys.items():
        row = info.loc[k]
        words = ", ".join(str(row["top_terms"]).split(", ")[:n_terms])
        fig.add_scatter(
            x=[leaf_x],
            y=[yk],
            mode="markers+text",
            marker=dict(
                size=12 + 28 * np.sqrt(row["size"] / sizes.max()),
                color=PALETTE[(k - 1) % len(PALETTE)],
            ),
            text=[f"  Classe {k} ({_pct(row['share'])}) : {words}"],
            textposition="middle right",
            name=f"Classe {k}",
            hovertemplate=f"Classe {k}<br>{int(row['size'])} segments<br>{words}<extra></extra>",
            showlegend=False,
        )
    # the tree takes the left third; class labels are written to its right, outside the axes
    fig.update_traces(cliponaxis=False, selector=dict(mode="markers+text"))
    fig.update_xaxes(visible=False, range=[-0.2, leaf_x + 0.2], domain=[0, 0.32])
    fig.update_yaxes(visible=False, autorange="reversed")
    fig.update_layout(height=max(300, 60 * len(ys) + 120))
    return apply_theme(fig, title=title or _("Reinert classification: classes and typical words"))


def class_profile_bars(
    profiles: pd.DataFrame, *, klass: int, n: int = 15, title: str | None = None
) -> go.Figure:
    """χ² of the most typical lemmas of one class (active forms)."""
    p = profiles[
        (profiles["class"] == klass) & (profiles["type"] == "active") & (profiles["chi2"] > 0)
    ].nlargest(n, "chi2")
    p = p.sort_values("chi2")
    fig = go.Figure(
        go.Bar(
            x=p["chi2"],
            y=p["term"],
            orientation="h",
            marker_color=PALETTE[(klass - 1) % len(PALETTE)],
            customdata=np.c_[p["n_class"], p["pct"].round(1)],
            hovertemplate=_(
                "%{y}: chi² %{x:.1f}<br>%{customdata[0]} segments of the class (%{customdata[1]} %)"
            )
            + "<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis_title=_("Chi² of association with the class"),
        yaxis_title=None,
        height=max(300, 22 * len(p) + 140),
    )
    return apply_theme(fig, title=title or _("Profile of class {klass}").format(klass=klass))


def class_metadata_heatmap(
    crossings: pd.DataFrame,
    *,
    column: str = "role",
    title: str | None = None,
    labels: Mapping[str, str] | None = None,
) -> go.Figure:
    """Classes × values of a metadata column, coloured by adjusted standardised residuals
    (blue: more than expected; red: fewer; beyond ±1,96 significant at 5 %). Cells show the
    count and the share of the class. ``labels`` gives display names (territory slug → name).
    """
    c = crossings[crossings["column"] == column]
    z = c.pivot(index="class", columns="value", values="adjusted_residual").sort_index()
    n = c.pivot(index="class", columns="value", values="n").reindex_like(z)
    pct = c.pivot(index="class", columns="value", values="pct_of_class").reindex_like(z)
    names = [(labels or {}).get(str(v), _part_label(column, v)) for v in z.columns]
    text = [
        [f"{int(n.iat[i, j])} ({pct.iat[i, j]:.0f} %)" for j in range(z.shape[1])]
        for i in range(z.shape[0])
    ]
    lim = float(max(3.0, np.nanmax(np.abs(z.to_numpy()))) if z.size else 3.0)
    fig = go.Figure(
        go.Heatmap(
            z=z.to_numpy(),
            x=names,
            y=[_("Class {k}").format(k=k) for k in z.index],
            zmid=0,
            zmin=-lim,
            zmax=lim,
            colorscale="RdBu",
            text=text,
            texttemplate="%{text}",
            colorbar=dict(title=_("Adjusted<br>residual")),
            hovertemplate=_("%{y} × %{x}<br>%{text}<br>adjusted residual %{z:.1f}")
            + "<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    default = {
        "role": _("Classes by role"),
        "territory": _("Classes by territory"),
        "service": _("Classes by service"),
    }.get(column) or _("Classes by {column}").format(column=column)
    return apply_theme(fig, title=title or default, height=max(300, 45 * len(z) + 150))


def frequency_bars(
    freq: pd.DataFrame,
    *,
    n: int = 20,
    where: dict[str, Any] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Most frequent terms of a :func:`~transfo_analysis.textometry.frequencies` table.

    ``where`` picks one sub-corpus (``{"territory": "sarne", "role": "usager"}``).
    """
    f = freq
    for col, value in (where or {}).items():
        f = f[f[col] == value]
    f = f.nlargest(n, "frequency").sort_values("frequency")
    fig = go.Figure(
        go.Bar(
            x=f["frequency"],
            y=f["term"],
            orientation="h",
            marker_color=OVER,
            customdata=np.c_[f["per_1000"].round(1), f["n_respondents"]],
            hovertemplate=_(
                "%{y}: %{x} occurrences<br>%{customdata[0]} per 1,000 words,"
                " %{customdata[1]} respondents"
            )
            + "<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis_title=_("Occurrences"), yaxis_title=None, height=max(300, 22 * len(f) + 140)
    )
    suffix = " · ".join(_part_label(k, v) for k, v in (where or {}).items())
    return apply_theme(
        fig,
        title=title
        or (
            _("Most frequent words: {where}").format(where=suffix)
            if suffix
            else _("Most frequent words")
        ),
    )


#: the two sides of the users-versus-agents comparison, users on the right
_SIDES = (("usager", 1), ("agent", -1))


def _withheld_side(name: str, k: int | None) -> str:
    """Why a withheld side is not drawn, for the note under the chart."""
    if not k:
        return _("The {role} are not shown: too few people heard in this territory.").format(
            role=name
        )
    return ngettext(
        "The {role} are not shown: fewer than {k} person heard in this territory.",
        "The {role} are not shown: fewer than {k} people heard in this territory.",
        int(k),
    ).format(role=name, k=fr_number(k))


def _missing_side_note(table: pd.DataFrame) -> str | None:
    """Why one side of the users-versus-agents words is empty, in one French sentence."""
    withheld = set(table.attrs.get("withheld_roles") or [])
    positive = table[pd.to_numeric(table["score"], errors="coerce") > 0]
    notes = []
    for role, _sign in _SIDES:
        name = role_label(role).lower()
        if role in withheld:
            notes.append(_withheld_side(name, table.attrs.get("k")))
        elif not (positive["role"] == role).any():
            notes.append(
                _("No word is clearly used more by the {role} than by the others.").format(
                    role=name
                )
            )
    return " ".join(notes) or None


def role_words(
    table: pd.DataFrame, *, role: str | None = None, top: int = 15, title: str | None = None
) -> go.Figure:
    """Words that distinguish users and agents: back to back, or one profile's words.

    Parameters
    ----------
    table
        The reports' ``specific_words`` table (``role``, ``lemma``, ``score`` — positive Lafon
        specificity —, ``frequency``); ``attrs["withheld_roles"]`` names roles left out.
    role
        One profile's words only (same measure: the specificity score).
    top
        Words per profile.
    title
        Figure title (French default).

    Returns
    -------
    The figure. When a side is empty, a sentence under the chart says why.
    """
    t = table[pd.to_numeric(table["score"], errors="coerce") > 0]
    sides = [(role, 1)] if role is not None else list(_SIDES)
    fig = go.Figure()
    for r, sign in sides:
        part = t[t["role"] == r].nlargest(top, "score").sort_values("score")
        if part.empty:
            continue
        name = _("Said more by the {role}").format(role=role_label(r).lower())
        fig.add_bar(
            y=part["lemma"],
            x=sign * part["score"],
            orientation="h",
            name=name,
            marker_color=ROLE_COLOURS.get(str(r), PALETTE[0]),
            customdata=part.get("frequency"),
            hovertemplate=_("%{y}: specificity %{x:.1f} (%{customdata} occurrences)")
            + "<extra></extra>",
        )
    n = sum(len(tr.y) for tr in fig.data)
    axis = (
        _("Specificity (agents ← → users)")
        if role is None
        else _("Specificity (the longer the bar, the more the word belongs to this profile)")
    )
    fig.update_layout(
        barmode="relative",
        xaxis_title=axis,
        yaxis_title=None,
        height=200 + 16 * max(n, 4),
        showlegend=role is None,
    )
    if role is None:
        add_note(fig, _missing_side_note(table))
    default = (
        _("The words that set users and agents apart")
        if role is None
        else _("Specific words — {role}").format(role=role_label(role))
    )
    return apply_theme(fig, title=title or default)
