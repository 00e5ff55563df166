"""``transfo evidence ACTION --project DIR``: list, export, import, check, ideas.

- ``list``: proposals with their status and decisions, findings with their strength.
- ``export [--stakeholder] [--territory T] OUT.csv|OUT.xlsx``: the traceability matrix; the
  stakeholder variant has no segment id, no fragile finding, and is leak-checked once written.
  ``OUT.jsonld``: the trail as W3C Web Annotations; ``OUT.qdpx``: the REFI-QDA project with the
  trail as Notes, Sets and Links (both for the research team only).
- ``import FILE.yaml|FILE.qdpx``: findings and proposals written by hand, or carried by a .qdpx.
- ``check``: orphaned evidence (targets gone after a re-ingest or a recomputation).
- ``ideas [--min-votes N] [--each-card]``: workshop cards and platform proposals become candidate
  proposals (:func:`~transfo_analysis.evidence.propose_ideas`); running it again adds nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from transfo_analysis.config import open_project
from transfo_analysis.errors import InputError
from transfo_analysis.provenance import atomic_path


def configure(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    def common(q: argparse.ArgumentParser) -> argparse.ArgumentParser:
        q.add_argument("--project", required=True, type=Path, help="project directory")
        q.add_argument("--territory", help="only this territory's proposals and voices")
        return q

    common(sub.add_parser("list", help="proposals, decisions and findings with their strength"))
    q = common(sub.add_parser("export", help="traceability matrix proposal × finding × evidence"))
    q.add_argument(
        "out",
        type=Path,
        help="OUT.csv or OUT.xlsx (the matrix), OUT.jsonld (W3C Web Annotations), OUT.qdpx (REFI-QDA)",
    )
    q.add_argument(
        "--stakeholder",
        action="store_true",
        help="published variant: no segment ids, k-suppressed, leak-checked",
    )
    q = common(
        sub.add_parser("import", help="load findings and proposals from a YAML file or a .qdpx")
    )
    q.add_argument("file", type=Path)
    q.add_argument("--author", help="who records them (default: the project's coder)")
    common(sub.add_parser("check", help="orphaned evidence (targets that no longer exist)"))
    _configure_ideas(sub, common)


def _configure_ideas(sub, common) -> None:  # noqa: ANN001
    q = common(
        sub.add_parser(
            "ideas", help="workshop cards and platform proposals become candidate proposals"
        )
    )
    q.add_argument("--min-votes", type=float, default=0, help="leave out ideas with fewer votes")
    q.add_argument(
        "--each-card", action="store_true", help="one proposal per card (no near-duplicate groups)"
    )
    q.add_argument("--service", default="", help="service slug recorded on the proposals")
    q.add_argument("--author", help="who records them (default: the project's coder)")


def run(args: argparse.Namespace) -> int:
    from transfo_analysis import evidence as ev

    project = open_project(args.project)
    with ev.open_trail(project, author=getattr(args, "author", None)) as trail:
        if args.action == "list":
            _print_list(trail, territory=args.territory)
            return 0
        if args.action == "import":
            if args.file.suffix.lower() == ".qdpx":
                result = ev.import_trail_qdpx(trail, args.file)
            else:
                result = ev.import_trail(trail, args.file)
            for line in result["problems"]:
                print(line)
            print(
                f"{result['findings']} constat(s), {result['evidence']} preuve(s), "
                f"{result['proposals']} proposition(s), {result['decisions']} décision(s) ajoutés ; "
                f"{len(result['problems'])} problème(s)"
            )
            return 1 if result["problems"] else 0
        if args.action == "ideas":
            return _ideas(trail, args)
        if args.action == "check":
            orphans = ev.orphaned_evidence(trail)
            for o in orphans.itertuples():
                print(
                    f"preuve n°{o.evidence_id} (constat n°{o.finding_id}, {o.kind}:{o.target}) : {o.problem}"
                )
            print(f"{len(orphans)} preuve(s) orpheline(s), conservées telles quelles")
            return 1 if len(orphans) else 0
        if args.out.suffix.lower() == ".qdpx":
            if args.stakeholder:
                raise InputError(args.out, "l'export REFI-QDA est réservé à l'équipe de recherche")
            from transfo_analysis import coding
            from transfo_analysis.corpus import load_corpus

            book = (
                coding.load_codebook(project)
                if project.codebook_file.exists()
                else coding.codebook_from_dict({"name": project.settings.name, "codes": []})
            )
            report = coding.export_qdpx(
                load_corpus(project), args.out, codebook=book, store=trail.store
            )
            added = ev.add_trail_to_qdpx(trail, args.out)
            print(
                f"{args.out} : {report['sources']} document(s), {report['codings']} codage(s) ; "
                f"{added['notes']} note(s), {added['sets']} ensemble(s), {added['links']} lien(s) du fil des preuves"
            )
            return 0
        if args.out.suffix.lower() in (".json", ".jsonld"):
            if args.stakeholder:
                raise InputError(
                    args.out,
                    "l'export W3C garde les identifiants de segments : il est réservé à l'équipe de recherche",
                    hint="pour les partenaires, exportez la matrice en .csv ou .xlsx avec --stakeholder",
                )
            from transfo_analysis.provenance import write_json_atomic

            collection = ev.web_annotations(trail)
            write_json_atomic(args.out, collection)
            print(f"{collection['total']} annotation(s) W3C écrites dans {args.out}")
            return 0
        table = ev.evidence_table(trail, stakeholder=args.stakeholder, territory=args.territory)
    _write(table, args.out)
    withheld = table.attrs.get("withheld", 0)
    print(f"{len(table)} ligne(s) écrites dans {args.out}")
    if args.stakeholder:
        if withheld:
            print(
                f"{withheld} constat(s) non publié(s) : moins de {project.settings.disclosure.k} personnes ou sans preuve"
            )
        return _leak_check(project, args.out)
    return 0


def _ideas(trail, args: argparse.Namespace) -> int:  # noqa: ANN001
    from transfo_analysis import evidence as ev
    from transfo_analysis.i18n import _

    table = ev.propose_ideas(
        trail,
        territory=args.territory,
        min_votes=args.min_votes,
        duplicates=not args.each_card,
        service=args.service,
        author=args.author,
    )
    for row in table[table["created"]].itertuples():
        print(
            _("Proposal {proposal_id} ({n_cards} card(s), {votes} votes): {statement}").format(
                proposal_id=row.proposal_id,
                n_cards=row.n_cards,
                votes=f"{row.votes:g}",
                statement=row.statement,
            )
        )
    print(
        _(
            "{created} candidate proposal(s) created, {existing} idea(s) already in the trail; "
            "see them with: transfo evidence list --project {project}"
        ).format(
            created=int(table["created"].sum()),
            existing=int((~table["created"]).sum()),
            project=args.project,
        )
    )
    return 0


def _write(table: pd.DataFrame, out: Path) -> None:
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputError(out, "format de sortie inconnu", hint="nommez le fichier .csv ou .xlsx")
    with atomic_path(out) as tmp:
        if suffix == ".csv":
            table.to_csv(tmp, index=False, encoding="utf-8")
        else:
            table.to_excel(tmp, index=False, engine="openpyxl")


def _leak_check(project, out: Path) -> int:  # noqa: ANN001
    from transfo_analysis.anonymise.leaks import check_leaks

    if not project.secure_dir.exists():
        print("pas de clé de pseudonymisation : contrôle des fuites impossible, fichier à relire")
        return 0
    report = check_leaks([out], project=project)
    print(report.summary(show=False))
    return 0 if report.ok else 1


def _print_list(trail, *, territory: str | None) -> None:  # noqa: ANN001
    from transfo_analysis import evidence as ev

    force = ev.strength(trail, territory=territory).set_index("finding_id")
    props = ev.proposals(trail)
    decs = ev.decisions(trail)
    used: set[int] = set()
    for p in props.itertuples():
        if territory and p.territories and territory not in p.territories:
            continue
        print(f"Proposition n°{p.proposal_id} [{p.status}] {p.statement}")
        for d in decs[decs["proposal_id"] == p.proposal_id].itertuples():
            print(f"    {d.date} {d.instance} : {d.from_status} → {d.to_status}  {d.rationale}")
        for fid in p.findings:
            used.add(fid)
            print("  " + _finding_line(fid, force.loc[fid]))
    rest = [f for f in force.index if f not in used]
    if rest:
        print("Constats sans proposition")
        for fid in rest:
            print("  " + _finding_line(fid, force.loc[fid]))


def _finding_line(fid: int, row: pd.Series) -> str:
    roles = ", ".join(
        f"{role} {row[f'n_{role}_appuie']}"
        for role in ("usager", "agent", "encadrant", "elu")
        if row[f"n_{role}_appuie"]
    )
    line = (
        f"Constat n°{fid} [{row['state']}] {row['statement']} — appuie : {row['n_respondents_appuie']} personne(s)"
        f" ({roles or 'aucune voix'}), {row['n_documents_appuie']} document(s), {row['n_territories_appuie']} territoire(s)"
    )
    if row["n_respondents_contredit"] or row["n_survey_contredit"]:
        line += f" ; contredit : {max(row['n_respondents_contredit'], row['n_survey_contredit'])} personne(s)"
    if row["n_orphaned"]:
        line += f" ; {row['n_orphaned']} preuve(s) orpheline(s)"
    return line
