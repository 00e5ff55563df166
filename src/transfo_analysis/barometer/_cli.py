"""``transfo barometer FILE... --project DIR [--json FILE]``: import surveys, write indicator tables.

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
from transfo_analysis.i18n import _
from transfo_analysis.labels import RESPONDENT_TYPE_LABELS, dimension_label
from transfo_analysis.numbers import fewer_than, fr_number
from transfo_analysis.provenance import atomic_path, write_json_atomic


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="survey files (CSV/XLSX); default: barometer.files of the settings",
    )
    parser.add_argument(
        "--project",
        required=True,
        type=Path,
        metavar="DIR",
        help="project directory (created when FILE... is given: a survey-only project)",
    )
    parser.add_argument(
        "--settings", type=Path, metavar="FILE", help="settings to use instead of DIR/project.yaml"
    )
    parser.add_argument(
        "--json", type=Path, metavar="FILE", help="write a machine-readable summary here"
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
            f"fichier(s) d'enquête introuvable(s) : {', '.join(missing)}",
            hint="vérifiez le chemin ; rien n'a été créé ni écrit",
        )
    if not root.is_dir() and not args.files:
        raise ConfigError(
            f"le dossier de projet {root} n'existe pas et aucun fichier d'enquête n'est donné",
            hint="passez les fichiers : `transfo barometer ENQUETE.csv --project DIR` crée le dossier",
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
            f"transfo barometer : {len(exc.problems)} problème(s), rien n'a été importé ni écrit :",
            file=sys.stderr,
        )
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        print(
            "Corrigez ces cellules (les fichiers sources n'ont pas été modifiés) puis relancez.",
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
        f"Baromètre : {len(s['files'])} fichier(s), {_fr(s['rows'])} lignes, {_fr(s['respondents'])} répondants ({types}).",
        f"{len(s['territories'])} territoire(s), vagues {', '.join(map(str, s['waves']))}, {n_services} services, "
        f"{len(s['dimensions'])} dimensions{' ; réponses pondérées' if s['weighted'] else ''}.",
        f"Indicateurs : {_fr(s['groups']['indicators'])} groupes, dont {_fr(s['suppressed']['indicators'])} masqués "
        f"({fewer_than(s['k'], 'répondant')}) ; écarts de perception masqués : {_fr(s['suppressed']['gaps'])}.",
        f"Évolutions significatives d'une vague à l'autre : {_fr(s['significant_changes'])}.",
    ]
    if s["top_gaps"]:
        lines.append("Plus forts écarts de perception (gestionnaires − usagers, en points) :")
        for g in s["top_gaps"]:
            lines.append(
                f"  {project.territory_label(g['territory'])} · {project.service_label(g['service'])} · {dimension_label(g['dimension'])} · {g['wave']} : "
                f"{'+' if g['gap'] > 0 else ''}{_fr(g['gap'], 2)} [{_fr(g['gap_low'], 2)} ; {_fr(g['gap_high'], 2)}] ({g['reading']})"
            )
    lines.append(f"Tables écrites dans {Path(s['outputs']['provenance']).parent}")
    return "\n".join(lines)
