"""Where the stages run: in this process, on an embedded ``LocalCluster``, or on a Dask cluster.

``transfo run --scheduler tcp://HOST:8786`` (or ``--scheduler-file F``, or the usual
``DASK_SCHEDULER_ADDRESS``) runs on an existing cluster; ``--scheduler local`` starts an embedded
``LocalCluster`` sized for spaCy; without the option a small project runs in-process as before
and a large one (over :data:`LOCAL_CLUSTER_WORDS` words) on the embedded cluster.

Before any task is sent, every worker is asked what it has (package version and source hash,
spaCy, the French model, whether it sees the project folder): a worker that differs is refused at
start with the versions shown, instead of failing deep inside a task.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from transfo_analysis.errors import TransfoError
from transfo_analysis.i18n import _, ngettext
from transfo_analysis.numbers import fr_number
from transfo_analysis.scale import _facts
from transfo_analysis.scale._facts import worker_facts
from transfo_analysis.scale._heap import HeapPlugin

if TYPE_CHECKING:
    from distributed import Client

#: above this many words, a run without ``--scheduler`` uses the embedded LocalCluster
LOCAL_CLUSTER_WORDS = 1_000_000
#: seconds to wait for a scheduler before saying it cannot be reached
CONNECT_TIMEOUT = 10.0
#: seconds given to the client and the embedded cluster to stop at the end of a run
CLOSE_TIMEOUT = 60.0
#: the variable that turns Dask's statistical profiler of the embedded workers back on
PROFILE_VARIABLE = "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED"

Kind = Literal["in-process", "local", "address", "file"]


class ClusterError(TransfoError):
    """The cluster cannot be used: unreachable, or workers that differ from this machine."""


@dataclass(frozen=True)
class SchedulerChoice:
    """Which execution a run asked for.

    Attributes
    ----------
    kind
        ``in-process``, ``local`` (embedded LocalCluster), ``address`` or ``file``.
    target
        The scheduler address or scheduler file, for ``address`` and ``file``.
    reason
        Why, in French, for the run's log.
    """

    kind: Kind
    target: str | None = None
    reason: str = ""


def choose_scheduler(
    scheduler: str | None = None,
    *,
    scheduler_file: str | Path | None = None,
    n_words: int = 0,
    threshold: int = LOCAL_CLUSTER_WORDS,
) -> SchedulerChoice:
    """Decide where to run from the options, the environment and the corpus size.

    Parameters
    ----------
    scheduler
        ``None``, ``"local"``, ``"in-process"`` or a scheduler address (``tcp://HOST:8786``).
    scheduler_file
        A Dask scheduler file (``dask scheduler --scheduler-file F``).
    n_words
        Size of the corpus, used only when nothing was asked for.
    threshold
        Words from which an unspecified run uses the embedded LocalCluster.

    Returns
    -------
    SchedulerChoice
        The kind of execution, its target and the reason, in French.
    """
    if scheduler and scheduler_file:
        raise ClusterError(
            _("--scheduler and --scheduler-file cannot be given together"),
            hint=_("choose one of them"),
        )
    if scheduler_file:
        return SchedulerChoice("file", str(scheduler_file), _("scheduler file given"))
    if scheduler in ("local", "locale"):
        return SchedulerChoice("local", None, _("--scheduler local"))
    if scheduler in ("in-process", "aucun", "none"):
        return SchedulerChoice("in-process", None, _("--scheduler in-process"))
    if scheduler:
        return SchedulerChoice("address", scheduler, _("--scheduler given"))
    env = os.environ.get("DASK_SCHEDULER_ADDRESS")
    if env:
        return SchedulerChoice("address", env, "DASK_SCHEDULER_ADDRESS")
    if n_words > threshold:
        return SchedulerChoice(
            "local",
            None,
            _("corpus of {words} words, over {threshold}: embedded local cluster").format(
                words=fr_number(n_words),
                threshold=fr_number(threshold),
            ),
        )
    return SchedulerChoice(
        "in-process",
        None,
        _("corpus of {words} words, up to {threshold}: no cluster needed").format(
            words=fr_number(n_words), threshold=fr_number(threshold)
        ),
    )


def local_cluster_size(
    *, cores: int | None = None, memory_bytes: int | None = None
) -> dict[str, Any]:
    """Workers, threads and memory limit of the embedded LocalCluster, sized for spaCy.

    spaCy's ``nlp.pipe`` holds the GIL: one thread per worker and one worker per core; each
    worker gets an equal share of 80 % of the memory (at least 2 GiB: a French model with its
    batches peaks at 0.9–1.4 GB).

    Parameters
    ----------
    cores
        Cores to use (default: those this process may run on).
    memory_bytes
        Memory of the machine (default: all of it).

    Returns
    -------
    dict
        ``n_workers``, ``threads_per_worker`` and ``memory_limit`` (bytes per worker), the
        keyword arguments of ``LocalCluster``.
    """
    import psutil

    if cores is None:
        has_affinity = hasattr(os, "sched_getaffinity")
        cores = len(os.sched_getaffinity(0)) if has_affinity else (os.cpu_count() or 1)
    memory_bytes = memory_bytes or psutil.virtual_memory().total
    n_workers = max(1, cores)
    per_worker = max(2 << 30, int(memory_bytes * 0.8 / n_workers))
    return {"n_workers": n_workers, "threads_per_worker": 1, "memory_limit": per_worker}


@dataclass
class Execution:
    """An execution target: in-process (``client`` is None) or a Dask client."""

    choice: SchedulerChoice
    client: Client | None = None
    dashboard: str | None = None
    workers: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def distributed(self) -> bool:
        """Whether tasks go to Dask workers."""
        return self.client is not None

    @property
    def worker_memory(self) -> int | None:
        """The smallest memory limit of the workers, in bytes.

        ``None`` in-process, or when a worker has no limit (``--memory-limit 0``).
        """
        if self.client is None:
            return None
        workers = self.client.scheduler_info(n_workers=-1)["workers"].values()
        limits = [int(w.get("memory_limit") or 0) for w in workers]
        return min(limits) if limits and all(limits) else None

    def describe(self) -> str:
        """One French line saying where the run executes."""
        if self.client is None:
            return _("Running in this process ({reason}).").format(reason=self.choice.reason)
        where = (
            _("the embedded local cluster")
            if self.choice.kind == "local"
            else _("the cluster {address}").format(address=self.choice.target)
        )
        line = ngettext(
            "Running on {where}: {n} worker", "Running on {where}: {n} workers", len(self.workers)
        ).format(where=where, n=len(self.workers))
        if self.dashboard:
            line += _(" · Dask dashboard: {url}").format(url=self.dashboard)
        return line + "."


@contextmanager
def open_execution(
    choice: SchedulerChoice,
    *,
    project_root: str | Path | None = None,
    model: str | None = None,
    plugins: Sequence[Any] = (),
    connect_timeout: float = CONNECT_TIMEOUT,
    local_size: dict[str, Any] | None = None,
) -> Iterator[Execution]:
    """Open the execution a :class:`SchedulerChoice` names, check its workers, close it after.

    Parameters
    ----------
    choice
        From :func:`choose_scheduler`.
    project_root
        The project folder every worker must see (shared file system); checked at start.
    model
        The spaCy model every worker must have (checked at start).
    plugins
        Dask worker plugins registered once the workers are checked (the parse's
        ``nlp.PipelinePlugin`` loads the model once per worker).
    connect_timeout
        Seconds to wait for a remote scheduler.
    local_size
        Overrides :func:`local_cluster_size` for the embedded cluster (``n_workers``,
        ``threads_per_worker``, ``memory_limit``).

    Yields
    ------
    Execution
        In-process (no client) or a checked Dask client; closed (with the embedded cluster)
        when the block ends.

    Raises
    ------
    ClusterError
        The scheduler cannot be reached within ``connect_timeout`` seconds, or a worker has
        another version of the package, no French model, or cannot see the project.
    """
    if choice.kind == "in-process":
        yield Execution(choice)
        return
    from distributed import Client, LocalCluster

    cluster = None
    client: Client | None = None
    try:
        if choice.kind == "local":
            import dask

            size = local_size or local_cluster_size()
            with dask.config.set(local_worker_config()):  # the nannies keep it for restarts
                cluster = LocalCluster(
                    host="127.0.0.1",
                    processes=True,
                    dashboard_address="127.0.0.1:0",
                    silence_logs=logging.ERROR,
                    **size,
                )
            client = Client(cluster, set_as_default=False)
        else:
            client = _connect(choice, timeout=connect_timeout)
        try:
            workers = _check_workers(client, project_root=project_root, model=model)
            for plugin in (HeapPlugin(), *plugins):
                client.register_plugin(plugin)
        except (OSError, RuntimeError) as exc:  # CommClosedError, TimeoutError: a worker lost
            raise ClusterError(
                _(
                    "the Dask workers stopped answering while they were being prepared (checks, "
                    "loading the French model): {error}"
                ).format(error=f"{type(exc).__name__}: {exc}"[:300]),
                hint=_(
                    "the machine may be overloaded or short of memory: rerun when it is freer, "
                    "give the workers more memory, or run without --scheduler (in this process)"
                ),
            ) from None
        yield Execution(choice, client, _dashboard(client), workers)
    finally:
        _close(client, cluster)


def local_worker_config(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Dask settings of the embedded cluster's workers: no statistical profiler by default.

    Every worker samples its own stack every 10 ms and keeps one profile per second for the
    last 1,000 seconds (``distributed.admin.low-level-log-length``): a worker parsing French
    grew by about 0.3 MiB/s for its first 17 minutes, so a long parse (500,000 answers and more)
    ended with 250–300 MiB more per worker than a short one, a growth with the corpus' size
    that is not the corpus' (benchmarks/README.md, session 24). The dashboard's « Profile »
    page is empty without it; setting ``DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED`` (``True``
    or ``False``) leaves the choice to Dask's own configuration.

    Parameters
    ----------
    environ
        The environment to read (``os.environ`` by default).

    Returns
    -------
    dict
        Dask configuration keys and values for ``dask.config.set``.
    """
    if PROFILE_VARIABLE in (os.environ if environ is None else environ):
        return {}
    return {"distributed.worker.profile.enabled": False}


def _close(client: Client | None, cluster: Any) -> None:
    """Close the client, then the embedded cluster; a slow stop is no failure of the run.

    On a loaded machine the workers of a LocalCluster may take longer to stop than Dask waits
    (`SpecCluster._correct_state` raised ``TimeoutError`` after « STATUT : OK »): the results
    are already written, so the user is told in French and the run keeps its status. The worker
    processes are children of this one and end with it.
    """
    for closing in (client, cluster):
        if closing is None:
            continue
        try:
            closing.close(timeout=CLOSE_TIMEOUT)
        except (TimeoutError, OSError) as exc:
            print(
                _(
                    "The Dask cluster took more than {seconds} s to stop ({error}); the results "
                    "are saved, its workers stop with this program."
                ).format(seconds=fr_number(CLOSE_TIMEOUT), error=type(exc).__name__),
                file=sys.stderr,
            )


def _connect(choice: SchedulerChoice, *, timeout: float) -> Client:
    from distributed import Client

    what = choice.target or ""
    try:
        if choice.kind == "file":
            if not Path(what).is_file():
                raise ClusterError(
                    _("scheduler file not found: {path}").format(path=what),
                    hint=_("give the file written by `dask scheduler --scheduler-file F`"),
                )
            return Client(scheduler_file=what, timeout=timeout, set_as_default=False)
        return Client(what, timeout=timeout, set_as_default=False)
    except ClusterError:
        raise
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(
            _("cannot reach the Dask scheduler {address} within {seconds:g} s ({error})").format(
                address=what, seconds=timeout, error=type(exc).__name__
            ),
            hint=_(
                "check the address (tcp://HOST:8786), that `dask scheduler` is running and that "
                "the "
                "port is open; without a cluster, run without --scheduler"
            ),
        ) from None


def _dashboard(client: Client) -> str | None:
    try:
        link = client.dashboard_link
    except Exception:  # no bokeh on the scheduler, or no dashboard service
        return None
    return link or None


def _check_workers(
    client: Client, *, project_root: str | Path | None, model: str | None
) -> dict[str, dict[str, Any]]:
    here = worker_facts(project_root=project_root, model=model)
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
    except (TimeoutError, OSError):
        raise ClusterError(
            _("the Dask scheduler has no worker"),
            hint=_("start at least one `dask worker ADDRESS` on a machine that sees the project"),
        ) from None
    # the workers run the real function, by reference; ``here`` may differ (other code)
    facts: dict[str, dict[str, Any]] = client.run(
        _facts.worker_facts, project_root=str(project_root) if project_root else None, model=model
    )
    problems = []
    for address, theirs in sorted(facts.items()):
        for key, label in (("version", _("version")), ("source", _("code"))):
            if theirs[key] != here[key]:
                problems.append(
                    _("{worker}: {what} {theirs} (here {ours})").format(
                        worker=address, what=label, theirs=theirs[key], ours=here[key]
                    )
                )
        if model and not theirs["model"]:
            problems.append(
                _("{worker}: spaCy model {model} missing").format(worker=address, model=model)
            )
        if project_root and not theirs["project_visible"]:
            problems.append(
                _("{worker}: cannot see the project folder {path}").format(
                    worker=address, path=project_root
                )
            )
    if problems:
        raise ClusterError(
            _("Dask workers refused: {problems}").format(problems="; ".join(problems)),
            hint=_(
                "install the same version of transfo-analysis and the French model on every "
                "worker, and share the project folder (a common file system); see docs/scale.md"
            ),
        )
    return facts
