"""Decisions on proposals: each status change is a decision record, checked against the lifecycle.

A decision names the instance that decided and the date (both required), optionally who spoke
for it, the rationale and a link (a deliberation, a Decidim result). The status machine is
:data:`~transfo_analysis.evidence.ALLOWED_TRANSITIONS`: a jump that skips a stage is refused with
the allowed next states, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from transfo_analysis.coding.store import new_guid, now
from transfo_analysis.evidence._model import (
    ALLOWED_TRANSITIONS,
    DecisionError,
    EvidenceError,
    TransitionError,
    normalise_status,
)
from transfo_analysis.evidence._trail import Trail, audit_change
from transfo_analysis.i18n import _


def _iso_date(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    text = str(value or "").strip()
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise DecisionError(
            _("decision refused: unreadable date « {text} » (write YYYY-MM-DD)").format(text=text)
        ) from None


def decide(
    trail: Trail,
    proposal_id: int,
    status: str,
    *,
    instance: str | None = None,
    date: str | dt.date | None = None,
    decided_by: str = "",
    rationale: str = "",
    url: str = "",
    author: str | None = None,
) -> int:
    """Record a decision moving a proposal to ``status``; returns the decision's id.

    Parameters
    ----------
    trail
        The open trail.
    proposal_id
        The proposal.
    status
        The new status (*à l'étude*, *retenue*, *écartée*,
        *reportée*, *expérimentée*, *généralisée*).
    instance
        Who decided, as a body (*comité de pilotage*, *conseil municipal*): required.
    date
        When (``AAAA-MM-JJ``): required.
    decided_by, rationale, url
        Who spoke for the instance, why, and a link to the decision or a Decidim result.
    author
        Who records it (default: the trail's author).

    Returns
    -------
    int
        The decision's id.

    Raises
    ------
    DecisionError
        When the instance or the date is missing or unreadable (the field is named).
    TransitionError
        When the lifecycle does not allow the change (the allowed next states are listed).
    """
    target = normalise_status(status)
    for name, value in (("instance", instance), ("date", date)):
        if value is None or not str(value).strip():
            raise DecisionError(
                _("decision refused: the field « {name} » is missing").format(name=name),
                hint=_("a decision says which body decided and on which date"),
            )
    day = _iso_date(date)
    with trail.store.transaction(_("recording a decision")) as conn:
        row = conn.execute(
            "SELECT status FROM proposals WHERE proposal_id = ?", (int(proposal_id),)
        ).fetchone()
        if row is None:
            raise EvidenceError(
                _("unknown proposal no. {id}: decision not recorded").format(id=proposal_id)
            )
        current = row[0]
        allowed = ALLOWED_TRANSITIONS[current]
        if target not in allowed:
            raise TransitionError(
                _(
                    "change refused from « {current} » to « {target} »; possible next steps: "
                    "{allowed}"
                ).format(
                    current=current,
                    target=target,
                    allowed=", ".join(allowed) or _("none (final status)"),
                )
            )
        who = trail.store.coder_id(author or trail.author)
        cur = conn.execute(
            "INSERT INTO decisions (guid, proposal_id, from_status, to_status, instance, date, "
            "decided_by, rationale, url, author_id, created) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                new_guid(),
                int(proposal_id),
                current,
                target,
                str(instance).strip(),
                day,
                decided_by,
                rationale,
                url,
                who,
                now(),
            ),
        )
        conn.execute(
            "UPDATE proposals SET status = ?, updated = ? WHERE proposal_id = ?",
            (target, now(), int(proposal_id)),
        )
        did = int(cur.lastrowid)
        audit_change(
            conn,
            who,
            "decide",
            "proposal",
            int(proposal_id),
            {"from": current, "to": target, "instance": instance, "date": day, "decision_id": did},
        )
        return did
