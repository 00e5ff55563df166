"""Non-answers (« RAS », « néant », « idem », « nc », « pas d'avis », « - »…): set apart before
the topic model, counted as a share, never a theme.

A segment is a non-answer when its whole text, once lower-cased, accents and punctuation
removed, is one of :data:`NON_ANSWER_PHRASES` or a run of them (« Non concerné. Sans objet »,
« RAS - néant », « sans avis et sans opinion »: the phrases may be joined by « et » or « ou »),
starts with a pointer to another answer
(« idem… », « cf… », « voir ci-dessus… ») in at most :data:`MAX_POINTER_WORDS` words, or has no
letter at all (empty, « - », « ... », « ? », « / »). A bare « non » (and « non merci », « non
rien ») is a non-answer only in **written answers** (documents whose method is
``questionnaire``; without a method, a speaker's only turn in a document): in a conversation it
answers the question just asked.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from transfo_analysis.corpus import Corpus

#: topic id and label of the non-answers (outliers are -1, themes 0, 1, 2…)
NON_ANSWER_TOPIC = -2
NON_ANSWER_LABEL = "Sans réponse / rien à signaler"

#: whole answers that say nothing (folded: lower case, no accents, no punctuation)
NON_ANSWER_PHRASES = frozenset(
    {
        "ras",
        "r a s",
        "rien a signaler",
        "rien a dire",
        "rien a ajouter",
        "rien de plus",
        "rien de particulier",
        "rien",
        "neant",
        "idem",
        "id",
        "cf",
        "nc",
        "n c",
        "non concerne",
        "non concernee",
        "non concernes",
        "non concernees",
        "pas concernes",
        "pas concernees",
        "sans objet pour moi",
        "non concerne pour moi",
        "pas concerne pour moi",
        "je ne vois pas",
        "ne vois pas",
        "pas d exemple",
        "aucun exemple",
        "pas concerne",
        "sans objet",
        "so",
        "non applicable",
        "pas applicable",
        "pas concernee",
        "ne se prononce pas",
        "nsp",
        "pas d avis",
        "sans avis",
        "aucun avis",
        "pas d opinion",
        "sans opinion",
        "aucune opinion",
        "pas d idee",
        "aucune idee",
        "je ne sais pas",
        "ne sais pas",
        "sais pas",
        "je sais pas",
        "pas de commentaire",
        "sans commentaire",
        "aucun commentaire",
        "pas de reponse",
        "sans reponse",
        "aucune reponse",
        "aucun",
        "aucune",
        "x",
        "xx",
        "xxx",
        "na",
        "n a",
        "nr",
        "meme reponse",
        "meme chose",
        "voir plus haut",
        "voir ci dessus",
        "ci dessus",
        "deja dit",
        "deja repondu",
    }
)
#: words that only count as a non-answer in a written answer
WRITTEN_ONLY = frozenset({"non", "non merci", "non rien", "non aucun", "non aucune"})
#: an answer pointing to another one (« idem question 3 », « cf. ci-dessus »)
_POINTER = re.compile(r"^(?:idem|cf|voir (?:ci dessus|plus haut|reponse)|meme reponse)\b")
MAX_POINTER_WORDS = 6
#: folded forms that, inside longer answers, must never become topic words
NON_ANSWER_WORDS = frozenset({"ras", "neant", "néant", "idem", "cf", "nc", "nsp"})

_PUNCT = re.compile(r"[^\w]+|_")
#: words that may join two non-answer phrases (« sans avis et sans opinion »)
_JOINERS = frozenset({"et", "ou"})
#: longer answers are never only non-answer phrases worth testing word by word
_MAX_RUN_WORDS = 16
_WRITTEN_PHRASES = NON_ANSWER_PHRASES | WRITTEN_ONLY
_LONGEST = max(len(p.split()) for p in _WRITTEN_PHRASES)


def fold(text: str) -> str:
    """Lower case, no accents, every run of non-letters as one space (« R.A.S. » → ``r a s``)."""
    text = unicodedata.normalize("NFKD", str(text).lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_PUNCT.sub(" ", text).split())


def is_non_answer(text: str | None, *, written: bool = True) -> bool:
    """Whether a whole answer says nothing (see the module's rules).

    Parameters
    ----------
    text
        The segment's text (``None`` counts as empty).
    written
        A written answer (survey, platform): a bare « non » counts as a non-answer.

    Returns
    -------
    Whether the answer is set apart as « Sans réponse / rien à signaler ».
    """
    folded = fold(text or "")
    if not any(c.isalpha() for c in folded):
        return True
    if folded in NON_ANSWER_PHRASES or (written and folded in WRITTEN_ONLY):
        return True
    if _is_run_of_phrases(folded.split(), written=written):
        return True
    return bool(_POINTER.match(folded)) and len(folded.split()) <= MAX_POINTER_WORDS


def _is_run_of_phrases(words: list[str], *, written: bool) -> bool:
    """Whether ``words`` are two or more non-answer phrases in a row (optionally joined)."""
    if not 1 < len(words) <= _MAX_RUN_WORDS:
        return False
    phrases = _WRITTEN_PHRASES if written else NON_ANSWER_PHRASES
    # ends[i]: words[:i] is a run of phrases that ends with a phrase (not with a joiner)
    ends = [True] + [False] * len(words)
    for start in range(len(words)):
        if not ends[start]:
            continue
        first = start + 1 if start and words[start] in _JOINERS else start
        for stop in range(first + 1, min(first + _LONGEST, len(words)) + 1):
            if " ".join(words[first:stop]) in phrases:
                ends[stop] = True
    return ends[-1]


def non_answers(corpus: Corpus, segments: pd.DataFrame | None = None) -> pd.Series:
    """Which segments are non-answers (boolean, indexed like ``segments``).

    Parameters
    ----------
    corpus
        The corpus (its documents' ``method`` says which answers are written).
    segments
        The segments to test (default: all the corpus's segments).

    Returns
    -------
    A boolean series, true for the non-answers.
    """
    segs = corpus.segments if segments is None else segments
    if segs.empty:
        return pd.Series(False, index=segs.index, dtype=bool)
    written = _written(corpus, segs)
    return pd.Series(
        [
            is_non_answer(t, written=w)
            for t, w in zip(segs["text"].tolist(), written.tolist(), strict=True)
        ],
        index=segs.index,
        dtype=bool,
    )


def _written(corpus: Corpus, segs: pd.DataFrame) -> pd.Series:
    """Written answers: questionnaire documents; without a method, a speaker's only turn."""
    docs = corpus.documents
    method = pd.Series(None, index=segs.index, dtype=object)
    if docs is not None and "method" in docs and len(docs):
        method = segs["doc_id"].map(docs.drop_duplicates("doc_id").set_index("doc_id")["method"])
    turns = segs.groupby(["doc_id", "speaker_id"], dropna=False)["segment_id"].transform("size")
    return method.eq("questionnaire") | (method.isna() & turns.eq(1))
