"""Online backups (SQLite backup API) and checked restores."""

from __future__ import annotations

import datetime as dt
import errno
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sampingdesa.errors import InvalidValue, SampingError
from sampingdesa.i18n import _
from sampingdesa.progress import Progress, tell

DEFAULT_KEEP = 10
PREFIX = "sampingdesa-"
PAGES_PER_STEP = 1024  # with a progress callback: copy in steps of 4 MB (4 KB pages)
SIDE_FILES = ("-wal", "-shm", "-journal")


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


def database_files(db_path: Path) -> list[Path]:
    """The database and the files SQLite keeps beside it."""
    return [db_path, *(Path(f"{db_path}{tail}") for tail in SIDE_FILES)]


def _refuse_own_files(destination: Path, db_path: Path) -> None:
    target = destination.resolve()
    if target in {p.resolve() for p in database_files(db_path)}:
        raise SampingError(
            _(
                "{path} is the database itself or one of its working files; a backup must go "
                "to another file."
            ).format(path=destination)
        )


def _read_only(path: Path) -> sqlite3.Connection:
    """A backup file, read as it is: `immutable` leaves no -wal/-shm beside it (a backup is
    one finished file; an older one may still say WAL in its header)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def copy_problems(path: Path) -> list[str]:
    """What `PRAGMA integrity_check` finds wrong in a database file ([] when it is sound)."""
    try:
        conn = _read_only(path)
        try:
            found = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    return [] if found == ["ok"] else found


def backup_database(
    conn: sqlite3.Connection,
    db_path: Path,
    target: Path | None = None,
    *,
    keep: int = DEFAULT_KEEP,
    label: str = "",
    progress: Progress | None = None,
) -> Path:
    """A consistent copy while other commands may be writing; prunes old default backups.

    The copy goes to a temporary file beside the target and is checked
    (`PRAGMA integrity_check`) before it takes the target's name, so a failed or damaged
    backup never replaces a good one."""
    from sampingdesa.io.files import atomic_file, output_error
    from sampingdesa.store.connection import DamagedDatabase, explain_error, is_damage

    destination = Path(target) if target else _default_target(db_path, label)
    _refuse_own_files(destination, db_path)
    with atomic_file(destination, create_folder=target is None) as temporary:
        copy = sqlite3.connect(temporary)
        try:
            _copy_pages(conn, copy, progress, _("Backing up the database (MB)"))
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        except sqlite3.DatabaseError as error:
            if is_damage(error):
                raise explain_error(db_path, error) from None
            # Writing the copy failed (a full disk, an I/O error): say so for its folder.
            code = errno.ENOSPC if "full" in str(error) else errno.EIO
            raise output_error(destination.parent, OSError(code, str(error))) from None
        finally:
            copy.close()
        problems = copy_problems(temporary)
        if problems:
            raise DamagedDatabase(
                _(
                    "The database is damaged, so no backup was written ({problem}). Run "
                    "`sampingdesa db check`; restore an earlier backup with `sampingdesa db "
                    "restore`."
                ).format(problem=problems[0]),
                details=problems[1:6],
            )
    if target is None:
        prune_backups(backup_dir(db_path), keep)
    return destination


def _copy_pages(
    source: sqlite3.Connection, target: sqlite3.Connection, progress: Progress | None, step: str
) -> None:
    """SQLite's backup API; in steps when someone is watching (an unfinished copy is rolled
    back on the target, so the target is still all or nothing)."""
    if progress is None:
        source.backup(target)
        return
    tell(progress, 0, None, step)
    megabyte = 1_000_000 / source.execute("PRAGMA page_size").fetchone()[0]  # pages

    def copied(_status: int, remaining: int, total: int) -> None:
        tell(progress, round((total - remaining) / megabyte), round(total / megabyte), step)

    source.backup(target, pages=PAGES_PER_STEP, progress=copied)


def prune_backups(folder: Path, keep: int) -> list[Path]:
    """Keep the newest `keep` sound backups in the default folder; return those removed.

    Only a backup that passes `PRAGMA quick_check` counts toward `keep`; an empty or
    damaged file never takes a good one's place, and the newest sound backup is never
    removed. Files older than the `keep`-th sound backup are removed."""
    if keep < 1:
        raise InvalidValue("keep", keep, _("Keep at least one backup."))
    backups = sorted(folder.glob(f"{PREFIX}*.db"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    sound = 0
    removed: list[Path] = []
    for path in backups:
        if sound >= keep:
            path.unlink(missing_ok=True)
            removed.append(path)
        elif is_sound(path):
            sound += 1
    return removed


def is_sound(path: Path) -> bool:
    """A non-empty SQLite file whose `PRAGMA quick_check` passes."""
    try:
        if path.stat().st_size == 0:
            return False
        conn = _read_only(path)
        try:
            return [row[0] for row in conn.execute("PRAGMA quick_check")] == ["ok"]
        finally:
            conn.close()
    except (OSError, sqlite3.DatabaseError):
        return False


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


@dataclass
class Restored:
    """What `restore_database` did with the database it replaced."""

    backup: Path | None = None  # a verified backup of it
    moved_aside: Path | None = None  # too damaged to back up: kept under this name


def restore_database(
    db_path: Path, source: Path, progress: Progress | None = None, *, checked: bool = False
) -> Restored:
    """Replace the database with `source` after checking it (`checked`: the caller just ran
    `check_candidate`, which reads every page). The current one is backed up first; when it
    is too damaged for a backup, it is moved aside under a clear name."""
    from sampingdesa.store.connection import DamagedDatabase, connect

    source = Path(source)
    if not checked:
        tell(progress, 0, None, _("Checking {file}").format(file=source.name))
        check_candidate(source)
    if db_path.exists() and source.resolve() == db_path.resolve():
        raise SampingError(_("That file is the database itself."))
    done = Restored()
    if db_path.exists() and db_path.stat().st_size > 0:
        try:
            current = connect(db_path)
            try:
                done.backup = backup_database(
                    current, db_path, label="-before-restore", progress=progress
                )
            finally:
                current.close()
        except DamagedDatabase:
            # Too damaged to copy: keep it whole under a clear name, then restore.
            done.moved_aside = move_aside(db_path)
    if not db_path.exists():
        _private_file(db_path)
    origin = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    target = connect(db_path)
    try:
        # All or nothing, in steps too: an unfinished copy is rolled back on the target.
        _copy_pages(
            origin, target, progress, _("Restoring from {file} (MB)").format(file=source.name)
        )
        from sampingdesa.store.identity import mark_restored

        mark_restored(target)  # entries written from now on get a new origin (issue 11)
    finally:
        origin.close()
        target.close()
    return done


def move_aside(db_path: Path) -> Path:
    """Rename a damaged database (and its -wal/-shm/-journal) to `NAME.damaged-DATE`."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    counter = 1
    while aside.exists():
        counter += 1
        aside = db_path.with_name(f"{db_path.name}.damaged-{stamp}-{counter}")
    os.replace(db_path, aside)
    for tail in SIDE_FILES:
        side = Path(f"{db_path}{tail}")
        if side.exists():
            os.replace(side, Path(f"{aside}{tail}"))
    return aside
