"""Dashboards: time to first view, cold and warm, against a project's published reports.

    .venv/bin/python benchmarks/dashboards_benchmark.py [--project data | --fixture]
        [--runs 5] [--json FILE]

Drives Debian's chromium (Playwright) against ``transfo serve`` as a user would:

- **server**: from launching ``transfo serve`` to its URL (listening) and to « prêts » (the
  preheated kernels have run the dashboards);
- **cold**: a freshly started server (once ready) and a browser without cache; one server per run;
- **warm**: the same server and browser context (scripts in its memory cache), one view every
  ``--gap`` seconds so the kernel pool refills between views, as between two visitors;
- **warm, returning browser**: the same, with a browser profile on disk, as a visitor's browser
  is: Chromium then also keeps the scripts' compiled code (V8's code cache), which an in-memory
  context never does (plotly.js alone takes 0.5–1 s to compile and run without it);
- **no preheat**: warm views with ``--pool-size 0`` (a kernel started per view), for comparison;
- **role filter**: from a click on a role to every section redrawn for it.

Each view is timed in the page, from navigation start (``performance.now()``): **content** (the
first dashboard HTML on the page), **first screen** (every chart of the first 1000 pixels drawn),
**all charts** (every chart of the page drawn), **selectors** (the widgets drawn: the page reacts
to a choice); and from the test's side, **all charts, seen by the test** (when the page's main
thread was free again to answer). Medians of ``--runs``. The reports must be published
(``transfo run --project DIR``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "dashboards"))
from dash_server import BROWSER_ARGS, Server  # noqa: E402

KEYS = ("content", "first_screen", "all_charts", "selectors", "all_charts_seen")
VIEWPORT = {"width": 1280, "height": 1000}
#: marks taken in the page (navigation start = 0): charts drawn, content shown, widgets drawn
MARKS = """
(() => {
  const marks = window.__marks = {};
  const mark = (k) => { if (!(k in marks)) marks[k] = performance.now(); };
  const check = () => {
    if (document.querySelector('.tr-dash')) mark('content');
    const plots = Array.from(document.querySelectorAll('.js-plotly-plot'));
    const drawn = plots.filter(p => p.querySelector('.main-svg'));
    const top = plots.filter(p => p.getBoundingClientRect().top < VIEWPORT_HEIGHT);
    if (window.__n && drawn.length >= window.__n) mark('all_charts');
    if (window.__n && top.length && top.every(p => p.querySelector('.main-svg')) \
&& 'content' in marks) mark('first_screen');
    if (window.__n === 0 && 'content' in marks) { mark('all_charts'); mark('first_screen'); }
    if (document.querySelector('.widget-toggle-buttons')) mark('selectors');
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true});
})();
""".replace("VIEWPORT_HEIGHT", str(VIEWPORT["height"]))


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        (
            int(line.split()[1]) // 1024**2
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        None,
    )
    try:
        chromium = subprocess.run(
            ["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except OSError:
        chromium = None
    import plotly
    import voila

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": mem,
        "python": platform.python_version(),
        "voila": voila.__version__,
        "plotly": plotly.__version__,
        "chromium": chromium,
        "load_average": os.getloadavg(),
    }


def view(context, url: str, *, n_charts: int) -> dict:
    """One page view: seconds from navigation start
    to content, first screen, all charts, selectors.
    """
    page = context.new_page()
    page.set_viewport_size(VIEWPORT)
    page.add_init_script(f"window.__n = {n_charts};" + MARKS)
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_function(
        "() => window.__marks && 'all_charts' in window.__marks", timeout=120_000, polling=50
    )
    seen = time.perf_counter() - t0
    page.wait_for_function("() => 'selectors' in window.__marks", timeout=120_000, polling=50)
    marks = page.evaluate("() => window.__marks")
    page.goto("about:blank")  # leaving: Voilà shuts the page's kernel down
    page.close()
    return {
        **{k: round(marks[k] / 1000, 3) for k in KEYS if k in marks},
        "all_charts_seen": round(seen, 3),
        "load": round(os.getloadavg()[0], 2),
    }


def filter_changes(context, url: str, *, runs: int) -> list[dict]:
    """Seconds from a click on « Agents » (then « Tous les profils ») to every section redrawn
    (the barometer, drawn last, then says whether agents were surveyed)."""
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(".widget-toggle-buttons", timeout=120_000)
    page.wait_for_timeout(1000)
    rows = []
    # the role's own cards (first section) and the barometer's
    # note (last section, the demo asked no agent)
    signal = (
        "!!document.querySelector('.tr-dash h3') && "
        "document.body.innerText.includes('pas interrogé ce profil')"
    )
    for _ in range(runs):
        t0 = time.perf_counter()
        page.locator(".widget-toggle-buttons button", has_text="Agents").click()
        page.wait_for_function(f"() => {signal}", timeout=60_000)
        to_role = time.perf_counter() - t0
        t0 = time.perf_counter()
        page.locator(".widget-toggle-buttons button", has_text="Tous les profils").click()
        page.wait_for_function(
            "() => !document.querySelector('.tr-dash h3') && "
            "!document.body.innerText.includes('pas interrogé ce profil')",
            timeout=60_000,
        )
        rows.append({"to_role": to_role, "back": time.perf_counter() - t0})
    page.goto("about:blank")
    page.close()
    return rows


def median(rows: list[dict], key: str) -> float | None:
    values = [r[key] for r in rows if key in r]
    return round(statistics.median(values), 2) if values else None


def summary_of(rows: list[dict]) -> dict:
    return {k: median(rows, k) for k in (*KEYS, "load")}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--project", default=str(REPO / "data"))
    p.add_argument(
        "--fixture",
        action="store_true",
        help="instead of --project, the tests' small project with every artifact of the contract "
        "(all sections drawn)",
    )
    p.add_argument("--runs", type=int, default=5)
    p.add_argument(
        "--gap",
        type=float,
        default=12.0,
        help="seconds between warm views (the pool refills after 8 s)",
    )
    p.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=["cold", "warm", "returning", "no-preheat", "synthesis", "filter"],
        help="measures to leave out",
    )
    p.add_argument(
        "--json", dest="json_file", default=str(REPO / "benchmarks" / "results" / "dashboards.json")
    )
    args = p.parse_args(argv)
    from playwright.sync_api import sync_playwright

    if args.fixture:
        from dash_published import write_project

        args.project = str(
            write_project(Path(tempfile.mkdtemp(prefix="transfo-bench-")) / "projet")
        )
    url = "voila/render/territoire.ipynb"
    results: dict[str, list[dict]] = {}
    servers: list[dict] = []
    changes: list[dict] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=BROWSER_ARGS)
        probe = Server(Path(args.project))
        probe.wait_ready()
        ctx = browser.new_context(viewport=VIEWPORT)
        page = ctx.new_page()
        page.goto(probe.url + url)
        page.wait_for_selector(".widget-toggle-buttons", timeout=120_000)
        page.wait_for_timeout(3000)
        n_charts = page.locator(".js-plotly-plot").count()
        page.goto(probe.url + "voila/render/synthese.ipynb")
        page.wait_for_selector(".widget-toggle-buttons", timeout=120_000)
        page.wait_for_timeout(3000)
        n_synthesis = page.locator(".js-plotly-plot").count()
        ctx.close()
        probe.stop()
        print(f"charts: territory {n_charts}, synthesis {n_synthesis}", flush=True)

        if "cold" not in args.skip:
            rows = results["cold"] = []
            for i in range(args.runs):
                srv = Server(Path(args.project))
                srv.wait_ready()
                servers.append({"listening": srv.listening_after, "ready": srv.ready_after})
                ctx = browser.new_context()  # no cache
                rows.append(view(ctx, srv.url + url, n_charts=n_charts))
                ctx.close()
                srv.stop()
                print(f"cold {i + 1}: {rows[-1]}", flush=True)

        for label, extra, persistent in (
            ("warm", [], False),
            ("warm, returning browser", [], True),
            ("warm, no preheat", ["--pool-size", "0"], False),
        ):
            if {
                "warm": "warm",
                "warm, returning browser": "returning",
                "warm, no preheat": "no-preheat",
            }[label] in args.skip:
                continue
            srv = Server(Path(args.project), extra=extra)
            srv.wait_ready()
            profile = None
            if persistent:
                profile = tempfile.mkdtemp(prefix="transfo-bench-profile-")
                ctx = pw.chromium.launch_persistent_context(
                    profile, executable_path="/usr/bin/chromium", args=BROWSER_ARGS
                )
            else:
                ctx = browser.new_context()
            for _ in range(
                3 if persistent else 1
            ):  # fills the cache (Chromium keeps compiled code from the 2nd load on)
                view(ctx, srv.url + url, n_charts=n_charts)
                time.sleep(args.gap)
            rows = results[label] = []
            for i in range(args.runs):
                rows.append(view(ctx, srv.url + url, n_charts=n_charts))
                print(f"{label} {i + 1}: {rows[-1]}", flush=True)
                time.sleep(args.gap)
            if label == "warm":
                if "synthesis" not in args.skip:
                    results["synthesis warm"] = [
                        view(ctx, srv.url + "voila/render/synthese.ipynb", n_charts=n_synthesis)
                    ]
                    print(f"synthesis warm: {results['synthesis warm'][-1]}", flush=True)
                    time.sleep(args.gap)
                if "filter" not in args.skip:
                    changes = filter_changes(ctx, srv.url + url, runs=args.runs)
                    print(f"role filter: {changes}", flush=True)
            ctx.close()
            if profile:
                shutil.rmtree(profile, ignore_errors=True)
            srv.stop()
        browser.close()

    summary = {
        "machine": machine(),
        "project": args.project,
        "charts on the territory dashboard": n_charts,
        "server listening (s)": median(servers, "listening"),
        "server ready, kernels preheated (s)": median(servers, "ready"),
        **{label: summary_of(rows) for label, rows in results.items()},
        "role filter change (s)": {k: median(changes, k) for k in ("to_role", "back")},
        "runs": args.runs,
        "raw": {"servers": servers, **results, "role filter": changes},
    }
    print(
        json.dumps({k: v for k, v in summary.items() if k != "raw"}, indent=2, ensure_ascii=False)
    )
    Path(args.json_file).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json_file).write_text(
        json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
