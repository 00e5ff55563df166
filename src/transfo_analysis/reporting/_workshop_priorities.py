"""The prioritisation view of the report: workshop themes against interviews and the barometer."""

from __future__ import annotations

import pandas as pd

from transfo_analysis.reporting._context import ReportContext
from transfo_analysis.reporting._workshop_themes import card_themes
from transfo_analysis.workshops import prioritisation


def workshop_prioritisation(ctx: ReportContext, *, n_topics: int | None = None) -> pd.DataFrame:
    """Themes of the territory's cards against interviews and barometer (artifact).

    Parameters
    ----------
    ctx
        The report's context (its ``k``, ``seed``, tokens and barometer tables are used).
    n_topics
        Number of themes (default: about the square root of half the cards).

    Returns
    -------
    pandas.DataFrame
        :func:`transfo_analysis.workshops.prioritisation` (empty under 20 workshop cards).
    """
    found = card_themes(ctx, n_topics=n_topics)
    if found is None:
        return pd.DataFrame()
    themes, tokens = found
    path = ctx.project.barometer_dir / "importance_performance.parquet"
    ipa = pd.read_parquet(path) if path.exists() else None
    out = prioritisation(ctx.corpus, tokens, themes, ipa=ipa, k=ctx.k)
    out.attrs["provenance"] = ctx.provenance("workshop_prioritisation", n_topics=n_topics)
    return out
