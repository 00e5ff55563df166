"""``transfo topics --project DIR``: topics of the pseudonymised corpus, saved as artifacts."""

from __future__ import annotations

import argparse
import json

from transfo_analysis.config import open_project


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--project", required=True, help="project directory (after `transfo pseudonymise`)"
    )
    p.add_argument("--seed", type=int, help="random seed (default: settings seed, 42)")
    p.add_argument(
        "--embedding",
        help="embedding backend: tfidf, spacy, spacy-sif, e5, local (default: settings topics.embedding)",
    )
    p.add_argument("--interviewer", action="store_true", help="model the interviewer's turns too")
    p.add_argument(
        "--guided", action="store_true", help="guided topics seeded with the codebook's keywords"
    )
    p.add_argument(
        "--no-stability", action="store_true", help="fit one seed only (faster, no stability score)"
    )
    p.add_argument(
        "--json",
        dest="json_file",
        help="write the summary (topics, outliers, stability, timings) as JSON",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    from transfo_analysis.topics._stage import topics_project

    project = open_project(args.project)
    result = topics_project(
        project,
        seed=args.seed,
        embedding=args.embedding,
        include_interviewer=True if args.interviewer else None,
        stability=not args.no_stability,
        guided=args.guided,
        show_progress=not args.quiet,
    )
    out = project.topics_dir
    s = result.summary()
    print(_french_summary(s, result.topics, out))
    if args.json_file:
        with open(args.json_file, "w", encoding="utf-8") as fh:
            json.dump({**s, "artifacts": str(out)}, fh, ensure_ascii=False, indent=2)
    return 0


def _fr(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def _french_summary(s: dict, topics, out) -> str:
    lines = [
        f"Thèmes : {s['n_topics']} · unités modélisées : {s['n_units']} ({s['n_segments']} segments) · "
        f"hors thème : {_fr(100 * s['outlier_share'], 1)} % · plongements : {s['embedding']}",
    ]
    if s.get("stability_score") is not None:
        lines.append(
            f"Stabilité sur {s['stability']['n_runs']} graines : indice de Rand ajusté {_fr(s['stability_score'])}, "
            f"recouvrement des thèmes {_fr(s['topic_overlap'])}"
        )
    else:
        lines.append("Stabilité : non mesurée")
    t = s["timings"]
    lines.append("Durées : " + ", ".join(f"{k} {_fr(v, 1)} s" for k, v in t.items()))
    for row in (
        topics[topics["topic"] >= 0].sort_values("size", ascending=False).head(10).itertuples()
    ):
        lines.append(f"  {row.topic:>3} · {row.label} ({row.size})")
    lines.append(f"Tables écrites dans {out}")
    return "\n".join(lines)
