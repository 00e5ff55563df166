"""Plain-text transcripts (``.txt``) with speaker labels.

Encoding: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows cp1252 or latin-1; CRLF or
CR line ends. The encoding used is kept as the document's ``encoding`` attribute.

Speaker labels open a line; each labelled line starts a turn::

    Métropole de Valcourt – Entretien transports            <- header: title
    Entretien réalisé le 14/03/2025                         <- header: date 2025-03-14
    Lieu : Mairie annexe des Combettes                      <- header: lieu
    Enquêtrice : Julie Marchand                             <- header: interviewer

    [00:00:04] Enquêtrice : Bonjour, merci d'avoir accepté…  <- turn, start 4 s
    Mme Diallo : Bonjour.
    Il m'a dit : revenez demain.                            <- not a label: continues the turn

Label forms understood: ``Nom Prénom :``, ``Mme Diallo :``, ``NOM :`` (a space, a no-break
space U+00A0 or U+202F, or nothing before the colon), ``E :`` / ``Q :`` / ``R :`` / ``R2 :``,
initials ``JM :``, ``Enquêteur·rice :`` / ``Enquêteur.rice :``, and ``[Usager]``,
``[Enquêtrice]``, ``[Participant 1]`` in brackets. Timestamps ``[00:12:31]``, ``(00:12:31)``,
``00:12:31``, ``[12:31]`` or ``[00:12:31 - 00:12:40]`` before or after the label give the turn's
``start`` (seconds); its ``end`` is the next turn's start. A line holding only a timestamp and a
label (``00:00:12 Speaker 1``, ``Julie Marchand  0:03``: Word and Otter exports) opens a turn
whose speech follows on the next lines.

To keep sentences such as "Il m'a dit : revenez demain" out of the speakers, a label has at most
5 words and must be a role noun (``Enquêtrice``, ``Agent d'accueil``…), a capital letter with an
optional number, two or more capitalised words (``Mme Diallo``) — or, for one capitalised word,
initials or a code (``Julie``, ``JM``, ``spk1``), appear as a label on at least two lines.

A line without a label continues the previous turn (blank lines do not end a turn); a line in
capitals is a section heading (kept as the ``section`` of the turns after it). Lines before the
first labelled turn are a header (title, ``réalisé le 14/03/2025`` → ``date``, ``Lieu : …`` →
``lieu``, ``Enquêtrice : Nom`` → ``interviewer``), never speech. A file with text but no
recognisable label gives one turn per paragraph (blank-line separated; one per line when there
is no blank line) without speaker, and a warning.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from transfo_analysis.corpus._text import decode
from transfo_analysis.corpus.readers._base import RawDocument
from transfo_analysis.corpus.readers._registry import register
from transfo_analysis.corpus.readers._transcript import Line, parse_lines
from transfo_analysis.errors import InputError
from transfo_analysis.i18n import N_, _


@register(
    "text",
    (".txt",),
    description=N_(
        "Plain-text transcripts: 'Nom :', 'E :', '[Usager]' labels, [00:12:31] timestamps, "
        "header as metadata"
    ),
)
def read(path: Path, data: bytes, options: dict[str, Any]) -> list[RawDocument]:
    """Read a plain-text transcript (see the module documentation for the conventions)."""
    del options  # nothing to configure
    text, encoding = decode(data, path)
    if "\x00" in text:
        text = text.replace("\x00", "")
        nul = True
    else:
        nul = False
    if not text.strip():
        raise InputError(
            path, _("the file holds no text"), hint=_("fill it with the transcript, or remove it")
        )
    lines = [Line(line, number) for number, line in enumerate(text.split("\n"), start=1)]
    doc = parse_lines(lines, blank_paragraphs=True)
    doc.metadata["encoding"] = encoding
    if nul:
        doc.warn(_("NUL bytes removed from the text (a damaged or partly binary file?)"))
    return [doc]
