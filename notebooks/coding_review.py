# %% [markdown]
# # Codage : grille, panneau de codage, suggestions, accord entre codeurs
#
# Carnet **interactif** pour JupyterLab. Le panneau permet de filtrer les segments (territoire,
# rôle, document, recherche, code), de voir les tours voisins, d'appliquer ou retirer des codes,
# d'écrire des mémos, de revoir les suggestions et les désaccords. L'identité du codeur vient de
# `TRANSFO_CODER` (ou des réglages). Rien n'est jamais validé automatiquement.

# %% tags=["parameters"]
import os

territory = None  # a territory slug, or None for the whole corpus
project_dir = os.environ.get("TRANSFO_PROJECT", "../data")
settings_file = None
seed = 42
output_dir = None  # where exports go (None: nothing is written)

# %%
from transfo_analysis import coding, open_project
from transfo_analysis import viz
import transfo_analysis.viz.coding

project = open_project(project_dir, settings_file=settings_file)
session = coding.open_session(project)
session.codebook.to_frame().head(20)

# %% [markdown]
# ## Le panneau de codage

# %%
coding.coding_panel(session, compare_with=["relecteur.b"])

# %% [markdown]
# ## Les suggestions, mesurées contre le codage de référence
# Précision et rappel de chaque méthode de suggestion contre le codage humain de référence
# (`coding.gold`).

# %%
gold = coding.read_codings_csv(project.path(project.settings.coding.gold), codebook=session.codebook, segments=session.segments)
rules = session.suggest("rule", store=False)
coding.evaluate_suggestions(rules, gold, coder="claire.m", codebook=session.codebook).head(20)

# %% [markdown]
# ## Accord entre codeurs
# κ de Cohen (2 codeurs), α de Krippendorff (n codeurs, nominal, segments comme unités), accord
# en pourcentage, par code et au total, sur les segments lus par tous.

# %%
units = coding.examined(gold)
agreement = coding.agreement(gold, units=units, segments=session.segments, codebook=session.codebook)
agreement.head(20)

# %%
viz.coding.agreement_bar(agreement)

# %%
coding.disagreements(gold, units=units, segments=session.segments).head(10)

# %% [markdown]
# ## Fréquences, croisements, cooccurrences (vue chercheur, sans masquage)

# %%
codings = session.codings(status="accepted")
corpus = session.corpus if territory is None else session.corpus.subset(territory=territory)
codings = codings[codings["segment_id"].isin(corpus.segments["segment_id"])]
frequencies = coding.code_frequencies(corpus, codings, by="role", codebook=session.codebook)
viz.coding.code_frequency_bar(frequencies)

# %%
crosstab = coding.code_crosstab(corpus, codings, by="territory")
viz.coding.crosstab_heatmap(crosstab)

# %%
viz.coding.cooccurrence_network(coding.cooccurrence(corpus, codings, scope="segment"))

# %% [markdown]
# ## Exports (CSV des segments codés, projet REFI-QDA pour NVivo, ATLAS.ti, MAXQDA, QualCoder)

# %%
if output_dir:
    from pathlib import Path

    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    coding.export_coded_segments(codings, corpus.segments, out / "segments-codes.csv", codebook=session.codebook)
    coding.export_qdpx(session.corpus, out / "projet.qdpx", codebook=session.codebook, store=session.store)
