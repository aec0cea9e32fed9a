"""Writing user data: every insert, update and soft delete goes through `Changes`, which
stamps the row and appends a hash-chained entry to `change_log` in the same transaction.

Bulk writes (a recipient import) take the one bulk path, `Changes.bulk_insert`: the rows go
in with one `executemany` and one compact entry per batch (action `bulk-insert`) that lists
each row's UUID with the `row_digest` of its content, so the chain still proves every row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sampingdesa.store.db import set_meta, transaction

GENESIS_HASH = "0" * 64
BULK_INSERT = "bulk-insert"
# Columns that are bookkeeping, not content: never part of a row digest.
NOT_CONTENT = frozenset(
    ("uuid", "created_at", "created_by", "updated_at", "updated_by", "deleted_at", "deleted_reason")
)
# One encoder, built once: json.dumps with options builds a new one on every call.
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def new_uuid() -> str:
    return str(uuid.uuid4())


def to_json(values: Mapping[str, Any] | None) -> str | None:
    if values is None:
        return None
    return _ENCODE(values)


def row_digest(row: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of a row's canonical content, as a `bulk-insert` entry records it.

    The content is the row's columns other than `uuid` and the stamps (`NOT_CONTENT`), with
    null values left out (a null column and an absent one are the same content), written as
    `to_json` writes it: compact JSON, keys sorted, UTF-8. So for a row that was inserted
    with values `v`, `row_digest(v)` equals the SHA-256 of the `new` text a per-row
    `insert` entry would have logged without its nulls, and `row_digest(dict(sqlite_row))`
    of the stored row, restricted to the entry's `columns`, gives the same digest as long
    as the row was not updated since.
    """
    content = {k: v for k, v in row.items() if v is not None and k not in NOT_CONTENT}
    return _digest(content)


def _digest(content: Mapping[str, Any]) -> str:
    return hashlib.sha256(_ENCODE(content).encode("utf-8")).hexdigest()


def logged_rows(row_uuid: str, action: str, new: str | None) -> list[str]:
    """The UUIDs of the rows one change-log entry is about (a bulk entry lists many)."""
    if action != BULK_INSERT or not new:
        return [row_uuid]
    return [pair[0] for pair in json.loads(new)["rows"]]


def entry_hash(prev_hash: str, fields: Iterable[str | int | None]) -> str:
    """SHA-256 over the previous hash and the entry's fields (unit-separated, None as '').

    Entries merged from another laptop add their origin (database id, entry id) as fields."""
    # One call over the joined text: the same digest as feeding the parts one by one.
    text = prev_hash + "".join("\x1f" + ("" if f is None else str(f)) for f in fields)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Changes:
    """The writes of one transaction, by one actor (an assistant's UUID)."""

    def __init__(self, conn: sqlite3.Connection, actor: str) -> None:
        self.conn = conn
        self.actor = actor
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

    # -- rows ------------------------------------------------------------------------------
    def bulk_insert(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Insert many rows with one statement and log them as ONE `bulk-insert` entry.

        Each row is `(uuid, *values)`, values in the order of `columns` (no stamp columns:
        they are added, as `insert` does). The one documented way to write rows without an
        entry each (imports); keep batches to a few thousand rows.

        The entry: `table_name` is the table, `row_uuid` a fresh UUID naming the batch,
        `action` is `bulk-insert`, `old` and `reason` are null, and `new` is the JSON object
        `{"columns": [the columns, sorted], "rows": [[uuid, digest], ...]}` with one pair
        per row in insertion order, `digest` being `row_digest` of that row's values
        (nulls left out). The entry is hashed and chained like any other, so changing,
        adding or dropping a row's digest breaks the chain; replaying the entry means
        comparing each listed row's content (its state at insertion) with its digest.
        """
        names = tuple(columns)
        if NOT_CONTENT.intersection(names):
            raise ValueError(f"bulk_insert takes content columns only, not {names}")
        if not rows:
            return
        at, actor = self.at, self.actor
        pairs = [
            [row[0], _digest({k: v for k, v in zip(names, row[1:], strict=True) if v is not None})]
            for row in rows
        ]
        stamped = ", ".join(
            ("uuid", *names, "created_at", "created_by", "updated_at", "updated_by")
        )
        marks = ", ".join("?" * (len(names) + 5))
        stamps = (at, actor, at, actor)
        self.conn.executemany(
            f"INSERT INTO {table} ({stamped}) VALUES ({marks})",
            (tuple(row) + stamps for row in rows),
        )
        body = {"columns": sorted(names), "rows": pairs}
        self.log(table, new_uuid(), BULK_INSERT, None, body)

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
    """One all-or-nothing transaction whose writes are all logged."""
    with transaction(conn):
        writer = Changes(conn, actor)
        yield writer
        writer.flush()
