"""XML helpers for REFI-QDA: tolerant reading (any ``urn:QDA-XML:*`` namespace, local names,
GUIDs in any case with or without braces) and strict writing (QDA-XML 1.0).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from transfo_analysis.coding._errors import RefiError
from transfo_analysis.i18n import _

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
#: namespace of our deterministic GUIDs (uuid5), so a code or document keeps its GUID across exports
GUID_NAMESPACE = uuid.UUID("6f1c2a3e-8b5d-4e7a-9c0f-2d4b6a8e1f35")
_GUID = re.compile(
    r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$"
)


def local(el: etree._Element) -> str:
    """Local name of an element, whatever its namespace."""
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def children(el: etree._Element, name: str) -> Iterator[etree._Element]:
    """Direct children with a local name."""
    return (c for c in el if isinstance(c.tag, str) and local(c) == name)


def child(el: etree._Element, name: str) -> etree._Element | None:
    return next(children(el, name), None)


def text_of(el: etree._Element | None, name: str) -> str:
    """Text of the first child called ``name`` (``""`` when absent)."""
    if el is None:
        return ""
    c = child(el, name)
    return (c.text or "") if c is not None else ""


def norm_guid(value: str | None) -> str | None:
    """Upper-case GUID without braces; ``None`` for
    a missing one, the value itself when not a GUID.
    """
    if value is None:
        return None
    m = _GUID.match(value.strip())
    return m.group(1).upper() if m else value.strip()


def stable_guid(*parts: str) -> str:
    """A deterministic GUID from names (same code, same GUID in every export)."""
    return str(uuid.uuid5(GUID_NAMESPACE, "\x1f".join(parts))).upper()


def parse(data: bytes, *, where: str) -> etree._Element:
    """Parse XML bytes safely (no entities, no network) and check the root's namespace.

    Raises
    ------
    RefiError
        Not XML (with the line), or a root outside ``urn:QDA-XML:*``.
    """
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, remove_blank_text=False, huge_tree=True
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise RefiError(
            _("{where}: not well-formed XML at line {line} ({error})").format(
                where=where, line=exc.lineno, error=exc.msg
            ),
            hint=_("the file may be truncated or not a REFI-QDA export"),
        ) from None
    ns = etree.QName(root).namespace or ""
    if ns and not ns.startswith("urn:QDA-XML:"):
        raise RefiError(
            _(
                "{where}: root element <{root}> is in namespace {ns}, not a REFI-QDA one"
                " (urn:QDA-XML:…)"
            ).format(where=where, root=local(root), ns=repr(ns))
        )
    return root


def write(root: etree._Element, path: Path | None = None) -> bytes:
    data = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    if path is not None:
        path.write_bytes(data)
    return data


def iso(stamp: str | None) -> str | None:
    """An xsd:dateTime from our ISO stamps (``None`` stays absent)."""
    if not stamp:
        return None
    return str(stamp).replace("+00:00", "Z")
