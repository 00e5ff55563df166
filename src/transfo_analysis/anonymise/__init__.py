"""Pseudonymisation and disclosure control.

- :mod:`~transfo_analysis.anonymise.disclosure`: k-suppression of cells, rows and quotes.
"""

from transfo_analysis.anonymise.disclosure import (
    SUPPRESSED_LABEL,
    respondent_counts,
    suppress_cells,
    suppress_quotes,
    suppress_rows,
)

__all__ = ["SUPPRESSED_LABEL", "respondent_counts", "suppress_cells", "suppress_quotes", "suppress_rows"]
