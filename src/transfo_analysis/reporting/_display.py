"""Showing tables in French in notebooks and HTML reports."""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from transfo_analysis.numbers import fewer_than, fr_number

if TYPE_CHECKING:
    from IPython.display import Markdown

#: French headers of the columns that reports commonly show
COLUMN_LABELS = {
    "indicateur": "Indicateur",
    "valeur": "Valeur",
    "role_label": "Profil",
    "n_respondents": "Personnes",
    "n_segments": "Prises de parole",
    "n_words": "Mots",
    "words_per_turn": "Mots par prise de parole",
    "territory": "Territoire",
    "territory_label": "Territoire",
    "n_documents": "Documents",
    "first_date": "Depuis",
    "last_date": "Jusqu'à",
    "service": "Service",
    "service_label": "Service",
    "dimension_label": "Dimension",
    "wave": "Vague",
    "respondent_label": "Répondants",
    "n": "Effectif",
    "n_users": "Usagers",
    "n_staff": "Gestionnaires",
    "mean_users": "Note des usagers",
    "mean_staff": "Note des gestionnaires",
    "gap": "Écart",
    "gap_low": "Écart (borne basse)",
    "gap_high": "Écart (borne haute)",
    "p_value": "p",
    "direction": "Lecture",
    "satisfaction": "Satisfaits",
    "code": "Code",
    "label": "Thème",
    "text": "Citation",
    "session": "Séance",
    "stratum_label": "Votants",
    "rank": "Rang",
    "card": "Carte",
    "share_pct": "Part des votes (%)",
    "share_low_pct": "Borne basse (%)",
    "share_high_pct": "Borne haute (%)",
    "n_voters": "Nombre de votants",
    "author_profile": "Écrite par",
    "proposal": "Proposition",
    "supports": "Soutiens",
    "n_comments": "Commentaires",
    "pour": "Pour",
    "contre": "Contre",
    "neutre": "Neutres",
    "share_for_pct": "Part de « pour » (%)",
}


#: how a value hidden only to protect another one reads (complementary suppression)
MASKED = "masqué"


def _fmt(k: int | None, *, integer: bool = False):
    def fmt(value: Any) -> str:
        # escaped here: quotes are people's words, never markup
        return html.escape(_text(value))

    def _text(value: Any) -> str:
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
    counts = [COLUMN_LABELS.get(c, c) for c in cols if c.startswith("n_")]
    if counts:
        styler = styler.format(_fmt(k, integer=True), subset=counts)
    text_cols = [COLUMN_LABELS.get(c, c) for c in cols if not pd.api.types.is_numeric_dtype(df[c])]
    styler = styler.set_properties(subset=text_cols, **{"text-align": "left"})
    styler = styler.set_table_attributes('class="transfo-table" lang="fr"')
    if caption:
        styler = styler.set_caption(html.escape(caption))
    if k and "suppressed" in df and df["suppressed"].any():
        note = (
            f"« < {k} » : {fewer_than(k)} dans ce groupe, valeur masquée pour protéger l'anonymat."
        )
        if secondary is not None and secondary.any():
            note += (
                f" « {MASKED} » : valeur masquée pour qu'on ne puisse pas retrouver, par différence"
                " avec les totaux, celle d'un groupe plus petit."
            )
        styler = styler.set_caption(html.escape((caption + " — " if caption else "") + note))
    return styler


def not_available(message: str = "Donnée non disponible.") -> Markdown:
    """A short French notice shown where a section has nothing to show.

    Parameters
    ----------
    message
        The French notice.

    Returns
    -------
    The notice as Markdown.
    """
    from IPython.display import Markdown

    return Markdown(f"*{message}*")
