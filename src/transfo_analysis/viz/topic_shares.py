"""Figures of the published topic tables: what each profile or territory talks about.

They draw the k-suppressed tables of the reports (``topics_by_role``, ``topics_by_territory``,
see ``docs/artifacts.md``), whose ``share`` column is a fraction in [0, 1]. Reports and dashboards
call the same functions, so a chart keeps its measure when a dashboard filter changes.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from transfo_analysis.i18n import _, ngettext
from transfo_analysis.numbers import fr_number, fr_share
from transfo_analysis.viz._labels import MASKED
from transfo_analysis.viz._notes import add_note
from transfo_analysis.viz._theme import ROLE_COLOURS, apply_theme, role_label
from transfo_analysis.viz.corpus import share_heatmap

__all__ = ["by_role", "by_territory", "non_answers_note", "withheld_roles_note"]


def withheld_roles_note(table: pd.DataFrame) -> str | None:
    """One French sentence naming the roles a table leaves out (fewer than k people), if any.

    Parameters
    ----------
    table
        A report table whose ``attrs`` may hold ``withheld_roles`` and ``k``.

    Returns
    -------
    The sentence, or ``None`` when no role is withheld.
    """
    withheld = table.attrs.get("withheld_roles") or []
    if not withheld:
        return None
    names = ", ".join(role_label(r).lower() for r in withheld)
    k = table.attrs.get("k")
    if not k:
        return _("Not shown (too few people heard): {roles}.").format(roles=names)
    return ngettext(
        "Not shown (fewer than {k} person heard): {roles}.",
        "Not shown (fewer than {k} people heard): {roles}.",
        int(k),
    ).format(k=fr_number(k), roles=names)


def non_answers_note(table: pd.DataFrame) -> str | None:
    """One French sentence giving each profile's share of non-answers (« RAS », « néant »…).

    Non-answers are set apart before the topic model: a share, never a theme, so they are
    written beside the chart rather than drawn as a bar.

    Parameters
    ----------
    table
        A ``topics_by_role`` table whose ``attrs["non_answers"]`` lists ``role``, ``share``
        (``None`` when masked) and ``suppressed``.

    Returns
    -------
    The sentence, or ``None`` when no profile gave a non-answer.
    """
    parts = []
    for r in table.attrs.get("non_answers") or []:
        who = role_label(str(r["role"])).lower()
        if r.get("suppressed"):
            parts.append(_("{who}: {value}").format(who=who, value=MASKED))
        elif r.get("share"):
            parts.append(_("{who}: {value}").format(who=who, value=fr_share(r["share"])))
    if not parts:
        return None
    return _("No answer / nothing to report (set apart, not a topic) — {parts}.").format(
        parts=", ".join(parts)
    )


def by_role(
    table: pd.DataFrame, *, role: str | None = None, top: int = 12, title: str | None = None
) -> go.Figure:
    """Grouped horizontal bars: share of each profile's turns in each topic (masked cells named).

    Parameters
    ----------
    table
        The ``topics_by_role`` table (``label``, ``role``, ``n_segments``, ``share`` in [0, 1],
        ``suppressed``).
    role
        Show this profile only (same measure: the share of that profile's turns).
    top
        Topics shown, those with most turns.
    title
        Figure title (French default).

    Returns
    -------
    The figure.
    """
    t = table if role is None else table[table["role"] == role]
    t = t.assign(
        pct=pd.to_numeric(t["share"], errors="coerce") * 100,
        masked=t["suppressed"].fillna(False).astype(bool) if "suppressed" in t else False,
    )
    weight = pd.to_numeric(t["n_segments"], errors="coerce").groupby(t["label"]).sum()
    order = weight.sort_values(ascending=False, kind="stable").head(top).index[::-1].tolist()
    fig = go.Figure()
    for r, part in t[t["label"].isin(order)].groupby("role", sort=False):
        part = part.drop_duplicates("label").set_index("label").reindex(order)
        part = part[part["role"].notna()]
        fig.add_bar(
            y=part.index.tolist(),
            x=part["pct"].fillna(0),
            orientation="h",
            name=role_label(r),
            marker_color=ROLE_COLOURS.get(str(r), "#777"),
            text=[MASKED if m is True else "" for m in part["masked"]],
            textposition="outside",
            hovertemplate=_("%{y}: %{x:.1f} %") + "<extra>" + role_label(r) + "</extra>",
        )
    n_bars = len(order) * max(1, len(fig.data))
    fig.update_layout(
        barmode="group",
        xaxis_title=_("Share of the profile's speaking turns (%)"),
        yaxis_title=None,
        yaxis=dict(categoryorder="array", categoryarray=order),
        height=180 + 22 * n_bars,
        showlegend=role is None,
    )
    if role is None:
        notes = [withheld_roles_note(table), non_answers_note(table)]
        add_note(fig, " ".join(n for n in notes if n) or None)
    default = (
        _("Topics raised — {role}").format(role=role_label(role))
        if role
        else _("Topics raised, by profile")
    )
    return apply_theme(fig, title=title or default)


def by_territory(
    table: pd.DataFrame, *, top: int | None = None, title: str | None = None
) -> go.Figure:
    """Heatmap of topic shares (rows: topics, columns: territories); masked cells say so.

    Parameters
    ----------
    table
        The ``topics_by_territory`` table (``label``, ``territory_label``, ``share`` in [0, 1],
        ``suppressed``).
    top
        Keep the ``top`` topics with most turns.
    title
        Figure title (French default).

    Returns
    -------
    The figure.
    """
    return share_heatmap(
        table,
        rows="label",
        columns="territory_label",
        colorscale="Blues",
        top=top,
        title=title or _("Topics, territory by territory (share of speaking turns)"),
    )
