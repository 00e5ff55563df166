"""Numbers written the French way, for every table, figure, card and message shown to people.

One formatter for the whole suite: narrow no-break space between thousands (``12 345``), decimal
comma (``3,5``), a no-break space before the percent sign (``42 %``), and the k-suppression wording
with a correct plural (« moins de 5 personnes », never « moins de 1 personnes »).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from transfo_analysis.i18n import N_, _, current_language

#: thousands separator (narrow no-break space, as French typography wants)
THOUSANDS = "\u202f"
#: what a blank (missing or withheld) number reads as
BLANK = "–"
#: per language: thousands separator, decimal mark, space before the percent sign
_CONVENTIONS: dict[str, tuple[str, str, str]] = {
    "fr": (THOUSANDS, ",", "\u202f"),
    "en": (",", ".", ""),
}


def _is_blank(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def fr_number(value: Any, *, decimals: int = 0, percent: bool = False) -> str:
    """A number written the French way (the English way in English); a blank reads « – ».

    French: narrow no-break space between thousands, decimal comma, a no-break space before the
    percent sign; English (``TRANSFO_LANG=en``): ``12,345``, ``3.5``, ``42%``. A blank is
    ``None``, NaN or ``pd.NA``.

    Parameters
    ----------
    value
        The number (anything ``float()`` accepts; other values are returned as text).
    decimals
        Digits after the decimal comma.
    percent
        ``value`` is a share in [0, 1], written as a percentage (``0.42`` → ``42 %``).

    Returns
    -------
    The text (``12 345``, ``3,5``, ``42 %``).
    """
    if _is_blank(value):
        return BLANK
    if isinstance(value, bool | np.bool_):
        return _("yes") if value else _("no")
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(x) or math.isinf(x):
        return BLANK
    x = x * 100 if percent else x
    thousands, decimal, before_percent = _CONVENTIONS.get(current_language(), _CONVENTIONS["fr"])
    text = f"{x:,.{decimals}f}".translate({ord(","): thousands, ord("."): decimal})
    if text.lstrip("-").strip("0" + thousands + decimal) == "":  # -0 is 0
        text = text.lstrip("-")
    return f"{text}{before_percent}%" if percent else text


def fr_share(share: Any, *, decimals: int = 0) -> str:
    """A share in [0, 1] as a French percentage (``0.425`` → ``42 %``, blanks « – »).

    Parameters
    ----------
    share
        The share, between 0 and 1.
    decimals
        Digits after the decimal comma.

    Returns
    -------
    The text.
    """
    return fr_number(share, decimals=decimals, percent=True)


def plural(n: Any, singular: str, plural_form: str | None = None) -> str:
    """The word agreeing with ``n`` in French (0 and 1 take the singular, as in « 1 personne »).

    Parameters
    ----------
    n
        The count.
    singular
        The singular form.
    plural_form
        The plural form (default: ``singular + "s"``).

    Returns
    -------
    The form to write after ``n``.
    """
    try:
        many = abs(float(n)) >= 2
    except (TypeError, ValueError):
        many = True  # « k personnes » when k is not a number
    return (plural_form or singular + "s") if many else singular


def count_of(n: Any, singular: str, plural_form: str | None = None) -> str:
    """A count and its noun, in French (``count_of(1234, "mot")`` → ``1 234 mots``).

    Parameters
    ----------
    n
        The count.
    singular
        The noun, singular.
    plural_form
        The noun, plural (default: ``singular + "s"``).

    Returns
    -------
    The text.
    """
    return f"{fr_number(n)} {plural(n, singular, plural_form)}"


#: the nouns :func:`fewer_than` words, each with its three messages (no threshold, k of 0 or 1,
#: k of 2 or more), so that gender and number agree in French
_FEWER_THAN: dict[str, tuple[str, str, str]] = {
    "person": (N_("too few people"), N_("nobody"), N_("fewer than {k} people")),
    "respondent": (
        N_("too few respondents"),
        N_("no respondent"),
        N_("fewer than {k} respondents"),
    ),
}


def fewer_than(k: Any, noun: str = "person") -> str:
    """The k-suppression wording: « moins de 5 personnes » (« trop peu de personnes » without k).

    A threshold of 1 masks only empty groups: it reads « aucune personne » (« moins de 1
    personne » is not French usage).

    Parameters
    ----------
    k
        The disclosure threshold (``None`` when unknown).
    noun
        Who is counted: ``"person"`` or ``"respondent"``.

    Returns
    -------
    The text, in the current language.
    """
    if noun not in _FEWER_THAN:
        raise ValueError(
            _("unknown noun {noun!r}: use one of {known}").format(
                noun=noun, known=", ".join(sorted(_FEWER_THAN))
            )
        )
    unknown, none, fewer = _FEWER_THAN[noun]
    if _is_blank(k) or k == "":
        return _(unknown)
    try:
        few = float(k) < 2
    except (TypeError, ValueError):
        few = False
    return _(none) if few else _(fewer).format(k=fr_number(k))
