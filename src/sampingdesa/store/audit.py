"""The tamper-evident change log: verify the hash chain, replay it against the tables,
list a record's history.

Each entry's hash covers its content and the previous entry's hash, and the newest entry's
id and hash are kept in `meta` (`audit_head`), so editing, deleting, inserting or truncating
entries with another SQLite tool shows up here. The tables are a function of the log: every
field of every logged table must hold the value of its latest logged change (ordered as sync
orders them: time, origin, origin entry), so a row edited, added or deleted beside the log
shows too. Someone who rewrites the whole chain *and* the tables consistently is caught only
against a head kept elsewhere: the one the coordinator recorded from the last bundle, or the
one printed on the monthly workbook (`db audit verify --head HASH`).
"""

from __future__ import annotations

import ast
import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sampingdesa.errors import InvalidValue
from sampingdesa.i18n import _
from sampingdesa.progress import Progress, tell
from sampingdesa.store.changes import (
    BULK_INSERT,
    GENESIS_HASH,
    NOT_CONTENT,
    bulk_columns,
    bulk_rows,
    entry_hash,
    row_digest,
)
from sampingdesa.store.connection import get_meta

_FIELDS = ("at", "actor", "table_name", "row_uuid", "action", "old", "new", "reason")
_SIXTEEN_DIGITS = re.compile(r"(?<!\d)(\d{6})(\d{6})(\d{4})(?!\d)")


@dataclass
class Mismatch:
    """A row or field that is not what the log says it is."""

    table: str
    row_uuid: str
    field: str
    logged: Any
    found: Any

    def as_dict(self) -> dict[str, Any]:
        return {"table": self.table, "row": self.row_uuid, "field": self.field,
                "logged": self.logged, "found": self.found}  # fmt: skip


@dataclass
class AuditResult:
    entries: int
    broken_id: int | None = None
    problem: str | None = None
    mismatches: list[Mismatch] = field(default_factory=list)
    head: ChainHead | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None and not self.mismatches

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "broken_id": self.broken_id,
            "problem": self.problem,
            "mismatches": [m.as_dict() for m in self.mismatches],
            "head": None if self.head is None else self.head.text,
        }


PROGRESS_EVERY = 5_000  # entries


@dataclass(frozen=True)
class ChainHead:
    """The log as it stands: its newest hash and how many entries it has."""

    hash: str
    entries: int

    @property
    def short_hash(self) -> str:
        return self.hash[:12]

    @property
    def text(self) -> str:
        return f"{self.short_hash}/{self.entries}"


def chain_head(conn: sqlite3.Connection) -> ChainHead:
    """For printing on reports: `db audit verify --head` checks a database against it."""
    row = conn.execute("SELECT hash FROM change_log ORDER BY id DESC LIMIT 1").fetchone()
    count = conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
    return ChainHead(row[0] if row else GENESIS_HASH, int(count))


def verify_chain(conn: sqlite3.Connection, progress: Progress | None = None) -> AuditResult:
    """Walk the chain in id order; report the first entry that does not fit."""
    previous = GENESIS_HASH
    count = 0
    last_id = 0
    total = None
    if progress is not None:
        total = conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
        tell(progress, 0, total, _("Checking the change log"))
    columns = ", ".join(_FIELDS)
    rows = conn.execute(
        f"SELECT id, {columns}, origin_db, origin_id, prev_hash, hash FROM change_log ORDER BY id"
    )
    for row in rows:
        count += 1
        if count % PROGRESS_EVERY == 0:
            tell(progress, count, total)
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
    if head is None and count:
        return AuditResult(
            count, None,
            _("The log has {count} entries but its anchor (audit_head) is gone: it was removed "
              "with another tool.").format(count=count),
        )  # fmt: skip
    if head is not None and head != f"{last_id}:{previous}":
        head_id = int(head.split(":", 1)[0])
        return AuditResult(
            count, head_id,
            _("The log ends at entry {last} but entry {head} was written: entries were removed "
              "from the end.").format(last=last_id, head=head_id),
        )  # fmt: skip
    return AuditResult(count)


_BIRTH_DATE = re.compile(r'("birth_date":\s*")(\d{4})-\d{2}-\d{2}(")')


def verify(
    conn: sqlite3.Connection, printed_head: str | None = None, progress: Progress | None = None
) -> AuditResult:
    """The chain, its anchor, the tables against the log, and (if given) a head printed
    earlier: all that `db audit verify` checks."""
    result = verify_chain(conn, progress)
    result.head = chain_head(conn)
    if not result.ok:
        return result
    result.mismatches = replay_mismatches(conn)
    if printed_head is not None and result.problem is None:
        result.problem = check_printed_head(conn, printed_head)
    return result


def check_printed_head(conn: sqlite3.Connection, text: str) -> str | None:
    """None when the log still holds the entry a printed head (`HASH` or `HASH/COUNT`)
    names; else the sentence saying it does not."""
    wanted, _sep, count_text = text.strip().partition("/")
    wanted = wanted.strip().lower()
    if not (8 <= len(wanted) <= 64 and all(c in "0123456789abcdef" for c in wanted)) or (
        count_text and not count_text.strip().isdigit()
    ):
        raise InvalidValue(
            "head", text,
            _("{value!r} is not a chain head; copy it as printed, e.g. 3f2a9c0d1b7e/72.").format(
                value=text),
        )  # fmt: skip
    rows = conn.execute(
        "SELECT id, hash FROM change_log WHERE hash >= ? AND hash < ? ORDER BY id",
        (wanted, wanted + "g"),
    ).fetchall()
    if count_text:
        number = int(count_text)
        position = conn.execute(
            "SELECT hash FROM change_log ORDER BY id LIMIT 1 OFFSET ?", (max(number - 1, 0),)
        ).fetchone()
        if position is not None and position[0].startswith(wanted):
            return None
    elif rows:
        return None
    return _(
        "The log does not contain the printed head {head}: the history it pinned was "
        "rewritten or replaced."
    ).format(head=text.strip())


# -- replay -----------------------------------------------------------------------------------
Key = tuple[str, str, int]


def _logged_tables(conn: sqlite3.Connection) -> list[str]:
    """Every table written through `Changes`: those with a uuid and the stamp columns."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    found = []
    for name in names:
        columns = {r[1] for r in conn.execute(f"PRAGMA table_info({name})")}
        if {"uuid", "created_by", "updated_by", "deleted_at"} <= columns:
            found.append(name)
    return found


def _entries(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    yield from conn.execute(
        "SELECT id, at, table_name, row_uuid, action, new, origin_db, origin_id "
        "FROM change_log ORDER BY id"
    )


def _loads(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _defaults(conn: sqlite3.Connection, table: str) -> dict[str, Any]:
    """Each column's declared default as a value (`'active'` -> active, `0` -> 0)."""
    found: dict[str, Any] = {}
    for row in conn.execute(f"PRAGMA table_info({table})"):
        text = row[4]
        if text is None:
            continue
        try:
            found[row[1]] = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            found[row[1]] = text
    return found


def replay_mismatches(conn: sqlite3.Connection) -> list[Mismatch]:
    """Replay the log and compare every logged field with the row: what does not match."""
    this_db = get_meta(conn, "database_id") or ""
    aliases = dict(conn.execute("SELECT alias_uuid, canonical_uuid FROM recipient_aliases"))
    fields: dict[tuple[str, str], dict[str, tuple[Key, Any]]] = {}
    bulk: dict[tuple[str, str], tuple[Key, str, list[str]]] = {}
    entries = list(_entries(conn))
    for entry in entries:
        if entry["action"] == "merge":
            alias = _loads(entry["new"]).get("alias")
            if isinstance(alias, str):
                aliases[alias] = entry["row_uuid"]

    def canonical(uuid: Any) -> Any:
        seen = 0
        while uuid in aliases and seen < 50:
            uuid, seen = aliases[uuid], seen + 1
        return uuid

    for entry in entries:
        action = entry["action"]
        key: Key = (entry["at"], entry["origin_db"] or this_db,
                    int(entry["origin_id"] if entry["origin_db"] else entry["id"]))  # fmt: skip
        if action == BULK_INSERT:
            columns = bulk_columns({"new": entry["new"]})
            for uuid, digest in bulk_rows({"new": entry["new"]}).items():
                place = (entry["table_name"], canonical(uuid))
                if place not in bulk or key > bulk[place][0]:
                    bulk[place] = (key, digest, columns)
            continue
        if action not in ("insert", "update", "delete"):
            continue
        place = (entry["table_name"], canonical(entry["row_uuid"]))
        known = fields.setdefault(place, {})
        for name, value in _loads(entry["new"]).items():
            if name == "recipient_uuid":
                value = canonical(value)
            if name not in known or key > known[name][0]:
                known[name] = (key, value)
    mismatches: list[Mismatch] = []
    logged_tables = _logged_tables(conn)
    for table in logged_tables:
        for row in conn.execute(f"SELECT * FROM {table}"):
            present = dict(row)
            place = (table, present["uuid"])
            logged = fields.pop(place, None)
            proof = bulk.pop(place, None)
            if logged is None and proof is None:
                mismatches.append(Mismatch(table, place[1], "*", None, _("not in the log")))
                continue
            newest_field = max((k for k, _v in (logged or {}).values()), default=None)
            for name, (_key, value) in (logged or {}).items():
                if name in present and present[name] != value:
                    mismatches.append(Mismatch(table, place[1], name, value, present[name]))
            stale = proof is not None and (newest_field is None or proof[0] > newest_field)
            # The digest covers the columns the batch wrote, as they were inserted.
            inserted = {c: present.get(c) for c in proof[2]} if proof else {}
            if proof is not None and stale and row_digest(inserted) != proof[1]:
                mismatches.append(Mismatch(table, place[1], "*", proof[1][:12], _("other content")))
            if proof is not None:
                # Columns the batch did not write hold their default until a logged change.
                unwritten = set(present) - set(proof[2]) - NOT_CONTENT - set(logged or {})
                defaults = _defaults(conn, table)
                for name in sorted(unwritten):
                    if present[name] is not None and present[name] != defaults.get(name):
                        mismatches.append(
                            Mismatch(table, place[1], name, defaults.get(name), present[name])
                        )
    for (table, uuid), _logged in [*fields.items(), *bulk.items()]:
        if table in logged_tables and uuid not in aliases:
            mismatches.append(Mismatch(table, uuid, "*", _("in the log"), _("missing")))
    return mismatches


def mask_numbers(text: str | None) -> str | None:
    """Mask every 16-digit number (NIK, No. KK) inside a logged value, and cut a logged birth
    date to its year (the hidden digits of a NIK are the birth date)."""
    if text is None:
        return None
    text = _SIXTEEN_DIGITS.sub(lambda m: f"{m.group(1)}******{m.group(3)}", text)
    return _BIRTH_DATE.sub(lambda m: m.group(1) + m.group(2) + m.group(3), text)


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
