"""The interface every embedding backend provides (kept apart from the registry in
:mod:`transfo_analysis.topics.embeddings`, so that backends import it without importing the
registry that imports them).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class EmbeddingBackend:
    """What every backend provides.

    Attributes
    ----------
    name
        Registry name (``tfidf``, ``spacy``…).
    uses_lemmas
        Whether the backend embeds content lemmas rather than the text.
    needs_fit
        Whether the backend must be fitted on a corpus first (see :meth:`fit`).
    """

    name = "base"
    uses_lemmas = False
    needs_fit = False

    @property
    def fitted(self) -> bool:
        """Whether the backend can embed (always true for backends that need no fit)."""
        return not self.needs_fit

    @property
    def identity(self) -> str:
        """What determines the vectors: model, versions, parameters, fitted-model hash."""
        raise NotImplementedError

    def fit(
        self, texts: Sequence[str], *, lemmas: Sequence[Sequence[str]] | None = None
    ) -> EmbeddingBackend:
        """Fit on a corpus (no-op for backends that need no fit); returns the backend."""
        return self

    def encode(self, texts: Sequence[str], lemmas: Sequence[Sequence[str]] | None) -> np.ndarray:
        """Vectors of one chunk of texts (not necessarily normalised)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        state = "" if self.fitted else ", not fitted"
        return f"<{type(self).__name__} {self.name!r}{state}>"
