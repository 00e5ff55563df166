"""The barometer's French label table: column names, scale points, quadrants, readings.

Domain vocabulary written into the barometer's tables and read by reports, dashboards and
figures (which key their colours on some of these words); sentences go through gettext.
"""

from __future__ import annotations

import pandas as pd

from transfo_analysis.labels import RESPONDENT_TYPE_LABELS, dimension_label

COLUMN_LABELS = {
    # keys
    "territory": "Territoire",
    "wave": "Vague",
    "service": "Service",
    "dimension": "Dimension",
    "respondent_type": "Profil",
    "respondent": "Répondant",
    "scale": "Échelle",
    "theme": "Thème",
    "file": "Fichier",
    "row": "Ligne",
    "column": "Colonne",
    "score": "Note",
    "importance": "Importance",
    "weight": "Poids",
    "comment": "Commentaire",
    "level": "Réponse (point)",
    "label": "Réponse",
    "count": "Effectif",
    "share": "Part",
    # indicators
    "n": "Réponses",
    "n_respondents": "Répondants",
    "n_missing": "Sans réponse",
    "n_eff": "Effectif efficace (Kish)",
    "weighted": "Pondéré",
    "mean": "Note moyenne",
    "mean_low": "Moyenne : borne basse",
    "mean_high": "Moyenne : borne haute",
    "sd": "Écart-type",
    "satisfied_rate": "Taux de satisfaits (2 meilleures notes)",
    "satisfied_low": "Satisfaits : borne basse",
    "satisfied_high": "Satisfaits : borne haute",
    "dissatisfied_rate": "Taux d'insatisfaits",
    "nps": "NPS",
    "nps_low": "NPS : borne basse",
    "nps_high": "NPS : borne haute",
    "suppressed": "Masqué (moins de k répondants)",
    # gaps
    "users_type": "Profil de référence",
    "staff_type": "Profil comparé",
    "n_users": "Usagers répondants",
    "n_staff": "Gestionnaires répondants",
    "mean_users": "Moyenne des usagers",
    "mean_staff": "Moyenne des gestionnaires",
    "gap": "Écart de perception (gestionnaires − usagers)",
    "gap_low": "Écart : borne basse",
    "gap_high": "Écart : borne haute",
    "p_welch": "p (test de Welch)",
    "p_mannwhitney": "p (Mann-Whitney)",
    "satisfied_users": "Satisfaits parmi les usagers",
    "satisfied_staff": "Satisfaits parmi les gestionnaires",
    "satisfied_gap": "Écart de taux de satisfaits",
    "satisfied_gap_low": "Écart de taux : borne basse",
    "satisfied_gap_high": "Écart de taux : borne haute",
    "p_proportions": "p (comparaison de proportions)",
    "significant": "Significatif",
    "reading": "Lecture",
    "rank": "Rang",
    # trends
    "wave_from": "Vague de départ",
    "wave_to": "Vague d'arrivée",
    "n_from": "Répondants (départ)",
    "n_to": "Répondants (arrivée)",
    "mean_from": "Moyenne (départ)",
    "mean_to": "Moyenne (arrivée)",
    "change": "Évolution de la moyenne",
    "change_low": "Évolution : borne basse",
    "change_high": "Évolution : borne haute",
    "q_welch": "q (Benjamini-Hochberg, moyenne)",
    "satisfied_from": "Satisfaits (départ)",
    "satisfied_to": "Satisfaits (arrivée)",
    "satisfied_change": "Évolution du taux de satisfaits",
    "satisfied_change_low": "Évolution du taux : borne basse",
    "satisfied_change_high": "Évolution du taux : borne haute",
    "q_proportions": "q (Benjamini-Hochberg, taux)",
    "significant_rate": "Évolution du taux significative",
    "direction": "Tendance",
    # importance–performance and comments
    "performance": "Satisfaction moyenne",
    "importance_centre": "Importance : centre",
    "performance_centre": "Satisfaction : centre",
    "quadrant": "Quadrant",
    "n_with": "Répondants avec ce thème",
    "n_without": "Autres répondants",
    "mean_with": "Moyenne avec ce thème",
    "mean_without": "Moyenne des autres",
    "mean_difference": "Écart de moyenne",
    "dissatisfied_with": "Insatisfaits avec ce thème",
    "dissatisfied_without": "Insatisfaits parmi les autres",
    "dissatisfied_difference": "Écart d'insatisfaction",
}


#: French names of the points of the usual scales, by (lowest, highest) point
SATISFACTION_LABELS = {
    (1, 4): ("Pas du tout satisfait", "Plutôt pas satisfait", "Plutôt satisfait", "Très satisfait"),
    (1, 5): (
        "Pas du tout satisfait",
        "Peu satisfait",
        "Moyennement satisfait",
        "Satisfait",
        "Très satisfait",
    ),
    (0, 10): ("0 – Pas du tout satisfait", *map(str, range(1, 10)), "10 – Tout à fait satisfait"),
}
IMPORTANCE_LABELS = {
    (1, 4): ("Pas du tout important", "Peu important", "Important", "Très important"),
    (1, 5): (
        "Pas du tout important",
        "Peu important",
        "Moyennement important",
        "Important",
        "Très important",
    ),
}

#: answers meaning "no answer" (compared lower-case, without accents)
NO_ANSWER_VALUES = (
    "",
    "nsp",
    "nr",
    "ne sait pas",
    "ne se prononce pas",
    "sans avis",
    "na",
    "n/a",
    "nan",
)

#: French names of the four quadrants, by (important, well rated)
QUADRANTS = {
    (True, False): "Priorités d'amélioration",
    (True, True): "Points forts à maintenir",
    (False, False): "Faible priorité",
    (False, True): "Effort peut-être excessif",
}

#: the reading of a perception gap: (significant, staff rate higher) -> words
GAP_READINGS = {
    (True, True): "surestimation par les gestionnaires",
    (True, False): "sous-estimation par les gestionnaires",
    (False, True): "écart non significatif",
    (False, False): "écart non significatif",
}
#: the direction of a change between two waves
TREND_UP, TREND_DOWN, TREND_STABLE = (
    "hausse significative",
    "baisse significative",
    "stable (écart non significatif)",
)


def to_french(
    table: pd.DataFrame, *, dimension_labels: dict[str, str] | None = None
) -> pd.DataFrame:
    """A copy ready to show: French column names, dimension and respondent type labels.

    Parameters
    ----------
    table
        Any barometer table.
    dimension_labels
        Extra French names of dimension slugs (``barometer.schema.dimensions``).

    Returns
    -------
    A copy of ``table`` with French column names and labels; the input is unchanged.
    """
    out = table.copy()
    if "dimension" in out:
        out["dimension"] = out["dimension"].map(
            lambda d: dimension_label(d, labels=dimension_labels)
        )
    for col in ("respondent_type", "users_type", "staff_type"):
        if col in out:
            out[col] = out[col].map(lambda t: RESPONDENT_TYPE_LABELS.get(t, t))
    return out.rename(columns=COLUMN_LABELS)
