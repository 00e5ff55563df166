"""Themes of the territory's workshop cards, by the author's profile (a figure of the report)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from transfo_analysis.i18n import _
from transfo_analysis.labels import role_label
from transfo_analysis.numbers import fewer_than
from transfo_analysis.reporting._context import ReportContext
from transfo_analysis.reporting._themes import REPORT_ROLES
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
        The themes (:func:`transfo_analysis.workshops.card_topics`) and the project's tokens:
        of the workshop cards, or, with fewer than :data:`MIN_CARDS` cards, of the online
        proposals; ``None`` when neither reaches :data:`MIN_CARDS`.
    """
    from transfo_analysis.nlp import load_tokens

    def load() -> tuple[pd.DataFrame, pd.DataFrame] | None:
        table = cards(ctx.corpus)
        # workshop cards; an online consultation alone: its proposals (never the comments,
        # which answer them)
        kind = next(
            (k for k in ("carte", "proposition") if (table["kind"] == k).sum() >= MIN_CARDS),
            None,
        )
        if kind is None:
            return None
        ids = table.loc[table["kind"] == kind, "segment_id"]
        tokens = load_tokens(ctx.project)
        themes = card_topics(
            ctx.corpus,
            tokens[tokens["segment_id"].isin(ids)],
            kinds=(kind,),
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
        :data:`MIN_CARDS` cards or proposals, or when no profile can be drawn
        (:func:`workshop_themes_withheld` says why).
    """
    found = card_themes(ctx, n_topics=n_topics)
    if found is None:
        return None
    figure = themes_by_role_figure(found[0], k=ctx.k)
    return figure if figure.data else None


def workshop_themes_withheld(ctx: ReportContext, *, n_topics: int | None = None) -> str | None:
    """The notice shown instead of the themes-by-profile figure when it can draw no profile.

    Parameters
    ----------
    ctx
        The report's context.
    n_topics
        Number of themes, as given to :func:`workshop_themes_figure`.

    Returns
    -------
    str or None
        « Thèmes des cartes par profil masqués : … » when the territory has themes but every
        profile's cards were written by fewer than ``k`` people (an export that names no author
        counts as one); ``None`` otherwise.
    """
    found = card_themes(ctx, n_topics=n_topics)
    if found is None or themes_by_role_figure(found[0], k=ctx.k).data:
        return None
    return _(
        "Themes of the cards by profile withheld: each profile's cards were written by {fewer}."
    ).format(fewer=fewer_than(ctx.k))


def workshop_themes_by_role(ctx: ReportContext, *, n_topics: int | None = None) -> pd.DataFrame:
    """Share of each profile's cards in each theme (artifact ``workshop_themes``, for dashboards).

    Parameters
    ----------
    ctx
        The report's context (its ``k``, ``seed`` and project's tokens are used).
    n_topics
        Number of themes (default: about the square root of half the cards).

    Returns
    -------
    pandas.DataFrame
        One row per theme and author's profile: ``theme_label``, ``role``, ``role_label``,
        ``n_cards``, ``share_pct`` (% of the profile's cards), ``suppressed`` (the profile's
        cards were written by fewer than ``k`` people: counts and shares blanked, as the figure
        does not draw them); empty under :data:`MIN_CARDS` cards or proposals.
    """
    found = card_themes(ctx, n_topics=n_topics)
    if found is None:
        return pd.DataFrame()
    themes = found[0]
    themes = themes[themes["role"].isin(REPORT_ROLES)]
    authors = themes.groupby("role")["person_id"].nunique()
    cells = themes.groupby(["role", "theme_label"]).size().rename("n_cards").reset_index()
    grid = pd.MultiIndex.from_product(
        [authors.index, themes["theme_label"].unique()], names=["role", "theme_label"]
    )
    cells = cells.set_index(["role", "theme_label"]).reindex(grid, fill_value=0).reset_index()
    total = cells.groupby("role")["n_cards"].transform("sum")
    out = cells.assign(
        role_label=cells["role"].map(role_label),
        share_pct=100 * cells["n_cards"] / total,
        suppressed=cells["role"].map(authors) < ctx.k,
    )
    out[["n_cards", "share_pct"]] = out[["n_cards", "share_pct"]].astype(float)
    out.loc[out["suppressed"], ["n_cards", "share_pct"]] = float("nan")
    out = out[["theme_label", "role", "role_label", "n_cards", "share_pct", "suppressed"]]
    out.attrs["k"] = ctx.k
    out.attrs["provenance"] = ctx.provenance("workshop_themes", n_topics=n_topics)
    return out.sort_values(["role", "share_pct"], ascending=[True, False]).reset_index(drop=True)
