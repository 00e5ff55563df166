"""Showing tables in French in notebooks and HTML reports."""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from transfo_analysis.i18n import _, ngettext
from transfo_analysis.numbers import fr_number
from transfo_analysis.reporting._labels import COLUMN_LABELS, COUNT_COLUMNS, MASKED

if TYPE_CHECKING:
    from IPython.display import Markdown


def _fmt(k: int | None, *, integer: bool = False):
    def fmt(value: Any) -> str:
        # escaped here: quotes are people's words, never markup
        return html.escape(_text(value))

    def _text(value: Any) -> str:
        if value is pd.NaT:  # an undated document: no date, not a value withheld under k
            return "–"
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return f"< {k}" if k else "–"
        if isinstance(value, pd.Timestamp):
            return f"{value:%m/%Y}"
        if isinstance(value, bool | int | np.integer | np.bool_) or (
            integer and isinstance(value, float)
        ):
            return fr_number(value)
        if isinstance(value, float):
            # whole numbers from 10 on are counts written without decimals
            return fr_number(value, decimals=0 if value.is_integer() and abs(value) >= 10 else 1)
        return str(value)

    return fmt


def french_table(
    df: pd.DataFrame, *, columns: list[str] | None = None, caption: str | None = None
) -> Styler:
    """A styled table: French headers and number formats, suppressed cells shown as ``< k``.

    Parameters
    ----------
    df
        The table; ``df.attrs["k"]`` (set by the disclosure helpers) decides how blanks read.
    columns
        Columns to show, in order (default: all but technical ones such as ``suppressed``).
    caption
        A caption above the table.

    Returns
    -------
    A pandas Styler for the notebook and the HTML export.
    """
    k = df.attrs.get("k")
    hidden = {"suppressed", "secondary", "role", "segment_id", "speaker_id", "doc_id"}
    if "territory_label" in df:
        hidden.add("territory")
    cols = columns or [c for c in df.columns if c not in hidden]
    shown = df[cols]
    secondary = df["secondary"].fillna(False).astype(bool) if "secondary" in df else None
    if secondary is not None and secondary.any():  # not a small group: masked, not « < k »
        shown = shown.astype(object).where(~(secondary.to_numpy()[:, None] & shown.isna()), MASKED)
    shown = shown.rename(columns=lambda c: COLUMN_LABELS.get(c, c))
    styler = shown.style.format(_fmt(k)).hide(axis="index")
    counts = [COLUMN_LABELS.get(c, c) for c in cols if c.startswith("n_") or c in COUNT_COLUMNS]
    if counts:
        styler = styler.format(_fmt(k, integer=True), subset=counts)
    text_cols = [COLUMN_LABELS.get(c, c) for c in cols if not pd.api.types.is_numeric_dtype(df[c])]
    styler = styler.set_properties(subset=text_cols, **{"text-align": "left"})
    styler = styler.set_table_attributes('class="transfo-table" lang="fr"')
    if caption:
        styler = styler.set_caption(html.escape(caption))
    if k and "suppressed" in df and df["suppressed"].any():
        note = ngettext(
            "« < {k} »: fewer than {k} person in this group, value hidden to protect anonymity.",
            "« < {k} »: fewer than {k} people in this group, value hidden to protect anonymity.",
            int(k),
        ).format(k=fr_number(k))
        if secondary is not None and secondary.any():
            note += " " + _(
                "« {masked} »: value hidden so that no one can work out, by difference with the"
                " totals, that of a smaller group."
            ).format(masked=MASKED)
        styler = styler.set_caption(html.escape((caption + " — " if caption else "") + note))
    return styler


def not_available(message: str | None = None) -> Markdown:
    """A short French notice shown where a section has nothing to show.

    Parameters
    ----------
    message
        The notice (default: « Donnée non disponible. »).

    Returns
    -------
    The notice as Markdown.
    """
    from IPython.display import Markdown

    message = message or _("Data not available.")
    return Markdown(f"*{message}*")
