"""Which counts per territory and role the reports hide, decided once for every report.

The territory reports show, for each territory, its totals (key figures) and the same counts per
role (who was heard); the synthesis shows them per territory and role side by side, and the
dashboards show all of it together. A role heard by fewer than ``k`` people is hidden (primary
suppression); so that it cannot be recomputed as the total minus the other roles, in this report
or by putting two reports side by side, more cells are hidden (complementary suppression, see
:func:`~transfo_analysis.anonymise.disclosure.complementary_suppression`). The plan is computed
from the whole corpus, deterministically, so every report hides the same cells.
"""

from __future__ import annotations

import pandas as pd

from transfo_analysis.anonymise.disclosure import (
    Relation,
    complementary_suppression,
    respondent_counts,
)
from transfo_analysis.reporting._context import ReportContext

#: the counts published per territory and role, each summing to the territory's total
MEASURES = ("n_respondents", "n_segments", "n_words")
TOTAL = "__total__"


def role_counts(ctx: ReportContext) -> pd.DataFrame:
    """Respondents, turns and words per territory and role (interviewers excluded), unsuppressed.

    Parameters
    ----------
    ctx
        Any report of the project.

    Returns
    -------
    One row per (territory, role) with ``n_respondents``, ``n_segments``, ``n_words``.
    """
    c = ctx.corpus_all
    seg = c.respondent_segments()
    talk = seg.groupby(["territory", "role"]).agg(
        n_segments=("segment_id", "size"), n_words=("n_words", "sum")
    )
    people = respondent_counts(seg, ["territory", "role"], speakers=c.speakers)
    return talk.join(people.rename("n_respondents")).reset_index()


def territory_totals(ctx: ReportContext) -> pd.DataFrame:
    """The totals every report prints per territory (key figures, synthesis overview).

    Parameters
    ----------
    ctx
        Any report of the project.

    Returns
    -------
    One row per territory with ``n_respondents``, ``n_segments``, ``n_words``.
    """
    c = ctx.corpus_all
    seg = c.respondent_segments()
    talk = seg.groupby("territory").agg(
        n_segments=("segment_id", "size"), n_words=("n_words", "sum")
    )
    people = respondent_counts(seg, ["territory"], speakers=c.speakers)
    return talk.join(people.rename("n_respondents")).reset_index()


def hidden_role_cells(ctx: ReportContext) -> frozenset[tuple[str, str, str]]:
    """The ``(territory, role, measure)`` cells hidden in every report: primary and secondary.

    Parameters
    ----------
    ctx
        Any report of the project.

    Returns
    -------
    The cells to blank.
    """
    k = ctx.k
    cells = role_counts(ctx)
    totals = territory_totals(ctx).set_index("territory")
    values: dict[tuple[str, str, str], float] = {}
    primary: set[tuple[str, str, str]] = set()
    relations: list[Relation[tuple[str, str, str]]] = []
    for territory, part in cells.groupby("territory"):
        small = part.loc[(part["n_respondents"] > 0) & (part["n_respondents"] < k), "role"]
        few = 0 < totals.at[territory, "n_respondents"] < k
        for measure in MEASURES:
            keys = [(territory, role, measure) for role in part["role"]]
            values.update(zip(keys, part[measure].astype(float), strict=True))
            total = (territory, TOTAL, measure)
            values[total] = float(totals.at[territory, measure])
            if part[measure].sum() == totals.at[territory, measure]:  # the sum a reader sees
                relations.append((total, keys))
            primary |= {(territory, role, measure) for role in small}
            if few:  # the whole territory rests on fewer than k people
                primary.add(total)
    # totals (key figures) are hidden only when no role can be, e.g. a single role heard
    secondary = complementary_suppression(values, primary, relations)
    return frozenset(primary | secondary)


def is_hidden(hidden: frozenset, territory: str | None, role: str, measure: str) -> bool:
    """Whether a cell of the plan is hidden (``role`` :data:`TOTAL` for the territory's total)."""
    return (territory, role, measure) in hidden
