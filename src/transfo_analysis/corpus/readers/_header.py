"""The header of a transcript: the lines before the first turn, read as document metadata.

- The first line that is neither a field nor a date is the ``title``; later such lines are kept
  as ``header_notes``.
- A date anywhere in the header (``14/03/2025``, ``2025-03-14``, ``14 mars 2025``, ``1er avril
  2024``) gives ``date`` in ISO form (the first one found).
- ``Clé : valeur`` lines, or parts of a line separated by `` – ``/`` - ``/`` | ``, give a field
  named after the folded key (``Lieu`` → ``lieu``, ``Durée`` → ``duree``; keys the corpus
  reserves get a ``header_`` prefix, so ``Service : …`` cannot override the manifest).
- ``Enquêtrice : Julie Marchand``, ``Enquêteur·rice : …``, ``Animation : …``,
  ``Interviewer : …``, ``Entretien mené par : …`` give ``interviewer``; a speaker whose label is
  that name or its initials (``JM`` for Julie Marchand) gets the role ``enqueteur`` from the source.
"""

from __future__ import annotations

import datetime as dt
import re

from transfo_analysis.corpus._roles import fold
from transfo_analysis.corpus.readers._base import RawDocument
from transfo_analysis.corpus.readers._labels import NEVER, Label, words
from transfo_analysis.i18n import _

#: folded first words of keys that only ever open a header field, never a speaker label
HEADER_KEYS = words(
    "lieu date duree titre heure horaire horaires transcription transcrit transcripteur"
    " transcriptrice fichier enregistrement reference ref projet territoire commune service theme"
    " sujet objet participants participantes presents presentes personnes contexte entretien"
    " atelier version langue source codage identifiant id"
)
_INTERVIEWER = re.compile(
    r"(enquet|interview|animat|entretien (mene|conduit|realise) par|mene par|conduit par)"
)
_RESERVED = {"territory", "service", "method", "part", "title", "date"}
_MONTHS = {
    m: i
    for i, m in enumerate(
        (
            "janvier",
            "fevrier",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "aout",
            "septembre",
            "octobre",
            "novembre",
            "decembre",
        ),
        1,
    )
}
_DATES = [
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), (1, 2, 3)),
    (re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b"), (3, 2, 1)),
    (re.compile(rf"\b(1er|\d{{1,2}})\s+({'|'.join(_MONTHS)})\s+(\d{{4}})\b"), (3, 2, 1)),
]
_FIELD = re.compile(r"^\s*(?P<key>[^\W_][^:\n]{0,39}?)[ \t\u00a0\u202f]*:\s+(?P<value>\S.*)$")
_PARTICLES = {"et", "de", "du", "des", "la", "le"}


def is_field(label: Label) -> bool:
    """Whether a labelled line at the top is a header field (``Enquêtrice : Julie Marchand``)."""
    if label.start is not None:
        return False
    key = fold(label.label)
    if key.split()[0] in HEADER_KEYS:
        return True
    return bool(_INTERVIEWER.match(key)) and _names(label.rest)


def is_top_line(text: str) -> bool:
    """A leading line of an unlabelled file that is a field or a short dated line."""
    m = _FIELD.match(text)
    if m and len(m.group("key").split()) <= 4:
        key = fold(m.group("key"))
        if key.split()[0] in HEADER_KEYS or (_INTERVIEWER.match(key) and _names(m.group("value"))):
            return True
    return len(text.split()) <= 12 and any(p.search(fold(text)) for p, _ in _DATES)


def _names(value: str) -> bool:
    """Whether a value is a list of names (``Julie Marchand, Paul Roux``), not a sentence."""
    tokens = [t for t in re.split(r"[\s,&/]+", value.strip()) if t]
    if not 1 <= len(tokens) <= 10 or re.search(r"[?!…;:]|[^.]\.$", value.strip()):
        return False
    if fold(tokens[0]).strip(".") in NEVER:
        return False
    return all(
        re.fullmatch(r"[^\W\d_]+(?:['’.\-][^\W\d_]*)*", t)
        and (t[0].isupper() or fold(t) in _PARTICLES)
        for t in tokens
    )


def read_header(lines: list[tuple[str, int]], doc: RawDocument) -> None:
    """Record the metadata of header lines ``(text, line number)`` in ``doc.metadata``."""
    notes = []
    for text, _number in lines:
        text = " ".join(text.split())
        found = False
        for part in re.split(r"\s+[–—|-]\s+", text):
            found |= _part(part, doc)
        if not found:
            if "title" not in doc.metadata:
                doc.metadata["title"] = text
            else:
                notes.append(text)
    if notes:
        doc.metadata["header_notes"] = "\n".join(notes)
    n_words = sum(len(text.split()) for text, _ in lines)
    if len(lines) > 8 or n_words > 80:
        doc.warn(
            _(
                "{lines} lines ({words} words) before the first speaker label were read as a "
                "header (metadata), not as speech; check that the first turn has a label"
            ).format(lines=len(lines), words=n_words),
            lines[0][1],
        )


def _part(part: str, doc: RawDocument) -> bool:
    """Record a date or a ``key : value`` field; whether one was found."""
    m = _FIELD.match(part)
    if m and len(m.group("key").split()) <= 4:
        key, value = fold(m.group("key")), m.group("value").strip()
        if _INTERVIEWER.match(key):
            doc.metadata["interviewer"] = value
        elif key == "date":
            if not _date(value, doc):
                doc.metadata["date_text"] = value
                doc.warn(
                    _("header date {value} not understood (write it as 14/03/2025)").format(
                        value=repr(value)
                    )
                )
        else:
            name = re.sub(r"\W+", "_", key).strip("_")
            doc.metadata[f"header_{name}" if name in _RESERVED else name] = value
        return True
    return _date(part, doc)


def _date(text: str, doc: RawDocument) -> bool:
    folded = fold(text)
    for pattern, (y, mo, d) in _DATES:
        m = pattern.search(folded)
        if not m:
            continue
        month = int(m.group(mo)) if m.group(mo).isdigit() else _MONTHS[m.group(mo)]
        day = 1 if m.group(d) == "1er" else int(m.group(d))
        try:
            date = dt.date(int(m.group(y)), month, day)
        except ValueError:
            continue
        doc.metadata.setdefault("date", date.isoformat())
        return True
    return False


def interviewer_roles(doc: RawDocument) -> None:
    """Give the role ``enqueteur`` to speakers named (or given by initials) as interviewer."""
    names = [
        n.strip()
        for n in re.split(r",|&|/|\bet\b", doc.metadata.get("interviewer", ""))
        if n.strip()
    ]
    keys = {fold(n) for n in names} | {
        "".join(p[0] for p in re.split(r"[\s\-]+", n) if p).upper() for n in names
    }
    for label in {t.speaker for t in doc.turns if t.speaker}:
        if fold(label) in keys or label in keys:
            doc.roles[label] = "enqueteur"


__all__ = ["HEADER_KEYS", "interviewer_roles", "is_field", "is_top_line", "read_header"]
