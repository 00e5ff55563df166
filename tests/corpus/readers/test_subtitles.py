"""WebVTT and SRT readers: speakers, tags, merging of cues into turns, bad timings, ingest."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transfo_analysis.corpus import ingest
from transfo_analysis.corpus.readers import reader_for, subtitles
from transfo_analysis.errors import InputError

#: these tests assert the English msgids; French is checked in tests/test_i18n_cli.py
pytestmark = pytest.mark.usefixtures("english_messages")


def vtt(text: str | bytes):
    data = text.encode("utf-8") if isinstance(text, str) else text
    docs = subtitles.read_vtt(Path("t.vtt"), data, {})
    assert len(docs) == 1
    return docs[0]


def srt(text: str | bytes):
    data = text.encode("utf-8") if isinstance(text, str) else text
    docs = subtitles.read_srt(Path("t.srt"), data, {})
    assert len(docs) == 1
    return docs[0]


def table(doc):
    return [(t.speaker, t.text, t.start, t.end) for t in doc.turns]


def cues(*items: tuple[str, str], header: str = "WEBVTT\n\n", sep: str = ".") -> str:
    """Cues from ``(timing "1-2.5", payload)`` pairs."""
    out = []
    for timing, payload in items:
        s, e = (float(x) for x in timing.split("-"))
        out.append(f"{_ts(s, sep)} --> {_ts(e, sep)}\n{payload}\n")
    return header + "\n".join(out)


def _ts(t: float, sep: str) -> str:
    ms = round(t * 1000)
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}{sep}{ms % 1000:03d}"


@pytest.mark.parametrize(
    "text_in, expected",
    [
        (
            cues(("1-2", "<v Julie Marchand>Bonjour"), ("2-3", "<v Mme Diallo>Bonjour.")),
            [("Julie Marchand", "Bonjour", 1, 2), ("Mme Diallo", "Bonjour.", 2, 3)],
        ),
        (
            cues(("1-2", "<v.loud.first Julie>Ah !</v>"), ("2.5-3", "<v Julie>Non</v>")),
            [("Julie", "Ah ! Non", 1, 3)],
        ),
        (
            cues(("1-2", "<v A>Vous venez ?</v>\n<v B>Oui</v>")),
            [("A", "Vous venez ?", 1, 2), ("B", "Oui", 1, 2)],
        ),
        (
            cues(
                (
                    "1-2",
                    "<v E><c.yellow>Le</c> <i>bus</i> <b>et</b> <u>le</u> <00:00:01.500>tram &amp; "
                    "co &lt;3</v>",
                )
            ),
            [("E", "Le bus et le tram & co <3", 1, 2)],
        ),
        (
            cues(("1-2", "<v E>un"), ("2-3", "deux"), ("3-4", "<v R>trois")),
            [("E", "un deux", 1, 3), ("R", "trois", 3, 4)],
        ),
        (
            cues(("1-2", "<v E>un"), ("4.5-5", "<v E>deux")),
            [("E", "un", 1, 2), ("E", "deux", 4.5, 5)],
        ),
        (cues(("1-2", "<v E>un"), ("3.9-5", "<v E>deux")), [("E", "un deux", 1, 5)]),
        (
            cues(
                ("1-2", "Julie: Bonjour"),
                ("2-3", "Paul: Salut"),
                ("3-4", "Julie: Ça va ?"),
                ("4-5", "Paul: Oui."),
            ),
            [
                ("Julie", "Bonjour", 1, 2),
                ("Paul", "Salut", 2, 3),
                ("Julie", "Ça va ?", 3, 4),
                ("Paul", "Oui.", 4, 5),
            ],
        ),
        (
            cues(("1-2", "- Enquêtrice : Et vous ?\n- Usager : Moi ?")),
            [("Enquêtrice", "Et vous ?", 1, 2), ("Usager", "Moi ?", 1, 2)],
        ),
        (cues(("1-2", "- <v A>Oui ?\n- <v B>Non.")), [("A", "Oui ?", 1, 2), ("B", "Non.", 1, 2)]),
    ],
)
def test_vtt_speakers_tags_and_merging(text_in, expected):
    assert table(vtt(text_in)) == expected


def test_vtt_header_blocks_ids_and_settings():
    doc = vtt(
        "WEBVTT - Entretien gare\nKind: captions\nLanguage: fr\n\n"
        "NOTE relu par Julie\nsur deux lignes\n\n"
        "STYLE\n::cue { color: yellow }\n\n"
        "REGION\nid:bas width:40%\n\n"
        "intro\n00:01.000 --> 00:02.000 align:start position:10%\n<v Julie>Bonjour\n\n"
        "2\n00:02.000 --> 00:03.000\n<v Paul>Salut\n"
    )
    assert table(doc) == [("Julie", "Bonjour", 1, 2), ("Paul", "Salut", 2, 3)]
    assert [t.line for t in doc.turns] == [15, 19]
    assert doc.metadata == {
        "encoding": "utf-8",
        "title": "Entretien gare",
        "kind": "captions",
        "language": "fr",
    }
    assert doc.warnings == []


def test_vtt_without_header_is_read_with_a_warning():
    doc = vtt(cues(("1-2", "<v E>a"), ("2-3", "<v R>b"), header=""))
    assert table(doc) == [("E", "a", 1, 2), ("R", "b", 2, 3)]
    assert doc.warnings == [("no WEBVTT header on the first line; read anyway", 1)]


SRT = """1
00:00:01,000 --> 00:00:03,500
Julie Marchand: Bonjour madame,
merci d'être venue.

2
00:00:03,600 --> 00:00:05,000
Mme Diallo: Bonjour.

3
00:00:05,100 --> 00:00:06,000
C'est normal.

4
00:00:06,200 --> 00:00:07,000
[Julie Marchand] Alors ?

5
00:00:07,000 --> 00:00:08,000
>> Mme Diallo: Eh bien.
"""


def test_srt_speaker_forms_and_continuation():
    assert table(srt(SRT)) == [
        ("Julie Marchand", "Bonjour madame, merci d'être venue.", 1, 3.5),
        ("Mme Diallo", "Bonjour. C'est normal.", 3.6, 6),
        ("Julie Marchand", "Alors ?", 6.2, 7),
        ("Mme Diallo", "Eh bien.", 7, 8),
    ]


def test_srt_broken_timing_line_is_a_warning_and_the_rest_is_read():
    broken = SRT.replace("00:00:05,100 --> 00:00:06,000", "00:00:05,1OO -> 00:00:06,000").replace(
        "-> 00:00:06", "--> 00:00:06"
    )
    doc = srt(broken)
    assert doc.warnings == [
        (
            "timing line not understood: '00:00:05,1OO --> 00:00:06,000'; the cue's text is kept "
            "without times",
            11,
        )
    ]
    assert table(doc) == [
        ("Julie Marchand", "Bonjour madame, merci d'être venue.", 1, 3.5),
        ("Mme Diallo", "Bonjour. C'est normal.", 3.6, 5),
        ("Julie Marchand", "Alors ?", 6.2, 7),
        ("Mme Diallo", "Eh bien.", 7, 8),
    ]


def test_srt_missing_blank_lines_and_stray_text():
    doc = srt(
        "1\n00:00:01,000 --> 00:00:02,000\nE: a\n2\n00:00:02,000 --> 00:00:03,000\nR: "
        "b\n\nencore\n\n3\n\n"
    )
    assert table(doc) == [("E", "a", 1, 2), ("R", "b encore", 2, 3)]
    assert doc.warnings == [
        ("text outside any cue (an extra blank line inside a cue?); added to the previous cue", 8),
        ("cue number without timing or text; ignored", 10),
    ]


def test_srt_unnamed_speaker_change_and_weak_labels():
    doc = srt(
        cues(
            ("1-2", "SPEAKER_00: oui"),
            ("2-3", ">> non"),
            ("3-4", "SPEAKER_00: si"),
            ("4-5", "Paris: c'est loin"),
            header="",
            sep=",",
        )
    )
    assert table(doc) == [
        ("SPEAKER_00", "oui", 1, 2),
        (None, "non", 2, 3),
        ("SPEAKER_00", "si Paris: c'est loin", 3, 5),
    ]


def test_automatic_transcription_without_speakers_is_grouped_at_pauses():
    items = [(f"{i}-{i + 1}", f"phrase {i}.") for i in range(0, 3)] + [("10-11", "après la pause")]
    doc = srt(cues(*items, header="", sep=","))
    assert table(doc) == [
        (None, "phrase 0. phrase 1. phrase 2.", 0, 3),
        (None, "après la pause", 10, 11),
    ]
    assert doc.warnings[0][0].startswith("no speaker found in the cues")


def test_long_unlabelled_groups_close_at_a_sentence_end():
    items = [(f"{i * 10}-{i * 10 + 10}", "mot" + ("." if i == 6 else "")) for i in range(14)]
    doc = srt(cues(*items, header="", sep=","))
    assert [(t.start, t.end) for t in doc.turns] == [(0, 70), (70, 140)]


@pytest.mark.parametrize(
    "data, encoding",
    [
        ("1\r\n00:00:01,000 --> 00:00:02,000\r\nÉlue: Très bien\r\n".encode("cp1252"), "cp1252"),
        (
            b"\xef\xbb\xbf" + "1\n00:00:01,000 --> 00:00:02,000\nÉlue: Très bien\n".encode(),
            "utf-8-sig",
        ),
    ],
)
def test_srt_encodings(data, encoding):
    doc = srt(data)
    assert table(doc) == [("Élue", "Très bien", 1, 2)]
    assert doc.metadata["encoding"] == encoding


@pytest.mark.parametrize(
    "reader, data, message",
    [
        (vtt, "WEBVTT\n\nNOTE rien\n", "no cue timing found"),
        (srt, "Entretien sans timings\nE: a\n", "no cue timing found"),
        (srt, b"\x00\x00\x00\x01", "binary file"),
    ],
)
def test_files_without_cues_are_input_errors(reader, data, message):
    with pytest.raises(InputError, match=message):
        reader(data)


def test_registered_suffixes():
    assert (reader_for(Path("a.VTT")).name, reader_for(Path("a.srt")).name) == ("vtt", "srt")


def test_ingest_vtt_and_srt_with_roles_and_a_bad_file(tmp_path):
    folder = tmp_path / "hautes-combes"
    folder.mkdir()
    (folder / "a.vtt").write_text(
        cues(
            ("1-3", "<v Enquêtrice>Vous prenez le bus ?"),
            ("3.5-6", "<v Usager>Rarement."),
            ("6-8", "<v Usager>Il passe peu."),
        ),
        encoding="utf-8",
    )
    (folder / "b.srt").write_text(
        cues(
            ("0-2", "E: Et le transport à la demande ?"),
            ("2-4", "R: Pratique."),
            header="",
            sep=",",
        ),
        encoding="utf-8",
    )
    (folder / "c.srt").write_text("rien d'utile ici\n", encoding="utf-8")
    corpus, report = ingest([folder], show_progress=False)
    assert sorted(Path(p).name for p in report.loaded) == ["a.vtt", "b.srt"]
    assert [(Path(s["path"]).name, s["reason"][:19]) for s in report.skipped] == [
        ("c.srt", "no cue timing found")
    ]
    seg = corpus.segments.merge(corpus.speakers[["speaker_id", "label"]], on="speaker_id")
    assert list(
        seg[["label", "role", "text", "start", "end"]].itertuples(index=False, name=None)
    ) == [
        ("Enquêtrice", "enqueteur", "Vous prenez le bus ?", 1.0, 3.0),
        ("Usager", "usager", "Rarement. Il passe peu.", 3.5, 8.0),
        ("E", "enqueteur", "Et le transport à la demande ?", 0.0, 2.0),
        ("R", "usager", "Pratique.", 2.0, 4.0),
    ]
    assert sorted(corpus.documents["format"]) == ["srt", "vtt"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "",
                "1",
                "00:00:01,000 --> 00:00:02,000",
                "00:00:0x --> 1",
                "E: oui",
                "<v A>non</v>",
                ">> ",
                "- R: b",
                "NOTE x",
                "WEBVTT",
                "texte",
            ]
        ),
        max_size=25,
    )
)
def test_any_sequence_of_lines_reads_or_raises_input_error(lines):
    text_in = "\n".join(lines)
    for reader in (vtt, srt):
        try:
            doc = reader(text_in)
        except InputError:
            continue
        assert all(t.start is None or t.end is None or t.end >= t.start for t in doc.turns)
