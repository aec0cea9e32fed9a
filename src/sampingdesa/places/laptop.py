"""This laptop's regency and assistant, as `sampingdesa init` set them (`sampingdesa.init`):
the regency's places in this database, resolving a desa or kecamatan typed by a user, and
who is writing (`actor`)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from sampingdesa.errors import NotFound
from sampingdesa.i18n import _
from sampingdesa.places import regions
from sampingdesa.places.regions import Region
from sampingdesa.store.connection import get_meta
from sampingdesa.values.person import DesaCode
from sampingdesa.values.wilayah_codes import regencies

DEFAULT_KABUPATEN = "63.06"
SYSTEM_ACTOR = "system"


@dataclass(frozen=True)
class Assistant:
    uuid: str
    name: str
    desa_code: str | None
    role: str


def resolve_kabupaten(text: str) -> Region:
    code = regions.normalise_code(text)
    if code is not None and code.count(".") == 1:
        found = regions.region(code)
        if found is None:
            raise NotFound(_("{code} is not a known kabupaten/kota code.").format(code=code))
        return found
    candidates = [regions.Region(code, name) for code, name in regencies()]
    return regions.resolve_region(text, candidates, _("kabupaten/kota"))


def local_regions(conn: sqlite3.Connection, level: str | None = None) -> list[Region]:
    """The configured regency's kecamatan and desa (from the database, not the shipped file)."""
    if level == "kecamatan":
        rows = conn.execute(
            "SELECT code, name FROM regions WHERE level = 'kecamatan' ORDER BY code"
        )
    elif level == "desa":
        rows = conn.execute(
            "SELECT code, name FROM regions WHERE level IN ('desa', 'kelurahan') ORDER BY code"
        )
    else:
        rows = conn.execute("SELECT code, name FROM regions ORDER BY code")
    return [Region(row[0], row[1]) for row in rows]


def kabupaten_code(conn: sqlite3.Connection) -> str | None:
    return get_meta(conn, "kabupaten_code")


def require_kabupaten(conn: sqlite3.Connection) -> str:
    code = kabupaten_code(conn)
    if code is None:
        raise NotFound(
            _('This database is not set up yet. Run: sampingdesa init --assistant "NAME"')
        )
    return code


def resolve_desa(conn: sqlite3.Connection, text: str, kecamatan: str | None = None) -> Region:
    """The desa of this regency that `text` names: a code (its shape checked by `DesaCode`,
    `InvalidValue` when malformed) or a name, in `kecamatan` when given."""
    require_kabupaten(conn)
    if DesaCode.meant(text):
        text = DesaCode(text)
    pool = local_regions(conn, "desa")
    if kecamatan:
        kec = resolve_kecamatan(conn, kecamatan)
        pool = [r for r in pool if r.parent_code == kec.code]
    return regions.resolve_region(text, pool, _("desa"))


def resolve_kecamatan(conn: sqlite3.Connection, text: str) -> Region:
    require_kabupaten(conn)
    return regions.resolve_region(text, local_regions(conn, "kecamatan"), _("kecamatan"))


def region_name(conn: sqlite3.Connection, code: str | None) -> str:
    if not code:
        return ""
    row = conn.execute("SELECT name FROM regions WHERE code = ?", (code,)).fetchone()
    return str(row[0]) if row else code


def current_assistant(conn: sqlite3.Connection) -> Assistant:
    require_kabupaten(conn)
    assistant_uuid = get_meta(conn, "assistant_uuid")
    row = conn.execute(
        "SELECT uuid, name, desa_code, role FROM assistants WHERE uuid = ?", (assistant_uuid,)
    ).fetchone()
    if row is None:
        raise NotFound(
            _('No assistant is set for this database. Run: sampingdesa init --assistant "NAME"')
        )
    return Assistant(row[0], row[1], row[2], row[3])


def actor(conn: sqlite3.Connection) -> str:
    """The UUID recorded as author of changes made from this database."""
    return current_assistant(conn).uuid
