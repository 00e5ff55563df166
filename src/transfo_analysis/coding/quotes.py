"""Quotes per code, ranked, with their provenance, and k-suppressed for stakeholders.

A good quote is one several coders agreed on, coded by a person (or a suggestion a person
accepted), of a readable length, and the set of quotes for a code should not all come from one
talkative respondent. The ranking follows that order; ``per_respondent`` caps how many quotes
one person contributes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from transfo_analysis.coding.analysis import prepare, tables
from transfo_analysis.coding.codebook import Codebook
from transfo_analysis.corpus import Corpus
from transfo_analysis.errors import ConfigError
from transfo_analysis.i18n import _
from transfo_analysis.provenance import record

QUOTE_COLUMNS = [
    "code",
    "rank",
    "segment_id",
    "doc_id",
    "speaker_id",
    "role",
    "territory",
    "service",
    "turn",
    "text",
    "n_words",
    "n_coders",
    "score",
]


def quotes(
    corpus: Corpus | pd.DataFrame,
    codings: pd.DataFrame,
    code: str | Sequence[str] | None = None,
    *,
    n: int = 5,
    speakers: pd.DataFrame | None = None,
    k: int | None = None,
    group_by: Sequence[str] = ("territory", "role"),
    per_respondent: int = 1,
    min_words: int = 8,
    ideal_words: int = 45,
    include_children: bool = False,
    codebook: Codebook | None = None,
) -> pd.DataFrame:
    """The best quotes for each code.

    Parameters
    ----------
    corpus
        The **pseudonymised** corpus (or its segments table). With a corpus object and ``k``
        set, a corpus that is not pseudonymised is refused.
    codings
        Codings (accepted ones only are quoted).
    code
        One code, several, or ``None`` for every code.
    n
        Quotes per code.
    speakers
        The speakers table (from the corpus by default): identifies a respondent across documents.
    k
        ``None`` for the researcher's view; an int withholds quotes whose ``group_by`` group has
        fewer than ``k`` respondents in the corpus (the text is replaced by a notice).
    group_by
        The group a quote speaks for, for k-suppression.
    per_respondent
        At most this many quotes of one person per code (relaxed when too few remain).
    min_words
        Shorter segments are not quoted ("oui, tout à fait").
    ideal_words
        Length favoured by the ranking.
    include_children
        Quote a code's sub-codes too (needs ``codebook``).
    codebook
        Code hierarchy.

    Returns
    -------
    :data:`QUOTE_COLUMNS` (plus ``suppressed`` and ``group_respondents`` when ``k`` is set),
    ranked within each code; the provenance is in ``attrs``.
    """
    if k is not None and hasattr(corpus, "pseudonymised") and not corpus.pseudonymised:
        raise ConfigError(
            _("quotes for stakeholders (k set) need the pseudonymised corpus"),
            hint=_("load it with load_corpus(project) after `transfo pseudonymise`"),
        )
    segments, speakers = tables(corpus, speakers)
    coded, _unused = prepare(
        corpus, codings, speakers=speakers, rollup=include_children, codebook=codebook
    )
    if code is not None:
        wanted = [code] if isinstance(code, str) else list(code)
        if codebook is not None:
            wanted = codebook.check(wanted)
        coded = coded[coded["code"].isin(wanted)]
    if "n_words" not in coded:
        coded = coded.assign(n_words=coded["text"].str.split().str.len())
    manual = (
        coded["origin"].eq("manual") if "origin" in coded else pd.Series(True, index=coded.index)
    )
    agg = (
        coded.assign(
            _manual=manual, _conf=coded.get("confidence", pd.Series(np.nan, index=coded.index))
        )
        .groupby(["code", "segment_id"], as_index=False)
        .agg(
            n_coders=("coder", "nunique") if "coder" in coded else ("segment_id", "size"),
            manual=("_manual", "max"),
            confidence=("_conf", "max"),
        )
    )
    keep = [
        c for c in QUOTE_COLUMNS if c in segments and c not in ("code", "rank", "n_coders", "score")
    ]
    cand = agg.merge(segments[keep], on="segment_id")
    if "person_id" in coded:
        cand = cand.merge(
            coded[["segment_id", "person_id"]].drop_duplicates(), on="segment_id", how="left"
        )
    cand = cand[(cand["n_words"] >= min_words) & (cand["role"] != "enqueteur")]
    length = np.exp(-np.abs(np.log((cand["n_words"].clip(lower=1)) / ideal_words)))
    cand = cand.assign(
        score=cand["n_coders"]
        + 0.5 * cand["manual"].astype(float)
        + 0.3 * cand["confidence"].fillna(1.0)
        + length
    )
    person = "person_id" if "person_id" in cand else "speaker_id"
    picked = []
    for _code, g in cand.sort_values(["code", "score"], ascending=[True, False]).groupby(
        "code", sort=False
    ):
        seen = g.groupby(person).cumcount()
        first = g[seen < per_respondent]
        picked.append(
            pd.concat([first, g[seen >= per_respondent]]).head(n)
            if len(first) < n
            else first.head(n)
        )
    out = pd.concat(picked, ignore_index=True) if picked else pd.DataFrame(columns=QUOTE_COLUMNS)
    out["rank"] = out.groupby("code").cumcount() + 1 if len(out) else []
    out = out[[c for c in QUOTE_COLUMNS if c in out] + [c for c in ("person_id",) if c in out]]
    if k is not None:
        from transfo_analysis.anonymise.disclosure import (
            suppress_quotes,  # the anonymise package is heavy to import
        )

        out = suppress_quotes(out, segments, speakers=speakers, group_by=list(group_by), k=k)
    out.attrs["provenance"] = record(
        "quotes",
        parameters={
            "n": n,
            "k": k,
            "group_by": list(group_by),
            "per_respondent": per_respondent,
            "min_words": min_words,
            "pseudonymised": getattr(corpus, "pseudonymised", None),
        },
    )
    return out
