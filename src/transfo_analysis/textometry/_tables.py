"""Shared pieces of the textometry tables: which tokens are words, their terms, sub-corpora.

A *word* is a token that is neither punctuation nor whitespace nor a pseudonym (tokens flagged
``is_pseudonym`` by pseudonymisation, and ``[PERSONNE_12]``-style tags as a safety net): names
that were replaced must never become vocabulary. A *term* is the lower-cased lemma (or form) of a
word, with straight apostrophes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from transfo_analysis.corpus import in_ids
from transfo_analysis.i18n import _

#: content parts of speech (spaCy universal tags): the default vocabulary of frequency tables
CONTENT_POS = ("NOUN", "VERB", "ADJ", "ADV", "PROPN")
#: column of a partition's segments giving each one's position in the whole corpus, so that the
#: results of the partitions are put back in corpus order
ORDER = "_order"
#: pseudonym tags as written by ``style: tags`` (``PERSONNE_12``, ``LIEU_3``…)
_TAG = r"^\[?[A-ZÀ-Ý]+_\d+\]?$"


def word_mask(tokens: pd.DataFrame) -> np.ndarray:
    """Tokens that count as words: not punctuation, not blank, not a pseudonym."""
    text = tokens["text"].astype(str)
    keep = ~tokens["is_punct"].astype(bool).to_numpy() & (text.str.strip() != "").to_numpy()
    if "is_pseudonym" in tokens:
        keep &= ~tokens["is_pseudonym"].fillna(False).astype(bool).to_numpy()
    tagged = text.str.contains("_", regex=False).to_numpy()  # cheap filter before the pattern
    if tagged.any():
        keep[tagged] &= ~text[tagged].str.match(_TAG).to_numpy()
    return keep


def terms(tokens: pd.DataFrame, unit: str = "lemma") -> pd.Series:
    """The term of each token: lower-cased lemma (``unit="lemma"``) or form (``"form"``)."""
    if unit not in ("lemma", "form"):
        raise ValueError(_("unit must be 'lemma' or 'form', not {unit}").format(unit=repr(unit)))
    text = tokens["text"].astype(str)
    if unit == "lemma":
        lemma = tokens["lemma"].astype(str)
        text = lemma.where(lemma.str.strip() != "", text)
    return text.str.lower().str.replace("’", "'", regex=False)


def content_mask(
    tokens: pd.DataFrame, *, pos: Sequence[str] | None = CONTENT_POS, keep_stop_words: bool = False
) -> np.ndarray:
    """Words of the given parts of speech (all when ``pos`` is None), stop words and numbers out."""
    keep = word_mask(tokens)
    if pos is not None:
        keep &= tokens["pos"].astype(str).isin(list(pos)).to_numpy()
    if not keep_stop_words:
        keep &= ~tokens["is_stop"].astype(bool).to_numpy()
    keep &= ~tokens["like_num"].astype(bool).to_numpy()
    return keep


def with_columns(
    segments: pd.DataFrame,
    columns: Sequence[str],
    *,
    documents: pd.DataFrame | None = None,
    speakers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The segments with the requested columns, taken from documents or speakers when needed.

    A column absent from ``segments`` is looked up in ``documents`` (joined on ``doc_id``), then
    in ``speakers`` (joined on ``speaker_id``); ``date`` or ``person_id`` are typical.

    Raises
    ------
    KeyError
        When a column is found in none of the tables, naming those searched.
    """
    out = segments
    for col in columns:
        if col in out:
            continue
        for table, key in ((documents, "doc_id"), (speakers, "speaker_id")):
            if table is not None and col in table and key in out:
                out = out.merge(table[[key, col]].drop_duplicates(key), on=key, how="left")
                break
        else:
            searched = (
                "segments"
                + (", documents" if documents is not None else "")
                + (", speakers" if speakers is not None else "")
            )
            raise KeyError(
                _(
                    "column {column} not found in {searched}; pass documents= or speakers= to use "
                    "their columns"
                ).format(column=repr(col), searched=searched)
            )
    return out


def token_frame(
    segments: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    unit: str = "lemma",
    pos: Sequence[str] | None = CONTENT_POS,
    keep_stop_words: bool = False,
    by: Sequence[str] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Words of the segments' tokens, with their term, content flag and sub-corpus columns.

    Returns
    -------
    ``(words, segs)``: one row per word of the given segments (``segment_id``, ``term``,
    ``content`` and the ``by`` columns) and the segments restricted to those with a value for
    every ``by`` column. Tokens of segments absent from ``segments`` are ignored.
    """
    segs = segments.dropna(subset=list(by)) if by else segments
    tok = tokens[in_ids(tokens["segment_id"], segs["segment_id"])]
    words = word_mask(tok)
    content = content_mask(tok, pos=pos, keep_stop_words=keep_stop_words)
    frame = pd.DataFrame(
        {
            "segment_id": tok["segment_id"].to_numpy()[words],
            "term": terms(tok, unit).to_numpy()[words],
            "content": content[words],
        }
    )
    if by:
        frame = frame.merge(segs[["segment_id", *by]], on="segment_id", how="left")
    return frame, segs
