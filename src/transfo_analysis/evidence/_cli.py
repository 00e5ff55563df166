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
from transfo_analysis.i18n import _, ngettext
from transfo_analysis.provenance import atomic_path


def configure(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar=_("ACTION"), required=True)

    def common(q: argparse.ArgumentParser) -> argparse.ArgumentParser:
        q.add_argument("--project", required=True, type=Path, help=_("project directory"))
        q.add_argument("--territory", help=_("only this territory's proposals and voices"))
        return q

    common(sub.add_parser("list", help=_("proposals, decisions and findings with their strength")))
    q = common(
        sub.add_parser("export", help=_("traceability matrix proposal × finding × evidence"))
    )
    q.add_argument(
        "out",
        type=Path,
        help=_(
            "OUT.csv or OUT.xlsx (the matrix), OUT.jsonld (W3C Web Annotations), OUT.qdpx "
            "(REFI-QDA)"
        ),
    )
    q.add_argument(
        "--stakeholder",
        action="store_true",
        help=_("published variant: no segment ids, k-suppressed, leak-checked"),
    )
    q = common(
        sub.add_parser("import", help=_("load findings and proposals from a YAML file or a .qdpx"))
    )
    q.add_argument("file", type=Path, help=_("the YAML file or .qdpx to load"))
    q.add_argument("--author", help=_("who records them (default: the project's coder)"))
    common(sub.add_parser("check", help=_("orphaned evidence (targets that no longer exist)")))
    _configure_ideas(sub, common)


def _configure_ideas(sub, common) -> None:  # noqa: ANN001
    q = common(
        sub.add_parser(
            "ideas", help=_("workshop cards and platform proposals become candidate proposals")
        )
    )
    q.add_argument("--min-votes", type=float, default=0, help=_("leave out ideas with fewer votes"))
    q.add_argument(
        "--each-card",
        action="store_true",
        help=_("one proposal per card (no near-duplicate groups)"),
    )
    q.add_argument("--service", default="", help=_("service slug recorded on the proposals"))
    q.add_argument("--author", help=_("who records them (default: the project's coder)"))


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
            print(_import_line(result))
            return 1 if result["problems"] else 0
        if args.action == "ideas":
            return _ideas(trail, args)
        if args.action == "check":
            orphans = ev.orphaned_evidence(trail)
            for o in orphans.itertuples():
                print(
                    _(
                        "evidence no. {evidence} (finding no. {finding}, {kind}:{target}): "
                        "{problem}"
                    ).format(
                        evidence=o.evidence_id,
                        finding=o.finding_id,
                        kind=o.kind,
                        target=o.target,
                        problem=o.problem,
                    )
                )
            print(
                ngettext(
                    "{n} orphaned piece of evidence, kept as it is",
                    "{n} orphaned pieces of evidence, kept as they are",
                    len(orphans),
                ).format(n=len(orphans))
            )
            return 1 if len(orphans) else 0
        if args.out.suffix.lower() == ".qdpx":
            if args.stakeholder:
                raise InputError(args.out, _("the REFI-QDA export is for the research team only"))
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
            print(_qdpx_line(args.out, report, added))
            return 0
        if args.out.suffix.lower() in (".json", ".jsonld"):
            if args.stakeholder:
                raise InputError(
                    args.out,
                    _("the W3C export keeps segment ids: it is for the research team only"),
                    hint=_("for partners, export the matrix as .csv or .xlsx with --stakeholder"),
                )
            from transfo_analysis.provenance import write_json_atomic

            collection = ev.web_annotations(trail)
            write_json_atomic(args.out, collection)
            print(
                ngettext(
                    "{n} W3C annotation written to {path}",
                    "{n} W3C annotations written to {path}",
                    collection["total"],
                ).format(n=collection["total"], path=args.out)
            )
            return 0
        table = ev.evidence_table(trail, stakeholder=args.stakeholder, territory=args.territory)
    _write(table, args.out)
    print(
        ngettext("{n} row written to {path}", "{n} rows written to {path}", len(table)).format(
            n=len(table), path=args.out
        )
    )
    if args.stakeholder:
        if table.attrs.get("withheld"):
            print(ev.withheld_note(table))
        return _leak_check(project, args.out)
    return 0


def _ideas(trail, args: argparse.Namespace) -> int:  # noqa: ANN001
    from transfo_analysis import evidence as ev
    from transfo_analysis.i18n import _, ngettext

    table = ev.propose_ideas(
        trail,
        territory=args.territory,
        min_votes=args.min_votes,
        duplicates=not args.each_card,
        service=args.service,
        author=args.author,
    )
    for row in table[table["created"]].itertuples():
        cards = ngettext("{n} card", "{n} cards", int(row.n_cards)).format(n=row.n_cards)
        print(
            _("Proposal {proposal_id} ({cards}, {votes} votes): {statement}").format(
                proposal_id=row.proposal_id,
                cards=cards,
                votes=f"{row.votes:g}",
                statement=row.statement,
            )
        )
    created = int(table["created"].sum())
    existing = int((~table["created"]).sum())
    print(
        _("{created}; {existing}").format(
            created=ngettext(
                "{n} candidate proposal created", "{n} candidate proposals created", created
            ).format(n=created),
            existing=ngettext(
                "{n} idea already in the trail", "{n} ideas already in the trail", existing
            ).format(n=existing),
        )
    )
    print(
        _("See them with: transfo evidence list --project {project}").format(project=args.project)
    )
    return 0


def _write(table: pd.DataFrame, out: Path) -> None:
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputError(out, _("unknown output format"), hint=_("name the file .csv or .xlsx"))
    with atomic_path(out) as tmp:
        if suffix == ".csv":
            table.to_csv(tmp, index=False, encoding="utf-8")
        else:
            table.to_excel(tmp, index=False, engine="openpyxl")


def _leak_check(project, out: Path) -> int:  # noqa: ANN001
    from transfo_analysis.anonymise.leaks import check_leaks

    if not project.secure_dir.exists():
        print(_("no pseudonymisation key: the leak check is impossible, read the file yourself"))
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
        print(
            _("Proposal no. {id} [{status}] {statement}").format(
                id=p.proposal_id, status=p.status, statement=p.statement
            )
        )
        for d in decs[decs["proposal_id"] == p.proposal_id].itertuples():
            print(
                "    "
                + _("{date} {instance}: {before} → {after}  {rationale}").format(
                    date=d.date,
                    instance=d.instance,
                    before=d.from_status,
                    after=d.to_status,
                    rationale=d.rationale,
                )
            )
        for fid in p.findings:
            used.add(fid)
            print("  " + _finding_line(fid, force.loc[fid]))
    rest = [f for f in force.index if f not in used]
    if rest:
        print(_("Findings without a proposal"))
        for fid in rest:
            print("  " + _finding_line(fid, force.loc[fid]))


def _import_line(result: dict) -> str:
    counts = [
        ngettext("{n} finding", "{n} findings", result["findings"]),
        ngettext("{n} piece of evidence", "{n} pieces of evidence", result["evidence"]),
        ngettext("{n} proposal", "{n} proposals", result["proposals"]),
        ngettext("{n} decision", "{n} decisions", result["decisions"]),
    ]
    values = [result["findings"], result["evidence"], result["proposals"], result["decisions"]]
    problems = len(result["problems"])
    return _("{counts} added; {problems}").format(
        counts=", ".join(c.format(n=n) for c, n in zip(counts, values, strict=True)),
        problems=ngettext("{n} problem", "{n} problems", problems).format(n=problems),
    )


def _qdpx_line(out: Path, report: dict, added: dict) -> str:
    return _(
        "{path}: {documents}, {codings}; {notes}, {sets}, {links} of the evidence trail"
    ).format(
        path=out,
        documents=ngettext("{n} document", "{n} documents", report["sources"]).format(
            n=report["sources"]
        ),
        codings=ngettext("{n} coding", "{n} codings", report["codings"]).format(
            n=report["codings"]
        ),
        notes=ngettext("{n} note", "{n} notes", added["notes"]).format(n=added["notes"]),
        sets=ngettext("{n} set", "{n} sets", added["sets"]).format(n=added["sets"]),
        links=ngettext("{n} link", "{n} links", added["links"]).format(n=added["links"]),
    )


def _finding_line(fid: int, row: pd.Series) -> str:
    roles = ", ".join(
        f"{role} {row[f'n_{role}_appuie']}"
        for role in ("usager", "agent", "encadrant", "elu")
        if row[f"n_{role}_appuie"]
    )
    people = row["n_respondents_appuie"]
    line = _(
        "Finding no. {id} [{state}] {statement} — supports: {people} ({roles}), {documents}, "
        "{territories}"
    ).format(
        id=fid,
        state=row["state"],
        statement=row["statement"],
        people=ngettext("{n} person", "{n} people", people).format(n=people),
        roles=roles or _("no voice"),
        documents=ngettext("{n} document", "{n} documents", row["n_documents_appuie"]).format(
            n=row["n_documents_appuie"]
        ),
        territories=ngettext(
            "{n} territory", "{n} territories", row["n_territories_appuie"]
        ).format(n=row["n_territories_appuie"]),
    )
    against = max(row["n_respondents_contredit"], row["n_survey_contredit"])
    if row["n_respondents_contredit"] or row["n_survey_contredit"]:
        line += _("; contradicts: {people}").format(
            people=ngettext("{n} person", "{n} people", against).format(n=against)
        )
    if row["n_orphaned"]:
        line += ngettext(
            "; {n} orphaned piece of evidence",
            "; {n} orphaned pieces of evidence",
            row["n_orphaned"],
        ).format(n=row["n_orphaned"])
    return line
