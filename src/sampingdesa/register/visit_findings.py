"""The findings a visit's answers open, kept in step with the visit.

A visit's answers (a delivery received in part or not at all, a family off target, a
situation worse, a referral) open findings. When the visit changes, by `visit edit`, a
corrected form row, a merged bundle or a settled sync conflict, its findings follow:
`reconcile_visit_findings` opens the new ones, rewrites the text of those that still apply,
closes with a note those the answers no longer show (and reopens one such a correction closed
when the answer comes back), and removes them with the visit. Every path that changes a
visit calls it; running it twice changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sampingdesa.i18n import _
from sampingdesa.register import findings as finding_store
from sampingdesa.register.findings import NewFinding
from sampingdesa.store.changes import Changes
from sampingdesa.values.codes import (
    Aspect,
    Change,
    Delivery,
    FindingKind,
    FindingStatus,
    OffTargetReason,
    OnTarget,
    Problem,
)
from sampingdesa.values.money import format_rupiah
from sampingdesa.values.short_ids import short_id

_TROUBLED = frozenset({Delivery.PARTIAL, Delivery.NONE})


@dataclass
class Reconciled:
    """What reconciling a visit's findings did."""

    opened: list[tuple[str, NewFinding]] = field(default_factory=list)
    updated: list[tuple[str, NewFinding]] = field(default_factory=list)
    closed: list[sqlite3.Row] = field(default_factory=list)
    reopened: list[tuple[str, NewFinding]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.opened or self.updated or self.closed or self.reopened or self.removed)


def findings_for(values: Any, deliveries: Iterable[Any]) -> list[NewFinding]:
    """The problems a visit's values show (pure: no database). `values` and each delivery
    are mappings (a dict or a `sqlite3.Row`) with the columns of `visits` and `deliveries`."""
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
        uuid = row["uuid"] if "uuid" in row.keys() else None  # noqa: SIM118 (a Row's `in` reads values)
        found.append(NewFinding(kind, details, row["program_code"], row["period"], uuid))
    if values["on_target"] == OnTarget.NO:
        details = OffTargetReason.label_of(values["off_target_reason"])
        if values["off_target_note"]:
            details += f": {values['off_target_note']}"
        found.append(NewFinding(FindingKind.OFF_TARGET, details))
    if values["outcome"] == Change.WORSE:
        worse = [a.label for a in Aspect if values[f"{a.value}_change"] == Change.WORSE]
        found.append(NewFinding(FindingKind.WORSE, ", ".join(worse) or Change.WORSE.label))
    if values["needs_referral"]:
        found.append(NewFinding(FindingKind.REFERRAL, values["notes"] or _("needs referral")))
    return found


def _key(kind: str, program_code: str | None, period: str | None) -> tuple[str, str, str]:
    return (str(kind), program_code or "", period or "")


def reconcile_visit_findings(
    writer: Changes, visit_uuid: str, today: dt.date | None = None
) -> Reconciled:
    """Bring the findings of one visit in line with its current answers (see the module)."""
    return reconcile_visits(writer, [visit_uuid], today)


def reconcile_visits(
    writer: Changes, visit_uuids: Iterable[str], today: dt.date | None = None
) -> Reconciled:
    """`reconcile_visit_findings` for several visits (a merged bundle): read in chunks, so a
    bundle of thousands of visits costs a few queries, and written only where they differ."""
    done = Reconciled()
    day = today or dt.date.today()
    wanted = sorted(set(visit_uuids))
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        visits, deliveries, findings = _read(writer.conn, chunk)
        for uuid in chunk:
            _reconcile(writer, uuid, visits.get(uuid), deliveries.get(uuid, []),
                       findings.get(uuid, []), day, done)  # fmt: skip
    return done


_CHUNK = 500


def _read(
    conn: sqlite3.Connection, uuids: list[str]
) -> tuple[
    dict[str, sqlite3.Row], dict[str, list[sqlite3.Row]], dict[str, list[sqlite3.Row]]
]:  # fmt: skip
    marks = ",".join("?" * len(uuids))
    visits = {
        row["uuid"]: row
        for row in conn.execute(f"SELECT * FROM visits WHERE uuid IN ({marks})", uuids)
    }

    def by_visit(table: str, order: str) -> dict[str, list[sqlite3.Row]]:
        grouped: dict[str, list[sqlite3.Row]] = {}
        for row in conn.execute(
            f"SELECT * FROM {table} WHERE visit_uuid IN ({marks}) AND deleted_at IS NULL "
            f"ORDER BY {order}",
            uuids,
        ):
            grouped.setdefault(row["visit_uuid"], []).append(row)
        return grouped

    return (
        visits,
        by_visit("deliveries", "program_code, period_start"),
        by_visit("findings", "created_at"),
    )


def _reconcile(
    writer: Changes, visit_uuid: str, visit: sqlite3.Row | None,
    deliveries: list[sqlite3.Row], mine: list[sqlite3.Row], day: dt.date, done: Reconciled,
) -> None:  # fmt: skip
    conn = writer.conn
    if visit is None or visit["deleted_at"] is not None:
        reason = (visit["deleted_reason"] if visit is not None else None) or _("visit removed")
        for row in mine:
            writer.soft_delete("findings", row["uuid"], reason)
            done.removed.append(row["uuid"])
        return
    wanted = {_key(f.kind, f.program_code, f.period): f for f in findings_for(visit, deliveries)}
    existing = {_key(r["kind"], r["program_code"], r["period"]): r for r in mine}
    for key, row in existing.items():
        new = wanted.get(key)
        if new is None:
            if row["status"] == FindingStatus.OPEN:
                _close(writer, row, visit_uuid)
                done.closed.append(row)
            continue
        changes: dict[str, Any] = {}
        if row["details"] != new.details:
            changes["details"] = new.details
        if new.delivery_uuid and row["delivery_uuid"] != new.delivery_uuid:
            changes["delivery_uuid"] = new.delivery_uuid
        closed_by_correction = (
            row["status"] == FindingStatus.RESOLVED and row["resolved_visit_uuid"] == visit_uuid
        )
        if row["opened_on"] != visit["visit_date"] and (
            closed_by_correction
            or row["resolved_on"] is None
            or row["resolved_on"] >= visit["visit_date"]
        ):  # the visit's date corrected (never after the finding's resolution)
            changes["opened_on"] = visit["visit_date"]
        if closed_by_correction:
            changes.update(status=FindingStatus.OPEN, reopened_on=day.isoformat(),
                           reopen_note=_("The corrected visit shows it again."), resolved_on=None,
                           resolved_by=None, resolved_visit_uuid=None,
                           resolution_note=None)  # fmt: skip
        if changes:
            writer.update("findings", row["uuid"], changes, reason=_("visit corrected"))
            (done.reopened if closed_by_correction else done.updated).append((row["uuid"], new))
    for key, new in wanted.items():
        if key in existing:
            continue
        other = finding_store.open_duplicate(conn, visit["recipient_uuid"], new)
        if other is not None:
            name = conn.execute(
                "SELECT name FROM recipients WHERE uuid = ?", (visit["recipient_uuid"],)
            ).fetchone()
            done.warnings.append(
                _("Finding {id} ({kind}) is already open for {name}; no new one.").format(
                    id=short_id(other["uuid"]),
                    kind=FindingKind.label_of(new.kind),
                    name=name[0] if name else "?",
                )
            )
            continue
        uuid = finding_store.open_finding(
            writer,
            recipient_uuid=visit["recipient_uuid"],
            visit_uuid=visit_uuid,
            desa_code=visit["desa_code"],
            opened_on=dt.date.fromisoformat(visit["visit_date"]),
            finding=new,
        )
        done.opened.append((uuid, new))


def _close(writer: Changes, row: sqlite3.Row, visit_uuid: str) -> None:
    note = _("Corrected: visit {id} no longer shows this.").format(id=short_id(visit_uuid))
    writer.update(
        "findings",
        row["uuid"],
        {
            "status": FindingStatus.RESOLVED,
            # The answer was wrong from the start: closed as of its own date, so no month's
            # report counts it open at month end (the log keeps when it was corrected).
            "resolved_on": row["opened_on"],
            "resolved_by": writer.actor,
            "resolved_visit_uuid": visit_uuid,
            "resolution_note": note,
        },
        reason=note,
    )
