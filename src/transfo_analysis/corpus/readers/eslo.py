"""ESLO-style XML (``.xml``): flat ``<u who start end>`` utterances, TEI-like ``<u>`` accepted.

Conventions understood
----------------------
- Root ``<text>`` as in the ESLO distribution, but any root is accepted: every ``<u>`` element
  in the document (any namespace, e.g. TEI's) is an utterance, in document order, which ESLO
  keeps in time order. The XML is parsed from bytes (declared encoding honoured; no DTD, no
  entity resolution, no network).
- ``who`` is the speaker label (TEI's ``#`` pointer prefix removed); ``start`` and ``end`` are
  seconds (a comma decimal is accepted; other values, such as TEI ``#T1`` pointers, leave the
  times unknown). A ``<u>`` without ``who`` has no speaker. Empty ``<u>`` are skipped.
- ESLO cuts speech into breath groups: consecutive ``<u>`` of one speaker that nobody else's
  comes between, separated by at most ``merge_gap`` seconds (default 1.0 s; option
  ``merge_gap``, ``None`` keeps every ``<u>``), are merged into one turn, as for TextGrids.
- Overlapping speech: ESLO repeats the overlapped stretch as ``<u>`` of each speaker with the same
  times (the ingest step flags timed overlaps). ``<Who nb="n"/>`` milestones inside a ``<u>``
  also mark overlap: when ``who`` names several speakers (``who="A B"``), the text after
  ``<Who nb="n"/>`` is speaker n's turn; with a single ``who`` the text stays one turn. Either way
  the turns are flagged ``overlap=True``.
- Inside a ``<u>``: text of any child element is kept; TEI ``<vocal>``, ``<incident>``,
  ``<kinesic>`` and ``<Event>`` become ``[desc]`` (``[rire]``), ``<pause/>`` becomes ``+``;
  ``<note>``, ``<comment>``, ``<Comment>`` and ``<desc>`` outside those are dropped (not speech).
- A Transcriber document saved as ``.xml`` (root ``<Trans>``) is read by the Transcriber reader.
- Any other XML (no ``<u>`` element) is refused with a message listing the XML formats
  understood.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from lxml import etree

from transfo_analysis.corpus.readers import transcriber
from transfo_analysis.corpus.readers._base import RawDocument, Turn
from transfo_analysis.corpus.readers._registry import register
from transfo_analysis.corpus.readers._turns import DEFAULT_MERGE_GAP, merge_turns
from transfo_analysis.corpus.readers._xml import local, parse, seconds
from transfo_analysis.errors import InputError
from transfo_analysis.i18n import N_, _

HINT = "open the file in an XML editor to find the error and repair it"
NOT_SPEECH = {"note", "comment", "Comment", "desc", "Background", "timeline", "when", "anchor"}
EVENTS = {"vocal", "incident", "kinesic", "Event", "event"}


def _event(element: etree._Element) -> str:
    desc = element.get("desc") or " ".join(t.strip() for t in element.itertext() if t.strip())
    desc = desc or element.get("type") or local(element.tag)
    return transcriber.render_event(desc, element.get("extent", ""))


def _walk(
    node: etree._Element, parts: dict[int, list[str]], state: list[int], doc: RawDocument
) -> None:
    """Collect the text of a ``<u>`` (or of an element inside it) into speaker parts."""
    for child in node:
        name = local(child.tag)
        if name == "Who":
            try:
                state[0] = int(child.get("nb", "1"))
            except ValueError:
                doc.warn(
                    _("<Who nb={nb}> is not a number; ignored").format(nb=repr(child.get("nb"))),
                    _("line {line}").format(line=child.sourceline),
                )
            parts.setdefault(state[0], [])
            state[1] = 1  # a milestone was seen: this utterance holds overlapping speech
        elif child.tag is etree.Entity:
            text = html.unescape(child.text or "")
            parts[state[0]].append("" if text.startswith("&") else text)
        elif name in EVENTS:
            parts[state[0]].append(_event(child))
        elif name == "pause":
            parts[state[0]].append(" + ")
        elif name not in NOT_SPEECH and name:  # inline markup (<seg>, <w>…): its words, spaced
            parts[state[0]].append(" " + (child.text or ""))
            _walk(child, parts, state, doc)
            parts[state[0]].append(" ")
        if child.tag is not etree.Entity:
            parts[state[0]].append(" ")
        parts[state[0]].append(child.tail or "")


def read_utterances(root: etree._Element, doc: RawDocument) -> None:
    """Append the turns of every ``<u>`` under ``root`` to ``doc``."""
    for u in root.iter("{*}u"):
        where = f"line {u.sourceline}"
        who = [w.lstrip("#") for w in (u.get("who") or "").split()]
        parts: dict[int, list[str]] = {0: [u.text or ""]}
        state = [0, 0]  # current part, whether a <Who> milestone was seen
        _walk(u, parts, state, doc)
        start, end = seconds(u.get("start"), doc, where), seconds(u.get("end"), doc, where)
        overlap = bool(state[1]) or len(who) > 1
        if len(who) <= 1:  # one speaker: the milestones do not split the text
            parts = {0: [piece for nb in sorted(parts) for piece in parts[nb]]}
        for nb, pieces in sorted(parts.items()):
            text = " ".join("".join(pieces).split())
            if not text:
                continue
            if not who:
                label = None
            elif nb == 0:
                label = who[0]
            elif nb <= len(who):
                label = who[nb - 1]
            else:
                doc.warn(
                    _(
                        '<Who nb="{nb}"> but who names {n} speakers: part read without speaker'
                    ).format(nb=nb, n=len(who)),
                    where,
                )
                label = None
            doc.turns.append(
                Turn(
                    speaker=label,
                    text=text,
                    start=start,
                    end=end,
                    overlap=overlap,
                    line=u.sourceline,
                )
            )


@register(
    "eslo",
    (".xml",),
    description=N_("ESLO/TEI XML utterances <u who start end> (Transcriber .xml too)"),
)
def read(path: Path, data: bytes, options: dict[str, Any]) -> list[RawDocument]:
    """Read an ESLO-style XML file (or a Transcriber file saved as ``.xml``) into one document.

    Parameters
    ----------
    path
        The file (for messages).
    data
        Its bytes (parsed as XML, honouring the declared encoding).
    options
        ``merge_gap``: longest silence inside a turn, in seconds (``None``: no merging).
    """
    notes: list[str] = []
    root = parse(path, data, hint=HINT, fallback=notes)
    doc = RawDocument(turns=[])
    for note in notes:
        doc.warn(note, _("line {line}").format(line=1))
    if local(root.tag) == "Trans":
        return [transcriber.read_tree(path, root, doc)]
    if next(root.iter("{*}u"), None) is None:
        raise InputError(
            path,
            _(
                "this XML file holds no <u> utterances (root <{root}>): "
                "not a transcript format read here"
            ).format(root=local(root.tag)),
            line=root.sourceline,
            hint=_(
                "XML transcripts understood: ESLO/TEI with <u who=…> utterances, Transcriber "
                "(rename it .trs); a REFI-QDA project (.qdpx/.qde) is imported with "
                "`transfo qdpx import`"
            ),
        )
    read_utterances(root, doc)
    doc.turns = merge_turns(doc.turns, options.get("merge_gap", DEFAULT_MERGE_GAP))
    if root.get("date"):
        doc.metadata["date"] = root.get("date")
    return [doc]
