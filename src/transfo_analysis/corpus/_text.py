"""Decoding bytes to text, and the word count every table uses."""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from transfo_analysis.errors import InputError
from transfo_analysis.i18n import _

# Bytes cp1252 leaves undefined: a file holding them is not cp1252 (fall back to latin-1).
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def decode(data: bytes, path: str | Path) -> tuple[str, str]:
    r"""Decode a text file's bytes: BOMs, then UTF-8, then cp1252, then latin-1.

    French files that are not UTF-8 are almost always Windows cp1252 (Word, Excel) or latin-1.
    The text is returned with line endings normalised to ``\\n`` and Unicode in NFC form (macOS
    tools write decomposed accents, which would otherwise split words).

    Parameters
    ----------
    data
        The file's bytes.
    path
        The file, named in errors.

    Returns
    -------
    text, encoding
        The decoded text and the name of the encoding used.

    Raises
    ------
    InputError
        When the file looks binary (NUL bytes without a UTF-16 BOM).
    """
    if data.startswith(codecs.BOM_UTF8):
        text, enc = data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, enc = data.decode("utf-16"), "utf-16"
    else:
        if b"\x00" in data[:4096]:
            raise InputError(
                path,
                _("this looks like a binary file, not text"),
                hint=_("export the transcript as plain text (UTF-8), .docx or .odt"),
            )
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            if any(b in _CP1252_UNDEFINED for b in data):
                text, enc = data.decode("latin-1"), "latin-1"
            else:
                text, enc = data.decode("cp1252"), "cp1252"
    return normalise_newlines(unicodedata.normalize("NFC", text)), enc


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# Transcription markup that is not speech: [rire], [pause], <bruit>, pause markers, inaudible XX.
_MARKUP = re.compile(r"\[[^\]\n]{0,40}\]|<[^>\n]{0,40}>|(?<!\S)\++(?!\S)|(?<!\w)X{1,3}(?!\w)")


def strip_markup(text: str) -> str:
    """Text without transcription markup (``[rire]``, ``+`` pauses, ``XX`` inaudible).

    Parameters
    ----------
    text
        A transcribed turn.

    Returns
    -------
    The text with each markup replaced by a space.
    """
    return _MARKUP.sub(" ", text)


def count_words(text: str) -> int:
    """Words as a word processor counts them: markup and punctuation excluded, ``aujourd'hui``,
    ``l'accueil`` and ``peut-être`` count once (textometry counts tokens instead).

    Parameters
    ----------
    text
        A segment's text.

    Returns
    -------
    The number of words.
    """
    return len(_WORD.findall(strip_markup(text)))


_SPACES = re.compile(r"[ \t\u00a0\u202f]+")


def clean_turn_text(text: str) -> str:
    """Collapse runs of spaces and trim a turn's text (line breaks inside a turn become spaces)."""
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()
