"""The topics stage of a project: fit on the pseudonymised corpus, write ``processed/topics``.

:func:`topics_project` is the entry point that ``transfo topics`` and ``transfo run`` both call.
"""

from __future__ import annotations

from transfo_analysis.config import Project
from transfo_analysis.corpus import load_corpus
from transfo_analysis.errors import NotReadyError
from transfo_analysis.nlp import load_tokens
from transfo_analysis.topics._fit import fit_topics
from transfo_analysis.topics._io import save_topics
from transfo_analysis.topics._result import TopicResult


def topics_project(
    project: Project,
    *,
    seed: int | None = None,
    embedding: str | None = None,
    include_interviewer: bool | None = None,
    stability: bool = True,
    guided: bool = False,
    show_progress: bool = True,
) -> TopicResult:
    """Fit the topic model on the project's pseudonymised corpus and write its artifacts.

    Parameters
    ----------
    project
        The project (after ``transfo pseudonymise``).
    seed
        Random seed (default: the project's ``seed``).
    embedding
        Embedding backend (default: ``topics.embedding`` of the settings).
    include_interviewer
        Model the interviewer's turns too (default: the settings).
    stability
        Refit over ``topics.stability_seeds`` seeds to measure stability.
    guided
        Guided topics, seeded with the codebook's keywords.
    show_progress
        Show progress bars.

    Returns
    -------
    TopicResult
        The fitted topics; the artifacts are in ``project.topics_dir``.

    Raises
    ------
    NotReadyError
        When the project has no pseudonymised corpus (topics only use pseudonymised text).
    """
    if not (project.corpus_dir("processed") / "corpus.json").exists():
        raise NotReadyError(
            f"no pseudonymised corpus in {project.processed_dir}",
            hint=f"run `transfo pseudonymise --project {project.root}` first (topics only use pseudonymised text)",
        )
    settings = project.settings.topics
    if embedding:
        settings = settings.model_copy(update={"embedding": embedding})
    result = fit_topics(
        load_corpus(project, stage="processed"),
        load_tokens(project, stage="processed"),
        settings=settings,
        seed=project.settings.seed if seed is None else seed,
        include_interviewer=include_interviewer,
        stability=stability,
        seed_topic_list=_codebook_keywords(project) if guided else None,
        codings=_codings(project),
        cache_dir=project.embeddings_cache_dir,
        show_progress=show_progress,
    )
    save_topics(result, project)
    return result


def _codebook_keywords(project) -> list[list[str]]:
    """Keyword lists of the codebook's codes (guided topics)."""
    from transfo_analysis.errors import ConfigError

    try:
        from transfo_analysis.coding import load_codebook
    except ImportError:
        raise ConfigError("--guided needs the coding module (codebook)") from None
    if not project.codebook_file.exists():
        raise ConfigError(
            f"--guided: no codebook at {project.codebook_file}",
            hint="write the codebook (coding.codebook) or drop --guided",
        )
    seeds = [list(code.keywords) for code in load_codebook(project.codebook_file) if code.keywords]
    if not seeds:
        raise ConfigError(
            f"--guided: no code of {project.codebook_file} has keywords",
            hint="add keywords to the codes, or drop --guided",
        )
    return seeds


def _codings(project):
    """The annotation store's codings, for the topic × code table (``None`` without a store)."""
    if not project.store_file.exists():
        return None
    try:
        from transfo_analysis.coding import open_store
    except ImportError:
        return None
    store = open_store(project.store_file, create=False)
    try:
        return store.codings()
    finally:
        getattr(store, "close", lambda: None)()
