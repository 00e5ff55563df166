"""Paths and small builders shared by the barometer tests (imported by name: keep it unique)."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
REPO = HERE.parents[1]
DEMO_CSV = REPO / "tools" / "demo_corpus" / "static" / "barometre" / "barometre-satisfaction.csv"


def wide(
    rows: list[tuple],
    *,
    header: str = "vague;territoire;service;id_repondant;profil;poids;note_accueil",
) -> list[str]:
    """Lines of a wide survey from tuples of cells."""
    return [header, *(";".join(str(c) for c in r) for r in rows)]
