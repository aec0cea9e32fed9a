"""The recipient register: add, edit, enroll, leave, remove, search, duplicates."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from sampingdesa.errors import SampingError
from sampingdesa.i18n import _
from sampingdesa.places import regions
from sampingdesa.places.workspace import region_name, resolve_desa
from sampingdesa.register.programs import exclusive_pairs, get_program, list_programs
from sampingdesa.store.changes import Changes
from sampingdesa.values import nik as nik_rules
from sampingdesa.values.cells import refuse_control_characters
from sampingdesa.values.parsing import (
    EARLIEST_BIRTH,
    check_plausible_date,
    fold_spaces,
    parse_rt_rw,
)

FLAGS = (
    "lansia",
    "lansia-tunggal",
    "disabilitas",
    "disabilitas-berat",
    "yatim-piatu",
    "ibu-hamil",
    "balita",
    "kepala-keluarga-perempuan",
)
LEAVE_REASONS = ("graduated", "stopped", "deceased", "moved", "ineligible", "other")
EDITABLE = (
    "no_kk",
    "name",
    "sex",
    "birth_date",
    "address",
    "rt",
    "rw",
    "desa_code",
    "phone",
    "flags",
)


@dataclass
class RecipientInput:
    """What a user gives for a recipient; every field optional except those `add` needs."""

    nik: str | None = None
    name: str | None = None
    desa: str | None = None
    kecamatan: str | None = None
    no_kk: str | None = None
    sex: str | None = None
    birth_date: dt.date | None = None
    address: str | None = None
    rt: str | None = None
    rw: str | None = None
    phone: str | None = None
    flags: list[str] = field(default_factory=list)


def parse_flags(values: list[str]) -> str:
    flags = set()
    for value in values:
        for flag in value.split(","):
            flag = flag.strip().lower()
            if not flag:
                continue
            if flag not in FLAGS:
                raise SampingError(
                    _("Unknown flag {flag!r}. Known flags: {known}.").format(
                        flag=flag, known=", ".join(FLAGS)
                    )
                )
            flags.add(flag)
    return ",".join(sorted(flags))


def clean_fields(conn: sqlite3.Connection, data: RecipientInput) -> dict[str, Any]:
    """Validate what was given and return column values (only for fields given)."""
    values: dict[str, Any] = {}
    if data.name is not None:
        name = fold_spaces(refuse_control_characters(data.name, "name", _("The name")))
        if not name:
            raise SampingError(_("The name is empty."))
        values["name"] = name
    if data.desa is not None:
        values["desa_code"] = resolve_desa(conn, data.desa, data.kecamatan).code
    if data.no_kk is not None:
        values["no_kk"] = (
            nik_rules.parse_kk(data.no_kk, regions.kecamatan_exists) if data.no_kk.strip() else None
        )
    if data.sex is not None:
        values["sex"] = data.sex
    if data.birth_date is not None:
        check_plausible_date(data.birth_date, "birth_date", earliest=EARLIEST_BIRTH)
        values["birth_date"] = data.birth_date.isoformat()
    if data.address is not None:
        address = refuse_control_characters(data.address, "address", _("The address"))
        values["address"] = fold_spaces(address) or None
    if data.rt is not None:
        values["rt"] = parse_rt_rw(data.rt, "RT") if data.rt.strip() else None
    if data.rw is not None:
        values["rw"] = parse_rt_rw(data.rw, "RW") if data.rw.strip() else None
    if data.phone is not None:
        phone = re.sub(r"[\s\-]", "", data.phone)
        if phone and not re.fullmatch(r"\+?\d{8,15}", phone):
            raise SampingError(_("Phone number {value!r} is not valid.").format(value=data.phone))
        values["phone"] = phone or None
    if data.flags:
        values["flags"] = parse_flags(data.flags)
    return values


def _existing_by_nik(conn: sqlite3.Connection, nik: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM recipients WHERE nik = ?", (nik,)
    ).fetchone()
    return row


def describe(conn: sqlite3.Connection, row: sqlite3.Row) -> str:
    removed = _(" (removed)") if row["deleted_at"] else ""
    return f"{row['name']}, {region_name(conn, row['desa_code'])}{removed}"


def add_recipient(
    writer: Changes, data: RecipientInput, programs: list[str], assistant_uuid: str
) -> str:
    conn = writer.conn
    if not data.nik or not data.name or not data.desa:
        raise SampingError(_("NIK, name and desa are required."))
    info = nik_rules.parse_nik(data.nik, regions.kecamatan_exists)
    nik_rules.check_consistent(info, data.birth_date, data.sex)
    existing = _existing_by_nik(conn, info.nik)
    if existing is not None:
        raise SampingError(
            _("NIK {nik} is already registered: {who}.").format(
                nik=nik_rules.mask_nik(info.nik), who=describe(conn, existing)
            )
        )
    values = clean_fields(conn, data)
    values.setdefault("sex", info.sex)
    values.setdefault("birth_date", info.birth_date.isoformat())
    values["nik"] = info.nik
    values["assistant_uuid"] = assistant_uuid
    recipient_uuid = writer.insert("recipients", values)
    for code in programs:
        enroll(writer, recipient_uuid, code, since=None)
    return recipient_uuid


def find_recipient(conn: sqlite3.Connection, key: str, include_removed: bool = True) -> sqlite3.Row:
    """A recipient by NIK or UUID; an unknown NIK suggests close matches by name."""
    text = key.strip()
    digits = re.sub(r"[\s.\-]", "", text)
    row = None
    if digits.isdigit():
        row = conn.execute("SELECT * FROM recipients WHERE nik = ?", (digits,)).fetchone()
    else:
        row = conn.execute("SELECT * FROM recipients WHERE uuid = ?", (text,)).fetchone()
    if row is None:
        hint = ""
        if not digits.isdigit():
            matches = search_names(conn, text, limit=5)
            if matches:
                hint = " " + _("Close matches: {names}.").format(
                    names="; ".join(
                        f"{m['name']} ({nik_rules.mask_nik(m['nik'])})" for m in matches
                    )
                )
        raise SampingError(
            _("No recipient with NIK or id {key!r}.").format(key=nik_rules.mask_typed(key)) + hint
        )
    if row["deleted_at"] and not include_removed:
        raise SampingError(
            _("{who} was removed on {date}.").format(
                who=describe(conn, row), date=row["deleted_at"][:10]
            )
        )
    result: sqlite3.Row = row
    return result


def fts_query(text: str) -> str:
    """Each word as a prefix term: `siti aisy` finds "Siti Aisyah"."""
    words = re.findall(r"\w+", text.lower())
    return " ".join(f'"{word}"*' for word in words)


def search_names(conn: sqlite3.Connection, text: str, limit: int = 50) -> list[sqlite3.Row]:
    query = fts_query(text)
    if not query:
        return []
    return conn.execute(
        "SELECT r.* FROM recipients_fts f JOIN recipients r ON r.rowid = f.rowid "
        "WHERE recipients_fts MATCH ? AND r.deleted_at IS NULL ORDER BY rank LIMIT ?",
        (query, limit),
    ).fetchall()


def edit_recipient(writer: Changes, key: str, data: RecipientInput) -> dict[str, Any]:
    row = find_recipient(writer.conn, key, include_removed=False)
    values = clean_fields(writer.conn, data)
    info = nik_rules.parse_nik(row["nik"])
    birth = dt.date.fromisoformat(values["birth_date"]) if "birth_date" in values else None
    nik_rules.check_consistent(info, birth, values.get("sex"))
    return writer.update("recipients", row["uuid"], values)


def active_enrollment(
    conn: sqlite3.Connection, recipient_uuid: str, code: str
) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM enrollments WHERE recipient_uuid = ? AND program_code = ? "
        "AND status = 'active' AND deleted_at IS NULL",
        (recipient_uuid, code),
    ).fetchone()
    return row


def enroll(
    writer: Changes,
    recipient_uuid: str,
    program_code: str,
    since: dt.date | None,
    component: str | None = None,
) -> str | None:
    """Enroll in a programme; None when already enrolled (nothing changes)."""
    program = get_program(writer.conn, program_code)
    if active_enrollment(writer.conn, recipient_uuid, program.code) is not None:
        return None
    if since is not None:
        check_plausible_date(since, "since")
    values = {
        "recipient_uuid": recipient_uuid,
        "program_code": program.code,
        "component": component,
        "since": since.isoformat() if since else None,
        "status": "active",
    }
    return writer.insert("enrollments", values)


def leave(writer: Changes, key: str, program_code: str, reason: str, date: dt.date | None) -> None:
    row = find_recipient(writer.conn, key, include_removed=False)
    program = get_program(writer.conn, program_code)
    if reason not in LEAVE_REASONS:
        raise SampingError(
            _("Reason must be one of: {choices}.").format(choices=", ".join(LEAVE_REASONS))
        )
    enrollment = active_enrollment(writer.conn, row["uuid"], program.code)
    if enrollment is None:
        raise SampingError(
            _("{who} is not enrolled in {program}.").format(
                who=describe(writer.conn, row), program=program.code
            )
        )
    until = check_plausible_date(date or dt.date.today(), "date")
    if enrollment["since"] and until.isoformat() < enrollment["since"]:
        raise SampingError(
            _("The end date {until} is before the enrollment began ({since}).").format(
                until=until, since=enrollment["since"]
            )
        )
    status = "graduated" if reason == "graduated" else "stopped"
    writer.update(
        "enrollments",
        enrollment["uuid"],
        {"until": until.isoformat(), "status": status, "end_reason": reason},
    )


def remove_recipient(writer: Changes, key: str, reason: str) -> sqlite3.Row:
    row = find_recipient(writer.conn, key, include_removed=False)
    if not reason.strip():
        raise SampingError(_("Give a reason for removing a recipient (--reason)."))
    writer.soft_delete("recipients", row["uuid"], reason.strip())
    return row


def enrollments_of(conn: sqlite3.Connection, recipient_uuid: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT program_code, component, since, until, status, end_reason FROM enrollments "
        "WHERE recipient_uuid = ? AND deleted_at IS NULL ORDER BY program_code, since",
        (recipient_uuid,),
    )
    return [dict(row) for row in rows]


def double_aid(conn: sqlite3.Connection, codes: set[str]) -> list[tuple[str, str]]:
    return exclusive_pairs(list_programs(conn), codes)


def birth_fields(birth_date: str | None, show_nik: bool) -> dict[str, Any]:
    """`birth_date` beside a full NIK; only `birth_year` beside a masked one, as the hidden
    digits of a NIK are exactly the birth date (issue 12)."""
    if show_nik:
        return {"birth_date": birth_date}
    return {"birth_year": int(birth_date[:4]) if birth_date else None}


def public_record(row: sqlite3.Row, show_nik: bool, programs: list[str]) -> dict[str, Any]:
    """A recipient as shown to users: NIK and No. KK masked unless asked for (and then the
    birth year instead of the birth date)."""
    return {
        "uuid": row["uuid"],
        "nik": row["nik"] if show_nik else nik_rules.mask_nik(row["nik"]),
        "no_kk": (row["no_kk"] if show_nik else nik_rules.mask_nik(row["no_kk"])) or None,
        "name": row["name"],
        "sex": row["sex"],
        **birth_fields(row["birth_date"], show_nik),
        "address": row["address"],
        "rt": row["rt"],
        "rw": row["rw"],
        "desa_code": row["desa_code"],
        "desa_name": row["desa_name"] if "desa_name" in row.keys() else None,  # noqa: SIM118
        "phone": row["phone"],
        "flags": [f for f in row["flags"].split(",") if f],
        "programs": programs,
        "removed": bool(row["deleted_at"]),
    }


def list_recipients(
    conn: sqlite3.Connection,
    *,
    desa: str | None = None,
    kecamatan: str | None = None,
    program: str | None = None,
    search: str | None = None,
    show_nik: bool = False,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    where = ["r.deleted_at IS NULL"]
    params: list[Any] = []
    if desa:
        where.append("r.desa_code = ?")
        params.append(resolve_desa(conn, desa, kecamatan).code)
    elif kecamatan:
        from sampingdesa.places.workspace import resolve_kecamatan

        where.append("r.desa_code LIKE ?")
        params.append(resolve_kecamatan(conn, kecamatan).code + ".%")
    if program:
        where.append(
            "EXISTS (SELECT 1 FROM enrollments e WHERE e.recipient_uuid = r.uuid "
            "AND e.program_code = ? AND e.status = 'active' AND e.deleted_at IS NULL)"
        )
        params.append(get_program(conn, program).code)
    if search:
        query = fts_query(search)
        if not query:
            return []
        where.append("r.rowid IN (SELECT rowid FROM recipients_fts WHERE recipients_fts MATCH ?)")
        params.append(query)
    sql = (
        "SELECT r.*, (SELECT group_concat(program_code, ',') FROM (SELECT e.program_code "
        "FROM enrollments e WHERE e.recipient_uuid = r.uuid AND e.status = 'active' "
        "AND e.deleted_at IS NULL ORDER BY e.program_code)) AS programs, g.name AS desa_name "
        "FROM recipients r LEFT JOIN regions g ON g.code = r.desa_code "
        f"WHERE {' AND '.join(where)} ORDER BY r.desa_code, r.name"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [
        public_record(row, show_nik, (row["programs"] or "").split(",") if row["programs"] else [])
        for row in conn.execute(sql, params)
    ]


def recipient_detail(conn: sqlite3.Connection, key: str, show_nik: bool) -> dict[str, Any]:
    row = find_recipient(conn, key)
    enrollments = enrollments_of(conn, row["uuid"])
    active = sorted({e["program_code"] for e in enrollments if e["status"] == "active"})
    record = public_record(row, show_nik, active)
    record["desa_name"] = region_name(conn, row["desa_code"])
    record["kecamatan_name"] = region_name(conn, row["desa_code"].rsplit(".", 1)[0])
    record["enrollments"] = enrollments
    record["double_aid"] = [list(pair) for pair in double_aid(conn, set(active))]
    record["removed_reason"] = row["deleted_reason"]
    record["created_at"] = row["created_at"]
    record["updated_at"] = row["updated_at"]
    from sampingdesa.visits.recording import recipient_history  # visits imports this module

    record.update(recipient_history(conn, row["uuid"], dt.date.today()))
    return record


def _name_key(name: str) -> str:
    return " ".join(re.findall(r"\w+", name.lower()))


def find_duplicates(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Likely duplicates NIK uniqueness cannot catch, for a coordinator to review."""
    groups: list[dict[str, Any]] = []
    by_person: dict[tuple[str, str], list[sqlite3.Row]] = {}
    by_kk: dict[str, list[sqlite3.Row]] = {}
    for row in conn.execute(
        "SELECT uuid, nik, no_kk, name, birth_date, desa_code FROM recipients "
        "WHERE deleted_at IS NULL"
    ):
        if row["birth_date"]:
            by_person.setdefault((_name_key(row["name"]), row["birth_date"]), []).append(row)
        if row["no_kk"]:
            by_kk.setdefault(row["no_kk"], []).append(row)
    for rows in by_person.values():
        if len(rows) > 1:
            groups.append({"reason": "same_name_birth_date", "recipients": rows})
    for rows in by_kk.values():
        for i, first in enumerate(rows):
            for second in rows[i + 1 :]:
                ratio = difflib.SequenceMatcher(
                    None, _name_key(first["name"]), _name_key(second["name"])
                ).ratio()
                if ratio >= 0.85:
                    groups.append({"reason": "similar_name_same_kk", "recipients": [first, second]})
    return groups


def record_reveal(writer: Changes, scope: str, reason: str | None) -> None:
    """Log that full NIKs were shown (UU PDP: who saw personal data, when, why)."""
    writer.log("recipients", "*", "reveal_nik", None, {"scope": scope}, reason)
