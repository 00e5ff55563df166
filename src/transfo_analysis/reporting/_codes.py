"""Codes and quotes for reports (accepted codings only, k-suppressed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from transfo_analysis.reporting._context import ReportContext
from transfo_analysis.reporting._themes import (
    REPORT_ROLES,
    accepted_codings,
    codebook,
    topic_result,
)
from transfo_analysis.viz import ROLE_COLOURS, apply_theme, role_label

if TYPE_CHECKING:
    from IPython.display import Markdown

ALL_ROLES = "Tous"


def _territory_codings(ctx: ReportContext) -> pd.DataFrame | None:
    codings = accepted_codings(ctx)
    if codings is None:
        return None
    codings = codings[codings["segment_id"].isin(ctx.corpus.segments["segment_id"])]
    return codings if len(codings) else None


def top_codes(ctx: ReportContext, *, n: int = 12) -> pd.DataFrame:
    """The most frequent codes of the territory, overall and per role (artifact ``top_codes``).

    Counts are accepted codings (several coders' codings of a segment count once); rows resting on
    fewer than ``k`` distinct respondents are blanked and marked. Columns: ``code``,
    ``code_label``, ``role`` (``"tous"`` for all roles), ``role_label``, ``n_segments``,
    ``n_respondents``, ``share`` (of the group's respondents who said it), ``suppressed``.
    """
    from transfo_analysis.coding import code_frequencies

    codings = _territory_codings(ctx)
    if codings is None:
        return pd.DataFrame()
    corpus, book = ctx.corpus, codebook(ctx)
    overall = code_frequencies(corpus, codings, k=ctx.k, codebook=book).assign(role="tous")
    by_role = code_frequencies(corpus, codings, by="role", k=ctx.k, codebook=book)
    by_role = by_role[by_role["role"].isin(REPORT_ROLES)]
    table = pd.concat([overall, by_role], ignore_index=True)
    ranked = overall.sort_values(
        ["suppressed", "n_respondents", "n_segments"], ascending=[True, False, False]
    )
    keep = ranked["code"].head(n).tolist()
    table = table[table["code"].isin(keep)]
    table = table.assign(
        code_label=table["code"],
        role_label=table["role"].map(lambda r: ALL_ROLES if r == "tous" else role_label(r)),
        share=table["pct_respondents"] / 100
        if table["pct_respondents"].max() > 1
        else table["pct_respondents"],
        order=table["code"].map({c: i for i, c in enumerate(keep)}),
    ).sort_values(["order", "role"])
    out = table[
        [
            "code",
            "code_label",
            "role",
            "role_label",
            "n_segments",
            "n_respondents",
            "share",
            "suppressed",
        ]
    ].reset_index(drop=True)
    out.attrs = {"k": ctx.k, "provenance": ctx.provenance("top_codes", n=n)}
    return out


def top_codes_figure(table: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Horizontal bars: share of respondents who raised each code (all roles), masked codes named."""
    overall = table[table["role"] == "tous"].iloc[::-1]
    values = (overall["share"] * 100).fillna(0)
    fig = go.Figure(
        go.Bar(
            y=overall["code_label"],
            x=values,
            orientation="h",
            marker_color=ROLE_COLOURS["usager"],
            text=[
                "masqué (< k personnes)" if s else f"{v:.0f} %"
                for s, v in zip(overall["suppressed"], values, strict=True)
            ],
            textposition="outside",
            customdata=overall["n_respondents"],
            hovertemplate="%{y} : %{x:.0f} % des personnes (%{customdata})<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis_title="Part des personnes entendues qui l'évoquent (%)",
        yaxis_title=None,
        height=180 + 34 * len(overall),
        showlegend=False,
    )
    return apply_theme(fig, title=title or "Ce qui revient le plus souvent (codage des chercheurs)")


def report_quotes(ctx: ReportContext, *, per_theme: int = 2, max_themes: int = 6) -> pd.DataFrame:
    """Pseudonymised quotes for the territory's main codes (or topics when nothing is coded).

    Quotes whose group (territory × role) counts fewer than ``k`` respondents are withheld and
    replaced by a notice. Columns: ``theme``, ``theme_kind`` (``code``/``topic``), ``text``,
    ``role``, ``role_label``, ``service_label``, ``rank``, ``suppressed``.
    """
    from transfo_analysis.anonymise.disclosure import suppress_quotes

    codes = top_codes(ctx, n=max_themes)
    codings = _territory_codings(ctx)
    if not codes.empty and codings is not None:
        from transfo_analysis.coding import quotes

        wanted = codes.loc[(codes["role"] == "tous") & ~codes["suppressed"], "code"].tolist()
        q = (
            quotes(ctx.corpus, codings, wanted, n=per_theme, k=ctx.k, codebook=codebook(ctx))
            if wanted
            else pd.DataFrame()
        )
        if len(q):
            out = q.rename(columns={"code": "theme"}).assign(theme_kind="code")
            return _finish(ctx, out)
    result = topic_result(ctx)
    if result is None or result.quotes.empty:
        return pd.DataFrame()
    segs = ctx.corpus.segments.set_index("segment_id")
    q = result.quotes.assign(
        segment_id=result.quotes["segment_ids"].map(lambda ids: ids[0] if len(ids) else None)
    )
    q = q[q["segment_id"].isin(segs.index)]  # this territory's quotes
    q = q.assign(
        speaker_id=q["segment_id"].map(segs["speaker_id"]),
        service=q["segment_id"].map(segs["service"]),
    )
    top = result.topics[result.topics["topic"] >= 0].nlargest(max_themes, "size")["topic"]
    q = q[q["topic"].isin(top)].groupby("topic").head(per_theme)
    q = q.assign(theme=q["topic"].map(result.labels()), theme_kind="topic")
    q = suppress_quotes(q, ctx.corpus.segments, speakers=ctx.corpus.speakers, k=ctx.k)
    return _finish(ctx, q)


def _finish(ctx: ReportContext, q: pd.DataFrame) -> pd.DataFrame:
    q = q[q["role"].isin(REPORT_ROLES)] if "role" in q else q
    q = q.drop_duplicates("text")  # a passage coded twice is quoted once, under its first theme
    out = pd.DataFrame(
        {
            "theme": q["theme"],
            "theme_kind": q["theme_kind"],
            "text": q["text"].astype(str),
            "role": q["role"],
            "role_label": q["role"].map(role_label),
            "service_label": q["service"].map(ctx.project.service_label) if "service" in q else "",
            "rank": q.get("rank", 1),
            "suppressed": q.get("suppressed", False),
        }
    ).reset_index(drop=True)
    out.attrs = {"k": ctx.k, "provenance": ctx.provenance("quotes")}
    return out


def quotes_markdown(table: pd.DataFrame) -> Markdown:
    """Quotes laid out for reading: one block per theme, each quote with who said it."""
    from IPython.display import Markdown

    if table.empty:
        return Markdown("*Aucune citation disponible.*")
    lines = []
    for theme, part in table.groupby("theme", sort=False):
        lines.append(f"#### {theme}")
        for row in part.itertuples():
            text = _escape_markdown(row.text.replace("\n", " "))
            who = (
                ""
                if row.suppressed
                else f" — *{row.role_label.rstrip('s').lower()}, {row.service_label.lower()}*"
            )
            lines.append(f"> « {text} »{who}\n")
    return Markdown("\n".join(lines))


_MARKDOWN_SPECIAL = str.maketrans(
    {c: "\\" + c for c in "\\`*_{}[]#+!|"} | {"<": "&lt;", ">": "&gt;"}
)


def _escape_markdown(text: str) -> str:
    """People's words shown as they are: no Markdown or HTML markup taken from them."""
    return text.translate(_MARKDOWN_SPECIAL)


def codes_by_territory(ctx: ReportContext, *, n: int = 10) -> pd.DataFrame:
    """For the synthesis: the main codes' share of respondents in each territory (k-suppressed).

    Columns: ``code``, ``code_label``, ``territory``, ``territory_label``, ``n_segments``,
    ``n_respondents``, ``share``, ``suppressed``.
    """
    from transfo_analysis.coding import code_frequencies

    codings = accepted_codings(ctx)
    if codings is None:
        return pd.DataFrame()
    book = codebook(ctx)
    table = code_frequencies(ctx.corpus_all, codings, by="territory", k=ctx.k, codebook=book)
    overall = code_frequencies(ctx.corpus_all, codings, k=None, codebook=book).sort_values(
        "n_respondents", ascending=False
    )
    keep = overall["code"].head(n).tolist()
    table = table[table["code"].isin(keep)]
    share = (
        table["pct_respondents"] / 100
        if table["pct_respondents"].max() > 1
        else table["pct_respondents"]
    )
    out = table.assign(
        code_label=table["code"],
        territory_label=table["territory"].map(ctx.project.territory_label),
        share=share,
    )
    out = out[
        [
            "code",
            "code_label",
            "territory",
            "territory_label",
            "n_segments",
            "n_respondents",
            "share",
            "suppressed",
        ]
    ].reset_index(drop=True)
    out.attrs = {"k": ctx.k, "provenance": ctx.provenance("codes_by_territory", n=n)}
    return out


def codes_by_territory_figure(table: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Heatmap: share of each territory's respondents raising each code; masked cells say so."""
    from transfo_analysis.viz.corpus import share_heatmap

    return share_heatmap(
        table,
        rows="code_label",
        columns="territory_label",
        colorscale="Oranges",
        title=title or "Ce qui revient, territoire par territoire (part des personnes)",
    )
