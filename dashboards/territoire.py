# %%
# Tableau de bord territorial : un territoire, filtré par profil (usagers, agents, encadrants, élus).
# Servi en lecture seule par `transfo serve --project DOSSIER` (Voilà) ; ne lit que les rapports publiés
# (TRANSFO_REPORTS_DIR). La logique est dans transfo_analysis.dashboards (docs/dashboards.md).
from transfo_analysis.dashboards import territory_dashboard

territory_dashboard()
