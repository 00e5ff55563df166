"""Fixtures of the dashboard tests: a small published project in the contract's format."""

from __future__ import annotations

from pathlib import Path

import pytest
from dash_published import write_project


@pytest.fixture(scope="session")
def published_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project directory with published reports (``reports/``) and raw, processed and secure
    files beside them that the dashboards must never show."""
    return write_project(tmp_path_factory.mktemp("projet") / "projet")


@pytest.fixture(scope="session")
def reports_dir(published_project: Path) -> Path:
    return published_project / "reports"
