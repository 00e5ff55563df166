"""The textometry tables of a project, written under ``<project>/processed/textometry/``.

:func:`textometry_project` reads the pseudonymised corpus and tokens, computes the tables below with
the project's settings and writes them with :func:`save_textometry` (Parquet, plus
``provenance.json`` and the ``reinert.json`` summary). Reports and dashboards read them back
with :func:`load_textometry`.

``reinert_segments``, ``reinert_classes``, ``reinert_profiles``, ``reinert_typical``,
``reinert_crossings``, ``reinert_tree``
    the Reinert classification (absent when the corpus is too small: ``reinert.json`` says why);
``specificities_role``
    every respondent role against the others, whole corpus;
``specificities_territory``
    every territory against the others (respondents);
``specificities_users_agents``
    users against agents within each territory (column ``territory``), and over the whole
    corpus (``territory`` = :data:`ALL_TERRITORIES`);
``frequencies``
    content lemmas per territory and role; ``repeated_segments``: repeated segments.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from transfo_analysis.config import Project, ReinertSettings, Settings
from transfo_analysis.corpus import (
    Corpus,
    group_rows,
    load_corpus,
    n_partitions,
    partition_keys,
    partition_labels,
    partitions,
)
from transfo_analysis.errors import NotReadyError
from transfo_analysis.i18n import _
from transfo_analysis.provenance import record, write_tables
from transfo_analysis.scale import (
    Execution,
    SchedulerChoice,
    load_input,
    run_tasks,
    split_parquet,
    staged_inputs,
)
from transfo_analysis.textometry._lexical import (
    LexicalCounts,
    lexical_counts,
    lexical_tables,
    merge_lexical,
)
from transfo_analysis.textometry._tables import ORDER
from transfo_analysis.textometry._units import UnitLemmas, merge_unit_lemmas, unit_lemmas
from transfo_analysis.textometry.reinert import (
    NotEnoughDataError,
    ReinertResult,
    classify,
    reinert_segments,
)
from transfo_analysis.textometry.repeated import (
    SequenceWords,
    count_repeated,
    merge_sequence_words,
    sequence_words,
)

SUMMARY_FILE = "reinert.json"


@dataclass
class TextometryResults:
    """Everything :func:`compute_textometry` produced: the classification (or ``None``), the
    other tables by artifact name, and a summary.
    """

    reinert: ReinertResult | None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)

    def all_tables(self) -> dict[str, pd.DataFrame]:
        """Every table by artifact name, the classification's included."""
        out = dict(self.tables)
        r = self.reinert
        if r is not None:
            out.update(
                {
                    "reinert_segments": r.units,
                    "reinert_classes": r.classes,
                    "reinert_profiles": r.profiles,
                    "reinert_typical": r.typical,
                    "reinert_crossings": r.crossings,
                    "reinert_tree": r.tree,
                }
            )
        return out


def textometry_dir(project: Project) -> Path:
    """``<project>/processed/textometry``.

    Parameters
    ----------
    project
        The project.

    Returns
    -------
    The folder of the textometry tables.
    """
    return project.textometry_dir


@dataclass
class PartitionCounts:
    """What one partition gives the textometry stage (the map's output)."""

    lexical: LexicalCounts
    lemmas: UnitLemmas
    words: SequenceWords


def textometry_partition(
    segments: pd.DataFrame, tokens: pd.DataFrame, *, settings: ReinertSettings
) -> PartitionCounts:
    """The counts of one partition of a corpus, for every textometry table: the map.

    Parameters
    ----------
    segments
        The partition's turns (:func:`stage_segments`), with their ``ORDER`` in the corpus.
    tokens
        Their tokens.
    settings
        The project's ``reinert`` settings (text segment size, active parts of speech).

    Returns
    -------
    PartitionCounts
        Lexical counts, text segments with their lemmas, and words for the repeated segments.
    """
    return PartitionCounts(
        lexical=lexical_counts(segments, tokens),
        lemmas=unit_lemmas(segments, tokens, size=settings.segment_size, pos=settings.active_pos),
        words=sequence_words(segments, tokens),
    )


def textometry_partition_task(task: dict[str, Any]) -> PartitionCounts:
    """:func:`textometry_partition` on a worker (or here): reads the partition's tokens file.

    Parameters
    ----------
    task
        ``segments`` (the partition's turns, or a :class:`~transfo_analysis.scale.StagedInput`),
        ``tokens`` (the path of its tokens, :func:`~transfo_analysis.scale.split_parquet`) and
        ``settings`` (:class:`ReinertSettings`).

    Returns
    -------
    PartitionCounts
        The partition's counts.
    """
    tokens = pd.read_parquet(task["tokens"])
    return textometry_partition(load_input(task["segments"]), tokens, settings=task["settings"])


def stage_segments(corpus: Corpus, settings: Settings) -> pd.DataFrame:
    """The turns the stage reads: the interviewer's out (unless asked), metadata and ``ORDER`` in.

    Parameters
    ----------
    corpus
        The pseudonymised corpus.
    settings
        The project's settings.

    Returns
    -------
    pandas.DataFrame
        The turns in corpus order, with the classification's metadata columns and their
        position (``ORDER``).
    """
    cfg = settings.reinert
    segs = corpus.segments if cfg.include_interviewer else corpus.respondent_segments()
    segs = reinert_segments(segs, cfg, documents=corpus.documents, speakers=corpus.speakers)
    return segs.assign(**{ORDER: np.arange(len(segs))}).reset_index(drop=True)


def stage_partitions(segs: pd.DataFrame, corpus: Corpus) -> list[tuple[int, pd.DataFrame]]:
    """The stage's partitions of the turns (whole documents, or respondents of a survey)."""
    key = partition_keys(segs, corpus.documents)
    return list(partitions(segs, n_partitions(len(segs)), key=key)) or [(0, segs)]


def compute_textometry(
    corpus: Corpus,
    tokens: pd.DataFrame,
    *,
    settings: Settings | None = None,
    show_progress: bool = False,
) -> TextometryResults:
    """Reinert classification, specificities, frequencies and repeated segments of a corpus.

    The interviewer's turns are left out (unless ``reinert.include_interviewer``). A corpus too
    small for the classification still gets its other tables; the summary says why the
    classification is missing. The work is the stage's map-reduce (one
    :func:`textometry_partition` per partition, then one merge), run here on tokens in memory.

    Parameters
    ----------
    corpus
        The pseudonymised corpus.
    tokens
        Its tokens table.
    settings
        The project's settings (``reinert`` and ``textometry`` sections); defaults when omitted.
    show_progress
        Show progress bars.

    Returns
    -------
    The tables, the Reinert result (``None`` when not computed) and a summary.
    """
    settings = settings or Settings()
    t0 = time.perf_counter()
    segs = stage_segments(corpus, settings)
    chunks = stage_partitions(segs, corpus)
    rows = group_rows(tokens["segment_id"], [chunk["segment_id"] for _pid, chunk in chunks])
    parts = [
        textometry_partition(chunk, tokens.iloc[at], settings=settings.reinert)
        for (_pid, chunk), at in zip(chunks, rows, strict=True)
    ]
    return merge_textometry(segs, parts, settings=settings, show_progress=show_progress, started=t0)


def _merged(merge: Any, pieces: list) -> Any:
    """``merge(pieces)``, the pieces freed as soon as the merge is done."""
    try:
        return merge(pieces)
    finally:
        pieces.clear()


def merge_textometry(
    segs: pd.DataFrame,
    parts: list[PartitionCounts],
    *,
    settings: Settings,
    show_progress: bool = False,
    started: float | None = None,
) -> TextometryResults:
    """Every textometry table from the counts of all the partitions: the reduce.

    The result equals the same computation on the whole corpus, whatever the partitions.

    Parameters
    ----------
    segs
        The turns (:func:`stage_segments`), with their texts.
    parts
        One :class:`PartitionCounts` per partition (at least one). The list is emptied: each
        partition's counts are freed as soon as they are merged.
    settings
        The project's settings.
    show_progress
        Show a progress bar over the classification's splits.
    started
        When the stage began (``time.perf_counter``), for the timings.

    Returns
    -------
    TextometryResults
        The tables, the Reinert result (``None`` when not computed) and a summary.
    """
    cfg = settings.reinert
    t0 = time.perf_counter() if started is None else started
    summary: dict[str, Any] = {"n_turns": int(len(segs)), "n_partitions": len(parts)}
    lexical = [p.lexical for p in parts]
    lemmas = [p.lemmas for p in parts]
    words = [p.words for p in parts]
    parts.clear()  # each partition's counts are freed once merged
    merged_lemmas = _merged(merge_unit_lemmas, lemmas)
    try:
        result = classify(
            segs,
            merged_lemmas,
            settings=cfg,
            seed=settings.seed,
            show_progress=show_progress,
            started=t0,
        )
        summary["reinert"] = {"status": "ok", **result.summary}
    except NotEnoughDataError as exc:
        result = None
        summary["reinert"] = {"status": "not computed", "reason": exc.message, "hint": exc.hint}
    del merged_lemmas
    tables = lexical_tables(_merged(merge_lexical, lexical), banality=cfg.banality)
    tables["repeated_segments"] = count_repeated(
        _merged(merge_sequence_words, words),
        segs["text"].astype(str).to_numpy(),
        min_frequency=3,
    )
    summary["tables"] = {name: int(len(df)) for name, df in tables.items()}
    summary["total_seconds"] = round(time.perf_counter() - t0, 3)
    return TextometryResults(reinert=result, tables=tables, summary=summary)


def save_textometry(results: TextometryResults, project: Project) -> dict[str, Path]:
    """Write the tables (Parquet), ``provenance.json`` and ``reinert.json``, replacing the folder.

    The folder is written beside the old one and swapped in, so readers never mix two runs.

    Parameters
    ----------
    results
        From :func:`compute_textometry`.
    project
        The project.

    Returns
    -------
    The path of every file written, by name.
    """
    tables = results.all_tables()
    run = record(
        "textometry",
        parameters=project.settings.reinert.model_dump(mode="json"),
        seed=project.settings.seed,
    )
    written = write_tables(
        tables,
        textometry_dir(project),
        provenance=run,
        extra={SUMMARY_FILE: {**results.summary, "provenance": run}},
    )
    outputs = {name: written[name] for name in tables}
    outputs["summary"] = written[Path(SUMMARY_FILE).stem]
    return outputs


#: peak memory of :func:`textometry_project` per token of the pseudonymised corpus, and its
#: base, fitted on 200,000 and 1,000,000 recombined Grand Débat answers (4.65 M and 26.64 M
#: tokens, peaks 1,506 MiB (session 25) and 5,539 MiB (session 27): 192 bytes and 653 MiB),
#: rounded so that every measured peak, 100,000 answers' 1,006 MiB included, stays under it
#: (1,086, 1,527 and 5,721 MiB). The first fit (250 bytes + 512 MiB, from 100,000 and 200,000
#: answers) put a million answers at 6.7 GiB, over 70 % of a 9.4 GiB worker, so the step ran
#: in the client instead of beside the topic fit.
BYTES_PER_TOKEN = 200
BASE_BYTES = 640 << 20


def memory_estimate(project: Project) -> int:
    """Bytes :func:`textometry_project` needs at most, from the size of the pseudonymised corpus.

    The row count comes from the tokens table's Parquet metadata: nothing is loaded.

    Parameters
    ----------
    project
        The project (reads ``processed/nlp/tokens.parquet``'s metadata).

    Returns
    -------
    int
        The estimate in bytes; 0 when the table is not there yet.
    """
    import pyarrow.parquet as pq

    try:
        rows = pq.ParquetFile(project.nlp_dir("processed") / "tokens.parquet").metadata.num_rows
    except OSError:
        return 0
    return BASE_BYTES + BYTES_PER_TOKEN * rows


def textometry_project(
    project: Project, *, show_progress: bool = True, execution: Execution | None = None
) -> TextometryResults:
    """Compute the textometry of a project's pseudonymised corpus and write its artifacts.

    The textometry stage of a project, called by ``transfo reinert`` and ``transfo run``. The
    tokens are never loaded whole: they are cut into one file per partition a batch at a time
    (:func:`~transfo_analysis.scale.split_parquet`), each partition is counted
    (:func:`textometry_partition`, one task each on a cluster) and the counts are merged
    (:func:`merge_textometry`). A corpus too small for the classification still gets its other
    tables; the summary says why the classification was not computed.

    Parameters
    ----------
    project
        The project (after ``transfo pseudonymise``).
    show_progress
        Show progress bars.
    execution
        Where the partitions are counted (:func:`transfo_analysis.scale.open_execution`): in
        this process by default.

    Returns
    -------
    TextometryResults
        The Reinert result (``None`` when not computed), the tables and their summary; the
        artifacts are in ``project.textometry_dir``.

    Raises
    ------
    NotReadyError
        When the pseudonymised corpus or tokens are missing (naming the command to run).
    TransfoError
        When a partition could not be counted (named with its files); nothing is written then.
    """
    t0 = time.perf_counter()
    source = project.nlp_dir("processed") / "tokens.parquet"
    try:
        corpus = load_corpus(project, stage="processed")
        if not source.exists():
            raise NotReadyError(_("no tokens in {folder}").format(folder=source.parent))
    except NotReadyError as exc:
        raise NotReadyError(
            _("textometry needs the pseudonymised corpus and its tokens: {problem}").format(
                problem=exc.message
            ),
            hint=_(
                "run `transfo ingest`, `transfo parse` then `transfo pseudonymise --project "
                "{project}` first"
            ).format(project=project.root),
        ) from None
    execution = execution or Execution(SchedulerChoice("in-process"))
    settings = project.settings
    segs = stage_segments(corpus, settings)
    chunks = stage_partitions(segs, corpus)
    partition_of = {seg: k for k, (_pid, chunk) in enumerate(chunks) for seg in chunk["segment_id"]}
    work = project.textometry_dir.parent
    work.mkdir(parents=True, exist_ok=True)
    # the texts stay here: the map needs ids, metadata and positions only
    inputs = [chunk.drop(columns=["text"], errors="ignore") for _pid, chunk in chunks]
    with (
        split_parquet(
            source, column="segment_id", partition_of=partition_of, n=len(chunks), folder=work
        ) as files,
        staged_inputs(inputs, execution=execution, folder=work) as staged,
    ):
        out = run_tasks(
            textometry_partition_task,
            [
                {"segments": part, "tokens": str(path), "settings": settings.reinert}
                for part, path in zip(staged, files, strict=True)
            ],
            execution=execution,
            labels=partition_labels(corpus.documents, chunks),
            desc=_("Textometry (partitions)"),
            unit=_("partition"),
            show_progress=show_progress,
        )
    # counts of some partitions only would give wrong tables: nothing is written
    out.raise_failures(
        _("textometry stopped, nothing written: {failures}"),
        hint=_("fix or remove these files, then rerun; the previous tables are unchanged"),
    )
    parts = [p for p in out.results if p is not None]
    del out  # the merge frees each partition's counts once used: no other reference to them
    results = merge_textometry(
        segs, parts, settings=settings, show_progress=show_progress, started=t0
    )
    results.summary["outputs"] = {k: str(v) for k, v in save_textometry(results, project).items()}
    return results


#: the former name of :func:`textometry_project`, kept for existing notebooks and scripts
run_project = textometry_project


def load_textometry(
    project: Project, name: str | None = None
) -> pd.DataFrame | dict[str, pd.DataFrame]:
    """Read back one table (``name``) or all of them, as written by :func:`textometry_project`.

    Parameters
    ----------
    project
        The project where ``transfo textometry`` was run.
    name
        One table's name (``specificities_role``, ``reinert_classes``…); ``None`` for all.

    Returns
    -------
    The table, or every table by name.
    """
    folder = textometry_dir(project)
    if not (folder / SUMMARY_FILE).exists():
        raise NotReadyError(
            _("no textometry tables in {folder}").format(folder=folder),
            hint=_("run `{step} --project {project}` first").format(
                step="transfo reinert", project=project.root
            ),
        )
    if name is not None:
        path = folder / f"{name}.parquet"
        if not path.exists():
            raise NotReadyError(
                _("no table {name} in {folder}").format(name=repr(name), folder=folder),
                hint=_("the classification may have been skipped: see reinert.json"),
            )
        return pd.read_parquet(path)
    return {p.stem: pd.read_parquet(p) for p in sorted(folder.glob("*.parquet"))}
