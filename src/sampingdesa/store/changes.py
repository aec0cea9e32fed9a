"""Writing user data: every insert, update and soft delete goes through `Changes`, which
stamps the row and appends a hash-chained entry to `change_log` in the same transaction."""

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
        self.append(fields, None, None)

    def append(
        self, fields: tuple[str | None, ...], origin_db: str | None, origin_id: int | None
    ) -> None:
        """Chain one entry; merged entries keep their origin (and it is hashed too)."""
        hashed = fields if origin_db is None else (*fields, origin_db, origin_id)
        digest = entry_hash(self._last_hash, hashed)
        self._pending.append((*fields, origin_db, origin_id, self._last_hash, digest))
        self._last_hash = digest
        if len(self._pending) >= 5000:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self.conn.executemany(
                "INSERT INTO change_log (at, actor, table_name, row_uuid, action, old, new, "
                "reason, origin_db, origin_id, prev_hash, hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
