"""French stop words for spoken material: spaCy's list, oral fillers, clitics, light verbs.

spaCy's French list (about 500 words) is made for written news; some of its words carry meaning
in interviews about public services and are **kept** as content words ("attendu", "personne",
"ouvert", "longtemps", "seul"…). Oral fillers and hesitations are added, and so are the verbs
that fill every sentence (être, avoir, faire…) since analyses work on lemmas. Projects adjust the
list with ``nlp.extra_stop_words`` and ``nlp.keep_words`` in ``project.yaml``.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

from transfo_analysis.i18n import _


def _spacy_french_stop_words() -> frozenset[str]:
    """SpaCy's French list, read from its module file: importing spaCy (and torch, through thinc)
    costs seconds, and every analysis that only needs the list would pay it.
    """
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        # a dependency of the package: a broken install
        raise ModuleNotFoundError(
            _("spaCy is not installed: reinstall the suite (python3 tasks.py install).")
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / "fr" / "stop_words.py"
    namespace: dict = {}
    exec(
        compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace
    )  # a plain set literal
    return frozenset(namespace["STOP_WORDS"])


_SPACY_FR = _spacy_french_stop_words()

#: hesitations, backchannels and discourse markers of spoken French
ORAL_FILLERS = frozenset(
    [
        "euh",
        "euhm",
        "heu",
        "heum",
        "hum",
        "hm",
        "hmm",
        "mh",
        "mhm",
        "mmh",
        "mm",
        "mmm",
        "hein",
        "ben",
        "bah",
        "beh",
        "bé",
        "bon",
        "voilà",
        "voila",
        "quoi",
        "ouais",
        "ouai",
        "ouaip",
        "ok",
        "okay",
        "bref",
        "genre",
        "enfin",
        "'fin",
        "fin",
        "donc",
        "alors",
        "ah",
        "oh",
        "eh",
        "pff",
        "pfff",
        "tss",
        "tsss",
        "bof",
        "waouh",
        "ouh",
        "ha",
        "hé",
        "là-dedans",
        "truc",
        "machin",
        "bidule",
        "style",
        "voilà-voilà",
        "d'accord",
        "accord",
        "ouais-ouais",
    ]
)

#: elided and clitic fragments that survive tokenisation
CLITICS = frozenset(
    [
        "qu",
        "c",
        "j",
        "l",
        "d",
        "n",
        "s",
        "t",
        "m",
        "y",
        "qu'",
        "c'",
        "j'",
        "l'",
        "d'",
        "n'",
        "s'",
        "t'",
        "m'",
        "-ce",
        "-t",
        "-il",
        "-elle",
        "-on",
        "-je",
        "-vous",
        "-nous",
        "-là",
    ]
)

#: very frequent verbs, as lemmas, that say nothing on their own
LIGHT_VERBS = frozenset(
    [
        "être",
        "avoir",
        "faire",
        "aller",
        "dire",
        "pouvoir",
        "vouloir",
        "falloir",
        "savoir",
        "devoir",
        "mettre",
    ]
)

#: words of spaCy's list that carry meaning in interviews about public services
CONTENT_WORDS = frozenset(
    [
        "attendu",
        "personne",
        "ouvert",
        "ouverte",
        "ouverts",
        "retour",
        "longtemps",
        "proche",
        "nouveau",
        "suffisant",
        "suffisante",
        "gens",
        "seul",
        "seule",
        "seuls",
        "seules",
        "merci",
        "bas",
        "dehors",
        "premier",
        "première",
    ]
)


@functools.lru_cache(maxsize=32)
def stop_words(extra: tuple[str, ...] = (), keep: tuple[str, ...] = ()) -> frozenset[str]:
    """The stop-word set (lower case, straight apostrophes).

    Parameters
    ----------
    extra
        Words to add (``nlp.extra_stop_words``).
    keep
        Words to remove from the list (``nlp.keep_words``).
    """
    base = {w.replace("’", "'") for w in _SPACY_FR} - CONTENT_WORDS
    words = base | ORAL_FILLERS | CLITICS | LIGHT_VERBS | {w.lower() for w in extra}
    return frozenset(words - {w.lower() for w in keep})


def is_stop(word: str, words: frozenset[str]) -> bool:
    """Whether a word or lemma is a stop word (case and apostrophe insensitive).

    Parameters
    ----------
    word
        A word or lemma as written.
    words
        The stop-word list (:func:`stop_words`).

    Returns
    -------
    Whether it is on the list.
    """
    return word.lower().replace("’", "'") in words
