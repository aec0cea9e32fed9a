"""The tamper-evident change log: verify the hash chain, list a record's history.

Each entry's hash covers its content and the previous entry's hash, and the newest entry's
id and hash are kept in `meta` (`audit_head`), so editing, deleting, inserting or truncating
entries with another SQLite tool shows up here. (Someone who rewrites the whole chain *and*
the head can only be caught by comparing with a copy: a backup or a merged bundle.)
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from sampingdesa.i18n import _
from sampingdesa.store.changes import GENESIS_HASH, entry_hash
from sampingdesa.store.db import get_meta

_FIELDS = ("at", "actor", "table_name", "row_uuid", "action", "old", "new", "reason")
_SIXTEEN_DIGITS = re.compile(r"(?<!\d)(\d{6})(\d{6})(\d{4})(?!\d)")


@dataclass
class AuditResult:
    entries: int
    broken_id: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "broken_id": self.broken_id,
            "problem": self.problem,
        }


def verify_chain(conn: sqlite3.Connection) -> AuditResult:
    """Walk the chain in id order; report the first entry that does not fit."""
    previous = GENESIS_HASH
    count = 0
    last_id = 0
    columns = ", ".join(_FIELDS)
    rows = conn.execute(
        f"SELECT id, {columns}, origin_db, origin_id, prev_hash, hash FROM change_log ORDER BY id"
    )
    for row in rows:
        count += 1
        if row["prev_hash"] != previous:
            return AuditResult(
                count, row["id"],
                _("Entry {id} does not follow the one before it: an entry was deleted or "
                  "inserted out of band.").format(id=row["id"]),
            )  # fmt: skip
        fields: list[str | int | None] = [row[f] for f in _FIELDS]
        if row["origin_db"] is not None:
            fields += [row["origin_db"], row["origin_id"]]
        if entry_hash(previous, fields) != row["hash"]:
            return AuditResult(
                count, row["id"],
                _("Entry {id} was changed after it was written.").format(id=row["id"]),
            )  # fmt: skip
        previous = row["hash"]
        last_id = row["id"]
    head = get_meta(conn, "audit_head")
    if head is not None and head != f"{last_id}:{previous}":
        head_id = int(head.split(":", 1)[0])
        return AuditResult(
            count, head_id,
            _("The log ends at entry {last} but entry {head} was written: entries were removed "
              "from the end.").format(last=last_id, head=head_id),
        )  # fmt: skip
    return AuditResult(count)


def mask_numbers(text: str | None) -> str | None:
    """Mask every 16-digit number (NIK, No. KK) inside a logged value."""
    if text is None:
        return None
    return _SIXTEEN_DIGITS.sub(lambda m: f"{m.group(1)}********{m.group(3)}", text)


def list_entries(
    conn: sqlite3.Connection,
    *,
    table: str | None = None,
    row_uuid: str | None = None,
    since: str | None = None,
    show_nik: bool = False,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    where, params = [], []
    if table:
        where.append("c.table_name = ?")
        params.append(table)
    if row_uuid:
        # A bulk import logs a batch as one entry that lists its rows' UUIDs.
        where.append("(c.row_uuid = ? OR (c.action = 'bulk-insert' AND instr(c.new, ?) > 0))")
        params += [row_uuid, f'"{row_uuid}"']
    if since:
        where.append("c.at >= ?")
        params.append(since)
    sql = (
        "SELECT c.id, c.at, c.actor, a.name AS actor_name, c.table_name, c.row_uuid, c.action, "
        "c.old, c.new, c.reason FROM change_log c LEFT JOIN assistants a ON a.uuid = c.actor"
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + " ORDER BY c.id"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    entries = []
    for row in conn.execute(sql, params):
        entry = dict(row)
        if not show_nik:
            entry["old"] = mask_numbers(entry["old"])
            entry["new"] = mask_numbers(entry["new"])
        entries.append(entry)
    return entries
