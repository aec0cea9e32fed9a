"""The one way in to the database: `open_db()` sets pragmas and applies migrations."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sampingdesa.errors import SampingError
from sampingdesa.i18n import _
from sampingdesa.store.migrations import MIGRATIONS, apply_migrations

ENV_DB = "SAMPINGDESA_DB"
BUSY_TIMEOUT_MS = 30_000


def default_db_path() -> Path:
    """`SAMPINGDESA_DB`, else `sampingdesa.db` in the user's data directory."""
    override = os.environ.get(ENV_DB)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path  # only when needed: it costs start-up time

    return user_data_path("sampingdesa", appauthor=False) / "sampingdesa.db"


def _create_private(path: Path) -> None:
    """Create the file readable by its owner only (POSIX); SQLite's -wal/-shm follow its mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def connect(path: Path) -> sqlite3.Connection:
    """A raw connection with our pragmas and no migrations (for checks of foreign files)."""
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        raise SampingError(
            _("{path} is not a sampingdesa database or is damaged ({error}).").format(
                path=path, error=exc
            )
        ) from None
    return conn


def open_db(path: Path | str | None = None, *, migrate: bool = True) -> sqlite3.Connection:
    """Open (creating if needed) the database at `path` and bring its schema up to date."""
    db_path = Path(path) if path is not None else default_db_path()
    if db_path.is_dir():
        raise SampingError(_("{path} is a folder, not a database file.").format(path=db_path))
    try:
        _create_private(db_path)
    except OSError as exc:
        raise SampingError(
            _("Cannot create the database at {path}: {error}").format(
                path=db_path, error=exc.strerror
            )
        ) from None
    conn = connect(db_path)
    if migrate:
        version = schema_version(conn)
        if 0 < version < len(MIGRATIONS):
            from sampingdesa.store.backup import backup_database

            backup_database(conn, db_path, label=f"-before-migration-{version + 1}")
        apply_migrations(conn)
        from sampingdesa.store.identity import check_file

        check_file(conn)  # a copied or restored file starts a new origin before it writes
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    try:
        row = conn.execute("SELECT max(id) FROM migrations").fetchone()
    except sqlite3.OperationalError:
        return 0
    return int(row[0] or 0)


def latest_schema_version() -> int:
    return len(MIGRATIONS)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All or nothing. IMMEDIATE takes the write lock up front, so two writers wait for
    each other (busy timeout) instead of failing half-way with "database is locked"."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
