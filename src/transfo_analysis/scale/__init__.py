"""Scale-out: the same stages in-process, on an embedded LocalCluster or on a Dask cluster.

- :func:`choose_scheduler` and :func:`open_execution` decide where a run executes and check the
  workers before any task (same code version, the French model, the project folder visible);
- :func:`run_tasks` applies a function to partitions there, results in item order, a failed
  partition named with its files while the others go on;
- :func:`staged_inputs` keeps the tasks' data out of the task graph (written to the shared
  project folder, each task reading its own with :func:`load_input`);
- :func:`write_partition` / :func:`read_partitions` keep a table as one Parquet file per
  partition (partitions are the corpus's: :func:`transfo_analysis.corpus.partition_of`),
  :func:`split_parquet` cuts a large table into such files a batch at a time, and
  :func:`partition_seed` derives a partition's seed from the project's.

See ``docs/scale.md``.
"""

from transfo_analysis.scale._cluster import (
    CONNECT_TIMEOUT,
    LOCAL_CLUSTER_WORDS,
    ClusterError,
    Execution,
    SchedulerChoice,
    choose_scheduler,
    local_cluster_size,
    local_worker_config,
    open_execution,
)
from transfo_analysis.scale._facts import worker_facts
from transfo_analysis.scale._inputs import StagedInput, load_input, staged_inputs
from transfo_analysis.scale._partitions import (
    partition_seed,
    read_partitions,
    split_parquet,
    write_partition,
    written_partitions,
)
from transfo_analysis.scale._tasks import TaskFailure, TaskResults, iter_tasks, run_tasks

__all__ = [
    "CONNECT_TIMEOUT",
    "LOCAL_CLUSTER_WORDS",
    "ClusterError",
    "Execution",
    "SchedulerChoice",
    "StagedInput",
    "TaskFailure",
    "TaskResults",
    "choose_scheduler",
    "iter_tasks",
    "load_input",
    "local_cluster_size",
    "local_worker_config",
    "open_execution",
    "partition_seed",
    "read_partitions",
    "run_tasks",
    "split_parquet",
    "staged_inputs",
    "worker_facts",
    "write_partition",
    "written_partitions",
]
