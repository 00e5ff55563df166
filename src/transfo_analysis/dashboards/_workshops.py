"""The workshops and consultations panel of the territory dashboard (escaped, k-suppressed).

Reads the artifacts the territory report published (``workshop_priorities``,
``consultation_stances``, ``fig_workshop_votes``), already k-suppressed; the panel checks again:
a card's author profile is shown only when the report found at least ``k`` distinct authors of
the idea and the stratum is not masked; a masked stratum keeps its place with the notice, never
its cards; stances on a proposal are shown only when the report did.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

import pandas as pd

from transfo_analysis.dashboards._labels import MASKED
from transfo_analysis.i18n import _, ngettext
from transfo_analysis.labels import role_label
from transfo_analysis.numbers import fewer_than, fr_number


def workshops_html(
    priorities: pd.DataFrame | None,
    stances: pd.DataFrame | None,
    *,
    role: str | None = None,
    k: int | None = None,
    colours: Mapping[str, str] | None = None,
    per_stratum: int = 5,
) -> str:
    """The cards voted first (for every voter or one profile) and the online proposals' stances.

    Parameters
    ----------
    priorities
        The ``workshop_priorities`` artifact (``None``: not published).
    stances
        The ``consultation_stances`` artifact (``None``: not published).
    role
        Show what this profile of voters prioritised (default: all voters).
    k
        The disclosure threshold (for the notices).
    colours
        Badge colour per role.
    per_stratum
        Cards shown per session.

    Returns
    -------
    str
        HTML (every published text escaped); empty when neither artifact holds anything.
    """
    colours = colours or {}
    parts = []
    if priorities is not None and len(priorities):
        stratum = role or "ensemble"
        shown = priorities[priorities["stratum"] == stratum]
        if role and shown.empty:
            parts.append(
                _note(
                    _(
                        "No vote by this profile ({role}) in the workshops of this territory."
                    ).format(role=role_label(role))
                )
            )
        for session, group in shown.groupby("session", sort=False):
            parts.append(f"<div class='tr-theme'>{escape(str(session))}</div>")
            if group["suppressed"].astype(bool).all():
                parts.append(
                    "<blockquote class='tr-quote masked'>"
                    + escape(
                        _("Votes of this profile withheld: {fewer} voted.").format(
                            fewer=fewer_than(k)
                        )
                    )
                    + "</blockquote>"
                )
                continue
            rows = group[~group["suppressed"].astype(bool)].sort_values("rank").head(per_stratum)
            parts.extend(_card(row, colours, k) for _, row in rows.iterrows())
    if stances is not None and len(stances):
        title = _("Online proposals")
        parts.append(f"<div class='tr-theme'>{escape(title)}</div>")
        parts.append(_stances_table(stances, k))
    return "<div class='tr-dash'>" + "".join(parts) + "</div>" if parts else ""


def _card(row: pd.Series, colours: Mapping[str, str], k: int | None) -> str:
    values = {
        "share": fr_number(row["share_pct"], decimals=1),
        "low": fr_number(row["share_low_pct"], decimals=1),
        "high": fr_number(row["share_high_pct"], decimals=1),
    }
    if pd.isna(row["n_voters"]):  # platform supports: counts without voters
        share = _("{share} % of the supports ({low}–{high} %)").format(**values)
    else:
        share = _("{share} % of the votes ({low}–{high} %), {n} voters").format(
            n=fr_number(row["n_voters"]), **values
        )
    profile = str(row.get("author_profile") or MASKED)
    if profile != MASKED:
        colour = colours.get(_role_of(profile), "#7b8794")
        who = (
            f"<span class='tr-badge' style='background:{escape(colour)}'>"
            + escape(_("written by: {profile}").format(profile=profile))
            + "</span>"
        )
    else:
        who = escape(
            _("author's profile not shown: this idea was written by {fewer}").format(
                fewer=fewer_than(k)
            )
        )
    rank = fr_number(row["rank"])
    return (
        f"<blockquote class='tr-quote'><strong>{escape(rank)}.</strong> "
        f"« {escape(str(row['card']))} »"
        f"<span class='who'>{escape(share)} · {who}</span></blockquote>"
    )


def _role_of(label: str) -> str:
    for role in ("usager", "agent", "encadrant", "elu"):
        if role_label(role) == label:
            return role
    return ""


#: proposals listed: the most supported, as in the report (``reporting.TOP_PROPOSALS``; not
#: imported, so that the dashboard does not load the analysis packages)
TOP_PROPOSALS = 15


def _stances_table(stances: pd.DataFrame, k: int | None) -> str:
    head = "".join(
        f"<th>{escape(h)}</th>"
        for h in (
            _("Proposal"),
            _("Supports"),
            _("For"),
            _("Against"),
            _("Neutral"),
        )
    )
    rows = []
    ranked = stances.sort_values("supports", ascending=False, kind="stable")
    for _i, row in ranked.head(TOP_PROPOSALS).iterrows():
        cells = [f"<td>{escape(str(row['proposal']))}</td>", _number(row["supports"])]
        if bool(row.get("suppressed", False)):
            cells.append(
                "<td colspan='3' class='n'>"
                + escape(_("stances withheld: {fewer} commented").format(fewer=fewer_than(k)))
                + "</td>"
            )
        else:
            cells += [_number(row[c]) for c in ("pour", "contre", "neutre")]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = len(ranked) - TOP_PROPOSALS
    return (
        f"<table class='tr-table'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    ) + (
        _note(
            ngettext(
                "{n} more proposal, less supported, is not listed here.",
                "{n} more proposals, less supported, are not listed here.",
                more,
            ).format(n=fr_number(more))
        )
        if more > 0
        else ""
    )


def _number(value: object) -> str:
    return f"<td class='n'>{escape(fr_number(value))}</td>"


def _note(text: str) -> str:
    return f"<p class='tr-note'>{escape(text)}</p>"
