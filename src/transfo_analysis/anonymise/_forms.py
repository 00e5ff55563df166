"""What the detector learns from the parse's tokens: word forms and their counts.

The capitalisation counts (:class:`~transfo_analysis.anonymise._capitals.CapitalStats`) and the
corpus' common words (:class:`~transfo_analysis.anonymise._names.Lexicon`) need only how often
each form is used. :class:`TokenForms` gathers those counts one table at a time, so a project's
tokens can be read from their file a batch at a time (23 M rows for a million answers) instead of
being loaded whole: the counts, and the order in which forms first appear, are those of the whole
table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass
class TokenForms:
    """Counts of the token forms the detector uses, gathered with :meth:`add`.

    Attributes
    ----------
    alpha
        Each alphabetic form (``is_alpha``) and its count, in the order of first use.
    common
        Each form written in lower case, of two characters or more and not tagged ``PROPN``, and
        its count (empty when the tokens have no ``pos`` column).
    """

    alpha: dict[str, int] = field(default_factory=dict)
    common: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, tokens: pd.DataFrame | None) -> TokenForms:
        """The counts of one tokens table (empty when ``None``)."""
        forms = cls()
        if tokens is not None:
            forms.add(tokens)
        return forms

    def add(self, tokens: pd.DataFrame) -> None:
        """Count the forms of a table (the next rows of a table, read in order).

        Parameters
        ----------
        tokens
            Rows with ``text`` and ``is_alpha``, and ``pos`` for the common words.
        """
        if not len(tokens):
            return
        words = tokens.loc[tokens["is_alpha"].astype(bool), "text"].astype(str)
        # each distinct form once (2.2 million tokens, some 90,000 forms on a real consultation)
        codes, forms = pd.factorize(words.to_numpy(dtype=object))
        counts = np.bincount(codes, minlength=len(forms)) if len(forms) else np.zeros(0, int)
        for form, n in zip(forms.tolist(), counts.tolist(), strict=True):
            self.alpha[form] = self.alpha.get(form, 0) + n
        if "pos" not in tokens:
            return
        text = tokens["text"].astype(str)
        lower = text.str.islower() & (tokens["pos"].astype(str) != "PROPN") & (text.str.len() > 1)
        for form, n in text[lower].value_counts(sort=False).items():
            self.common[form] = self.common.get(form, 0) + int(n)
