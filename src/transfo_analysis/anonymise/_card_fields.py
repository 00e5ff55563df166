"""Free-text attributes of workshop cards and platform proposals: group, category, tags.

These columns of the segments table (see ``docs/workshops.md``) are filled by people: a workshop
table can be named after its facilitator (« table de Martine »), a Miro tag or a Decidim
category can carry a name. They go through the same detectors as document titles and speaker
labels (no NER: they are labels), each distinct value once, and their replacements are audited
like any field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

#: segment columns of cards and proposals that may hold names
CARD_TEXT_COLUMNS = ("group", "category", "tags")


def detect_card_fields(segments: pd.DataFrame, detect_field: Callable[[str], list]) -> dict:
    """Spans of the card attribute columns, keyed ``("segments", column, segment_id)``.

    Parameters
    ----------
    segments
        The segments table (columns absent for interviews: nothing to do).
    detect_field
        The detector's field pass (``Detector.detect_field``).

    Returns
    -------
    dict
        Spans per non-empty cell that holds at least one (each distinct value detected once).
    """
    found: dict[tuple[str, str, str], list] = {}
    cache: dict[str, list] = {}
    for column in CARD_TEXT_COLUMNS:
        if column not in segments:
            continue
        for seg_id, value in zip(segments["segment_id"], segments[column], strict=True):
            if not isinstance(value, str) or not value.strip():
                continue
            if value not in cache:
                cache[value] = detect_field(value)
            if cache[value]:
                found[("segments", column, seg_id)] = cache[value]
    return found


def apply_card_fields(
    segments: pd.DataFrame, field_value: Callable[[str, str, str, str, Any], Any]
) -> pd.DataFrame:
    """Write the pseudonyms into the card attribute columns (a new frame).

    Parameters
    ----------
    segments
        The segments table.
    field_value
        ``field_value(table, column, row_id, doc_id, value)``: the value with its detected spans
        replaced (and audited).

    Returns
    -------
    pandas.DataFrame
        A copy of ``segments`` whose card attribute columns are pseudonymised.
    """
    out = segments.copy()
    for column in CARD_TEXT_COLUMNS:
        if column in out:
            out[column] = [
                field_value("segments", column, s, d, v)
                for s, d, v in zip(out["segment_id"], out["doc_id"], out[column], strict=True)
            ]
    return out
