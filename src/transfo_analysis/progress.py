"""Progress bars for long work (tqdm: a widget in JupyterLab, a bar in a terminal)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


def progress(
    iterable: Iterable[T],
    *,
    desc: str,
    unit: str = "it",
    total: int | None = None,
    disable: bool = False,
) -> Iterable[T]:
    """Wrap an iterable with a progress bar.

    Bars are hidden when ``TRANSFO_PROGRESS=0`` (batch logs) and when the output is neither a
    terminal nor a notebook.
    """
    if disable or os.environ.get("TRANSFO_PROGRESS", "1") == "0":
        return iterable
    from tqdm.auto import tqdm

    return tqdm(
        iterable, desc=desc, unit=unit, total=total, leave=False, file=sys.stderr, mininterval=0.5
    )
