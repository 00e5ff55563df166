"""Read-only dashboards for elected officials and managers (served by ``transfo serve``).

- :func:`territory_dashboard`: one territory, filtered by role (``dashboards/territoire.ipynb``).
- :func:`synthesis_dashboard`: every territory side by side (``dashboards/synthese.ipynb``).

Both read only the published reports (``reports/``, see ``docs/artifacts.md``), found through
``TRANSFO_REPORTS_DIR``; a missing artifact shows « Donnée non disponible ». See
``docs/dashboards.md``.
"""

from transfo_analysis.dashboards._artifacts import (
    ENV_VAR,
    Reports,
    ReportsUnavailable,
    open_reports,
)
from transfo_analysis.dashboards._panels import TEMPLATE_ENV
from transfo_analysis.dashboards.synthesis import SynthesisDashboard, synthesis_dashboard
from transfo_analysis.dashboards.territory import TerritoryDashboard, territory_dashboard

__all__ = [
    "ENV_VAR",
    "Reports",
    "ReportsUnavailable",
    "TEMPLATE_ENV",
    "SynthesisDashboard",
    "TerritoryDashboard",
    "open_reports",
    "synthesis_dashboard",
    "territory_dashboard",
]
