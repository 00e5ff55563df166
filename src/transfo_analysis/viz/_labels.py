"""French words drawn on figures as labels: masked cells, measures, the importance quadrants.

A table of labels (domain vocabulary of the stakeholder views, like
:mod:`transfo_analysis.labels`); the sentences written on figures (notes, titles with numbers)
go through gettext in the figure modules.
"""

from __future__ import annotations

#: text of a bar or cell withheld because fewer than k people are behind it
MASKED = "masqué (< k)"
#: text of a cell withheld only so that a smaller one cannot be recomputed
MASKED_SECONDARY = "masqué"
#: the grey segment of stacked shares: what k-suppression withholds
MASKED_SHARE = "Masqué (anonymat)"

#: what each count column measures, in French
VALUE_LABELS = {
    "n_words": "Mots",
    "n_segments": "Prises de parole",
    "n_respondents": "Personnes",
    "n_documents": "Documents",
}

#: the barometer's importance-performance quadrants, as the barometer names them
PRIORITY, STRENGTH, LOW_PRIORITY, OVERKILL = (
    "Priorités d'amélioration",
    "Points forts à maintenir",
    "Faible priorité",
    "Effort peut-être excessif",
)

#: axis titles of the barometer measures
MEASURES = {
    "mean": "Note moyenne",
    "satisfied_rate": "Taux de satisfaits (%)",
    "nps": "NPS (points)",
}

#: axis titles of the coding figures' measures
CODING_MEASURES = {
    "n_segments": "Segments codés",
    "n_documents": "Documents",
    "n_respondents": "Répondants distincts",
    "pct_respondents": "Part des répondants (%)",
    "krippendorff_alpha": "α de Krippendorff",
    "cohen_kappa": "κ de Cohen",
    "percent_agreement": "Accord observé",
}
