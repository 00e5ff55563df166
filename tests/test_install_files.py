"""The install files agree: conda's environment.yml carries the constraints' pins, torch is
pinned to the CPU build, and the README's two commands are the ones tasks.py and CI run."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def _pins(lines: list[str]) -> set[str]:
    return {line.strip() for line in lines if re.match(r"^[A-Za-z0-9_.\-]+==", line.strip())}


def test_environment_yml_has_the_constraints_pins():
    constraints = _pins((REPO / "requirements" / "constraints.txt").read_text().splitlines())
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert _pins(pip) == constraints, (
        "run `python3 tasks.py environment` after changing the constraints"
    )
    assert "torch==2.13.0" in constraints


def test_readme_ci_and_tasks_agree():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "python3 tasks.py demo" in readme and "python3 tasks.py test" in readme
    assert "python3 tasks.py test" in (REPO / ".ci" / "run").read_text()
    tasks = (REPO / "tasks.py").read_text()
    assert 'DEMO = ["transfo", "run", "--project", "data"]' in tasks


def test_ci_and_every_commit_run_the_type_check():
    """mypy on src/ is clean: CI checks it before the tests, pre-commit on every commit."""
    ci = (REPO / ".ci" / "run").read_text()
    assert "python3 tasks.py typecheck" in ci
    assert ci.index("python3 tasks.py typecheck") < ci.index("python3 tasks.py test")
    assert 'TYPECHECK = ["mypy"]' in (REPO / "tasks.py").read_text()
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    mypy = [h for repo in config["repos"] for h in repo["hooks"] if h["id"] == "mypy"]
    assert len(mypy) == 1 and "manual" not in mypy[0].get("stages", ["pre-commit"])
    pyproject = (REPO / "pyproject.toml").read_text()
    assert 'files = ["src"]' in pyproject


def test_settings_reference_is_current():
    import runpy

    module = runpy.run_path(str(REPO / "tools" / "make_settings_doc.py"))
    assert (REPO / "docs" / "settings.md").read_text(encoding="utf-8") == module["render"](), (
        "settings changed: run `.venv/bin/python tools/make_settings_doc.py`"
    )
    assert "|  |" not in module["render"](), "every setting needs a #: comment in config.py"
