"""Field visits: record what a visit found (delivery, targeting, outcome, elderly escort),
open findings for the problems, list, show, edit and remove visits.

Everything is checked before anything is written, and the writes of one visit go through
one `Changes` transaction: a rule that fails changes nothing.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sampingdesa.errors import Conflict, InvalidValue
from sampingdesa.i18n import _
from sampingdesa.io.photos import photo_rows as _photo_rows
from sampingdesa.register import findings as finding_store
from sampingdesa.register.findings import NewFinding
from sampingdesa.register.programs import get_program
from sampingdesa.register.recipients import (
    active_programs,
    double_aid_warnings,
    find_recipient,
)
from sampingdesa.store.changes import Changes
from sampingdesa.values.codes import (
    Aspect,
    Change,
    Delivery,
    FindingKind,
    OffTargetReason,
    OnTarget,
    Problem,
    VisitKind,
)
from sampingdesa.values.short_ids import find_by_prefix, short_id
from sampingdesa.visits.rules import DeliverySpec, expected_amount, format_rupiah, parse_period

ELDERLY_AGE = 60
_RECEIVED = frozenset({Delivery.FULL, Delivery.PARTIAL})
_TROUBLED = frozenset({Delivery.PARTIAL, Delivery.NONE})
ELDERLY_FLAGS = ("lansia", "lansia-tunggal")
ESCORT_FIELDS = ("escort_facility", "escort_purpose", "escort_transport", "escort_result")


@dataclass
class VisitInput:
    """What a user gives for a visit; parsed values, not yet checked against the database."""

    visit_date: dt.date
    escort: bool = False
    deliveries: list[DeliverySpec] = field(default_factory=list)
    received_date: dt.date | None = None
    problem: tuple[Problem, str | None] | None = None
    on_target: OnTarget | None = None
    reason: tuple[OffTargetReason, str | None] | None = None
    outcome: Change | None = None
    aspects: dict[Aspect, Change] = field(default_factory=dict)
    ready_to_graduate: bool = False
    needs_referral: bool = False
    facility: str | None = None
    purpose: str | None = None
    transport: str | None = None
    result: str | None = None
    notes: str | None = None
    gps: tuple[float, float] | None = None
    photos: list[Path] = field(default_factory=list)

    def has_findings(self) -> bool:
        """True when the user said anything about what the visit found."""
        return bool(
            self.escort or self.deliveries or self.on_target or self.outcome or self.aspects
            or self.ready_to_graduate or self.needs_referral or self.notes
        )  # fmt: skip


@dataclass
class VisitResult:
    uuid: str
    recipient: sqlite3.Row
    warnings: list[str] = field(default_factory=list)
    opened: list[tuple[str, NewFinding]] = field(default_factory=list)
    matching: list[sqlite3.Row] = field(default_factory=list)
    resolved: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return short_id(self.uuid)


@dataclass
class _Prepared:
    values: dict[str, Any]
    deliveries: list[dict[str, Any]]
    photos: list[dict[str, str]]
    warnings: list[str]


# -- recipients -----------------------------------------------------------------------------
def find_visit_recipient(conn: sqlite3.Connection, key: str) -> sqlite3.Row:
    """A recipient still registered, by NIK, id or name (see `find_recipient`)."""
    return find_recipient(conn, key, include_removed=False)


def age_on(birth_date: str | None, day: dt.date) -> int | None:
    if not birth_date:
        return None
    born = dt.date.fromisoformat(birth_date)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def is_elderly(recipient: sqlite3.Row, day: dt.date) -> bool:
    flags = set((recipient["flags"] or "").split(","))
    age = age_on(recipient["birth_date"], day)
    return bool(flags & set(ELDERLY_FLAGS)) or (age is not None and age >= ELDERLY_AGE)


def enrolled_in_period(
    conn: sqlite3.Connection, recipient_uuid: str, code: str, start: dt.date, end: dt.date
) -> bool:
    """Enrolled at some time in [start, end]; an unknown start counts as 'always was'."""
    row = conn.execute(
        "SELECT 1 FROM enrollments WHERE recipient_uuid = ? AND program_code = ? "
        "AND deleted_at IS NULL AND (since IS NULL OR since <= ?) "
        "AND (until IS NULL OR until >= ?) LIMIT 1",
        (recipient_uuid, code, end.isoformat(), start.isoformat()),
    ).fetchone()
    return row is not None


# -- checking -------------------------------------------------------------------------------
def _clean_text(value: str | None) -> str | None:
    if value is None:
        return None
    return " ".join(value.split()) or None


def _check_dates(data: VisitInput, today: dt.date) -> None:
    from sampingdesa.values.parsing import check_plausible_date

    if data.visit_date > today:
        raise InvalidValue(
            "date",
            data.visit_date,
            _("The visit date {date} is in the future (today is {today}).").format(
                date=data.visit_date, today=today
            ),
        )
    check_plausible_date(data.visit_date, "date", today=today)
    if data.received_date and data.received_date > data.visit_date:
        raise InvalidValue(
            "received",
            data.received_date,
            _("The received date {received} is after the visit date {date}.").format(
                received=data.received_date, date=data.visit_date
            ),
        )
    if data.received_date:
        check_plausible_date(data.received_date, "received", today=today)


def _check_kind(data: VisitInput) -> None:
    escort_given = any((data.facility, data.purpose, data.transport, data.result))
    if data.escort:
        if not data.facility or not data.purpose:
            missing = "purpose" if data.facility else "facility"
            raise InvalidValue(
                missing, None, _("An escort needs the health facility and the purpose.")
            )
        if data.deliveries or data.on_target or data.outcome or data.aspects:
            raise Conflict(
                _(
                    "An escort visit records facility, purpose, transport and result; record "
                    "delivery, targeting and outcome in a separate monitoring visit."
                )
            )
    elif escort_given:
        raise InvalidValue(
            "escort",
            False,
            _(
                "Facility, purpose, transport and result belong to an elderly escort; this "
                "visit is not one."
            ),
        )


def _check_targeting(data: VisitInput) -> None:
    if data.on_target == OnTarget.NO and data.reason is None:
        raise InvalidValue(
            "reason",
            None,
            _("Say why the family is off target: {choices}.").format(
                choices=", ".join(OffTargetReason.choice_labels())
            ),
            choices=OffTargetReason.choice_labels(),
        )
    if data.reason is not None and data.on_target != OnTarget.NO:
        raise InvalidValue(
            "reason",
            data.reason[0],
            _("A reason off target is only for a family that is off target."),
        )
    if (data.aspects or data.ready_to_graduate) and data.escort:
        raise Conflict(_("Outcome questions belong to a monitoring visit, not an escort."))


def _delivery_rows(
    conn: sqlite3.Connection, recipient: sqlite3.Row, data: VisitInput, warnings: list[str]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for spec in data.deliveries:
        program = get_program(conn, spec.program_code)
        key = (program.code, spec.period.label)
        if key in seen:
            raise Conflict(
                _("{program} {period} is given twice in this visit.").format(
                    program=program.code, period=spec.period.label
                )
            )
        seen.add(key)
        if not enrolled_in_period(
            conn, recipient["uuid"], program.code, spec.period.start, spec.period.end
        ):
            raise Conflict(
                _(
                    "{name} is not enrolled in {program} in {period}; a delivery can only be "
                    "checked for a programme the recipient was enrolled in then. Enrolled: {list}."
                ).format(
                    name=recipient["name"],
                    program=program.code,
                    period=spec.period.label,
                    list=", ".join(active_programs(conn, recipient["uuid"])) or "-",
                )
            )
        expected = expected_amount(program.nominal_amount, program.amount_unit, spec.period)
        _check_amount(spec, expected, warnings)
        rows.append(_delivery_values(recipient, spec, expected, data))
    _check_problem_and_received(data, rows)
    return rows


def _check_amount(spec: DeliverySpec, expected: int | None, warnings: list[str]) -> None:
    if spec.status in (Delivery.NONE, Delivery.NOT_DUE) and spec.amount:
        raise InvalidValue(
            "amount",
            spec.amount,
            _("{program} {period} is marked '{status}' but has an amount ({amount}).").format(
                program=spec.program_code,
                period=spec.period.label,
                status=Delivery.label_of(spec.status),
                amount=format_rupiah(spec.amount),
            ),
        )
    if spec.amount is None or expected is None:
        return
    differs = spec.amount != expected if spec.status == Delivery.FULL else spec.amount >= expected
    if spec.status in _RECEIVED and differs:
        warnings.append(
            _(
                "{program} {period}: amount {amount} differs from the nominal {expected} for "
                "the period."
            ).format(
                program=spec.program_code,
                period=spec.period.label,
                amount=format_rupiah(spec.amount),
                expected=format_rupiah(expected),
            )
        )


def _delivery_values(
    recipient: sqlite3.Row, spec: DeliverySpec, expected: int | None, data: VisitInput
) -> dict[str, Any]:
    received = data.received_date if spec.status in _RECEIVED else None
    troubled = spec.status in _TROUBLED
    problem = data.problem if troubled else None
    return {
        "recipient_uuid": recipient["uuid"],
        "program_code": spec.program_code,
        "period": spec.period.label,
        "period_start": spec.period.start.isoformat(),
        "period_end": spec.period.end.isoformat(),
        "status": spec.status,
        "amount": spec.amount,
        "expected_amount": expected,
        "received_date": data.received_date.isoformat()
        if received and data.received_date
        else None,
        "problem": problem[0] if problem else None,
        "problem_note": problem[1] if problem else None,
    }


def _check_problem_and_received(data: VisitInput, rows: list[dict[str, Any]]) -> None:
    statuses = {row["status"] for row in rows}
    if data.problem and not statuses & _TROUBLED:
        raise InvalidValue(
            "problem",
            data.problem[0],
            _("A problem is for a delivery received in part or not received."),
        )
    if data.received_date and not statuses & _RECEIVED:
        raise InvalidValue(
            "received",
            data.received_date,
            _("A date received is for a delivery received in full or in part."),
        )


def _visit_values(recipient: sqlite3.Row, data: VisitInput, assistant_uuid: str) -> dict[str, Any]:
    reason = data.reason
    values: dict[str, Any] = {
        "recipient_uuid": recipient["uuid"],
        "assistant_uuid": assistant_uuid,
        "desa_code": recipient["desa_code"],
        "visit_date": data.visit_date.isoformat(),
        "kind": VisitKind.ESCORT if data.escort else VisitKind.MONITORING,
        "on_target": data.on_target,
        "off_target_reason": reason[0] if reason else None,
        "off_target_note": reason[1] if reason else None,
        "outcome": data.outcome,
        "ready_to_graduate": int(data.ready_to_graduate),
        "needs_referral": int(data.needs_referral),
        "escort_facility": _clean_text(data.facility),
        "escort_purpose": _clean_text(data.purpose),
        "escort_transport": _clean_text(data.transport),
        "escort_result": _clean_text(data.result),
        "notes": _clean_text(data.notes),
        "gps_lat": data.gps[0] if data.gps else None,
        "gps_lon": data.gps[1] if data.gps else None,
    }
    for aspect in Aspect:
        values[f"{aspect.value}_change"] = data.aspects.get(aspect)
    return values


def prepare_visit(
    conn: sqlite3.Connection,
    recipient: sqlite3.Row,
    data: VisitInput,
    assistant_uuid: str,
    today: dt.date,
    visit_uuid: str | None = None,
) -> _Prepared:
    """Check every rule; return the rows to write and the warnings. Writes nothing.
    (`visit_uuid`: the visit being edited, which does not count as an earlier one.)"""
    _check_dates(data, today)
    _check_kind(data)
    _check_targeting(data)
    warnings: list[str] = []
    deliveries = _delivery_rows(conn, recipient, data, warnings)
    photos = _photo_rows(data.photos)
    if data.escort and not is_elderly(recipient, data.visit_date):
        warnings.append(
            _(
                "{name} is not recorded as elderly (age {age}); the escort is recorded anyway."
            ).format(
                name=recipient["name"], age=age_on(recipient["birth_date"], data.visit_date) or "?"
            )
        )
    warnings.extend(double_aid_warnings(conn, recipient["uuid"]))
    warnings.extend(_checked_the_same_day(conn, recipient, data, deliveries, visit_uuid))
    return _Prepared(_visit_values(recipient, data, assistant_uuid), deliveries, photos, warnings)


def _checked_the_same_day(
    conn: sqlite3.Connection,
    recipient: sqlite3.Row,
    data: VisitInput,
    deliveries: list[dict[str, Any]],
    visit_uuid: str | None,
) -> list[str]:
    """A programme and period already checked for this recipient on the visit's day: the
    same check recorded twice (a second visit that day, or a form imported after `visit add`)."""
    found = []
    for delivery in deliveries:
        earlier = conn.execute(
            "SELECT v.uuid FROM deliveries d JOIN visits v ON v.uuid = d.visit_uuid "
            "WHERE d.recipient_uuid = ? AND d.program_code = ? AND d.period = ? "
            "AND v.visit_date = ? AND d.deleted_at IS NULL AND v.deleted_at IS NULL "
            "AND v.uuid IS NOT ? LIMIT 1",
            (recipient["uuid"], delivery["program_code"], delivery["period"],
             data.visit_date.isoformat(), visit_uuid),
        ).fetchone()  # fmt: skip
        if earlier is not None:
            found.append(
                _(
                    "{program} {period} was already checked for {name} on {date} (visit {id}); "
                    "this records the same check a second time."
                ).format(
                    program=delivery["program_code"],
                    period=delivery["period"],
                    name=recipient["name"],
                    date=data.visit_date.isoformat(),
                    id=short_id(earlier[0]),
                )
            )
    return found


# -- findings a visit opens -----------------------------------------------------------------
def findings_for(values: dict[str, Any], deliveries: list[dict[str, Any]]) -> list[NewFinding]:
    """The problems a visit's values show (pure: no database)."""
    found: list[NewFinding] = []
    for row in deliveries:
        if row["status"] not in _TROUBLED:
            continue
        details = f"{row['program_code']} {row['period']}: {Delivery.label_of(row['status'])}"
        if row["status"] == Delivery.PARTIAL and row["amount"] is not None:
            details += f", {format_rupiah(row['amount'])}"
            if row["expected_amount"]:
                details += f" / {format_rupiah(row['expected_amount'])}"
        if row["problem"]:
            details += f"; {Problem.label_of(row['problem'])}"
        if row["problem_note"]:
            details += f" ({row['problem_note']})"
        kind = FindingKind.NOT_RECEIVED if row["status"] == Delivery.NONE else FindingKind.PARTIAL
        found.append(NewFinding(kind, details, row["program_code"], row["period"], row.get("uuid")))
    if values["on_target"] == OnTarget.NO:
        details = OffTargetReason.label_of(values["off_target_reason"])
        if values["off_target_note"]:
            details += f": {values['off_target_note']}"
        found.append(NewFinding(FindingKind.OFF_TARGET, details))
    if values["outcome"] == Change.WORSE:
        worse = [a.label for a in Aspect if values.get(f"{a.value}_change") == Change.WORSE]
        found.append(NewFinding(FindingKind.WORSE, ", ".join(worse) or Change.WORSE.label))
    if values["needs_referral"]:
        found.append(NewFinding(FindingKind.REFERRAL, values["notes"] or _("needs referral")))
    return found


def _open_findings(
    writer: Changes, recipient: sqlite3.Row, visit_uuid: str, values: dict[str, Any],
    deliveries: list[dict[str, Any]], result: VisitResult,
) -> None:  # fmt: skip
    for new in findings_for(values, deliveries):
        if finding_store.opened_by_visit(writer.conn, visit_uuid, new):
            continue  # an edit must not reopen what this visit already reported
        existing = finding_store.open_duplicate(writer.conn, recipient["uuid"], new)
        if existing is not None:
            result.warnings.append(
                _("Finding {id} ({kind}) is already open for {name}; no new one.").format(
                    id=short_id(existing["uuid"]),
                    kind=FindingKind.label_of(new.kind),
                    name=recipient["name"],
                )
            )
            continue
        finding_uuid = finding_store.open_finding(
            writer,
            recipient_uuid=recipient["uuid"],
            visit_uuid=visit_uuid,
            desa_code=values["desa_code"],
            opened_on=dt.date.fromisoformat(values["visit_date"]),
            finding=new,
        )
        result.opened.append((finding_uuid, new))


def _settle_matching(
    writer: Changes, visit_uuid: str, visit_date: dt.date, deliveries: list[dict[str, Any]],
    result: VisitResult, resolve: bool, today: dt.date,
) -> None:  # fmt: skip
    for row in deliveries:
        if row["status"] != Delivery.FULL:
            continue
        for match in finding_store.matching_delivery_findings(
            writer.conn, row["recipient_uuid"], row["program_code"], row["period"]
        ):
            result.matching.append(match)
            if resolve:
                note = _("Aid received in full, found at visit {id}.").format(
                    id=short_id(visit_uuid)
                )
                finding_store.resolve_finding(
                    writer, match["uuid"], note, max(visit_date, _opened(match)), today, visit_uuid
                )
                result.resolved.append(match["uuid"])


def _opened(row: sqlite3.Row) -> dt.date:
    return dt.date.fromisoformat(row["opened_on"])


# -- recording ------------------------------------------------------------------------------
def record_visit(
    writer: Changes,
    recipient_key: str,
    data: VisitInput,
    *,
    today: dt.date,
    assistant_uuid: str | None = None,
    resolve_findings: bool = False,
    visit_uuid: str | None = None,
    source: str = "cli",
) -> VisitResult:
    """Check, then write a visit, its deliveries and photos, and open its findings.

    `assistant_uuid` is who made the visit (default: the writer's actor)."""
    conn = writer.conn
    recipient = find_visit_recipient(conn, recipient_key)
    prepared = prepare_visit(conn, recipient, data, assistant_uuid or writer.actor, today)
    values = {**prepared.values, "source": source}
    new_uuid = writer.insert("visits", values, row_uuid=visit_uuid)
    result = VisitResult(new_uuid, recipient, list(prepared.warnings))
    for row in prepared.deliveries:
        row["uuid"] = writer.insert("deliveries", {**row, "visit_uuid": new_uuid})
    for photo in prepared.photos:
        writer.insert("visit_photos", {**photo, "visit_uuid": new_uuid})
    # Settle old findings first, so a delivery that is now full does not count twice.
    _settle_matching(
        writer, new_uuid, data.visit_date, prepared.deliveries, result, resolve_findings, today
    )
    _open_findings(writer, recipient, new_uuid, values, prepared.deliveries, result)
    return result


def find_visit(conn: sqlite3.Connection, key: str, include_removed: bool = False) -> sqlite3.Row:
    return find_by_prefix(conn, "visits", key, _("visit"), include_removed)


def remove_visit(writer: Changes, key: str, reason: str) -> sqlite3.Row:
    """Soft-delete a visit with its deliveries, photos and the findings it opened."""
    text = " ".join(reason.split())
    if not text:
        raise InvalidValue("reason", reason, _("Give a reason for removing a visit."))
    row = find_visit(writer.conn, key)
    writer.soft_delete("visits", row["uuid"], text)
    for table in ("deliveries", "visit_photos", "findings"):
        for child in writer.conn.execute(
            f"SELECT uuid FROM {table} WHERE visit_uuid = ? AND deleted_at IS NULL", (row["uuid"],)
        ).fetchall():
            writer.soft_delete(table, child[0], text)
    return row


# -- editing --------------------------------------------------------------------------------
def deliveries_of(conn: sqlite3.Connection, visit_uuid: str) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT * FROM deliveries WHERE visit_uuid = ? AND deleted_at IS NULL "
        "ORDER BY program_code, period_start",
        (visit_uuid,),
    ).fetchall()


def input_from_row(conn: sqlite3.Connection, row: sqlite3.Row) -> VisitInput:
    """A stored visit as input again (for edits: change some fields, check all rules)."""
    deliveries = deliveries_of(conn, row["uuid"])
    problem = next(
        ((Problem.of(d["problem"]), d["problem_note"]) for d in deliveries if d["problem"]), None
    )
    received = next((d["received_date"] for d in deliveries if d["received_date"]), None)
    reason = row["off_target_reason"]
    return VisitInput(
        visit_date=dt.date.fromisoformat(row["visit_date"]),
        escort=row["kind"] == VisitKind.ESCORT,
        deliveries=[
            DeliverySpec(
                d["program_code"], parse_period(d["period"]), Delivery.of(d["status"]), d["amount"]
            )
            for d in deliveries
        ],
        received_date=dt.date.fromisoformat(received) if received else None,
        problem=problem,
        on_target=OnTarget.of(row["on_target"]) if row["on_target"] else None,
        reason=(OffTargetReason.of(reason), row["off_target_note"]) if reason else None,
        outcome=Change.of(row["outcome"]) if row["outcome"] else None,
        aspects={
            a: Change.of(row[f"{a.value}_change"]) for a in Aspect if row[f"{a.value}_change"]
        },
        ready_to_graduate=bool(row["ready_to_graduate"]),
        needs_referral=bool(row["needs_referral"]),
        facility=row["escort_facility"],
        purpose=row["escort_purpose"],
        transport=row["escort_transport"],
        result=row["escort_result"],
        notes=row["notes"],
        gps=(row["gps_lat"], row["gps_lon"]) if row["gps_lat"] is not None else None,
    )


def _merge(
    current: VisitInput, overrides: dict[str, Any], deliveries: list[DeliverySpec]
) -> VisitInput:
    merged = VisitInput(**{**current.__dict__, **overrides})
    if (
        "on_target" in overrides
        and overrides["on_target"] != OnTarget.NO
        and "reason" not in overrides
    ):
        merged.reason = None
    merged.aspects = {**current.aspects, **overrides.get("aspects", {})}
    by_key = {(d.program_code, d.period.label): d for d in current.deliveries}
    for spec in deliveries:
        by_key[(spec.program_code.upper(), spec.period.label)] = spec
    merged.deliveries = list(by_key.values())
    return merged


def edit_visit(
    writer: Changes,
    key: str,
    overrides: dict[str, Any],
    deliveries: list[DeliverySpec],
    today: dt.date,
) -> tuple[sqlite3.Row, list[str], VisitResult]:
    """Change a visit; every rule of `visit add` applies again. Returns the changed fields."""
    conn = writer.conn
    row = find_visit(conn, key)
    recipient = conn.execute(
        "SELECT * FROM recipients WHERE uuid = ?", (row["recipient_uuid"],)
    ).fetchone()
    merged = _merge(input_from_row(conn, row), overrides, deliveries)
    prepared = prepare_visit(conn, recipient, merged, row["assistant_uuid"], today, row["uuid"])
    values = {k: v for k, v in prepared.values.items() if k not in ("assistant_uuid", "desa_code")}
    changed = list(writer.update("visits", row["uuid"], values))
    existing = {
        (d["program_code"], d["period"]): d["uuid"] for d in deliveries_of(conn, row["uuid"])
    }
    for delivery in prepared.deliveries:
        old = existing.get((delivery["program_code"], delivery["period"]))
        if old is None:
            delivery["uuid"] = writer.insert("deliveries", {**delivery, "visit_uuid": row["uuid"]})
            changed.append(f"delivery {delivery['program_code']} {delivery['period']}")
        else:
            delivery["uuid"] = old
            if writer.update("deliveries", old, delivery):
                changed.append(f"delivery {delivery['program_code']} {delivery['period']}")
    for photo in prepared.photos:
        writer.insert("visit_photos", {**photo, "visit_uuid": row["uuid"]})
        changed.append("photo")
    result = VisitResult(row["uuid"], recipient, list(prepared.warnings))
    fresh = {**prepared.values}
    _open_findings(writer, recipient, row["uuid"], fresh, prepared.deliveries, result)
    return row, changed, result
