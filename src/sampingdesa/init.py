"""`sampingdesa init`: setting this laptop up for a regency and an assistant (regions, the
programme catalogue, the database's identity). What it set is read back by `places.laptop`."""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass

from sampingdesa.errors import Conflict, InvalidValue
from sampingdesa.i18n import _
from sampingdesa.places import regions
from sampingdesa.places.laptop import Assistant, kabupaten_code, resolve_kabupaten
from sampingdesa.places.regions import Region
from sampingdesa.register.programs import seed_programs
from sampingdesa.store.changes import changes
from sampingdesa.store.connection import set_meta, transaction


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


def plan_init(
    conn: sqlite3.Connection, *, kabupaten: str, assistant_name: str, desa: str | None
) -> InitPlan:
    """Resolve the regency and desa `init` was given, and say whether the assistant moves."""
    kab = resolve_kabupaten(kabupaten)
    found = _init_desa(kab, desa) if desa else None
    moved_from = None
    row = conn.execute(
        "SELECT desa_code FROM assistants WHERE name = ? AND deleted_at IS NULL",
        (" ".join(assistant_name.split()),),
    ).fetchone()
    if found is not None and row is not None and row[0] and row[0] != found.code:
        moved_from = regions.region(row[0]) or Region(row[0], row[0])
    return InitPlan(kab, found, moved_from)


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
) -> InitResult:
    """Set up the regency (regions, programme catalogue) and this laptop's assistant.

    Running it again keeps every record: it may add or switch the assistant, but refuses
    to move a database that already holds recipients to another regency.
    """
    kab = resolve_kabupaten(kabupaten)
    assistant_name = " ".join(assistant_name.split())
    if not assistant_name:
        raise InvalidValue("assistant", assistant_name, _("The assistant's name is empty."))
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
    row = conn.execute(
        "SELECT uuid FROM assistants WHERE name = ? AND deleted_at IS NULL", (assistant_name,)
    ).fetchone()
    # A stable id per (regency, name) lets the same person's laptops agree on it.
    assistant_uuid = (
        row[0]
        if row
        else str(uuid.uuid5(uuid.NAMESPACE_URL, f"sampingdesa:{kab.code}:{assistant_name}"))
    )
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
