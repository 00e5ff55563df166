# %% [markdown]
# # Des voix aux décisions
#
# Ce carnet suit le fil qui va de ce qui a été entendu (citations, codes, thèmes, mots, chiffres du
# baromètre, idées d'atelier) aux **constats**, des constats aux **propositions**, et des propositions
# aux **décisions** prises par les instances. Tout est enregistré dans le magasin d'annotations du
# projet, avec l'auteur et la date de chaque changement. La force d'un constat est **calculée**, jamais
# saisie : un constat qui repose sur moins de *k* personnes est *fragile* et n'est jamais publié.
#
# Guide : `docs/evidence.md`.

# %% tags=["parameters"]
import os

territory = None
project_dir = os.environ.get("TRANSFO_PROJECT", "../data")
settings_file = None
seed = 42
output_dir = None
auteur = "Équipe de recherche"

# %%
from transfo_analysis import evidence as ev
from transfo_analysis.config import open_project

projet = open_project(project_dir, settings_file=settings_file)
trail = ev.open_trail(projet, author=auteur)
trail

# %% [markdown]
# ## Les propositions et leur statut
#
# Cycle de vie : proposée → à l'étude → retenue / écartée / reportée → expérimentée → généralisée.

# %%
ev.proposals(trail)[["proposal_id", "statement", "status", "service", "territories", "findings"]]

# %% [markdown]
# ## Les décisions
#
# Chaque changement de statut est une décision : instance, date, qui, motif, lien éventuel.

# %%
ev.decisions(trail)[["proposal_id", "date", "instance", "from_status", "to_status", "decided_by", "rationale"]]

# %% [markdown]
# ## La force des constats
#
# Personnes, documents et territoires derrière les preuves qui **appuient** et celles qui
# **contredisent**, par profil ; chiffres du baromètre cités. `état` : *brouillon* (pas de preuve),
# *fragile* (moins de *k* personnes), *étayé*.

# %%
force = ev.strength(trail, territory=territory)
force[["finding_id", "statement", "state", "n_respondents_appuie", "n_usager_appuie", "n_agent_appuie",
       "n_documents_appuie", "n_territories_appuie", "n_survey_appuie", "n_respondents_contredit", "n_orphaned"]]

# %% [markdown]
# ## La matrice de traçabilité
#
# Une ligne par proposition × constat × preuve. La version pour l'équipe de recherche garde les
# identifiants de segments ; la version pour les partenaires (`stakeholder=True`, ou `transfo evidence
# export --stakeholder`) les retire et ne publie aucun constat fragile.

# %%
ev.evidence_table(trail, territory=territory).head(12)

# %%
publiee = ev.evidence_table(trail, stakeholder=True, territory=territory)
print(ev.withheld_note(publiee))
publiee.head(12)

# %% [markdown]
# ## Preuves orphelines
#
# Une preuve dont le segment a disparu (transcription réimportée et modifiée) ou dont le modèle a été
# recalculé est signalée ici ; elle reste enregistrée telle quelle, jamais supprimée ni redirigée.

# %%
ev.orphaned_evidence(trail)[["evidence_id", "finding_id", "kind", "target", "problem"]]

# %% [markdown]
# ## Ajouter un constat et ses preuves
#
# Un extrait se retrouve par ses mots exacts dans le corpus pseudonymisé ; un mot par son lemme dans
# un sous-corpus. Relancer la cellule n'ajoute rien (`reuse=True`, et un même lien n'est enregistré qu'une fois).

# %%
constat = ev.add_finding(
    trail,
    "Le guichet reste le recours quand le numérique échoue.",
    memo="À consolider avec les entretiens d'agents.",
    reuse=True,
)
citation = ev.find_quote(trail, "Souvent, je fais la démarche à leur place", territory="valcourt")
ev.link_evidence(trail, constat, citation, comment="l'agent compense")
ev.link_evidence(trail, constat, "word:guichet@territory=valcourt")
force = ev.strength(trail)
force[force["finding_id"] == constat][["statement", "state", "n_respondents_appuie", "n_agent_appuie", "n_usager_appuie"]]

# %% [markdown]
# ## Ce qui est refusé
#
# Une cible inconnue, une décision sans instance ou sans date, un saut d'étape : le message dit
# pourquoi et ce qui est possible ; rien n'est enregistré.

# %%
retenue = ev.proposals(trail).query("status == 'retenue'")["proposal_id"].iloc[0]
for essai in (
    lambda: ev.decide(trail, retenue, "généralisée", instance="comité de pilotage", date="2026-01-15"),
    lambda: ev.decide(trail, retenue, "expérimentée", date="2026-01-15"),
    lambda: ev.link_evidence(trail, constat, "code:Code qui n'existe pas"),
):
    try:
        essai()
    except ev.EvidenceError as erreur:
        print(erreur)

# %% [markdown]
# ## En lisant : le panneau des preuves
#
# À côté du panneau de codage (`coding_panel`, voir `coding_review.ipynb`), ce panneau crée un constat à
# partir des segments lus (*Retenir le segment lu*, puis *Créer le constat*) et y ajoute d'autres preuves :
# `ev.evidence_panel(trail, reading=coding_panel(projet))`. Seul, il ajoute des cibles tapées (`code:…`, `topic:3`…).

# %%
ev.evidence_panel(trail)

# %%
trail.close()
