"""One atomic-write helper (``provenance.atomic_path``), used by every writer of the package."""

from __future__ import annotations

import ast
import json
import threading
from pathlib import Path

import numpy as np
import pytest

from transfo_analysis.provenance import atomic_path, write_json_atomic

SRC = Path(__file__).resolve().parents[1] / "src" / "transfo_analysis"

#: modules allowed to call ``os.replace`` themselves, with the reason
RENAMES_ALLOWED = {
    "provenance.py": "the helper itself and the folder swap",
    "batch/_reports.py": "moves a finished report folder to quarantine or failed-reports",
}


def test_the_new_content_replaces_the_file_and_no_temporary_is_left(tmp_path):
    target = tmp_path / "sub" / "t.json"
    target.parent.mkdir()
    target.write_text("old")
    with atomic_path(target) as tmp:
        assert tmp.parent == target.parent and tmp.name.startswith(".")
        tmp.write_text("new")
        assert target.read_text() == "old"  # readers still see the old content
    assert target.read_text() == "new"
    assert sorted(p.name for p in target.parent.iterdir()) == ["t.json"]


def test_a_failure_keeps_the_old_file_and_removes_the_temporary(tmp_path):
    target = tmp_path / "t.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("crash midway")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.txt"]


def test_the_folder_is_created_and_the_suffix_kept_for_writers_that_choose_by_suffix(tmp_path):
    target = tmp_path / "new" / "vectors.npz"
    with atomic_path(target) as tmp:
        assert tmp.suffix == ".npz"
        np.savez(tmp, v=np.arange(3))  # np.savez would add ".npz" to any other name
    assert np.load(target)["v"].tolist() == [0, 1, 2]


def test_two_writers_at_once_never_share_a_temporary_name(tmp_path):
    target = tmp_path / "shared.json"
    names: list[str] = []
    inside = threading.Barrier(2)

    def writer(n: int) -> None:
        with atomic_path(target) as tmp:
            names.append(tmp.name)
            tmp.write_text(json.dumps(n))
            inside.wait(timeout=10)  # both temporaries exist at the same time

    threads = [threading.Thread(target=writer, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(names)) == 2
    assert json.loads(target.read_text()) in (1, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared.json"]


def test_write_json_atomic_writes_french_text_as_is(tmp_path):
    write_json_atomic(tmp_path / "r.json", {"libellé": "Écoute", "n": 2})
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8")) == {
        "libellé": "Écoute",
        "n": 2,
    }
    assert "Écoute" in (tmp_path / "r.json").read_text(encoding="utf-8")


def _renames(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"replace", "rename"}
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "os"
    ]


def test_no_module_hand_writes_the_temporary_then_rename_pattern():
    offenders = {
        str(p.relative_to(SRC)): lines
        for p in sorted(SRC.rglob("*.py"))
        if (lines := _renames(p)) and str(p.relative_to(SRC)) not in RENAMES_ALLOWED
    }
    assert offenders == {}, "use transfo_analysis.provenance.atomic_path instead of os.replace"
