"""The topics stage of a project: fit on the pseudonymised corpus, carry the team's names, save.

``transfo topics`` and the batch runner both call :func:`topics_project`; what comes from the
coding step (codings for the topic × code table, codebook keywords for guided topics) is passed
in by them, so that topics never reach into coding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from transfo_analysis.config import Project
from transfo_analysis.errors import NotReadyError
from transfo_analysis.i18n import _
from transfo_analysis.topics._fit import fit_topics
from transfo_analysis.topics._io import save_topics
from transfo_analysis.topics._names import carry_names, load_names, save_names
from transfo_analysis.topics._result import TopicResult

if TYPE_CHECKING:
    from transfo_analysis.scale import Execution


def topics_project(
    project: Project,
    *,
    codings: pd.DataFrame | None = None,
    seed_topic_list: list[list[str]] | None = None,
    seed: int | None = None,
    embedding: str | None = None,
    include_interviewer: bool | None = None,
    stability: bool = True,
    show_progress: bool = True,
    execution: Execution | None = None,
) -> TopicResult:
    """Fit topics on the project's pseudonymised corpus and write ``processed/topics``.

    The tokens are read from their file a batch at a time, never loaded whole (see
    :func:`fit_topics`).

    The names the team gave to topics (``topic-names.json``) are matched to the new topics
    and shown in their place; the matching is recorded in ``result.provenance["names"]`` and the
    names file is updated (unmatched names are kept and listed, never dropped).

    Parameters
    ----------
    project
        The project (after ``transfo pseudonymise``).
    codings
        The annotation store's codings (``coding.project_codings(project)``), for the topic ×
        code table; ``None`` for none.
    seed_topic_list
        Guided topics: keyword lists (``coding.codebook_seed_words(project)``).
    seed
        Random seed (default: the project's seed).
    embedding
        Embedding backend instead of ``topics.embedding``.
    include_interviewer
        Model the interviewer's turns too (default: the settings).
    stability
        Fit the other seeds and measure stability.
    show_progress
        Show progress bars.
    execution
        Where a large corpus's units left out of the fitting sample are assigned
        (:func:`transfo_analysis.scale.open_execution`); ``None``: in this process.

    Returns
    -------
    TopicResult
        The fitted topics, names applied; the artifacts are in ``processed/topics``.

    Raises
    ------
    NotReadyError
        When the corpus is not pseudonymised yet.
    """
    from transfo_analysis.corpus import load_corpus
    from transfo_analysis.nlp import tokens_path

    try:
        corpus = load_corpus(project, stage="processed")
        tokens = tokens_path(project, stage="processed")
    except NotReadyError:
        raise NotReadyError(
            _("no pseudonymised corpus in {folder}").format(folder=project.processed_dir),
            hint=_(
                "run `transfo pseudonymise --project {project}` first (topics read the "
                "pseudonymised text only)"
            ).format(project=project.root),
        ) from None
    settings = project.settings.topics
    if embedding:
        settings = settings.model_copy(update={"embedding": embedding})
    result = fit_topics(
        corpus,
        tokens,  # read a batch at a time: 26.6 M rows for a million answers
        settings=settings,
        seed=project.settings.seed if seed is None else seed,
        include_interviewer=include_interviewer,
        stability=stability,
        seed_topic_list=seed_topic_list,
        codings=codings,
        cache_dir=project.embeddings_cache_dir,
        show_progress=show_progress,
        execution=execution,
    )
    names = load_names(project)
    report: dict[str, Any] = {"matched": [], "unmatched": []}
    if names:
        result, names, report = carry_names(result, names)
    result.provenance = {**result.provenance, "names": report}
    save_topics(result, project)
    if names:  # after the topics: the names file never points to a model that was not saved
        save_names(project, names)
    return result
