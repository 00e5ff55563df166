"""Names recognised from their context: honorifics, naming verbs, and the list of first names.

- ``Madame Garnier``, ``M. Benali``, ``docteur Haddad``: the capitalised word(s) after an
  honorific are a surname (the honorific itself stays, and gives the gender);
- ``je m'appelle Inès``, ``elle s'appelait Mme Roux``, ``un certain Kader``: the word after a
  naming expression is a name, even in lower case when spaCy tags it as a proper noun;
- a capitalised word on the shipped list of first names (many origins) is a first name, and the
  capitalised words right after it its surname (``Kofi Mensah``, ``Lucie da Silva``).
"""

from __future__ import annotations

import functools
import re

from transfo_analysis.anonymise._allow import AllowList
from transfo_analysis.anonymise._capitals import place_context
from transfo_analysis.anonymise._fold import canonical, trie_regex
from transfo_analysis.anonymise._names import (
    Lexicon,
    after_saint,
    first_names,
    in_a_date,
    keep_occurrence,
    split_name,
)
from transfo_analysis.anonymise._spans import Span

_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’]*(?:-[A-ZÀ-ÖØ-Þ][\w'’]*)*"
_PARTICLE = (
    r"(?i:de|du|des|da|das|do|dos|di|del|della|van|von|der|den|ben|bin|ibn|bou|el|al|ould|"
    r"le|la|mac|mc)"
)
_SURNAME = _CAP + r"(?:\s+(?:" + _PARTICLE + r"\s+)?" + _CAP + r"){0,2}"
HONORIFIC = re.compile(
    r"(?<![\w])(?P<hon>(?i:madame|monsieur|mademoiselle|docteur|doctoresse|maître|professeur)|Mme|Mlle|Mr|M\.|Dr|Me|Pr)\.?\s+"
    r"(?P<name>(?:" + _PARTICLE + r"\s+)?" + _SURNAME + r")"
)
_GENDER = {
    "madame": "F",
    "mme": "F",
    "mademoiselle": "F",
    "mlle": "F",
    "doctoresse": "F",
    "monsieur": "M",
    "m.": "M",
    "mr": "M",
}
NAMING = re.compile(
    r"(?<![\w])(?i:je\s+m['’]appelle|(?:il|elle|on|qui)\s+(?:s['’]appelle|s['’]appelait|l['’]appelle|l['’]appelait)|"
    r"prénommée?|surnommée?|dénommée?|un\s+certain|une\s+certaine|"
    r"mon\s+nom\s+(?:c['’]est|est)|mon\s+prénom\s+(?:c['’]est|est))\s+"
    r"(?P<name>[^\W\d_][\w'’\-]*(?:\s+[A-ZÀ-Ö][\w'’\-]*)?)"
)
_AFTER_FIRST = re.compile(r"(?:\s+(?:" + _PARTICLE + r"\s+)?(" + _CAP + r"))")


@functools.lru_cache(maxsize=1)
def _first_names_regex() -> re.Pattern[str] | None:
    return trie_regex(first_names())


def find_context_names(
    text: str,
    *,
    folded: str,
    allow: AllowList,
    lexicon: Lexicon,
    pos_at=None,
    use_first_names: bool = True,
    stop_words: frozenset[str] = frozenset(),
) -> list[Span]:
    """Person names found by honorifics, naming expressions and the first-name list."""
    spans: list[Span] = []
    for m in HONORIFIC.finditer(text):
        name = _trim_function_words(m.group("name"), stop_words)
        words = [w.lower().replace("’", "'") for w in name.split()]
        if all(w in stop_words for w in words) or words[0] in ("des", "les", "aux"):
            continue  # Messieurs Les…, Professeur des Écoles: a title, not a surname
        if allow.covers(name, places=True, products=False) and canonical(name) not in first_names():
            continue
        hon = canonical(m.group("hon").rstrip(".")) + (
            "." if m.group("hon").startswith("M.") else ""
        )
        gender = _GENDER.get(hon) or _GENDER.get(canonical(m.group("hon")))
        s = m.start("name")
        part = "full" if split_name(name)[0] is not None else "last"
        spans.append(Span(s, s + len(name), "PERSONNE", "context:honorific", name, part, gender))
    for m in NAMING.finditer(text):
        name = m.group("name")
        first_word = name.split()[0]
        key = canonical(first_word)
        if key in stop_words or allow.covers(first_word) or len(key) < 2:
            continue
        if not first_word[:1].isupper() and (
            lexicon.is_common(key) or pos_at is None or pos_at(m.start("name")) != "PROPN"
        ):
            continue
        end = m.end("name") if name[:1].isupper() else m.start("name") + len(first_word)
        spans.append(
            Span(
                m.start("name"),
                end,
                "PERSONNE",
                "context:naming",
                text[m.start("name") : end],
                None,
                None,
            )
        )
    regex = _first_names_regex() if use_first_names else None
    if regex is not None:
        for m in regex.finditer(folded):
            surface = text[m.start() : m.end()]
            key = canonical(surface)
            if not surface[:1].isupper():
                if pos_at is None or pos_at(m.start()) != "PROPN" or lexicon.is_common(key):
                    continue
            elif not keep_occurrence(
                text, m.start(), surface, key, False, pos_at=pos_at, lexicon=lexicon
            ):
                continue
            if allow.covers(surface, places=False) or (
                allow.covers(surface, places=True) and place_context(text, m.start())
            ):
                continue
            if after_saint(text, m.start()) or in_a_date(text, m.start(), m.end()):
                continue
            end = m.end()
            tail = _AFTER_FIRST.match(text, end)
            if (
                tail
                and not allow.covers(tail.group(1), places=True)
                and not _is_first_name_only(tail.group(1))
            ):
                word = canonical(tail.group(1))
                if not lexicon.is_common(word) or (
                    pos_at is not None and pos_at(tail.start(1)) == "PROPN"
                ):
                    end = tail.end()
            gender = first_names().get(key)
            spans.append(
                Span(
                    m.start(),
                    end,
                    "PERSONNE",
                    "first-names",
                    text[m.start() : end],
                    "full" if end > m.end() else "first",
                    gender if gender in ("F", "M") else None,
                )
            )
    return spans


def _trim_function_words(name: str, stop_words: frozenset[str]) -> str:
    """``Diatek Tres``, ``Gonliagéne Nous`` → the name alone: a sentence started right after it."""
    words = name.split()
    while len(words) > 1 and words[-1].lower().replace("’", "'") in stop_words:
        words.pop()
    return (
        name[: name.index(words[-1], len(" ".join(words[:-1]))) + len(words[-1])] if words else name
    )


def _is_first_name_only(word: str) -> bool:
    # "Marie Paul" said in a list is two people; a first name after a first name is not a surname
    return canonical(word) in first_names() and canonical(word) not in (
        "martin",
        "thomas",
        "simon",
        "laurent",
        "vincent",
        "bernard",
        "robert",
        "richard",
        "michel",
        "david",
        "denis",
        "roger",
        "leon",
    )
