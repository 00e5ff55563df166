"""The NLP stage: segments through spaCy in batches, cached, into tokens and entities tables.

:func:`parse_texts` is the unit of work (a list of texts in, one cache row per text out) that a
cluster can map over partitions; :func:`parse` drives it over a corpus with the cache, and
:func:`parse_project` writes the project's tables.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa

from transfo_analysis.config import NLPSettings, Project, Stage
from transfo_analysis.corpus import (
    Corpus,
    load_corpus,
    n_partitions,
    partition_keys,
    partitions,
)
from transfo_analysis.errors import InputError, NotReadyError
from transfo_analysis.i18n import _
from transfo_analysis.nlp._cache import (
    CACHE_SCHEMA,
    IS_ALPHA,
    IS_PUNCT,
    LIKE_NUM,
    ParseCache,
    text_hash,
)
from transfo_analysis.nlp._normalise import analysis_text
from transfo_analysis.nlp._pipeline import load_pipeline, pipeline_hash, pipeline_key
from transfo_analysis.nlp._tables import cache_positions, explode, list_lengths, write_tables
from transfo_analysis.progress import progress
from transfo_analysis.provenance import atomic_path, record, write_json_atomic

if TYPE_CHECKING:
    from spacy.language import Language

    from transfo_analysis.scale import Execution

#: below this many words to parse, a second process costs more than it saves
_MIN_WORDS_FOR_TWO_PROCESSES = 30_000


def parse_texts(
    texts: Sequence[str], *, nlp: Language, n_process: int = 1, batch_size: int = 128
) -> pa.Table:
    """Parse analysis texts (see :func:`~transfo_analysis.nlp.analysis_text`) into cache rows.

    Parameters
    ----------
    texts
        Distinct texts, already normalised.
    nlp
        The spaCy pipeline.
    n_process, batch_size
        Passed to ``nlp.pipe``.

    Returns
    -------
    A table with :data:`~transfo_analysis.nlp._cache.CACHE_SCHEMA`, one row per text, in order.
    """
    from spacy.attrs import IDX, IS_SPACE, LEMMA, LENGTH, POS
    from spacy.attrs import IS_ALPHA as A_ALPHA
    from spacy.attrs import IS_PUNCT as A_PUNCT
    from spacy.attrs import LIKE_NUM as A_NUM

    attrs = [IDX, LENGTH, LEMMA, POS, A_ALPHA, A_PUNCT, A_NUM, IS_SPACE]
    arrays, ent_rows = [], []
    tok_offsets, ent_offsets = [0], [0]
    for doc in nlp.pipe(texts, n_process=n_process, batch_size=batch_size):
        arr = doc.to_array(attrs) if len(doc) else np.zeros((0, len(attrs)), dtype="uint64")
        arr = arr[arr[:, 7] == 0]  # drop whitespace tokens (blanked markup)
        arrays.append(arr)
        tok_offsets.append(tok_offsets[-1] + len(arr))
        ents = [_trim_entity(doc.text, e.start_char, e.end_char, e.label_) for e in doc.ents]
        ent_rows.extend(ents)
        ent_offsets.append(ent_offsets[-1] + len(ents))
    flat = np.concatenate(arrays) if arrays else np.zeros((0, len(attrs)), dtype="uint64")
    strings = nlp.vocab.strings

    def _strings(col: np.ndarray) -> pa.Array:
        uniq, inverse = np.unique(col, return_inverse=True)
        names = np.array([strings[int(h)] if h else "" for h in uniq], dtype=object)
        return pa.array(names[inverse] if len(col) else [], type=pa.string())

    start = flat[:, 0].astype("int32")
    end = (flat[:, 0] + flat[:, 1]).astype("int32")
    flags = (flat[:, 4] * IS_ALPHA + flat[:, 5] * IS_PUNCT + flat[:, 6] * LIKE_NUM).astype("uint8")
    toff = pa.array(tok_offsets, type=pa.int32())
    eoff = pa.array(ent_offsets, type=pa.int32())
    return pa.table(
        {
            "h": pa.array([text_hash(t) for t in texts], type=pa.string()),
            "tok_start": pa.ListArray.from_arrays(toff, pa.array(start)),
            "tok_end": pa.ListArray.from_arrays(toff, pa.array(end)),
            "lemma": pa.ListArray.from_arrays(toff, _strings(flat[:, 2])),
            "pos": pa.ListArray.from_arrays(toff, _strings(flat[:, 3])),
            "flags": pa.ListArray.from_arrays(toff, pa.array(flags)),
            "ent_start": pa.ListArray.from_arrays(
                eoff, pa.array([r[0] for r in ent_rows], type=pa.int32())
            ),
            "ent_end": pa.ListArray.from_arrays(
                eoff, pa.array([r[1] for r in ent_rows], type=pa.int32())
            ),
            "ent_label": pa.ListArray.from_arrays(
                eoff, pa.array([r[2] for r in ent_rows], type=pa.string())
            ),
        },
        schema=CACHE_SCHEMA,
    )


def parse_partition(
    texts: Sequence[str],
    *,
    nlp: Language,
    cache: ParseCache,
    known: set[str],
    settings: NLPSettings,
    n_process: int = 1,
    on_chunk: Callable[[int], object] | None = None,
) -> int:
    """The parse of one partition: the texts the cache lacks, written to it as shards.

    Parameters
    ----------
    texts
        Analysis texts of the partition's segments (see :func:`analysis_text`).
    nlp
        The spaCy pipeline (loaded once per process).
    cache
        The parse cache, where each chunk of ``settings.chunk_size`` texts becomes a shard.
    known
        Hashes already in the cache; those parsed here are added to it, so a text shared by two
        partitions is parsed once.
    settings
        Batch and chunk sizes.
    n_process
        Processes for ``nlp.pipe``.
    on_chunk
        Called with the number of texts of each chunk written (a progress bar's ``update``).

    Returns
    -------
    int
        Number of distinct texts parsed.
    """
    todo = list({h: t for t in texts if (h := text_hash(t)) not in known}.values())
    for i in range(0, len(todo), settings.chunk_size):
        chunk = todo[i : i + settings.chunk_size]
        table = parse_texts(chunk, nlp=nlp, n_process=n_process, batch_size=settings.batch_size)
        cache.write(table)
        known.update(table.column("h").to_pylist())
        if on_chunk is not None:
            on_chunk(len(chunk))
    return len(todo)


def parse_partition_task(task: dict[str, Any]) -> int:
    """One partition's parse on a Dask worker (or anywhere): the texts the cache lacks, cached.

    The pipeline comes from :func:`load_pipeline`, loaded once per worker process (the
    ``nlp.PipelinePlugin`` loads it when the worker joins); it is
    never sent through the task graph. spaCy's ``memory_zone`` frees the strings of each task,
    so a long-lived worker does not grow with the corpus.

    Parameters
    ----------
    task
        ``cache_root`` (the project's parse cache folder, shared by every worker), ``settings``
        (:class:`~transfo_analysis.config.NLPSettings` as a dict) and ``texts`` (analysis
        texts the cache lacks, each given to one task only by the client: all are parsed); or a
        :class:`~transfo_analysis.scale.StagedInput` of it, read here from the shared folder
        (the texts never travel in the task graph).

    Returns
    -------
    int
        Number of distinct texts parsed.
    """
    from transfo_analysis.scale import load_input

    task = load_input(task)
    settings = NLPSettings(**task["settings"])
    nlp = load_pipeline(settings.model, tuple(settings.exclude))
    cache = ParseCache(task["cache_root"], pipeline_hash(nlp))
    # the client sends each missing text in one task only, so the worker does not read the
    # cache's keys: that read grew with the corpus (every shard, at every task)
    with nlp.memory_zone():
        return parse_partition(task["texts"], nlp=nlp, cache=cache, known=set(), settings=settings)


def _trim_entity(text: str, start: int, end: int, label: str) -> tuple[int, int, str]:
    """Cut an entity at blanked markup (a run of spaces) that the NER sometimes spans."""
    gap = text.find("  ", start, end)
    if gap != -1:
        end = gap
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end, label


@dataclass
class ParseResult:
    """Tokens and entities of a corpus, with what the run did."""

    tokens: pd.DataFrame
    entities: pd.DataFrame
    stats: dict[str, Any] = field(default_factory=dict)


def _n_process(setting: int | str, n_words: int) -> int:
    if setting != "auto":
        return int(setting)
    cores = os.cpu_count() or 1
    return 2 if cores >= 2 and n_words >= _MIN_WORDS_FOR_TWO_PROCESSES else 1


def parse(
    corpus: Corpus,
    *,
    settings: NLPSettings | None = None,
    cache_root: str | os.PathLike[str],
    show_progress: bool = True,
    execution: Execution | None = None,
) -> ParseResult:
    """Parse every segment of a corpus, using and filling the cache.

    Parameters
    ----------
    corpus
        The corpus (as read: identifying names are needed by pseudonymisation's NER).
    settings
        Model, components, batch size, processes, chunk size and stop-word adjustments.
    cache_root
        Folder of the parse cache.
    show_progress
        Show a progress bar while parsing.
    execution
        Where the partitions are parsed (:func:`transfo_analysis.scale.open_execution`): in this
        process by default, or one task per partition on Dask workers sharing the cache folder.

    Raises
    ------
    InputError
        When partitions could not be parsed on the cluster, naming each partition's files; the
        partitions that finished stay in the cache, so a rerun parses only the others.

    Returns
    -------
    :class:`ParseResult` with ``tokens`` (segment_id, i, start, end, text, lemma, pos, is_alpha,
    is_punct, like_num, is_stop) and ``entities`` (segment_id, start, end, label, text); offsets
    are character offsets in the segment's text.
    """
    done = _parse_into_cache(
        corpus,
        settings=settings or NLPSettings(),
        cache_root=cache_root,
        show_progress=show_progress,
        execution=execution,
    )
    rows = done.cache.read(done.hashes)
    tokens, entities = explode(
        rows,
        at=cache_positions(rows, done.hashes),
        segment_ids=done.segment_ids,
        texts=done.analysis,
        settings=done.settings,
    )
    stats = done.finish(n_tokens=len(tokens), n_entities=len(entities))
    tokens.attrs["provenance"] = done.provenance(stats)
    return ParseResult(tokens=tokens, entities=entities, stats=stats)


@dataclass
class _Parsed:
    """A corpus whose every distinct text is in the parse cache: what makes its tables."""

    settings: NLPSettings
    cache: ParseCache
    pipeline: dict[str, Any]
    segment_ids: list[str]
    analysis: list[str]
    hashes: list[str]
    stats: dict[str, Any]
    t0: float

    def finish(self, *, n_tokens: int, n_entities: int) -> dict[str, Any]:
        """The run's statistics, with the tables' sizes and the total time."""
        return {
            **self.stats,
            "total_seconds": round(time.perf_counter() - self.t0, 3),
            "n_tokens": n_tokens,
            "n_entities": n_entities,
            "cache_dir": str(self.cache.dir),
        }

    def provenance(self, stats: dict[str, Any]) -> dict[str, Any]:
        """The provenance record of the tables (settings, pipeline, statistics)."""
        return record(
            "parse", parameters={**self.settings.model_dump(), **self.pipeline}, stats=stats
        )


def _parse_into_cache(
    corpus: Corpus,
    *,
    settings: NLPSettings,
    cache_root: str | os.PathLike[str],
    show_progress: bool,
    execution: Execution | None,
) -> _Parsed:
    """Parse the texts of the corpus that the cache lacks (here or on the cluster)."""
    t0 = time.perf_counter()
    nlp = load_pipeline(settings.model, tuple(settings.exclude))
    cache = ParseCache(cache_root, pipeline_hash(nlp))
    texts = corpus.segments["text"].tolist()
    analysis = [analysis_text(t) for t in texts]
    hashes = [text_hash(t) for t in analysis]
    have = cache.keys()
    missing = {h: a for h, a in zip(hashes, analysis, strict=True) if h not in have}
    todo = list(missing.values())
    n_words = sum(len(t.split()) for t in todo)
    n_proc = _n_process(settings.n_process, n_words)
    t_parse = time.perf_counter()
    bar = progress(
        range(len(todo)),
        desc=_("Linguistic analysis"),
        unit="segment",
        disable=not show_progress or not todo,
    )
    bar_update = getattr(bar, "update", None)
    # one task per partition of documents, of respondents in a survey (stable whatever the
    # machine), then the global read
    segs = corpus.segments
    has_docs = "doc_id" in segs  # bare tables in tests have none
    key = partition_keys(segs, corpus.documents) if has_docs else segs["segment_id"]
    texts_by_part = pd.DataFrame({"doc_id": segs.get("doc_id", key).to_numpy(), "_a": analysis})
    chunks = list(partitions(texts_by_part, n_partitions(len(texts_by_part)), key=key))
    if execution is not None and execution.distributed:
        if hasattr(bar, "close"):
            bar.close()
        n_proc = 1  # one process per worker: the cluster is the parallelism
        _parse_on_cluster(
            corpus,
            chunks,
            cache_root=cache_root,
            settings=settings,
            execution=execution,
            show_progress=show_progress,
            known=have,
        )
    else:
        for _pid, part in chunks:
            parse_partition(
                part["_a"].tolist(),
                nlp=nlp,
                cache=cache,
                known=have,
                settings=settings,
                n_process=n_proc,
                on_chunk=bar_update,
            )
        if hasattr(bar, "close"):
            bar.close()
    del chunks, texts_by_part
    stats = {
        "n_segments": len(texts),
        "n_distinct_texts": len(set(hashes)),
        "n_parsed": len(todo),
        "n_from_cache": len(set(hashes)) - len(todo),
        "words_parsed": n_words,
        "n_process": n_proc,
        "parse_seconds": round(time.perf_counter() - t_parse, 3),
    }
    return _Parsed(
        settings=settings,
        cache=cache,
        pipeline=pipeline_key(nlp),
        segment_ids=corpus.segments["segment_id"].tolist(),
        analysis=analysis,
        hashes=hashes,
        stats=stats,
        t0=t0,
    )


def _parse_on_cluster(
    corpus: Corpus,
    chunks: list[tuple[int, pd.DataFrame]],
    *,
    cache_root: str | os.PathLike[str],
    settings: NLPSettings,
    execution: Execution,
    show_progress: bool,
    known: set[str],
) -> None:
    """One task per chunk of a partition on the cluster; failures are named with their files.

    A task is one cache shard's worth of a partition's missing texts (``nlp.chunk_size``, 4,000
    by default), so the work is cut by the data alone into pieces small enough to keep every
    worker busy until the end (five 20,000-text partitions on two workers would leave one idle
    for a fifth of the parse). Each task's texts are written to the shared cache folder and
    read there (:func:`transfo_analysis.scale.staged_inputs`), not sent in the task graph; what
    the cache already holds is not sent at all.
    """
    from transfo_analysis.scale import run_tasks, staged_inputs

    docs = corpus.documents
    source = (
        dict(zip(docs["doc_id"], docs["source_path"], strict=True)) if "source_path" in docs else {}
    )
    tasks, labels = [], []
    claimed: set[str] = set()  # missing texts already given to a task: a text said in two
    # partitions (« non », « RAS ») is parsed once, in the first
    for pid, part in chunks:
        todo: dict[str, tuple[str, str]] = {}  # distinct missing texts, with a document of each
        for text, doc in zip(part["_a"], part["doc_id"], strict=True):
            h = text_hash(text)
            if h not in known and h not in claimed:
                claimed.add(h)
                todo[h] = (text, doc)
        pending = list(todo.values())
        n_chunks = -(-len(pending) // settings.chunk_size)
        for k in range(n_chunks):
            piece = pending[k * settings.chunk_size : (k + 1) * settings.chunk_size]
            files = sorted({str(source.get(d, d)) for _t, d in piece})
            shown = ", ".join(files[:3]) + (f" (+{len(files) - 3})" if len(files) > 3 else "")
            labels.append(
                _("partition {n}, part {k}/{m}: {files}").format(
                    n=pid, k=k + 1, m=n_chunks, files=shown
                )
            )
            tasks.append(
                {
                    "cache_root": str(cache_root),
                    "settings": settings.model_dump(),
                    "texts": [t for t, _d in piece],
                }
            )
    with staged_inputs(tasks, execution=execution, folder=cache_root) as refs:
        out = run_tasks(
            parse_partition_task,
            refs,
            execution=execution,
            labels=labels,
            desc=_("Linguistic analysis"),
            unit=_("task"),
            show_progress=show_progress,
        )
    if out.failures:
        raise InputError(
            str(cache_root),
            "; ".join(str(f) for f in out.failures),
            hint=_(
                "the other partitions are parsed and cached: fix or remove these files, then rerun"
            ),
        )


def nlp_dir(project: Project, stage: Stage) -> Path:
    """Folder of the tokens and entities tables
    (``interim`` as parsed, ``processed`` pseudonymised).

    Same as ``project.nlp_dir(stage)``, which is where the location is defined.

    Parameters
    ----------
    project
        The project.
    stage
        ``"interim"`` or ``"processed"``.

    Returns
    -------
    The folder.
    """
    return project.nlp_dir(stage)


def parse_project(
    project: Project, *, show_progress: bool = True, execution: Execution | None = None
) -> dict[str, Any]:
    """Parse the project's corpus (as read) and write ``interim/nlp/{tokens,entities}.parquet``.

    With a distributed ``execution``, each partition of documents is parsed on a Dask worker
    (see :func:`parse`). The tables are then written from the cache a slice of segments at a
    time (:func:`~transfo_analysis.nlp._tables.write_tables`): they are never whole in memory
    (read them with :func:`load_tokens` and :func:`load_entities`).

    Parameters
    ----------
    project
        The project, whose interim corpus was ingested.
    show_progress
        Show progress bars.
    execution
        A Dask execution (:func:`transfo_analysis.scale.open_execution`); ``None`` parses here.

    Returns
    -------
    dict
        The run's statistics (segments, distinct texts, parsed, from the cache, tokens,
        entities, seconds), also in ``interim/nlp/parse.json``.
    """
    corpus = load_corpus(project, stage="interim")
    done = _parse_into_cache(
        corpus,
        settings=project.settings.nlp,
        cache_root=project.nlp_cache_dir,
        show_progress=show_progress,
        execution=execution,
    )
    del corpus
    rows = done.cache.read(done.hashes)
    at = cache_positions(rows, done.hashes)
    stats = done.finish(
        n_tokens=int(list_lengths(rows, "tok_start")[at].sum()),
        n_entities=int(list_lengths(rows, "ent_start")[at].sum()),
    )
    provenance = done.provenance(stats)
    out = nlp_dir(project, "interim")
    out.mkdir(parents=True, exist_ok=True)
    with (
        atomic_path(out / "tokens.parquet") as tokens_tmp,
        atomic_path(out / "entities.parquet") as entities_tmp,
    ):
        write_tables(
            rows,
            at=at,
            segment_ids=done.segment_ids,
            texts=done.analysis,
            settings=done.settings,
            tokens_file=tokens_tmp,
            entities_file=entities_tmp,
            attrs={"provenance": provenance},
        )
    write_json_atomic(out / "parse.json", provenance)
    return stats


def tokens_path(project: Project, *, stage: Stage = "processed") -> Path:
    """The tokens file of a project, checked to exist (read it with :func:`iter_tokens`).

    Parameters
    ----------
    project
        The project.
    stage
        ``"processed"`` (pseudonymised) or ``"interim"`` (as parsed).

    Returns
    -------
    Path
        ``<project>/<stage>/nlp/tokens.parquet``.

    Raises
    ------
    NotReadyError
        When the file is not there, naming the command that writes it.
    """
    path = nlp_dir(project, stage) / "tokens.parquet"
    if not path.exists():
        step = "transfo parse" if stage == "interim" else "transfo pseudonymise"
        raise NotReadyError(
            _("no tokens table at {path}").format(path=path),
            hint=_("run `{step} --project {project}` first").format(
                step=step, project=project.root
            ),
        )
    return path


def load_tokens(project: Project, *, stage: Stage = "processed") -> pd.DataFrame:
    """The tokens table of a project (pseudonymised by default), whole in memory.

    A national consultation's table does not fit in a laptop's memory (23 M rows for a million
    answers): read it a batch at a time with ``iter_tokens(tokens_path(project))`` there.

    Parameters
    ----------
    project
        The project.
    stage
        ``"processed"`` (pseudonymised) or ``"interim"`` (as parsed).

    Returns
    -------
    One row per token: ``segment_id``, offsets, text, lemma, part of speech, stop word flags.
    """
    return pd.read_parquet(tokens_path(project, stage=stage))


def load_entities(project: Project, *, stage: Stage = "interim") -> pd.DataFrame:
    """The named entities found by spaCy (identifying: interim only).

    Parameters
    ----------
    project
        The project.
    stage
        Only ``"interim"``: entities are never published.

    Returns
    -------
    One row per entity: ``segment_id``, offsets, text and spaCy label.
    """
    path = nlp_dir(project, stage) / "entities.parquet"
    if not path.exists():
        raise NotReadyError(
            _("no entities table at {path}").format(path=path),
            hint=_("run `{step} --project {project}` first").format(
                step="transfo parse", project=project.root
            ),
        )
    return pd.read_parquet(path)
