"""The corpus-wide interviewer pass: signals combined across documents, decisions reported."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from transfo_analysis.corpus import Manifest, ingest

QUESTIONS = [
    "vous habitez ici depuis longtemps ?",
    "et la mairie vous y allez ?",
    "comment vous faites pour les papiers ?",
    "et le bus ?",
    "vous êtes content du service ?",
    "pourquoi ?",
]
ANSWERS = [
    "oui depuis vingt ans dans le quartier",
    "le samedi matin quand c'est ouvert",
    "ma fille m'aide pour internet",
    "il passe pas assez souvent le soir",
    "ça dépend des agents à l'accueil",
    "parce qu'on attend longtemps debout",
]


def _write(folder: Path, name: str, lines: list[tuple[str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(
        "\n".join(f"{label} : {text}" for label, text in lines) + "\n", encoding="utf-8"
    )


def _interview(asker: str, answerer: str) -> list[tuple[str, str]]:
    return [
        pair
        for q, a in zip(QUESTIONS, ANSWERS, strict=True)
        for pair in ((asker, q), (answerer, a))
    ]


def _panel(tmp_path: Path) -> Path:
    """Three interviews where PB asks (found by questions), one panel where PB and MB only
    listen and the respondent (404PERS) asks: ESLO1's family of files."""
    raw = tmp_path / "raw"
    for i in (1, 2, 3):
        _write(raw, f"ent{i}.txt", _interview("PB", f"40{i}PERS"))
    panel = [("404PERS", q) for q in QUESTIONS] + [("PB", "oui"), ("MB", "d'accord")] * 3
    _write(raw, "panel.txt", [p for pair in zip(panel[:6], panel[6:], strict=True) for p in pair])
    return raw


def test_initials_interviewing_coded_respondents_generalise(tmp_path):
    corpus, report = ingest([_panel(tmp_path)], show_progress=False)
    interviewers = corpus.documents.set_index("title")["interviewer"].to_dict()
    assert interviewers == {"ent1": "PB", "ent2": "PB", "ent3": "PB", "panel": "PB; MB"}
    spk = corpus.speakers.set_index("label")
    assert (spk.loc["MB", "role"], spk.loc["404PERS", "role"]) == ("enqueteur", "usager")
    segs = corpus.segments.merge(corpus.speakers[["speaker_id", "label"]], on="speaker_id")
    assert set(segs.loc[segs["label"].isin(["PB", "MB"]), "role"]) == {"enqueteur"}
    panel = next(d for d in report.interviewers if d["source_path"].endswith("panel.txt"))
    assert panel["how"] == "corpus" and panel["added_by_corpus"] == ["PB", "MB"]
    assert panel["signals"]["PB"] == [
        "enquêteur ailleurs (3 documents)",
        "récurrent (4 documents)",
        "initiales parmi des codes",
    ]
    assert panel["signals"]["MB"] == ["initiales parmi des codes"]
    assert not any(i.code == "no-interviewer" for i in report.issues)
    text = report.format()
    assert "Enquêteurs (4 entretiens ou ateliers) : corpus 1, questions 3" in text
    assert "panel.txt : PB (enquêteur ailleurs (3 documents)" in text


def test_one_signal_is_not_enough(tmp_path):
    """Named respondents (no convention), a label that recurs but never interviews: nothing."""
    raw = tmp_path / "raw"
    for i in (1, 2, 3):
        _write(raw, f"ent{i}.txt", [("Julie", "oui"), (f"Mme Martin{i}", "non")] * 3)
    corpus, report = ingest([raw], show_progress=False)
    assert corpus.documents["interviewer"].isna().all()
    assert {d["how"] for d in report.interviewers} == {"aucun"}
    assert "ent1.txt : aucun enquêteur trouvé" in report.format()


def test_someone_stays_a_respondent(tmp_path):
    """Every speaker who talks would be an interviewer: the pass declines."""
    raw = _panel(tmp_path)
    _write(
        raw,
        "few.txt",
        [("405PERS", "bonjour"), ("405PERS", "au revoir")] + [("PB", "oui"), ("MB", "non")] * 6,
    )
    corpus, report = ingest([raw], show_progress=False)
    assert pd.isna(corpus.documents.set_index("title").loc["few", "interviewer"])
    few = next(d for d in report.interviewers if d["source_path"].endswith("few.txt"))
    assert few["how"] == "aucun" and "initiales parmi des codes" in few["signals"]["MB"]


def test_the_pass_follows_guess_interviewer(tmp_path):
    manifest = Manifest.model_validate({"roles": {"guess_interviewer": False}})
    corpus, report = ingest([_panel(tmp_path)], manifest=manifest, show_progress=False)
    assert corpus.documents["interviewer"].isna().all()
    assert all(not d["added_by_corpus"] for d in report.interviewers)
