"""Real corpora from ../shared/corpora: every file read, counts measured once and pinned.

The counts were measured on the shared copies (November 2026). A change in a reader, in the
role rules or in the interviewer guess that moves them must be deliberate: update the numbers
here and say why in the commit.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from transfo_analysis.cli import main
from transfo_analysis.corpus import Corpus, LoadReport, Manifest, ingest

pytestmark = pytest.mark.shared

# corpus -> files loaded, skipped, documents, segments, words, speakers by role, documents with an
# interviewer, segments flagged overlapping
EXPECTED = {
    "cfpp2000": dict(
        loaded=29,
        skipped=1,
        documents=29,
        segments=37_568,
        words=437_545,
        roles={"usager": 57, "enqueteur": 29},
        interviewer=29,
        overlap=20_748,
    ),
    "eslo/eslo2_ent": dict(
        loaded=42,
        skipped=0,
        documents=42,
        segments=49_535,
        words=559_360,
        roles={"usager": 56, "enqueteur": 42, "autre": 4},
        interviewer=42,
        overlap=30_341,
    ),
    "eslo/eslo1_trs": dict(
        loaded=13,
        skipped=0,
        documents=13,
        segments=12_000,
        words=161_149,
        roles={"usager": 17, "enqueteur": 21, "autre": 4},
        interviewer=13,  # 8 by questions, 5 by the corpus pass (docs/corpus.md)
        overlap=3_650,
    ),
    "grand-debat": dict(
        loaded=1,
        skipped=2,
        documents=1,
        segments=74_733,
        words=1_200_078,
        roles={"usager": 74_733},
        interviewer=0,
        overlap=0,
    ),
    # Decidim open data (MEL, Grand Débat 2019): proposals, comments on proposals and on debates,
    # debates; one document per file and component; proposals carry no author (one unknown
    # speaker, role usager: a proposal is a participant's), debates are the organisers' (role
    # enqueteur: they ask the question, and are left out of who was heard), commenters are usagers
    "participation": dict(
        loaded=4,
        skipped=0,
        documents=4,
        segments=196 + 44 + 693 + 29,
        words=64_344,
        roles={"usager": 139, "enqueteur": 1},
        interviewer=1,  # the debates' document: « organisation » asked
        overlap=0,
    ),
}


@pytest.fixture(scope="module")
def ingested(shared: Path) -> dict[str, tuple[Corpus, LoadReport]]:
    return {name: ingest([shared / name], show_progress=False) for name in EXPECTED}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_counts(ingested: dict, name: str):
    corpus, report = ingested[name]
    want = EXPECTED[name]
    docs, segs = corpus.documents, corpus.segments
    assert (len(report.loaded), len(report.skipped)) == (want["loaded"], want["skipped"]), (
        report.skipped
    )
    assert (len(docs), len(segs)) == (want["documents"], want["segments"])
    assert report.speakers_by_role == want["roles"]
    assert int(docs["interviewer"].notna().sum()) == want["interviewer"]
    assert int(segs["overlap"].sum()) == want["overlap"]
    assert abs(report.n_words - want["words"]) <= 0.005 * want["words"]
    assert report.errors == []


def test_cfpp_textgrids(ingested: dict):
    corpus, report = ingested["cfpp2000"]
    assert report.formats == {"textgrid": 29}
    # the speaker metadata table is not a table of answers: skipped, saying which columns it has
    (skip,) = report.skipped
    assert (
        skip["path"].endswith("cfpp_metadata.csv")
        and "aucune colonne de réponses" in skip["reason"]
        and "PROFESSION" in skip["reason"]
    )
    # every interviewer found by a marker, however it is spelled: (ENQ), (Enq.), enq, Enq
    assert all(re.search(r"enq", label, re.I) for label in corpus.documents["interviewer"])
    assert not any("déduit des questions posées" in i.message for i in report.issues)
    segs = corpus.segments.merge(corpus.speakers[["speaker_id", "label"]], on="speaker_id")
    turn = segs[segs["text"] == "parce qu'entre temps l'appartement est devenu le vôtre"].iloc[0]
    assert (turn["label"], turn["start"], turn["end"], turn["role"]) == (
        "Sonia Branca-Rosoff (ENQ)",
        130.193,
        132.034,
        "enqueteur",
    )
    assert segs["start"].notna().all()


def test_eslo2_xml(ingested: dict):
    corpus, report = ingested["eslo/eslo2_ent"]
    assert report.formats == {"eslo": 42}
    assert all(label.startswith("ch_") for label in corpus.documents["interviewer"])
    autre = corpus.speakers.loc[corpus.speakers["role"] == "autre", "label"]
    assert sorted(autre) == ["ENT_29INC", "ENT_31INC", "ENT_3INC", "ENT_59INC"]
    doc = corpus.documents.set_index("title").loc["ESLO2_ENT_1001_C"]
    first = corpus.segments[corpus.segments["doc_id"] == doc["doc_id"]].iloc[0]
    assert (first["text"], first["start"], first["end"], first["role"]) == (
        "alors",
        594.466,
        596.913,
        "enqueteur",
    )


def test_eslo1_transcriber(ingested: dict):
    corpus, report = ingested["eslo/eslo1_trs"]
    assert report.formats == {"transcriber": 13}
    # name codes carry no marker: the interviewer is guessed from the questions asked where the
    # evidence is clear (8 documents); the corpus pass then learns that initials interview coded
    # respondents here (401PERS, BA725) and finds the panel interviews' interviewers, co-
    # interviewers included (checked by reading the transcripts: all are the ESLO team)
    interviewers = corpus.documents.set_index("title")["interviewer"].dropna().to_dict()
    assert interviewers == {
        "ESLO1_ENT_001_C": "OU",
        "ESLO1_ENT_003_C": "JR",
        "ESLO1_ENT_005_C": "PB",
        "ESLO1_ENT_007_C": "RC",
        "ESLO1_ENT_009_C": "JR",
        "ESLO1_INTPERS_401_C": "OU; JR; JK",
        "ESLO1_INTPERS_403_C": "PB; DP",
        "ESLO1_INTPERS_407_C": "HM; JSM",
        "ESLO1_INTPERS_409_C": "PB",
        "ESLO1_INTPERS_415_C": "PB; BV",
        "ESLO1_INTPERS_417_C": "BV; MB; OU; JK",
        "ESLO1_INTPERS_419_C": "PB",
        "ESLO1_INTPERS_421_C": "PB",
    }
    assert sum("déduit des questions posées" in i.message for i in report.issues) == 8
    assert sum(i.code == "no-interviewer" for i in report.issues) == 0
    how = {d["source_path"].split("/")[-1]: d for d in report.interviewers}
    assert how["ESLO1_INTPERS_409_C.trs"]["how"] == "corpus"
    assert how["ESLO1_INTPERS_409_C.trs"]["signals"]["PB"][:3] == [
        "enquêteur ailleurs (4 documents)",
        "récurrent (6 documents)",
        "initiales parmi des codes",
    ]
    assert "ESLO1_INTPERS_409_C.trs : PB (enquêteur ailleurs" in report.format()
    segs = corpus.segments
    turn = segs[segs["text"] == "euh vous êtes à Orléans vous dites depuis neuf mois ?"].iloc[0]
    assert (turn["start"], turn["end"], turn["role"]) == (12.612, 14.877, "enqueteur")
    # <Turn speaker="spk1 spk2"> with <Who>: one segment per speaker, both overlapping
    doc_id = corpus.documents.set_index("title").loc["ESLO1_ENT_001_C", "doc_id"]
    both = segs[(segs["doc_id"] == doc_id) & (segs["start"] == 3.114)]
    assert (
        both["text"].tolist() == ["tout le monde euh tout le monde", "[pi]"]
        and both["overlap"].all()
    )
    # ISO-8859-1 files decoded through their XML declaration
    assert (
        segs["text"].str.contains("écoutez").any()
        and not segs["text"].str.contains("\ufffd|Ã©").any()
    )


def test_grand_debat_answers(ingested: dict):
    corpus, report = ingested["grand-debat"]
    assert sorted(Path(s["path"]).name for s in report.skipped) == ["clusters.csv", "questions.csv"]
    assert all("aucune colonne de réponses" in s["reason"] for s in report.skipped)
    doc = corpus.documents.iloc[0]
    assert (doc["method"], doc["territory"]) == ("questionnaire", "grand-debat")
    segs = corpus.segments
    first = segs.iloc[0]
    assert (first["text"], first["question"]) == ("Manque de médecins spécialistes", "15")
    assert segs["question"].nunique() == 10
    assert corpus.speakers["label"].iloc[0] == "R2"


def test_interviewer_guess_without_markers(shared: Path):
    """With the built-in rules off, the question-share guess finds most interviewers (26 of 29,
    40 of 42) and the corpus pass the others (the same label interviews in other documents and
    recurs), never a wrong one."""
    manifest = Manifest.model_validate({"roles": {"builtin_rules": False}})
    for name, n_docs, n_found in [("cfpp2000/TextGrid", 29, 29), ("eslo/eslo2_ent", 42, 42)]:
        corpus, _ = ingest([shared / name], manifest=manifest, show_progress=False)
        found = corpus.documents["interviewer"].dropna()
        assert (len(corpus.documents), len(found)) == (n_docs, n_found)
        assert all(re.search(r"enq|^ch_", label, re.I) for label in found)


@pytest.mark.parametrize(
    ("folder", "status"), [("cfpp2000", 0), ("eslo", 0), ("grand-debat", 0), ("refi", 1)]
)
def test_cli_ingest_every_folder(
    shared: Path, tmp_path: Path, folder: str, status: int, capsys: pytest.CaptureFixture
):
    out = tmp_path / "out.json"
    assert (
        main(
            [
                "ingest",
                str(shared / folder),
                "--project",
                str(tmp_path / "project"),
                "--json",
                str(out),
                "--quiet",
            ]
        )
        == status
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    if (
        folder == "refi"
    ):  # REFI-QDA projects and schemas, no transcripts: every file reported as skipped
        assert report["n_files_loaded"] == 0 and report["n_files_skipped"] == 7
        assert all(
            "aucun lecteur" in s["reason"] or "transfo qdpx import" in s["reason"]
            for s in report["skipped"]
        )
    else:
        assert report["n_documents"] > 0 and report["n_segments"] > 0
    assert "Fichiers lus" in capsys.readouterr().out


def test_whole_shared_folder_at_once(shared: Path):
    _, report = ingest([shared], show_progress=False)
    # the four Decidim exports are recognised by their header, not read as answer tables
    assert len(report.loaded) == 29 + 42 + 13 + 1 + 4
    assert report.n_documents == 29 + 42 + 13 + 1 + 4
    assert pd.Series([Path(s["path"]).suffix for s in report.skipped]).value_counts().to_dict() == {
        ".csv": 3,
        ".qdpx": 3,
        ".xsd": 2,
        ".qdc": 1,
        ".pdf": 1,
    }


def test_decidim_export(ingested: dict):
    """The real MEL export: counts, votes, stances, parents, accents, multi-line bodies."""
    corpus, report = ingested["participation"]
    assert report.formats == {
        "decidim-propositions": 1,
        "decidim-commentaires": 2,
        "decidim-debats": 1,
    }
    segs = corpus.segments
    assert segs["kind"].value_counts().to_dict() == {
        "commentaire": 44 + 693,
        "proposition": 196,
        "debat": 29,
    }
    by_doc = segs.groupby(segs["doc_id"].map(corpus.documents.set_index("doc_id")["title"])).size()
    assert by_doc.to_dict() == {
        "mel-commentaires_debats (composant 112)": 693,
        "mel-commentaires_propositions_libres (composant 88)": 44,  # its URLs say /f/88/
        "mel-debats (composant 112)": 29,
        "mel-propositions-libres (composant 111)": 196,
    }
    assert set(corpus.documents["method"]) == {"consultation"}
    props = segs[segs["kind"] == "proposition"]
    # votes = supports: never the text any more (the generic reader used to load "0" as text)
    assert (props["votes"].sum(), props["votes"].max()) == (498, 13)
    assert not props["text"].str.fullmatch(r"\d+").any()
    comments = segs[segs["kind"] == "commentaire"]
    assert comments["stance"].value_counts().to_dict() == {"neutre": 604, "pour": 102, "contre": 31}
    kinds = comments["parent_id"].str.split(":").str[0].value_counts().to_dict()
    assert kinds == {"debat": 545, "commentaire": 152, "proposition": 40}
    assert comments["depth"].value_counts().to_dict() == {0: 585, 1: 123, 2: 22, 3: 7}
    # replies point to comments that exist; 21 comments on proposals point to proposals that
    # are not in this export (another city's URLs): kept, and reported
    known = set(segs["card_id"])
    replies = comments[comments["parent_id"].str.startswith("commentaire:")]
    assert replies["parent_id"].isin(known).all()
    lost = comments[~comments["parent_id"].isin(known)]
    assert len(lost) == 21 and lost["parent_id"].str.startswith("proposition:").all()
    assert any(
        "21 contributions renvoient à un parent absent" in i.message for i in report.warnings
    )
    # accents and multi-line quoted bodies survive (one segment per proposal, lines joined)
    linky = props[props["text"].str.contains("compteurs intelligents Linky", regex=False)].iloc[0]
    assert (
        "consentement des abonnés" in linky["text"] and "imposé aux consommateurs" in linky["text"]
    )
    assert "\n" not in linky["text"]
    assert props["text"].str.contains("é").sum() > 150
    debates = segs[segs["kind"] == "debat"]
    assert not debates["text"].str.contains("<p>|&nbsp;|<strong>", regex=True).any()
    assert debates["text"].str.contains("Transition écologique", regex=False).any()
    assert props["category"].notna().sum() > 100
