"""Schema of the annotation store and its migrations (``PRAGMA user_version``).

Each migration is a SQL script applied in one transaction together with the new version
number, so a store is always at one version or the next, never in between. Before migrating a
store that holds data, a copy is written beside it (``annotations.sqlite.v1.bak``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from transfo_analysis.coding._errors import StoreError
from transfo_analysis.coding._sqlite import APPLICATION_ID, write_transaction
from transfo_analysis.coding._vocabulary import EVIDENCE_KINDS, PROPOSAL_STATUSES, STANCES
from transfo_analysis.i18n import _

ORIGINS = ("manual", "rule", "semantic", "topic")
STATUSES = ("suggested", "accepted", "rejected")
TARGETS = ("project", "code", "segment", "document", "coding")

_V1 = f"""
CREATE TABLE coders (
    coder_id INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    guid     TEXT NOT NULL UNIQUE,
    created  TEXT NOT NULL
);
CREATE TABLE codings (
    coding_id   INTEGER PRIMARY KEY,
    guid        TEXT NOT NULL UNIQUE,
    segment_id  TEXT NOT NULL CHECK (length(segment_id) > 0),
    start       INTEGER,
    "end"       INTEGER,
    code        TEXT NOT NULL CHECK (length(code) > 0),
    coder_id    INTEGER NOT NULL REFERENCES coders (coder_id),
    origin      TEXT NOT NULL CHECK (origin IN {ORIGINS!r}),
    confidence  REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
    status      TEXT NOT NULL CHECK (status IN {STATUSES!r}),
    created     TEXT NOT NULL,
    updated     TEXT NOT NULL,
    reviewed_by INTEGER REFERENCES coders (coder_id),
    CHECK ((start IS NULL AND "end" IS NULL) OR (start >= 0 AND "end" > start))
);
CREATE UNIQUE INDEX codings_unique ON codings (segment_id, code, coder_id, ifnull(start, -1), \
ifnull("end", -1));
CREATE INDEX codings_code ON codings (code);
CREATE INDEX codings_coder ON codings (coder_id, status);
CREATE TABLE memos (
    memo_id     INTEGER PRIMARY KEY,
    guid        TEXT NOT NULL UNIQUE,
    target_type TEXT NOT NULL CHECK (target_type IN {TARGETS!r}),
    target      TEXT NOT NULL DEFAULT '',
    coder_id    INTEGER NOT NULL REFERENCES coders (coder_id),
    title       TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL,
    created     TEXT NOT NULL,
    updated     TEXT NOT NULL
);
CREATE INDEX memos_target ON memos (target_type, target);
PRAGMA application_id = {APPLICATION_ID};
"""

# v2: a journal of removals and status changes, so that "who removed this coding" has an answer
_V2 = """
CREATE TABLE events (
    event_id INTEGER PRIMARY KEY,
    time     TEXT NOT NULL,
    coder_id INTEGER REFERENCES coders (coder_id),
    action   TEXT NOT NULL,
    detail   TEXT NOT NULL
);
CREATE INDEX events_time ON events (time);
"""

# v3: the evidence trail (issue 12): findings, their evidence links, proposals, decisions and an
# audit of every change. Kinds, stances and statuses are checked here and in ``evidence``.
_V3 = f"""
CREATE TABLE findings (
    finding_id INTEGER PRIMARY KEY,
    guid       TEXT NOT NULL UNIQUE,
    statement  TEXT NOT NULL CHECK (length(trim(statement)) > 0),
    memo       TEXT NOT NULL DEFAULT '',
    author_id  INTEGER NOT NULL REFERENCES coders (coder_id),
    created    TEXT NOT NULL,
    updated    TEXT NOT NULL
);
CREATE TABLE evidence (
    evidence_id INTEGER PRIMARY KEY,
    guid        TEXT NOT NULL UNIQUE,
    finding_id  INTEGER NOT NULL REFERENCES findings (finding_id),
    kind        TEXT NOT NULL CHECK (kind IN {EVIDENCE_KINDS!r}),
    target      TEXT NOT NULL CHECK (length(target) > 0),
    scope       TEXT NOT NULL DEFAULT '',
    start       INTEGER,
    "end"       INTEGER,
    excerpt_sha TEXT NOT NULL DEFAULT '',
    stance      TEXT NOT NULL CHECK (stance IN {STANCES!r}),
    comment     TEXT NOT NULL DEFAULT '',
    author_id   INTEGER NOT NULL REFERENCES coders (coder_id),
    created     TEXT NOT NULL,
    CHECK ((start IS NULL AND "end" IS NULL) OR (start >= 0 AND "end" > start))
);
CREATE UNIQUE INDEX evidence_unique ON evidence (finding_id, kind, target, scope, \
ifnull(start, -1), ifnull("end", -1), stance);
CREATE INDEX evidence_target ON evidence (kind, target);
CREATE TABLE proposals (
    proposal_id INTEGER PRIMARY KEY,
    guid        TEXT NOT NULL UNIQUE,
    statement   TEXT NOT NULL CHECK (length(trim(statement)) > 0),
    memo        TEXT NOT NULL DEFAULT '',
    service     TEXT NOT NULL DEFAULT '',
    territories TEXT NOT NULL DEFAULT '[]',
    status      TEXT NOT NULL CHECK (status IN {PROPOSAL_STATUSES!r}),
    author_id   INTEGER NOT NULL REFERENCES coders (coder_id),
    created     TEXT NOT NULL,
    updated     TEXT NOT NULL
);
CREATE TABLE proposal_findings (
    proposal_id INTEGER NOT NULL REFERENCES proposals (proposal_id),
    finding_id  INTEGER NOT NULL REFERENCES findings (finding_id),
    PRIMARY KEY (proposal_id, finding_id)
);
CREATE TABLE decisions (
    decision_id INTEGER PRIMARY KEY,
    guid        TEXT NOT NULL UNIQUE,
    proposal_id INTEGER NOT NULL REFERENCES proposals (proposal_id),
    from_status TEXT NOT NULL CHECK (from_status IN {PROPOSAL_STATUSES!r}),
    to_status   TEXT NOT NULL CHECK (to_status IN {PROPOSAL_STATUSES!r}),
    instance    TEXT NOT NULL CHECK (length(trim(instance)) > 0),
    date        TEXT NOT NULL CHECK (length(date) = 10),
    decided_by  TEXT NOT NULL DEFAULT '',
    rationale   TEXT NOT NULL DEFAULT '',
    url         TEXT NOT NULL DEFAULT '',
    author_id   INTEGER NOT NULL REFERENCES coders (coder_id),
    created     TEXT NOT NULL
);
CREATE INDEX decisions_proposal ON decisions (proposal_id);
CREATE TABLE evidence_audit (
    audit_id  INTEGER PRIMARY KEY,
    time      TEXT NOT NULL,
    author_id INTEGER NOT NULL REFERENCES coders (coder_id),
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    detail    TEXT NOT NULL
);
CREATE INDEX evidence_audit_entity ON evidence_audit (entity, entity_id);
"""

MIGRATIONS: list[str] = [_V1, _V2, _V3]


def schema_version() -> int:
    return len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, *, path: Path, timeout: float) -> int:
    """Bring the store to the current schema version; returns the version found.

    Raises
    ------
    StoreError
        When the store was written by a newer version of the suite.
    """
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    target = schema_version()
    if found > target:
        raise StoreError(
            _(
                "{path}: annotation store schema version {found} is newer than this code"
                " ({target}); it was not modified"
            ).format(path=path, found=found, target=target),
            hint=_("upgrade transfo-analysis to read it"),
        )
    if found == target:
        return found
    if found > 0 and path.exists():
        backup = path.with_name(f"{path.name}.v{found}.bak")
        if not backup.exists():
            dest = sqlite3.connect(str(backup))
            with dest:
                conn.backup(dest)
            dest.close()
    with write_transaction(conn, path=path, timeout=timeout, what=_("migrating the schema")):
        # another process may have migrated while we waited for the lock
        now = conn.execute("PRAGMA user_version").fetchone()[0]
        for version in range(now, target):
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
    return found


def _statements(script: str) -> list[str]:
    """Split a script on ``;`` at line ends (the scripts hold no literal semicolons)."""
    return [s.strip() for s in script.split(";\n") if s.strip().rstrip(";")]
