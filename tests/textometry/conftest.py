"""Fixtures of the textometry tests (corpora in :mod:`textometry_helpers`)."""

from __future__ import annotations

import pandas as pd
import pytest
from textometry_helpers import planted_corpus


@pytest.fixture(scope="session")
def planted() -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """Segments, tokens and theme of each respondent turn of the planted corpus."""
    return planted_corpus()
