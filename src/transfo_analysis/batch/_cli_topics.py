"""``transfo topics``: fit the topics of a project, list them, name them.

- ``transfo topics --project DIR [...]`` fits the model (as before);
- ``transfo topics list --project DIR`` lists the current topics with their number;
- ``transfo topics name --project DIR TOPIC "Nom" [--author NAME]`` names a topic.

The command lives in ``batch``, the layer that runs several steps, because fitting takes the
codebook's keywords and the codings from the coding step and hands them to the topics step
(topics never import coding).
"""

from __future__ import annotations

import argparse
import json

from transfo_analysis.config import open_project
from transfo_analysis.i18n import _


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--project", help="project directory (after `transfo pseudonymise`)")
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
    sub = p.add_subparsers(dest="action", metavar="ACTION")
    lst = sub.add_parser("list", help="list the current topics, their number and who named them")
    lst.add_argument("--project", default=argparse.SUPPRESS, help="project directory")
    name = sub.add_parser("name", help='name a topic: transfo topics name --project DIR 3 "Nom"')
    name.add_argument("--project", default=argparse.SUPPRESS, help="project directory")
    name.add_argument("topic", type=int, help="topic number (see `transfo topics list`)")
    name.add_argument("name", help="the name, in quotes")
    name.add_argument("--author", help="who names it (default: TRANSFO_CODER, settings, login)")


def run(args: argparse.Namespace) -> int:
    from transfo_analysis.errors import ConfigError

    if not args.project:
        raise ConfigError("indiquez le dossier du projet", hint="transfo topics --project DOSSIER")
    project = open_project(args.project)
    if args.action == "name":
        return _name(project, args)
    if args.action == "list":
        return _list(project)
    return _fit(project, args)


def _fit(project, args: argparse.Namespace) -> int:
    from transfo_analysis.coding import codebook_seed_words, project_codings
    from transfo_analysis.topics import topics_dir, topics_project

    result = topics_project(
        project,
        codings=project_codings(project),
        seed_topic_list=codebook_seed_words(project) if args.guided else None,
        seed=args.seed,
        embedding=args.embedding,
        include_interviewer=True if args.interviewer else None,
        stability=not args.no_stability,
        show_progress=not args.quiet,
    )
    out = topics_dir(project)
    s = result.summary()
    print(french_summary(s, result, out))
    if args.json_file:
        with open(args.json_file, "w", encoding="utf-8") as fh:
            json.dump(
                {**s, "names": result.provenance.get("names"), "artifacts": str(out)},
                fh,
                ensure_ascii=False,
                indent=2,
            )
    return 0


def _name(project, args: argparse.Namespace) -> int:
    from transfo_analysis.topics import name_topic, names_file

    entry = name_topic(project, args.topic, args.name, author=args.author)
    was = f" (remplace « {entry['replaced']} »)" if entry["replaced"] else ""
    print(
        f"Thème {entry['topic']} nommé « {entry['name']} » par {entry['author']}{was} ; "
        f"libellé automatique : « {entry['auto_label']} »."
    )
    print(
        f"Nom enregistré dans {names_file(project)} ; il sera repris au prochain ajustement si le thème se retrouve."
    )
    return 0


def _list(project) -> int:
    from transfo_analysis.topics import load_names, load_topics

    result = load_topics(project)
    print(f"{'n°':>4}  {'taille':>6}  libellé")
    for row in result.topics.itertuples():
        source = getattr(row, "label_source", "auto")
        who = f" — nommé par {row.name_author}" if source == "team" else ""
        mark = " (libellé automatique)" if source == "auto" else ""
        print(f"{row.topic:>4}  {row.n_segments:>6}  {row.label}{mark}{who}")
    lost = [n for n in load_names(project) if n.get("status") == "unmatched"]
    for n in lost:
        print(f"  Nom sans thème correspondant dans ce modèle : « {n['name']} » ({n['author']})")
    return 0


def _fr(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def french_summary(s: dict, result, out) -> str:
    """The French summary ``transfo topics`` prints (topics, shares, stability, names)."""
    lines = [
        f"Thèmes : {s['n_topics']} · unités modélisées : {s['n_units']} ({s['n_segments']} segments) · "
        f"hors thème : {_fr(100 * s['outlier_share'], 1)} % · plongements : {s['embedding']}",
        f"Sans réponse / rien à signaler : {s['n_non_answers']} segments "
        f"({_fr(100 * s['non_answer_share'], 1)} %), mis à part avant l'ajustement",
    ]
    if s.get("stability_score") is not None:
        lines.append(
            f"Stabilité sur {s['stability']['n_runs']} graines : indice de Rand ajusté {_fr(s['stability_score'])}, "
            f"recouvrement des thèmes {_fr(s['topic_overlap'])}"
        )
    else:
        lines.append("Stabilité : non mesurée")
    sample = result.provenance.get("sample") or {}
    if sample.get("used"):  # a large corpus: say so, with what the stability refits used
        lines.append(
            _(
                "Model fitted on a sample of {n_fitted} units (stratified by territory and role, "
                "seed {seed}); {n_assigned} other units joined their nearest topic; stability "
                "measured on {n_stability} units"
            ).format(
                n_fitted=sample["n_fitted"],
                seed=sample["seed"],
                n_assigned=sample["n_assigned"],
                n_stability=result.provenance.get("stability_units", 0),
            )
        )
    t = s["timings"]
    lines.append("Durées : " + ", ".join(f"{k} {_fr(v, 1)} s" for k, v in t.items()))
    shown = result.display_labels()
    topics = result.topics
    for row in (
        topics[topics["topic"] >= 0].sort_values("size", ascending=False).head(10).itertuples()
    ):
        lines.append(f"  {row.topic:>3} · {shown[row.topic]} ({row.size})")
    names = result.provenance.get("names") or {}
    for m in names.get("matched", []):
        lines.append(
            f"Nom repris : « {m['name']} » ({m['author']}) → thème {m['topic']} "
            f"(ancien thème {m['previous_topic']}, similarité {_fr(m['similarity'])})"
        )
    from transfo_analysis.topics import MATCH_THRESHOLD

    for m in names.get("unmatched", []):
        lines.append(
            f"Nom NON repris : « {m['name']} » ({m['author']}) : aucun thème assez proche "
            f"(meilleure similarité {_fr(m['best_similarity'])}, seuil {_fr(MATCH_THRESHOLD)}) ; "
            "il reste enregistré et pourra être repris ou redonné"
        )
    lines.append(f"Tables écrites dans {out}")
    return "\n".join(lines)
