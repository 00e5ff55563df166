"""First names, frequent surnames and sentence starts: the facts about names that span
resolution and the allow list need too.

Kept apart from :mod:`._names` so that :mod:`._spans` (which :mod:`._names` imports) can use them
without an import cycle.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from transfo_analysis.anonymise._fold import canonical


@functools.lru_cache(maxsize=1)
def first_names() -> dict[str, str]:
    """Folded first names of ``resources/prenoms.txt`` → gender hint (``F``, ``M`` or ``X``)."""
    text = (
        resources.files("transfo_analysis.anonymise")
        .joinpath("resources/prenoms.txt")
        .read_text(encoding="utf-8")
    )
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, gender = line.strip().rpartition(" ")
            out[canonical(name)] = gender
    return out


#: a dash ends a sentence (a line of dialogue) unless glued to the word before it, as in a
#: compound (``Port-Royal``) or a word the speaker broke off (``Pa- Paris``)
_SENTENCE_END = re.compile(r"(?:^|[.!?…:;«»\"—–]\s*|(?<![^\W\d_])-\s*)$")
#: an honorific abbreviated with a full stop (``M.Macron``, ``Mme. Durand``, ``Dr. Petit``): its
#: stop ends no sentence, the name after it is no sentence start
_HONORIFIC_STOP = re.compile(r"(?:^|[^\w])(?:M|MM|Mme|Mmes|Mlle|Mr|Mrs|Dr|Pr|Me|Mgr)\.\s*$")


_BREAK = re.compile(r"(?:\n|[ \t]{2,})[ \t]*$")
_ANNOTATIONS = re.compile(r"\[[^\]]*\]|<[^>]*>|\([^)]*\)")


def sentence_initial(text: str, start: int) -> bool:
    """True when nothing but punctuation or the text start precedes ``start`` in its sentence.

    Transcribers' annotations at the start of a turn (``[rire] Bravo``) do not count; a line break
    or a run of spaces (typed answers joined without punctuation) ends a sentence; the full stop of
    an abbreviated honorific (``M.Macron``, ``Mme. Durand``) does not.
    """
    before = text[max(0, start - 4) : start].rstrip()
    if _HONORIFIC_STOP.search(text, max(0, start - 8), start):
        return False
    if (
        start == 0
        or not text[:start].strip()
        or _SENTENCE_END.search(before)
        or _BREAK.search(text, max(0, start - 8), start)
    ):
        return True
    return text[:start].lstrip()[:1] in "[<(" and not _ANNOTATIONS.sub("", text[:start]).strip(
        " +-"
    )


def shipped_list(name: str) -> frozenset[str]:
    """Folded entries of ``resources/{name}``: one per line, ``#`` lines are comments."""
    text = (
        resources.files("transfo_analysis.anonymise")
        .joinpath(f"resources/{name}")
        .read_text(encoding="utf-8")
    )
    return frozenset(
        canonical(line) for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@functools.lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Folded frequent surnames of ``resources/noms.txt`` (never dismissed as common words)."""
    return shipped_list("noms.txt")
