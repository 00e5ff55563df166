"""Pseudonymise a corpus in memory, or a project: interim corpus and parse in, processed out."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from transfo_analysis.anonymise._apply import field_text_fn, sanitise
from transfo_analysis.anonymise._audit import audit_frame, write_audit
from transfo_analysis.anonymise._build import build_detector
from transfo_analysis.anonymise._detect import is_weak_detector, run_detection
from transfo_analysis.anonymise._key import passphrase, read_key, write_key
from transfo_analysis.anonymise._partitioned import (
    TOKEN_COLUMNS,
    detect_on_partitions,
    segment_chunks,
)
from transfo_analysis.anonymise._partitioned_replace import apply_on_partitions
from transfo_analysis.anonymise._pseudonyms import PseudonymKey
from transfo_analysis.anonymise._readiness import check_parse, project_allow_words
from transfo_analysis.anonymise._replace import apply_all
from transfo_analysis.anonymise._report import PseudonymisationReport, make_report
from transfo_analysis.anonymise._token_file import TokensFile
from transfo_analysis.anonymise._tokens import derive_tokens
from transfo_analysis.config import Project, PseudonymisationSettings
from transfo_analysis.corpus import Corpus, load_corpus, save_corpus
from transfo_analysis.errors import NotReadyError
from transfo_analysis.i18n import _, ngettext
from transfo_analysis.nlp import ParseResult, load_entities, nlp_dir
from transfo_analysis.provenance import atomic_path, record, write_json_atomic
from transfo_analysis.scale import Execution


@dataclass
class Findings:
    """What :func:`pseudonymise` replaced, and what follows from it.

    ``audit`` has one row per replacement (table, column, row id, original and new offsets,
    detector, type, pseudonym — never the original text); ``tokens`` is the parse of the
    pseudonymised texts (``None`` without a parse); ``report`` counts it all.
    """

    audit: pd.DataFrame
    report: PseudonymisationReport
    tokens: pd.DataFrame | None = None
    #: entities a weak layer guessed in an earlier run and that left the key (``prune_key``)
    dropped: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.audit)


def pseudonymise(
    corpus: Corpus,
    nlp: ParseResult | None = None,
    key: PseudonymKey | None = None,
    *,
    settings: PseudonymisationSettings | None = None,
    allow: Iterable[str] = (),
    model: str | None = None,
    show_progress: bool = False,
    execution: Execution | None = None,
    work_dir: str | Path | None = None,
) -> tuple[Corpus, Findings]:
    """Pseudonymise a corpus in memory (see ``docs/pseudonymisation.md``); nothing is written.

    Parameters
    ----------
    corpus
        The corpus as read (identifying).
    nlp
        Its parse (:func:`transfo_analysis.nlp.parse`): the NER, parts of speech and common words
        of the corpus. Without it, the layers that need no parse run (patterns, markup, context,
        first names, known names searched everywhere), as in :func:`pseudonymise_texts`.
    key
        The key to use and extend in place (pseudonyms stay stable across runs); a new key when
        ``None`` — keep it (:func:`write_key`) to pseudonymise more texts consistently later.
    settings
        Detection and replacement settings (defaults when ``None``).
    allow
        Words never replaced besides settings ``allow`` (territories, services).
    model
        spaCy French pipeline whose lemmatizer tables give the common words.
    show_progress
        Show progress bars.
    execution
        Where detection runs (:func:`transfo_analysis.scale.open_execution`): in this process by
        default; on a Dask cluster, both detection passes run per partition on the workers,
        their findings are merged into the key here, then each partition's replacement (texts,
        audit rows, tokens) runs on a worker with the pseudonyms of its spans (the key file
        never leaves this process); same result.
    work_dir
        On a cluster, a folder every worker sees (in the project) where each partition's
        inputs are written for its tasks to read, so that texts and tokens never travel in the
        task graph; ``None``: they are scattered to the workers.

    Returns
    -------
    The pseudonymised corpus (a new one, marked ``meta["pseudonymised"]``; ids unchanged) and the
    findings (audit rows, derived tokens, report).
    """
    tokens = nlp.tokens if nlp is not None else None
    processed, findings, replacements, rebuilt = _pseudonymise(
        corpus,
        tokens,
        entities=nlp.entities if nlp is not None else None,
        key=key,
        settings=settings or PseudonymisationSettings(),
        allow=allow,
        model=model,
        show_progress=show_progress,
        execution=execution,
        work_dir=work_dir,
    )
    t0 = time.perf_counter()
    if tokens is not None:
        findings.tokens = derive_tokens(tokens, replacements, rebuilt=rebuilt)
    findings.report.timings["tokens"] = time.perf_counter() - t0
    return processed, findings


def _pseudonymise(
    corpus: Corpus,
    tokens: pd.DataFrame | TokensFile | None,
    *,
    entities: pd.DataFrame | None,
    key: PseudonymKey | None,
    settings: PseudonymisationSettings,
    allow: Iterable[str],
    model: str | None,
    show_progress: bool,
    execution: Execution | None,
    work_dir: str | Path | None,
) -> tuple[Corpus, Findings, dict[str, list], list[pd.DataFrame] | None]:
    """:func:`pseudonymise` up to the derived tokens, with the parse's tokens in memory or in
    their file (:class:`TokensFile`, read a batch or a partition at a time, never whole here).

    Returns
    -------
    tuple
        The pseudonymised corpus, the findings (without tokens), the replacements per segment
        and the tokens of the replaced segments rebuilt on the workers (``None``: to rebuild).
    """
    t0 = time.perf_counter()
    key = key if key is not None else PseudonymKey()
    key.new_entities = set()  # what this run creates (a key may serve several runs in memory)
    detector = build_detector(
        corpus,
        settings,
        tokens=tokens.forms if isinstance(tokens, TokensFile) else tokens,
        entities=entities,
        key=key,
        allow=allow,
        model=model,
    )
    entities = entities if entities is not None else _NO_TOKENS.iloc[:, :0]
    rebuilt = None
    if execution is not None and execution.distributed:
        chunks = segment_chunks(corpus)  # cut once: the split, detection and replacement
        with _per_partition(tokens, chunks, folder=work_dir) as parts:
            result = detect_on_partitions(
                corpus,
                detector,
                tokens=parts if parts is not None else _NO_TOKENS,
                entities=entities,
                execution=execution,
                work_dir=work_dir,
                show_progress=show_progress,
                chunks=chunks,
            )
            t1 = time.perf_counter()
            processed, audit_rows, replacements, rebuilt = apply_on_partitions(
                corpus,
                result,
                key,
                style=settings.style,
                tokens=parts,
                execution=execution,
                work_dir=work_dir,
                show_progress=show_progress,
                chunks=chunks,
            )
    else:
        if isinstance(tokens, TokensFile):
            tokens = tokens.read(TOKEN_COLUMNS)
        result = run_detection(
            corpus,
            detector,
            tokens=tokens if tokens is not None else _NO_TOKENS,
            entities=entities,
            show_progress=show_progress,
        )
        t1 = time.perf_counter()
        processed, audit_rows, replacements = apply_all(corpus, result, key, style=settings.style)
    dropped = key.drop_unused(result.used, weak=is_weak_detector) if settings.prune_key else []
    t2 = time.perf_counter()
    # the ingest record names source files and manifest speakers: it goes through the detectors too
    clean = sanitise(dict(corpus.meta), field_text_fn(result, key, settings.style))
    processed.meta = {
        "pseudonymised": True,
        "territory_labels": clean.get("territory_labels", {}),
        "provenance": {
            "ingest": {k: v for k, v in clean.items() if k != "pseudonymised"},
            "pseudonymise": record(
                "pseudonymise",
                parameters=settings.model_dump(),
                stats={"replacements": len(audit_rows)},
            ),
        },
    }
    report = make_report(corpus, audit_rows, key, settings=settings, used=result.used)
    report.sentence_capitals = detector.sentence_capitals or any(
        detector.document_capitals.values()
    )
    if dropped:
        report.warnings.append(
            ngettext(
                "{n} entity guessed in an earlier pass and replaced nowhere removed from the key "
                "(prune_key)",
                "{n} entities guessed in an earlier pass and replaced nowhere removed from the key "
                "(prune_key)",
                len(dropped),
            ).format(n=len(dropped))
        )
    report.timings = {"detect": t1 - t0, "apply": t2 - t1}
    return (
        processed,
        Findings(audit_frame(audit_rows), report, None, dropped),
        replacements,
        rebuilt,
    )


@contextmanager
def _per_partition(
    tokens: pd.DataFrame | TokensFile | None,
    chunks: list[tuple[int, pd.DataFrame]],
    *,
    folder: str | Path | None,
) -> Iterator[pd.DataFrame | list[Path] | None]:
    """The tokens as the partitions' tasks get them: the table, or one file per partition."""
    if not isinstance(tokens, TokensFile):
        yield tokens
        return
    partition_of = {seg: i for i, (_pid, part) in enumerate(chunks) for seg in part["segment_id"]}
    with tokens.split(
        partition_of, n=len(chunks), folder=folder if folder is not None else tokens.path.parent
    ) as files:
        del partition_of
        yield files


_NO_TOKENS = pd.DataFrame(
    {
        "segment_id": pd.Series([], dtype=str),
        "start": pd.Series([], dtype=int),
        "end": pd.Series([], dtype=int),
        "label": pd.Series([], dtype=str),
        "pos": pd.Series([], dtype=str),
    }
)


def pseudonymise_project(
    project: Project, *, show_progress: bool = True, execution: Execution | None = None
) -> PseudonymisationReport:
    """Pseudonymise the project's corpus and write the results (see ``docs/pseudonymisation.md``).

    Reads ``interim/corpus`` and its parse, pseudonymises as :func:`pseudonymise` does, and
    writes the processed corpus and tokens, the key (apart, permissioned, optionally encrypted)
    and the audit log. The tokens table is never loaded whole: it is read a batch at a time (a
    partition at a time on a cluster), and the derived tokens are written a batch at a time
    (:class:`~transfo_analysis.anonymise._token_file.TokensFile`).

    Parameters
    ----------
    project
        The project: reads ``interim/corpus`` and ``interim/nlp/{tokens,entities}.parquet``.
    show_progress
        Show progress bars.
    execution
        Where detection runs (see :func:`pseudonymise`); the key, the audit log and the
        processed corpus are written here, by the client.

    Returns
    -------
    The report, also written to ``processed/pseudonymisation.json``.

    Raises
    ------
    NotReadyError
        When the corpus or its parse is missing or older than the corpus (run ``transfo parse``).
    TransfoError
        When the key cannot be read (passphrase, corruption): nothing is written then.
    """
    t0 = time.perf_counter()
    settings = project.settings.pseudonymisation
    corpus = load_corpus(project, stage="interim")
    source = nlp_dir(project, "interim") / "tokens.parquet"
    try:
        entities = load_entities(project, stage="interim")
    except NotReadyError:
        entities = None
    if entities is None or not source.exists():
        raise NotReadyError(
            _(
                "the corpus of {project} has not been parsed: pseudonymisation reuses the NER of "
                "the parse"
            ).format(project=project.root),
            hint=_("run `{step} --project {project}` first").format(
                step="transfo parse", project=project.root
            ),
        )
    # read a batch at a time: the tokens table is never whole in this process
    tokens = TokensFile.open(source)
    check_parse(corpus, tokens.ends, project)
    key = read_key(project)  # fails early, before anything is written
    load_s = time.perf_counter() - t0
    processed, findings, replacements, rebuilt = _pseudonymise(
        corpus,
        tokens,
        entities=entities,
        key=key,
        settings=settings,
        allow=project_allow_words(project, corpus),
        model=project.settings.nlp.model,
        show_progress=show_progress,
        execution=execution,
        work_dir=project.interim_dir,
    )
    report = findings.report
    t3 = time.perf_counter()
    out = nlp_dir(project, "processed")
    # the tokens first, under a temporary name: if deriving them fails, nothing is written
    with atomic_path(out / "tokens.parquet") as tmp:
        tokens.write_derived(tmp, replacements, rebuilt=rebuilt)
        t4 = time.perf_counter()
        key_file = write_key(project, key)
        report.key_file = (
            str(key_file.relative_to(project.root))
            if key_file.is_relative_to(project.root)
            else str(key_file)
        )
        report.key_encrypted = passphrase(project) is not None
        save_corpus(processed, project, stage="processed")
    write_audit(project, findings.audit)
    timings = {
        "load": load_s,
        **report.timings,
        "tokens": t4 - t3,
        "write": time.perf_counter() - t4,
    }
    timings["total"] = time.perf_counter() - t0
    report.timings = {k: round(v, 3) for k, v in timings.items()}
    work = timings["detect"] + timings["apply"] + timings["tokens"]
    report.words_per_second = round(report.n_words / work, 1) if work > 0 else 0.0
    write_json_atomic(
        project.pseudonymisation_report_file,
        {**report.to_dict(), "provenance": processed.meta["provenance"]["pseudonymise"]},
    )
    return report
