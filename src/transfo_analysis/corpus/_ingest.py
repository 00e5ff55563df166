"""Read source files into a :class:`Corpus`, applying the manifest and the role rules.

Reading is done file by file by :func:`read_file`, a pure function of one path (the unit a
cluster would distribute); :func:`ingest` expands the sources, reads every file, and assembles
the tables. A file that cannot be read is skipped with its reason: the others still load.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from transfo_analysis.corpus._container import Corpus, empty_table
from transfo_analysis.corpus._manifest import Manifest, default_manifest
from transfo_analysis.corpus._report import NO_INTERVIEWER, Issue, LoadReport
from transfo_analysis.corpus._roles import RESPONDENT, fold, guess_interviewer, role_from_label
from transfo_analysis.corpus._schema import (
    DOCUMENT_COLUMNS,
    ROLES,
    SEGMENT_COLUMNS,
    SPEAKER_COLUMNS,
)
from transfo_analysis.corpus._text import clean_turn_text, count_words
from transfo_analysis.corpus._walk import walk_folder
from transfo_analysis.corpus.readers import (
    RawDocument,
    reader_for,
    sniffed_formats,
    supported_suffixes,
)
from transfo_analysis.errors import InputError
from transfo_analysis.i18n import _, ngettext
from transfo_analysis.numbers import fr_share

UNKNOWN_SPEAKER = "(locuteur inconnu)"


@dataclass
class FileResult:
    """Tables read from one file, and the issues met."""

    documents: list[dict[str, Any]] = field(default_factory=list)
    speakers: list[dict[str, Any]] = field(default_factory=list)
    segments: list[dict[str, Any]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    skipped: str | None = None
    format: str | None = None


def _short_hash(text: str, n: int = 6) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=n).hexdigest()


def document_key(path: Path, source_root: Path, project_root: Path | None) -> str:
    """The stable name of a file from which its ``doc_id`` is derived.

    Relative to the project when the file lies inside it, else relative to the folder holding
    the source given on the command line, so the same file keeps its id across reruns.
    """
    # the path as walked first (a file under a followed link keeps the link's name), then resolved
    for candidate in (path.absolute(), path.resolve()):
        for base in (project_root, source_root.parent):
            if base is None:
                continue
            try:
                return candidate.relative_to(base.resolve()).as_posix()
            except ValueError:
                continue
    return path.resolve().as_posix()


def make_doc_id(key: str, part: str | None) -> str:
    return "D" + _short_hash(key if part is None else f"{key}#{part}")


def expand_sources(
    sources: list[str | Path],
    manifest: Manifest,
    report: LoadReport,
    *,
    follow_links: bool = True,
) -> list[tuple[Path, Path]]:
    """Files to read, each with the source root it came from, in a stable order.

    Folders are walked with :func:`walk_folder`: links to folders are followed once each (or,
    with ``follow_links=False``, reported); every link passed over is listed as skipped.
    """
    out: list[tuple[Path, Path]] = []
    seen: set[Path] = set()
    suffixes = set(supported_suffixes())
    for src in sources:
        src = Path(src).expanduser()
        if not src.exists():
            report.skip(str(src), _("path not found (check the spelling, or mount the folder)"))
            continue
        if src.is_dir():
            root = src.resolve()
            walk = walk_folder(root, follow_links=follow_links)
            for passed, reason in walk.passed_over:
                report.skip(str(passed), reason)
            files = walk.files
        else:
            root, files = src.resolve().parent, [src]
        for path in files:
            resolved = path.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            if manifest.is_ignored(path, root):
                report.add("info", str(path), _("ignored by the manifest's ignore patterns"))
                continue
            meta, _matched = manifest.metadata_for(path, root)
            if path.suffix.lower() in (".qdpx", ".qdc"):
                report.skip(
                    str(path),
                    _(
                        "REFI-QDA project or codebook, not a transcript: "
                        "import it with `transfo qdpx import`"
                    ),
                )
                continue
            if path.suffix.lower() not in suffixes and not meta.get("reader"):
                report.skip(
                    str(path),
                    _(
                        "no reader for {suffix} (formats read: {formats}; or set `reader:` "
                        "for this file in the manifest)"
                    ).format(
                        suffix=path.suffix or _("files without a suffix"),
                        formats=", ".join(sorted(suffixes)),
                    ),
                )
                continue
            out.append((path, root))
    return out


def read_file(
    path: Path,
    *,
    source_root: Path,
    manifest: Manifest,
    project_root: Path | None = None,
) -> FileResult:
    """Read one file into rows of the three tables (never raises for bad input).

    Parameters
    ----------
    path
        The file, opened read-only.
    source_root
        The folder given as source (for relative names and glob matching).
    manifest
        Metadata and role rules.
    project_root
        The project directory, for stable relative paths.

    Returns
    -------
    The file's rows of the documents, speakers and segments tables, the issues met, and why the
    file was skipped if it was.
    """
    result = FileResult()
    meta, matched = manifest.metadata_for(path, source_root)
    try:
        data = path.read_bytes()
        if not data.strip():
            result.skipped = _("empty file (nothing to read: remove it or fill it)")
            return result
        # a column mapping in the manifest means "read it as a table of answers": no sniffing
        reader = reader_for(path, name=meta.get("reader"), data=None if meta.get("table") else data)
        if reader is None:
            known = ", ".join(sniffed_formats(path.suffix))
            result.skipped = (
                _(
                    "format of this {suffix} file not recognised (recognised formats: {known}); "
                    "see `transfo formats`, or set `reader:` for this file in manifest.yaml"
                ).format(suffix=path.suffix, known=known)
                if known
                else _("no reader for {suffix}").format(suffix=path.suffix)
            )
            return result
        options = {**meta.get("reader_options", {}), "table": meta.get("table")}
        raw_docs = reader.func(path, data, options)
    except InputError as exc:
        where = " ".join(
            x
            for x in (
                _("line {line}").format(line=exc.line) if exc.line is not None else "",
                exc.element or "",
            )
            if x
        )
        reason = exc.message + (f" ({exc.hint})" if exc.hint else "")
        result.skipped = (
            _("{where}: {reason}").format(where=where, reason=reason) if where else reason
        )
        return result
    except Exception as exc:  # a reader bug must not stop the other files
        result.skipped = _(
            "unexpected error while reading ({kind}: {error}); report it to the software "
            "team, the other files are read"
        ).format(kind=type(exc).__name__, error=exc)
        return result
    result.format = reader.name
    if not matched and manifest.files:
        result.issues.append(
            Issue(
                "warning",
                str(path),
                _("no manifest entry matches this file; defaults used"),
                hint=_("add a `files:` entry for it in manifest.yaml"),
            )
        )
    sha = hashlib.sha256(data).hexdigest()
    key = document_key(path, source_root, project_root)
    for raw in raw_docs:
        _assemble(
            raw,
            result,
            path=path,
            key=key,
            sha=sha,
            meta=meta,
            manifest=manifest,
            reader=reader.name,
            source_root=source_root,
        )
    if not result.documents:
        result.skipped = _("no speech in this file (every turn is empty)")
    return result


def _parse_date(value: Any) -> pd.Timestamp | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    try:
        ts = pd.Timestamp(str(value)) if not isinstance(value, pd.Timestamp) else value
    except (ValueError, TypeError):
        try:
            ts = pd.to_datetime(str(value), dayfirst=True)
        except (ValueError, TypeError):
            return None
    return None if pd.isna(ts) else ts.tz_localize(None) if ts.tzinfo else ts


def _resolve_territory(
    raw: RawDocument, meta: dict[str, Any], path: Path, source_root: Path, result: FileResult
) -> str:
    if raw.metadata.get("territory"):
        return str(raw.metadata["territory"])
    if meta.get("territory"):
        return str(meta["territory"])
    name = folder_territory(path, source_root)
    result.issues.append(
        Issue(
            "info",
            str(path),
            _("territory taken from the folder name"),
            hint=_("'{name}'; set `territory:` for this file in the manifest").format(name=name),
        )
    )
    return name


def folder_territory(path: Path, source_root: Path) -> str:
    """The territory a file takes from its folders: the folder directly under the source folder.

    ``raw/valcourt/entretiens/a.txt`` read from ``raw`` is in ``valcourt``; a file lying directly
    in the source folder (or given alone) takes the source folder's name.

    Parameters
    ----------
    path
        The file, as walked from the source folder.
    source_root
        The source folder (or the folder of a file given alone).

    Returns
    -------
    str
        The territory's slug.
    """
    try:
        parts = path.relative_to(source_root).parts
    except ValueError:
        try:
            parts = path.resolve().relative_to(source_root.resolve()).parts
        except ValueError:
            parts = ()
    return parts[0] if len(parts) > 1 else source_root.name


def _normalise_role(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    folded = fold(str(value))
    if folded in ROLES:
        return folded
    aliases = {
        "gestionnaire": "encadrant",
        "technicien": "agent",
        "habitant": "usager",
        "elue": "elu",
        "usagere": "usager",
    }
    if folded in aliases:
        return aliases[folded]
    decision = role_from_label(str(value), default_manifest())
    return decision.role if decision else None


def _assemble(
    raw: RawDocument,
    result: FileResult,
    *,
    path: Path,
    key: str,
    sha: str,
    meta: dict[str, Any],
    manifest: Manifest,
    reader: str,
    source_root: Path,
) -> None:
    spath = str(path)
    doc_id = make_doc_id(key, raw.part)
    for message, where in raw.warnings:
        result.issues.append(
            Issue("warning", spath, message, None if where is None else str(where))
        )
    for message, where in raw.notes:
        result.issues.append(Issue("info", spath, message, None if where is None else str(where)))

    # turns: clean, drop empty ones
    turns = []
    n_empty = 0
    for t in raw.turns:
        text = clean_turn_text(t.text)
        if not text:
            n_empty += 1
            continue
        label = t.speaker if t.speaker not in (None, "") else UNKNOWN_SPEAKER
        turns.append((label, text, t))
    if n_empty:
        result.issues.append(Issue("info", spath, _("empty turns skipped: {n}").format(n=n_empty)))
    if not turns:
        return
    if any(label == UNKNOWN_SPEAKER for label, _, _ in turns):
        n = sum(label == UNKNOWN_SPEAKER for label, _, _ in turns)
        result.issues.append(
            Issue(
                "warning",
                spath,
                ngettext(
                    "{n} turn without a speaker label", "{n} turns without a speaker label", n
                ).format(n=n),
                hint=_("they are attributed to '{speaker}', role {role}").format(
                    speaker=UNKNOWN_SPEAKER,
                    role=_normalise_role(raw.roles.get(UNKNOWN_SPEAKER)) or "autre",
                ),
            )
        )

    # speakers in order of first appearance, then those declared but silent
    labels: list[str] = list(dict.fromkeys(label for label, _, _ in turns))
    # participants who only voted on cards are speakers too (no segment), so that votes can be
    # counted per person and role without keeping their names in the segments table
    labels += [
        v
        for v in dict.fromkeys(v for _, _, t in turns for v in t.attributes.get("voters", ()))
        if v not in labels
    ]
    label_index = {lab: i for i, lab in enumerate(labels)}
    silent = [lab for lab in raw.speakers if lab not in labels]
    width = max(2, len(str(len(labels))))
    speaker_ids = {lab: f"{doc_id}-S{i:0{width}d}" for i, lab in enumerate(labels, start=1)}

    method = raw.metadata.get("method") or meta.get("method") or "entretien"
    territory = _resolve_territory(raw, meta, path, source_root, result)
    service = raw.metadata.get("service") or meta.get("service")

    # roles
    roles: dict[str, str] = {}
    undecided = []
    for label in labels:
        decision = role_from_label(label, manifest) if label != UNKNOWN_SPEAKER else None
        if decision is not None and decision.role == RESPONDENT:
            decision = None
        source_role = _normalise_role(raw.roles.get(label)) if label in raw.roles else None
        if label in raw.roles and source_role is None:
            result.issues.append(
                Issue(
                    "warning",
                    spath,
                    _("unknown role value {value} for speaker {label}").format(
                        value=repr(raw.roles[label]), label=repr(label)
                    ),
                    hint=_("use one of {roles}").format(roles=", ".join(ROLES)),
                )
            )
        if decision is not None and decision.source in ("speakers", "rule"):
            roles[label] = decision.role
        elif source_role is not None:
            roles[label] = source_role
        elif label == UNKNOWN_SPEAKER:
            roles[label] = "autre"
        elif decision is not None:
            roles[label] = decision.role
        else:
            undecided.append(label)
    if (
        method in ("entretien", "atelier")
        and not raw.written
        and len(labels) >= 2
        and "enqueteur" not in roles.values()
    ):
        by_label: dict[str, list[str]] = {}
        for label, text, _turn in turns:
            by_label.setdefault(label, []).append(text)
        guess = (
            guess_interviewer(
                {
                    lab: by_label.get(lab, [])
                    for lab in labels
                    if lab not in roles or roles[lab] in ("usager", "autre")
                }
            )
            if manifest.roles.guess_interviewer
            else None
        )
        if guess is not None:
            label, s1, s2 = guess
            roles[label] = "enqueteur"
            if label in undecided:
                undecided.remove(label)
            result.issues.append(
                Issue(
                    "warning",
                    spath,
                    _(
                        "no interviewer marker; guessed {label} from questions asked "
                        "({share} of turns vs {other})"
                    ).format(label=repr(label), share=fr_share(s1), other=fr_share(s2)),
                    hint=_("confirm with a `roles.rules` or `speakers:` entry in the manifest"),
                )
            )
        else:
            result.issues.append(
                Issue(
                    "warning",
                    spath,
                    _("no interviewer detected among {n} speakers ({labels})").format(
                        n=len(labels), labels=", ".join(labels[:6])
                    ),
                    hint=_("add a `roles.rules` entry matching the interviewer's label"),
                    code=NO_INTERVIEWER,
                )
            )
    default_role = meta.get("respondent_role") or "usager"
    for label in undecided:
        roles[label] = default_role
    if undecided:
        result.issues.append(
            Issue(
                "info",
                spath,
                _("speakers given the default role {role}: {n}").format(
                    role=default_role, n=len(undecided)
                ),
                hint=", ".join(undecided[:5]),
            )
        )

    # segments
    times = [(t.start, t.end) for _, _, t in turns]
    overlaps = _overlaps(
        [(label_index[lab], s, e) for (lab, _, _), (s, e) in zip(turns, times, strict=True)]
    )
    occurrences: Counter[tuple[str, str]] = Counter()
    seg_words: Counter[str] = Counter()
    seg_count: Counter[str] = Counter()
    for turn_index, ((label, text, t), overlap) in enumerate(zip(turns, overlaps, strict=True)):
        occurrences[(label, text)] += 1
        hashed = _short_hash(label + chr(31) + text + chr(31) + str(occurrences[(label, text)]))
        seg_id = f"{doc_id}-{hashed}"
        n_words = count_words(text)
        seg_words[label] += n_words
        seg_count[label] += 1
        row = {
            "segment_id": seg_id,
            "doc_id": doc_id,
            "speaker_id": speaker_ids[label],
            "role": roles[label],
            "territory": territory,
            "service": t.attributes.get("service") or service,
            "turn": turn_index,
            "start": t.start,
            "end": t.end,
            "text": text,
            "n_words": n_words,
            "overlap": bool(t.overlap or overlap),
        }
        for k, v in t.attributes.items():
            if k == "voters":
                v = ";".join(speaker_ids[x] for x in v)
            elif isinstance(v, list | tuple):
                v = "; ".join(map(str, v))
            if k not in row:
                row[k] = v
        result.segments.append(row)

    for label in labels:
        attrs = dict(raw.speakers.get(label, {}))
        entry = manifest.speakers.get(label)
        if entry is not None:
            attrs.update(entry.attributes)
        person = f"P-{entry.person}" if entry is not None and entry.person else speaker_ids[label]
        result.speakers.append(
            {
                "speaker_id": speaker_ids[label],
                "doc_id": doc_id,
                "label": label,
                "role": roles[label],
                "person_id": person,
                "n_segments": seg_count[label],
                "n_words": seg_words[label],
                "attributes": json.dumps(attrs, ensure_ascii=False, default=str),
            }
        )
    if silent:
        result.issues.append(
            Issue(
                "info",
                spath,
                _("declared speakers who never speak: {n}").format(n=len(silent)),
                hint=", ".join(silent[:5]),
            )
        )

    title = str(raw.metadata.get("title") or path.stem) + (f" ({raw.part})" if raw.part else "")
    interviewers = [lab for lab in labels if roles[lab] == "enqueteur"]
    doc_attrs = {
        **meta.get("attributes", {}),
        **{
            k: v
            for k, v in raw.metadata.items()
            if k not in {"territory", "service", "method", "date", "title"}
        },
    }
    result.documents.append(
        {
            "doc_id": doc_id,
            "territory": territory,
            "service": service,
            "method": method,
            "date": _parse_date(raw.metadata.get("date") or meta.get("date")),
            "interviewer": "; ".join(interviewers) or None,
            "title": title,
            "source_path": key,
            "format": reader,
            "sha256": sha,
            "n_speakers": len(labels),
            "n_segments": sum(seg_count.values()),
            "n_words": sum(seg_words.values()),
            "attributes": json.dumps(doc_attrs, ensure_ascii=False, default=str),
        }
    )


def _overlaps(turns: list[tuple[int, float | None, float | None]]) -> list[bool]:
    """Which timed turns overlap a turn of another speaker (a sweep over start times)."""
    flags = [False] * len(turns)
    timed = sorted(
        (s, e, spk, i)
        for i, (spk, s, e) in enumerate(turns)
        if s is not None and e is not None and e > s
    )
    latest: dict[int, tuple[float, int]] = {}  # speaker -> (largest end so far, turn index)
    for s, e, spk, i in timed:
        for other, (end, j) in latest.items():
            if other != spk and end > s + 1e-6:
                flags[i] = True
                flags[j] = True
        if spk not in latest or e > latest[spk][0]:
            latest[spk] = (e, i)
    return flags


def dangling_parents(segments: pd.DataFrame) -> list[tuple[str, str]]:
    """Cards whose ``parent_id`` names no card of the corpus, as (doc_id, French message)."""
    if "parent_id" not in segments or "card_id" not in segments:
        return []
    known = set(segments["card_id"].dropna())
    lost = segments[segments["parent_id"].notna() & ~segments["parent_id"].isin(known)]
    out = []
    for doc_id, group in lost.groupby("doc_id", sort=True):
        ids = group["card_id"].fillna("?").tolist()
        out.append(
            (
                str(doc_id),
                _(
                    "{n} contributions answer a parent missing from the corpus "
                    "(e.g. {ids} → {parents})"
                ).format(
                    n=len(group),
                    ids=", ".join(ids[:5]),
                    parents=", ".join(group["parent_id"].head(5)),
                ),
            )
        )
    return out


def merge_files(results: list[tuple[Path, FileResult]], report: LoadReport) -> Corpus:
    """The global step of the ingest: the rows read from each file, as one corpus.

    Parameters
    ----------
    results
        ``(path, FileResult)`` of every file read, in the order of the sources.
    report
        The load report, completed with what was loaded, skipped or dropped.

    Returns
    -------
    Corpus
        The three tables (empty when nothing was loaded), without metadata. A document read
        twice (the same file under two names) is kept once, with a warning.
    """
    docs, spks, segs = [], [], []
    doc_paths: dict[str, str] = {}
    for path, res in results:
        report.issues.extend(res.issues)
        if res.skipped:
            report.skip(str(path), res.skipped)
            continue
        report.loaded.append(str(path))
        report.formats[res.format or "?"] = report.formats.get(res.format or "?", 0) + 1
        doc_paths.update({d["doc_id"]: str(path) for d in res.documents})
        docs += res.documents
        spks += res.speakers
        segs += res.segments
    corpus = Corpus(
        documents=pd.DataFrame(docs) if docs else empty_table(DOCUMENT_COLUMNS),
        speakers=pd.DataFrame(spks) if spks else empty_table(SPEAKER_COLUMNS),
        segments=pd.DataFrame(segs) if segs else empty_table(SEGMENT_COLUMNS),
    )
    if docs:
        dup = corpus.documents["doc_id"].duplicated()
        if dup.any():  # the same file given twice under two names: keep the first
            for doc_id in corpus.documents.loc[dup, "doc_id"]:
                report.add(
                    "warning",
                    doc_id,
                    _("document read twice (same file under two names); second copy dropped"),
                )
            corpus = Corpus(
                documents=corpus.documents[~dup],
                speakers=corpus.speakers.drop_duplicates("speaker_id"),
                segments=corpus.segments.drop_duplicates("segment_id"),
            )
    for doc_id, message in dangling_parents(corpus.segments):
        report.add(
            "warning",
            doc_paths.get(doc_id, doc_id),
            message,
            hint=_(
                "add the file of the contributions they answer (same export); they are kept, "
                "without parent"
            ),
        )
    return corpus
