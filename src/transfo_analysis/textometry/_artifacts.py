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

import pandas as pd

from transfo_analysis.config import Project, Settings
from transfo_analysis.corpus import Corpus, load_corpus
from transfo_analysis.errors import NotReadyError
from transfo_analysis.i18n import _
from transfo_analysis.provenance import record, write_tables
from transfo_analysis.textometry.frequencies import frequencies
from transfo_analysis.textometry.reinert import NotEnoughDataError, ReinertResult, reinert
from transfo_analysis.textometry.repeated import repeated_segments
from transfo_analysis.textometry.specificities import role_specificities, specificities

#: ``territory`` value of the whole-corpus rows of ``specificities_users_agents``
ALL_TERRITORIES = "__ensemble__"
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
    classification is missing.

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
    cfg = settings.reinert
    t0 = time.perf_counter()
    segs = corpus.segments if cfg.include_interviewer else corpus.respondent_segments()
    summary: dict[str, Any] = {"n_turns": int(len(segs))}
    try:
        result = reinert(
            segs,
            tokens,
            settings=cfg,
            seed=settings.seed,
            documents=corpus.documents,
            speakers=corpus.speakers,
            show_progress=show_progress,
        )
        summary["reinert"] = {"status": "ok", **result.summary}
    except NotEnoughDataError as exc:
        result = None
        summary["reinert"] = {"status": "not computed", "reason": exc.message, "hint": exc.hint}
    opts: dict[str, Any] = {"banality": cfg.banality}
    tables = {
        "specificities_role": specificities(segs, tokens, by="role", **opts),
        "specificities_territory": specificities(segs, tokens, by="territory", **opts),
        "specificities_users_agents": _users_agents(segs, tokens, **opts),
        "frequencies": frequencies(segs, tokens, by=["territory", "role"]),
        "repeated_segments": repeated_segments(segs, tokens, min_frequency=3),
    }
    summary["tables"] = {name: int(len(df)) for name, df in tables.items()}
    summary["total_seconds"] = round(time.perf_counter() - t0, 3)
    return TextometryResults(reinert=result, tables=tables, summary=summary)


def _users_agents(segs: pd.DataFrame, tokens: pd.DataFrame, **opts: Any) -> pd.DataFrame:
    """Users vs agents, whole corpus then within each territory having both."""
    frames = []
    roles = set(segs["role"])
    if {"usager", "agent"} <= roles:
        frames.append(role_specificities(segs, tokens, **opts).assign(territory=ALL_TERRITORIES))
    for territory, part in segs.groupby("territory", sort=True):
        if {"usager", "agent"} <= set(part["role"]):
            frames.append(role_specificities(part, tokens, **opts).assign(territory=territory))
    if not frames:
        return pd.DataFrame(
            columns=[
                "territory",
                "by",
                "part",
                "term",
                "f",
                "F",
                "t",
                "T",
                "expected",
                "score",
                "banal",
            ]
        )
    out = pd.concat(frames, ignore_index=True)
    out = out[["territory", *[c for c in out if c != "territory"]]]
    out.attrs = dict(frames[-1].attrs)
    return out


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
#: base: 408 bytes and 211 MiB measured on 200,000 recombined Grand Débat answers (4.65 M
#: tokens, peak 2.0 GiB, session 22), rounded up
BYTES_PER_TOKEN = 450
BASE_BYTES = 300 << 20


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


def textometry_project(project: Project, *, show_progress: bool = True) -> TextometryResults:
    """Compute the textometry of a project's pseudonymised corpus and write its artifacts.

    The textometry stage of a project, called by ``transfo reinert`` and ``transfo run``. A
    corpus too small for the classification still gets its other tables; the summary says
    why the classification was not computed.

    Parameters
    ----------
    project
        The project (after ``transfo pseudonymise``).
    show_progress
        Show progress bars.

    Returns
    -------
    TextometryResults
        The Reinert result (``None`` when not computed), the tables and their summary; the
        artifacts are in ``project.textometry_dir``.

    Raises
    ------
    NotReadyError
        When the pseudonymised corpus or tokens are missing (naming the command to run).
    """
    from transfo_analysis.nlp import load_tokens

    try:
        corpus = load_corpus(project, stage="processed")
        tokens = load_tokens(project, stage="processed")
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
    results = compute_textometry(
        corpus, tokens, settings=project.settings, show_progress=show_progress
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
