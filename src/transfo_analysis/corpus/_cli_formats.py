"""``transfo formats``: the readers and the suffixes they handle."""

from __future__ import annotations

import argparse

from transfo_analysis.corpus.readers import readers
from transfo_analysis.i18n import _


def configure(p: argparse.ArgumentParser) -> None:
    del p  # no options


def run(args: argparse.Namespace) -> int:
    del args
    for name, reader in sorted(readers().items()):
        print(f"{name:12s} {' '.join(reader.suffixes):24s} {_(reader.description)}")
    return 0
