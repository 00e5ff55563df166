"""``transfo ingest SOURCE... --project DIR [--manifest FILE] [--json FILE]``."""

from __future__ import annotations

import argparse

from transfo_analysis.config import open_project
from transfo_analysis.corpus._stage import NoDocumentError, ingest_project
from transfo_analysis.i18n import _
from transfo_analysis.provenance import write_json_atomic


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "sources",
        nargs="*",
        help=_("files or folders to read (default: the project's `sources`, usually raw/)"),
    )
    p.add_argument("--project", required=True, help=_("project directory (created if missing)"))
    p.add_argument(
        "--manifest", help=_("manifest file (default: the project's manifest.yaml, if any)")
    )
    p.add_argument(
        "--json", dest="json_file", help=_("also write the load report as JSON to this file")
    )
    p.add_argument("--quiet", action="store_true", help=_("no progress bar"))


def run(args: argparse.Namespace) -> int:
    project = open_project(args.project, create=True)
    try:
        report = ingest_project(
            project,
            sources=args.sources or None,
            manifest_file=args.manifest,
            show_progress=not args.quiet,
        )
    except NoDocumentError as exc:
        report = exc.report
    else:
        print(_("Corpus written to {path}").format(path=project.corpus_dir("interim")))
    print(report.format())
    if args.json_file:
        write_json_atomic(args.json_file, report.to_dict())
    if not report.ok:
        print(_("No document could be loaded: the previous corpus (if any) is unchanged."))
        return 1
    return 0
