"""Tables and figures of the stakeholder reports (territory report, synthesis).

Report notebooks are thin: a ``parameters`` cell, :func:`open_report`, then one call per table
or figure, each saved as an artifact for the dashboards with ``ctx.save(name, table)``. Every
function reads pseudonymised data only and applies k-suppression to respondent-level results.
"""

from transfo_analysis.reporting._barometer import (
    barometer_gap_figure,
    barometer_gaps,
    barometer_indicators,
    barometer_satisfaction,
    barometer_tables,
    barometer_trend_figure,
    has_barometer,
)
from transfo_analysis.reporting._codes import (
    codes_by_territory,
    codes_by_territory_figure,
    quotes_markdown,
    report_quotes,
    top_codes,
    top_codes_figure,
)
from transfo_analysis.reporting._context import ReportContext, open_report
from transfo_analysis.reporting._display import french_table, not_available
from transfo_analysis.reporting._evidence import (
    voices_to_decisions,
    voices_to_decisions_markdown,
)
from transfo_analysis.reporting._overview import key_figures, voices_by_role
from transfo_analysis.reporting._synthesis import roles_by_territory, territories_overview
from transfo_analysis.reporting._themes import (
    specific_words,
    specific_words_figure,
    topics_by_role,
    topics_by_role_figure,
    topics_by_territory,
    topics_by_territory_figure,
)

__all__ = [
    "ReportContext",
    "barometer_gap_figure",
    "barometer_gaps",
    "barometer_indicators",
    "barometer_satisfaction",
    "barometer_tables",
    "barometer_trend_figure",
    "codes_by_territory",
    "codes_by_territory_figure",
    "has_barometer",
    "french_table",
    "key_figures",
    "not_available",
    "open_report",
    "quotes_markdown",
    "report_quotes",
    "specific_words",
    "specific_words_figure",
    "top_codes",
    "top_codes_figure",
    "topics_by_role",
    "topics_by_role_figure",
    "topics_by_territory",
    "topics_by_territory_figure",
    "roles_by_territory",
    "territories_overview",
    "voices_by_role",
    "voices_to_decisions",
    "voices_to_decisions_markdown",
]
