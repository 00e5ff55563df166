"""``transfo reinert --project DIR [--json FILE]``: Reinert classification and textometry tables.

Reads the pseudonymised corpus and tokens (``transfo pseudonymise`` first), writes the tables
under ``<project>/processed/textometry/`` and prints a French summary. Exit status: 0 when
everything was computed, 1 when the corpus is too small for the classification (the
specificities, frequencies and repeated segments are written all the same), 2 on errors.
"""

from __future__ import annotations

import argparse
from typing import Any

from transfo_analysis.config import open_project
from transfo_analysis.i18n import _, ngettext
from transfo_analysis.numbers import fr_number
from transfo_analysis.provenance import write_json_atomic


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--project",
        required=True,
        metavar="DIR",
        help=_("project directory (after `transfo pseudonymise`)"),
    )
    parser.add_argument(
        "--settings", metavar="FILE", help=_("settings to use instead of DIR/project.yaml")
    )
    parser.add_argument(
        "--classes", type=int, metavar="N", help=_("number of classes (default: reinert.n_classes)")
    )
    parser.add_argument(
        "--segment-size",
        type=int,
        metavar="WORDS",
        help=_("text segment length (default: reinert.segment_size)"),
    )
    parser.add_argument(
        "--double",
        action="store_true",
        help=_("double classification (more robust, fewer segments classified)"),
    )
    parser.add_argument("--seed", type=int, help=_("seed (default: the project's seed)"))
    parser.add_argument("--json", metavar="FILE", help=_("write the summary as JSON here"))
    parser.add_argument("--quiet", action="store_true", help=_("no progress bar"))


def _fr(x: float, digits: int = 0) -> str:
    return fr_number(x, decimals=digits)


def _rows(n: int) -> str:
    return ngettext("{n} row", "{n} rows", n).format(n=_fr(n))


def french_summary(summary: dict[str, Any], classes: list[dict[str, Any]] | None = None) -> str:
    """The summary printed by the command, in French."""
    r = summary["reinert"]
    lines = []
    if r["status"] == "ok":
        lines.append(
            _(
                "Reinert classification ({method}): {n} classes, {classified} of {segments} "
                "classified ({share} %) · {terms} active forms · {seconds} s"
            ).format(
                method=_("double") if r["method"] == "double" else _("simple"),
                n=r["n_classes"],
                classified=ngettext("{n} segment", "{n} segments", r["n_classified"]).format(
                    n=_fr(r["n_classified"])
                ),
                segments=_fr(r["n_segments_with_active_words"]),
                share=_fr(100 * r["share_classified"], 1),
                terms=_fr(r["n_active_terms"]),
                seconds=_fr(r["timings"]["total_seconds"], 1),
            )
        )
        for c in classes or []:
            lines.append(
                _("  Class {n} ({share} %, {segments}): {terms}").format(
                    n=c["class"],
                    share=_fr(100 * c["share"], 1),
                    segments=ngettext("{n} segment", "{n} segments", c["size"]).format(
                        n=_fr(c["size"])
                    ),
                    terms=c["top_terms"],
                )
            )
        for col, test in r.get("crossing_tests", {}).items():
            if test["dof"]:
                lines.append(
                    _(
                        "  Classes × {column}: chi² = {chi2}, df = {dof}, p = {p}, Cramér's V = {v}"
                    ).format(
                        column=col,
                        chi2=_fr(test["chi2"], 1),
                        dof=test["dof"],
                        p=f"{test['p']:.2g}",
                        v=_fr(test["cramers_v"], 2),
                    )
                )
    else:
        lines.append(_("Reinert classification not computed: {reason}.").format(reason=r["reason"]))
        if r.get("hint"):
            lines.append(_("  What to do: {hint}.").format(hint=r["hint"]))
    t = summary.get("tables", {})
    lines.append(
        _(
            "Specificities (Lafon): roles, territories, users/agents by territory ({users_agents}) "
            "· frequencies: {frequencies} · repeated segments: {repeated}"
        ).format(
            users_agents=_rows(t.get("specificities_users_agents", 0)),
            frequencies=_rows(t.get("frequencies", 0)),
            repeated=_fr(t.get("repeated_segments", 0)),
        )
    )
    if "outputs" in summary:
        folder = next(iter(summary["outputs"].values())).rsplit("/", 1)[0]
        lines.append(_("Tables written to {folder}").format(folder=folder))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from transfo_analysis.textometry._artifacts import textometry_project

    project = open_project(args.project, settings_file=args.settings)
    cfg = project.settings.reinert
    if args.classes is not None:
        cfg.n_classes = args.classes
    if args.segment_size is not None:
        cfg.segment_size = args.segment_size
    if args.double:
        cfg.double = True
    if args.seed is not None:
        project.settings.seed = args.seed
    results = textometry_project(project, show_progress=not args.quiet)
    classes = (
        results.reinert.classes.to_dict(orient="records") if results.reinert is not None else None
    )
    print(french_summary(results.summary, classes))
    if args.json:
        write_json_atomic(args.json, {**results.summary, "classes": classes})
    return 0 if results.reinert is not None else 1
