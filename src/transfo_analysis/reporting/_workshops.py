"""The workshops and consultation panel of the reports: what was prioritised, by whom.

Reads the pseudonymised corpus of the territory (cards and proposals loaded by the workshop and
platform readers) through :mod:`transfo_analysis.workshops`. Disclosure control: a stratum of
voters with fewer than ``k`` people is masked; a card is quoted without its author's profile
unless the idea was written by at least ``k`` distinct authors (its near-duplicates counted); the
stances on a proposal are shown only when at least ``k`` distinct people commented it.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from transfo_analysis.i18n import _
from transfo_analysis.reporting._context import ReportContext
from transfo_analysis.reporting._labels import MASKED
from transfo_analysis.viz import role_label
from transfo_analysis.viz.workshops import votes_figure
from transfo_analysis.workshops import cards, near_duplicates, rank_cards, stance_balance


def has_workshops(ctx: ReportContext) -> bool:
    """Whether the territory has workshop cards or platform proposals with votes.

    Parameters
    ----------
    ctx
        The report's context.

    Returns
    -------
    bool
        True when at least one card or proposal of the territory received a vote.
    """
    table = cards(ctx.corpus)
    return bool(len(table) and (table["votes"].fillna(0) > 0).any())


def workshop_priorities(ctx: ReportContext, *, top: int = 5) -> pd.DataFrame:
    """The best cards of each session, overall and by
    voters' profile (artifact ``workshop_priorities``).

    Parameters
    ----------
    ctx
        The report's context (its ``k`` and ``seed`` are used).
    top
        Cards kept per session and stratum.

    Returns
    -------
    pandas.DataFrame
        Columns: ``session``, ``stratum`` (``ensemble`` or a role), ``stratum_label``,
        ``rank``, ``card``, ``share_pct``/``share_low_pct``/``share_high_pct`` (%),
        ``n_voters``, ``author_profile`` (the author's role when the idea has at least k
        distinct authors, else « masqué »), ``suppressed``.
    """
    corpus = ctx.corpus
    table = cards(corpus)
    if table.empty:
        return pd.DataFrame()
    overall = rank_cards(corpus, seed=ctx.seed)
    frames = [overall]
    if table["voters"].notna().any():
        frames.append(rank_cards(corpus, by="voter_role", seed=ctx.seed, k=ctx.k))
    ranked = pd.concat(frames, ignore_index=True)
    ranked = ranked[ranked["masked"] | (ranked["rank"] <= top)]
    dup = near_duplicates(corpus, threshold=0.3).set_index("segment_id")["duplicate_group"]
    authors = table.assign(idea=table["segment_id"].map(dup)).groupby("idea")["person_id"].nunique()
    info = table.set_index("segment_id")
    n_authors = ranked["segment_id"].map(dup).map(authors).fillna(1)
    profile = ranked["segment_id"].map(info["role"]).map(lambda r: role_label(str(r)))
    out = pd.DataFrame(
        {
            "session": ranked["doc_id"].map(corpus.documents.set_index("doc_id")["title"]),
            "stratum": ranked["stratum"],
            "stratum_label": ranked["stratum"].map(
                lambda s: _("All voters") if s == "ensemble" else role_label(str(s))
            ),
            "rank": ranked["rank"],
            "card": ranked["text"],
            "share_pct": ranked["share"] * 100,
            "share_low_pct": ranked["share_lo"] * 100,
            "share_high_pct": ranked["share_hi"] * 100,
            "n_voters": ranked["n_voters"],
            "author_profile": profile.where(n_authors >= ctx.k, MASKED),
            "suppressed": ranked["masked"].astype(bool),
        }
    )
    masked = out["suppressed"]
    values = ["rank", "card", "share_pct", "share_low_pct", "share_high_pct", "n_voters"]
    out.loc[masked, values] = np.nan
    out.loc[masked, "author_profile"] = MASKED
    out = out.drop_duplicates(subset=["session", "stratum", "rank", "card"])
    out.attrs["k"] = ctx.k
    out.attrs["provenance"] = ctx.provenance("workshop_priorities", top=top)
    return out.reset_index(drop=True)


def workshop_votes_figure(ctx: ReportContext, *, top: int = 8) -> go.Figure:
    """Votes per card by voters' profile, with intervals (strata under k masked).

    Parameters
    ----------
    ctx
        The report's context.
    top
        Cards shown.

    Returns
    -------
    plotly.graph_objects.Figure
        The figure of :func:`transfo_analysis.viz.workshops.votes_figure` for the session with
        the most voters.
    """
    corpus = ctx.corpus
    table = cards(corpus)
    by = "voter_role" if table["voters"].notna().any() else None
    ranked = rank_cards(corpus, by=by, seed=ctx.seed, k=ctx.k if by else None)
    sessions = ranked.groupby("doc_id")["n_voters"].max().sort_values(ascending=False)
    first = ranked[ranked["doc_id"] == sessions.index[0]] if len(sessions) else ranked
    online = set(table.loc[table["doc_id"].isin(first["doc_id"]), "kind"]) == {"proposition"}
    title = (
        _("The most supported proposals (online supports)")
        if online  # a platform's supports are no workshop's dot votes
        else _("What each profile prioritised (dot votes)")
    )
    return votes_figure(first, top=top, title=title)


#: proposals listed in the report and the dashboard: the most supported (the MEL's export has 196)
TOP_PROPOSALS = 15


def consultation_stances(ctx: ReportContext) -> pd.DataFrame:
    """Proposals of online consultations: supports and comments for and against (artifact).

    Parameters
    ----------
    ctx
        The report's context (its ``k`` is used).

    Returns
    -------
    pandas.DataFrame
        Columns: ``proposal``, ``supports``, ``n_comments``, ``pour``, ``contre``, ``neutre``,
        ``share_for_pct`` (%), ``suppressed`` (fewer than k distinct commenters: stances withheld);
        the most supported first (the report and the dashboard list the first
        :data:`TOP_PROPOSALS`).
    """
    balance = stance_balance(ctx.corpus)
    balance = balance[balance["kind"] == "proposition"]
    if balance.empty:
        return pd.DataFrame()
    out = pd.DataFrame(
        {
            "proposal": balance["text"].map(lambda t: textwrap.shorten(t, 140, placeholder=" …")),
            "supports": balance["votes"],
            "n_comments": balance["n_comments"],
            "pour": balance["pour"].astype(float),
            "contre": balance["contre"].astype(float),
            "neutre": balance["neutre"].astype(float),
            "share_for_pct": balance["share_for"] * 100,
            "suppressed": balance["n_authors"] < ctx.k,
        }
    )
    out.loc[out["suppressed"], ["n_comments", "pour", "contre", "neutre", "share_for_pct"]] = np.nan
    out.attrs["k"] = ctx.k
    out.attrs["provenance"] = ctx.provenance("consultation_stances")
    return out.reset_index(drop=True)
