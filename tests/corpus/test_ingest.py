"""Ingest: manifest globs, roles, overlaps, stable ids, bad files reported and skipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transfo_analysis.corpus import Manifest, ingest
from transfo_analysis.corpus._roles import RESPONDENT, fold, guess_interviewer, role_from_label
from transfo_analysis.corpus.readers import RawDocument, Turn, register
from transfo_analysis.errors import ConfigError, InputError

#: these tests assert the English msgids; French is checked in tests/test_i18n_cli.py
pytestmark = pytest.mark.usefixtures("english_messages")


@register("pipes", [".pipes"], description="test format: label|start|end|text per line")
def _read_pipes(path: Path, data: bytes, options: dict) -> list[RawDocument]:
    turns = []
    for n, line in enumerate(data.decode("utf-8").splitlines(), start=1):
        if line.startswith("!"):
            raise InputError(path, "broken line", line=n, hint="remove the '!'")
        label, start, end, text = line.split("|")
        turns.append(
            Turn(
                label or None,
                text,
                float(start) if start else None,
                float(end) if end else None,
                line=n,
            )
        )
    return [RawDocument(turns)]


def _write(path: Path, lines: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


INTERVIEW = [
    "Enquêtrice|0|3|Bonjour, comment ça se passe à l'accueil ?",
    "Mme Diallo|3|9|Ben on attend, on attend [rire].",
    "Enquêtrice|8.5|10|Mh mh.",
    "Mme Diallo|10|15|Et personne ne répond au téléphone.",
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    _write(tmp_path / "raw/valcourt/entretiens/val-u01.pipes", INTERVIEW)
    _write(
        tmp_path / "raw/valcourt/entretiens/val-a01.pipes",
        ["E|||Qu'est-ce qui vous pèse ?", "Agent Martin|||La charge de travail."],
    )
    _write(
        tmp_path / "raw/sarne/s-u01.pipes",
        ["Q|||Vous habitez où ?", "R|||À Montbrac.", "R2|||Moi aussi."],
    )
    _write(tmp_path / "raw/sarne/broken.pipes", ["!oops"])
    _write(tmp_path / "raw/sarne/empty.pipes", [""])
    _write(tmp_path / "raw/sarne/notes.pdf", ["%PDF"])
    (tmp_path / "manifest.yaml").write_text(
        """
defaults: {method: entretien, respondent_role: usager}
territories: {valcourt: Métropole de Valcourt}
files:
  - match: "raw/valcourt/**"
    territory: valcourt
    service: accueil
    date: 2025-03-14
  - match: "raw/valcourt/entretiens/val-a*"
    respondent_role: agent
    service: action sociale
  - match: "raw/sarne/**"
    territory: sarne
""",
        encoding="utf-8",
    )
    return tmp_path


def test_ingest_applies_manifest_and_roles(project: Path, monkeypatch):
    monkeypatch.setenv("TRANSFO_LANG", "fr")  # this test reads the French the users see
    corpus, report = ingest(
        [project / "raw"], manifest=project / "manifest.yaml", project_root=project
    )
    docs = corpus.documents.set_index("title")
    assert docs.loc["val-u01", "territory"] == "valcourt"
    assert docs.loc["val-u01", "service"] == "accueil"
    assert str(docs.loc["val-u01", "date"].date()) == "2025-03-14"
    assert docs.loc["val-a01", "service"] == "action sociale"  # later rule overrides
    assert docs.loc["s-u01", "territory"] == "sarne"
    assert docs.loc["val-u01", "interviewer"] == "Enquêtrice"
    roles = dict(zip(corpus.speakers["label"], corpus.speakers["role"], strict=True))
    assert (
        roles["Enquêtrice"] == "enqueteur"
        and roles["E"] == "enqueteur"
        and roles["Q"] == "enqueteur"
    )
    assert roles["Mme Diallo"] == "usager"  # no rule: default respondent role
    assert roles["Agent Martin"] == "agent"
    assert roles["R"] == "usager" and roles["R2"] == "usager"
    # report: 3 loaded, 3 skipped with reasons naming the problem
    assert len(report.loaded) == 3
    reasons = {Path(s["path"]).name: s["reason"] for s in report.skipped}
    assert "ligne 1" in reasons["broken.pipes"] and "remove the '!'" in reasons["broken.pipes"]
    assert "fichier vide" in reasons["empty.pipes"]
    assert "aucun lecteur pour .pdf" in reasons["notes.pdf"]
    assert report.speakers_by_role == {"enqueteur": 3, "usager": 3, "agent": 1}
    assert report.n_segments == 9


def test_segments_words_overlaps_and_markup(project: Path):
    corpus, _ = ingest([project / "raw/valcourt/entretiens/val-u01.pipes"], project_root=project)
    seg = corpus.segments
    assert seg["turn"].tolist() == [0, 1, 2, 3]
    assert seg["n_words"].tolist() == [7, 5, 2, 6]  # [rire] is not a word; "l'accueil" counts once
    # the backchannel at 8.5 s overlaps the turn ending at 9 s
    assert seg["overlap"].tolist() == [False, True, True, False]
    assert seg["start"].tolist() == [0.0, 3.0, 8.5, 10.0]


def test_ids_are_stable_and_independent_of_other_files(project: Path, tmp_path_factory):
    c1, _ = ingest([project / "raw"], manifest=project / "manifest.yaml", project_root=project)
    _write(project / "raw/sarne/new.pipes", ["Q|||Une question ?", "R|||Une réponse."])
    c2, _ = ingest([project / "raw"], manifest=project / "manifest.yaml", project_root=project)
    assert set(c1.segments["segment_id"]) < set(c2.segments["segment_id"])
    # editing one turn changes only that turn's id
    path = project / "raw/valcourt/entretiens/val-u01.pipes"
    _write(path, [*INTERVIEW[:3], "Mme Diallo|10|15|Et personne ne décroche."])
    c3, _ = ingest([path], project_root=project)
    old = c1.segments[c1.segments["doc_id"] == c3.documents["doc_id"].iloc[0]][
        "segment_id"
    ].tolist()
    new = c3.segments["segment_id"].tolist()
    assert old[:3] == new[:3] and old[3] != new[3]


def test_repeated_identical_turns_get_distinct_ids(tmp_path: Path):
    _write(tmp_path / "t/a.pipes", ["E|||Oui ?", "R|||Oui.", "E|||Oui ?", "R|||Oui."])
    corpus, _ = ingest([tmp_path / "t"])
    assert corpus.segments["segment_id"].is_unique


def test_unmatched_files_and_folder_territory_are_reported(project: Path, monkeypatch):
    monkeypatch.setenv("TRANSFO_LANG", "fr")  # this test reads the French the users see
    _write(project / "raw/elsewhere/x.pipes", ["E|||Bonjour ?", "R|||Bonjour."])
    corpus, report = ingest(
        [project / "raw/elsewhere"], manifest=project / "manifest.yaml", project_root=project
    )
    assert corpus.documents["territory"].tolist() == ["elsewhere"]
    messages = [str(i) for i in report.issues]
    assert any("aucune entrée du manifeste ne correspond" in m and "x.pipes" in m for m in messages)
    assert any("territoire tiré du nom du dossier" in m for m in messages)


def test_interviewer_guessed_from_questions_with_warning(tmp_path: Path):
    lines = []
    for i in range(6):
        lines += [
            f"Sonia|||Et comment vous faites pour le dossier numéro {i} ?",
            f"Paul|||Ben je remplis le formulaire {i} et j'attends.",
        ]
    _write(tmp_path / "t/a.pipes", lines)
    corpus, report = ingest([tmp_path / "t"])
    roles = dict(zip(corpus.speakers["label"], corpus.speakers["role"], strict=True))
    assert roles == {"Sonia": "enqueteur", "Paul": "usager"}
    assert any("guessed 'Sonia'" in i.message for i in report.warnings)


def test_missing_interviewer_is_warned(tmp_path: Path):
    _write(tmp_path / "t/a.pipes", ["Paul|||Bonjour.", "Marie|||Bonjour."])
    _, report = ingest([tmp_path / "t"])
    assert any("no interviewer detected" in i.message for i in report.warnings)


def test_nothing_loadable_gives_an_empty_valid_corpus(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("TRANSFO_LANG", "fr")  # this test reads the French the users see
    _write(tmp_path / "t/a.pipes", ["!"])
    corpus, report = ingest([tmp_path / "t", tmp_path / "missing"])
    assert not report.ok and len(corpus.segments) == 0
    assert any("chemin introuvable" in s["reason"] for s in report.skipped)
    assert json.loads(json.dumps(report.to_dict()))["n_files_skipped"] == 2


def test_invalid_manifest_names_file_and_key(tmp_path: Path):
    bad = tmp_path / "manifest.yaml"
    bad.write_text("files:\n  - match: '*'\n    method: sondage\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        Manifest.load(bad)
    assert "manifest.yaml" in str(exc.value) and "files.0.method" in str(exc.value)
    bad.write_text("files: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid YAML"):
        Manifest.load(bad)


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Sonia Belmont-Rives (ENQ)", "enqueteur"),
        ("Florence Lebreton (Enq.)", "enqueteur"),
        ("Sonia Belmont enq", "enqueteur"),
        ("Enquêteur·rice", "enqueteur"),
        ("[Enquêtrice]", "enqueteur"),
        ("E", "enqueteur"),
        ("Q", "enqueteur"),
        ("ch_OB1", "enqueteur"),
        ("Animatrice", "enqueteur"),
        ("Adjointe au maire", "elu"),
        ("Maire", "elu"),
        ("Cheffe de service", "encadrant"),
        ("Responsable déchets", "encadrant"),
        ("Agent d'accueil", "agent"),
        ("Conductrice de bus", "agent"),
        ("Usager", "usager"),
        ("Participant 3", RESPONDENT),
        ("R", RESPONDENT),
        ("R2", RESPONDENT),
        ("BV1INC", "autre"),
        ("Plusieurs", "autre"),
    ],
)
def test_builtin_role_rules(label: str, role: str):
    decision = role_from_label(label, Manifest())
    assert decision is not None and decision.role == role


@pytest.mark.parametrize("label", ["Julie Marchand", "Fatoumata Diallo", "BV1", "speaker#2"])
def test_names_match_no_builtin_rule(label: str):
    assert role_from_label(label, Manifest()) is None


def test_manifest_rules_come_before_builtin_rules():
    manifest = Manifest.model_validate(
        {
            "roles": {
                "rules": [
                    {"pattern": "^Julie", "role": "enqueteur"},
                    {"pattern": "(?i)agent", "role": "encadrant"},
                ]
            }
        }
    )
    assert role_from_label("Julie Marchand", manifest).role == "enqueteur"
    assert role_from_label("Agent Martin", manifest).role == "encadrant"


def test_fold_and_guess_helpers():
    assert fold("  Enquêtrice ") == "enquetrice"
    assert guess_interviewer({"a": ["Pourquoi ?"] * 5, "b": ["Parce que."] * 5}) == ("a", 1.0, 0.0)
    assert guess_interviewer({"a": ["Pourquoi ?"] * 2, "b": ["Oui."] * 2}) is None  # too few turns


def test_manifest_file_table_csv(project: Path):
    (project / "meta.csv").write_text(
        "match;territory;service;respondent_role;interviewer_team\n"
        "raw/valcourt/entretiens/val-u01*;valcourt;état civil;;équipe A\n"
        "raw/valcourt/entretiens/val-a01*;valcourt;;agent;\n",
        encoding="cp1252",
    )
    (project / "m.yaml").write_text(
        "file_table: meta.csv\nfiles:\n  - {match: 'raw/sarne/**', territory: sarne}\n",
        encoding="utf-8",
    )
    corpus, _ = ingest(
        [project / "raw/valcourt"], manifest=project / "m.yaml", project_root=project
    )
    docs = corpus.documents.set_index("title")
    assert docs.loc["val-u01", "service"] == "état civil"
    assert json.loads(docs.loc["val-u01", "attributes"]) == {"interviewer_team": "équipe A"}
    assert set(
        corpus.speakers.loc[corpus.speakers["doc_id"] == docs.loc["val-a01", "doc_id"], "role"]
    ) == {"enqueteur", "agent"}
    direct = Manifest.load(project / "meta.csv")
    assert [r.match for r in direct.files] == [
        "raw/valcourt/entretiens/val-u01*",
        "raw/valcourt/entretiens/val-a01*",
    ]
    (project / "bad.csv").write_text("fichier,territoire\nx,y\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="needs a 'match' column"):
        Manifest.load(project / "bad.csv")
