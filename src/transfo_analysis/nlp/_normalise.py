"""Text handed to spaCy: same length as the original, so offsets stay valid for both.

spaCy's French lemmatiser fails on typographic apostrophes ("l’" stays "l’", and the small model
turns "importance" into "importanc"): they become straight apostrophes. Transcription markup that
is not speech (``[rire]``, ``[pause]``, ``<bruit>``, ``+`` pauses, ``XX`` inaudible, the
``[lex=NP]`` name brackets of CFPP2000) becomes spaces. Every replacement keeps the length, so a
character offset found by spaCy (an entity to pseudonymise, a token) is also an offset in the
original text.
"""

from __future__ import annotations

import re

#: bump when the normalisation changes: it is part of the NLP cache key
NORMALISATION_VERSION = 1

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "´": "'", "`": "'"})
_MARKUP = re.compile(r"\[[^\]\n]{0,40}\]|<[^>\n]{0,40}>|(?<!\S)\++(?!\S)|(?<!\w)X{1,3}(?!\w)|///?")


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def analysis_text(text: str) -> str:
    """The text spaCy sees: straight apostrophes, markup blanked, same length as ``text``.

    Parameters
    ----------
    text
        A segment's text.

    Returns
    -------
    The normalised text, of the same length so that offsets stay valid.
    """
    return _MARKUP.sub(_blank, text.translate(_APOSTROPHES))
