#!/usr/bin/env python3
"""Write the fictional satisfaction barometer of the demo territories (deterministic, seeded numpy).

Output: ``tools/demo_corpus/static/barometre/barometre-satisfaction.csv`` (copied to
``data/raw/barometre/`` by ``build.py``; ``--copy`` also copies it now). One row per respondent
(wide format, ``;``-separated, UTF-8, decimal comma): wave, territory, service, respondent id,
respondent type (usager | gestionnaire), weight (Vallière's users only), four satisfaction scores
and four importance ratings on 1–5, and a free-text comment for about one user in fifteen.

Planted patterns (what the barometer module should find):

- ``sarne`` · ``dechets``: managers over-estimate quality ("qualité du service") by about one point;
  on the other dimensions by about 0.7.
- ``bourg-senac`` · ``titres-identite``: users' rating of "délais" rises clearly over 2022–2024.
- ``hautes-combes`` · ``numerique``: "information" declines as procedures go online.
- ``valliere`` · ``action-sociale``: managers under-estimate "accueil" (users rate it better).
- ``valcourt`` · ``transports``: "délais" matter a lot and are rated low (an improvement priority).
- everywhere else managers rate their service about 0.3 point better than users; manager groups
  of 4 to 12 people, so several fall below k = 5 and must be suppressed.

Usage: ``python tools/demo_corpus/make_barometer.py [--copy]``
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
OUT = HERE / "static" / "barometre" / "barometre-satisfaction.csv"
RAW = HERE.parents[1] / "data" / "raw" / "barometre" / "barometre-satisfaction.csv"
SEED = 20240917
WAVES = (2022, 2023, 2024)
DIMS = ("accueil", "delais", "information", "qualite_service")
PREFIX = {
    "valcourt": "VAL",
    "sarne": "SAR",
    "bourg-senac": "BSN",
    "hautes-combes": "HCB",
    "valliere": "VLR",
}
#: users' mean rating per dimension (accueil, délais, information, qualité) in 2022
BASE = {
    "valcourt": {
        "transports": (3.5, 2.6, 3.0, 3.1),
        "accueil": (3.9, 3.4, 3.4, 3.7),
        "etat-civil": (3.7, 3.1, 3.3, 3.6),
    },
    "sarne": {
        "dechets": (3.4, 3.3, 3.1, 3.0),
        "eau-assainissement": (3.6, 3.5, 2.9, 3.7),
        "petite-enfance": (3.9, 2.7, 3.2, 3.8),
    },
    "bourg-senac": {
        "titres-identite": (3.4, 1.9, 3.0, 3.1),
        "accueil": (3.6, 3.0, 3.2, 3.4),
        "rendez-vous-en-ligne": (3.2, 3.3, 3.0, 3.2),
    },
    "hautes-combes": {
        "transport-a-la-demande": (4.0, 3.1, 3.0, 3.7),
        "france-services": (4.3, 3.5, 3.9, 4.1),
        "numerique": (3.3, 3.2, 3.4, 3.0),
    },
    "valliere": {
        "action-sociale": (4.1, 2.9, 3.0, 3.5),
        "apa-aide-a-domicile": (3.9, 2.6, 3.2, 3.5),
        "rsa-insertion": (3.3, 3.0, 2.8, 2.9),
    },
}
#: change per wave of the users' mean, where something happens
TREND = {
    ("bourg-senac", "titres-identite", "delais"): 0.85,
    ("bourg-senac", "titres-identite", "qualite_service"): 0.2,
    ("bourg-senac", "rendez-vous-en-ligne", "delais"): 0.15,
    ("hautes-combes", "numerique", "information"): -0.5,
    ("valcourt", "transports", "delais"): 0.05,
}
#: managers' rating minus users' (default +0.3, the usual over-estimation)
STAFF_SHIFT = {
    ("sarne", "dechets"): (0.7, 0.7, 0.7, 1.1),
    ("valliere", "action-sociale"): (-1.0, 0.4, 0.3, 0.3),
    ("bourg-senac", "titres-identite"): (0.4, 0.6, 0.4, 0.4),
}
IMPORTANCE = {"accueil": 3.9, "delais": 4.2, "information": 3.8, "qualite_service": 4.4}
IMPORTANCE_SPECIFIC = {
    ("titres-identite", "delais"): 4.7,
    ("transports", "delais"): 4.6,
    ("numerique", "information"): 4.5,
    ("petite-enfance", "delais"): 4.5,
    ("action-sociale", "accueil"): 4.5,
    ("rsa-insertion", "information"): 4.3,
}

# Comments written for this demo, by the dimension they are mostly about and their tone.
GENERIC = {
    ("accueil", "neg"): [
        "Personne ne lève la tête quand on arrive au guichet, on se sent de trop.",
        "On m'a renvoyée d'un bureau à l'autre pendant une heure, sans un mot d'excuse.",
        "Accueil sec, voire désagréable. J'ai eu l'impression de déranger en posant une simple "
        "question.",
        "L'agent au téléphone m'a raccroché au nez. Je ne demande pas la lune, juste un peu de "
        "respect.",
        "Pas de chaise, pas de ticket, on attend debout dans le couloir.",
        "Quand on ne parle pas bien français, on n'est pas aidé, on est renvoyé. Ma voisine a "
        "fini par venir traduire.",
        "On parle de nos situations devant tout le monde, aucune discrétion.",
    ],
    ("accueil", "mix"): [
        "L'accueil dépend vraiment de la personne sur qui on tombe : parfois très bien, parfois "
        "glacial.",
        "Gentils mais débordés, ça se voit, ils n'ont pas le temps d'expliquer.",
        "Le matin ça va, l'après-midi c'est plus tendu, les agents sont fatigués.",
        "Accueil correct, sans plus. Un sourire de temps en temps ne ferait pas de mal.",
        "La dame de l'accueil était aimable mais ne savait pas répondre à ma question.",
    ],
    ("accueil", "pos"): [
        "Très bon accueil, on m'a proposé un verre d'eau pendant que j'attendais.",
        "Merci à Mme Garnier de l'accueil, d'une patience incroyable avec ma mère qui entend mal.",
        "Personnel souriant et disponible, on se sent écouté.",
        "On m'a accompagné jusqu'au bon bureau au lieu de me montrer vaguement le couloir, ça "
        "change tout.",
        "Accueil chaleureux, même un samedi matin avec du monde.",
        "Le jeune homme à l'accueil, Karim Benali je crois, a pris le temps de tout m'expliquer.",
    ],
    ("delais", "neg"): [
        "Trois mois pour une réponse à un simple courrier, c'est inadmissible.",
        "J'ai relancé quatre fois par mail, toujours rien. On a l'impression de parler dans le "
        "vide.",
        "Les délais sont beaucoup trop longs, j'ai posé un jour de congé pour rien.",
        "Impossible d'avoir quelqu'un au téléphone avant midi, ça sonne dans le vide.",
        "Mon dossier est « en cours de traitement » depuis février. En cours de quoi, je me "
        "demande.",
        "J'ai appelé le 04 71 38 22 90 six fois dans la semaine, jamais de réponse.",
    ],
    ("delais", "mix"): [
        "Un peu long mais ils ont fini par régler mon problème.",
        "Les délais annoncés ne sont pas tenus, mais au moins on nous prévient quand ça traîne.",
        "Ça s'est amélioré par rapport à l'an dernier, même si on attend encore trop.",
        "Rapide pour les démarches simples, interminable dès que c'est un peu compliqué.",
        "Il faut s'armer de patience, mais le résultat est là.",
        "Deux semaines d'attente, c'est long, mais on m'avait prévenue dès le départ.",
    ],
    ("delais", "pos"): [
        "Réponse en deux jours, je ne m'y attendais pas du tout.",
        "Rendez-vous obtenu dans la semaine, franchement rien à redire.",
        "Traitement rapide de ma demande, et on m'a tenu au courant à chaque étape.",
        "Beaucoup plus rapide qu'avant, on sent que des choses ont changé.",
        "Le rappel est arrivé le jour même, comme promis.",
        "Dossier bouclé avant la date prévue, ça arrive donc !",
    ],
    ("information", "neg"): [
        "Les courriers sont écrits dans un jargon incompréhensible, j'ai dû demander à ma fille "
        "de me les traduire.",
        "Personne ne sait à qui il faut s'adresser, chacun renvoie vers l'autre.",
        "Le site internet n'est pas à jour, les horaires affichés sont faux.",
        "On apprend les changements après coup, jamais avant.",
        "Aucune nouvelle de mon dossier depuis le dépôt, rien du tout.",
        "Trop de formulaires différents, on ne sait jamais lequel est le bon.",
    ],
    ("information", "mix"): [
        "Les informations existent mais il faut vraiment aller les chercher.",
        "Le dépliant est clair, le site beaucoup moins.",
        "On finit par trouver la bonne personne, mais après combien d'appels…",
        "On m'a donné une information puis son contraire deux jours après.",
        "Pour les questions simples c'est bien expliqué, pour le reste on se débrouille.",
        "Il manque un numéro unique où poser ses questions.",
    ],
    ("information", "pos"): [
        "Explications claires, j'ai enfin compris comment fonctionne la facturation.",
        "Le guide envoyé à la maison est bien fait, avec les bons contacts.",
        "On m'a prévenu par SMS du changement, très pratique.",
        "Tout est bien indiqué, pas besoin de chercher.",
        "La lettre d'information trimestrielle est vraiment utile, on sait ce qui se prépare.",
        "L'agent m'a écrit les étapes sur un papier, je l'ai gardé précieusement.",
    ],
    ("qualite_service", "neg"): [
        "Service très décevant pour ce qu'on paie en impôts locaux.",
        "Rien n'a été réglé, je suis revenu trois fois pour le même problème.",
        "On a l'impression que le service fonctionne pour lui-même, pas pour les habitants.",
        "Erreur dans mon dossier, et c'est à moi de prouver que je n'y suis pour rien.",
        "Je ne recommanderais pas, j'ai perdu un temps fou. Rappelez-moi au 06 12 47 85 30 si "
        "quelqu'un lit ceci.",
    ],
    ("qualite_service", "mix"): [
        "Le service rendu est correct mais sans suivi derrière.",
        "Globalement ça marche, mais les petites erreurs se répètent.",
        "Bon service quand on connaît les bonnes personnes, moins bien sinon.",
        "Des progrès, mais on est encore loin de ce qu'on pourrait attendre.",
        "Ni bien ni mal, un service public comme un autre.",
        "Le service fait ce qu'il peut avec les moyens qu'il a, on sent qu'ils manquent de monde.",
    ],
    ("qualite_service", "pos"): [
        "Service impeccable, je n'ai eu aucune démarche à refaire.",
        "Très satisfaite, le problème a été réglé du premier coup.",
        "Un vrai service public, efficace et humain.",
        "Rien à dire, tout s'est bien passé du début à la fin.",
        "Je ne pensais pas que ce serait si simple. Bravo.",
        "Des agents qui aiment leur métier, ça se sent dès la porte.",
    ],
}
SPECIFIC = {
    "transports": {
        "neg": [
            "Le bus 12 passe quand il veut, j'arrive en retard au travail une fois sur deux.",
            "Depuis les travaux de la gare, plus personne ne sait où prendre le bus de "
            "remplacement.",
            "Bus bondés aux heures de pointe, on reste sur le trottoir à regarder passer le "
            "suivant.",
        ],
        "mix": [
            "Le tram est fiable, les bus de soirée beaucoup moins.",
            "L'appli donne les horaires en temps réel, quand elle ne plante pas.",
        ],
        "pos": [
            "Ligne de tram très pratique, propre et à l'heure.",
            "La conductrice de la ligne 4 attend toujours les personnes âgées, merci à elle.",
        ],
    },
    "accueil": {
        "neg": [
            "La mairie annexe n'ouvre plus que deux matinées par semaine, impossible pour ceux "
            "qui travaillent.",
            "Pas d'accès pour les fauteuils à l'entrée principale, il faut sonner et attendre "
            "dehors.",
        ],
        "mix": [
            "L'accueil de quartier est sympa, mais il faut souvent finir la démarche à l'Hôtel de "
            "Ville."
        ],
        "pos": [
            "La mairie de quartier, c'est précieux : on nous connaît, on nous aide pour tout.",
            "Horaires élargis le jeudi soir, enfin !",
            "Les agents de la mairie annexe connaissent tout le monde, ça rassure les anciens.",
        ],
    },
    "etat-civil": {
        "neg": [
            "Acte de naissance demandé en ligne, jamais reçu, il a fallu tout recommencer.",
            "Pour notre mariage, on nous a demandé trois fois les mêmes pièces.",
        ],
        "mix": [
            "Le livret de famille a été mis à jour, mais avec une faute dans le prénom de mon fils."
        ],
        "pos": [
            "Déclaration de naissance faite en dix minutes, l'agent a été adorable.",
            "Copie d'acte reçue par courrier en trois jours.",
        ],
    },
    "titres-identite": {
        "neg": [
            "Quatre mois pour un rendez-vous passeport, on a dû annuler nos vacances.",
            "Les créneaux en ligne partent en trente secondes à l'ouverture, c'est une loterie.",
            "Obligé d'aller faire ma carte d'identité dans une autre commune, à quarante minutes "
            "de route.",
        ],
        "mix": [
            "Les rendez-vous se libèrent plus vite qu'avant, mais le site reste compliqué.",
            "Une fois le rendez-vous obtenu, c'est rapide. C'est l'obtenir qui est dur.",
        ],
        "pos": [
            "Rendez-vous passeport obtenu en dix jours, du jamais vu ici.",
            "Le nouveau système de rendez-vous fonctionne bien, et les SMS de rappel sont utiles.",
        ],
    },
    "rendez-vous-en-ligne": {
        "neg": [
            "Le site de prise de rendez-vous ne marche pas sur mon téléphone.",
            "Sans adresse mail, impossible de réserver, et je n'en ai pas. J'ai écrit à "
            "accueil@mairie-bourg-senac.fr par l'intermédiaire de mon fils, sans réponse.",
        ],
        "mix": [
            "Pratique quand on est à l'aise avec internet, pour ma mère c'est une autre histoire."
        ],
        "pos": [
            "Réserver à 23 h depuis mon canapé, c'est quand même un progrès.",
            "Simple et rapide, avec un rappel la veille.",
        ],
    },
    "dechets": {
        "neg": [
            "Le camion est passé à 5 h du matin, bac pas encore sorti, et il faut attendre quinze "
            "jours.",
            "Avec la redevance incitative on paie plus cher pour un service qui se dégrade.",
            "Déchetterie fermée le samedi après-midi, le seul moment où on peut y aller.",
            "Bac cassé signalé en mars, toujours pas remplacé en juin.",
        ],
        "mix": [
            "La collecte est régulière, mais les horaires de la déchetterie ne sont pas adaptés.",
            "Le tri a été simplifié, par contre le calendrier de collecte est illisible.",
        ],
        "pos": [
            "Les ripeurs sont polis et font attention aux bacs, ça mérite d'être dit.",
            "Très bonne idée, le composteur offert.",
        ],
    },
    "eau-assainissement": {
        "neg": [
            "Facture d'eau multipliée par deux sans explication, et personne pour répondre.",
            "Coupure d'eau non annoncée un jour de lessive.",
            "L'eau a un goût de chlore depuis l'été, on achète des bouteilles. Personne ne répond "
            "au 04.76.31.58.02.",
        ],
        "mix": [
            "Intervention rapide pour la fuite, mais la facture de régularisation est arrivée sans "
            "aucun détail."
        ],
        "pos": [
            "Le technicien est venu le lendemain pour le compteur, très professionnel.",
            "Mensualisation mise en place facilement, merci.",
        ],
    },
    "petite-enfance": {
        "neg": [
            "Toujours pas de place en crèche pour ma fille de dix-huit mois, alors que j'ai "
            "repris le travail.",
            "Liste d'attente opaque, on ne sait pas comment les places sont attribuées.",
        ],
        "mix": [
            "Les assistantes maternelles du relais sont formidables, mais il en manque cruellement."
        ],
        "pos": [
            "L'équipe de la crèche des Vernes est aux petits soins, mon fils y va en chantant.",
            "Le relais petite enfance m'a aidée à trouver une nounou en deux semaines.",
        ],
    },
    "transport-a-la-demande": {
        "neg": [
            "Il faut réserver la veille avant 17 h, impossible quand on a un rendez-vous médical "
            "imprévu.",
            "Le minibus m'a oubliée deux fois, j'ai raté mon rendez-vous chez le kiné.",
        ],
        "mix": [
            "Service utile mais les horaires sont trop restreints, plus rien après 18 h.",
            "Le chauffeur est toujours aimable, mais on passe une heure à faire le tour des "
            "hameaux.",
        ],
        "pos": [
            "Sans le transport à la demande, je ne pourrais plus descendre au marché de Montbrac. "
            "Le chauffeur est adorable.",
            "Réservation par téléphone simple, on me rappelle la veille pour confirmer.",
        ],
    },
    "france-services": {
        "neg": ["L'espace France services n'ouvre que deux jours par semaine dans notre vallée."],
        "mix": ["La conseillère est très compétente mais il faut parfois attendre une heure."],
        "pos": [
            "La conseillère m'a aidé à faire ma déclaration d'impôts en ligne, je n'y serais "
            "jamais arrivé seul.",
            "Grâce à France services, j'ai enfin débloqué mon dossier de retraite.",
            "On ressort avec tout réglé, et avec le sourire.",
        ],
    },
    "numerique": {
        "neg": [
            "Tout est en ligne maintenant, mais chez nous internet coupe dès qu'il pleut.",
            "FranceConnect, mot de passe, code par SMS… à 78 ans je n'y comprends plus rien.",
            "On nous oblige à tout faire sur internet et il n'y a plus personne pour nous aider.",
        ],
        "mix": [
            "Les ateliers numériques sont bien, mais trop loin pour ceux qui n'ont pas de voiture."
        ],
        "pos": [
            "L'atelier numérique de la médiathèque m'a appris à scanner mes papiers. Merci à "
            "Sandrine Lefèvre !"
        ],
    },
    "action-sociale": {
        "neg": [
            "Dossier RSA suspendu pour un papier manquant qu'on ne m'avait jamais demandé.",
            "On se sent jugé quand on vient demander de l'aide.",
        ],
        "mix": [
            "L'assistante sociale est bien, mais elle change tous les six mois, il faut tout "
            "raconter à nouveau."
        ],
        "pos": [
            "Madame Haddad, l'assistante sociale, m'a vraiment sortie d'une situation terrible.",
            "Accueil humain, sans jugement, on m'a écoutée jusqu'au bout.",
            "Aide d'urgence versée en 48 heures, ça m'a permis de payer le loyer.",
        ],
    },
    "apa-aide-a-domicile": {
        "neg": [
            "Les aides à domicile changent sans arrêt, mon père ne sait plus qui va sonner.",
            "Six mois pour l'évaluation de l'APA, ma mère a dû rester à l'hôpital en attendant.",
        ],
        "mix": ["Le plan d'aide est bien fait, mais les heures accordées ne suffisent pas."],
        "pos": [
            "L'aide à domicile de ma mère est une perle, toujours à l'heure et de bonne humeur.",
            "Évaluation faite à la maison, avec beaucoup de tact.",
        ],
    },
    "rsa-insertion": {
        "neg": [
            "Convoqué à un rendez-vous à 50 km sans voiture ni bus, c'est absurde.",
            "Mon conseiller ne répond jamais, ni au téléphone ni par mail.",
        ],
        "mix": [
            "Le suivi est sérieux mais les formations proposées ne correspondent pas à mon métier.",
            "Les ateliers collectifs m'ont redonné confiance, le reste du suivi est plus lointain.",
        ],
        "pos": [
            "Mon référent m'a trouvé une formation de cariste, je commence lundi.",
            "On m'a aidé à financer le permis de conduire, ça change tout pour trouver du travail.",
        ],
    },
}
HEADER = [
    "vague",
    "territoire",
    "service",
    "id_repondant",
    "profil",
    "poids",
    *(f"note_{d}" for d in DIMS),
    *(f"importance_{d}" for d in DIMS),
    "commentaire",
]


def _likert(mean: np.ndarray, rng: np.random.Generator, sd: float) -> np.ndarray:
    """Integer answers 1–5 around continuous means (a respondent's rounding of their opinion)."""
    return np.clip(np.rint(mean + rng.normal(0, sd, size=mean.shape)), 1, 5).astype(int)


def _cell(value: int, rng: np.random.Generator, *, missing: float) -> str:
    u = rng.random()
    if u < missing:
        return ""
    return "NSP" if u < missing * 1.25 else str(value)


class _Pools:
    """Comments drawn without replacement from each pool (reshuffled once exhausted): real
    comments are seldom word-for-word copies, and copies would form spurious topics."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.left: dict[tuple, list[str]] = {}

    def draw(self, key: tuple, pool: list[str]) -> str:
        if not self.left.get(key):
            self.left[key] = [pool[i] for i in self.rng.permutation(len(pool))]
        return self.left[key].pop()


def _comment(scores: np.ndarray, service: str, rng: np.random.Generator, pools: _Pools) -> str:
    mean = float(np.mean(scores))
    tone = "neg" if mean < 2.75 else "pos" if mean >= 3.75 else "mix"
    specific = SPECIFIC.get(service, {}).get(tone, [])
    if specific and rng.random() < 0.45:
        return pools.draw((service, tone), specific)
    # the dimension the respondent feels most strongly about, in the comment's direction
    dim = DIMS[
        int(
            np.argmin(scores)
            if tone == "neg"
            else np.argmax(scores)
            if tone == "pos"
            else rng.integers(len(DIMS))
        )
    ]
    return pools.draw((dim, tone), GENERIC[(dim, tone)])


def generate(seed: int = SEED) -> list[list[str]]:
    """All rows of the barometer, header first."""
    rng = np.random.default_rng(seed)
    pools = _Pools(rng)
    rows = [HEADER]
    for wi, wave in enumerate(WAVES):
        for territory, services in BASE.items():
            for si, (service, base) in enumerate(services.items(), start=1):
                means = np.array(
                    [
                        base[d] + wi * TREND.get((territory, service, dim), 0.0)
                        for d, dim in enumerate(DIMS)
                    ]
                )
                imp = np.array(
                    [IMPORTANCE_SPECIFIC.get((service, dim), IMPORTANCE[dim]) for dim in DIMS]
                )
                n_users = int(rng.integers(60, 151))
                planted = (
                    territory,
                    service,
                ) in STAFF_SHIFT  # enough managers for the planted gaps to show
                n_staff = int(rng.integers(8, 13)) if planted else int(rng.integers(4, 13))
                latent = rng.normal(0, 0.55, size=n_users)
                scores = _likert(means[None, :] + latent[:, None], rng, 0.75)
                importance = _likert(
                    np.broadcast_to(imp, (n_users, 4)) + rng.normal(0, 0.3, size=(n_users, 1)),
                    rng,
                    0.6,
                )
                weights = None
                if (
                    territory == "valliere"
                ):  # post-stratification: the less satisfied groups answered less
                    classes = np.array([0.64, 0.82, 1.12, 1.55])
                    rank = np.clip(
                        np.digitize(-latent + rng.normal(0, 0.3, n_users), [-0.5, 0.0, 0.5]), 0, 3
                    )
                    weights = classes[rank]
                prefix = f"{PREFIX[territory]}{si}-{wave % 100}"
                for i in range(n_users):
                    unhappy = scores[i].mean() < 2.75
                    # few users write a comment (the unhappy more often), as in real barometers
                    comment = (
                        _comment(scores[i], service, rng, pools)
                        if rng.random() < (0.12 if unhappy else 0.05)
                        else ""
                    )
                    rows.append(
                        [
                            str(wave),
                            territory,
                            service,
                            f"{prefix}-U{i + 1:04d}",
                            "usager",
                            "" if weights is None else f"{weights[i]:.2f}".replace(".", ","),
                            *(
                                _cell(v, rng, missing=0.04 if d == 2 else 0.02)
                                for d, v in enumerate(scores[i])
                            ),
                            *(_cell(v, rng, missing=0.03) for v in importance[i]),
                            comment,
                        ]
                    )
                shift = np.array(STAFF_SHIFT.get((territory, service), (0.3,) * 4))
                staff = _likert(
                    means[None, :] + shift[None, :] + rng.normal(0, 0.3, size=(n_staff, 1)),
                    rng,
                    0.5,
                )
                for i in range(n_staff):
                    rows.append(
                        [
                            str(wave),
                            territory,
                            service,
                            f"{prefix}-G{i + 1:03d}",
                            "gestionnaire",
                            "",
                            *(str(v) for v in staff[i]),
                            "",
                            "",
                            "",
                            "",
                            "",
                        ]
                    )
    return rows


def render(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\n").writerows(rows)
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--copy",
        action="store_true",
        help=f"also copy the file to {RAW.relative_to(HERE.parents[1])}",
    )
    args = ap.parse_args()
    text = render(generate())
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT.relative_to(HERE.parents[1])}: {text.count(chr(10)) - 1} rows")
    if args.copy:
        RAW.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(OUT, RAW)


if __name__ == "__main__":
    main()
