"""Pseudonymisation and disclosure control.

- :func:`pseudonymise` pseudonymises a corpus in memory (with its parse, when there is one) and
  returns the new corpus and the :class:`Findings` (audit rows, derived tokens, report);
- :func:`pseudonymise_project` wraps it for a project: it detects identifiers in the parsed corpus
  (patterns, name markup, context, the NER of the parse cache, known names searched everywhere),
  replaces them by consistent pseudonyms, and writes the processed corpus and tokens, the key
  (apart, permissioned, optionally encrypted) and the audit log.
- :func:`pseudonymise_texts` does the same on loose texts, without NER.
- :func:`check_leaks` scans published files for any original identifier of the key.
- :mod:`~transfo_analysis.anonymise.disclosure`: k-suppression of cells, rows and quotes.

See ``docs/pseudonymisation.md``.
"""

from transfo_analysis.anonymise._audit import load_audit
from transfo_analysis.anonymise._build import build_detector
from transfo_analysis.anonymise._detect import Detector
from transfo_analysis.anonymise._fold import canonical, fold
from transfo_analysis.anonymise._key import read_key, write_key
from transfo_analysis.anonymise._patterns import find_patterns
from transfo_analysis.anonymise._pseudonymise import Findings, pseudonymise, pseudonymise_project
from transfo_analysis.anonymise._pseudonyms import PseudonymKey
from transfo_analysis.anonymise._report import PseudonymisationReport
from transfo_analysis.anonymise._spans import TYPES, Span
from transfo_analysis.anonymise._text import pseudonymise_text, pseudonymise_texts
from transfo_analysis.anonymise.disclosure import (
    SUPPRESSED_LABEL,
    respondent_counts,
    suppress_cells,
    suppress_quotes,
    suppress_rows,
)
from transfo_analysis.anonymise.leaks import Leak, LeakReport, check_leaks

__all__ = [
    "SUPPRESSED_LABEL",
    "TYPES",
    "Detector",
    "Findings",
    "Leak",
    "LeakReport",
    "PseudonymKey",
    "PseudonymisationReport",
    "Span",
    "build_detector",
    "canonical",
    "check_leaks",
    "find_patterns",
    "fold",
    "load_audit",
    "pseudonymise",
    "pseudonymise_project",
    "pseudonymise_text",
    "pseudonymise_texts",
    "read_key",
    "respondent_counts",
    "suppress_cells",
    "suppress_quotes",
    "suppress_rows",
    "write_key",
]
