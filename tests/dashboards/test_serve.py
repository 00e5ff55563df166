"""``transfo serve`` without a browser: bad input, what is
served, Voilà's options, the notebooks."""

from __future__ import annotations

import socket
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

from transfo_analysis.batch._serve import (
    DASHBOARDS,
    TEMPLATE_ENV,
    dashboards_dir,
    make_app,
    plotly_js,
    stage_dashboards,
    template_dir,
    voila_argv,
)
from transfo_analysis.cli import main
from transfo_analysis.config import open_project

REPO = Path(__file__).resolve().parents[2]


def test_project_without_published_reports(tmp_path, capsys):
    (tmp_path / "processed").mkdir()
    assert main(["serve", "--project", str(tmp_path), "--port", "1"]) == 2
    err = capsys.readouterr().err
    assert "aucun rapport publié" in err and f"transfo run --project {tmp_path}" in err


def test_project_without_processed_data(tmp_path, capsys):
    assert main(["serve", "--project", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "n'a ni données traitées ni rapports publiés" in err and "transfo run" in err


def test_index_without_territory(tmp_path, capsys):
    (tmp_path / "reports").mkdir(parents=True)
    (tmp_path / "reports" / "index.json").write_text('{"territories": []}')
    assert main(["serve", "--project", str(tmp_path)]) == 2
    assert "ne liste aucun territoire publié" in capsys.readouterr().err


def test_missing_project(tmp_path, capsys):
    assert main(["serve", "--project", str(tmp_path / "absent")]) == 2
    assert "n'existe pas" in capsys.readouterr().err


def test_port_in_use(published_project, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--project", str(published_project), "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"le port {port} de 127.0.0.1 est déjà utilisé" in err and f"--port {port + 1}" in err


def test_voila_missing(published_project, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "voila", None)  # import voila raises ImportError
    assert main(["serve", "--project", str(published_project), "--port", "1"]) == 2
    assert "Voilà n'est pas installé" in capsys.readouterr().err


def test_served_folder_holds_only_the_dashboards(tmp_path):
    root = stage_dashboards(tmp_path / "served")
    assert sorted(p.name for p in root.iterdir()) == sorted(DASHBOARDS)
    assert (root.stat().st_mode & 0o777) == 0o700


def test_repository_dashboards_folder_holds_only_stripped_dashboards():
    folder = dashboards_dir()
    assert folder == REPO / "dashboards"
    assert sorted(p.name for p in folder.iterdir() if p.name != ".keep") == sorted(DASHBOARDS)
    for name in DASHBOARDS:
        nb = nbformat.read(folder / name, as_version=4)
        assert all(
            not c.get("outputs") and c.get("execution_count") is None
            for c in nb.cells
            if c.cell_type == "code"
        ), name
        assert len(nb.cells) == 1  # thin: the logic lives in transfo_analysis.dashboards


def test_voila_options_keep_the_safe_defaults(tmp_path):
    argv = voila_argv(tmp_path, host="127.0.0.1", port=8866, pool_size=2, idle_timeout=600)
    for option in (
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
        "--VoilaConfiguration.allow_template_override=NO",
        "--preheat_kernel=True",
        "--pool_size=2",
    ):
        assert option in argv
    assert any(
        a.startswith("--VoilaConfiguration.file_allowlist=") and "png|jpg|gif|svg" in a
        for a in argv
    )
    assert "--preheat_kernel=True" not in voila_argv(
        tmp_path, host="127.0.0.1", port=8866, pool_size=0, idle_timeout=600
    )


def test_no_file_tree_nor_contents_api(tmp_path):
    import tornado.web

    root = stage_dashboards(tmp_path / "served")
    app = make_app(project_name="Projet <b>d'essai</b>")()
    app.initialize(voila_argv(root, host="127.0.0.1", port=8899, pool_size=0, idle_timeout=600))
    app.connection_dir = tempfile.mkdtemp(dir=tmp_path)
    app.app = tornado.web.Application(**app.init_settings())
    patterns = [h[0] for h in app.init_handlers()]
    assert not [p for p in patterns if "tree" in p or "contents" in p]
    assert "/voila/render/(synthese\\.ipynb|territoire\\.ipynb)" in patterns and "/?" in patterns
    assert app.voila_configuration.strip_sources and not app.voila_configuration.show_tracebacks
    # transfo serve's page template first (it extends Voilà's "lab"); plotly.js, one file, by name
    assert (
        app.template_paths[0] == str(template_dir())
        and (template_dir() / "index.html.j2").is_file()
    )
    assert "/transfo/static/(plotly\\.min\\.js)" in patterns


def test_page_draws_charts_with_its_own_plotly_js(tmp_path):
    argv = voila_argv(
        tmp_path, host="127.0.0.1", port=8866, pool_size=1, idle_timeout=600, base_url="/tableaux/"
    )
    assert not [
        a for a in argv if "jupyterlab-plotly" in a
    ]  # its renderer draws every chart four times
    assert (
        f"--VoilaConfiguration.resources=transfo_plotly_url=/tableaux/transfo/static/plotly.min.js?v={plotly_js()[1]}"
        in argv
    )
    assert plotly_js()[0].is_file() and plotly_js()[0].name == "plotly.min.js"


def test_serve_settings_have_defaults(published_project):
    batch = open_project(published_project).settings.batch
    assert (batch.serve_host, batch.serve_port, batch.serve_pool_size) == ("127.0.0.1", 8866, 1)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(DASHBOARDS))
def test_dashboard_notebooks_run(name, reports_dir, monkeypatch, tmp_path):
    """Each dashboard notebook runs top to bottom in a kernel, as
    Voilà runs it, and shows a widget."""
    from nbclient import NotebookClient

    monkeypatch.setenv("TRANSFO_REPORTS_DIR", str(reports_dir))
    nb = nbformat.read(dashboards_dir() / name, as_version=4)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(DASHBOARDS))
def test_dashboard_notebooks_run_for_the_page(name, reports_dir, monkeypatch, tmp_path):
    """As ``transfo serve``'s kernels run them: the first view as HTML outputs marked for the
    template, the widgets after it."""
    from nbclient import NotebookClient

    monkeypatch.setenv("TRANSFO_REPORTS_DIR", str(reports_dir))
    monkeypatch.setenv(TEMPLATE_ENV, "1")
    nb = nbformat.read(dashboards_dir() / name, as_version=4)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    static = [o for o in outputs if o.get("metadata", {}).get("transfo", {}).get("static")]
    assert (
        static
        and static[0].output_type == "display_data"
        and "tr-dash" in static[0]["data"]["text/html"]
    )
    assert sum(o["data"]["text/html"].count("window.transfo.plot(") for o in static) >= 5
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)


def test_a_departed_visitor_leaves_no_traceback_but_other_loop_errors_still_show(caplog):
    """Writes to a browser that has gone fail unretrieved (voila#237): debug log, not tracebacks."""
    import asyncio
    import gc
    import logging

    from tornado.ioloop import IOLoop
    from tornado.iostream import StreamClosedError
    from tornado.websocket import WebSocketClosedError

    from transfo_analysis.batch._serve import _quiet_departed_visitors

    async def fails(exc: Exception) -> None:
        raise exc

    loop = asyncio.new_event_loop()
    try:
        asyncio.set_event_loop(loop)
        IOLoop.current()  # the loop tornado's server runs on
        _quiet_departed_visitors()
        caplog.set_level(logging.DEBUG)
        for exc in (WebSocketClosedError(), StreamClosedError(), ValueError("vrai problème")):
            task = loop.create_task(fails(exc))
            loop.run_until_complete(asyncio.sleep(0.01))
            assert task.done()
            del task  # never retrieved: asyncio reports it when the task is collected
            gc.collect()
    finally:
        asyncio.set_event_loop(None)
        loop.close()
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "never retrieved" in errors[0].getMessage()
    assert isinstance(errors[0].exc_info[1], ValueError)
    departed = [
        r
        for r in caplog.records
        if r.levelno == logging.DEBUG and "a visitor left" in r.getMessage()
    ]
    assert len(departed) == 2
