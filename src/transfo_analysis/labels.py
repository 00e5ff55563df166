"""French labels shown to people: roles, barometer criteria and respondent types, services.

One home for every word a figure, a report table or a dashboard uses to name a category, so the
three never drift apart. The module imports nothing from the rest of the package: any package may
use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: French labels of interview roles, for legends and axes
ROLE_LABELS = {
    "usager": "Usagers",
    "agent": "Agents",
    "encadrant": "Encadrants",
    "elu": "Élus",
    "enqueteur": "Enquêteurs",
    "autre": "Autres",
}
#: label of the rows that count every role together
ALL_ROLES_LABEL = "Tous"

#: barometer respondent types, in display order, with their French labels
RESPONDENT_TYPE_LABELS = {
    "usager": "Usagers",
    "gestionnaire": "Gestionnaires",
    "agent": "Agents",
    "elu": "Élus",
}

#: French names of the usual barometer criteria (a project may name others in its settings)
DIMENSION_LABELS = {
    "accueil": "Accueil",
    "delais": "Délais",
    "information": "Information",
    "qualite": "Qualité du service",
    "qualite_service": "Qualité du service",
    "qualite_du_service": "Qualité du service",
    "ecoute": "Écoute",
    "horaires": "Horaires",
    "proprete": "Propreté",
    "tarifs": "Tarifs",
    "global": "Satisfaction globale",
    "satisfaction_globale": "Satisfaction globale",
    "recommandation": "Recommandation",
}

#: what a service is called when the source does not say
UNSPECIFIED_SERVICE = "Non précisé"


def role_label(role: Any) -> str:
    """French label of an interview role (``agent`` → « Agents »); unknown roles as they are.

    Parameters
    ----------
    role
        A role slug.

    Returns
    -------
    The label.
    """
    return ROLE_LABELS.get(str(role), str(role))


def respondent_type_label(respondent_type: Any) -> str:
    """French label of a barometer respondent type (``gestionnaire`` → « Gestionnaires »).

    Parameters
    ----------
    respondent_type
        A respondent type slug.

    Returns
    -------
    The label.
    """
    return RESPONDENT_TYPE_LABELS.get(str(respondent_type), str(respondent_type))


def dimension_label(dimension: Any, *, labels: Mapping[str, str] | None = None) -> str:
    """French name of a barometer criterion (``qualite_service`` → « Qualité du service »).

    Parameters
    ----------
    dimension
        A criterion slug.
    labels
        The project's own names of criteria (``barometer.schema.dimensions``), tried first.

    Returns
    -------
    The label; an unknown slug reads as a sentence (``temps_attente`` → « Temps attente »).
    """
    d = str(dimension)
    if labels and d in labels:
        return labels[d]
    return DIMENSION_LABELS.get(d, d.replace("_", " ").capitalize())


def service_label(service: Any, *, labels: Mapping[str, str] | None = None) -> str:
    """French name of a service from the project's ``services`` settings.

    Parameters
    ----------
    service
        A service slug (``None`` or NaN when the source does not say).
    labels
        The project's names of services (``settings.services``).

    Returns
    -------
    The label, the slug when the project names none, « Non précisé » for a missing service.
    """
    if service is None or service != service:  # None or NaN
        return UNSPECIFIED_SERVICE
    return (labels or {}).get(str(service), str(service))
