"""The ingest stage of a project: one task per source file, then one merge.

:func:`ingest_project` is the entry point that ``transfo ingest`` and ``transfo run`` both call.
"""

from __future__ import annotations

from pathlib import Path

from transfo_analysis.config import Project
from transfo_analysis.corpus._manifest import Manifest
from transfo_analysis.corpus._project import save_corpus
from transfo_analysis.corpus._read import ingest
from transfo_analysis.corpus._report import LoadReport
from transfo_analysis.errors import InputError
from transfo_analysis.i18n import _
from transfo_analysis.provenance import write_json_atomic
from transfo_analysis.scale import Execution


class NoDocumentError(InputError):
    """No source file could be loaded; the previous corpus is left as it was.

    Parameters
    ----------
    sources
        The sources that were read.
    report
        The load report, which says why each file was skipped.
    report_file
        Where the load report was written.
    """

    def __init__(self, sources: list[str | Path], report: LoadReport, report_file: Path) -> None:
        super().__init__(
            ", ".join(str(s) for s in sources),
            _("no document could be loaded"),
            hint=_(
                "put the interviews or open answers in raw/ (or list them under `sources:` in "
                "project.yaml); the reason for each file is in {report_file}"
            ).format(report_file=report_file),
        )
        self.report = report


def ingest_project(
    project: Project,
    *,
    sources: list[str | Path] | None = None,
    manifest_file: str | Path | None = None,
    show_progress: bool = True,
    execution: Execution | None = None,
) -> LoadReport:
    """Read the project's sources with its manifest into ``interim/corpus``.

    The load report is always written to ``project.load_report_file``. The corpus is replaced
    only when at least one document was loaded.

    Parameters
    ----------
    project
        The project.
    sources
        Files and folders to read, as given (relative to the working folder); default: the
        ``sources`` of the settings, relative to the project (usually ``raw/``).
    manifest_file
        The manifest (default: the project's, if any).

    Links to folders under the sources are followed unless ``ingest.follow_links`` is false.
    show_progress
        Show a progress bar.
    execution
        Where the files are read: one task per file on Dask workers (see :func:`ingest`).

    Returns
    -------
    LoadReport
        What was loaded, skipped and why.

    Raises
    ------
    NoDocumentError
        When no document could be loaded (its ``report`` is the load report).
    """
    manifest_path = Path(manifest_file) if manifest_file else project.manifest_file
    manifest = Manifest.load(manifest_path) if manifest_path else None
    paths: list[str | Path] = (
        list(sources) if sources else [project.path(s) for s in project.settings.sources]
    )
    corpus, report = ingest(
        paths,
        manifest=manifest,
        project_root=project.root,
        follow_links=project.settings.ingest.follow_links,
        show_progress=show_progress,
        execution=execution,
    )
    write_json_atomic(project.load_report_file, report.to_dict())
    if not report.ok:
        raise NoDocumentError(paths, report, project.load_report_file)
    save_corpus(corpus, project, stage="interim")
    return report
