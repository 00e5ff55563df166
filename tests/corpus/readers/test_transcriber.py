"""Transcriber .trs reader: speakers, Sync times, events, comments, overlaps, encodings, bad XML."""

from __future__ import annotations

from pathlib import Path

import pytest

from transfo_analysis.corpus import ingest
from transfo_analysis.corpus.readers import transcriber
from transfo_analysis.errors import InputError

#: these tests assert the English msgids; French is checked in tests/test_i18n_cli.py
pytestmark = pytest.mark.usefixtures("english_messages")

HEADER = '<?xml version="1.0" encoding="{enc}"?>\n<!DOCTYPE Trans SYSTEM "trans-14.dtd">\n'
BODY = """<Trans scribe="Anne" audio_filename="ent_12" version="3" version_date="110103" air_date="1969-05-02">
<Speakers>
<Speaker id="spk1" name="PB" check="no" type="male" dialect="native" accent="" scope="local"/>
<Speaker id="spk2" name="Mme Lefèvre" check="no" type="female" dialect="native" accent="" scope="local"/>
</Speakers>
<Episode>
<Section type="report" startTime="0" endTime="30">
<Turn startTime="0" endTime="1.5">
<Sync time="0"/>
</Turn>
<Turn speaker="spk1" startTime="1.5" endTime="8">
<Sync time="1.5"/>

<Sync time="2"/>
et la mairie vous y allez souvent ?
<Sync time="6"/>

</Turn>
<Turn speaker="spk2" startTime="8" endTime="14">
<Sync time="8"/>
oh pour l'état civil <Event desc="rire" type="noise" extent="instantaneous"/> une fois par an
<Comment desc="sonnerie"/>
<Event desc="b" type="noise" extent="begin"/> pas plus
<Event desc="b" type="noise" extent="end"/>
</Turn>
<Turn speaker="spk1 spk2" startTime="14" endTime="16">
<Sync time="14"/>
<Who nb="1"/>
d'accord
<Who nb="2"/>
voilà
</Turn>
<Turn speaker="spk3" startTime="16" endTime="18">
<Sync time="16"/>
je peux entrer ?
</Turn>
<Turn startTime="18" endTime="20">
<Sync time="18"/>
[bruit de porte] pardon
</Turn>
</Section>
</Episode>
</Trans>
"""  # noqa: E501 (a Transcriber file as the tool writes it: long lines are data)


def trs(enc: str = "UTF-8", body: str = BODY, codec: str | None = None) -> bytes:
    return (HEADER.format(enc=enc) + body).encode(codec or enc)


def read(data: bytes):
    docs = transcriber.read(Path("t.trs"), data, {})
    assert len(docs) == 1
    return docs[0]


def test_turns_speakers_and_times():
    doc = read(trs())
    got = [(t.speaker, t.text, t.start, t.end, t.overlap) for t in doc.turns]
    assert got == [
        # the Sync before the first words and the one after the last words bound the turn
        ("PB", "et la mairie vous y allez souvent ?", 2.0, 6.0, False),
        (
            "Mme Lefèvre",
            "oh pour l'état civil [rire] une fois par an [b-] pas plus [-b]",
            8.0,
            14.0,
            False,
        ),
        ("PB", "d'accord", 14.0, 16.0, True),
        ("Mme Lefèvre", "voilà", 14.0, 16.0, True),
        ("spk3", "je peux entrer ?", 16.0, 18.0, False),
        (None, "[bruit de porte] pardon", 18.0, 20.0, False),
    ]
    assert doc.speakers["Mme Lefèvre"] == {
        "id": "spk2",
        "gender": "female",
        "dialect": "native",
        "scope": "local",
    }
    assert doc.metadata == {
        "scribe": "Anne",
        "audio_filename": "ent_12",
        "version_date": "110103",
        "date": "1969-05-02",
    }


def test_unknown_speaker_id_warns_once_and_keeps_the_id():
    doc = read(trs())
    warnings = [(m, w) for m, w in doc.warnings if "spk3" in m]
    line = trs().decode().split("\n").index('<Turn speaker="spk3" startTime="16" endTime="18">') + 1
    assert len(warnings) == 1 and warnings[0][1] == f"line {line}"


def test_turn_lines_come_from_the_xml():
    data = trs()
    lines = data.decode().split("\n")
    doc = read(data)
    assert lines[doc.turns[0].line - 1].startswith('<Turn speaker="spk1"')
    assert lines[doc.turns[3].line - 1] == '<Who nb="2"/>'


@pytest.mark.parametrize(
    ("enc", "codec", "crlf", "bom"),
    [
        ("ISO-8859-1", "latin-1", True, False),
        ("ISO-8859-1", "latin-1", False, False),
        ("UTF-8", "utf-8", True, True),
        ("UTF-8", "utf-8", False, False),
    ],
)
def test_declared_encodings_crlf_and_bom(enc: str, codec: str, crlf: bool, bom: bool):
    data = trs(enc, codec=codec)
    if crlf:
        data = data.replace(b"\n", b"\r\n")
    if bom:
        data = b"\xef\xbb\xbf" + data
    doc = read(data)
    assert doc.turns[1].speaker == "Mme Lefèvre"
    assert "l'état civil" in doc.turns[1].text
    assert doc.warnings[-1][0].startswith("speaker id 'spk3'")


def test_bytes_contradicting_the_declared_encoding_are_read_with_a_warning():
    doc = read(trs("UTF-8", codec="cp1252"))
    assert doc.turns[1].speaker == "Mme Lefèvre"
    assert any("declared encoding" in m for m, _ in doc.warnings)


def test_dtd_entities_are_not_resolved_but_html_names_are_replaced():
    body = BODY.replace("oh pour l'état civil", "oh pour l'&eacute;tat civil")
    assert "l'état civil" in read(trs(body=body)).turns[1].text


def test_who_markers_beyond_the_speakers_named():
    body = BODY.replace('<Who nb="2"/>\nvoilà', '<Who nb="3"/>\nvoilà')
    doc = read(trs(body=body))
    assert (None, "voilà") in [(t.speaker, t.text) for t in doc.turns]
    assert any('Who nb="3"' in m for m, _ in doc.warnings)


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (trs()[:400], trs()[:400].count(b"\n") + 1),  # truncated
        # a </Turn> missing: libxml2 stops at </Section> (line 42), naming the Turn's line
        (trs().replace(b'</Turn>\n<Turn speaker="spk2"', b'<Turn speaker="spk2"', 1), 42),
        (b"", 1),
        (b"<?xml version='1.0'?>\n\n<Trans><Speakers>", 3),
    ],
    ids=["truncated", "unclosed", "empty", "unfinished"],
)
def test_malformed_xml_names_the_line_and_suggests_transcriber(data: bytes, line: int):
    with pytest.raises(InputError, match="malformed XML") as info:
        read(data)
    assert info.value.line == line
    assert "Transcriber" in info.value.hint


def test_other_xml_root_is_refused():
    with pytest.raises(InputError, match="not a Transcriber file"):
        read(b"<text><u who='A'>oui</u></text>")


def test_ingest_flags_overlaps_and_guesses_nothing_from_two_questions(tmp_path: Path):
    (tmp_path / "e.trs").write_bytes(trs("ISO-8859-1", codec="latin-1"))
    corpus, report = ingest([tmp_path], show_progress=False)
    segs = corpus.segments
    assert segs["overlap"].tolist() == [False, False, True, True, False, False]
    assert segs["start"].tolist()[:2] == [2.0, 8.0]
    assert set(corpus.speakers["label"]) == {"PB", "Mme Lefèvre", "spk3", "(locuteur inconnu)"}
    assert str(corpus.documents.iloc[0]["date"].date()) == "1969-05-02"


def test_utf8_bytes_under_a_latin1_declaration_are_read_as_utf8():
    doc = read(trs("ISO-8859-1", codec="utf-8"))
    assert doc.turns[1].speaker == "Mme Lefèvre"
    assert any("written in UTF-8" in m for m, _ in doc.warnings)
