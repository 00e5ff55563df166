"""Checks any published figure must pass: stacked percentage bars reach 100 %, every legend
entry has something drawn, a note under a chart fits in the figure."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any


def as_list(values: Any) -> list[Any]:
    """A trace's coordinates as a list (plotly writes numeric arrays as base64 typed arrays)."""
    if values is None:
        return []
    if isinstance(values, dict) and "bdata" in values:
        import base64

        import numpy as np

        array = np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
        if "shape" in values:
            array = array.reshape([int(n) for n in str(values["shape"]).split(",")])
        return array.tolist()
    return list(values)


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def numbers_of(values: Any) -> list[float]:
    """A trace's numeric coordinates, nulls as NaN."""
    return [float("nan") if _blank(v) else float(v) for v in as_list(values)]


def has_data(trace: dict[str, Any]) -> bool:
    """Whether a trace draws anything: a point whose coordinates are all present, a heatmap
    cell, a pie slice."""
    kind = trace.get("type", "scatter")
    if kind == "heatmap":
        rows = as_list(trace.get("z"))
        return any(not _blank(v) for row in rows for v in (row if isinstance(row, list) else [row]))
    if kind == "pie":
        return any(not _blank(v) for v in as_list(trace.get("values")))
    xs, ys = as_list(trace.get("x")), as_list(trace.get("y"))
    if not xs or not ys:  # one coordinate given: plotly numbers the other
        return any(not _blank(v) for v in xs or ys)
    return any(not _blank(x) and not _blank(y) for x, y in zip(xs, ys, strict=False))


def legend_problems(fig: dict[str, Any]) -> list[str]:
    """Traces shown in a legend that draw nothing."""
    layout = fig.get("layout", {})
    problems = []
    for trace in fig.get("data", []):
        in_legend = trace.get("showlegend", layout.get("showlegend", True)) is not False
        if in_legend and trace.get("name") and not has_data(trace):
            problems.append(f"trace « {trace['name']} » in the legend has no data")
    return problems


def stacking_problems(fig: dict[str, Any], *, tolerance: float = 0.5) -> list[str]:
    """Stacked bars whose axis is a percentage and whose bars do not sum to 100 ± tolerance."""
    layout = fig.get("layout", {})
    if layout.get("barmode") not in ("stack", "relative"):
        return []
    bars = [t for t in fig.get("data", []) if t.get("type", "bar") == "bar"]
    horizontal = any(t.get("orientation") == "h" for t in bars)
    axis = layout.get("xaxis" if horizontal else "yaxis", {})
    title = axis.get("title", {})
    title = title.get("text", "") if isinstance(title, dict) else str(title or "")
    if "%" not in title or any(
        (v < 0) for t in bars for v in numbers_of(t.get("x" if horizontal else "y")) if v == v
    ):
        return []
    sums: dict[Any, float] = defaultdict(float)
    for t in bars:
        cats = as_list(t.get("y" if horizontal else "x"))
        for cat, v in zip(cats, numbers_of(t.get("x" if horizontal else "y")), strict=True):
            if v == v:
                sums[cat] += v
    return [
        f"stacked bar « {cat} » sums to {total:.1f} %"
        for cat, total in sums.items()
        if abs(total - 100) > tolerance
    ]


def figure_problems(fig: dict[str, Any]) -> list[str]:
    """Every problem of one figure's plotly JSON."""
    return legend_problems(fig) + stacking_problems(fig)
