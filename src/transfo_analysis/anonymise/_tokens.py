"""Tokens of the pseudonymised text, derived from the interim tokens without parsing again.

Tokens overlapping a replaced span become one token whose text and lemma are the pseudonym, with
part of speech ``PROPN`` and ``is_pseudonym`` true (analyses leave these out of topic words and
specificities); the other tokens keep their analysis but their offsets move by what the
replacements before them added or removed, so they point into the pseudonymised text.
"""

from __future__ import annotations

import bisect

import numpy as np
import pandas as pd

from transfo_analysis.corpus import in_ids


class TokenIndex:
    """Part of speech at a character offset of a segment (for the common-word guard)."""

    def __init__(self, tokens: pd.DataFrame) -> None:
        self._rows = tokens.groupby("segment_id", sort=False).indices if len(tokens) else {}
        self._start = tokens["start"].to_numpy() if len(tokens) else np.zeros(0, "int32")
        self._end = tokens["end"].to_numpy() if len(tokens) else np.zeros(0, "int32")
        self._pos = tokens["pos"].astype(str).to_numpy() if len(tokens) else np.zeros(0, object)

    def pos_lookup(self, segment_id: str):
        """A function ``offset -> POS`` (``None`` outside tokens) for one segment."""
        rows = self._rows.get(segment_id)
        if rows is None or not len(rows):
            return lambda offset: None
        starts = self._start[rows]
        ends = self._end[rows]
        pos = self._pos[rows]

        def pos_at(offset: int) -> str | None:
            i = int(np.searchsorted(starts, offset, side="right")) - 1
            return str(pos[i]) if i >= 0 and ends[i] > offset else None

        return pos_at


def shift_offset(offset: int, replacements: list[tuple[int, int, str]]) -> int:
    """Where an offset of the original text lands in the pseudonymised text."""
    delta = 0
    for start, end, new in replacements:
        if end <= offset:
            delta += len(new) - (end - start)
        else:
            break
    return offset + delta


def derive_tokens(
    tokens: pd.DataFrame,
    replacements: dict[str, list[tuple[int, int, str]]],
    *,
    rebuilt: list[pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """The tokens table of the pseudonymised corpus.

    Parameters
    ----------
    tokens
        The interim tokens (``segment_id, i, start, end, text, lemma, pos, …``), in segment order.
    replacements
        Per segment, the ``(start, end, pseudonym)`` replacements in original offsets, sorted.
    rebuilt
        The tokens of the replaced segments, already rebuilt (:func:`rebuild_tokens`, per
        partition on Dask workers); computed here when ``None``.

    Returns
    -------
    Same columns plus ``is_pseudonym``; untouched segments keep their rows as they are.
    """
    out = tokens.copy()
    out.attrs = {}  # provenance of the parse: not copied into every slice below
    out["is_pseudonym"] = False
    touched = [s for s, r in replacements.items() if r]
    if not touched or not len(out):
        return out
    mask = in_ids(out["segment_id"], touched)
    if rebuilt is None:
        rebuilt = rebuild_tokens(out[mask], replacements)
    keep = out[~mask]
    # each rewritten segment goes where its rows were: at the position of its first row; the
    # untouched rows keep theirs, so the two sorted runs merge without sorting the whole table
    touched_rows = np.flatnonzero(mask)
    first_row = pd.Series(touched_rows, index=out["segment_id"].to_numpy()[touched_rows])
    first_row = first_row[~first_row.index.duplicated()]
    new = pd.concat(rebuilt, ignore_index=True) if rebuilt else out.iloc[:0]
    new = new.assign(_at=new["segment_id"].map(first_row).fillna(len(out)).to_numpy(np.int64))
    new = new.sort_values(["_at", "start", "end"], kind="stable")
    at = np.concatenate([np.flatnonzero(~mask), new["_at"].to_numpy()])
    merged = pd.concat([keep, new.drop(columns="_at")], ignore_index=True)
    merged = merged.take(np.argsort(at, kind="stable"))  # timsort: two runs, merged in one pass
    merged["i"] = (
        merged.groupby("segment_id", sort=False)
        .cumcount()
        .astype(tokens["i"].dtype if "i" in tokens else "int32")
    )
    for col in ("start", "end"):
        merged[col] = merged[col].astype(tokens[col].dtype)
    if "pos" in tokens and isinstance(tokens["pos"].dtype, pd.CategoricalDtype):
        merged["pos"] = merged["pos"].astype("category")
    return merged.reset_index(drop=True)[list(out.columns)]


def rebuild_tokens(
    tokens: pd.DataFrame, replacements: dict[str, list[tuple[int, int, str]]]
) -> list[pd.DataFrame]:
    """The new tokens of replaced segments: one pseudonym token per replacement, others shifted.

    Parameters
    ----------
    tokens
        The tokens of the replaced segments (with an ``is_pseudonym`` column), in segment order.
    replacements
        Their ``(start, end, pseudonym)`` replacements, per segment.

    Returns
    -------
    list of pandas.DataFrame
        One frame per segment, for :func:`derive_tokens`'s ``rebuilt``.
    """
    return [
        _rebuild(rows, replacements[seg])
        for seg, rows in tokens.groupby("segment_id", sort=False)
        if replacements.get(seg)
    ]


class _Shift:
    """:func:`shift_offset` for many offsets: cumulative deltas and a binary search."""

    def __init__(self, reps: list[tuple[int, int, str]]) -> None:
        self.ends = [e for _, e, _ in reps]
        self.cum = [0]
        for s, e, new in reps:
            self.cum.append(self.cum[-1] + len(new) - (e - s))

    def __call__(self, offset: int) -> int:
        return offset + self.cum[bisect.bisect_right(self.ends, offset)]


def _rebuild(rows: pd.DataFrame, reps: list[tuple[int, int, str]]) -> pd.DataFrame:
    starts = [r[0] for r in reps]
    shift = _Shift(reps)
    records = []
    hit: set[int] = set()
    columns = list(rows.columns)
    for rec in rows.itertuples(index=False):
        s, e = int(rec.start), int(rec.end)
        j = bisect.bisect_right(starts, s) - 1
        overlapping = [
            k for k in (j, j + 1) if 0 <= k < len(reps) and reps[k][0] < e and s < reps[k][1]
        ]
        if overlapping:
            hit.update(overlapping)
            continue
        d = rec._asdict()
        d["start"] = shift(s)
        d["end"] = d["start"] + (e - s)
        records.append(d)
    for k in sorted(hit):
        start, _, new = reps[k]
        s2 = shift(start)
        d = {c: None for c in columns}
        d.update(
            segment_id=rows["segment_id"].iloc[0],
            start=s2,
            end=s2 + len(new),
            text=new,
            lemma=new,
            pos="PROPN",
            is_alpha=new.isalpha(),
            is_punct=False,
            like_num=False,
            is_stop=False,
            is_pseudonym=True,
        )
        records.append({c: d.get(c) for c in columns})
    return pd.DataFrame.from_records(records, columns=columns)
