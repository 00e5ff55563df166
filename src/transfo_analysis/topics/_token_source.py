"""Where topics read tokens from: a table in memory, or a project's tokens file a batch at a time.

Topics need three things from the tokens, none of which needs the whole table at once (26.6 M
rows for a million answers, about 10 GiB loaded):

- every segment's content lemmas, in text order (:func:`~transfo_analysis.topics.content_lemmas`);
- the tokens of the few segments read for phrase labels (at most a thousand units per topic);
- the lemma of each guided-topic keyword.

A :data:`Tokens` is either the table (notebooks, small corpora) or the path of a tokens Parquet
file, read with :func:`transfo_analysis.nlp.iter_tokens`; both give the same results.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator, Sequence
from typing import TypeAlias

import pandas as pd

from transfo_analysis.corpus import in_ids

#: a tokens table, or the path of a tokens Parquet file (read a batch of whole segments at a time)
Tokens: TypeAlias = pd.DataFrame | str | os.PathLike[str]

#: the columns content lemmas are read from (``is_pseudonym`` only in pseudonymised tokens)
LEMMA_COLUMNS = (
    "segment_id",
    "i",
    "text",
    "lemma",
    "is_punct",
    "like_num",
    "is_stop",
    "is_pseudonym",
)
#: the columns phrase labels are read from: the lemmas' and the offsets in the text
PHRASE_COLUMNS = (*LEMMA_COLUMNS, "start", "end")


def token_batches(tokens: Tokens, *, columns: Sequence[str]) -> Iterator[pd.DataFrame]:
    """The tokens a batch of whole segments at a time (the table itself, once, when in memory).

    Parameters
    ----------
    tokens
        A tokens table or the path of a tokens file.
    columns
        The columns needed (read from a file; a table is given as it is).

    Yields
    ------
    pandas.DataFrame
        Rows of whole segments.
    """
    if isinstance(tokens, pd.DataFrame):
        yield tokens
        return
    from transfo_analysis.nlp import iter_tokens

    yield from iter_tokens(tokens, columns=columns)


def tokens_of(
    tokens: Tokens, segment_ids: Collection[str], *, columns: Sequence[str]
) -> pd.DataFrame:
    """The tokens of some segments (a few thousand: the segments read for phrase labels).

    Parameters
    ----------
    tokens
        A tokens table or the path of a tokens file.
    segment_ids
        The segments wanted.
    columns
        The columns needed (read from a file; a table keeps all of its own).

    Returns
    -------
    pandas.DataFrame
        Their rows, in the table's order.
    """
    ids = list(segment_ids)
    parts = [b[in_ids(b["segment_id"], ids)] for b in token_batches(tokens, columns=columns)]
    if len(parts) == 1:
        return parts[0]
    return pd.concat(parts, ignore_index=True)


def tokens_with_text(tokens: Tokens, words: Collection[str]) -> pd.DataFrame:
    """The ``text`` and ``lemma`` (lower case) of the tokens whose lower-case text is in ``words``.

    Parameters
    ----------
    tokens
        A tokens table or the path of a tokens file.
    words
        Lower-case written forms (the keywords of guided topics).

    Returns
    -------
    pandas.DataFrame
        Columns ``w`` (the lower-case text) and ``lemma`` (lower case), in the table's order.
    """
    wanted = set(words)
    parts = []
    for batch in token_batches(tokens, columns=("text", "lemma")):
        lower = batch["text"].astype(str).str.lower()
        hit = lower.isin(wanted).to_numpy(dtype=bool)
        parts.append(
            pd.DataFrame(
                {
                    "w": lower.to_numpy()[hit],
                    "lemma": batch["lemma"].astype(str).str.lower().to_numpy()[hit],
                }
            )
        )
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["w", "lemma"])
