"""Import a ``.qdpx`` into a project: codes into the codebook, codings and memos into the store.

Each source is matched to a document of the corpus — by the GUID our export gave it, by the
``doc_id`` in its name or description, or else by finding the document's turns in its text —
and each selection is mapped onto the segments it covers (a selection spanning two turns gives
one coding per turn, clipped; a selection covering a whole turn codes the segment). Sources
matching no document are reported, and their codings are listed in the report, not lost.
Importing the same file twice adds nothing (GUIDs are kept).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from transfo_analysis.coding.codebook import Code, Codebook, normalise_name
from transfo_analysis.coding.refi._anchor import (
    carry_span,
    clip_to_segment,
    collapse,
    squeeze,
    tolerant_positions,
)
from transfo_analysis.coding.refi._export import render_document
from transfo_analysis.coding.refi._qdc import code_guid
from transfo_analysis.coding.refi._read import RefiProject, read_qdpx
from transfo_analysis.coding.refi._xml import stable_guid
from transfo_analysis.coding.store import AnnotationStore
from transfo_analysis.i18n import ngettext


def _doc_for_source(src: Any, corpus: Any, by_guid: dict[str, str]) -> str | None:
    if src.guid in by_guid:
        return by_guid[src.guid]
    try:
        doc_id = json.loads(src.description or "{}").get("doc_id")
    except (TypeError, ValueError, AttributeError):
        doc_id = None
    docs = set(corpus.documents["doc_id"])
    if doc_id in docs:
        return doc_id
    for d in docs:
        if str(src.name).endswith(d) or str(src.name) == d:
            return d
    # the turns themselves: the document whose longest turns occur in the text
    best, hits = None, 0
    squeezed = squeeze(src.text)[0]
    segs = corpus.segments.assign(_len=corpus.segments["text"].str.len())
    for d, g in segs.groupby("doc_id"):
        probe = g.nlargest(3, "_len")["text"]
        n = sum(t in squeezed for t in probe if len(t) >= 20)
        if n > hits:
            best, hits = d, n
    return best


def migrated_sources(documents: pd.DataFrame) -> dict[str, str]:
    """Source GUID → ``doc_id`` for documents created
    from a ``.qdpx`` (``refi_source`` attribute).
    """
    out = {}
    for doc_id, attrs in zip(documents["doc_id"], documents["attributes"], strict=True):
        try:
            guid = json.loads(attrs or "{}").get("refi_source")
        except (TypeError, ValueError, AttributeError):
            continue
        if guid:
            out[str(guid).upper()] = doc_id
    return out


def segment_positions(text: str, doc_segments: pd.DataFrame) -> pd.DataFrame:
    """Where each turn of a document lies in a source text (exact rendering, else searched).

    The search tolerates whitespace differences (hard line wraps, runs of spaces), which our
    segments collapse.
    """
    rendered, offsets = render_document(doc_segments)
    if rendered == text:
        return offsets
    return tolerant_positions(text, doc_segments)


def map_selection(
    start: int, end: int, positions: pd.DataFrame, text: str | None = None
) -> list[tuple[str, int | None, int | None]]:
    """Segments a selection covers, with the span inside each (``None`` for the whole segment).

    With ``text`` (the source), spans are counted in the segment's collapsed text.
    """
    hit = positions[(positions["start"] < end) & (positions["end"] > start)]
    out: list[tuple[str, int | None, int | None]] = []
    for sid, s, e in zip(hit["segment_id"], hit["start"], hit["end"], strict=True):
        if text is not None:
            a, b = clip_to_segment(text, int(s), int(e), start, end)
            n = len(collapse(text[int(s) : int(e)]))
            if a >= b:
                continue
            out.append((sid, None, None) if (a <= 0 and b >= n) else (sid, a, b))
            continue
        a, b = max(start, s), min(end, e)
        out.append((sid, None, None) if (a <= s and b >= e) else (sid, a - s, b - s))
    return out


def import_qdpx(
    path: str | Path,
    *,
    corpus: Any,
    codebook: Codebook,
    store: AnnotationStore,
    original: Any = None,
) -> tuple[Codebook, dict[str, Any]]:
    """Import codes, codings, memos and users from a ``.qdpx`` into a project.

    Parameters
    ----------
    path
        The ``.qdpx`` file.
    corpus
        The project's corpus (the one the codings must point to).
    codebook
        The project's codebook: imported codes are matched
        by GUID, then by name; new ones are added.
    store
        The annotation store that receives codings and memos.
    original
        The same corpus as read, before pseudonymisation (``interim``): selections are placed on
        its texts, which are those of the other tool, then carried over to ``corpus``'s
        pseudonymised texts (same segments). Without it, they are placed on ``corpus`` directly.

    Returns
    -------
    The (possibly extended) codebook — save it with
    :func:`~transfo_analysis.coding.save_codebook` — and a report (counts and warnings).
    """
    project = read_qdpx(path)
    warnings = list(project.warnings)
    codebook, names, added = _merge_codes(project, codebook)
    anchor = corpus if original is None else original
    by_guid = {stable_guid("document", d): d for d in corpus.documents["doc_id"]}
    by_guid.update(migrated_sources(anchor.documents))
    final_text = dict(zip(corpus.segments["segment_id"], corpus.segments["text"], strict=True))
    anchor_text = dict(zip(anchor.segments["segment_id"], anchor.segments["text"], strict=True))
    rows, unmapped, matched = [], 0, 0
    sel_segments: dict[str, list[str]] = {}
    src_doc: dict[str, str] = {}
    for src in project.sources.itertuples():
        doc = _doc_for_source(src, anchor, by_guid)
        mine = project.codings[project.codings["source_guid"] == src.guid]
        if doc is None:
            warnings.append(
                ngettext(
                    "source {name} matches no document of the corpus: {n} coding not imported",
                    "source {name} matches no document of the corpus: {n} codings not imported",
                    len(mine),
                ).format(name=repr(src.name), n=len(mine))
            )
            unmapped += len(mine)
            continue
        matched += 1
        src_doc[src.guid] = doc
        doc_segs = anchor.segments[anchor.segments["doc_id"] == doc]
        positions = segment_positions(src.text, doc_segs)
        exact = render_document(doc_segs)[0] == src.text
        for c in mine.itertuples():
            targets = map_selection(
                int(c.start), int(c.end), positions, None if exact else src.text
            )
            carried = [_carry(t, anchor_text, final_text) for t in targets]
            targets = [t for t in carried if t is not None]
            if not targets:
                unmapped += 1
                continue
            sel_segments.setdefault(c.selection_guid, []).extend(t[0] for t in targets)
            for i, (sid, a, b) in enumerate(targets):
                rows.append(
                    {
                        "guid": c.guid if i == 0 else stable_guid(c.guid, sid),
                        "segment_id": sid,
                        "start": a,
                        "end": b,
                        "code": names[c.code_guid],
                        "coder": c.user,
                        "created": c.created,
                        "origin": "manual",
                        "status": "accepted",
                    }
                )
        noted = set(
            project.note_targets.loc[
                project.note_targets["target_type"] == "selection", "target_guid"
            ]
        )
        for sel in project.selections[
            (project.selections["source_guid"] == src.guid) & project.selections["guid"].isin(noted)
        ].itertuples():
            sel_segments[sel.guid] = [
                t[0]
                for t in map_selection(
                    int(sel.start), int(sel.end), positions, None if exact else src.text
                )
            ]
    if unmapped:
        warnings.append(
            ngettext(
                "{n} coding could not be placed on a segment of the corpus",
                "{n} codings could not be placed on a segment of the corpus",
                unmapped,
            ).format(n=unmapped)
        )
    for u in project.users.itertuples():
        if u.name:
            store.add_coder(u.name, guid=u.guid)
    frame = pd.DataFrame(rows)
    existing = set(store.codings()["guid"])
    if len(frame):
        frame = frame[~frame["guid"].isin(existing)]
    n_codings = store.add_codings(frame) if len(frame) else 0
    n_memos = _import_memos(project, store, names, src_doc, sel_segments)
    report = {
        "file": str(path),
        "origin": project.origin,
        "sources": len(project.sources),
        "sources_matched": matched,
        "codes": len(project.codebook),
        "codes_added": added,
        "codings": len(project.codings),
        "codings_imported": n_codings,
        "codings_unmapped": unmapped,
        "users": len(project.users),
        "memos": n_memos,
        "warnings": warnings,
    }
    return codebook, report


def _carry(
    target: tuple[str, int | None, int | None],
    anchor_text: dict[str, str],
    final_text: dict[str, str],
) -> tuple[str, int | None, int | None] | None:
    """A target placed on the text as read, carried to the final (pseudonymised) text."""
    sid, a, b = target
    if sid not in final_text:
        return None
    if a is None or b is None:
        return target
    a2, b2 = carry_span(str(anchor_text[sid]), str(final_text[sid]), a, b)
    return (sid, a2, b2) if a2 < b2 else None


def _merge_codes(
    project: RefiProject, codebook: Codebook
) -> tuple[Codebook, dict[str, str], list[str]]:
    """Map imported code GUIDs to codebook names, adding the codes the codebook lacks."""
    ours_by_guid = {code_guid(c): c.name for c in codebook}
    ours_by_name = {c.name.casefold(): c.name for c in codebook}
    guid_of = {n: g for g, n in project.code_names.items()}
    names: dict[str, str] = {}
    added = []
    for c in project.codebook:  # parents come first
        guid = guid_of[c.name]
        target = ours_by_guid.get(guid) or ours_by_name.get(normalise_name(c.name).casefold())
        if target is None:
            parent = names.get(guid_of.get(c.parent, "")) if c.parent else None
            codebook = codebook.add(
                Code(
                    name=c.name,
                    parent=parent,
                    definition=c.definition,
                    include=c.include,
                    exclude=c.exclude,
                    examples=c.examples,
                    keywords=c.keywords,
                    colour=c.colour,
                    guid=guid,
                    codable=c.codable,
                )
            )
            target = c.name
            added.append(c.name)
        names[guid] = target
    return codebook, names, added


def _import_memos(
    project: RefiProject,
    store: AnnotationStore,
    names: dict[str, str],
    src_doc: dict[str, str],
    sel_segments: dict[str, list[str]],
) -> int:
    existing = set(store.memos()["guid"])
    targets = project.note_targets.drop_duplicates("note_guid").set_index("note_guid")
    n = 0
    for note in project.notes.itertuples():
        if note.guid in existing:
            continue
        kind, ref = ("project", "")
        if note.guid in targets.index:
            t = targets.loc[note.guid]
            if t["target_type"] == "code" and t["target_guid"] in names:
                kind, ref = "code", names[t["target_guid"]]
            elif t["target_type"] == "source" and t["target_guid"] in src_doc:
                kind, ref = "document", src_doc[t["target_guid"]]
            elif (
                t["target_type"] == "selection"
                and len(set(sel_segments.get(t["target_guid"], []))) == 1
            ):
                kind, ref = "segment", sel_segments[t["target_guid"]][0]
            elif t["target_type"] == "coding":
                kind, ref = "coding", t["target_guid"]
        store.add_memo(
            note.text,
            coder=note.user or "import",
            target_type=kind,
            target=ref,
            title=note.name,
            guid=note.guid,
            created=note.created,
        )
        n += 1
    return n
