"""Findings: problems a visit found, open until someone resolves them.

A finding is opened by `visits.record_visit` (aid not received or only in part, family off
target, outcome worse, referral needed); it is resolved with a note, and may be reopened.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import Any, TypedDict

from sampingdesa.errors import Conflict, InvalidValue, NotFound
from sampingdesa.i18n import _
from sampingdesa.store.changes import Changes
from sampingdesa.values.codes import FindingKind, FindingStatus
from sampingdesa.values.nik import mask_nik
from sampingdesa.values.parsing import check_plausible_date
from sampingdesa.values.short_ids import find_by_prefix, short_id

FINDING_KINDS = {
    "not-received": "aid not received",
    "partial": "aid received in part",
    "off-target": "off target",
    "worse": "situation worse",
    "referral": "needs referral",
    "desil-mismatch": "desil over the limit",
}
DELIVERY_KINDS = ("not-received", "partial")


@dataclass(frozen=True)
class NewFinding:
    kind: FindingKind
    details: str
    program_code: str | None = None
    period: str | None = None
    delivery_uuid: str | None = None


def open_duplicate(
    conn: sqlite3.Connection, recipient_uuid: str, finding: NewFinding
) -> sqlite3.Row | None:
    """An open finding of the same kind (and programme and period) for this recipient."""
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM findings WHERE recipient_uuid = ? AND kind = ? AND status = 'open' "
        "AND deleted_at IS NULL AND program_code IS ? AND period IS ?",
        (recipient_uuid, finding.kind, finding.program_code, finding.period),
    ).fetchone()
    return row


def opened_by_visit(conn: sqlite3.Connection, visit_uuid: str, finding: NewFinding) -> bool:
    row = conn.execute(
        "SELECT 1 FROM findings WHERE visit_uuid = ? AND kind = ? AND deleted_at IS NULL "
        "AND program_code IS ? AND period IS ?",
        (visit_uuid, finding.kind, finding.program_code, finding.period),
    ).fetchone()
    return row is not None


def open_finding(
    writer: Changes,
    *,
    recipient_uuid: str,
    visit_uuid: str,
    desa_code: str,
    opened_on: dt.date,
    finding: NewFinding,
) -> str:
    return writer.insert(
        "findings",
        {
            "recipient_uuid": recipient_uuid,
            "visit_uuid": visit_uuid,
            "delivery_uuid": finding.delivery_uuid,
            "desa_code": desa_code,
            "kind": finding.kind,
            "program_code": finding.program_code,
            "period": finding.period,
            "details": finding.details,
            "opened_on": opened_on.isoformat(),
            "status": FindingStatus.OPEN,
        },
    )


def find_finding(conn: sqlite3.Connection, key: str) -> sqlite3.Row:
    try:
        return find_by_prefix(conn, "findings", key, _("finding"))
    except NotFound:
        from sampingdesa.register.desil import mismatch_findings

        prefix = key.strip().lower()
        derived = [
            f for f in mismatch_findings(conn, dt.date.today()) if f["uuid"].startswith(prefix)
        ]
        if len(prefix) >= 4 and derived:
            raise Conflict(
                _(
                    "Finding {id} ({details}) comes from the register's desil: it closes by itself "
                    "when the desil is corrected (sampingdesa recipient edit NIK --desil N) or "
                    "the enrolment ends (sampingdesa recipient leave)."
                ).format(id=derived[0]["id"], details=derived[0]["details"])
            ) from None
        raise


def _check_note(note: str) -> str:
    from sampingdesa.values.text import clean_text

    text = clean_text("note", note) or ""
    if not text:
        raise InvalidValue("note", note, _("Write a note saying what was done."))
    return text


def resolve_finding(
    writer: Changes,
    key: str,
    note: str,
    date: dt.date,
    today: dt.date,
    visit_uuid: str | None = None,
) -> sqlite3.Row:
    row = find_finding(writer.conn, key)
    text = _check_note(note)
    if row["status"] == FindingStatus.RESOLVED:
        raise Conflict(
            _("Finding {id} was already resolved on {date}.").format(
                id=short_id(row["uuid"]), date=row["resolved_on"]
            )
        )
    if date > today:
        raise InvalidValue("date", date, _("The date {date} is in the future.").format(date=date))
    check_plausible_date(date, "date", today=today)
    if date.isoformat() < row["opened_on"]:
        raise InvalidValue(
            "date",
            date,
            _("Finding {id} was opened on {opened}; it cannot be resolved before that.").format(
                id=short_id(row["uuid"]), opened=row["opened_on"]
            ),
        )
    changes = {
        "status": FindingStatus.RESOLVED,
        "resolved_on": date.isoformat(),
        "resolved_by": writer.actor,
        "resolved_visit_uuid": visit_uuid,
        "resolution_note": text,
    }
    writer.update("findings", row["uuid"], changes, reason=text)
    return row


def reopen_finding(writer: Changes, key: str, note: str, today: dt.date) -> sqlite3.Row:
    row = find_finding(writer.conn, key)
    text = _check_note(note)
    if row["status"] == FindingStatus.OPEN:
        raise Conflict(_("Finding {id} is already open.").format(id=short_id(row["uuid"])))
    changes = {
        "status": FindingStatus.OPEN,
        "reopened_on": today.isoformat(),
        "reopen_note": text,
        "resolved_on": None,
        "resolved_by": None,
        "resolved_visit_uuid": None,
        "resolution_note": None,
    }
    writer.update("findings", row["uuid"], changes, reason=text)
    return row


def matching_delivery_findings(
    conn: sqlite3.Connection, recipient_uuid: str, program_code: str, period: str
) -> list[sqlite3.Row]:
    """Open not-received / partial findings a delivery received in full would settle."""
    return conn.execute(
        "SELECT * FROM findings WHERE recipient_uuid = ? AND program_code = ? AND period = ? "
        "AND kind IN ('not-received', 'partial') AND status = 'open' AND deleted_at IS NULL "
        "ORDER BY opened_on",
        (recipient_uuid, program_code, period),
    ).fetchall()


class FindingView(TypedDict):
    """A finding as shown to users (`finding list --json`, `visit show`)."""

    id: str
    uuid: str
    kind: str
    status: str
    opened_on: str
    age_days: int | None  # open findings only
    program_code: str | None
    period: str | None
    details: str | None
    visit_id: str | None
    resolved_on: str | None
    resolution_note: str | None
    reopened_on: str | None
    reopen_note: str | None
    desa_code: str


class FindingWithRecipient(FindingView, total=False):
    """A listed finding also names its recipient (NIK masked)."""

    recipient_uuid: str
    name: str
    nik: str
    desa_name: str | None


def public_finding(row: sqlite3.Row, today: dt.date) -> FindingWithRecipient:
    opened = dt.date.fromisoformat(row["opened_on"])
    record: FindingWithRecipient = {
        "id": short_id(row["uuid"]),
        "uuid": row["uuid"],
        "kind": row["kind"],
        "status": row["status"],
        "opened_on": row["opened_on"],
        "age_days": (today - opened).days if row["status"] == FindingStatus.OPEN else None,
        "program_code": row["program_code"],
        "period": row["period"],
        "details": row["details"],
        "visit_id": short_id(row["visit_uuid"]),
        "resolved_on": row["resolved_on"],
        "resolution_note": row["resolution_note"],
        "reopened_on": row["reopened_on"],
        "reopen_note": row["reopen_note"],
        "desa_code": row["desa_code"],
    }
    keys = row.keys()
    if "name" in keys:
        record["recipient_uuid"] = row["recipient_uuid"]
        record["name"] = row["name"]
        record["nik"] = mask_nik(row["nik"])
        record["desa_name"] = row["desa_name"]
    return record


def list_findings(
    conn: sqlite3.Connection,
    *,
    today: dt.date,
    include_resolved: bool = False,
    kind: FindingKind | str | None = None,
    desa_code: str | None = None,
    older_than: int | None = None,
    recipient_uuid: str | None = None,
) -> list[FindingWithRecipient]:
    """Findings, oldest first (open ones only unless `include_resolved`)."""
    where = ["f.deleted_at IS NULL"]
    params: list[Any] = []
    if not include_resolved:
        where.append("f.status = 'open'")
    if kind:
        where.append("f.kind = ?")
        params.append(FindingKind.parse(kind, "finding_kind").value)
    if desa_code:
        where.append("f.desa_code = ?")
        params.append(desa_code)
    cutoff = (today - dt.timedelta(days=older_than)).isoformat() if older_than is not None else None
    if cutoff is not None:
        where.append("f.opened_on < ?")
        params.append(cutoff)
    if recipient_uuid:
        where.append("f.recipient_uuid = ?")
        params.append(recipient_uuid)
    rows = conn.execute(
        "SELECT f.*, r.name, r.nik, g.name AS desa_name FROM findings f "
        "JOIN recipients r ON r.uuid = f.recipient_uuid "
        "LEFT JOIN regions g ON g.code = f.desa_code "
        f"WHERE {' AND '.join(where)} ORDER BY f.opened_on, f.created_at",
        params,
    )
    records = [public_finding(row, today) for row in rows]
    if kind in (None, "desil-mismatch"):
        # Computed from the register (register/desil.py), not stored: always open.
        from sampingdesa.register.desil import mismatch_findings

        derived = mismatch_findings(conn, today, desa_code=desa_code, recipient_uuid=recipient_uuid)
        records += [r for r in derived if cutoff is None or r["opened_on"] < cutoff]
        records.sort(key=lambda record: record["opened_on"])
    return records


# -- open findings: one definition ------------------------------------------------------------
# A finding is open when it is stored open, or when it is a desil mismatch (computed from the
# register, always open). `status`, `visit due` and `finding list` all count through here.
@dataclass(frozen=True)
class OpenFindings:
    count: int
    oldest: dict[str, Any] | None  # id, opened_on, age_days, kind, name


def open_findings_summary(
    conn: sqlite3.Connection, today: dt.date, *, desa_code: str | None = None
) -> OpenFindings:
    """How many findings are open (stored and desil mismatches) and the oldest of them."""
    from sampingdesa.register.desil import mismatch_findings

    where, params = "f.status = 'open' AND f.deleted_at IS NULL", []
    if desa_code:
        where += " AND f.desa_code = ?"
        params.append(desa_code)
    stored = conn.execute(f"SELECT count(*) FROM findings f WHERE {where}", params).fetchone()[0]
    first = conn.execute(
        "SELECT f.uuid, f.opened_on, f.kind, r.name FROM findings f "
        f"JOIN recipients r ON r.uuid = f.recipient_uuid WHERE {where} "
        "ORDER BY f.opened_on, f.created_at LIMIT 1",
        params,
    ).fetchone()
    candidates = [
        {"id": short_id(first["uuid"]), "opened_on": first["opened_on"], "kind": first["kind"],
         "name": first["name"]}
    ] if first else []  # fmt: skip
    derived = mismatch_findings(conn, today, desa_code=desa_code)
    if derived:
        earliest = min(derived, key=lambda record: record["opened_on"])
        candidates.append({key: earliest[key] for key in ("id", "opened_on", "kind", "name")})
    oldest = min(candidates, key=lambda record: record["opened_on"]) if candidates else None
    if oldest is not None:
        oldest["age_days"] = (today - dt.date.fromisoformat(oldest["opened_on"])).days
    return OpenFindings(int(stored) + len(derived), oldest)


def derived_open_by_recipient(
    conn: sqlite3.Connection, today: dt.date, *, desa_code: str | None = None
) -> dict[str, tuple[int, str]]:
    """The computed (desil) open findings per recipient: how many, and the oldest date; to add
    to the stored ones where a list counts them per recipient."""
    from sampingdesa.register.desil import mismatch_findings

    found: dict[str, tuple[int, str]] = {}
    for record in mismatch_findings(conn, today, desa_code=desa_code):
        count, oldest = found.get(record["recipient_uuid"], (0, record["opened_on"]))
        found[record["recipient_uuid"]] = (count + 1, min(oldest, record["opened_on"]))
    return found
