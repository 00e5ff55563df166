"""Workshop cards and platform proposals in spreadsheets (``.csv``, ``.xlsx``).

Conventions understood
----------------------
All three formats are recognised by their header (accents and case folded), before the generic
answers reader; ``reader: atelier`` (or ``klaxoon``, ``consul``) in the manifest forces one.
One row is one card or proposal, its author the speaker; non-numeric vote cells are left empty
with a warning naming line and column; HTML is reduced to text (scripts removed).

- **Generic workshop spreadsheet** (``atelier``; template ``data/raw/valcourt/ateliers/
  gare-remix-cartes.csv`` in the demo): ``texte`` (or ``idée``, ``contenu``, ``post-it``) and
  at least one of ``atelier``, ``groupe``, ``votes``/``gommettes``, ``couleur``. Optional:
  ``id`` (or ``carte``, ``n°``), ``auteur``/``participant``, ``profil``/``rôle`` (usager, agent,
  encadrant, élu…), ``groupe``, ``votes``/``gommettes``/``points``, ``votants`` (participants
  who put a dot, separated by ``;`` or ``,``, repeated for several dots: lets votes be
  normalised per participant), ``catégorie``/``thème``, ``couleur``, ``parent`` (id of the card
  it answers), ``date``. One document per ``atelier`` value, method ``atelier``.
- **Klaxoon** board exports (``klaxoon``): ``Idée``/``Idea`` with ``Auteur``/``Author``,
  ``Catégorie``/``Category``/``Dimension``/``Colonne``, ``Couleur``/``Color``, ``Votes``/
  ``Nombre de votes``, ``Date de création``/``Creation date``, ``Board``/``Tableau``.
- **CONSUL** proposal and investment exports (``consul``): ``Title``/``Titre``, ``Supports``/
  ``Soutiens``/``Apoyos``, ``Description``, ``Author``/``Auteur``, ``Geozone``/``Zone``/
  ``Heading`` (category), ``Feasibility``/``Faisabilité``/``Status`` (state), ``Created at``,
  ``Budget`` (one document per budget); method ``consultation``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from transfo_analysis.corpus.readers._base import RawDocument
from transfo_analysis.corpus.readers._cards import CardFormat, read_cards, sniffer
from transfo_analysis.corpus.readers._registry import register
from transfo_analysis.i18n import N_


def _card_parent(values: dict[str, str], attrs: dict[str, Any], warn) -> None:
    del warn
    if values.get("parent"):
        attrs["parent_id"] = f"carte:{values['parent']}"


CONSUL = CardFormat(
    name="consul",
    label=N_("CONSUL export"),
    kind="proposition",
    method="consultation",
    columns={
        "id": ("id",),
        "title": ("title", "titre", "titulo"),
        "text": ("description", "descripcion", "summary", "resume"),
        "votes": ("supports", "soutiens", "apoyos", "cached_votes_up", "votes_count", "votes"),
        "author": ("author", "auteur", "author_username", "autor"),
        "category": ("geozone", "zone", "zone_geographique", "heading", "ligne", "tags"),
        "state": ("feasibility", "faisabilite", "viabilidad", "status", "etat", "selected"),
        "date": ("created_at", "cree_le", "date", "fecha"),
        "session": ("budget",),
    },
    required=(("title",), ("votes",), ("category", "state", "author")),
    part="session",
    part_label="budget",
)
KLAXOON = CardFormat(
    name="klaxoon",
    label=N_("Klaxoon export"),
    kind="carte",
    method="atelier",
    columns={
        "id": ("id", "identifiant"),
        "text": ("idee", "idea", "contenu", "content"),
        "author": ("auteur", "author", "participant", "createur"),
        "category": ("categorie", "category", "dimension", "colonne", "column"),
        "colour": ("couleur", "color", "colour"),
        "votes": ("votes", "nombre_de_votes", "nb_votes", "vote"),
        "date": ("date_de_creation", "creation_date", "date"),
        "session": ("board", "tableau", "nom_du_board", "activite"),
    },
    required=(("text",), ("votes", "category"), ("author", "date", "colour")),
    forbidden=("group",),
    part="session",
    part_label="board",
)
WORKSHOP = CardFormat(
    name="atelier",
    label=N_("workshop cards sheet"),
    kind="carte",
    method="atelier",
    columns={
        "id": ("id", "carte", "id_carte", "n", "no", "numero", "n_carte"),
        "text": ("texte", "idee", "contenu", "post_it", "texte_carte", "text"),
        "author": ("auteur", "auteurice", "participant", "participante", "pseudo", "author"),
        "role": ("profil", "role", "profile"),
        "group": ("groupe", "group", "table", "equipe", "sous_groupe"),
        "session": ("atelier", "session", "seance", "workshop"),
        "votes": ("votes", "gommettes", "points", "nb_votes", "dots", "pastilles"),
        "voters": ("votants", "voters", "votantes"),
        "category": ("categorie", "theme", "category", "rubrique"),
        "colour": ("couleur", "color", "colour"),
        "parent": ("parent", "reponse_a", "parent_id"),
        "date": ("date",),
    },
    required=(("text",), ("session", "group", "votes", "colour")),
    part="session",
    part_label="atelier",
    finish=_card_parent,
)


def _reader(fmt: CardFormat, doc: str) -> None:
    def read(path: Path, data: bytes, options: dict[str, Any]) -> list[RawDocument]:
        del options  # columns are recognised by name
        return read_cards(path, data, fmt)

    read.__doc__ = doc
    register(fmt.name, (".csv", ".xlsx"), description=doc, sniff=sniffer(fmt))(read)


_reader(CONSUL, "CONSUL proposals and investments (supports, zone, feasibility), by header")
_reader(KLAXOON, "Klaxoon board ideas (category, colour, votes), recognised by header")
_reader(WORKSHOP, "workshop sheet, one card per row (session, group, author, votes, voters)")
