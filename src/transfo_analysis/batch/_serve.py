"""``transfo serve``: the read-only dashboards, served by Voilà with its safe defaults tightened.

What a visitor can reach, and nothing else:

- ``/``: a French landing page linking the two dashboards (it replaces Voilà's file tree);
- ``/voila/render/territoire.ipynb`` and ``/voila/render/synthese.ipynb``: the dashboards, sources
  stripped, tracebacks hidden; their kernels accept widget messages only (Voilà refuses code);
- Voilà's and the extensions' static files, and ``/voila/files/…`` limited to images of the
  served folder, which holds nothing but copies of the two dashboard notebooks.

The tree (``/voila/tree``) and Voilà's contents API (``/voila/api/contents``) are removed;
JupyterLab, ``/api/contents`` and ``/tree`` never exist in a Voilà server. The kernels learn where
the published reports are from ``TRANSFO_REPORTS_DIR`` and start in the served folder, not in the
project; the passphrase of the pseudonymisation key is removed from their environment.
"""

from __future__ import annotations

import asyncio
import errno
import inspect
import logging
import os
import re
import shutil
import signal
import socket
import sys
import tempfile
import time
from html import escape
from pathlib import Path
from typing import Any

from transfo_analysis.config import Project
from transfo_analysis.dashboards import ENV_VAR as REPORTS_ENV
from transfo_analysis.dashboards import TEMPLATE_ENV
from transfo_analysis.errors import TransfoError
from transfo_analysis.i18n import N_, _, current_language

DASHBOARDS = {
    "territoire.ipynb": N_("A territory's dashboard"),
    "synthese.ipynb": N_("Cross-territory synthesis"),
}
DESCRIPTIONS = {
    "territoire.ipynb": N_(
        "Key figures, who was heard, topics and words by profile, codes, quotes, satisfaction "
        "barometer."
    ),
    "synthese.ipynb": N_("The comparable indicators of each territory, side by side."),
}
#: kept from the browser: no framing by other sites, no requests to other hosts (Voilà's page
#: asks a CDN for icons: blocked, nothing leaves the machine), no referrer
HEADERS = {
    "Content-Security-Policy": "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "frame-ancestors 'self'",
            "base-uri 'self'",
            "form-action 'self'",
            "object-src 'none'",
        ]
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
}
_REMOVED = ("/voila/tree", "/voila/api/contents")
#: where the page loads plotly.js from (the copy in plotly's package: no CDN, one file, cached)
PLOTLY_ROUTE = "transfo/static/plotly.min.js"


def template_dir() -> Path:
    """Transfo serve's page template (``index.html.j2``, extending Voilà's "lab" template)."""
    return Path(__file__).resolve().parents[1] / "dashboards" / "template"


def plotly_js() -> tuple[Path, str]:
    """plotly.js as shipped in plotly's package, and a version tag for its URL."""
    import plotly

    return Path(
        plotly.__file__
    ).resolve().parent / "package_data" / "plotly.min.js", plotly.__version__


def dashboards_dir() -> Path:
    """The dashboard notebooks shipped with the suite (the repository's ``dashboards/``)."""
    here = Path(__file__).resolve()
    for candidate in (
        here.parents[1] / "_resources" / "dashboards",
        here.parents[3] / "dashboards",
    ):
        if all((candidate / name).is_file() for name in DASHBOARDS):
            return candidate
    raise TransfoError(
        _("the dashboard notebooks (dashboards/*.ipynb) were not found next to the package"),
        hint=_("reinstall transfo-analysis"),
    )


def published_reports(project: Project) -> Path:
    """The project's published reports folder, checked to hold at least one territory.

    Raises
    ------
    TransfoError
        When nothing is published yet (saying which command publishes).
    """
    import json

    reports = project.reports_dir
    hint = _(
        "run `transfo run --project {project}` first; it publishes the reports the dashboards show"
    ).format(project=project.root)
    if not project.processed_dir.is_dir() and not (reports / "index.json").exists():
        raise TransfoError(
            _("{project} has no processed data and no published reports").format(
                project=project.root
            ),
            hint=hint,
        )
    try:
        index = json.loads((reports / "index.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TransfoError(
            _("no published reports in {folder} (reports/index.json is missing)").format(
                folder=reports
            ),
            hint=hint,
        ) from None
    except ValueError as exc:
        raise TransfoError(
            _("{path} is not valid JSON ({error})").format(path=reports / "index.json", error=exc),
            hint=hint,
        ) from None
    if not index.get("territories"):
        raise TransfoError(
            _("{path} lists no published territory").format(path=reports / "index.json"),
            hint=hint,
        )
    return reports


def check_port(host: str, port: int) -> None:
    """Fail early, and clearly, when the port is taken (Voilà would silently try others)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as tornado binds
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise TransfoError(
                    _(
                        "port {port} on {host} is already in use (another `transfo serve` or "
                        "program?)"
                    ).format(port=port, host=host),
                    hint=_("choose another one, e.g. `--port {port}`").format(port=port + 1),
                ) from None
            if exc.errno == errno.EACCES:
                raise TransfoError(
                    _("not allowed to listen on port {port}").format(port=port),
                    hint=_("use a port above 1024, e.g. `--port 8866`"),
                ) from None
            raise TransfoError(
                _("cannot listen on {host}:{port}: {error}").format(
                    host=host, port=port, error=exc.strerror
                ),
                hint=_("check --host"),
            ) from None


def stage_dashboards(folder: Path) -> Path:
    """Copy the dashboard notebooks, and nothing else, into ``folder`` (the served root)."""
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    source = dashboards_dir()
    for name in DASHBOARDS:
        shutil.copyfile(source / name, folder / name)
    return folder


def voila_argv(
    root: Path, *, host: str, port: int, pool_size: int, idle_timeout: int, base_url: str = "/"
) -> list[str]:
    """Voilà's options (given as command-line options, which no configuration file can override)."""
    argv = [
        str(root),
        "--no-browser",
        f"--Voila.ip={host}",
        f"--port={port}",
        "--Voila.port_retries=0",
        f"--Voila.base_url={base_url}",
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--VoilaConfiguration.file_allowlist=.*\\.(png|jpg|gif|svg)$",
        "--VoilaConfiguration.file_denylist=.*\\.(ipynb|py|csv|parquet|json|yaml|yml|txt|sqlite|enc|html)$",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        "--theme=light",
        "--Voila.log_level=ERROR",
        # only what the dashboards draw with: fewer scripts to load, less to trust (charts are drawn
        # by the page's plotly.js, so not jupyterlab-plotly,
        # whose renderer draws each chart four times)
        "--VoilaConfiguration.extension_allowlist=@jupyter-widgets/jupyterlab-manager",
        "--VoilaConfiguration.extension_allowlist=@voila-dashboards/widgets-manager8",
        f"--VoilaConfiguration.resources=transfo_plotly_url={base_url}{PLOTLY_ROUTE}?v={plotly_js()[1]}",
        f"--MappingKernelManager.cull_idle_timeout={idle_timeout}",
        "--MappingKernelManager.cull_interval=60",
    ]
    try:  # kernel sockets encrypted (CurveZMQ) when pyzmq and jupyter_client support it
        import zmq
        from jupyter_client.manager import KernelManager

        if (
            zmq.has("curve")
            and KernelManager.class_traits().get("transport_encryption") is not None
        ):
            argv.append("--KernelManager.transport_encryption=auto")
    except ImportError:
        pass
    if pool_size > 0:
        # refill the pool only once the page that took a kernel has loaded (both need the CPU)
        argv += [
            "--preheat_kernel=True",
            f"--pool_size={pool_size}",
            "--VoilaKernelManager.fill_delay=8",
        ]
    return argv


def _landing(project_name: str, base_url: str, names: list[str]) -> str:
    cards = "".join(
        f'<a class="card" href="{escape(base_url)}voila/render/{n}"><h2>{escape(_(DASHBOARDS[n]))}'
        f"</h2><p>{escape(_(DESCRIPTIONS[n]))}</p></a>"
        for n in names
    )
    title = escape(_("Dashboards"))
    note = escape(
        _("Read only. All data are pseudonymised; no result rests on too small a number of people.")
    )
    lang = escape(current_language())
    return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title} — \
{escape(project_name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>
body{{font-family:"Source Sans Pro","Segoe UI",Helvetica,Arial,sans-serif;background:#f4f8fb;\
color:#1f2933;margin:0}}
main{{max-width:900px;margin:48px auto;padding:0 20px}} h1{{color:#0b3d66;margin-bottom:.2em}} \
.sub{{color:#52606d;margin-top:0}}
.card{{display:block;background:white;border:1px solid #d9e6f2;border-left:6px solid #0072B2;\
border-radius:10px;padding:18px 22px;margin:16px 0;
text-decoration:none;color:inherit}} .card:hover{{box-shadow:0 2px 10px rgba(0,0,0,.08)}} \
.card h2{{margin:0 0 .3em;color:#0b3d66;font-size:1.3rem}}
.card p{{margin:0;color:#3e4c59}} .note{{color:#7b8794;font-size:.9rem;margin-top:28px}}\
</style></head>
<body><main><h1>{title}</h1><p class="sub">{escape(project_name)}</p>{cards}
<p class="note">{note}</p>
</main></body></html>"""


def make_app(*, project_name: str):
    """A Voilà application without its file tree and contents API, with a French landing page."""
    import tornado.web
    from jupyter_server.utils import url_path_join
    from voila.app import Voila

    class LandingHandler(tornado.web.RequestHandler):
        def initialize(self, html: str) -> None:
            self.html = html

        def set_default_headers(self) -> None:
            for name, value in HEADERS.items():
                self.set_header(name, value)

        def get(self) -> None:
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.finish(self.html)

    class NotFoundHandler(LandingHandler):
        def get(self, *args: Any) -> None:
            raise tornado.web.HTTPError(404)

    def with_xsrf_cookie(handler: type) -> type:
        """The page sends the ``_xsrf`` cookie back to shut its kernel down when it closes; Voilà's
        page never sets it (the shutdown then fails with 403 and kernels pile up until culled).
        """

        class Handler(handler):
            async def prepare(self, *args: Any, **kwargs: Any) -> None:
                result = super().prepare(*args, **kwargs)
                if inspect.isawaitable(result):
                    await result
                _ = self.xsrf_token  # sets the cookie

        return Handler

    class PlotlyHandler(tornado.web.StaticFileHandler):
        """plotly.min.js, and only it (the route names
        the file); cached for a year (versioned URL).
        """

        def set_default_headers(self) -> None:
            for name, value in HEADERS.items():
                self.set_header(name, value)

        def set_extra_headers(self, path: str) -> None:
            if self.get_argument("v", None):
                self.set_header("Cache-Control", "public, max-age=31536000, immutable")

    def cached_labextensions(handler: type) -> type:
        """Extensions' scripts have a content hash in their name or a ``?v=`` version: let the
        browser keep them instead of asking the server again (Voilà says ``no-cache``, so every
        view sent a dozen requests that answered 304).
        """

        class Handler(handler):
            def set_headers(self) -> None:
                super().set_headers()
                if self.get_argument("v", None) or re.search(
                    r"\.[0-9a-f]{16,}\.js$", self.request.path
                ):
                    self.set_header("Cache-Control", "public, max-age=31536000, immutable")

        return Handler

    class DashboardVoila(Voila):
        _stopping = False  # set by stop(): « prêts » is no longer announced

        def setup_template_dirs(self) -> None:
            super().setup_template_dirs()
            # transfo serve's page first: it extends Voilà's "lab" template (see template_dir())
            self.template_paths: list[str] = [str(template_dir()), *self.template_paths]

        def init_handlers(self) -> list:
            names = sorted(n for n in DASHBOARDS if (Path(self.root_dir) / n).is_file())
            only = "(" + "|".join(re.escape(n) for n in names) + ")"
            handlers = []
            for pattern, handler, *rest in super().init_handlers():
                if any(r in pattern for r in _REMOVED) or pattern == self.server_url:
                    continue
                if pattern.endswith("/voila/render/(.*)"):  # the dashboards, nothing else
                    pattern, handler = (
                        pattern.replace("/voila/render/(.*)", f"/voila/render/{only}"),
                        with_xsrf_cookie(handler),
                    )
                if pattern.endswith("/voila/labextensions/(.*)"):
                    handler = cached_labextensions(handler)
                handlers.append((pattern, handler, *rest))
            plotly_file, _version = plotly_js()
            handlers[:0] = [
                (
                    r"(?i).*(\.|%2e)(\.|%2e).*",
                    NotFoundHandler,
                    {"html": ""},
                ),  # no path climbs out of its folder
                (
                    url_path_join(self.server_url, r"/?"),
                    LandingHandler,
                    {"html": _landing(project_name, self.base_url, names)},
                ),
                (
                    url_path_join(self.server_url, r"/transfo/static/(plotly\.min\.js)"),
                    PlotlyHandler,
                    {"path": str(plotly_file.parent)},
                ),
            ]
            if any(
                "tree" in h[0] or "contents" in h[0] for h in handlers
            ):  # fail closed if Voilà changes
                raise TransfoError(
                    _("this Voilà version exposes a file tree that transfo serve cannot remove"),
                    hint=_("pin voila 0.5"),
                )
            return handlers

        def start(self) -> None:
            from tornado.ioloop import IOLoop

            IOLoop.current().add_callback(self._announce)
            super().start()

        def stop(self) -> None:
            """Let the kernels still preheating finish their notebook, then shut every kernel down.

            A kernel told to shut down while it runs the dashboard (when the server starts, and
            after each view as the pool refills) dies mid-reply and prints a traceback on the
            operator's console. Both steps run on the server's own loop, now stopped: the pools'
            tasks belong to it (Voilà's ``stop`` runs the shutdown on whichever loop
            ``jupyter_core`` keeps for the thread, where those tasks never progress).
            """
            from jupyter_core.utils import ensure_async

            loop = self.ioloop.asyncio_loop
            self._stopping = True
            if self._preheating():
                print(
                    _("Stopping: finishing the kernels being prepared (30 s at most)…"), flush=True
                )
                loop.run_until_complete(self._until_prepared(timeout=30))
            shutil.rmtree(self.connection_dir, ignore_errors=True)
            loop.run_until_complete(ensure_async(self.kernel_manager.shutdown_all()))

        def _preheating(self) -> list[asyncio.Future]:
            """The pools' kernels still starting, and the dashboards they are still running."""
            busy = []
            for pool in getattr(self.kernel_manager, "_pools", {}).values():
                for task in pool:
                    if not task.done():
                        busy.append(task)
                    elif not task.cancelled() and task.exception() is None:
                        render = (task.result() or {}).get("task")
                        if isinstance(render, asyncio.Future) and not render.done():
                            busy.append(render)
            return busy

        async def _until_prepared(self, *, timeout: float) -> None:
            """Until the pools' kernels have started and run their dashboard, or ``timeout`` s."""
            deadline = time.monotonic() + timeout
            while (busy := self._preheating()) and (left := deadline - time.monotonic()) > 0:
                await asyncio.wait(busy, timeout=left)

        async def _announce(self) -> None:
            t0 = time.perf_counter()
            url = (
                f"http://{self.ip if ':' not in self.ip else f'[{self.ip}]'}:"
                f"{self.port}{self.base_url}"
            )
            print(
                _("Dashboards: {url}\n  preparing…  (Ctrl-C to stop)").format(url=url), flush=True
            )
            await self._until_prepared(timeout=240)
            if not self._stopping:
                print(
                    _("  ready ({seconds} s): {url}  (territory: {territory})").format(
                        seconds=f"{time.perf_counter() - t0:.1f}",
                        url=url,
                        territory=f"{url}voila/render/territoire.ipynb",
                    ),
                    flush=True,
                )

    return DashboardVoila


def _quiet_departed_visitors() -> None:
    """Keep a visitor's departure off the operator's console; report every other loop error.

    Jupyter Server sends a kernel's messages to the browser without waiting for the write
    (voila-dashboards/voila#237). A visitor who closes the tab while their kernel still talks
    makes those writes fail, and asyncio prints « Task exception was never retrieved » with two
    tracebacks for each: noise that hides real errors from the person running the server. Those
    errors (``WebSocketClosedError``, ``StreamClosedError``) go to the debug log instead.
    """
    _asyncio_loop().set_exception_handler(_loop_exception_handler)


def _asyncio_loop() -> asyncio.AbstractEventLoop:
    """The asyncio loop under tornado's current IOLoop (tornado 6 always runs on asyncio)."""
    from tornado.ioloop import IOLoop
    from tornado.platform.asyncio import BaseAsyncIOLoop

    current = IOLoop.current()
    if not isinstance(current, BaseAsyncIOLoop):
        raise RuntimeError(
            _(
                "Internal error: the dashboards server needs tornado's asyncio loop, found {kind}; "
                "please report it."
            ).format(kind=type(current).__name__)
        )
    return current.asyncio_loop


def _loop_exception_handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    from tornado.iostream import StreamClosedError
    from tornado.websocket import WebSocketClosedError

    if isinstance(context.get("exception"), (WebSocketClosedError, StreamClosedError)):
        logging.getLogger(__name__).debug(
            "a visitor left while their kernel was still sending: %s", context.get("message")
        )
        return
    loop.default_exception_handler(context)


def _stop_on_signals() -> None:
    """Ctrl-C and SIGTERM ask the server's loop to stop; a second Ctrl-C interrupts the shutdown.

    A ``KeyboardInterrupt`` raised wherever the loop happens to be (the default Ctrl-C) can land in
    library code that swallows it, a kernel's notebook run for instance: the server then kept
    running. Stopping the loop from a callback is always honoured. Set even when the process was
    started in the background, where the shell makes it ignore Ctrl-C.
    """
    loop = _asyncio_loop()
    asked = False

    def handler(signum: int, frame: Any) -> None:
        nonlocal asked
        if asked and signum == signal.SIGINT:
            raise KeyboardInterrupt  # a second Ctrl-C: do not wait for the kernels
        asked = True
        loop.call_soon_threadsafe(loop.stop)

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)


def serve(
    project: Project,
    *,
    host: str | None = None,
    port: int | None = None,
    pool_size: int | None = None,
    base_url: str = "/",
) -> int:
    """Serve the dashboards of a project until Ctrl-C; returns the exit status.

    Parameters
    ----------
    project
        The project (its reports must be published).
    host
        Address to listen on (default ``batch.serve_host``, 127.0.0.1).
    port
        Port (default ``batch.serve_port``, 8866).
    pool_size
        Preheated kernels per dashboard (default ``batch.serve_pool_size``; 0 starts on demand).
    base_url
        Path prefix, when a reverse proxy serves the dashboards under a sub-path.
    """
    cfg = project.settings.batch
    host, port = host or cfg.serve_host, port or cfg.serve_port
    pool_size = cfg.serve_pool_size if pool_size is None else pool_size
    base_url = "/" + base_url.strip("/") + "/" if base_url.strip("/") else "/"
    reports = published_reports(project)
    try:
        import voila  # noqa: F401
    except ImportError:
        raise TransfoError(
            _("Voilà is not installed in this environment"),
            hint=_("pip install 'voila>=0.5.6' (it comes with transfo-analysis)"),
        ) from None
    check_port(host, port)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(
            _(
                "Warning: listening on {host} — anyone who reaches this machine will see the "
                "dashboards. Put them behind a proxy with authentication (docs/dashboards.md)."
            ).format(host=host),
            file=sys.stderr,
        )
    # the dashboards' kernels inherit these: where the published reports are, and that this page
    # template shows their outputs
    os.environ[REPORTS_ENV] = str(reports)
    os.environ[TEMPLATE_ENV] = "1"
    os.environ.pop(
        project.settings.pseudonymisation.passphrase_env, None
    )  # kernels inherit the environment
    os.environ.setdefault("TRANSFO_PROGRESS", "0")
    root = Path(tempfile.mkdtemp(prefix="transfo-dashboards-"))
    try:
        stage_dashboards(root)
        app_class = make_app(project_name=project.settings.name)
        app = app_class()
        app.initialize(
            voila_argv(
                root,
                host=host,
                port=port,
                pool_size=pool_size,
                idle_timeout=cfg.serve_idle_timeout,
                base_url=base_url,
            )
        )
        vc = app.voila_configuration
        if (
            not vc.strip_sources or vc.show_tracebacks or app.ip != host
        ):  # a configuration file cannot weaken these
            raise TransfoError(
                _("Voilà's configuration does not keep sources stripped and tracebacks hidden"),
                hint=_("check ~/.jupyter/voila.json"),
            )
        app.tornado_settings = {
            **app.tornado_settings,
            "headers": dict(HEADERS),
            "ws_ping_timeout": 30000,
        }
        _stop_on_signals()
        _quiet_departed_visitors()
        app.start()  # returns after Ctrl-C or SIGTERM, kernels shut down
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(_("Dashboards stopped."), flush=True)
    return 0
