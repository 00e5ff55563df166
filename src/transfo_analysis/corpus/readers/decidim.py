"""Decidim open-data exports (``.csv``, ``.xlsx``): proposals, comments, debates.

Conventions understood
----------------------
- Recognised by their header, whatever the file's name, before the generic answers reader:
  columns are mapped **by name**, never by position, so that the 2019-era flattened header
  (``id;category/name/fr;title;body;votes;comments;created_at;url;component/id``) and the current
  one (``title/fr``, ``body/fr``, ``supports``, ``endorsements/total_count``, ``state``,
  ``answer/fr``, ``reference``, ``published_at``, ``author/name``…) both load. Multilingual
  columns (``title/fr``, ``title/en``, ``title/machine_translations/…``) give the French text
  first, else another language; a cell holding a whole translation hash (``{"fr"=>"…"}``) gives
  its French value.
- **Proposals** (``id``, ``title``, ``body`` and one of ``votes``/``supports``/``state``/
  ``reference``): one segment per proposal, its text the title then the body; ``votes``
  (2019) or ``supports`` become ``votes``, ``endorsements/total_count`` ``endorsements``,
  ``comments`` ``comments_count``; category, state, answer and reference are kept.
- **Comments** (``id``, ``body``, ``alignment``, ``commentable_id``): ``alignment`` 1/-1/0
  becomes the stance ``pour``/``contre``/``neutre``; ``commentable_type`` and
  ``commentable_id`` give the parent (``proposition:457``, ``commentaire:12``, ``debat:23``);
  ``depth`` the reply level; ``user_group/name`` the group.
- **Debates** (``id``, ``title``, ``description``, ``component/id``): the question and its
  description; debates without author are the organisers' (speaker ``organisation``, role
  ``enqueteur``: they ask the question, like an interviewer, and are left out of who was heard).
- One document per component (``component/id``, or the ``/f/<id>/`` of the comment's URL),
  method ``consultation``; the author's name (``author/name``, else ``participant <author/id>``)
  is the speaker, replaced whole when pseudonymised (``anonymise._accounts``). Proposals of 2019
  exports carry no author: they are attributed to the unknown speaker, role ``usager`` (a
  proposal is a participant's), with a note and a warning.
- HTML bodies are reduced to text; scripts and styles are removed with their content and
  counted in the load report. A vote or depth cell that is not a number is left empty with a
  warning naming its line and column; an unknown alignment likewise.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from transfo_analysis.corpus._ingest import UNKNOWN_SPEAKER
from transfo_analysis.corpus.readers._base import RawDocument
from transfo_analysis.corpus.readers._cards import CardFormat, read_cards, sniffer
from transfo_analysis.corpus.readers._registry import register
from transfo_analysis.i18n import N_, _

_STANCES = {"1": "pour", "-1": "contre", "0": "neutre"}
_PARENTS = {"proposal": "proposition", "comment": "commentaire", "debate": "debat"}


def _comment(values: dict[str, str], attrs: dict[str, Any], warn) -> None:
    alignment = values.get("stance", "")
    if alignment:
        if alignment in _STANCES:
            attrs["stance"] = _STANCES[alignment]
        else:
            warn(
                _("unknown alignment {value} (expected 1, -1 or 0): left empty").format(
                    value=repr(alignment)
                ),
                "stance",
            )
    if values.get("parent"):
        kind = values.get("parent_type", "").rsplit("::", 1)[-1].lower() or "proposal"
        attrs["parent_id"] = f"{_PARENTS.get(kind, kind)}:{values['parent']}"
    if not values.get("component"):
        found = re.search(r"/f/(\d+)/", values.get("url", ""))
        if found:
            values["component"] = found.group(1)


def _debate(values: dict[str, str], attrs: dict[str, Any], warn) -> None:
    del attrs, warn
    if not values.get("author") and not values.get("author_id"):
        # the organisers ask the question, as an interviewer or a workshop's facilitator does:
        # not a voice of the consultation
        values["author"], values["role"] = "organisation", "enqueteur"


_COMMON = {
    "id": ("id",),
    "author": ("author_name", "authors_names", "author_nickname"),
    "author_id": ("author_id", "decidim_author_id"),
    "component": ("component_id",),
    "url": ("url",),
    "category": ("category_name",),
}
PROPOSALS = CardFormat(
    name="decidim-propositions",
    label=N_("Decidim proposals export"),
    kind="proposition",
    method="consultation",
    columns={
        **_COMMON,
        "title": ("title",),
        "text": ("body",),
        "votes": ("supports", "votes", "proposal_votes_count", "votes_count"),
        "endorsements": ("endorsements_total_count", "endorsements_count"),
        "comments_count": ("comments", "comments_count"),
        "state": ("state",),
        "answer": ("answer",),
        "reference": ("reference",),
        "date": ("published_at", "created_at"),
    },
    required=(("id",), ("title",), ("text",), ("votes", "endorsements", "state", "reference")),
    forbidden=("stance",),
    part="component",
    part_label="composant",
)
COMMENTS = CardFormat(
    name="decidim-commentaires",
    label=N_("Decidim comments export"),
    kind="commentaire",
    method="consultation",
    columns={
        **_COMMON,
        "url": ("root_commentable_url", "url"),
        "text": ("body",),
        "stance": ("alignment",),
        "depth": ("depth",),
        "group": ("user_group_name",),
        "parent": ("commentable_id",),
        "parent_type": ("commentable_type",),
        "date": ("created_at",),
    },
    required=(("id",), ("text",), ("stance",), ("parent",)),
    part="component",
    part_label="composant",
    finish=_comment,
)
DEBATES = CardFormat(
    name="decidim-debats",
    label=N_("Decidim debates export"),
    kind="debat",
    method="consultation",
    columns={
        **_COMMON,
        "title": ("title",),
        "text": ("description",),
        "comments_count": ("comments", "comments_count"),
        "date": ("created_at", "start_time"),
    },
    required=(("id",), ("title",), ("text",), ("component", "url")),
    forbidden=("votes", "stance"),
    part="component",
    part_label="composant",
    finish=_debate,
)


def _reader(fmt: CardFormat, doc: str) -> None:
    def read(path: Path, data: bytes, options: dict[str, Any]) -> list[RawDocument]:
        del options  # columns are recognised by name
        docs = read_cards(path, data, fmt)
        if fmt is PROPOSALS:
            if not any(t.speaker for d in docs for t in d.turns):
                docs[0].note(
                    _(
                        "this export does not name the authors of the proposals: they are "
                        "counted as one participant (role usager)"
                    ),
                    None,
                )
            for d in docs:
                if any(not t.speaker for t in d.turns):
                    # a proposal is a participant's, even when the export does not say whose
                    d.roles[UNKNOWN_SPEAKER] = "usager"
        return docs

    read.__doc__ = doc
    register(fmt.name, (".csv", ".xlsx"), description=doc, sniff=sniffer(fmt))(read)


_reader(COMMENTS, "Decidim comments (alignment as stance, parent), recognised by header")
_reader(PROPOSALS, "Decidim proposals (supports, category, state), recognised by header")
_reader(DEBATES, "Decidim debates (question, HTML description), recognised by header")
