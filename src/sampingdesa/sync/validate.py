"""A bundle's content passes the same checks as the command line, before anything is merged.

Rows are checked column by column: the declared type (and NOT NULL) from the schema, then the
domain's own validators (`values.nik`, `register.recipients.clean_fields`, the code sets of
`values.codes`, this regency's desa list, ISO dates, amounts). Log entries are checked for
shape: the JSON of `old` and `new` must be an object, numbers must be numbers. The first
problem refuses the whole bundle with a sentence naming the row (or entry) and the field.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

from sampingdesa.errors import DamagedBundle, InvalidValue, SampingError
from sampingdesa.i18n import _
from sampingdesa.store.clock import STAMP
from sampingdesa.values import codes
from sampingdesa.values.person import PERSON_COLUMNS, DesaCode
from sampingdesa.values.text import TEXT_CEILING, text_problem

Checker = Callable[[Any], str | None]  # a problem (a sentence) or None

_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX32 = re.compile(r"[0-9a-f]{32}")
_TEXT_LIMIT = TEXT_CEILING  # values.text: the most any text column carries


class BundleContentError(DamagedBundle):
    pass


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _iso_date(value: Any) -> str | None:
    try:
        if isinstance(value, str) and len(value) == 10:
            dt.date.fromisoformat(value)
            return None
    except ValueError:
        pass
    return _("{value!r} is not a date (YYYY-MM-DD).").format(value=value)


def _iso_time(value: Any) -> str | None:
    try:
        if isinstance(value, str) and len(value) <= 40:
            dt.datetime.fromisoformat(value)
            return None
    except ValueError:
        pass
    return _("{value!r} is not a time stamp.").format(value=value)


def _one_of(values: Iterable[str]) -> Checker:
    allowed = frozenset(values)

    def check(value: Any) -> str | None:
        if value in allowed:
            return None
        return _("{value!r} is not one of: {choices}.").format(
            value=value, choices=", ".join(sorted(allowed))
        )

    return check


def _code(kind: type[codes.Code]) -> Checker:
    return _one_of(kind.codes())


def _identifier(value: Any) -> str | None:
    if isinstance(value, str) and 0 < len(value) <= 64 and value.isprintable():
        return None
    return _("{value!r} is not a record id.").format(value=value)


def _amount(value: Any) -> str | None:
    if _is_int(value) and 0 <= value < 10**13:
        return None
    return _("{value!r} is not an amount in rupiah.").format(value=value)


def _between(low: float, high: float) -> Checker:
    def check(value: Any) -> str | None:
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and math.isfinite(value)
            and low <= value <= high
        ):
            return None
        return _("{value!r} is not a number from {low} to {high}.").format(
            value=value, low=low, high=high
        )

    return check


_DATES = ("birth_date", "since", "until", "visit_date", "period_start", "period_end",
          "received_date", "opened_on", "resolved_on", "reopened_on", "desil_date", "found_on",
          "closed_on", "musdes_date", "siks_date", "decided_on")  # fmt: skip
_TIMES = ("created_at", "updated_at", "deleted_at", "merged_at")
_CHANGES = ("outcome", "income_change", "work_change", "housing_change", "schooling_change",
            "health_change")  # fmt: skip

# Per table and column, the domain check (on top of the declared type). Desa codes are
# checked against this database's regions, recipients through the register's own cleaning.
CODED: dict[tuple[str, str], type[codes.Code]] = {
    ("enrollments", "status"): codes.EnrollmentState,
    ("visits", "kind"): codes.VisitKind,
    ("visits", "on_target"): codes.OnTarget,
    ("visits", "off_target_reason"): codes.OffTargetReason,
    ("deliveries", "status"): codes.Delivery,
    ("deliveries", "problem"): codes.Problem,
    ("findings", "kind"): codes.FindingKind,
    ("findings", "status"): codes.FindingStatus,
    **{("visits", c): codes.Change for c in _CHANGES},
    ("pendataan", "subject"): codes.Subject,
    ("pendataan", "status"): codes.EntryStatus,
    ("pendataan", "sex"): codes.Sex,
    ("pendataan_categories", "category"): codes.Ppks,
    ("usulan", "kind"): codes.ProposalKind,
    ("usulan", "subject"): codes.Subject,
    ("usulan", "removal_reason"): codes.RemovalReason,
    ("usulan", "status"): codes.ProposalStatus,
    ("programs", "form"): codes.AidForm,
}

_SPECIFIC: dict[tuple[str, str], Checker] = {
    **{key: _code(kind) for key, kind in CODED.items()},
    ("assistants", "role"): _one_of(("pendamping", "koordinator")),
    ("visits", "ready_to_graduate"): _one_of((0, 1)),  # type: ignore[arg-type]
    ("visits", "needs_referral"): _one_of((0, 1)),  # type: ignore[arg-type]
    ("visits", "gps_lat"): _between(-90, 90),
    ("visits", "gps_lon"): _between(-180, 180),
    ("visits", "source"): _one_of(("cli", "form")),
    ("deliveries", "amount"): _amount,
    ("deliveries", "expected_amount"): _amount,
    ("programs", "nominal_amount"): _amount,
    ("idm", "year"): _between(1900, 2100),
    ("idm", "iks"): _between(0, 1),
    ("idm", "ike"): _between(0, 1),
    ("idm", "ikl"): _between(0, 1),
    ("idm", "score"): _between(0, 1),
    ("recipients", "desil"): _between(1, 10),
    ("usulan", "desil"): _between(1, 10),
    ("pendataan", "gps_lat"): _between(-90, 90),
    ("pendataan", "gps_lon"): _between(-180, 180),
}


class ContentChecker:
    """Checks for one database (its schema, its regency's desa)."""

    def __init__(self, conn: sqlite3.Connection, tables: Iterable[str]) -> None:
        self.conn = conn
        desa = {
            r[0]
            for r in conn.execute("SELECT code FROM regions WHERE level IN ('desa', 'kelurahan')")
        }
        self.desa = desa
        self.plans: dict[str, tuple[list[tuple[str, Checker]], set[str], set[str]]] = {}
        for table in tables:
            self.plans[table] = self._plan(table)

    def _desa(self, value: Any) -> str | None:
        """A desa code as every entry checks it (`DesaCode`), then one of this regency."""
        try:
            DesaCode(value)
        except InvalidValue as error:
            return error.message
        if value in self.desa:  # stored as written: dotted
            return None
        return _("{value!r} is not a desa of this regency.").format(value=value)

    def _plan(self, table: str) -> tuple[list[tuple[str, Checker]], set[str], set[str]]:
        checks: list[tuple[str, Checker]] = []
        required: set[str] = set()
        columns: set[str] = set()
        for _cid, name, kind, notnull, default, _pk in self.conn.execute(
            f"PRAGMA table_info({table})"
        ):
            columns.add(name)
            if (notnull and default is None) or name == "uuid":
                required.add(name)
            checks.append((name, _typed(str(kind).upper(), bool(notnull))))
            if str(kind).upper() == "TEXT" and name not in _DATES + _TIMES + ("uuid",):
                checks.append((name, _skip_none(_text_of(name))))
            if name in PERSON_COLUMNS and table != "recipients":  # recipients: _recipient
                # the same person rule in every table (issue 22)
                checks.append((name, _skip_none(_person(name))))
            specific = _SPECIFIC.get((table, name))
            if name in _DATES:
                specific = _iso_date
            elif name in _TIMES:
                specific = _iso_time
            elif name == "desa_code":
                specific = self._desa
            elif name == "uuid":
                specific = _identifier
            if specific is not None:
                checks.append((name, specific if name == "uuid" else _skip_none(specific)))
        return checks, required, columns

    def check_row(self, table: str, row: Any) -> tuple[str, str] | None:
        """(field, problem) for the first thing wrong with `row`, or None."""
        if not isinstance(row, dict):
            return "-", _("the row is not a record.")
        checks, required, columns = self.plans[table]
        for name in row:
            if name not in columns:
                return str(name)[:40], _("{table} has no such field.").format(table=table)
        for name in required:
            if name not in row:
                return name, _("missing.")
        for name, check in checks:
            if name in row:
                problem = check(row[name])
                if problem is not None:
                    return name, problem
        if table == "recipients":
            return _recipient(self.conn, row)
        if table == "report_settings":
            return _setting(row)
        return None


def _text_of(column: str) -> Checker:
    """Control characters and the field's limit (`values.text.FIELD_LIMITS`)."""

    def check(value: Any) -> str | None:
        return text_problem(column, value) if isinstance(value, str) else None

    return check


def _person(column: str) -> Checker:
    """A person column (NIK, No. KK, phone, RT, RW) must be what `values.person` stores."""
    make = PERSON_COLUMNS[column]

    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return None  # the declared type says so
        try:
            stored = make(value)
        except SampingError as error:
            return str(error)
        if stored != value:
            return _("{value!r} is not as the register stores it ({clean!r}).").format(
                value=_short(value), clean=str(stored)
            )
        return None

    return check


def _setting(row: dict[str, Any]) -> tuple[str, str] | None:
    """A report setting's value, checked as `report settings` checks it (its key's limit,
    a NIP's digits)."""
    from sampingdesa.values.nip import Nip
    from sampingdesa.values.text import Text

    key, value = row.get("key"), row.get("value")
    if not isinstance(key, str) or not isinstance(value, str):
        return None  # the declared types say so
    try:
        stored = str(Text(key, value))
        if stored and key.endswith("_nip"):
            stored = str(Nip(stored, field=key))
        elif stored and key == "paper":
            stored = str(codes.Paper.parse(stored, "paper").value)
    except SampingError as error:
        return "value", str(error)
    if stored != value:
        return "value", _("{value!r} is not as the register stores it ({clean!r}).").format(
            value=_short(value), clean=stored
        )
    return None


def _skip_none(check: Checker) -> Checker:
    def wrapped(value: Any) -> str | None:
        return None if value is None else check(value)

    return wrapped


def _typed(kind: str, notnull: bool) -> Checker:
    def check(value: Any) -> str | None:
        if value is None:
            return _("empty, but required.") if notnull else None
        if kind == "INTEGER":
            ok = _is_int(value) and -(2**63) <= value < 2**63
        elif kind == "REAL":
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            ok = ok and math.isfinite(value)
        else:
            ok = isinstance(value, str) and len(value) <= _TEXT_LIMIT and "\x00" not in value
        if ok:
            return None
        return _("{value!r} is not of the right kind ({kind}).").format(
            value=_short(value), kind=kind.lower()
        )

    return check


def _short(value: Any) -> Any:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _recipient(conn: sqlite3.Connection, row: dict[str, Any]) -> tuple[str, str] | None:
    """The register's own checks: the values must be what the CLI would have stored."""
    from sampingdesa.places import regions
    from sampingdesa.register.recipients import RecipientInput, clean_fields
    from sampingdesa.values import nik as nik_rules

    try:
        info = nik_rules.parse_nik(row["nik"], regions.kecamatan_exists)
    except SampingError as error:
        return "nik", str(error)
    if info.nik != row["nik"]:
        return "nik", _("{value!r} is not written as 16 digits.").format(value=row["nik"])
    if row.get("sex") is not None and row["sex"] not in codes.Sex.codes():
        return "sex", _("{value!r} is not L or P.").format(value=row["sex"])
    given = RecipientInput(
        name=row.get("name"),
        no_kk=row.get("no_kk") or None,
        rt=row.get("rt") or None,
        rw=row.get("rw") or None,
        phone=row.get("phone") or None,
        flags=[row["flags"]] if row.get("flags") else [],
    )
    try:
        cleaned = clean_fields(conn, given)
    except SampingError as error:
        field = getattr(error, "field", None)
        return str(field or _field_named_in(str(error))), str(error)
    for name, value in cleaned.items():
        if value != row.get(name):
            return name, _("{value!r} is not as the register stores it ({clean!r}).").format(
                value=row.get(name), clean=value
            )
    return None


def _field_named_in(message: str) -> str:
    for name, words in (("no_kk", "KK"), ("rt", "RT"), ("rw", "RW"), ("phone", "phone"),
                        ("flags", "flag"), ("name", "name")):  # fmt: skip
        if words.lower() in message.lower():
            return name
    return "-"


def check_entry(entry: Any) -> tuple[str, str] | None:
    """(field, problem) for a log line that is not a well-formed entry or placeholder."""
    if not isinstance(entry, dict):
        return "-", _("the entry is not a record.")
    origin = entry.get("origin_db")
    if not isinstance(origin, str) or not 0 < len(origin) <= 64:
        return "origin_db", _("missing or not an id.")
    number = entry.get("origin_id")
    if not isinstance(number, int) or isinstance(number, bool) or not 0 < number < 2**62:
        return "origin_id", _("{value!r} is not an entry number.").format(value=_short(number))
    if entry.get("stub"):
        digest = entry.get("digest")
        if not isinstance(digest, str) or not _HEX64.fullmatch(digest):
            return "digest", _("not a SHA-256 hash.")
        return None
    for name in ("at", "actor", "table", "row", "action", "old", "new", "reason", "hash"):
        if name not in entry:
            return name, _("missing.")
    salt = entry.get("salt")
    if salt is not None and not (isinstance(salt, str) and _HEX32.fullmatch(salt)):
        return "salt", _("not a salt (32 hexadecimal digits).")
    for name in ("actor", "table", "row", "action"):
        value = entry.get(name)
        if not isinstance(value, str) or not 0 < len(value) <= 200:
            return name, _("missing or not text.")
    problem = _iso_time(entry.get("at"))
    if problem:
        return "at", problem
    hlc = entry.get("hlc")
    if hlc is not None and not (isinstance(hlc, str) and STAMP.fullmatch(hlc)):
        return "hlc", _("{value!r} is not a clock stamp.").format(value=_short(hlc))
    reason = entry.get("reason")
    if reason is not None and (not isinstance(reason, str) or len(reason) > _TEXT_LIMIT):
        return "reason", _("not text.")
    for name in ("old", "new"):
        value = entry.get(name)
        if value is None:
            continue
        try:
            parsed = json.loads(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            return name, _("not the JSON of a record: {value}").format(value=_short(value))
        if name == "new":
            entry["_new"] = parsed  # kept for the merge, which needs the fields
    digest = entry.get("hash")
    if not isinstance(digest, str) or not _HEX64.fullmatch(digest):
        return "hash", _("not a SHA-256 hash.")
    return None


def refuse(path: object, where: str, field: str, problem: str) -> BundleContentError:
    return BundleContentError(
        _("{path}: {where}, field {field}: {problem} Nothing from this bundle was merged.").format(
            path=path, where=where, field=field, problem=problem
        )
    )


def check_content(conn: sqlite3.Connection, bundle: Any) -> None:
    """Every row and entry of `bundle`, as the CLI would check it; the first problem refuses
    the whole bundle."""
    from sampingdesa.sync.tables import ALIASES, TABLES

    checker = ContentChecker(conn, TABLES)
    path = bundle.path
    seen: set[tuple[str, str]] = set()
    niks: dict[str, str] = {}
    for number, (table, row) in enumerate(bundle.rows, start=1):
        uuid = str(row.get("uuid")) if isinstance(row, dict) else "?"
        where = _("row {number} ({table} {uuid})").format(number=number, table=table, uuid=uuid[:8])
        if table == ALIASES:
            problem = _alias_problem(row)
            if problem:
                raise refuse(path, where, *problem)
            continue
        problem = checker.check_row(table, row)
        if problem:
            raise refuse(path, where, *problem)
        if (table, uuid) in seen:
            raise refuse(path, where, "uuid", _("the same record appears twice."))
        seen.add((table, uuid))
        if table == "recipients":
            other = niks.setdefault(row["nik"], row["uuid"])
            if other != row["uuid"]:
                raise refuse(path, where, "nik", _("the same NIK appears under two ids."))
    numbers: set[tuple[str, int]] = set()
    for number, entry in enumerate(bundle.entries, start=1):
        where = _("log entry {number}").format(number=number)
        problem = check_entry(entry)
        if problem:
            raise refuse(path, where, *problem)
        key = (entry["origin_db"], entry["origin_id"])
        if key in numbers:
            raise refuse(path, where, "origin_id", _("the same entry appears twice."))
        numbers.add(key)


def _alias_problem(row: Any) -> tuple[str, str] | None:
    if not isinstance(row, dict):
        return "-", _("the row is not a record.")
    for name in ("alias_uuid", "canonical_uuid", "nik", "merged_at"):
        value = row.get(name)
        if not isinstance(value, str) or not 0 < len(value) <= 64:
            return name, _("missing or not text.")
    if not (row["nik"].isascii() and row["nik"].isdigit() and len(row["nik"]) == 16):
        return "nik", _("{value!r} is not 16 digits.").format(value=row["nik"])
    if row["alias_uuid"] == row["canonical_uuid"]:
        return "alias_uuid", _("a record cannot be its own alias.")
    return None
