"""Tamper-evident change log and backups (issue 7, first part)."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from sampingdesa.store import migrations
from sampingdesa.store.db import open_db
from tests.conftest import NIK_MAN, NIK_WOMAN, snapshot


def execute(path: Path, sql: str, *params: object) -> None:
    conn = sqlite3.connect(path)
    conn.execute(sql, params)
    conn.commit()
    conn.close()


def test_audit_verify_passes_on_an_untouched_log(cli, registered: Path) -> None:
    result = cli("db", "audit", "verify", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["ok"] is True


@pytest.mark.parametrize(
    ("tamper", "fragment"),
    [
        (
            "UPDATE change_log SET new = replace(new, 'Siti', 'Sita') WHERE id = (SELECT min(id) FROM change_log WHERE new LIKE '%Siti%')",
            "diubah",
        ),
        ("DELETE FROM change_log WHERE id = 3", "tidak menyambung"),
        (
            "INSERT INTO change_log (id, at, actor, table_name, row_uuid, action, prev_hash, hash) "
            "VALUES (100000, 'x', 'x', 'recipients', 'x', 'insert', 'x', 'x')",
            "tidak menyambung",
        ),
        ("DELETE FROM change_log WHERE id = (SELECT max(id) FROM change_log)", "terakhir"),
    ],
)
def test_audit_verify_finds_out_of_band_changes(
    cli, registered: Path, tamper: str, fragment: str
) -> None:
    execute(registered, tamper)
    result = cli("db", "audit", "verify")
    assert result.exit_code == 1
    assert fragment in result.stderr


def test_audit_list_shows_a_record_history_with_masked_niks(cli, registered: Path) -> None:
    cli("recipient", "edit", NIK_MAN, "--address", "Jl. Baru 1")
    uuid = json.loads(cli("recipient", "show", NIK_MAN, "--json").stdout)["uuid"]
    entries = json.loads(cli("db", "audit", "list", "--row", uuid, "--json").stdout)
    assert [e["action"] for e in entries] == ["insert", "update"]
    assert NIK_MAN not in json.dumps(entries)
    assert entries[0]["actor_name"] == "Rina Hidayati"
    recipients_only = json.loads(
        cli("db", "audit", "list", "--table", "recipients", "--json").stdout
    )
    assert {e["table_name"] for e in recipients_only} == {"recipients"}
    shown = cli("db", "audit", "list", "--row", uuid, "--show-nik", "--reason", "audit", "--json")
    assert NIK_MAN in shown.stdout


def test_backup_is_a_consistent_private_copy_and_old_ones_are_pruned(cli, registered: Path) -> None:
    for _ in range(3):
        assert cli("db", "backup", "--keep", "2").exit_code == 0
    backups = sorted((registered.parent / "backups").glob("sampingdesa-*.db"))
    assert len(backups) == 2
    copy = sqlite3.connect(backups[-1])
    assert copy.execute("SELECT count(*) FROM recipients").fetchone()[0] == 3
    copy.close()
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(backups[-1]).st_mode) == 0o600


def test_restore_checks_the_file_backs_up_and_replaces(
    cli, registered: Path, tmp_path: Path
) -> None:
    target = tmp_path / "cadangan saya.db"
    assert cli("db", "backup", "-o", str(target)).exit_code == 0
    cli("recipient", "remove", NIK_WOMAN, "--reason", "uji")
    result = cli("db", "restore", str(target), "--yes")
    assert result.exit_code == 0, result.output
    shown = json.loads(cli("recipient", "show", NIK_WOMAN, "--json").stdout)
    assert shown["removed"] is False
    kept = list((registered.parent / "backups").glob("*before-restore*.db"))
    assert len(kept) == 1


@pytest.mark.parametrize(
    "content", [b"", b"not a database at all", b"\x89PNG\r\n\x1a\n" + b"\0" * 4096]
)
def test_restore_refuses_a_broken_or_foreign_file(
    cli, registered: Path, tmp_path: Path, content: bytes
) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    before = snapshot(registered)
    result = cli("db", "restore", str(bad), "--yes")
    assert result.exit_code == 1
    assert "bukan basis data sampingdesa" in result.stderr
    assert snapshot(registered) == before


def test_restore_refuses_another_programs_database(cli, registered: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE recipients (x)")
    conn.commit()
    conn.close()
    before = snapshot(registered)
    assert cli("db", "restore", str(other), "--yes").exit_code == 1
    assert snapshot(registered) == before


def test_a_backup_is_taken_before_a_migration(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    raw = sqlite3.connect(path, isolation_level=None)
    migrations.apply_migrations(raw, upto=1)
    raw.close()
    open_db(path).close()
    if len(migrations.MIGRATIONS) > 1:
        assert list((tmp_path / "backups").glob("*before-migration-2*.db"))
