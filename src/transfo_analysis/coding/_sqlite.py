"""Opening the SQLite store safely: checks before touching, WAL, retries on a busy database.

- A file that is not an SQLite database, or fails ``PRAGMA quick_check``, raises
  :class:`StoreCorruptError` and is never written to.
- Writes run in ``BEGIN IMMEDIATE`` transactions: the write lock is taken up front, so two
  kernels never deadlock on a read transaction upgraded to a write; a busy database is retried
  with back-off until ``timeout`` seconds, then :class:`StoreLockedError` says so plainly.
- ``synchronous=FULL`` in WAL mode: a committed transaction survives a killed process and a
  power cut; an interrupted one is rolled back on next open.
"""

from __future__ import annotations

import contextlib
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from transfo_analysis.coding._errors import StoreCorruptError, StoreError, StoreLockedError
from transfo_analysis.i18n import _

T = TypeVar("T")
_HEADER = b"SQLite format 3\x00"
#: written in the file header so that a store is recognised as ours ("TRFA")
APPLICATION_ID = 0x54524641


def _is_busy(exc: BaseException) -> bool:
    msg = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in msg or "busy" in msg)


def _is_corrupt(exc: BaseException) -> bool:
    msg = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and (
        "not a database" in msg or "malformed" in msg or "corrupt" in msg or "disk i/o" in msg
    )


def corrupt_error(path: Path, detail: str) -> StoreCorruptError:
    return StoreCorruptError(
        _("{path}: the annotation store is damaged ({detail}); it was not modified").format(
            path=path, detail=detail
        ),
        hint=_(
            "restore it from a backup or version control; `transfo code check` lists the"
            " problems, and `sqlite3 FILE .recover` can salvage rows"
        ),
    )


def check_header(path: Path) -> None:
    """Refuse a non-empty file that is not an SQLite database, before SQLite opens it."""
    if path.exists() and path.stat().st_size > 0:
        with open(path, "rb") as fh:
            head = fh.read(16)
        if head != _HEADER:
            raise corrupt_error(path, _("not an SQLite database: wrong file header"))


def connect(path: Path, *, timeout: float) -> sqlite3.Connection:
    """Open the database with the store's pragmas, after checking header and integrity.

    Raises
    ------
    StoreCorruptError
        When the file is not a database or fails the quick integrity check.
    StoreLockedError
        When another process keeps the database locked for more than ``timeout`` seconds.
    """
    check_header(path)
    try:
        conn = sqlite3.connect(
            str(path), timeout=timeout, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise StoreError(
            _("{path}: cannot open the annotation store ({error})").format(path=path, error=exc)
        ) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        result = [r[0] for r in conn.execute("PRAGMA quick_check(20)")]
        if result != ["ok"]:
            conn.close()
            raise corrupt_error(
                path, _("integrity check failed: {problems}").format(problems="; ".join(result[:5]))
            )
        app = conn.execute("PRAGMA application_id").fetchone()[0]
        n_tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[
            0
        ]
        if n_tables and app != APPLICATION_ID:
            conn.close()
            raise StoreError(
                _(
                    "{path}: this SQLite database is not a transfo annotation store; it was not"
                    " modified"
                ).format(path=path),
                hint=_("point coding.store in project.yaml to another file"),
            )
        retry(
            lambda: conn.execute("PRAGMA journal_mode = WAL"),
            path=path,
            timeout=timeout,
            what=_("opening"),
        )
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        if _is_corrupt(exc):
            raise corrupt_error(path, str(exc)) from None
        raise
    return conn


def retry(fn: Callable[[], T], *, path: Path, timeout: float, what: str) -> T:
    """Call ``fn``, retrying while the database is busy, up to ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    delay = 0.01
    while True:
        try:
            return fn()
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise
            if time.monotonic() >= deadline:
                raise StoreLockedError(
                    _(
                        "{path}: database is locked by another process (waited {timeout} s while"
                        " {what})"
                    ).format(path=path, timeout=f"{timeout:g}", what=what),
                    hint=_(
                        "another notebook or command is writing to the store; retry, or raise"
                        " coding.lock_timeout in project.yaml"
                    ),
                ) from None
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 0.5)


@contextlib.contextmanager
def write_transaction(
    conn: sqlite3.Connection, *, path: Path, timeout: float, what: str
) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; any exception rolls back and leaves the store as it was."""
    retry(lambda: conn.execute("BEGIN IMMEDIATE"), path=path, timeout=timeout, what=what)
    try:
        yield conn
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    try:
        retry(lambda: conn.execute("COMMIT"), path=path, timeout=timeout, what=what)
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise


def wrap_errors(path: Path, what: str) -> contextlib.AbstractContextManager[None]:
    """Turn SQLite errors met while ``what`` into the store's errors."""

    @contextlib.contextmanager
    def _cm() -> Iterator[None]:
        try:
            yield
        except sqlite3.IntegrityError as exc:
            raise StoreError(
                _("{path}: refused while {what}: {error}; nothing was written").format(
                    path=path, what=what, error=exc
                )
            ) from None
        except sqlite3.DatabaseError as exc:
            if _is_corrupt(exc):
                raise corrupt_error(path, str(exc)) from None
            if _is_busy(exc):
                raise StoreLockedError(
                    _("{path}: database is locked by another process while {what}").format(
                        path=path, what=what
                    )
                ) from None
            raise StoreError(
                _("{path}: SQLite error while {what}: {error}; nothing was written").format(
                    path=path, what=what, error=exc
                )
            ) from None

    return _cm()
