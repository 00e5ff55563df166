"""French headers and cell words of report tables: a table of labels, not sentences.

Domain vocabulary shown to stakeholders as column headers (like :mod:`transfo_analysis.labels`);
every sentence of the reports goes through gettext in the other modules.
"""

from __future__ import annotations

#: French headers of the columns that reports commonly show
COLUMN_LABELS = {
    "indicateur": "Indicateur",
    "valeur": "Valeur",
    "role_label": "Profil",
    "n_respondents": "Personnes",
    "n_segments": "Prises de parole",
    "n_words": "Mots",
    "words_per_turn": "Mots par prise de parole",
    "territory": "Territoire",
    "territory_label": "Territoire",
    "n_documents": "Documents",
    "first_date": "Depuis",
    "last_date": "Jusqu'à",
    "service": "Service",
    "service_label": "Service",
    "dimension_label": "Dimension",
    "wave": "Vague",
    "respondent_label": "Répondants",
    "n": "Effectif",
    "n_users": "Usagers",
    "n_staff": "Gestionnaires",
    "mean_users": "Note des usagers",
    "mean_staff": "Note des gestionnaires",
    "gap": "Écart",
    "gap_low": "Écart (borne basse)",
    "gap_high": "Écart (borne haute)",
    "p_value": "p",
    "direction": "Lecture",
    "satisfaction": "Satisfaits",
    "code": "Code",
    "label": "Thème",
    "text": "Citation",
    "session": "Séance",
    "stratum_label": "Votants",
    "rank": "Rang",
    "card": "Carte",
    "share_pct": "Part des votes (%)",
    "share_low_pct": "Borne basse (%)",
    "share_high_pct": "Borne haute (%)",
    "n_voters": "Nombre de votants",
    "author_profile": "Écrite par",
    "proposal": "Proposition",
    "supports": "Soutiens",
    "n_comments": "Commentaires",
    "pour": "Pour",
    "contre": "Contre",
    "neutre": "Neutres",
    "share_for_pct": "Part de « pour » (%)",
    "n_sessions": "Séances ou consultations",
    "n_cards": "Idées et propositions",
    "n_authors": "Auteurs",
    "votes": "Votes et soutiens",
    "top_idea": "Idée la plus soutenue",
    "theme_label": "Thème des cartes",
    "terms": "Mots du thème",
    "votes_pct": "Part des votes (%)",
    "interview_pct": "Part des entretiens (%)",
    "n_people": "Personnes interrogées",
    "interview_pct_usager": "Usagers (%)",
    "interview_pct_agent": "Agents (%)",
    "interview_pct_encadrant": "Encadrants (%)",
    "interview_pct_elu": "Élus (%)",
    "barometer": "Baromètre",
    "codes": "Codes des entretiens",
    "topics": "Sujets des entretiens",
}


#: how a value hidden only to protect another one reads (complementary suppression)
MASKED = "masqué"

#: counts and ranks that are not named ``n_…``: written as integers (« 5 », never « 5,0 »)
COUNT_COLUMNS = frozenset({"rank", "supports", "votes", "pour", "contre", "neutre", "n"})

#: French names of the collection methods, in the key figures
METHOD_LABELS = {
    "entretien": "Entretiens",
    "atelier": "Ateliers",
    "questionnaire": "Questionnaires",
    "observation": "Observations",
    # one document per platform export file and component (proposals, comments, debates): the
    # figure counts those, not consultations (the MEL's one consultation read « 4 »)
    "consultation": "Consultation en ligne : exports par composant",
}
