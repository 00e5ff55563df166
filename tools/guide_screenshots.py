"""Screenshots of the demo for the French guides (docs/guide/img/), taken as a reader sees them.

    .venv/bin/python tools/guide_screenshots.py [--project data] [--out docs/guide/img]

Run it after ``python3 tasks.py demo``: it opens a territory report and the synthesis in
headless Chromium, then starts ``transfo serve`` on a free port of 127.0.0.1 and photographs both
dashboards. Only the fictional demo is ever photographed. Needs Debian's chromium
(``/usr/bin/chromium``) and Playwright (a dev dependency).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
#: (file name, report folder, heading to scroll to or None for the top)
REPORT_SHOTS = [
    ("rapport-territoire-haut.png", "valcourt", None),
    ("rapport-territoire-themes.png", "valcourt", "De quoi parlent"),
    ("rapport-territoire-barometre.png", "valcourt", "Baromètre"),
    ("rapport-synthese.png", "synthese", None),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _shoot_reports(page, reports: Path, out: Path) -> list[Path]:
    written = []
    for name, folder, heading in REPORT_SHOTS:
        html = reports / folder / "rapport.html"
        if not html.exists():
            print(f"absent, pas de capture : {html}", file=sys.stderr)
            continue
        page.goto(html.as_uri())
        page.wait_for_load_state("load")
        page.wait_for_timeout(1500)  # plotly draws after load
        if heading:
            target = page.locator("h2, h3", has_text=heading).first
            if target.count() == 0:
                print(f"section « {heading} » absente de {html}", file=sys.stderr)
                continue
            target.scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, -20)")
            page.wait_for_timeout(500)
        path = out / name
        page.screenshot(path=str(path))
        written.append(path)
    return written


def _shoot_dashboards(browser, project: Path, out: Path) -> list[Path]:
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [
        sys.executable,
        "-m",
        "transfo_analysis.cli",
        "serve",
        "--project",
        str(project),
        "--port",
        str(port),
    ]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    written = []
    try:
        t0 = time.monotonic()
        assert proc.stdout is not None
        for line in proc.stdout:
            if "prêts" in line:
                break
            if time.monotonic() - t0 > 120:
                raise TimeoutError("transfo serve n'est pas prêt après 120 s")
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for name, path in (
            ("tableau-de-bord-territoire.png", "territoire"),
            ("tableau-de-bord-synthese.png", "synthese"),
        ):
            page.goto(f"http://127.0.0.1:{port}/voila/render/{path}.ipynb")
            page.wait_for_selector(".js-plotly-plot", timeout=60_000)
            page.wait_for_timeout(2000)
            shot = out / name
            page.screenshot(path=str(shot))
            written.append(shot)
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_timeout(500)
        page.screenshot(path=str(out / "tableaux-de-bord-accueil.png"))
        written.append(out / "tableaux-de-bord-accueil.png")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=ROOT / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "guide" / "img")
    parser.add_argument("--reports", type=Path, default=ROOT / "reports")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 800})
        written = _shoot_reports(page, args.reports, args.out)
        written += _shoot_dashboards(browser, args.project, args.out)
        browser.close()
    for path in written:
        print(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} "
            f"({path.stat().st_size // 1024} Ko)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
