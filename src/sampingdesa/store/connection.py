"""A connection's primitives: where the file is, `connect()` with our pragmas, the one
transaction idiom, `meta`, and reading on two cores. Nothing here migrates or backs up
(that is `store.db.open_db`), so every module of `store/` can build on it."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sampingdesa.errors import SampingError
from sampingdesa.i18n import _

T = TypeVar("T")
U = TypeVar("U")

ENV_DB = "SAMPINGDESA_DB"
BUSY_TIMEOUT_MS = 30_000


def default_db_path() -> Path:
    """`SAMPINGDESA_DB`, else `sampingdesa.db` in the user's data directory."""
    override = os.environ.get(ENV_DB)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path  # only when needed: it costs start-up time

    return user_data_path("sampingdesa", appauthor=False) / "sampingdesa.db"


class DamagedDatabase(SampingError):
    """The database file is damaged (not readable as SQLite, or damaged pages)."""


SQLITE_HEADER = b"SQLite format 3\x00"
_DAMAGE_WORDS = ("malformed", "not a database", "file is encrypted", "disk image")


def create_private(path: Path) -> None:
    """Create the file readable by its owner only (POSIX); SQLite's -wal/-shm follow its mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def is_damage(error: BaseException) -> bool:
    return isinstance(error, sqlite3.DatabaseError) and any(
        word in str(error).lower() for word in _DAMAGE_WORDS
    )


def explain_error(path: Path, error: sqlite3.Error) -> SampingError:
    """A SQLite error on the database at `path` as what is really wrong: damaged, disk full,
    read-only folder or file, or (last) the error itself."""
    text = str(error).lower()
    folder = path.parent if str(path.parent) else Path(".")
    if is_damage(error):
        return DamagedDatabase(
            _(
                "The database file {path} is damaged ({error}). Run `sampingdesa db check`; "
                "a backup can be restored with `sampingdesa db restore`."
            ).format(path=path, error=error)
        )
    from sampingdesa.io.files import disk_is_full

    if "full" in text or ("disk i/o error" in text and disk_is_full(folder)):
        return SampingError(
            _(
                "The disk holding {path} is full; nothing was changed. Free some space and "
                "try again."
            ).format(path=path)
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        if not os.access(folder, os.W_OK):
            return SampingError(
                _(
                    "The folder {folder} is read-only (or you may not write in it); sampingdesa "
                    "needs to write beside its database. Copy {name} to a folder you can write "
                    "in, or choose another file with --db."
                ).format(folder=folder, name=path.name)
            )
        if path.exists() and not os.access(path, os.W_OK):
            return SampingError(
                _("The database file {path} is read-only; make it writable.").format(path=path)
            )
    return SampingError(_("Cannot use the database {path}: {error}").format(path=path, error=error))


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError:
        return  # SQLite will say what is wrong
    if head and head != SQLITE_HEADER:
        raise DamagedDatabase(
            _(
                "{path} is not a sampingdesa database, or it is damaged (it does not start "
                "like a SQLite file). Run `sampingdesa db check`; a backup can be restored "
                "with `sampingdesa db restore`."
            ).format(path=path)
        )


def _check_ours(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse another program's SQLite file before anything writes to it."""
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    if tables and "migrations" not in tables:
        raise SampingError(
            _(
                "{path} is a database of another program (tables: {tables}); sampingdesa "
                "leaves it untouched. Choose another file with --db."
            ).format(path=path, tables=", ".join(tables[:5]) + (", ..." if len(tables) > 5 else ""))
        )


def connect(path: Path, *, check_ours: bool = True) -> sqlite3.Connection:
    """A raw connection with our pragmas and no migrations (for checks of foreign files).

    Another program's non-empty SQLite file is refused before any pragma could change it."""
    path = Path(path)
    _check_header(path)
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as error:
        raise explain_error(path, error) from None
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if check_ours:
            _check_ours(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.Error as error:
        conn.close()
        raise explain_error(path, error) from None
    except BaseException:
        conn.close()
        raise
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    try:
        row = conn.execute("SELECT max(id) FROM migrations").fetchone()
    except sqlite3.OperationalError:
        return 0
    return int(row[0] or 0)


class Transaction:
    """An open transaction: commits when its block ends, unless `discard()` was called."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.discarded = False

    def discard(self) -> None:
        """Roll back at the end of the block instead of committing (a dry run, a retry)."""
        self.discarded = True


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[Transaction]:
    """The one transaction idiom: all or nothing. IMMEDIATE takes the write lock up front,
    so two writers wait for each other (busy timeout) instead of failing half-way with
    "database is locked". An exception rolls back; so does `discard()`."""
    conn.execute("BEGIN IMMEDIATE")
    current = Transaction(conn)
    try:
        yield current
    except BaseException:
        # SQLite rolls back by itself on some errors (disk full); a second ROLLBACK would
        # hide the true cause behind "cannot rollback - no transaction is active".
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("ROLLBACK" if current.discarded else "COMMIT")


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def fast_reads(conn: sqlite3.Connection) -> None:
    """Memory-map the file and widen the page cache for this connection, before a question
    that reads large parts of the database (a report, the due count of a province):
    copying pages through the default 2 MB cache halves its speed."""
    conn.execute("PRAGMA mmap_size = 1073741824")
    conn.execute("PRAGMA cache_size = -65536")


# -- reading on two cores ---------------------------------------------------------------------
# Every write of the tool appends to the change log, so two read snapshots that end at the
# same entry hold the same data.
_SNAPSHOT_MARK = "SELECT max(id) FROM change_log"


def _side_reader(conn: sqlite3.Connection) -> sqlite3.Connection | None:
    """A read-only connection to `conn`'s file, in a read transaction on the same snapshot
    as `conn`'s open one; None when there can be none (an in-memory database, a file that
    cannot be opened twice, a write between the two first reads)."""
    file = next((row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"), "")
    if not file:
        return None
    try:
        side = sqlite3.connect(
            Path(file).resolve().as_uri() + "?mode=ro",
            uri=True,
            isolation_level=None,
            check_same_thread=False,  # made here, used by the reading thread only
        )
    except sqlite3.Error:
        return None
    try:
        for pragma in ("busy_timeout", "mmap_size", "cache_size"):
            value = int(conn.execute(f"PRAGMA {pragma}").fetchone()[0])
            side.execute(f"PRAGMA {pragma} = {value}")
        side.execute("BEGIN")
        if conn.execute(_SNAPSHOT_MARK).fetchone()[0] == side.execute(_SNAPSHOT_MARK).fetchone()[0]:
            return side
    except sqlite3.Error:
        pass
    side.close()
    return None


def read_side_by_side(
    conn: sqlite3.Connection,
    beside: Callable[[sqlite3.Connection], T],
    here: Callable[[sqlite3.Connection], U],
) -> tuple[T, U]:
    """Run two read-only jobs on one snapshot, at once where possible: `beside` on a second
    connection in a thread, `here` on `conn`. SQLite runs a statement on one core; Python's
    sqlite3 lets go of the interpreter while it runs, so a report's independent queries take
    about half the time on a laptop's two or more cores. Without a second connection (see
    `_side_reader`) both run on `conn`, one after the other, in one read transaction."""
    if conn.in_transaction:  # the caller's own: one snapshot already, and its writes
        return beside(conn), here(conn)
    conn.execute("BEGIN")
    side = None
    try:
        side = _side_reader(conn)
        if side is None:
            return beside(conn), here(conn)
        outcome: dict[str, Any] = {}

        def run_beside(reader: sqlite3.Connection) -> None:
            try:
                outcome["value"] = beside(reader)
            except BaseException as error:  # handed to the caller's thread below
                outcome["error"] = error

        worker = threading.Thread(
            target=run_beside, args=(side,), name="sampingdesa-reader", daemon=True
        )
        worker.start()
        try:
            mine = here(conn)
            worker.join()
        finally:
            if worker.is_alive():  # interrupted (Ctrl+C) or failed: stop the other query too
                side.interrupt()
                worker.join()
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"], mine
    finally:
        if side is not None:
            side.close()
        if conn.in_transaction:
            conn.execute("COMMIT")
