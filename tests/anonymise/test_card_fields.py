"""Names written in the group, category and tags of workshop cards are pseudonymised and audited."""

from __future__ import annotations

import json

from transfo_analysis.anonymise import pseudonymise
from transfo_analysis.corpus import ingest

SHEET = (
    "atelier;groupe;id;auteur;profil;texte;votes;catégorie\n"
    "Remix;Table de Martine Dupuis;c1;Martine Dupuis;agent;Des horaires élargis le "
    "samedi;5;Accueil\n"
    "Remix;Table de Martine Dupuis;c2;Bo Lin;usager;Un accueil sans rendez-vous;3;"
    "Idées de Jean-Pierre Moreau\n"
    "Remix;Groupe B;c3;Cyr Ladu;agent;Horaire élargi du samedi;0;Accueil\n"
)


def test_names_in_card_attributes_are_replaced_and_labels_kept(tmp_path):
    (tmp_path / "cartes.csv").write_text(SHEET, encoding="utf-8")
    corpus, _ = ingest([tmp_path / "cartes.csv"], show_progress=False)
    out, findings = pseudonymise(corpus)
    groups = out.segments["group"].tolist()
    categories = out.segments["category"].tolist()
    assert not any("Martine" in g or "Dupuis" in g for g in groups)
    assert groups[0] == groups[1] and groups[0].startswith("Table de [PERSONNE")
    # the facilitator is also an author: one person, one pseudonym in labels and groups
    label = out.speakers.loc[out.speakers["label"].str.startswith("[PERSONNE"), "label"]
    assert groups[0].removeprefix("Table de ") in set(label)
    assert groups[2] == "Groupe B" and categories[0] == categories[2] == "Accueil"
    assert categories[1].startswith("Idées de [PERSONNE") and "Moreau" not in categories[1]
    audit = findings.audit[findings.audit["table"] == "segments"]
    assert set(audit["column"]) == {"group", "category"}
    assert len(audit[audit["column"] == "group"]) == 2
    # the input corpus is untouched
    assert corpus.segments["group"].iloc[0] == "Table de Martine Dupuis"


def test_the_people_who_made_a_file_are_pseudonymised_whole():
    # Transcriber's <Trans scribe="…"> names the transcriber: the real ESLO files carry surnames
    # there, which the processed documents table kept in clear
    from transfo_analysis.anonymise._apply import pseudonymise_attributes

    whole = []

    def whole_fn(value: str, kind: str) -> str:
        whole.append((value, kind))
        return f"[{kind}]"

    out = pseudonymise_attributes(
        '{"scribe": "Brochard /Flé", "auteur": "Line Massé", "audio_filename": "001_anon"}',
        text_fn=lambda text: text,
        whole_fn=whole_fn,
    )
    assert json.loads(out) == {
        "scribe": "[PERSONNE]",
        "auteur": "[PERSONNE]",
        "audio_filename": "001_anon",
    }
    assert whole == [("Brochard /Flé", "PERSONNE"), ("Line Massé", "PERSONNE")]
    # a role written where a name is expected stays as written and never enters the key
    whole.clear()
    out = pseudonymise_attributes(
        '{"scribe": "Administrateur", "auteur": "Équipe"}',
        text_fn=lambda text: text,
        whole_fn=whole_fn,
    )
    assert json.loads(out) == {"scribe": "Administrateur", "auteur": "Équipe"} and whole == []
