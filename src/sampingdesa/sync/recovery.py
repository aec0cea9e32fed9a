"""Recovery when the first bundle for a laptop came from the wrong key (`sync trust ID:KEY
--replace --drop-foreign`).

Trust on first use pins the first key that claims a laptop id. When that first bundle came
from someone else (another laptop re-signing the work, or whoever read the id from a
bundle), the real laptop is refused: its key differs and its history "forks". Recovery is
one logged step on the coordinator: the entries the wrong key brought are disowned (kept in
the hash chain, no longer counted), every row they touched goes back to what the other
entries say (rows only they explain are removed), the origin chains they claimed are
forgotten and the real key is pinned; the real laptop's next bundle then goes in whole.

The step is the `disown` entry, logged by the coordinator: it names the laptop, the key
pinned and the origins disowned, so `db audit verify` can tell a disowned entry from one
hidden beside the log.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from sampingdesa.errors import NotFound
from sampingdesa.i18n import _
from sampingdesa.store.audit import DISOWN as DISOWN
from sampingdesa.store.changes import Changes
from sampingdesa.store.db import get_meta
from sampingdesa.sync import trust
from sampingdesa.sync.tables import TABLES

DISOWNED_PREFIX = "disowned:"


@dataclass
class Undo:
    """What dropping a laptop's foreign history changes: shown before it is done."""

    database_id: str
    origins: dict[str, int]  # origin -> entries disowned
    entries: int
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # table, uuid, label
    forks_closed: int = 0


def _label(conn: sqlite3.Connection, table: str, uuid: str) -> str:
    if table == "recipients":
        row = conn.execute("SELECT name FROM recipients WHERE uuid = ?", (uuid,)).fetchone()
        return str(row[0]) if row else uuid[:8]
    return uuid[:8]


def plan_undo(conn: sqlite3.Connection, database_id: str) -> Undo:
    """The entries the key pinned for `database_id` brought, and the rows they touched."""
    known = conn.execute(
        "SELECT 1 FROM sync_keys WHERE database_id = ? AND how != 'own'", (database_id,)
    ).fetchone()
    if known is None:
        raise NotFound(_("No laptop {id} is known here.").format(id=database_id[:8]))
    origins = [
        r[0]
        for r in conn.execute(
            "SELECT origin FROM sync_origins WHERE database_id = ? ORDER BY origin", (database_id,)
        )
    ]
    counts: dict[str, int] = {}
    touched: dict[tuple[str, str], None] = {}
    total = 0
    for origin in origins:
        for entry in conn.execute(
            "SELECT table_name, row_uuid, action, new FROM change_log WHERE origin_db = ?",
            (origin,),
        ):
            total += 1
            counts[origin] = counts.get(origin, 0) + 1
            if entry["table_name"] not in TABLES:
                continue
            if entry["action"] == "bulk-insert":
                from sampingdesa.store.changes import bulk_rows

                for uuid in bulk_rows({"new": entry["new"]}):
                    touched[(entry["table_name"], uuid)] = None
            else:
                touched[(entry["table_name"], entry["row_uuid"])] = None
    rows = [(table, uuid, _label(conn, table, uuid)) for table, uuid in touched]
    return Undo(database_id, counts, total, rows)


def drop_foreign(
    writer: Changes, database_id: str, public_key: str, name: str | None = None
) -> Undo:
    """Disown what the key pinned for `database_id` brought, put the rows it touched back,
    and pin `public_key` for that laptop: one logged step (call inside `changes()`). The
    `disown` entry travels in the coordinator's bundles: a laptop that holds the same
    entries does the same when it merges it."""
    conn = writer.conn
    plan = plan_undo(conn, database_id)
    trust.trust_key(conn, f"{database_id}:{public_key}", name, replace=True)
    writer.log(
        "sync_keys", database_id, DISOWN, None,
        {"database_id": database_id, "origins": plan.origins, "public_key": public_key,
         "key": trust.safe_fingerprint(public_key)},
        _("entries signed with a key that was not this laptop's"),
    )  # fmt: skip
    writer.flush()
    plan.forks_closed = disown(conn, database_id, list(plan.origins), writer.at)
    _put_back(conn, {(t, u) for t, u, _label in plan.rows})
    return plan


def disown(conn: sqlite3.Connection, database_id: str, origins: list[str], at: str) -> int:
    """Set the entries of `origins` aside (kept in the chain, the hash is over the original
    origin; no longer counted) and forget what they claimed. Returns the forks closed."""
    for origin in origins:
        conn.execute(
            "UPDATE change_log SET disowned_origin = origin_db, origin_db = ? WHERE origin_db = ?",
            (DISOWNED_PREFIX + origin, origin),
        )
        conn.execute("DELETE FROM sync_origins WHERE origin = ?", (origin,))
        conn.execute("DELETE FROM sync_stubs WHERE origin_db = ?", (origin,))
    return int(
        conn.execute(
            "UPDATE sync_forks SET resolved_at = ? WHERE database_id = ? AND resolved_at IS NULL",
            (at, database_id),
        ).rowcount
    )


def follow(conn: sqlite3.Connection, step: dict[str, Any], at: str) -> bool:
    """Do on this laptop what a coordinator's `disown` entry did (its origin chain verified
    by the caller): when this database holds entries of those origins. Returns whether it
    changed anything."""
    database_id, public = step.get("database_id"), step.get("public_key")
    if database_id == get_meta(conn, "database_id"):
        return False  # this laptop is the real one: its own history stays
    from sampingdesa.store.identity import own_origins

    mine = {*own_origins(conn), get_meta(conn, "origin")}
    origins = [str(o) for o in step.get("origins") or {} if o not in mine]
    if not origins or not isinstance(database_id, str) or not isinstance(public, str):
        return False
    if len(public) != 64 or any(c not in "0123456789abcdef" for c in public.lower()):
        return False
    marks = ",".join("?" * len(origins))
    touched: set[tuple[str, str]] = set()
    from sampingdesa.store.changes import bulk_rows

    for entry in conn.execute(
        f"SELECT table_name, row_uuid, action, new FROM change_log WHERE origin_db IN ({marks})",
        origins,
    ):
        if entry["action"] == "bulk-insert":
            touched.update((entry["table_name"], u) for u in bulk_rows({"new": entry["new"]}))
        else:
            touched.add((entry["table_name"], entry["row_uuid"]))
    if not touched:
        return False
    trust.pin(conn, database_id, public, None, "trusted")
    disown(conn, database_id, origins, at)
    _put_back(conn, touched)
    return True


def _put_back(conn: sqlite3.Connection, rows: set[tuple[str, str]]) -> None:
    """Every touched row as the entries still counted say: fields set back, rows that only
    disowned entries explained removed (children first)."""
    from sampingdesa.store.audit import replay_mismatches as replay

    conn.execute("PRAGMA defer_foreign_keys = ON")
    order = {table: number for number, table in enumerate(TABLES)}
    removals: list[tuple[str, str]] = []
    for mismatch in replay(conn):
        place = (mismatch.table, mismatch.row_uuid)
        if place not in rows:
            continue
        if mismatch.field == "*":
            if mismatch.logged is None:  # only disowned entries explained the row
                removals.append(place)
        else:
            conn.execute(
                f"UPDATE {mismatch.table} SET {mismatch.field} = ? WHERE uuid = ?",
                (mismatch.logged, mismatch.row_uuid),
            )
    for table, uuid in sorted(removals, key=lambda p: -order.get(p[0], 0)):
        conn.execute(f"DELETE FROM {table} WHERE uuid = ?", (uuid,))
