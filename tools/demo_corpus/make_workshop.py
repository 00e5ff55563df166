"""Write the demo's co-design workshop cards and its small platform export (all fictional).

- ``data/raw/valcourt/ateliers/gare-remix-cartes.csv``: the "Gare Remix" workshop of Valcourt,
  three groups mixing users, agents and managers, about 120 idea cards with dot votes; the
  ``votants`` column names who put each dot (participants had 3 to 7 dots: the analysis
  normalises them). This file is also the template of the generic workshop spreadsheet.
- ``data/raw/valcourt/consultation/decidim-propositions.csv`` and ``decidim-commentaires.csv``:
  a small consultation on the station in Decidim's current export header.

Deterministic (seeded). Run from the repository root:

    .venv/bin/python tools/demo_corpus/make_workshop.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "data" / "raw" / "valcourt"

#: (label, role, dots) per group; every name is invented
GROUPS = {
    "Groupe A": [
        ("Maëlle Rakotomalala", "usager", 5),
        ("Yanis Haddad", "usager", 7),
        ("Odile Ferrand", "usager", 3),
        ("Karim Benali", "agent", 5),
        ("Sophie Kowalski", "agent", 5),
        ("Thierry Lefèvre", "encadrant", 5),
    ],
    "Groupe B": [
        ("Aminata Traoré", "usager", 5),
        ("Jules Da Silva", "usager", 5),
        ("Hélène Nguyen", "usager", 7),
        ("Mehmet Yilmaz", "agent", 3),
        ("Clarisse Morel", "agent", 5),
        ("Pascal Girardot", "encadrant", 5),
    ],
    "Groupe C": [
        ("Lina Bouchard", "usager", 5),
        ("Noé Vidal", "usager", 3),
        ("Rose Diallo", "usager", 5),
        ("Fabrice Marchetti", "agent", 7),
        ("Inès Caradec", "agent", 5),
        ("Gaëlle Poirier", "encadrant", 5),
    ],
}
#: (category, colour, ideas written by users, ideas written by agents and managers)
THEMES = [
    (
        "Information voyageurs",
        "jaune",
        [
            "Un écran qui annonce les retards avant d'arriver sur le quai",
            "Des annonces sonores qu'on comprend vraiment, pas un grésillement",
            "Afficher les correspondances bus et tram dès la sortie du train",
            "Prévenir par SMS quand le train est supprimé",
            "Un plan de la gare lisible à l'entrée, avec les ascenseurs",
            "Indiquer clairement où s'arrête chaque voiture sur le quai",
        ],
        [
            "Avoir la même information que les voyageurs, en même temps, sur notre téléphone de "
            "service",
            "Une consigne unique pour annoncer les perturbations, au lieu de trois outils",
            "Pouvoir corriger nous-mêmes l'affichage quand il est faux",
        ],
    ),
    (
        "Accueil et guichets",
        "bleu",
        [
            "Un guichet ouvert tôt le matin pour les travailleurs",
            "Pouvoir parler à quelqu'un sans passer par la machine",
            "Un point d'accueil visible dès l'entrée principale",
            "Des agents qu'on repère facilement avec un gilet ou un badge",
            "Moins d'attente au guichet le vendredi soir",
        ],
        [
            "Garder un guichet humain même quand les automates marchent",
            "Former les agents d'accueil aux nouveaux tarifs avant leur lancement",
            "Un espace calme derrière le guichet pour les pauses courtes",
            "Des horaires de guichet décidés avec les équipes, pas imposés",
        ],
    ),
    (
        "Accessibilité",
        "vert",
        [
            "Des ascenseurs qui fonctionnent, et qu'on sache quand ils sont en panne",
            "Une rampe pour les poussettes sur le quai trois",
            "Des bancs tout le long des couloirs pour les personnes âgées",
            "Une aide pour monter dans le train sans réserver deux jours avant",
            "Des bandes podotactiles jusqu'aux guichets",
        ],
        [
            "Un numéro direct pour signaler un ascenseur en panne",
            "Du temps prévu dans le planning pour accompagner les personnes à mobilité réduite",
            "Un fauteuil roulant de prêt toujours disponible à l'accueil",
        ],
    ),
    (
        "Propreté et confort",
        "orange",
        [
            "Des toilettes gratuites et propres",
            "Une salle d'attente chauffée l'hiver",
            "Des prises pour recharger son téléphone en attendant",
            "Plus de poubelles de tri sur les quais",
            "De l'eau potable gratuite dans le hall",
        ],
        [
            "Un local propre pour que les équipes de nettoyage se changent",
            "Signaler les salissures avec une application partagée",
        ],
    ),
    (
        "Sécurité",
        "rouge",
        [
            "Plus d'éclairage le soir autour de la gare routière",
            "Des agents présents sur les quais après vingt-deux heures",
            "Un bouton d'appel d'urgence qui répond vraiment",
        ],
        [
            "Ne jamais laisser un agent seul au guichet le soir",
            "Une formation à la gestion des conflits pour toute l'équipe",
            "Une radio qui marche dans tous les sous-sols",
        ],
    ),
    (
        "Organisation du travail",
        "violet",
        [
            "Que les agents aient le temps de répondre aux questions",
        ],
        [
            "Des plannings connus un mois à l'avance",
            "Associer les équipes avant de changer l'organisation de la gare",
            "Expliquer pourquoi la réorganisation change nos postes",
            "Un référent par équipe pour faire remonter les difficultés",
            "Des réunions d'équipe courtes mais régulières",
            "Moins d'outils informatiques différents pour la même tâche",
            "Reconnaître le travail d'accueil dans l'évaluation",
        ],
    ),
    (
        "Billets et tarifs",
        "rose",
        [
            "Un automate qui accepte les espèces",
            "Un tarif unique bus, tram et train dans la métropole",
            "Acheter son billet sans application ni carte bancaire",
            "Le tarif réduit expliqué simplement",
        ],
        [
            "Un seul système de vente pour tous les titres",
            "Pouvoir rembourser un billet au guichet sans formulaire papier",
        ],
    ),
]
#: what each role favours when voting (users: information and comfort; agents: organisation)
PREFERENCES = {
    "usager": {
        "Information voyageurs": 3.0,
        "Accueil et guichets": 2.0,
        "Accessibilité": 2.0,
        "Propreté et confort": 1.5,
        "Billets et tarifs": 1.5,
    },
    "agent": {"Organisation du travail": 3.0, "Sécurité": 2.5, "Accueil et guichets": 1.5},
    "encadrant": {
        "Organisation du travail": 2.0,
        "Billets et tarifs": 2.0,
        "Information voyageurs": 1.5,
    },
}
#: the same idea written on several cards differs only by its punctuation
VARIANTS = ["{}", "{} !", "{}.", "{}…"]


def workshop(rng: random.Random) -> list[dict]:
    rows: list[dict] = []
    for group, people in GROUPS.items():
        cards = []
        for category, colour, by_users, by_staff in THEMES:
            for text in rng.sample(by_users, k=min(len(by_users), 3)):
                author = rng.choice([p for p in people if p[1] == "usager"])
                cards.append((category, colour, text, author))
            for text in rng.sample(by_staff, k=min(len(by_staff), 3)):
                author = rng.choice([p for p in people if p[1] != "usager"])
                cards.append((category, colour, text, author))
        rng.shuffle(cards)
        for n, (category, colour, text, author) in enumerate(cards[:40], start=1):
            rows.append(
                {
                    "atelier": "Gare Remix",
                    "groupe": group,
                    "id": f"{group[-1]}{n:02d}",
                    "auteur": author[0],
                    "profil": author[1],
                    "texte": rng.choice(VARIANTS).format(text),
                    "votes": 0,
                    "votants": [],
                    "catégorie": category,
                    "couleur": colour,
                }
            )
        # the dot vote: each participant places their dots on the cards of their group
        mine = [r for r in rows if r["groupe"] == group]
        for label, role, dots in people:
            weights = [PREFERENCES[role].get(r["catégorie"], 0.3) for r in mine]
            for _ in range(dots):
                card = rng.choices(mine, weights=weights)[0]
                card["votants"].append(label)
    for r in rows:
        r["votes"] = len(r["votants"])
        r["votants"] = ", ".join(r["votants"])
    return rows


PROPOSALS = [
    (
        "Un parking vélo sécurisé devant la gare",
        "<p>Un abri fermé, avec des arceaux et une caméra.</p>",
        "Mobilités",
    ),
    (
        "Rouvrir le guichet de la gare routière",
        "<p>Le guichet est fermé depuis deux ans : on ne peut plus acheter de billet de car.</p>",
        "Accueil",
    ),
    (
        "Des toilettes gratuites dans le hall",
        "<p>Payer pour des toilettes dans une gare publique, ce n'est pas normal.</p>",
        "Confort",
    ),
    (
        "Un affichage des bus dans le hall",
        "<p>Savoir si son bus est parti <strong>avant</strong> de sortir.</p>",
        "Information",
    ),
    (
        "Des bancs sur les quais",
        "<p>Il n'y a que six places assises sur le quai trois.</p>",
        "Confort",
    ),
    (
        "Un ascenseur côté parking",
        "<p>Avec une poussette, il faut faire tout le tour.</p>",
        "Accessibilité",
    ),
    (
        "Plus d'éclairage autour de la gare le soir",
        "<p>La rue des Tanneurs est très sombre.</p>",
        "Sécurité",
    ),
    (
        "Un tarif unique dans la métropole",
        "<p>Un seul billet pour le bus, le tram et le TER.</p>",
        "Mobilités",
    ),
]
COMMENTERS = [
    "Paulette Garnier",
    "Samir Chérif",
    "Manon Leclerc",
    "Bruno Kessler",
    "Awa Sissoko",
    "Lucien Perrot",
    "Farida Mansouri",
    "Timothée Roy",
]
REPLIES = {
    1: "Tout à fait d'accord, c'est indispensable.",
    -1: "Je ne suis pas d'accord, il y a d'autres priorités.",
    0: "Est-ce que quelqu'un sait ce que la métropole a prévu ?",
}


def platform(rng: random.Random) -> tuple[list[dict], list[dict]]:
    proposals, comments = [], []
    for n, (title, body, category) in enumerate(PROPOSALS, start=101):
        proposals.append(
            {
                "id": n,
                "author/name": rng.choice(COMMENTERS),
                "title/fr": title,
                "body/fr": body,
                "supports": rng.randint(2, 40),
                "endorsements/total_count": rng.randint(0, 6),
                "state": rng.choice(["", "evaluating", "accepted"]),
                "answer/fr": "",
                "published_at": f"2025-05-{n - 95:02d} 10:00:00 +0200",
                "reference": f"VLC-PROP-2025-05-{n}",
                "comments": 0,
                "component/id": 7,
                "category/name/fr": category,
            }
        )
    cid = 500
    for proposal in proposals:
        for _ in range(rng.randint(2, 12)):
            cid += 1
            alignment = rng.choices([1, -1, 0], weights=[5, 2, 2])[0]
            parent, ptype = proposal["id"], "Decidim::Proposals::Proposal"
            if (
                comments
                and comments[-1]["root_commentable_url"].endswith(f"/{proposal['id']}")
                and rng.random() < 0.2
            ):
                parent, ptype = comments[-1]["id"], "Decidim::Comments::Comment"
            comments.append(
                {
                    "id": cid,
                    "created_at": "2025-05-20 18:00:00 +0200",
                    "body/fr": REPLIES[alignment],
                    "locale": "fr",
                    "author/id": 9000 + COMMENTERS.index(name := rng.choice(COMMENTERS)),
                    "author/name": name,
                    "alignment": alignment,
                    "depth": 0 if ptype.endswith("Proposal") else 1,
                    "user_group/id": "",
                    "user_group/name/fr": "",
                    "commentable_id": parent,
                    "commentable_type": ptype,
                    "root_commentable_url": f"https://participer.valcourt.example/processes/gare/f/7/proposals/{proposal['id']}",
                }
            )
            proposal["comments"] += 1
    return proposals, comments


def write(path: Path, rows: list[dict], delimiter: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    rng = random.Random(13)
    write(OUT / "ateliers" / "gare-remix-cartes.csv", workshop(rng), ";")
    proposals, comments = platform(rng)
    write(OUT / "consultation" / "decidim-propositions.csv", proposals, ";")
    write(OUT / "consultation" / "decidim-commentaires.csv", comments, ";")


if __name__ == "__main__":
    main()
