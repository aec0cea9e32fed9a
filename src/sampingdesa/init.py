"""`sampingdesa init`: setting this laptop up for a regency and an assistant (regions, the
programme catalogue, the database's identity). What it set is read back by `places.laptop`."""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass

from sampingdesa.errors import Conflict, InvalidValue, NotFound
from sampingdesa.i18n import _
from sampingdesa.places import regions
from sampingdesa.places.laptop import (
    Assistant,
    current_assistant,
    kabupaten_code,
    region_name,
    resolve_kabupaten,
)
from sampingdesa.places.regions import Region
from sampingdesa.register.programs import seed_programs
from sampingdesa.store.changes import changes
from sampingdesa.store.connection import get_meta, set_meta, transaction


@dataclass(frozen=True)
class InitResult:
    kabupaten: Region
    assistant: Assistant
    kecamatan_count: int
    desa_count: int
    programs_seeded: int
    desa: Region | None = None


@dataclass(frozen=True)
class InitPlan:
    """What `init` would do, so a user can confirm before anything is written."""

    kabupaten: Region
    desa: Region | None
    # The desa the same assistant has now, when init would move them to another one.
    moved_from: Region | None
    # The assistant this laptop is set up for, when init names another person.
    replaces: Assistant | None = None


def plan_init(
    conn: sqlite3.Connection, *, kabupaten: str, assistant_name: str, desa: str | None
) -> InitPlan:
    """Resolve the regency and desa `init` was given, and say whether the assistant moves."""
    kab = resolve_kabupaten(kabupaten)
    _check_regency(conn, kab)
    found = _init_desa(kab, desa) if desa else None
    moved_from = None
    name = " ".join(assistant_name.split())
    own = _own_assistant(conn, name)
    row = (
        None
        if own is None
        else conn.execute("SELECT desa_code FROM assistants WHERE uuid = ?", (own,)).fetchone()
    )
    if found is not None and row is not None and row[0] and row[0] != found.code:
        moved_from = regions.region(row[0]) or Region(row[0], row[0])
    return InitPlan(kab, found, moved_from, _replaced(conn, name))


def _check_regency(conn: sqlite3.Connection, kab: Region) -> str | None:
    current = kabupaten_code(conn)
    if current is not None and current != kab.code:
        has_data = conn.execute("SELECT 1 FROM recipients LIMIT 1").fetchone()
        if has_data:
            raise Conflict(
                _(
                    "This database is set up for {current} and holds recipients; it cannot "
                    "switch to {new}. Use another database file."
                ).format(current=current, new=kab.code)
            )
    return current


def _set_up_as(conn: sqlite3.Connection) -> Assistant | None:
    if kabupaten_code(conn) is None:
        return None
    try:
        return current_assistant(conn)
    except NotFound:
        return None


def _replaced(conn: sqlite3.Connection, name: str) -> Assistant | None:
    """The assistant this laptop is set up for, if `name` is someone else (a copied file
    handed to another laptop is set up afresh: its assistant is not replaced)."""
    current = _set_up_as(conn)
    if current is None or current.name == name:
        return None
    from sampingdesa.store.identity import file_key

    if get_meta(conn, "copied") or get_meta(conn, "home") not in (None, file_key(conn)):
        return None
    return current


def _own_assistant(conn: sqlite3.Connection, name: str) -> str | None:
    """The assistant called `name` this laptop writes as, or wrote as before: never another
    laptop's assistant who happens to have (or claims) that name. An assistant's id is random
    (given at `init`); the name is only a label, so namesakes stay two people."""
    current = _set_up_as(conn)
    if current is not None and current.name == name:
        return current.uuid
    from sampingdesa.store.identity import own_origins

    origins = own_origins(conn)
    marks = ",".join("?" * len(origins)) or "NULL"
    row = conn.execute(
        "SELECT a.uuid FROM assistants a WHERE a.name = ? AND a.deleted_at IS NULL AND EXISTS "
        "(SELECT 1 FROM change_log c WHERE c.row_uuid = a.uuid AND c.table_name = 'assistants' "
        f"AND c.action = 'insert' AND (c.origin_db IS NULL OR c.origin_db IN ({marks}))) "
        "ORDER BY a.created_at LIMIT 1",
        (name, *origins),
    ).fetchone()
    return None if row is None else str(row[0])


def _init_desa(kab: Region, desa: str) -> Region:
    pool = [r for r in regions.descendants(kab.code) if r.level in ("desa", "kelurahan")]
    return regions.resolve_region(desa, pool, _("desa"))


def init_database(
    conn: sqlite3.Connection,
    *,
    kabupaten: str,
    assistant_name: str,
    desa: str | None,
    phone: str | None = None,
    coordinator: bool = False,
    another_assistant: bool = False,
) -> InitResult:
    """Set up the regency (regions, programme catalogue) and this laptop's assistant.

    Running it again keeps every record: it may add or switch the assistant, but refuses
    to move a database that already holds recipients to another regency. A name other than
    the one this laptop is set up for means another person: refused unless
    `another_assistant` says so. A new assistant gets a random id.
    """
    kab = resolve_kabupaten(kabupaten)
    assistant_name = " ".join(assistant_name.split())
    if not assistant_name:
        raise InvalidValue("assistant", assistant_name, _("The assistant's name is empty."))
    current = _check_regency(conn, kab)
    replaced = _replaced(conn, assistant_name)
    if replaced is not None and not another_assistant:
        raise Conflict(
            _("This laptop is set up for {current} ({desa}); {name} is another name, so "
              "another assistant. Nothing changed.").format(
                current=replaced.name, desa=region_name(conn, replaced.desa_code)
                or _("coordinator"), name=assistant_name)
        )  # fmt: skip
    area = regions.descendants(kab.code)
    desa_region = _init_desa(kab, desa) if desa else None
    desa_code = desa_region.code if desa_region else None
    if not desa and not coordinator:
        raise InvalidValue(
            "desa", None, _("Give the assistant's desa, or say the assistant is a coordinator.")
        )
    with transaction(conn):
        if current != kab.code:
            conn.execute("DELETE FROM regions")
            conn.executemany(
                "INSERT INTO regions (code, name, level, parent_code) VALUES (?, ?, ?, ?)",
                [(r.code, r.name, r.level, r.parent_code) for r in [kab, *area]],
            )
            set_meta(conn, "kabupaten_code", kab.code)
        from sampingdesa.store.identity import ensure_identity

        ensure_identity(conn)  # id, signing key, origin; a copied file gets its own
    # This laptop's own assistant of that name, else a new one with a random id: a name is
    # a label, never an identity (older databases keep the ids they have).
    existing = _own_assistant(conn, assistant_name)
    row = None if existing is None else (existing,)
    assistant_uuid = existing or str(uuid.uuid4())
    role = "koordinator" if coordinator else "pendamping"
    with changes(conn, assistant_uuid) as writer:
        values = {"name": assistant_name, "phone": phone, "desa_code": desa_code, "role": role}
        if row is None:
            writer.insert("assistants", values, row_uuid=assistant_uuid)
        else:
            writer.update("assistants", assistant_uuid, values)
        set_meta(conn, "assistant_uuid", assistant_uuid)
        seeded = seed_programs(writer)
    return InitResult(
        kab,
        Assistant(assistant_uuid, assistant_name, desa_code, role),
        sum(1 for r in area if r.level == "kecamatan"),
        sum(1 for r in area if r.level in ("desa", "kelurahan")),
        seeded,
        desa_region,
    )
