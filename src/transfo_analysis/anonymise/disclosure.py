"""Statistical disclosure control: nothing shown to stakeholders rests on fewer than *k* people.

A count, a mean, a rate or a quote that describes fewer than ``k`` distinct respondents can point
to a person ("the only agent of the crèche in Montbrac said…"). Every table and dashboard meant for
stakeholders goes through these helpers, which *mark* what they suppress instead of silently
dropping it, so readers know something was withheld.

``k`` comes from the settings (``disclosure.k``, default 5).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from transfo_analysis.i18n import _
from transfo_analysis.numbers import fewer_than

#: how suppressed cells are shown in French tables
SUPPRESSED_LABEL = "< k"
#: labels of total rows and columns (a total lets a reader recover a lone suppressed cell)
TOTAL_LABELS = ("Total", "total", "TOTAL", "Ensemble", "ensemble", "Tous", "Tout", "All")


def _is_total(label: Any) -> bool:
    return isinstance(label, str) and label.strip() in TOTAL_LABELS


def secondary_mask(values: pd.DataFrame, primary: pd.DataFrame) -> pd.DataFrame:
    """Extra cells to hide so that no suppressed cell can be recovered from a total.

    When a row (or column) shows its total, a single hidden cell in it equals the total minus the
    others. For every such line, the smallest other cell is hidden too; this is repeated until no
    line with a total holds exactly one hidden cell (hiding a cell can expose one in the other
    direction). Total cells themselves are never hidden.

    Parameters
    ----------
    values
        The values of the table (used to choose the smallest cell to sacrifice).
    primary
        Boolean mask of cells already suppressed, same shape.

    Returns
    -------
    Boolean mask of the cells hidden *in addition* to ``primary``.
    """
    hidden = primary.copy().astype(bool)
    total_rows = [r for r in values.index if _is_total(r)]
    total_cols = [c for c in values.columns if _is_total(c)]
    inner_rows = [r for r in values.index if r not in total_rows]
    inner_cols = [c for c in values.columns if c not in total_cols]
    numeric = values.apply(pd.to_numeric, errors="coerce")
    for _round in range(len(values.index) * len(values.columns) + 1):
        changed = False
        lines = []
        if total_cols:  # each row shows its total
            lines += [[(r, c) for c in inner_cols] for r in values.index]
        if total_rows:  # each column shows its total
            lines += [[(r, c) for r in inner_rows] for c in values.columns]
        for line in lines:
            n_hidden = sum(bool(hidden.at[r, c]) for r, c in line)
            if n_hidden != 1:
                continue
            candidates = [
                (numeric.at[r, c], str(r), str(c), r, c)
                for r, c in line
                if not hidden.at[r, c] and pd.notna(numeric.at[r, c])
            ]
            if not candidates:
                continue
            _, _, _, r, c = min(candidates, key=lambda t: (t[0], t[1], t[2]))
            hidden.at[r, c] = True
            changed = True
        if not changed:
            break
    return hidden & ~primary.astype(bool)


def suppress_cells(
    table: pd.DataFrame,
    counts: pd.DataFrame | pd.Series | None = None,
    *,
    k: int = 5,
    columns: Sequence[str] | None = None,
    secondary: bool = True,
) -> pd.DataFrame:
    """Blank the cells of a table that rest on fewer than ``k`` distinct respondents.

    Parameters
    ----------
    table
        The values to publish (counts, means, rates…).
    counts
        Number of distinct respondents behind each cell: a frame shaped like ``table`` (same
        index and columns), or a Series aligned on the index (one count per row). ``None`` means
        the table itself holds respondent counts.
    k
        The threshold: cells with ``0 < count < k`` are suppressed (an empty cell reveals nobody).
    columns
        Restrict suppression to these columns (others are copied as they are).
    secondary
        When the table has total rows or columns (labelled ``Total``, ``Ensemble``…), also hide
        the cells that would let a reader recover a suppressed one by subtraction (see
        :func:`secondary_mask`).

    Returns
    -------
    A copy where suppressed cells are ``NaN`` (numeric columns become float); the suppressed
    cells (primary and secondary), as ``[row position, column]`` pairs, are in
    ``result.attrs["suppressed"]`` and their number in ``result.attrs["n_suppressed"]``; the
    secondary ones alone in ``result.attrs["secondary"]`` and ``result.attrs["n_secondary"]``.
    """
    cols = list(columns) if columns is not None else list(table.columns)
    if counts is None:
        counts_frame = table[cols]
    elif isinstance(counts, pd.Series):
        counts_frame = pd.DataFrame(
            {c: counts.reindex(table.index) for c in cols}, index=table.index
        )
    else:
        counts_frame = counts.reindex(index=table.index, columns=cols)
    n = counts_frame.apply(pd.to_numeric, errors="coerce").fillna(0)
    mask = (n > 0) & (n < k)
    extra = pd.DataFrame(False, index=mask.index, columns=mask.columns)
    if secondary and mask.to_numpy().any():
        extra = secondary_mask(table[cols], mask)
        mask = mask | extra
    out = table.copy()
    for c in cols:
        if mask[c].any():
            if pd.api.types.is_integer_dtype(out[c]) or pd.api.types.is_bool_dtype(out[c]):
                out[c] = out[c].astype("float64")
            out.loc[mask[c], c] = np.nan
    # positions (row number, column) rather than a mask frame: attrs must stay JSON-able, since
    # pandas writes them into Parquet metadata and reports save them as sidecars
    rows, colnums = mask.to_numpy().nonzero()
    out.attrs["suppressed"] = [[int(r), cols[c]] for r, c in zip(rows, colnums, strict=True)]
    out.attrs["n_suppressed"] = int(mask.to_numpy().sum())
    srows, scols = extra.to_numpy().nonzero()
    out.attrs["secondary"] = [[int(r), cols[c]] for r, c in zip(srows, scols, strict=True)]
    out.attrs["n_secondary"] = int(extra.to_numpy().sum())
    out.attrs["k"] = k
    return out


def suppress_rows(
    table: pd.DataFrame,
    *,
    respondents: str = "n_respondents",
    k: int = 5,
    value_columns: Sequence[str] | None = None,
    secondary: bool = True,
) -> pd.DataFrame:
    """Mark rows (groups) with fewer than ``k`` respondents and blank their values.

    Parameters
    ----------
    table
        One row per group, with a column of distinct respondent counts.
    respondents
        That column's name.
    k
        The threshold.
    value_columns
        Columns to blank in suppressed rows (default: every numeric column but ``respondents``;
        the count itself is blanked too, since it is a small number pointing to people).
    secondary
        When the table has a total row (index or a text column holding ``Total``, ``Ensemble``…)
        and exactly one group is suppressed, the total would give it away: the smallest other
        group is suppressed too.

    Returns
    -------
    A copy with a boolean ``suppressed`` column added (and ``attrs["n_secondary"]``).
    """
    out = table.copy()
    n = pd.to_numeric(out[respondents], errors="coerce").fillna(0)
    small = (n > 0) & (n < k)
    is_total = pd.Series([_is_total(i) for i in out.index], index=out.index)
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            is_total |= out[c].map(_is_total).fillna(False).astype(bool)
    n_secondary = 0
    if secondary and is_total.any() and int((small & ~is_total).sum()) == 1:
        others = n[~small & ~is_total & (n > 0)]
        if len(others):
            small.loc[others.idxmin()] = True
            n_secondary = 1
    if value_columns is None:
        value_columns = [
            c
            for c in out.columns
            if pd.api.types.is_numeric_dtype(out[c]) and not pd.api.types.is_bool_dtype(out[c])
        ]
    for c in value_columns:
        if small.any():
            if not pd.api.types.is_float_dtype(out[c]):
                out[c] = out[c].astype("float64")
            out.loc[small, c] = np.nan
    out["suppressed"] = small.to_numpy()
    out.attrs["k"] = k
    out.attrs["n_secondary"] = n_secondary
    return out


def suppress_quotes(
    quotes: pd.DataFrame,
    segments: pd.DataFrame,
    *,
    speakers: pd.DataFrame | None = None,
    group_by: Sequence[str] = ("territory", "role"),
    k: int = 5,
) -> pd.DataFrame:
    """Withhold quotes whose group counts fewer than ``k`` distinct respondents.

    A quote from "the agents of Montbrac" is only safe to show when at least ``k`` agents of
    Montbrac were heard. Groups are counted in the whole corpus (``segments``), not only among the
    quotes.

    Parameters
    ----------
    quotes
        Candidate quotes, with the ``group_by`` columns and ``speaker_id``.
    segments
        The corpus segments used to count respondents per group.
    speakers
        The speakers table; when given, respondents are counted by ``person_id`` (one person
        interviewed twice counts once), otherwise by ``speaker_id``.
    group_by
        Columns defining the group a quote speaks for.
    k
        The threshold.

    Returns
    -------
    The quotes with ``suppressed`` (bool), ``group_respondents`` (int) and ``text`` replaced by a
    French notice where suppressed (the original text is not kept in the returned frame).
    """
    keys = list(group_by)
    segs = segments
    person = "speaker_id"
    if speakers is not None and "person_id" in speakers:
        segs = segments.merge(speakers[["speaker_id", "person_id"]], on="speaker_id", how="left")
        person = "person_id"
    sizes = (
        segs.groupby(keys, dropna=False)[person].nunique().rename("group_respondents").reset_index()
    )
    out = quotes.drop(
        columns=[c for c in ("group_respondents", "suppressed") if c in quotes]
    ).merge(sizes, on=keys, how="left")
    out["group_respondents"] = out["group_respondents"].fillna(0).astype("int64")
    out["suppressed"] = out["group_respondents"] < k
    if "text" in out:
        out["text"] = out["text"].astype("object")
        out.loc[out["suppressed"], "text"] = _("[quote withheld: {fewer} in this group]").format(
            fewer=fewer_than(k, "respondent")
        )
    out.attrs["k"] = k
    out.attrs["n_suppressed"] = int(out["suppressed"].sum())
    return out


def respondent_counts(
    segments: pd.DataFrame,
    by: Sequence[str],
    *,
    speakers: pd.DataFrame | None = None,
) -> pd.Series:
    """Distinct respondents per group (by ``person_id`` when the speakers table is given).

    Parameters
    ----------
    segments
        Segments with ``speaker_id`` and the grouping columns.
    by
        Columns defining the groups (``territory``, ``role``…).
    speakers
        The speakers table; with it a person heard in several documents counts once.

    Returns
    -------
    The number of distinct respondents of each group, indexed by ``by``.
    """
    segs = segments
    person = "speaker_id"
    if speakers is not None and "person_id" in speakers:
        segs = segments.merge(speakers[["speaker_id", "person_id"]], on="speaker_id", how="left")
        person = "person_id"
    return segs.groupby(list(by), dropna=False)[person].nunique()


# -- complementary suppression across tables and their margins ---------------------------------
#: a published relation: ``(total, parts)`` — the value of the cell ``total`` is the sum of the
#: values of the cells ``parts``; cells are any hashable keys (table, row, column…), the same
#: kind of key throughout one call
Cell = TypeVar("Cell", bound=Hashable)
Relation = tuple[Cell, Sequence[Cell]]


def recoverable_cells(
    values: Mapping[Cell, float],
    hidden: Iterable[Cell],
    relations: Sequence[Relation[Cell]],
) -> set[Cell]:
    """Hidden cells a reader can compute exactly from what is shown (the attacker's view).

    Every relation is a linear equation between cells; the shown cells are known numbers. A
    hidden cell is recoverable when the equations determine it, whatever the other hidden cells
    are: its unit vector lies in the row space of the equations restricted to the hidden cells.
    This covers sums and differences along rows, columns, margins and across tables, and any
    combination of them.

    Parameters
    ----------
    values
        Every cell's true value (hidden or not; only the hidden ones' keys matter for them).
    hidden
        The cells not shown.
    relations
        What holds between the cells, as ``(total, parts)``.

    Returns
    -------
    The hidden cells whose value follows from the shown ones.
    """
    del values  # exactness depends only on which cells are unknown
    found: set[Cell] = set()
    for part in _components(relations):  # unrelated sums are solved apart: small systems
        found |= _determined(set(hidden), part)
    return found


def _components(relations: Sequence[Relation[Cell]]) -> list[list[Relation[Cell]]]:
    """The relations grouped by the cells they share (union-find over cells)."""
    parent: dict[Cell, Cell] = {}

    def find(cell: Cell) -> Cell:
        parent.setdefault(cell, cell)
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    for total, parts in relations:
        root = find(total)
        for cell in parts:
            parent[find(cell)] = root
    groups: dict[Cell, list[Relation[Cell]]] = {}
    for relation in relations:
        groups.setdefault(find(relation[0]), []).append(relation)
    return list(groups.values())


def _determined(hidden: set[Cell], relations: Sequence[Relation[Cell]]) -> set[Cell]:
    """Hidden cells of one group of relations that the relations determine."""
    cells = {c for total, parts in relations for c in (total, *parts)}
    unknown = sorted(hidden & cells, key=repr)
    if not unknown:
        return set()
    column = {cell: i for i, cell in enumerate(unknown)}
    rows = []
    for total, parts in relations:
        row = np.zeros(len(unknown))
        for cell, sign in [(total, 1.0)] + [(p, -1.0) for p in parts]:
            if cell in column:
                row[column[cell]] += sign
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    a = np.array(rows)
    rank = np.linalg.matrix_rank(a)
    found: set[Cell] = set()
    for cell, i in column.items():
        unit = np.zeros(len(unknown))
        unit[i] = 1.0
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            found.add(cell)
    return found


def complementary_suppression(
    values: Mapping[Cell, float],
    primary: Iterable[Cell],
    relations: Sequence[Relation[Cell]],
    *,
    protected: Iterable[Cell] = (),
) -> set[Cell]:
    """Cells to hide besides ``primary`` so that no hidden cell can be recomputed.

    In the spirit of τ-ARGUS's hypercube method with an audit: while the audit
    (:func:`recoverable_cells`) finds hidden cells that the shown cells determine, the cheapest
    shown cell of a relation holding one of them is hidden too (cost = the cell's value, so the
    smallest groups go first; ties by key). Totals are hidden only when no part can be, and
    cells listed in ``protected`` (headline figures) never are.

    Parameters
    ----------
    values
        Every cell's value (the cost of hiding it).
    primary
        Cells hidden because they rest on fewer than k people.
    relations
        Sums that hold between the cells, within a table, with its margins and across the tables
        of a report (and of reports shown side by side).
    protected
        Cells never hidden as secondaries (for instance a report's key figures).

    Returns
    -------
    The secondary cells (primary ones excluded).
    """
    hidden = set(primary)
    keep = set(protected)
    for group in _components(relations):  # unrelated sums are protected apart
        _protect(values, hidden, group, keep)
    return hidden - set(primary)


def _protect(
    values: Mapping[Cell, float],
    hidden: set[Cell],
    relations: Sequence[Relation[Cell]],
    keep: set[Cell],
) -> None:
    """Grow ``hidden`` until no hidden cell of these relations is determined (one group)."""
    parts_of = [set(parts) for _name, parts in relations]
    for _round in range(sum(len(p) + 1 for p in parts_of) + 1):
        exposed = _determined(hidden, relations)
        if not exposed:
            return
        candidates: set[tuple[bool, float, str, Cell]] = set()
        for (total, parts), part_set in zip(relations, parts_of, strict=True):
            if not exposed & (part_set | {total}):
                continue
            for cell in [*parts, total]:
                if cell in hidden or cell in keep or cell not in values:
                    continue
                is_total = cell == total and cell not in part_set
                candidates.add((is_total, float(values[cell]), repr(cell), cell))
        if not candidates:
            return  # nothing left to hide: the caller's relations leave it exposed
        hidden.add(min(candidates)[3])
