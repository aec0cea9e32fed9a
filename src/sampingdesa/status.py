"""How this laptop is set up, and today's work (`sampingdesa status`)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sampingdesa.places.laptop import current_assistant, kabupaten_code, region_name


@dataclass(frozen=True)
class Status:
    database: str
    size_bytes: int
    kabupaten_code: str | None
    kabupaten_name: str | None
    assistant: str | None
    role: str | None
    desa_code: str | None
    desa_name: str | None
    recipients: int
    last_backup: str | None  # ISO date-time of the newest backup in the backups folder
    last_backup_path: str | None
    last_sync_in: str | None  # when a bundle was last merged in
    last_sync_in_from: str | None
    last_sync_out: str | None  # when a bundle was last written
    last_sync_out_path: str | None
    month: str
    due_this_month: int
    open_findings: int
    oldest_finding: dict[str, Any] | None  # id, opened_on, age_days, name, kind

    @property
    def set_up(self) -> bool:
        return self.kabupaten_code is not None

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "set_up": self.set_up}


def database_status(conn: sqlite3.Connection, db_path: Path, today: dt.date) -> Status:
    """Regency, assistant and desa; the database file, its last backup and sync bundles;
    the visits due this month and the open findings."""
    kab = kabupaten_code(conn)
    assistant = current_assistant(conn) if kab else None
    backup = _last_backup(db_path)
    sync_in = _first(conn, "SELECT last_imported_at, coalesce(assistant_name, database_id) "
                     "FROM sync_sources WHERE last_imported_at IS NOT NULL "
                     "ORDER BY last_imported_at DESC LIMIT 1")  # fmt: skip
    sync_out = _first(conn, "SELECT at, path FROM sync_exports ORDER BY at DESC LIMIT 1")
    month = (today.replace(day=1), _month_end(today))
    due = 0
    if kab:
        from sampingdesa.visits.planning import count_due

        due = count_due(conn, month=month, today=today)
    open_count = conn.execute(
        "SELECT count(*) FROM findings WHERE status = 'open' AND deleted_at IS NULL"
    ).fetchone()[0]
    oldest = conn.execute(
        "SELECT f.uuid, f.opened_on, f.kind, r.name FROM findings f "
        "JOIN recipients r ON r.uuid = f.recipient_uuid "
        "WHERE f.status = 'open' AND f.deleted_at IS NULL "
        "ORDER BY f.opened_on, f.created_at LIMIT 1"
    ).fetchone()
    return Status(
        database=str(db_path),
        size_bytes=_size(db_path),
        kabupaten_code=kab,
        kabupaten_name=region_name(conn, kab) if kab else None,
        assistant=assistant.name if assistant else None,
        role=assistant.role if assistant else None,
        desa_code=assistant.desa_code if assistant else None,
        desa_name=region_name(conn, assistant.desa_code) if assistant else None,
        recipients=conn.execute(
            "SELECT count(*) FROM recipients WHERE deleted_at IS NULL"
        ).fetchone()[0],
        last_backup=backup[0] if backup else None,
        last_backup_path=backup[1] if backup else None,
        last_sync_in=sync_in[0] if sync_in else None,
        last_sync_in_from=sync_in[1] if sync_in else None,
        last_sync_out=sync_out[0] if sync_out else None,
        last_sync_out_path=sync_out[1] if sync_out else None,
        month=today.strftime("%Y-%m"),
        due_this_month=due,
        open_findings=open_count,
        oldest_finding=(
            {
                "id": oldest["uuid"][:8],
                "opened_on": oldest["opened_on"],
                "age_days": (today - dt.date.fromisoformat(oldest["opened_on"])).days,
                "kind": oldest["kind"],
                "name": oldest["name"],
            }
            if oldest
            else None
        ),
    )


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def _size(db_path: Path) -> int:
    """The database with its write-ahead log: what a copy of the folder would take."""
    total = 0
    for suffix in ("", "-wal"):
        path = Path(f"{db_path}{suffix}")
        if path.exists():
            total += path.stat().st_size
    return total


def _last_backup(db_path: Path) -> tuple[str, str] | None:
    from sampingdesa.store.backup import PREFIX, backup_dir

    folder = backup_dir(db_path)
    if not folder.is_dir():
        return None
    backups = sorted(folder.glob(f"{PREFIX}*.db"), key=lambda p: p.stat().st_mtime_ns)
    if not backups:
        return None
    newest = backups[-1]
    when = dt.datetime.fromtimestamp(newest.stat().st_mtime).isoformat(timespec="seconds")
    return when, str(newest)


def _first(conn: sqlite3.Connection, sql: str) -> tuple[str, str] | None:
    """One row of the sync tables, or None (none yet, or a schema without them)."""
    try:
        row = conn.execute(sql).fetchone()
    except sqlite3.OperationalError:
        return None
    return (str(row[0]), str(row[1])) if row else None
