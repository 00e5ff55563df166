"""Themes of the territory's workshop cards, by the author's profile (a figure of the report)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from transfo_analysis.reporting._context import ReportContext
from transfo_analysis.viz.workshops import themes_by_role_figure
from transfo_analysis.workshops import card_topics, cards

#: fewer cards than this: no themes (a k-means on a handful of cards says nothing)
MIN_CARDS = 20


def card_themes(
    ctx: ReportContext, *, n_topics: int | None = None
) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Themes of the territory's workshop cards, once for every view of the report that needs them.

    Parameters
    ----------
    ctx
        The report's context (its ``seed`` and project's tokens are used).
    n_topics
        Number of themes (default: about the square root of half the cards).

    Returns
    -------
    tuple of pandas.DataFrame, or None
        The themes (:func:`transfo_analysis.workshops.card_topics`) and the project's tokens;
        ``None`` when the territory has fewer than :data:`MIN_CARDS` workshop cards.
    """
    from transfo_analysis.nlp import load_tokens

    def load() -> tuple[pd.DataFrame, pd.DataFrame] | None:
        table = cards(ctx.corpus)
        ids = table.loc[table["kind"] == "carte", "segment_id"]
        if len(ids) < MIN_CARDS:
            return None
        tokens = load_tokens(ctx.project)
        themes = card_topics(
            ctx.corpus,
            tokens[tokens["segment_id"].isin(ids)],
            kinds=("carte",),
            n_topics=n_topics,
            seed=ctx.seed,
        )
        return themes, tokens

    return ctx.cached(("card_themes", n_topics), load)


def workshop_themes_figure(ctx: ReportContext, *, n_topics: int | None = None) -> go.Figure | None:
    """What each profile wrote about: themes of the cards (k-means, short-text settings) by role.

    Parameters
    ----------
    ctx
        The report's context (its ``k``, ``seed`` and project's tokens are used).
    n_topics
        Number of themes (default: about the square root of half the cards).

    Returns
    -------
    plotly.graph_objects.Figure or None
        :func:`transfo_analysis.viz.workshops.themes_by_role_figure` (profiles with fewer than
        ``k`` authors not drawn); ``None`` when the territory has fewer than
        :data:`MIN_CARDS` workshop cards.
    """
    found = card_themes(ctx, n_topics=n_topics)
    return None if found is None else themes_by_role_figure(found[0], k=ctx.k)
