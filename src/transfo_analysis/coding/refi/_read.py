"""Reading a ``.qdpx`` as other tools write it, into plain tables (no project needed).

Tolerated deviations (see ``../shared/corpora/refi/README.md`` and ``docs/coding.md``): draft
namespaces; ``project.qde`` in any case; ``sources/`` or ``Sources/``; sources referenced as
``internal://<GUID>.txt``, by a bare file name, or not at all (then ``<GUID>.txt`` or the
``PlainTextContent`` element); GUIDs in any case, with or without braces; UTF-8 with or without
BOM, UTF-16 with BOM, CRLF; no XML declaration. Positions are checked against each text and
read in the convention that fits (:mod:`._offsets`); texts are returned normalised (no BOM,
LF line ends) with positions in code points of that text.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from transfo_analysis.coding._errors import RefiError
from transfo_analysis.coding.codebook import Codebook
from transfo_analysis.coding.refi._cases import CASE_COLUMNS, VALUE_COLUMNS, read_cases
from transfo_analysis.coding.refi._offsets import detect, normalise_text
from transfo_analysis.coding.refi._qdc import codebook_from_records, read_codes
from transfo_analysis.coding.refi._xml import child, children, local, norm_guid, parse, text_of
from transfo_analysis.i18n import _, ngettext


@dataclass
class RefiProject:
    """The content of a ``.qdpx``: users, codebook, sources, codings, notes and warnings."""

    name: str
    origin: str
    users: pd.DataFrame
    codebook: Codebook
    code_names: dict[str, str]
    sources: pd.DataFrame
    codings: pd.DataFrame
    selections: pd.DataFrame
    notes: pd.DataFrame
    note_targets: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    #: cases (respondents, sites…) with their variable values and linked source GUIDs
    cases: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CASE_COLUMNS))
    #: variable values carried by the sources themselves
    source_variables: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=VALUE_COLUMNS)
    )

    def summary(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "origin": self.origin,
            "users": len(self.users),
            "codes": len(self.codebook),
            "sources": len(self.sources),
            "codings": len(self.codings),
            "notes": len(self.notes),
            "cases": len(self.cases),
            "warnings": list(self.warnings),
        }


def _decode(data: bytes) -> str:
    """Decode a source file, keeping a byte-order mark as U+FEFF (a tool may count it)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "\ufeff" + data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


class _Archive:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.zf = zipfile.ZipFile(path)
        except FileNotFoundError:
            raise RefiError(_("{path}: file not found").format(path=path)) from None
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise RefiError(
                _("{path}: not a readable .qdpx (zip) file ({error})").format(path=path, error=exc),
                hint=_("the file may be truncated: export it again"),
            ) from None
        self.names = {n.lower(): n for n in self.zf.namelist() if not n.endswith("/")}
        self.by_base: dict[str, str] = {}
        for n in self.zf.namelist():
            self.by_base.setdefault(posixpath.basename(n).lower(), n)

    def read(self, member: str) -> bytes:
        try:
            return self.zf.read(member)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError) as exc:
            raise RefiError(
                _("{path}: member {member} cannot be read ({error})").format(
                    path=self.path, member=repr(member), error=exc
                ),
                hint=_("the file may be truncated"),
            ) from None

    def project_member(self) -> str:
        for low, name in self.names.items():
            if posixpath.basename(low) == "project.qde":
                return name
        qde = [n for low, n in self.names.items() if low.endswith(".qde")]
        if qde:
            return qde[0]
        raise RefiError(
            _("{path}: no project.qde inside (members: {members})").format(
                path=self.path, members=", ".join(list(self.names.values())[:5])
            ),
            hint=_("is this a REFI-QDA project export (.qdpx)?"),
        )

    def source(self, ref: str | None, guid: str) -> str | None:
        """Member holding a source's text, whatever the reference style."""
        candidates = []
        if ref:
            ref = ref.strip()
            for prefix in ("internal://", "relative://", "absolute://", "file://"):
                if ref.lower().startswith(prefix):
                    ref = ref[len(prefix) :]
            ref = ref.replace("\\", "/").lstrip("/")
            candidates += [ref, f"sources/{ref}", posixpath.basename(ref)]
        candidates += [f"sources/{guid}.txt", f"{guid}.txt"]
        for c in candidates:
            if c.lower() in self.names:
                return self.names[c.lower()]
            if posixpath.basename(c).lower() in self.by_base:
                return self.by_base[posixpath.basename(c).lower()]
        return None


def read_qdpx(path: str | Path) -> RefiProject:
    """Read a ``.qdpx`` into tables.

    Raises
    ------
    RefiError
        Not a zip, truncated, no ``project.qde``, malformed XML, or a root that is not a
        REFI ``<Project>``. Problems inside (a missing source file, positions outside a
        text, unknown codes) are warnings, and what they concern is skipped.
    """
    path = Path(path)
    arc = _Archive(path)
    member = arc.project_member()
    root = parse(arc.read(member), where=f"{path}!{member}")
    if local(root) != "Project":
        raise RefiError(
            _("{path}!{member}: root element is <{root}>, expected <Project>").format(
                path=path, member=member, root=local(root)
            )
        )
    warnings: list[str] = []
    users = pd.DataFrame(
        [
            {
                "guid": norm_guid(u.get("guid")),
                "name": (u.get("name") or u.get("id") or norm_guid(u.get("guid")) or "").strip(),
            }
            for u in children(
                child(root, "Users") if child(root, "Users") is not None else root, "User"
            )
        ],
        columns=["guid", "name"],
    )
    book = child(root, "CodeBook")
    records = read_codes(child(book, "Codes") if book is not None else None)
    codebook, code_names = codebook_from_records(
        records, name=root.get("name") or path.stem, warnings=warnings
    )
    targets: list[tuple[str, str, str]] = [
        (g, "project", "")
        for g in (norm_guid(n.get("targetGUID")) for n in children(root, "NoteRef"))
    ]
    targets += [(g, "code", r["guid"]) for r in records for g in r["note_refs"]]
    sources, codings, selections = [], [], []
    for src in children(
        child(root, "Sources") if child(root, "Sources") is not None else root, "TextSource"
    ):
        guid = norm_guid(src.get("guid")) or ""
        name = src.get("name") or guid
        member_name = arc.source(src.get("plainTextPath"), guid)
        if member_name is not None:
            raw = _decode(arc.read(member_name))
        elif child(src, "PlainTextContent") is not None:
            raw = text_of(src, "PlainTextContent")
        else:
            warnings.append(
                _(
                    "source {name}: text not found (plainTextPath={where}); its codings are skipped"
                ).format(name=repr(name), where=repr(src.get("plainTextPath")))
            )
            continue
        sels = list(children(src, "PlainTextSelection"))
        spans_in = []
        for s in sels:
            try:
                spans_in.append(
                    (int(s.get("startPosition")), int(s.get("endPosition")), s.get("name"))
                )
            except (TypeError, ValueError):
                spans_in.append((-1, -1, s.get("name")))
        conv, spans, note = detect(raw, spans_in)
        if note:
            warnings.append(_("source {name}: {note}").format(name=repr(name), note=note))
        text, _spans, _notes = normalise_text(raw)
        targets += [
            (norm_guid(n.get("targetGUID")), "source", guid) for n in children(src, "NoteRef")
        ]
        bad = 0
        for s, span in zip(sels, spans, strict=True):
            sguid = norm_guid(s.get("guid")) or ""
            targets += [
                (norm_guid(n.get("targetGUID")), "selection", sguid) for n in children(s, "NoteRef")
            ]
            if span is None:
                bad += 1
                continue
            selections.append(
                {"guid": sguid, "source_guid": guid, "start": span[0], "end": span[1]}
            )
            for c in children(s, "Coding"):
                ref = child(c, "CodeRef")
                code_guid = norm_guid(ref.get("targetGUID")) if ref is not None else None
                cguid = norm_guid(c.get("guid")) or ""
                targets += [
                    (norm_guid(n.get("targetGUID")), "coding", cguid)
                    for n in children(c, "NoteRef")
                ]
                codings.append(
                    {
                        "guid": cguid,
                        "selection_guid": sguid,
                        "source_guid": guid,
                        "start": span[0],
                        "end": span[1],
                        "code_guid": code_guid,
                        "code": code_names.get(code_guid or ""),
                        "user_guid": norm_guid(c.get("creatingUser") or s.get("creatingUser")),
                        "created": c.get("creationDateTime") or s.get("creationDateTime"),
                    }
                )
        if bad:
            warnings.append(
                ngettext(
                    "source {name}: {n} selection outside the text or inverted; skipped",
                    "source {name}: {n} selections outside the text or inverted; skipped",
                    bad,
                ).format(name=repr(name), n=bad)
            )
        sources.append(
            {
                "guid": guid,
                "name": name,
                "member": member_name,
                "text": text,
                "convention": conv.label,
                "n_selections": len(sels),
                "description": text_of(src, "Description"),
            }
        )
    codings_df = pd.DataFrame(
        codings,
        columns=[
            "guid",
            "selection_guid",
            "source_guid",
            "start",
            "end",
            "code_guid",
            "code",
            "user_guid",
            "created",
        ],
    )
    unknown = codings_df["code"].isna()
    if unknown.any():
        warnings.append(
            ngettext(
                "{n} coding refers to codes absent from the codebook; skipped",
                "{n} codings refer to codes absent from the codebook; skipped",
                int(unknown.sum()),
            ).format(n=int(unknown.sum()))
        )
        codings_df = codings_df[~unknown]
    user_name = dict(zip(users["guid"], users["name"], strict=True))
    codings_df["user"] = codings_df["user_guid"].map(
        lambda g: user_name.get(g) or (f"utilisateur {g[:8]}" if g else "import")
    )
    notes_el = child(root, "Notes")
    notes = pd.DataFrame(
        [
            {
                "guid": norm_guid(n.get("guid")),
                "name": n.get("name") or "",
                "text": text_of(n, "PlainTextContent"),
                "user": user_name.get(norm_guid(n.get("creatingUser")) or "", "import"),
                "created": n.get("creationDateTime"),
            }
            for n in (children(notes_el, "Note") if notes_el is not None else [])
        ],
        columns=["guid", "name", "text", "user", "created"],
    )
    cases, source_variables = read_cases(root)
    return RefiProject(
        name=root.get("name") or path.stem,
        origin=root.get("origin") or "",
        users=users,
        codebook=codebook,
        code_names=code_names,
        sources=pd.DataFrame(
            sources,
            columns=["guid", "name", "member", "text", "convention", "n_selections", "description"],
        ),
        codings=codings_df.reset_index(drop=True),
        notes=notes,
        selections=pd.DataFrame(selections, columns=["guid", "source_guid", "start", "end"]),
        note_targets=pd.DataFrame(targets, columns=["note_guid", "target_type", "target_guid"]),
        warnings=warnings,
        cases=cases,
        source_variables=source_variables,
    )
