"""The prioritisation view of the report: workshop themes against interviews and the barometer."""

from __future__ import annotations

import pandas as pd

from transfo_analysis.reporting._context import ReportContext
from transfo_analysis.reporting._themes import accepted_codings, codebook, topic_result
from transfo_analysis.reporting._workshop_themes import card_themes
from transfo_analysis.workshops import prioritisation, theme_evidence


def workshop_theme_evidence(ctx: ReportContext, *, n_topics: int | None = None) -> pd.DataFrame:
    """The interview codes and topics matching each theme of the territory's cards, by profile.

    Parameters
    ----------
    ctx
        The report's context (its ``k``, ``seed``, tokens, accepted codings, codebook and topic
        model are used).
    n_topics
        Number of themes (default: about the square root of half the cards).

    Returns
    -------
    pandas.DataFrame
        :func:`transfo_analysis.workshops.theme_evidence` (artifact
        ``workshop_theme_evidence``; empty under 20 cards (or proposals) or with neither codings nor
        topics).
    """

    def load() -> pd.DataFrame:
        found = card_themes(ctx, n_topics=n_topics)
        if found is None:
            return pd.DataFrame()
        themes, tokens = found
        codings = accepted_codings(ctx)
        book = codebook(ctx) if codings is not None else None
        out = theme_evidence(
            ctx.corpus,
            tokens,
            themes,
            codings=codings,
            codebook=book,
            topics=topic_result(ctx),
            k=ctx.k,
        )
        out.attrs["provenance"] = ctx.provenance("workshop_theme_evidence", n_topics=n_topics)
        return out

    return ctx.cached(("workshop_theme_evidence", n_topics), load)


def workshop_prioritisation(ctx: ReportContext, *, n_topics: int | None = None) -> pd.DataFrame:
    """Themes of the territory's cards against interviews and barometer (artifact).

    Parameters
    ----------
    ctx
        The report's context (its ``k``, ``seed``, tokens, codings, topics and barometer tables
        are used).
    n_topics
        Number of themes (default: about the square root of half the cards).

    Returns
    -------
    pandas.DataFrame
        :func:`transfo_analysis.workshops.prioritisation` with the matching ``codes`` and
        ``topics`` of :func:`workshop_theme_evidence` (empty under 20 cards or proposals).
    """
    found = card_themes(ctx, n_topics=n_topics)
    if found is None:
        return pd.DataFrame()
    themes, tokens = found
    path = ctx.project.barometer_dir / "importance_performance.parquet"
    ipa = pd.read_parquet(path) if path.exists() else None
    evidence = workshop_theme_evidence(ctx, n_topics=n_topics)
    out = prioritisation(
        ctx.corpus,
        tokens,
        themes,
        ipa=ipa,
        evidence=evidence if len(evidence) else None,
        k=ctx.k,
    )
    out.attrs["provenance"] = ctx.provenance("workshop_prioritisation", n_topics=n_topics)
    return out
