"""`Project` is the one place that says where each stage reads and writes."""

from __future__ import annotations

import pytest

from transfo_analysis.config import Project, open_project

#: these tests assert the English msgids; French is checked in tests/test_i18n_cli.py
pytestmark = pytest.mark.usefixtures("english_messages")


def test_every_stage_location_is_under_the_project_and_distinct(tmp_path):
    project = open_project(tmp_path)
    places = {
        name: getattr(project, name)
        for name, value in vars(Project).items()
        if isinstance(value, property) and name.endswith(("_dir", "_file"))
    }
    places |= {
        f"{kind}({stage})": getattr(project, kind)(stage)
        for kind in ("corpus_dir", "nlp_dir")
        for stage in ("interim", "processed")
    }
    places = {k: v for k, v in places.items() if v is not None}  # no manifest file here
    for name, path in places.items():
        assert path.is_relative_to(tmp_path), name
    assert len(set(places.values())) == len(places)
    assert project.corpus_dir("interim") == tmp_path / "interim" / "corpus"
    assert project.nlp_dir("processed") == tmp_path / "processed" / "nlp"
    assert project.topics_dir == tmp_path / "processed" / "topics"


def test_an_unknown_stage_is_refused(tmp_path):
    with pytest.raises(ValueError, match="'interim' or 'processed'"):
        open_project(tmp_path).corpus_dir("raw")  # type: ignore[arg-type]
