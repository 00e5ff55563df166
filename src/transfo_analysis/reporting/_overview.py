"""Corpus overview tables for reports: key figures and who was heard, with k-suppression."""

from __future__ import annotations

import pandas as pd

from transfo_analysis.anonymise.disclosure import respondent_counts, suppress_rows
from transfo_analysis.reporting._context import ReportContext
from transfo_analysis.viz import role_label

METHOD_LABELS = {
    "entretien": "Entretiens",
    "atelier": "Ateliers",
    "questionnaire": "Questionnaires",
    "observation": "Observations",
}


def key_figures(ctx: ReportContext) -> pd.DataFrame:
    """Key figures of the territory: documents per method, respondents, words, period.

    Respondent counts below ``k`` are shown as ``"< k"`` (text), never as the small number.
    """
    c = ctx.corpus
    resp = c.respondent_segments()
    n_resp = (
        int(respondent_counts(resp.assign(_all=1), ["_all"], speakers=c.speakers).sum())
        if len(resp)
        else 0
    )
    dates = c.documents["date"].dropna()
    rows = [
        ("Documents analysés", str(len(c.documents))),
        *[
            (METHOD_LABELS.get(m, m), str(n))
            for m, n in c.documents["method"].value_counts().sort_index().items()
        ],
        ("Personnes entendues", str(n_resp) if n_resp >= ctx.k or n_resp == 0 else f"< {ctx.k}"),
        ("Prises de parole", f"{len(resp):,}".replace(",", "\u202f")),
        ("Mots prononcés ou écrits", f"{int(resp['n_words'].sum()):,}".replace(",", "\u202f")),
        ("Services concernés", str(c.documents["service"].dropna().nunique())),
    ]
    if len(dates):
        rows.append(("Période", f"{dates.min():%m/%Y} – {dates.max():%m/%Y}"))
    out = pd.DataFrame(rows, columns=["indicateur", "valeur"])
    out.attrs["provenance"] = ctx.provenance("key_figures")
    return out


def voices_by_role(ctx: ReportContext) -> pd.DataFrame:
    """Who was heard: respondents, turns and words per role (interviewers excluded), k-suppressed.

    Columns: ``role``, ``role_label``, ``n_respondents``, ``n_segments``, ``n_words``,
    ``words_per_turn``, ``suppressed``.
    """
    c = ctx.corpus
    seg = c.respondent_segments()
    counts = respondent_counts(seg, ["role"], speakers=c.speakers).rename("n_respondents")
    table = (
        seg.groupby("role")
        .agg(n_segments=("segment_id", "size"), n_words=("n_words", "sum"))
        .join(counts)
        .reset_index()
    )
    table["words_per_turn"] = (table["n_words"] / table["n_segments"]).round(1)
    table["role_label"] = table["role"].map(role_label)
    table = table[
        ["role", "role_label", "n_respondents", "n_segments", "n_words", "words_per_turn"]
    ]
    out = suppress_rows(table, respondents="n_respondents", k=ctx.k)
    out.attrs["provenance"] = ctx.provenance("voices_by_role")
    return out
