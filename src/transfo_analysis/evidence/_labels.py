"""French vocabulary of the evidence trail: the lifecycle of a proposal and the kinds of target.

A table of labels (domain vocabulary stored in the trail and shown as it is in reports and
tables), like :mod:`transfo_analysis.labels`; sentences go through gettext in the other modules.
"""

from __future__ import annotations

#: the lifecycle of a proposal; a jump that skips a stage is refused
ALLOWED_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "proposée": ("à l'étude",),
    "à l'étude": ("retenue", "écartée", "reportée"),
    "reportée": ("à l'étude",),  # postponed, then taken up again
    "retenue": ("expérimentée",),
    "expérimentée": ("généralisée", "écartée"),  # an experiment can end the proposal
    "écartée": (),
    "généralisée": (),
}

#: spellings of « à l'étude » met in hand-written files, folded (no accents, no case)
STATUS_ALIASES = {"a letude": "à l'étude", "etude": "à l'étude"}

#: French names of the target kinds, for tables and messages
KIND_LABELS = {
    "segment": "citation",
    "idea": "idée d'atelier ou proposition de plateforme",
    "code": "code",
    "topic": "thème (modèle de thèmes)",
    "reinert": "classe Reinert",
    "word": "mot spécifique",
    "indicator": "indicateur du baromètre",
    "gap": "écart usagers-gestionnaires",
}
