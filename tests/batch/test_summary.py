"""The run summary shows the ingest warnings themselves (bounded) and notices of skipped work."""

from __future__ import annotations

from pathlib import Path

from transfo_analysis.batch._summary import MAX_NOTICES, format_summary, ingest_notices
from transfo_analysis.config import open_project
from transfo_analysis.corpus import ingest
from transfo_analysis.provenance import write_json_atomic

BROKEN = 'id;reponse\nu1;Bien\nu2;"Le guichet ferme tôt\nu3;Trop d\'attente\nu4;"Rien"\n'


def _summary(project: Path, *, notices: list[str] | None = None) -> dict:
    return {
        "status": "ok",
        "seconds": 1.0,
        "error": None,
        "steps": [
            {"name": "ingest", "status": "ok", "seconds": 0.5, "error": None, "notices": []},
            {"name": "topics", "status": "ok", "seconds": 0.1, "notices": notices or []},
        ],
        "reports": [],
        "ingest": ingest_notices(open_project(project)),
    }


def _ingested(project: Path) -> None:
    corpus, report = ingest([project / "raw"], project_root=project, show_progress=False)
    write_json_atomic(project / "interim" / "load-report.json", report.to_dict())


def test_ingest_warnings_are_printed_with_file_and_line(tmp_path: Path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "enquete.csv").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "raw" / "notes.pdf").write_bytes(b"%PDF")
    _ingested(tmp_path)
    text = format_summary(_summary(tmp_path), reports_dir=tmp_path / "reports")
    assert "2 avertissements à la lecture des sources" in text
    assert "raw/notes.pdf : non chargé" in text
    assert "raw/enquete.csv, ligne 3 : ligne illisible (guillemet" in text
    assert text.rstrip().endswith("STATUT : OK avec avertissements (voir ci-dessus)")


def test_many_warnings_are_bounded_and_point_to_the_load_report(tmp_path: Path):
    (tmp_path / "raw").mkdir()
    for i in range(MAX_NOTICES + 5):
        (tmp_path / "raw" / f"notes-{i:02d}.pdf").write_bytes(b"%PDF")
    (tmp_path / "raw" / "enquete.csv").write_text(BROKEN, encoding="utf-8")
    _ingested(tmp_path)
    summary = _summary(tmp_path)
    assert summary["ingest"]["total"] == MAX_NOTICES + 6
    text = format_summary(summary, reports_dir=tmp_path / "reports")
    assert text.count(" : non chargé — ") == MAX_NOTICES
    assert "… et 6 autres, voir interim/load-report.json" in text


def test_clean_run_says_ok_and_step_notices_say_with_warnings(tmp_path: Path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "enquete.csv").write_text("id;reponse\nu1;Bien\n", encoding="utf-8")
    _ingested(tmp_path)
    assert format_summary(_summary(tmp_path), reports_dir=tmp_path).endswith("STATUT : OK")
    text = format_summary(
        _summary(tmp_path, notices=["thèmes non calculés : corpus trop petit"]),
        reports_dir=tmp_path,
    )
    assert "      ⚠ thèmes non calculés : corpus trop petit" in text
    assert text.endswith("STATUT : OK avec avertissements (voir ci-dessus)")


def test_no_load_report_yet_shows_nothing(tmp_path: Path):
    assert ingest_notices(open_project(tmp_path)) is None


def test_reinert_not_computed_becomes_a_french_notice(tmp_path: Path, monkeypatch):
    from types import SimpleNamespace

    import transfo_analysis.textometry as textometry
    from transfo_analysis.batch import _steps

    summary = {"n_turns": 12, "reinert": {"status": "not computed", "reason": "too few"}}
    monkeypatch.setattr(
        textometry, "textometry_project", lambda project, **_: SimpleNamespace(summary=summary)
    )
    result = _steps.textometry(open_project(tmp_path), show_progress=False)
    (notice,) = result["notices"]
    assert notice.startswith("Classification de Reinert non calculée : corpus trop petit")
    assert "12 prises de parole" in notice
