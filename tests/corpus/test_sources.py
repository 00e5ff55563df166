"""Where ingest finds files: links to folders followed once (or reported), territory per folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from transfo_analysis.batch._stages import files_fingerprint
from transfo_analysis.cli import main
from transfo_analysis.corpus import ingest, walk_folder

INTERVIEW = (
    "Enquêteur : Comment se passe l'accueil ?\nMme Diallo : On attend longtemps au guichet.\n"
)

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")


def _interview(path: Path, extra: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(INTERVIEW + extra, encoding="utf-8")
    return path


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """``raw/`` with a plain folder, a link to a shared drive, a loop, a duplicate and a broken
    link."""
    _interview(tmp_path / "drive/sarne/entretiens/s1.txt", "Mme Diallo : Sarne.\n")
    _interview(tmp_path / "drive/sarne/entretiens/s2.txt", "Mme Diallo : Encore Sarne.\n")
    raw = tmp_path / "raw"
    _interview(raw / "valcourt/v1.txt")
    (raw / "sarne").symlink_to(tmp_path / "drive/sarne", target_is_directory=True)
    (raw / "valcourt/boucle").symlink_to(raw, target_is_directory=True)  # a loop
    (raw / "valcourt-bis").symlink_to(raw / "valcourt", target_is_directory=True)  # seen already
    (raw / "perdu").symlink_to(tmp_path / "nowhere", target_is_directory=True)  # broken
    return raw


def test_links_to_folders_are_followed_and_loops_reported_once(linked: Path):
    corpus, report = ingest([linked], show_progress=False)
    titles = sorted(corpus.documents["title"])
    assert titles == ["s1", "s2", "v1"]
    assert dict(zip(corpus.documents["title"], corpus.documents["territory"], strict=True)) == {
        "v1": "valcourt",
        "s1": "sarne",
        "s2": "sarne",
    }
    skipped = {Path(s["path"]).name: s["reason"] for s in report.skipped}
    assert set(skipped) == {"boucle", "valcourt-bis", "perdu"}
    assert "une boucle" in skipped["boucle"]
    assert "déjà lu" in skipped["valcourt-bis"]
    assert "cassé" in skipped["perdu"]
    assert "ignorés : 3" in report.format()


def test_follow_links_false_reports_the_links_instead(linked: Path):
    corpus, report = ingest([linked], follow_links=False, show_progress=False)
    assert corpus.documents["title"].tolist() == ["v1"]
    reasons = {Path(s["path"]).name: s["reason"] for s in report.skipped}
    assert "follow_links: false" in reasons["sarne"]
    assert "follow_links: false" in reasons["boucle"]
    assert len(report.skipped) == 4  # never "skipped: 0" when links were passed over


def test_manifest_globs_match_files_under_a_followed_link(linked: Path):
    manifest = linked.parent / "manifest.yaml"
    manifest.write_text(
        yaml.safe_dump(
            {
                "files": [
                    {"match": "raw/sarne/**", "territory": "pays-de-sarne"},
                    {"match": "raw/valcourt/**", "territory": "valcourt"},
                ]
            }
        ),
        encoding="utf-8",
    )
    corpus, report = ingest(
        [linked], manifest=manifest, project_root=linked.parent, show_progress=False
    )
    assert sorted(corpus.documents["territory"]) == ["pays-de-sarne", "pays-de-sarne", "valcourt"]
    assert not [i for i in report.issues if "no manifest entry" in i.message]
    assert sorted(corpus.documents["source_path"]) == [
        "raw/sarne/entretiens/s1.txt",
        "raw/sarne/entretiens/s2.txt",
        "raw/valcourt/v1.txt",
    ]


def test_a_file_seen_directly_keeps_its_own_folder(tmp_path: Path):
    _interview(tmp_path / "raw/zeta/z1.txt")
    (tmp_path / "raw/alpha").symlink_to(tmp_path / "raw/zeta", target_is_directory=True)
    walk = walk_folder(tmp_path / "raw")
    assert [p.relative_to(tmp_path).as_posix() for p in walk.files] == ["raw/zeta/z1.txt"]
    assert [p.name for p, _ in walk.passed_over] == ["alpha"]


def test_project_setting_and_cli(linked: Path, capsys: pytest.CaptureFixture[str]):
    project = linked.parent
    (project / "project.yaml").write_text(yaml.safe_dump({"ingest": {"follow_links": False}}))
    assert main(["ingest", "--project", str(project), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "ignorés : 4" in out and "non suivi" in out
    (project / "project.yaml").write_text("{}")
    assert main(["ingest", "--project", str(project), "--quiet"]) == 0
    assert "Documents : 3" in capsys.readouterr().out


def test_fingerprint_sees_edits_inside_linked_folders(linked: Path):
    before = files_fingerprint([linked])
    _interview(linked.parent / "drive/sarne/entretiens/s2.txt", "Mme Diallo : Modifié.\n")
    assert files_fingerprint([linked]) != before


@pytest.mark.parametrize(
    ("relative", "source", "territory"),
    [
        ("raw/valcourt/entretiens/a.txt", "raw", "valcourt"),
        ("raw/valcourt/a.txt", "raw", "valcourt"),
        ("raw/a.txt", "raw", "raw"),
        ("corpora/eslo/eslo2/a.txt", "corpora", "eslo"),
        ("raw/valcourt/a.txt", "raw/valcourt", "valcourt"),
    ],
)
def test_territory_is_the_folder_under_the_source(
    tmp_path: Path, relative: str, source: str, territory: str
):
    _interview(tmp_path / relative)
    corpus, report = ingest([tmp_path / source], show_progress=False)
    assert corpus.documents["territory"].tolist() == [territory]
    (info,) = [i for i in report.issues if i.message == "territoire tiré du nom du dossier"]
    assert territory in (info.hint or "")


@pytest.mark.shared
def test_shared_folder_territories_are_its_subfolders(shared: Path):
    corpus, _ = ingest([shared], show_progress=False)
    by_folder = corpus.documents.assign(
        folder=corpus.documents["source_path"].str.split("/").str[1]
    )
    assert (by_folder["territory"] == by_folder["folder"]).all()
    assert {"cfpp2000", "eslo", "grand-debat"} <= set(corpus.documents["territory"])
