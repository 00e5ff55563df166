"""Praat TextGrid reader: long and short formats, encodings, turn merging, non-speaker tiers."""

from __future__ import annotations

from pathlib import Path

import pytest

from transfo_analysis.corpus import ingest
from transfo_analysis.corpus.readers import textgrid
from transfo_analysis.errors import InputError

#: these tests assert the English msgids; French is checked in tests/test_i18n_cli.py
pytestmark = pytest.mark.usefixtures("english_messages")

Tier = tuple[str, str, list[tuple]]  # (class, name, items)

ENQ = (
    "IntervalTier",
    "Sonia B. (ENQ)",
    [(0, 2, "alors vous habitez ici depuis quand ?"), (2, 5, ""), (5, 6, "ah oui"), (6, 9, "")],
)
HAB = (
    "IntervalTier",
    "Marie Dupont",
    [
        (0, 2, ""),
        (2, 3.5, "depuis vingt ans"),
        (3.5, 3.9, ""),
        (3.9, 5, "la mairie c'est à côté"),
        (5, 5.5, ""),
    ],
)


def _q(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def long_format(tiers: list[Tier], xmax: float = 9) -> str:
    out = [
        'File type = "ooTextFile"',
        'Object class = "TextGrid"',
        "",
        "xmin = 0",
        f"xmax = {xmax}",
        "tiers? <exists>",
        f"size = {len(tiers)}",
        "item []:",
    ]
    for i, (cls, name, items) in enumerate(tiers, start=1):
        out += [
            f"    item [{i}]:",
            f"        class = {_q(cls)}",
            f"        name = {_q(name)}",
            "        xmin = 0",
            f"        xmax = {xmax}",
        ]
        if cls == "IntervalTier":
            out.append(f"        intervals: size = {len(items)}")
            for j, (s, e, text) in enumerate(items, start=1):
                out += [
                    f"        intervals [{j}]:",
                    f"            xmin = {s}",
                    f"            xmax = {e}",
                    f"            text = {_q(text)}",
                ]
        else:
            out.append(f"        points: size = {len(items)}")
            for j, (t, mark) in enumerate(items, start=1):
                out += [
                    f"        points [{j}]:",
                    f"            number = {t}",
                    f"            mark = {_q(mark)}",
                ]
    return "\n".join(out) + "\n"


def short_format(tiers: list[Tier], xmax: float = 9) -> str:
    out = [
        'File type = "ooTextFile"',
        'Object class = "TextGrid"',
        "",
        "0",
        str(xmax),
        "<exists>",
        str(len(tiers)),
    ]
    for cls, name, items in tiers:
        out += [_q(cls), _q(name), "0", str(xmax), str(len(items))]
        for item in items:
            out += [str(v) if not isinstance(v, str) else _q(v) for v in item]
    return "\n".join(out) + "\n"


def read(text: str | bytes, options: dict | None = None, name: str = "t.TextGrid"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    docs = textgrid.read(Path(name), data, options or {})
    assert len(docs) == 1
    return docs[0]


@pytest.mark.parametrize("fmt", [long_format, short_format])
def test_turns_merged_across_tiers_in_time_order(fmt):
    doc = read(fmt([ENQ, HAB]))
    assert [(t.speaker, t.text, t.start, t.end) for t in doc.turns] == [
        ("Sonia B. (ENQ)", "alors vous habitez ici depuis quand ?", 0, 2),
        # 0.4 s of silence inside one speaker's speech: one turn
        ("Marie Dupont", "depuis vingt ans la mairie c'est à côté", 2, 5),
        ("Sonia B. (ENQ)", "ah oui", 5, 6),
    ]
    assert set(doc.speakers) == {"Sonia B. (ENQ)", "Marie Dupont"}
    assert doc.warnings == []


def test_line_numbers_point_at_the_text():
    text = long_format([ENQ, HAB])
    doc = read(text)
    lines = text.split("\n")
    for turn in doc.turns:
        assert turn.text.split()[0] in lines[turn.line - 1]


@pytest.mark.parametrize(
    ("gap", "merge_gap", "n_turns"),
    [(0.0, None, 2), (0.5, 1.0, 1), (1.0, 1.0, 1), (3.0, 1.0, 2), (3.0, 5.0, 1), (0.5, None, 2)],
)
def test_merge_gap(gap: float, merge_gap: float | None, n_turns: int):
    tier = (
        "IntervalTier",
        "A",
        [(0, 1, "un"), (1, 1 + gap, ""), (1 + gap, 2 + gap, "deux")]
        if gap
        else [(0, 1, "un"), (1, 2, "deux")],
    )
    doc = read(long_format([tier], xmax=2 + gap), {"merge_gap": merge_gap})
    assert len(doc.turns) == n_turns


def test_other_speaker_in_between_prevents_merging():
    a = ("IntervalTier", "A", [(0, 1, "un"), (1, 1.5, ""), (1.5, 2, "trois")])
    b = ("IntervalTier", "B", [(0, 1.1, ""), (1.1, 1.3, "mm"), (1.3, 2, "")])
    doc = read(long_format([a, b], xmax=2))
    assert [t.speaker for t in doc.turns] == ["A", "B", "A"]


def test_overlapping_intervals_stay_separate_and_ingest_flags_them(tmp_path: Path):
    a = ("IntervalTier", "Enq", [(0, 4, "et la crèche vous en pensez quoi"), (4, 9, "")])
    b = ("IntervalTier", "Habitante", [(0, 3, ""), (3, 8, "oh la crèche c'est bien"), (8, 9, "")])
    (tmp_path / "e.TextGrid").write_text(long_format([a, b]), encoding="utf-8")
    corpus, report = ingest([tmp_path], show_progress=False)
    segs = corpus.segments
    assert list(segs["overlap"]) == [True, True]
    assert dict(zip(corpus.speakers["label"], corpus.speakers["role"], strict=True)) == {
        "Enq": "enqueteur",
        "Habitante": "usager",
    }


def test_quotes_doubled_inside_text():
    tier = ("IntervalTier", "A", [(0, 1, 'il a dit "non" ["] ok')])
    assert read(long_format([tier], xmax=1)).turns[0].text == 'il a dit "non" ["] ok'


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"),
        lambda s: s.encode("utf-16"),  # Praat's UTF-16 with BOM
        lambda s: s.replace("\n", "\r\n").encode("utf-8"),
        lambda s: s.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "crlf", "cp1252"],
)
def test_encodings_and_line_endings(encode):
    tier = ("IntervalTier", "Hélène (Enq.)", [(0, 1, "l'école à côté, ça a changé ?")])
    doc = read(encode(long_format([tier], xmax=1)))
    assert doc.turns[0].speaker == "Hélène (Enq.)"
    assert doc.turns[0].text == "l'école à côté, ça a changé ?"


@pytest.mark.parametrize(
    "name", ["comment", "Commentaires", "TOUR", "Thème", "ortho-A", "phon_Marie", "notes"]
)
def test_non_speaker_tiers_skipped_with_a_warning(name: str):
    doc = read(long_format([ENQ, ("IntervalTier", name, [(0, 9, "section 1")])]))
    assert {t.speaker for t in doc.turns} == {"Sonia B. (ENQ)"}
    assert any(name in message for message, _ in doc.warnings)


def test_non_speaker_tier_words_are_configurable():
    tiers = [
        ENQ,
        ("IntervalTier", "comment", [(0, 9, "bonjour")]),
        ("IntervalTier", "glose", [(0, 9, "x")]),
    ]
    doc = read(long_format(tiers), {"non_speaker_tiers": ["glose"]})
    assert {t.speaker for t in doc.turns} == {"Sonia B. (ENQ)", "comment"}


def test_point_tiers_skipped_with_a_warning():
    doc = read(
        long_format(
            [ENQ, ("TextTier", "bruits", [(1.5, "porte")]), ("TextTier", "Marc", [(2, "x")])]
        )
    )
    assert {t.speaker for t in doc.turns} == {"Sonia B. (ENQ)"}
    assert sum("point tier" in m for m, _ in doc.warnings) == 2


def test_duplicate_tier_names_read_as_one_speaker():
    doc = read(
        long_format(
            [("IntervalTier", "A", [(0, 1, "un")]), ("IntervalTier", "A", [(3, 4, "deux")])], xmax=4
        )
    )
    assert [t.speaker for t in doc.turns] == ["A", "A"]
    assert any("two tiers" in m for m, _ in doc.warnings)


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (b"", "not a Praat text file", 1),
        (b"hello\nworld\n", "not a Praat text file", 1),
        (b'File type = "ooTextFile"\nObject class = "Sound"\n', "not a TextGrid", 2),
        (b"ooBinaryFile\x00TextGrid", "binary", None),
    ],
)
def test_bad_files(data: bytes, message: str, line: int | None):
    with pytest.raises(InputError, match=message) as info:
        read(data)
    assert info.value.line == line
    assert info.value.hint


def test_truncated_file_names_the_line():
    text = long_format([ENQ, HAB])
    cut = "\n".join(text.split("\n")[:30])
    with pytest.raises(InputError, match="truncated") as info:
        read(cut)
    assert info.value.line == 30


def test_malformed_value_names_the_line():
    text = long_format([ENQ]).replace("xmax = 5\n", 'xmax = "oops"\n', 1)
    with pytest.raises(InputError, match="expected the end of interval 2") as info:
        read(text)
    assert "oops" in str(info.value)
    assert text.split("\n")[info.value.line - 1].strip() == 'xmax = "oops"'


def test_ingest_skips_malformed_textgrid_and_keeps_others(tmp_path: Path):
    (tmp_path / "ok.TextGrid").write_text(long_format([ENQ, HAB]), encoding="utf-8")
    (tmp_path / "bad.TextGrid").write_text(
        "\n".join(long_format([ENQ]).split("\n")[:20]), encoding="utf-8"
    )
    corpus, report = ingest([tmp_path], show_progress=False)
    assert len(report.loaded) == 1
    assert "bad.TextGrid" in report.skipped[0]["path"] and "line" in report.skipped[0]["reason"]
    assert corpus.documents.iloc[0]["interviewer"] == "Sonia B. (ENQ)"
