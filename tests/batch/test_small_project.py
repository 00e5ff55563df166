"""A pilot of three short interviews runs to the end: steps too big for it are skipped, said in
French."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest

from transfo_analysis.cli import main

REPO = Path(__file__).resolve().parents[2]
# three fictional interviews of the demo (committed, no personal data)
PILOT = ["hc-u01.txt", "hc-a01.txt", "hc-u04.txt"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pilot_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, dict, str]:
    project = tmp_path_factory.mktemp("pilote")
    raw = project / "raw" / "valliere"
    raw.mkdir(parents=True)
    for name in PILOT:
        shutil.copy(REPO / "data" / "raw" / "hautes-combes" / "entretiens" / name, raw / name)
    out = project / "resume.json"
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        status = main(["run", "--project", str(project), "--json", str(out), "--quiet"])
    return project, status, json.loads(out.read_text(encoding="utf-8")), buffer.getvalue()


def test_three_interviews_end_ok_with_a_french_notice(pilot_run):
    project, status, summary, printed = pilot_run
    assert status == 0 and summary["status"] == "ok"
    steps = {s["name"]: s for s in summary["steps"]}
    assert steps["topics"]["status"] == "not computed"
    (notice,) = steps["topics"]["notices"]
    assert notice.startswith("Thèmes non calculés : le corpus est trop petit")
    assert "étape topics         non calculé" in printed
    assert f"⚠ {notice}" in printed
    assert "STATUT : OK avec avertissements" in printed
    assert {r["name"]: r["status"] for r in summary["reports"]} == {
        "valliere": "ok",
        "synthese": "ok",
    }


def test_reports_say_why_the_topics_section_is_empty(pilot_run):
    project = pilot_run[0]
    for name in ("valliere", "synthese"):
        html = (project / "reports" / name / "rapport.html").read_text(encoding="utf-8")
        assert "Thèmes non calculés : le corpus est trop petit" in html
        assert "Pas de modèle de thèmes." not in html


def test_a_rerun_skips_the_step_and_repeats_the_notice(pilot_run, capsys):
    project = pilot_run[0]
    assert main(["run", "--project", str(project), "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "étape topics         inchangé (ignoré)" in printed
    assert "⚠ Thèmes non calculés" in printed
    assert "STATUT : OK avec avertissements" in printed


def test_empty_quotes_section_says_why(pilot_run):
    html = (pilot_run[0] / "reports" / "valliere" / "rapport.html").read_text(encoding="utf-8")
    assert (
        "Aucune citation : les extraits sont choisis dans les codes validés ou les thèmes" in html
    )
