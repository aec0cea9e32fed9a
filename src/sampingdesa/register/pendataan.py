"""The social-problem register (pendataan): people and households with a social-welfare
problem (PPKS, Permensos 5/2019), whether or not they receive aid.

An entry names a person or a household, one or more PPKS categories, what was found, the
services needed, a referral and its outcome, photos (paths, with their SHA-256) and GPS. The
NIK is optional, since many neglected people have no papers; without it the name, address,
desa and description are required. A visit can open an entry (the visited recipient needs
more than their aid), and a recipient can be linked to one. An entry stays open until it is
closed with a note.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

from sampingdesa.errors import Conflict, InvalidValue
from sampingdesa.i18n import _
from sampingdesa.io.photos import PhotoView, photo_rows
from sampingdesa.places.laptop import region_name, resolve_desa
from sampingdesa.privacy import Reveal, revealed
from sampingdesa.store.changes import Changes
from sampingdesa.values import nik as nik_rules
from sampingdesa.values.codes import EntryStatus, Ppks, Subject
from sampingdesa.values.person import Person
from sampingdesa.values.short_ids import find_by_prefix, short_id
from sampingdesa.values.text import clean_text

TEXT_FIELDS = ("description", "services_needed", "referral", "referral_outcome")


@dataclass
class EntryInput:
    """What a user gives for a register entry; None means "not given"."""

    subject: str | None = None
    nik: str | None = None
    no_kk: str | None = None
    name: str | None = None
    sex: str | None = None
    address: str | None = None
    rt: str | None = None
    rw: str | None = None
    desa: str | None = None
    kecamatan: str | None = None
    categories: list[str] = field(default_factory=list)  # on edit: exactly these
    add_categories: list[str] = field(default_factory=list)  # on edit: these too
    remove_categories: list[str] = field(default_factory=list)  # on edit: not these
    description: str | None = None
    services_needed: str | None = None
    referral: str | None = None
    referral_outcome: str | None = None
    photos: list[Path] = field(default_factory=list)
    gps: tuple[float, float] | None = None
    found_on: dt.date | None = None
    recipient: str | None = None  # NIK or id of a recipient to link
    visit: str | None = None  # id of the visit that opened the entry


def parse_categories(values: list[str]) -> list[str]:
    """PPKS categories from codes, labels or abbreviations, comma-separated or repeated."""
    found: list[str] = []
    for value in values:
        for part in value.split(","):
            if part.strip():
                code = Ppks.parse(part, "category").value
                if code not in found:
                    found.append(code)
    return found


def _clean(conn: sqlite3.Connection, data: EntryInput, today: dt.date) -> dict[str, Any]:
    """Column values for the fields given: the person fields through `values.person.Person`
    (the recipient register's rule), the texts through `values.text.Text`."""
    values: dict[str, Any] = {}
    if data.subject is not None:
        values["subject"] = Subject.parse(data.subject, "subject").value
    person = Person.parse(
        nik=data.nik, no_kk=data.no_kk, name=data.name, sex=data.sex, address=data.address,
        rt=data.rt, rw=data.rw,
    )  # fmt: skip
    values.update(person.columns())
    if data.nik is not None and not data.nik.strip():
        values["nik"] = None
    if person.nik is not None and data.sex is None:
        values["sex"] = person.nik.info.sex
    if data.desa is not None:
        values["desa_code"] = resolve_desa(conn, data.desa, data.kecamatan).code
    for name in TEXT_FIELDS:
        value = getattr(data, name)
        if value is not None:
            values[name] = clean_text(name, value)
    if data.gps is not None:
        values["gps_lat"], values["gps_lon"] = data.gps
    if data.found_on is not None:
        if data.found_on > today:
            raise InvalidValue(
                "date",
                data.found_on,
                _("The date {date} is in the future.").format(date=data.found_on),
            )
        values["found_on"] = data.found_on.isoformat()
    return values


def _recipient(conn: sqlite3.Connection, key: str) -> sqlite3.Row:
    from sampingdesa.register.recipients import find_recipient

    return find_recipient(conn, key, include_removed=False)


def _from_recipient(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "recipient_uuid": row["uuid"],
        "nik": row["nik"],
        "no_kk": row["no_kk"],
        "name": row["name"],
        "sex": row["sex"],
        "address": row["address"],
        "rt": row["rt"],
        "rw": row["rw"],
        "desa_code": row["desa_code"],
    }


def _require(values: dict[str, Any]) -> None:
    if not values.get("description"):
        raise InvalidValue("description", "", _("Describe what was found."))
    if not values.get("name"):
        raise InvalidValue("name", "", _("The name is required."))
    if not values.get("desa_code"):
        raise InvalidValue("desa", "", _("The desa is required."))
    if not values.get("nik") and not values.get("address"):
        raise InvalidValue(
            "address", "", _("Without a NIK, the address is required to find the person again.")
        )


def add_entry(writer: Changes, data: EntryInput, assistant_uuid: str, today: dt.date) -> str:
    """Register a person or household with a social problem; returns the entry's UUID."""
    conn = writer.conn
    categories = parse_categories(data.categories)
    if not categories:
        raise InvalidValue(
            "category", "", _("Give at least one PPKS category."), choices=Ppks.choice_labels()
        )
    values: dict[str, Any] = {"subject": Subject.PERSON.value, "found_on": today.isoformat()}
    if data.visit:
        visit = find_by_prefix(conn, "visits", data.visit, _("visit"))
        values.update(_from_recipient(_recipient(conn, visit["recipient_uuid"])))
        values["visit_uuid"] = visit["uuid"]
        values["found_on"] = visit["visit_date"]
    elif data.recipient:
        values.update(_from_recipient(_recipient(conn, data.recipient)))
    given = _clean(conn, data, today)
    values.update(given)
    if values.get("nik") and not values.get("recipient_uuid"):
        known = conn.execute(
            "SELECT * FROM recipients WHERE nik = ? AND deleted_at IS NULL", (values["nik"],)
        ).fetchone()
        if known:  # a recipient of the register: what it knows fills what was not given
            values = {**values, **_from_recipient(known), **given}
    _require(values)
    if values.get("nik"):
        other = conn.execute(
            "SELECT uuid FROM pendataan WHERE nik = ? AND status = 'open' AND deleted_at IS NULL",
            (values["nik"],),
        ).fetchone()
        if other:
            raise Conflict(
                _("NIK {nik} already has an open register entry ({id}); edit that one.").format(
                    nik=nik_rules.mask_nik(values["nik"]), id=short_id(other[0])
                )
            )
    values["assistant_uuid"] = assistant_uuid
    values["status"] = EntryStatus.OPEN.value
    photos = photo_rows(data.photos)
    entry_uuid = writer.insert("pendataan", values)
    for code in categories:
        writer.insert("pendataan_categories", {"entry_uuid": entry_uuid, "category": code})
    for photo in photos:
        writer.insert("pendataan_photos", {**photo, "entry_uuid": entry_uuid})
    return entry_uuid


def find_entry(conn: sqlite3.Connection, key: str) -> sqlite3.Row:
    return find_by_prefix(conn, "pendataan", key, _("register entry"))


def categories_of(conn: sqlite3.Connection, entry_uuid: str) -> list[str]:
    rows = conn.execute(
        "SELECT category FROM pendataan_categories WHERE entry_uuid = ? AND deleted_at IS NULL "
        "ORDER BY rowid",
        (entry_uuid,),
    )
    return [row[0] for row in rows]


def wanted_categories(data: EntryInput, current: list[str]) -> list[str]:
    """The categories an edit leaves: exactly `categories` when given (else the current ones),
    with `add_categories` added and `remove_categories` taken away."""
    wanted = parse_categories(data.categories) if data.categories else list(current)
    for code in parse_categories(data.add_categories):
        if code not in wanted:
            wanted.append(code)
    for code in parse_categories(data.remove_categories):
        if code not in wanted:
            raise InvalidValue(
                "remove_category",
                Ppks.label_of(code),
                _("This entry does not have the category {category}.").format(
                    category=Ppks.label_of(code)
                ),
            )
        wanted.remove(code)
    if not wanted:
        raise InvalidValue(
            "remove_category", "", _("An entry keeps at least one PPKS category."),
        )  # fmt: skip
    return wanted


def edit_entry(writer: Changes, key: str, data: EntryInput, today: dt.date) -> list[str]:
    """Change an entry; `categories` given replace the old ones, `add_categories` and
    `remove_categories` add and take away (an entry keeps at least one), photos are added."""
    conn = writer.conn
    row = find_entry(conn, key)
    values = _clean(conn, data, today)
    if data.recipient:
        values["recipient_uuid"] = _recipient(conn, data.recipient)["uuid"]
    merged = {**dict(row), **values}
    _require(merged)
    changed = list(writer.update("pendataan", row["uuid"], values))
    if data.categories or data.add_categories or data.remove_categories:
        current = conn.execute(
            "SELECT uuid, category FROM pendataan_categories WHERE entry_uuid = ? "
            "AND deleted_at IS NULL ORDER BY rowid",
            (row["uuid"],),
        ).fetchall()
        have = {category for _uuid, category in current}
        wanted = wanted_categories(data, [category for _uuid, category in current])
        for item_uuid, category in current:
            if category not in wanted:
                writer.soft_delete("pendataan_categories", item_uuid, _("category removed"))
        for code in wanted:
            if code not in have:
                writer.insert("pendataan_categories", {"entry_uuid": row["uuid"], "category": code})
        if set(wanted) != have:
            changed.append("categories")
    for photo in photo_rows(data.photos):
        writer.insert("pendataan_photos", {**photo, "entry_uuid": row["uuid"]})
        changed.append("photo")
    return changed


def close_entry(
    writer: Changes, key: str, note: str, date: dt.date, today: dt.date,
    referral_outcome: str | None = None,
) -> sqlite3.Row:  # fmt: skip
    row = find_entry(writer.conn, key)
    text = clean_text("note", note) or ""  # the close_note column, same limit
    if not text:
        raise InvalidValue("note", note, _("Write a note saying what was done."))
    if row["status"] == EntryStatus.CLOSED.value:
        raise Conflict(
            _("Register entry {id} was already closed on {date}.").format(
                id=short_id(row["uuid"]), date=row["closed_on"]
            )
        )
    if date > today:
        raise InvalidValue("date", date, _("The date {date} is in the future.").format(date=date))
    if date.isoformat() < row["found_on"]:
        raise InvalidValue(
            "date",
            date,
            _("Register entry {id} was opened on {opened}; it cannot be closed before.").format(
                id=short_id(row["uuid"]), opened=row["found_on"]
            ),
        )
    values: dict[str, Any] = {"status": "closed", "closed_on": date.isoformat(), "close_note": text}
    if referral_outcome is not None:
        values["referral_outcome"] = clean_text("referral_outcome", referral_outcome)
    writer.update("pendataan", row["uuid"], values, reason=text)
    return row


class EntryView(TypedDict):
    """A pendataan entry as shown to users (`pendataan list --json`; NIK masked unless
    revealed)."""

    id: str
    uuid: str
    subject: str
    nik: str | None
    no_kk: str | None
    name: str
    sex: str | None
    address: str | None
    rt: str | None
    rw: str | None
    desa_code: str
    desa_name: str | None
    categories: list[str]
    found_on: str
    description: str | None
    services_needed: str | None
    referral: str | None
    referral_outcome: str | None
    gps: list[float] | None
    status: str
    closed_on: str | None
    close_note: str | None
    recipient_uuid: str | None
    visit_id: str | None


class EntryProposal(TypedDict):
    id: str
    kind: str
    status: str
    month: str


class EntryDetail(EntryView):
    """`pendataan show`: the entry with its photos and the proposals made from it."""

    photos: list[PhotoView]
    proposals: list[EntryProposal]


def public_entry(
    conn: sqlite3.Connection, row: sqlite3.Row, show_nik: bool, categories: list[str]
) -> EntryView:
    shown = (lambda n: n) if show_nik else nik_rules.mask_nik
    return {
        "id": short_id(row["uuid"]),
        "uuid": row["uuid"],
        "subject": row["subject"],
        "nik": shown(row["nik"]) or None,
        "no_kk": shown(row["no_kk"]) or None,
        "name": row["name"],
        "sex": row["sex"],
        "address": row["address"],
        "rt": row["rt"],
        "rw": row["rw"],
        "desa_code": row["desa_code"],
        "desa_name": region_name(conn, row["desa_code"]),
        "categories": categories,
        "found_on": row["found_on"],
        "description": row["description"],
        "services_needed": row["services_needed"],
        "referral": row["referral"],
        "referral_outcome": row["referral_outcome"],
        "gps": [row["gps_lat"], row["gps_lon"]] if row["gps_lat"] is not None else None,
        "status": row["status"],
        "closed_on": row["closed_on"],
        "close_note": row["close_note"],
        "recipient_uuid": row["recipient_uuid"],
        "visit_id": short_id(row["visit_uuid"]) if row["visit_uuid"] else None,
    }


def list_entries(
    conn: sqlite3.Connection,
    *,
    desa: str | None = None,
    category: str | None = None,
    include_closed: bool = False,
    reveal: Reveal | None = None,
) -> list[EntryView]:
    """Register entries, newest first (open ones only unless `include_closed`); NIKs masked
    unless a `reveal` is given (logged first)."""
    where = ["p.deleted_at IS NULL"]
    params: list[Any] = []
    if not include_closed:
        where.append("p.status = 'open'")
    if desa:
        where.append("p.desa_code = ?")
        params.append(resolve_desa(conn, desa).code)
    if category:
        where.append(
            "EXISTS (SELECT 1 FROM pendataan_categories c WHERE c.entry_uuid = p.uuid "
            "AND c.category = ? AND c.deleted_at IS NULL)"
        )
        params.append(Ppks.parse(category, "category").value)
    rows = conn.execute(
        f"SELECT p.* FROM pendataan p WHERE {' AND '.join(where)} "
        "ORDER BY p.found_on DESC, p.created_at DESC",
        params,
    ).fetchall()
    show_nik = revealed(conn, reveal)
    return [public_entry(conn, row, show_nik, categories_of(conn, row["uuid"])) for row in rows]


def entry_detail(conn: sqlite3.Connection, key: str, reveal: Reveal | None = None) -> EntryDetail:
    row = find_entry(conn, key)
    show_nik = revealed(conn, reveal)
    photos = conn.execute(
        "SELECT path, sha256 FROM pendataan_photos WHERE entry_uuid = ? "
        "AND deleted_at IS NULL ORDER BY rowid",
        (row["uuid"],),
    )
    proposals = conn.execute(
        "SELECT uuid, kind, status, month FROM usulan WHERE entry_uuid = ? "
        "AND deleted_at IS NULL ORDER BY created_at",
        (row["uuid"],),
    )
    return EntryDetail(
        **public_entry(conn, row, show_nik, categories_of(conn, row["uuid"])),
        photos=[PhotoView(path=p["path"], sha256=p["sha256"]) for p in photos],
        proposals=[
            EntryProposal(id=short_id(p["uuid"]), kind=p["kind"], status=p["status"],
                          month=p["month"])
            for p in proposals
        ],
    )  # fmt: skip
