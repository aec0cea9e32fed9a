"""Sync conflicts: list them, and settle one with a side or a value of its own.

A settlement is a logged change like any other, so it travels to the other laptops as the
latest value; a settled conflict can be settled again (it is the newest choice that counts).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any, TypedDict

from sampingdesa.errors import InvalidValue, NotFound, SampingError, UsageProblem
from sampingdesa.i18n import N_, _
from sampingdesa.privacy import Reveal, revealed
from sampingdesa.store.changes import changes, now_iso, to_json
from sampingdesa.values.codes import KeepSide
from sampingdesa.values.nik import mask_field_value


class ConflictView(TypedDict):
    """A conflict as stored, its three values (JSON) masked unless revealed."""

    id: int
    table_name: str
    row_uuid: str
    field: str
    local_value: str | None
    remote_value: str | None
    kept: str  # local | remote
    local_origin: str
    remote_origin: str
    bundle: str | None
    detected_at: str
    status: str  # open | resolved
    resolved_at: str | None
    resolved_value: str | None


class ConflictDetail(ConflictView):
    """`sync conflicts`: what a person needs to decide."""

    whom: str
    field_label: str
    mine: Any
    mine_by: str | None
    theirs: Any
    theirs_by: str | None
    kept_side: str  # mine | theirs
    resolved: Any


def list_conflicts(
    conn: sqlite3.Connection, include_resolved: bool = False, reveal: Reveal | None = None
) -> list[ConflictView]:
    """Conflicts, their values as shown beside masked NIKs (every 16-digit number masked, a
    birth date cut to its year) unless a `reveal` is given (logged first)."""
    where = "" if include_resolved else "WHERE status = 'open'"
    full = revealed(conn, reveal)

    def shown(row: sqlite3.Row, column: str) -> str | None:
        value: str | None = row[column]
        return value if full or value is None else str(mask_field_value(row["field"], value))

    return [
        ConflictView(
            id=row["id"], table_name=row["table_name"], row_uuid=row["row_uuid"],
            field=row["field"], local_value=shown(row, "local_value"),
            remote_value=shown(row, "remote_value"), kept=row["kept"],
            local_origin=row["local_origin"], remote_origin=row["remote_origin"],
            bundle=row["bundle"], detected_at=row["detected_at"], status=row["status"],
            resolved_at=row["resolved_at"], resolved_value=shown(row, "resolved_value"),
        )
        for row in conn.execute(f"SELECT * FROM sync_conflicts {where} ORDER BY id")
    ]  # fmt: skip


@dataclass(frozen=True)
class Resolved:
    """A settled conflict: the value stored, and the value as it may be shown (masked like
    `list_conflicts` unless the settlement was given a `reveal`)."""

    conflict_id: int
    field: str
    value: Any
    shown: Any


def resolve_conflict(
    conn: sqlite3.Connection,
    actor: str,
    conflict_id: int,
    keep: KeepSide | str | None = None,
    value: str | None = None,
    reveal: Reveal | None = None,
) -> Resolved:
    """Settle a conflict with this database's side, the other side, or a typed value (which
    goes through the field's own validation). The value shown back is masked unless a
    `reveal` is given (logged)."""
    if (keep is None) == (value is None):
        raise UsageProblem(_("Give either a side to keep or a value, not both."))
    row = (
        conn.execute("SELECT * FROM sync_conflicts WHERE id = ?", (conflict_id,)).fetchone()
        if 0 < conflict_id < 2**63  # SQLite's integers end there (issue 23)
        else None
    )
    if row is None:
        raise NotFound(_("No conflict with id {id}.").format(id=conflict_id))
    if keep is not None:
        side = keep if isinstance(keep, KeepSide) else KeepSide.parse(keep, "keep")
        stored = row["local_value"] if side is KeepSide.MINE else row["remote_value"]
        chosen = json.loads(stored)
    else:
        try:
            chosen = field_value(conn, row["table_name"], row["field"], str(value))
        except SampingError as error:  # named as the input it came from
            raise InvalidValue("value", value, error.message) from None
    with changes(conn, actor) as writer:
        try:
            reason = _("sync conflict {id} resolved").format(id=conflict_id)
            writer.update(row["table_name"], row["row_uuid"], {row["field"]: chosen}, reason)
        except KeyError:
            raise NotFound(_("The record of conflict {id} no longer exists.").format(
                id=conflict_id)) from None  # fmt: skip
        if row["table_name"] in ("visits", "deliveries"):  # its findings follow the visit
            from sampingdesa.register.visit_findings import reconcile_visit_findings

            visit = (
                row["row_uuid"]
                if row["table_name"] == "visits"
                else conn.execute(
                    "SELECT visit_uuid FROM deliveries WHERE uuid = ?", (row["row_uuid"],)
                ).fetchone()[0]
            )
            reconcile_visit_findings(writer, visit)
        conn.execute(
            "UPDATE sync_conflicts SET status = 'resolved', resolved_at = ?, resolved_value = ? "
            "WHERE id = ?",
            (now_iso(), to_json({"value": chosen}), conflict_id),
        )
    field = str(row["field"])
    shown = chosen if revealed(conn, reveal) else mask_field_value(field, chosen)
    return Resolved(conflict_id, field, chosen, shown)


_RECIPIENT_INPUTS = {"desa_code": "desa", "no_kk": "no_kk", "name": "name", "address": "address",
                     "rt": "rt", "rw": "rw", "phone": "phone"}  # fmt: skip


def field_value(conn: sqlite3.Connection, table: str, column: str, text: str) -> Any:
    """`text` as `column` of `table` stores it, through the field's own validation (the
    register's for recipients, the code sets, dates and amounts bundles are checked with)."""
    if table == "recipients":
        return _recipient_value(conn, column, text)
    from sampingdesa.sync.validate import CODED, ContentChecker

    declared = {r[1]: str(r[2]).upper() for r in conn.execute(f"PRAGMA table_info({table})")}
    if column not in declared:
        raise SampingError(_("{table} has no field {field}.").format(table=table, field=column))
    from sampingdesa.values.person import PERSON_COLUMNS
    from sampingdesa.values.text import Text

    coded = CODED.get((table, column))
    stored: Any = text
    if coded is not None:
        stored = coded.parse(text, column).value
    elif column in PERSON_COLUMNS:  # NIK, No. KK, phone, RT, RW: the register's own rule
        stored = str(PERSON_COLUMNS[column](text))
    elif declared[column] == "TEXT":
        stored = str(Text(column, text))
    elif declared[column] in ("INTEGER", "REAL"):
        try:
            stored = int(text) if declared[column] == "INTEGER" else float(text)
        except ValueError:
            raise InvalidValue(
                column, text,
                _("{value!r} is not a number, which {field} needs.").format(value=text,
                                                                           field=column),
            ) from None  # fmt: skip
    checker = ContentChecker(conn, [table])
    for name, check in checker.plans[table][0]:
        if name == column:
            problem = check(stored)
            if problem is not None:
                raise InvalidValue(column, text, problem)
    return stored


def _recipient_value(conn: sqlite3.Connection, column: str, text: str) -> Any:
    from sampingdesa.places import regions
    from sampingdesa.register.recipients import RecipientInput, clean_fields, parse_flags
    from sampingdesa.values import nik as nik_rules
    from sampingdesa.values.codes import Sex
    from sampingdesa.values.parsing import parse_date

    if column in _RECIPIENT_INPUTS:
        given = RecipientInput()
        setattr(given, _RECIPIENT_INPUTS[column], text)
        values = clean_fields(conn, given)
        return values.get(column)
    if column == "sex":
        return Sex.parse(text, "sex").value
    if column == "birth_date":
        return parse_date(text).isoformat()
    if column == "flags":
        return parse_flags([text])
    if column == "nik":
        return nik_rules.parse_nik(text, regions.kecamatan_exists).nik
    raise SampingError(
        _("Field {field} cannot be set by hand; keep one side instead.").format(field=column)
    )


# -- conflicts as people read them ------------------------------------------------------------
# Column names a conflict can be on, as English msgids (fields errors name are in
# errors.FIELD_LABELS).
_COLUMN_LABELS = {
    "desa_code": N_("desa"),
    "birth_date": N_("birth date"),
    "flags": N_("vulnerability flags"),
    "visit_date": N_("visit date"),
    "notes": N_("notes"),
    "received_date": N_("date received"),
    "expected_amount": N_("expected amount"),
    "details": N_("details"),
    "resolution_note": N_("resolution note"),
    "since": N_("enrolled since"),
    "until": N_("enrolled until"),
    "program_code": N_("programme"),
    "outcome": N_("change"),
    "found_on": N_("date found"),
    "services_needed": N_("services needed"),
    "referral": N_("referral"),
    "referral_outcome": N_("referral outcome"),
}


def column_label(column: str) -> str:
    """A column in the user's language (`address` -> "alamat")."""
    from sampingdesa.errors import field_label

    return _(_COLUMN_LABELS[column]) if column in _COLUMN_LABELS else field_label(column)


def _whose(conn: sqlite3.Connection, table: str, row_uuid: str) -> str:
    """The person a conflicting record is about: the recipient's (or register entry's)
    name; the record's short id when it names nobody."""
    columns = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
    if "name" in columns and table in ("recipients", "pendataan", "usulan"):
        row = conn.execute(f'SELECT name FROM "{table}" WHERE uuid = ?', (row_uuid,)).fetchone()
    elif "recipient_uuid" in columns:
        row = conn.execute(
            f'SELECT r.name FROM "{table}" t JOIN recipients r ON r.uuid = t.recipient_uuid '
            "WHERE t.uuid = ?",
            (row_uuid,),
        ).fetchone()
    else:
        row = None
    return str(row[0]) if row and row[0] else row_uuid[:8]


def _writer(conn: sqlite3.Connection, origin: str, this_db: str) -> str | None:
    """Who wrote the change `origin` ("database:entry"): the assistant's name, else the
    laptop's as its bundles gave it."""
    database, _sep, number = origin.partition(":")
    if not number.isdigit():
        return None
    if database == this_db:
        row = conn.execute(
            "SELECT a.name FROM change_log c LEFT JOIN assistants a ON a.uuid = c.actor "
            "WHERE c.origin_db IS NULL AND c.id = ?",
            (int(number),),
        ).fetchone()
    else:
        row = conn.execute(
            "SELECT a.name FROM change_log c LEFT JOIN assistants a ON a.uuid = c.actor "
            "WHERE c.origin_db = ? AND c.origin_id = ?",
            (database, int(number)),
        ).fetchone()
    if row and row[0]:
        return str(row[0])
    source = conn.execute(
        "SELECT assistant_name FROM sync_sources WHERE database_id = ?", (database,)
    ).fetchone()
    return str(source[0]) if source and source[0] else None


def _value(stored: str | None) -> Any:
    if stored is None:
        return None
    try:
        return json.loads(stored)
    except ValueError:
        return stored


def describe_conflicts(
    conn: sqlite3.Connection, include_resolved: bool = False, reveal: Reveal | None = None
) -> list[ConflictDetail]:
    """`list_conflicts` with what a person needs to decide: whom the record is about, the
    field's label, both values and who wrote each (masked like `list_conflicts` unless a
    `reveal` is given, logged first)."""
    from sampingdesa.sync.bundle import database_id

    this_db = database_id(conn)
    described = []
    for row in list_conflicts(conn, include_resolved, reveal):
        resolved = _value(row["resolved_value"])
        described.append(
            ConflictDetail(
                **row,
                whom=_whose(conn, row["table_name"], row["row_uuid"]),
                field_label=column_label(row["field"]),
                mine=_value(row["local_value"]),
                mine_by=_writer(conn, row["local_origin"], this_db),
                theirs=_value(row["remote_value"]),
                theirs_by=_writer(conn, row["remote_origin"], this_db),
                kept_side=KeepSide.MINE.value if row["kept"] == "local" else KeepSide.THEIRS.value,
                resolved=resolved.get("value") if isinstance(resolved, dict) else None,
            )
        )
    return described


def open_conflict_count(conn: sqlite3.Connection) -> int:
    return int(
        conn.execute("SELECT count(*) FROM sync_conflicts WHERE status = 'open'").fetchone()[0]
    )
