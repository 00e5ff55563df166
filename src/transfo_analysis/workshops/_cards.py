"""The cards table: one row per idea card, proposal, comment or debate of the corpus."""

from __future__ import annotations

import pandas as pd

from transfo_analysis.corpus import Corpus

#: columns of :func:`cards`, in order (absent source attributes are empty)
CARD_COLUMNS = (
    "segment_id",
    "doc_id",
    "territory",
    "method",
    "session",
    "kind",
    "card_id",
    "parent_id",
    "parent_segment_id",
    "root_segment_id",
    "speaker_id",
    "person_id",
    "role",
    "group",
    "category",
    "colour",
    "tags",
    "text",
    "votes",
    "voters",
    "endorsements",
    "stance",
    "state",
)


def cards(corpus: Corpus) -> pd.DataFrame:
    """Cards, proposals and comments of the corpus, with parents resolved to segments.

    Parameters
    ----------
    corpus
        A corpus holding workshop or platform documents (others are left out).

    Returns
    -------
    pandas.DataFrame
        One row per card (columns :data:`CARD_COLUMNS`): ``parent_segment_id`` is the segment
        of the card or proposal it answers (empty when the parent is not in the corpus),
        ``root_segment_id`` the proposal or card at the top of its thread (itself for a
        top-level card), ``votes`` a number (empty when unknown), ``voters`` the speaker ids of
        the participants who voted, ``;``-separated.
    """
    segs = corpus.segments
    if "kind" not in segs:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in CARD_COLUMNS})
    out = segs[segs["kind"].notna()].copy()
    docs = corpus.documents.set_index("doc_id")
    out["method"] = out["doc_id"].map(docs["method"])
    out["session"] = out["doc_id"].map(docs["title"])
    out["person_id"] = out["speaker_id"].map(corpus.speakers.set_index("speaker_id")["person_id"])
    for column in CARD_COLUMNS:
        if column not in out:
            out[column] = None
    # card ids are unique within a platform export, not across sessions: resolve within the
    # territory first (a comment and its proposal come from one consultation)
    key = out["territory"].astype(str) + "\x1f" + out["card_id"].astype(str)
    by_key = pd.Series(out["segment_id"].to_numpy(), index=key).groupby(level=0).first()
    parent_key = out["territory"].astype(str) + "\x1f" + out["parent_id"].astype(str)
    out["parent_segment_id"] = parent_key.map(by_key).where(out["parent_id"].notna())
    parent = dict(zip(out["segment_id"], out["parent_segment_id"], strict=True))
    roots = []
    for seg in out["segment_id"]:
        seen, current = {seg}, seg
        while isinstance(parent.get(current), str) and parent[current] not in seen:
            current = parent[current]
            seen.add(current)
        roots.append(current)
    out["root_segment_id"] = roots
    out["votes"] = pd.to_numeric(out["votes"], errors="coerce")
    return out[list(CARD_COLUMNS)].reset_index(drop=True)
