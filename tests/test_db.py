from __future__ import annotations

import os
import sqlite3
import stat
import sys
from pathlib import Path

import pytest
import sqlite_utils

from sampingdesa.errors import SampingError
from sampingdesa.init import init_database
from sampingdesa.store import migrations
from sampingdesa.store.changes import GENESIS_HASH, changes, entry_hash
from sampingdesa.store.db import latest_schema_version, open_db, schema_version
from sampingdesa.store.health import check_database


def test_blank_database_gets_every_migration_and_the_exact_columns(tmp_path: Path) -> None:
    conn = open_db(tmp_path / "a.db")
    assert schema_version(conn) == latest_schema_version() == len(migrations.MIGRATIONS)
    db = sqlite_utils.Database(conn)
    assert db["recipients"].columns_dict == {
        "uuid": str, "nik": str, "no_kk": str, "name": str, "sex": str, "birth_date": str,
        "address": str, "rt": str, "rw": str, "desa_code": str, "phone": str, "flags": str,
        "assistant_uuid": str, "created_at": str, "created_by": str, "updated_at": str,
        "updated_by": str, "deleted_at": str, "deleted_reason": str, "desil": int,
        "desil_date": str,
    }  # fmt: skip
    assert db["recipients"].pks == ["uuid"]
    # Every user table has a UUID key and the merge stamps.
    for table in ("assistants", "programs", "recipients", "enrollments"):
        columns = set(db[table].columns_dict)
        assert {
            "uuid",
            "created_at",
            "created_by",
            "updated_at",
            "updated_by",
            "deleted_at",
        } <= columns
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize("start", range(1, len(migrations.MIGRATIONS) + 1))
def test_upgrade_from_every_earlier_version_keeps_data(tmp_path: Path, start: int) -> None:
    path = tmp_path / "old.db"
    raw = sqlite3.connect(path, isolation_level=None)
    migrations.apply_migrations(raw, upto=start)
    raw.execute("INSERT INTO meta (key, value) VALUES ('marker', 'kept')")
    raw.close()
    conn = open_db(path)
    assert schema_version(conn) == len(migrations.MIGRATIONS)
    assert conn.execute("SELECT value FROM meta WHERE key = 'marker'").fetchone()[0] == "kept"
    fresh = sqlite_utils.Database(open_db(tmp_path / "fresh.db"))
    upgraded = sqlite_utils.Database(conn)
    assert {t.name: t.columns_dict for t in upgraded.tables} == {
        t.name: t.columns_dict for t in fresh.tables
    }


def test_migrations_are_recorded_and_not_applied_twice(tmp_path: Path) -> None:
    conn = open_db(tmp_path / "a.db")
    assert migrations.apply_migrations(conn) == []
    rows = conn.execute("SELECT id, name FROM migrations ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [
        (i, n) for i, (n, _s) in enumerate(migrations.MIGRATIONS, 1)
    ]


def test_failed_migration_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = [
        *migrations.MIGRATIONS,
        ("broken", "CREATE TABLE half (x INTEGER);\nSELECT nonsense FROM nowhere;"),
    ]
    monkeypatch.setattr(migrations, "MIGRATIONS", broken)
    conn = sqlite3.connect(tmp_path / "a.db", isolation_level=None)
    with pytest.raises(sqlite3.OperationalError):
        migrations.apply_migrations(conn)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "half" not in tables
    assert max(migrations.applied_versions(conn)) == len(broken) - 1


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    conn = open_db(tmp_path / "a.db")
    conn.execute("INSERT INTO migrations (id, name, applied_at) VALUES (999, 'future', 'x')")
    conn.close()
    with pytest.raises(SampingError) as error:
        open_db(tmp_path / "a.db")
    assert "lebih baru" in error.value.message


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "photo.db"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"x" * 2000)
    with pytest.raises(SampingError) as error:
        open_db(path)
    assert "bukan basis data" in error.value.message


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_database_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "private.db"
    open_db(path).close()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_changes_are_logged_in_a_hash_chain_in_the_same_transaction(tmp_path: Path) -> None:
    conn = open_db(tmp_path / "a.db")
    init_database(conn, kabupaten="63.06", assistant_name="Rina", desa="Hamalau")
    with changes(conn, "tester") as writer:
        writer.update(
            "programs",
            conn.execute("SELECT uuid FROM programs WHERE code='BPNT'").fetchone()[0],
            {"nominal_amount": 250_000},
        )
    rows = conn.execute("SELECT * FROM change_log ORDER BY id").fetchall()
    previous = GENESIS_HASH
    for row in rows:
        assert row["prev_hash"] == previous
        fields = [
            row[k]
            for k in ("at", "actor", "table_name", "row_uuid", "action", "old", "new", "reason")
        ]
        # Every entry names its origin (database epoch and number), hashed with it (issue 11).
        assert row["origin_db"] and row["origin_id"] >= 1
        assert row["hash"] == entry_hash(previous, [*fields, row["origin_db"], row["origin_id"]])
        previous = row["hash"]
    last = rows[-1]
    assert (last["action"], last["old"], last["new"]) == (
        "update",
        '{"nominal_amount":200000}',
        '{"nominal_amount":250000}',
    )


def test_a_failure_inside_changes_rolls_back_row_and_log(tmp_path: Path) -> None:
    conn = open_db(tmp_path / "a.db")
    init_database(conn, kabupaten="63.06", assistant_name="Rina", desa="Hamalau")
    before = conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
    with pytest.raises(RuntimeError), changes(conn, "tester") as writer:
        writer.update(
            "programs",
            conn.execute("SELECT uuid FROM programs WHERE code='PKH'").fetchone()[0],
            {"name": "X"},
        )
        raise RuntimeError("crash half-way")
    assert (
        conn.execute("SELECT name FROM programs WHERE code='PKH'").fetchone()[0]
        == "Program Keluarga Harapan"
    )
    assert conn.execute("SELECT count(*) FROM change_log").fetchone()[0] == before


def test_health_check_reports_foreign_key_problems(tmp_path: Path) -> None:
    conn = open_db(tmp_path / "a.db")
    assert check_database(conn).ok
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(
        "INSERT INTO enrollments (uuid, recipient_uuid, program_code, created_at, created_by, "
        "updated_at, updated_by) VALUES ('e', 'missing', 'PKH', '', '', '', '')"
    )
    report = check_database(conn)
    assert not report.ok
    assert report.foreign_key_problems
