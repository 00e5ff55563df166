"""Codebooks in REFI-QDA: ``<CodeBook>`` inside a project, or a standalone ``.qdc`` file.

REFI codes carry a name, a colour, ``isCodable`` and a free ``Description``. Our definition,
criteria, examples and keywords are written into that description under French headings
(``Inclure :``, ``Exclure :``, ``Exemples :``, ``Mots-clés :``) and read back from it, so
they survive a trip through NVivo, ATLAS.ti or MAXQDA; a description without those headings
becomes the definition.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree

from transfo_analysis.coding._errors import RefiError
from transfo_analysis.coding._vocabulary import QDC_EXAMPLES, QDC_EXCLUDE, QDC_INCLUDE, QDC_KEYWORDS
from transfo_analysis.coding.codebook import Code, Codebook, from_codes, normalise_name
from transfo_analysis.coding.refi._xml import (
    CODEBOOK_NS,
    children,
    norm_guid,
    parse,
    stable_guid,
    text_of,
    write,
)
from transfo_analysis.i18n import _

_HEADINGS = {
    QDC_INCLUDE: "include",
    QDC_EXCLUDE: "exclude",
    QDC_EXAMPLES: "examples",
    QDC_KEYWORDS: "keywords",
}


def code_guid(code: Code) -> str:
    return norm_guid(code.guid) or stable_guid("code", code.name)


def describe(code: Code) -> str:
    """The REFI ``Description`` of a code."""
    parts = [code.definition] if code.definition else []
    if code.include:
        parts.append(f"{QDC_INCLUDE} {code.include}")
    if code.exclude:
        parts.append(f"{QDC_EXCLUDE} {code.exclude}")
    if code.examples:
        parts.append(QDC_EXAMPLES + "\n" + "\n".join(f"- {e}" for e in code.examples))
    if code.keywords:
        parts.append(QDC_KEYWORDS + " " + ", ".join(code.keywords))
    return "\n\n".join(parts)


def parse_description(text: str) -> dict[str, Any]:
    """Definition, criteria, examples and keywords back from a description."""
    out: dict[str, Any] = {
        "definition": [],
        "include": "",
        "exclude": "",
        "examples": [],
        "keywords": [],
    }
    current = "definition"
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        head = next((h for h in _HEADINGS if stripped.startswith(h)), None)
        if head is not None:
            current = _HEADINGS[head]
            rest = stripped[len(head) :].strip()
            if current in ("include", "exclude"):
                out[current] = rest
            elif current == "keywords":
                out["keywords"] = [k.strip() for k in rest.split(",") if k.strip()]
            continue
        if current == "examples" and stripped.startswith("- "):
            out["examples"].append(stripped[2:].strip())
        elif current == "definition":
            out["definition"].append(line)
        elif current in ("include", "exclude") and stripped:
            out[current] = (out[current] + " " + stripped).strip()
    out["definition"] = "\n".join(out["definition"]).strip()
    return out


def codes_element(
    codebook: Codebook, ns: str, *, note_refs: dict[str, list[str]] | None = None
) -> etree._Element:
    """``<Codes>`` with nested ``<Code>`` elements (and ``<NoteRef>`` in a project)."""
    codes = etree.Element(f"{{{ns}}}Codes")

    def add(parent: etree._Element, code: Code) -> None:
        attrs = {
            "guid": code_guid(code),
            "name": code.name,
            "isCodable": "true" if code.codable else "false",
            "color": codebook.colour(code.name),
        }
        el = etree.SubElement(parent, f"{{{ns}}}Code", attrs)
        desc = describe(code)
        if desc:
            etree.SubElement(el, f"{{{ns}}}Description").text = desc
        for guid in (note_refs or {}).get(code.name, []):
            etree.SubElement(el, f"{{{ns}}}NoteRef", targetGUID=guid)
        for kid in codebook.children(code.name):
            add(el, codebook.codes[kid])

    for code in codebook:
        if code.parent is None:
            add(codes, code)
    return codes


def read_codes(codes_el: etree._Element | None) -> list[dict[str, Any]]:
    """Every ``<Code>`` (depth first) as a record with its parent's GUID and note references."""
    out: list[dict[str, Any]] = []

    def visit(el: etree._Element, parent: str | None) -> None:
        guid = norm_guid(el.get("guid")) or stable_guid(
            "imported-code", el.get("name") or str(len(out))
        )
        out.append(
            {
                "guid": guid,
                "name": el.get("name") or "",
                "parent_guid": parent,
                "colour": el.get("color"),
                "codable": (el.get("isCodable") or "true").strip().lower() not in ("false", "0"),
                "description": text_of(el, "Description"),
                "note_refs": [norm_guid(n.get("targetGUID")) for n in children(el, "NoteRef")],
            }
        )
        for kid in children(el, "Code"):
            visit(kid, guid)

    if codes_el is not None:
        for el in children(codes_el, "Code"):
            visit(el, None)
    return out


def codebook_from_records(
    records: list[dict[str, Any]], *, name: str, warnings: list[str]
) -> tuple[Codebook, dict[str, str]]:
    """A codebook from imported code records, and the map GUID → code name.

    Codes of the same name under different parents (QualCoder does this) are renamed
    ``name (parent)``; an empty name becomes ``code <guid>``; both with a warning.
    """
    names: dict[str, str] = {}
    taken: set[str] = set()
    codes = []
    for r in records:
        base = normalise_name(r["name"]) or f"code {r['guid'][:8]}"
        if not normalise_name(r["name"]):
            warnings.append(
                _("code {guid} has no name; called {name}").format(guid=r["guid"], name=repr(base))
            )
        candidate = base
        if candidate.casefold() in taken:
            parent = names.get(r["parent_guid"] or "", "")
            candidate = f"{base} ({parent})" if parent else base
            n = 2
            while candidate.casefold() in taken:
                candidate = f"{base} ({n})"
                n += 1
            warnings.append(
                _(
                    "code name {name} occurs more than once; this one ({guid}) is called {other}"
                ).format(name=repr(base), guid=r["guid"], other=repr(candidate))
            )
        taken.add(candidate.casefold())
        names[r["guid"]] = candidate
        d = parse_description(r["description"])
        colour = (
            r["colour"]
            if r["colour"] and len(r["colour"]) in (4, 7) and r["colour"].startswith("#")
            else None
        )
        codes.append(
            Code(
                name=candidate,
                parent=names.get(r["parent_guid"]) if r["parent_guid"] else None,
                definition=d["definition"],
                include=d["include"],
                exclude=d["exclude"],
                examples=tuple(d["examples"]),
                keywords=tuple(d["keywords"]),
                colour=colour.upper() if colour else None,
                guid=r["guid"],
                codable=r["codable"],
            )
        )
    return from_codes(codes, name=name, source=name), names


def read_qdc(path: str | Path) -> tuple[Codebook, list[str]]:
    """Read a REFI ``.qdc`` codebook (tolerating draft namespaces and an empty ``<Sets/>``).

    Returns
    -------
    The codebook and the warnings met.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RefiError(_("{path}: cannot read ({error})").format(path=path, error=exc)) from None
    root = parse(data, where=str(path))
    warnings: list[str] = []
    from transfo_analysis.coding.refi._xml import child, local

    if local(root) == "Project":
        root = child(root, "CodeBook")
        if root is None:
            raise RefiError(_("{path}: a REFI project without a <CodeBook>").format(path=path))
    elif local(root) != "CodeBook":
        raise RefiError(
            _("{path}: root element is <{root}>, expected <CodeBook>").format(
                path=path, root=local(root)
            )
        )
    records = read_codes(child(root, "Codes"))
    sets = child(root, "Sets")
    if sets is not None and len(sets) == 0:
        warnings.append(_("empty <Sets/> element (not valid QDA-XML, ignored)"))
    codebook, _order = codebook_from_records(
        records, name=root.get("origin") or path.stem, warnings=warnings
    )
    return codebook, warnings


def write_qdc(codebook: Codebook, path: str | Path, *, origin: str = "transfo-analysis") -> Path:
    """Write a codebook as a REFI ``.qdc`` file (valid against ``Codebook.xsd``)."""
    path = Path(path)
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS}, origin=origin)
    root.append(codes_element(codebook, CODEBOOK_NS))
    write(root, path)
    return path
