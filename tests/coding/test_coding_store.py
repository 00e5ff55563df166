"""The SQLite annotation store: upserts, reviews, memos, migrations, locks, corruption."""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest

from transfo_analysis.coding import StoreCorruptError, StoreError, StoreLockedError, open_store
from transfo_analysis.coding._migrations import MIGRATIONS, schema_version
from transfo_analysis.errors import NotReadyError


def test_manual_coding_then_duplicate_is_a_no_op(store):
    assert (
        store.add_codings(
            [
                {"segment_id": "s1", "code": "A"},
                {"segment_id": "s1", "code": "A", "start": 0, "end": 4},
            ],
            coder="ana",
        )
        == 2
    )
    assert store.add_codings([{"segment_id": "s1", "code": "A"}], coder="ana") == 0
    c = store.codings()
    assert list(c["status"]) == ["accepted", "accepted"]
    assert c["start"].isna().sum() == 1 and c["start"].dropna().tolist() == [0]
    assert store.check() == []


def test_suggestions_never_override_reviews(store):
    store.add_codings(
        [
            {"segment_id": "s1", "code": "A", "confidence": 0.5},
            {"segment_id": "s2", "code": "A", "confidence": 0.9},
        ],
        coder="ana",
        origin="rule",
    )
    c = store.codings()
    assert set(c["status"]) == {"suggested"}
    store.set_status(c.loc[c["segment_id"] == "s1", "coding_id"], "rejected", reviewer="ana")
    store.set_status(c.loc[c["segment_id"] == "s2", "coding_id"], "accepted", reviewer="bob")
    # re-running the suggestions changes nothing
    assert (
        store.add_codings(
            [
                {"segment_id": "s1", "code": "A", "confidence": 0.99},
                {"segment_id": "s2", "code": "A", "confidence": 0.1},
            ],
            coder="ana",
            origin="rule",
        )
        == 0
    )
    c = store.codings().set_index("segment_id")
    assert c.loc["s1", "status"] == "rejected" and c.loc["s2", "status"] == "accepted"
    assert c.loc["s2", "reviewed_by"] == "bob" and c.loc["s2", "confidence"] == 0.9
    # but the coder coding it by hand accepts it
    store.add_codings([{"segment_id": "s1", "code": "A"}], coder="ana")
    assert store.codings(segment_ids=["s1"])["status"].item() == "accepted"


def test_filters_memos_events_and_rename(store):
    store.add_codings(
        [{"segment_id": f"s{i}", "code": "A" if i % 2 else "B"} for i in range(6)], coder="ana"
    )
    store.add_codings([{"segment_id": "s0", "code": "B"}], coder="bob")
    assert len(store.codings(code="A")) == 3
    assert len(store.codings(coder=["bob"])) == 1
    assert len(store.codings(segment_ids=["s0", "s1"])) == 3
    m = store.add_memo(
        "Le code B est trop large", coder="ana", target_type="code", target="B", title="B"
    )
    store.update_memo(m, "Le code B est trop large, à scinder", coder="bob")
    assert store.rename_code("B", "B2", coder="ana") == 4
    assert store.memos(target_type="code")["target"].tolist() == ["B2"]
    removed = store.remove_codings(store.codings(code="A")["coding_id"], coder="ana")
    assert removed == 3
    actions = store.events()["action"].tolist()
    assert actions == ["memo-edit", "rename", "remove"]
    coders = store.coders().set_index("coder")
    assert coders.loc["ana", "n_accepted"] == 3 and coders.loc["bob", "n_accepted"] == 1


def test_invalid_rows_leave_the_store_untouched(store):
    store.add_codings([{"segment_id": "s1", "code": "A"}], coder="ana")
    with pytest.raises(StoreError, match="origine .* invalide"):
        store.add_codings(
            [
                {"segment_id": "s2", "code": "A"},
                {"segment_id": "s3", "code": "A", "origin": "magic"},
            ],
            coder="ana",
        )
    with pytest.raises(StoreError, match="refusé"):  # end before start violates a CHECK
        store.add_codings([{"segment_id": "s4", "code": "A", "start": 5, "end": 2}], coder="ana")
    with pytest.raises(StoreError, match="pas de codeur"):
        store.add_codings(pd.DataFrame({"segment_id": ["s5"], "code": ["A"]}))
    assert store.codings()["segment_id"].tolist() == ["s1"]


def test_missing_store_without_create(tmp_path):
    with pytest.raises(NotReadyError, match="pas de base des codages"):
        open_store(tmp_path / "none.sqlite", create=False)


def test_garbage_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "annotations.sqlite"
    path.write_bytes(b"this is not a database at all" * 100)
    before = path.read_bytes()
    with pytest.raises(
        StoreCorruptError, match="endommagée .*pas une base SQLite.*pas été modifiée"
    ):
        open_store(path)
    assert path.read_bytes() == before


def test_truncated_database_is_refused(tmp_path):
    path = tmp_path / "annotations.sqlite"
    with open_store(path) as s:
        s.add_codings(
            [{"segment_id": f"s{i}", "code": "A" * 200} for i in range(2000)], coder="ana"
        )
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    before = path.read_bytes()
    with pytest.raises(StoreCorruptError), open_store(path) as s:
        s.codings()
    assert path.read_bytes() == before


def test_foreign_sqlite_file_is_not_taken_over(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="pas une base des codages transfo"):
        open_store(path)


def test_lock_held_by_another_process_gives_a_clear_error(tmp_path):
    path = tmp_path / "annotations.sqlite"
    open_store(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with (
            open_store(path, timeout=0.3) as s,
            pytest.raises(StoreLockedError, match="base verrouillée par un autre processus"),
        ):
            s.add_codings([{"segment_id": "s1", "code": "A"}], coder="ana")
        with open_store(path, timeout=0.3) as s:
            assert s.codings().empty  # reading still works (WAL)
    finally:
        other.execute("ROLLBACK")
        other.close()
    with open_store(path, timeout=1) as s:
        assert s.add_codings([{"segment_id": "s1", "code": "A"}], coder="ana") == 1


def test_migration_from_version_1_keeps_data_and_backs_up(tmp_path):
    path = tmp_path / "annotations.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0].split(";\n"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO coders (name, guid, created) VALUES ('ana', 'G', 'now')")
    conn.execute(
        "INSERT INTO codings (guid, segment_id, code, coder_id, origin, status, created, updated) "
        "VALUES ('C1', 's1', 'A', 1, 'manual', 'accepted', 'now', 'now')"
    )
    conn.close()
    with open_store(path) as s:
        assert s.codings()["guid"].tolist() == ["C1"]
        assert s.events().empty  # the v2 table exists
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == schema_version()
    assert (tmp_path / "annotations.sqlite.v1.bak").exists()


def test_store_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "annotations.sqlite"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema_version() + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="plus récent que ce code"):
        open_store(path)
