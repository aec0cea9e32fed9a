"""Issue 12, the database file: backups that never destroy a backup, damaged files, another
program's database, read-only folders and full disks reported as what they are."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import time
from pathlib import Path
from typing import Any

import pytest

from sampingdesa.errors import SampingError
from sampingdesa.store.db import open_db, transaction
from tests.safety_helpers import (
    count,
    damage_pages,
    garbage_header,
    ok,
    read_only_folder,
    refused,
    run_cli,
    small_disk,
)

RECIPIENTS = "SELECT count(*) FROM recipients"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def healthy(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        return bool(conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


# -- backups ----------------------------------------------------------------------------------
@pytest.mark.parametrize("tail", ["", "-wal", "-shm", "-journal"])
def test_backup_refuses_the_database_and_its_working_files(
    cli: Any, registered: Path, tail: str
) -> None:
    before = count(registered, RECIPIENTS)
    target = Path(f"{registered}{tail}")
    refused(cli("db", "backup", "-o", str(target)), str(target))
    assert count(registered, RECIPIENTS) == before == 3
    ok(cli("db", "check"))


def test_a_failed_backup_leaves_the_earlier_backup_whole(
    cli: Any, registered: Path, tmp_path: Path
) -> None:
    """A write that fails half-way (the child process may not write past 64 KiB, as on a full
    disk) keeps last week's backup as it was, and leaves no temporary file behind."""
    weekly = tmp_path / "cadangan" / "weekly.db"
    weekly.parent.mkdir()
    ok(cli("db", "backup", "-o", str(weekly)))
    good = digest(weekly)
    assert weekly.stat().st_size > 2 * 65536
    result = run_cli(
        "db", "backup", "-o", str(weekly), env={"SAMPINGDESA_DB": str(registered)},
        fsize_limit=65536,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and str(weekly.parent) in result.stderr
    assert digest(weekly) == good and healthy(weekly)
    assert sorted(p.name for p in weekly.parent.iterdir()) == ["weekly.db"]


def test_a_backup_on_a_full_disk_says_so_and_keeps_the_earlier_one(
    cli: Any, registered: Path, tmp_path: Path
) -> None:
    with small_disk(tmp_path / "usb", "1m") as usb:
        weekly = usb / "weekly.db"
        ok(cli("db", "backup", "-o", str(weekly)))
        good = digest(weekly)
        free = os.statvfs(usb).f_bavail * os.statvfs(usb).f_frsize
        (usb / "filler").write_bytes(b"x" * max(free - 8192, 0))
        refused(cli("db", "backup", "-o", str(weekly)), "penuh", str(usb))
        assert digest(weekly) == good and healthy(weekly)


def test_a_damaged_database_is_not_backed_up_and_prunes_nothing(cli: Any, registered: Path) -> None:
    ok(cli("db", "backup"))
    time.sleep(0.01)
    ok(cli("db", "backup"))
    folder = registered.parent / "backups"
    good = sorted(folder.iterdir())
    assert len(good) == 2
    damage_pages(registered, "recipients")
    for _ in range(3):
        refused(cli("db", "backup", "--keep", "1"), "rusak")
    assert sorted(folder.iterdir()) == good and all(healthy(p) for p in good)


def test_pruning_counts_only_sound_backups_and_keeps_the_newest_sound_one(
    cli: Any, registered: Path
) -> None:
    folder = registered.parent / "backups"
    ok(cli("db", "backup"))
    ok(cli("db", "backup"))
    sound = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime_ns)
    now = time.time()
    for index, path in enumerate(sound):
        os.utime(path, (now - 100 + index, now - 100 + index))
    for index in range(3):  # what failed backups of the old code left: empty and damaged
        broken = folder / f"sampingdesa-2099010{index}-000000.db"
        broken.write_bytes(b"" if index else b"SQLite format 3\x00" + b"\xa5" * 4000)
        os.utime(broken, (now - 10 + index, now - 10 + index))
    ok(cli("db", "backup", "--keep", "2"))
    left = set(folder.iterdir())
    assert sound[1] in left, "the newest sound backup before this one was pruned"
    assert sound[0] not in left  # the third sound one: beyond --keep 2
    assert sum(1 for p in left if p.stat().st_size and healthy(p)) == 2


def test_restore_over_a_garbage_database_moves_it_aside(
    cli: Any, registered: Path, tmp_path: Path
) -> None:
    good = tmp_path / "good.db"
    ok(cli("db", "backup", "-o", str(good)))
    garbage_header(registered)
    damaged = registered.read_bytes()
    result = ok(cli("db", "restore", str(good), "--yes"))
    aside = [p for p in registered.parent.iterdir() if ".damaged-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged
    assert aside[0].name in result.stderr
    assert count(registered, RECIPIENTS) == 3
    ok(cli("db", "check"))


def test_backup_onto_an_existing_readable_file_leaves_it_owner_only(
    cli: Any, registered: Path, tmp_path: Path
) -> None:
    target = tmp_path / "shared.db"
    target.write_bytes(b"")
    target.chmod(0o644)
    ok(cli("db", "backup", "-o", str(target)))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and healthy(target)


def test_init_on_an_empty_readable_file_makes_it_owner_only(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "kosong.db"
    path.write_bytes(b"")
    path.chmod(0o644)
    ok(cli("--db", str(path), "init", "--assistant", "Rina", "--desa", "Kandangan Kota"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# -- damaged files ------------------------------------------------------------------------------
DAMAGED_COMMANDS = [
    ("db", "audit", "verify"),
    ("visit", "list"),
    ("report", "summary", "--month", "2025-11"),
    ("sync", "export", "-o", "{tmp}/bundel.zip"),
    ("finding", "list"),
    ("recipient", "list"),
    ("db", "backup"),
]


@pytest.mark.parametrize("command", DAMAGED_COMMANDS, ids=lambda c: " ".join(c[:2]))
@pytest.mark.parametrize("damage", [damage_pages, garbage_header])
def test_a_damaged_database_gives_a_sentence_in_every_command(
    cli: Any, registered: Path, tmp_path: Path, command: tuple[str, ...], damage: Any
) -> None:
    damage(registered)
    args = [part.format(tmp=tmp_path) for part in command]
    refused(cli(*args), "rusak", "db check")


@pytest.mark.parametrize("damage", [damage_pages, garbage_header])
def test_db_check_reports_the_damage_and_suggests_restore(
    cli: Any, registered: Path, damage: Any
) -> None:
    damage(registered)
    before = registered.read_bytes()
    stderr = refused(cli("db", "check"), "rusak", "db restore")
    assert "backups" in stderr
    assert registered.read_bytes() == before  # checking changes nothing


# -- another program's file, read-only folders, full disks --------------------------------------
def test_another_programs_sqlite_file_is_refused_untouched(cli: Any, tmp_path: Path) -> None:
    foreign = tmp_path / "photos.sqlite"
    conn = sqlite3.connect(foreign)
    conn.executescript("CREATE TABLE albums (id INTEGER PRIMARY KEY, title TEXT);"
                       "INSERT INTO albums (title) VALUES ('Lebaran 2024');")  # fmt: skip
    conn.close()
    before = digest(foreign)
    for args in (("recipient", "list"), ("db", "check"), ("init", "--assistant", "R")):
        refused(cli("--db", str(foreign), *args), "program lain", "albums")
    assert digest(foreign) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photos.sqlite"]


def test_a_healthy_database_in_a_read_only_folder_is_reported_as_such(
    cli: Any, registered: Path, tmp_path: Path
) -> None:
    from tests.safety_helpers import checkpoint

    checkpoint(registered)
    content = registered.read_bytes()
    with read_only_folder(tmp_path / "stick", {"data.db": content}) as folder:
        stderr = refused(cli("--db", str(folder / "data.db"), "recipient", "list"))
        assert "hanya-baca" in stderr and str(folder) in stderr
        assert "rusak" not in stderr and "bukan basis data" not in stderr


def test_a_full_disk_during_an_import_names_the_cause(
    cli: Any, registered: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's own "disk full" (SQLITE_FULL, here through max_page_count) reaches the user,
    not "cannot rollback - no transaction is active"."""
    from sampingdesa.store import db as store_db

    original = store_db.open_db

    def tiny(path: Any = None, *, migrate: bool = True) -> sqlite3.Connection:
        conn = original(path, migrate=migrate)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        return conn

    monkeypatch.setattr(store_db, "open_db", tiny)
    rows = ["NIK,Nama,Desa,Alamat"] + [
        f"630605{day:02d}0789{serial:04d},Penerima {serial},Kandangan Kota,{'Jl. ' * 80}"
        for serial in range(1, 400)
        for day in (12,)
    ]
    path = tmp_path / "besar.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    before = count(registered, RECIPIENTS)
    stderr = refused(cli("recipient", "import", str(path)), "penuh")
    assert "rollback" not in stderr
    assert count(registered, RECIPIENTS) == before


def test_transaction_keeps_the_true_cause_when_sqlite_rolled_back_itself(tmp_path: Path) -> None:
    conn = open_db(tmp_path / "t.db")
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 1}")
    with pytest.raises(sqlite3.OperationalError, match="full"), transaction(conn):
        conn.execute("CREATE TABLE big (x TEXT)")
        for _ in range(200):
            conn.execute("INSERT INTO big VALUES (?)", ("x" * 4000,))
    assert not conn.in_transaction


def test_a_healthy_database_on_a_full_disk_is_not_called_damaged(
    cli: Any, registered: Path, tmp_path: Path
) -> None:
    with small_disk(tmp_path / "usb", "2m") as usb:
        from tests.safety_helpers import checkpoint

        checkpoint(registered)
        db = usb / "data.db"
        db.write_bytes(registered.read_bytes())
        free = os.statvfs(usb).f_bavail * os.statvfs(usb).f_frsize
        (usb / "filler").write_bytes(b"x" * free)
        result = cli("--db", str(db), "recipient", "add", "--nik", "6306051708450009",
                     "--name", "Baru", "--desa", "Kandangan Kota")  # fmt: skip
        if result.exit_code == 0:
            pytest.skip("the file system still had room for the change")
        stderr = refused(result)
        assert "penuh" in stderr and "rusak" not in stderr and "bukan basis data" not in stderr


def test_open_db_refuses_a_non_sqlite_file_without_changing_it(tmp_path: Path) -> None:
    path = tmp_path / "catatan.db"
    path.write_text("catatan rapat desa\n" * 50, encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(SampingError):
        open_db(path)
    assert path.read_bytes() == before
