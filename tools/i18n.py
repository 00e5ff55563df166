"""Keep the French catalogue in step with the code: extract, update, compile, check.

    .venv/bin/python tools/i18n.py
        # extract the marked messages, update fr.po, compile fr.mo
    .venv/bin/python tools/i18n.py --check
        # exit 1 when a message lacks French or fr.mo is stale

(``python3 tasks.py i18n`` runs the first.) Messages are marked in the code with ``_()`` and
``ngettext()`` from :mod:`transfo_analysis.i18n`; argparse's own words are extracted from the
standard library so that ``--help`` and usage errors are French too. New messages arrive in
``fr.po`` with an empty translation: write it, then run this again.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "transfo_analysis"
PO = SRC / "locale" / "fr" / "LC_MESSAGES" / "transfo.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    """Every marked message of the package, plus argparse's."""
    template = _new_catalogue()
    for filename, lineno, message, comments, context in extract_from_dir(
        SRC, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        template.add(
            message,
            locations=[(f"transfo_analysis/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    with open(argparse.__file__, "rb") as fh:
        for lineno, message, comments, context in extract_from_file(
            "python", fh.name, keywords=KEYWORDS
        ):
            template.add(
                message,
                locations=[("argparse.py", lineno)],
                auto_comments=comments,
                context=context,
            )
    return template


HEADER = """\
# French messages of transfo-analysis: what users read, in French by default.
# Updated by `python3 tasks.py i18n`; translate every empty msgstr, keep {placeholders} as they are.
#"""


def _new_catalogue() -> Catalog:
    return Catalog(
        project="transfo-analysis",
        domain="transfo",
        locale="fr",
        charset="utf-8",
        header_comment=HEADER,
        last_translator="transfo-analysis contributors",
        language_team="French",
        fuzzy=False,
    )


def read_catalogue() -> Catalog:
    """The French catalogue as committed (empty when there is none yet)."""
    if not PO.exists():
        return _new_catalogue()
    with PO.open("rb") as fh:
        return read_po(fh, locale="fr", domain="transfo")


def compiled(catalogue: Catalog) -> bytes:
    """The ``.mo`` bytes of a catalogue."""
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    return buffer.getvalue()


def update() -> Catalog:
    """Bring ``fr.po`` in step with the code and compile ``fr.mo``."""
    catalogue = read_catalogue()
    template = extract()
    if PO.exists():  # the header keeps its dates: a rerun with nothing new changes nothing
        template.creation_date = catalogue.creation_date
    catalogue.update(template, no_fuzzy_matching=True)
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as fh:
        write_po(
            fh,
            catalogue,
            width=100,
            sort_output=False,
            ignore_obsolete=True,
            include_previous=False,
        )
    MO.write_bytes(compiled(read_catalogue()))
    return catalogue


def problems() -> list[str]:
    """What is wrong with the committed catalogue: missing or fuzzy French, a stale ``.mo``."""
    catalogue = read_catalogue()
    found = []
    for message in extract():
        if not message.id:
            continue
        entry = catalogue.get(message.id, context=message.context)
        where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
        if entry is None:
            found.append(f"absent from fr.po: {message.id!r} ({where})")
        elif entry.fuzzy or not (
            all(entry.string) if isinstance(entry.string, tuple | list) else entry.string
        ):
            found.append(f"no French translation: {message.id!r} ({where})")
    if not MO.exists() or MO.read_bytes() != compiled(catalogue):
        found.append("fr.mo is stale: run `python3 tasks.py i18n`")
    return found


def main(argv: list[str]) -> int:
    if argv[:1] == ["--check"]:
        found = problems()
        for line in found:
            print(line)
        return 1 if found else 0
    catalogue = update()
    missing = [m.id for m in catalogue if m.id and not m.string]
    print(f"{PO.relative_to(ROOT)}: {len(catalogue)} messages, {len(missing)} without French")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
