"""Codes and quotes for reports (accepted codings only, k-suppressed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from transfo_analysis.anonymise.disclosure import complementary_suppression
from transfo_analysis.i18n import _
from transfo_analysis.labels import ALL_ROLES_LABEL, role_label
from transfo_analysis.reporting._context import ReportContext
from transfo_analysis.reporting._protection import hidden_role_cells
from transfo_analysis.reporting._themes import (
    REPORT_ROLES,
    accepted_codings,
    codebook,
    topic_result,
)

if TYPE_CHECKING:
    from IPython.display import Markdown


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
    ``n_respondents``, ``share`` (fraction in [0, 1] of the group's respondents who said it;
    masked too where the group's size is masked), ``suppressed`` (the counts are masked).
    """
    from transfo_analysis.coding import code_frequencies

    codings = _territory_codings(ctx)
    if codings is None:
        return pd.DataFrame()
    corpus, book = ctx.corpus, codebook(ctx)
    overall = code_frequencies(corpus, codings, k=None, codebook=book).assign(role="tous")
    by_role = code_frequencies(corpus, codings, by="role", k=None, codebook=book)
    by_role = by_role[by_role["role"].isin(REPORT_ROLES)]
    small = overall["n_respondents"] < ctx.k
    ranked = overall.assign(_small=small).sort_values(
        ["_small", "n_respondents", "n_segments"], ascending=[True, False, False]
    )
    keep = ranked["code"].head(n).tolist()
    table = pd.concat([overall, by_role], ignore_index=True)
    table = _suppress_with_margins(table[table["code"].isin(keep)].reset_index(drop=True), ctx.k)
    table = table.assign(
        code_label=table["code"],
        role_label=table["role"].map(lambda r: ALL_ROLES_LABEL if r == "tous" else role_label(r)),
        share=table["pct_respondents"] / 100,  # code_frequencies gives percentages
        order=table["code"].map({c: i for i, c in enumerate(keep)}),
    ).sort_values(["order", "role"])
    # a share is a count over the role's people: where « who was heard » hides how many people
    # a role counts, its shares would give that number back (count / share)
    plan = hidden_role_cells(ctx)
    unknown = table["role"].map(lambda r: (ctx.territory, r, "n_respondents") in plan)
    table["share"] = table["share"].mask(unknown)  # ``suppressed`` stays about the counts
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
    out.attrs = {
        "k": ctx.k,
        "n_suppressed": table.attrs["n_suppressed"],
        "n_secondary": table.attrs["n_secondary"],
        "provenance": ctx.provenance("top_codes", n=n),
    }
    return out


def _suppress_with_margins(table: pd.DataFrame, k: int) -> pd.DataFrame:
    """k-suppression of codes × roles where the « tous » rows are the margins of the roles.

    A role's count for a code under ``k`` people is hidden, and so are the cells that would give
    it away as « tous » minus the other roles (complementary suppression); a hidden count hides
    its share too.
    """
    measures = ("n_segments", "n_respondents")
    values, primary, relations = {}, set(), []
    for code, part in table.groupby("code", sort=False):
        roles = part["role"].tolist()
        small = part.loc[(part["n_respondents"] > 0) & (part["n_respondents"] < k), "role"]
        for m in measures:
            values.update({(code, r, m): float(v) for r, v in zip(roles, part[m], strict=True)})
            primary |= {(code, r, m) for r in small}
            parts = [(code, r, m) for r in roles if r != "tous"]
            total = (code, "tous", m)
            if total in values and sum(values[c] for c in parts) == values[total]:
                relations.append((total, parts))
    secondary = complementary_suppression(values, primary, relations)
    hidden = primary | secondary
    out = table.copy()
    for m in measures:
        mask = pd.Series(
            [(c, r, m) in hidden for c, r in zip(table["code"], table["role"], strict=True)],
            index=table.index,
        )
        out[m] = out[m].astype("float64").mask(mask)
    out["pct_respondents"] = out["pct_respondents"].mask(out["n_respondents"].isna())
    out["suppressed"] = out[list(measures)].isna().any(axis=1)
    out.attrs.update(n_suppressed=len(hidden), n_secondary=len(secondary))
    return out


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
    q = q.assign(theme=q["topic"].map(result.display_labels()), theme_kind="topic")
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
        return Markdown(
            "*{}*".format(
                _(
                    "No quote: excerpts are chosen from validated codes or topics, and this"
                    " territory has none (or too few people to quote them without the risk of"
                    " recognising them)."
                )
            )
        )
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
            lines.append("> " + _("« {text} »").format(text=text) + f"{who}\n")
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
    share = table["pct_respondents"] / 100  # code_frequencies gives percentages
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
