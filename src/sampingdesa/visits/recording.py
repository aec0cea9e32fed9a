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
from sampingdesa.register.visit_findings import findings_for as findings_for
from sampingdesa.register.visit_findings import reconcile_visit_findings
from sampingdesa.store.changes import Changes
from sampingdesa.values.codes import (
    Aspect,
    Change,
    Delivery,
    OffTargetReason,
    OnTarget,
    Problem,
    VisitKind,
)
from sampingdesa.values.money import format_rupiah
from sampingdesa.values.short_ids import find_by_prefix, short_id
from sampingdesa.values.text import clean_text
from sampingdesa.visits.rules import DeliverySpec, expected_amount, parse_period

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
    updated: list[tuple[str, NewFinding]] = field(default_factory=list)  # text rewritten
    closed: list[str] = field(default_factory=list)  # no longer shown: closed as corrected
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
def _clean_text(value: str | None, field: str) -> str | None:
    return clean_text(field, value)


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
        _check_amount(spec, expected, warnings, program.form, bool(data.notes or data.problem))
        rows.append(_delivery_values(recipient, spec, expected, data))
    _check_problem_and_received(data, rows)
    return rows


def _check_amount(spec: DeliverySpec, expected: int | None, warnings: list[str],
                  form: str = "tunai", noted: bool = False) -> None:  # fmt: skip
    """Amounts checked by the programme's form of aid: none for a premium (iuran); for money
    and goods a part stays below the nominal and a full amount above it needs a note."""
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
    if form == "iuran":
        # A premium paid to BPJS for the family: nothing reaches the family's hands, so the
        # check is whether the card is active (full: active; none: not active).
        if spec.amount is not None or spec.status == Delivery.PARTIAL:
            raise InvalidValue(
                "amount" if spec.amount is not None else "status",
                spec.amount if spec.amount is not None else spec.status,
                _("{program} is a premium paid for the family, not money it receives: record "
                  "no amount, only whether the card is active (received in full: active; not "
                  "received: not active).").format(program=spec.program_code),
            )  # fmt: skip
        return
    if spec.amount is None or expected is None:
        return
    facts = {"program": spec.program_code, "period": spec.period.label,
             "amount": format_rupiah(spec.amount), "expected": format_rupiah(expected)}  # fmt: skip
    if spec.status == Delivery.PARTIAL and spec.amount >= expected:
        raise InvalidValue(
            "amount", spec.amount,
            _("{program} {period}: a part of the aid ({amount}) must be less than the nominal "
              "{expected}; record it as received in full if it was all.").format(**facts),
        )  # fmt: skip
    if spec.status == Delivery.FULL and spec.amount > expected and not noted:
        raise InvalidValue(
            "amount", spec.amount,
            _("{program} {period}: {amount} is more than the nominal {expected}; add a note "
              "saying why (several periods paid at once, a top-up).").format(**facts),
        )  # fmt: skip
    if spec.status == Delivery.FULL and spec.amount != expected:
        warnings.append(
            _(
                "{program} {period}: amount {amount} differs from the nominal {expected} for "
                "the period."
            ).format(**facts)
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
        "problem_note": clean_text("problem", problem[1]) if problem else None,
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
        "off_target_note": clean_text("reason", reason[1]) if reason else None,
        "outcome": data.outcome,
        "ready_to_graduate": int(data.ready_to_graduate),
        "needs_referral": int(data.needs_referral),
        "escort_facility": _clean_text(data.facility, "facility"),
        "escort_purpose": _clean_text(data.purpose, "purpose"),
        "escort_transport": _clean_text(data.transport, "transport"),
        "escort_result": _clean_text(data.result, "result"),
        "notes": _clean_text(data.notes, "notes"),
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
    warnings.extend(same_day_checks(conn, recipient, data, visit_uuid))
    return _Prepared(_visit_values(recipient, data, assistant_uuid), deliveries, photos, warnings)


@dataclass(frozen=True)
class RepeatedCheck:
    """A programme and period already checked for a recipient on a visit's day."""

    program: str  # the programme's code, as stored ("BPNT")
    period: str  # the period's label ("2026-11")
    visit_uuid: str  # the visit that checked it first


def same_day_repeats(
    conn: sqlite3.Connection,
    recipient: sqlite3.Row,
    data: VisitInput,
    visit_uuid: str | None = None,
) -> list[RepeatedCheck]:
    """The checks of `data` already recorded for this recipient on the visit's day (a second
    visit that day, or a form imported after `visit add`); `visit_uuid` itself not counted."""
    found = []
    for spec in data.deliveries:
        program, period = spec.program_code.upper(), spec.period.label
        earlier = conn.execute(
            "SELECT v.uuid FROM deliveries d JOIN visits v ON v.uuid = d.visit_uuid "
            "WHERE d.recipient_uuid = ? AND d.program_code = ? AND d.period = ? "
            "AND v.visit_date = ? AND d.deleted_at IS NULL AND v.deleted_at IS NULL "
            "AND v.uuid IS NOT ? LIMIT 1",
            (recipient["uuid"], program, period, data.visit_date.isoformat(), visit_uuid),
        ).fetchone()
        if earlier is not None:
            found.append(RepeatedCheck(program, period, earlier[0]))
    return found


def same_day_checks(
    conn: sqlite3.Connection,
    recipient: sqlite3.Row,
    data: VisitInput,
    visit_uuid: str | None = None,
) -> list[str]:
    """One sentence per check of `same_day_repeats`; empty when there is none."""
    return [
        _(
            "{program} {period} was already checked for {name} on {date} (visit {id}); "
            "this records the same check a second time."
        ).format(
            program=repeat.program,
            period=repeat.period,
            name=recipient["name"],
            date=data.visit_date.isoformat(),
            id=short_id(repeat.visit_uuid),
        )
        for repeat in same_day_repeats(conn, recipient, data, visit_uuid)
    ]


class SecondCheck(Conflict):
    """A visit refused because it repeats checks already recorded that day (`repeats`)."""

    def __init__(self, message: str, repeats: list[RepeatedCheck]) -> None:
        super().__init__(message)
        self.repeats = repeats


# -- findings a visit opens: register/visit_findings.py ---------------------------------------
def _follow_findings(writer: Changes, visit_uuid: str, result: VisitResult, today: dt.date) -> None:
    """The visit's findings follow its answers (opened, rewritten, closed as corrected)."""
    done = reconcile_visit_findings(writer, visit_uuid, today)
    result.opened.extend(done.opened + done.reopened)
    result.updated.extend(done.updated)
    result.closed.extend(row["uuid"] for row in done.closed)
    result.warnings.extend(done.warnings)


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
    again: bool = False,
) -> VisitResult:
    """Check, then write a visit, its deliveries and photos, and open its findings.

    `assistant_uuid` is who made the visit (default: the writer's actor). A programme and
    period already checked for the recipient on the visit's day is refused (`Conflict`,
    nothing written) unless `again` says the second check is meant."""
    conn = writer.conn
    recipient = find_visit_recipient(conn, recipient_key)
    prepared = prepare_visit(conn, recipient, data, assistant_uuid or writer.actor, today)
    repeats = same_day_checks(conn, recipient, data)
    if repeats and not again:
        raise SecondCheck(
            " ".join(repeats)
            + " "
            + _("Nothing was recorded; record it again only if it is a second check."),
            same_day_repeats(conn, recipient, data),
        )
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
    _follow_findings(writer, new_uuid, result, today)
    return result


def find_visit(conn: sqlite3.Connection, key: str, include_removed: bool = False) -> sqlite3.Row:
    return find_by_prefix(conn, "visits", key, _("visit"), include_removed)


def remove_visit(writer: Changes, key: str, reason: str) -> sqlite3.Row:
    """Soft-delete a visit with its deliveries, photos and the findings it opened."""
    text = clean_text("reason", reason) or ""
    if not text:
        raise InvalidValue("reason", reason, _("Give a reason for removing a visit."))
    row = find_visit(writer.conn, key)
    writer.soft_delete("visits", row["uuid"], text)
    reconcile_visit_findings(writer, row["uuid"])  # removed with the visit
    for table in ("deliveries", "visit_photos"):
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


def _drop_inapplicable(merged: VisitInput, overrides: dict[str, Any]) -> list[str]:
    """An edit that changes a delivery's status drops the answers the new status has no
    place for (those the edit did not give itself); returns a sentence for each."""
    statuses = {spec.status for spec in merged.deliveries}
    said: list[str] = []
    if merged.problem and "problem" not in overrides and not statuses & _TROUBLED:
        problem, note = merged.problem
        said.append(
            _("Problem ({value}) removed: it is only for aid received in part or not received.")
            .format(value=note or Problem.label_of(problem))
        )  # fmt: skip
        merged.problem = None
    if merged.received_date and "received_date" not in overrides and not statuses & _RECEIVED:
        said.append(
            _("Date received ({value}) removed: it is only for aid received in full or in part.")
            .format(value=merged.received_date.isoformat())
        )  # fmt: skip
        merged.received_date = None
    return said


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
    dropped = _drop_inapplicable(merged, overrides)
    prepared = prepare_visit(conn, recipient, merged, row["assistant_uuid"], today, row["uuid"])
    prepared.warnings[:0] = dropped
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
    _follow_findings(writer, row["uuid"], result, today)
    return row, changed, result
