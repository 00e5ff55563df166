"""Miro board exports: sticky notes as CSV, or the items JSON of Miro's REST API.

Conventions understood
----------------------
- **JSON** (``.json``), as returned by ``GET /v2/boards/{board_id}/items`` (a page ``{"data":
  [...]}``, several pages in a list, or a bare list of items): items of type ``sticky_note``,
  ``card``, ``text`` and ``shape`` with text become cards; ``data.content`` (HTML, reduced to text,
  scripts removed) or a card's ``data.title`` and ``data.description``; ``style.fillColor`` the
  colour; the ``parent`` frame's title the group; ``tagIds`` resolved through the ``tag`` items or
  a top-level ``tags`` list; ``position.x``/``position.y`` kept; ``createdBy.id`` the author
  (``participant <id>``: Miro gives no names in items); ``createdAt`` the date. One document per
  file (the board), method ``atelier``. Items without text are skipped and counted.
- **CSV** (``.csv``, recognised by its columns): ``Content``/``Contenu``/``Text`` with ``Frame``/
  ``Cadre`` or ``Type``, and optionally ``Color``/``Fill color``/``Couleur``, ``Tags``,
  ``Author``/``Created by``/``Auteur``, ``Created at``, ``Id``, ``Votes``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from transfo_analysis.corpus._text import decode
from transfo_analysis.corpus.readers._base import RawDocument, Turn
from transfo_analysis.corpus.readers._cards import CardFormat, read_cards, sniffer
from transfo_analysis.corpus.readers._html import html_to_text
from transfo_analysis.corpus.readers._registry import register
from transfo_analysis.errors import InputError
from transfo_analysis.i18n import N_, _

_TEXT_ITEMS = ("sticky_note", "card", "text", "shape")

MIRO_CSV = CardFormat(
    name="miro-csv",
    label=N_("Miro board CSV export"),
    kind="carte",
    method="atelier",
    columns={
        "id": ("id", "item_id"),
        "text": ("content", "contenu", "text", "texte"),
        "group": ("frame", "cadre", "frame_title"),
        "type": ("type",),
        "colour": ("fill_color", "fillcolor", "color", "couleur"),
        "tags": ("tags", "etiquettes"),
        "author": ("author", "created_by", "auteur", "createur"),
        "votes": ("votes",),
        "date": ("created_at", "created", "date_de_creation"),
    },
    required=(("text",), ("group", "type")),
)


def _items(payload: Any) -> list[dict]:
    if isinstance(payload, dict):
        return [i for i in payload.get("data", []) if isinstance(i, dict)]
    if isinstance(payload, list):
        out: list[dict] = []
        for entry in payload:
            if isinstance(entry, dict) and "data" in entry and isinstance(entry["data"], list):
                out += _items(entry)
            elif isinstance(entry, dict):
                out.append(entry)
        return out
    return []


def _load(path: Path, data: bytes) -> Any:
    text, _encoding = decode(data, path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            path,
            _("malformed JSON: {error}").format(error=exc.msg),
            line=exc.lineno,
            hint=_("export the board's items from Miro's API again"),
        ) from None


def sniff_json(path: Path, data: bytes) -> bool:
    """Whether a JSON file is a page (or list) of Miro board items."""
    try:
        items = _items(_load(path, data))
    except InputError:
        return False
    return any(i.get("type") in _TEXT_ITEMS and isinstance(i.get("data"), dict) for i in items)


def _text(item: dict) -> tuple[str, set[str]]:
    data = item.get("data") or {}
    parts, dropped = [], set()
    for key in ("title", "content", "description"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            text, removed = html_to_text(value)
            parts.append(text)
            dropped |= removed
    return "\n\n".join(p for p in parts if p), dropped


@register(
    "miro-json",
    (".json",),
    description=N_("Miro board items (REST API JSON), recognised by content"),
    sniff=sniff_json,
)
def read_miro_json(path: Path, data: bytes, options: dict[str, Any]) -> list[RawDocument]:
    """Read the sticky notes, cards and texts of a Miro board (REST API items JSON)."""
    del options
    payload = _load(path, data)
    items = _items(payload)
    frames = {
        str(i.get("id")): str((i.get("data") or {}).get("title") or "")
        for i in items
        if i.get("type") == "frame"
    }
    tags = {
        str(i.get("id")): str((i.get("data") or {}).get("title") or i.get("title") or "")
        for i in items
        if i.get("type") == "tag"
    }
    if isinstance(payload, dict):
        tags.update(
            {
                str(t.get("id")): str(t.get("title", ""))
                for t in payload.get("tags", [])
                if isinstance(t, dict)
            }
        )
    doc = RawDocument(turns=[], metadata={"method": "atelier", "platform": "miro"}, written=True)
    empty, dropped = 0, []
    for n, item in enumerate(items, start=1):
        if item.get("type") not in _TEXT_ITEMS:
            continue
        text, removed = _text(item)
        where = _("item {n} (id {id})").format(n=n, id=item.get("id"))
        if removed:
            dropped.append(where)
        if not text.strip():
            empty += 1
            continue
        attrs: dict[str, Any] = {"kind": "carte", "card_id": f"carte:{item.get('id')}"}
        style, position = item.get("style") or {}, item.get("position") or {}
        if style.get("fillColor"):
            attrs["colour"] = str(style["fillColor"])
        parent = str((item.get("parent") or {}).get("id", ""))
        if parent:
            attrs["group"] = frames.get(parent) or f"cadre {parent}"
        names = [tags.get(str(t), str(t)) for t in item.get("tagIds") or []]
        if names:
            attrs["tags"] = "; ".join(names)
        for axis in ("x", "y"):
            value = position.get(axis)
            if isinstance(value, int | float):
                attrs[axis] = float(value)
            elif value is not None:
                doc.warn(
                    _("position {axis} is not a number ({value}): ignored").format(
                        axis=axis, value=repr(value)
                    ),
                    where,
                )
        if item.get("createdAt"):
            attrs["card_date"] = str(item["createdAt"])
        author = (item.get("createdBy") or {}).get("id")
        doc.turns.append(
            Turn(
                speaker=f"participant {author}" if author else None,
                text=text,
                line=n,
                attributes=attrs,
            )
        )
    if not doc.turns:
        raise InputError(path, _("no sticky note or card with text on this Miro board"))
    dates = sorted(t.attributes["card_date"] for t in doc.turns if "card_date" in t.attributes)
    if dates:
        doc.metadata["date"] = dates[0][:10]
    if dropped:
        doc.warn(
            _("active HTML elements (script…) removed with their content in {n} notes").format(
                n=len(dropped)
            ),
            ", ".join(dropped[:5]),
        )
    if empty:
        doc.note(_("{n} items without text skipped").format(n=empty), None)
    return [doc]


@register(
    "miro-csv",
    (".csv",),
    description=N_("Miro board sticky notes exported as CSV, recognised by header"),
    sniff=sniffer(MIRO_CSV),
)
def read_miro_csv(path: Path, data: bytes, options: dict[str, Any]) -> list[RawDocument]:
    """Read a Miro board's sticky notes exported as CSV."""
    del options
    return read_cards(path, data, MIRO_CSV)
