"""The words users read: French by default, English on request, through gettext.

Messages are written in the code in English and marked with :func:`_` (or :func:`ngettext` when a
number decides the plural, :func:`N_` for a constant translated when shown); the French catalogue
``locale/fr/LC_MESSAGES/transfo.po`` gives their French form. The language is French unless
``TRANSFO_LANG`` says otherwise, or, when it is unset, unless the locale (``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES``, ``LANG``) is English.

``python3 tasks.py i18n`` extracts the marked messages, updates the catalogue and compiles it;
a test fails when a marked message has no French translation or the compiled catalogue is stale.
"""

from __future__ import annotations

import functools
import gettext
import os
from pathlib import Path

DOMAIN = "transfo"
LOCALE_DIR = Path(__file__).resolve().with_name("locale")
#: languages with a catalogue, the first being the default
LANGUAGES = ("fr", "en")


def current_language() -> str:
    """The language of the messages: ``TRANSFO_LANG``, else the locale's if English, else French."""
    wanted = os.environ.get("TRANSFO_LANG", "").strip()
    if wanted:
        code = _code(wanted)
        return code if code in LANGUAGES else LANGUAGES[0]
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value and not value.startswith(("C", "POSIX")):
            return "en" if _code(value) == "en" else LANGUAGES[0]
    return LANGUAGES[0]


def _code(value: str) -> str:
    return value.split(":")[0].split(".")[0].split("_")[0].split("-")[0].lower()


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue of a language (English is the messages as written)."""
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def _(message: str) -> str:
    """Translate a message into the current language."""
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose form depends on a number (French: 0 and 1 are singular).

    ``n`` may be a NumPy integer or a float (a count read from a table): gettext wants an
    ``int`` and warns otherwise, so the count is truncated first (1.5 takes the singular, as
    :func:`transfo_analysis.numbers.plural` has it).
    """
    return translations(current_language()).ngettext(singular, plural, int(n))


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark a message for the catalogue without translating it yet (translate it when shown)."""
    return message


def translate_argparse() -> None:
    """Have argparse's own words (« usage », its errors) translated too.

    argparse looks its ``_`` and ``ngettext`` up as module globals when it formats help and
    errors; pointing them at this module's functions puts them in the same catalogue.
    """
    import argparse

    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
