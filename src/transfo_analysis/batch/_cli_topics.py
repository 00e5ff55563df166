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
from transfo_analysis.i18n import _, ngettext


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--project", help=_("project directory (after `transfo pseudonymise`)"))
    p.add_argument("--seed", type=int, help=_("random seed (default: settings seed, 42)"))
    p.add_argument(
        "--embedding",
        help=_(
            "embedding backend: tfidf, spacy, spacy-sif, e5, local (default: settings "
            "topics.embedding)"
        ),
    )
    p.add_argument(
        "--interviewer", action="store_true", help=_("model the interviewer's turns too")
    )
    p.add_argument(
        "--guided", action="store_true", help=_("guided topics seeded with the codebook's keywords")
    )
    p.add_argument(
        "--no-stability",
        action="store_true",
        help=_("fit one seed only (faster, no stability score)"),
    )
    p.add_argument(
        "--json",
        dest="json_file",
        help=_("write the summary (topics, outliers, stability, timings) as JSON"),
    )
    p.add_argument("--quiet", action="store_true", help=_("no progress bar"))
    sub = p.add_subparsers(dest="action", metavar="ACTION")
    lst = sub.add_parser("list", help=_("list the current topics, their number and who named them"))
    lst.add_argument("--project", default=argparse.SUPPRESS, help=_("project directory"))
    name = sub.add_parser("name", help=_('name a topic: transfo topics name --project DIR 3 "Nom"'))
    name.add_argument("--project", default=argparse.SUPPRESS, help=_("project directory"))
    name.add_argument("topic", type=int, help=_("topic number (see `transfo topics list`)"))
    name.add_argument("name", help=_("the name, in quotes"))
    name.add_argument("--author", help=_("who names it (default: TRANSFO_CODER, settings, login)"))


def run(args: argparse.Namespace) -> int:
    from transfo_analysis.errors import ConfigError

    if not args.project:
        raise ConfigError(_("give the project folder"), hint=_("transfo topics --project FOLDER"))
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
    was = _(" (replaces « {name} »)").format(name=entry["replaced"]) if entry["replaced"] else ""
    print(
        _(
            "Topic {topic} named « {name} » by {author}{replaced}; automatic label: « {auto} »."
        ).format(
            topic=entry["topic"],
            name=entry["name"],
            author=entry["author"],
            replaced=was,
            auto=entry["auto_label"],
        )
    )
    print(
        _(
            "Name saved in {path}; it will be carried to the next fit if the topic is found again."
        ).format(path=names_file(project))
    )
    return 0


def _list(project) -> int:
    from transfo_analysis.topics import load_names, load_topics

    result = load_topics(project)
    # the headers are translated outside the f-string: extraction does not look inside one
    number, size, label = _("no."), _("size"), _("label")
    print(f"{number:>4}  {size:>6}  {label}")
    for row in result.topics.itertuples():
        source = getattr(row, "label_source", "auto")
        who = _(" — named by {author}").format(author=row.name_author) if source == "team" else ""
        mark = _(" (automatic label)") if source == "auto" else ""
        print(f"{row.topic:>4}  {row.n_segments:>6}  {row.label}{mark}{who}")
    lost = [n for n in load_names(project) if n.get("status") == "unmatched"]
    for n in lost:
        print(
            _("  Name without a matching topic in this model: « {name} » ({author})").format(
                name=n["name"], author=n["author"]
            )
        )
    return 0


def _fr(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def french_summary(s: dict, result, out) -> str:
    """The French summary ``transfo topics`` prints (topics, shares, stability, names)."""
    lines = [
        _(
            "Topics: {topics} · units modelled: {units} ({segments}) · outside any topic: "
            "{outliers} % · embeddings: {embedding}"
        ).format(
            topics=s["n_topics"],
            units=s["n_units"],
            segments=ngettext("{n} segment", "{n} segments", s["n_segments"]).format(
                n=s["n_segments"]
            ),
            outliers=_fr(100 * s["outlier_share"], 1),
            embedding=s["embedding"],
        ),
        _("No answer / nothing to report: {segments} ({share} %), set apart before the fit").format(
            segments=ngettext("{n} segment", "{n} segments", s["n_non_answers"]).format(
                n=s["n_non_answers"]
            ),
            share=_fr(100 * s["non_answer_share"], 1),
        ),
    ]
    if s.get("stability_score") is not None:
        lines.append(
            _(
                "Stability over {n} seeds: adjusted Rand index {score}, topic overlap {overlap}"
            ).format(
                n=s["stability"]["n_runs"],
                score=_fr(s["stability_score"]),
                overlap=_fr(s["topic_overlap"]),
            )
        )
    else:
        lines.append(_("Stability: not measured"))
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
    lines.append(
        _("Durations: {timings}").format(
            timings=", ".join(f"{k} {_fr(v, 1)} s" for k, v in t.items())
        )
    )
    shown = result.display_labels()
    topics = result.topics
    for row in (
        topics[topics["topic"] >= 0].sort_values("size", ascending=False).head(10).itertuples()
    ):
        lines.append(f"  {row.topic:>3} · {shown[row.topic]} ({row.size})")
    names = result.provenance.get("names") or {}
    for m in names.get("matched", []):
        lines.append(
            _(
                "Name carried over: « {name} » ({author}) → topic {topic} (former topic "
                "{previous}, similarity {similarity})"
            ).format(
                name=m["name"],
                author=m["author"],
                topic=m["topic"],
                previous=m["previous_topic"],
                similarity=_fr(m["similarity"]),
            )
        )
    from transfo_analysis.topics import MATCH_THRESHOLD

    for m in names.get("unmatched", []):
        lines.append(
            _(
                "Name NOT carried over: « {name} » ({author}): no topic close enough (best "
                "similarity {similarity}, threshold {threshold}); it stays saved and can be "
                "carried over or given again"
            ).format(
                name=m["name"],
                author=m["author"],
                similarity=_fr(m["best_similarity"]),
                threshold=_fr(MATCH_THRESHOLD),
            )
        )
    lines.append(_("Tables written to {folder}").format(folder=out))
    return "\n".join(lines)
