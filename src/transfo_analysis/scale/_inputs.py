"""Task inputs kept out of the task graph: workers read their partition from the shared folder.

A task that carries its partition's data (texts, tokens) makes the client send it through the
scheduler inside the graph: on the real corpora Dask warned « Sending large graph of size 13.83
MiB … Consider loading the data with Dask directly ». Following spaCy's maintainers' advice
(send paths, not texts: explosion/spaCy#5111), :func:`staged_inputs` writes each item to a file
in a folder every worker sees (the project folder, which ``open_execution`` checks at start) and
hands the tasks small references; each task reads its own input with :func:`load_input`. A task
retried after its worker died reads the same file again. The files are removed when the block
ends.

In this process nothing is written: the items are passed as they are. Without a shared folder
(an in-memory call on a cluster), the items are scattered to the workers once, outside the
graph; a scattered item lives on one worker, so a task whose worker dies cannot be retried then.
"""

from __future__ import annotations

import os
import pickle
import shutil
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transfo_analysis.provenance import atomic_path
from transfo_analysis.scale._cluster import Execution

#: prefix of the hidden folders holding a run's task inputs (removed at the end of the run)
INPUTS_PREFIX = ".task-inputs-"


@dataclass(frozen=True)
class StagedInput:
    """A reference to one task's input, written to a file every worker sees.

    Attributes
    ----------
    path
        The input's file (a pickle written by the client of the same run).
    """

    path: str

    def load(self) -> Any:
        """Read the input (on the worker)."""
        with open(self.path, "rb") as fh:
            return pickle.load(fh)


def load_input(item: Any) -> Any:
    """The input of a task: read from its file when it was staged, else the item itself.

    Parameters
    ----------
    item
        What the task received: a :class:`StagedInput` or the input itself (in-process).

    Returns
    -------
    object
        The input.
    """
    return item.load() if isinstance(item, StagedInput) else item


@contextmanager
def staged_inputs(
    items: Sequence[Any], *, execution: Execution, folder: str | os.PathLike[str] | None
) -> Iterator[list[Any]]:
    """Keep the items out of the task graph while the block runs.

    Parameters
    ----------
    items
        One input per task (picklable).
    execution
        Where the tasks run; in this process the items are yielded as they are.
    folder
        A folder of the project, seen by every worker, under which the inputs are written (in a
        hidden sub-folder removed at the end); ``None``: the items are scattered instead.

    Yields
    ------
    list
        What to give the tasks, in item order (pass each through :func:`load_input` in the
        task).
    """
    if execution.client is None:
        yield list(items)
        return
    if folder is None:
        yield execution.client.scatter(list(items), hash=False)
        return
    where = Path(folder) / f"{INPUTS_PREFIX}{uuid.uuid4().hex[:12]}"
    where.mkdir(parents=True, exist_ok=True)
    try:
        refs = []
        for i, item in enumerate(items):
            target = where / f"input-{i:05d}.pickle"
            with atomic_path(target) as tmp, open(tmp, "wb") as fh:
                os.chmod(tmp, 0o600)  # partitions of the first stages hold identifying text
                pickle.dump(item, fh, protocol=pickle.HIGHEST_PROTOCOL)
            refs.append(StagedInput(str(target)))
        yield refs
    finally:
        shutil.rmtree(where, ignore_errors=True)
