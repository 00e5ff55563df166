"""Scale-out: the same stages in-process, on an embedded LocalCluster or on a Dask cluster.

- :func:`choose_scheduler` and :func:`open_execution` decide where a run executes and check the
  workers before any task (same code version, the French model, the project folder visible);
- :func:`run_tasks` applies a function to partitions there, results in item order, a failed
  partition named with its files while the others go on;
- :func:`partition_of`, :func:`partition_count` and the partitioned-table helpers cut a corpus
  by a stable hash of document ids, so partitions depend on the data, never on the workers.

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
    open_execution,
)
from transfo_analysis.scale._partitions import (
    MAX_PARTITIONS,
    WORDS_PER_PARTITION,
    assign_partitions,
    partition_count,
    partition_of,
    partition_seed,
    read_partitions,
    split,
    write_partition,
    written_partitions,
)
from transfo_analysis.scale._tasks import TaskFailure, TaskResults, run_tasks
from transfo_analysis.scale._worker import PipelinePlugin, worker_facts

__all__ = [
    "CONNECT_TIMEOUT",
    "LOCAL_CLUSTER_WORDS",
    "MAX_PARTITIONS",
    "WORDS_PER_PARTITION",
    "ClusterError",
    "Execution",
    "PipelinePlugin",
    "SchedulerChoice",
    "TaskFailure",
    "TaskResults",
    "assign_partitions",
    "choose_scheduler",
    "local_cluster_size",
    "open_execution",
    "partition_count",
    "partition_of",
    "partition_seed",
    "read_partitions",
    "run_tasks",
    "split",
    "worker_facts",
    "write_partition",
    "written_partitions",
]
