"""Run one function over many partitions, in-process or on Dask, with the same results.

Each item is a unit of work (a source file, a partition of documents, a territory's report);
its label says what it holds (a partition and its files), so that a failure names them. Results
come back in the order of the items, whatever order the workers finished in; a failed item
never stops the others.
"""

from __future__ import annotations

import traceback
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from transfo_analysis.errors import TransfoError
from transfo_analysis.i18n import _
from transfo_analysis.progress import progress
from transfo_analysis.scale._cluster import Execution

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class TaskFailure:
    """A unit of work that failed, after its retries.

    Attributes
    ----------
    index
        Position of the item in the list given.
    label
        What the item holds, in French (« partition 3 : a.trs, b.trs »).
    error
        The error, in one line.
    """

    index: int
    label: str
    error: str

    def __str__(self) -> str:
        return _("{what}: {error}").format(what=self.label, error=self.error)


@dataclass
class TaskResults(Generic[R]):
    """Results in item order (``None`` where the item failed) and the failures."""

    results: list[R | None]
    failures: list[TaskFailure]

    @property
    def ok(self) -> bool:
        """Whether every item succeeded."""
        return not self.failures

    def raise_failures(self, message: str, *, hint: str) -> None:
        """Raise when an item failed, for a stage that cannot use some items' results only.

        Parameters
        ----------
        message
            The French message, with ``{failures}`` where the failures are listed.
        hint
            What to do.

        Raises
        ------
        TransfoError
            When any item failed, naming each one (its partition and files) and its error.
        """
        if self.failures:
            failures = "; ".join(str(f) for f in self.failures)
            raise TransfoError(message.format(failures=failures), hint=hint)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TransfoError):
        return str(exc)
    name = type(exc).__name__
    if name == "KilledWorker":
        return _(
            "the worker running it died at every try (out of memory or killed); "
            "the other tasks go on"
        )
    last = traceback.format_exception_only(type(exc), exc)[-1].strip()
    return _("unexpected error: {error}").format(error=last)


def iter_tasks(
    func: Callable[[T], R],
    items: Sequence[T],
    *,
    execution: Execution,
    labels: Sequence[str] | None = None,
    desc: str | None = None,
    unit: str | None = None,
    retries: int = 2,
    show_progress: bool = True,
) -> Iterator[tuple[int, R | None, TaskFailure | None]]:
    """Apply ``func`` to every item and yield ``(index, result, failure)`` as each one ends.

    In this process items run one after the other, in order; on Dask they come back in the
    order the workers finish them.

    Parameters
    ----------
    func, items, execution, labels, desc, unit, retries, show_progress
        As in :func:`run_tasks`.

    Yields
    ------
    tuple
        The item's index, its result (``None`` if it failed) and its failure (``None`` if not).
    """
    desc = desc if desc is not None else _("Tasks")
    unit = unit if unit is not None else _("task")
    labels = (
        list(labels)
        if labels is not None
        else [_("item {n}").format(n=i) for i in range(len(items))]
    )
    if execution.client is None:
        for i in progress(range(len(items)), desc=desc, unit=unit, disable=not show_progress):
            try:
                yield i, func(items[i]), None
            except Exception as exc:
                yield i, None, TaskFailure(i, labels[i], _describe(exc))
        return

    from distributed import as_completed

    client = execution.client
    run_id = uuid.uuid4().hex[:8]
    name = getattr(func, "__name__", "task")
    keys = [f"{name}-{run_id}-{i}" for i in range(len(items))]
    futures = client.map(func, list(items), key=keys, retries=retries, pure=False)
    index = {f.key: i for i, f in enumerate(futures)}
    done = as_completed(futures, loop=client.loop, raise_errors=False)
    for future in progress(
        done, desc=desc, unit=unit, total=len(futures), disable=not show_progress
    ):
        i = index[future.key]
        if future.status == "finished":
            yield i, future.result(), None
        else:
            yield i, None, TaskFailure(i, labels[i], _describe(future.exception()))
        future.release()


def run_tasks(
    func: Callable[[T], R],
    items: Sequence[T],
    *,
    execution: Execution,
    labels: Sequence[str] | None = None,
    desc: str | None = None,
    unit: str | None = None,
    retries: int = 2,
    show_progress: bool = True,
) -> TaskResults[R]:
    """Apply ``func`` to every item, in this process or on the execution's Dask workers.

    Parameters
    ----------
    func
        A module-level function (it is pickled by reference for the workers).
    items
        The units of work; small (paths, ids, parameters, a partition's texts), not whole
        tables: workers read large inputs from the shared project folder.
    execution
        From :func:`open_execution`.
    labels
        What each item holds, for progress and failures; defaults to « élément N ».
    desc, unit
        Progress bar text (default: « Tâches », « tâche » in French).
    retries
        How many times Dask retries an item whose task raised or whose worker died.
    show_progress
        Show a progress bar.

    Returns
    -------
    TaskResults
        Results in item order (``None`` where an item failed) and the failures, in item order.
    """
    results: list[R | None] = [None] * len(items)
    failures: list[TaskFailure] = []
    for i, result, failure in iter_tasks(
        func,
        items,
        execution=execution,
        labels=labels,
        desc=desc,
        unit=unit,
        retries=retries,
        show_progress=show_progress,
    ):
        results[i] = result
        if failure is not None:
            failures.append(failure)
    failures.sort(key=lambda f: f.index)
    return TaskResults(results, failures)
