"""Names given by the research team: stored with author and date, carried to the next model."""

from __future__ import annotations

import dataclasses
import json

import pytest

from transfo_analysis.cli import main
from transfo_analysis.config import open_project
from transfo_analysis.errors import ConfigError, InputError
from transfo_analysis.topics import (
    carry_names,
    load_names,
    load_topics,
    name_topic,
    names_file,
    save_topics,
)

pytestmark = pytest.mark.slow


@pytest.fixture
def project(tmp_path, fitted):
    project = open_project(tmp_path)
    save_topics(fitted, project)
    return project


def _renumbered(result, shift: int):
    """The same topics under other numbers (what a new fit may give)."""
    n = result.n_topics
    new = {t: (t + shift) % n if t >= 0 else t for t in result.topics["topic"]}
    topics = result.topics.assign(topic=result.topics["topic"].map(new))
    assignments = result.assignments.assign(topic=result.assignments["topic"].map(new))
    return dataclasses.replace(result, topics=topics, assignments=assignments)


def test_naming_stores_author_and_date_and_shows_the_name(project, fitted, capsys):
    code = main(
        [
            "topics",
            "name",
            "--project",
            str(project.root),
            "1",
            "Horaires d'ouverture",
            "--author",
            "Léa",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "Thème 1 nommé « Horaires d'ouverture » par Léa" in out
    stored = json.loads(names_file(project).read_text(encoding="utf-8"))["names"]
    assert [(n["name"], n["author"], n["topic"]) for n in stored] == [
        ("Horaires d'ouverture", "Léa", 1)
    ]
    assert stored[0]["date"].startswith("20") and stored[0]["segment_ids"]
    result = load_topics(project)
    row = result.topics.set_index("topic").loc[1]
    assert row["label"] == "Horaires d'ouverture" and row["label_source"] == "team"
    assert row["auto_label"] == fitted.topics.set_index("topic").loc[1, "label"]
    assert result.display_labels()[1] == "Horaires d'ouverture"  # shown as it is, unmarked
    assert set(result.assignments.loc[result.assignments["topic"] == 1, "label"]) == {
        "Horaires d'ouverture"
    }
    # renaming replaces, and says so
    entry = name_topic(project, 1, "Horaires", author="Paul")
    assert entry["replaced"] == "Horaires d'ouverture"
    assert [n["name"] for n in load_names(project)] == ["Horaires"]
    assert main(["topics", "list", "--project", str(project.root)]) == 0
    assert "Horaires — nommé par Paul" in capsys.readouterr().out


def test_bad_topic_or_empty_name_is_refused_and_nothing_is_written(project):
    with pytest.raises(ConfigError, match="n'existe pas"):
        name_topic(project, 999, "Nom")
    with pytest.raises(ConfigError, match="vide"):
        name_topic(project, 0, "   ")
    assert not names_file(project).exists()
    assert main(["topics", "name", "--project", str(project.root), "999", "Nom"]) == 2


def test_names_follow_their_topic_to_a_new_model(project, fitted):
    name_topic(project, 0, "Logement", author="Léa")
    name_topic(project, 2, "Écoles", author="Léa")
    newer = _renumbered(fitted, shift=1)
    result, names, report = carry_names(newer, load_names(project))
    labels = result.labels()
    assert labels[1] == "Logement" and labels[3 % fitted.n_topics] == "Écoles"
    assert {(m["name"], m["previous_topic"], m["topic"]) for m in report["matched"]} == {
        ("Logement", 0, 1),
        ("Écoles", 2, 3 % fitted.n_topics),
    }
    assert all(m["similarity"] == 1.0 for m in report["matched"]) and not report["unmatched"]
    assert all(n["status"] == "matched" and n["author"] == "Léa" for n in names)


def test_a_name_without_a_matching_topic_is_reported_and_kept(project, fitted):
    name_topic(project, 0, "Logement", author="Léa")
    stale = load_names(project)
    stale[0] = {**stale[0], "segment_ids": ["nulle-part"], "terms": ["zèbre", "girafe"]}
    result, names, report = carry_names(fitted, stale)
    assert [m["name"] for m in report["unmatched"]] == ["Logement"]
    assert names[0]["status"] == "unmatched" and names[0]["terms"] == ["zèbre", "girafe"]
    assert "Logement" not in result.labels().values()


def test_a_damaged_names_file_names_the_file(project):
    names_file(project).write_text("{pas du json", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_names(project)
    assert "topic-names.json" in str(err.value) and "illisible" in str(err.value)


def test_the_notebook_form_names_a_topic(project):
    from transfo_analysis.topics import naming_widget

    form = naming_widget(project)
    assert [v for _, v in form.topic.options] == sorted(
        t for t in load_topics(project).topics["topic"] if t >= 0
    )
    assert all("(libellé automatique)" in text for text, _ in form.topic.options)
    form.topic.value, form.name.value, form.author.value = 2, "Écoles et cantines", "Léa"
    form.save.click()
    assert [(n["name"], n["topic"], n["author"]) for n in load_names(project)] == [
        ("Écoles et cantines", 2, "Léa")
    ]
    assert "2 · Écoles et cantines" in [text for text, _ in form.topic.options]
    form.name.value = ""
    form.save.click()  # an empty name is refused with a message, nothing changes
    assert len(load_names(project)) == 1
