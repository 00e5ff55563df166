"""``transfo qdpx export --project DIR OUT.qdpx`` and ``transfo qdpx import FILE --project DIR``.

The import report lists sources, codes, codings, users and warnings; ``--json FILE`` writes it.
Without ``--project``, ``import`` only reads the file and reports what it holds. With a
``--project`` folder that holds no project yet, ``import`` creates the project from the file
(:func:`~transfo_analysis.coding.refi.create_project`) and prints what was mapped and kept aside.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from transfo_analysis.coding._vocabulary import PARAGRAPHS, TURNS
from transfo_analysis.config import open_project
from transfo_analysis.i18n import _


def configure(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    e = sub.add_parser("export", help=_("write the project (pseudonymised) as a REFI-QDA .qdpx"))
    e.add_argument("out", help=_("output .qdpx file"))
    e.add_argument("--project", required=True, help=_("project directory"))
    e.add_argument(
        "--suggestions", action="store_true", help=_("also export suggestions still to review")
    )
    e.add_argument("--json", dest="json_file", help=_("write the export report as JSON"))
    i = sub.add_parser("import", help=_("import codes, codings, memos and users from a .qdpx"))
    i.add_argument("file", help=_("the .qdpx file"))
    i.add_argument(
        "--project",
        help=_(
            "project directory (omitted: read and report only; new or empty: created from the file)"
        ),
    )
    i.add_argument("--json", dest="json_file", help=_("write the import report as JSON"))


def _print(report: dict[str, Any], title: str) -> None:
    print(title)
    for key, value in report.items():
        if key != "warnings":
            shown = ", ".join(value) if isinstance(value, list) else value
            print("  " + _("{key}: {value}").format(key=key, value=shown))
    for w in report.get("warnings", []):
        print("  ! " + str(w))


def _print_migration(report: dict[str, Any], source: str) -> None:
    kinds = report.get("documents_by_turns", {})
    print(
        _("Project created from {source} ({tool}): {project}").format(
            source=source, tool=report["origin"] or _("unknown tool"), project=report["project"]
        )
    )
    print(
        "  "
        + _("documents: {documents} (of {sources} sources) · segments: {segments}").format(**report)
    )
    if kinds:
        print(
            "  "
            + _("read as speaking turns: {a} · read as paragraphs (no speaker label): {b}").format(
                a=kinds.get(TURNS, 0), b=kinds.get(PARAGRAPHS, 0)
            )
        )
    print(
        "  "
        + _(
            "codes: {codes} · codings: {codings} (placed on segments: {codings_placed}, not"
            " placed: {codings_unplaced})"
        ).format(**report)
    )
    print("  " + _("memos: {memos} · coders: {users} · cases: {cases}").format(**report))
    labels = {
        "territory": _("territory"),
        "service": _("service"),
        "method": _("method"),
        "role": _("role"),
    }
    for field, items in report["mapped"].items():
        for item in items:
            print("  " + _("{field} ← {item}").format(field=labels[field], item=item))
    for item in report["kept_as_attributes"]:
        print("  " + _("kept as an attribute: {item}").format(item=item))
    for item in report["aside"]:
        print("  " + _("set aside: {item}").format(item=item))
    for line in report.get("interviewers", []):
        print("  " + str(line))
    for w in report["warnings"]:
        print("  ! " + str(w))
    if not report["documents"]:
        print(
            _("Next step: put the transcripts in {project}/raw/ then `transfo run`.").format(
                project=report["project"]
            )
        )
        return
    print(
        _(
            "Next step: `transfo run --project {project}` (the codings enter the project at the"
            " coding step, on the pseudonymised text)."
        ).format(**report)
    )


def run(args: argparse.Namespace) -> int:
    from transfo_analysis import coding
    from transfo_analysis.corpus import load_corpus

    if args.action == "export":
        project = open_project(args.project)
        corpus = load_corpus(project)  # the pseudonymised corpus only
        with coding.open_store(project) as store:
            report = coding.export_qdpx(
                corpus,
                args.out,
                codebook=coding.load_codebook(project),
                store=store,
                statuses=("accepted", "suggested") if args.suggestions else ("accepted",),
                name=project.settings.name,
            )
        _print(report, _("REFI-QDA export: {path}").format(path=args.out))
    elif args.project is None:
        report = coding.read_qdpx(args.file).summary()
        _print(
            report,
            _("Reading {path} (nothing is imported without --project)").format(path=args.file),
        )
    elif coding.is_new_project(args.project):
        report = coding.create_project(args.file, args.project)
        _print_migration(report, args.file)
    else:
        project = open_project(args.project)
        corpus = load_corpus(project)
        codebook = (
            coding.load_codebook(project)
            if project.codebook_file.exists()
            else coding.Codebook(name=project.settings.name)
        )
        with coding.open_store(project) as store:
            new_book, report = coding.import_qdpx(
                args.file, corpus=corpus, codebook=codebook, store=store
            )
        if report["codes_added"]:
            coding.save_codebook(new_book, project.codebook_file)
        _print(report, _("REFI-QDA import: {path}").format(path=args.file))
    if args.json_file:
        with open(args.json_file, "w", encoding="utf-8") as fh:
            json.dump(report, fh, ensure_ascii=False, indent=2, default=str)
    return 0
