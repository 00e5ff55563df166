"""Frequency tables of lemmas or forms, overall or per sub-corpus (role, territory, question…)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from transfo_analysis.provenance import record
from transfo_analysis.textometry._tables import CONTENT_POS, token_frame, with_columns

FREQUENCY_COLUMNS = [
    "term",
    "frequency",
    "per_1000",
    "n_segments",
    "n_documents",
    "n_respondents",
    "rank",
]


def _as_list(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def frequencies(
    segments: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    unit: str = "lemma",
    pos: Sequence[str] | None = CONTENT_POS,
    keep_stop_words: bool = False,
    min_frequency: int = 1,
    respondent: str = "speaker_id",
    documents: pd.DataFrame | None = None,
    speakers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Lemma (or form) frequencies, with document and respondent frequencies.

    Parameters
    ----------
    segments
        The segments table (only its segments are counted: filter it to restrict the corpus).
    tokens
        The NLP tokens table; pseudonym tokens are never counted.
    by
        Column(s) defining sub-corpora (``"role"``, ``["territory", "role"]``…), looked up in
        ``segments``, then ``documents`` and ``speakers``; ``None`` for the whole corpus.
    unit
        ``"lemma"`` or ``"form"`` (the lower-cased word as written).
    pos
        Parts of speech counted (spaCy tags; content words by default); ``None`` for all.
    keep_stop_words
        Count stop words and oral fillers too.
    min_frequency
        Drop terms rarer than this (within each sub-corpus).
    respondent
        Column identifying a respondent (``speaker_id``, or ``person_id`` with ``speakers``, to
        count one person across interviews once).
    documents, speakers
        Corpus tables providing ``by`` or ``respondent`` columns absent from ``segments``.

    Returns
    -------
    One row per sub-corpus and term: the ``by`` columns, ``term``, ``frequency`` (occurrences),
    ``per_1000`` (per thousand words of the sub-corpus, stop words included), ``n_segments``,
    ``n_documents``, ``n_respondents`` (how many contain it) and ``rank`` (1 = most frequent),
    sorted by sub-corpus then decreasing frequency (ties alphabetical).
    """
    by = _as_list(by)
    segs = with_columns(segments, [*by, respondent], documents=documents, speakers=speakers)
    words, segs = token_frame(
        segs, tokens, unit=unit, pos=pos, keep_stop_words=keep_stop_words, by=by
    )
    words = words.merge(
        segs[["segment_id", "doc_id", respondent]].rename(columns={respondent: "_resp"}),
        on="segment_id",
        how="left",
    )
    sizes = (
        words.groupby(by).size().rename("_size") if by else pd.Series({0: len(words)}, name="_size")
    )
    content = words[words["content"]]
    keys = [*by, "term"]
    out = (
        content.groupby(keys, sort=False, observed=True)
        .agg(
            frequency=("term", "size"),
            n_segments=("segment_id", "nunique"),
            n_documents=("doc_id", "nunique"),
            n_respondents=("_resp", "nunique"),
        )
        .reset_index()
    )
    out = out[out["frequency"] >= min_frequency]
    size = (
        out.merge(sizes.reset_index(), on=by, how="left")["_size"].to_numpy() if by else len(words)
    )
    out["per_1000"] = 1000 * out["frequency"] / size
    out = out.sort_values(
        [*by, "frequency", "term"], ascending=[*[True] * len(by), False, True], kind="stable"
    )
    out["rank"] = out.groupby(by).cumcount() + 1 if by else range(1, len(out) + 1)
    out = out[[*by, *FREQUENCY_COLUMNS]].reset_index(drop=True)
    out["rank"] = out["rank"].astype("int64")
    out.attrs["provenance"] = record(
        "frequencies",
        parameters={
            "by": by,
            "unit": unit,
            "pos": None if pos is None else list(pos),
            "keep_stop_words": keep_stop_words,
            "min_frequency": min_frequency,
            "respondent": respondent,
        },
        n_words=int(len(words)),
        n_segments=int(segs["segment_id"].nunique()),
    )
    return out
