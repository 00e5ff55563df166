"""Read transcripts and answers into one tidy, validated :class:`Corpus`.

- :func:`ingest` reads files and folders with the reader registered for each suffix
  (:mod:`transfo_analysis.corpus.readers`), applies the :class:`Manifest` (territory, service,
  method, date, speaker roles) and returns the corpus with a :class:`LoadReport`.
- :func:`ingest_project` is the ingest stage of a project (``transfo ingest``, ``transfo run``).
- :func:`load_corpus` / :func:`save_corpus` read and write a project's corpus.
- :func:`partition_of` / :func:`partitions` / :func:`partition_keys`: stable chunks of documents
  (of respondents in a survey), the unit of work of the per-partition stages (``docs/scale.md``);
  :func:`partition_labels` names each one's files.
- :func:`in_ids`: which rows of a table belong to a set of ids (``isin``, fast on string ids);
  :func:`group_rows`: the rows of each group of ids (each partition's tokens), in one pass.
"""

from transfo_analysis.corpus._container import Corpus
from transfo_analysis.corpus._ids import group_rows, in_ids
from transfo_analysis.corpus._ingest import UNKNOWN_SPEAKER, read_file
from transfo_analysis.corpus._manifest import Manifest
from transfo_analysis.corpus._partition import (
    RESPONDENT_METHODS,
    SEGMENTS_PER_PARTITION,
    n_partitions,
    partition_keys,
    partition_labels,
    partition_of,
    partitions,
)
from transfo_analysis.corpus._project import load_corpus, save_corpus
from transfo_analysis.corpus._read import ingest
from transfo_analysis.corpus._report import Issue, LoadReport
from transfo_analysis.corpus._roles import fold
from transfo_analysis.corpus._schema import METHODS, RESPONDENT_ROLES, ROLES, SCHEMA_VERSION
from transfo_analysis.corpus._stage import NoDocumentError, ingest_project
from transfo_analysis.corpus._text import count_words, decode, strip_markup
from transfo_analysis.corpus._walk import Walk, walk_folder

__all__ = [
    "UNKNOWN_SPEAKER",
    "METHODS",
    "RESPONDENT_ROLES",
    "ROLES",
    "SCHEMA_VERSION",
    "group_rows",
    "in_ids",
    "RESPONDENT_METHODS",
    "SEGMENTS_PER_PARTITION",
    "Corpus",
    "Issue",
    "LoadReport",
    "Manifest",
    "NoDocumentError",
    "Walk",
    "count_words",
    "decode",
    "fold",
    "ingest",
    "ingest_project",
    "load_corpus",
    "n_partitions",
    "partition_keys",
    "partition_labels",
    "partition_of",
    "partitions",
    "read_file",
    "save_corpus",
    "strip_markup",
    "walk_folder",
]
