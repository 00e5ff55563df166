"""Corpus overview tables for reports: key figures and who was heard, with k-suppression."""

from __future__ import annotations

import pandas as pd

from transfo_analysis.anonymise.disclosure import respondent_counts, suppress_rows
from transfo_analysis.i18n import _
from transfo_analysis.labels import role_label
from transfo_analysis.numbers import fr_number
from transfo_analysis.reporting._context import ReportContext
from transfo_analysis.reporting._labels import MASKED, METHOD_LABELS
from transfo_analysis.reporting._protection import MEASURES, TOTAL, hidden_role_cells, is_hidden


def key_figures(ctx: ReportContext) -> pd.DataFrame:
    """Key figures of the territory: documents per method, respondents, words, period.

    Respondent counts below ``k`` are shown as ``"< k"`` (text), never as the small number; a
    total that would give away a hidden role (the only role heard, see
    :func:`~transfo_analysis.reporting._protection.hidden_role_cells`) reads « masqué ».

    Parameters
    ----------
    ctx
        The report context.

    Returns
    -------
    One row per figure: ``indicateur`` and ``valeur`` (formatted in French).
    """
    c = ctx.corpus
    resp = c.respondent_segments()
    n_resp = (
        int(respondent_counts(resp.assign(_all=1), ["_all"], speakers=c.speakers).sum())
        if len(resp)
        else 0
    )
    dates = c.documents["date"].dropna()
    hidden = hidden_role_cells(ctx)
    rows = [
        (_("Documents analysed"), fr_number(len(c.documents))),
        *[
            (METHOD_LABELS.get(m, m), fr_number(n))
            for m, n in c.documents["method"].value_counts().sort_index().items()
        ],
        (_("People heard"), _total(ctx, hidden, "n_respondents", n_resp)),
        (_("Speaking turns"), _total(ctx, hidden, "n_segments", len(resp))),
        (_("Words spoken or written"), _total(ctx, hidden, "n_words", resp["n_words"].sum())),
        (_("Services concerned"), fr_number(c.documents["service"].dropna().nunique())),
    ]
    if len(dates):
        rows.append((_("Period"), f"{dates.min():%m/%Y} – {dates.max():%m/%Y}"))
    out = pd.DataFrame(rows, columns=["indicateur", "valeur"])
    out.attrs["provenance"] = ctx.provenance("key_figures")
    return out


def voices_by_role(ctx: ReportContext) -> pd.DataFrame:
    """Who was heard: respondents, turns and words per role (interviewers excluded), k-suppressed.

    A role heard by fewer than ``k`` people is blanked, and so are the cells that would give it
    away as the territory's total (key figures) minus the other roles (complementary
    suppression, the same cells in every report).

    Columns: ``role``, ``role_label``, ``n_respondents``, ``n_segments``, ``n_words``,
    ``words_per_turn``, ``suppressed``, ``secondary`` (masked only so that a smaller profile
    cannot be deduced from the totals).

    Parameters
    ----------
    ctx
        The report context.

    Returns
    -------
    The roles table.
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
    out = _apply_plan(ctx, table)
    out.attrs["provenance"] = ctx.provenance("voices_by_role")
    return out


def _total(ctx: ReportContext, hidden: frozenset, measure: str, value: float) -> str:
    """A key figure: the number, « < k » for too few people, « masqué » when it would reveal a
    hidden role.
    """
    if not is_hidden(hidden, ctx.territory, TOTAL, measure) or value == 0:
        return fr_number(value)
    return f"< {ctx.k}" if measure == "n_respondents" and value < ctx.k else MASKED


def _apply_plan(ctx: ReportContext, table: pd.DataFrame) -> pd.DataFrame:
    """Blank the role cells the disclosure plan hides; ``suppressed`` marks rows with any."""
    if ctx.territory is None:  # the whole project: only whole groups under k
        return suppress_rows(table, respondents="n_respondents", k=ctx.k)
    hidden = hidden_role_cells(ctx)
    out = table.copy()
    n_hidden = n_primary = 0
    for measure in MEASURES:
        mask = out["role"].map(lambda r, m=measure: is_hidden(hidden, ctx.territory, r, m))
        out[measure] = out[measure].astype("float64").mask(mask)
        n_hidden += int(mask.sum())
    small = (out["role"].map(table.set_index("role")["n_respondents"]) < ctx.k).to_numpy()
    n_primary = int(small.sum()) * len(MEASURES)
    out["words_per_turn"] = out["words_per_turn"].mask(
        out["n_words"].isna() | out["n_segments"].isna()
    )
    out["suppressed"] = out[list(MEASURES)].isna().any(axis=1)
    out["secondary"] = out["suppressed"] & ~small  # masked so that a small group stays hidden
    out.attrs.update(k=ctx.k, n_suppressed=n_hidden, n_secondary=max(0, n_hidden - n_primary))
    return out
