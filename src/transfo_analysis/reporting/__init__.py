"""Tables and figures of the stakeholder reports (territory report, synthesis).

Report notebooks are thin: a ``parameters`` cell, :func:`open_report`, then one call per table
or figure, each saved as an artifact for the dashboards with ``ctx.save(name, table)``. Every
function reads pseudonymised data only and applies k-suppression to respondent-level results.
"""

from transfo_analysis.reporting._context import ReportContext, open_report
from transfo_analysis.reporting._display import french_table
from transfo_analysis.reporting._overview import key_figures, voices_by_role
from transfo_analysis.reporting._synthesis import roles_by_territory, territories_overview

__all__ = [
    "ReportContext",
    "french_table",
    "key_figures",
    "open_report",
    "roles_by_territory",
    "territories_overview",
    "voices_by_role",
]
