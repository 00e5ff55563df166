"""Tables of short written contributions (idea cards, proposals, comments) read into documents.

A format is described by a :class:`CardFormat`: which column names mean what (matched by name
with accents and case folded, never by position), which ones must be present for a file to be
recognised, and what names the document (a workshop session, a platform component). One row is
one card; its author is the speaker; votes, stance, group, category, colour and parent are turn
attributes, which become optional columns of the segments table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transfo_analysis.corpus.readers._base import RawDocument, Turn
from transfo_analysis.corpus.readers._html import html_to_text
from transfo_analysis.corpus.readers._sheet import csv_header, table_rows, xlsx_header
from transfo_analysis.corpus.readers.tables import _key
from transfo_analysis.errors import InputError
from transfo_analysis.i18n import _, ngettext

#: attributes a card may carry (the optional segment columns), in a stable order
CARD_ATTRIBUTES = (
    "kind",
    "card_id",
    "parent_id",
    "votes",
    "voters",
    "endorsements",
    "comments_count",
    "stance",
    "group",
    "category",
    "colour",
    "tags",
    "state",
    "reference",
    "depth",
    "card_date",
    "x",
    "y",
)
_INTEGERS = ("votes", "endorsements", "comments_count", "depth")
_HTML_FIELDS = ("text", "title", "answer", "description")
_LANG = re.compile(r"^[a-z]{2}(_[a-z]{2})?$")


@dataclass(frozen=True)
class CardFormat:
    """How to read one kind of card table.

    Attributes
    ----------
    name
        Reader name (as in ``transfo formats`` and the manifest's ``reader:``).
    label
        French name of the format, for messages.
    kind
        What one row is (``proposition``, ``commentaire``, ``debat``, ``carte``).
    method
        Method of its documents (``atelier`` or ``consultation``).
    columns
        Field -> accepted column names (folded: ``catégorie`` is ``categorie``; a name also
        matches its multilingual variants ``title/fr``, ``title/en``, French preferred).
    required
        Groups of fields; a file is recognised when each group has one field present.
    forbidden
        Fields whose presence means another format.
    part
        Field naming the document a row belongs to (session, component); one document per value.
    part_label
        French prefix of that document's name (``atelier``, ``composant``).
    finish
        Format-specific step on (values, attributes, warn): parents, stances…
    """

    name: str
    label: str
    kind: str
    method: str
    columns: dict[str, tuple[str, ...]]
    required: tuple[tuple[str, ...], ...]
    forbidden: tuple[str, ...] = ()
    part: str | None = None
    part_label: str = ""
    finish: Callable[[dict[str, str], dict[str, Any], Callable[[str, str], None]], None] | None = (
        field(default=None)
    )


def resolve(fmt: CardFormat, header: list[str]) -> dict[str, int]:
    """Column index of each field found in a header
    (French variants of multilingual columns first).
    """
    keys = [_key(h) for h in header]
    found: dict[str, int] = {}
    for name, accepted in fmt.columns.items():
        for wanted in accepted:
            if wanted in keys:
                found[name] = keys.index(wanted)
                break
            variants = [
                (0 if k[len(wanted) + 1 :] == "fr" else 1, i)
                for i, k in enumerate(keys)
                if k.startswith(wanted + "_")
                and _LANG.match(k[len(wanted) + 1 :])
                and "machine_translations" not in k
            ]
            if variants:
                found[name] = min(variants)[1]
                break
    return found


def matches(fmt: CardFormat, header: list[str]) -> bool:
    """Whether a header is this format's."""
    found = resolve(fmt, header)
    return all(any(f in found for f in group) for group in fmt.required) and not any(
        f in found for f in fmt.forbidden
    )


def sniffer(fmt: CardFormat) -> Callable[[Path, bytes], bool]:
    """A registry ``sniff`` function recognising ``fmt`` by its header (CSV or XLSX)."""

    def sniff(path: Path, data: bytes) -> bool:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            header = xlsx_header(data)
        else:
            found = csv_header(data)
            header = found[0] if found else None
        return header is not None and matches(fmt, header)

    return sniff


def _lines(lines: list[int]) -> str:
    head = ", ".join(map(str, lines[:10])) + (" …" if len(lines) > 10 else "")
    return ngettext("line {lines}", "lines {lines}", len(lines)).format(lines=head)


def _integer(value: str) -> int | None:
    value = value.strip().replace("\u202f", "").replace(" ", "")
    if re.fullmatch(r"[-+]?\d+", value):
        return int(value)
    if re.fullmatch(r"[-+]?\d+[.,]0+", value):
        return int(float(value.replace(",", ".")))
    raise ValueError(value)


def _joined(title: str, text: str) -> str:
    """A proposal's title then its body, as one sentence sequence (turn text has no line breaks)."""
    if not text:
        return title
    return f"{title}{'' if title.rstrip()[-1:] in '.!?:…' else '.'} {text}"


def _translation(value: str) -> str:
    """The French (else first) value of a serialised translation hash ``{"fr"=>"…", "en"=>"…"}``."""
    pairs = re.findall(r'"([a-z]{2})"\s*(?:=>|:)\s*"((?:[^"\\]|\\.)*)"', value)
    if not pairs:
        return value
    chosen = dict(pairs).get("fr") or pairs[0][1]
    return chosen.replace('\\"', '"').replace("\\n", "\n")


def read_cards(path: Path, data: bytes, fmt: CardFormat) -> list[RawDocument]:
    """Read a card table of format ``fmt``: one document per ``part`` value, one turn per card.

    Raises
    ------
    InputError
        When the file has no rows or no text column; row-level problems are warnings.
    """
    rows = table_rows(path, data)
    if len(rows) < 2:
        raise InputError(path, _("{format}: no row after the header").format(format=_(fmt.label)))
    (_line, header), body = rows[0], rows[1:]
    cols = resolve(fmt, header)
    if "text" not in cols and "title" not in cols:
        raise InputError(
            path,
            _("{format} without a text column (columns: {columns})").format(
                format=_(fmt.label), columns=", ".join(header)
            ),
            line=1,
            hint=_("check the header, or set `reader:` for this file in manifest.yaml"),
        )
    docs: dict[str, RawDocument] = {}
    dropped: dict[str, list[int]] = {}
    empty = 0
    for line, row in body:
        values = {f: (row[i].strip() if i < len(row) else "") for f, i in cols.items()}
        problems: list[tuple[str, str]] = []

        def warn(message: str, column: str, _p: list = problems) -> None:
            _p.append((message, column))

        attrs: dict[str, Any] = {"kind": fmt.kind}
        for name, value in values.items():
            if value.startswith("{") and ("=>" in value or '":' in value):
                values[name] = _translation(value)
        for name in _HTML_FIELDS:
            if values.get(name):
                values[name], removed = html_to_text(values[name])
                for tag in removed:
                    dropped.setdefault(tag, []).append(line)
        title, text = values.get("title", ""), values.get("text", "")
        full = text if not title or title in text else _joined(title, text)
        if not full.strip():
            empty += 1
            continue
        # the title is kept inside the text only, and the authority's answer not at all: extra
        # columns are not pseudonymised, so free text never goes in them
        for name in _INTEGERS:
            if values.get(name):
                try:
                    attrs[name] = _integer(values[name])
                except ValueError:
                    warn(
                        _("value {value} is not a number: left empty").format(
                            value=repr(values[name])
                        ),
                        header[cols[name]],
                    )
        for name in ("group", "category", "colour", "tags", "state", "reference"):
            if values.get(name):
                attrs[name] = values[name]
        if values.get("date"):
            attrs["card_date"] = values["date"]
        if values.get("id"):
            attrs["card_id"] = f"{fmt.kind}:{values['id']}"
        if values.get("voters"):
            attrs["voters"] = [v.strip() for v in re.split(r"[;,]", values["voters"]) if v.strip()]
        if fmt.finish is not None:
            fmt.finish(values, attrs, lambda m, f: warn(m, header[cols[f]] if f in cols else f))
        part = values.get(fmt.part, "") if fmt.part else ""
        doc = docs.get(part)
        if doc is None:
            doc = docs[part] = RawDocument(turns=[], metadata={"method": fmt.method}, written=True)
            doc.metadata["platform"] = fmt.name
            if part:
                doc.part = f"{fmt.part_label} {part}".strip()
                doc.metadata["session"] = part
        for message, column in problems:
            doc.warn(
                message, _("line {line}, column {column}").format(line=line, column=repr(column))
            )
        speaker = values.get("author") or (
            f"participant {values['author_id']}" if values.get("author_id") else None
        )
        if speaker and values.get("role") and speaker not in doc.roles:
            doc.roles[speaker] = values["role"]
        doc.turns.append(Turn(speaker=speaker, text=full, line=line, attributes=attrs))
    if not docs:
        raise InputError(
            path,
            _("{format}: every row is empty ({n} rows)").format(format=_(fmt.label), n=len(body)),
        )
    out = list(docs.values())
    for doc in out:
        dates = sorted(t.attributes["card_date"] for t in doc.turns if "card_date" in t.attributes)
        if dates:
            doc.metadata["date"] = dates[0][:10]
    for tag, lines in dropped.items():
        out[0].warn(
            _(
                "HTML element <{tag}> removed with its content (never run nor published) "
                "in {n} rows"
            ).format(tag=tag, n=len(lines)),
            _lines(lines),
        )
    ragged = [ln for ln, r in body if len(r) != len(header)]
    if ragged:
        out[0].warn(
            _(
                "{n} rows do not have the header's {cells} cells (a separator in a cell "
                "without quotes?): their columns may be shifted"
            ).format(n=len(ragged), cells=len(header)),
            _lines(ragged),
        )
    if empty:
        out[0].note(_("{n} rows without text skipped").format(n=empty), None)
    return out
