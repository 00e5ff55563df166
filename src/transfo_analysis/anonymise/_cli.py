"""``transfo pseudonymise --project DIR [--json FILE]``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from transfo_analysis.anonymise._pseudonymise import pseudonymise_project
from transfo_analysis.config import open_project
from transfo_analysis.i18n import _


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--project", required=True, type=Path, help=_("the project directory"))
    parser.add_argument(
        "--settings", type=Path, help=_("settings file instead of <project>/project.yaml")
    )
    parser.add_argument("--json", type=Path, help=_("also write the report to this JSON file"))
    parser.add_argument("--quiet", action="store_true", help=_("no progress bar"))


def run(args: argparse.Namespace) -> int:
    project = open_project(args.project, settings_file=args.settings)
    report = pseudonymise_project(project, show_progress=not args.quiet)
    print(report.summary())
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(report.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8"
        )
    return 0
