"""French words of the dashboards that are labels, not sentences: months, indicators, headers.

A table of labels (like :mod:`transfo_analysis.labels`); the sentences of the dashboards go
through gettext in the other modules.
"""

from __future__ import annotations

MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]

#: the synthesis's indicators (button label, column)
INDICATORS = [
    ("Mots", "n_words"),
    ("Personnes entendues", "n_respondents"),
    ("Prises de parole", "n_segments"),
    ("Documents", "n_documents"),
]
INDICATORS_BY_VALUE = [(value, label) for label, value in INDICATORS]
OVERVIEW_COLUMNS = {
    "territory_label": "Territoire",
    "n_documents": "Documents",
    "n_respondents": "Personnes entendues",
    "n_segments": "Prises de parole",
    "n_words": "Mots",
    "first_date": "Depuis",
    "last_date": "Jusqu'à",
}

#: the territory dashboard's profile buttons (label, role)
ALL = "tous"
ROLES = [
    ("Tous les profils", ALL),
    ("Usagers", "usager"),
    ("Agents", "agent"),
    ("Encadrants", "encadrant"),
    ("Élus", "elu"),
]

#: what a table writes where an author's profile is withheld
MASKED = "masqué"
