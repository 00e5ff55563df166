"""Workshops and online consultations in the synthesis: territories side by side.

One row per territory that held workshops or consultations: sessions, cards and proposals,
comments, distinct authors and voters (blanked under ``k``), votes, and the idea voted first
(quoted without its author's profile; withheld when its session had fewer than ``k`` voters).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from transfo_analysis.reporting._context import ReportContext
from transfo_analysis.workshops import cards, rank_cards

#: counts blanked when they rest on fewer than k people
PEOPLE = ("n_authors", "n_voters")


def workshops_by_territory(ctx: ReportContext) -> pd.DataFrame:
    """Workshops and consultations per territory (artifact ``workshops_by_territory``).

    Parameters
    ----------
    ctx
        The synthesis' context (all territories; its ``k`` and ``seed`` are used).

    Returns
    -------
    pandas.DataFrame
        Columns: ``territory``, ``territory_label``, ``n_sessions``, ``n_cards`` (cards and
        proposals), ``n_comments``, ``n_authors``, ``n_voters`` (distinct people; blank under
        ``k``), ``votes`` (dots or supports), ``top_idea`` (the idea voted first, blank when
        its session had fewer than ``k`` voters and no platform supports), ``suppressed``.
        Empty when no territory has cards.
    """
    table = cards(ctx.corpus)
    if table.empty:
        return pd.DataFrame()
    comments = table["kind"] == "commentaire"
    top = _top_ideas(ctx)
    rows = []
    for territory, part in table.groupby("territory", sort=True):
        ideas = part[~comments.loc[part.index]]
        voters = {v for cell in part["voters"].dropna() for v in str(cell).split(";") if v}
        rows.append(
            {
                "territory": territory,
                "territory_label": ctx.project.territory_label(territory),
                # a consultation's comments come in a file of their own: count idea documents
                "n_sessions": ideas["doc_id"].nunique(),
                "n_cards": len(ideas),
                "n_comments": int(comments.loc[part.index].sum()),
                "n_authors": part["person_id"].nunique(),
                "n_voters": len(voters) or np.nan,
                "votes": ideas["votes"].fillna(0).sum(),
                "top_idea": top.get(territory),
            }
        )
    out = pd.DataFrame(rows)
    small = pd.DataFrame({c: out[c] < ctx.k for c in PEOPLE})
    for column in PEOPLE:
        out[column] = out[column].astype("float64").mask(small[column])
    out["suppressed"] = small.any(axis=1)
    out.attrs.update(k=ctx.k, n_suppressed=int(small.to_numpy().sum()))
    out.attrs["provenance"] = ctx.provenance("workshops_by_territory")
    return out


def _top_ideas(ctx: ReportContext) -> dict[str, str]:
    """The idea voted first in each territory, from sessions with k voters or with supports."""
    ranked = rank_cards(ctx.corpus, seed=ctx.seed)
    if ranked.empty:
        return {}
    ranked = ranked[~ranked["masked"].astype(bool)]
    supports = ranked["interval"] != "bootstrap"  # platform counts: anonymous, published
    voters = pd.to_numeric(ranked["n_voters"], errors="coerce").fillna(0)
    ranked = ranked[(supports | (voters >= ctx.k)) & (ranked["rank"] == 1)]
    territory = ranked["segment_id"].map(ctx.corpus.segments.set_index("segment_id")["territory"])
    # the clearest first choice: the largest share among the sessions' first cards
    best = ranked.assign(territory=territory).sort_values("share", ascending=False, kind="stable")
    best = best.drop_duplicates("territory")
    return dict(zip(best["territory"], best["text"].astype(str), strict=True))
