"""The evidence command speaks French by default and English with ``TRANSFO_LANG=en``."""

from __future__ import annotations

import pytest

from transfo_analysis import evidence as ev
from transfo_analysis.cli import main
from transfo_analysis.evidence import EvidenceError


@pytest.fixture
def project(tmp_path):
    """A project folder with nothing in it yet: enough for the refusals checked here."""
    (tmp_path / "project.yaml").write_text("name: Essai\n", encoding="utf-8")
    return tmp_path


def _language(monkeypatch, code: str | None) -> None:
    for var in ("TRANSFO_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    if code:
        monkeypatch.setenv("TRANSFO_LANG", code)


def _export(project, name: str, capsys) -> tuple[int, str]:
    out = project / name
    code = main(["evidence", "export", "--stakeholder", "--project", str(project), str(out)])
    return code, capsys.readouterr().err


def test_cli_refusal_is_french_by_default(monkeypatch, project, capsys):
    _language(monkeypatch, None)
    code, err = _export(project, "trail.jsonld", capsys)
    assert code == 2
    assert "transfo evidence : erreur :" in err
    assert "l'export W3C garde les identifiants de segments" in err
    assert "exportez la matrice en .csv ou .xlsx avec --stakeholder" in err
    assert "keeps segment ids" not in err
    assert not (project / "trail.jsonld").exists()  # refused: nothing written


def test_cli_refusal_is_english_on_request(monkeypatch, project, capsys):
    _language(monkeypatch, "en")
    code, err = _export(project, "trail.qdpx", capsys)
    assert code == 2
    assert "transfo evidence: error:" in err
    assert "the REFI-QDA export is for the research team only" in err
    assert "réservé" not in err


def test_api_errors_follow_the_language(monkeypatch):
    _language(monkeypatch, None)
    with pytest.raises(EvidenceError, match="cible de preuve illisible « nimporte »"):
        ev.parse_target("nimporte")
    _language(monkeypatch, "en")
    with pytest.raises(EvidenceError, match="unreadable evidence target « nimporte »"):
        ev.parse_target("nimporte")


def test_decision_refusals_name_the_field_in_both_languages(monkeypatch, trail):
    pid = ev.propose(trail, "Ouvrir le samedi")
    _language(monkeypatch, None)
    with pytest.raises(EvidenceError, match="le champ « instance » manque"):
        ev.decide(trail, pid, "à l'étude", date="2025-06-18")
    _language(monkeypatch, "en")
    with pytest.raises(EvidenceError, match="the field « date » is missing"):
        ev.decide(trail, pid, "à l'étude", instance="comité de pilotage")
