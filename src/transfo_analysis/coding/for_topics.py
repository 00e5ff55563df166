"""What the topic model takes from coding: the codebook's keywords and the project's codings.

Topics never import coding (coding already uses the topics' embeddings); the callers that run
both — ``transfo topics`` and the batch runner — take these here and pass them to
:func:`transfo_analysis.topics.topics_project`.
"""

from __future__ import annotations

import pandas as pd

from transfo_analysis.config import Project
from transfo_analysis.errors import ConfigError
from transfo_analysis.i18n import _


def project_codings(project: Project) -> pd.DataFrame | None:
    """The annotation store's codings, for the topic × code table (``None`` without a store).

    Suggestions and rejected codings are kept with their ``status``: the topic × code table
    leaves them out itself.

    Parameters
    ----------
    project
        The project whose annotation store is read.

    Returns
    -------
    The codings table, or ``None`` when the project has no store.
    """
    from transfo_analysis.coding.store import open_store

    if not project.store_file.exists():
        return None
    with open_store(project.store_file, create=False) as store:
        return store.codings()


def codebook_seed_words(project: Project) -> list[list[str]]:
    """Keyword lists of the codebook's codes, to seed guided topics.

    Parameters
    ----------
    project
        The project whose codebook is read.

    Returns
    -------
    One list of keywords per code that has keywords.

    Raises
    ------
    ConfigError
        When the project has no codebook, or no code has keywords.
    """
    from transfo_analysis.coding._codebook_io import load_codebook

    if not project.codebook_file.exists():
        raise ConfigError(
            _("--guided: no codebook at {path}").format(path=project.codebook_file),
            hint=_("write the codebook (codebook.yaml) or remove --guided"),
        )
    seeds = [list(code.keywords) for code in load_codebook(project.codebook_file) if code.keywords]
    if not seeds:
        raise ConfigError(
            _("--guided: no code of {path} has keywords").format(path=project.codebook_file),
            hint=_("add keywords to the codes, or remove --guided"),
        )
    return seeds
