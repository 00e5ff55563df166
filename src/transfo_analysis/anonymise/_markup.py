"""Names that transcribers marked up themselves.

Built in: CFPP2000's ``[lex=NP] Jean Dupont [lex=NP]`` (also closed by ``[/lex]``), and the
common ``[NP]…[/NP]``, ``<NP>…</NP>``, ``<name>…</name>``, ``<nom>…</nom>``, ``{NP:…}``
and ``[nom: …]``. More can be given in the settings (``markup``: regular expressions with a
group named ``name``). Only the name is replaced; the markup stays (the NLP stage blanks it).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from transfo_analysis.anonymise._spans import Span
from transfo_analysis.errors import ConfigError
from transfo_analysis.i18n import _

BUILTIN_MARKUP = (
    r"\[lex=NP\]\s*(?P<name>[^\[\]\n]{1,80}?)\s*\[(?:lex=NP|/lex|/NP)\]",
    r"\[NP\]\s*(?P<name>[^\[\]\n]{1,80}?)\s*\[/NP\]",
    r"<(?P<tag>NP|np|name|nom|prenom|prénom|pers|person)>\s*(?P<name>[^<>\n]{1,80}?)\s*</(?P=tag)>",
    r"\{NP\s*:\s*(?P<name>[^{}\n]{1,80}?)\s*\}",
    r"\[(?:nom|prénom|prenom|NOM|PRENOM)\s*:\s*(?P<name>[^\[\]\n]{1,80}?)\s*\]",
)


@functools.lru_cache(maxsize=16)
def compile_markup(extra: tuple[str, ...] = ()) -> tuple[re.Pattern[str], ...]:
    """The markup expressions, built in and from the settings.

    Raises
    ------
    ConfigError
        When a user expression is invalid or has no ``name`` group.
    """
    out = []
    for expr in (*BUILTIN_MARKUP, *extra):
        try:
            regex = re.compile(expr)
        except re.error as exc:
            raise ConfigError(
                _(
                    "pseudonymisation.markup: invalid regular expression {expression} ({error})"
                ).format(expression=repr(expr), error=exc)
            ) from None
        if "name" not in regex.groupindex:
            raise ConfigError(
                _("pseudonymisation.markup: {expression} has no group named 'name'").format(
                    expression=repr(expr)
                ),
                hint=_("write the part holding the name as (?P<name>...)"),
            )
        out.append(regex)
    return tuple(out)


def find_markup(text: str, *, extra: Iterable[str] = ()) -> list[Span]:
    """Names inside name markup (typed as persons; the caller retypes places)."""
    if "[" not in text and "<" not in text and "{" not in text and not extra:
        return []
    spans = []
    for regex in compile_markup(tuple(extra)):
        for m in regex.finditer(text):
            name = m.group("name")
            if name.strip():
                spans.append(Span(m.start("name"), m.end("name"), "PERSONNE", "markup", name))
    return spans
