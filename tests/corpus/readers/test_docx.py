"""Word reader: paragraphs, bold labels, headings, tables,
tracked changes, damaged files, ingest."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from transfo_analysis.corpus import ingest
from transfo_analysis.corpus.readers import docx as docx_reader
from transfo_analysis.errors import InputError

#: these tests assert the English msgids; French is checked in tests/test_i18n_cli.py
pytestmark = pytest.mark.usefixtures("english_messages")

Runs = list[tuple[str, bool]]


def build(
    paragraphs: list[str | Runs | tuple[str, str]], table: list[list[str]] | None = None
) -> bytes:
    """A .docx: plain paragraphs, lists of (text, bold) runs, or (style, text); then a table."""
    d = docx.Document()
    for p in paragraphs:
        if isinstance(p, str):
            d.add_paragraph(p)
        elif isinstance(p, tuple):
            d.add_paragraph(p[1], style=p[0])
        else:
            para = d.add_paragraph()
            for text, bold in p:
                para.add_run(text).bold = bold or None
    if table:
        t = d.add_table(rows=len(table), cols=len(table[0]))
        for i, row in enumerate(table):
            for j, value in enumerate(row):
                t.rows[i].cells[j].text = value
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def read(data: bytes, name: str = "t.docx"):
    docs = docx_reader.read(Path(name), data, {})
    assert len(docs) == 1
    return docs[0]


def turns(doc):
    return [(t.speaker, t.text) for t in doc.turns]


def test_header_paragraphs_become_metadata_and_colon_labels_turns():
    doc = read(
        build(
            [
                ("Title", "Ville de Bourg-Sénac – Entretien état civil (bs-u01)"),
                "Entretien réalisé le 14/03/2025 – Lieu : Mairie – Enquêtrice : Laure Delmas – "
                "Durée : 10 min",
                "Laure Delmas : Bonjour madame.",
                "Mme Diallo\u00a0: Bonjour.",
                "Il m'a dit : revenez demain.",
            ]
        )
    )
    assert doc.metadata == {
        "title": "Ville de Bourg-Sénac – Entretien état civil (bs-u01)",
        "date": "2025-03-14",
        "lieu": "Mairie",
        "interviewer": "Laure Delmas",
        "duree": "10 min",
    }
    assert [(t.speaker, t.text, t.line) for t in doc.turns] == [
        ("Laure Delmas", "Bonjour madame.", 3),
        ("Mme Diallo", "Bonjour.\nIl m'a dit : revenez demain.", 4),
    ]
    assert doc.roles == {"Laure Delmas": "enqueteur"}


@pytest.mark.parametrize(
    "runs, expected",
    [
        (
            [("Julie Marchand", True), (" Bonjour", False)],
            [("E", "a"), ("Julie Marchand", "Bonjour")],
        ),
        ([("[00:00:07] ", False), ("R :", True), (" Oui", False)], [("E", "a"), ("R", "Oui")]),
        (
            [("Mme ", True), ("Diallo", True), (" : Non", False)],
            [("E", "a"), ("Mme Diallo", "Non")],
        ),
        ([("[Usager]", True), (" Bof", False)], [("E", "a"), ("Usager", "Bof")]),
        ([("JM :", True), (" Une fois", False)], [("E", "a"), ("JM", "Une fois")]),
        ([("Jamais", True), (" je n'y retourne", False)], [("E", "a\nJamais je n'y retourne")]),
        ([("Il m'a dit", True), (" revenez", False)], [("E", "a\nIl m'a dit revenez")]),
        ([("Tout en gras : sans suite", True)], [("E", "a\nTout en gras : sans suite")]),
        ([("Ah ", False), ("Julie", True), (" non", False)], [("E", "a\nAh Julie non")]),
    ],
)
def test_bold_run_opening_a_paragraph_is_a_label(runs, expected):
    assert turns(read(build(["E : a", runs]))) == expected


def test_bold_label_with_timestamp_gives_start():
    doc = read(
        build(
            [
                [("[00:00:07] ", False), ("R :", True), (" Oui", False)],
                [("[00:00:09] ", False), ("E", True), (" Bon", False)],
            ]
        )
    )
    assert [(t.speaker, t.start, t.end) for t in doc.turns] == [("R", 7, 9), ("E", 9, None)]


def test_heading_styles_are_title_and_sections():
    doc = read(
        build(
            [
                ("Title", "Mon entretien"),
                ("Heading 2", "Accueil"),
                "E : a",
                "R : b",
                ("Heading 2", "Délais"),
                "E : c",
            ]
        )
    )
    assert doc.metadata["title"] == "Mon entretien"
    assert [(t.speaker, t.text, t.attributes) for t in doc.turns] == [
        ("E", "a", {"section": "Accueil"}),
        ("R", "b", {"section": "Accueil"}),
        ("E", "c", {"section": "Délais"}),
    ]


def test_two_column_table_of_speaker_and_text():
    doc = read(
        build(
            ["Entretien du 02/05/2025"],
            table=[
                ["Locuteur", "Texte"],
                ["Enquêteur", "Vous êtes d'ici ?"],
                ["Habitante du quartier", "Oui, depuis 1998."],
                ["", "Et j'y reste."],
            ],
        )
    )
    assert turns(doc) == [
        ("Enquêteur", "Vous êtes d'ici ?"),
        ("Habitante du quartier", "Oui, depuis 1998.\nEt j'y reste."),
    ]
    assert doc.metadata["date"] == "2025-05-02"


def test_three_column_table_with_times():
    doc = read(build([], table=[["00:00:01", "E", "Bonjour"], ["00:00:04", "R", "Oui"]]))
    assert [(t.speaker, t.text, t.start, t.end) for t in doc.turns] == [
        ("E", "Bonjour", 1, 4),
        ("R", "Oui", 4, None),
    ]


def test_tracked_deletions_and_text_boxes_are_left_out():
    data = build(["E : a", "R : b"])
    d = docx.Document(io.BytesIO(data))
    p = d.paragraphs[1]._p
    deleted = etree.SubElement(p, qn("w:del"))
    run = etree.SubElement(deleted, qn("w:r"))
    etree.SubElement(run, qn("w:delText")).text = " SUPPRIMÉ"
    inserted = etree.SubElement(p, qn("w:ins"))
    run = etree.SubElement(inserted, qn("w:r"))
    etree.SubElement(run, qn("w:t")).text = " ajouté"
    hidden = d.paragraphs[1].add_run(" caché")
    hidden.font.hidden = True
    buf = io.BytesIO()
    d.save(buf)
    assert turns(read(buf.getvalue())) == [("E", "a"), ("R", "b ajouté")]


def test_no_label_gives_one_turn_per_paragraph():
    doc = read(build(["Je suis venue.", "", "On m'a dit non."]))
    assert turns(doc) == [(None, "Je suis venue."), (None, "On m'a dit non.")]
    assert doc.warnings[0][0].startswith("no speaker label recognised")


# -- damaged files ----------------------------------------------------------------------------
def _rezip(data: bytes, replace: dict[str, bytes | None]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in src.namelist():
            if name in replace:
                if replace[name] is not None:
                    z.writestr(name, replace[name])
            else:
                z.writestr(name, src.read(name))
        for name, content in replace.items():
            if name not in src.namelist() and content is not None:
                z.writestr(name, content)
    return out.getvalue()


GOOD = build(["E : a", "R : b"])


@pytest.mark.parametrize(
    "data, message, hint",
    [
        (
            b"PK\x03\x04" + b"\x13" * 300,
            "not a valid .docx (the zip archive is damaged or truncated",
            "save it again as .docx",
        ),
        (
            GOOD[: len(GOOD) // 2],
            "not a valid .docx (the zip archive is damaged or truncated",
            "re-copy the file",
        ),
        (
            _rezip(GOOD, {"word/document.xml": None}),
            "not a valid .docx: the archive has no word/document.xml",
            "save it again as .docx",
        ),
        (
            _rezip(GOOD, {"word/document.xml": b"<w:document xmlns:w='urn:x'><w:body>"}),
            "the document is damaged (XML error",
            "save it again",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500,
            "old binary Word .doc",
            "remove the password",
        ),
        (b"{\\rtf1\\ansi E : a}", "this is an RTF file named .docx", "save it again as .docx"),
        (
            "E : un texte\nR : renommé".encode(),
            "apparently a plain-text file",
            "rename it with the .txt suffix",
        ),
        (
            _rezip(GOOD, {"word/document.xml": None, "content.xml": b"<x/>"}),
            "this is an OpenDocument file named .docx",
            "rename it with the .odt suffix",
        ),
        (build([]), "the document holds no text", "right file"),
    ],
)
def test_damaged_or_wrong_files_raise_clear_errors(data, message, hint):
    with pytest.raises(InputError) as info:
        read(data)
    assert message in info.value.message
    assert hint in info.value.hint
    assert info.value.path == "t.docx"


def test_corrupt_member_is_named():
    data = bytearray(_rezip(GOOD, {}))
    offset = (
        data.index(b"word/document.xml") + len("word/document.xml") + 40
    )  # inside the compressed data
    data[offset : offset + 8] = b"\x00" * 8
    with pytest.raises(InputError, match="damaged"):
        read(bytes(data))


# -- through ingest ---------------------------------------------------------------------------
def test_ingest_reads_good_files_and_skips_damaged_ones(tmp_path):
    folder = tmp_path / "sarne"
    folder.mkdir()
    (folder / "good.docx").write_bytes(
        build(
            [
                "Entretien réalisé le 03/06/2025",
                [("Enquêtrice", True), (" Vous triez vos déchets ?", False)],
                [("Usager", True), (" Oui, depuis la redevance.", False)],
            ]
        )
    )
    (folder / "cut.docx").write_bytes(GOOD[:1000])
    (folder / "nodoc.docx").write_bytes(_rezip(GOOD, {"word/document.xml": None}))
    corpus, report = ingest([folder], show_progress=False)
    assert [Path(p).name for p in report.loaded] == ["good.docx"]
    skipped = {Path(s["path"]).name: s["reason"] for s in report.skipped}
    assert skipped["cut.docx"].startswith(
        "not a valid .docx (the zip archive is damaged or truncated"
    )
    assert skipped["nodoc.docx"] == (
        "not a valid .docx: the archive has no word/document.xml "
        "(open it in Word or LibreOffice and save it again as .docx)"
    )
    seg = corpus.segments.merge(corpus.speakers[["speaker_id", "label"]], on="speaker_id")
    assert list(seg[["label", "role", "text"]].itertuples(index=False, name=None)) == [
        ("Enquêtrice", "enqueteur", "Vous triez vos déchets ?"),
        ("Usager", "usager", "Oui, depuis la redevance."),
    ]
    assert corpus.documents["format"].tolist() == ["docx"]
    assert str(corpus.documents["date"].iloc[0].date()) == "2025-06-03"


def test_word_transcribe_export_with_label_lines():
    doc = read(
        build(
            [
                "Entretien.m4a",
                "00:00:00 Speaker 1",
                "Bonjour, on commence ?",
                "00:00:04 Speaker 2",
                "Oui.",
                "Allez-y.",
            ]
        )
    )
    assert [(t.speaker, t.text, t.start, t.end) for t in doc.turns] == [
        ("Speaker 1", "Bonjour, on commence ?", 0, 4),
        ("Speaker 2", "Oui.\nAllez-y.", 4, None),
    ]
    assert doc.metadata == {"title": "Entretien.m4a"}
