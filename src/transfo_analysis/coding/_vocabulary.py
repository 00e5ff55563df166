"""The French words the project stores as data: evidence-trail vocabulary, migration report keys.

They are data, not messages: the store's CHECK constraints hold them, the YAML trail files use
them, and the reports show them as they are (domain vocabulary of the research team, like the
labels of :mod:`transfo_analysis.labels`). Sentences about them go through gettext elsewhere.
"""

from __future__ import annotations

#: what an evidence link may point to
EVIDENCE_KINDS = ("segment", "idea", "code", "topic", "reinert", "word", "indicator", "gap")
#: how a piece of evidence bears on a finding: supports, qualifies, contradicts
STANCES = ("appuie", "nuance", "contredit")
#: the lifecycle of a proposal, in order
PROPOSAL_STATUSES = (
    "proposée",
    "à l'étude",
    "retenue",
    "écartée",
    "reportée",
    "expérimentée",
    "généralisée",
)
#: the state of a finding: no usable evidence, fewer than k people, or supported
FINDING_DRAFT = "brouillon"
FINDING_FRAGILE = "fragile"
FINDING_SUPPORTED = "étayé"

#: how a migrated REFI-QDA document was read (keys of the migration report, shown as they are)
TURNS = "tours de parole"
PARAGRAPHS = "paragraphes"

#: the coding panel's modes (values and button labels): all, uncoded, suggestions, disagreements
MODE_ALL, MODE_UNCODED, MODE_SUGGESTIONS, MODE_DISAGREEMENTS = (
    "tous",
    "non codés",
    "suggestions",
    "désaccords",
)
MODES = (MODE_ALL, MODE_UNCODED, MODE_SUGGESTIONS, MODE_DISAGREEMENTS)

#: the coding panel's « any » choice of a filter, and its role labels (inclusive writing)
ANY_CHOICE = "(tous)"
PANEL_ROLE_LABELS = {
    "usager": "Usager·ère",
    "agent": "Agent",
    "encadrant": "Encadrant·e",
    "elu": "Élu·e",
    "enqueteur": "Enquêteur·rice",
    "autre": "Autre",
}

#: REFI-QDA variable names and case labels written into exchanged files (read back on import)
REFI_ROLE_LABELS = {
    "usager": "Usager",
    "agent": "Agent",
    "encadrant": "Encadrant",
    "elu": "Élu",
    "enqueteur": "Enquêteur",
    "autre": "Autre",
}
REFI_DOC_VARIABLES = {"territoire": "territory", "service": "service", "méthode": "method"}
REFI_ROLE_VARIABLE = "rôle"
REFI_TERRITORY_VARIABLE = "territoire"

#: headings of a code's REFI ``Description`` (written by the export, parsed back by the import)
QDC_INCLUDE, QDC_EXCLUDE, QDC_EXAMPLES, QDC_KEYWORDS = (
    "Inclure :",
    "Exclure :",
    "Exemples :",
    "Mots-clés :",
)
