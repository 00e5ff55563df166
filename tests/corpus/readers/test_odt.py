"""OpenDocument reader: inline markup, bold spans, headings,
lists, tables, damaged files, ingest."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from transfo_analysis.corpus import ingest
from transfo_analysis.corpus.readers import odt
from transfo_analysis.errors import InputError

#: these tests assert the English msgids; French is checked in tests/test_i18n_cli.py
pytestmark = pytest.mark.usefixtures("english_messages")

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)
AUTO = (
    '<style:style style:name="T1" style:family="text"><style:text-properties '
    'fo:font-weight="bold"/></style:style>'
    '<style:style style:name="T2" style:family="text"><style:text-properties fo:font-weight="700"/>'
    "</style:style>"
    '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Heading_20_2"/>'
)
STYLES = (
    f"<office:document-styles {NS}><office:styles>"
    '<style:style style:name="Heading_20_2" style:display-name="Heading 2" '
    'style:family="paragraph"/>'
    "</office:styles></office:document-styles>"
)


def content(body: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}>'
        f"<office:automatic-styles>{AUTO}</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )


def package(
    members: dict[str, str | bytes],
    mimetype: str | None = "application/vnd.oasis.opendocument.text",
) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        if mimetype is not None:
            z.writestr("mimetype", mimetype)
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def build(body: str) -> bytes:
    return package({"content.xml": content(body), "styles.xml": STYLES})


def read(data: bytes, name: str = "t.odt"):
    docs = odt.read(Path(name), data, {})
    assert len(docs) == 1
    return docs[0]


def turns(doc):
    return [(t.speaker, t.text) for t in doc.turns]


def P(text: str, style: str | None = None) -> str:
    attr = f' text:style-name="{style}"' if style else ""
    return f"<text:p{attr}>{text}</text:p>"


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            P('E : un<text:s text:c="3"/>deux<text:tab/>trois<text:line-break/>quatre')
            + P("R : b"),
            [("E", "un   deux\ttrois\nquatre"), ("R", "b")],
        ),
        (
            P("E :<text:s/>a")
            + P('<text:span text:style-name="T1">Mme Diallo</text:span> Bonjour'),
            [("E", "a"), ("Mme Diallo", "Bonjour")],
        ),
        (
            P("E : a") + P('[00:00:03] <text:span text:style-name="T2">R</text:span> oui'),
            [("E", "a"), ("R", "oui")],
        ),
        (
            P("E : a") + P('<text:span text:style-name="T1">Jamais</text:span> de la vie'),
            [("E", "a\nJamais de la vie")],
        ),
        (
            P(
                "R : oui<text:note><text:note-citation>1</text:note-citation><text:note-body>"
                "<text:p>une note</text:p>"
                "</text:note-body></text:note> bien"
            )
            + P("E : c"),
            [("R", "oui bien"), ("E", "c")],
        ),
        (
            P(
                "R : oui<office:annotation><dc:creator>X</dc:creator><text:p>commentaire</text:p>"
                "</office:annotation> !"
            )
            + P(
                'E : <text:a xlink:href="http://x" xmlns:xlink="http://www.w3.org/1999/xlink">lien</text:a>'
            ),
            [("R", "oui !"), ("E", "lien")],
        ),
        (
            "<text:list><text:list-item>"
            + P("E : a")
            + "</text:list-item><text:list-item>"
            + P("R : b")
            + "</text:list-item></text:list>",
            [("E", "a"), ("R", "b")],
        ),
        (
            "<text:section>"
            + P("E : a")
            + "<text:soft-page-break/>"
            + P('suite<text:bookmark text:name="b"/>')
            + "</text:section>",
            [("E", "a\nsuite")],
        ),
    ],
)
def test_inline_markup_and_labels(body, expected):
    assert turns(read(build(body))) == expected


def test_headings_title_and_header():
    doc = read(
        build(
            P("Entretien avec un couple d'usagers", "Titre")
            + P(
                "Entretien réalisé le 22/01/2025 – Lieu : au domicile – Enquêtrice : Claire Vasseur"
            )
            + P("CV : Bonjour.")
            + P("CM : Bonjour.")
            + '<text:h text:outline-level="2">Les démarches</text:h>'
            + P("CV : Et alors ?")
            + P("Délais", "P1")
            + P("CM : Long.")
        )
    )
    assert doc.metadata == {
        "title": "Entretien avec un couple d'usagers",
        "date": "2025-01-22",
        "lieu": "au domicile",
        "interviewer": "Claire Vasseur",
    }
    assert [(t.speaker, t.text, t.attributes.get("section"), t.line) for t in doc.turns] == [
        ("CV", "Bonjour.", None, 3),
        ("CM", "Bonjour.", None, 4),
        ("CV", "Et alors ?", "Les démarches", 6),
        ("CM", "Long.", "Délais", 8),
    ]
    assert doc.roles == {"CV": "enqueteur"}


def test_table_rows_are_turns():
    row = "<table:table-row>{}</table:table-row>"
    cell = "<table:table-cell>" + P("{}") + "</table:table-cell>"
    rows = [
        ("Locuteur", "Texte"),
        ("[00:00:05]", "Agent", "On ferme à 17 h."),
        ("[00:00:09]", "Usagère", "Trop tôt."),
    ]
    body = (
        "<table:table>"
        + "".join(row.format("".join(cell.format(c) for c in r)) for r in rows)
        + "</table:table>"
    )
    doc = read(build(body))
    assert [(t.speaker, t.text, t.start, t.end) for t in doc.turns] == [
        ("Agent", "On ferme à 17 h.", 5, 9),
        ("Usagère", "Trop tôt.", 9, None),
    ]


def test_written_by_odfpy_like_libreoffice():
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.text import P as OP
    from odf.text import Span

    od = OpenDocumentText()
    bold = Style(name="Locuteur", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    od.automaticstyles.addElement(bold)
    od.text.addElement(OP(text="Département de la Vallière – Entretien (vl-u05)"))
    for who, what in [("SA :", "Vous êtes suivie depuis quand ?"), ("LD :", "Deux ans.")]:
        p = OP()
        p.addElement(Span(stylename=bold, text=who))
        p.addText(" " + what)
        od.text.addElement(p)
    buf = io.BytesIO()
    od.write(buf)
    doc = read(buf.getvalue())
    assert turns(doc) == [("SA", "Vous êtes suivie depuis quand ?"), ("LD", "Deux ans.")]
    assert doc.metadata["title"] == "Département de la Vallière – Entretien (vl-u05)"


def test_no_label_gives_paragraph_turns():
    doc = read(build(P("Première idée.") + P("") + P("Deuxième idée.")))
    assert turns(doc) == [(None, "Première idée."), (None, "Deuxième idée.")]
    assert doc.warnings[0][0].startswith("no speaker label recognised")


GOOD = build(P("E : a") + P("R : b"))


@pytest.mark.parametrize(
    "data, message, hint",
    [
        (
            b"PK\x03\x04" + b"\x01" * 200,
            "not a valid .odt (the zip archive is damaged or truncated",
            "save it again as .odt",
        ),
        (
            GOOD[:-30],
            "not a valid .odt (the zip archive is damaged or truncated",
            "re-copy the file",
        ),
        (
            package({"styles.xml": STYLES}),
            "not a valid .odt: the archive has no content.xml",
            "save it again as .odt",
        ),
        (
            package({"content.xml": "<office:document-content><unclosed>"}),
            "content.xml is damaged (XML error",
            "save it again",
        ),
        (
            package({"content.xml": content("")}, "application/vnd.oasis.opendocument.spreadsheet"),
            "this is an OpenDocument spreadsheet, not a text document",
            "export the transcript",
        ),
        (
            package({"word/document.xml": "<x/>"}, None),
            "this is a Word document named .odt",
            "rename it with the .docx suffix",
        ),
        (
            package(
                {
                    "content.xml": f"<office:document-content {NS}><office:body/>"
                    "</office:document-content>"
                }
            ),
            "content.xml has no text body",
            "text document",
        ),
        (build(P("") + P("  ")), "the document holds no text", "right file"),
    ],
)
def test_damaged_or_wrong_files_raise_clear_errors(data, message, hint):
    with pytest.raises(InputError) as info:
        read(data)
    assert message in info.value.message
    assert hint in info.value.hint


def test_xml_error_names_the_member_and_line():
    with pytest.raises(InputError) as info:
        read(package({"content.xml": "<a>\n<b>\n</a>"}))
    assert info.value.element == "content.xml line 3"


def test_damaged_styles_are_not_fatal():
    data = package({"content.xml": content(P("E : a") + P("R : b")), "styles.xml": "<broken"})
    assert turns(read(data)) == [("E", "a"), ("R", "b")]


def test_ingest_good_and_bad_odt(tmp_path):
    folder = tmp_path / "valliere"
    folder.mkdir()
    (folder / "ok.odt").write_bytes(
        build(P("Enquêteur·rice : Vous attendez depuis longtemps ?") + P("Usager : Trois mois."))
    )
    (folder / "bad.odt").write_bytes(package({"content.xml": "<oops"}))
    corpus, report = ingest([folder], show_progress=False)
    assert [Path(p).name for p in report.loaded] == ["ok.odt"]
    assert [(Path(s["path"]).name, s["reason"].split(":")[0]) for s in report.skipped] == [
        ("bad.odt", "content.xml line 1")
    ]
    assert "content.xml is damaged" in report.skipped[0]["reason"]
    assert corpus.segments["role"].tolist() == ["enqueteur", "usager"]
    assert corpus.segments["text"].tolist() == ["Vous attendez depuis longtemps ?", "Trois mois."]
