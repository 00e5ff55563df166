"""Tables of the stakeholder reports (territory report, synthesis).

Report notebooks are thin: a ``parameters`` cell, :func:`open_report`, then one call per table,
saved as an artifact for the dashboards with ``ctx.save(name, table)``, and one call per figure,
built by :mod:`transfo_analysis.viz` from that table and published with ``ctx.publish``. Every
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
    quotes_markdown,
    report_quotes,
    top_codes,
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
    topics_by_role,
    topics_by_territory,
    topics_empty_reason,
)
from transfo_analysis.reporting._workshop_priorities import (
    workshop_prioritisation,
    workshop_theme_evidence,
)
from transfo_analysis.reporting._workshop_themes import (
    workshop_themes_by_role,
    workshop_themes_figure,
    workshop_themes_withheld,
)
from transfo_analysis.reporting._workshops import (
    TOP_PROPOSALS,
    consultation_stances,
    has_workshops,
    workshop_priorities,
    workshop_votes_figure,
)
from transfo_analysis.reporting._workshops_synthesis import workshops_by_territory

__all__ = [
    "ReportContext",
    "barometer_gap_figure",
    "barometer_gaps",
    "barometer_indicators",
    "barometer_satisfaction",
    "barometer_tables",
    "barometer_trend_figure",
    "codes_by_territory",
    "TOP_PROPOSALS",
    "consultation_stances",
    "has_barometer",
    "has_workshops",
    "french_table",
    "key_figures",
    "not_available",
    "open_report",
    "quotes_markdown",
    "report_quotes",
    "specific_words",
    "top_codes",
    "topics_by_role",
    "workshop_priorities",
    "workshop_prioritisation",
    "workshop_theme_evidence",
    "workshop_themes_by_role",
    "workshop_themes_figure",
    "workshop_themes_withheld",
    "workshop_votes_figure",
    "workshops_by_territory",
    "topics_by_territory",
    "topics_empty_reason",
    "roles_by_territory",
    "territories_overview",
    "voices_by_role",
    "voices_to_decisions",
    "voices_to_decisions_markdown",
]
