"""``transfo code ACTION --project DIR``: check, suggest, evaluate, agreement, import, export.

- ``prepare``: the coding step of ``transfo run`` (:func:`coding_project`): load
  ``coding.imports`` into the store, store the suggestions of ``coding.suggest`` for review.
- ``check``: validate the codebook and the store (integrity, codings on missing segments).
- ``suggest --method rule|semantic``: store suggestions (status "suggested") for the coder.
- ``evaluate [--gold FILE]``: precision and recall of each suggestion method against the gold.
- ``agreement [--gold FILE] [--coders A B]``: agreement per code and overall.
- ``import-csv FILE``: load codings from a CSV (e.g. the gold coding) into the store.
- ``export OUT.csv|OUT.xlsx``: coded segments as a table.
- ``qdc-export OUT.qdc`` / ``qdc-import FILE.qdc``: the codebook in REFI-QDA.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from typing import Any

import pandas as pd

from transfo_analysis.config import Stage, open_project
from transfo_analysis.i18n import _, ngettext


def configure(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar=_("ACTION"), required=True)

    def common(q: argparse.ArgumentParser) -> argparse.ArgumentParser:
        q.add_argument("--project", required=True, help=_("project directory"))
        q.add_argument(
            "--stage",
            choices=["processed", "interim"],
            default=None,
            help=_(
                "corpus used (default: the pseudonymised one, else the corpus as read, with a "
                "notice)"
            ),
        )
        q.add_argument("--json", dest="json_file", help=_("also write the result as JSON"))
        return q

    q = sub.add_parser(
        "prepare", help=_("the coding step of `transfo run`: imports, then suggestions to review")
    )
    q.add_argument("--project", required=True, help=_("project directory"))
    q.add_argument("--json", dest="json_file", help=_("also write the counts as JSON"))
    common(sub.add_parser("check", help=_("validate codebook and store")))
    q = common(
        sub.add_parser("suggest", help=_("suggest codes (stored as 'suggested', never accepted)"))
    )
    q.add_argument(
        "--method",
        choices=["rule", "semantic"],
        default="rule",
        help=_("rules of the codebook, or semantic similarity"),
    )
    q.add_argument("--coder", help=_("who reviews the suggestions (default: the project's coder)"))
    q.add_argument("--dry-run", action="store_true", help=_("count without storing"))
    q = common(
        sub.add_parser(
            "evaluate", help=_("precision/recall of suggestions against the human gold coding")
        )
    )
    q.add_argument(
        "--gold",
        help=_(
            "gold codings CSV (default: coding.gold in the settings, else "
            "gold/codage-reference.csv)"
        ),
    )
    q.add_argument(
        "--method", nargs="+", choices=["rule", "semantic"], default=["rule", "semantic"]
    )
    q.add_argument("--rollup", action="store_true", help=_("compare top-level codes only"))
    q = common(sub.add_parser("agreement", help=_("inter-coder agreement per code and overall")))
    q.add_argument("--gold", help=_("a codings CSV with several coders (default: the store)"))
    q.add_argument("--coders", nargs="+", help=_("coders compared (default: all)"))
    q.add_argument(
        "--uncoded",
        choices=["absent", "missing"],
        help=_("how an uncoded segment counts (default: settings)"),
    )
    q = common(sub.add_parser("import-csv", help=_("load codings from a CSV into the store")))
    q.add_argument("file", help=_("the codings CSV"))
    q = common(sub.add_parser("export", help=_("coded segments as CSV or XLSX")))
    q.add_argument("out", help=_("OUT.csv or OUT.xlsx"))
    q.add_argument("--all", action="store_true", help=_("include suggestions and rejected codings"))
    q = common(sub.add_parser("qdc-export", help=_("write the codebook as a REFI .qdc")))
    q.add_argument("out", help=_("the .qdc file to write"))
    q = common(
        sub.add_parser(
            "qdc-import", help=_("merge a REFI .qdc codebook into the project's codebook")
        )
    )
    q.add_argument("file", help=_("the .qdc file to read"))


def _corpus(project: Any, stage: Stage | None) -> Any:
    from transfo_analysis.corpus import load_corpus
    from transfo_analysis.errors import NotReadyError

    if stage is not None:
        return load_corpus(project, stage=stage)
    try:
        return load_corpus(project, stage="processed")
    except NotReadyError:
        print(
            _(
                "note: no pseudonymised corpus, the corpus as read is used (results for the team"
                " only)"
            ),
            file=sys.stderr,
        )
        return load_corpus(project, stage="interim")


def _tokens(project: Any, corpus: Any) -> pd.DataFrame:
    from transfo_analysis.nlp import load_tokens

    return load_tokens(project, stage="processed" if corpus.pseudonymised else "interim")


def _gold_path(project: Any, given: str | None) -> Any:
    if given:
        return given
    return project.path(project.settings.coding.gold or "gold/codage-reference.csv")


def _show(df: pd.DataFrame) -> None:
    with pd.option_context(
        "display.width", 160, "display.max_rows", 200, "display.float_format", "{:.3f}".format
    ):
        print(df.to_string())


def run(args: argparse.Namespace) -> int:
    from transfo_analysis import coding

    project = open_project(args.project)
    result: Any = None
    if args.action == "prepare":
        result = coding.coding_project(project)
        print(
            _(
                "Codings imported: {imported} · suggestions to review: {suggestions} · codings"
                " accepted: {accepted}"
            ).format(
                imported=result["imported"],
                suggestions=result["suggestions"],
                accepted=result["accepted_codings"],
            )
        )
    elif args.action == "qdc-export":
        coding.write_qdc(coding.load_codebook(project), args.out)
        print(_("codebook written: {path}").format(path=args.out))
        return 0
    elif args.action == "qdc-import":
        imported, warnings = coding.read_qdc(args.file)
        book = coding.load_codebook(project) if project.codebook_file.exists() else imported
        added = [c for c in imported if c.name not in book]
        for c in added:
            book = book.add(
                c if c.parent is None or c.parent in book else dataclasses.replace(c, parent=None)
            )
        coding.save_codebook(book, project.codebook_file)
        result = {"codes": len(imported), "added": [c.name for c in added], "warnings": warnings}
        print(
            ngettext(
                "{n} code read, {added} added to {path}",
                "{n} codes read, {added} added to {path}",
                len(imported),
            ).format(n=len(imported), added=len(added), path=project.codebook_file)
            + "".join(f"\n  ! {w}" for w in warnings)
        )
    else:
        result = _run_with_corpus(project, args)
    if args.json_file and result is not None:
        payload = (
            result.reset_index().to_dict("records") if isinstance(result, pd.DataFrame) else result
        )
        with open(args.json_file, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, ensure_ascii=False, indent=2, default=str)
    return 0


def _run_with_corpus(project: Any, args: argparse.Namespace) -> Any:
    from transfo_analysis import coding

    corpus = _corpus(project, args.stage)
    codebook = coding.load_codebook(project)
    if args.action == "check":
        with coding.open_store(project) as store:
            problems = store.check()
            codings = store.codings()
        orphans = codings[~codings["segment_id"].isin(corpus.segments["segment_id"])]
        unknown = sorted(set(codings["code"]) - set(codebook.names))
        print(
            _("codebook: {codes} codes · codings: {codings} · integrity: {integrity}").format(
                codes=len(codebook),
                codings=len(codings),
                integrity=_("ok") if not problems else "; ".join(problems),
            )
        )
        if len(orphans):
            print(
                "  ! "
                + ngettext(
                    "{n} coding on segments absent from the corpus (e.g. {example})",
                    "{n} codings on segments absent from the corpus (e.g. {example})",
                    len(orphans),
                ).format(n=len(orphans), example=orphans["segment_id"].iloc[0])
            )
        if unknown:
            print(
                "  ! "
                + _("codes absent from the codebook: {codes}").format(codes=", ".join(unknown))
            )
        return {
            "codes": len(codebook),
            "codings": len(codings),
            "problems": problems,
            "orphans": len(orphans),
            "unknown_codes": unknown,
        }
    if args.action == "suggest":
        from transfo_analysis.coding.session import CodingSession

        with coding.open_store(project) as store:
            s = CodingSession(
                corpus=corpus,
                codebook=codebook,
                store=store,
                coder=args.coder or project.coder,
                project=project,
                stage="processed" if corpus.pseudonymised else "interim",
            )
            found = s.suggest(args.method, store=not args.dry_run)
        n_segments = found["segment_id"].nunique()
        print(
            ngettext(
                "{n} {method} suggestion on {segments}",
                "{n} {method} suggestions on {segments}",
                len(found),
            ).format(
                n=len(found),
                method=args.method,
                segments=ngettext("{n} segment", "{n} segments", n_segments).format(n=n_segments),
            )
            + (
                _(" (not stored)")
                if args.dry_run
                else _(", to be reviewed by {coder}").format(coder=s.coder)
            )
        )
        _show(found.groupby("code").size().rename("suggestions").to_frame())
        return found.groupby("code").size().rename("suggestions").to_frame()
    if args.action == "evaluate":
        return _evaluate(project, corpus, codebook, args)
    if args.action == "agreement":
        if args.gold:
            codings = coding.read_codings_csv(
                args.gold, codebook=codebook, segments=corpus.segments
            )
            units = coding.examined(codings)
        else:
            with coding.open_store(project) as store:
                codings = store.codings(status="accepted")
            units = None
        table = coding.agreement(
            codings,
            coders=args.coders,
            units=units,
            segments=corpus.segments,
            uncoded=args.uncoded or project.settings.coding.uncoded,
            codebook=codebook,
        )
        _show(table.set_index("code"))
        return table
    if args.action == "import-csv":
        codings = coding.read_codings_csv(args.file, codebook=codebook, segments=corpus.segments)
        rows = codings[codings["code"] != ""]
        with coding.open_store(project) as store:
            n = store.add_codings(
                rows.drop(columns=[c for c in ("excerpt", "memo") if c in rows]), origin="manual"
            )
        coders = rows["coder"].nunique()
        print(
            ngettext(
                "{n} coding added ({read} read, {coders})",
                "{n} codings added ({read} read, {coders})",
                n,
            ).format(
                n=n,
                read=len(rows),
                coders=ngettext("{n} coder", "{n} coders", coders).format(n=coders),
            )
        )
        return {"read": len(rows), "added": n}
    if args.action == "export":
        with coding.open_store(project) as store:
            codings = store.codings()
        path = coding.export_coded_segments(
            codings,
            corpus.segments,
            args.out,
            codebook=codebook,
            status=None if args.all else "accepted",
            pseudonymised=corpus.pseudonymised,
        )
        print(_("coded segments written: {path}").format(path=path))
        return {"path": str(path)}
    raise AssertionError(args.action)


def _evaluate(project: Any, corpus: Any, codebook: Any, args: argparse.Namespace) -> pd.DataFrame:
    from transfo_analysis import coding
    from transfo_analysis.coding.session import CodingSession

    gold = coding.read_codings_csv(
        _gold_path(project, args.gold), codebook=codebook, segments=corpus.segments
    )
    units = gold["segment_id"].unique()
    segs = corpus.segments
    tables = []
    with coding.open_store(project) as store:
        s = CodingSession(
            corpus=corpus,
            codebook=codebook,
            store=store,
            coder=project.coder,
            project=project,
            stage="processed" if corpus.pseudonymised else "interim",
        )
        for method in args.method:
            found = s.suggest(method, store=False)
            found = found[found["segment_id"].isin(units)]
            ev = coding.evaluate_suggestions(found, gold, rollup=args.rollup, codebook=codebook)
            tables.append(ev.assign(method=method).reset_index().set_index(["method", "code"]))
    out = pd.concat(tables)
    ref = coding.evaluate.reference_coder(gold)
    n_units = gold.loc[gold["coder"] == ref, "segment_id"].nunique()
    print(
        _("reference: {coder} ({read} segments read, {total} in the corpus)").format(
            coder=ref, read=n_units, total=len(segs)
        )
    )
    _show(out[["tp", "fp", "fn", "support", "precision", "recall", "f1"]])
    return out
