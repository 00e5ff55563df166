"""French NLP with spaCy, cached on disk.

- :func:`parse` runs segments (never whole transcripts) through ``nlp.pipe`` in batches, with
  only the components later steps need, and caches each distinct text by hash, model, version
  and configuration: a rerun after editing one transcript parses only what changed.
- :func:`analysis_text` is the text spaCy sees (straight apostrophes, markup blanked, same
  length), :func:`stop_words` the French list extended with oral fillers.
- :func:`load_tokens` reads a project's tokens table whole; :func:`iter_tokens` reads a tokens
  file (:func:`tokens_path`) a batch of whole segments at a time, for corpora whose table does
  not fit in memory.
"""

from typing import TYPE_CHECKING

from transfo_analysis.nlp._cache import ParseCache, text_hash
from transfo_analysis.nlp._normalise import analysis_text
from transfo_analysis.nlp._parse import (
    ParseResult,
    load_entities,
    load_tokens,
    nlp_dir,
    parse,
    parse_partition,
    parse_partition_task,
    parse_project,
    parse_texts,
    tokens_path,
)
from transfo_analysis.nlp._pipeline import load_pipeline, pipeline_hash, pipeline_key
from transfo_analysis.nlp._stopwords import ORAL_FILLERS, is_stop, stop_words
from transfo_analysis.nlp._tables import iter_tokens

if TYPE_CHECKING:  # imported lazily at run time (see __getattr__)
    from transfo_analysis.nlp._plugin import PipelinePlugin


def __getattr__(name: str) -> object:
    # the worker plugin subclasses Dask's: imported only when asked for, so that importing the
    # NLP stage (and any run that stays in this process) never imports Dask
    if name == "PipelinePlugin":
        from transfo_analysis.nlp._plugin import PipelinePlugin

        return PipelinePlugin
    raise AttributeError(name)


__all__ = [
    "ORAL_FILLERS",
    "ParseCache",
    "ParseResult",
    "PipelinePlugin",
    "analysis_text",
    "is_stop",
    "iter_tokens",
    "load_entities",
    "load_pipeline",
    "load_tokens",
    "nlp_dir",
    "parse",
    "parse_partition",
    "parse_partition_task",
    "parse_project",
    "parse_texts",
    "pipeline_hash",
    "pipeline_key",
    "stop_words",
    "text_hash",
    "tokens_path",
]
