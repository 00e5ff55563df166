"""CapitalStats counts each distinct form once: same keys, counts and order as token by token."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from transfo_analysis.anonymise._capitals import CapitalStats
from transfo_analysis.anonymise._fold import canonical


def test_counts_keys_and_order_equal_a_count_token_by_token():
    words = ["Élise", "rue", "ELISE", "Elise", "la", "CAF", "rue", "Rue", "élise", "x", "CAF"]
    tokens = pd.DataFrame(
        {"text": [*words, ",", "12"], "is_alpha": [True] * len(words) + [False, False]}
    )
    stats = CapitalStats(tokens)
    capital = Counter(canonical(w) for w in words if w[:1].isupper())
    lower = Counter(canonical(w) for w in words if not w[:1].isupper())
    assert (
        list(stats.capital.items())
        == list(capital.items())
        == [
            ("elise", 3),
            ("caf", 2),
            ("rue", 1),
        ]
    )
    assert (
        list(stats.lower.items())
        == list(lower.items())
        == [
            ("rue", 2),
            ("la", 1),
            ("elise", 1),
            ("x", 1),
        ]
    )
    assert stats.upper == {"elise", "caf"}


def test_no_tokens_no_counts():
    stats = CapitalStats(pd.DataFrame({"text": pd.Series([], dtype=str), "is_alpha": []}))
    assert not stats.capital and not stats.lower and not stats.upper
