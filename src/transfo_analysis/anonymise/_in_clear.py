"""Where a name of the key stays as written: the context rules the replacement and the leak checker
share, so that what the pipeline leaves in clear is exactly what the checker accepts.

Each rule reads only the text around one occurrence (and the allow list or the French words), so
that the detector (:mod:`~transfo_analysis.anonymise._detect`, :mod:`~._names`) and the checker
(:mod:`~transfo_analysis.anonymise.leaks`) call the very same function:

- :func:`~transfo_analysis.anonymise._names.after_saint`: a saint's name in a place
  (``Saint-Germain-en-Laye``, ``Seine-Saint-Denis``, ``St Dié``), never searched as the person;
- :func:`~transfo_analysis.anonymise._names.in_a_date`: a month in a date (``Mai 68``, ``1er
  Mai``), never the first name;
- :func:`~transfo_analysis.anonymise._names.allowed_here`: a name searched again whose
  occurrence is an allowed term or place as written (``hôpitaux de Paris``);
- :func:`in_allowed_name`: a guessed name, or a single word a context gave, inside the name of an
  allowed body (``Marine Nationale``, ``Malakoff Médéric``);
- :func:`~transfo_analysis.anonymise._lexicon.propagation_reason`: a name a context gave (an
  honorific, a naming verb), in lower case and made of everyday words (``une masse critique``),
  an imperative, a short acronym;
- :func:`~transfo_analysis.anonymise._lexicon.left_in_clear`: a guessed name used as a common word
  (``Retraite`` at the start of a sentence);
- :func:`named_thing`: after a naming verb, the title of a thing (``une association qui s'appelle
  Accueil et promotion``, ``un film qui s'appelle Journée de la jupe``), which never enters the key.

:func:`kept_in_clear` composes them for the checker in the order the pipeline applies them.
"""

from __future__ import annotations

import re

from transfo_analysis.anonymise._allow import AllowList
from transfo_analysis.anonymise._lexicon import (
    FrenchWords,
    left_in_clear,
    listed_name,
    propagation_reason,
)
from transfo_analysis.anonymise._names import after_saint, allowed_here, in_a_date

#: the word right before or after a name (in any case: ``Malakoff mederic`` is the body too)
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’\-]*)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([^\W\d_][\w'’\-]*)")
_WORD = re.compile(r"[^\W\d_][\w'’]*")
#: a lower-case word that continues a title (``Accueil et promotion``, ``Côte d'or``)
_TITLE_GOES_ON = re.compile(r"(?:\s+(?:et|de|du|des|à|au|aux|en|pour|sur)\b|\s*d['’])")


def in_allowed_name(text: str, start: int, end: int, *, allow: AllowList) -> bool:
    """Whether the name at ``text[start:end]`` is inside the name of an allowed body.

    The name itself when of several words, or with the word right before or after it, whatever its
    case (``Malakoff Médéric``, ``Malakoff mederic``, ``Marine Nationale``), makes an allowed term
    (places not counted).

    Parameters
    ----------
    text
        The whole text.
    start, end
        Offsets of the occurrence.
    allow
        The allow list of the project.

    Returns
    -------
    True when the occurrence is part of an allowed name.
    """
    surface = text[start:end]
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    after = _WORD_AFTER.match(text, end)
    return any(
        allow.covers(phrase, places=False)
        for phrase in (
            surface if " " in surface.strip() else "",
            f"{before.group(1)} {surface}" if before else "",
            f"{surface} {after.group(1)}" if after else "",
        )
        if phrase
    )


def named_thing(text: str, start: int, end: int, *, words: FrenchWords) -> bool:
    """Whether what a naming verb names at ``text[start:end]`` is the title of a thing.

    Every capitalised word is a French common word on no list of names, and the title goes on
    (several capitalised words, ``Masse Critique``, or a lower-case continuation, ``Accueil et
    promotion``, ``Côte d'or``): an association, a journal, a film, a shop, not a person.

    Parameters
    ----------
    text
        The whole text.
    start, end
        Offsets of the name after the naming verb.
    words
        The French common words.

    Returns
    -------
    True when it is a thing's title (never taken as a person's name).
    """
    caps = [w for w in _WORD.findall(text[start:end]) if w[:1].isupper()]
    if not caps or any(listed_name(w) or w not in words for w in caps):
        return False
    return len(caps) > 1 or bool(_TITLE_GOES_ON.match(text, end))


def kept_in_clear(
    text: str,
    start: int,
    end: int,
    *,
    guessed: bool,
    everyday: bool,
    allow: AllowList,
    words: FrenchWords | None,
    sentence_capitals: bool = True,
    guarded: bool = False,
) -> str | None:
    """Why the pipeline leaves this occurrence of an original of the key as written.

    Parameters
    ----------
    text
        The whole text (pseudonym tags may be blanked, offsets unchanged).
    start, end
        Offsets of the occurrence.
    guessed
        Only a guessing layer (NER, capitals, first names, propagation) found the original.
    everyday
        Every word of the original is an everyday word.
    allow
        The allow list of the project.
    words
        The French common words (without them, a guessed original is judged as a found one).
    sentence_capitals
        Whether the texts capitalise the start of sentences.
    guarded
        A context expression (an honorific, a naming verb) gave the original: the pipeline
        searches it again with the guards of
        :func:`~transfo_analysis.anonymise._lexicon.propagation_reason`.

    Returns
    -------
    The reason (``saint``, ``date``, ``allowed``, ``allowed name``, ``lowercase``, or one of
    :func:`~transfo_analysis.anonymise._lexicon.propagation_reason` and :func:`left_in_clear`),
    ``None`` when the occurrence should have been replaced.
    """
    if after_saint(text, start):
        return "saint"
    if in_a_date(text, start, end):
        return "date"
    surface = text[start:end]
    searched_again = guarded or (guessed and words is not None)
    if searched_again and allowed_here(surface, strong=False, allow=allow):
        return "allowed"  # hôpitaux de Paris, la vallée de la Loire (NameIndex.find)
    if guarded:
        if " " not in surface.strip() and in_allowed_name(text, start, end, allow=allow):
            return "allowed name"  # Malakoff Médéric
        return propagation_reason(text, start, end, everyday=lambda _w: everyday)
    if not guessed or words is None:
        return "lowercase" if everyday and not surface[:1].isupper() else None
    if in_allowed_name(text, start, end, allow=allow):
        return "allowed name"
    return left_in_clear(
        text, start, end, everyday=everyday, words=words, sentence_capitals=sentence_capitals
    )
