"""Notebooks under version control carry no outputs (they can hold quotes and names) and follow
papermill's contract: a cell tagged ``parameters`` declaring the same names everywhere."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from transfo_analysis.batch import notebook_parameters

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb")) + sorted(
    (REPO / "dashboards").glob("*.ipynb")
)
REPORT_PARAMETERS = {"territory", "project_dir", "settings_file", "seed", "output_dir"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_outputs_committed(path: Path):
    nb = nbformat.read(path, as_version=4)
    dirty = [
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count"))
    ]
    assert not dirty, (
        f"{path.name}: cells {dirty} have outputs; strip them (nbstripout) before committing"
    )


@pytest.mark.parametrize("path", sorted((REPO / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_notebooks_declare_the_standard_parameters(path: Path):
    assert notebook_parameters(path) >= REPORT_PARAMETERS


def test_there_are_report_notebooks():
    names = {p.name for p in NOTEBOOKS}
    assert {"territory_report.ipynb", "synthesis.ipynb"} <= names
