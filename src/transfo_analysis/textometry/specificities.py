"""Lafon specificities: which words a sub-corpus over-uses or under-uses, with an exact test.

For a corpus of ``T`` words split into parts (by role, territory, question…), a term of total
frequency ``F`` found ``f`` times in a part of ``t`` words is compared with what drawing ``t``
words at random without replacement would give: under that model the count ``X`` follows the
hypergeometric law ``H(T, F, t)`` (Lafon 1980, as in Lexico, TXM and IRaMuTeQ), with expectation
``E = t·F/T``. The *specificity score* is signed:

- ``f ≥ E``: score = ``-log10 P(X ≥ f)`` (positive: over-used; 3 means one chance in a thousand);
- ``f < E``: score = ``log10 P(X ≤ f)`` (negative: under-used).

Scores between ``-banality`` and ``+banality`` (2 by default: tail probability above 1 %) are
*banal*. Sizes count every word (stop words included, punctuation and pseudonyms out), the
Lexico convention; the scored vocabulary is the filtered one (content words by default).
Probabilities come from :data:`scipy.stats.hypergeom`, vectorised over the vocabulary; the rare
cells whose tail underflows double precision are recomputed with ``logsf``/``logcdf``, so very
strong specificities keep an exact score instead of infinity.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import hypergeom

from transfo_analysis.i18n import _
from transfo_analysis.provenance import record
from transfo_analysis.textometry._tables import CONTENT_POS, token_frame, with_columns

SPECIFICITY_COLUMNS = ["by", "part", "term", "f", "F", "t", "T", "expected", "score", "banal"]
_TINY = 1e-250


def log10_tails(
    f: np.ndarray, F: np.ndarray, t: np.ndarray, T: int
) -> tuple[np.ndarray, np.ndarray]:
    """``log10 P(X ≥ f)`` and ``log10 P(X ≤ f)`` for ``X ~ H(T, F, t)``, elementwise."""
    f, F, t = np.broadcast_arrays(np.asarray(f, float), np.asarray(F, float), np.asarray(t, float))
    upper = hypergeom.sf(f - 1, T, F, t)
    lower = hypergeom.cdf(f, T, F, t)
    with np.errstate(divide="ignore"):
        log_up, log_low = np.log10(upper), np.log10(lower)
    for out, tail, fn, k in (
        (log_up, upper, hypergeom.logsf, f - 1),
        (log_low, lower, hypergeom.logcdf, f),
    ):
        bad = tail < _TINY
        if bad.any():
            out[bad] = fn(k[bad], T, F[bad], t[bad]) / np.log(10)
    return np.minimum(log_up, 0.0), np.minimum(log_low, 0.0)


@dataclass(frozen=True)
class Contingency:
    """Counts of a corpus cut into parts: the input of Lafon specificities.

    A contingency table adds up: the one of a whole corpus is the sum of those of its
    partitions (:func:`merge_contingencies`), so specificities scale as a map (one table per
    partition, on any worker) and a reduce (a sum), with the same result as on the whole corpus.

    Attributes
    ----------
    by
        The column defining the parts.
    sizes
        Words per part (every word: stop words included, punctuation and pseudonyms out).
    counts
        Occurrences of each scored term (rows: parts, columns: terms).
    """

    by: str
    sizes: pd.Series
    counts: pd.DataFrame


def contingency(
    segments: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    by: str = "role",
    parts: Sequence[Any] | None = None,
    where: Mapping[str, Any] | None = None,
    unit: str = "lemma",
    pos: Sequence[str] | None = CONTENT_POS,
    keep_stop_words: bool = False,
    documents: pd.DataFrame | None = None,
    speakers: pd.DataFrame | None = None,
) -> Contingency:
    """The part × term counts of a corpus (or of one partition of it).

    Terms are not filtered by frequency here: a term rare in one partition may be frequent in
    the corpus, so ``min_frequency`` applies after the sum (:func:`specificities_of`).

    Parameters
    ----------
    segments, tokens
        The segments (of the corpus or of one partition) and their tokens.
    by, parts, where, unit, pos, keep_stop_words, documents, speakers
        As in :func:`specificities`.

    Returns
    -------
    Contingency
        Words per part and occurrences of each scored term per part.
    """
    where = dict(where or {})
    segs = with_columns(segments, [by, *where], documents=documents, speakers=speakers)
    for col, value in where.items():
        values = list(value) if isinstance(value, list | tuple | set) else [value]
        segs = segs[segs[col].isin(values)]
    if parts is not None:
        segs = segs[segs[by].isin(list(parts))]
    words, segs = token_frame(
        segs, tokens, unit=unit, pos=pos, keep_stop_words=keep_stop_words, by=[by]
    )
    sizes = words.groupby(by, sort=True).size()
    counts = words[words["content"]].groupby([by, "term"], sort=True).size().unstack(fill_value=0)
    counts = counts.reindex(index=sizes.index, fill_value=0)
    return Contingency(by, sizes, counts)


def merge_contingencies(tables: Iterable[Contingency]) -> Contingency:
    """Add up the contingency tables of the partitions of one corpus.

    Parameters
    ----------
    tables
        One :class:`Contingency` per partition, all cut by the same column.

    Returns
    -------
    Contingency
        The table of the whole corpus (parts and terms sorted).

    Raises
    ------
    ValueError
        When the tables cut the corpus by different columns, or there is none.
    """
    tables = list(tables)
    if not tables:
        raise ValueError(_("no contingency table to merge"))
    by = {t.by for t in tables}
    if len(by) > 1:
        raise ValueError(
            _("contingency tables by different columns: {columns}").format(columns=sorted(by))
        )
    sizes = pd.concat([t.sizes for t in tables]).groupby(level=0, sort=True).sum()
    counts = pd.concat([t.counts for t in tables]).fillna(0).groupby(level=0, sort=True).sum()
    counts = counts.reindex(index=sizes.index, fill_value=0)
    counts = counts[sorted(counts.columns)].astype("int64")
    return Contingency(tables[0].by, sizes.astype("int64"), counts)


def specificities_of(
    table: Contingency,
    *,
    min_frequency: int = 3,
    banality: float = 2.0,
    parameters: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Lafon specificities from a contingency table (see :func:`specificities`).

    Parameters
    ----------
    table
        From :func:`contingency` or :func:`merge_contingencies`.
    min_frequency, banality
        As in :func:`specificities`.
    parameters
        The parameters that made the table, kept in the provenance.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`specificities`.
    """
    by, sizes = table.by, table.sizes
    T = int(sizes.sum())
    counts = table.counts.loc[:, table.counts.sum(axis=0) >= min_frequency]
    f = counts.to_numpy(dtype=float)
    F = f.sum(axis=0)[None, :]
    t = sizes.to_numpy(dtype=float)[:, None]
    expected = t * F / T if T else np.zeros_like(f)
    log_up, log_low = log10_tails(f, F, t, T)
    score = np.where(f >= expected, -log_up, log_low) + 0.0  # + 0.0 turns -0.0 into 0.0
    n_parts, n_terms = f.shape
    out = pd.DataFrame(
        {
            "by": by,
            "part": np.repeat(sizes.index.to_numpy(), n_terms),
            "term": np.tile(counts.columns.to_numpy(dtype=object), n_parts),
            "f": f.ravel().astype("int64"),
            "F": np.broadcast_to(F, f.shape).ravel().astype("int64"),
            "t": np.broadcast_to(t, f.shape).ravel().astype("int64"),
            "T": T,
            "expected": expected.ravel(),
            "score": score.ravel(),
        },
        columns=SPECIFICITY_COLUMNS[:-1],
    )
    out["banal"] = out["score"].abs() < banality
    out = out.sort_values(
        ["part", "score", "term"], ascending=[True, False, True], kind="stable"
    ).reset_index(drop=True)
    out.attrs["provenance"] = record(
        "specificities",
        parameters={
            **dict(parameters or {"by": by}),
            "min_frequency": min_frequency,
            "banality": banality,
        },
        part_sizes={str(k): int(v) for k, v in sizes.items()},
        n_terms=int(n_terms),
    )
    return out


def specificities(
    segments: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    by: str = "role",
    parts: Sequence[Any] | None = None,
    where: Mapping[str, Any] | None = None,
    unit: str = "lemma",
    pos: Sequence[str] | None = CONTENT_POS,
    keep_stop_words: bool = False,
    min_frequency: int = 3,
    banality: float = 2.0,
    documents: pd.DataFrame | None = None,
    speakers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Lafon specificities of every part of the corpus defined by a column.

    Parameters
    ----------
    segments
        The segments table (filter it, or use ``where``, to restrict the corpus).
    tokens
        The NLP tokens table; pseudonym tokens are never counted.
    by
        Column defining the parts (role, territory, service, question, a wave…), looked up in
        ``segments``, then ``documents`` and ``speakers``. Segments without a value are left out.
    parts
        Keep only these parts (the corpus becomes their union: ``["usager", "agent"]`` compares
        users with agents only).
    where
        Restrict the corpus first, ``{column: value or
        list of values}`` (``{"territory": "sarne"}``).
    unit, pos, keep_stop_words
        The scored vocabulary: lemmas or forms, parts of speech (``None``: all), stop words.
    min_frequency
        Terms with fewer occurrences in the corpus are not scored.
    banality
        Scores with an absolute value below this are flagged ``banal``.
    documents, speakers
        Corpus tables providing columns absent from ``segments``.

    Returns
    -------
    One row per part and term: ``by`` (the column name), ``part``, ``term``, ``f`` (frequency in
    the part), ``F`` (in the corpus), ``t`` (words in the part), ``T`` (words in the corpus),
    ``expected`` (``t·F/T``), ``score`` (signed, see the module) and ``banal``; sorted by part,
    then decreasing score.
    """
    table = contingency(
        segments,
        tokens,
        by=by,
        parts=parts,
        where=where,
        unit=unit,
        pos=pos,
        keep_stop_words=keep_stop_words,
        documents=documents,
        speakers=speakers,
    )
    parameters = {
        "by": by,
        "parts": None if parts is None else list(parts),
        "where": dict(where or {}),
        "unit": unit,
        "pos": None if pos is None else list(pos),
        "keep_stop_words": keep_stop_words,
    }
    return specificities_of(
        table, min_frequency=min_frequency, banality=banality, parameters=parameters
    )


def role_specificities(
    segments: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    territory: str | Sequence[str] | None = None,
    roles: Sequence[str] = ("usager", "agent"),
    **options: Any,
) -> pd.DataFrame:
    """Specific words of each role against the other roles listed (users vs agents by default).

    Parameters
    ----------
    segments, tokens
        As in :func:`specificities`.
    territory
        Restrict the corpus to this territory (or territories) first: "what users of Sarne say
        that its agents do not".
    roles
        The roles compared (the corpus is their union).
    **options
        Passed to :func:`specificities` (``min_frequency``, ``unit``, ``banality``…).

    Returns
    -------
    A :func:`specificities` table with one part per role.
    """
    where = dict(options.pop("where", None) or {})
    if territory is not None:
        where["territory"] = territory
    return specificities(segments, tokens, by="role", parts=list(roles), where=where, **options)


def territory_specificities(
    segments: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    role: str | Sequence[str] | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Specific words of each territory against all the others (optionally for one role only).

    Parameters
    ----------
    segments, tokens
        As in :func:`specificities`.
    role
        Restrict the corpus to this role (or roles) first.
    **options
        Passed to :func:`specificities`.

    Returns
    -------
    A :func:`specificities` table with one part per territory.
    """
    where = dict(options.pop("where", None) or {})
    if role is not None:
        where["role"] = role
    return specificities(segments, tokens, by="territory", where=where, **options)


def top_specific(
    table: pd.DataFrame,
    *,
    n: int = 15,
    part: Any | None = None,
    sign: str = "positive",
    include_banal: bool = False,
) -> pd.DataFrame:
    """The ``n`` most specific terms of each part of a :func:`specificities` table.

    Parameters
    ----------
    table
        Output of :func:`specificities`.
    n
        Terms per part (and per sign with ``sign="both"``).
    part
        Keep one part only.
    sign
        ``"positive"`` (over-used), ``"negative"`` (under-used) or ``"both"``.
    include_banal
        Also list banal terms when fewer than ``n`` pass the threshold.

    Returns
    -------
    The selected rows of ``table``, most specific first within each part.
    """
    if sign not in ("positive", "negative", "both"):
        raise ValueError(_("sign must be 'positive', 'negative' or 'both'"))
    t = table if part is None else table[table["part"] == part]
    if not include_banal:
        t = t[~t["banal"]]
    frames = []
    if sign in ("positive", "both"):
        frames.append(
            t[t["score"] > 0]
            .sort_values(["part", "score"], ascending=[True, False], kind="stable")
            .groupby("part")
            .head(n)
        )
    if sign in ("negative", "both"):
        frames.append(
            t[t["score"] < 0]
            .sort_values(["part", "score"], ascending=[True, True], kind="stable")
            .groupby("part")
            .head(n)
        )
    out = pd.concat(frames) if frames else t.iloc[:0]
    out = out.sort_values(["part", "score"], ascending=[True, False], kind="stable").reset_index(
        drop=True
    )
    out.attrs = dict(table.attrs)
    return out
