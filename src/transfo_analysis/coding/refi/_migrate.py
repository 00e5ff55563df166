"""A new project from another tool's ``.qdpx`` (NVivo, ATLAS.ti, MAXQDA, QualCoder).

:func:`create_project` lays out an ordinary project, so every later step treats it like any other:

- each text source is written to ``raw/<name>.txt`` as the tool held it; the text reader then
  recognises speaker turns from labels (``Nom :``, ``E :``, ``[Usager]``…) or, without labels,
  takes paragraphs;
- ``manifest.yaml`` gives each file its territory, service and method when a variable of the
  source (or of a case linked to it) is named so, and ``refi_source`` (the source GUID) plus the
  other variables as document attributes; a case named like a speaker label gives that speaker
  its role (a variable ``rôle``/``profil``) and its attributes; a case that names no speaker
  gives its role to the document's respondents;
- ``codebook.yaml`` holds the codes with hierarchy, colours and definitions;
- the ``.qdpx`` is copied to ``imports/`` and listed in ``coding.imports``: the ``coding`` step of
  ``transfo run`` places its codings and memos on the pseudonymised segments (through the text
  as read, :mod:`._anchor`), so spans survive pseudonymisation.

The corpus is ingested at once and the codings are placed on a scratch store, so the report
says what will be mapped and what is kept aside before anything is analysed.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml

from transfo_analysis.coding._codebook_io import save_codebook
from transfo_analysis.coding._vocabulary import PARAGRAPHS, TURNS
from transfo_analysis.coding.refi._import import import_qdpx
from transfo_analysis.coding.refi._mapping import file_names, plan_manifest, slug
from transfo_analysis.coding.refi._qdc import read_qdc
from transfo_analysis.coding.refi._read import RefiProject, read_qdpx
from transfo_analysis.coding.store import AnnotationStore
from transfo_analysis.config import SETTINGS_FILE, open_project
from transfo_analysis.corpus import NoDocumentError, ingest_project, load_corpus
from transfo_analysis.errors import ConfigError
from transfo_analysis.i18n import _


def is_new_project(root: str | Path) -> bool:
    """Whether ``root`` holds no project yet (missing, or empty of settings, sources and corpus).

    Parameters
    ----------
    root
        A folder given as ``--project``.

    Returns
    -------
    bool
        True when ``transfo qdpx import`` may create a project there.
    """
    root = Path(root)
    if not root.exists():
        return True
    return not any((root / p).exists() for p in (SETTINGS_FILE, "raw", "interim", "processed"))


def _write_yaml(path: Path, data: dict[str, Any], header: str) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(header + text, encoding="utf-8")


def create_project(
    path: str | Path, root: str | Path, *, show_progress: bool = True
) -> dict[str, Any]:
    """Create a project in ``root`` from the ``.qdpx`` at ``path`` and ingest it.

    Parameters
    ----------
    path
        The ``.qdpx`` file (read with :func:`read_qdpx`; a malformed file raises ``RefiError``
        before anything is written).
    root
        A folder holding no project yet (created when missing).
    show_progress
        Show the ingest progress bar.

    Returns
    -------
    A report: project, documents and turns read, codes, codings placed and not placed (a scratch
    placement on the text as read), memos, users, variables and cases mapped or kept aside,
    warnings. The codings themselves enter the store at the ``coding`` step of ``transfo run``.

    Raises
    ------
    ConfigError
        When ``root`` already holds a project (import into it with ``import_qdpx`` instead).
    """
    path, root = Path(path).resolve(), Path(root).expanduser().resolve()
    if not is_new_project(root):
        raise ConfigError(
            _("{root} already holds a project: nothing was created").format(root=root),
            hint=_(
                "to add the codings to this project, run `transfo qdpx import FILE --project"
                " FOLDER` on its documents"
            ),
        )
    refi = read_codebook_only(path) if path.suffix.lower() == ".qdc" else read_qdpx(path)
    warnings = list(refi.warnings)
    files = file_names(refi)
    empty = [
        n for g, n in files.items() if not refi.sources.set_index("guid").at[g, "text"].strip()
    ]
    for guid in [g for g, n in files.items() if n in empty]:
        warnings.append(
            _("source « {name} »: empty text, not imported").format(name=files.pop(guid))
        )
    manifest, mapping = plan_manifest(refi, files)
    (root / "raw").mkdir(parents=True, exist_ok=True)
    (root / "imports").mkdir(exist_ok=True)
    for src in refi.sources.itertuples():
        if src.guid in files:
            (root / "raw" / files[src.guid]).write_text(src.text, encoding="utf-8")
    copy = root / "imports" / f"{slug(path.stem)}{path.suffix.lower()}"
    shutil.copyfile(path, copy)
    header = (
        "# "
        + _("Created by `transfo qdpx import` from {name} ({tool}).").format(
            name=path.name, tool=refi.origin or _("unknown tool")
        )
        + "\n"
    )
    _write_yaml(root / "manifest.yaml", manifest, header)
    save_codebook(refi.codebook, root / "codebook.yaml")
    settings = {
        "name": refi.name or path.stem,
        "sources": ["raw"],
        "manifest": "manifest.yaml",
        "coding": {
            "codebook": "codebook.yaml",
            "imports": [f"imports/{copy.name}"] if files else [],
        },
    }
    _write_yaml(root / SETTINGS_FILE, settings, header)
    project = open_project(root)
    if not files:
        warnings.append(
            _(
                "no text source in the file: project created with the codebook only; put the"
                " transcripts in raw/ then run `transfo run`"
            )
        )
        return _report(refi, root, mapping, warnings)
    try:
        loaded = ingest_project(project, show_progress=show_progress)
    except NoDocumentError as exc:
        report = _report(refi, root, mapping, warnings)
        for skipped in exc.report.skipped:
            warnings.append(
                _("source {path} not read: {reason}").format(
                    path=skipped["path"], reason=skipped["reason"]
                )
            )
        return report
    report = _report(refi, root, mapping, warnings)
    report["interviewers"] = loaded.interviewer_lines()
    corpus = load_corpus(project, stage="interim")
    report["documents"] = len(corpus.documents)
    report["segments"] = len(corpus.segments)
    report["documents_by_turns"] = _turn_kinds(corpus)
    with (
        tempfile.TemporaryDirectory() as tmp,
        AnnotationStore(Path(tmp) / "scratch.sqlite") as store,
    ):
        _book, placed = import_qdpx(path, corpus=corpus, codebook=refi.codebook, store=store)
    report["codings_placed"] = placed["codings_imported"]
    report["codings_unplaced"] = placed["codings_unmapped"]
    warnings += [w for w in placed["warnings"] if w not in warnings]
    return report


def _report(refi: RefiProject, root: Path, mapping: dict, warnings: list[str]) -> dict[str, Any]:
    return {
        "project": str(root),
        "origin": refi.origin,
        "sources": len(refi.sources),
        "documents": 0,
        "segments": 0,
        "codes": len(refi.codebook),
        "codings": len(refi.codings),
        "codings_placed": 0,
        "codings_unplaced": 0,
        "users": len(refi.users),
        "memos": len(refi.notes),
        "cases": len(refi.cases),
        **mapping,
        "warnings": warnings,
    }


def read_codebook_only(path: Path) -> RefiProject:
    """A ``.qdc`` codebook (Taguette exports only this) as a project without sources."""
    import pandas as pd

    book, warnings = read_qdc(path)
    return RefiProject(
        name=book.name or path.stem,
        origin="",
        users=pd.DataFrame(columns=["guid", "name"]),
        codebook=book,
        code_names={},
        sources=pd.DataFrame(
            columns=["guid", "name", "member", "text", "convention", "n_selections", "description"]
        ),
        codings=pd.DataFrame(
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
                "user",
            ]
        ),
        selections=pd.DataFrame(columns=["guid", "source_guid", "start", "end"]),
        notes=pd.DataFrame(columns=["guid", "name", "text", "user", "created"]),
        note_targets=pd.DataFrame(columns=["note_guid", "target_type", "target_guid"]),
        warnings=list(warnings),
    )


def _turn_kinds(corpus: Any) -> dict[str, int]:
    """Documents whose turns carry speaker labels, and those read as paragraphs."""
    spk = corpus.speakers
    labelled = spk[spk["label"] != "(locuteur inconnu)"].groupby("doc_id").size()
    n_labelled = int(corpus.documents["doc_id"].isin(labelled.index).sum())
    return {TURNS: n_labelled, PARAGRAPHS: len(corpus.documents) - n_labelled}
