"""Batch runs per territory (papermill) and read-only dashboards (Voilà).

- :func:`prepare` runs ingest → parse → pseudonymise → analyses, skipping unchanged steps.
- :func:`run_reports` executes the territory report for each territory in parallel, exports it
  as HTML without code, leak-checks everything, then publishes it; then the synthesis.
"""

from transfo_analysis.batch._notebooks import check_parameters, export_html, notebook_parameters
from transfo_analysis.batch._pipeline import STEPS, Step, StepOutcome, prepare
from transfo_analysis.batch._reports import SYNTHESIS, ReportOutcome, notebooks_dir, run_reports
from transfo_analysis.batch._stages import RunManifest, fingerprint

__all__ = [
    "STEPS",
    "SYNTHESIS",
    "ReportOutcome",
    "RunManifest",
    "Step",
    "StepOutcome",
    "check_parameters",
    "export_html",
    "fingerprint",
    "notebook_parameters",
    "notebooks_dir",
    "prepare",
    "run_reports",
]
