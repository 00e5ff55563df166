"""The detector of a corpus, built once from the settings, the parse and the key."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from transfo_analysis.anonymise._allow import AllowList
from transfo_analysis.anonymise._capitals import CapitalStats, document_capitals, lowercase_style
from transfo_analysis.anonymise._detect import Detector, ner_votes
from transfo_analysis.anonymise._forms import TokenForms
from transfo_analysis.anonymise._lexicon import french_words
from transfo_analysis.anonymise._names import ELIDED_STEMS, Lexicon
from transfo_analysis.anonymise._pseudonyms import PseudonymKey
from transfo_analysis.config import PseudonymisationSettings
from transfo_analysis.corpus import Corpus
from transfo_analysis.nlp import stop_words


def build_detector(
    corpus: Corpus,
    settings: PseudonymisationSettings,
    *,
    tokens: pd.DataFrame | TokenForms | None = None,
    entities: pd.DataFrame | None = None,
    key: PseudonymKey | None = None,
    allow: Iterable[str] = (),
    model: str | None = None,
) -> Detector:
    """A :class:`Detector` for one corpus, every part derived from its inputs at construction.

    Parameters
    ----------
    corpus
        The corpus as read (its texts tell whether each document capitalises sentences).
    settings
        The pseudonymisation settings (layers, policies, allowed words, known names).
    tokens
        The parse's tokens (common words of the corpus, capitalisation counts), or their forms
        already counted (:class:`~transfo_analysis.anonymise._forms.TokenForms`, which a
        project's tokens file gives a batch at a time); without them the lexical clues of the
        corpus are not used.
    entities
        The parse's entities (which words the NER calls places or persons).
    key
        The key of earlier runs (its names are searched again); a new key when ``None``.
    allow
        Words never replaced besides settings ``allow`` (territories, services).
    model
        spaCy French pipeline whose lemmatizer tables give the common words (any installed one
        when ``None``).

    Returns
    -------
    The detector, ready for :func:`~transfo_analysis.anonymise._detect.run_detection`.
    """
    key = key if key is not None else PseudonymKey()
    texts = corpus.segments["text"] if len(corpus.segments) else pd.Series([], dtype=str)
    forms = tokens if isinstance(tokens, TokenForms) else TokenForms.of(tokens)
    stats = CapitalStats(forms)
    return Detector(
        settings,
        AllowList([*settings.allow, *allow], places=settings.builtin_places),
        Lexicon(forms),
        key,
        stop_words=frozenset(stop_words()) | ELIDED_STEMS,
        protect_fictional=bool(corpus.meta.get("pseudonymised")),
        capitals=stats if settings.capitals in (True, "auto") and tokens is not None else None,
        ner_votes=ner_votes(entities) if entities is not None else {},
        words=french_words(model),
        sentence_capitals=not lowercase_style(texts),
        document_capitals=document_capitals(corpus.segments),
        acronyms=stats.upper,
        vocabulary=dict(stats.lower),
    )
