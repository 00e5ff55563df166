"""The workshops panel in chromium, on the demo's
published reports (Gare Remix and its consultation).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from dash_server import BROWSER_ARGS, Server

pytestmark = [pytest.mark.slow, pytest.mark.browser]
REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "data"
PRIORITIES = REPO / "reports" / "valcourt" / "artifacts" / "workshop_priorities.parquet"
TITLE = "Ateliers et consultations en ligne"
THEMES = "Ateliers : thèmes des cartes"
NEXT = "Des voix aux décisions"


@pytest.mark.skipif(
    not PRIORITIES.exists(),
    reason="the demo's reports are not published (transfo run --project data)",
)
def test_demo_workshops_panel_in_the_browser(chromium, artifacts_dir):
    from playwright.sync_api import sync_playwright

    srv = Server(DEMO)
    try:
        srv.wait_ready()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{srv.url}voila/render/territoire.ipynb")
            page.wait_for_selector(".js-plotly-plot", timeout=60_000)
            select = page.locator(".widget-dropdown", has_text="Territoire").locator("select")
            select.wait_for(timeout=60_000)
            label = next(o for o in select.locator("option").all_inner_texts() if "Valcourt" in o)
            select.select_option(label=label)
            page.wait_for_function(
                f"() => document.body.innerText.includes('{TITLE}')"
                " && document.body.innerText.includes('% des votes')",
                timeout=60_000,
            )
            text, plots = _section(page, artifacts_dir / "dashboard-ateliers.png")
            assert "Gare Remix" in text and "votants" in text and "% des votes" in text
            assert "profil de l'auteur non affiché" in text  # no demo idea has k authors
            assert "Rouvrir le guichet de la gare routière" in text
            assert "positions masquées" in text and "Propositions en ligne" in text
            assert "% des soutiens" in text  # platform supports: no voters to count
            assert plots == 1  # the report's votes figure, drawn in the section
            # the themes of the cards and the prioritisation view, in the next section
            text, plots = _section(page, artifacts_dir / "dashboard-ateliers-themes.png", THEMES)
            assert "Thème des cartes" in text and "Part des votes" in text
            assert "Codes des entretiens (tous profils)" in text and "personnes)" in text
            assert "% des tours de parole" in text and "Baromètre" in text
            assert plots == 2  # themes by profile, codes and topics by profile
            # managers: three voted, fewer than k: only the notice
            page.locator(".widget-toggle-buttons button", has_text="Encadrants").click()
            page.wait_for_function(
                "() => document.body.innerText.includes('Votes de ce profil masqués')",
                timeout=30_000,
            )
            text, plots = _section(page, artifacts_dir / "dashboard-ateliers-encadrants.png")
            assert "Votes de ce profil masqués : moins de 5 personnes ont voté." in text
            assert "% des votes" not in text and plots == 0
            text, plots = _section(page, artifacts_dir / "dashboard-themes-encadrants.png", THEMES)
            assert "Thèmes des cartes de ce profil masqués : moins de 5 personnes" in text
            assert "(Encadrants)" in text and "Encadrants (" not in text
            assert not errors, errors
            browser.close()
    finally:
        assert srv.stop() == 0, srv.output


def _section(page, path: Path, title: str = TITLE) -> tuple[str, int]:
    """The panel's text and number of charts, and its screenshot (from its heading to the next)."""
    following = THEMES if title == TITLE else NEXT
    page.wait_for_timeout(1500)
    height = page.evaluate(
        "() => (document.querySelector('#rendered_cells') || document.body).scrollHeight"
    )
    page.set_viewport_size({"width": 1280, "height": min(int(height) + 40, 16000)})
    page.wait_for_timeout(800)
    top = page.locator("h2:visible", has_text=title).last.bounding_box()
    end = page.locator("h2:visible", has_text=following).last.bounding_box()
    assert top and end and end["y"] > top["y"]
    page.screenshot(
        path=str(path),
        clip={"x": 0, "y": top["y"] - 8, "width": 1280, "height": end["y"] - top["y"]},
    )
    body = page.inner_text("body")
    text = body.split(title)[-1].split(following)[0]
    boxes = [b.bounding_box() for b in page.locator(".js-plotly-plot:visible").all()]
    plots = sum(1 for b in boxes if b and top["y"] < b["y"] < end["y"])
    page.set_viewport_size({"width": 1280, "height": 1000})
    return text, plots
