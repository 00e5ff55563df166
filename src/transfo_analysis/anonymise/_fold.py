"""Case- and accent-insensitive matching that keeps character offsets.

:func:`fold` lowers case and strips accents *one character for one character*, so a match found
in the folded text is at the same offsets in the original (``"Léa Müller"`` → ``"lea muller"``).
:func:`trie_regex` compiles thousands of folded strings into one regular expression shaped as a
trie (``ma(?:rie(?:-anne)?|rc)``): one pass over a text finds the longest known name at each
position, which a plain alternation of thousands of names cannot do quickly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_FOLD: dict[int, str] = {}
for _cp in range(0x00C0, 0x0250):
    _c = chr(_cp)
    _base = unicodedata.normalize("NFD", _c)[0].lower()
    if len(_base) == 1 and _base != _c:
        _FOLD[_cp] = _base
_FOLD.update(
    {
        ord("İ"): "i",
        ord("’"): "'",
        ord("‘"): "'",
        ord("ʼ"): "'",
        ord("´"): "'",
        ord("`"): "'",
        ord("\u2010"): "-",
        ord("\u2011"): "-",
        ord("\u2013"): "-",
        ord("\u2014"): "-",
        ord("\u00a0"): " ",
        ord("\u202f"): " ",
    }
)


def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes; the result has the length of ``text``.

    Parameters
    ----------
    text
        Any text.

    Returns
    -------
    The text in lower case without accents, same length, so offsets found in it apply to ``text``.
    """
    out = text.translate(_FOLD).lower()
    if len(out) != len(text):  # a few scripts lower-case to two characters
        out = "".join(c if len(c.lower()) != 1 else c.lower() for c in text.translate(_FOLD))
    return out


_SEP = re.compile(r"[\s\-]+")


def canonical(text: str) -> str:
    """The key under which a name is stored: folded, hyphens and runs of spaces as one space.

    Parameters
    ----------
    text
        A name as written.

    Returns
    -------
    The folded name, with hyphens and runs of spaces as single spaces.
    """
    return _SEP.sub(" ", fold(text)).strip()


#: separator unit in a trie: spaces and hyphens are interchangeable (Marie-Anne, Marie Anne)
_SEP_UNIT = "\x00"
_FLEX_SEP = r"[\s.\-/]?"


def _units(text: str, *, flexible: bool) -> list[str]:
    units: list[str] = []
    for ch in text:
        if ch in " -\t\n":
            if units and units[-1] != _SEP_UNIT and not flexible:
                units.append(_SEP_UNIT)
            continue
        if flexible:
            units.append(re.escape(ch) + _FLEX_SEP)
        else:
            units.append(re.escape(ch))
    while units and units[-1] == _SEP_UNIT:
        units.pop()
    if flexible and units:  # no separator allowed after the last character
        units[-1] = units[-1][: -len(_FLEX_SEP)]
    return units


def _to_regex(node: dict) -> str:
    ends = "" in node
    alts = []
    for unit in sorted(k for k in node if k != ""):
        head = r"[\s\-]+" if unit == _SEP_UNIT else unit
        alts.append(head + _to_regex(node[unit]))
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if ends:
        return f"(?:{body})?" if len(alts) == 1 else body + "?"
    return body


def trie_regex(
    words: Iterable[str],
    *,
    flexible: Iterable[str] = (),
    flags: int = 0,
) -> re.Pattern[str] | None:
    """One regular expression matching any of ``words`` as whole words (longest first).

    Parameters
    ----------
    words
        Folded strings (see :func:`fold`); spaces and hyphens inside match any run of spaces or
        hyphens.
    flexible
        Strings (digits, codes) whose characters may be separated by one space, dot, dash or slash
        (``0612345678`` matches ``06 12 34 56 78`` and ``06.12.34.56.78``).
    flags
        Regular expression flags.

    Returns
    -------
    The compiled pattern (the match is group 0), or ``None`` when there is nothing to match.
    """
    trie: dict = {}
    n = 0
    for text, flex in [(w, False) for w in words] + [(w, True) for w in flexible]:
        units = _units(text, flexible=flex)
        if not units:
            continue
        node = trie
        for unit in units:
            node = node.setdefault(unit, {})
        node[""] = {}
        n += 1
    if not n:
        return None
    return re.compile(r"(?<![\w@])" + _to_regex(trie) + r"(?![\w@])", flags)
