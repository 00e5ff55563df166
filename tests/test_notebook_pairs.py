"""Each notebook of notebooks/ is paired with a py:percent script (notebooks/jupytext.toml)
holding the same cells; the dashboards are not (their folder holds nothing but them)."""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def _cells(nb: nbformat.NotebookNode) -> list[tuple[str, str, list[str]]]:
    return [
        (c.cell_type, c.source.strip(), sorted(c.get("metadata", {}).get("tags", [])))
        for c in nb.cells
    ]


def test_every_notebook_has_its_pair_and_no_script_is_orphaned():
    assert NOTEBOOKS
    scripts = {p.with_suffix("") for p in NOTEBOOKS}
    pairs = list((REPO / "notebooks").glob("*.py"))
    assert {p.with_suffix("") for p in pairs} == scripts
    assert not list((REPO / "dashboards").glob("*.py"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_the_pair_holds_the_same_cells(notebook: Path):
    script = notebook.with_suffix(".py")
    paired = jupytext.read(script, fmt="py:percent")
    assert _cells(paired) == _cells(nbformat.read(notebook, as_version=4)), (
        f"{notebook.name} and {script.name} differ: run `jupytext --sync {notebook}`"
    )


def test_a_difference_is_seen(tmp_path: Path):
    notebook = NOTEBOOKS[0]
    text = notebook.with_suffix(".py").read_text(encoding="utf-8") + "\n# %%\nx = 1\n"
    changed = jupytext.reads(text, fmt="py:percent")
    assert _cells(changed) != _cells(nbformat.read(notebook, as_version=4))
