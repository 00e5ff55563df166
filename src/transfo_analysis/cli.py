"""The ``transfo`` command.

Each subcommand lives beside the step it runs (``corpus/_cli.py``…) and is imported only when
used, so ``transfo --help`` stays fast and a broken optional step never breaks the others.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from transfo_analysis import __version__
from transfo_analysis.errors import TransfoError
from transfo_analysis.i18n import N_, _, translate_argparse

#: subcommand -> (module providing ``configure(parser)`` and ``run(args) -> int``, help)
COMMANDS: dict[str, tuple[str, str]] = {
    "ingest": (
        "transfo_analysis.corpus._cli",
        N_("read transcripts and answers into the project's corpus"),
    ),
    "formats": (
        "transfo_analysis.corpus._cli_formats",
        N_("list the file formats the readers understand"),
    ),
    "parse": ("transfo_analysis.nlp._cli", N_("run the cached French NLP stage")),
    "pseudonymise": (
        "transfo_analysis.anonymise._cli",
        N_("pseudonymise the corpus (key, audit log)"),
    ),
    "check-leaks": (
        "transfo_analysis.anonymise._cli_leaks",
        N_("scan files for original identifiers"),
    ),
    "code": (
        "transfo_analysis.coding._cli",
        N_("suggest codes, measure agreement, export coded segments"),
    ),
    "qdpx": ("transfo_analysis.coding._cli_qdpx", N_("REFI-QDA export and import")),
    "topics": (
        "transfo_analysis.batch._cli_topics",
        N_("fit topic models (BERTopic, French defaults)"),
    ),
    "reinert": (
        "transfo_analysis.textometry._cli",
        N_("Reinert classification and textometry tables"),
    ),
    "barometer": (
        "transfo_analysis.barometer._cli",
        N_("import satisfaction surveys, compute indicators"),
    ),
    "evidence": (
        "transfo_analysis.evidence._cli",
        N_("findings, proposals, decisions and their evidence"),
    ),
    "run": (
        "transfo_analysis.batch._cli_run",
        N_("the whole job: every step, reports per territory, synthesis"),
    ),
    "serve": ("transfo_analysis.batch._cli_serve", N_("serve the read-only dashboards (Voilà)")),
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``transfo`` console script."""
    argv = sys.argv[1:] if argv is None else argv
    translate_argparse()
    # Build only the parser of the command asked for (imports stay lazy).
    parser = argparse.ArgumentParser(prog="transfo", add_help=False)
    parser.add_argument("command", nargs="?")
    known, _rest = parser.parse_known_args(argv[:1])
    commands = COMMANDS
    if known.command in commands:
        module_name, help_ = commands[known.command]
        module = importlib.import_module(module_name)
        p = argparse.ArgumentParser(prog=f"transfo {known.command}", description=_(help_))
        module.configure(p)
        args = p.parse_args(argv[1:])
        try:
            return int(module.run(args) or 0)
        except TransfoError as exc:
            print(
                _("transfo {command}: error: {error}").format(command=known.command, error=exc),
                file=sys.stderr,
            )
            return 2
        except KeyboardInterrupt:
            print(
                _("transfo {command}: interrupted; what was saved before is intact").format(
                    command=known.command
                ),
                file=sys.stderr,
            )
            return 130
    full = argparse.ArgumentParser(
        prog="transfo",
        description=_(
            "transfo-analysis: evidence from what users and agents of local public services say."
        ),
    )
    full.add_argument(
        "--version",
        action="version",
        version=f"transfo-analysis {__version__}",
        help=_("show the version and exit"),
    )
    sub = full.add_subparsers(dest="command", metavar=_("COMMAND"))
    for name, (_module, help_) in commands.items():
        sub.add_parser(name, help=_(help_))
    full.parse_args(argv)
    full.print_help()
    return 0 if not argv else 2


if __name__ == "__main__":
    sys.exit(main())
