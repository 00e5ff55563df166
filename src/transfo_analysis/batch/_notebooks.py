"""Executing a parameterised notebook with papermill, and exporting it as HTML without code."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from transfo_analysis.errors import ConfigError
from transfo_analysis.i18n import _, ngettext

PLOTLY_MIME = "application/vnd.plotly.v1+json"


@dataclass
class NotebookRun:
    """Outcome of one notebook execution."""

    status: str  # ok | failed
    seconds: float
    output: Path
    cell_index: int | None = None
    cell_source: str | None = None
    error: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


def notebook_parameters(path: Path) -> set[str]:
    """Names assigned in the cell tagged ``parameters``.

    Parameters
    ----------
    path
        A notebook file.

    Returns
    -------
    The names declared in its ``parameters`` cell (empty when it has none).
    """
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            return set(
                re.findall(r"^([A-Za-z_]\w*)\s*(?::[^=]+)?=", cell.source, flags=re.MULTILINE)
            )
    return set()


def check_parameters(path: Path, parameters: dict[str, Any]) -> None:
    """Refuse parameters the notebook does not declare (papermill would silently add them).

    Parameters
    ----------
    path
        The report notebook.
    parameters
        The parameters papermill will inject.

    Raises
    ------
    ConfigError
        Naming the unknown parameters and the declared ones.
    """
    declared = notebook_parameters(path)
    if not declared:
        raise ConfigError(
            _("{path}: no cell tagged 'parameters'").format(path=path),
            hint=_("tag the first code cell 'parameters' (papermill's convention)"),
        )
    unknown = sorted(set(parameters) - declared)
    if unknown:
        raise ConfigError(
            ngettext(
                "{notebook}: unknown notebook parameter {names}",
                "{notebook}: unknown notebook parameters {names}",
                len(unknown),
            ).format(notebook=path.name, names=", ".join(unknown)),
            hint=_("declared parameters are: {names}").format(names=", ".join(sorted(declared))),
        )


def execute(
    notebook: Path,
    output: Path,
    *,
    parameters: dict[str, Any],
    cwd: Path,
    timeout: int = 600,
) -> NotebookRun:
    """Run a notebook with papermill; never raises for a failing cell (the run records it)."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    output.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    try:
        pm.execute_notebook(
            str(notebook),
            str(output),
            parameters=parameters,
            cwd=str(cwd),
            kernel_name="python3",
            progress_bar=False,
            request_save_on_cell_execute=False,
            execution_timeout=timeout,
            log_output=False,
            # the kernel's own start-up and shutdown chatter is not the user's business
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    except PapermillExecutionError as exc:
        first_line = next((line for line in (exc.source or "").splitlines() if line.strip()), "")
        return NotebookRun(
            "failed",
            time.perf_counter() - t0,
            output,
            cell_index=exc.cell_index,
            cell_source=first_line[:200],
            error=f"{exc.ename}: {exc.evalue}"[:500],
        )
    except Exception as exc:  # kernel died, timeout, unreadable notebook…
        return NotebookRun(
            "failed", time.perf_counter() - t0, output, error=f"{type(exc).__name__}: {exc}"[:500]
        )
    return NotebookRun("ok", time.perf_counter() - t0, output)


def _plotly_js() -> str:
    import plotly

    return (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(
        encoding="utf-8"
    )


#: nbconvert template of published reports (``lab`` without any script from a CDN)
REPORT_TEMPLATE = Path(__file__).parent / "report_template" / "rapport.html.j2"


def export_html(notebook: Path, html: Path, *, title: str) -> Path:
    """Export an executed notebook as a French HTML page without code, figures included.

    Code cells' inputs, prompts, streams (logs, warnings, progress bars) and errors are left out;
    plotly figures (stored as JSON by ``fig.show()``, which static HTML cannot render) are
    rendered to HTML, with plotly.js embedded once so the page works offline; the page loads
    nothing from outside (no require.js, MathJax or mermaid from a CDN: see ``report_template``).

    Parameters
    ----------
    notebook
        The executed notebook.
    html
        The HTML file to write (atomically).
    title
        The page title (French).

    Returns
    -------
    The path of the HTML page written.
    """
    import plotly.io as pio
    from nbconvert import HTMLExporter

    nb = nbformat.read(notebook, as_version=4)
    # cells tagged "interne" explain the notebook to analysts, not to stakeholders
    nb.cells = [c for c in nb.cells if "interne" not in c.get("metadata", {}).get("tags", [])]
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for out in cell.get("outputs", []):
            if out.get("output_type") in ("stream", "error"):
                continue
            data = out.get("data", {})
            if PLOTLY_MIME in data:
                fig = data[PLOTLY_MIME]
                data["text/html"] = pio.to_html(
                    fig,
                    include_plotlyjs=False,
                    full_html=False,
                    config={"displaylogo": False, "locale": "fr"},
                )
                data.pop(PLOTLY_MIME)
            kept.append(out)
        cell["outputs"] = kept
    nb.metadata["title"] = title
    exporter = HTMLExporter(
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        # JupyterLab's look without its CDN scripts: the report loads nothing from outside
        extra_template_paths=[str(REPORT_TEMPLATE.parent)],
        template_file=REPORT_TEMPLATE.name,
        language_code="fr",
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    body = body.replace("<html>", '<html lang="fr">', 1)
    body = body.replace(
        "</head>", f'<script data-vendor="plotly.js">{_plotly_js()}</script>\n</head>', 1
    )
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(body, encoding="utf-8")
    return html
