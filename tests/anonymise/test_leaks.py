"""The leak checker on HTML, notebooks, Parquet, CSV, XLSX and qdpx zips; its CLI."""

from __future__ import annotations

import json
import re
import zipfile

import pandas as pd
import pytest

from transfo_analysis.anonymise import check_leaks, pseudonymise_project
from transfo_analysis.anonymise.leaks import mask
from transfo_analysis.cli import main


@pytest.fixture
def done(project):
    pseudonymise_project(project, show_progress=False)
    return project


def _notebook(text: str) -> dict:
    return {
        "cells": [
            {
                "cell_type": "code",
                "source": ["print('ok')"],
                "metadata": {},
                "outputs": [
                    {"output_type": "stream", "name": "stdout", "text": [text]},
                    {
                        "output_type": "display_data",
                        "data": {"image/png": "iVBORw0KGgoAAAANSUhEUg", "text/plain": ["<Figure>"]},
                        "metadata": {},
                    },
                ],
                "execution_count": 1,
            }
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def test_clean_outputs_pass_and_tags_never_count(done, tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    (out / "ok.html").write_text(
        "<p>[PERSONNE_1] a appelé la CAF de Valcourt à Paris.</p>", encoding="utf-8"
    )
    (out / "ok.ipynb").write_text(
        json.dumps(_notebook("[PERSONNE_2] et [TELEPHONE_1]")), encoding="utf-8"
    )
    pd.DataFrame({"lemma": ["accueil", "pierre", "attendre"], "n": [3, 2, 1]}).to_parquet(
        out / "words.parquet"
    )
    report = check_leaks([out], project=done)
    assert report.ok, report.summary(show=True)
    assert report.files_scanned == 3 and report.identifiers_searched >= 5


def test_planted_names_are_caught_everywhere(done, tmp_path):
    out = tmp_path / "reports"
    (out / "sub").mkdir(parents=True)
    (out / "page.html").write_text(
        "<p>Comme disait F&agrave;toumata DIALLO&nbsp;: oui</p>", encoding="utf-8"
    )
    (out / "nb.ipynb").write_text(
        json.dumps(_notebook("madame garnier au 06.12.34.56.78")), encoding="utf-8"
    )
    pd.DataFrame({"quote": ["rien", "Kofi Mensah a dit"], "n": [1, 2]}).to_parquet(
        out / "sub" / "quotes.parquet"
    )
    pd.DataFrame({"mail": ["kofi.mensah@gmail.com"]}).to_csv(
        out / "sub" / "contacts.csv", index=False
    )
    pd.DataFrame({"x": ["Garnier"]}).to_excel(out / "table.xlsx", index=False)
    with zipfile.ZipFile(out / "export.qdpx", "w") as z:
        z.writestr(
            "project.qde",
            '<Project name="p"><Sources><TextSource name="entretien"/></Sources></Project>',
        )
        z.writestr("sources/3F2A.txt", "Fatoumata est venue hier.")
    (out / "Lea_Diallo_notes.md").write_text("rien ici", encoding="utf-8")
    report = check_leaks([out], project=done)
    assert not report.ok
    by_file = {}
    for leak in report.leaks:
        by_file.setdefault(leak.path.rsplit("/", 1)[-1], set()).add(leak.original)
    assert {"Fatoumata Diallo"} <= by_file["page.html"]
    assert {"Garnier", "06 12 34 56 78"} <= by_file["nb.ipynb"]
    assert (
        "Kofi Mensah" in by_file["quotes.parquet"]
        and "kofi.mensah@gmail.com" in by_file["contacts.csv"]
    )
    assert "Garnier" in by_file["table.xlsx"] and "Fatoumata" in str(by_file["export.qdpx"])
    assert "Diallo" in by_file["Lea_Diallo_notes.md"]
    text = report.summary()
    assert "Fatoumata" not in text and "Fa" in text and "FUITE" in text
    assert all("Garnier" not in json.dumps(f) for f in report.findings)


def test_mask():
    assert mask("Fatoumata") == "Fa*******" and mask("Léa") == "L**"


def test_cli_exit_status_and_show(done, tmp_path, capsys):
    clean = tmp_path / "clean.md"
    clean.write_text("[PERSONNE_1] est satisfaite.", encoding="utf-8")
    dirty = tmp_path / "dirty.md"
    dirty.write_text("Madame Garnier est satisfaite.", encoding="utf-8")
    assert main(["check-leaks", str(clean), "--project", str(done.root)]) == 0
    out_json = tmp_path / "leaks.json"
    assert (
        main(["check-leaks", str(dirty), "--project", str(done.root), "--json", str(out_json)]) == 1
    )
    assert "Garnier" not in capsys.readouterr().out
    assert json.loads(out_json.read_text())["leaks"][0]["identifier"] == "Ga*****"
    assert main(["check-leaks", str(dirty), "--project", str(done.root), "--show"]) == 1
    assert "Garnier" in capsys.readouterr().out


def test_secure_folder_is_never_scanned(done):
    report = check_leaks([done.root / "secure"], project=done)
    assert report.ok and report.files_scanned == 0 and report.skipped


def test_html_style_sheets_and_vendored_libraries_are_not_data(done, tmp_path):
    """CSS and an inlined library are code, not data: a key holding a common word ("Diallo" here
    stands for it) must not flag them, while a figure's data script still counts."""
    out = tmp_path / "reports"
    out.mkdir()
    page = (
        "<html><head><style>.diallo-box { word-wrap: break-word } /* Diallo */</style>"
        '<script data-vendor="plotly.js">var countries = ["Diallo"];</script>'
        "<script>/** plotly.js v3.1.0 */ var names = ['Diallo'];</script></head>"
        "<body><p>[PERSONNE_1] a appelé.</p></body></html>"
    )
    (out / "clean.html").write_text(page, encoding="utf-8")
    assert check_leaks([out], project=done).ok
    (out / "leak.html").write_text(
        page.replace(
            "</body>", "<script>Plotly.newPlot('f', [{y: ['Fatoumata Diallo']}])</script></body>"
        ),
        encoding="utf-8",
    )
    report = check_leaks([out], project=done)
    assert [leak.path.rsplit("/", 1)[-1] for leak in report.leaks] == ["leak.html"]


def test_a_leak_names_the_passage_masked(done, tmp_path):
    page = tmp_path / "rapport.html"
    page.write_text(
        "<p>Citation : « À l'accueil, Madame Garnier a tout repris avec Fatoumata, "
        "enfin une réponse. »</p>",
        encoding="utf-8",
    )
    report = check_leaks([page], project=done)
    by_type = {leak.masked: leak for leak in report.leaks}
    leak = by_type["Ga*****"]
    assert "Madame Ga***** a tout repris" in leak.excerpt()
    # the other identifier of the same file is masked in the passage too
    assert "Fatoumata" not in leak.excerpt() and "Garnier" not in leak.excerpt()
    assert "Garnier" in leak.excerpt(show=True)
    summary = report.summary()
    assert "« " in summary and "Garnier" not in summary and "Fatoumata" not in summary
    assert all("Garnier" not in json.dumps(f) for f in report.findings)
    assert report.findings[0]["context"]


def test_common_words_left_in_clear_by_the_pipeline_are_no_leak(tmp_path):
    """A weak layer's guess kept in the key: what the pipeline left as written is no leak."""
    from transfo_analysis.anonymise import PseudonymKey, read_key, write_key

    from .conftest import make_corpus, make_project

    docs = {"e1": [("R", "Retraite : trop tard. Je parle de la Retraite à Retraite.")] * 3}
    project = make_project(tmp_path / "p", make_corpus(docs))
    key = PseudonymKey()
    key.entity_of("PERSONNE", "Retraite", detector="capitals")
    write_key(project, key)
    pseudonymise_project(project, show_progress=False)
    text = load_corpus_text(project)
    # at the start of a sentence and as a notion: left; after a place preposition: replaced
    assert re.match(
        r"Retraite : trop tard\. Je parle de la Retraite à \[(PERSONNE|LIEU)_\d\]\.", text
    )
    assert check_leaks([project.processed_dir], project=project).ok
    assert "retraite" in read_key(project).guessed()
    page = tmp_path / "r.md"
    page.write_text("Ils sont allés à Retraite hier.", encoding="utf-8")
    assert not check_leaks([page], project=project).ok  # the same rule flags a real leak


def load_corpus_text(project) -> str:
    from transfo_analysis.corpus import load_corpus

    return load_corpus(project).segments["text"].iloc[0]


def _papermill_notebook(shown: dict) -> dict:
    """A report as papermill leaves it: its metadata keys (``start_time``…) and a JSON output."""
    nb = _notebook("[PERSONNE_1] a appelé")
    nb["metadata"] = {
        "papermill": {
            "parameters": {"territory": "Valcourt"},
            "start_time": "2026-12-06T19:12:24",
            "end_time": "2026-12-06T19:12:30",
            "exception": None,
        }
    }
    nb["cells"][0]["metadata"] = {"papermill": {"start_time": "2026", "status": "completed"}}
    nb["cells"][0]["outputs"].append(
        {"output_type": "display_data", "data": {"application/json": shown}, "metadata": {}}
    )
    return nb


def test_a_notebook_is_read_without_the_keys_of_its_format():
    from transfo_analysis.anonymise._extract import texts_of

    data = json.dumps(_papermill_notebook({"Garnier": 3})).encode()
    text = "\n".join(t for _loc, t in texts_of("r.ipynb", data) if t)
    # values and what the cells show are read, the metadata keys are not
    assert "Valcourt" in text and "a appelé" in text and "completed" in text
    assert "Garnier" in text  # a key of a displayed JSON is the cell's data
    assert "start" not in text.lower() and "execution" not in text.lower()
    # the same JSON as a .json file keeps its keys
    plain = "\n".join(t for _loc, t in texts_of("r.json", data) if t)
    assert "start time" in plain or "start_time" in plain


def test_a_name_shown_as_json_in_a_notebook_is_still_a_leak(done, tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    (out / "r.ipynb").write_text(json.dumps(_papermill_notebook({"Garnier": 3})), encoding="utf-8")
    report = check_leaks([out], project=done)
    assert [leak.original for leak in report.leaks] == ["Garnier"], report.summary(show=True)
