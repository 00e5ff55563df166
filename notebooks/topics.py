# %% [markdown]
# # Thèmes (BERTopic, réglages français, plongements hors ligne)
#
# Lit le modèle ajusté par `transfo run` ou `transfo topics` (`processed/topics`) ; pour
# réajuster avec d'autres réglages, appeler `fit_topics` (voir docs/topics.md).

# %% tags=["parameters"]
import os

territory = None  # a territory slug, or None for the whole corpus
project_dir = os.environ.get("TRANSFO_PROJECT", "../data")
settings_file = None
seed = 42
output_dir = None  # where exports go (None: nothing is written)

# %%
from transfo_analysis import open_project
from transfo_analysis.topics import load_topics, names_frame, naming_widget, topics_by
from transfo_analysis.viz import topics as vt

project = open_project(project_dir, settings_file=settings_file)
result = load_topics(project)
result.summary()

# %%
result.topics[["topic", "label", "label_source", "auto_label", "size", "share", "stability"]].head(20)

# %% [markdown]
# ## Réponses vides : *Sans réponse / rien à signaler*
#
# « RAS », « néant », « non concerné »… sont mis à part avant l'ajustement (thème -2) : une part, jamais un thème.
#

# %%
f"{100 * result.non_answer_share:.1f} % des segments ne disent rien ({result.summary()['n_non_answers']} segments)"

# %% [markdown]
# ## Nommer les thèmes
#
# Les libellés automatiques sont les expressions les plus employées dans chaque thème. L'équipe de recherche peut donner un nom à un thème : il est enregistré avec son auteur et sa date (`topic-names.json`), repris au prochain ajustement si le thème se retrouve, et montré tel quel dans les rapports (les autres portent la mention « (libellé automatique) »). Même chose en ligne de commande : `transfo topics name --project DOSSIER 3 "Nom"`.
#

# %%
naming_widget(project)

# %%
names_frame(project)

# %% [markdown]
# ## Mots de chaque thème

# %%
vt.topic_bars(result)

# %% [markdown]
# ## Usagers et agents

# %%
vt.topics_by_role(result)

# %% [markdown]
# ## Territoires et périodes

# %%
vt.topics_by_territory(result, territory_labels=project.settings.territories)

# %%
vt.topics_over_time(result)

# %% [markdown]
# ## Carte et hiérarchie des thèmes

# %%
vt.topic_map(result)

# %%
vt.topic_hierarchy(result)

# %% [markdown]
# ## Citations représentatives (pseudonymisées)

# %%
quotes = result.quotes if territory is None else result.quotes[result.quotes["territory"] == territory]
quotes[["topic", "rank", "role", "territory", "text"]].head(15)
