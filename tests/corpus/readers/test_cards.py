"""Workshop cards and participation platforms: Decidim, CONSUL,
Klaxoon, Miro, the workshop sheet."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from transfo_analysis.corpus import ingest
from transfo_analysis.corpus.readers import reader_for

DECIDIM_CURRENT = (
    "id;author/name;title/fr;title/en;title/machine_translations/es;body/fr;supports;"
    "endorsements/total_count;state;answer/fr;published_at;reference;comments;component/id;"
    "category/name/fr\n"
    '7;Léa Fontaine;Un abri à vélos;A bike shelter;x;"<p>Devant la mairie.</p><script>'
    "alert(1)</script>"
    '<p>Avec un éclairage.</p>";12;3;accepted;<p>Retenue</p>;2025-03-02 10:00:00 +0100;VC-PROP-7;'
    "2;41;Mobilités\n"
    '8;Hugo Marty;Horaires élargis;;;"Le '
    'samedi\naprès-midi";beaucoup;0;;;2025-03-03;VC-PROP-8;0;41;\n'
)
DECIDIM_COMMENTS = (
    "id;created_at;body/fr;locale;author/id;author/name;alignment;depth;user_group/id;"
    "user_group/name/fr;commentable_id;commentable_type;root_commentable_url\n"
    "1;2025-03-04;D'accord, il en faut un;fr;5;Ines;1;0;;;7;Decidim::Proposals::Proposal;"
    "https://x.fr/processes/p/f/41/proposals/7\n"
    "2;2025-03-04;Pas utile;fr;6;;-1;1;;;1;Decidim::Comments::Comment;"
    "https://x.fr/processes/p/f/41/proposals/7\n"
    "3;2025-03-05;Et pour les poussettes ?;fr;7;Paul;0;0;2;Collectif Gare;99;"
    "Decidim::Proposals::Proposal;https://x.fr/processes/p/f/41/proposals/99\n"
    "4;2025-03-05;Bof;fr;8;Zoé;2;0;;;7;Decidim::Proposals::Proposal;https://x.fr/f/41/\n"
)
WORKSHOP = (
    "atelier;groupe;id;auteur;profil;texte;votes;votants;catégorie;couleur;parent\n"
    "Gare Remix 1;A;c1;Ana;usager;Des bancs sur le quai;3;Ana, Bo, Bo;confort;jaune;\n"
    "Gare Remix 1;A;c2;Bo;agent;Un écran d'information;1;Cyr;information;bleu;\n"
    "Gare Remix 1;B;c3;Cyr;encadrant;Oui, et en français clair;x;;information;bleu;c2\n"
)


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _load(*paths: Path):
    corpus, report = ingest(list(paths), show_progress=False)
    return corpus, report


def test_decidim_current_header_by_name(tmp_path):
    path = _write(tmp_path, "export.csv", DECIDIM_CURRENT)
    assert reader_for(path, data=path.read_bytes()).name == "decidim-propositions"
    corpus, report = _load(path)
    seg = corpus.segments.set_index("card_id")
    assert corpus.documents["method"].tolist() == ["consultation"]
    assert corpus.documents["title"].iloc[0] == "export (composant 41)"
    first = seg.loc["proposition:7"]
    assert first["text"].startswith("Un abri à vélos")
    assert "Devant la mairie." in first["text"] and "Avec un éclairage." in first["text"]
    assert "alert" not in first["text"] and "<" not in first["text"]
    assert (first["votes"], first["endorsements"], first["state"]) == (12, 3, "accepted")
    assert (first["reference"], first["category"]) == ("VC-PROP-7", "Mobilités")
    # free text outside `text` would escape pseudonymisation: no title or answer columns
    assert not {"title", "answer"} & set(corpus.segments.columns)
    assert not corpus.segments.astype(str).apply(lambda c: c.str.contains("Retenue")).any().any()
    assert pd_isna(seg.loc["proposition:8", "votes"])  # "beaucoup" is no number
    labels = set(corpus.speakers["label"])
    assert labels == {"Léa Fontaine", "Hugo Marty"}
    warnings = [str(i) for i in report.warnings]
    assert any("beaucoup" in w and "ligne 3," in w and "'supports'" in w for w in warnings)
    assert any("<script>" in w and "ligne 2" in w for w in warnings)


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_decidim_comments_stance_parent_and_missing_parent(tmp_path):
    props = _write(tmp_path, "propositions.csv", DECIDIM_CURRENT)
    comments = _write(tmp_path, "commentaires.csv", DECIDIM_COMMENTS)
    corpus, report = _load(props, comments)
    seg = corpus.segments.set_index("card_id")
    assert seg.loc["commentaire:1", "stance"] == "pour"
    assert seg.loc["commentaire:2", "stance"] == "contre"
    assert seg.loc["commentaire:3", "stance"] == "neutre"
    assert pd_isna(seg.loc["commentaire:4", "stance"])
    assert seg.loc["commentaire:1", "parent_id"] == "proposition:7"
    assert seg.loc["commentaire:2", "parent_id"] == "commentaire:1"
    assert seg.loc["commentaire:3", "group"] == "Collectif Gare"
    assert seg.loc["commentaire:2", "depth"] == 1
    # the comment without a name is still one person, by its platform id
    assert "participant 6" in set(corpus.speakers["label"])
    msgs = [str(i) for i in report.warnings if "commentaires.csv" in i.path]
    assert any("alignement inconnu '2'" in m and "ligne 5" in m for m in msgs)
    assert any(
        "parent absent" in m and "commentaire:3" in m and "proposition:99" in m for m in msgs
    )
    assert len(corpus.segments) == 6  # nothing dropped


def test_workshop_sheet_votes_voters_roles(tmp_path):
    path = _write(tmp_path, "cartes.csv", WORKSHOP, encoding="cp1252")
    corpus, report = _load(path)
    assert report.formats == {"atelier": 1}
    doc = corpus.documents.iloc[0]
    assert (doc["method"], doc["title"]) == ("atelier", "cartes (atelier Gare Remix 1)")
    assert doc["interviewer"] is None or doc["interviewer"] != doc["interviewer"]
    seg = corpus.segments.set_index("card_id")
    spk = corpus.speakers.set_index("label")
    assert seg.loc["carte:c1", "votes"] == 3
    assert seg.loc["carte:c1", "voters"] == ";".join(spk.loc[["Ana", "Bo", "Bo"], "speaker_id"])
    assert seg.loc["carte:c3", "parent_id"] == "carte:c2"
    assert seg.loc["carte:c2", "colour"] == "bleu"
    assert seg.loc["carte:c2", "text"] == "Un écran d'information"
    assert spk.loc["Bo", "role"] == "agent" and spk.loc["Cyr", "role"] == "encadrant"
    assert "Ana" not in "".join(corpus.segments["voters"].dropna())
    assert any("'x'" in str(w) and "'votes'" in str(w) for w in report.warnings)


def test_workshop_sheet_xlsx(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [r.split(";") for r in WORKSHOP.strip().split("\n")]:
        sheet.append(row)
    path = tmp_path / "cartes.xlsx"
    book.save(path)
    corpus, report = _load(path)
    assert report.formats == {"atelier": 1}
    assert sorted(corpus.segments["card_id"]) == ["carte:c1", "carte:c2", "carte:c3"]


def test_klaxoon_and_consul(tmp_path):
    klaxoon = _write(
        tmp_path,
        "board.csv",
        "Idée,Auteur,Catégorie,Couleur,Votes,Date de création\n"
        "Plus de guichets,Maud,Accueil,#FFD700,4,2025-02-01\n"
        "Un numéro unique,Noé,Téléphone,#00BFFF,2,2025-02-01\n",
    )
    consul = _write(
        tmp_path,
        "budget.csv",
        "ID,Title,Description,Supports,Author,Geozone,Feasibility,Budget\n"
        "11,Jardin partagé,<b>Dans</b> le parc,27,jdupont,Nord,feasible,BP 2025\n",
    )
    corpus, report = _load(klaxoon, consul)
    assert report.formats == {"klaxoon": 1, "consul": 1}
    seg = corpus.segments.set_index("text")
    assert seg.loc["Plus de guichets", "category"] == "Accueil"
    assert seg.loc["Plus de guichets", "votes"] == 4
    row = seg.loc["Jardin partagé. Dans le parc"]
    assert (row["votes"], row["category"], row["state"], row["kind"]) == (
        27,
        "Nord",
        "feasible",
        "proposition",
    )
    methods = dict(zip(corpus.documents["format"], corpus.documents["method"], strict=True))
    assert methods == {"klaxoon": "atelier", "consul": "consultation"}


def test_miro_json_and_csv(tmp_path):
    items = {
        "data": [
            {"id": "f1", "type": "frame", "data": {"title": "Groupe usagers"}},
            {
                "id": "s1",
                "type": "sticky_note",
                "data": {"content": "<p>Trop d'attente</p><script>x()</script>"},
                "style": {"fillColor": "light_yellow"},
                "position": {"x": 10.5, "y": -3},
                "parent": {"id": "f1"},
                "tagIds": ["t1"],
                "createdBy": {"id": "3074457"},
                "createdAt": "2025-01-10T09:00:00Z",
            },
            {"id": "s2", "type": "sticky_note", "data": {"content": ""}},
            {"id": "t1", "type": "tag", "data": {"title": "accueil"}},
        ],
        "total": 4,
    }
    js = _write(tmp_path, "board.json", json.dumps(items))
    other = _write(tmp_path, "config.json", json.dumps({"a": 1}))
    csv = _write(
        tmp_path,
        "miro.csv",
        "Content,Frame,Color,Tags\n<p>Signalétique</p>,Agents,red,orientation\n",
    )
    corpus, report = _load(js, other, csv)
    assert report.formats == {"miro-json": 1, "miro-csv": 1}
    seg = corpus.segments.set_index("text")
    note = seg.loc["Trop d'attente"]
    assert (note["group"], note["colour"], note["tags"], note["x"], note["y"]) == (
        "Groupe usagers",
        "light_yellow",
        "accueil",
        10.5,
        -3.0,
    )
    assert seg.loc["Signalétique", "group"] == "Agents"
    skipped = {Path(s["path"]).name: s["reason"] for s in report.skipped}
    assert "miro-json" in skipped["config.json"]
    assert any("script" in str(w) for w in report.warnings)


def test_generic_answers_are_not_taken_for_cards(tmp_path):
    path = _write(tmp_path, "reponses.csv", "id;reponse;territoire\n1;Très bien;Valcourt\n")
    assert reader_for(path, data=path.read_bytes()).name == "csv"


@pytest.mark.parametrize("header", ["id,title,body,votes", "id;title/fr;body/fr;supports"])
def test_decidim_any_separator_and_era(tmp_path, header):
    sep = ";" if ";" in header else ","
    path = _write(tmp_path, "p.csv", header + "\n" + sep.join(["1", "Titre", "Corps", "2"]) + "\n")
    corpus, _ = _load(path)
    assert corpus.segments["votes"].tolist() == [2]


def test_bad_inputs_are_reported_and_the_rest_loads(tmp_path):
    broken = _write(tmp_path, "board.json", '{"data": [{"id": "1", "type": "sticky_note",')
    ragged = _write(
        tmp_path,
        "cartes.csv",
        "atelier;groupe;texte;votes\nA;G1;Une idée;2\nA;G1;Une autre; idée;1\nA;G2;Encore une;x\n",
    )
    latin = _write(tmp_path, "decidim.csv", "id;title;body;supports\n1;Été;Très bien;3\n", "cp1252")
    corpus, report = _load(broken, ragged, latin)
    skipped = {Path(s["path"]).name: s["reason"] for s in report.skipped}
    assert list(skipped) == ["board.json"]  # not a Miro board: says which formats .json can be
    assert "miro-json" in skipped["board.json"]
    warnings = [str(w) for w in report.warnings if w.path.endswith("cartes.csv")]
    assert any("n'ont pas les 4 cellules" in w and "ligne 3" in w for w in warnings)
    assert any("'x'" in w and "ligne 4" in w and "'votes'" in w for w in warnings)
    assert "Été. Très bien" in set(corpus.segments["text"])
    assert len(corpus.segments) == 4


def test_miro_json_malformed_is_named_with_its_line(tmp_path):
    path = _write(tmp_path, "board.json", '{"data": [\n{"id": "1", "type": "sticky_note"\n')
    corpus, report = _load(path)
    assert corpus.segments.empty
    from transfo_analysis.corpus.readers.miro import read_miro_json
    from transfo_analysis.errors import InputError

    with pytest.raises(InputError, match="JSON mal formé") as info:
        read_miro_json(path, path.read_bytes(), {})
    assert info.value.line == 3


def test_decidim_xlsx_current_header(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "title/fr", "body/fr", "supports", "state", "author/name"])
    sheet.append([5, "Jardin", "<p>Un jardin partagé</p>", 9, "evaluating", "Léon Petit"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    corpus, report = _load(path)
    assert report.formats == {"decidim-propositions": 1}
    row = corpus.segments.iloc[0]
    assert (row["text"], row["votes"], row["state"]) == (
        "Jardin. Un jardin partagé",
        9,
        "evaluating",
    )
    assert corpus.speakers["label"].tolist() == ["Léon Petit"]


def test_decidim_roles_of_organisers_and_of_unnamed_authors(tmp_path):
    """Debates' organisers ask, like an interviewer; a proposal without author is a participant's.

    On the real MEL export both were role « autre »: 2 people under k, so « Qui a été entendu ? »
    was masked whole, and the 196 unnamed proposals (29 % of the words) were left out of every
    comparison by profile.
    """
    debates = _write(
        tmp_path,
        "debats.csv",
        "id;title/fr;description/fr;component/id\n"
        "23;Transition écologique;<p>Quelles priorités pour la métropole ?</p>;112\n",
    )
    proposals = _write(
        tmp_path,
        "propositions.csv",
        "id;category/name/fr;title;body;votes;comments;created_at;url;component/id\n"
        "1;Mobilités;Un abri à vélos;Devant la gare.;4;0;2019-01-20;https://x.fr/f/111/1;111\n"
        "2;Mobilités;Des bus le dimanche;Toutes les heures.;2;0;2019-01-21;https://x.fr/f/111/2;111\n",
    )
    corpus, report = _load(debates, proposals)
    roles = dict(zip(corpus.speakers["label"], corpus.speakers["role"], strict=True))
    assert roles == {"organisation": "enqueteur", "(locuteur inconnu)": "usager"}
    # the organisers' questions are no respondent's; the proposals are
    heard = corpus.respondent_segments()
    assert heard["kind"].tolist() == ["proposition", "proposition"]
    messages = [str(i) for i in report.issues]
    assert any("rôle usager" in m and "locuteur inconnu" in m for m in messages)
    assert any("ne nomme pas les auteurs" in m and "un seul participant" in m for m in messages)
