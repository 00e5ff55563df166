"""Artifact folders are replaced as a whole: never half written, never two runs mixed."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from transfo_analysis.provenance import replaced_folder, swap_folder, write_tables


def _siblings(folder):
    return sorted(p.name for p in folder.parent.iterdir() if p.name != folder.name)


def test_replaced_folder_swaps_in_the_new_content(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "old.txt").write_text("old")
    with replaced_folder(folder) as tmp:
        assert tmp != folder and (folder / "old.txt").exists()  # readers still see the old run
        (tmp / "new.txt").write_text("new")
    assert sorted(p.name for p in folder.iterdir()) == ["new.txt"]
    assert _siblings(folder) == []  # no temporary or old folder left


def test_a_failure_leaves_the_previous_folder_as_it_was(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "old.txt").write_text("old")
    with pytest.raises(RuntimeError), replaced_folder(folder) as tmp:
        (tmp / "half.txt").write_text("half")
        raise RuntimeError("crash midway")
    assert sorted(p.name for p in folder.iterdir()) == ["old.txt"]
    assert _siblings(folder) == []


def test_swap_folder_creates_the_parent_and_replaces(tmp_path):
    new = tmp_path / "staging"
    new.mkdir()
    (new / "a").write_text("a")
    final = tmp_path / "reports" / "val"
    swap_folder(new, final)
    assert (final / "a").read_text() == "a" and not new.exists()


def test_write_tables_records_each_tables_provenance_and_extra_files(tmp_path):
    table = pd.DataFrame({"x": [1, 2]})
    table.attrs["provenance"] = {"step": "test"}
    folder = tmp_path / "tables"
    written = write_tables(
        {"t": table}, folder, provenance={"run": 1}, extra={"summary.json": {"n": 2}}
    )
    assert written == {
        "t": folder / "t.parquet",
        "provenance": folder / "provenance.json",
        "summary": folder / "summary.json",
    }
    assert json.loads((folder / "provenance.json").read_text()) == {
        "run": 1,
        "tables": {"t": {"step": "test"}},
    }
    assert json.loads((folder / "summary.json").read_text()) == {"n": 2}
    assert pd.read_parquet(folder / "t.parquet")["x"].tolist() == [1, 2]
    assert table.attrs["provenance"] == {"step": "test"}  # the caller's table is left untouched
