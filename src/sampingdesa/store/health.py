"""`db check`: integrity, foreign keys and schema version."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
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

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "schema_version": self.schema_version,
            "latest_version": self.latest_version,
            "integrity": self.integrity,
            "foreign_key_problems": self.foreign_key_problems,
            "problems": self.problems,
        }


def check_database(conn: sqlite3.Connection) -> HealthReport:
    integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    foreign = [
        _("{table} row {rowid} points to a missing {parent}").format(
            table=row[0], rowid=row[1], parent=row[2]
        )
        for row in conn.execute("PRAGMA foreign_key_check")
    ]
    report = HealthReport(schema_version(conn), latest_schema_version(), integrity, foreign)
    if integrity != ["ok"]:
        report.problems.extend(integrity)
    report.problems.extend(foreign)
    if report.schema_version != report.latest_version:
        report.problems.append(
            _("Schema version {found}, expected {known}.").format(
                found=report.schema_version, known=report.latest_version
            )
        )
    return report
