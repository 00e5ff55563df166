"""Plain-text reader: label grammar, timestamps, header, encodings, bad input, ingest."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transfo_analysis.corpus import ingest
from transfo_analysis.corpus.readers import reader_for, text
from transfo_analysis.errors import InputError

#: these tests assert the English msgids; French is checked in tests/test_i18n_cli.py
pytestmark = pytest.mark.usefixtures("english_messages")


def read(content: str | bytes, name: str = "t.txt"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    docs = text.read(Path(name), data, {})
    assert len(docs) == 1
    return docs[0]


def table(doc):
    return (
        [t.speaker for t in doc.turns],
        [t.text for t in doc.turns],
        [(t.start, t.end) for t in doc.turns],
    )


NONE2 = [(None, None), (None, None)]


@pytest.mark.parametrize(
    "text_in, speakers, texts, times",
    [
        ("E : Bonjour\nR : Oui", ["E", "R"], ["Bonjour", "Oui"], NONE2),
        ("Q: Vous venez souvent ?\nR2: Non.", ["Q", "R2"], ["Vous venez souvent ?", "Non."], NONE2),
        (
            "Mme Diallo\u00a0: Bonjour\nEnquêtrice\u202f: Et alors ?",
            ["Mme Diallo", "Enquêtrice"],
            ["Bonjour", "Et alors ?"],
            NONE2,
        ),
        (
            "Julie Marchand : Bonjour\nMARCHAND Paul: Salut",
            ["Julie Marchand", "MARCHAND Paul"],
            ["Bonjour", "Salut"],
            NONE2,
        ),
        (
            "[Usager] Bonjour\n[Enquêtrice] Merci",
            ["Usager", "Enquêtrice"],
            ["Bonjour", "Merci"],
            NONE2,
        ),
        (
            "[Participant 1] : Oui\n[Participant 2] Non",
            ["Participant 1", "Participant 2"],
            ["Oui", "Non"],
            NONE2,
        ),
        ("Enquêteur·rice : Q1\nUsagère : A1", ["Enquêteur·rice", "Usagère"], ["Q1", "A1"], NONE2),
        (
            "Enquêteur.rice : Q1\nAgent d'accueil : A1",
            ["Enquêteur.rice", "Agent d'accueil"],
            ["Q1", "A1"],
            NONE2,
        ),
        (
            "JM : a\nFD : b\nJM : c\nFD : d",
            ["JM", "FD", "JM", "FD"],
            ["a", "b", "c", "d"],
            [(None, None)] * 4,
        ),
        (
            "[00:12:31] E : a\n(00:12:40) R : b\n00:13:00 E : c",
            ["E", "R", "E"],
            ["a", "b", "c"],
            [(751, 760), (760, 780), (780, None)],
        ),
        ("E [12:31] : a\nR : [12:35] b", ["E", "R"], ["a", "b"], [(751, 755), (755, None)]),
        (
            "[01:00:00.5] [Usager] a\n[01:00:02] [Agent] b",
            ["Usager", "Agent"],
            ["a", "b"],
            [(3600.5, 3602), (3602, None)],
        ),
        (
            "E : Il m'a dit : revenez demain\nR : oui",
            ["E", "R"],
            ["Il m'a dit : revenez demain", "oui"],
            NONE2,
        ),
        (
            "E : a\nIl m'a dit : revenez demain.\n\nencore\nR : b",
            ["E", "R"],
            ["a\nIl m'a dit : revenez demain.\nencore", "b"],
            NONE2,
        ),
        (
            "E : vu à 14:30 : http://x.fr\nR : b",
            ["E", "R"],
            ["vu à 14:30 : http://x.fr", "b"],
            NONE2,
        ),
        ("E : a\n[rire] ah oui\nR : b", ["E", "R"], ["a\n[rire] ah oui", "b"], NONE2),
        (
            "[00:12:31 - 00:12:40] E : a\n[00:12:41 --> 00:12:50] R : b",
            ["E", "R"],
            ["a", "b"],
            [(751, 761), (761, None)],
        ),
        (
            "00:00:00 Speaker 1\nBonjour à tous.\n\n00:00:05 Speaker 2\nOui.\nEnfin.",
            ["Speaker 1", "Speaker 2"],
            ["Bonjour à tous.", "Oui.\nEnfin."],
            [(0, 5), (5, None)],
        ),
        (
            "Julie Marchand  0:03\nBonjour.\n\nPaul Roux  1:10\nSalut.",
            ["Julie Marchand", "Paul Roux"],
            ["Bonjour.", "Salut."],
            [(3, 70), (70, None)],
        ),
        (
            "[00:00:05] E : a\n[00:00:07] Merci\n[00:00:09] Tout à fait",
            ["E", "E", "E"],
            ["a", "Merci", "Tout à fait"],
            [(5, 7), (7, 9), (9, None)],
        ),
    ],
)
def test_labels_times_and_texts(text_in, speakers, texts, times):
    assert table(read(text_in)) == (speakers, texts, times)


def test_unknown_one_word_label_used_once_is_speech_with_a_warning():
    doc = read("E : question\nGaston : réponse\nE : q2\nR : r2")
    assert table(doc)[:2] == (["E", "E", "R"], ["question\nGaston : réponse", "q2", "r2"])
    assert doc.warnings == [
        ("'Gaston' looks like a speaker label but appears only once; read as speech", 2)
    ]


def test_discourse_words_and_markup_are_never_labels():
    doc = read("E : a\nAlors : b\nAlors : c\n[Rires] d\n[Rires] e\nBonjour Madame : f")
    assert table(doc)[:2] == (
        ["E"],
        ["a\nAlors : b\nAlors : c\n[Rires] d\n[Rires] e\nBonjour Madame : f"],
    )


def test_header_is_metadata_not_speech_and_names_the_interviewer():
    doc = read(
        "Métropole de Valcourt – Entretien transports (val-u03)\n"
        "Entretien réalisé le 14/03/2025\n"
        "Lieu : Mairie annexe des Combettes\n"
        "Enquêtrice : Julie Marchand\n"
        "Durée : 23 min\n"
        "\n"
        "Enquêtrice : Bonjour, merci d'être là.\n"
        "Mme Diallo : Bonjour.\n"
    )
    assert doc.metadata == {
        "title": "Métropole de Valcourt – Entretien transports (val-u03)",
        "date": "2025-03-14",
        "lieu": "Mairie annexe des Combettes",
        "interviewer": "Julie Marchand",
        "duree": "23 min",
        "encoding": "utf-8",
    }
    assert [(t.speaker, t.text, t.line) for t in doc.turns] == [
        ("Enquêtrice", "Bonjour, merci d'être là.", 7),
        ("Mme Diallo", "Bonjour.", 8),
    ]
    assert doc.warnings == []


@pytest.mark.parametrize(
    "header, date",
    [
        ("Entretien du 1er avril 2024", "2024-04-01"),
        ("Entretien réalisé le 14 mars 2025", "2025-03-14"),
        ("Date : 2025-12-02", "2025-12-02"),
        ("Entretien – 3.9.2024 – Lieu : ici", "2024-09-03"),
    ],
)
def test_header_dates(header, date):
    assert read(f"{header}\n\nE : a\nR : b").metadata["date"] == date


def test_impossible_header_date_is_reported():
    doc = read("Titre\nDate : 31/02/2025\n\nE : a\nR : b")
    assert "date" not in doc.metadata
    assert doc.metadata["date_text"] == "31/02/2025"
    assert doc.warnings == [
        ("header date '31/02/2025' not understood (write it as 14/03/2025)", None)
    ]


def test_interviewer_found_by_initials_gets_the_role_from_the_source():
    doc = read("Enquêteur : Jean-Marc Dupuis\n\nJMD : alors ?\nFA : oui\nJMD : bon\nFA : voilà")
    assert doc.metadata["interviewer"] == "Jean-Marc Dupuis"
    assert doc.roles == {"JMD": "enqueteur"}


def test_capital_lines_are_sections_not_speech():
    doc = read("E : a\n\nACCUEIL EN MAIRIE\n\nR : b\nE : c")
    assert table(doc)[:2] == (["E", "R", "E"], ["a", "b", "c"])
    assert [t.attributes for t in doc.turns] == [
        {},
        {"section": "ACCUEIL EN MAIRIE"},
        {"section": "ACCUEIL EN MAIRIE"},
    ]


def test_timestamped_line_without_label_is_a_new_turn_of_the_same_speaker():
    doc = read("[00:00:01] E : a\n[00:00:05] suite\n[00:00:09] R : b")
    assert table(doc) == (["E", "E", "R"], ["a", "suite", "b"], [(1, 5), (5, 9), (9, None)])


def test_backwards_timestamps_are_reported():
    doc = read("[00:01:00] E : a\n[00:00:30] R : b\n[00:00:40] E : c")
    assert [(t.start, t.end) for t in doc.turns] == [(60, None), (30, 40), (40, None)]
    assert doc.warnings == [("timestamps go backwards here; ends left unknown where they do", 2)]


def test_no_label_gives_one_turn_per_paragraph_and_a_warning():
    doc = read(
        "Entretien réalisé le 02/02/2024\n\nJe suis venue pour\nma carte.\n\nOn m'a dit non.\n"
    )
    assert table(doc)[:2] == ([None, None], ["Je suis venue pour\nma carte.", "On m'a dit non."])
    assert doc.metadata["date"] == "2024-02-02"
    assert len(doc.warnings) == 1 and doc.warnings[0][0].startswith("no speaker label recognised")
    assert "'Enquêtrice :'" in doc.warnings[0][0] and "'[Usager]'" in doc.warnings[0][0]


def test_no_label_and_no_blank_line_gives_one_turn_per_line():
    assert table(read("ligne un\nligne deux\n"))[1] == ["ligne un", "ligne deux"]


# -- encodings and bad bytes ------------------------------------------------------------------
SAMPLE = "Enquêtrice : Ça a été très long…\nUsagère : Oui, à l’accueil."


@pytest.mark.parametrize(
    "data, encoding",
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("cp1252"), "cp1252"),
        (SAMPLE.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
        (
            SAMPLE.replace("…", "...").replace("’", "'").replace("\n", "\r").encode("latin-1"),
            "cp1252",
        ),
        (SAMPLE.encode("utf-16"), "utf-16"),
    ],
)
def test_encodings_and_line_ends(data, encoding):
    doc = read(data)
    assert [t.speaker for t in doc.turns] == ["Enquêtrice", "Usagère"]
    assert doc.turns[0].text.replace("...", "…") == "Ça a été très long…"
    assert doc.turns[1].text.replace("'", "’") == "Oui, à l’accueil."
    assert doc.metadata["encoding"] == encoding


def test_nul_bytes_at_the_start_mean_binary():
    with pytest.raises(InputError, match="binary file"):
        read(b"\x00\x01E : a")


def test_stray_nul_bytes_later_are_removed_with_a_warning():
    doc = read(("E : " + "a" * 5000 + "\x00b\nR : c").encode())
    assert doc.turns[0].text == "a" * 5000 + "b"
    assert doc.warnings == [
        ("NUL bytes removed from the text (a damaged or partly binary file?)", None)
    ]


@pytest.mark.parametrize("data", [b"", b"  \n\t\n", b"\xef\xbb\xbf", "\u00a0\n".encode()])
def test_empty_or_blank_file_is_an_input_error(data):
    with pytest.raises(InputError, match="holds no text"):
        read(data)


def test_registered_for_txt():
    assert reader_for(Path("x.TXT")).name == "text"


# -- through ingest ---------------------------------------------------------------------------
def test_ingest_roles_segments_and_report(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSFO_LANG", "fr")  # this test reads the French the users see
    folder = tmp_path / "valcourt"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Entretien réalisé le 14/03/2025\n\n[00:00:01] Enquêtrice : Vous venez souvent ?\n"
        "[00:00:04] Usagère : Oui, tous les mois.\n[00:00:09] Enquêtrice : Pourquoi ?\n",
        encoding="utf-8",
    )
    (folder / "b.txt").write_bytes(
        "E : Et le bus ?\r\nR : Trop rare, à mon goût.\r\n".encode("cp1252")
    )
    (folder / "empty.txt").write_bytes(b"   \n")
    (folder / "binary.txt").write_bytes(b"\x00\x00\x00garbage")
    corpus, report = ingest([folder], show_progress=False)
    assert sorted(Path(p).name for p in report.loaded) == ["a.txt", "b.txt"]
    skipped = {Path(s["path"]).name: s["reason"] for s in report.skipped}
    assert skipped["empty.txt"].startswith("fichier vide")
    assert "fichier binaire" in skipped["binary.txt"]
    seg = corpus.segments.merge(corpus.speakers[["speaker_id", "label"]], on="speaker_id")
    rows = list(seg[["label", "role", "text"]].itertuples(index=False, name=None))
    assert rows == [
        ("Enquêtrice", "enqueteur", "Vous venez souvent ?"),
        ("Usagère", "usager", "Oui, tous les mois."),
        ("Enquêtrice", "enqueteur", "Pourquoi ?"),
        ("E", "enqueteur", "Et le bus ?"),
        ("R", "usager", "Trop rare, à mon goût."),
    ]
    assert seg["start"].tolist()[:3] == [1.0, 4.0, 9.0]
    assert seg["end"].tolist()[:2] == [4.0, 9.0] and seg["end"].isna().tolist()[2:] == [True] * 3
    docs = corpus.documents.set_index("title")
    assert str(docs.loc["a", "date"].date()) == "2025-03-14"
    assert list(docs["format"]) == ["text", "text"]


def test_only_header_fields_and_prose_is_unlabelled():
    doc = read("Enquêtrice : Julie Marchand\nbla bla\n")
    assert doc.metadata == {"interviewer": "Julie Marchand", "encoding": "utf-8"}
    assert table(doc)[:2] == ([None], ["bla bla"])


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("EeRQ[]()0123456789: \u00a0\n\tJMaé·.-'>Il")), max_size=120
    )
)
def test_any_text_reads_without_crashing(text_in):
    if not text_in.strip():
        return
    doc = read(text_in)
    for turn in doc.turns:
        assert turn.line is not None and 1 <= turn.line <= text_in.count("\n") + 1
        assert turn.start is None or turn.start >= 0


def test_header_reserved_keys_notes_and_two_interviewers():
    doc = read(
        "ENTRETIEN N°4\nService : état civil\nNotes prises à la main\n"
        "Animation : Léa Fontaine et Paul Roux\n\nLéa Fontaine : On commence.\nPR : Oui.\nPR : "
        "Allez.\n"
    )
    assert doc.metadata == {
        "title": "ENTRETIEN N°4",
        "header_service": "état civil",
        "header_notes": "Notes prises à la main",
        "interviewer": "Léa Fontaine et Paul Roux",
        "encoding": "utf-8",
    }
    assert doc.roles == {"Léa Fontaine": "enqueteur", "PR": "enqueteur"}


def test_long_header_is_reported():
    doc = read("\n".join(f"ligne {i} de contexte" for i in range(10)) + "\nE : a\nR : b")
    assert doc.metadata["title"] == "ligne 0 de contexte"
    assert doc.warnings == [
        (
            "10 lines (40 words) before the first speaker label were read as a header (metadata), "
            "not as speech; check that the first turn has a label",
            1,
        )
    ]
