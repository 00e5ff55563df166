"""The prioritisation view of the report: workshop themes against interviews and the barometer."""

from __future__ import annotations

import pandas as pd

from transfo_analysis.reporting._context import ReportContext
from transfo_analysis.workshops import card_topics, cards, prioritisation

MIN_CARDS = 20


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
    from transfo_analysis.nlp import load_tokens

    table = cards(ctx.corpus)
    ids = table.loc[table["kind"] == "carte", "segment_id"]
    if len(ids) < MIN_CARDS:
        return pd.DataFrame()
    tokens = load_tokens(ctx.project)
    themes = card_topics(
        ctx.corpus,
        tokens[tokens["segment_id"].isin(ids)],
        kinds=("carte",),
        n_topics=n_topics,
        seed=ctx.seed,
    )
    path = ctx.project.barometer_dir / "importance_performance.parquet"
    ipa = pd.read_parquet(path) if path.exists() else None
    out = prioritisation(ctx.corpus, tokens, themes, ipa=ipa, k=ctx.k)
    out.attrs["provenance"] = ctx.provenance("workshop_prioritisation", n_topics=n_topics)
    return out
