"""The office that files the monthly report and the people who sign it (`report settings`).

Stored in `report_settings`, one row per setting whose UUID is derived from its key, so the
same setting made on two laptops is one row when their databases are merged. Every write
goes through `Changes` (logged and chained). A setting never made reads as empty, and the
report prints blank lines to fill in by hand.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass, fields
from typing import Any

from sampingdesa.errors import Conflict, InvalidValue
from sampingdesa.i18n import N_, _
from sampingdesa.store.changes import Changes
from sampingdesa.values.codes import Paper
from sampingdesa.values.nip import Nip
from sampingdesa.values.text import Text

# key -> English msgid of what it is (shown by `report settings`)
SETTINGS: dict[str, str] = {
    "office_name": N_("Office name"),
    "office_address": N_("Office address"),
    "office_phone": N_("Office telephone"),
    "office_email": N_("Office e-mail"),
    "emblem": N_("Regency emblem (PNG image file)"),
    "place": N_("Place of signing"),
    "head_title": N_("Head of office: title"),
    "head_name": N_("Head of office: name"),
    "head_nip": N_("Head of office: NIP"),
    "head_rank": N_("Head of office: rank and grade (pangkat/golongan)"),
    "preparer_title": N_("Prepared by: title"),
    "preparer_name": N_("Prepared by: name"),
    "preparer_nip": N_("Prepared by: NIP"),
    "preparer_rank": N_("Prepared by: rank and grade (pangkat/golongan)"),
    "report_number": N_("Report number (nomor)"),
    "paper": N_("Paper size"),
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
    phone: str = ""
    email: str = ""
    emblem: str = ""  # path of a PNG image printed left of the letterhead
    head_rank: str = ""  # "Pembina Utama Muda (IV/c)"
    preparer_rank: str = ""
    number: str = ""  # the report's nomor, printed under the title

    @property
    def contact(self) -> str:
        """The letterhead's address line: address, telephone, e-mail."""
        parts = [self.address]
        if self.phone:
            parts.append(_("Telephone {phone}").format(phone=self.phone))
        if self.email:
            parts.append(_("E-mail: {email}").format(email=self.email))
        return ", ".join(part for part in parts if part)


def format_nip(nip: str) -> str:
    """A NIP as printed: birth date, appointment month, sex, serial
    (`19700101 199003 1 005`)."""
    digits = nip.replace(" ", "")
    if len(digits) != 18 or not digits.isdigit():
        return nip
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


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
        head_title=values.get("head_title")
        or full_title(_("Head of {office}").format(office=name), regency),
        head_name=values.get("head_name", ""),
        head_nip=values.get("head_nip", ""),
        preparer_title=values.get("preparer_title")
        or full_title(_("Samping Desa Coordinator"), regency),
        preparer_name=values.get("preparer_name", ""),
        preparer_nip=values.get("preparer_nip", ""),
        paper=values.get("paper", Paper.A4.value),
        phone=values.get("office_phone", ""),
        email=values.get("office_email", ""),
        emblem=values.get("emblem", ""),
        head_rank=values.get("head_rank", ""),
        preparer_rank=values.get("preparer_rank", ""),
        number=values.get("report_number", ""),
    )


def full_title(title: str, regency: str) -> str:
    """A jabatan in full, as a signature prints it: "Kepala Dinas Sosial Kabupaten Hulu
    Sungai Selatan"."""
    return f"{title} {regency}" if regency and regency not in title else title


def _clean(key: str, value: str) -> str:
    """A setting's value through its value type: `Nip` for the NIPs, the paper code, and
    `Text` (control characters refused, the key's limit) for the rest; "" clears."""
    text = str(Text(key, value))
    if key == "paper" and text:
        return parse_paper(text)
    if key.endswith("_nip") and text:
        return str(Nip(text, field=key))
    if key == "emblem" and text:
        return check_emblem(value.strip())
    return text


def check_emblem(path: str) -> str:
    """The emblem must be a readable PNG image (the workbook embeds its bytes)."""
    from pathlib import Path

    try:
        head = Path(path).expanduser().read_bytes()[:24]
    except OSError as error:
        raise InvalidValue(
            "emblem", path, _("{value!r}: cannot read the image ({cause}).").format(
                value=path, cause=error.strerror or error)
        ) from None  # fmt: skip
    if not head.startswith(b"\x89PNG\r\n\x1a\n"):
        raise InvalidValue(
            "emblem", path, _("{value!r}: the emblem must be a PNG image.").format(value=path)
        )
    return str(Path(path).expanduser().resolve())


def parse_paper(text: str) -> str:
    try:
        return str(Paper.parse(text, "paper").value)
    except InvalidValue:
        raise InvalidValue(
            "paper", text, _("{value!r}: the paper is A4 or F4.").format(value=text)
        ) from None


@dataclass
class OfficeInput:
    """What `report settings` is given: None leaves a setting as is, "" clears it."""

    office_name: str | None = None
    office_address: str | None = None
    place: str | None = None
    head_title: str | None = None
    head_name: str | None = None
    head_nip: str | None = None
    preparer_title: str | None = None
    preparer_name: str | None = None
    preparer_nip: str | None = None
    paper: str | None = None
    office_phone: str | None = None
    office_email: str | None = None
    emblem: str | None = None
    head_rank: str | None = None
    preparer_rank: str | None = None
    report_number: str | None = None

    def given(self) -> bool:
        return any(getattr(self, f.name) is not None for f in fields(self))


def set_office(writer: Changes, data: OfficeInput) -> list[str]:
    """Set the given settings (None: leave as is; "": clear); returns the keys changed.

    Report settings belong to the coordinator: only a laptop set up for the coordinator
    changes them (sync refuses changes to them from other laptops, `sync.merge`)."""
    role = writer.conn.execute(
        "SELECT role FROM assistants WHERE uuid = ?", (writer.actor,)
    ).fetchone()
    if data.given() and (role is None or role[0] != "koordinator"):
        raise Conflict(
            _("Report settings belong to the coordinator: only the coordinator's laptop "
              "changes them, and they reach this laptop with the coordinator's bundle.")
        )  # fmt: skip
    changed = []
    for key in SETTINGS:
        value = getattr(data, key)
        if value is None:
            continue
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


def file_properties(conn: sqlite3.Connection, title: str, subject: str = "") -> Any:
    """The document properties every file the tool writes carries (an io.xlsx
    DocumentProperties): title, subject, the person who made it (the settings' preparer,
    else this laptop's assistant; never "openpyxl") and the office as the company."""
    from sampingdesa.io.xlsx import DocumentProperties

    office = read_office(conn)
    author = office.preparer_name
    if not author:
        row = conn.execute(
            "SELECT a.name FROM meta m JOIN assistants a ON a.uuid = m.value "
            "WHERE m.key = 'assistant_uuid'"
        ).fetchone()
        author = str(row[0]) if row else ""
    company = " ".join(part for part in (office.name, office.regency) if part)
    return DocumentProperties(title=title, subject=subject, author=author or company,
                              company=company)  # fmt: skip
