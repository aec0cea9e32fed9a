"""The recipient register as a table (`report recipients`): its rows and columns, masked or
full, and its CSV file; the workbook is `reports.workbook.build_register`."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sampingdesa.errors import InvalidValue
from sampingdesa.i18n import _
from sampingdesa.reports.queries import NikShow, _date, _named, resolve_scope
from sampingdesa.values.cells import csv_safe

CONTACT_COLUMNS = ("address", "rt", "rw", "phone")


def register_rows(
    conn: sqlite3.Connection,
    *,
    program: str | None,
    desa: str | None,
    show: NikShow,
    full: bool = False,
    contact: Sequence[str] = (),
) -> list[list[Any]]:
    """The recipient register (not removed) with active programmes, for `report recipients`.

    Masked (`full` False): the birth year instead of the birth date (the hidden NIK digits
    are the birth date), and address, RT, RW and phone only when named in `contact`."""
    from sampingdesa.register.programs import get_program

    scope = resolve_scope(conn, None, desa)
    condition, params = _named(scope, "r.desa_code")
    named: dict[str, str] = dict(params)
    if program:
        condition += (
            " AND EXISTS (SELECT 1 FROM enrollments e WHERE e.recipient_uuid = r.uuid "
            "AND e.program_code = :program AND e.status = 'active' AND e.deleted_at IS NULL)"
        )
        named["program"] = get_program(conn, program).code
    cursor = conn.cursor()
    cursor.row_factory = None
    rows = cursor.execute(
        "SELECT k.name, g.name, r.name, r.nik, r.no_kk, r.sex, r.birth_date, r.address, r.rt, "
        "r.rw, r.phone, r.flags, (SELECT group_concat(program_code, ', ') FROM (SELECT "
        "e.program_code FROM enrollments e WHERE e.recipient_uuid = r.uuid AND e.status = 'active' "
        "AND e.deleted_at IS NULL ORDER BY 1)) FROM recipients r "
        "LEFT JOIN regions g ON g.code = r.desa_code LEFT JOIN regions k ON k.code = g.parent_code "
        f"WHERE r.deleted_at IS NULL AND {condition} ORDER BY r.desa_code, r.name",
        named,
    )
    shown = [c for c in CONTACT_COLUMNS if full or c in contact]
    result = []
    for kec, desa_name, name, nik, kk, sex, birth, address, rt, rw, phone, flags, programs in rows:
        born = _date(birth) if full else (int(birth[:4]) if birth else None)
        extra = {"address": address, "rt": rt, "rw": rw, "phone": phone}
        result.append([kec, desa_name, name, show(nik), show(kk) if kk else "", sex, born,
                       *(extra[c] for c in shown), flags, programs or ""])  # fmt: skip
    return result


def register_columns(full: bool = True, contact: Sequence[str] = ()) -> list[str]:
    labels = {"address": _("Address"), "rt": _("RT"), "rw": _("RW"), "phone": _("Phone")}
    return [
        _("Kecamatan"), _("Desa"), _("Name"), _("NIK"), _("No. KK"), _("Sex"),
        _("Birth date") if full else _("Birth year"),
        *(labels[c] for c in CONTACT_COLUMNS if full or c in contact), _("Flags"),
        _("Programmes"),
    ]  # fmt: skip


CSV_SEPARATORS = {",": ",", ";": ";", "tab": "\t", "\t": "\t"}


def parse_separator(text: str) -> str:
    """`,` (the default), `;` (Excel with Indonesian regional settings) or `tab`."""
    found = CSV_SEPARATORS.get(text.strip().lower() if text.strip() else text)
    if found is None:
        raise InvalidValue(
            "sep", text, _("{value!r}: the separator is , or ; or tab.").format(value=text)
        )
    return found


def write_register_csv(
    rows: list[list[Any]],
    path: Path,
    *,
    force: bool,
    headers: list[str] | None = None,
    sep: str = ",",
) -> Path:
    """The register as UTF-8 CSV (with BOM, for Excel), formula-safe, written atomically.
    `sep` is the field separator: Excel set to Indonesian reads `;` (its list separator)."""
    from sampingdesa.io.files import atomic_file

    path = Path(path)
    with (
        atomic_file(path, force=force) as temporary,
        temporary.open("w", encoding="utf-8-sig", newline="") as stream,
    ):
        writer = csv.writer(stream, delimiter=sep)
        writer.writerow(headers or register_columns())
        for row in rows:
            writer.writerow([csv_safe(_csv_value(value)) for value in row])
    return path


def _csv_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
