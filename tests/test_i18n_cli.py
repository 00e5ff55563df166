"""The language of real commands: French by default, English with ``TRANSFO_LANG=en``.

Each test runs the ``transfo`` command in a subprocess, as a user would, and reads what it
prints: the help, the load report of a folder holding a damaged ``.docx`` and a CSV with a broken
line, and the summary of ``transfo run`` on a pilot of three interviews (issue 16, item 4).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: three fictional interviews of the demo (committed, no personal data)
PILOT = ["hc-u01.txt", "hc-a01.txt", "hc-u04.txt"]


def transfo(*args: str, lang: str | None = None, cwd: Path | None = None) -> str:
    """What ``transfo ARGS`` prints (stdout and stderr), in ``lang`` or the default language."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"TRANSFO_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"}
    }
    env.update(LANG="C.UTF-8", TRANSFO_PROGRESS="0")
    if lang is not None:
        env["TRANSFO_LANG"] = lang
    done = subprocess.run(
        [sys.executable, "-m", "transfo_analysis.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=900,
    )
    return done.stdout + done.stderr


@pytest.mark.parametrize("command", [[], ["ingest"]])
def test_help_is_french_by_default_and_english_on_request(command):
    fr = transfo(*command, "--help")
    en = transfo(*command, "--help", lang="en")
    assert fr.startswith("utilisation : transfo") and en.startswith("usage: transfo")
    assert "afficher cette aide et quitter" in fr and "show this help message and exit" in en
    if command == ["ingest"]:
        assert "dossier du projet (créé s'il n'existe pas)" in fr
        assert "sans barre de progression" in fr
        assert "project directory (created if missing)" in en and "no progress bar" in en
    for english in ("show this help", "project directory", "no progress bar", "default:"):
        assert english not in fr


def _damaged_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + "E : bonjour " * 400)
    data = buffer.getvalue()
    return data[: len(data) // 2]  # a copy cut short


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources" / "valliere"
    folder.mkdir(parents=True)
    (folder / "entretien-abime.docx").write_bytes(_damaged_docx())
    (folder / "enquete.csv").write_bytes(
        b'reponse,service\nbien,accueil\n"mal,accueil\nencore,guichet\n'
    )
    shutil.copy(REPO / "data" / "raw" / "hautes-combes" / "entretiens" / PILOT[0], folder)
    return folder.parent


def test_load_report_names_files_and_lines_in_french_by_default(sources: Path, tmp_path: Path):
    out = transfo("ingest", str(sources), "--project", str(tmp_path / "fr"), "--quiet")
    assert "Fichiers lus : 2 · ignorés : 1" in out
    assert "Fichiers non chargés :" in out
    (docx_line,) = [line for line in out.splitlines() if "entretien-abime.docx" in line]
    assert ".docx invalide (l'archive zip est endommagée ou tronquée" in docx_line
    assert "copiez de nouveau le fichier, ou ouvrez-le dans Word ou LibreOffice" in docx_line
    (csv_line,) = [line for line in out.splitlines() if "enquete.csv" in line]
    assert "enquete.csv, ligne 3 : ligne illisible (guillemet ouvert jamais refermé)" in csv_line
    assert "Avertissements (1) :" in out
    for english in ("not a valid", "Files not loaded", "line 3", "unreadable", "Warnings"):
        assert english not in out


def test_load_report_is_english_on_request(sources: Path, tmp_path: Path):
    out = transfo("ingest", str(sources), "--project", str(tmp_path / "en"), "--quiet", lang="en")
    assert "Files read: 2 · skipped: 1" in out and "Files not loaded:" in out
    (docx_line,) = [line for line in out.splitlines() if "entretien-abime.docx" in line]
    assert "not a valid .docx (the zip archive is damaged or truncated" in docx_line
    (csv_line,) = [line for line in out.splitlines() if "enquete.csv" in line]
    assert "enquete.csv, line 3: unreadable line (a quote opened and never closed)" in csv_line
    assert "Warnings (1):" in out
    for french in ("invalide", "Fichiers", "ligne", "illisible", "Avertissements"):
        assert french not in out


@pytest.mark.slow
def test_run_summary_french_by_default_english_on_request(tmp_path: Path):
    """A pilot of three interviews: the summary of the first run in French, of a rerun (the
    unchanged steps skipped) in English."""
    project = tmp_path / "pilote"
    raw = project / "raw" / "valliere"
    raw.mkdir(parents=True)
    for name in PILOT:
        shutil.copy(REPO / "data" / "raw" / "hautes-combes" / "entretiens" / name, raw / name)
    fr = transfo("run", "--project", str(project), "--quiet")
    assert "Résumé de l'exécution" in fr
    assert "  étape ingest " in fr and "  rapport valliere " in fr
    assert "Rapports : 2 publiés, 0 inchangé, 0 en échec, 0 bloqué (fuite)" in fr
    assert "STATUT : OK" in fr
    # the frame of the summary (step notices come from each stage, in its own words)
    frame = [line for line in fr.splitlines() if not line.startswith(" " * 6)]
    for english in ("Run summary", "  step ", "STATUS", "published,", "(s)"):
        assert not any(english in line for line in frame), english
    en = transfo("run", "--project", str(project), "--quiet", lang="en")
    assert "Run summary" in en and "  step ingest " in en and "  report valliere " in en
    assert re.search(r"Reports: \d published, \d unchanged, 0 failed, 0 blocked \(leak\)", en)
    assert "STATUS: OK" in en
    frame = [line for line in en.splitlines() if not line.startswith(" " * 6)]
    for french in ("Résumé", "étape", "inchangé", "STATUT", "Rapports"):
        assert not any(french in line for line in frame), french
