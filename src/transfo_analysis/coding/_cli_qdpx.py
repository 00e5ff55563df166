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

from transfo_analysis.config import open_project


def configure(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    e = sub.add_parser("export", help="write the project (pseudonymised) as a REFI-QDA .qdpx")
    e.add_argument("out", help="output .qdpx file")
    e.add_argument("--project", required=True, help="project directory")
    e.add_argument(
        "--suggestions", action="store_true", help="also export suggestions still to review"
    )
    e.add_argument("--json", dest="json_file", help="write the export report as JSON")
    i = sub.add_parser("import", help="import codes, codings, memos and users from a .qdpx")
    i.add_argument("file", help="the .qdpx file")
    i.add_argument(
        "--project",
        help="project directory (omitted: read and report only; new or empty: created from the file)",
    )
    i.add_argument("--json", dest="json_file", help="write the import report as JSON")


def _print(report: dict[str, Any], title: str) -> None:
    print(title)
    for key, value in report.items():
        if key != "warnings":
            print(f"  {key} : {', '.join(value) if isinstance(value, list) else value}")
    for w in report.get("warnings", []):
        print(f"  ! {w}")


def _print_migration(report: dict[str, Any], source: str) -> None:
    kinds = report.get("documents_by_turns", {})
    print(
        f"Projet créé depuis {source} ({report['origin'] or 'outil inconnu'}) : {report['project']}"
    )
    print(
        "  documents : {documents} (sur {sources} sources) · segments : {segments}".format(**report)
    )
    if kinds:
        print(
            "  lus en tours de parole : {a} · lus en paragraphes (aucune étiquette de locuteur) : {b}".format(
                a=kinds.get("tours de parole", 0), b=kinds.get("paragraphes", 0)
            )
        )
    print(
        "  codes : {codes} · codages : {codings} (placés sur des segments : {codings_placed}, "
        "non placés : {codings_unplaced})".format(**report)
    )
    print("  mémos : {memos} · codeurs : {users} · cas : {cases}".format(**report))
    labels = {
        "territory": "territoire",
        "service": "service",
        "method": "méthode",
        "role": "rôle",
    }
    for field, items in report["mapped"].items():
        for item in items:
            print(f"  {labels[field]} ← {item}")
    for item in report["kept_as_attributes"]:
        print(f"  gardé comme attribut : {item}")
    for item in report["aside"]:
        print(f"  mis de côté : {item}")
    for line in report.get("interviewers", []):
        print(f"  {line}")
    for w in report["warnings"]:
        print(f"  ! {w}")
    if not report["documents"]:
        print(
            f"Étape suivante : déposez les transcriptions dans {report['project']}/raw/ puis `transfo run`."
        )
        return
    print(
        "Étape suivante : `transfo run --project {project}` (les codages entrent dans le projet "
        "à l'étape coding, sur le texte pseudonymisé).".format(**report)
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
        _print(report, f"Export REFI-QDA : {args.out}")
    elif args.project is None:
        report = coding.read_qdpx(args.file).summary()
        _print(report, f"Lecture de {args.file} (rien n'est importé sans --project)")
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
        _print(report, f"Import REFI-QDA : {args.file}")
    if args.json_file:
        with open(args.json_file, "w", encoding="utf-8") as fh:
            json.dump(report, fh, ensure_ascii=False, indent=2, default=str)
    return 0
