"""The trail in REFI-QDA (``.qdpx``): findings and proposals as Notes, Sets and Links.

:func:`add_trail_to_qdpx` amends a project written by ``transfo qdpx export`` (or any QDA-XML
1.0 project) so that NVivo, ATLAS.ti, MAXQDA or QualCoder users see the trail:

- one ``Note`` per finding and per proposal: the statement, state and strength (or status and
  decisions) in French, then a line ``transfo-evidence: {…}`` carrying the trail in the format
  of the YAML files (so the suite can read it back without loss);
- one ``Set`` per finding, described with its state and strength, whose members are the codes,
  the documents of the quotes and the finding's note; one ``Set`` per proposal with its notes;
- one ``Link`` per evidence link that REFI can point to (a code, a document), named after the
  stance, from the finding's note; one ``Link`` from each proposal to each of its findings.

:func:`read_trail_qdpx` gives back the mapping, :func:`import_trail_qdpx` loads it into a store
(the same rules as a YAML file: idempotent, each problem reported with its place).
"""

from __future__ import annotations

import json
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
from lxml import etree

from transfo_analysis.errors import InputError
from transfo_analysis.evidence._io import load_trail
from transfo_analysis.evidence._model import Target
from transfo_analysis.evidence._strength import (
    decisions,
    evidence_links,
    findings,
    proposals,
    strength,
)
from transfo_analysis.evidence._trail import Trail
from transfo_analysis.i18n import _, ngettext
from transfo_analysis.provenance import atomic_path

MARK = "transfo-evidence: "
#: QDA-XML 1.0: the order of the project's children
_ORDER = [
    "Users",
    "CodeBook",
    "Variables",
    "Cases",
    "Sources",
    "Notes",
    "Links",
    "Sets",
    "Graphs",
    "Description",
    "NoteRef",
]
_NS_GUID = uuid.UUID("0b7c1e52-3f4a-4d8e-9a61-5c2f7e9b3d10")


def _guid(*parts: Any) -> str:
    return str(uuid.uuid5(_NS_GUID, "/".join(str(p) for p in parts))).upper()


def _local(el: Any) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _section(root: Any, name: str) -> Any:
    """The project's child ``name``, created at its place in the schema's order."""
    ns = etree.QName(root).namespace
    for c in root:
        if _local(c) == name:
            return c
    el = etree.Element(f"{{{ns}}}{name}")
    after = _ORDER.index(name)
    for i, c in enumerate(root):
        if _local(c) in _ORDER and _ORDER.index(_local(c)) > after:
            root.insert(i, el)
            return el
    root.append(el)
    return el


def _sub(
    parent: Any, name: str, attrs: dict[str, str] | None = None, text: str | None = None
) -> Any:
    ns = etree.QName(parent).namespace
    el = etree.SubElement(parent, f"{{{ns}}}{name}", {k: v for k, v in (attrs or {}).items() if v})
    if text is not None:
        el.text = text
    return el


def _payload_finding(row: Any, links: Any) -> dict[str, Any]:
    return {
        "id": row.guid,
        "enonce": row.statement,
        "memo": row.memo,
        "auteur": row.author,
        "preuves": [
            {
                "cible": str(
                    Target(e.kind, e.target, e.scope if e.kind == "word" else "", *_span(e))
                ),
                "position": e.stance,
                "commentaire": e.comment,
            }
            for e in links.itertuples()
        ],
    }


def _span(e: Any) -> tuple[int | None, int | None]:
    return (None, None) if pd.isna(e.start) else (int(e.start), int(e.end))


def _remove_previous(root: Any, guids: set[str]) -> None:
    """Drop what an earlier export of this trail wrote (notes, their sets and links)."""
    sets = {_guid("set", g) for g in guids} | {_guid("set", g.lower()) for g in guids}
    for el in list(root.iter()):
        name = _local(el)
        if (
            (name == "Note" and (el.get("guid") or "").upper() in guids)
            or (name == "Set" and el.get("guid") in sets)
            or (name == "Link" and (el.get("originGUID") or "").upper() in guids)
        ):
            el.getparent().remove(el)


def add_trail_to_qdpx(trail: Trail, path: str | Path) -> dict[str, int]:
    """Add the trail's findings and proposals to a ``.qdpx`` as Notes, Sets and Links (in place).

    Elements written by an earlier call are replaced, not doubled.

    Parameters
    ----------
    trail
        The open trail.
    path
        The ``.qdpx`` to amend.

    Returns
    -------
    dict
        Counts of ``notes``, ``sets`` and ``links`` written.

    Raises
    ------
    InputError
        When the file is not a REFI-QDA project.
    """
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            members = {n: zf.read(n) for n in zf.namelist()}
        root = etree.fromstring(members["project.qde"])
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise InputError(
            path,
            _("unreadable REFI-QDA project ({error})").format(error=exc),
            hint=_("export it first with transfo qdpx export"),
        ) from None
    codes = {c.get("name"): c.get("guid") for c in root.iter() if _local(c) == "Code"}
    sources = {}
    for s in root.iter():
        if _local(s) == "TextSource":
            desc = next((c.text for c in s if _local(c) == "Description"), None)
            try:
                sources[json.loads(desc or "{}").get("doc_id")] = s.get("guid")
            except (ValueError, AttributeError):
                continue
    found, links, force = (
        findings(trail),
        evidence_links(trail),
        strength(trail).set_index("finding_id"),
    )
    props, decs = proposals(trail), decisions(trail)
    _remove_previous(root, {g.upper() for g in [*found["guid"], *props["guid"]]})
    notes, link_el, sets = _section(root, "Notes"), _section(root, "Links"), _section(root, "Sets")
    note_of: dict[int, str] = {}
    counts = {"notes": 0, "sets": 0, "links": 0}
    for f in found.itertuples():
        mine = links[links["finding_id"] == f.finding_id] if len(links) else links
        s = force.loc[f.finding_id]
        summary = _strength_summary(s)
        guid = note_of[f.finding_id] = f.guid.upper()
        note = _sub(
            notes, "Note", {"guid": guid, "name": f"Constat n°{f.finding_id} : {f.statement[:80]}"}
        )
        finding_json = json.dumps({"constat": _payload_finding(f, mine)}, ensure_ascii=False)
        _sub(
            note,
            "PlainTextContent",
            text=f"{f.statement}\n\n{f.memo}\n\n{summary}\n\n{MARK}{finding_json}",
        )
        st = _sub(
            sets,
            "Set",
            {
                "guid": _guid("set", f.guid),
                "name": f"Constat n°{f.finding_id} : {f.statement[:80]}",
            },
        )
        _sub(st, "Description", text=summary)
        refs = {("code", codes.get(e.target)) for e in mine.itertuples() if e.kind == "code"}
        seg_rows = [
            trail.targets.segment(e.target)
            for e in mine.itertuples()
            if e.kind in ("segment", "idea")
        ]
        seg_docs = {row["doc_id"] for row in seg_rows if row is not None}
        refs |= {("source", sources.get(d)) for d in seg_docs}
        for kind, g in sorted((k, g) for k, g in refs if g):
            _sub(st, "MemberCode" if kind == "code" else "MemberSource", {"targetGUID": g})
        _sub(st, "MemberNote", {"targetGUID": guid})
        counts["notes"] += 1
        counts["sets"] += 1
        for e in mine.itertuples():
            target = codes.get(e.target) if e.kind == "code" else None
            row = trail.targets.segment(e.target) if e.kind in ("segment", "idea") else None
            if row is not None:
                target = sources.get(row["doc_id"])
            if target:
                _sub(
                    link_el,
                    "Link",
                    {
                        "guid": e.guid.upper(),
                        "name": f"{e.stance} : {e.kind}:{e.target}",
                        "direction": "OneWay",
                        "originGUID": guid,
                        "targetGUID": target,
                    },
                )
                counts["links"] += 1
    for p in props.itertuples():
        steps = decs[decs["proposal_id"] == p.proposal_id]
        text = "\n".join(
            [
                f"{p.statement}",
                f"Statut : {p.status}",
                *(
                    f"{d.date} {d.instance} : {d.from_status} → {d.to_status}. {d.rationale}"
                    for d in steps.itertuples()
                ),
            ]
        )
        payload = {
            "enonce": p.statement,
            "memo": p.memo,
            "service": p.service,
            "territoires": p.territories,
            "auteur": p.author,
            "constats": [found.set_index("finding_id").at[f, "guid"] for f in p.findings],
            "decisions": [
                {
                    "statut": d.to_status,
                    "instance": d.instance,
                    "date": d.date,
                    "par": d.decided_by,
                    "motif": d.rationale,
                    "lien": d.url,
                }
                for d in steps.itertuples()
            ],
        }
        guid = p.guid.upper()
        note = _sub(
            notes,
            "Note",
            {"guid": guid, "name": f"Proposition n°{p.proposal_id} : {p.statement[:80]}"},
        )
        _sub(
            note,
            "PlainTextContent",
            text=f"{text}\n\n{MARK}{json.dumps({'proposition': payload}, ensure_ascii=False)}",
        )
        st = _sub(
            sets,
            "Set",
            {
                "guid": _guid("set", p.guid),
                "name": f"Proposition n°{p.proposal_id} : {p.statement[:80]}",
            },
        )
        _sub(st, "Description", text=f"Statut : {p.status}")
        for f in [guid, *(note_of[f] for f in p.findings)]:
            _sub(st, "MemberNote", {"targetGUID": f})
        for f in p.findings:
            _sub(
                link_el,
                "Link",
                {
                    "guid": _guid("link", p.guid, f),
                    "name": "repose sur",
                    "direction": "OneWay",
                    "originGUID": guid,
                    "targetGUID": note_of[f],
                },
            )
            counts["links"] += 1
        counts["notes"] += 1
        counts["sets"] += 1
    for section in ("Notes", "Links", "Sets"):
        el = _section(root, section)
        if not len(el):
            root.remove(el)
    members["project.qde"] = etree.tostring(
        root, xml_declaration=True, encoding="utf-8", pretty_print=True
    )
    with (
        atomic_path(path) as tmp,
        zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf,
    ):
        for name, data in members.items():
            zf.writestr(name, data)
    return counts


def read_trail_qdpx(path: str | Path) -> dict[str, Any]:
    """The trail in a ``.qdpx``'s Notes, as in the YAML files (``constats``, ``propositions``).

    Parameters
    ----------
    path
        The ``.qdpx``.

    Returns
    -------
    dict
        ``constats`` and ``propositions``, as in a YAML trail file.
    """
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            root = etree.fromstring(zf.read("project.qde"))
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise InputError(path, _("unreadable REFI-QDA project ({exc})").format(exc=exc)) from None
    data: dict[str, list] = {"constats": [], "propositions": []}
    for note in root.iter():
        if _local(note) != "Note":
            continue
        text = "".join(t.text or "" for t in note.iter() if _local(t) == "PlainTextContent")
        if MARK not in text:
            continue
        try:
            payload = json.loads(text.rsplit(MARK, 1)[1])
        except ValueError:
            raise InputError(
                path,
                _("unreadable finding note"),
                element=_("Note {guid}").format(guid=note.get("guid")),
            ) from None
        if "constat" in payload:
            data["constats"].append(payload["constat"])
        if "proposition" in payload:
            data["propositions"].append(payload["proposition"])
    return data


def import_trail_qdpx(trail: Trail, path: str | Path) -> dict[str, Any]:
    """Load the trail carried by a ``.qdpx`` (see :func:`load_trail` for the rules).

    Parameters
    ----------
    trail
        The open trail.
    path
        The ``.qdpx``.

    Returns
    -------
    dict
        Counts of what was added and ``problems``.
    """
    return load_trail(trail, read_trail_qdpx(path), source=str(path))


def _strength_summary(s: pd.Series) -> str:
    """One sentence on a finding's strength, for the description of its REFI-QDA note."""

    def people(n: int) -> str:
        return ngettext("{n} person", "{n} people", n).format(n=n)

    return _(
        "State: {state}. Supports: {people} (users {users}, agents {agents}, managers {managers}, "
        "elected officials {elected}), {documents}, {territories}; contradicts: {against}."
    ).format(
        state=s["state"],
        people=people(s["n_respondents_appuie"]),
        users=s["n_usager_appuie"],
        agents=s["n_agent_appuie"],
        managers=s["n_encadrant_appuie"],
        elected=s["n_elu_appuie"],
        documents=ngettext("{n} document", "{n} documents", s["n_documents_appuie"]).format(
            n=s["n_documents_appuie"]
        ),
        territories=ngettext("{n} territory", "{n} territories", s["n_territories_appuie"]).format(
            n=s["n_territories_appuie"]
        ),
        against=people(s["n_respondents_contredit"]),
    )
