"""Shared fixtures.

Real-data tests use ``../shared/corpora`` beside the checkout (or ``TRANSFO_SHARED``): they skip
when it is absent (a user's clone) but fail in CI, where ``TRANSFO_REQUIRE_SHARED=1`` is set, so
that they can never be skipped silently there. Browser tests follow the same rule with
``TRANSFO_REQUIRE_BROWSER``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEMO_DATA = REPO / "data"


def shared_corpora() -> Path | None:
    env = os.environ.get("TRANSFO_SHARED")
    root = Path(env) if env else REPO.parent / "shared"
    corpora = root / "corpora"
    return corpora if corpora.is_dir() else None


@pytest.fixture(scope="session")
def shared() -> Path:
    """``../shared/corpora``; skips the test when absent (fails when CI requires it)."""
    corpora = shared_corpora()
    if corpora is None:
        if os.environ.get("TRANSFO_REQUIRE_SHARED") == "1":
            pytest.fail("../shared/corpora is required here (TRANSFO_REQUIRE_SHARED=1) but missing")
        pytest.skip("../shared/corpora not present (real-data tests run in CI)")
    return corpora


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of Debian's chromium; skips when absent (fails when CI requires it)."""
    path = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if path is None:
        if os.environ.get("TRANSFO_REQUIRE_BROWSER") == "1":
            pytest.fail("chromium is required here (TRANSFO_REQUIRE_BROWSER=1) but missing")
        pytest.skip("chromium not installed (apt-get install chromium)")
    return path


@pytest.fixture(autouse=True)
def _quiet_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSFO_PROGRESS", "0")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture
def artifacts_dir() -> Path:
    """Where tests save artifacts worth looking at (screenshots, reports); git-ignored."""
    path = REPO / "tests" / "artifacts"
    path.mkdir(parents=True, exist_ok=True)
    return path
