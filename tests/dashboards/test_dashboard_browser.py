"""End to end: ``transfo serve`` in a subprocess, the dashboards in Debian's chromium (Playwright).

The dashboards render, react to the territory and role selectors, draw plotly charts, escape
people's words; nothing but the dashboards can be reached (raw data, secure files, notebooks,
contents API, file tree answer 403/404) and the kernels refuse code sent over their websocket.
"""

from __future__ import annotations

import http.client
import json
import re
import signal
import time
import uuid
from pathlib import Path

import psutil
import pytest
from dash_published import MARKUP_QUOTE
from dash_server import BROWSER_ARGS, Server

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "data"


@pytest.fixture(scope="module")
def server(published_project):
    srv = Server(published_project)
    srv.wait_ready()
    kernels_seen: set[int] = set()
    yield srv, kernels_seen
    kernels_seen.update(c.pid for c in psutil.Process(srv.proc.pid).children(recursive=True))
    assert srv.stop() == 0, srv.output
    assert "Tableaux de bord arrêtés." in srv.output
    assert "Traceback" not in srv.output, srv.output
    gone, alive = psutil.wait_procs(
        [psutil.Process(p) for p in kernels_seen if psutil.pid_exists(p)], timeout=10
    )
    assert not alive, f"kernels left running after Ctrl-C: {alive}"


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        yield b
        b.close()


def get(srv: Server, path: str) -> tuple[int, dict[str, str], bytes]:
    """A raw GET (the path is sent as written, ``..`` included)."""
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    conn.request("GET", path)
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, dict(resp.getheaders()), body


def open_dashboard(browser, srv: Server, name: str):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{srv.url}voila/render/{name}")
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    page.wait_for_timeout(500)
    return page, errors


def full_screenshot(page, path: Path) -> None:
    """Voilà scrolls inside the page: grow the viewport to the content before the screenshot."""
    height = page.evaluate(
        "() => (document.querySelector('#rendered_cells') || document.body).scrollHeight"
    )
    page.set_viewport_size({"width": 1280, "height": min(int(height) + 40, 8000)})
    page.wait_for_timeout(800)
    page.screenshot(path=str(path), full_page=True)


@pytest.mark.browser
def test_territory_dashboard(server, browser, artifacts_dir):
    srv, _ = server
    page, errors = open_dashboard(browser, srv, "territoire.ipynb")
    text = page.inner_text("body")
    assert "Tableau de bord — Métropole de Valcourt" in text
    assert "Le territoire en chiffres" in text and "Documents analysés" in text
    assert "Des voix aux décisions" in text and "Les voyageurs se perdent" in text
    assert page.locator(".js-plotly-plot").count() >= 5
    assert "Citations masquées : 1" in text and "Citation masquée" in text
    # people's words are text, never markup run by the page
    assert MARKUP_QUOTE.split("</script>")[0] in text
    assert page.title() != "piraté" and page.locator(".tr-quote b").count() == 0
    assert (
        "from transfo_analysis" not in text and "territory_dashboard()" not in text
    )  # sources stripped
    full_screenshot(page, artifacts_dir / "dashboard-territoire.png")

    # the role filter redraws the sections for that role
    page.locator(".widget-toggle-buttons button", has_text="Agents").click()
    page.wait_for_function(
        "() => document.body.innerText.includes('Mots par prise de parole')", timeout=30_000
    )
    page.wait_for_function(
        "() => document.body.innerText.includes('Thèmes abordés — Agents')", timeout=30_000
    )
    page.wait_for_timeout(800)
    full_screenshot(page, artifacts_dir / "dashboard-territoire-agents.png")
    page.set_viewport_size({"width": 1280, "height": 1000})

    # another territory: other figures, and what it did not publish is said to be unavailable
    before = page.inner_text("body")
    page.locator(".widget-dropdown", has_text="Territoire").locator("select").select_option(
        label="Pays de la Sarne"
    )
    page.wait_for_function(
        "() => document.body.innerText.includes('Tableau de bord — Pays de la Sarne')",
        timeout=30_000,
    )
    page.wait_for_function(
        "() => document.body.innerText.includes('Donnée non disponible')", timeout=30_000
    )
    page.wait_for_timeout(800)
    after = page.inner_text("body")
    assert after != before
    assert (
        "Donnée non disponible" in after and "Métropole de Valcourt" not in after.split("Profil")[1]
    )
    assert page.locator(".js-plotly-plot").count() >= 1
    assert not errors, errors
    page.close()


@pytest.mark.browser
def test_synthesis_dashboard(server, browser, artifacts_dir):
    srv, _ = server
    page, errors = open_dashboard(browser, srv, "synthese.ipynb")
    text = page.inner_text("body")
    assert (
        "Synthèse inter-territoires" in text
        and "Pays de la Sarne" in text
        and "Métropole de Valcourt" in text
    )
    assert "Des voix aux décisions" in text and "Les voyageurs se perdent" in text
    assert page.locator(".js-plotly-plot").count() >= 5
    page.locator(".widget-toggle-buttons button", has_text="Personnes entendues").click()
    page.wait_for_function(
        "() => document.body.innerText.includes('Personnes entendues par territoire')",
        timeout=30_000,
    )
    full_screenshot(page, artifacts_dir / "dashboard-synthese.png")
    assert not errors, errors
    page.close()


def leave_and_wait_for_shutdown(srv: Server, page) -> int:
    """Leave the page; the status of its kernel on the server once gone (404), or after 30 s."""
    kernel_id = re.search(r'kernelId"?\s*:\s*"([0-9a-f-]{36})"', page.content()).group(1)
    assert get(srv, f"/api/kernels/{kernel_id}")[0] == 200
    page.goto("about:blank")
    for _ in range(60):
        if get(srv, f"/api/kernels/{kernel_id}")[0] == 404:
            break
        page.wait_for_timeout(500)
    return get(srv, f"/api/kernels/{kernel_id}")[0]


@pytest.mark.browser
def test_leaving_a_dashboard_stops_its_kernel(server, browser):
    """The page's goodbye (a beacon carrying the ``_xsrf`` cookie) reaches the server: kernels do
    not pile up, one per visit, until culled. Said once: Voilà's own goodbye, a second shutdown of
    a kernel already gone, would print a traceback on the console (the fixture checks there is
    none)."""
    srv, _ = server
    page, _ = open_dashboard(browser, srv, "synthese.ipynb")
    page.locator(".widget-toggle-buttons").first.wait_for(
        timeout=60_000
    )  # Voilà's front end has started
    assert leave_and_wait_for_shutdown(srv, page) == 404
    page.close()


@pytest.mark.browser
def test_leaving_before_the_selectors_appear_stops_the_kernel(server, browser):
    """A visitor who leaves before Voilà's front end has started (a slow machine, a quick look):
    the page's own goodbye, listening from the first byte, still shuts the kernel down. Voilà's
    script is held back here, so its front end never starts."""
    srv, _ = server
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.route("**/voila.js*", lambda route: route.abort())
    page.goto(f"{srv.url}voila/render/synthese.ipynb")
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    assert page.locator(".widget-toggle-buttons").count() == 0
    page.unroute("**/voila.js*")  # Playwright would hold the page's last requests too
    assert leave_and_wait_for_shutdown(srv, page) == 404
    page.close()


@pytest.mark.browser
def test_landing_page(server, browser):
    srv, _ = server
    page = browser.new_page()
    page.goto(srv.url)
    assert page.title().startswith("Tableaux de bord")
    links = page.locator("a.card")
    assert links.count() == 2
    links.first.click()
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    assert page.url.endswith("/voila/render/synthese.ipynb") or page.url.endswith(
        "/voila/render/territoire.ipynb"
    )
    page.close()


FORBIDDEN = [
    "/tree",
    "/lab",
    "/api/contents",
    "/api/contents/raw",
    "/api/sessions",
    "/api/kernels",
    "/api/terminals",
    "/files/raw/reponses.csv",
    "/voila/tree",
    "/voila/tree/",
    "/voila/api/contents",
    "/voila/api/contents/territoire.ipynb",
    "/voila/files/territoire.ipynb",
    "/voila/files/synthese.ipynb",
    "/voila/files/raw/reponses.csv",
    "/voila/files/../raw/reponses.csv",
    "/voila/files/%2e%2e/raw/reponses.csv",
    "/voila/files/data/raw/valcourt/entretien.txt",
    "/voila/files/reports/index.json",
    "/voila/files/../reports/index.json",
    "/voila/files/processed/segments.parquet",
    "/voila/files/../processed/segments.parquet",
    "/voila/files/secure/pseudonymisation-key.json",
    "/voila/files/../secure/pseudonymisation-key.json",
    "/voila/render/../secure/pseudonymisation-key.json",
    "/voila/render/%2e%2e/raw/reponses.csv",
    "/voila/render/autre.ipynb",
    "/voila/render/../../etc/passwd",
    "/voila/static/../../../../etc/passwd",
    "/voila/templates/../../../etc/passwd",
    "/voila/labextensions/../../../../etc/passwd",
    # transfo serve's own route serves plotly.min.js and nothing else of plotly's folder
    "/transfo/static/widgetbundle.js",
    "/transfo/static/",
    "/transfo/static/datasets/",
    "/transfo/static/../batch/_serve.py",
    "/transfo/static/%2e%2e/%2e%2e/__init__.py",
    "/transfo/plotly.min.js",
    "/transfo/static/plotly.min.js/../../..",
]


def test_nothing_else_is_reachable(server, published_project):
    srv, _ = server
    answered = {path: get(srv, path) for path in FORBIDDEN}
    wrong = {p: s for p, (s, _, _) in answered.items() if s not in (403, 404)}
    assert not wrong, wrong
    # the absolute path of the project's files, through the files handler
    for rel in ("raw/reponses.csv", "secure/pseudonymisation-key.json"):
        status, _, _ = get(srv, f"/voila/files/{published_project / rel}")
        assert status in (403, 404)
    for _, (_, _, body) in answered.items():
        assert b"Jean Dupont" not in body and b"PERSONNE_1" not in body


def test_pages_forbid_framing_and_outside_requests(server):
    srv, _ = server
    status, headers, body = get(srv, "/")
    assert status == 200 and "Synthèse inter-territoires" in body.decode()
    csp = headers["Content-Security-Policy"]
    assert (
        "default-src 'self'" in csp
        and "frame-ancestors 'self'" in csp
        and "connect-src 'self'" in csp
    )
    assert (
        headers["X-Content-Type-Options"] == "nosniff"
        and headers["Referrer-Policy"] == "no-referrer"
    )


def test_first_view_is_written_into_the_page(server):
    """The server sends the first view as HTML (no widget manager, kernel connection or plotly
    extension needed to see it), and the page's scripts are cached by the browser."""
    srv, _ = server
    status, headers, body = get(srv, "/voila/render/territoire.ipynb")
    page = body.decode()
    assert (
        status == 200
        and "Le territoire en chiffres" in page
        and "Tableau de bord — Métropole de Valcourt" in page
    )
    assert page.count('class="tr-plot"') >= 5 and "window.transfo.boot(" in page
    assert (
        "cdn.jsdelivr" not in page
        and "from transfo_analysis" not in page
        and "territory_dashboard()" not in page
    )
    plotly_url = re.search(r'data-plotly="([^"]+)"', page).group(1)
    status, headers, body = get(srv, plotly_url)
    assert status == 200 and body.startswith(b"/**") and b"plotly.js v" in body[:200]
    assert (
        headers["Cache-Control"] == "public, max-age=31536000, immutable"
        and headers["X-Content-Type-Options"] == "nosniff"
    )
    config = json.loads(
        re.search(
            r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S
        ).group(1)
    )
    widgets = next(
        e
        for e in config["federated_extensions"]
        if e["name"] == "@jupyter-widgets/jupyterlab-manager"
    )
    assert not [e for e in config["federated_extensions"] if e["name"] == "jupyterlab-plotly"]
    status, headers, _ = get(srv, f"/voila/labextensions/{widgets['name']}/{widgets['load']}")
    assert status == 200 and "immutable" in headers["Cache-Control"]


@pytest.mark.browser
def test_first_view_needs_no_widget(server, browser):
    """Without Voilà's front end at all (its script blocked), the first view is complete: title,
    key figures, quotes and charts."""
    srv, _ = server
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.route("**/voila/static/voila.js", lambda route: route.abort())
    page.goto(f"{srv.url}voila/render/territoire.ipynb")
    page.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 5", timeout=60_000
    )
    text = page.inner_text("body")
    assert (
        "Tableau de bord — Métropole de Valcourt" in text
        and "Documents analysés" in text
        and "Citation masquée" in text
    )
    assert (
        page.locator(".jupyter-widgets").count() == 0 and "Tous les profils" in text
    )  # the selectors' placeholder
    page.close()


def _message(msg_type: str, content: dict) -> str:
    header = {
        "msg_id": uuid.uuid4().hex,
        "msg_type": msg_type,
        "username": "x",
        "session": uuid.uuid4().hex,
        "date": "",
        "version": "5.3",
    }
    return json.dumps(
        {
            "header": header,
            "parent_header": {},
            "metadata": {},
            "channel": "shell",
            "content": content,
        }
    )


def test_kernels_refuse_code(server, tmp_path):
    """Code sent over a dashboard kernel's websocket is never run (Voilà accepts widget messages
    only)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from tornado.websocket import websocket_connect

    srv, _ = server
    status, _, body = get(srv, "/voila/render/territoire.ipynb")
    assert status == 200
    kernel_id = re.search(r'kernelId"?\s*:\s*"([0-9a-f-]{36})"', body.decode()).group(1)
    marker = tmp_path / "code-ran"
    code = f"open({str(marker)!r}, 'w').write('x')"

    async def attempt() -> list[str]:
        ws = await websocket_connect(f"ws://127.0.0.1:{srv.port}/api/kernels/{kernel_id}/channels")
        ws.write_message(_message("kernel_info_request", {}))  # allowed: proves the channel works
        ws.write_message(
            _message(
                "execute_request",
                {
                    "code": code,
                    "silent": False,
                    "store_history": False,
                    "user_expressions": {},
                    "allow_stdin": False,
                },
            )
        )
        seen = []
        try:
            while (reply := await asyncio.wait_for(ws.read_message(), 5)) is not None:
                if isinstance(reply, str):
                    seen.append(json.loads(reply)["header"]["msg_type"])
        except TimeoutError:
            pass
        ws.close()
        return seen

    with ThreadPoolExecutor(1) as pool:
        seen = pool.submit(asyncio.run, attempt()).result()
    assert "kernel_info_reply" in seen
    assert "execute_reply" not in seen and "execute_input" not in seen
    assert not marker.exists()


def demo_published() -> bool:
    """Whether the demo's reports are published (``transfo run --project data``)."""
    from transfo_analysis.config import open_project

    try:
        index = json.loads(
            (open_project(DEMO).reports_dir / "index.json").read_text(encoding="utf-8")
        )
    except (OSError, ValueError):
        return False
    return bool(index.get("territories"))


@pytest.mark.browser
@pytest.mark.skipif(
    not demo_published(), reason="the demo's reports are not published (transfo run --project data)"
)
def test_demo_dashboards_show_no_original_identifier(browser, artifacts_dir, tmp_path):
    """Against the demo's real published reports: every original identifier of the demo's key
    (read through the anonymise module) is absent from what the dashboards show."""
    from transfo_analysis.anonymise import check_leaks, read_key
    from transfo_analysis.config import open_project

    project = open_project(DEMO)
    assert read_key(project).originals(), "the demo's pseudonymisation key is empty"
    srv = Server(DEMO)
    try:
        srv.wait_ready()
        shown = []
        for name in ("territoire.ipynb", "synthese.ipynb"):
            page, errors = open_dashboard(browser, srv, name)
            shown.append(page.inner_text("body"))
            shown.append(
                page.evaluate(
                    "() => Array.from(document.querySelectorAll('.js-plotly-plot text')).map(t => "
                    "t.textContent).join('\\n')"
                )
            )
            if name == "territoire.ipynb":
                full_screenshot(page, artifacts_dir / "dashboard-demo-territoire.png")
                page.set_viewport_size({"width": 1280, "height": 1000})
                select = page.locator(".widget-dropdown", has_text="Territoire").locator("select")
                select.wait_for(timeout=60_000)  # the selectors come with Voilà's front end
                labels = select.locator("option").all_inner_texts()[1:]
                assert len(labels) >= 2, labels
                for label in labels:  # ipywidgets writes no-break spaces
                    select.select_option(label=label)
                    heading = "Tableau de bord — " + label.replace("\xa0", " ")
                    page.wait_for_function(
                        f"() => document.body.innerText.includes({json.dumps(heading)})",
                        timeout=30_000,
                    )
                    page.wait_for_timeout(500)
                    shown.append(page.inner_text("body"))
            assert not errors, errors
            page.close()
        # the project's name is configuration, not data; the demo's key happens to hold « Transfo »
        # as a person (a false detection in « transfo-analysis »), so the name is left out
        text = "\n".join(shown).replace(project.settings.name, "")
        (tmp_path / "page.txt").write_text(text, encoding="utf-8")
        report = check_leaks([tmp_path / "page.txt"], project=project)
        assert report.ok, report.findings
    finally:
        assert srv.stop() == 0, srv.output


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_stopping_while_the_kernels_are_busy(published_project, sig):
    """Ctrl-C or SIGTERM while the preheated kernels run the dashboards (the server's busiest
    moment): the server stops, says so, prints no traceback and leaves no kernel behind."""
    srv = Server(published_project)
    srv.wait_listening()
    for _ in range(100):  # the pools are starting kernels, then running the dashboards in them
        if kernels := psutil.Process(srv.proc.pid).children(recursive=True):
            break
        time.sleep(0.1)
    assert kernels, "no kernel was starting"
    time.sleep(1.0)
    t0 = time.perf_counter()
    srv.proc.send_signal(sig)
    assert srv.proc.wait(60) == 0, srv.output
    # the server waits for the notebooks to finish, and they do finish: it does not sit out its
    # 30 s limit (it did when it waited on a loop that was not running them)
    assert time.perf_counter() - t0 < 25, srv.output
    time.sleep(0.2)
    assert "Tableaux de bord arrêtés." in srv.output, srv.output
    assert "Traceback" not in srv.output, srv.output
    gone, alive = psutil.wait_procs([k for k in kernels if k.is_running()], timeout=10)
    assert not alive, f"kernels left running: {alive}"
