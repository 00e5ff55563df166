"""Import and validation: formats, row-level errors, nothing dropped, sources untouched."""

from __future__ import annotations

import hashlib
import shutil

import openpyxl
import pytest
from barometer_helpers import DATA, wide

from transfo_analysis.barometer import Problem, SurveyError, SurveySchema, import_surveys
from transfo_analysis.errors import ConfigError, InputError


def _problems(paths, schema=None) -> set[tuple[str, int | None, str | None]]:
    with pytest.raises(SurveyError) as info:
        import_surveys(paths, schema=schema)
    assert isinstance(info.value, InputError)
    return {(p.file.rsplit("/", 1)[-1], p.row, p.column) for p in info.value.problems}


def test_invalid_values_are_all_reported_with_spreadsheet_rows_and_columns():
    path = DATA / "invalide-valeurs.csv"
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    found = _problems([path])
    f = "invalide-valeurs.csv"
    assert found == {
        (f, 3, "note_accueil"),  # 7 on a 1–5 scale
        (f, 4, "profil"),  # unknown respondent type "stagiaire"
        (f, 5, "note_accueil"),  # "bien" is not a number (the comment of this row spans two lines)
        (f, 6, "territoire"),  # empty territory
        (f, 7, "poids"),  # negative weight
        (f, 7, "note_delais"),  # 3,5 is not a point of the scale
        (f, 8, "id_repondant"),  # T-002 again
    }
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_messages_say_what_is_wrong():
    """In French by default, the header and every problem."""
    with pytest.raises(SurveyError) as info:
        import_surveys([DATA / "invalide-valeurs.csv"])
    text = str(info.value)
    assert "ligne 3, colonne 'note_accueil' : 7 n'est pas un point de l'échelle 1-5" in text
    assert "profil de répondant inconnu 'stagiaire'" in text
    assert "'bien' n'est pas un nombre" in text
    assert "le répondant 'T-002' apparaît de nouveau (d'abord à la ligne 3)" in text
    assert "rien n'a été importé" in text


def test_messages_in_english_on_request(english_messages):
    with pytest.raises(SurveyError) as info:
        import_surveys([DATA / "invalide-valeurs.csv"])
    text = str(info.value)
    assert "row 3, column 'note_accueil': 7 is not a point of the scale 1-5" in text
    assert "unknown respondent type 'stagiaire'" in text
    assert "'bien' is not a number" in text
    assert "respondent 'T-002' appears again (first at row 3)" in text


def test_missing_columns_are_named():
    found = _problems([DATA / "invalide-colonnes.csv"])
    assert found == {
        ("invalide-colonnes.csv", 1, "service"),
        ("invalide-colonnes.csv", 1, "respondent_type"),
    }


def test_mixed_scales_unknown_services_and_duplicates_in_long_format():
    schema = {"services": {"valcourt": ["transports", "accueil"]}}
    found = _problems([DATA / "invalide-echelles.csv"], schema)
    f = "invalide-echelles.csv"
    assert (f, 4, "echelle") in found  # accueil on 0-10 here, 1-5 elsewhere
    assert (f, 6, "service") in found  # tramway is not a service of valcourt
    assert (f, 7, "dimension") in found  # L1 rated accueil twice
    assert len(found) == 3


def test_a_good_file_keeps_every_row(survey):
    lines = wide([(2024, "sarne", "dechets", f"R{i}", "usager", "", i % 5 + 1) for i in range(12)])
    lines.insert(5, "")  # a blank line is not an answer
    responses = survey(lines)
    assert len(responses) == 12
    assert responses["row"].tolist()[:5] == [2, 3, 4, 5, 7]


def test_no_answer_is_kept_as_missing_not_dropped(survey):
    responses = survey(
        wide(
            [
                (2024, "sarne", "dechets", "R1", "usager", "", "NSP"),
                (2024, "sarne", "dechets", "R2", "usager", "", ""),
                (2024, "sarne", "dechets", "R3", "Usagère", "", 4),
            ]
        )
    )
    assert len(responses) == 3
    assert responses["score"].isna().sum() == 2
    assert set(responses["respondent_type"]) == {"usager"}


def test_long_format_with_importance_and_accents(survey):
    lines = [
        "vague;territoire;service;id_repondant;profil;dimension;note;importance",
        "2023;valcourt;transports;L1;usager;Délais;2;5",
        "2023;valcourt;transports;L1;usager;Accueil;4;3",
        "2023;valcourt;transports;L2;gestionnaire;Délais;4;",
    ]
    responses = survey(lines)
    assert responses["dimension"].tolist() == ["delais", "accueil", "delais"]
    assert responses["importance"].tolist()[:2] == [5.0, 3.0]
    assert responses["respondent_type"].tolist() == ["usager", "usager", "gestionnaire"]


def test_declared_scales_and_constants(survey):
    lines = ["id;profil;note_recommandation;note_accueil", "A;usager;9;4", "B;elu;10;3"]
    schema = {
        "scales": {"recommandation": "0-10"},
        "constants": {"territory": "valliere", "wave": "2024", "service": "action-sociale"},
    }
    responses = survey(lines, schema=schema)
    assert set(responses["territory"]) == {"valliere"}
    assert responses.set_index("dimension")["scale"].to_dict() == {
        "recommandation": "0-10",
        "accueil": "1-5",
    }
    with pytest.raises(SurveyError):
        survey(
            ["id;profil;note_recommandation", "A;usager;9"],
            schema={"constants": schema["constants"]},
        )


def test_xlsx_rows_are_counted_like_a_spreadsheet(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["vague", "territoire", "service", "id_repondant", "profil", "note_accueil"])
    sheet.append([2024, "sarne", "dechets", "X1", "usager", 4])
    sheet.append([2024, "sarne", "dechets", "X2", "usager", 9])
    path = tmp_path / "enquete.xlsx"
    book.save(path)
    with pytest.raises(SurveyError) as info:
        import_surveys([path])
    assert [(p.row, p.column) for p in info.value.problems] == [(3, "note_accueil")]
    sheet["F3"] = 3
    book.save(path)
    responses = import_surveys([path])
    assert responses["wave"].tolist() == ["2024", "2024"]
    assert responses["score"].tolist() == [4.0, 3.0]


def test_problems_of_several_files_are_collected_together(tmp_path):
    shutil.copy(DATA / "invalide-colonnes.csv", tmp_path / "a.csv")
    (tmp_path / "b.csv").write_text("", encoding="utf-8")
    found = _problems([tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "absent.csv"])
    assert {f for f, _, _ in found} == {"a.csv", "b.csv", "absent.csv"}


def test_the_same_dimension_on_two_scales_across_files(tmp_path):
    (tmp_path / "a.csv").write_text(
        "vague;territoire;service;id;profil;dimension;note;echelle\n2023;sarne;dechets;A;usager;accueil;4;1-5\n",
        encoding="utf-8",
    )
    (tmp_path / "b.csv").write_text(
        "vague;territoire;service;id;profil;dimension;note;echelle\n2024;sarne;dechets;B;usager;accueil;8;0-10\n",
        encoding="utf-8",
    )
    with pytest.raises(SurveyError) as info:
        import_surveys([tmp_path / "a.csv", tmp_path / "b.csv"])
    assert any("échelles mélangées" in p.message for p in info.value.problems)


def test_schema_errors_name_the_key():
    with pytest.raises(ConfigError, match="barometer.schema.format"):
        SurveySchema.from_settings({"format": "diagonal"})
    with pytest.raises(ConfigError, match="échelle inconnue"):
        SurveySchema.from_settings({"scale": "bof"})


def test_problem_reads_like_a_location():
    assert (
        str(Problem("f.csv", 12, "note_accueil", "bad"))
        == "f.csv, ligne 12, colonne 'note_accueil' : bad"
    )


def test_invalid_survey_declaration_is_explained_in_the_users_language(monkeypatch):
    """The pydantic errors of ``barometer.schema`` read like the settings' errors: key, then why."""
    from transfo_analysis.barometer import SurveySchema
    from transfo_analysis.errors import ConfigError

    monkeypatch.delenv("TRANSFO_LANG", raising=False)
    with pytest.raises(ConfigError) as err:
        SurveySchema.from_settings({"bogus": 1})
    assert "barometer.schema.bogus : clé inconnue" in str(err.value)
    monkeypatch.setenv("TRANSFO_LANG", "en")
    with pytest.raises(ConfigError) as err:
        SurveySchema.from_settings({"bogus": 1})
    assert "barometer.schema.bogus: unknown key" in str(err.value)
