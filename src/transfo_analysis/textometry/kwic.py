"""Keyword in context (KWIC): every occurrence of a word or phrase with its left and right context.

Two ways of matching:

- on the **text** (default): the query is a word or a phrase, case-insensitive, whole words;
  ``*`` stands for any word ending (``attend*`` finds *attendre*, *attente*, *attendu*); with
  ``regex=True`` the query is a Python regular expression.
- on **lemmas** (``lemma=True``, with the NLP tokens table): each query word is a lemma
  (``attendre`` finds *attends*, *attendait*, *attendu*), ``*`` allowed; a phrase matches
  consecutive tokens.

Offsets are character offsets in the segment's text (the pseudonymised text in the processed
corpus), so a match can be coded as a span.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from transfo_analysis.i18n import _
from transfo_analysis.provenance import record

KWIC_COLUMNS = ["segment_id", "left", "match", "right", "start", "end"]
_WORD = re.compile(r"\S+")


def _context(text: str, start: int, end: int, window: int) -> tuple[str, str]:
    left_words = list(_WORD.finditer(text, 0, start))
    left = (
        text[left_words[-min(window, len(left_words))].start() : start].strip()
        if window and left_words
        else ""
    )
    right_words = []
    for m in _WORD.finditer(text, end):
        right_words.append(m)
        if len(right_words) >= window:
            break
    right = text[end : right_words[-1].end()].strip() if right_words else ""
    return left, right


def _text_pattern(query: str, *, regex: bool) -> re.Pattern[str]:
    if regex:
        return re.compile(query, re.IGNORECASE)
    words = query.split()
    if not words:
        raise ValueError(_("empty KWIC query"))
    parts = [re.escape(w).replace(r"\*", r"\w*") for w in words]
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)", re.IGNORECASE)


def _lemma_matcher(word: str) -> re.Pattern[str]:
    return re.compile("^" + re.escape(word.lower()).replace(r"\*", ".*") + "$")


def kwic(
    segments: pd.DataFrame,
    query: str,
    *,
    window: int = 8,
    lemma: bool = False,
    tokens: pd.DataFrame | None = None,
    regex: bool = False,
    columns: Sequence[str] = ("doc_id", "speaker_id", "role", "territory", "turn"),
) -> pd.DataFrame:
    """Concordance of a query in the segments.

    Parameters
    ----------
    segments
        The segments table (``segment_id``, ``text`` and the ``columns`` to carry along).
    query
        A word or phrase (``*`` = any ending), a lemma or lemma phrase (``lemma=True``), or a
        regular expression (``regex=True``).
    window
        Words of context on each side.
    lemma
        Match lemmas from ``tokens`` rather than the text.
    tokens
        The NLP tokens table (``segment_id``, ``i``, ``start``, ``end``, ``lemma``); required
        with ``lemma=True``.
    regex
        Treat ``query`` as a regular expression on the text.
    columns
        Segment columns copied into the result (those present).

    Returns
    -------
    One row per occurrence: ``segment_id``, ``left``, ``match``, ``right``, ``start``, ``end``
    (offsets in the segment text) and the requested segment columns, in corpus order.
    """
    keep = [c for c in columns if c in segments and c != "segment_id"]
    text_of = dict(zip(segments["segment_id"], segments["text"].astype(str), strict=True))
    if lemma:
        if tokens is None:
            raise ValueError(
                _("kwic(lemma=True) needs the tokens table (transfo_analysis.nlp.load_tokens)")
            )
        hits = _lemma_hits(tokens[tokens["segment_id"].isin(text_of)], query)
    else:
        pattern = _text_pattern(query, regex=regex)
        hits = [
            (sid, m.start(), m.end())
            for sid, text in text_of.items()
            for m in pattern.finditer(text)
            if m.end() > m.start()
        ]
    rows = []
    for sid, start, end in hits:
        text = text_of[sid]
        left, right = _context(text, start, end, window)
        rows.append(
            {
                "segment_id": sid,
                "left": left,
                "match": text[start:end],
                "right": right,
                "start": start,
                "end": end,
            }
        )
    out = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    order = pd.Series(np.arange(len(segments)), index=segments["segment_id"].to_numpy())
    if len(out):
        out = (
            out.assign(_o=out["segment_id"].map(order))
            .sort_values(["_o", "start"], kind="stable")
            .drop(columns="_o")
        )
        out = out.merge(segments[["segment_id", *keep]], on="segment_id", how="left")
    else:
        out = out.reindex(columns=[*KWIC_COLUMNS, *keep])
    out = out.reset_index(drop=True)
    out.attrs["provenance"] = record(
        "kwic",
        parameters={"query": query, "window": window, "lemma": lemma, "regex": regex},
        n_matches=len(out),
    )
    return out


def _lemma_hits(tokens: pd.DataFrame, query: str) -> list[tuple[str, int, int]]:
    """(segment_id, start, end) of consecutive tokens whose lemmas match the query words."""
    words = query.split()
    if not words:
        raise ValueError(_("empty KWIC query"))
    t = tokens.sort_values(["segment_id", "i"], kind="stable")
    lemmas = t["lemma"].astype(str).str.lower().str.replace("’", "'", regex=False).to_numpy()
    seg = t["segment_id"].to_numpy()
    n = len(t)
    ok = np.ones(n, dtype=bool)
    for k, w in enumerate(words):
        matcher = _lemma_matcher(w.replace("’", "'"))
        uniq = pd.unique(lemmas)
        good = {u for u in uniq if matcher.match(u)}
        hit = np.isin(lemmas, list(good)) if good else np.zeros(n, dtype=bool)
        shifted = np.zeros(n, dtype=bool)
        same = np.zeros(n, dtype=bool)
        if k < n:
            shifted[: n - k] = hit[k:]
            same[: n - k] = seg[: n - k] == seg[k:]
        ok &= shifted & same
    idx = np.flatnonzero(ok)
    starts = t["start"].to_numpy()
    ends = t["end"].to_numpy()
    last = idx + len(words) - 1
    return [(seg[i], int(starts[i]), int(ends[j])) for i, j in zip(idx, last, strict=True)]
