"""Where a project keeps its corpus: ``interim/corpus``
as read, ``processed/corpus`` pseudonymised.
"""

from __future__ import annotations

from pathlib import Path

from transfo_analysis.config import Project, Stage
from transfo_analysis.corpus._container import Corpus


def save_corpus(corpus: Corpus, project: Project, *, stage: Stage = "interim") -> Path:
    """Write a corpus into the project at the given stage.

    Parameters
    ----------
    corpus
        The corpus to write.
    project
        The project.
    stage
        ``"interim"`` (as read) or ``"processed"`` (pseudonymised).

    Returns
    -------
    The folder written.
    """
    return corpus.save(project.corpus_dir(stage))


def load_corpus(project: Project, *, stage: Stage = "processed") -> Corpus:
    """Read the project's corpus; by default the pseudonymised one, which analyses must use.

    Parameters
    ----------
    project
        The project.
    stage
        ``"processed"`` (pseudonymised) or ``"interim"`` (as read, identifying).

    Returns
    -------
    The corpus.
    """
    return Corpus.load(project.corpus_dir(stage))
