"""Reports per territory and the synthesis: papermill in parallel, leak-checked, then published.

Each report is executed into a staging folder (``reports/.staging/``): the executed notebook,
its HTML export without code, and the artifacts (Parquet/JSON) the notebook writes for the
dashboards. Only when the notebook succeeded and the leak checker finds no original identifier
in any of these files is the staging folder moved into ``reports/<territory>/`` (replacing the
previous version in one rename), so a failed or leaking report is never published as if
complete. One territory failing never stops the others.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import multiprocessing
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transfo_analysis.batch._notebooks import NotebookRun, check_parameters, execute, export_html
from transfo_analysis.batch._stages import RunManifest, fingerprint
from transfo_analysis.config import Project
from transfo_analysis.i18n import _, ngettext
from transfo_analysis.provenance import record, swap_folder, write_json_atomic

if TYPE_CHECKING:
    from transfo_analysis.scale import Execution

SYNTHESIS = "synthese"


@dataclass
class ReportOutcome:
    """What happened to one report."""

    name: str
    status: str  # ok | failed | skipped | leak
    seconds: float = 0.0
    cell_index: int | None = None
    cell_source: str | None = None
    error: str | None = None
    leaks: list[dict[str, Any]] = field(default_factory=list)
    path: str | None = None


def notebooks_dir() -> Path:
    """The report notebooks shipped with the suite (the repository's ``notebooks/``).

    Returns
    -------
    The folder of the report notebooks (``territoire.ipynb``, ``synthese.ipynb``…).
    """
    here = Path(__file__).resolve()
    for candidate in (here.parents[1] / "_resources" / "notebooks", here.parents[3] / "notebooks"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(_("the suite's notebooks/ folder was not found next to the package"))


def _resolve_notebook(project: Project, name: str) -> Path:
    path = project.path(name)
    return path if path.exists() else notebooks_dir() / name


def report_inputs(project: Project) -> list[Path]:
    """Files a report reads: the processed (pseudonymised) tables and analysis artifacts, and the
    annotation store (accepted codes, the evidence trail's proposals and decisions).
    """
    return [project.processed_dir, project.store_file]


def _run_one(job: dict[str, Any]) -> dict[str, Any]:
    """Execute one report in a worker process (picklable in, picklable out)."""
    os.environ.setdefault("TRANSFO_PROGRESS", "0")
    staging = Path(job["staging"])
    staging.mkdir(parents=True, exist_ok=True)
    (staging / "artifacts").mkdir(exist_ok=True)
    nb_out = staging / job["notebook_name"]
    run = execute(
        Path(job["notebook"]),
        nb_out,
        parameters=job["parameters"],
        cwd=Path(job["cwd"]),
        timeout=job["timeout"],
    )
    if run.status == "ok":
        try:
            export_html(nb_out, staging / job["html_name"], title=job["title"])
        except Exception as exc:  # export failure: the report is not complete
            run = NotebookRun(
                "failed",
                run.seconds,
                nb_out,
                error=f"HTML export failed: {type(exc).__name__}: {exc}",
            )
    return asdict(run) | {"output": str(run.output)}


@contextlib.contextmanager
def _completed(
    jobs: list[dict[str, Any]],
    *,
    workers: int,
    execution: Execution | None,
    show_progress: bool,
) -> Iterator[Iterator[tuple[dict[str, Any], dict[str, Any]]]]:
    """``(job, result)`` as each report ends: in local processes, or as tasks on Dask workers."""
    from transfo_analysis.progress import progress

    if execution is not None and execution.distributed:
        from transfo_analysis.scale import iter_tasks

        def _on_cluster() -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
            for i, res, failure in iter_tasks(
                _run_one,
                jobs,
                execution=execution,
                labels=[job["name"] for job in jobs],
                desc=_("Reports"),
                unit=_("report"),
                retries=1,
                show_progress=show_progress,
            ):
                if failure is not None:
                    res = {"status": "failed", "seconds": 0.0, "error": failure.error}
                if res is None:  # cannot happen: iter_tasks gives a result or a failure
                    raise RuntimeError(
                        _(
                            "Internal error: report task {i} gave neither a result nor a failure; "
                            "please report it."
                        ).format(i=i)
                    )
                yield jobs[i], res

        yield _on_cluster()
        return
    ctx = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=ctx) as pool:
        futures = {pool.submit(_run_one, job): job for job in jobs}

        def _local() -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
            done = progress(
                cf.as_completed(futures),
                desc=_("Reports"),
                unit=_("report"),
                total=len(jobs),
                disable=not show_progress,
            )
            for fut in done:
                try:
                    res = fut.result()
                except Exception as exc:  # worker crashed
                    res = {
                        "status": "failed",
                        "seconds": 0.0,
                        "error": f"{type(exc).__name__}: {exc}",
                    }
                yield futures[fut], res

        yield _local()


def _leak_check(paths: list[Path], project: Project) -> list[dict[str, Any]]:
    from transfo_analysis.anonymise import check_leaks

    report = check_leaks(paths, project=project)
    return [f if isinstance(f, dict) else asdict(f) for f in report.findings]


#: what the run summary says of a report the leak checker blocked, and what to do about it
def leak_message(n: int, *, folder: Path, project: Path) -> str:
    """What the run summary says of a report the leak checker blocked, and what to do about it.

    Parameters
    ----------
    n
        How many original identifiers were found.
    folder
        The quarantine folder of the blocked report.
    project
        The project folder.

    Returns
    -------
    The message, in the user's language.
    """
    return ngettext(
        "{n} original identifier found (list below, masked): report not published. "
        "What to do: review the passages with `transfo check-leaks {folder} --project {project} "
        "--show`; a word that identifies nobody (acronym, scheme, common word) is added to "
        "`allow` under `pseudonymisation` in project.yaml; a person's name is added to "
        "`known_names`; then rerun `transfo run --project {project}`.",
        "{n} original identifiers found (list below, masked): report not published. "
        "What to do: review the passages with `transfo check-leaks {folder} --project {project} "
        "--show`; a word that identifies nobody (acronym, scheme, common word) is added to "
        "`allow` under `pseudonymisation` in project.yaml; a person's name is added to "
        "`known_names`; then rerun `transfo run --project {project}`.",
        n,
    ).format(n=n, folder=folder, project=project)


def _in_report(leak: dict[str, Any], staging: Path) -> dict[str, Any]:
    """A leak with its file named inside the report (the staging folder is moved away)."""
    path = Path(leak.get("path", ""))
    return leak | {
        "path": str(path.relative_to(staging)) if path.is_relative_to(staging) else str(path)
    }


def run_reports(
    project: Project,
    territories: list[str],
    *,
    workers: int | None = None,
    force: bool = False,
    synthesis: bool = True,
    show_progress: bool = True,
    execution: Execution | None = None,
    notebook: str | None = None,
) -> list[ReportOutcome]:
    """Run the territory report for each territory (in parallel), then the synthesis.

    The synthesis reads the processed tables, not the territory reports, so it runs alongside
    them; it covers every territory of the corpus, published or not.

    Parameters
    ----------
    project
        The project (its processed data must exist).
    territories
        Territory slugs to report on.
    workers
        Parallel notebooks (default: the number of cores).
    force
        Rerun even when nothing changed.
    synthesis
        Also run the cross-territory synthesis.
    show_progress
        Show a progress bar.
    execution
        A Dask execution (:func:`transfo_analysis.scale.open_execution`): each report is then
        one task (one kernel) on a worker; the leak check and the publishing stay here.
    notebook
        The notebook of each territory's report instead of ``batch.report_notebook`` (a
        survey-only project publishes ``batch.barometer_notebook``).

    Returns
    -------
    One outcome per report (territories, then the synthesis): status, seconds, output and error.
    """
    settings = project.settings
    reports_dir = project.reports_dir
    staging_root = reports_dir / ".staging"
    manifest = RunManifest(project.run_manifest_file)
    workers = workers or settings.batch.workers or os.cpu_count() or 1
    inputs = report_inputs(project)
    outcomes: list[ReportOutcome] = []

    def _job(name: str, notebook: Path, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "name": name,
            "notebook": str(notebook),
            "notebook_name": notebook.name,
            "html_name": "rapport.html",
            "parameters": params,
            "staging": str(staging_root / f"{name}-{uuid.uuid4().hex[:8]}"),
            "cwd": str(project.root),
            "timeout": settings.batch.cell_timeout,
            "title": project.territory_label(name)
            if name != SYNTHESIS
            else _("Cross-territory synthesis"),
        }

    def _params(territory: str, notebook: Path) -> dict[str, Any]:
        params = {
            "territory": territory,
            "project_dir": str(project.root),
            "settings_file": str(project.settings_file) if project.settings_file else None,
            "seed": settings.seed,
            "output_dir": None,  # filled per job with its staging folder
        }
        check_parameters(notebook, params)
        return params

    def _execute(jobs: list[dict[str, Any]], fps: dict[str, str]) -> None:
        if not jobs:
            return
        for job in jobs:
            job["parameters"]["output_dir"] = str(Path(job["staging"]) / "artifacts")
        with _completed(
            jobs, workers=workers, execution=execution, show_progress=show_progress
        ) as done_iter:
            for job, res in done_iter:
                outcome = ReportOutcome(
                    job["name"],
                    res["status"],
                    res.get("seconds", 0.0),
                    res.get("cell_index"),
                    res.get("cell_source"),
                    res.get("error"),
                )
                staging = Path(job["staging"])
                final = reports_dir / job["name"]
                if outcome.status == "ok":
                    leaks = _leak_check([staging], project)
                    if leaks:
                        quarantine = project.quarantine_dir / job["name"]
                        outcome.status = "leak"
                        outcome.leaks = [_in_report(leak, staging) for leak in leaks]
                        outcome.error = leak_message(
                            len(leaks), folder=quarantine, project=project.root
                        )
                        shutil.rmtree(quarantine, ignore_errors=True)
                        quarantine.parent.mkdir(parents=True, exist_ok=True)
                        os.replace(staging, quarantine)
                        outcome.path = str(quarantine)
                    else:
                        write_json_atomic(
                            staging / "provenance.json",
                            record(
                                "report", parameters=job["parameters"], notebook=job["notebook"]
                            ),
                        )
                        swap_folder(staging, final)
                        outcome.path = str(final)
                else:
                    failed = project.failed_reports_dir / job["name"]
                    shutil.rmtree(failed, ignore_errors=True)
                    failed.parent.mkdir(parents=True, exist_ok=True)
                    if staging.exists():
                        os.replace(staging, failed)
                    outcome.path = str(failed)
                manifest.record(
                    f"report:{job['name']}",
                    fingerprint=fps[job["name"]] if outcome.status == "ok" else None,
                    status=outcome.status,
                    seconds=round(outcome.seconds, 2),
                    finished=time.strftime("%Y-%m-%dT%H:%M:%S"),
                )
                outcomes.append(outcome)

    # territory reports
    report_nb = _resolve_notebook(project, notebook or settings.batch.report_notebook)
    jobs, fps = [], {}
    for territory in territories:
        params = _params(territory, report_nb)
        fp = fingerprint(
            files=[*inputs, report_nb],
            parameters=params | {"settings": settings.to_dict()},
            root=project.root,
        )
        fps[territory] = fp
        if not force and manifest.is_current(f"report:{territory}", fp, [reports_dir / territory]):
            outcomes.append(ReportOutcome(territory, "skipped", path=str(reports_dir / territory)))
            continue
        jobs.append(_job(territory, report_nb, params))

    # the synthesis reads the processed tables of every territory, not the territory reports:
    # it runs in the same pool, so that the cores stay busy until the end
    if synthesis and territories:
        synth_nb = _resolve_notebook(project, settings.batch.synthesis_notebook)
        params = _params(SYNTHESIS, synth_nb)
        fp = fingerprint(
            files=[*inputs, synth_nb],
            parameters=params | {"settings": settings.to_dict()},
            root=project.root,
        )
        fps[SYNTHESIS] = fp
        if not force and manifest.is_current(f"report:{SYNTHESIS}", fp, [reports_dir / SYNTHESIS]):
            outcomes.append(ReportOutcome(SYNTHESIS, "skipped", path=str(reports_dir / SYNTHESIS)))
        else:
            jobs.append(_job(SYNTHESIS, synth_nb, params))
    _execute(jobs, fps)
    shutil.rmtree(staging_root, ignore_errors=True)
    _write_index(project)
    order = {t: i for i, t in enumerate([*territories, SYNTHESIS])}
    return sorted(outcomes, key=lambda o: order.get(o.name, len(order)))


def _write_index(project: Project) -> None:
    """``reports/index.json``: the published territories
    and their French names (dashboards read it).
    """
    reports_dir = project.reports_dir
    if not reports_dir.exists():
        return
    published = sorted(
        p.name
        for p in reports_dir.iterdir()
        if p.is_dir() and not p.name.startswith(".") and p.name != SYNTHESIS
    )
    index = {
        "project": project.settings.name,
        "territories": [{"slug": t, "label": project.territory_label(t)} for t in published],
        "synthesis": (reports_dir / SYNTHESIS).is_dir(),
        "k": project.settings.disclosure.k,
        "updated": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    write_json_atomic(reports_dir / "index.json", index)
