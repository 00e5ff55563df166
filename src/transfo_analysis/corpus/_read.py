"""Ingest: one task per source file, in this process or on Dask workers, then one merge.

:func:`read_file` is a pure function of one path (it never raises for bad input), so the files
can be read anywhere that sees the project folder; the results come back in the order of the
sources, and :func:`~transfo_analysis.corpus._ingest.merge_files` merges them and the load
report on the client exactly as in one process; :func:`ingest` then runs the corpus-wide step
(interviewers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from transfo_analysis.corpus._container import Corpus
from transfo_analysis.corpus._ingest import FileResult, expand_sources, merge_files, read_file
from transfo_analysis.corpus._interviewers import find_interviewers
from transfo_analysis.corpus._manifest import Manifest, default_manifest
from transfo_analysis.corpus._report import LoadReport
from transfo_analysis.i18n import _
from transfo_analysis.progress import progress
from transfo_analysis.provenance import record
from transfo_analysis.scale import Execution, run_tasks


def read_file_task(task: dict[str, Any]) -> FileResult:
    """Read one source file on a worker (see :func:`read_file`).

    Parameters
    ----------
    task
        ``path``, ``source_root``, ``manifest`` and ``project_root`` (``None`` allowed).

    Returns
    -------
    FileResult
        The file's rows and issues, or why it was skipped.
    """
    root = task["project_root"]
    return read_file(
        Path(task["path"]),
        source_root=Path(task["source_root"]),
        manifest=task["manifest"],
        project_root=Path(root) if root is not None else None,
    )


def read_files(
    files: list[tuple[Path, Path]],
    *,
    manifest: Manifest,
    project_root: Path | None,
    execution: Execution | None = None,
    show_progress: bool = True,
) -> list[tuple[Path, FileResult]]:
    """Read every ``(path, source_root)``, one task per file, results in the sources' order.

    Parameters
    ----------
    files
        The files and the source folder each was found under (``expand_sources``).
    manifest
        Metadata and role rules.
    project_root
        The project directory, for stable ids.
    execution
        Where the files are read (:func:`transfo_analysis.scale.open_execution`); in this
        process when ``None`` or in-process.
    show_progress
        Show a progress bar.

    Returns
    -------
    list of (Path, FileResult)
        In the order of ``files``. A file whose task failed on every try (its worker died) is
        skipped with the reason, like any unreadable file; the others are read.
    """
    if execution is None or not execution.distributed:
        return [
            (path, read_file(path, source_root=root, manifest=manifest, project_root=project_root))
            for path, root in progress(
                files, desc=_("Reading files"), unit=_("file"), disable=not show_progress
            )
        ]
    tasks = [
        {
            "path": str(path),
            "source_root": str(root),
            "manifest": manifest,
            "project_root": str(project_root) if project_root is not None else None,
        }
        for path, root in files
    ]
    out = run_tasks(
        read_file_task,
        tasks,
        execution=execution,
        labels=[str(path) for path, _root in files],
        desc=_("Reading files"),
        unit=_("file"),
        show_progress=show_progress,
    )
    failed = {f.index: f.error for f in out.failures}
    results = []
    for i, (path, _root) in enumerate(files):
        result = out.results[i]
        if result is None:
            result = FileResult(
                skipped=_("not read on the cluster: {error}").format(error=failed.get(i, "?"))
            )
        results.append((path, result))
    return results


def ingest(
    sources: list[str | Path],
    *,
    manifest: Manifest | str | Path | None = None,
    project_root: str | Path | None = None,
    follow_links: bool = True,
    show_progress: bool = True,
    execution: Execution | None = None,
) -> tuple[Corpus, LoadReport]:
    """Read transcripts and answers into a validated corpus.

    Parameters
    ----------
    sources
        Files and folders (read recursively).
    manifest
        A :class:`Manifest`, a path to one, or ``None`` for the defaults.
    project_root
        The project directory (for stable ids and relative paths).
    follow_links
        Follow symbolic links to folders (each real folder is read once, loops are reported);
        when false, such links are reported as skipped.
    show_progress
        Show a progress bar.
    execution
        Where the files are read (:func:`transfo_analysis.scale.open_execution`): one task per
        file on Dask workers, merged here in the order of the sources; in this process when
        ``None``. The corpus and the report are the same.

    Returns
    -------
    corpus, report
        The corpus (possibly empty) and the load report. Nothing is raised for bad files: they are
        skipped and reported.
    """
    if manifest is None:
        manifest = default_manifest()
    elif not isinstance(manifest, Manifest):
        manifest = Manifest.load(manifest)
    project_root = Path(project_root).resolve() if project_root is not None else None
    report = LoadReport()
    files = expand_sources(list(sources), manifest, report, follow_links=follow_links)
    # one task per source file (read_file is a pure function of one path), then one merge
    results = read_files(
        files,
        manifest=manifest,
        project_root=project_root,
        execution=execution,
        show_progress=show_progress,
    )
    corpus = merge_files(results, report)
    corpus, decisions = find_interviewers(corpus, manifest)  # the corpus-wide step on roles
    report.record_interviewers(decisions)
    corpus.meta = record(
        "ingest",
        parameters={
            "sources": [str(s) for s in sources],
            "follow_links": follow_links,
            "manifest": manifest.model_dump(mode="json", exclude={"base"}),
        },
        pseudonymised=False,
        territory_labels=manifest.territories,
    )
    corpus.validate()
    report.n_documents = len(corpus.documents)
    report.n_segments = len(corpus.segments)
    report.n_words = int(corpus.segments["n_words"].sum()) if len(corpus.segments) else 0
    report.speakers_by_role = {
        str(k): int(v) for k, v in corpus.speakers["role"].value_counts().items()
    }
    report.territories = {
        str(k): int(v) for k, v in corpus.documents["territory"].value_counts().items()
    }
    return corpus, report
