"""``transfo barometer FILE... --project DIR [--json FILE]``: import surveys, write indicators.

All files are validated before anything is written: when any file is invalid, every problem is
printed, nothing is written (the artifacts of the previous run stay as they were) and the exit
status is 2. Indicators computed from part of the waves or territories would silently change the
trends and the comparisons, so a partial import is refused rather than done.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

from transfo_analysis.barometer._stage import barometer_project
from transfo_analysis.barometer._validate import SurveyError
from transfo_analysis.config import SETTINGS_FILE, Project, open_project
from transfo_analysis.errors import ConfigError
from transfo_analysis.i18n import _, ngettext
from transfo_analysis.labels import RESPONDENT_TYPE_LABELS, dimension_label
from transfo_analysis.numbers import fewer_than, fr_number
from transfo_analysis.provenance import atomic_path, write_json_atomic


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help=_("survey files (CSV/XLSX); default: barometer.files of the settings"),
    )
    parser.add_argument(
        "--project",
        required=True,
        type=Path,
        metavar="DIR",
        help=_("project directory (created when FILE... is given: a survey-only project)"),
    )
    parser.add_argument(
        "--settings",
        type=Path,
        metavar="FILE",
        help=_("settings to use instead of DIR/project.yaml"),
    )
    parser.add_argument(
        "--json", type=Path, metavar="FILE", help=_("write a machine-readable summary here")
    )


def _fr(x: float, digits: int = 0) -> str:
    """A number the French way: thin space for thousands, decimal comma."""
    return fr_number(x, decimals=digits)


def _open(args: argparse.Namespace) -> Project:
    """The project, created when files are given for a folder that does not exist yet.

    A survey-only project has nothing for ``transfo ingest``: the barometer is its first step.
    The folder is created only once every file given exists, so a typo creates nothing.
    """
    root = Path(args.project).expanduser()
    missing = [str(f) for f in args.files if not Path(f).is_file()]
    if missing:
        raise ConfigError(
            ngettext(
                "survey file not found: {files}", "survey files not found: {files}", len(missing)
            ).format(files=", ".join(missing)),
            hint=_("check the path; nothing was created or written"),
        )
    if not root.is_dir() and not args.files:
        raise ConfigError(
            _("the project folder {root} does not exist and no survey file is given").format(
                root=root
            ),
            hint=_(
                "give the files: `transfo barometer SURVEY.csv --project DIR` creates the folder"
            ),
        )
    new = args.files and args.settings is None and not (root / SETTINGS_FILE).exists()
    project = open_project(root, settings_file=args.settings, create=bool(args.files))
    if new:
        write_survey_settings(project, list(args.files))
        project = open_project(root)
    return project


def write_survey_settings(project: Project, files: list[Path]) -> Path:
    """Write ``project.yaml`` of a new survey-only project, listing its survey files.

    ``transfo run`` then finds the surveys (``barometer.files``: paths inside the project are
    kept relative, others absolute; the files are not copied) and, with no interview to read,
    runs the barometer and publishes its report per territory.

    Parameters
    ----------
    project
        The new project (its folder exists, it has no ``project.yaml``).
    files
        The survey files given to ``transfo barometer``.

    Returns
    -------
    The settings file written.
    """
    listed = []
    for f in files:
        path = Path(f).expanduser().resolve()
        try:
            listed.append(path.relative_to(project.root).as_posix())
        except ValueError:
            listed.append(str(path))
    header = _(
        "# Created by `transfo barometer`: a survey-only project. Add interviews or open "
        "answers under raw/ to analyse them too.\n"
    )
    data = {"name": project.root.name, "barometer": {"files": listed}}
    text = header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    target = project.root / SETTINGS_FILE
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return target


def run(args: argparse.Namespace) -> int:
    project = _open(args)
    paths = list(args.files) or [project.path(f) for f in project.settings.barometer.files]
    try:
        summary = barometer_project(project, files=paths)
    except SurveyError as exc:
        print(
            ngettext(
                "transfo barometer: {n} problem, nothing was imported or written:",
                "transfo barometer: {n} problems, nothing was imported or written:",
                len(exc.problems),
            ).format(n=len(exc.problems)),
            file=sys.stderr,
        )
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        print(
            _("Fix these cells (the source files were not modified), then rerun."),
            file=sys.stderr,
        )
        if args.json:
            write_json_atomic(
                args.json,
                {
                    "status": "invalid",
                    "files": [str(p) for p in paths],
                    "problems": [
                        {"file": p.file, "row": p.row, "column": p.column, "message": p.message}
                        for p in exc.problems
                    ],
                },
            )
        return 2
    print(_french_summary(summary, project))
    if args.json:
        write_json_atomic(args.json, summary)
    return 0


def _french_summary(s: dict[str, Any], project: Project) -> str:
    n_services = sum(len(v) for v in s["services"].values())
    types = ", ".join(
        f"{_fr(n)} {RESPONDENT_TYPE_LABELS.get(t, t).lower()}"
        for t, n in s["respondent_types"].items()
    )
    lines = [
        _("Barometer: {files}, {rows}, {respondents} ({types}).").format(
            files=ngettext("{n} file", "{n} files", len(s["files"])).format(n=len(s["files"])),
            rows=ngettext("{n} row", "{n} rows", s["rows"]).format(n=_fr(s["rows"])),
            respondents=ngettext("{n} respondent", "{n} respondents", s["respondents"]).format(
                n=_fr(s["respondents"])
            ),
            types=types,
        ),
        _("{territories}, waves {waves}, {services}, {dimensions}{weighted}.").format(
            territories=ngettext("{n} territory", "{n} territories", len(s["territories"])).format(
                n=len(s["territories"])
            ),
            waves=", ".join(map(str, s["waves"])),
            services=ngettext("{n} service", "{n} services", n_services).format(n=n_services),
            dimensions=ngettext("{n} dimension", "{n} dimensions", len(s["dimensions"])).format(
                n=len(s["dimensions"])
            ),
            weighted=_("; weighted answers") if s["weighted"] else "",
        ),
        _(
            "Indicators: {groups} groups, {masked} of them masked ({few}); perception gaps "
            "masked: {gaps}."
        ).format(
            groups=_fr(s["groups"]["indicators"]),
            masked=_fr(s["suppressed"]["indicators"]),
            few=fewer_than(s["k"], "respondent"),
            gaps=_fr(s["suppressed"]["gaps"]),
        ),
        _("Significant changes from one wave to the next: {n}.").format(
            n=_fr(s["significant_changes"])
        ),
    ]
    if s["top_gaps"]:
        lines.append(_("Largest perception gaps (managers − users, in points):"))
        for g in s["top_gaps"]:
            lines.append(
                f"  {project.territory_label(g['territory'])} · "
                f"{project.service_label(g['service'])} · {dimension_label(g['dimension'])} · "
                f"{g['wave']} : "
                f"{'+' if g['gap'] > 0 else ''}{_fr(g['gap'], 2)} [{_fr(g['gap_low'], 2)} ; "
                f"{_fr(g['gap_high'], 2)}] ({g['reading']})"
            )
    lines.append(
        _("Tables written to {folder}").format(folder=Path(s["outputs"]["provenance"]).parent)
    )
    return "\n".join(lines)
