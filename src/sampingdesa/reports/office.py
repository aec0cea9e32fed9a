"""The office that files the monthly report and the people who sign it (`report settings`).

Stored in `report_settings`, one row per setting whose UUID is derived from its key, so the
same setting made on two laptops is one row when their databases are merged. Every write
goes through `Changes` (logged and chained). A setting never made reads as empty, and the
report prints blank lines to fill in by hand.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass

from sampingdesa.errors import Conflict, InvalidValue
from sampingdesa.i18n import _
from sampingdesa.store.changes import Changes
from sampingdesa.values.codes import Paper

# key -> English msgid of what it is (shown by `report settings`)
SETTINGS: dict[str, str] = {
    "office_name": "Office name",
    "office_address": "Office address",
    "place": "Place of signing",
    "head_title": "Head of office: title",
    "head_name": "Head of office: name",
    "head_nip": "Head of office: NIP",
    "preparer_title": "Prepared by: title",
    "preparer_name": "Prepared by: name",
    "preparer_nip": "Prepared by: NIP",
    "paper": "Paper size",
}


def setting_uuid(key: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"sampingdesa:report_settings:{key}"))


@dataclass(frozen=True)
class Office:
    """What the report's heading and signature block print."""

    government: str  # "Pemerintah Kabupaten Hulu Sungai Selatan"
    regency: str  # "Kabupaten Hulu Sungai Selatan"
    name: str  # "Dinas Sosial"
    address: str
    place: str  # "Kandangan"; empty: a blank line to fill in
    head_title: str
    head_name: str
    head_nip: str
    preparer_title: str
    preparer_name: str
    preparer_nip: str
    paper: str  # a Paper code


def stored_settings(conn: sqlite3.Connection) -> dict[str, str]:
    """The settings made (removed or empty ones left out)."""
    return {
        row[0]: row[1]
        for row in conn.execute(
            "SELECT key, value FROM report_settings WHERE deleted_at IS NULL AND value != ''"
        )
    }


def regency_name(conn: sqlite3.Connection) -> str:
    row = conn.execute(
        "SELECT name FROM regions WHERE level IN ('kabupaten', 'kota') ORDER BY code LIMIT 1"
    ).fetchone()
    return str(row[0]) if row else ""


def read_office(conn: sqlite3.Connection) -> Office:
    values = stored_settings(conn)
    regency = regency_name(conn)
    name = values.get("office_name") or _("Dinas Sosial")
    return Office(
        government=_("Government of {regency}").format(regency=regency) if regency else "",
        regency=regency,
        name=name,
        address=values.get("office_address", ""),
        place=values.get("place", ""),
        head_title=values.get("head_title") or _("Head of {office}").format(office=name),
        head_name=values.get("head_name", ""),
        head_nip=values.get("head_nip", ""),
        preparer_title=values.get("preparer_title") or _("Samping Desa Coordinator"),
        preparer_name=values.get("preparer_name", ""),
        preparer_nip=values.get("preparer_nip", ""),
        paper=values.get("paper", Paper.A4.value),
    )


def _clean(key: str, value: str) -> str:
    text = " ".join(value.split())
    if key == "paper" and text:
        return parse_paper(text)
    if key.endswith("_nip") and text:
        digits = text.replace(" ", "").replace(".", "")
        if not digits.isdigit() or len(digits) != 18:
            raise InvalidValue(key, value, _("{value!r}: a NIP has 18 digits.").format(value=value))
        return digits
    return text


def parse_paper(text: str) -> str:
    try:
        return str(Paper.parse(text, "paper").value)
    except InvalidValue:
        raise InvalidValue(
            "paper", text, _("{value!r}: the paper is A4 or F4.").format(value=text)
        ) from None


def set_office(writer: Changes, values: dict[str, str | None]) -> list[str]:
    """Set the given settings (None: leave as is; "": clear); returns the keys changed.

    Report settings belong to the coordinator: only a laptop set up for the coordinator
    changes them (sync refuses changes to them from other laptops, `sync.merge`)."""
    role = writer.conn.execute(
        "SELECT role FROM assistants WHERE uuid = ?", (writer.actor,)
    ).fetchone()
    if any(v is not None for v in values.values()) and (role is None or role[0] != "koordinator"):
        raise Conflict(
            _("Report settings belong to the coordinator: only the coordinator's laptop "
              "changes them, and they reach this laptop with the coordinator's bundle.")
        )  # fmt: skip
    changed = []
    for key, value in values.items():
        if value is None:
            continue
        if key not in SETTINGS:
            raise InvalidValue("setting", key, choices=list(SETTINGS))
        text = _clean(key, value)
        row_uuid = setting_uuid(key)
        row = writer.conn.execute(
            "SELECT value, deleted_at FROM report_settings WHERE uuid = ?", (row_uuid,)
        ).fetchone()
        if row is None:
            writer.insert("report_settings", {"key": key, "value": text}, row_uuid=row_uuid)
            changed.append(key)
        elif writer.update("report_settings", row_uuid, {"value": text, "deleted_at": None}):
            changed.append(key)
    return changed
