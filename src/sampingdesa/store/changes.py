"""Writing user data: every insert, update and soft delete goes through `Changes`, which
stamps the row and appends a hash-chained entry to `change_log` in the same transaction.

An entry sits in two chains. The local chain (`prev_hash`, `hash`) runs over every entry this
database holds, in the order it got them. The origin chain (`origin_hash`) runs over the
entries of one origin (`origin_db`, numbered by `origin_id`): the database, in one epoch, that
wrote them. It is the same on every laptop that holds them, so bundles can prove they extend
what a coordinator already has. A database changes origin after a restore or when its file
was copied (`store.identity`), so a number is never given to two different entries.
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

from sampingdesa.store.connection import Transaction, set_meta, transaction

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
    if action != BULK_INSERT:
        return [row_uuid]
    return list(bulk_rows({"new": new}))


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


def bulk_rows(entry: Mapping[str, Any]) -> dict[str, str]:
    """The rows a `bulk-insert` entry proves, {uuid: row_digest}, from its `new` JSON
    (`{"columns": [...], "rows": [[uuid, digest], ...]}`); {} for anything else."""
    content = _bulk_content(entry.get("new"))
    found: dict[str, str] = {}
    for item in content.get("rows") or ():
        if isinstance(item, list | tuple) and len(item) == 2:
            found[str(item[0])] = str(item[1])
    return found


def bulk_columns(entry: Mapping[str, Any]) -> list[str]:
    """The content columns a `bulk-insert` entry's digests cover."""
    columns = _bulk_content(entry.get("new")).get("columns")
    return [str(c) for c in columns] if isinstance(columns, list) else []


def _bulk_content(new: str | None) -> dict[str, Any]:
    try:
        content = json.loads(new or "{}")
    except ValueError:
        return {}
    return content if isinstance(content, dict) else {}


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
    """One all-or-nothing transaction whose writes are all logged (`writer.discard()`:
    roll it back at the end of the block, e.g. for a dry run)."""
    with transaction(conn) as current:
        writer = Changes(conn, actor, current)
        yield writer
        if not current.discarded:
            writer.flush()
