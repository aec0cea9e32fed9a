"""Sync conflicts: list them, and settle one with a side or a value of its own.

A settlement is a logged change like any other, so it travels to the other laptops as the
latest value; a settled conflict can be settled again (it is the newest choice that counts).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from sampingdesa.errors import InvalidValue, NotFound, SampingError, UsageProblem
from sampingdesa.i18n import _
from sampingdesa.store.changes import changes, now_iso, to_json
from sampingdesa.values.codes import KeepSide


def list_conflicts(
    conn: sqlite3.Connection, include_resolved: bool = False
) -> list[dict[str, Any]]:
    where = "" if include_resolved else "WHERE status = 'open'"
    return [dict(row) for row in conn.execute(f"SELECT * FROM sync_conflicts {where} ORDER BY id")]


def resolve_conflict(
    conn: sqlite3.Connection,
    actor: str,
    conflict_id: int,
    keep: KeepSide | str | None = None,
    value: str | None = None,
) -> Any:
    """Settle a conflict with this database's side, the other side, or a typed value (which
    goes through the field's own validation)."""
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
        conn.execute(
            "UPDATE sync_conflicts SET status = 'resolved', resolved_at = ?, resolved_value = ? "
            "WHERE id = ?",
            (now_iso(), to_json({"value": chosen}), conflict_id),
        )
    return chosen


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
    coded = CODED.get((table, column))
    stored: Any = text
    if coded is not None:
        stored = coded.parse(text, column).value
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
