"""Every notebook runs top to bottom on the demo corpus (nbval, lax mode: outputs not compared).

Each notebook runs in its own pytest process with ``--nbval-lax``, against the prepared demo
project (``TRANSFO_PROJECT``), so that a failing cell names its notebook and cell.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_with_nbval(notebook: Path, prepared_demo: Path, tmp_path: Path):
    env = {
        **os.environ,
        "TRANSFO_PROJECT": str(prepared_demo),
        "TRANSFO_PROGRESS": "0",
        "MPLBACKEND": "Agg",
    }
    work = tmp_path / notebook.name
    work.write_bytes(notebook.read_bytes())  # nbval may write checkpoints next to the notebook
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            str(work),
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "--nbval-cell-timeout",
            "600",
        ],
        cwd=REPO / "notebooks",
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert proc.returncode == 0, (
        f"{notebook.name} failed under nbval:\n{proc.stdout[-4000:]}\n{proc.stderr[-2000:]}"
    )
    assert " passed" in proc.stdout
