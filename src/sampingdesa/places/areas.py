"""Listing and finding the regency's places (for `wilayah list|find`)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TypedDict

from sampingdesa.errors import SampingError
from sampingdesa.i18n import _
from sampingdesa.places import regions
from sampingdesa.places.laptop import (
    DEFAULT_KABUPATEN,
    kabupaten_code,
    local_regions,
    resolve_kabupaten,
)
from sampingdesa.places.regions import Region


@dataclass
class AreaListing:
    kabupaten: Region
    rows: list[ListedRegion]


def _area(conn: sqlite3.Connection, kabupaten: str | None) -> tuple[Region, list[Region]]:
    configured = kabupaten_code(conn)
    if kabupaten is None and configured is not None:
        kab = regions.region(configured) or Region(configured, configured)
        return kab, [r for r in local_regions(conn) if r.code != configured]
    kab = resolve_kabupaten(kabupaten or DEFAULT_KABUPATEN)
    return kab, regions.descendants(kab.code)


class RegionView(TypedDict):
    """A kecamatan or desa as `wilayah find --json` shows it."""

    code: str
    name: str
    level: str
    kecamatan_code: str
    kecamatan_name: str


class ListedRegion(RegionView):
    """`wilayah list --json`: with the desa's latest IDM status."""

    idm_status: str | None


def _row(region: Region, names: dict[str, str]) -> RegionView:
    kecamatan_code = region.code if region.level == "kecamatan" else region.parent_code or ""
    return RegionView(code=region.code, name=region.name, level=region.level,
                      kecamatan_code=kecamatan_code,
                      kecamatan_name=names.get(kecamatan_code, ""))  # fmt: skip


def area_listing(
    conn: sqlite3.Connection, *, kabupaten: str | None = None, kecamatan: str | None = None
) -> AreaListing:
    kab, area = _area(conn, kabupaten)
    names = {r.code: r.name for r in area if r.level == "kecamatan"}
    if kecamatan:
        kec = regions.resolve_region(
            kecamatan, [r for r in area if r.level == "kecamatan"], _("kecamatan")
        )
        area = [r for r in area if r.code == kec.code or r.parent_code == kec.code]
    statuses = latest_idm(conn)
    rows = [ListedRegion(**_row(r, names), idm_status=statuses.get(r.code)) for r in area]
    return AreaListing(kab, rows)


def latest_idm(conn: sqlite3.Connection) -> dict[str, str]:
    """Latest IDM status per desa, where the table exists and has values."""
    try:
        rows = conn.execute(
            "SELECT desa_code, status FROM idm i WHERE deleted_at IS NULL AND year = "
            "(SELECT max(year) FROM idm j WHERE j.desa_code = i.desa_code AND j.deleted_at IS NULL)"
        ).fetchall()
    except sqlite3.OperationalError:
        return {}
    return {row[0]: row[1] for row in rows}


def find_regions(
    conn: sqlite3.Connection, text: str, *, kabupaten: str | None = None
) -> list[RegionView]:
    _kab, area = _area(conn, kabupaten)
    names = {r.code: r.name for r in area if r.level == "kecamatan"}
    found = regions.search_regions(text, area)
    if not found:
        # Reuse the resolver's message, which suggests close names.
        regions.resolve_region(text, area, _("kecamatan or desa"))
        raise SampingError(_("No kecamatan or desa matches {text!r}.").format(text=text))
    return [_row(r, names) for r in found]
