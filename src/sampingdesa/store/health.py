"""`db check`: integrity, foreign keys and schema version; a damaged file is reported, not
raised."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sampingdesa.i18n import _
from sampingdesa.store.db import latest_schema_version, schema_version


@dataclass
class HealthReport:
    schema_version: int
    latest_version: int
    integrity: list[str]
    foreign_key_problems: list[str]
    problems: list[str] = field(default_factory=list)
    damaged: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "damaged": self.damaged,
            "schema_version": self.schema_version,
            "latest_version": self.latest_version,
            "integrity": self.integrity,
            "foreign_key_problems": self.foreign_key_problems,
            "problems": self.problems,
        }


def check_database(conn: sqlite3.Connection) -> HealthReport:
    try:
        integrity = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as error:
        integrity = [str(error)]
    damaged = integrity != ["ok"]
    try:
        foreign = [
            _("{table} row {rowid} points to a missing {parent}").format(
                table=row[0], rowid=row[1], parent=row[2]
            )
            for row in conn.execute("PRAGMA foreign_key_check")
        ]
    except sqlite3.DatabaseError as error:
        foreign, damaged = [], True
        integrity.append(str(error))
    try:
        version = schema_version(conn)
    except sqlite3.DatabaseError:
        version, damaged = 0, True
    report = HealthReport(version, latest_schema_version(), integrity, foreign, damaged=damaged)
    if integrity != ["ok"]:
        report.problems.extend(integrity)
    report.problems.extend(foreign)
    if report.schema_version != report.latest_version and not damaged:
        report.problems.append(
            _("Schema version {found}, expected {known}.").format(
                found=report.schema_version, known=report.latest_version
            )
        )
    return report


def check_file(path: Path) -> HealthReport:
    """`check_database` on the file at `path`, opened without migrations, so a damaged file
    is reported (never changed or raised)."""
    from sampingdesa.store.connection import DamagedDatabase, connect
    from sampingdesa.store.db import open_db

    if not path.exists() or path.stat().st_size == 0:
        return check_database(open_db(path))  # a new database: create it as any command does
    try:
        conn = connect(path, check_ours=True)
    except DamagedDatabase as error:
        return HealthReport(0, latest_schema_version(), [error.message], [], [error.message], True)
    try:
        return check_database(conn)
    finally:
        conn.close()
