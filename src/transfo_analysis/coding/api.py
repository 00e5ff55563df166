"""Coding from Python: by segment ids, by a text or lemma query, and reviewing suggestions.

Every function checks codes against the codebook and segment ids against the corpus before
writing, so a typo never reaches the store. The coder defaults to the project's identity
(``TRANSFO_CODER``, then ``coding.coder`` in ``project.yaml``, then the login).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from transfo_analysis.coding._errors import MissingSegmentsError, StoreError
from transfo_analysis.coding.codebook import Codebook
from transfo_analysis.coding.store import AnnotationStore
from transfo_analysis.i18n import _, ngettext
from transfo_analysis.textometry.kwic import kwic


def isin(values: pd.Series, allowed: Iterable[Any]) -> np.ndarray:
    """``values.isin(allowed)`` through a hash index (pandas' Arrow strings compare one by one)."""
    index = pd.Index(
        pd.unique(
            pd.Series(
                list(allowed) if not isinstance(allowed, pd.Series | pd.Index) else allowed,
                dtype=object,
            )
        )
    )
    return index.get_indexer(values.astype(object)) >= 0


def check_segment_ids(
    segment_ids: Iterable[str], segments: pd.DataFrame, *, where: str = ""
) -> list[str]:
    """The ids, all present in ``segments``.

    Parameters
    ----------
    segment_ids
        Segment ids given by a user or a file.
    segments
        The corpus segments.
    where
        What the ids come from, named in the error.

    Returns
    -------
    The ids as strings, in the order given.

    Raises
    ------
    MissingSegmentsError
        Naming how many ids are unknown and a few of them.
    """
    ids = [str(s) for s in segment_ids]
    known = set(segments["segment_id"])
    missing = [s for s in dict.fromkeys(ids) if s not in known]
    if missing:
        raise MissingSegmentsError(
            (f"{where}: " if where else "")
            + ngettext(
                "{n} segment id not in the corpus (e.g. {examples})",
                "{n} segment ids not in the corpus (e.g. {examples})",
                len(missing),
            ).format(n=len(missing), examples=", ".join(missing[:3])),
            hint=_(
                "segment ids come from the corpus' segments table; re-run `transfo ingest` if"
                " the corpus changed"
            ),
        )
    return ids


def _check_span(segments: pd.DataFrame, ids: list[str], start: int | None, end: int | None) -> None:
    if (start is None) != (end is None):
        raise StoreError(_("give both start and end of a span, or neither"))
    if start is None:
        return
    lengths = segments.set_index("segment_id")["text"].str.len()
    for sid in ids:
        if not (0 <= start < end <= lengths[sid]):  # type: ignore[operator]
            raise StoreError(
                _("span {start}:{end} is outside segment {id} ({n} characters)").format(
                    start=start, end=end, id=sid, n=lengths[sid]
                )
            )


def code_segments(
    store: AnnotationStore,
    segment_ids: Iterable[str],
    code: str,
    *,
    coder: str,
    codebook: Codebook,
    segments: pd.DataFrame | None = None,
    start: int | None = None,
    end: int | None = None,
    memo: str | None = None,
) -> int:
    """Apply a code to segments (whole segments, or one span in each).

    Parameters
    ----------
    store
        The annotation store.
    segment_ids
        Segments to code.
    code
        Code name (checked against the codebook; case differences are forgiven).
    coder
        Who codes.
    codebook
        The codebook.
    segments
        The corpus segments, to check the ids and spans (strongly recommended).
    start, end
        Character span in each segment's text (pseudonymised text), end exclusive.
    memo
        A memo attached to each coded segment.

    Returns
    -------
    Number of codings added or changed (0 when they all existed).
    """
    name = codebook.check([code])[0]
    ids = [str(s) for s in segment_ids]
    if segments is not None:
        check_segment_ids(ids, segments)
        _check_span(segments, ids, start, end)
    rows = [{"segment_id": s, "code": name, "start": start, "end": end} for s in ids]
    n = store.add_codings(rows, coder=coder, origin="manual")
    if memo:
        for s in ids:
            store.add_memo(memo, coder=coder, target_type="segment", target=s)
    return n


def uncode_segments(
    store: AnnotationStore,
    segment_ids: Iterable[str],
    code: str,
    *,
    coder: str,
    codebook: Codebook | None = None,
) -> int:
    """Remove a coder's codings of ``code`` on segments (spans included); returns how many.

    Parameters
    ----------
    store
        The annotation store.
    segment_ids
        The segments to uncode.
    code
        The code removed.
    coder
        Whose codings are removed (other coders' are kept).
    codebook
        When given, ``code`` must be one of its codes.

    Returns
    -------
    The number of codings removed.
    """
    name = codebook.check([code])[0] if codebook is not None else code
    found = store.codings(coder=coder, code=name, segment_ids=[str(s) for s in segment_ids])
    return store.remove_codings(found["coding_id"], coder=coder) if len(found) else 0


def code_query(
    store: AnnotationStore,
    segments: pd.DataFrame,
    query: str,
    *,
    code: str,
    coder: str,
    codebook: Codebook,
    lemma: bool = False,
    tokens: pd.DataFrame | None = None,
    regex: bool = False,
    span: str = "segment",
    roles: Iterable[str] | None = None,
    dry_run: bool = False,
) -> pd.DataFrame:
    """Code every segment (or every occurrence) matching a KWIC query.

    Parameters
    ----------
    store, segments, query, code, coder, codebook
        As in :func:`code_segments` and :func:`~transfo_analysis.textometry.kwic`.
    lemma, tokens, regex
        How the query matches (see :func:`~transfo_analysis.textometry.kwic`).
    span
        ``"segment"`` codes the whole segment; ``"match"`` codes the matched characters.
    roles
        Only segments of these speaker roles (e.g. ``["usager"]``).
    dry_run
        Return the concordance without coding (to look before applying).

    Returns
    -------
    The concordance of what was (or would be) coded.
    """
    name = codebook.check([code])[0]
    segs = segments if roles is None else segments[segments["role"].isin(list(roles))]
    hits = kwic(segs, query, lemma=lemma, tokens=tokens, regex=regex)
    if dry_run or hits.empty:
        return hits
    if span == "segment":
        rows: list[dict[str, Any]] = [
            {"segment_id": s, "code": name} for s in hits["segment_id"].unique()
        ]
    elif span == "match":
        rows = [
            {"segment_id": r.segment_id, "code": name, "start": r.start, "end": r.end}
            for r in hits.itertuples()
        ]
    else:
        raise ValueError(
            _("span must be « segment » or « match », not {value}").format(value=repr(span))
        )
    store.add_codings(rows, coder=coder, origin="manual")
    return hits


def _suggestion_ids(
    store: AnnotationStore,
    *,
    code: str | Iterable[str] | None,
    origin: str | Iterable[str] | None,
    segment_ids: Iterable[str] | None,
    coding_ids: Iterable[int] | None,
    min_confidence: float | None,
    max_confidence: float | None,
) -> list[int]:
    found = store.codings(
        status="suggested",
        code=code,
        origin=origin,
        segment_ids=None if segment_ids is None else [str(s) for s in segment_ids],
    )
    if coding_ids is not None:
        found = found[found["coding_id"].isin([int(i) for i in coding_ids])]
    if min_confidence is not None:
        found = found[found["confidence"].fillna(0) >= min_confidence]
    if max_confidence is not None:
        found = found[found["confidence"].fillna(0) <= max_confidence]
    return found["coding_id"].astype(int).tolist()


def accept_suggestions(
    store: AnnotationStore,
    *,
    reviewer: str,
    code: str | Iterable[str] | None = None,
    origin: str | Iterable[str] | None = None,
    segment_ids: Iterable[str] | None = None,
    coding_ids: Iterable[int] | None = None,
    min_confidence: float | None = None,
) -> int:
    """Accept suggestions in bulk (filtered by code, origin, segments, ids or confidence).

    Parameters
    ----------
    store
        The annotation store.
    reviewer
        Who accepts (recorded on each coding).
    code, origin
        Only suggestions of these codes, or made by these methods (``rule``, ``semantic``).
    segment_ids, coding_ids
        Only suggestions on these segments, or with these ids.
    min_confidence
        Only suggestions at least this confident.

    Returns
    -------
    The number of suggestions accepted.
    """
    ids = _suggestion_ids(
        store,
        code=code,
        origin=origin,
        segment_ids=segment_ids,
        coding_ids=coding_ids,
        min_confidence=min_confidence,
        max_confidence=None,
    )
    return store.set_status(ids, "accepted", reviewer=reviewer) if ids else 0


def reject_suggestions(
    store: AnnotationStore,
    *,
    reviewer: str,
    code: str | Iterable[str] | None = None,
    origin: str | Iterable[str] | None = None,
    segment_ids: Iterable[str] | None = None,
    coding_ids: Iterable[int] | None = None,
    max_confidence: float | None = None,
) -> int:
    """Reject suggestions in bulk; rejected ones are kept so that re-running never brings them back.

    Parameters
    ----------
    store
        The annotation store.
    reviewer
        Who rejects (recorded on each coding).
    code, origin
        Only suggestions of these codes, or made by these methods (``rule``, ``semantic``).
    segment_ids, coding_ids
        Only suggestions on these segments, or with these ids.
    max_confidence
        Only suggestions at most this confident.

    Returns
    -------
    The number of suggestions rejected.
    """
    ids = _suggestion_ids(
        store,
        code=code,
        origin=origin,
        segment_ids=segment_ids,
        coding_ids=coding_ids,
        min_confidence=None,
        max_confidence=max_confidence,
    )
    return store.set_status(ids, "rejected", reviewer=reviewer) if ids else 0


def coded_segments(
    codings: pd.DataFrame,
    segments: pd.DataFrame,
    *,
    status: str | Iterable[str] | None = "accepted",
    speakers: pd.DataFrame | None = None,
    on_missing: str = "raise",
) -> pd.DataFrame:
    """Codings joined with their segments (text, document, speaker, role, territory…).

    Parameters
    ----------
    codings
        From :meth:`AnnotationStore.codings` (or any frame with ``segment_id`` and ``code``).
    segments
        The corpus segments (pseudonymised for anything shared).
    status
        Keep codings with this status (``None``: all).
    speakers
        When given, adds ``person_id`` (a respondent across documents).
    on_missing
        ``"raise"`` (default) when codings point to segments absent from the corpus,
        ``"drop"`` to leave them out (their number is in ``attrs["n_missing"]``).

    Returns
    -------
    One row per coding with its segment's attributes and text.
    """
    c = codings
    if status is not None and "status" in c:
        c = c[c["status"].isin([status] if isinstance(status, str) else list(status))]
    missing = pd.Series(~isin(c["segment_id"], segments["segment_id"]), index=c.index)
    if missing.any() and on_missing == "raise":
        ids = c.loc[missing, "segment_id"].unique()
        raise MissingSegmentsError(
            ngettext(
                "{n} coding points to segments absent from the corpus ({segments}, e.g. "
                "{examples})",
                "{n} codings point to segments absent from the corpus ({segments}, e.g. "
                "{examples})",
                int(missing.sum()),
            ).format(n=int(missing.sum()), segments=len(ids), examples=", ".join(ids[:3])),
            hint=_(
                "the corpus changed since coding: re-ingest the same sources, or pass"
                " on_missing='drop'"
            ),
        )
    seg_cols = [col for col in segments.columns if col not in c.columns or col == "segment_id"]
    out = c[~missing].merge(segments[seg_cols], on="segment_id", how="inner")
    if speakers is not None and "person_id" in speakers and "person_id" not in out:
        out = out.merge(speakers[["speaker_id", "person_id"]], on="speaker_id", how="left")
    out.attrs["n_missing"] = int(missing.sum())
    return out.reset_index(drop=True)
