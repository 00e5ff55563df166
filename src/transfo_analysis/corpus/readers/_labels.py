"""The speaker-label grammar shared by the text, docx, odt and subtitle readers.

A label is looked for at the start of a line (a paragraph in docx/odt, a line of a subtitle cue):

- ``Label :`` with or without a space before the colon (ordinary, no-break U+00A0 or narrow
  no-break U+202F space, as French typography wants), followed by a space or the end of the line;
- ``[Label]``, optionally followed by a colon;
- a timestamp ``[00:12:31]``, ``(00:12:31)``, ``00:12:31`` or ``[12:31]`` (or a range
  ``[00:12:31 - 00:12:40]``) may stand before the label, between the label and its colon, or
  right after the colon; it gives the turn's start;
- a line holding only a timestamp and a label, in either order (``00:00:12 Speaker 1``,
  ``Julie Marchand  0:03``, as Word and Otter exports write them), the speech following on the
  next lines.

What may be a label is deliberately narrow, so that "Il m'a dit : revenez demain" stays speech.
A label has at most 5 words made of letters, digits, ``·``, ``.``, ``-``, ``_`` and apostrophes (a
final parenthesis such as ``(ENQ)`` is allowed), and it is:

- *accepted wherever it appears* when it is a capital letter with an optional number (``E``,
  ``Q``, ``R``, ``R2``), starts with a role noun (``Enquêtrice``, ``Enquêteur·rice``,
  ``Enquêteur.rice``, ``Usagère``, ``Agent d'accueil``, ``Participant 1``, ``Élue``,
  ``Responsable du service``…), is a collective word alone (``Tous``, ``Plusieurs``), or is made
  of two or more capitalised words, lower-case particles allowed (``Mme Diallo``,
  ``Julie Marchand``, ``MARCHAND Julie``, ``Jean de La Tour``);
- *accepted when it recurs* (on two lines or more of the file) when it is one capitalised word,
  initials or a code (``Julie``, ``JM``, ``SPEAKER_00``, ``spk1``);
- *never* a discourse word, a pronoun, a header key or transcription markup (``Alors``, ``Bon``,
  ``Donc``, ``Voilà``, ``Bonjour``, ``Il``, ``Lieu``, ``Date``, ``[Rires]``, ``[Pause]``…), nor any
  other phrase holding lower-case words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transfo_analysis.corpus._roles import fold

_SP = "[ \t\u00a0\u202f]"
_TS = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_RANGE = rf"(?:{_SP}*(?:-|–|-->){_SP}*{_TS})?"
#: a timestamp: bracketed or parenthesised ``[mm:ss]``/``[hh:mm:ss]`` (or a range ``[00:01 -
#: 00:05]``, whose start counts), or bare ``hh:mm:ss``
TIMESTAMP = re.compile(
    rf"\[(?P<a>{_TS}){_RANGE}\]|\((?P<b>{_TS}){_RANGE}\)|(?P<c>\d{{1,2}}:\d{{2}}:\d{{2}}(?:[.,]\d{{1,3}})?)(?![\d:])"
)
_LEAD_TS = re.compile(rf"{_SP}*(?:{TIMESTAMP.pattern}){_SP}*")
_BRACKET = re.compile(rf"\[(?P<label>[^\[\]\n:]{{1,60}})\]{_SP}*")
_COLON = re.compile(
    rf"(?P<label>[^:\[\]\n]{{1,60}}?){_SP}*(?:(?P<ts>{TIMESTAMP.pattern}){_SP}*)?:(?=\s|$){_SP}*"
)
_ALONE = re.compile(
    rf"(?P<label>[^:\[\]\n]{{1,60}}?)(?:{_SP}+(?:{TIMESTAMP.pattern}|(?P<d>{_TS})))?{_SP}*"
)
_TOKEN = re.compile(r"[\w·.'’\-]+|\([\w .·'’\-]{1,20}\)")

# Folded forms: role nouns that may open a label (with a feminine or inclusive ending).
_ROLE_WORD = re.compile(
    r"(enquet(eur|rice|euse)|interview(er|eur|euse|ee?)|animat(eur|rice)|moderat(eur|rice)"
    r"|facilitat(eur|rice)|usag(er|ere)|agente?|habitante?|participante?|residente?|elue?|maire"
    r"|adjointe?|conseill(er|ere)|responsable|direct(eur|rice)|chef|cheffe|encadrante?"
    r"|technicien(ne)?|assistante?|educat(eur|rice)|secretaire|chauffeur|parent|cliente?"
    r"|beneficiaire|temoin|repondante?|intervenante?|locut(eur|rice)|orat(eur|rice)|speaker"
    r"|question|reponse)s?([·.\-](e|rice|ice|euse|ne)s?)?"
)


def words(text: str) -> frozenset[str]:
    """A vocabulary written as one string of words (long lists stay readable)."""
    return frozenset(text.split())


_COLLECTIVE = words("tous toutes plusieurs ensemble salle public groupe inconnu")
_PARTICLES = words("de du des d' d’ la le les van von der den di da dos ben ibn el al y et")

#: folded first words that never open a label
NEVER = words(
    "alors bon bref donc voila attention bonjour bonsoir oui non merci ok okay d'accord euh ben bah"
    " hein mais et ou puis ensuite apres avant enfin total resultat exemple conclusion note nb ps"
    " remarque rappel objet sujet motif adresse tel telephone mail email e-mail courriel site"
    " horaires rdv important info infos information pourquoi comment quoi bien ah oh eh hum mh rire"
    " rires pause silence inaudible incomprehensible bruit bruits toux soupir soupirs hesitation"
    " coupure interruption musique sonnerie applaudissements fin debut lieu date duree titre heure"
    " il elle on je nous vous ils elles ca moi toi lui eux c'est cf source"
)


@dataclass(frozen=True)
class Label:
    """A label found at the start of a line."""

    label: str
    #: ``strong`` (accepted anywhere) or ``weak`` (accepted when it recurs)
    strength: str
    #: the text after the label (and its colon and timestamps)
    rest: str
    #: the start time given by a timestamp next to the label, in seconds
    start: float | None = None


def seconds(stamp: str) -> float:
    """``"01:02:03.5"`` → 3723.5; ``"12:31"`` → 751 (minutes:seconds)."""
    parts = stamp.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return total


def leading_timestamp(text: str) -> tuple[float | None, str]:
    """A timestamp at the start of ``text`` (seconds) and the text after it."""
    m = _LEAD_TS.match(text)
    if not m:
        return None, text
    stamp = m.group("a") or m.group("b") or m.group("c")
    return seconds(stamp), text[m.end() :]


def is_timestamp(text: str) -> bool:
    """Whether ``text`` is only a timestamp (a time cell of a table)."""
    return bool(re.fullmatch(rf"{_SP}*(?:{TIMESTAMP.pattern}|{_TS}){_SP}*", text))


def classify(label: str) -> str | None:
    """``strong``, ``weak`` or ``None`` (not a label) for a candidate label, per the grammar."""
    label = label.strip(" \t\u00a0\u202f")
    tokens = label.split()
    if not label or len(label) > 60 or not 1 <= len(tokens) <= 5:
        return None
    if any(not _TOKEN.fullmatch(t) or not any(c.isalnum() for c in t) for t in tokens):
        return None
    if any(t.startswith("(") for t in tokens[:-1]):
        return None
    first = fold(tokens[0]).rstrip(".")
    if first in NEVER or fold(label) in NEVER:
        return None
    if re.fullmatch(r"[A-Z](?:\s?\d{1,2})?", label):
        return "strong"
    if _ROLE_WORD.fullmatch(first):
        return "strong"
    if len(tokens) == 1 and first in _COLLECTIVE:
        return "strong"
    names = [t for t in tokens if not t.startswith("(")]
    capitalised = [t for t in names if t[0].isupper()]
    others = [
        t for t in names if not t[0].isupper() and not t.isdigit() and fold(t) not in _PARTICLES
    ]
    if len(capitalised) >= 2 and not others and names[0][0].isupper():
        return "strong"
    if len(capitalised) == 1 and len(names) <= 2 and names[0][0].isupper() and not others:
        return "weak"  # "Julie", "JM", "Julie 2"
    if len(names) == 1 and re.search(r"[\d_]", names[0]):
        return "weak"  # "spk1", "loc_2"
    return None


def find_label(text: str) -> Label | None:
    """The label at the start of a line, if its shape fits the grammar (see the module doc).

    Parameters
    ----------
    text
        One line (or paragraph) of a transcript.

    Returns
    -------
    Label or None
        The label, its strength, the speech after it and a start time, or ``None``.
    """
    start, body = leading_timestamp(text)
    m = _BRACKET.match(body)
    if m and not is_timestamp(m.group("label")):
        rest = body[m.end() :]
        ts, rest = leading_timestamp(rest)
        rest = re.sub(rf"^:{_SP}*", "", rest) if re.match(r":(\s|$)", rest) else rest
        if ts is None:
            ts, rest = leading_timestamp(rest)
        return _label(m.group("label"), rest, start if start is not None else ts)
    m = _COLON.match(body)
    if m:
        written = TIMESTAMP.match(m.group("ts") or "")
        stamp = seconds(next(g for g in written.groups() if g)) if written else None
        after, rest = leading_timestamp(body[m.end() :])
        for candidate in (start, stamp, after):
            if candidate is not None:
                start = candidate
                break
        return _label(m.group("label"), rest, start)
    m = _ALONE.fullmatch(
        body
    )  # "00:00:12 Speaker 1" or "Julie Marchand  0:03", speech on the next lines
    alone = (m.group("a") or m.group("b") or m.group("c") or m.group("d")) if m else None
    if m and start is None and alone is not None:
        start = seconds(alone)
    if m and start is not None:
        return _label(m.group("label"), "", start)
    return None


def bold_label(text: str, span: tuple[int, int]) -> Label | None:
    """A label given by a bold run at the start of a paragraph (a colon is then optional).

    The bold run must open the paragraph (after an optional timestamp) and be followed by text,
    unless it ends with a colon. A bold label with its colon (``**JM :**``) is accepted even when
    it occurs once.
    """
    start, body = leading_timestamp(text)
    offset = len(text) - len(body)
    lead = len(body) - len(body.lstrip())
    if span[0] > offset + lead or span[1] <= offset + lead:
        return None
    bold = text[offset + lead : span[1]]
    rest = text[span[1] :]
    had_colon = bold.rstrip().endswith(":")
    label = bold.strip(" \t\u00a0\u202f:")
    if label.startswith("[") and label.endswith("]"):
        label = label[1:-1]
    rest = re.sub(rf"^{_SP}*:?{_SP}*", "", rest)
    ts, rest = leading_timestamp(rest)
    if not rest.strip() and not had_colon:
        return None
    found = _label(label, rest, start if start is not None else ts)
    if (
        found is not None and had_colon
    ):  # "**JM :**": bold and colon, explicit enough to need no recurrence
        found = Label(found.label, "strong", found.rest, found.start)
    return found


def _label(label: str, rest: str, start: float | None) -> Label | None:
    label = " ".join(label.split())
    strength = classify(label)
    return (
        None if strength is None else Label(label, strength, rest.strip(" \t\u00a0\u202f"), start)
    )


__all__ = [
    "NEVER",
    "TIMESTAMP",
    "Label",
    "bold_label",
    "classify",
    "find_label",
    "is_timestamp",
    "leading_timestamp",
    "seconds",
    "words",
]
