"""Play the attacker on the demo's published artifacts: from every table of a territory's report
and of the synthesis shown beside it (the dashboards show both), sums and differences recover no
masked value.

Needs the demo's published reports (``transfo run --project data`` in this checkout).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from transfo_analysis.anonymise.disclosure import recoverable_cells

REPO = Path(__file__).resolve().parents[2]
REPORTS = REPO / "reports"
TOTAL = "total"
KEY_FIGURES = {
    "Personnes entendues": "n_respondents",
    "Prises de parole": "n_segments",
    "Mots prononcés ou écrits": "n_words",
}

pytestmark = pytest.mark.skipif(
    not (REPORTS / "index.json").exists(),
    reason="the demo's reports are not published (transfo run --project data)",
)


def _french(text: str) -> float | None:
    """« 15 133 » → 15133; « masqué », « < 5 » → unknown."""
    try:
        return float(str(text).replace("\u202f", "").replace("\xa0", "").replace(",", "."))
    except ValueError:
        return None


def _table(slug: str, name: str) -> pd.DataFrame | None:
    path = REPORTS / slug / "artifacts" / f"{name}.parquet"
    return pd.read_parquet(path) if path.exists() else None


def published_cells(territory: str) -> tuple[dict, list]:
    """What a reader sees about a territory: ``{cell: value or None}`` and the sums between cells
    (``(total, parts)``), cells keyed the same way in every table that shows them."""
    shown: dict = {}
    relations: list = []

    def see(cell, value):
        value = None if value is None or (isinstance(value, float) and math.isnan(value)) else value
        if shown.get(cell) is None:
            shown[cell] = value

    kf = _table(territory, "key_figures")
    for label, value in zip(kf["indicateur"], kf["valeur"], strict=True):
        if label in KEY_FIGURES:
            see((territory, TOTAL, KEY_FIGURES[label]), _french(value))
    voices = _table(territory, "voices_by_role")
    for measure in KEY_FIGURES.values():
        parts = [(territory, r, measure) for r in voices["role"]]
        for cell, v in zip(parts, voices[measure], strict=True):
            see(cell, v)
        relations.append(((territory, TOTAL, measure), parts))
    overview = _table("synthese", "territories_overview")
    row = overview[overview["territory"] == territory].iloc[0]
    for measure in KEY_FIGURES.values():
        see((territory, TOTAL, measure), row[measure])
    roles = _table("synthese", "roles_by_territory")
    roles = roles[roles["territory"] == territory]
    for measure in ("n_respondents", "n_words"):
        parts = [(territory, r, measure) for r in roles["role"]]
        for cell, v in zip(parts, roles[measure], strict=True):
            see(cell, v)
        relations.append(((territory, TOTAL, measure), parts))
    see((territory, TOTAL, "n_words"), roles["n_words_total"].iloc[0])
    codes = _table(territory, "top_codes")
    if codes is not None and len(codes):
        for code, part in codes.groupby("code"):
            for measure in ("n_segments", "n_respondents"):
                for r, v in zip(part["role"], part[measure], strict=True):
                    see(("code", code, r, measure), v)
                relations.append(
                    (
                        ("code", code, "tous", measure),
                        [("code", code, r, measure) for r in part["role"] if r != "tous"],
                    )
                )
    return shown, relations


def sums_and_differences(shown: dict, relations: list) -> dict:
    """The attack: any sum with one unknown term gives it; repeat until nothing more comes."""
    known = {c: v for c, v in shown.items() if v is not None}
    recovered = {}
    changed = True
    while changed:
        changed = False
        for total, parts in relations:
            cells = [total, *parts]
            unknown = [c for c in cells if c not in known]
            if len(unknown) != 1:
                continue
            (cell,) = unknown
            rest = sum(known[p] for p in parts if p in known)
            known[cell] = recovered[cell] = known[total] - rest if cell != total else rest
            changed = True
    return recovered


def test_the_attack_works_on_a_table_without_complementary_suppression():
    shown = {("t", TOTAL, "n"): 103.0, ("t", "usager", "n"): 94.0, ("t", "agent", "n"): 8.0}
    shown[("t", "elu", "n")] = None  # « < 5 »
    relations = [
        (("t", TOTAL, "n"), [("t", "usager", "n"), ("t", "agent", "n"), ("t", "elu", "n")])
    ]
    assert sums_and_differences(shown, relations) == {("t", "elu", "n"): 1.0}


def test_no_masked_value_can_be_recomputed_from_what_is_published():
    index = json.loads((REPORTS / "index.json").read_text(encoding="utf-8"))
    territories = [t["slug"] for t in index["territories"]]
    assert territories
    n_masked = 0
    for territory in territories:
        shown, relations = published_cells(territory)
        masked = {c for c, v in shown.items() if v is None}
        n_masked += len(masked)
        assert sums_and_differences(shown, relations) == {}, territory
        # and no combination of the sums either (linear algebra, not only one term at a time)
        assert recoverable_cells(shown, masked, relations) == set(), territory
    assert n_masked > 0  # the demo has small groups: something is masked
