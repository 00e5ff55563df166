"""Where a project keeps its corpus: ``interim/corpus`` as read, ``processed/corpus`` pseudonymised."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from transfo_analysis.config import Project
from transfo_analysis.corpus._container import Corpus

Stage = Literal["interim", "processed"]


def corpus_dir(project: Project, stage: Stage = "processed") -> Path:
    """Folder of the corpus at a stage: ``interim`` (identifying) or ``processed`` (pseudonymised)."""
    base = project.interim_dir if stage == "interim" else project.processed_dir
    return base / "corpus"


def save_corpus(corpus: Corpus, project: Project, *, stage: Stage = "interim") -> Path:
    """Write a corpus into the project at the given stage."""
    return corpus.save(corpus_dir(project, stage))


def load_corpus(project: Project, *, stage: Stage = "processed") -> Corpus:
    """Read the project's corpus; by default the pseudonymised one, which analyses must use."""
    return Corpus.load(corpus_dir(project, stage))
