"""The recipient register: add, edit, enroll, leave, remove, search, duplicates."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypedDict

from sampingdesa.errors import Conflict, InvalidValue, NotFound
from sampingdesa.i18n import _, ngettext
from sampingdesa.places.laptop import region_name, resolve_desa
from sampingdesa.privacy import Reveal, revealed
from sampingdesa.register.programs import exclusive_pairs, get_program, list_programs
from sampingdesa.store.changes import Changes
from sampingdesa.values import nik as nik_rules
from sampingdesa.values.codes import EnrollmentState, LeaveReason
from sampingdesa.values.parsing import EARLIEST_BIRTH, check_plausible_date
from sampingdesa.values.person import Nik, Person
from sampingdesa.values.text import clean_text

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
    "desil",
    "desil_date",
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
    desil: int | None = None
    desil_date: dt.date | None = None


def parse_flags(values: list[str]) -> str:
    flags = set()
    for value in values:
        for flag in value.split(","):
            flag = flag.strip().lower()
            if not flag:
                continue
            if flag not in FLAGS:
                raise InvalidValue(
                    "flag",
                    flag,
                    _("Unknown flag {flag!r}. Known flags: {known}.").format(
                        flag=flag, known=", ".join(FLAGS)
                    ),
                )
            flags.add(flag)
    return ",".join(sorted(flags))


def clean_fields(conn: sqlite3.Connection, data: RecipientInput) -> dict[str, Any]:
    """Validate what was given and return column values (only for fields given); the person
    fields through `values.person.Person`, the one rule each entry path uses."""
    person = Person.parse(
        no_kk=data.no_kk, name=data.name, address=data.address, rt=data.rt, rw=data.rw,
        phone=data.phone,
    )  # fmt: skip
    values: dict[str, Any] = person.columns()
    if data.desa is not None:
        values["desa_code"] = resolve_desa(conn, data.desa, data.kecamatan).code
    if data.sex is not None:
        values["sex"] = data.sex
    if data.birth_date is not None:
        check_plausible_date(data.birth_date, "birth_date", earliest=EARLIEST_BIRTH)
        values["birth_date"] = data.birth_date.isoformat()
    if data.flags:
        values["flags"] = parse_flags(data.flags)
    values.update(desil_values(data.desil, data.desil_date))
    return values


def desil_values(desil: int | None, when: dt.date | None) -> dict[str, Any]:
    """The DTSEN desil and the date it was known (default today)."""
    from sampingdesa.errors import InvalidValue
    from sampingdesa.register.desil import parse_desil

    if desil is None:
        if when is not None:
            raise InvalidValue("desil_date", when, _("Give the desil with its date."))
        return {}
    day = when or dt.date.today()
    if day > dt.date.today():
        raise InvalidValue(
            "desil_date", day, _("The date {date} is in the future.").format(date=day)
        )
    return {"desil": parse_desil(desil), "desil_date": day.isoformat()}


def _existing_by_nik(conn: sqlite3.Connection, nik: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM recipients WHERE nik = ?", (nik,)
    ).fetchone()
    return row


def describe(conn: sqlite3.Connection, row: sqlite3.Row) -> str:
    removed = _(" (removed)") if row["deleted_at"] else ""
    return f"{row['name']}, {region_name(conn, row['desa_code'])}{removed}"


def add_recipient(
    writer: Changes,
    data: RecipientInput,
    programs: list[str],
    *,
    assistant_uuid: str | None = None,
) -> str:
    """Register a recipient and enroll them; `assistant_uuid` (the one who looks after them)
    defaults to the writer's actor. Returns the new UUID."""
    conn = writer.conn
    if not data.nik or not data.name or not data.desa:
        missing = next(f for f in ("nik", "name", "desa") if not getattr(data, f))
        raise InvalidValue(missing, None, _("NIK, name and desa are required."))
    info = Nik(data.nik).info
    nik_rules.check_consistent(info, data.birth_date, data.sex)
    existing = _existing_by_nik(conn, info.nik)
    if existing is not None:
        raise Conflict(
            _("NIK {nik} is already registered: {who}.").format(
                nik=nik_rules.mask_nik(info.nik), who=describe(conn, existing)
            )
        )
    values = clean_fields(conn, data)
    values.setdefault("sex", info.sex)
    values.setdefault("birth_date", info.birth_date.isoformat())
    values["nik"] = info.nik
    values["assistant_uuid"] = assistant_uuid or writer.actor
    recipient_uuid = writer.insert("recipients", values)
    for code in programs:
        enroll(writer, recipient_uuid, code, since=None)
    return recipient_uuid


class AmbiguousRecipient(Conflict):
    """A name (or id) that fits several recipients; `candidates` lists them for a choice."""

    def __init__(self, key: str, candidates: list[dict[str, Any]]) -> None:
        self.key = key
        self.candidates = candidates
        super().__init__(
            ngettext(
                "{count} recipient fits {key!r}; give the id or the whole NIK:",
                "{count} recipients fit {key!r}; give the id or the whole NIK:",
                len(candidates),
            ).format(count=len(candidates), key=key),
            details=[candidate_line(c) for c in candidates],
        )


def candidate_line(candidate: dict[str, Any]) -> str:
    return "{name}, {nik}, {desa}, id {id}".format(**candidate)


def fold_name(text: str) -> str:
    """A name as compared: no accents, no case, words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.findall(r"\w+", plain.casefold()))


_HEX_ID = re.compile(r"^[0-9a-f][0-9a-f-]{3,35}$")
_MAX_CANDIDATES = 20


def find_recipient(conn: sqlite3.Connection, key: str, include_removed: bool = True) -> sqlite3.Row:
    """The one recipient meant by `key`: a NIK, an id (its first characters are enough) or a
    name (whole, or a unique part: the start of each word; case and accents do not matter).

    A NIK a spreadsheet damaged gets the explanation `recipient add` gives; an unknown NIK or
    name suggests close ones; a name several recipients share raises `AmbiguousRecipient`."""
    text = key.strip()
    digits = re.sub(r"[\s.\-]", "", text)
    row: sqlite3.Row | None = None
    if digits.isdigit() and len(digits) == 16:
        row = conn.execute("SELECT * FROM recipients WHERE nik = ?", (digits,)).fetchone()
        if row is None:
            raise NotFound(
                _("No recipient with NIK {key!r}.").format(key=nik_rules.mask_typed(text))
                + _near_hint(conn, digits)
            )
    elif _HEX_ID.match(text.lower()):
        rows = conn.execute(
            "SELECT * FROM recipients WHERE uuid >= ? AND uuid < ? LIMIT ?",
            (text.lower(), text.lower() + "~", _MAX_CANDIDATES),
        ).fetchall()
        if len(rows) > 1:
            raise AmbiguousRecipient(text, [_candidate(conn, r) for r in rows])
        row = rows[0] if rows else None
    if row is None and nik_rules.looks_damaged(text):
        # After the ids: an id such as "21e904" reads like a number in scientific notation.
        nik_rules.parse_nik(text)  # raises the explanation of the damage
    if row is None and not digits.isdigit():
        row = _by_name(conn, text, include_removed)
    if row is None:
        raise NotFound(
            _("No recipient with NIK, id or name {key!r}.").format(key=nik_rules.mask_typed(text))
            + _name_hint(conn, text)
        )
    if row["deleted_at"] and not include_removed:
        raise NotFound(
            _("{who} was removed on {date}.").format(
                who=describe(conn, row), date=row["deleted_at"][:10]
            )
        )
    result: sqlite3.Row = row
    return result


def _by_name(conn: sqlite3.Connection, text: str, include_removed: bool) -> sqlite3.Row | None:
    wanted = fold_name(text)
    query = fts_query(wanted)
    if not query:
        return None
    rows = conn.execute(
        "SELECT r.* FROM recipients_fts f JOIN recipients r ON r.rowid = f.rowid "
        "WHERE recipients_fts MATCH ? ORDER BY r.deleted_at IS NOT NULL, r.name COLLATE NOCASE",
        (query,),
    ).fetchall()
    active = [r for r in rows if r["deleted_at"] is None]
    # A removed recipient is found by name only where no one registered now fits.
    rows = active or (rows if include_removed else [])
    words = wanted.split()
    # FTS matches each word's start anywhere; keep names whose words all start that way.
    rows = [r for r in rows if _words_start(words, fold_name(r["name"]).split())]
    exact = [r for r in rows if fold_name(r["name"]) == wanted]
    chosen = exact or rows
    if len(chosen) > 1:
        raise AmbiguousRecipient(text, [_candidate(conn, r) for r in chosen[:_MAX_CANDIDATES]])
    return chosen[0] if chosen else None


def _words_start(words: list[str], name_words: list[str]) -> bool:
    remaining = list(name_words)
    for word in words:
        for index, candidate in enumerate(remaining):
            if candidate.startswith(word):
                del remaining[index]
                break
        else:
            return False
    return True


def _candidate(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    return {
        "uuid": row["uuid"],
        "id": row["uuid"][:8],
        "name": row["name"],
        "nik": nik_rules.mask_nik(row["nik"]),
        "desa": region_name(conn, row["desa_code"]),
        "removed": bool(row["deleted_at"]),
    }


def _near_hint(conn: sqlite3.Connection, nik: str) -> str:
    """Recipients of the same kecamatan whose NIK differs by a typo or two."""
    rows = conn.execute(
        "SELECT nik, name FROM recipients WHERE nik >= ? AND nik < ? AND deleted_at IS NULL",
        (nik[:6], nik[:6] + "~"),
    ).fetchall()
    scored = [(difflib.SequenceMatcher(None, nik, row["nik"]).ratio(), row) for row in rows]
    near = [row for ratio, row in sorted(scored, key=lambda s: -s[0]) if ratio >= 0.85][:5]
    if not near:
        return ""
    names = "; ".join(f"{row['name']} ({nik_rules.mask_nik(row['nik'])})" for row in near)
    return " " + _("Close matches: {names}.").format(names=names)


def _name_hint(conn: sqlite3.Connection, text: str) -> str:
    wanted = fold_name(text)
    if not wanted or wanted.replace(" ", "").isdigit():
        return ""
    rows = conn.execute("SELECT name, nik FROM recipients WHERE deleted_at IS NULL").fetchall()
    by_name: dict[str, list[sqlite3.Row]] = {}
    for row in rows:
        by_name.setdefault(fold_name(row["name"]), []).append(row)
    close = difflib.get_close_matches(wanted, list(by_name), n=5, cutoff=0.75)
    if not close:
        return ""
    names = "; ".join(
        f"{row['name']} ({nik_rules.mask_nik(row['nik'])})" for n in close for row in by_name[n]
    )
    return " " + _("Close matches: {names}.").format(names=names)


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
        "AND status = ? AND deleted_at IS NULL",
        (recipient_uuid, code, EnrollmentState.ACTIVE.value),
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
        "status": EnrollmentState.ACTIVE,
    }
    return writer.insert("enrollments", values)


def leave(
    writer: Changes, key: str, program_code: str, reason: str, date: dt.date | None
) -> LeaveReason:
    """End an enrollment; `reason` is a `LeaveReason` in any accepted word (`lulus`)."""
    row = find_recipient(writer.conn, key, include_removed=False)
    program = get_program(writer.conn, program_code)
    why = LeaveReason.parse(reason, "leave_reason")
    enrollment = active_enrollment(writer.conn, row["uuid"], program.code)
    if enrollment is None:
        raise Conflict(
            _("{who} is not enrolled in {program}.").format(
                who=describe(writer.conn, row), program=program.code
            )
        )
    until = check_plausible_date(date or dt.date.today(), "date")
    if enrollment["since"] and until.isoformat() < enrollment["since"]:
        raise InvalidValue(
            "date",
            until,
            _("The end date {until} is before the enrollment began ({since}).").format(
                until=until, since=enrollment["since"]
            ),
        )
    graduated = why is LeaveReason.GRADUATED
    status = EnrollmentState.GRADUATED if graduated else EnrollmentState.STOPPED
    writer.update(
        "enrollments",
        enrollment["uuid"],
        {"until": until.isoformat(), "status": status.value, "end_reason": why.value},
    )
    return why


def remove_recipient(writer: Changes, key: str, reason: str) -> sqlite3.Row:
    row = find_recipient(writer.conn, key, include_removed=False)
    text = clean_text("reason", reason) or ""
    if not text:
        raise InvalidValue("reason", reason, _("Give a reason for removing a recipient."))
    writer.soft_delete("recipients", row["uuid"], text)
    return row


class Enrollment(TypedDict):
    program_code: str
    component: str | None
    since: str
    until: str | None
    status: str
    end_reason: str | None


def enrollments_of(conn: sqlite3.Connection, recipient_uuid: str) -> list[Enrollment]:
    rows = conn.execute(
        "SELECT program_code, component, since, until, status, end_reason FROM enrollments "
        "WHERE recipient_uuid = ? AND deleted_at IS NULL ORDER BY program_code, since",
        (recipient_uuid,),
    )
    return [
        Enrollment(program_code=row["program_code"], component=row["component"],
                   since=row["since"], until=row["until"], status=row["status"],
                   end_reason=row["end_reason"])
        for row in rows
    ]  # fmt: skip


def active_programs(conn: sqlite3.Connection, recipient_uuid: str) -> list[str]:
    """Codes of the programmes a recipient is actively enrolled in, sorted."""
    rows = conn.execute(
        "SELECT DISTINCT program_code FROM enrollments WHERE recipient_uuid = ? "
        "AND status = ? AND deleted_at IS NULL ORDER BY program_code",
        (recipient_uuid, EnrollmentState.ACTIVE.value),
    )
    return [row[0] for row in rows]


def double_aid(conn: sqlite3.Connection, recipient_uuid: str) -> list[tuple[str, str]]:
    """The one double-aid check: pairs of a recipient's active programmes that the catalogue
    says may not go to one family."""
    return exclusive_pairs(list_programs(conn), set(active_programs(conn, recipient_uuid)))


def double_aid_message(pair: tuple[str, str] | list[str]) -> str:
    first, second = pair
    return _("double aid: {first} and {second} may not go to the same family.").format(
        first=first, second=second
    )


def double_aid_warnings(conn: sqlite3.Connection, recipient_uuid: str) -> list[str]:
    return [double_aid_message(pair) for pair in double_aid(conn, recipient_uuid)]


def birth_fields(birth_date: str | None, show_nik: bool) -> dict[str, Any]:
    """`birth_date` beside a full NIK; only `birth_year` beside a masked one, as the hidden
    digits of a NIK are exactly the birth date (issue 12)."""
    if show_nik:
        return {"birth_date": birth_date}
    return {"birth_year": int(birth_date[:4]) if birth_date else None}


def _column(row: sqlite3.Row, name: str) -> Any:
    """`row[name]`, or None when the query did not select it (cheaper per row than keys())."""
    try:
        return row[name]
    except IndexError:
        return None


class RecipientView(TypedDict, total=False):
    """A recipient as shown to users (`recipient list --json`). Beside a masked NIK only
    `birth_year` is given, beside a full one only `birth_date`; every other key always."""

    uuid: str
    nik: str
    no_kk: str | None
    name: str
    sex: str | None
    birth_date: str | None
    birth_year: int | None
    address: str | None
    rt: str | None
    rw: str | None
    desa_code: str
    desa_name: str | None
    phone: str | None
    flags: list[str]
    desil: int | None
    desil_date: str | None
    programs: list[str]
    removed: bool


class RecipientDetail(RecipientView, total=False):
    """One recipient as `recipient show` lists them (`visits.history.RecipientWithHistory`
    adds the visits and findings)."""

    kecamatan_name: str | None
    enrollments: list[Enrollment]
    double_aid: list[list[str]]
    removed_reason: str | None
    created_at: str
    updated_at: str


def birth_of(record: RecipientView) -> str | int | None:
    """The birth date beside a full NIK, else the birth year."""
    return record["birth_date"] if "birth_date" in record else record.get("birth_year")


def public_record(
    row: sqlite3.Row, show_nik: bool, programs: list[str], desa_name: str | None = None
) -> RecipientView:
    # `show_nik` True only from a function that logged a `privacy.Reveal` first
    """A recipient as shown to users: NIK and No. KK masked unless asked for (and then the
    birth year instead of the birth date)."""
    return {
        "uuid": row["uuid"],
        "nik": row["nik"] if show_nik else nik_rules.mask_nik(row["nik"]),
        "no_kk": (row["no_kk"] if show_nik else nik_rules.mask_nik(row["no_kk"])) or None,
        "name": row["name"],
        "sex": row["sex"],
        **birth_fields(row["birth_date"], show_nik),  # type: ignore[typeddict-item]
        "address": row["address"],
        "rt": row["rt"],
        "rw": row["rw"],
        "desa_code": row["desa_code"],
        "desa_name": desa_name or _column(row, "desa_name"),
        "phone": row["phone"],
        "flags": [f for f in row["flags"].split(",") if f],
        "desil": row["desil"],
        "desil_date": row["desil_date"],
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
    reveal: Reveal | None = None,
    limit: int | None = None,
) -> list[RecipientView]:
    """Recipients (not removed) as shown to users, by desa then name; NIKs masked unless a
    `reveal` is given (logged first). `search` matches name words by prefix."""
    return list(iter_recipients(conn, desa=desa, kecamatan=kecamatan, program=program,
                                search=search, reveal=reveal, limit=limit))  # fmt: skip


def iter_recipients(
    conn: sqlite3.Connection,
    *,
    desa: str | None = None,
    kecamatan: str | None = None,
    program: str | None = None,
    search: str | None = None,
    reveal: Reveal | None = None,
    limit: int | None = None,
) -> Iterator[RecipientView]:
    """`list_recipients` one at a time, as the database gives them (a whole province's
    register never sits in memory). The places and programme are checked at once."""
    where = ["r.deleted_at IS NULL"]
    params: list[Any] = []
    if desa:
        where.append("r.desa_code = ?")
        params.append(resolve_desa(conn, desa, kecamatan).code)
    elif kecamatan:
        from sampingdesa.places.laptop import resolve_kecamatan

        code = resolve_kecamatan(conn, kecamatan).code
        where.append("r.desa_code > ? AND r.desa_code < ?")  # a range the index can seek
        params.extend((code + ".", code + "/"))
    if program:
        where.append(
            "EXISTS (SELECT 1 FROM enrollments e WHERE e.recipient_uuid = r.uuid "
            "AND e.program_code = ? AND e.status = 'active' AND e.deleted_at IS NULL)"
        )
        params.append(get_program(conn, program).code)
    if search:
        query = fts_query(search)
        if not query:
            return iter(())
        where.append("r.rowid IN (SELECT rowid FROM recipients_fts WHERE recipients_fts MATCH ?)")
        params.append(query)
    sql = (
        "SELECT r.*, (SELECT group_concat(program_code, ',') FROM (SELECT e.program_code "
        "FROM enrollments e WHERE e.recipient_uuid = r.uuid AND e.status = 'active' "
        "AND e.deleted_at IS NULL ORDER BY e.program_code)) AS programs, g.name AS desa_name "
        "FROM recipients r LEFT JOIN regions g ON g.code = r.desa_code "
        f"WHERE {' AND '.join(where)} ORDER BY r.desa_code, r.name COLLATE NOCASE"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    show_nik = revealed(conn, reveal)
    return (
        public_record(row, show_nik, (row["programs"] or "").split(",") if row["programs"] else [])
        for row in conn.execute(sql, params)
    )


def recipient_record(
    conn: sqlite3.Connection, key: str, reveal: Reveal | None = None
) -> RecipientDetail:
    """One recipient as `recipient show` lists them: the register's fields, enrolments and
    double aid (with the visit history: `visits.history.recipient_detail`); NIKs masked
    unless a `reveal` is given (logged before anything is read)."""
    row = find_recipient(conn, key)
    show_nik = revealed(conn, reveal)
    enrollments = enrollments_of(conn, row["uuid"])
    active = sorted(
        {e["program_code"] for e in enrollments if e["status"] == EnrollmentState.ACTIVE}
    )
    return RecipientDetail(
        **public_record(row, show_nik, active, region_name(conn, row["desa_code"])),
        kecamatan_name=region_name(conn, row["desa_code"].rsplit(".", 1)[0]),
        enrollments=enrollments,
        double_aid=[list(pair) for pair in double_aid(conn, row["uuid"])],
        removed_reason=row["deleted_reason"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _name_key(name: str) -> str:
    return " ".join(re.findall(r"\w+", name.lower()))


@dataclass(frozen=True)
class DuplicateMember:
    """A recipient in a duplicate group, masked unless the list was revealed."""

    uuid: str
    nik: str
    name: str
    birth: str | int | None  # the birth date beside a full NIK, else the birth year
    desa_code: str
    full: bool

    def as_dict(self) -> dict[str, Any]:
        birth = "birth_date" if self.full else "birth_year"
        return {"uuid": self.uuid, "nik": self.nik, "name": self.name, birth: self.birth,
                "desa_code": self.desa_code}  # fmt: skip


@dataclass(frozen=True)
class DuplicateGroup:
    reason: str  # same_name_birth_date | similar_name_same_kk
    recipients: list[DuplicateMember]

    def as_dict(self) -> dict[str, Any]:
        return {"reason": self.reason, "recipients": [r.as_dict() for r in self.recipients]}


def find_duplicates(conn: sqlite3.Connection, reveal: Reveal | None = None) -> list[DuplicateGroup]:
    """Likely duplicates NIK uniqueness cannot catch, for a coordinator to review; NIKs
    masked (and birth years only) unless a `reveal` is given (logged first)."""
    full = revealed(conn, reveal)

    def member(row: sqlite3.Row) -> DuplicateMember:
        birth = birth_fields(row["birth_date"], full)
        return DuplicateMember(
            row["uuid"], row["nik"] if full else nik_rules.mask_nik(row["nik"]), row["name"],
            next(iter(birth.values())), row["desa_code"], full,
        )  # fmt: skip

    groups: list[DuplicateGroup] = []
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
            groups.append(DuplicateGroup("same_name_birth_date", [member(r) for r in rows]))
    for rows in by_kk.values():
        for i, first in enumerate(rows):
            for second in rows[i + 1 :]:
                ratio = difflib.SequenceMatcher(
                    None, _name_key(first["name"]), _name_key(second["name"])
                ).ratio()
                if ratio >= 0.85:
                    groups.append(
                        DuplicateGroup("similar_name_same_kk", [member(first), member(second)])
                    )
    return groups
