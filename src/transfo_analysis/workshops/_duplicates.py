"""Near-duplicate cards and proposals: the same idea written twice, grouped.

Cards are compared on their content words: lemmas from the parse stage when its tokens are given
(``transfo parse``), else a light normalisation (accents and case folded, stop words removed,
plural and feminine endings cut) so that *horaire*/*horaires* and *élargir*/*élargis* meet. The
vectors are TF-IDF over those words and their bigrams; groups are formed by average-linkage
clustering on cosine distance, so a chain of loosely similar cards does not collapse into one
group as single linkage would.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from transfo_analysis.corpus import Corpus, fold
from transfo_analysis.nlp import stop_words
from transfo_analysis.provenance import record
from transfo_analysis.workshops._cards import cards as card_table

_WORD = re.compile(r"[a-z0-9]+")
_ENDINGS = (
    "ements",
    "ement",
    "ations",
    "ation",
    "euses",
    "euse",
    "eurs",
    "eur",
    "ees",
    "ee",
    "es",
    "s",
    "x",
    "e",
)


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def normalised_words(text: str, *, stops: frozenset[str] | None = None) -> list[str]:
    """Content words of a text, folded and lightly stemmed (the fallback when no lemmas exist).

    Parameters
    ----------
    text
        A card or proposal.
    stops
        Folded stop words (default: the suite's French list, folded).

    Returns
    -------
    list of str
        Words of more than two letters, stop words removed, plural and feminine endings cut.
    """
    stops = stops if stops is not None else _folded_stops()
    words = _WORD.findall(fold(text.replace("’", "'").replace("'", " ")))
    return [_stem(w) for w in words if len(w) > 2 and w not in stops]


_STOPS: frozenset[str] | None = None


def _folded_stops() -> frozenset[str]:
    global _STOPS
    if _STOPS is None:
        _STOPS = frozenset(fold(w) for w in stop_words())
    return _STOPS


def _lemma_words(tokens: pd.DataFrame, segment_ids: pd.Series) -> dict[str, list[str]]:
    keep = tokens[tokens["segment_id"].isin(set(segment_ids))]
    keep = keep[keep["is_alpha"].astype(bool) & ~keep["is_stop"].astype(bool)]
    lemmas = keep["lemma"].astype(str).map(lambda w: fold(w))
    keep = keep.assign(word=lemmas)[lemmas.str.len() > 2]
    return keep.groupby("segment_id", sort=False)["word"].apply(list).to_dict()


def near_duplicates(
    corpus: Corpus,
    *,
    kinds: tuple[str, ...] = ("carte", "proposition"),
    tokens: pd.DataFrame | None = None,
    threshold: float = 0.125,
) -> pd.DataFrame:
    """Group cards and proposals that say the same thing.

    Parameters
    ----------
    corpus
        A corpus with workshop cards or platform proposals.
    kinds
        Which kinds of cards to compare (comments are left out by default).
    tokens
        The parse stage's tokens (``transfo_analysis.nlp.load_tokens``) for lemma-based
        comparison; without them, the light normalisation is used.
    threshold
        Minimum average cosine similarity within a group (0–1); higher gives fewer, tighter
        groups. 0.125 gave the best F1 on the hand-labelled Decidim proposals, whose long
        bodies dilute similarity (benchmarks/README.md); short cards support higher values.

    Returns
    -------
    pandas.DataFrame
        One row per card: ``segment_id``, ``card_id``, ``text``, ``votes``, ``duplicate_group``
        (an integer shared by the cards of a group), ``group_size``, ``representative`` (the
        group's most voted card, else its first); ``attrs["provenance"]`` records the settings.
    """
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    table = card_table(corpus)
    table = table[table["kind"].isin(kinds)].reset_index(drop=True)
    out = table[["segment_id", "card_id", "text", "votes"]].copy()
    if tokens is not None:
        by_segment = _lemma_words(tokens, table["segment_id"])
        words = [by_segment.get(s, []) for s in table["segment_id"]]
    else:
        stops = _folded_stops()
        words = [normalised_words(t, stops=stops) for t in table["text"]]
    if len(out) < 2:
        labels = np.arange(len(out))
    else:
        docs = [w + [f"{a}_{b}" for a, b in zip(w, w[1:], strict=False)] for w in words]
        vectorizer = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True, min_df=1)
        matrix = vectorizer.fit_transform(docs)
        distance = np.clip(1.0 - cosine_similarity(matrix), 0.0, 2.0)
        empty = np.asarray(matrix.sum(axis=1)).ravel() == 0
        distance[empty, :] = distance[:, empty] = 1.0
        np.fill_diagonal(distance, 0.0)
        labels = AgglomerativeClustering(
            n_clusters=None,
            metric="precomputed",
            linkage="average",
            distance_threshold=1.0 - threshold,
        ).fit_predict(distance)
    out["duplicate_group"] = pd.factorize(labels)[0]
    out["group_size"] = out.groupby("duplicate_group")["segment_id"].transform("size")
    order = out.assign(_v=out["votes"].fillna(-1)).sort_values(
        ["duplicate_group", "_v"], ascending=[True, False], kind="stable"
    )
    first = order.groupby("duplicate_group")["segment_id"].first()
    out["representative"] = out["duplicate_group"].map(first)
    out.attrs["provenance"] = record(
        "workshops.near_duplicates",
        parameters={"kinds": list(kinds), "threshold": threshold, "lemmas": tokens is not None},
    )
    return out
