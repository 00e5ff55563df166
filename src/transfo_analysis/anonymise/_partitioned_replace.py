"""Replacement on Dask: the merge into the key on the client, the writing per partition.

After detection (``anonymise._partitioned``), the client makes the one deterministic merge of
the run's findings into the key (:func:`segments_plan`: every span registered in a fixed order,
each given its pseudonym, fictional names chosen in the corpus' order). Then each partition's
segments that hold a span are sent to a worker with the pseudonyms of their spans — the part of
the key their texts need, never the key file — and the worker writes the pseudonyms into the
texts, makes the audit rows and rebuilds the tokens of those segments
(:func:`replace_partition_task`). The client puts the results back in the corpus' order, then
pseudonymises the documents' and speakers' fields (few, and their pseudonyms follow the
segments'). The key, the audit log and the leak checker are those of one process.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from transfo_analysis.anonymise._detect import Detection
from transfo_analysis.anonymise._partitioned import (
    partition_tokens,
    run_partitions,
    segment_chunks,
)
from transfo_analysis.anonymise._pseudonyms import PseudonymKey
from transfo_analysis.anonymise._replace import apply_fields, replace_segments, segments_plan
from transfo_analysis.anonymise._tokens import rebuild_tokens
from transfo_analysis.corpus import Corpus, group_rows, partition_labels
from transfo_analysis.i18n import _
from transfo_analysis.scale import Execution, load_input, staged_inputs


def replace_partition_task(
    task: dict[str, Any],
) -> tuple[dict[str, str], list[dict], dict[str, list], list[pd.DataFrame]]:
    """The replacement in one partition's segments, on a worker: texts, audit rows, tokens.

    Parameters
    ----------
    task
        ``run`` (the run's timestamp) and ``part``: the partition's ``plan`` (see
        :func:`segments_plan`: only the segments that hold a span, with their pseudonyms) and
        the ``tokens`` of those segments, or the file of the partition's tokens (``None``
        without a parse); a :class:`~transfo_analysis.scale.StagedInput` on a cluster.

    Returns
    -------
    tuple
        New texts, audit rows (in the partition's order), replacements per segment, and the
        rebuilt tokens of the replaced segments (:func:`rebuild_tokens`).
    """
    part = load_input(task["part"])
    texts, audit, replacements = replace_segments(part["plan"], run=task["run"])
    rebuilt = []
    if part["tokens"] is not None:
        tokens = partition_tokens(part["tokens"], segments=part["plan"]["ids"])
        rebuilt = rebuild_tokens(tokens.assign(is_pseudonym=False), replacements)
    return texts, audit, replacements, rebuilt


def apply_on_partitions(
    corpus: Corpus,
    result: Detection,
    key: PseudonymKey,
    *,
    style: str,
    tokens: pd.DataFrame | Sequence[Path] | None,
    execution: Execution,
    work_dir: str | Path | None = None,
    show_progress: bool = True,
    chunks: list[tuple[int, pd.DataFrame]] | None = None,
) -> tuple[Corpus, list[dict], dict[str, list], list[pd.DataFrame] | None]:
    """What ``apply_all`` does, with the segments' replacement one task per partition.

    Parameters
    ----------
    corpus
        The corpus as read.
    result
        Its detection; ``result.used`` gains the entities replaced.
    key
        The key, extended here, on the client.
    style
        ``tags`` or ``names``.
    tokens
        The interim tokens, whose replaced segments are rebuilt on the workers, or one file of
        them per partition of :func:`segment_chunks` (``TokensFile.split``; ``None``: no
        parse).
    execution
        Where the partitions run.
    work_dir
        A project folder every worker sees, where each partition's inputs are written
        (:func:`transfo_analysis.scale.staged_inputs`); ``None``: scattered.
    show_progress
        Show a progress bar.
    chunks
        The corpus' segments by partition (:func:`segment_chunks`), when the caller has them
        already; cut here when ``None``.

    Returns
    -------
    tuple
        The pseudonymised corpus, the audit rows (segments in corpus order, then fields), the
        replacements per segment and the rebuilt tokens (for ``derive_tokens``'s ``rebuilt``;
        ``None`` without tokens) — the same as in one process.

    Raises
    ------
    TransfoError
        When a partition failed on every try (named with its files); nothing is written then.
    """
    run = time.strftime("%Y-%m-%dT%H:%M:%S")
    plan = segments_plan(corpus, result, key, style=style)
    chunks = chunks if chunks is not None else segment_chunks(corpus)
    pid_of = {seg: i for i, (_pid, part) in enumerate(chunks) for seg in part["segment_id"]}
    rows_of: list[list[int]] = [[] for _chunk in chunks]
    for n, seg_id in enumerate(plan["ids"]):
        rows_of[pid_of[seg_id]].append(n)
    used = [
        i for i, rows in enumerate(rows_of) if rows
    ]  # partitions with nothing to replace: no task
    touched = [[plan["ids"][n] for n in rows_of[i]] for i in used]
    # the tokens of the segments to rewrite, split by partition in one pass over the table (or
    # read by each task from its partition's file)
    part_tokens: list = [None] * len(used)
    if isinstance(tokens, pd.DataFrame):
        part_tokens = [tokens.iloc[rows] for rows in group_rows(tokens["segment_id"], touched)]
    elif tokens is not None:
        part_tokens = [tokens[i] for i in used]
    inputs = []
    for k, i in enumerate(used):
        inputs.append(
            {
                "plan": {name: [values[n] for n in rows_of[i]] for name, values in plan.items()},
                "tokens": part_tokens[k],
            }
        )
    labels = partition_labels(corpus.documents, [chunks[i] for i in used])
    with staged_inputs(inputs, execution=execution, folder=work_dir) as parts:
        outs = run_partitions(
            replace_partition_task,
            [{"run": run, "part": p} for p in parts],
            labels,
            execution=execution,
            desc=_("Pseudonymisation (replacement)"),
            show=show_progress,
        )
    texts: dict[str, str] = {}
    audit: list[dict] = []
    replacements: dict[str, list] = {}
    rebuilt: list[pd.DataFrame] = []
    for part_texts, part_audit, part_reps, part_rebuilt in outs:
        texts.update(part_texts)
        audit.extend(part_audit)
        replacements.update(part_reps)
        rebuilt.extend(part_rebuilt)
    position = {seg_id: n for n, seg_id in enumerate(plan["ids"])}
    audit.sort(key=lambda row: position[row["segment_id"]])  # stable: the corpus' order
    processed, field_rows = apply_fields(corpus, result, key, style=style, texts=texts, run=run)
    return processed, audit + field_rows, replacements, rebuilt if tokens is not None else None
