"""Export a project as a REFI-QDA ``.qdpx`` (QDA-XML 1.0), for NVivo, ATLAS.ti, MAXQDA, QualCoder.

Each document becomes a UTF-8 text source (``sources/<GUID>.txt``, LF line ends, no BOM), one
line per turn: ``<speaker label> : <text>``. Speaker labels are neutral (``Usager 1``,
``Enquêteur``) so that no name enters the file through a label, and the texts are those of the
**pseudonymised** corpus. Codings become ``PlainTextSelection`` elements whose positions count
Unicode code points from the start of the source, end exclusive (the specification); a coding of
a whole segment selects the turn's text without its label. Coders are ``Users``; memos are
``Notes`` referenced from the project, the code, the document, the segment (a selection without
coding) or the coding; respondents are ``Cases`` with their attributes as ``Variables``.
"""

from __future__ import annotations

import contextlib
import json
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
from lxml import etree

from transfo_analysis import __version__
from transfo_analysis.coding._vocabulary import (
    REFI_DOC_VARIABLES,
    REFI_ROLE_LABELS,
    REFI_ROLE_VARIABLE,
    REFI_TERRITORY_VARIABLE,
)
from transfo_analysis.coding.codebook import Code, Codebook
from transfo_analysis.coding.refi._qdc import code_guid, codes_element
from transfo_analysis.coding.refi._xml import PROJECT_NS, iso, stable_guid, write
from transfo_analysis.coding.store import AnnotationStore, now
from transfo_analysis.corpus import Corpus
from transfo_analysis.errors import ConfigError
from transfo_analysis.i18n import _, ngettext
from transfo_analysis.provenance import atomic_path

_ROLE = REFI_ROLE_LABELS
_DOC_VARIABLES = REFI_DOC_VARIABLES


def _e(
    parent: etree._Element, tag: str, attrs: dict[str, Any] | None = None, text: str | None = None
) -> etree._Element:
    el = etree.SubElement(
        parent,
        f"{{{PROJECT_NS}}}{tag}",
        {k: str(v) for k, v in (attrs or {}).items() if v is not None},
    )
    if text is not None:
        el.text = text
    return el


def speaker_labels(segments: pd.DataFrame) -> dict[str, str]:
    """Neutral label of each speaker of one document: its role, numbered when repeated."""
    first = segments.drop_duplicates("speaker_id")
    counts = first["role"].value_counts()
    seen: dict[str, int] = {}
    out = {}
    for sid, role in zip(first["speaker_id"], first["role"], strict=True):
        seen[role] = seen.get(role, 0) + 1
        base = _ROLE.get(role, str(role).capitalize())
        out[sid] = f"{base} {seen[role]}" if counts[role] > 1 or role != "enqueteur" else base
    return out


def render_document(segments: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    """The text of one document and each segment's ``start``/``end`` in it (text only, no label).

    Parameters
    ----------
    segments
        The segments of one document, in order.

    Returns
    -------
    The document's text and a table of ``segment_id``, ``start`` and ``end`` (offsets in it).
    """
    segs = segments.sort_values("turn", kind="stable")
    labels = speaker_labels(segs)
    parts, rows, pos = [], [], 0
    for sid, spk, text in zip(
        segs["segment_id"], segs["speaker_id"], segs["text"].astype(str), strict=True
    ):
        prefix = f"{labels[spk]} : "
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        rows.append((sid, pos + len(prefix), pos + len(prefix) + len(text)))
        line = prefix + text + "\n"
        parts.append(line)
        pos += len(line)
    return "".join(parts), pd.DataFrame(rows, columns=["segment_id", "start", "end"])


def export_qdpx(
    corpus: Corpus,
    path: str | Path,
    *,
    codebook: Codebook,
    store: AnnotationStore,
    statuses: tuple[str, ...] = ("accepted",),
    name: str | None = None,
    allow_identifying: bool = False,
) -> dict[str, Any]:
    """Write the corpus, codebook, coders, codings and memos as a ``.qdpx`` file.

    Parameters
    ----------
    corpus
        The **pseudonymised** corpus (``load_corpus(project)``).
    codebook
        The codebook (codes used in the store but missing from it are added, with a warning).
    store
        The annotation store.
    path
        Output ``.qdpx`` (written atomically).
    statuses
        Codings exported (suggestions are left out by default).
    name
        Project name in the file.
    allow_identifying
        Export a corpus that is not pseudonymised (refused by default).

    Returns
    -------
    A report: counts of sources, codes, codings, users, memos, and warnings.
    """
    if not getattr(corpus, "pseudonymised", False) and not allow_identifying:
        raise ConfigError(
            _("REFI export uses pseudonymised texts only: this corpus is not pseudonymised"),
            hint=_(
                "run `transfo pseudonymise` and export load_corpus(project), or pass"
                " allow_identifying=True"
            ),
        )
    path = Path(path)
    warnings: list[str] = []
    codings = store.codings(status=list(statuses))
    segs = corpus.segments
    orphans = ~codings["segment_id"].isin(segs["segment_id"])
    if orphans.any():
        warnings.append(
            ngettext(
                "{n} coding points to segments absent from the corpus and was not exported",
                "{n} codings point to segments absent from the corpus and were not exported",
                int(orphans.sum()),
            ).format(n=int(orphans.sum()))
        )
        codings = codings[~orphans]
    for missing in sorted(set(codings["code"]) - set(codebook.names)):
        warnings.append(
            _(
                "code {code} is used in the store but not in the codebook; exported as a top-level"
                " code"
            ).format(code=repr(missing))
        )
        codebook = codebook.add(Code(name=missing))
    memos = store.memos()
    coders = store.coders()
    user_guid = dict(zip(coders["coder"], coders["guid"].str.upper(), strict=True))
    stamp = iso(now())
    root = etree.Element(
        f"{{{PROJECT_NS}}}Project",
        nsmap={None: PROJECT_NS, "xsi": "http://www.w3.org/2001/XMLSchema-instance"},
        name=name or codebook.name,
        origin=f"transfo-analysis {__version__}",
        creationDateTime=stamp,
    )
    if len(coders):
        users = _e(root, "Users")
        for c in coders.itertuples():
            _e(users, "User", {"guid": user_guid[c.coder], "name": c.coder})
    note_for: dict[tuple[str, str], list[str]] = {}
    for m in memos.itertuples():
        note_for.setdefault((m.target_type, str(m.target)), []).append(m.guid.upper())
    code_notes = {t: g for (kind, t), g in note_for.items() if kind == "code"}
    _e(root, "CodeBook").append(codes_element(codebook, PROJECT_NS, note_refs=code_notes))
    variables = _variables(root, corpus)
    _cases(root, corpus, variables)
    sources = _e(root, "Sources")
    files: dict[str, str] = {}
    code_guids = {c.name: code_guid(c) for c in codebook}
    n_sel = 0
    by_doc = codings.merge(segs[["segment_id", "doc_id"]], on="segment_id")
    for doc in corpus.documents.itertuples():
        doc_segs = segs[segs["doc_id"] == doc.doc_id]
        if doc_segs.empty:
            continue
        text, offsets = render_document(doc_segs)
        guid = stable_guid("document", doc.doc_id)
        files[guid] = text
        src = _e(
            sources,
            "TextSource",
            {
                "guid": guid,
                "name": f"{doc.territory} – {doc.doc_id}",
                "plainTextPath": f"internal://{guid}.txt",
                "creationDateTime": stamp,
            },
        )
        _e(
            src,
            "Description",
            text=json.dumps(
                {"doc_id": doc.doc_id, "territory": doc.territory, "method": doc.method},
                ensure_ascii=False,
            ),
        )
        n_sel += _selections(
            src,
            offsets,
            by_doc[by_doc["doc_id"] == doc.doc_id],
            note_for,
            code_guids,
            user_guid,
            stamp,
        )
        for g in note_for.get(("document", doc.doc_id), []):
            _e(src, "NoteRef", {"targetGUID": g})
        for label, col in _DOC_VARIABLES.items():
            value = getattr(doc, col, None)
            if value is not None and not pd.isna(value):
                vv = _e(src, "VariableValue")
                _e(vv, "VariableRef", {"targetGUID": variables[label]})
                _e(vv, "TextValue", text=str(value))
    if len(memos):
        notes = _e(root, "Notes")
        for m in memos.itertuples():
            note = _e(
                notes,
                "Note",
                {
                    "guid": m.guid.upper(),
                    "name": m.title or _("Memo ({target})").format(target=m.target_type),
                    "creatingUser": user_guid.get(m.coder),
                    "creationDateTime": iso(m.created),
                },
            )
            _e(note, "PlainTextContent", text=m.text)
    for g in note_for.get(("project", ""), []):
        _e(root, "NoteRef", {"targetGUID": g})
    with (
        atomic_path(path) as tmp,
        zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf,
    ):
        zf.writestr("project.qde", write(root))
        for guid, text in files.items():
            zf.writestr(f"sources/{guid}.txt", text.encode("utf-8"))
    return {
        "path": str(path),
        "sources": len(files),
        "codes": len(codebook),
        "codings": len(codings),
        "selections": n_sel,
        "users": len(coders),
        "memos": len(memos),
        "warnings": warnings,
    }


def _selections(
    src: etree._Element,
    offsets: pd.DataFrame,
    codings: pd.DataFrame,
    note_for: dict[tuple[str, str], list[str]],
    code_guids: dict[str, str],
    user_guid: dict[str, str],
    stamp: str | None,
) -> int:
    pos = offsets.set_index("segment_id")
    groups: dict[tuple[str, int, int], list[Any]] = {}
    for c in codings.itertuples():
        s0 = int(pos.at[c.segment_id, "start"])
        a, b = (
            (s0 + int(c.start), s0 + int(c.end))
            if not pd.isna(c.start)
            else (s0, int(pos.at[c.segment_id, "end"]))
        )
        groups.setdefault((c.segment_id, a, b), []).append(c)
    for sid in pos.index:
        if note_for.get(("segment", sid)):
            groups.setdefault((sid, int(pos.at[sid, "start"]), int(pos.at[sid, "end"])), [])
    for (sid, a, b), items in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][2])):
        sel = _e(
            src,
            "PlainTextSelection",
            {
                "guid": stable_guid("selection", sid, str(a), str(b)),
                "name": sid,
                "startPosition": a,
                "endPosition": b,
                "creationDateTime": stamp,
            },
        )
        for c in items:
            coding = _e(
                sel,
                "Coding",
                {
                    "guid": c.guid.upper(),
                    "creatingUser": user_guid.get(c.coder),
                    "creationDateTime": iso(c.created),
                },
            )
            _e(coding, "CodeRef", {"targetGUID": code_guids[c.code]})
            for g in note_for.get(("coding", c.guid), []):
                _e(coding, "NoteRef", {"targetGUID": g})
        if (a, b) == (int(pos.at[sid, "start"]), int(pos.at[sid, "end"])):
            for g in note_for.get(("segment", sid), []):
                _e(sel, "NoteRef", {"targetGUID": g})
    return len(groups)


def _variables(root: etree._Element, corpus: Any) -> dict[str, str]:
    """Project-level variables: document attributes, respondent role and speaker attributes."""
    names = [*_DOC_VARIABLES, REFI_ROLE_VARIABLE]
    for attrs in corpus.speakers["attributes"].dropna():
        try:
            names += [k for k in json.loads(attrs or "{}") if k not in names]
        except (TypeError, ValueError):
            continue
    out = {n: stable_guid("variable", n) for n in names}
    el = _e(root, "Variables")
    for n, g in out.items():
        _e(el, "Variable", {"guid": g, "name": n, "typeOfVariable": "Text"})
    return out


def _cases(root: etree._Element, corpus: Any, variables: dict[str, str]) -> None:
    """One case per respondent (person), with role,
    territory and attributes, linked to documents.
    """
    spk = corpus.speakers[corpus.speakers["role"] != "enqueteur"].merge(
        corpus.documents[["doc_id", "territory"]], on="doc_id"
    )
    if spk.empty:
        return
    cases = _e(root, "Cases")
    for person, g in spk.groupby("person_id", sort=True):
        first = g.iloc[0]
        case = _e(
            cases,
            "Case",
            {
                "guid": stable_guid("case", str(person)),
                "name": f"{_ROLE.get(first['role'], first['role'])} {person}",
            },
        )
        values = {REFI_ROLE_VARIABLE: first["role"], REFI_TERRITORY_VARIABLE: first["territory"]}
        with contextlib.suppress(TypeError, ValueError):
            values.update(
                {k: v for k, v in json.loads(first["attributes"] or "{}").items() if k in variables}
            )
        for k, v in values.items():
            if v is None or k not in variables:
                continue
            vv = _e(case, "VariableValue")
            _e(vv, "VariableRef", {"targetGUID": variables[k]})
            _e(vv, "TextValue", text=str(v))
        for doc_id in g["doc_id"].unique():
            _e(case, "SourceRef", {"targetGUID": stable_guid("document", doc_id)})
