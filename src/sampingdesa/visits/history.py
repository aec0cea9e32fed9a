"""The visit log read back: one visit as users see it, visits listed in order (three
cursors merged), a visit with the findings it opened, and a recipient with their history.
Writing visits is `visits.recording`."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from typing import Any, TypedDict

from sampingdesa.io.photos import PhotoView
from sampingdesa.places.laptop import region_name
from sampingdesa.privacy import Reveal
from sampingdesa.register import findings as finding_store
from sampingdesa.register.findings import FindingWithRecipient
from sampingdesa.register.recipients import RecipientDetail, recipient_record
from sampingdesa.values.codes import Aspect, VisitKind
from sampingdesa.values.nik import mask_nik
from sampingdesa.values.short_ids import short_id
from sampingdesa.visits.recording import deliveries_of, find_visit


class DeliveryView(TypedDict):
    program_code: str
    period: str
    status: str
    amount: int | None
    expected_amount: int | None
    received_date: str | None
    problem: str | None
    problem_note: str | None


class EscortView(TypedDict):
    facility: str | None
    purpose: str | None
    transport: str | None
    result: str | None


class VisitView(TypedDict):
    """A visit as shown to users (`visit list --json`; NIK masked)."""

    id: str
    uuid: str
    date: str
    kind: str
    recipient_uuid: str
    name: str
    nik: str
    desa_code: str
    desa_name: str
    deliveries: list[DeliveryView]
    on_target: str | None
    off_target_reason: str | None
    off_target_note: str | None
    outcome: str | None
    changes: dict[str, str]  # aspect -> change, only the aspects that changed
    ready_to_graduate: bool
    needs_referral: bool
    escort: EscortView | None  # escort visits only
    notes: str | None
    gps: list[float] | None
    photos: list[PhotoView]
    source: str | None
    removed: bool
    removed_reason: str | None


class VisitDetail(VisitView):
    """`visit show`: the visit with the findings it opened."""

    findings: list[FindingWithRecipient]


class RecipientHistory(TypedDict):
    visits: list[VisitView]
    findings: list[FindingWithRecipient]


class RecipientWithHistory(RecipientDetail, total=False):
    """`recipient show`: the register's record with the visits and findings."""

    visits: list[VisitView]
    findings: list[FindingWithRecipient]


def _delivery_record(row: sqlite3.Row) -> DeliveryView:
    return {
        "program_code": row["program_code"],
        "period": row["period"],
        "status": row["status"],
        "amount": row["amount"],
        "expected_amount": row["expected_amount"],
        "received_date": row["received_date"],
        "problem": row["problem"],
        "problem_note": row["problem_note"],
    }


def visit_record(conn: sqlite3.Connection, row: sqlite3.Row) -> VisitView:
    """One visit as shown to users (NIK masked)."""
    photos = conn.execute(
        "SELECT path, sha256 FROM visit_photos WHERE visit_uuid = ? AND deleted_at IS NULL",
        (row["uuid"],),
    ).fetchall()
    recipient = conn.execute(
        "SELECT nik, name FROM recipients WHERE uuid = ?", (row["recipient_uuid"],)
    ).fetchone()
    return _visit_record(
        row,
        recipient,
        region_name(conn, row["desa_code"]),
        deliveries_of(conn, row["uuid"]),
        photos,
    )


_ASPECTS = tuple(aspect.value for aspect in Aspect)


def _visit_record(
    row: sqlite3.Row,
    recipient: sqlite3.Row,
    desa_name: str,
    deliveries: list[sqlite3.Row],
    photos: list[sqlite3.Row],
) -> VisitView:
    return {
        "id": short_id(row["uuid"]),
        "uuid": row["uuid"],
        "date": row["visit_date"],
        "kind": row["kind"],
        "recipient_uuid": row["recipient_uuid"],
        "name": recipient["name"],
        "nik": mask_nik(recipient["nik"]),
        "desa_code": row["desa_code"],
        "desa_name": desa_name,
        "deliveries": [_delivery_record(d) for d in deliveries],
        "on_target": row["on_target"],
        "off_target_reason": row["off_target_reason"],
        "off_target_note": row["off_target_note"],
        "outcome": row["outcome"],
        "changes": {a: row[f"{a}_change"] for a in _ASPECTS if row[f"{a}_change"]},
        "ready_to_graduate": bool(row["ready_to_graduate"]),
        "needs_referral": bool(row["needs_referral"]),
        "escort": {
            "facility": row["escort_facility"],
            "purpose": row["escort_purpose"],
            "transport": row["escort_transport"],
            "result": row["escort_result"],
        }
        if row["kind"] == VisitKind.ESCORT
        else None,
        "notes": row["notes"],
        "gps": [row["gps_lat"], row["gps_lon"]] if row["gps_lat"] is not None else None,
        "photos": [{"path": p["path"], "sha256": p["sha256"]} for p in photos],
        "source": row["source"],
        "removed": bool(row["deleted_at"]),
        "removed_reason": row["deleted_reason"],
    }


def visit_detail(conn: sqlite3.Connection, key: str, today: dt.date) -> VisitDetail:
    row = find_visit(conn, key, include_removed=True)
    opened = conn.execute(
        "SELECT * FROM findings WHERE visit_uuid = ? ORDER BY opened_on", (row["uuid"],)
    ).fetchall()
    return VisitDetail(
        **visit_record(conn, row),
        findings=[finding_store.public_finding(f, today) for f in opened],
    )


def iter_visits(
    conn: sqlite3.Connection,
    *,
    desa_code: str | None = None,
    month: tuple[dt.date, dt.date] | None = None,
    kind: str | None = None,
    recipient_uuid: str | None = None,
) -> Iterator[VisitView]:
    """Visits (not removed), oldest first, one at a time: three queries in the same visit
    order (visits with names, their deliveries, their photos) read side by side, so a
    province's history never sits in memory and the first visit prints at once."""
    where = ["v.deleted_at IS NULL"]
    params: list[Any] = []
    for term, value in (("v.desa_code = ?", desa_code), ("v.kind = ?", kind),
                        ("v.recipient_uuid = ?", recipient_uuid)):  # fmt: skip
        if value:
            where.append(term)
            params.append(value)
    if month:
        where.append("v.visit_date BETWEEN ? AND ?")
        params.extend(day.isoformat() for day in month)
    condition = " AND ".join(where)
    order = "ORDER BY v.visit_date, v.created_at, v.rowid"  # rowid: the order recorded
    visits = conn.execute(
        "SELECT v.*, r.nik, r.name, coalesce(g.name, v.desa_code) AS desa_name FROM visits v "
        "JOIN recipients r ON r.uuid = v.recipient_uuid "
        f"LEFT JOIN regions g ON g.code = v.desa_code WHERE {condition} {order}",
        params,
    )
    deliveries = conn.execute(
        "SELECT d.* FROM visits v JOIN recipients r ON r.uuid = v.recipient_uuid "
        "CROSS JOIN deliveries d ON d.visit_uuid = v.uuid "
        f"WHERE {condition} AND d.deleted_at IS NULL {order}, d.program_code, d.period_start",
        params,
    )
    photos = conn.execute(
        "SELECT p.visit_uuid, p.path, p.sha256 FROM visits v "
        "JOIN recipients r ON r.uuid = v.recipient_uuid CROSS JOIN visit_photos p "
        f"ON p.visit_uuid = v.uuid WHERE {condition} AND p.deleted_at IS NULL {order}",
        params,
    )
    return _merged(visits, deliveries, photos)


def _merged(
    visits: sqlite3.Cursor, deliveries: sqlite3.Cursor, photos: sqlite3.Cursor
) -> Iterator[VisitView]:
    """Each visit with its own deliveries and photos, taken from the front of their
    cursors (all three are in the same visit order)."""
    pending: dict[str, sqlite3.Row | None] = {
        "deliveries": next(deliveries, None),
        "photos": next(photos, None),
    }

    def taken(name: str, source: sqlite3.Cursor, visit_uuid: str) -> list[sqlite3.Row]:
        mine: list[sqlite3.Row] = []
        while (item := pending[name]) is not None and item["visit_uuid"] == visit_uuid:
            mine.append(item)
            pending[name] = next(source, None)
        return mine

    for row in visits:
        uuid = row["uuid"]
        yield _visit_record(row, row, row["desa_name"], taken("deliveries", deliveries, uuid),
                            taken("photos", photos, uuid))  # fmt: skip


def recipient_history(
    conn: sqlite3.Connection, recipient_uuid: str, today: dt.date
) -> RecipientHistory:
    """Visits and findings of one recipient (for `recipient show`)."""
    return {
        "visits": list(iter_visits(conn, recipient_uuid=recipient_uuid)),
        "findings": finding_store.list_findings(
            conn, today=today, include_resolved=True, recipient_uuid=recipient_uuid
        ),
    }


def recipient_detail(
    conn: sqlite3.Connection, key: str, reveal: Reveal | None = None
) -> RecipientWithHistory:
    """A recipient's record (`register.recipients.recipient_record`) with their visits and
    findings (for `recipient show`); NIKs masked unless a `reveal` is given (logged first)."""
    record = recipient_record(conn, key, reveal)
    history = recipient_history(conn, record["uuid"], dt.date.today())
    return RecipientWithHistory(**record, visits=history["visits"], findings=history["findings"])
