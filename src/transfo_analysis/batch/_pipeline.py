"""The steps before the reports: ingest → parse → pseudonymise → analyses, each skipped when its
inputs did not change.

Pseudonymisation needs the named entities of the parse, so the parse of the identifying corpus
comes first; every analysis then reads only the pseudonymised tables (``processed/``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transfo_analysis.batch import _steps
from transfo_analysis.batch._alongside import Pending, collect, step_payload, submit_step
from transfo_analysis.batch._stages import RunManifest, fingerprint
from transfo_analysis.config import Project, load_yaml
from transfo_analysis.i18n import N_, _
from transfo_analysis.numbers import fr_number

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
    corpus
        The step reads the interviews or open answers: without any (a survey-only project, see
        :func:`survey_only`) it does not apply.
    alongside
        On a cluster, the whole step is sent to a worker and the client goes on with the next
        steps meanwhile (:mod:`._alongside`); the next steps must not read its outputs. A step
        both ``alongside`` and ``distributed`` that is too big for a worker runs here, its
        partitions on the workers.
    memory
        Bytes the step needs at most, estimated before it runs: an ``alongside`` step that would
        take more than :data:`ALONGSIDE_SHARE` of a worker's memory limit runs in this process
        instead (a worker past its limit is killed, at every try), and the summary says so.
    """

    name: str
    func: Callable[..., Any]
    inputs: Callable[[Project], list[Path]]
    parameters: Callable[[Project], Any]
    outputs: Callable[[Project], list[Path]]
    required: bool = True
    enabled: Callable[[Project], bool] = lambda project: True
    distributed: bool = False
    corpus: bool = True
    alongside: bool = False
    memory: Callable[[Project], int] | None = None


#: the share of a worker's memory limit a step sent whole to it may need (Dask pauses a worker
#: at 80 % and kills it at 95 %)
ALONGSIDE_SHARE = 0.7


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


#: shown at the first step of a survey-only project
SURVEY_ONLY_NOTICE = N_(
    "No interview or open answer in this project (surveys only): the corpus steps (ingest, "
    "parse, pseudonymise, coding, topics, textometry) do not apply; the barometer is computed "
    "and its report published per territory. Put transcripts or open answers in raw/ to analyse "
    "them too."
)


def survey_only(project: Project) -> bool:
    """Survey files and no interview or open-answer source: a barometer-only project.

    True when ``barometer.files`` is set, no manifest is given and no source holds a file (a
    missing ``raw/`` too): ``transfo barometer FILE --project NEW`` creates such a project. A
    project without surveys is never survey-only, so an empty ``raw/`` still fails at ingest
    with its message.
    """
    if not project.settings.barometer.files or project.manifest_file:
        return False
    from transfo_analysis.corpus import walk_folder

    for source in project.settings.sources:
        path = project.path(source)
        if path.is_file() or (path.is_dir() and walk_folder(path).files):
            return False
    return True


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
        corpus=False,
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
        # reads only the pseudonymised corpus: on a cluster a worker computes it while the
        # client fits the topics; when it needs more memory than a worker has, it runs here
        # and its partitions are counted on the workers
        alongside=True,
        distributed=True,
        memory=_steps.textometry_memory,
    ),
    Step(
        "topics",
        _steps.topics,
        # accepted codings feed the topic × code table: the store is an input
        inputs=lambda p: [p.corpus_dir("processed"), p.nlp_dir("processed"), p.store_file],
        parameters=lambda p: {"topics": p.settings.topics.model_dump(), "seed": p.settings.seed},
        outputs=lambda p: [p.topics_dir],
        required=False,
        distributed=True,  # the fit stays on the client; a large corpus's assignment goes out
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

    Parameters
    ----------
    project
        The project whose steps (ingest, parse, pseudonymise, analyses) are run.
    force
        Rerun every step even when its inputs and settings did not change.
    show_progress
        Show progress bars.
    steps
        The steps to consider (default: :data:`STEPS`, in order).
    execution
        Where distributed steps run their partitions (``None``: in this process).

    Returns
    -------
    One outcome per step, in order.
    """
    manifest = RunManifest(project.run_manifest_file)
    outcomes: list[StepOutcome] = []
    blocked = False
    pending: list[Pending] = []  # steps sent to a worker, recorded once they end
    surveys_only = survey_only(project)
    for step in steps if steps is not None else STEPS:
        if surveys_only and step.corpus:
            # nothing to read: said once, at the first step, and the barometer still runs
            notices = [] if outcomes else [_(SURVEY_ONLY_NOTICE)]
            outcomes.append(StepOutcome(step.name, "not applicable", notices=notices))
            continue
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
        kept_here = None
        if step.alongside and execution is not None and execution.distributed:
            kept_here = too_big_for_a_worker(step, project, execution)
            if kept_here is None:
                future = submit_step(step.func, project, name=step.name, execution=execution)
                pending.append(Pending(len(outcomes), step.name, fp, time.perf_counter(), future))
                outcomes.append(StepOutcome(step.name, "running"))  # replaced once it ends
                continue
        t0 = time.perf_counter()
        where = {"execution": execution} if step.distributed and execution is not None else {}
        payload = step_payload(partial(step.func, **where), project, show_progress=show_progress)
        if kept_here:
            payload["notices"] = [kept_here, *payload.get("notices", [])]
        outcome = _record(manifest, step.name, fp, {**payload, "seconds": time.perf_counter() - t0})
        blocked = outcome.status == "failed" and step.required
        outcomes.append(outcome)
    for item, payload in collect(pending, show_progress=show_progress):
        outcomes[item.index] = _record(manifest, item.name, item.fingerprint, payload)
    return outcomes


def too_big_for_a_worker(step: Step, project: Project, execution: Execution) -> str | None:
    """Why an ``alongside`` step stays in this process, or ``None`` when a worker can take it.

    Parameters
    ----------
    step
        A step meant to run whole on a worker (``alongside``).
    project
        The project, whose size gives the step's memory estimate (:attr:`Step.memory`).
    execution
        The distributed execution, whose workers' memory limit is compared with it.

    Returns
    -------
    str or None
        A French notice for the run summary when the estimate exceeds :data:`ALONGSIDE_SHARE`
        of the smallest worker memory limit; ``None`` otherwise (no estimate or no limit too).
    """
    limit = execution.worker_memory
    need = step.memory(project) if step.memory is not None else 0
    if not limit or need <= ALONGSIDE_SHARE * limit:
        return None
    return _(
        "{step} ran in this process, not on a worker beside the next steps: it "
        "needs about {need} GiB for this corpus, more than {share} % of a worker's memory "
        "limit ({limit} GiB). Give the workers more memory (fewer workers per machine, or "
        "--memory-limit) to run it alongside again."
    ).format(
        step=step.name,
        need=fr_number(need / 2**30, decimals=1),
        share=round(ALONGSIDE_SHARE * 100),
        limit=fr_number(limit / 2**30, decimals=1),
    )


def _record(manifest: RunManifest, name: str, fp: str, payload: dict[str, Any]) -> StepOutcome:
    """The outcome of a step that ran, recorded in the manifest.

    The fingerprint taken before the step is recorded: an input changed while the step ran
    makes the next run redo it.
    """
    outcome = StepOutcome(
        name,
        payload["status"],
        payload["seconds"],
        error=payload.get("error"),
        details=payload.get("details") or {},
        notices=list(payload.get("notices") or []),
    )
    if outcome.status == "failed":
        manifest.record(name, fingerprint=None, status="failed", error=outcome.error)
    else:
        manifest.record(
            name,
            fingerprint=fp,
            status="ok",
            seconds=round(outcome.seconds, 2),
            notices=outcome.notices,
        )
    return outcome
