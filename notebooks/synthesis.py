# %% [markdown] tags=["interne"]
# # Synthèse inter-territoires
#
# Exécutée par `transfo run` après les rapports de territoire : des indicateurs comparables côte à
# côte. Ne lit que des données pseudonymisées ; règle des *k* répondants sur tout ce qui sort.

# %% tags=["parameters"]
import os

territory = "synthese"
project_dir = os.environ.get("TRANSFO_PROJECT", "../data")
settings_file = None
seed = 42
output_dir = None

# %%
from transfo_analysis import reporting as rp
from transfo_analysis import viz
from transfo_analysis.viz import coding, corpus, topic_shares

ctx = rp.open_report(project_dir, territory, settings_file=settings_file, seed=seed, output_dir=output_dir)
ctx.heading("Synthèse")

# %% [markdown]
# ## Les territoires en chiffres

# %%
overview = rp.territories_overview(ctx)
ctx.publish("territories_overview", overview, caption="Corpus par territoire")

# %%
ctx.publish("fig_words_by_territory", corpus.territories_bar(overview, value="n_words"))

# %% [markdown]
# ## Qui parle, dans chaque territoire ?

# %%
roles = rp.roles_by_territory(ctx)
ctx.save("roles_by_territory", roles)
ctx.publish("fig_roles_by_territory", corpus.roles_by_territory(roles))

# %% [markdown]
# ## Les thèmes, territoire par territoire

# %%
topics = rp.topics_by_territory(ctx)
ctx.save("topics_by_territory", topics)
ctx.publish("fig_topics_by_territory", topic_shares.by_territory(topics)) if not topics.empty else rp.not_available(rp.topics_empty_reason(ctx, topics))

# %% [markdown]
# ## Ce qui revient, territoire par territoire

# %%
codes = rp.codes_by_territory(ctx)
ctx.save("codes_by_territory", codes)
ctx.publish("fig_codes_by_territory", coding.codes_by_territory_heatmap(codes)) if not codes.empty else rp.not_available("Aucun codage validé.")

# %% [markdown]
# ## Baromètre de satisfaction : les territoires côte à côte

# %%
if rp.has_barometer(ctx):
    import transfo_analysis.viz.barometer

    satisfaction = rp.barometer_satisfaction(ctx)
    ctx.save("barometer_satisfaction", satisfaction)
    display(ctx.publish("fig_barometer_satisfaction", viz.barometer.satisfaction_heatmap(satisfaction)))
else:
    display(rp.not_available("Pas de baromètre de satisfaction dans ce projet."))

# %% [markdown]
# ## Ateliers et consultations en ligne : les territoires côte à côte
#
# Les ateliers de co-conception (cartes et gommettes) et les consultations en ligne (propositions,
# soutiens, commentaires) de chaque territoire ; les nombres de personnes sous *k* sont masqués, une
# idée n'est citée avec le profil de son auteur que si *k* personnes au moins l'ont écrite.

# %%
ateliers = rp.workshops_by_territory(ctx)
if len(ateliers):
    display(ctx.publish("workshops_by_territory", ateliers, caption="Ateliers et consultations par territoire"))
    display(ctx.publish("workshop_priorities", rp.workshop_priorities(ctx), caption="Les idées votées en premier, par séance et profil des votants"))
    display(ctx.publish("fig_workshop_votes", rp.workshop_votes_figure(ctx)))
else:
    display(rp.not_available("Pas d'atelier avec votes ni de consultation en ligne dans ce projet."))

# %% [markdown]
# ## Des voix aux décisions
#
# Les propositions formulées à partir de ce qui a été entendu, les décisions prises à leur sujet et les
# constats sur lesquels elles reposent. La force d'un constat est calculée à partir des personnes
# entendues ; un constat qui repose sur moins de *k* personnes n'est pas publié.

# %%
decisions = rp.voices_to_decisions(ctx)
ctx.save("voices_to_decisions", decisions)
rp.voices_to_decisions_markdown(decisions)
