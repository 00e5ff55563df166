"""Every figure the demo publishes is right by construction: the JSON the report page draws, the
artifacts the dashboards show, and what the dashboards redraw for each territory and role.

Needs the demo's published reports (``transfo run --project data`` in this checkout); skipped
when they are absent.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "viz"))
from figure_checks import figure_problems  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
REPORTS = REPO / "reports"
PLOTLY = "application/vnd.plotly.v1+json"

pytestmark = pytest.mark.skipif(
    not (REPORTS / "index.json").exists(),
    reason="the demo's reports are not published (transfo run --project data)",
)


def drawn_figures(html: str) -> list[dict]:
    """The figures a report page draws: the arguments of its ``Plotly.newPlot`` calls."""
    decoder = json.JSONDecoder()
    figures = []
    for match in re.finditer(r"Plotly\.newPlot\(\s*\"[^\"]+\",\s*", html):
        data, end = decoder.raw_decode(html, match.end())
        rest = re.match(r"\s*,\s*", html[end:])
        layout, _ = decoder.raw_decode(html, end + rest.end())
        figures.append({"data": data, "layout": layout})
    return figures


def _published() -> list[Path]:
    return sorted(p for p in REPORTS.glob("*/rapport.html"))


def test_every_report_page_draws_right_figures():
    pages = _published()
    assert len(pages) >= 2
    problems, n = {}, 0
    for page in pages:
        figures = drawn_figures(page.read_text(encoding="utf-8"))
        n += len(figures)
        for i, fig in enumerate(figures):
            if found := figure_problems(fig):
                problems[f"{page.parent.name} #{i}"] = found
    assert n >= 10 and not problems, problems


def test_every_published_figure_artifact_is_right():
    paths = sorted(REPORTS.glob("*/artifacts/*.plotly.json"))
    assert paths
    problems = {
        f"{p.parent.parent.name}/{p.name}": found
        for p in paths
        if (found := figure_problems(json.loads(p.read_text(encoding="utf-8"))))
    }
    assert not problems, problems
    words = json.loads(
        (REPORTS / "synthese/artifacts/fig_roles_by_territory.plotly.json").read_text()
    )
    assert words["layout"]["barmode"] == "stack"


def test_share_columns_are_fractions():
    """The unit travels with the column: every published ``share`` is in [0, 1]."""
    import pandas as pd

    for path in REPORTS.glob("*/artifacts/*.parquet"):
        table = pd.read_parquet(path)
        for column in ("share", "satisfaction", "satisfaction_low", "satisfaction_high"):
            if column in table:
                values = pd.to_numeric(table[column], errors="coerce").dropna()
                assert values.between(0, 1).all(), (path, column)


def test_dashboards_redraw_right_figures_for_every_choice():
    from transfo_analysis.dashboards import SynthesisDashboard, TerritoryDashboard, open_reports

    reports = open_reports(REPORTS)
    dash = TerritoryDashboard(reports)
    problems, n = {}, 0
    for _, territory in reports.territories:
        dash.territory.value = territory
        for _, role in dash.role.options:
            dash.role.value = role
            for name, panel in dash.panels.items():
                assert panel.error is None, (territory, role, name, panel.error)
                for out in panel.figures:
                    for item in out.outputs:
                        fig = item.get("data", {}).get(PLOTLY)
                        if fig is None:
                            continue
                        n += 1
                        if found := figure_problems(fig):
                            problems[f"{territory}/{role}/{name}"] = found
    synthesis = SynthesisDashboard(reports)
    for panel in synthesis.panels.values():
        for out in panel.figures:
            for item in out.outputs:
                if (fig := item.get("data", {}).get(PLOTLY)) is not None:
                    n += 1
                    problems.update({"synthese": f} for f in [figure_problems(fig)] if f)
    assert n >= 20 and not problems, problems
