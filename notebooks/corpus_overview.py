# %% [markdown]
# # Vue d'ensemble du corpus
#
# Ce qui a été lu, dans quels formats, qui parle et combien. Tout est lu dans le corpus
# **pseudonymisé** (`processed/`), jamais dans les sources.

# %% tags=["parameters"]
import os

territory = None  # a territory slug, or None for the whole corpus
project_dir = os.environ.get("TRANSFO_PROJECT", "../data")
settings_file = None
seed = 42
output_dir = None  # where exports go (None: nothing is written)

# %%
import json

from transfo_analysis import open_project
from transfo_analysis import reporting as rp
from transfo_analysis import viz
from transfo_analysis.corpus import load_corpus
from transfo_analysis.nlp import load_tokens
from transfo_analysis.textometry import kwic
import transfo_analysis.viz.corpus

project = open_project(project_dir, settings_file=settings_file)
corpus = load_corpus(project)
if territory:
    corpus = corpus.subset(territory=territory)
corpus.summary()

# %% [markdown]
# ## Le rapport de chargement
# Fichiers lus, fichiers ignorés (avec la raison) et avertissements de la dernière lecture des sources.

# %%
report = json.loads((project.interim_dir / "load-report.json").read_text(encoding="utf-8"))
print(f"{report['n_files_loaded']} fichiers lus, {report['n_files_skipped']} ignorés, {report['n_warnings']} avertissements")
report["speakers_by_role"]

# %% [markdown]
# ## Les documents

# %%
corpus.documents[["doc_id", "territory", "service", "method", "date", "format", "n_speakers", "n_segments", "n_words"]]

# %% [markdown]
# ## Qui parle ?

# %%
ctx = rp.open_report(project_dir, territory, settings_file=settings_file, seed=seed)
viz.corpus.voices_by_role(rp.voices_by_role(ctx), value="n_words")

# %%
corpus.segments.groupby(["territory", "role"])["n_words"].describe()[["count", "mean", "50%", "max"]]

# %% [markdown]
# ## Concordance (KWIC)
# Un lemme et son contexte, dans le corpus pseudonymisé : toutes les formes d'« attendre ».

# %%
tokens = load_tokens(project)
kwic(corpus.segments, "attendre", lemma=True, tokens=tokens).head(15)
