"""Fixtures of the barometer tests: the demo barometer (built once) and small hand-made surveys."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from barometer_helpers import DEMO_CSV

from transfo_analysis.barometer import import_surveys


@pytest.fixture(scope="session")
def demo() -> pd.DataFrame:
    """The demo barometer's responses (the committed file under tools/demo_corpus/static)."""
    return import_surveys([DEMO_CSV])


@pytest.fixture
def survey(tmp_path: Path) -> Callable[..., pd.DataFrame]:
    """Import a survey written from lines of text (``;``-separated, header first)."""

    def make(
        lines: list[str], *, name: str = "enquete.csv", schema: dict | None = None
    ) -> pd.DataFrame:
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return import_surveys([path], schema=schema)

    return make
