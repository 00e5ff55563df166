"""transfo-analysis: evidence from what users and agents of French local public services say.

The package follows the research steps; each step is a subpackage:

- :mod:`transfo_analysis.corpus`: read transcripts and survey answers into a tidy :class:`Corpus`
- :mod:`transfo_analysis.nlp`: French spaCy pipeline with an on-disk cache of parsed segments
- :mod:`transfo_analysis.anonymise`: pseudonymisation, re-identification key, audit, leak checks,
  disclosure control
- :mod:`transfo_analysis.coding`: codebook, annotation store, suggestions, agreement, REFI-QDA
- :mod:`transfo_analysis.topics`: BERTopic with French defaults and offline embeddings
- :mod:`transfo_analysis.textometry`: specificities, concordances, Reinert classification
- :mod:`transfo_analysis.barometer`: satisfaction surveys and perception gaps
- :mod:`transfo_analysis.viz`: plotly figures (French labels, one theme)
- :mod:`transfo_analysis.reporting`: the k-suppressed tables of the stakeholder reports
- :mod:`transfo_analysis.batch`: ``transfo run`` (every stage, then papermill reports per
  territory) and ``transfo serve``
- :mod:`transfo_analysis.dashboards`: the read-only Voilà dashboards over the published reports

Each stage exposes one ``*_project(project, *, show_progress)`` entry point that its command and
``transfo run`` both call, and :class:`~transfo_analysis.config.Project` says where every stage
reads and writes (``docs/stages.md``).

Heavy dependencies (spaCy, BERTopic, torch) are imported only by the steps that need them.
"""

from __future__ import annotations

__version__ = "0.1.0"

from transfo_analysis.config import Project, Settings, open_project
from transfo_analysis.errors import ConfigError, InputError, TransfoError

__all__ = [
    "ConfigError",
    "InputError",
    "Project",
    "Settings",
    "TransfoError",
    "__version__",
    "open_project",
]
