"""French labels of workshop tables for values a card does not give: a table of labels, shown as
they are in report tables (like :mod:`transfo_analysis.labels`).
"""

from __future__ import annotations

#: theme of a card the classification left out
UNCLASSIFIED = "non classée"
#: theme of a card that no theme of cards took in
OFF_THEME = "hors thème"
#: category of a card that has none
NO_CATEGORY = "sans catégorie"
#: voter stratum when the voter's role is not given
NOT_GIVEN = "non renseigné"
#: how an interview code matched a theme of cards: by the codebook's words, by its passages
BY_VOCABULARY = "grille"
BY_PASSAGES = "passages codés"
#: how an interview topic matched a theme of cards
BY_TERMS = "termes communs"
