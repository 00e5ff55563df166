"""Writing the trail: findings, evidence links, proposals and decisions, each change audited.

Everything is stored in the project's annotation store (SQLite, tables of schema version 3):
every write is one transaction that also writes its row of ``evidence_audit`` (who, when, what,
the values before and after), so a refused write leaves nothing behind and two kernels adding
evidence at once lose nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from transfo_analysis.coding.store import AnnotationStore, new_guid, now, open_store
from transfo_analysis.evidence._model import (
    PROPOSAL_STATUSES,
    EvidenceError,
    Target,
    normalise_stance,
    parse_target,
)
from transfo_analysis.evidence._targets import TargetIndex, excerpt_hash
from transfo_analysis.i18n import _


@dataclass
class Trail:
    """A project's evidence trail: the store, the targets it can point to, the author.

    Use :func:`open_trail`; close it or use it as a context manager.
    """

    store: AnnotationStore
    targets: TargetIndex
    author: str
    project: Any = None
    k: int = 5
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Trail:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_trail(
    source: Any, *, author: str | None = None, create: bool = True, **frames: Any
) -> Trail:
    """Open the evidence trail of a project (or of a store file, with frames for the targets).

    Parameters
    ----------
    source
        A :class:`~transfo_analysis.config.Project`, a project directory, or a store path
        (then give the targets' tables as keyword arguments, see :class:`TargetIndex`).
    author
        Who makes the changes (default: the project's coder, ``TRANSFO_CODER``, the login).
    create
        Create the store when missing (else :class:`~transfo_analysis.errors.NotReadyError`).
    **frames
        Tables used instead of the project's (``segments``, ``speakers``, ``codings``…).

    Returns
    -------
    Trail
        The open trail (close it, or use it as a context manager).
    """
    from pathlib import Path

    from transfo_analysis.config import Project, open_project

    project = source if isinstance(source, Project) else None
    if project is None and Path(str(source)).is_dir():
        project = open_project(source)
    store = open_store(project if project is not None else source, create=create)
    k = int(frames.pop("k", project.settings.disclosure.k if project is not None else 5))
    who = author or (
        project.coder if project is not None else os.environ.get("TRANSFO_CODER", "equipe")
    )
    return Trail(store, TargetIndex(project, **frames), who, project, k)


def audit_change(
    conn: Any, author_id: int, action: str, entity: str, entity_id: int, detail: Any
) -> None:
    conn.execute(
        "INSERT INTO evidence_audit (time, author_id, action, entity, entity_id, detail) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (now(), author_id, action, entity, entity_id, json.dumps(detail, ensure_ascii=False)),
    )


def exists(conn: Any, table: str, key: str, value: int) -> bool:
    return (
        conn.execute(f"SELECT 1 FROM {table} WHERE {key} = ?", (int(value),)).fetchone() is not None
    )


def add_finding(
    trail: Trail,
    statement: str,
    *,
    memo: str = "",
    author: str | None = None,
    reuse: bool = False,
) -> int:
    """Write a finding (*constat*); returns its id. Without evidence it stays a draft.

    Parameters
    ----------
    trail
        The open trail.
    statement
        The finding in one sentence.
    memo
        Context, caveats, what remains to check.
    author
        Who writes it (default: the trail's author).
    reuse
        Return the existing finding with the same statement instead of writing a second one
        (re-running a notebook or an import adds nothing).

    Returns
    -------
    int
        The finding's id.

    Raises
    ------
    EvidenceError
        When the statement is empty.
    """
    if not str(statement).strip():
        raise EvidenceError(
            _("finding refused: the statement is empty"),
            hint=_("write the finding in one sentence"),
        )
    with trail.store.transaction(_("adding a finding")) as conn:
        if reuse:
            row = conn.execute(
                "SELECT finding_id FROM findings WHERE statement = ? ORDER BY finding_id",
                (statement.strip(),),
            ).fetchone()
            if row is not None:
                return int(row[0])
        who = trail.store.coder_id(author or trail.author)
        stamp = now()
        cur = conn.execute(
            "INSERT INTO findings (guid, statement, memo, author_id, created, updated) VALUES (?, "
            "?, ?, ?, ?, ?)",
            (new_guid(), statement.strip(), memo, who, stamp, stamp),
        )
        fid = int(cur.lastrowid)
        audit_change(conn, who, "create", "finding", fid, {"statement": statement, "memo": memo})
        return fid


def link_evidence(
    trail: Trail,
    finding_id: int,
    target: str | Target,
    *,
    stance: str = "appuie",
    comment: str = "",
    author: str | None = None,
) -> int:
    """Link a finding to a piece of evidence; returns the link's id (the same link twice: one row).

    Parameters
    ----------
    trail
        The open trail.
    finding_id
        The finding.
    target
        ``kind:id`` text (``segment:D12-ab[10:52]``, ``code:Attente et délais``, ``topic:3``,
        ``reinert:2``, ``word:attente@role=usager``,
        ``indicator:valcourt/2023/accueil/accueil/usager``, ``gap:valcourt/2023/accueil/accueil``,
        ``idea:SEGMENT``) or a :class:`Target`.
    stance
        ``appuie``, ``nuance`` or ``contredit``.
    comment
        Why this evidence matters (optional).
    author
        Who links it (default: the trail's author).

    Returns
    -------
    int
        The link's id (the existing one when the same link is there).

    Raises
    ------
    UnknownTargetError
        When the target does not exist in the project (named in the message).
    EvidenceError
        When the finding does not exist or the stance is unknown.
    """
    t = parse_target(target)
    stance = normalise_stance(stance)
    trail.targets.check(t)
    scope = t.scope or trail.targets.run_of(t.kind)
    sha = ""
    row = trail.targets.segment(t.target) if t.kind in ("segment", "idea") else None
    if row is not None:  # check() refused a segment that is gone
        text = str(row["text"])
        sha = excerpt_hash(text if t.start is None else text[t.start : t.end])
    with trail.store.transaction(_("linking evidence")) as conn:
        if not exists(conn, "findings", "finding_id", finding_id):
            raise EvidenceError(
                _("unknown finding no. {id}: evidence not recorded").format(id=finding_id)
            )
        who = trail.store.coder_id(author or trail.author)
        key = (int(finding_id), t.kind, t.target, scope, t.start, t.end, stance)
        row = conn.execute(
            "SELECT evidence_id FROM evidence WHERE finding_id = ? AND kind = ? AND target = ? AND "
            "scope = ? "
            'AND ifnull(start, -1) = ifnull(?, -1) AND ifnull("end", -1) = ifnull(?, -1) AND '
            "stance = ?",
            key,
        ).fetchone()
        if row is not None:
            return int(row[0])
        cur = conn.execute(
            'INSERT INTO evidence (guid, finding_id, kind, target, scope, start, "end", '
            "excerpt_sha, stance, comment, author_id, created) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (new_guid(), *key[:6], sha, stance, comment, who, now()),
        )
        eid = int(cur.lastrowid)
        audit_change(
            conn,
            who,
            "link",
            "evidence",
            eid,
            {"finding_id": int(finding_id), "target": str(t), "stance": stance},
        )
        conn.execute(
            "UPDATE findings SET updated = ? WHERE finding_id = ?", (now(), int(finding_id))
        )
        return eid


def propose(
    trail: Trail,
    statement: str,
    *,
    findings: Iterable[int] = (),
    territories: Iterable[str] = (),
    service: str = "",
    memo: str = "",
    author: str | None = None,
) -> int:
    """Write a proposal (*piste*) resting on findings; its status starts at *proposée*.

    Parameters
    ----------
    trail
        The open trail.
    statement
        The proposal in one sentence.
    findings
        Ids of the findings it rests on.
    territories
        Territory slugs (none: every territory).
    service
        Service slug.
    memo
        Context.
    author
        Who writes it (default: the trail's author).

    Returns
    -------
    int
        The proposal's id.

    Raises
    ------
    EvidenceError
        When the statement is empty, a finding does not exist or a territory is unknown.
    """
    if not str(statement).strip():
        raise EvidenceError(_("proposal refused: the statement is empty"))
    territories = [str(t) for t in territories]
    known = set(trail.project.settings.territories) if trail.project is not None else set()
    if known:
        unknown = [t for t in territories if t not in known]
        if unknown:
            raise EvidenceError(
                _("proposal refused: unknown territory « {name} » (territories: {known})").format(
                    name=unknown[0], known=", ".join(sorted(known))
                )
            )
    ids = [int(f) for f in findings]
    with trail.store.transaction(_("adding a proposal")) as conn:
        for fid in ids:
            if not exists(conn, "findings", "finding_id", fid):
                raise EvidenceError(_("proposal refused: unknown finding no. {id}").format(id=fid))
        who = trail.store.coder_id(author or trail.author)
        stamp = now()
        cur = conn.execute(
            "INSERT INTO proposals (guid, statement, memo, service, territories, status, "
            "author_id, created, updated) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                new_guid(),
                statement.strip(),
                memo,
                service,
                json.dumps(territories),
                PROPOSAL_STATUSES[0],
                who,
                stamp,
                stamp,
            ),
        )
        pid = int(cur.lastrowid)
        conn.executemany(
            "INSERT OR IGNORE INTO proposal_findings (proposal_id, finding_id) VALUES (?, ?)",
            [(pid, f) for f in ids],
        )
        audit_change(
            conn,
            who,
            "create",
            "proposal",
            pid,
            {
                "statement": statement,
                "findings": ids,
                "territories": territories,
                "service": service,
            },
        )
        return pid
