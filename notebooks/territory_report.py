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
from transfo_analysis.viz import coding, corpus, textometry, topic_shares

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
ctx.publish("fig_voices_by_role", corpus.voices_by_role(voices, value="n_words"))

# %% [markdown]
# ## De quoi parlent usagers et agents ?
#
# Thèmes dégagés automatiquement de l'ensemble des entretiens et réponses (modèle de thèmes), puis
# comptés ici pour chaque profil.

# %%
topics = rp.topics_by_role(ctx)
ctx.save("topics_by_role", topics)
ctx.publish("fig_topics_by_role", topic_shares.by_role(topics)) if not topics.empty else rp.not_available(rp.topics_empty_reason(ctx, topics))

# %% [markdown]
# ## Les mots qui distinguent usagers et agents

# %%
words = rp.specific_words(ctx)
ctx.save("specific_words", words)
ctx.publish("fig_specific_words", textometry.role_words(words)) if not words.empty else rp.not_available("Pas assez de paroles d'usagers et d'agents pour comparer leur vocabulaire.")

# %% [markdown]
# ## Ce qui revient le plus souvent
#
# D'après le codage des entretiens et des réponses par l'équipe de recherche (codages validés
# seulement).

# %%
codes = rp.top_codes(ctx)
ctx.save("top_codes", codes)
ctx.publish("fig_top_codes", coding.top_codes_bars(codes)) if not codes.empty else rp.not_available("Aucun codage validé pour ce territoire.")

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

# %% [markdown]
# ## Ateliers et consultations en ligne : ce qui a été priorisé
#
# Gommettes des ateliers de co-conception (chaque participant pèse autant, quel que soit son nombre de
# gommettes) et soutiens des propositions en ligne, avec un intervalle à 90 %. Un profil de votants
# de moins de *k* personnes est masqué ; l'auteur d'une carte n'est indiqué que si l'idée a été écrite
# par au moins *k* personnes.

# %%
if rp.has_workshops(ctx):
    display(ctx.publish("fig_workshop_votes", rp.workshop_votes_figure(ctx)))
    display(ctx.publish(
        "workshop_priorities",
        rp.workshop_priorities(ctx),
        caption="Cartes les plus soutenues, par profil des votants (intervalle à 90 %)",
        columns=["session", "stratum_label", "rank", "card", "share_pct", "share_low_pct", "share_high_pct", "author_profile"],
    ))
    themes = rp.workshop_themes_figure(ctx)
    if themes is not None:
        display(ctx.publish("fig_workshop_themes", themes))
    withheld = rp.workshop_themes_withheld(ctx)
    if withheld:
        display(rp.not_available(withheld))
    if themes is not None or withheld:
        ctx.save("workshop_themes", rp.workshop_themes_by_role(ctx))
    priorities = rp.workshop_prioritisation(ctx)
    # no interview to compare with (an online consultation alone): the votes only
    votes_only = not priorities.empty and priorities["n_turns"].eq(0).all()
    if votes_only:
        display(rp.not_available("Aucun entretien sur ce territoire : les thèmes ne sont comparés qu'aux votes."))
        display(ctx.publish("workshop_prioritisation", priorities, caption="Thèmes des cartes et des propositions : votes et baromètre", columns=["theme_label", "terms", "n_cards", "votes_pct", "barometer"]))
    if not priorities.empty and not votes_only:
        from transfo_analysis.viz.workshops import prioritisation_figure

        display(ctx.publish("fig_workshop_prioritisation", prioritisation_figure(priorities)))
        display(ctx.publish("workshop_prioritisation", priorities, caption="Thèmes des cartes : votes de l'atelier, entretiens et baromètre", columns=["theme_label", "terms", "n_cards", "votes_pct", "interview_pct", "n_people", "interview_pct_usager", "interview_pct_agent", "interview_pct_encadrant", "codes", "topics", "barometer"]))
        evidence = rp.workshop_theme_evidence(ctx)
        if not evidence.empty:
            from transfo_analysis.viz.workshop_evidence import theme_evidence_figure

            ctx.save("workshop_theme_evidence", evidence)
            display(ctx.publish("fig_workshop_theme_evidence", theme_evidence_figure(evidence)))
    stances = rp.consultation_stances(ctx)
    if not stances.empty:
        display(ctx.publish("consultation_stances", stances, caption="Propositions en ligne les plus soutenues : soutiens et commentaires pour, contre, neutres", rows=rp.TOP_PROPOSALS))
else:
    display(rp.not_available("Pas d'atelier avec votes ni de consultation en ligne pour ce territoire."))

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
