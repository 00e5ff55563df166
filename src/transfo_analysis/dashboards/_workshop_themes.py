"""The prioritisation view of the workshops in the territory dashboard (escaped, k-suppressed).

Reads the report's ``workshop_prioritisation`` (one row per theme of cards) and
``workshop_theme_evidence`` (matching interview codes and topics, by profile) artifacts, both
already k-suppressed; a blanked count stays blank here and reads « moins de k personnes ».
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

import pandas as pd

from transfo_analysis.dashboards import _html
from transfo_analysis.i18n import _, ngettext
from transfo_analysis.labels import role_label
from transfo_analysis.numbers import fewer_than, fr_number
from transfo_analysis.viz.workshop_evidence import theme_evidence_figure
from transfo_analysis.viz.workshops import theme_shares_figure


def workshop_themes_view(
    table: Callable[[str], pd.DataFrame | None],
    figure: Callable[[str], Any],
    *,
    role: str | None = None,
    k: int | None = None,
) -> tuple[str, list[Any], list[str]]:
    """What the section shows: the prioritisation table, the themes and evidence figures, notes.

    Parameters
    ----------
    table
        Reads a published table of the territory (``None`` when not published).
    figure
        Reads a published figure of the territory.
    role
        The chosen profile (default: every profile: the report's own figures).
    k
        The disclosure threshold.

    Returns
    -------
    tuple
        HTML, figures (published plotly JSON or figures redrawn for the profile), notes; all
        empty when the report published no themes.
    """
    themes, evidence = table("workshop_themes"), table("workshop_theme_evidence")
    priorities = table("workshop_prioritisation")
    html = prioritisation_html(priorities, evidence, role=role, k=k)
    figures: list[Any] = []
    notes: list[str] = []
    if priorities is not None and not priorities.empty and not has_interviews(priorities):
        notes.append(
            _html.note(
                _("No interview in this territory: the themes are compared with the votes only.")
            )
        )
    if role is None:
        figures = [figure("fig_workshop_themes"), figure("fig_workshop_theme_evidence")]
        if themes is not None and len(themes) and themes["suppressed"].astype(bool).all():
            # the report drew no profile (each under k authors): say so rather than show nothing
            notes.append(
                _html.note(
                    _(
                        "Themes of the cards by profile withheld: each profile's cards were "
                        "written by {fewer}."
                    ).format(fewer=fewer_than(k))
                )
            )
    else:
        mine = themes[themes["role"] == role] if themes is not None else None
        if mine is not None and len(mine) and mine["suppressed"].astype(bool).all():
            notes.append(
                _html.note(
                    _("Themes of this profile's cards withheld: {fewer} wrote them.").format(
                        fewer=fewer_than(k)
                    )
                )
            )
        elif mine is not None and len(mine):
            figures.append(theme_shares_figure(themes, role=role))
        elif themes is not None:
            notes.append(
                _html.note(
                    _("No workshop card written by this profile ({role}).").format(
                        role=role_label(role)
                    )
                )
            )
        if evidence is not None and (evidence["role"] == role).any():
            shown = evidence[evidence["role"].isin(["ensemble", role])]
            figures.append(theme_evidence_figure(shown))
    return html, [f for f in figures if f is not None], notes


def prioritisation_html(
    priorities: pd.DataFrame | None,
    evidence: pd.DataFrame | None,
    *,
    role: str | None = None,
    k: int | None = None,
) -> str:
    """Each theme of cards: its share of the votes, of the interviews, its codes and topics.

    Parameters
    ----------
    priorities
        The ``workshop_prioritisation`` artifact (``None``: not published).
    evidence
        The ``workshop_theme_evidence`` artifact (``None``: not published).
    role
        Show the interviews of this profile (default: every profile).
    k
        The disclosure threshold (for the notices).

    Returns
    -------
    str
        An HTML table (every published text escaped); empty without themes.
    """
    if priorities is None or priorities.empty:
        return ""
    who = role_label(role) if role else _("all profiles")
    head = (
        _("Theme of the cards"),
        _("Share of the votes"),
        _("Interview turns using its words ({who})").format(who=who),
        _("Interview codes ({who})").format(who=who),
        _("Interview topics ({who})").format(who=who),
        _("Barometer"),
    )
    no_talk = not has_interviews(priorities)  # then empty, not withheld
    rows = []
    for _i, row in priorities.sort_values("votes_pct", ascending=False).iterrows():
        share = row.get(f"interview_pct_{role}" if role else "interview_pct")
        cells = [
            escape(str(row["theme_label"])),
            escape(fr_number(row["votes_pct"], decimals=1) + " %"),
            "–" if no_talk else _percent(share, k),
            "–" if no_talk else _matches(row, evidence, "code", role, k),
            "–" if no_talk else _matches(row, evidence, "topic", role, k),
            escape(str(row.get("barometer") or "–")),
        ]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    header = "".join(f"<th>{escape(h)}</th>" for h in head)
    return (
        "<div class='tr-dash'><table class='tr-table'>"
        f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def has_interviews(priorities: pd.DataFrame) -> bool:
    """Whether the themes were compared with interview turns (``n_turns``; older reports: yes).

    Parameters
    ----------
    priorities
        The ``workshop_prioritisation`` artifact.

    Returns
    -------
    bool
        ``False`` when the territory has no interview turn to compare with (an online
        consultation alone): the interview columns are then empty, not withheld.
    """
    return "n_turns" not in priorities or bool(priorities["n_turns"].gt(0).any())


def _percent(value: object, k: int | None) -> str:
    if value is None or pd.isna(value):
        return escape(_("withheld: {fewer}").format(fewer=fewer_than(k)))
    return escape(fr_number(value, decimals=1) + " %")


def _matches(
    row: pd.Series, evidence: pd.DataFrame | None, source: str, role: str | None, k: int | None
) -> str:
    if evidence is None or evidence.empty:
        return escape(str(row.get("codes" if source == "code" else "topics") or "–"))
    mine = evidence[
        (evidence["theme"] == row["theme"])
        & (evidence["source"] == source)
        & (evidence["role"] == (role or "ensemble"))
    ]
    if mine.empty:
        return "–"
    items = []
    for _i, m in mine.sort_values("n_people", ascending=False, na_position="last").iterrows():
        if bool(m["suppressed"]):
            what = fewer_than(k)
        elif source == "code":
            n = int(m["n_people"])
            what = ngettext("{n} person", "{n} people", n).format(n=fr_number(n))
        else:
            what = _("{pct} % of the turns").format(pct=fr_number(m["pct"], decimals=1))
        items.append(f"{escape(str(m['name']))} <span class='n'>({escape(what)})</span>")
    return "<br>".join(items)
