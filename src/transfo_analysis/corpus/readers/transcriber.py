"""Transcriber 1.4 files (``.trs``): speaker turns with times, events and overlaps.

Conventions understood
----------------------
- The XML is parsed from bytes, so the encoding declared in its header (ISO-8859-1 or UTF-8) is
  honoured; CRLF or LF. The DTD (``trans-14.dtd``) is neither fetched nor needed, and entities are
  not resolved (HTML-named ones such as ``&eacute;`` are replaced by their character).
- ``<Speakers>``: each ``<Speaker id name …>`` gives a label, its ``name`` (the id when the name
  is empty); ``id``, ``type`` (recorded as ``gender``), ``dialect``, ``accent`` and ``scope`` are
  kept as speaker attributes. A turn naming an id that ``<Speakers>`` does not declare is read
  with the id as label, with a warning.
- ``<Turn speaker="spk1" startTime endTime>``: one turn; its text is the text around ``<Sync>``,
  ``<Event>`` and ``<Comment>`` elements. Turns without a ``speaker`` attribute have no speaker
  (the ingest step reports them as ``(locuteur inconnu)``); turns with no text are skipped.
- ``<Event desc=…>`` (noise, pronunciation, lexical, language) is kept in the text as ``[desc]``
  (``[desc-]`` and ``[-desc]`` for the beginning and end of a long event), the bracket
  convention the word count ignores, so ``[rire]`` stays visible in quotes. ``<Comment>`` is the
  transcriber's note, not speech: dropped.
- ``<Turn speaker="spk1 spk2">`` with ``<Who nb="1"/>``, ``<Who nb="2"/>`` is overlapping speech:
  one turn per speaker part, each flagged ``overlap=True`` and given the times of its part.
- Times: a turn (or overlap part) runs from the ``<Sync>`` preceding its first words to the
  ``<Sync>`` following its last words (else the turn's ``endTime``), so leading and trailing
  silences inside a Transcriber turn do not stretch it.
- Document metadata: ``scribe``, ``audio_filename``, ``version_date`` and ``air_date`` (as the
  document date) from ``<Trans>``.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from lxml import etree

from transfo_analysis.corpus.readers._base import RawDocument, Turn
from transfo_analysis.corpus.readers._registry import register
from transfo_analysis.corpus.readers._xml import local, parse, seconds
from transfo_analysis.errors import InputError
from transfo_analysis.i18n import N_, _

HINT = "open the file in Transcriber (or an XML editor) to repair it, then save it again"
_SPEAKER_ATTRIBUTES = {
    "id": "id",
    "type": "gender",
    "dialect": "dialect",
    "accent": "accent",
    "scope": "scope",
}


def render_event(desc: str, extent: str = "instantaneous") -> str:
    """Transcriber's display of an event: ``[rire]``, ``[b-]`` … ``[-b]``."""
    desc = desc.strip()
    if not desc:
        return ""
    return {"begin": f" [{desc}-] ", "end": f" [-{desc}] "}.get(extent, f" [{desc}] ")


def _entity(node: etree._Element) -> str:
    text = html.unescape(node.text or "")
    return "" if text.startswith("&") else text


class _Part:
    """Words of one speaker inside a turn, with the Sync indices around them."""

    def __init__(self, line: int | None) -> None:
        self.pieces: list[str] = []
        self.first_sync: int | None = None
        self.last_sync: int | None = None
        self.line = line

    def add(self, text: str | None, sync: int, *, speech: bool = True) -> None:
        if not text:
            return
        self.pieces.append(text)
        if speech and text.strip():
            self.first_sync = sync if self.first_sync is None else self.first_sync
            self.last_sync = sync


def _turns(
    turn: etree._Element, ids: list[str | None], labels: dict[str, str], doc: RawDocument
) -> list[Turn]:
    where = f"line {turn.sourceline}"
    start = seconds(turn.get("startTime"), doc, where)
    end = seconds(turn.get("endTime"), doc, where)
    syncs: list[float | None] = [start]
    parts: dict[int, _Part] = {0: _Part(turn.sourceline)}
    current = 0
    parts[0].add(turn.text, 0)
    for child in turn:
        name = local(child.tag)
        if name == "Sync":
            syncs.append(
                seconds(child.get("time"), doc, _("line {line}").format(line=child.sourceline))
            )
        elif name == "Who" and len(ids) > 1:  # a single speaker's <Who> changes nothing
            try:
                current = int(child.get("nb", "0"))
            except ValueError:
                doc.warn(
                    _("<Who nb={nb}> is not a number; text kept with the previous part").format(
                        nb=repr(child.get("nb"))
                    ),
                    _("line {line}").format(line=child.sourceline),
                )
            parts.setdefault(current, _Part(child.sourceline))
        elif name == "Event":
            event = render_event(
                child.get("desc") or child.get("type") or "", child.get("extent", "")
            )
            parts[current].add(event, len(syncs) - 1, speech=False)
        elif child.tag is etree.Entity:  # part of a word: no space around it
            parts[current].add(_entity(child), len(syncs) - 1)
        elif name not in ("Comment", "Background", ""):
            parts[current].add(" " + " ".join(child.itertext()) + " ", len(syncs) - 1)
        if child.tag is not etree.Entity:
            parts[current].add(" ", len(syncs) - 1)
        parts[current].add(child.tail, len(syncs) - 1)

    out = []
    overlap = len(ids) > 1
    if overlap and len(parts) == 1:
        doc.warn(
            _("turn of {n} speakers without <Who> markers: its text is given to the first").format(
                n=len(ids)
            ),
            where,
        )
    for nb, part in sorted(parts.items()):
        text = " ".join("".join(part.pieces).split())
        if not text:
            continue
        if nb == 0 or not overlap:
            spk = ids[0]
        elif nb <= len(ids):
            spk = ids[nb - 1]
        else:
            doc.warn(
                _(
                    '<Who nb="{nb}"> but the turn names {n} speakers: part read without speaker'
                ).format(nb=nb, n=len(ids)),
                _("line {line}").format(line=part.line),
            )
            spk = None
        t_start, t_end = start, end
        if part.first_sync is not None and part.last_sync is not None:
            t_start = syncs[part.first_sync] if syncs[part.first_sync] is not None else start
            after = syncs[part.last_sync + 1] if part.last_sync + 1 < len(syncs) else None
            t_end = after if after is not None else end
        label = None if spk is None else labels.get(spk, spk)
        out.append(
            Turn(
                speaker=label, text=text, start=t_start, end=t_end, overlap=overlap, line=part.line
            )
        )
    return out


def read_tree(path: Path, root: etree._Element, doc: RawDocument) -> RawDocument:
    """Turns of a parsed Transcriber document (also
    used for Transcriber files saved as ``.xml``).
    """
    if local(root.tag) != "Trans":
        raise InputError(
            path,
            _("not a Transcriber file (root element <{root}>, expected <Trans>)").format(
                root=local(root.tag)
            ),
            line=root.sourceline,
            hint=HINT,
        )
    labels: dict[str, str] = {}
    for spk in root.iter("Speaker"):
        spk_id = spk.get("id")
        if not spk_id:
            doc.warn(
                _("<Speaker> without id ignored"), _("line {line}").format(line=spk.sourceline)
            )
            continue
        label = (spk.get("name") or "").strip() or spk_id
        if label in doc.speakers:
            doc.warn(
                _("two speakers are named {label}: read as one").format(label=repr(label)),
                _("line {line}").format(line=spk.sourceline),
            )
        labels[spk_id] = label
        doc.speakers[label] = {
            key: spk.get(attr) for attr, key in _SPEAKER_ATTRIBUTES.items() if spk.get(attr)
        }
    unknown: set[str] = set()
    for turn in root.iter("Turn"):
        ids: list[str | None] = list((turn.get("speaker") or "").split()) or [None]
        for spk_id in ids:
            if spk_id is not None and spk_id not in labels and spk_id not in unknown:
                unknown.add(spk_id)
                doc.warn(
                    _(
                        "speaker id {id} is not declared in <Speakers>: the id is used as label"
                    ).format(id=repr(spk_id)),
                    _("line {line}").format(line=turn.sourceline),
                )
        doc.turns += _turns(turn, ids, labels, doc)
    for attr in ("scribe", "audio_filename", "version_date"):
        if root.get(attr):
            doc.metadata[attr] = root.get(attr)
    if root.get("air_date"):
        doc.metadata["date"] = root.get("air_date")
    return doc


@register(
    "transcriber",
    (".trs",),
    description=N_("Transcriber 1.4 XML (speakers, turns, overlaps, events)"),
)
def read(path: Path, data: bytes, options: dict[str, Any]) -> list[RawDocument]:
    """Read a Transcriber ``.trs`` file into one document.

    Parameters
    ----------
    path
        The file (for messages).
    data
        Its bytes (parsed as XML, honouring the declared encoding).
    options
        Unused.
    """
    notes: list[str] = []
    root = parse(path, data, hint=HINT, fallback=notes)
    doc = RawDocument(turns=[])
    for note in notes:
        doc.warn(note, _("line {line}").format(line=1))
    return [read_tree(path, root, doc)]
