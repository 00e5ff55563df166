"""Textometry in the French tradition (Lexico, TXM, IRaMuTeQ): lexical statistics of the corpus.

- :func:`kwic`: keyword in context (concordances) on the text or on lemmas.
- :func:`frequencies`: lemma or form frequency tables, per sub-corpus, with document and
  respondent frequencies.
- :func:`specificities`: Lafon specificities (hypergeometric) of the parts defined by any
  column, also as a map-reduce (:func:`contingency` per partition, :func:`merge_contingencies`,
  :func:`specificities_of`); :func:`role_specificities` (users vs agents, optionally in one
  territory), :func:`territory_specificities`, :func:`top_specific`.
- :func:`repeated_segments`: Lexico's repeated segments.
- :func:`reinert`: Reinert descending hierarchical classification (IRaMuTeQ, rainette), with
  class profiles, typical segments, crossing with metadata and the dendrogram.
- :func:`textometry_project` (the stage; ``run_project`` is its former name),
  :func:`save_textometry`, :func:`load_textometry`: the project's tables
  under ``processed/textometry/`` (``transfo reinert``).

See ``docs/textometry.md``.
"""

from transfo_analysis.textometry._artifacts import (
    TextometryResults,
    compute_textometry,
    load_textometry,
    memory_estimate,
    run_project,
    save_textometry,
    textometry_dir,
    textometry_project,
)
from transfo_analysis.textometry._lexical import ALL_TERRITORIES
from transfo_analysis.textometry._tables import CONTENT_POS
from transfo_analysis.textometry.frequencies import frequencies
from transfo_analysis.textometry.kwic import kwic
from transfo_analysis.textometry.reinert import (
    NotEnoughDataError,
    ReinertResult,
    reinert,
    required_segments,
)
from transfo_analysis.textometry.repeated import repeated_segments
from transfo_analysis.textometry.specificities import (
    Contingency,
    contingency,
    merge_contingencies,
    role_specificities,
    specificities,
    specificities_of,
    territory_specificities,
    top_specific,
)

__all__ = [
    "ALL_TERRITORIES",
    "CONTENT_POS",
    "Contingency",
    "NotEnoughDataError",
    "ReinertResult",
    "TextometryResults",
    "compute_textometry",
    "contingency",
    "frequencies",
    "kwic",
    "load_textometry",
    "merge_contingencies",
    "reinert",
    "repeated_segments",
    "required_segments",
    "role_specificities",
    "run_project",
    "save_textometry",
    "specificities",
    "specificities_of",
    "territory_specificities",
    "textometry_dir",
    "textometry_project",
    "memory_estimate",
    "top_specific",
]
