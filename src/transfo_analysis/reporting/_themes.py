"""What people talk about, for reports: topics by role, specific words, codes, quotes.

Every table here is cut to the report's territory and k-suppressed: a cell counting fewer than
``k`` distinct respondents is blanked and marked, a whole group (a role in a territory) below
``k`` is withheld, and quotes from such groups are replaced by a notice.
"""

from __future__ import annotations

import functools

import pandas as pd

from transfo_analysis.anonymise.disclosure import respondent_counts, suppress_cells
from transfo_analysis.i18n import _, ngettext
from transfo_analysis.labels import role_label
from transfo_analysis.reporting._context import ReportContext

#: roles compared in stakeholder reports (the interviewer is never one)
REPORT_ROLES = ("usager", "agent", "encadrant", "elu")


# -- sources ----------------------------------------------------------------------------------
def topic_result(ctx: ReportContext):
    """The project's topic model (``None`` when the topics step has not run)."""
    from transfo_analysis.topics import load_topics, topics_dir

    if not (topics_dir(ctx.project) / "topics.json").exists():
        return None
    return ctx.cached("topics", lambda: load_topics(ctx.project))


def accepted_codings(ctx: ReportContext) -> pd.DataFrame | None:
    """Accepted codings of the annotation store (``None`` without a codebook or store)."""
    if not ctx.project.store_file.exists() or not ctx.project.codebook_file.exists():
        return None

    def load() -> pd.DataFrame:
        from transfo_analysis.coding import open_store

        with open_store(ctx.project, create=False) as store:
            return store.codings(status="accepted")

    codings = ctx.cached("codings", load)
    return codings if len(codings) else None


def codebook(ctx: ReportContext):
    from transfo_analysis.coding import load_codebook

    return ctx.cached("codebook", lambda: load_codebook(ctx.project))


@functools.lru_cache(maxsize=8)
def _textometry_table(processed: str, name: str, mtime: float) -> pd.DataFrame:
    del mtime
    from pathlib import Path

    return pd.read_parquet(Path(processed) / "textometry" / f"{name}.parquet")


def _respondents_by(ctx: ReportContext, segments: pd.DataFrame, by: list[str]) -> pd.Series:
    return respondent_counts(segments, by, speakers=ctx.corpus_all.speakers)


# -- topics -----------------------------------------------------------------------------------
def topics_by_role(ctx: ReportContext, *, max_topics: int = 12) -> pd.DataFrame:
    """Share of each role's turns in each topic, in this territory (artifact ``topics_by_role``).

    Columns: ``topic``, ``label``, ``role``, ``role_label``, ``n_segments``, ``n_respondents``,
    ``share`` (of the role's modelled turns), ``suppressed``. Cells resting on fewer than ``k``
    respondents are blanked.

    Parameters
    ----------
    ctx
        The report context.
    max_topics
        How many topics (the largest in the territory).

    Returns
    -------
    The topics × roles table.
    """
    result = topic_result(ctx)
    if result is None:
        return pd.DataFrame()
    from transfo_analysis import topics as topics_pkg

    a = result.assignments
    a = a[a["role"].isin(REPORT_ROLES)]
    if ctx.territory is not None:
        a = a[a["territory"] == ctx.territory]
    a = a.merge(ctx.corpus_all.speakers[["speaker_id", "person_id"]], on="speaker_id", how="left")
    person = "person_id"
    blank = a[a["topic"] == topics_pkg.NON_ANSWER_TOPIC]
    a = a[a["modelled"]]
    # a role heard by fewer than k people in the territory is left out altogether (and said so)
    heard = a.groupby("role")[person].nunique()
    withheld = sorted(heard[heard < ctx.k].index)
    a = a[~a["role"].isin(withheld)]
    totals = a.groupby("role").size()
    cells = (
        a[a["topic"] >= 0]
        .groupby(["topic", "role"])
        .agg(n_segments=("segment_id", "nunique"), n_respondents=(person, "nunique"))
        .reset_index()
    )
    # as floats: when every role is withheld the frame is empty and its columns have no dtype
    cells["share"] = cells["n_segments"].astype(float) / cells["role"].map(totals).astype(float)
    top = (
        cells.groupby("topic")["n_segments"]
        .sum()
        .sort_values(ascending=False)
        .head(max_topics)
        .index
    )
    cells = cells[cells["topic"].isin(top)]
    cells.insert(1, "label", cells["topic"].map(result.display_labels()))
    cells.insert(3, "role_label", cells["role"].map(role_label))
    non_answers = _non_answer_shares(blank, totals, by="role", k=ctx.k)
    cells["non_answer_share"] = (
        cells["role"].map({r["role"]: r["share"] for r in non_answers}).astype(float)
    )
    out = suppress_cells(
        cells.reset_index(drop=True),
        cells["n_respondents"].reset_index(drop=True),
        k=ctx.k,
        columns=["n_segments", "n_respondents", "share"],
    )
    out["suppressed"] = out["n_segments"].isna()
    out.attrs["withheld_roles"] = withheld
    out.attrs["non_answers"] = non_answers
    out.attrs["provenance"] = ctx.provenance("topics_by_role", max_topics=max_topics)
    return out


def topics_empty_reason(ctx: ReportContext, table: pd.DataFrame) -> str:
    """One French sentence saying why a topics section has nothing to show.

    The topics step may have found the corpus too small (its reason is kept), may not have run,
    or every role may have been heard by fewer than ``k`` people in the territory.

    Parameters
    ----------
    ctx
        The report's context.
    table
        The empty table the section would have shown (its ``withheld_roles`` are read).

    Returns
    -------
    str
        The sentence, for :func:`not_available`.
    """
    from transfo_analysis.topics import topics_skip_reason

    reason = topics_skip_reason(ctx.project)
    if reason:
        return reason
    if topic_result(ctx) is None:
        return _("No topic model: the topics step has not been run yet.")
    if table.attrs.get("withheld_roles"):
        return ngettext(
            "Topics by profile hidden: each profile was heard by fewer than {k} person in this"
            " territory (rule protecting respondents).",
            "Topics by profile hidden: each profile was heard by fewer than {k} people in this"
            " territory (rule protecting respondents).",
            ctx.k,
        ).format(k=ctx.k)
    return _("No topic stands out for this territory.")


def _non_answer_shares(
    blank: pd.DataFrame, modelled: pd.Series, *, by: str, k: int
) -> list[dict[str, object]]:
    """Share of each group's answers that say nothing (« RAS », « néant »…), set apart from the
    themes; masked (``share`` ``None``) when fewer than ``k`` people gave them.
    """
    out = []
    for group, n_modelled in modelled.items():
        part = blank[blank[by] == group]
        n = int(part["segment_id"].nunique())
        people = int(part["person_id"].nunique())
        masked = 0 < people < k
        out.append(
            {
                by: group,
                "share": None if masked else n / (n + int(n_modelled)) if n + n_modelled else 0.0,
                "suppressed": masked,
            }
        )
    return out


def topics_by_territory(ctx: ReportContext, *, max_topics: int = 12) -> pd.DataFrame:
    """For the synthesis: share of each territory's respondent turns per topic (k-suppressed).

    Columns: ``topic``, ``label``, ``territory``, ``territory_label``, ``n_segments``,
    ``n_respondents``, ``share``, ``suppressed``.

    Parameters
    ----------
    ctx
        The synthesis context.
    max_topics
        How many topics (the largest over all territories).

    Returns
    -------
    The topics × territories table.
    """
    result = topic_result(ctx)
    if result is None:
        return pd.DataFrame()
    from transfo_analysis import topics as topics_pkg

    a = result.assignments
    a = a[a["role"].isin(REPORT_ROLES)].merge(
        ctx.corpus_all.speakers[["speaker_id", "person_id"]], on="speaker_id", how="left"
    )
    blank = a[a["topic"] == topics_pkg.NON_ANSWER_TOPIC]
    a = a[a["modelled"]]
    totals = a.groupby("territory").size()
    cells = (
        a[a["topic"] >= 0]
        .groupby(["topic", "territory"])
        .agg(n_segments=("segment_id", "nunique"), n_respondents=("person_id", "nunique"))
        .reset_index()
    )
    cells["share"] = cells["n_segments"] / cells["territory"].map(totals)
    top = (
        cells.groupby("topic")["n_segments"]
        .sum()
        .sort_values(ascending=False)
        .head(max_topics)
        .index
    )
    cells = cells[cells["topic"].isin(top)].reset_index(drop=True)
    cells.insert(1, "label", cells["topic"].map(result.display_labels()))
    cells.insert(3, "territory_label", cells["territory"].map(ctx.project.territory_label))
    non_answers = _non_answer_shares(blank, totals, by="territory", k=ctx.k)
    cells["non_answer_share"] = (
        cells["territory"].map({r["territory"]: r["share"] for r in non_answers}).astype(float)
    )
    out = suppress_cells(
        cells, cells["n_respondents"], k=ctx.k, columns=["n_segments", "n_respondents", "share"]
    )
    out["suppressed"] = out["n_segments"].isna()
    out.attrs["non_answers"] = non_answers
    out.attrs["provenance"] = ctx.provenance("topics_by_territory", max_topics=max_topics)
    return out


# -- specific words ---------------------------------------------------------------------------
def specific_words(ctx: ReportContext, *, n: int = 15) -> pd.DataFrame:
    """Words that distinguish users from agents in this territory (artifact ``specific_words``).

    Lafon specificities computed by the textometry step; a role with fewer than ``k``
    respondents in the territory is withheld. Columns: ``role``, ``role_label``, ``lemma``,
    ``score`` (signed, log10 of the tail probability), ``frequency``.

    Parameters
    ----------
    ctx
        The report context.
    n
        Words per role.

    Returns
    -------
    The specific words table.
    """
    from transfo_analysis.textometry import ALL_TERRITORIES

    path = ctx.project.processed_dir / "textometry" / "specificities_users_agents.parquet"
    if not path.exists():
        return pd.DataFrame()
    table = _textometry_table(
        str(ctx.project.processed_dir), "specificities_users_agents", path.stat().st_mtime
    )
    table = table[table["territory"] == (ctx.territory or ALL_TERRITORIES)]
    seg = ctx.corpus.respondent_segments()
    n_resp = _respondents_by(ctx, seg, ["role"])
    kept = [r for r in ("usager", "agent") if n_resp.get(r, 0) >= ctx.k]
    table = table[table["part"].isin(kept) & (table["score"] > 0) & ~table["banal"]]
    table = table.sort_values("score", ascending=False).groupby("part").head(n)
    out = pd.DataFrame(
        {
            "role": table["part"],
            "role_label": table["part"].map(role_label),
            "lemma": table["term"],
            "score": table["score"].round(1),
            "frequency": table["f"],
        }
    ).reset_index(drop=True)
    out.attrs = {
        "k": ctx.k,
        "withheld_roles": [r for r in ("usager", "agent") if r not in kept],
        "provenance": ctx.provenance("specific_words", n=n),
    }
    return out
