"""Detection on Dask: both passes per partition on the workers, the merges on the client.

The in-process detection (:func:`run_detection`) reads every segment twice: pass 1 finds names
by patterns, markup, context and NER and teaches them to the detector's name index; pass 2
searches every known name in every segment. Pass 1 of a segment does not read the index, and
pass 2 only reads it, so the work splits into

1. pass 1 per partition on the workers, each segment's index additions recorded;
2. on the client, the additions and :meth:`Detector.learn` replayed in the corpus' segment
   order: the very index the in-process run builds, in the same order;
3. pass 2 per partition on the workers with that index;
4. on the client, the spans gathered in the segment order, then the identifying fields.

The result is the :class:`Detection` :func:`run_detection` returns, span for span; the key
(``secure/``) is never sent: workers get a copy of the detector whose ``key`` is empty (the
names of earlier runs are in its index already, as originals to search, without pseudonyms).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from transfo_analysis.anonymise._detect import (
    Detection,
    Detector,
    detect_fields,
    prime_detector,
)
from transfo_analysis.anonymise._fold import fold
from transfo_analysis.anonymise._pseudonyms import PseudonymKey
from transfo_analysis.anonymise._tokens import TokenIndex
from transfo_analysis.corpus import (
    Corpus,
    group_rows,
    in_ids,
    n_partitions,
    partition_keys,
    partition_labels,
    partitions,
)
from transfo_analysis.i18n import _
from transfo_analysis.scale import Execution, load_input, run_tasks, staged_inputs

#: the token columns a detection reads (offsets and parts of speech)
TOKEN_COLUMNS = ["segment_id", "start", "end", "pos"]


class _IndexLog:
    """Stands for the name index during one segment's pass 1 and records what is added."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple, dict]] = []

    def add(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append(("add", args, kwargs))

    def add_person(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append(("add_person", args, kwargs))


def _for_workers(detector: Detector) -> Detector:
    """A shallow copy of the detector without the key (its names are in the index already)."""
    shipped = copy.copy(detector)
    shipped.key = PseudonymKey()
    return shipped


def segment_chunks(corpus: Corpus) -> list[tuple[int, pd.DataFrame]]:
    """The corpus' segments by partition, as detection and replacement cut them."""
    segs = corpus.segments
    return list(
        partitions(segs, n_partitions(len(segs)), key=partition_keys(segs, corpus.documents))
    )


def partition_tokens(
    tokens: pd.DataFrame | str | Path,
    *,
    columns: Sequence[str] | None = None,
    segments: Sequence[str] | None = None,
) -> pd.DataFrame:
    """A partition's tokens as its task received them: a table, or its partition's file.

    Parameters
    ----------
    tokens
        The table, or the partition's Parquet file (``TokensFile.split``), read here.
    columns
        The columns to read from a file (all when ``None``).
    segments
        Keep only the rows of these segments (read from a file: all its segments otherwise).

    Returns
    -------
    pandas.DataFrame
        The tokens.
    """
    if not isinstance(tokens, str | Path):
        return tokens
    frame = pd.read_parquet(tokens, columns=list(columns) if columns is not None else None)
    if segments is not None:
        frame = frame[in_ids(frame["segment_id"], list(segments))].reset_index(drop=True)
    return frame


def _part_inputs(
    chunks: list[tuple[int, pd.DataFrame]],
    tokens: pd.DataFrame | Sequence[Path],
    entities: pd.DataFrame,
) -> list[dict]:
    """Each partition's texts, tokens (or tokens file) and entities, each table cut in one pass."""
    ids = [part["segment_id"].tolist() for _pid, part in chunks]
    if isinstance(tokens, pd.DataFrame):
        tok_rows = group_rows(tokens["segment_id"], ids)
        part_tokens: list = [tokens.iloc[rows] for rows in tok_rows]
    else:
        part_tokens = list(tokens)
    ent_rows = group_rows(entities["segment_id"], ids) if len(entities) else None
    return [
        {
            "ids": ids[i],
            "docs": part["doc_id"].astype(str).tolist(),
            "texts": part["text"].astype(str).tolist(),
            "tokens": part_tokens[i],
            "entities": entities.iloc[ent_rows[i]] if ent_rows is not None else entities,
        }
        for i, (_pid, part) in enumerate(chunks)
    ]


def first_pass_task(task: dict[str, Any]) -> list[tuple[list, list]]:
    """Pass 1 of one partition: each segment's spans and the index additions it made.

    Parameters
    ----------
    task
        ``detector`` (without key) and ``part``: the partition's ``ids``, ``docs``, ``texts``,
        ``tokens``, ``entities`` (a :class:`~transfo_analysis.scale.StagedInput` on a cluster,
        read here from the project folder).

    Returns
    -------
    list
        Per segment, in the partition's order: its pass-1 spans and the recorded
        ``(method, args, kwargs)`` calls on the name index.
    """
    detector = copy.copy(task["detector"])  # a worker may hold it for several tasks
    part = load_input(task["part"])
    tindex = TokenIndex(partition_tokens(part["tokens"], columns=TOKEN_COLUMNS))
    ents = part["entities"]
    by_seg = dict(tuple(ents.groupby("segment_id", sort=False))) if len(ents) else {}
    out = []
    for seg_id, doc_id, text in zip(part["ids"], part["docs"], part["texts"], strict=True):
        log = _IndexLog()
        detector.index = log
        spans = detector.first_pass(
            text,
            entities=by_seg.get(seg_id),
            pos_at=tindex.pos_lookup(seg_id),
            folded=fold(text),
            doc_id=doc_id,
        )
        out.append((spans, log.calls))
    return out


def second_pass_task(task: dict[str, Any]) -> list[list]:
    """Pass 2 of one partition: the final spans of each segment, with the complete index.

    Parameters
    ----------
    task
        As for :func:`first_pass_task`, plus ``first`` (the pass-1 spans per segment, staged
        like ``part``).

    Returns
    -------
    list
        The final, non-overlapping spans per segment, in the partition's order.
    """
    detector = task["detector"]
    part, firsts = load_input(task["part"]), load_input(task["first"])
    tindex = TokenIndex(partition_tokens(part["tokens"], columns=TOKEN_COLUMNS))
    return [
        detector.detect(text, first, pos_at=tindex.pos_lookup(seg_id), folded=fold(text), doc_id=d)
        for seg_id, d, text, first in zip(
            part["ids"], part["docs"], part["texts"], firsts, strict=True
        )
    ]


def run_partitions(
    func, tasks: list[dict], labels: list[str], *, execution: Execution, desc: str, show
):
    out = run_tasks(
        func,
        tasks,
        execution=execution,
        labels=labels,
        desc=desc,
        unit="partition",
        show_progress=show,
    )
    # no partial pseudonymisation: a missed partition would leave names in clear
    out.raise_failures(
        _("pseudonymisation stopped, nothing written: {failures}"),
        hint=_("fix or remove these files, then rerun; the previous outputs are unchanged"),
    )
    return out.results


def detect_on_partitions(
    corpus: Corpus,
    detector: Detector,
    *,
    tokens: pd.DataFrame | Sequence[Path],
    entities: pd.DataFrame,
    execution: Execution,
    work_dir: str | Path | None = None,
    show_progress: bool = True,
    chunks: list[tuple[int, pd.DataFrame]] | None = None,
) -> Detection:
    """Both detection passes, one task per partition and pass, merged on the client.

    Parameters
    ----------
    corpus
        The corpus as read (identifying).
    detector
        Its detector (:func:`build_detector`); its index is completed here, as
        :func:`run_detection` does.
    tokens
        The parse's tokens, or one Parquet file of them per partition of
        :func:`segment_chunks` (``TokensFile.split``, read by each task: the table is then never
        whole in this process).
    entities
        The parse's entities.
    execution
        Where the partitions run (:func:`transfo_analysis.scale.open_execution`).
    work_dir
        A folder of the project every worker sees, where each partition's inputs are written
        for its tasks to read (:func:`transfo_analysis.scale.staged_inputs`), so that texts and
        tokens never travel in the task graph; ``None``: they are scattered to the workers.
    show_progress
        Show progress bars.
    chunks
        The corpus' segments by partition (:func:`segment_chunks`), when the caller has them
        already; cut here when ``None``.

    Returns
    -------
    Detection
        The same spans, in the same order, as :func:`run_detection` on the same inputs.

    Raises
    ------
    TransfoError
        When a partition failed on every try (named with its files); nothing is detected then.
    """
    prime_detector(corpus, detector)
    segs = corpus.segments
    if isinstance(tokens, pd.DataFrame):
        tokens = tokens[[c for c in TOKEN_COLUMNS if c in tokens]]
    chunks = chunks if chunks is not None else segment_chunks(corpus)
    labels = partition_labels(corpus.documents, chunks)
    inputs = _part_inputs(chunks, tokens, entities)

    def shipped(**staged: list) -> list[dict]:
        ref = _for_workers(detector)
        if execution.client is not None:  # once per worker, outside the graph
            ref = execution.client.scatter(ref, broadcast=True, hash=False)
        return [
            {"detector": ref, **{k: refs[i] for k, refs in staged.items()}}
            for i in range(len(inputs))
        ]

    with staged_inputs(inputs, execution=execution, folder=work_dir) as parts:
        passes = run_partitions(
            first_pass_task,
            shipped(part=parts),
            labels,
            execution=execution,
            desc=_("Pseudonymisation (1/2)"),
            show=show_progress,
        )
        first = _replay_first_pass(segs, detector, inputs, passes)
        firsts = [[first[s][0] for s in inp["ids"]] for inp in inputs]
        with staged_inputs(firsts, execution=execution, folder=work_dir) as first_refs:
            finals = run_partitions(
                second_pass_task,
                shipped(part=parts, first=first_refs),
                labels,
                execution=execution,
                desc=_("Pseudonymisation (2/2)"),
                show=show_progress,
            )
    final = {
        seg_id: spans
        for inp, found in zip(inputs, finals, strict=True)
        for seg_id, spans in zip(inp["ids"], found, strict=True)
    }
    result = Detection(detector=detector)
    for seg_id in segs["segment_id"]:
        result.segments[seg_id] = final[seg_id]
    detect_fields(corpus, detector, result)
    return result


def _replay_first_pass(
    segs: pd.DataFrame, detector: Detector, inputs: list[dict], passes: list
) -> dict[str, tuple[list, list]]:
    """Replay pass 1's index additions and learning in the corpus' segment order."""
    first: dict[str, tuple[list, list]] = {}
    for inp, found in zip(inputs, passes, strict=True):
        for seg_id, (spans, calls) in zip(inp["ids"], found, strict=True):
            first[seg_id] = (spans, calls)
    # the index the in-process run builds, in its order: segment by segment, additions then learning
    for seg_id in segs["segment_id"]:
        spans, calls = first[seg_id]
        for name, args, kwargs in calls:
            getattr(detector.index, name)(*args, **kwargs)
        detector.learn(spans)
    return first
