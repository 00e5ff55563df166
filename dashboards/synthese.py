# %%
# Synthèse inter-territoires : les indicateurs comparables de chaque territoire côte à côte.
# Servi en lecture seule par `transfo serve --project DOSSIER` (Voilà) ; ne lit que les rapports publiés
# (TRANSFO_REPORTS_DIR). La logique est dans transfo_analysis.dashboards (docs/dashboards.md).
from transfo_analysis.dashboards import synthesis_dashboard

synthesis_dashboard()
