"""Qualitative coding: codebook, annotation store, suggestions, agreement, analyses, REFI-QDA.

- Codebook: :func:`load_codebook`, :func:`save_codebook`, :class:`Codebook` (YAML, validated);
  REFI ``.qdc`` with :func:`read_qdc` / :func:`write_qdc`.
- Store: :func:`open_store` → :class:`AnnotationStore` (SQLite, WAL, safe for several kernels).
- Stage: :func:`coding_project` (``transfo run``) imports codings and stores suggestions.
- Coding: :func:`open_session` (corpus + codebook + store + coder), :func:`code_segments`,
  :func:`code_query`, :func:`accept_suggestions`, :func:`reject_suggestions`, and the JupyterLab
  panel :func:`coding_panel`.
- Suggestions (never accepted silently): :func:`suggest_rules` (keywords on lemmas),
  :func:`suggest_semantic` (embeddings), measured by :func:`evaluate_suggestions`.
- Agreement: :func:`agreement`, :func:`pairwise_kappa`, :func:`confusion_matrix`,
  :func:`disagreements`.
- Analyses: :func:`code_frequencies`, :func:`code_crosstab`, :func:`cooccurrence`, :func:`quotes`,
  :func:`kwic`; exports: :func:`export_coded_segments`, :func:`export_qdpx`, :func:`import_qdpx`.
"""

from transfo_analysis.coding._codebook_io import codebook_from_dict, load_codebook, save_codebook
from transfo_analysis.coding._errors import (
    CodebookError,
    MissingSegmentsError,
    RefiError,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    UnknownCodeError,
)
from transfo_analysis.coding._stage import coding_project
from transfo_analysis.coding.agreement import (
    agreement,
    cohen_kappa,
    pairwise_kappa,
    units_from_documents,
)
from transfo_analysis.coding.analysis import code_crosstab, code_frequencies
from transfo_analysis.coding.api import (
    accept_suggestions,
    check_segment_ids,
    code_query,
    code_segments,
    coded_segments,
    reject_suggestions,
    uncode_segments,
)
from transfo_analysis.coding.codebook import Code, Codebook
from transfo_analysis.coding.cooccurrence import cooccurrence, cooccurrence_pairs
from transfo_analysis.coding.disagreement import confusion_matrix, disagreements
from transfo_analysis.coding.evaluate import (
    evaluate_suggestions,
    examined,
    read_codings_csv,
    threshold_sweep,
)
from transfo_analysis.coding.export import coded_segments_table, export_coded_segments
from transfo_analysis.coding.panel import CodingPanel, coding_panel
from transfo_analysis.coding.quotes import quotes
from transfo_analysis.coding.refi import (
    create_project,
    export_qdpx,
    import_qdpx,
    is_new_project,
    read_qdc,
    read_qdpx,
    write_qdc,
)
from transfo_analysis.coding.semantic import code_similarity, suggest_semantic
from transfo_analysis.coding.session import CodingSession, open_session
from transfo_analysis.coding.store import AnnotationStore, open_store
from transfo_analysis.coding.suggest import store_suggestions, suggest_rules
from transfo_analysis.textometry.kwic import kwic

__all__ = [
    "AnnotationStore",
    "Code",
    "Codebook",
    "CodebookError",
    "CodingPanel",
    "CodingSession",
    "MissingSegmentsError",
    "RefiError",
    "StoreCorruptError",
    "StoreError",
    "StoreLockedError",
    "UnknownCodeError",
    "accept_suggestions",
    "agreement",
    "check_segment_ids",
    "code_crosstab",
    "coding_project",
    "code_frequencies",
    "code_query",
    "code_segments",
    "code_similarity",
    "codebook_from_dict",
    "coded_segments",
    "coded_segments_table",
    "coding_panel",
    "cohen_kappa",
    "confusion_matrix",
    "cooccurrence",
    "cooccurrence_pairs",
    "disagreements",
    "evaluate_suggestions",
    "examined",
    "export_coded_segments",
    "create_project",
    "export_qdpx",
    "import_qdpx",
    "is_new_project",
    "kwic",
    "load_codebook",
    "open_session",
    "open_store",
    "pairwise_kappa",
    "quotes",
    "read_codings_csv",
    "read_qdc",
    "read_qdpx",
    "reject_suggestions",
    "save_codebook",
    "store_suggestions",
    "suggest_rules",
    "suggest_semantic",
    "threshold_sweep",
    "uncode_segments",
    "units_from_documents",
    "write_qdc",
]
