# %% [markdown]
# # Baromètre de satisfaction : notes, évolutions, écart usagers / gestionnaires
#
# Paramétré par territoire et par vague ; lit les tables calculées par `transfo barometer` ou
# `transfo run` (`processed/barometer`), déjà soumises à la règle des *k* répondants.

# %% tags=["parameters"]
import os

territory = "sarne"
wave = None  # a wave (e.g. "2024"), or None for the latest
service = None  # a service slug, or None for the first of the territory
project_dir = os.environ.get("TRANSFO_PROJECT", "../data")
settings_file = None
seed = 42
output_dir = None  # where exports go (None: nothing is written)

# %%
from transfo_analysis import open_project
from transfo_analysis.barometer import load_tables, to_french, wave_sort_key
from transfo_analysis.viz import barometer as vb

project = open_project(project_dir, settings_file=settings_file)
tables = load_tables(project)
labels = project.settings.services


def here(table, **where):
    for column, value in where.items():
        table = table[table[column].astype(str) == str(value)]
    return table


waves = sorted(tables["indicators"]["wave"].astype(str).unique(), key=wave_sort_key)
wave = str(wave or waves[-1])
users = project.settings.barometer.users
service = service or sorted(here(tables["indicators"], territory=territory)["service"].unique())[0]
to_french(here(tables["indicators"], territory=territory, wave=wave, respondent_type=users)).head(20)

# %% [markdown]
# ## Répartition des réponses (un service)

# %%
distribution = here(tables["distribution"], territory=territory, wave=wave, respondent_type=users, service=service)
vb.likert_bars(distribution, rows="dimension", labels=labels)

# %% [markdown]
# ## Écart de perception usagers / gestionnaires

# %%
vb.gap_chart(here(tables["gaps"], territory=territory, wave=wave), labels=labels)

# %% [markdown]
# ## Évolutions d'une vague à l'autre

# %%
vb.trend_lines(here(tables["indicators"], territory=territory, respondent_type=users, service=service), measure="satisfied_rate", colour="dimension", labels=labels)

# %%
to_french(here(tables["trends"], territory=territory, respondent_type=users).query("significant")).head(15)

# %% [markdown]
# ## Importance et performance

# %%
ipa = here(tables["importance_performance"], territory=territory, wave=wave)
vb.importance_performance_chart(ipa, labels=labels) if len(ipa) else "Pas de question d'importance dans ce baromètre."
