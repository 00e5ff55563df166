"""Cross-territory tables: comparable indicators side by side."""

from __future__ import annotations

import pandas as pd

from transfo_analysis.anonymise.disclosure import respondent_counts, suppress_cells
from transfo_analysis.reporting._context import ReportContext


def territories_overview(ctx: ReportContext) -> pd.DataFrame:
    """One row per territory: documents, respondents, turns, words, period (k-suppressed counts).

    Columns: ``territory``, ``territory_label``, ``n_documents``, ``n_respondents``,
    ``n_segments``, ``n_words``, ``first_date``, ``last_date``.
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
    table = docs.join(resp).join(talk).fillna(0).reset_index()
    table.insert(1, "territory_label", table["territory"].map(ctx.project.territory_label))
    out = suppress_cells(table, table["n_respondents"], k=ctx.k, columns=["n_respondents"])
    out.attrs["provenance"] = ctx.provenance("territories_overview")
    return out


def roles_by_territory(ctx: ReportContext) -> pd.DataFrame:
    """Respondents and words per territory and role (interviewers excluded), k-suppressed.

    Columns: ``territory``, ``territory_label``, ``role``, ``n_respondents``, ``n_words``,
    ``n_words_total`` (all roles of the territory).
    """
    c = ctx.corpus_all
    seg = c.respondent_segments()
    words = seg.groupby(["territory", "role"])["n_words"].sum()
    resp = respondent_counts(seg, ["territory", "role"], speakers=c.speakers)
    table = pd.DataFrame({"n_respondents": resp, "n_words": words}).reset_index()
    table.insert(1, "territory_label", table["territory"].map(ctx.project.territory_label))
    # the territory's total is not small: it lets figures show what share was withheld
    table["n_words_total"] = table.groupby("territory")["n_words"].transform("sum")
    out = suppress_cells(
        table, table["n_respondents"], k=ctx.k, columns=["n_respondents", "n_words"]
    )
    out.attrs["provenance"] = ctx.provenance("roles_by_territory")
    return out
