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
    path = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if path is None:
        if os.environ.get("TRANSFO_REQUIRE_BROWSER") == "1":
            pytest.fail("chromium is required here (TRANSFO_REQUIRE_BROWSER=1) but missing")
        pytest.skip("chromium not installed (apt-get install chromium)")
    return path


@pytest.fixture
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English (``TRANSFO_LANG=en``): for tests written against the English msgids
    of readers and stages; French, the default, is checked by ``tests/test_i18n_cli.py``."""
    monkeypatch.setenv("TRANSFO_LANG", "en")


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


def _copy_demo(dest: Path) -> Path:
    """A copy of the demo project's sources and settings (nothing produced from them)."""
    keep = [
        "raw",
        "gold",
        "project.yaml",
        "manifest.yaml",
        "metadonnees-entretiens.csv",
        "codebook.yaml",
        "pistes.yaml",
    ]
    dest.mkdir(parents=True)
    for name in keep:
        src = DEMO_DATA / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.exists():
            shutil.copy2(src, dest / name)
    settings = (
        (dest / "project.yaml")
        .read_text(encoding="utf-8")
        .replace("reports_dir: ../reports", "reports_dir: reports")
    )
    # two seeds are enough to exercise the stability measure in tests (the demo uses five)
    settings += "\ntopics:\n  stability_seeds: 2\n"
    (dest / "project.yaml").write_text(settings, encoding="utf-8")
    return dest


@pytest.fixture(scope="session")
def prepared_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project with every project-wide step done (ingest → … → textometry), built once
    per test run and shared by the xdist workers (a file lock makes the others wait). Tests that
    write into it must work on a copy (:func:`copy_prepared`)."""
    from filelock import FileLock

    from transfo_analysis.batch import prepare
    from transfo_analysis.config import open_project

    # one folder per test session: under xdist each worker has its own basetemp inside it
    base = tmp_path_factory.getbasetemp()
    shared_dir = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    root = shared_dir / "demo-prepared"
    with FileLock(str(shared_dir / "demo-prepared.lock")):
        if not (root / ".ready").exists():
            shutil.rmtree(root, ignore_errors=True)
            _copy_demo(root)
            os.environ.setdefault("TRANSFO_PROGRESS", "0")
            outcomes = prepare(open_project(root), show_progress=False)
            failed = [f"{o.name}: {o.error}" for o in outcomes if o.status == "failed"]
            assert not failed, f"preparing the demo project failed: {failed}"
            (root / ".ready").write_text("ok")
    return root


@pytest.fixture
def demo_copy(prepared_demo: Path, tmp_path: Path) -> Path:
    """A private copy of the prepared demo project (for tests that run reports, which write)."""
    dest = tmp_path / "projet"
    shutil.copytree(prepared_demo, dest, ignore=shutil.ignore_patterns(".ready"))
    return dest
