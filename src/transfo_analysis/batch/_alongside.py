"""Steps run on a Dask worker while the client goes on with the next steps.

Topics and textometry both read only the pseudonymised corpus. On a cluster the topic fit (a
seeded one-thread UMAP) keeps the client busy and leaves a core idle: the textometry step is
therefore sent whole to a worker, which reads the project folder (seen by every worker, checked
at start) and writes its tables there, while the client fits the topics. The client keeps the
manifest and the summary: it records the step once the worker is done.

A worker returns a small outcome (status, details, French notices, the error), never the
tables nor an exception object: an exception raised on a worker is described there, in one
line, so that its message survives the trip whatever its class.
"""

from __future__ import annotations

import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from transfo_analysis.config import Project
from transfo_analysis.errors import TransfoError
from transfo_analysis.i18n import _
from transfo_analysis.progress import progress

if TYPE_CHECKING:
    from distributed import Future

    from transfo_analysis.scale import Execution


def step_payload(func: Callable[..., Any], project: Project, *, show_progress: bool) -> dict:
    """Call a step's function and condense what it returns into a small dictionary.

    Parameters
    ----------
    func
        The step's function (``func(project, show_progress=…)``).
    project
        The project.
    show_progress
        Show progress bars.

    Returns
    -------
    dict
        ``status`` (``ok``, ``not computed`` or ``failed``), ``details`` (numbers and words of
        the result), ``notices`` (French) and ``error`` (one line, when it failed).
    """
    try:
        result = func(project, show_progress=show_progress)
    except TransfoError as exc:
        return {"status": "failed", "error": str(exc), "details": {}, "notices": []}
    except Exception as exc:
        tb = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return {
            "status": "failed",
            "error": f"unexpected error: {tb}",
            "details": {},
            "notices": [],
        }
    not_computed = isinstance(result, dict) and result.get("status") == "not computed"
    return {
        "status": "not computed" if not_computed else "ok",
        "error": None,
        "details": result_details(result),
        "notices": list(result.get("notices") or []) if isinstance(result, dict) else [],
    }


def run_step_task(func: Callable[..., Any], project: Project) -> dict:
    """A step run on a Dask worker, without progress bars (:func:`step_payload`)."""
    return step_payload(func, project, show_progress=False)


@dataclass
class Pending:
    """A step sent to a worker: where its outcome goes and what to record when it ends."""

    index: int
    name: str
    fingerprint: str
    started: float
    future: Future


def submit_step(
    func: Callable[..., Any], project: Project, *, name: str, execution: Execution
) -> Future:
    """Send a whole step to a worker of the execution's cluster (retried if the worker dies).

    Parameters
    ----------
    func
        The step's function; a module-level function (pickled by reference).
    project
        The project (its folder is shared with the workers).
    name
        The step's name, in the task's key.
    execution
        A distributed execution (:attr:`Execution.distributed`).

    Returns
    -------
    The task's future; its result is :func:`run_step_task`'s dictionary.
    """
    assert execution.client is not None
    key = f"step-{name}-{uuid.uuid4().hex[:8]}"
    return execution.client.submit(run_step_task, func, project, key=key, pure=False, retries=2)


def collect(pending: list[Pending], *, show_progress: bool) -> Iterator[tuple[Pending, dict]]:
    """Wait for the steps sent to workers and yield each one's outcome as it ends.

    Parameters
    ----------
    pending
        The steps sent with :func:`submit_step`.
    show_progress
        Show a progress bar while waiting.

    Yields
    ------
    tuple
        The pending step and its outcome (as :func:`step_payload`), with ``seconds`` from its
        submission to its end.
    """
    if not pending:
        return
    from distributed import as_completed

    by_key = {p.future.key: p for p in pending}
    client = pending[0].future.client
    done = as_completed([p.future for p in pending], loop=client.loop, raise_errors=False)
    for future in progress(
        done,
        desc=_("Steps on the cluster"),
        unit=_("step"),
        total=len(pending),
        disable=not show_progress,
    ):
        item = by_key[future.key]
        seconds = time.perf_counter() - item.started
        if future.status == "finished":
            payload = future.result()
        else:
            payload = {"status": "failed", "details": {}, "notices": []}
            payload["error"] = _describe_lost(future.exception())
        future.release()
        yield item, {**payload, "seconds": seconds}


def _describe_lost(exc: BaseException | None) -> str:
    if type(exc).__name__ == "KilledWorker":
        return _(
            "the worker running it died at every try (out of memory or killed); "
            "run the step again, or in this process with --scheduler in-process"
        )
    if exc is None:
        return _("the task was lost on the cluster")
    return f"unexpected error: {traceback.format_exception_only(type(exc), exc)[-1].strip()}"


def result_details(result: Any) -> dict[str, Any]:
    """The numbers and words of a step's result, for the run summary.

    Parameters
    ----------
    result
        What a step's function returned (a result object, a dictionary or a table).

    Returns
    -------
    dict
        Its scalar fields (a ``stats`` or ``summary`` dictionary, the dictionary itself…).
    """
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
