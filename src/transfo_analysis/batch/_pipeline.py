"""The steps before the reports: ingest → parse → pseudonymise → analyses, each skipped when its
inputs did not change.

Pseudonymisation needs the named entities of the parse, so the parse of the identifying corpus
comes first; every analysis then reads only the pseudonymised tables (``processed/``).
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transfo_analysis.batch import _steps
from transfo_analysis.batch._stages import RunManifest, fingerprint
from transfo_analysis.config import Project, load_yaml
from transfo_analysis.errors import TransfoError

if TYPE_CHECKING:
    from transfo_analysis.scale import Execution


@dataclass
class Step:
    """A project-wide step.

    Attributes
    ----------
    name
        Shown in the summary.
    func
        The stage's function, called with the project (and ``show_progress``).
    inputs
        Files and folders whose content decides whether to rerun.
    parameters
        Settings that decide whether to rerun.
    outputs
        What must exist for a skip.
    required
        When a required step fails, later steps and reports are not run.
    enabled
        Whether the step applies to this project (e.g. no survey files: no barometer).
    distributed
        The function takes ``execution=`` and runs its partitions there (Dask or in-process).
    """

    name: str
    func: Callable[..., Any]
    inputs: Callable[[Project], list[Path]]
    parameters: Callable[[Project], Any]
    outputs: Callable[[Project], list[Path]]
    required: bool = True
    enabled: Callable[[Project], bool] = lambda project: True
    distributed: bool = False


@dataclass
class StepOutcome:
    name: str
    status: str  # ok | skipped | failed | not applicable | not computed (corpus too small)
    seconds: float = 0.0
    error: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    #: French notices of a step that ran but could not do all of its work (printed in the summary)
    notices: list[str] = field(default_factory=list)


def _sources(project: Project) -> list[Path]:
    paths = [project.path(s) for s in project.settings.sources]
    if project.manifest_file:
        paths.append(project.manifest_file)
        table = (
            load_yaml(project.manifest_file).get("file_table")
            if project.manifest_file.suffix != ".csv"
            else None
        )
        if table:
            paths.append(project.manifest_file.parent / str(table))
    return paths


STEPS: list[Step] = [
    Step(
        "ingest",
        _steps.ingest,
        inputs=_sources,
        parameters=lambda p: {
            "sources": p.settings.sources,
            "manifest": p.settings.manifest,
            "ingest": p.settings.ingest.model_dump(),
        },
        outputs=lambda p: [p.corpus_dir("interim") / "segments.parquet"],
        distributed=True,
    ),
    Step(
        "parse",
        _steps.parse,
        inputs=lambda p: [p.corpus_dir("interim")],
        parameters=lambda p: p.settings.nlp.model_dump(),
        outputs=lambda p: [p.nlp_dir("interim") / "tokens.parquet"],
        distributed=True,
    ),
    Step(
        "pseudonymise",
        _steps.pseudonymise,
        inputs=lambda p: [p.corpus_dir("interim"), p.nlp_dir("interim")],
        parameters=lambda p: {
            "pseudonymisation": p.settings.pseudonymisation.model_dump(),
            "territories": p.settings.territories,
        },
        outputs=lambda p: [
            p.corpus_dir("processed") / "segments.parquet",
            p.nlp_dir("processed") / "tokens.parquet",
            p.secure_dir,
        ],
        distributed=True,
    ),
    Step(
        "barometer",
        _steps.barometer,
        inputs=lambda p: [p.path(f) for f in p.settings.barometer.files],
        parameters=lambda p: {
            "barometer": p.settings.barometer.model_dump(by_alias=True),
            "k": p.settings.disclosure.k,
            "seed": p.settings.seed,
        },
        outputs=lambda p: [p.barometer_dir / "indicators.parquet"],
        required=False,
        enabled=lambda p: bool(p.settings.barometer.files),
    ),
    Step(
        "coding",
        _steps.coding,
        inputs=lambda p: [
            p.corpus_dir("processed"),
            p.codebook_file,
            *(p.path(f) for f in p.settings.coding.imports),
        ],
        parameters=lambda p: p.settings.coding.model_dump(),
        outputs=lambda p: [p.store_file],
        required=False,
        enabled=lambda p: p.codebook_file.exists(),
    ),
    Step(
        "evidence",
        _steps.evidence,
        # before topics, whose fingerprint includes the store this step writes; topic and
        # Reinert links in the files are checked against the last computed models
        inputs=lambda p: [
            *(p.path(f) for f in p.settings.evidence.imports),
            p.corpus_dir("processed"),
            p.barometer_dir,
            p.codebook_file,
        ],
        parameters=lambda p: {
            "evidence": p.settings.evidence.model_dump(),
            "k": p.settings.disclosure.k,
        },
        outputs=lambda p: [p.store_file],
        required=False,
        enabled=lambda p: bool(p.settings.evidence.imports),
    ),
    Step(
        "topics",
        _steps.topics,
        # accepted codings feed the topic × code table: the store is an input
        inputs=lambda p: [p.corpus_dir("processed"), p.nlp_dir("processed"), p.store_file],
        parameters=lambda p: {"topics": p.settings.topics.model_dump(), "seed": p.settings.seed},
        outputs=lambda p: [p.topics_dir],
        required=False,
    ),
    Step(
        "textometry",
        _steps.textometry,
        inputs=lambda p: [p.corpus_dir("processed"), p.nlp_dir("processed")],
        parameters=lambda p: {
            "reinert": p.settings.reinert.model_dump(),
            "seed": p.settings.seed,
            "nlp": p.settings.nlp.model_dump(),
        },
        outputs=lambda p: [p.textometry_dir],
        required=False,
    ),
]


def prepare(
    project: Project,
    *,
    force: bool = False,
    show_progress: bool = True,
    steps: list[Step] | None = None,
    execution: Execution | None = None,
) -> list[StepOutcome]:
    """Run every project-wide step that needs it; stop after a failed required step.

    ``execution`` (:func:`transfo_analysis.scale.open_execution`) is where the distributed
    steps run their partitions; the others run in this process.

    Returns
    -------
    One outcome per step, in order.
    """
    manifest = RunManifest(project.run_manifest_file)
    outcomes: list[StepOutcome] = []
    blocked = False
    for step in steps if steps is not None else STEPS:
        if blocked:
            outcomes.append(
                StepOutcome(step.name, "not run", error="an earlier required step failed")
            )
            continue
        if not step.enabled(project):
            outcomes.append(StepOutcome(step.name, "not applicable"))
            continue
        fp = fingerprint(
            files=step.inputs(project), parameters=step.parameters(project), root=project.root
        )
        if not force and manifest.is_current(step.name, fp, step.outputs(project)):
            # what the step could not do last time still holds: say it again
            notices = manifest.data.get(step.name, {}).get("notices") or []
            outcomes.append(StepOutcome(step.name, "skipped", notices=list(notices)))
            continue
        t0 = time.perf_counter()
        try:
            where = {"execution": execution} if step.distributed and execution is not None else {}
            result = step.func(project, show_progress=show_progress, **where)
        except TransfoError as exc:
            outcome = StepOutcome(step.name, "failed", time.perf_counter() - t0, error=str(exc))
        except Exception as exc:
            tb = traceback.format_exception_only(type(exc), exc)[-1].strip()
            outcome = StepOutcome(
                step.name, "failed", time.perf_counter() - t0, error=f"unexpected error: {tb}"
            )
        else:
            not_computed = isinstance(result, dict) and result.get("status") == "not computed"
            outcome = StepOutcome(
                step.name,
                "not computed" if not_computed else "ok",
                time.perf_counter() - t0,
                details=_details(result),
                notices=list(result.get("notices") or []) if isinstance(result, dict) else [],
            )
            # the fingerprint taken before the step is recorded: an input changed while the step
            # ran makes the next run redo it
            manifest.record(
                step.name,
                fingerprint=fp,
                status="ok",
                seconds=round(outcome.seconds, 2),
                notices=outcome.notices,
            )
        if outcome.status == "failed":
            manifest.record(step.name, fingerprint=None, status="failed", error=outcome.error)
            blocked = step.required
        outcomes.append(outcome)
    return outcomes


def _details(result: Any) -> dict[str, Any]:
    for attr in ("stats", "summary"):
        value = getattr(result, attr, None)
        if callable(value):  # TopicResult.summary() is a method
            value = value()
        if isinstance(value, dict):
            return {k: v for k, v in value.items() if isinstance(v, int | float | str | bool)}
    if isinstance(result, dict):
        return {k: v for k, v in result.items() if isinstance(v, int | float | str | bool)}
    if hasattr(result, "to_dict"):
        try:
            d = result.to_dict()
            return {k: v for k, v in d.items() if isinstance(v, int | float | str | bool)}
        except Exception:
            return {}
    return {}
