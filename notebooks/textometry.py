# %% [markdown]
# # Textométrie : fréquences, spécificités, segments répétés, classification de Reinert
#
# Dans la tradition de Lexico, TXM et IRaMuTeQ. Les tables sont celles calculées par
# `transfo run` ou `transfo reinert` (`processed/textometry`) ; les fonctions du module permettent
# de les recalculer sur n'importe quel sous-corpus.

# %% tags=["parameters"]
import os

territory = None  # a territory slug, or None for the whole corpus
project_dir = os.environ.get("TRANSFO_PROJECT", "../data")
settings_file = None
seed = 42
output_dir = None  # where exports go (None: nothing is written)

# %%
from transfo_analysis import open_project
from transfo_analysis.corpus import load_corpus
from transfo_analysis.nlp import load_tokens
from transfo_analysis import textometry as tm
from transfo_analysis.viz import textometry as vx

project = open_project(project_dir, settings_file=settings_file)
corpus = load_corpus(project)
tokens = load_tokens(project)
turns = corpus.respondent_segments()

# %% [markdown]
# ## Lemmes les plus fréquents

# %%
frequencies = tm.frequencies(turns, tokens, min_frequency=5)
vx.frequency_bars(frequencies)

# %% [markdown]
# ## Spécificités (Lafon) : usagers et agents

# %%
by_role = tm.role_specificities(turns, tokens, territory=territory)
vx.users_agents_bars(by_role, territory=territory, territory_name=project.territory_label(territory) if territory else None)

# %% [markdown]
# ## Spécificités par territoire

# %%
by_territory = tm.territory_specificities(turns, tokens)
vx.specificity_bars(by_territory, part=territory or corpus.territories[0], labels=project.settings.territories)

# %% [markdown]
# ## Segments répétés

# %%
tm.repeated_segments(turns, tokens, min_frequency=3).head(20)

# %% [markdown]
# ## Classification descendante hiérarchique (Reinert)

# %%
reinert = tm.reinert(turns, tokens, settings=project.settings.reinert, seed=seed, documents=corpus.documents, speakers=corpus.speakers)
reinert.summary

# %%
vx.reinert_dendrogram(reinert)

# %%
vx.class_metadata_heatmap(reinert.crossings, column="role")

# %%
vx.class_metadata_heatmap(reinert.crossings, column="territory")

# %%
reinert.typical.head(10)
