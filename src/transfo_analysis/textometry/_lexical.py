"""The stage's lexical tables as a map-reduce: counts per partition, one sum, then the tables.

The frequencies and the three specificity tables of a project (by role, by territory, users
against agents) all come from the same counts: occurrences of each content lemma per
territory, role and document, with the segments and respondents that use it, and the words of
each territory and role. :func:`lexical_counts` makes them for one partition of the corpus (on
any worker), :func:`merge_lexical` adds the partitions up, and :func:`lexical_tables` derives
the four tables, equal to those of :func:`~transfo_analysis.textometry.frequencies` and
:func:`~transfo_analysis.textometry.specificities` on the whole corpus.

The sum is exact because a partition holds whole segments and whole respondents (a document,
or one respondent of a survey: :func:`transfo_analysis.corpus.partition_keys`), and a speaker
belongs to one document: segment and respondent counts add up per document, and a document's
count is the number of documents whose rows remain after the sum.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from transfo_analysis.provenance import record
from transfo_analysis.textometry._tables import CONTENT_POS, token_frame
from transfo_analysis.textometry.frequencies import FREQUENCY_COLUMNS
from transfo_analysis.textometry.specificities import (
    SPECIFICITY_COLUMNS,
    Contingency,
    specificities_of,
)

#: the columns the lexical tables are cut by
KEYS = ["territory", "role"]
#: ``territory`` value of the whole-corpus rows of ``specificities_users_agents``
ALL_TERRITORIES = "__ensemble__"
#: the roles compared in ``specificities_users_agents``
USERS_AGENTS = ("usager", "agent")
_COUNTS = ["frequency", "n_segments", "n_respondents"]


@dataclass
class LexicalCounts:
    """What the lexical tables need from a corpus or from one partition of it.

    Attributes
    ----------
    words
        ``territory``, ``role``, ``n_words``: words of each sub-corpus (stop words included,
        punctuation and pseudonyms out), only where there is at least one.
    segments
        ``territory``, ``role``, ``n_segments``: segments of each sub-corpus, with or without
        words.
    counts
        ``territory``, ``role``, ``doc_id``, ``term``, then ``frequency`` (occurrences),
        ``n_segments`` and ``n_respondents`` (how many contain it): content lemmas only.
    """

    words: pd.DataFrame
    segments: pd.DataFrame
    counts: pd.DataFrame


def lexical_counts(segments: pd.DataFrame, tokens: pd.DataFrame) -> LexicalCounts:
    """The counts of one partition (or of a whole corpus): the map.

    Parameters
    ----------
    segments
        The partition's segments (``segment_id``, ``doc_id``, ``speaker_id``, ``territory``,
        ``role``), interviewer left out as the stage wants.
    tokens
        Their tokens (others are ignored).

    Returns
    -------
    LexicalCounts
        Counts that :func:`merge_lexical` adds up.
    """
    segs = segments[["segment_id", "doc_id", "speaker_id", *KEYS]]
    words, _segs = token_frame(segs, tokens)
    words = words.merge(segs, on="segment_id", how="left")
    n_words = words.groupby(KEYS, dropna=False, sort=True).size().rename("n_words")
    n_segments = segs.groupby(KEYS, dropna=False, sort=True).size().rename("n_segments")
    counts = (
        words[words["content"]]
        .groupby([*KEYS, "doc_id", "term"], dropna=False, sort=True)
        .agg(
            frequency=("term", "size"),
            n_segments=("segment_id", "nunique"),
            n_respondents=("speaker_id", "nunique"),
        )
        .reset_index()
    )
    return LexicalCounts(n_words.reset_index(), n_segments.reset_index(), counts)


def merge_lexical(parts: list[LexicalCounts]) -> LexicalCounts:
    """Add up the counts of the partitions of one corpus: the reduce.

    Parameters
    ----------
    parts
        One :class:`LexicalCounts` per partition (at least one).

    Returns
    -------
    LexicalCounts
        The counts of the whole corpus.
    """

    def add(frames: list[pd.DataFrame], keys: list[str]) -> pd.DataFrame:
        kept = [f for f in frames if len(f)] or frames[:1]
        table = pd.concat(kept, ignore_index=True) if len(kept) > 1 else kept[0]
        return table.groupby(keys, dropna=False, sort=True).sum().reset_index()

    return LexicalCounts(
        add([p.words for p in parts], KEYS),
        add([p.segments for p in parts], KEYS),
        add([p.counts for p in parts], [*KEYS, "doc_id", "term"]),
    )


def lexical_tables(counts: LexicalCounts, *, banality: float = 2.0) -> dict[str, pd.DataFrame]:
    """The stage's frequency and specificity tables from the counts of the whole corpus.

    Parameters
    ----------
    counts
        From :func:`merge_lexical`.
    banality
        Specificity scores below this (absolute value) are flagged ``banal``.

    Returns
    -------
    dict
        ``specificities_role``, ``specificities_territory``, ``specificities_users_agents``
        and ``frequencies``, as the stage writes them.
    """
    return {
        "specificities_role": _specificities(counts, by="role", banality=banality),
        "specificities_territory": _specificities(counts, by="territory", banality=banality),
        "specificities_users_agents": _users_agents(counts, banality=banality),
        "frequencies": _frequencies(counts),
    }


def _specificities(
    counts: LexicalCounts,
    *,
    by: str,
    parts: list[str] | None = None,
    territory: Any = None,
    banality: float,
) -> pd.DataFrame:
    """:func:`~transfo_analysis.textometry.specificities` (``where`` = {}) from the counts."""
    words, terms = counts.words, counts.counts
    if territory is not None:
        words = words[words["territory"] == territory]
        terms = terms[terms["territory"] == territory]
    words, terms = words[words[by].notna()], terms[terms[by].notna()]
    if parts is not None:
        words, terms = words[words[by].isin(parts)], terms[terms[by].isin(parts)]
    sizes = words.groupby(by, sort=True)["n_words"].sum().astype("int64")
    table = terms.groupby([by, "term"], sort=True)["frequency"].sum().unstack(fill_value=0)
    table = table.reindex(index=sizes.index, fill_value=0).astype("int64")
    parameters: dict[str, Any] = {
        "by": by,
        "parts": parts,
        "where": {},
        "unit": "lemma",
        "pos": list(CONTENT_POS),
        "keep_stop_words": False,
    }
    return specificities_of(
        Contingency(by, sizes, table), min_frequency=3, banality=banality, parameters=parameters
    )


def _users_agents(counts: LexicalCounts, *, banality: float) -> pd.DataFrame:
    """Users vs agents, whole corpus then within each territory whose segments have both."""
    roles_of = counts.segments.groupby("territory", sort=True)["role"].agg(set)
    frames = []
    parts = list(USERS_AGENTS)
    if set(USERS_AGENTS) <= set(counts.segments["role"]):
        whole = _specificities(counts, by="role", parts=parts, banality=banality)
        frames.append(whole.assign(territory=ALL_TERRITORIES))
    for territory, roles in roles_of.items():
        if set(USERS_AGENTS) <= roles:
            table = _specificities(
                counts, by="role", parts=parts, territory=territory, banality=banality
            )
            frames.append(table.assign(territory=territory))
    if not frames:
        return pd.DataFrame(columns=["territory", *SPECIFICITY_COLUMNS])
    out = pd.concat(frames, ignore_index=True)
    out = out[["territory", *[c for c in out if c != "territory"]]]
    out.attrs = dict(frames[-1].attrs)
    return out


def _frequencies(counts: LexicalCounts) -> pd.DataFrame:
    """:func:`~transfo_analysis.textometry.frequencies` by territory and role, from the counts."""
    words = counts.words.dropna(subset=KEYS)
    terms = counts.counts.dropna(subset=KEYS)
    out = (
        terms.groupby([*KEYS, "term"], sort=False)
        .agg(
            frequency=("frequency", "sum"),
            n_segments=("n_segments", "sum"),
            n_documents=("doc_id", "size"),
            n_respondents=("n_respondents", "sum"),
        )
        .reset_index()
    )
    sizes = words.groupby(KEYS)["n_words"].sum().rename("_size")
    size = out.merge(sizes.reset_index(), on=KEYS, how="left")["_size"].to_numpy()
    out["per_1000"] = 1000 * out["frequency"] / size
    out = out.sort_values(
        [*KEYS, "frequency", "term"], ascending=[True, True, False, True], kind="stable"
    )
    out["rank"] = out.groupby(KEYS).cumcount() + 1
    out = out[[*KEYS, *FREQUENCY_COLUMNS]].reset_index(drop=True)
    for col in ("frequency", "n_segments", "n_documents", "n_respondents", "rank"):
        out[col] = out[col].astype("int64")
    out.attrs["provenance"] = record(
        "frequencies",
        parameters={
            "by": KEYS,
            "unit": "lemma",
            "pos": list(CONTENT_POS),
            "keep_stop_words": False,
            "min_frequency": 1,
            "respondent": "speaker_id",
        },
        n_words=int(words["n_words"].sum()),
        n_segments=int(counts.segments.dropna(subset=KEYS)["n_segments"].sum()),
    )
    return out
