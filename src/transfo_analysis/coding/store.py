"""The annotation store: one SQLite file per project holding coders, codings and memos.

A coding is (segment, optional character span in the segment's pseudonymised text, code,
coder) with its origin (manual, rule, semantic, topic), confidence and status (suggested,
accepted, rejected). One row exists per (segment, code, coder, span): a manual coding of a
suggested pair accepts the suggestion; re-running suggestions never resurrects a rejected one
nor downgrades an accepted one.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from transfo_analysis.coding._errors import StoreError
from transfo_analysis.coding._migrations import ORIGINS, STATUSES, TARGETS, migrate
from transfo_analysis.coding._sqlite import connect, retry, wrap_errors, write_transaction
from transfo_analysis.coding._vocabulary import (
    EVIDENCE_KINDS,
    FINDING_DRAFT,
    FINDING_FRAGILE,
    FINDING_SUPPORTED,
    PROPOSAL_STATUSES,
    STANCES,
)
from transfo_analysis.errors import NotReadyError
from transfo_analysis.i18n import _

CODING_COLUMNS = [
    "coding_id",
    "guid",
    "segment_id",
    "start",
    "end",
    "code",
    "coder",
    "origin",
    "confidence",
    "status",
    "created",
    "updated",
    "reviewed_by",
]
MEMO_COLUMNS = [
    "memo_id",
    "guid",
    "target_type",
    "target",
    "coder",
    "title",
    "text",
    "created",
    "updated",
]


def now() -> str:
    """The current UTC time, to the second, in ISO 8601 (as the store records times)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def new_guid() -> str:
    """A new upper-case GUID (REFI-QDA identifies every object by one)."""
    return str(uuid.uuid4()).upper()


class AnnotationStore:
    """A connection to a project's annotation store.

    Use :func:`open_store`. Safe to use from several processes at once (each write is one
    ``BEGIN IMMEDIATE`` transaction); close it, or use it as a context manager.
    """

    def __init__(self, path: str | Path, *, timeout: float = 30.0, create: bool = True) -> None:
        self.path = Path(path).expanduser().resolve()
        self.timeout = timeout
        if not self.path.exists() and not create:
            raise NotReadyError(
                _("no annotation store at {path}").format(path=self.path),
                hint=_("code a segment or run `transfo code import` first"),
            )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._conn = connect(self.path, timeout=timeout)
        migrate(self._conn, path=self.path, timeout=timeout)

    # -- plumbing -------------------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"AnnotationStore({str(self.path)!r})"

    def _write(self, what: str):  # noqa: ANN202 - a context manager
        return write_transaction(self._conn, path=self.path, timeout=self.timeout, what=what)

    def _read(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        with self._lock, wrap_errors(self.path, _("reading")):
            cur = retry(
                lambda: self._conn.execute(sql, params),
                path=self.path,
                timeout=self.timeout,
                what=_("reading"),
            )
            cols = [d[0] for d in cur.description]
            return pd.DataFrame.from_records(cur.fetchall(), columns=cols)

    def _coder_id(self, name: str) -> int:
        """Id of a coder, created on first use (inside the caller's transaction)."""
        name = str(name).strip()
        if not name:
            raise StoreError(
                _("empty coder name"), hint=_("set TRANSFO_CODER or coding.coder in project.yaml")
            )
        row = self._conn.execute("SELECT coder_id FROM coders WHERE name = ?", (name,)).fetchone()
        if row is not None:
            return int(row[0])
        cur = self._conn.execute(
            "INSERT INTO coders (name, guid, created) VALUES (?, ?, ?)", (name, new_guid(), now())
        )
        return _row_id(cur)

    def _event(self, coder_id: int | None, action: str, detail: Any) -> None:
        self._conn.execute(
            "INSERT INTO events (time, coder_id, action, detail) VALUES (?, ?, ?, ?)",
            (now(), coder_id, action, json.dumps(detail, ensure_ascii=False, default=str)),
        )

    # -- for packages that keep their own tables in the store (evidence) ---------------------
    def transaction(self, what: str):  # noqa: ANN201 - a context manager
        """One write transaction (``BEGIN IMMEDIATE`` … ``COMMIT``), rolled back on any error.

        Yields the connection; SQLite errors become the store's errors, naming ``what``.
        """
        import contextlib

        @contextlib.contextmanager
        def _cm():  # noqa: ANN202
            with self._lock, wrap_errors(self.path, what), self._write(what):
                yield self._conn

        return _cm()

    def query(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """Run a read-only query (never blocks: WAL) and return its rows as a DataFrame."""
        return self._read(sql, params)

    def coder_id(self, name: str) -> int:
        """Id of a coder or author, created on first use; call inside :meth:`transaction`."""
        return self._coder_id(name)

    # -- coders ---------------------------------------------------------------------------
    def add_coder(self, name: str, *, guid: str | None = None) -> int:
        """Register a coder (with a REFI GUID when importing); returns the coder id."""
        with (
            self._lock,
            wrap_errors(self.path, _("adding coder {name}").format(name=repr(name))),
            self._write(_("adding a coder")),
        ):
            row = self._conn.execute(
                "SELECT coder_id FROM coders WHERE name = ?", (name,)
            ).fetchone()
            if row:
                return int(row[0])
            cur = self._conn.execute(
                "INSERT INTO coders (name, guid, created) VALUES (?, ?, ?)",
                (name, guid or new_guid(), now()),
            )
            return _row_id(cur)

    def coders(self) -> pd.DataFrame:
        """Coders with their number of accepted codings."""
        return self._read(
            "SELECT c.coder_id, c.name AS coder, c.guid, c.created, "
            "count(k.coding_id) FILTER (WHERE k.status = 'accepted') AS n_accepted, "
            "count(k.coding_id) FILTER (WHERE k.status = 'suggested') AS n_suggested "
            "FROM coders c LEFT JOIN codings k ON k.coder_id = c.coder_id GROUP BY c.coder_id "
            "ORDER BY c.coder_id"
        )

    # -- codings --------------------------------------------------------------------------
    def add_codings(
        self,
        rows: pd.DataFrame | Iterable[dict[str, Any]],
        *,
        coder: str | None = None,
        origin: str = "manual",
        status: str | None = None,
    ) -> int:
        """Insert codings in one transaction; returns how many rows were added or changed.

        Parameters
        ----------
        rows
            ``segment_id`` and ``code`` columns, optionally ``start``/``end`` (span in the
            segment text), ``coder``, ``origin``, ``confidence``, ``status``, ``guid``, ``created``.
        coder
            Coder of rows that have none.
        origin
            Origin of rows that have none.
        status
            Status of rows that have none (default: accepted for manual codings, else suggested).
        """
        frame = pd.DataFrame(list(rows) if not isinstance(rows, pd.DataFrame) else rows)
        if frame.empty:
            return 0
        for col in ("segment_id", "code"):
            if col not in frame:
                raise StoreError(
                    _("codings need a {column} column (got {columns})").format(
                        column=repr(col), columns=", ".join(map(str, frame.columns))
                    )
                )
        stamp = now()
        o = _column(frame, "origin").fillna(origin)
        default_status = o.map(lambda v: status or ("accepted" if v == "manual" else "suggested"))
        st = _column(frame, "status").fillna(default_status)
        bad = ~(o.isin(ORIGINS) & st.isin(STATUSES))
        if bad.any():
            i = bad.to_numpy().nonzero()[0][0]
            raise StoreError(
                _(
                    "invalid origin {origin} or status {status} for segment {segment} (origins:"
                    " {origins}; statuses: {statuses})"
                ).format(
                    origin=repr(o.iloc[i]),
                    status=repr(st.iloc[i]),
                    segment=repr(frame["segment_id"].iloc[i]),
                    origins=", ".join(ORIGINS),
                    statuses=", ".join(STATUSES),
                )
            )
        who = (
            _column(frame, "coder").fillna(coder) if coder is not None else _column(frame, "coder")
        )
        if who.isna().any():
            raise StoreError(
                _("no coder for the coding of segment {segment}").format(
                    segment=repr(
                        frame["segment_id"].iloc[int(who.isna().to_numpy().nonzero()[0][0])]
                    )
                )
            )
        guid = _column(frame, "guid")
        guid = [g if g is not None else new_guid() for g in guid]
        span = [
            [None if v is None else int(v) for v in _column(frame, c)] for c in ("start", "end")
        ]
        conf = [None if v is None else float(v) for v in _column(frame, "confidence")]
        created = _column(frame, "created").fillna(stamp)
        with (
            self._lock,
            wrap_errors(self.path, _("adding codings")),
            self._write(_("adding codings")),
        ):
            ids = {name: self._coder_id(str(name)) for name in who.unique()}
            records = list(
                zip(
                    guid,
                    frame["segment_id"].astype(str),
                    span[0],
                    span[1],
                    frame["code"].astype(str),
                    who.map(ids),
                    o,
                    conf,
                    st,
                    created,
                    [stamp] * len(frame),
                    strict=True,
                )
            )
            before = self._conn.total_changes
            self._conn.executemany(
                'INSERT INTO codings (guid, segment_id, start, "end", code, coder_id, origin, '
                "confidence, status, created, updated) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                'ON CONFLICT (segment_id, code, coder_id, ifnull(start, -1), ifnull("end", -1)) '
                "DO UPDATE SET "
                "status = CASE WHEN excluded.status != 'suggested' THEN excluded.status ELSE "
                "status END, "
                "reviewed_by = CASE WHEN excluded.status != 'suggested' THEN excluded.coder_id "
                "ELSE reviewed_by END, "
                "confidence = CASE WHEN status = 'suggested' THEN excluded.confidence ELSE "
                "confidence END, "
                "updated = excluded.updated "
                "WHERE status = 'suggested' OR (status = 'rejected' AND excluded.origin = "
                "'manual' AND excluded.status = 'accepted')",
                records,
            )
            return self._conn.total_changes - before

    def codings(
        self,
        *,
        coder: str | Iterable[str] | None = None,
        code: str | Iterable[str] | None = None,
        status: str | Iterable[str] | None = None,
        origin: str | Iterable[str] | None = None,
        segment_ids: Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """Codings as a DataFrame (:data:`CODING_COLUMNS`), filtered by any of the arguments."""
        where, params = [], []
        for col, value in (
            ("c.name", coder),
            ("k.code", code),
            ("k.status", status),
            ("k.origin", origin),
            ("k.segment_id", segment_ids),
        ):
            if value is None:
                continue
            values = [value] if isinstance(value, str) else list(value)
            where.append(f"{col} IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(values, ensure_ascii=False))
        sql = (
            'SELECT k.coding_id, k.guid, k.segment_id, k.start, k."end", k.code, c.name AS coder, '
            "k.origin, k.confidence, k.status, k.created, k.updated, r.name AS reviewed_by "
            "FROM codings k JOIN coders c ON c.coder_id = k.coder_id "
            "LEFT JOIN coders r ON r.coder_id = k.reviewed_by"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY k.coding_id"
        )
        df = self._read(sql, params)
        if df.empty:
            df = pd.DataFrame(columns=CODING_COLUMNS)
        for col in ("start", "end"):
            df[col] = df[col].astype("Int64")
        df["confidence"] = df["confidence"].astype("float64")
        return df

    def set_status(self, coding_ids: Iterable[int], status: str, *, reviewer: str) -> int:
        """Accept or reject codings (suggestions); returns how many changed."""
        if status not in STATUSES:
            raise StoreError(
                _("unknown status {status} (use one of {statuses})").format(
                    status=repr(status), statuses=", ".join(STATUSES)
                )
            )
        ids = [int(i) for i in coding_ids]
        with (
            self._lock,
            wrap_errors(self.path, _("marking codings {status}").format(status=status)),
            self._write(_("reviewing codings")),
        ):
            rid = self._coder_id(reviewer)
            cur = self._conn.execute(
                "UPDATE codings SET status = ?, reviewed_by = ?, updated = ? "
                "WHERE coding_id IN (SELECT value FROM json_each(?)) AND status != ?",
                (status, rid, now(), json.dumps(ids), status),
            )
            if cur.rowcount:
                self._event(rid, f"status:{status}", {"coding_ids": ids[:1000], "n": cur.rowcount})
            return cur.rowcount

    def remove_codings(self, coding_ids: Iterable[int], *, coder: str) -> int:
        """Delete codings (journalled in the ``events`` table with their content)."""
        ids = [int(i) for i in coding_ids]
        with (
            self._lock,
            wrap_errors(self.path, _("removing codings")),
            self._write(_("removing codings")),
        ):
            cid = self._coder_id(coder)
            rows = self._conn.execute(
                'SELECT guid, segment_id, start, "end", code, coder_id, origin, status '
                "FROM codings WHERE coding_id IN (SELECT value FROM json_each(?))",
                (json.dumps(ids),),
            ).fetchall()
            cur = self._conn.execute(
                "DELETE FROM codings WHERE coding_id IN (SELECT value FROM json_each(?))",
                (json.dumps(ids),),
            )
            if rows:
                self._event(cid, "remove", [list(r) for r in rows])
            return cur.rowcount

    def rename_code(self, old: str, new: str, *, coder: str) -> int:
        """Rename a code in every coding and memo (after renaming it in the codebook)."""
        with (
            self._lock,
            wrap_errors(self.path, _("renaming {name}").format(name=repr(old))),
            self._write(_("renaming a code")),
        ):
            n = self._conn.execute(
                "UPDATE codings SET code = ?, updated = ? WHERE code = ?", (new, now(), old)
            ).rowcount
            self._conn.execute(
                "UPDATE memos SET target = ? WHERE target_type = 'code' AND target = ?", (new, old)
            )
            self._event(self._coder_id(coder), "rename", {"old": old, "new": new, "n": n})
            return n

    # -- memos ----------------------------------------------------------------------------
    def add_memo(
        self,
        text: str,
        *,
        coder: str,
        target_type: str = "project",
        target: str = "",
        title: str = "",
        guid: str | None = None,
        created: str | None = None,
    ) -> int:
        """Write a memo on the project, a code, a
        segment, a document or a coding; returns its id.
        """
        if target_type not in TARGETS:
            raise StoreError(
                _("unknown memo target {target} (use one of {targets})").format(
                    target=repr(target_type), targets=", ".join(TARGETS)
                )
            )
        with (
            self._lock,
            wrap_errors(self.path, _("adding a memo")),
            self._write(_("adding a memo")),
        ):
            stamp = now()
            cur = self._conn.execute(
                "INSERT INTO memos (guid, target_type, target, coder_id, title, text, created, "
                "updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    guid or new_guid(),
                    target_type,
                    str(target),
                    self._coder_id(coder),
                    title,
                    text,
                    created or stamp,
                    stamp,
                ),
            )
            return _row_id(cur)

    def update_memo(self, memo_id: int, text: str, *, coder: str) -> None:
        with (
            self._lock,
            wrap_errors(self.path, _("updating a memo")),
            self._write(_("updating a memo")),
        ):
            old = self._conn.execute(
                "SELECT text FROM memos WHERE memo_id = ?", (memo_id,)
            ).fetchone()
            if old is None:
                raise StoreError(_("no memo with id {id}").format(id=memo_id))
            self._conn.execute(
                "UPDATE memos SET text = ?, updated = ? WHERE memo_id = ?", (text, now(), memo_id)
            )
            self._event(
                self._coder_id(coder), "memo-edit", {"memo_id": memo_id, "previous": old[0]}
            )

    def memos(self, *, target_type: str | None = None, target: str | None = None) -> pd.DataFrame:
        """Memos (:data:`MEMO_COLUMNS`), optionally of one target."""
        where, params = [], []
        if target_type is not None:
            where.append("m.target_type = ?")
            params.append(target_type)
        if target is not None:
            where.append("m.target = ?")
            params.append(str(target))
        df = self._read(
            "SELECT m.memo_id, m.guid, m.target_type, m.target, c.name AS coder, m.title, m.text, "
            "m.created, m.updated "
            "FROM memos m JOIN coders c ON c.coder_id = m.coder_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY m.memo_id",
            params,
        )
        return df if not df.empty else pd.DataFrame(columns=MEMO_COLUMNS)

    def events(self) -> pd.DataFrame:
        """The journal of removals, reviews and renames."""
        return self._read(
            "SELECT e.event_id, e.time, c.name AS coder, e.action, e.detail FROM events e "
            "LEFT JOIN coders c ON c.coder_id = e.coder_id ORDER BY e.event_id"
        )

    # -- checks ---------------------------------------------------------------------------
    def check(self) -> list[str]:
        """Full integrity check and foreign keys; an empty list means the store is sound."""
        with self._lock, wrap_errors(self.path, _("checking")):
            problems = [r[0] for r in self._conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
            problems += [
                f"dangling reference in {r[0]} row {r[1]}"
                for r in self._conn.execute("PRAGMA foreign_key_check")
            ]
            return problems


def _row_id(cursor: sqlite3.Cursor) -> int:
    """The id of the row an INSERT just added (sqlite3
    types it as optional for other statements).
    """
    if cursor.lastrowid is None:
        # cannot happen after a successful INSERT
        raise RuntimeError(_("Internal error: the database gave no row id after an insertion."))
    return cursor.lastrowid


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column as Python objects with ``None`` for missing values (NaN, NA, blank strings)."""
    if name not in frame:
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)
    col = frame[name].astype(object)
    blank = col.isna() | col.map(lambda v: isinstance(v, str) and not v.strip())
    return col.where(~blank, None)


def open_store(
    source: Any, *, timeout: float | None = None, create: bool = True
) -> AnnotationStore:
    """Open (creating when missing) a project's annotation store.

    Parameters
    ----------
    source
        A :class:`~transfo_analysis.config.Project` (its ``store_file`` and lock timeout) or a path.
    timeout
        Seconds to wait for another process's write lock before :class:`StoreLockedError`.
    create
        Create the file when missing (else :class:`~transfo_analysis.errors.NotReadyError`).

    Returns
    -------
    The open store.
    """
    settings = getattr(getattr(source, "settings", None), "coding", None)
    path = getattr(source, "store_file", source)
    if timeout is None:
        timeout = float(getattr(settings, "lock_timeout", 30.0))
    return AnnotationStore(path, timeout=timeout, create=create)


__all__ = [
    "CODING_COLUMNS",
    "EVIDENCE_KINDS",
    "FINDING_DRAFT",
    "FINDING_FRAGILE",
    "FINDING_SUPPORTED",
    "MEMO_COLUMNS",
    "ORIGINS",
    "PROPOSAL_STATUSES",
    "STANCES",
    "STATUSES",
    "TARGETS",
    "AnnotationStore",
    "new_guid",
    "now",
    "open_store",
]
