"""Satisfaction barometers: Likert surveys per service, trends over waves, the users–managers gap.

- :func:`import_surveys` reads and validates CSV/XLSX survey files (long or wide) declared by a
  :class:`SurveySchema`; every invalid cell is reported at once (:class:`SurveyError`).
- :func:`indicators` (mean, top-2-box rate, NPS with intervals, weighted), :func:`distribution`,
  :func:`trends`, :func:`perception_gap`, :func:`importance_performance`: tidy tables,
  k-suppressed, with provenance in ``attrs``; :func:`compute_tables` runs them all.
- :func:`themes_vs_scores` links the themes of comments (coded or topic-assigned corpus
  segments) to the scores of the people who wrote them.
- :func:`barometer_project` is the barometer stage of a project (``transfo barometer``,
  ``transfo run``); :func:`wave_sort_key` orders wave labels chronologically.
- :func:`to_french` renames columns for stakeholders;
  figures are in :mod:`transfo_analysis.viz.barometer`.

See ``docs/barometer.md`` for the file formats, the estimators and the tests used.
"""

from transfo_analysis.barometer._artifacts import (
    TABLES,
    barometer_dir,
    compute_tables,
    load_tables,
)
from transfo_analysis.barometer._comments import themes_vs_scores
from transfo_analysis.barometer._gap import perception_gap
from transfo_analysis.barometer._importance import QUADRANTS, importance_performance
from transfo_analysis.barometer._indicators import GROUP, distribution, indicators
from transfo_analysis.barometer._io import import_surveys, read_survey, read_table
from transfo_analysis.barometer._labels import COLUMN_LABELS, to_french
from transfo_analysis.barometer._schema import (
    RESPONDENT_TYPES,
    Scale,
    SurveySchema,
    make_scale,
)
from transfo_analysis.barometer._stage import barometer_project
from transfo_analysis.barometer._stats import kish_n, wave_sort_key, wilson
from transfo_analysis.barometer._trends import trends
from transfo_analysis.barometer._validate import (
    RESPONSE_COLUMNS,
    Problem,
    SurveyError,
    validate_table,
)
from transfo_analysis.labels import RESPONDENT_TYPE_LABELS, dimension_label  # French labels' home
from transfo_analysis.provenance import write_tables  # the barometer's tables are written with it

__all__ = [
    "COLUMN_LABELS",
    "GROUP",
    "QUADRANTS",
    "RESPONDENT_TYPES",
    "RESPONDENT_TYPE_LABELS",
    "RESPONSE_COLUMNS",
    "TABLES",
    "Problem",
    "Scale",
    "SurveyError",
    "SurveySchema",
    "barometer_dir",
    "barometer_project",
    "compute_tables",
    "dimension_label",
    "distribution",
    "import_surveys",
    "importance_performance",
    "indicators",
    "kish_n",
    "load_tables",
    "make_scale",
    "perception_gap",
    "read_survey",
    "read_table",
    "themes_vs_scores",
    "to_french",
    "wave_sort_key",
    "trends",
    "validate_table",
    "wilson",
    "write_tables",
]
