"""Cross-territory tables: comparable indicators side by side."""

from __future__ import annotations

import pandas as pd

from transfo_analysis.anonymise.disclosure import respondent_counts
from transfo_analysis.reporting._context import ReportContext
from transfo_analysis.reporting._protection import MEASURES, TOTAL, hidden_role_cells


def territories_overview(ctx: ReportContext) -> pd.DataFrame:
    """One row per territory: documents, respondents, turns, words, period (k-suppressed counts).

    A territory's totals are blanked when they rest on fewer than ``k`` people or would give away
    a hidden role (the same plan as the territory reports).

    Columns: ``territory``, ``territory_label``, ``n_documents``, ``n_respondents``,
    ``n_segments``, ``n_words``, ``first_date``, ``last_date``.

    Parameters
    ----------
    ctx
        The synthesis context.

    Returns
    -------
    The territories table.
    """
    c = ctx.corpus_all
    seg = c.respondent_segments()
    docs = c.documents.groupby("territory").agg(
        n_documents=("doc_id", "size"), first_date=("date", "min"), last_date=("date", "max")
    )
    talk = seg.groupby("territory").agg(
        n_segments=("segment_id", "size"), n_words=("n_words", "sum")
    )
    resp = respondent_counts(seg, ["territory"], speakers=c.speakers).rename("n_respondents")
    table = docs.join(resp).join(talk)
    counts = ["n_documents", "n_respondents", "n_segments", "n_words"]
    table[counts] = table[counts].fillna(0)  # undated documents keep a blank period, not 0
    table = table.reset_index()
    table.insert(1, "territory_label", table["territory"].map(ctx.project.territory_label))
    out = _blank(ctx, table, "territory", lambda t, m: (t, TOTAL, m), MEASURES)
    out.attrs["provenance"] = ctx.provenance("territories_overview")
    return out


def roles_by_territory(ctx: ReportContext) -> pd.DataFrame:
    """Respondents and words per territory and role (interviewers excluded), k-suppressed.

    Columns: ``territory``, ``territory_label``, ``role``, ``n_respondents``, ``n_words``,
    ``n_words_total`` (all roles of the territory). Cells are blanked as in the territory
    reports: roles heard by fewer than ``k`` people, and the cells that would give them away.

    Parameters
    ----------
    ctx
        The synthesis context.

    Returns
    -------
    The territories × roles table.
    """
    c = ctx.corpus_all
    seg = c.respondent_segments()
    words = seg.groupby(["territory", "role"])["n_words"].sum()
    resp = respondent_counts(seg, ["territory", "role"], speakers=c.speakers)
    table = pd.DataFrame({"n_respondents": resp, "n_words": words}).reset_index()
    table.insert(1, "territory_label", table["territory"].map(ctx.project.territory_label))
    # the territory's total is not small: it lets figures show what share was withheld
    table["n_words_total"] = table.groupby("territory")["n_words"].transform("sum")
    measures = ["n_respondents", "n_words"]
    out = _blank(ctx, table, ["territory", "role"], lambda tr, m: (*tr, m), measures)
    hidden = hidden_role_cells(ctx)
    total = table["territory"].map(lambda t: (t, TOTAL, "n_words") in hidden)
    out["n_words_total"] = out["n_words_total"].astype("float64").mask(total)
    out.attrs["provenance"] = ctx.provenance("roles_by_territory")
    return out


def _blank(ctx: ReportContext, table: pd.DataFrame, by, cell, measures) -> pd.DataFrame:
    """Blank the cells of ``table`` that the disclosure plan hides (``cell(key, measure)``)."""
    hidden = hidden_role_cells(ctx)
    out = table.copy()
    keys = list(zip(*(table[c] for c in by), strict=True)) if isinstance(by, list) else table[by]
    n = 0
    for measure in measures:
        mask = pd.Series([cell(key, measure) in hidden for key in keys], index=table.index)
        out[measure] = out[measure].astype("float64").mask(mask)
        n += int(mask.sum())
    out.attrs.update(k=ctx.k, n_suppressed=n)
    return out
