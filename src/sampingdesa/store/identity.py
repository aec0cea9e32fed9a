"""Who this database is: its id, its signing key, and the origin its new entries carry.

- `database_id` names the laptop (its database) to the coordinator; its Ed25519 key pair is
  made with it, and the public key is what the coordinator pins.
- `origin` names one epoch of that database: the entries it writes are numbered 1, 2, ...
  within it. After `db restore`, or when the file turns out to be a copy or a file rolled back
  behind what it already sent, the database starts a new origin, so a number is never given to
  two different entries. Old origins stay the database's own: it still vouches for them.
- `init` on a copied file gives the copy its own database id and key.

Ed25519 comes from `cryptography`, imported only when a key is made or used (start-up time).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

from sampingdesa.store.changes import GENESIS_HASH, chain_next, entry_digest, new_uuid, now_iso
from sampingdesa.store.connection import get_meta, set_meta

_LOG_FIELDS = "at, actor, table_name, row_uuid, action, old, new, reason"


# -- keys -------------------------------------------------------------------------------------
def generate_key() -> tuple[str, str]:
    """A new Ed25519 key pair as (private, public), hex of the raw 32 bytes each."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return private.hex(), public.hex()


def sign(private_hex: str, message: bytes) -> str:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private_hex)).sign(message).hex()


def verify(public_hex: str, message: bytes, signature_hex: str) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
        key.verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def fingerprint(public_hex: str) -> str:
    """A short form people can compare aloud: 4 groups of 4 hex digits."""
    digest = hashlib.sha256(bytes.fromhex(public_hex)).hexdigest()[:16]
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def head_message(origin: str, last_id: int, head_hash: str) -> bytes:
    """What an origin's owner signs to vouch for its chain up to `last_id`."""
    return f"sampingdesa-origin-head\n{origin}\n{last_id}\n{head_hash}".encode()


# -- the file ---------------------------------------------------------------------------------
def _file_path(conn: sqlite3.Connection) -> Path | None:
    for row in conn.execute("PRAGMA database_list"):
        if row[1] == "main":
            return Path(row[2]) if row[2] else None
    return None


def file_key(conn: sqlite3.Connection) -> str:
    """The file's device and inode: a copy (or a moved file) has another."""
    path = _file_path(conn)
    if path is None:
        return "memory"
    try:
        info = path.stat()
    except OSError:
        return "unknown"
    return f"{info.st_dev}:{info.st_ino}"


def sent_marker(conn: sqlite3.Connection) -> Path | None:
    """Beside the database: the newest entry of each origin that left in a bundle. Kept
    outside the file, so a database file copied back over a newer one is noticed."""
    path = _file_path(conn)
    return None if path is None else path.with_name(path.name + ".sent")


# -- identity ---------------------------------------------------------------------------------
def database_key(conn: sqlite3.Connection) -> tuple[str, str]:
    """This database's (private, public) key, made on first use."""
    private, public = get_meta(conn, "signing_key"), get_meta(conn, "public_key")
    if private is None or public is None:
        private, public = generate_key()
        set_meta(conn, "signing_key", private)
        set_meta(conn, "public_key", public)
        _pin_own(conn, public)
    return private, public


def _pin_own(conn: sqlite3.Connection, public: str) -> None:
    database_id = get_meta(conn, "database_id")
    conn.execute(
        "INSERT OR REPLACE INTO sync_keys (database_id, public_key, fingerprint, "
        "assistant_name, pinned_at, how) VALUES (?, ?, ?, NULL, ?, 'own')",
        (database_id, public, fingerprint(public), now_iso()),
    )


def ensure_identity(conn: sqlite3.Connection) -> str:
    """For `init` (inside its transaction): give a new database its id, key and origin; give
    a copied file its own. Returns the database id."""
    database_id = get_meta(conn, "database_id")
    if database_id is None:
        set_meta(conn, "database_id", new_uuid())
        database_key(conn)
        new_epoch(conn)
    elif get_meta(conn, "copied") or get_meta(conn, "home") not in (None, file_key(conn)):
        _separate_copy(conn)
        conn.execute("DELETE FROM meta WHERE key = 'copied'")
    else:
        upgrade_legacy(conn)
    return str(get_meta(conn, "database_id"))


def _separate_copy(conn: sqlite3.Connection) -> None:
    """The copy keeps the history it was given, vouched for by the original's key, and goes
    on under a new id, key and origin."""
    old_id = str(get_meta(conn, "database_id"))
    upgrade_legacy(conn)
    private, _public = database_key(conn)
    for origin in own_origins(conn, old_id):
        last_id, head = origin_head(conn, origin)
        conn.execute(
            "INSERT OR REPLACE INTO sync_origins (origin, database_id, last_id, head_hash, "
            "signature) VALUES (?, ?, ?, ?, ?)",
            (origin, old_id, last_id, head, sign(private, head_message(origin, last_id, head))),
        )
    conn.execute(
        "UPDATE sync_keys SET how = 'first-use', assistant_name = ? WHERE database_id = ?",
        (_assistant_name(conn), old_id),
    )
    for key in ("signing_key", "public_key"):
        conn.execute("DELETE FROM meta WHERE key = ?", (key,))
    set_meta(conn, "database_id", new_uuid())
    database_key(conn)
    new_epoch(conn)


def _assistant_name(conn: sqlite3.Connection) -> str | None:
    row = conn.execute(
        "SELECT a.name FROM meta m JOIN assistants a ON a.uuid = m.value "
        "WHERE m.key = 'assistant_uuid'"
    ).fetchone()
    return None if row is None else str(row[0])


def new_epoch(conn: sqlite3.Connection) -> str:
    """Start a new origin for the entries this database writes from now on (after a restore,
    or when the file was copied or moved). Call inside a transaction."""
    database_id = get_meta(conn, "database_id")
    origin = new_uuid()
    set_meta(conn, "origin", origin)
    set_meta(conn, "home", file_key(conn))
    conn.execute(
        "INSERT INTO sync_origins (origin, database_id, last_id, head_hash, signature) "
        "VALUES (?, ?, 0, ?, '')",
        (origin, database_id, GENESIS_HASH),
    )
    return origin


def own_origins(conn: sqlite3.Connection, database_id: str | None = None) -> list[str]:
    """The origins this database (or `database_id`) wrote entries under."""
    owner = database_id or get_meta(conn, "database_id")
    return [
        row[0]
        for row in conn.execute(
            "SELECT origin FROM sync_origins WHERE database_id = ? ORDER BY origin", (owner,)
        )
    ]


def origin_head(conn: sqlite3.Connection, origin: str) -> tuple[int, str]:
    """(newest entry number, its origin hash) of what this database holds of `origin`:
    entries and placeholders ("stubs") alike; (0, genesis) when it holds nothing."""
    best = (0, GENESIS_HASH)
    for sql, params in _held_queries(conn, origin, None):
        row = conn.execute(sql + " ORDER BY 1 DESC LIMIT 1", params).fetchone()
        if row is not None and int(row[0]) > best[0]:
            best = (int(row[0]), str(row[1]))
    return best


def held_hash(conn: sqlite3.Connection, origin: str, number: int) -> str | None:
    """The origin hash this database holds for entry `number` of `origin`, if any."""
    if number == 0:
        return GENESIS_HASH
    for sql, params in _held_queries(conn, origin, number):
        row = conn.execute(sql, params).fetchone()
        if row is not None:
            return str(row[1])
    return None


def _held_queries(
    conn: sqlite3.Connection, origin: str, number: int | None
) -> list[tuple[str, tuple[object, ...]]]:
    one = "" if number is None else " AND {column} = ?"
    extra: tuple[object, ...] = () if number is None else (number,)
    queries = [
        ("SELECT origin_id, origin_hash FROM change_log WHERE origin_db = ? "
         "AND origin_hash IS NOT NULL" + one.format(column="origin_id"), (origin, *extra)),
        ("SELECT origin_id, origin_hash FROM sync_stubs WHERE origin_db = ?"
         + one.format(column="origin_id"), (origin, *extra)),
    ]  # fmt: skip
    if origin == get_meta(conn, "database_id"):  # entries from before origins existed
        queries.append(
            ("SELECT id, origin_hash FROM change_log WHERE origin_db IS NULL "
             "AND origin_hash IS NOT NULL" + one.format(column="id"), extra)
        )  # fmt: skip
    return queries


def upgrade_legacy(conn: sqlite3.Connection) -> None:
    """A database from before origins: its own entries (origin_db NULL) become the origin
    named by its database id, chained in id order; new entries get a new origin."""
    if get_meta(conn, "origin") is not None or get_meta(conn, "database_id") is None:
        return
    database_id = str(get_meta(conn, "database_id"))
    database_key(conn)
    head = GENESIS_HASH
    last_id = 0
    updates = []
    for row in conn.execute(
        f"SELECT id, {_LOG_FIELDS} FROM change_log WHERE origin_db IS NULL ORDER BY id"
    ):
        head = chain_next(head, entry_digest(tuple(row)[1:], database_id, row["id"]))
        last_id = row["id"]
        updates.append((head, row["id"]))
    conn.executemany("UPDATE change_log SET origin_hash = ? WHERE id = ?", updates)
    conn.execute(
        "INSERT OR IGNORE INTO sync_origins (origin, database_id, last_id, head_hash, "
        "signature) VALUES (?, ?, ?, ?, '')",
        (database_id, database_id, last_id, head),
    )
    new_epoch(conn)


def check_file(conn: sqlite3.Connection) -> None:
    """At open: a database whose file was copied, moved or rolled back behind what it sent
    starts a new origin before it writes anything."""
    meta = dict(
        conn.execute(
            "SELECT key, value FROM meta WHERE key IN ('database_id', 'origin', 'home', 'restored')"
        ).fetchall()
    )
    if "database_id" not in meta:
        return
    reason = None
    if "origin" not in meta:
        reason = "legacy"
    elif meta.get("restored"):
        reason = "restored"
    elif meta.get("home") != file_key(conn):
        reason = "copied"
    elif _rolled_back(conn, meta["origin"]):
        reason = "rolled-back"
    if reason is None:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        if reason == "legacy":
            upgrade_legacy(conn)
        else:
            new_epoch(conn)
        if reason == "copied":  # `init` on this file will give it its own id and key
            set_meta(conn, "copied", "1")
        conn.execute("DELETE FROM meta WHERE key = 'restored'")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def mark_restored(conn: sqlite3.Connection) -> None:
    """For `db restore`, on the restored file (any schema version): its next open starts a
    new origin, so entries written after the restore never reuse numbers already sent."""
    if conn.execute("SELECT 1 FROM meta WHERE key = 'database_id'").fetchone():
        set_meta(conn, "restored", "1")


def _rolled_back(conn: sqlite3.Connection, origin: str) -> bool:
    marker = sent_marker(conn)
    if marker is None or not marker.is_file():
        return False
    try:
        sent = json.loads(marker.read_text(encoding="utf-8"))
        wanted = int(sent.get(origin, 0))
    except (OSError, ValueError, TypeError, AttributeError):
        return False
    return wanted > origin_head(conn, origin)[0]


def record_sent(conn: sqlite3.Connection, heads: dict[str, int]) -> None:
    """After an export: remember outside the file how far each origin has been sent."""
    marker = sent_marker(conn)
    if marker is None:
        return
    try:
        sent = json.loads(marker.read_text(encoding="utf-8")) if marker.is_file() else {}
        if not isinstance(sent, dict):
            sent = {}
    except (OSError, ValueError):
        sent = {}
    for origin, last_id in heads.items():
        sent[origin] = max(int(sent.get(origin, 0) or 0), last_id)
    try:
        handle = os.open(marker, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(sent, out)
    except OSError:
        pass  # only a safety net; the bundle itself is written
