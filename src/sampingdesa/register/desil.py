"""The DTSEN welfare decile (desil) of a recipient, and where it disagrees with a programme.

Since 2025 BPS ranks every household in DTSEN into a desil (1 poorest - 10 richest), and
Kepmensos 79/HUK/2025 sets the highest desil each programme may serve. A recipient enrolled
in a programme above its limit is a finding of kind `desil-mismatch`; such findings are not
stored but computed from the register, so they appear as soon as a desil is recorded and go
away when the desil is corrected or the enrolment ends.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sampingdesa.errors import InvalidValue
from sampingdesa.i18n import _
from sampingdesa.values.codes import FindingKind
from sampingdesa.values.nik import mask_nik

if TYPE_CHECKING:
    from sampingdesa.register.findings import FindingWithRecipient
from sampingdesa.values.short_ids import short_id

# Kepmensos 79/HUK/2025: the highest desil a programme may serve (Sembako is BPNT here).
DESIL_LIMITS: dict[str, int] = {"PKH": 4, "BPNT": 5, "PBI-JK": 5}
DESIL_RANGE = range(1, 11)


def parse_desil(value: object, field: str = "desil") -> int:
    """A desil 1-10, from `6`, `6.0`, `"Desil 6"` or `"D6"`."""
    if isinstance(value, bool):
        raise InvalidValue(field, value, _("A desil is a whole number from 1 to 10."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip().lower()
    for prefix in ("desil", "d"):
        if text.startswith(prefix):
            text = text[len(prefix) :].strip()
            break
    if text.endswith(".0"):
        text = text[:-2]
    if not (text.isascii() and text.isdigit()) or int(text) not in DESIL_RANGE:
        raise InvalidValue(field, value, _("A desil is a whole number from 1 to 10."))
    return int(text)


def limit_of(program_code: str) -> int | None:
    return DESIL_LIMITS.get(program_code.upper())


def check_programs(programs: list[str], desil: int | None, field: str = "program") -> None:
    """Refuse programmes the desil does not allow (nothing to check without a desil)."""
    if desil is None:
        return
    for code in programs:
        limit = limit_of(code)
        if limit is not None and desil > limit:
            raise InvalidValue(
                field,
                code,
                _(
                    "{program} is for desil 1-{limit} (Kepmensos 79/HUK/2025); this household "
                    "is at desil {desil}."
                ).format(program=code, limit=limit, desil=desil),
            )


@dataclass(frozen=True)
class Mismatch:
    enrollment_uuid: str
    recipient_uuid: str
    name: str
    nik: str
    desa_code: str
    desa_name: str | None
    program_code: str
    desil: int
    desil_date: str | None
    limit: int

    @property
    def details(self) -> str:
        return _("{program} at desil {desil} (limit: desil {limit})").format(
            program=self.program_code, desil=self.desil, limit=self.limit
        )


def desil_mismatches(
    conn: sqlite3.Connection,
    *,
    where: str = "1",
    params: list[Any] | None = None,
) -> list[Mismatch]:
    """Active enrolments whose recipient's desil is above the programme's limit.

    `where` is an extra SQL condition on `r` (recipients) or `e` (enrolments)."""
    cases = " ".join(f"WHEN '{code}' THEN {limit}" for code, limit in DESIL_LIMITS.items())
    # Recipients first, from index recipients_desil: only those above the lowest limit can
    # be over any. `+r.desa_code` keeps the planner from reading every recipient in desa
    # order to save sorting the few found.
    rows = conn.execute(
        "SELECT e.uuid, r.uuid, r.name, r.nik, r.desa_code, g.name, e.program_code, r.desil, "
        f"r.desil_date, CASE e.program_code {cases} END AS lim FROM recipients r "
        "CROSS JOIN enrollments e ON e.recipient_uuid = r.uuid "
        "LEFT JOIN regions g ON g.code = r.desa_code "
        "WHERE r.desil IS NOT NULL AND r.desil > ? AND r.deleted_at IS NULL "
        "AND e.status = 'active' AND e.deleted_at IS NULL "
        f"AND e.program_code IN ({','.join('?' * len(DESIL_LIMITS))}) "
        f"AND r.desil > CASE e.program_code {cases} END AND ({where}) "
        "ORDER BY +r.desa_code, r.name COLLATE NOCASE, e.program_code",
        [min(DESIL_LIMITS.values()), *DESIL_LIMITS, *(params or [])],
    )
    return [Mismatch(*row) for row in rows]


def mismatch_findings(
    conn: sqlite3.Connection,
    today: dt.date,
    *,
    desa_code: str | None = None,
    recipient_uuid: str | None = None,
) -> list[FindingWithRecipient]:
    """Desil mismatches in the shape of `findings.public_finding` (always open)."""
    where, params = ["1"], []
    if desa_code:
        where.append("r.desa_code = ?")
        params.append(desa_code)
    if recipient_uuid:
        where.append("r.uuid = ?")
        params.append(recipient_uuid)
    records: list[FindingWithRecipient] = []
    for item in desil_mismatches(conn, where=" AND ".join(where), params=params):
        opened = item.desil_date or today.isoformat()
        records.append(
            {
                "id": short_id(item.enrollment_uuid),
                "uuid": item.enrollment_uuid,
                "kind": FindingKind.DESIL_MISMATCH.value,
                "status": "open",
                "opened_on": opened,
                "age_days": (today - dt.date.fromisoformat(opened)).days,
                "program_code": item.program_code,
                "period": None,
                "details": item.details,
                "visit_id": None,
                "resolved_on": None,
                "resolution_note": None,
                "reopened_on": None,
                "reopen_note": None,
                "desa_code": item.desa_code,
                "recipient_uuid": item.recipient_uuid,
                "name": item.name,
                "nik": mask_nik(item.nik),
                "desa_name": item.desa_name,
            }
        )
    return records
