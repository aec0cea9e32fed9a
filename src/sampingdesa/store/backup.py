"""Online backups (SQLite backup API) and checked restores."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from sampingdesa.errors import SampingError
from sampingdesa.i18n import _

DEFAULT_KEEP = 10
PREFIX = "sampingdesa-"


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def _private_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)


def _default_target(db_path: Path, label: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = backup_dir(db_path)
    target = folder / f"{PREFIX}{stamp}{label}.db"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{PREFIX}{stamp}{label}-{counter}.db"
    return target


def backup_database(
    conn: sqlite3.Connection,
    db_path: Path,
    target: Path | None = None,
    *,
    keep: int = DEFAULT_KEEP,
    label: str = "",
) -> Path:
    """A consistent copy while other commands may be writing; prunes old default backups."""
    destination = Path(target) if target else _default_target(db_path, label)
    if destination.resolve() == db_path.resolve():
        raise SampingError(_("A backup cannot overwrite the database itself."))
    _private_file(destination)
    copy = sqlite3.connect(destination)
    try:
        conn.backup(copy)
    finally:
        copy.close()
    if target is None:
        prune_backups(backup_dir(db_path), keep)
    return destination


def prune_backups(folder: Path, keep: int) -> list[Path]:
    """Keep the newest `keep` backups in the default folder; return those removed."""
    if keep < 1:
        raise SampingError(_("Keep at least one backup (--keep 1 or more)."))
    backups = sorted(folder.glob(f"{PREFIX}*.db"), key=lambda p: p.stat().st_mtime_ns)
    removed = backups[:-keep] if len(backups) > keep else []
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def check_candidate(path: Path) -> int:
    """Integrity, schema and that it is ours; returns its schema version."""
    from sampingdesa.store.migrations import MIGRATIONS

    if not path.is_file():
        raise SampingError(_("{path} does not exist.").format(path=path))
    refuse = _("{path} is not a sampingdesa database or is damaged; nothing was restored.")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            tables = {
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            names = (
                dict(conn.execute("SELECT id, name FROM migrations").fetchall())
                if "migrations" in tables
                else {}
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise SampingError(refuse.format(path=path)) from None
    if integrity != ["ok"] or not {"meta", "change_log", "recipients"} <= tables or not names:
        raise SampingError(refuse.format(path=path))
    known = dict(enumerate((name for name, _sql in MIGRATIONS), start=1))
    version: int = max(names)
    if version > len(MIGRATIONS):
        raise SampingError(
            _("{path} comes from a newer sampingdesa (schema {found}); upgrade first.").format(
                path=path, found=version
            )
        )
    if any(known.get(number) != name for number, name in names.items()):
        raise SampingError(refuse.format(path=path))
    return version


def restore_database(db_path: Path, source: Path) -> Path | None:
    """Replace the database with `source` after checking it; the current one is backed up
    first. Returns that backup (None when there was no database yet)."""
    from sampingdesa.store.db import connect

    source = Path(source)
    check_candidate(source)
    if db_path.exists() and source.resolve() == db_path.resolve():
        raise SampingError(_("That file is the database itself."))
    safety: Path | None = None
    if db_path.exists():
        current = connect(db_path)
        try:
            safety = backup_database(current, db_path, label="-before-restore")
        finally:
            current.close()
    else:
        _private_file(db_path)
    origin = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    target = connect(db_path)
    try:
        origin.backup(target)  # one step: the replacement is all or nothing
        from sampingdesa.store.identity import mark_restored

        mark_restored(target)  # entries written from now on get a new origin (issue 11)
    finally:
        origin.close()
        target.close()
    return safety
