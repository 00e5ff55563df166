"""Workshop ideas and platform proposals as candidate proposals of the trail, in one call.

Each idea (a card, or a group of near-duplicate cards written by several people) becomes a
finding whose evidence is its cards (``idea:SEGMENT`` links, each with its votes, author and
date in the comment) and a proposal (*proposée*) resting on that finding. Running it again
creates nothing twice: an idea whose cards already stand behind a proposal is skipped, and a
finding left without its proposal (an interrupted run) is completed, not duplicated.
"""

from __future__ import annotations

import textwrap
from typing import Any

import pandas as pd

from transfo_analysis.evidence._model import EvidenceError
from transfo_analysis.evidence._strength import evidence_links, proposals
from transfo_analysis.evidence._trail import Trail, add_finding, link_evidence, propose
from transfo_analysis.i18n import _
from transfo_analysis.provenance import record

#: columns of :func:`propose_ideas`
IDEA_COLUMNS = (
    "territory",
    "statement",
    "n_cards",
    "votes",
    "n_voters",
    "segment_ids",
    "finding_id",
    "proposal_id",
    "created",
)


def propose_ideas(
    trail: Trail,
    corpus: Any = None,
    *,
    territory: str | None = None,
    kinds: tuple[str, ...] = ("carte", "proposition"),
    min_votes: float = 0,
    duplicates: bool = True,
    threshold: float = 0.3,
    service: str = "",
    author: str | None = None,
) -> pd.DataFrame:
    """Turn workshop cards and platform proposals into candidate proposals of the trail.

    Parameters
    ----------
    trail
        The open trail (:func:`open_trail`).
    corpus
        The pseudonymised corpus (default: the trail's project corpus).
    territory
        Only this territory's cards.
    kinds
        Which kinds of cards become proposals (comments never do: they answer one).
    min_votes
        Ideas with fewer votes (dots or supports, summed over the group) are left out.
    duplicates
        Group near-duplicate cards (:func:`transfo_analysis.workshops.near_duplicates`) into
        one idea, all of them evidence of it; else one idea per card.
    threshold
        Similarity threshold of the grouping.
    service
        Service slug recorded on the proposals.
    author
        Who records them (default: the trail's author); the store keeps the date.

    Returns
    -------
    pandas.DataFrame
        One row per idea (columns :data:`IDEA_COLUMNS`): ``created`` is False for an idea
        already in the trail (its existing finding and proposal ids are given).
        ``attrs["provenance"]`` records the parameters.

    Raises
    ------
    EvidenceError
        When the territory is not one of the project's.
    """
    from transfo_analysis.workshops import cards, near_duplicates

    known = set(trail.project.settings.territories) if trail.project is not None else set()
    if territory is not None and known and territory not in known:
        raise EvidenceError(
            _("unknown territory « {name} » (territories: {known})").format(
                name=territory, known=", ".join(sorted(known))
            )
        )
    if corpus is None:
        from transfo_analysis.corpus import load_corpus

        corpus = load_corpus(trail.project)
    table = cards(corpus)
    table = table[table["kind"].isin(kinds) & table["parent_segment_id"].isna()]
    if territory is not None:
        table = table[table["territory"] == territory]
    table = table.merge(_card_details(corpus), on="segment_id", how="left")
    if duplicates and len(table):
        groups = near_duplicates(corpus, kinds=kinds, threshold=threshold)
        table["idea"] = table["segment_id"].map(groups.set_index("segment_id")["duplicate_group"])
    else:
        table["idea"] = range(len(table))
    table["n_card_voters"] = table["voters"].map(_count_voters)
    linked, proposed = _already_in_trail(trail)
    rows = []
    for (terr, _idea), group in table.groupby(["territory", "idea"], sort=False):
        votes = float(group["votes"].fillna(0).sum())
        if votes < min_votes:
            continue
        group = group.sort_values("votes", ascending=False, kind="stable", na_position="last")
        statement = textwrap.shorten(" ".join(str(group["text"].iloc[0]).split()), 400)
        finding_ids = sorted({f for s in group["segment_id"] for f in linked.get(s, ())})
        done = [f for f in finding_ids if f in proposed]
        row = {
            "territory": terr,
            "statement": statement,
            "n_cards": len(group),
            "votes": votes,
            "n_voters": int(group["n_card_voters"].sum()),
            "segment_ids": ";".join(group["segment_id"]),
            "created": not done,
        }
        if done:
            rows.append(row | {"finding_id": done[0], "proposal_id": proposed[done[0]]})
            continue
        fid = finding_ids[0] if finding_ids else _new_finding(trail, group, statement, author)
        for card in group.itertuples():
            link_evidence(
                trail, fid, f"idea:{card.segment_id}", comment=_card_comment(card), author=author
            )
        pid = propose(
            trail,
            statement,
            findings=[fid],
            territories=[terr] if isinstance(terr, str) and terr else [],
            service=service,
            memo=_proposal_memo(group, votes),
            author=author,
        )
        rows.append(row | {"finding_id": fid, "proposal_id": pid})
    out = pd.DataFrame(rows, columns=list(IDEA_COLUMNS))
    out.attrs["provenance"] = record(
        "evidence.propose_ideas",
        parameters={
            "territory": territory,
            "kinds": list(kinds),
            "min_votes": min_votes,
            "duplicates": duplicates,
            "threshold": threshold,
            "service": service,
        },
        stats={"created": int(out["created"].sum()), "existing": int((~out["created"]).sum())},
    )
    return out


def _card_details(corpus: Any) -> pd.DataFrame:
    """Author label and date of each card (pseudonymised labels: the corpus is)."""
    segs = corpus.segments
    labels = corpus.speakers.set_index("speaker_id")["label"]
    date = segs["card_date"] if "card_date" in segs else pd.Series(None, index=segs.index)
    return pd.DataFrame(
        {
            "segment_id": segs["segment_id"],
            "author_label": segs["speaker_id"].map(labels),
            "card_date": date.where(date.notna(), None),
        }
    )


def _count_voters(value: Any) -> int:
    if not isinstance(value, str) or not value.strip():
        return 0
    return len({v.strip() for v in value.replace(",", ";").split(";") if v.strip()})


def _already_in_trail(trail: Trail) -> tuple[dict[str, set[int]], dict[int, int]]:
    """Findings linked to each card (``idea`` links), and the proposal resting on each finding."""
    links = evidence_links(trail)
    linked: dict[str, set[int]] = {}
    for kind, target, fid in zip(
        links.get("kind", []), links.get("target", []), links.get("finding_id", []), strict=True
    ):
        if kind == "idea":
            linked.setdefault(str(target), set()).add(int(fid))
    proposed: dict[int, int] = {}
    table = proposals(trail)
    for pid, fids in zip(table.get("proposal_id", []), table.get("findings", []), strict=True):
        for f in fids:
            proposed.setdefault(int(f), int(pid))
    return linked, proposed


def _new_finding(trail: Trail, group: pd.DataFrame, statement: str, author: str | None) -> int:
    kind = str(group["kind"].iloc[0])
    if kind == "proposition":
        text = _("Proposal of the online consultation: {statement}").format(statement=statement)
    else:
        text = _("Idea of the workshop: {statement}").format(statement=statement)
    return add_finding(trail, text, memo=_proposal_memo(group, None), author=author)


def _card_comment(card: Any) -> str:
    fields = {
        "votes": "?" if pd.isna(card.votes) else f"{card.votes:g}",
        "author": card.author_label if isinstance(card.author_label, str) else "?",
        "role": card.role if isinstance(card.role, str) else "?",
        "session": card.session,
    }
    if isinstance(card.card_date, str) and card.card_date:
        return _("votes: {votes}; written by {author} ({role}) on {date}; {session}").format(
            date=card.card_date, **fields
        )
    return _("votes: {votes}; written by {author} ({role}); {session}").format(**fields)


def _proposal_memo(group: pd.DataFrame, votes: float | None) -> str:
    sessions = ", ".join(dict.fromkeys(group["session"].astype(str)))
    memo = _("From {n_cards} card(s) of {sessions}").format(n_cards=len(group), sessions=sessions)
    if votes is not None:
        memo += " — " + _("votes in all: {votes}").format(votes=f"{votes:g}")
    return memo
