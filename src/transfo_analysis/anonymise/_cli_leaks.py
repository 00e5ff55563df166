"""``transfo check-leaks PATH... --project DIR
[--json FILE] [--show]`` (exit status 1 on a leak).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from transfo_analysis.anonymise.leaks import check_leaks
from transfo_analysis.config import open_project
from transfo_analysis.i18n import _


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, help=_("files and folders to scan"))
    parser.add_argument(
        "--project", required=True, type=Path, help=_("the project whose key holds the originals")
    )
    parser.add_argument(
        "--settings", type=Path, help=_("settings file instead of <project>/project.yaml")
    )
    parser.add_argument("--json", type=Path, help=_("write the findings to this JSON file"))
    parser.add_argument(
        "--show",
        action="store_true",
        help=_(
            "print the identifiers in clear (for the data-protection officer; never in CI logs)"
        ),
    )


def run(args: argparse.Namespace) -> int:
    project = open_project(args.project, settings_file=args.settings)
    report = check_leaks(list(args.paths), project=project)
    print(report.summary(show=args.show))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(report.to_dict(show=args.show), ensure_ascii=False, indent=2),
            encoding="utf-8",
        )
    return 0 if report.ok else 1
