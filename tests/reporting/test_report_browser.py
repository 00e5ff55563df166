"""The demo's published reports in Debian's chromium: nothing loaded from outside, and the
stacked bars drawn on the page reach 100 %.

Needs the demo's published reports (``transfo run --project data`` in this checkout).
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
REPORTS = REPO / "reports"
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(
        not (REPORTS / "index.json").exists(),
        reason="the demo's reports are not published (transfo run --project data)",
    ),
]

#: per bar of each stacked chart: the drawn widths of its segments, as a share of the axis
DRAWN_STACKS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).filter(
  gd => gd.layout && gd.layout.barmode === 'stack').map(gd => {
    const axis = gd._fullLayout.xaxis, stacks = {};
    gd.querySelectorAll('.barlayer .trace').forEach(trace => {
      trace.querySelectorAll('.point path').forEach(bar => {
        const box = bar.getBBox();
        if (box.width <= 0) return;
        const key = Math.round(box.y + box.height / 2);
        stacks[key] = (stacks[key] || 0) + box.width;
      });
    });
    return {title: gd.layout.title && gd.layout.title.text,
            range: axis.range, length: axis._length, stacks: Object.values(stacks)};
  })"""

#: notes and labels written outside the plot area: their box must stay inside the figure, and a
#: note must not be drawn over the axis title
CUT_OFF = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).flatMap(gd => {
    const svg = gd.querySelector('svg.main-svg').getBoundingClientRect();
    const boxes = sel => Array.from(gd.querySelectorAll(sel))
      .map(el => [el.textContent, el.getBoundingClientRect()]).filter(([t, r]) => t);
    const out = boxes('.annotation, .g-xtitle, .g-ytitle, .gtitle')
      .filter(([text, r]) => r.bottom > svg.bottom + 1 || r.right > svg.right + 1
                             || r.left < svg.left - 1 || r.top < svg.top - 1)
      .map(([text, r]) => 'cut off: ' + text);
    const titles = boxes('.g-xtitle');
    const over = boxes('.annotation').filter(([text, r]) => titles.some(([t, q]) =>
        r.left < q.right && q.left < r.right && r.top < q.bottom && q.top < r.bottom))
      .map(([text, r]) => 'over the axis title: ' + text);
    return out.concat(over);
  })"""


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        yield b
        b.close()


def _open(browser, page_path: Path):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    outside: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            return r.continue_()
        outside.append(url)
        return r.abort()

    page.route("**/*", route)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_path.as_uri())
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    page.wait_for_timeout(500)
    return page, outside, errors


def test_reports_load_nothing_from_outside_and_cut_no_label(browser, artifacts_dir):
    pages = sorted(REPORTS.glob("*/rapport.html"))
    assert len(pages) >= 2
    for path in pages:
        page, outside, errors = _open(browser, path)
        assert outside == [], (path.parent.name, outside)
        assert not errors, errors
        assert page.evaluate(CUT_OFF) == [], path.parent.name
        assert page.locator(".js-plotly-plot").count() >= 2
        if path.parent.name != "synthese":
            page.screenshot(
                path=str(artifacts_dir / f"rapport-{path.parent.name}.png"), full_page=True
            )
        page.close()


def test_the_drawn_stacked_bars_reach_100_percent(browser, artifacts_dir):
    page, _, _ = _open(browser, REPORTS / "synthese" / "rapport.html")
    charts = page.evaluate(DRAWN_STACKS)
    page.screenshot(path=str(artifacts_dir / "rapport-synthese.png"), full_page=True)
    words = [c for c in charts if c["title"] == "Part des mots par profil"]
    assert len(words) == 1, charts
    (chart,) = words
    assert chart["range"] == [0, 100] and len(chart["stacks"]) >= 3
    for width in chart["stacks"]:  # every territory's bar spans the whole 0-100 % axis
        assert abs(width / chart["length"] * 100 - 100) <= 0.5, chart
    page.close()
