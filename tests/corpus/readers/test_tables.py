"""CSV/XLSX reader of open answers: column detection and mapping,
encodings, territories, bad files."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from transfo_analysis.corpus import ingest
from transfo_analysis.corpus._manifest import TableMapping
from transfo_analysis.corpus.readers import tables
from transfo_analysis.errors import InputError

#: these tests assert the English msgids; French is checked in tests/test_i18n_cli.py
pytestmark = pytest.mark.usefixtures("english_messages")

ROWS = [
    ["id", "Territoire", "Profil", "Question", "Réponse"],
    ["u1", "Valcourt", "usager", "q1", "Trop d'attente à l'accueil."],
    ["u2", "Valcourt", "agent", "q1", ""],
    ["u3", "Sarne", "usager", "q1", "Le bus ne passe plus le dimanche."],
    ["u1", "Valcourt", "usager", "q2", "Rien à signaler"],
]


def csv_bytes(
    rows: list[list[str]], sep: str = ",", encoding: str = "utf-8", newline: str = "\n"
) -> bytes:
    def cell(c: str) -> str:
        return (
            f'"{c.replace(chr(34), chr(34) * 2)}"' if any(x in c for x in (sep, '"', "\n")) else c
        )

    return (
        newline.join(sep.join(cell(c) for c in row) for row in rows).encode(encoding)
        + newline.encode()
    )


def read_csv(data: bytes, mapping: TableMapping | None = None, name: str = "a.csv"):
    return tables.read_csv(Path(name), data, {"table": mapping})


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("sep", "encoding", "newline", "bom"),
    [
        (",", "utf-8", "\n", False),
        (";", "cp1252", "\r\n", False),
        ("\t", "utf-8", "\n", True),
        (";", "utf-8", "\r\n", True),
    ],
    ids=["comma-utf8", "semicolon-cp1252-crlf", "tab-bom", "semicolon-bom-crlf"],
)
def test_documents_per_territory_speakers_roles(sep: str, encoding: str, newline: str, bom: bool):
    data = (b"\xef\xbb\xbf" if bom else b"") + csv_bytes(ROWS, sep, encoding, newline)
    docs = read_csv(data)
    assert [d.part for d in docs] == ["Valcourt", "Sarne"]
    valcourt, sarne = docs
    assert valcourt.metadata == {"method": "questionnaire", "territory": "Valcourt"}
    assert [(t.speaker, t.text, t.line, t.attributes) for t in valcourt.turns] == [
        ("u1", "Trop d'attente à l'accueil.", 2, {"question": "q1"}),
        ("u1", "Rien à signaler", 5, {"question": "q2"}),
    ]
    assert valcourt.roles == {"u1": "usager"}
    assert (
        valcourt.notes == [("1 row with an empty answer skipped", "column 'Réponse'")]
        and not valcourt.warnings
    )
    assert sarne.turns[0].text == "Le bus ne passe plus le dimanche."


def test_quoted_multiline_cells_keep_file_lines():
    data = csv_bytes(
        [
            ["commentaire", "service"],
            ["première ligne\nseconde ligne", "déchets"],
            ["autre", "crèche"],
        ]
    )
    (doc,) = read_csv(data)
    assert [(t.speaker, t.text, t.line, t.attributes) for t in doc.turns] == [
        ("R2", "première ligne\nseconde ligne", 2, {"service": "déchets"}),
        ("R4", "autre", 4, {"service": "crèche"}),
    ]
    assert doc.part is None and "territory" not in doc.metadata


@pytest.mark.parametrize(
    ("header", "text_column"),
    [
        (["Verbatim", "x"], "Verbatim"),
        (["ID", "TEXTE"], "TEXTE"),
        (["n_answers", "texte_reponse"], "texte_reponse"),  # a numeric column is no answer column
        (["Votre réponse", "date"], "Votre réponse"),
        (["Commentaire", "Réponse"], "Réponse"),  # the more specific name wins
    ],
)
def test_text_column_detection(header: list[str], text_column: str):
    rows = (
        [header, ["12", "bla bla"], ["13", "bla"]]
        if header[0] in ("ID", "n_answers")
        else [header, ["bla bla", "2024-01-02"]]
    )
    (doc,) = read_csv(csv_bytes(rows))
    assert doc.turns[0].text == rows[1][header.index(text_column)]


def test_without_text_column_the_error_lists_columns_and_the_manifest_fix():
    with pytest.raises(InputError, match="no column of answers found") as info:
        read_csv(csv_bytes([["PRÉNOM", "NOM", "AGE"], ["Léa", "X", "55"]]), name="meta.csv")
    assert "PRÉNOM, NOM, AGE" in info.value.message
    assert "manifest.yaml" in info.value.hint and "meta.csv" in info.value.hint


def test_mapping_from_the_manifest():
    rows = [
        ["num", "ville", "verbatim libre", "âge", "statut"],
        ["7", "Sarne", "Plus de guichets !", "34", "agent"],
    ]
    mapping = TableMapping(
        text="verbatim libre",
        respondent="num",
        territory="ville",
        role="statut",
        attributes=["Âge"],
    )
    (doc,) = read_csv(csv_bytes(rows), mapping)
    assert (doc.part, doc.roles) == ("Sarne", {"7": "agent"})
    assert doc.turns[0].attributes == {"Âge": "34"}


def test_mapping_naming_a_missing_column():
    with pytest.raises(InputError, match="'texte' named in the manifest is not in this file"):
        read_csv(csv_bytes([["a", "b"], ["1", "2"]]), TableMapping(text="texte"))


def test_wide_file_with_one_column_per_question():
    rows = [["id", "Q1 accueil", "Q2 transports"], ["a", "bien", ""], ["b", "", "rare"]]
    (doc,) = read_csv(
        csv_bytes(rows), TableMapping(text_columns=["Q1 accueil", "Q2 transports"], respondent="id")
    )
    assert [(t.speaker, t.text, t.attributes["question"]) for t in doc.turns] == [
        ("a", "bien", "Q1 accueil"),
        ("b", "rare", "Q2 transports"),
    ]


def test_rows_with_a_wrong_number_of_cells_are_listed(monkeypatch):
    monkeypatch.setenv("TRANSFO_LANG", "fr")  # this test reads the French the users see
    data = b"reponse,service\nbien,accueil\nmal,accueil,en trop\nseul\n"
    (doc,) = read_csv(data)
    assert [t.text for t in doc.turns] == ["bien", "mal", "seul"]
    assert len(doc.warnings) == 1
    message, where = doc.warnings[0]
    assert message.startswith("2 lignes n'ont pas les 2 cellules de l'en-tête")
    assert where == "lignes 3, 4"


def test_stray_quote_is_read_alone_with_its_line(monkeypatch):
    monkeypatch.setenv("TRANSFO_LANG", "fr")  # this test reads the French the users see
    (doc,) = read_csv(b'reponse,service\nbien,accueil\n"mal"x,accueil\nencore,accueil\n')
    assert [t.text for t in doc.turns] == ["bien", "malx", "encore"]
    assert [(m.split(" (")[0], w) for m, w in doc.warnings] == [("ligne illisible", "ligne 3")]
    assert "guillemet mal placé" in doc.warnings[0][0]


def test_unclosed_quote_names_its_line_and_the_rows_after_it_still_load(monkeypatch):
    monkeypatch.setenv("TRANSFO_LANG", "fr")  # this test reads the French the users see
    (doc,) = read_csv(b'reponse,service\nbien,accueil\n"mal,accueil\nencore,x\n')
    assert [t.text for t in doc.turns] == ["bien", "mal,accueil", "encore"]
    ((message, where),) = doc.warnings
    assert where == "ligne 3"
    assert "guillemet ouvert jamais refermé" in message


# What a survey export looked like when one unbalanced quote (line 4) folded the answers of
# u2, u3 and u4 into one segment: a lenient reader runs on to the next quote (line 6).
FOLDED = (
    "id;profil;reponse\n"
    "u1;usager;Accueil correct\n"
    'u2;usager;"Le guichet ferme trop tôt\n'
    "u3;agent;Manque de personnel le lundi\n"
    "u4;usager;Attente trop longue au téléphone\n"
    'u5;usager;"On m\'a dit ""revenez demain"""\n'
    'u6;usager;"Deux lignes\nd\'une même réponse"\n'
    "u7;elu;Rien à ajouter\n"
).encode()


def test_unbalanced_quote_never_folds_respondents_into_one_answer(monkeypatch):
    monkeypatch.setenv("TRANSFO_LANG", "fr")  # this test reads the French the users see
    (doc,) = read_csv(FOLDED)
    answers = {t.speaker: (t.text, t.line) for t in doc.turns}
    assert answers == {
        "u1": ("Accueil correct", 2),
        "u2": ("Le guichet ferme trop tôt", 3),
        "u3": ("Manque de personnel le lundi", 4),
        "u4": ("Attente trop longue au téléphone", 5),
        "u5": ('On m\'a dit "revenez demain"', 6),
        "u6": ("Deux lignes\nd'une même réponse", 7),
        "u7": ("Rien à ajouter", 9),
    }
    ((message, where),) = doc.warnings
    assert where == "ligne 3"
    assert message.startswith("ligne illisible (guillemet")


def test_unbalanced_quote_is_named_in_the_load_report(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("TRANSFO_LANG", "fr")  # this test reads the French the users see
    (tmp_path / "enquete.csv").write_bytes(FOLDED)
    corpus, report = ingest([tmp_path], show_progress=False)
    assert len(corpus.segments) == 7
    assert corpus.segments["speaker_id"].nunique() == 7
    (issue,) = [i for i in report.warnings if "illisible" in i.message]
    assert issue.path.endswith("enquete.csv")
    assert issue.where == "ligne 3"
    assert "enquete.csv, ligne 3 : ligne illisible" in report.format()


@pytest.mark.parametrize(
    "data", [b"", b"\n\n", b"reponse\n\n"], ids=["empty", "blank-lines", "header-only"]
)
def test_empty_tables(data: bytes):
    with pytest.raises(InputError):
        read_csv(data)


def test_xlsx_first_sheet_with_answers_and_sheet_rows():
    data = xlsx_bytes(
        {
            "Lisez-moi": [["Enquête 2025"], ["ne pas modifier"]],
            "Réponses": [
                [None],
                ["id", "commune", "réponse", "date"],
                [12.0, "Sarne", "Très bien", None],
                [13, "Sarne", None, None],
            ],
        }
    )
    (doc,) = tables.read_xlsx(Path("s.xlsx"), data, {"table": None})
    assert [(t.speaker, t.text, t.line) for t in doc.turns] == [("12", "Très bien", 3)]
    assert any("Réponses" in m for m, _ in doc.warnings)


def test_xlsx_named_sheet_and_dates():
    import datetime as dt

    data = xlsx_bytes(
        {"A": [["texte"], ["x"]], "B": [["texte", "date"], ["y", dt.datetime(2025, 3, 14)]]}
    )
    (doc,) = tables.read_xlsx(Path("s.xlsx"), data, {"table": TableMapping(sheet="B")})
    assert (doc.turns[0].text, doc.turns[0].attributes, doc.metadata["date"]) == (
        "y",
        {"date": "2025-03-14"},
        "2025-03-14",
    )
    (doc,) = tables.read_xlsx(Path("s.xlsx"), data, {"table": TableMapping(sheet=0)})
    assert doc.turns[0].text == "x"
    with pytest.raises(InputError, match="no sheet named 'C'"):
        tables.read_xlsx(Path("s.xlsx"), data, {"table": TableMapping(sheet="C")})


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.xlsx", b"PK\x03\x04 this is not a zip", "cannot be opened"),
        ("a.xlsx", b"\xd0\xcf\x11\xe0 old excel", "not an .xlsx workbook"),
        ("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel", "legacy Excel .xls"),
    ],
)
def test_bad_workbooks(name: str, data: bytes, message: str):
    with pytest.raises(InputError, match=message) as info:
        tables.read_xlsx(Path(name), data, {"table": None})
    assert ".xlsx" in (info.value.hint or "")


def test_xls_that_is_really_xlsx_is_read():
    data = xlsx_bytes({"S": [["réponse"], ["oui"]]})
    assert tables.read_xlsx(Path("a.xls"), data, {"table": None})[0].turns[0].text == "oui"


def test_xlsx_without_answer_column_names_the_sheet():
    with pytest.raises(InputError, match="no column of answers") as info:
        tables.read_xlsx(
            Path("s.xlsx"), xlsx_bytes({"Feuil1": [["nom", "age"], ["a", 3]]}), {"table": None}
        )
    assert info.value.element == "sheet 'Feuil1'"


def test_ingest_with_manifest_mapping(tmp_path: Path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw/enquete.csv").write_bytes(
        csv_bytes(
            [
                ["n°", "Commune", "Profil", "Avis"],
                ["1", "Sarne", "agent", "trop de dossiers"],
                ["2", "Valcourt", "habitant", "ça va"],
                ["3", "Valcourt", "usager", ""],
            ],
            ";",
            "cp1252",
        )
    )
    (tmp_path / "raw/cfpp_metadata.csv").write_text("PRÉNOM,NOM\nLéa,X\n", encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(
        "files:\n  - match: 'raw/enquete.csv'\n    method: questionnaire\n"
        "    table: {text: Avis, respondent: 'n°', territory: Commune, role: Profil}\n",
        encoding="utf-8",
    )
    corpus, report = ingest(
        [tmp_path / "raw"],
        manifest=tmp_path / "manifest.yaml",
        project_root=tmp_path,
        show_progress=False,
    )
    assert sorted(corpus.documents["territory"]) == ["Sarne", "Valcourt"]
    assert set(corpus.documents["method"]) == {"questionnaire"}
    assert dict(zip(corpus.speakers["label"], corpus.speakers["role"], strict=True)) == {
        "1": "agent",
        "2": "usager",
    }
    assert [s["path"].endswith("cfpp_metadata.csv") for s in report.skipped] == [True]
    assert "no column of answers" in report.skipped[0]["reason"]
