"""The one way in to the database: `open_db()` connects (`store.connection`), backs up before
a migration, applies the migrations and checks the file's identity. The connection's
primitives (`transaction`, `meta` ...) live in `store.connection`; they are re-exported here
so that `from sampingdesa.store.db import open_db, transaction` keeps working."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sampingdesa.errors import SampingError
from sampingdesa.i18n import _
from sampingdesa.store.connection import BUSY_TIMEOUT_MS as BUSY_TIMEOUT_MS
from sampingdesa.store.connection import ENV_DB as ENV_DB
from sampingdesa.store.connection import DamagedDatabase as DamagedDatabase
from sampingdesa.store.connection import Transaction as Transaction
from sampingdesa.store.connection import connect as connect
from sampingdesa.store.connection import create_private
from sampingdesa.store.connection import default_db_path as default_db_path
from sampingdesa.store.connection import explain_error as explain_error
from sampingdesa.store.connection import fast_reads as fast_reads
from sampingdesa.store.connection import get_meta as get_meta
from sampingdesa.store.connection import is_damage as is_damage
from sampingdesa.store.connection import read_side_by_side as read_side_by_side
from sampingdesa.store.connection import schema_version as schema_version
from sampingdesa.store.connection import set_meta as set_meta
from sampingdesa.store.connection import transaction as transaction
from sampingdesa.store.migrations import MIGRATIONS, apply_migrations


def open_db(path: Path | str | None = None, *, migrate: bool = True) -> sqlite3.Connection:
    """Open (creating if needed) the database at `path` and bring its schema up to date."""
    from sampingdesa.io.files import make_private

    db_path = Path(path) if path is not None else default_db_path()
    if db_path.is_dir():
        raise SampingError(_("{path} is a folder, not a database file.").format(path=db_path))
    try:
        create_private(db_path)
    except OSError as exc:
        raise SampingError(
            _("Cannot create the database at {path}: {error}").format(
                path=db_path, error=exc.strerror
            )
        ) from None
    conn = connect(db_path)
    for own in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        make_private(own)  # also a file that existed before (an empty one given to `init`)
    if migrate:
        try:
            version = schema_version(conn)
            if 0 < version < len(MIGRATIONS):
                from sampingdesa.store.backup import backup_database

                backup_database(conn, db_path, label=f"-before-migration-{version + 1}")
            apply_migrations(conn)
            from sampingdesa.store.identity import check_file

            check_file(conn)  # a copied or restored file starts a new origin before it writes
        except sqlite3.Error as error:
            conn.close()
            raise explain_error(db_path, error) from None
    return conn


def latest_schema_version() -> int:
    return len(MIGRATIONS)
