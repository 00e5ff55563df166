# %% [markdown] tags=["interne"]
# # Rapport de territoire
#
# Ce carnet est exécuté par `transfo run` pour chaque territoire (papermill) ; il ne lit que des
# données pseudonymisées et applique la règle des *k* répondants à tout ce qui sort.

# %% tags=["parameters"]
import os

territory = "valcourt"
project_dir = os.environ.get("TRANSFO_PROJECT", "../data")
settings_file = None
seed = 42
output_dir = None

# %%
from transfo_analysis import reporting as rp
from transfo_analysis import viz
import transfo_analysis.viz.corpus

ctx = rp.open_report(project_dir, territory, settings_file=settings_file, seed=seed, output_dir=output_dir)
ctx.heading()

# %% [markdown]
# ## Le corpus en chiffres

# %%
ctx.publish("key_figures", rp.key_figures(ctx))

# %% [markdown]
# ## Qui a été entendu ?

# %%
voices = rp.voices_by_role(ctx)
ctx.publish("voices_by_role", voices, caption="Personnes entendues et prises de parole par profil")

# %%
ctx.publish("fig_voices_by_role", viz.corpus.voices_by_role(voices, value="n_words"))

# %% [markdown]
# ## De quoi parlent usagers et agents ?
#
# Thèmes dégagés automatiquement de l'ensemble des entretiens et réponses (modèle de thèmes), puis
# comptés ici pour chaque profil.

# %%
topics = rp.topics_by_role(ctx)
ctx.save("topics_by_role", topics)
ctx.publish("fig_topics_by_role", rp.topics_by_role_figure(topics)) if not topics.empty else rp.not_available("Pas de modèle de thèmes.")

# %% [markdown]
# ## Les mots qui distinguent usagers et agents

# %%
words = rp.specific_words(ctx)
ctx.save("specific_words", words)
ctx.publish("fig_specific_words", rp.specific_words_figure(words)) if not words.empty else rp.not_available("Pas assez de paroles d'usagers et d'agents pour comparer leur vocabulaire.")

# %% [markdown]
# ## Ce qui revient le plus souvent
#
# D'après le codage des entretiens et des réponses par l'équipe de recherche (codages validés
# seulement).

# %%
codes = rp.top_codes(ctx)
ctx.save("top_codes", codes)
ctx.publish("fig_top_codes", rp.top_codes_figure(codes)) if not codes.empty else rp.not_available("Aucun codage validé pour ce territoire.")

# %% [markdown]
# ## Paroles d'usagers et d'agents
#
# Extraits pseudonymisés : les noms, adresses et numéros ont été remplacés.

# %%
quotes = rp.report_quotes(ctx)
ctx.save("quotes", quotes)
rp.quotes_markdown(quotes)

# %% [markdown]
# ## Baromètre de satisfaction : ce que disent les usagers, ce que pensent les gestionnaires

# %%
if rp.has_barometer(ctx):
    ctx.save("barometer_indicators", rp.barometer_indicators(ctx))
    display(ctx.publish("fig_barometer_trends", rp.barometer_trend_figure(ctx)))
    display(ctx.publish("fig_barometer_gap", rp.barometer_gap_figure(ctx)))
    display(ctx.publish(
        "barometer_gaps",
        rp.barometer_gaps(ctx),
        caption="Écarts de perception (note des gestionnaires − note des usagers), dernière vague",
        columns=["service_label", "dimension_label", "mean_users", "mean_staff", "gap", "direction"],
    ))
else:
    display(rp.not_available("Pas de baromètre de satisfaction pour ce territoire."))
