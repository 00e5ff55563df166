"""ESLO/TEI XML reader: <u who start end>, merging, overlaps,
other XML refused, Transcriber .xml."""

from __future__ import annotations

from pathlib import Path

import pytest

from transfo_analysis.corpus import ingest
from transfo_analysis.corpus.readers import eslo
from transfo_analysis.errors import InputError

#: these tests assert the English msgids; French is checked in tests/test_i18n_cli.py
pytestmark = pytest.mark.usefixtures("english_messages")

ESLO = """<?xml version="1.0" encoding="{enc}"?>
<text>
<u who="ch_OB1" start="0.5" end="3.2">depuis quand vous habitez là ?</u>
<u who="BV1" start="3.2" end="5.0">ça fait deux ans</u>
<u who="BV1" start="5.3" end="7.1">avant j'étais à Blois</u>
<u who="ch_OB1" start="7.1" end="7.4"></u>
<u who="ch_OB1" start="7.1" end="9.0">d'accord et la mairie ?</u>
<u who="BV1" start="7.1" end="9.0">euh</u>
<u who="BV1" start="12.0" end="14.0">on y va pour les papiers</u>
</text>
"""


def read(data: bytes | str, options: dict | None = None):
    data = data.encode("utf-8") if isinstance(data, str) else data
    docs = eslo.read(Path("e.xml"), data, options or {})
    assert len(docs) == 1
    return docs[0]


def test_utterances_merged_into_turns_and_empty_ones_skipped():
    doc = read(ESLO.format(enc="UTF-8"))
    assert [(t.speaker, t.text, t.start, t.end, t.line) for t in doc.turns] == [
        ("ch_OB1", "depuis quand vous habitez là ?", 0.5, 3.2, 3),
        ("BV1", "ça fait deux ans avant j'étais à Blois", 3.2, 7.1, 4),  # 0.3 s pause: one turn
        ("ch_OB1", "d'accord et la mairie ?", 7.1, 9.0, 7),
        ("BV1", "euh", 7.1, 9.0, 8),
        ("BV1", "on y va pour les papiers", 12.0, 14.0, 9),  # 3 s later: a new turn
    ]


def test_merging_can_be_turned_off():
    assert len(read(ESLO.format(enc="UTF-8"), {"merge_gap": None}).turns) == 6


@pytest.mark.parametrize(
    ("enc", "codec", "prefix", "crlf"),
    [
        ("ISO-8859-1", "latin-1", b"", False),
        ("UTF-8", "utf-8", b"\xef\xbb\xbf", True),
        ("windows-1252", "cp1252", b"", True),
    ],
)
def test_declared_encoding_bom_crlf(enc: str, codec: str, prefix: bytes, crlf: bool):
    data = prefix + ESLO.format(enc=enc).encode(codec)
    if crlf:
        data = data.replace(b"\n", b"\r\n")
    doc = read(data)
    assert doc.turns[1].text == "ça fait deux ans avant j'étais à Blois"
    assert doc.turns[1].line == 4


def test_who_milestones_split_multi_speaker_utterances():
    xml = """<text>
<u who="ch_AC7 EW15" start="1" end="2"><Who nb="1"/>et le tram <Who nb="2"/>ah le tram</u>
<u who="EW15" start="2" end="4">c'est <Who nb="1"/>pratique</u>
</text>"""
    doc = read(xml)
    assert [(t.speaker, t.text, t.overlap) for t in doc.turns] == [
        ("ch_AC7", "et le tram", True),
        ("EW15", "ah le tram", True),
        ("EW15", "c'est pratique", True),  # one speaker named: one turn, still overlapping
    ]


def test_tei_namespace_pointers_and_inline_markup():
    xml = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>
<u who="#spk1" start="1,5" end="#T2">bonjour <pause/> <vocal><desc>rire</desc></vocal> la <seg>crè</seg>che<note>inaudible</note></u>
<u>sans locuteur</u>
</body></text></TEI>"""  # noqa: E501 (an ESLO line as the corpus writes it)
    doc = read(xml)
    first, second = doc.turns
    assert (first.speaker, first.text, first.start, first.end) == (
        "spk1",
        "bonjour + [rire] la crè che",
        1.5,
        None,
    )
    assert (second.speaker, second.text) == (None, "sans locuteur")
    assert any("#T2" in m for m, _ in doc.warnings)


def test_transcriber_document_saved_as_xml_is_delegated():
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<Trans><Speakers><Speaker id="spk1" name="Agent Martin"/></Speakers>
<Episode><Section type="report" startTime="0" endTime="3">
<Turn speaker="spk1" startTime="0" endTime="3"><Sync time="0"/>bonjour</Turn>
</Section></Episode></Trans>"""
    doc = read(xml)
    assert [(t.speaker, t.text) for t in doc.turns] == [("Agent Martin", "bonjour")]


@pytest.mark.parametrize(
    "xml",
    [
        '<?xml version="1.0"?><project xmlns="urn:QDA-XML:project:1.0"><Sources/></project>',
        "<html><body><p>Entretien</p></body></html>",
    ],
)
def test_other_xml_is_refused_with_the_formats_understood(xml: str):
    with pytest.raises(InputError, match="no <u> utterances") as info:
        read(xml)
    assert (
        "ESLO/TEI" in info.value.hint
        and ".trs" in info.value.hint
        and "transfo qdpx import" in info.value.hint
    )


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"<text>\n<u who='A'>oui</u>\n<u who='B'>non\n", 4),
        (b"", 1),
        (b"<text>\n<u who='A' start='1>oui</u>\n</text>", 2),
    ],
    ids=["truncated", "empty", "bad-attribute"],
)
def test_malformed_xml_names_the_line(data: bytes, line: int):
    with pytest.raises(InputError, match="malformed XML") as info:
        read(data)
    assert info.value.line == line


def test_ingest_roles_and_overlaps(tmp_path: Path):
    (tmp_path / "ESLO2_ENT_1.xml").write_text(
        ESLO.format(enc="UTF-8").replace(
            '<u who="BV1" start="12.0"', '<u who="ENT_1INC" start="12.0"'
        ),
        encoding="utf-8",
    )
    corpus, report = ingest([tmp_path], show_progress=False)
    roles = dict(zip(corpus.speakers["label"], corpus.speakers["role"], strict=True))
    assert roles == {"ch_OB1": "enqueteur", "BV1": "usager", "ENT_1INC": "autre"}
    assert corpus.segments["overlap"].tolist() == [False, False, True, True, False]
