"""Dashboards: time to first view, cold and warm, against a project's published reports.

    .venv/bin/python benchmarks/dashboards_benchmark.py [--project data | --fixture] [--runs 5] [--json FILE]

Drives Debian's chromium (Playwright) against ``transfo serve`` as a user would:

- **server**: from launching ``transfo serve`` to its URL (listening) and to « prêts » (the
  preheated kernels have run the dashboards);
- **cold**: a freshly started server (once ready) and a browser without cache: from navigation to
  the first plotly chart drawn, and to every chart drawn; one server per run;
- **warm**: the same server and browser (cached scripts), one view every ``--gap`` seconds so the
  kernel pool refills between views, as between two visitors;
- **no preheat**: warm views with ``--pool-size 0`` (a kernel started per view), for comparison;
- **role filter**: from a click on a role to every section redrawn for it.

Medians of ``--runs``. The reports must be published (``transfo run --project DIR``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "dashboards"))
from dash_server import BROWSER_ARGS, Server  # noqa: E402


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) // 1024**2 for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), None)
    try:
        chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except OSError:
        chromium = None
    import plotly
    import voila

    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": mem, "python": platform.python_version(), "voila": voila.__version__,
            "plotly": plotly.__version__, "chromium": chromium, "load_average": os.getloadavg()}


def view(context, url: str, *, n_charts: int) -> dict:
    """One page view: seconds to the first chart, to every chart."""
    page = context.new_page()
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(".widget-html", timeout=120_000)
    content = time.perf_counter() - t0
    page.wait_for_selector(".js-plotly-plot", timeout=120_000)
    first = time.perf_counter() - t0
    page.wait_for_function(f"() => document.querySelectorAll('.js-plotly-plot').length >= {n_charts}", timeout=120_000)
    every = time.perf_counter() - t0
    page.goto("about:blank")  # leaving: Voilà shuts the page's kernel down
    page.close()
    return {"content": content, "first_chart": first, "all_charts": every}


def filter_changes(context, url: str, *, runs: int) -> list[dict]:
    """Seconds from a click on « Agents » (then « Tous les profils ») to every section redrawn
    (the barometer, drawn last, then says whether agents were surveyed)."""
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot", timeout=120_000)
    rows = []
    # the role's own cards (first section) and the barometer's note (last section, the demo asked no agent)
    signal = "!!document.querySelector('.tr-dash h3') && document.body.innerText.includes('pas interrogé ce profil')"
    for _ in range(runs):
        t0 = time.perf_counter()
        page.locator(".widget-toggle-buttons button", has_text="Agents").click()
        page.wait_for_function(f"() => {signal}", timeout=60_000)
        to_role = time.perf_counter() - t0
        t0 = time.perf_counter()
        page.locator(".widget-toggle-buttons button", has_text="Tous les profils").click()
        page.wait_for_function("() => !document.querySelector('.tr-dash h3') && !document.body.innerText.includes('pas interrogé ce profil')", timeout=60_000)
        rows.append({"to_role": to_role, "back": time.perf_counter() - t0})
    page.goto("about:blank")
    page.close()
    return rows


def median(rows: list[dict], key: str) -> float:
    return round(statistics.median(r[key] for r in rows), 2)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--project", default=str(REPO / "data"))
    p.add_argument("--fixture", action="store_true",
                   help="instead of --project, the tests' small project with every artifact of the contract (all sections drawn)")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--gap", type=float, default=12.0, help="seconds between warm views (the pool refills after 8 s)")
    p.add_argument("--json", dest="json_file", default=str(REPO / "benchmarks" / "results" / "dashboards.json"))
    args = p.parse_args(argv)
    from playwright.sync_api import sync_playwright

    if args.fixture:
        import tempfile

        from dash_published import write_project

        args.project = str(write_project(Path(tempfile.mkdtemp(prefix="transfo-bench-")) / "projet"))
    url = "voila/render/territoire.ipynb"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=BROWSER_ARGS)
        probe = Server(Path(args.project))
        probe.wait_ready()
        ctx = browser.new_context()
        page = ctx.new_page()
        page.goto(probe.url + url)
        page.wait_for_selector(".js-plotly-plot", timeout=120_000)
        page.wait_for_timeout(1000)
        n_charts = page.locator(".js-plotly-plot").count()
        ctx.close()
        probe.stop()

        servers, cold = [], []
        for i in range(args.runs):
            srv = Server(Path(args.project))
            srv.wait_ready()
            servers.append({"listening": srv.listening_after, "ready": srv.ready_after})
            ctx = browser.new_context()  # no cache
            cold.append(view(ctx, srv.url + url, n_charts=n_charts))
            ctx.close()
            srv.stop()
            print(f"cold {i + 1}: {cold[-1]}", flush=True)

        results = {}
        for label, extra in (("warm", []), ("warm, no preheat", ["--pool-size", "0"])):
            srv = Server(Path(args.project), extra=extra)
            srv.wait_ready()
            ctx = browser.new_context()
            view(ctx, srv.url + url, n_charts=n_charts)  # fills the browser cache
            rows = []
            for i in range(args.runs):
                time.sleep(args.gap)
                rows.append(view(ctx, srv.url + url, n_charts=n_charts))
                print(f"{label} {i + 1}: {rows[-1]}", flush=True)
            if label == "warm":
                time.sleep(args.gap)
                results["synthesis warm"] = [view(ctx, srv.url + "voila/render/synthese.ipynb", n_charts=1)]
                time.sleep(args.gap)
                changes = filter_changes(ctx, srv.url + url, runs=args.runs)
                print(f"role filter: {changes}", flush=True)
            ctx.close()
            srv.stop()
            results[label] = rows
        browser.close()

    summary = {
        "machine": machine(),
        "project": args.project,
        "charts on the territory dashboard": n_charts,
        "server listening (s)": round(statistics.median(s["listening"] for s in servers), 2),
        "server ready, kernels preheated (s)": round(statistics.median(s["ready"] for s in servers), 2),
        "cold": {k: median(cold, k) for k in ("content", "first_chart", "all_charts")},
        **{label: {k: median(rows, k) for k in ("content", "first_chart", "all_charts")} for label, rows in results.items()},
        "role filter change (s)": {k: median(changes, k) for k in ("to_role", "back")},
        "runs": args.runs,
        "raw": {"servers": servers, "cold": cold, **results, "role filter": changes},
    }
    print(json.dumps({k: v for k, v in summary.items() if k != "raw"}, indent=2, ensure_ascii=False))
    Path(args.json_file).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json_file).write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
