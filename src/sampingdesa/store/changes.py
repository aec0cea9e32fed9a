"""Writing user data: every insert, update and soft delete goes through `Changes`, which
stamps the row and appends a hash-chained entry to `change_log` in the same transaction.

An entry sits in two chains. The local chain (`prev_hash`, `hash`) runs over every entry this
database holds, in the order it got them. The origin chain (`origin_hash`) runs over the
entries of one origin (`origin_db`, numbered by `origin_id`): the database, in one epoch, that
wrote them. It is the same on every laptop that holds them, so bundles can prove they extend
what a coordinator already has. A database changes origin after a restore or when its file
was copied (`store.identity`), so a number is never given to two different entries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sampingdesa.store.db import Transaction, set_meta, transaction

GENESIS_HASH = "0" * 64
BULK_INSERT = "bulk-insert"  # one entry for many rows: {"rows": {uuid: row_hash(row)}}
STAMP_COLUMNS = ("uuid", "created_at", "created_by", "updated_at", "updated_by")


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def new_uuid() -> str:
    return str(uuid.uuid4())


def to_json(values: Mapping[str, Any] | None) -> str | None:
    if values is None:
        return None
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(prev_hash: str, fields: Iterable[str | int | None]) -> str:
    """SHA-256 over the previous hash and the entry's fields (unit-separated, None as '').

    Entries merged from another laptop add their origin (database id, entry id) as fields."""
    # One call over the joined text: the same digest as feeding the parts one by one.
    text = prev_hash + "".join("\x1f" + ("" if f is None else str(f)) for f in fields)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_digest(fields: Iterable[str | int | None], origin_db: str, origin_id: int) -> str:
    """What an entry says, and who said it: the link of the origin chain (and what a bundle
    sends in place of an entry it leaves out)."""
    return entry_hash(GENESIS_HASH, (*fields, origin_db, origin_id))


def chain_next(previous: str, digest: str) -> str:
    """The origin chain's hash after an entry with `digest`."""
    return entry_hash(previous, (digest,))


def row_hash(row: Mapping[str, Any]) -> str:
    """The content of a row as a bulk entry proves it: every column but the uuid and the
    stamps (`deleted_at`/`deleted_reason` included), as stored."""
    content = {k: v for k, v in row.items() if k not in STAMP_COLUMNS}
    return hashlib.sha256((to_json(content) or "").encode("utf-8")).hexdigest()


def bulk_rows(entry: Mapping[str, Any]) -> dict[str, str]:
    """The rows a bulk entry proves, {uuid: row_hash}, from its `new` JSON: `{"rows": ...}`
    as a mapping, a list of [uuid, hash] pairs, or a list of {"uuid", "hash"} records."""
    try:
        content = json.loads(entry.get("new") or "{}")
    except ValueError:
        return {}
    rows = content.get("rows") if isinstance(content, dict) else None
    if isinstance(rows, dict):
        return {str(k): str(v) for k, v in rows.items()}
    found: dict[str, str] = {}
    for item in rows if isinstance(rows, list) else ():
        if isinstance(item, dict) and "uuid" in item:
            found[str(item["uuid"])] = str(item.get("hash"))
        elif isinstance(item, list | tuple) and len(item) == 2:
            found[str(item[0])] = str(item[1])
    return found


class Changes:
    """The writes of one transaction, by one actor (an assistant's UUID)."""

    def __init__(
        self, conn: sqlite3.Connection, actor: str, transaction: Transaction | None = None
    ) -> None:
        self.conn = conn
        self.actor = actor
        self._transaction = transaction
        self.at = now_iso()
        row = conn.execute("SELECT hash FROM change_log ORDER BY id DESC LIMIT 1").fetchone()
        self._last_hash = row[0] if row else GENESIS_HASH
        self._pending: list[tuple[Any, ...]] = []
        found = conn.execute("SELECT value FROM meta WHERE key = 'origin'").fetchone()
        self.origin: str | None = found[0] if found else None
        self._origin_id = 0
        self._origin_hash = GENESIS_HASH
        if self.origin is not None:
            last = conn.execute(
                "SELECT origin_id, origin_hash FROM change_log WHERE origin_db = ? "
                "ORDER BY origin_id DESC LIMIT 1",
                (self.origin,),
            ).fetchone()
            if last is not None:
                self._origin_id, self._origin_hash = int(last[0]), last[1]

    # -- the log ---------------------------------------------------------------------------
    def log(
        self,
        table: str,
        row_uuid: str,
        action: str,
        old: Mapping[str, Any] | None,
        new: Mapping[str, Any] | None,
        reason: str | None = None,
    ) -> None:
        fields = (self.at, self.actor, table, row_uuid, action, to_json(old), to_json(new), reason)
        if self.origin is None:  # a database not set up yet has no origin
            self.append(fields, None, None, None)
            return
        self._origin_id += 1
        self._origin_hash = chain_next(
            self._origin_hash, entry_digest(fields, self.origin, self._origin_id)
        )
        self.append(fields, self.origin, self._origin_id, self._origin_hash)

    def append(
        self,
        fields: tuple[str | None, ...],
        origin_db: str | None,
        origin_id: int | None,
        origin_hash: str | None,
    ) -> None:
        """Chain one entry; every entry keeps its origin (and it is hashed too)."""
        hashed = fields if origin_db is None else (*fields, origin_db, origin_id)
        digest = entry_hash(self._last_hash, hashed)
        self._pending.append((*fields, origin_db, origin_id, origin_hash, self._last_hash, digest))
        self._last_hash = digest
        if len(self._pending) >= 5000:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self.conn.executemany(
                "INSERT INTO change_log (at, actor, table_name, row_uuid, action, old, new, "
                "reason, origin_db, origin_id, origin_hash, prev_hash, hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self._pending,
            )
            self._pending.clear()
            # The head anchors the chain's end, so removing the newest entries shows too.
            last_id = self.conn.execute("SELECT max(id) FROM change_log").fetchone()[0]
            set_meta(self.conn, "audit_head", f"{last_id}:{self._last_hash}")

    def discard(self) -> None:
        """Write nothing after all: the transaction rolls back when its block ends."""
        if self._transaction is None:
            raise RuntimeError("discard() needs a writer made by changes()")
        self._transaction.discard()
        self._pending.clear()

    # -- rows ------------------------------------------------------------------------------
    def insert(self, table: str, values: Mapping[str, Any], row_uuid: str | None = None) -> str:
        row_uuid = row_uuid or new_uuid()
        data = dict(values)
        row = {
            "uuid": row_uuid,
            **data,
            "created_at": self.at,
            "created_by": self.actor,
            "updated_at": self.at,
            "updated_by": self.actor,
        }
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self.conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))
        self.log(table, row_uuid, "insert", None, data)
        return row_uuid

    def update(
        self, table: str, row_uuid: str, changes: Mapping[str, Any], reason: str | None = None
    ) -> dict[str, Any]:
        """Write only the fields whose value differs; return those (empty: nothing changed)."""
        current = self.conn.execute(f"SELECT * FROM {table} WHERE uuid = ?", (row_uuid,)).fetchone()
        if current is None:
            raise KeyError(row_uuid)
        changed = {k: v for k, v in changes.items() if current[k] != v}
        if not changed:
            return {}
        old = {k: current[k] for k in changed}
        assignments = ", ".join(f"{k} = ?" for k in changed)
        self.conn.execute(
            f"UPDATE {table} SET {assignments}, updated_at = ?, updated_by = ? WHERE uuid = ?",
            [*changed.values(), self.at, self.actor, row_uuid],
        )
        self.log(table, row_uuid, "update", old, changed, reason)
        return changed

    def soft_delete(self, table: str, row_uuid: str, reason: str) -> None:
        self.conn.execute(
            f"UPDATE {table} SET deleted_at = ?, deleted_reason = ?, updated_at = ?, "
            "updated_by = ? WHERE uuid = ?",
            (self.at, reason, self.at, self.actor, row_uuid),
        )
        self.log(
            table,
            row_uuid,
            "delete",
            None,
            {"deleted_at": self.at, "deleted_reason": reason},
            reason,
        )


@contextmanager
def changes(conn: sqlite3.Connection, actor: str) -> Iterator[Changes]:
    """One all-or-nothing transaction whose writes are all logged (`writer.discard()`:
    roll it back at the end of the block, e.g. for a dry run)."""
    with transaction(conn) as current:
        writer = Changes(conn, actor, current)
        yield writer
        if not current.discarded:
            writer.flush()
