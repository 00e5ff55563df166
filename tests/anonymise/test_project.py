"""Pseudonymising a parsed project: outputs, consistency, key handling, idempotence, bad input."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pandas as pd
import pytest

from transfo_analysis.anonymise import load_audit, pseudonymise_project, read_key
from transfo_analysis.anonymise._key import key_paths
from transfo_analysis.anonymise._token_file import TokensFile
from transfo_analysis.cli import main
from transfo_analysis.corpus import load_corpus
from transfo_analysis.errors import NotReadyError, TransfoError
from transfo_analysis.nlp import load_tokens

from .conftest import DOCS, make_corpus, make_project

ORIGINALS = (
    "Fatoumata",
    "Diallo",
    "Garnier",
    "Kofi",
    "Mensah",
    "Tanneurs",
    "06 12 34 56 78",
    "0612345678",
    "kofi.mensah@gmail.com",
    "Martin",
)


def _all_text(corpus) -> str:
    parts = [*corpus.segments["text"], *corpus.speakers["label"], *corpus.speakers["attributes"]]
    parts += [
        *corpus.documents["title"],
        *corpus.documents["source_path"],
        *corpus.documents["attributes"],
    ]
    return "\n".join(str(p) for p in parts)


def test_outputs_and_consistency(project):
    report = pseudonymise_project(project, show_progress=False)
    corpus = load_corpus(project)
    text = _all_text(corpus)
    for original in ORIGINALS:
        assert original not in text, original
    assert (
        corpus.pseudonymised and corpus.meta["provenance"]["pseudonymise"]["step"] == "pseudonymise"
    )
    interim = load_corpus(project, stage="interim")
    assert corpus.segments["segment_id"].tolist() == interim.segments["segment_id"].tolist()
    segs = corpus.segments.set_index("segment_id")["text"]
    # one person, one pseudonym, across documents and between full name and first name alone
    tag = segs["D00-001"].split("m’appelle ")[1].split(",")[0]
    assert tag.startswith("[PERSONNE_") and segs["D01-001"].startswith(tag)
    assert "Madame [PERSONNE_" in segs["D00-003"] and "Mme [PERSONNE_" in segs["D01-002"]
    assert "Paris" in segs["D01-002"] and "Lyon" in segs["D01-002"] and "CAF" in segs["D01-000"]
    assert segs["D00-003"].count("[TELEPHONE_1]") == 1 and "[TELEPHONE_1]" in segs["D01-002"]
    labels = corpus.speakers["label"].tolist()
    assert "Enquêtrice" in labels and any(lab.startswith("Agent [PERSONNE_") for lab in labels)
    assert report.by_type["PERSONNE"] >= 6 and report.documents_touched == 2
    saved = json.loads((project.processed_dir / "pseudonymisation.json").read_text())
    assert saved["replacements"] == report.replacements and "timings" in saved


def test_tokens_are_derived_without_parsing_again(project):
    pseudonymise_project(project, show_progress=False)
    tokens = load_tokens(project)
    interim = load_tokens(project, stage="interim")
    assert list(tokens.columns) == [*interim.columns, "is_pseudonym"]
    texts = load_corpus(project).segments.set_index("segment_id")["text"]
    pseudo = tokens[tokens["is_pseudonym"]]
    assert (
        len(pseudo)
        and (pseudo["pos"] == "PROPN").all()
        and (pseudo["text"] == pseudo["lemma"]).all()
    )
    for row in tokens.itertuples():
        piece = texts[row.segment_id][row.start : row.end]
        assert piece.replace("’", "'") == row.text, (row.segment_id, piece, row.text)
    assert not tokens["text"].str.contains("Diallo|Garnier|Mensah").any()
    assert tokens.groupby("segment_id")["i"].apply(lambda s: list(s) == list(range(len(s)))).all()


def test_key_is_separate_and_permissioned(project):
    pseudonymise_project(project, show_progress=False)
    plain, enc = key_paths(project)
    assert plain.exists() and not enc.exists()
    assert stat.S_IMODE(os.stat(project.secure_dir).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(plain).st_mode) == 0o600
    assert (project.secure_dir / ".gitignore").read_text().strip() == "*"
    key = read_key(project)
    originals = {o for _, _, o in key.originals()}
    assert "Fatoumata Diallo" in originals and "kofi.mensah@gmail.com" in originals
    audit = load_audit(project)
    assert {"doc_id", "segment_id", "start", "end", "detector", "entity_type", "pseudonym"} <= set(
        audit.columns
    )
    dumped = audit.to_csv(index=False) + (project.audit_dir / "pseudonymisation.csv").read_text()
    for original in ORIGINALS:
        assert original not in dumped
    assert not any(p.name.endswith(".json") for p in project.processed_dir.rglob("*key*"))


def test_rerun_keeps_pseudonyms_and_numbers_new_entities(project, tmp_path):
    pseudonymise_project(project, show_progress=False)
    before = load_corpus(project).segments.set_index("segment_id")["text"]
    docs = {
        **DOCS,
        "val-u02": [
            ("E", "Et vous ?"),
            ("Yasmina Benali", "Fatoumata Diallo m'a parlé de Yasmina Benali."),
        ],
    }
    project2 = make_project(project.root, make_corpus(docs))
    report = pseudonymise_project(project2, show_progress=False)
    after = load_corpus(project2).segments.set_index("segment_id")["text"]
    for seg in before.index:
        assert after[seg] == before[seg]
    assert report.pseudonyms_reused >= 1 and report.pseudonyms_created >= 1
    assert (project.secure_dir / "pseudonymisation-key.json.bak").exists()


def test_pseudonymising_pseudonymised_text_changes_nothing(project, tmp_path):
    pseudonymise_project(project, show_progress=False)
    done = load_corpus(project)
    again = make_project(tmp_path / "again", done)
    # reuse the key so that fictional names (style names) and tags are known
    again.secure_dir.mkdir(parents=True, exist_ok=True)
    plain, _ = key_paths(project)
    (again.secure_dir / plain.name).write_bytes(plain.read_bytes())
    pseudonymise_project(again, show_progress=False)
    assert load_corpus(again).segments["text"].tolist() == done.segments["text"].tolist()


def test_names_style_idempotent(tmp_path):
    project = make_project(tmp_path / "n", make_corpus(), style="names")
    pseudonymise_project(project, show_progress=False)
    done = load_corpus(project)
    text = _all_text(done)
    assert "Diallo" not in text and "[PERSONNE_" not in text and "[TELEPHONE_1]" in text
    again = make_project(tmp_path / "n2", done, style="names")
    again.secure_dir.mkdir(parents=True, exist_ok=True)
    plain, _ = key_paths(project)
    (again.secure_dir / plain.name).write_bytes(plain.read_bytes())
    pseudonymise_project(again, show_progress=False)
    assert load_corpus(again).segments["text"].tolist() == done.segments["text"].tolist()


def test_encrypted_key_round_trip_and_wrong_passphrase(project, monkeypatch):
    monkeypatch.setenv("TRANSFO_KEY_PASSPHRASE", "correct horse battery staple")
    pseudonymise_project(project, show_progress=False)
    plain, enc = key_paths(project)
    assert enc.exists() and not plain.exists()
    assert stat.S_IMODE(os.stat(enc).st_mode) == 0o600
    blob = enc.read_bytes()
    assert b"Diallo" not in blob and b"scrypt" in blob.split(b"\n")[0]
    assert any(o == "Fatoumata Diallo" for _, _, o in read_key(project).originals())
    processed = (project.processed_dir / "corpus" / "segments.parquet").read_bytes()
    monkeypatch.setenv("TRANSFO_KEY_PASSPHRASE", "wrong")
    with pytest.raises(TransfoError, match="phrase secrète erronée"):
        pseudonymise_project(project, show_progress=False)
    monkeypatch.delenv("TRANSFO_KEY_PASSPHRASE")
    with pytest.raises(TransfoError, match="TRANSFO_KEY_PASSPHRASE n.est pas définie"):
        pseudonymise_project(project, show_progress=False)
    assert enc.read_bytes() == blob  # nothing overwritten, nothing lost
    assert (project.processed_dir / "corpus" / "segments.parquet").read_bytes() == processed


def test_corrupted_key_refuses_and_keeps_file(project):
    pseudonymise_project(project, show_progress=False)
    plain, _ = key_paths(project)
    plain.write_text(
        '{"format": "transfo-pseudonymisation-key", "version": 1, "variants": [', encoding="utf-8"
    )
    damaged = plain.read_bytes()
    with pytest.raises(TransfoError, match="corrompue"):
        pseudonymise_project(project, show_progress=False)
    assert plain.read_bytes() == damaged


def test_a_failure_while_deriving_the_tokens_writes_nothing(project, monkeypatch):
    """The derived tokens are written first, under a temporary name: a failure there leaves the
    key, the processed corpus and the previous tokens as they were."""
    pseudonymise_project(project, show_progress=False)

    def files() -> dict:
        return {
            p: (p.read_bytes(), p.stat().st_mtime_ns)
            for folder in (project.root / "processed", project.secure_dir)
            for p in folder.rglob("*")
            if p.is_file()
        }

    before = files()
    assert {"tokens.parquet", "segments.parquet", "pseudonymisation-key.json"} <= {
        p.name for p in before
    }

    def failing(self, target, replacements, *, rebuilt=None):
        Path(target).write_bytes(b"half a table")
        raise OSError("disque plein")

    monkeypatch.setattr(TokensFile, "write_derived", failing)
    with pytest.raises(OSError, match="disque plein"):
        pseudonymise_project(project, show_progress=False)
    # nothing rewritten (same bytes, same times), nothing half-written, no temporary file left
    assert files() == before


def test_missing_or_stale_parse(tmp_path):
    from transfo_analysis.config import Project, Settings
    from transfo_analysis.corpus import save_corpus

    project = Project(root=tmp_path, settings=Settings())
    save_corpus(make_corpus(), project, stage="interim")
    with pytest.raises(NotReadyError, match="transfo parse"):
        pseudonymise_project(project, show_progress=False)
    parsed = make_project(tmp_path / "p", make_corpus())
    docs = {"autre": [("E", "Une toute nouvelle question ?"), ("R", "Une réponse neuve.")]}
    from transfo_analysis.corpus import save_corpus as save

    save(make_corpus(docs), parsed, stage="interim")
    with pytest.raises(NotReadyError, match="transfo parse"):
        pseudonymise_project(parsed, show_progress=False)


def test_cli_report(project, tmp_path, capsys):
    (project.root / "project.yaml").write_text("nlp: {model: fr_core_news_sm}\n", encoding="utf-8")
    out = tmp_path / "report.json"
    assert (
        main(["pseudonymise", "--project", str(project.root), "--json", str(out), "--quiet"]) == 0
    )
    data = json.loads(out.read_text())
    assert data["by_type"]["PERSONNE"] >= 1 and "by_detector" in data
    assert "remplacements" in capsys.readouterr().out


def test_bad_input_segments(tmp_path):
    long = "Bonjour je suis Fatoumata Diallo et voilà. " * 600  # 26 000 characters in one turn
    docs = {"bad": [("E", "Привет, 我叫李 ; مرحبا Yasmina Benali"), ("R", long), ("R", "   ")]}
    project = make_project(tmp_path / "bad", make_corpus(docs))
    pseudonymise_project(project, show_progress=False)
    texts = load_corpus(project).segments["text"].tolist()
    assert "Benali" not in texts[0] and "我叫李" in texts[0] and "مرحبا" in texts[0]
    assert "Diallo" not in texts[1] and texts[1].count("[PERSONNE_") == 600
    tokens = load_tokens(project)
    assert isinstance(tokens, pd.DataFrame) and tokens["is_pseudonym"].sum() >= 600
