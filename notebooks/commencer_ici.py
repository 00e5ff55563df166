# %% [markdown]
# # Commencer ici
#
# Bienvenue dans transfo-analysis. Ce carnet fait le tour d'un projet en quelques cellules :
# exécutez-les de haut en bas (Maj+Entrée), sans rien écrire. Il lit le projet de démonstration
# (`data/`, entièrement fictif) ou le vôtre si la variable `TRANSFO_PROJECT` le désigne.
#
# - Vous avez des entretiens, des notes, un questionnaire et voulez un rapport : lisez le
#   [guide de l'ambassadeur·rice](../docs/guide/ambassadeur.md).
# - Vous analysez le matériau dans JupyterLab : le
#   [guide de l'équipe de recherche](../docs/guide/recherche.md).
# - Vous décidez de ce qui peut être diffusé : [publier sans exposer
#   personne](../docs/guide/publier-sans-exposer.md).
#
# Avant ce carnet, `transfo run --project <dossier>` doit avoir été lancé une fois (pour la
# démonstration : `python3 tasks.py demo`).

# %% tags=["parameters"]
import os

territory = None  # a territory slug, or None for the whole corpus
project_dir = os.environ.get("TRANSFO_PROJECT", "../data")
settings_file = None
seed = 42
output_dir = None  # this notebook writes nothing

# %% [markdown]
# ## 1. Le projet et son corpus
# Le corpus lu ici est **pseudonymisé** : les noms, téléphones et adresses y sont déjà
# remplacés.

# %%
from transfo_analysis import open_project
from transfo_analysis import reporting as rp
from transfo_analysis.corpus import load_corpus

project = open_project(project_dir, settings_file=settings_file)
corpus = load_corpus(project)
print(project.settings.name or project.root.name)
corpus.summary()

# %% [markdown]
# ## 2. Les territoires et les personnes entendues
# Une valeur qui reposerait sur moins de *k* personnes est masquée (règle de protection).

# %%
ctx = rp.open_report(project_dir, territory, settings_file=settings_file, seed=seed)
rp.french_table(rp.key_figures(ctx))

# %% [markdown]
# ## 3. Ce qui a été publié
# Chaque territoire a son rapport, lisible hors ligne, et les tableaux de bord
# (`transfo serve --project <dossier>`) ne montrent que ce qui a été publié.

# %%
import json

index = project.reports_dir / "index.json"
published = json.loads(index.read_text(encoding="utf-8")) if index.exists() else {}
for entry in published.get("territories", []):
    print(f"{entry['label']} : {project.reports_dir / entry['slug'] / 'rapport.html'}")

# %% [markdown]
# ## 4. Pour aller plus loin
#
# | carnet | pour |
# |---|---|
# | `corpus_overview.ipynb` | les documents, qui parle, le rapport de chargement, les concordances |
# | `coding_review.ipynb` | coder, relire les suggestions, mesurer l'accord entre codeur·ses |
# | `topics.ipynb` | les thèmes, et leur donner un nom |
# | `textometry.ipynb` | spécificités, segments répétés, classification de Reinert |
# | `barometer.ipynb` | le baromètre de satisfaction et l'écart usager·es / gestionnaires |
# | `evidence.ipynb` | des constats aux propositions et aux décisions, avec leurs preuves |
