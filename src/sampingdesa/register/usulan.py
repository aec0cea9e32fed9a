"""Proposals (usulan) to the monthly DTSEN data update.

Each month a desa discusses its proposals at a special village meeting (musdes), the desa
operator types the agreed ones into SIKS-NG, Dinas Sosial and the PKH assistants check them
on the ground, and BPS decides. A proposal adds a household or person (baru), corrects data
(perbaikan) or removes someone (hapus: deceased, moved, well-off, registered twice). Its
status follows that cycle: draft -> musdes -> siks-ng -> diterima | ditolak (a meeting can
also reject). Programmes proposed are checked against the desil limits when the desil is
known. An off-target finding leads to a removal proposal, a register entry to an inclusion.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

from sampingdesa.errors import Conflict, InvalidValue, SampingError
from sampingdesa.i18n import _
from sampingdesa.io.sheet_import import CellProblem, describe_problems
from sampingdesa.places.laptop import region_name, resolve_desa
from sampingdesa.privacy import Reveal, revealed
from sampingdesa.register.desil import check_programs, parse_desil
from sampingdesa.register.programs import get_program
from sampingdesa.store.changes import Changes
from sampingdesa.values import nik as nik_rules
from sampingdesa.values.codes import (
    FindingKind,
    ProposalKind,
    ProposalStatus,
    RemovalReason,
    Subject,
)
from sampingdesa.values.parsing import parse_month
from sampingdesa.values.person import Nik, Person
from sampingdesa.values.short_ids import find_by_prefix, short_id
from sampingdesa.values.text import clean_text

# The statuses a proposal may move to from each status (the monthly cycle).
NEXT_STATUS: dict[str, tuple[str, ...]] = {
    "draft": ("musdes", "ditolak"),
    "musdes": ("siks-ng", "ditolak"),
    "siks-ng": ("diterima", "ditolak"),
    "diterima": (),
    "ditolak": (),
}
UNDECIDED = ("draft", "musdes", "siks-ng")
EDITABLE_STATUSES = ("draft", "musdes")


@dataclass
class ProposalInput:
    kind: str | None = None
    subject: str | None = None
    nik: str | None = None
    no_kk: str | None = None
    name: str | None = None
    address: str | None = None
    desa: str | None = None
    kecamatan: str | None = None
    programs: list[str] = field(default_factory=list)
    desil: str | int | None = None
    removal_reason: str | None = None
    reason: str | None = None
    month: str | None = None
    from_finding: str | None = None
    from_entry: str | None = None


def month_label(text: str) -> str:
    first, _last = parse_month(text)
    return f"{first.year}-{first.month:02d}"


def parse_programs(conn: sqlite3.Connection, values: list[str]) -> list[str]:
    codes: list[str] = []
    for value in values:
        for part in re.split(r"[,;]", value):
            if part.strip():
                code = get_program(conn, part.strip()).code
                if code not in codes:
                    codes.append(code)
    return codes


def _person_values(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "nik": row["nik"],
        "no_kk": row["no_kk"],
        "name": row["name"],
        "address": row["address"],
        "desa_code": row["desa_code"],
    }


def _source_values(conn: sqlite3.Connection, data: ProposalInput) -> dict[str, Any]:
    """What a finding or a register entry brings to a new proposal."""
    from sampingdesa.register.findings import find_finding
    from sampingdesa.register.pendataan import find_entry

    values: dict[str, Any] = {}
    if data.from_finding:
        finding = find_finding(conn, data.from_finding)
        if finding["kind"] != FindingKind.OFF_TARGET.value:
            raise InvalidValue(
                "from_finding",
                data.from_finding,
                _(
                    "Finding {id} is of kind {kind}; only an off-target finding leads to a "
                    "removal proposal."
                ).format(id=short_id(finding["uuid"]), kind=FindingKind.label_of(finding["kind"])),
            )
        recipient = conn.execute(
            "SELECT * FROM recipients WHERE uuid = ?", (finding["recipient_uuid"],)
        ).fetchone()
        visit = conn.execute(
            "SELECT off_target_reason, off_target_note FROM visits WHERE uuid = ?",
            (finding["visit_uuid"],),
        ).fetchone()
        values.update(_person_values(recipient))
        values.update(kind="hapus", recipient_uuid=recipient["uuid"], finding_uuid=finding["uuid"])
        values["desil"] = recipient["desil"]
        if visit is not None and visit["off_target_reason"]:
            reason = next((r for r in RemovalReason if visit["off_target_reason"] in r.words), None)
            if reason is not None:
                values["removal_reason"] = reason.value
            if visit["off_target_note"]:
                values["reason"] = visit["off_target_note"]
    if data.from_entry:
        entry = find_entry(conn, data.from_entry)
        values.update(_person_values(entry))
        values.update(kind="baru", entry_uuid=entry["uuid"], subject=entry["subject"])
        values["recipient_uuid"] = entry["recipient_uuid"]
        values["reason"] = entry["description"]
    return values


def _clean(conn: sqlite3.Connection, data: ProposalInput) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if data.kind is not None:
        values["kind"] = ProposalKind.parse(data.kind, "proposal_kind").value
    if data.subject is not None:
        values["subject"] = Subject.parse(data.subject, "subject").value
    person = Person.parse(nik=data.nik, no_kk=data.no_kk, name=data.name, address=data.address)
    values.update(person.columns())
    if data.nik is not None and person.nik is None:
        Nik(data.nik)  # raises the NIK's own sentence (a proposal needs one)
    if data.desa is not None:
        values["desa_code"] = resolve_desa(conn, data.desa, data.kecamatan).code
    if data.programs:
        values["programs"] = ",".join(parse_programs(conn, data.programs))
    if data.desil is not None:
        values["desil"] = parse_desil(data.desil)
    if data.removal_reason is not None:
        values["removal_reason"] = RemovalReason.parse(data.removal_reason, "removal_reason").value
    if data.reason is not None:
        values["reason"] = clean_text("reason", data.reason) or ""
    if data.month is not None:
        values["month"] = month_label(data.month)
    return values


def _check(values: dict[str, Any]) -> None:
    """What every proposal needs, and the desil limits of the programmes proposed."""
    if not values.get("kind"):
        raise InvalidValue("proposal_kind", "", choices=ProposalKind.choice_labels())
    if not values.get("nik"):
        raise InvalidValue(
            "nik",
            "",
            _(
                "A proposal needs the NIK (SIKS-NG does). For someone without papers, keep the "
                "register entry and help them to Disdukcapil first."
            ),
        )
    if not values.get("name"):
        raise InvalidValue("name", "", _("The name is required."))
    if not values.get("desa_code"):
        raise InvalidValue("desa", "", _("The desa is required."))
    kind = values["kind"]
    if kind == ProposalKind.REMOVAL.value and not values.get("removal_reason"):
        raise InvalidValue(
            "removal_reason",
            "",
            _("A removal proposal needs its reason."),
            choices=RemovalReason.choice_labels(),
        )
    if kind != ProposalKind.REMOVAL.value and values.get("removal_reason"):
        raise InvalidValue(
            "removal_reason",
            values["removal_reason"],
            _("A removal reason is only for a removal proposal (hapus)."),
        )
    if not values.get("reason"):
        if kind == ProposalKind.REMOVAL.value:
            values["reason"] = RemovalReason.label_of(values["removal_reason"])
        else:
            raise InvalidValue("reason", "", _("Say why it is proposed."))
    programs = [p for p in (values.get("programs") or "").split(",") if p]
    if programs and kind == ProposalKind.REMOVAL.value:
        raise InvalidValue(
            "program", ",".join(programs), _("A removal proposal proposes no programme.")
        )
    check_programs(programs, values.get("desil"))


def add_proposal(writer: Changes, data: ProposalInput, today: dt.date) -> str:
    """Record a proposal (status draft) for this month's update; returns its UUID."""
    conn = writer.conn
    values: dict[str, Any] = {"subject": Subject.HOUSEHOLD.value, "programs": ""}
    values["month"] = f"{today.year}-{today.month:02d}"
    values.update(_source_values(conn, data))
    given = _clean(conn, data)
    values.update(given)
    if values.get("nik") and not values.get("recipient_uuid"):
        known = conn.execute(
            "SELECT * FROM recipients WHERE nik = ? AND deleted_at IS NULL", (values["nik"],)
        ).fetchone()
        if known is not None:
            values["recipient_uuid"] = known["uuid"]
            for key, value in _person_values(known).items():
                if values.get(key) is None:
                    values[key] = value
            if values.get("desil") is None:
                values["desil"] = known["desil"]
    _check(values)
    duplicate = conn.execute(
        "SELECT uuid, status FROM usulan WHERE nik = ? AND kind = ? AND deleted_at IS NULL "
        f"AND status IN ({','.join('?' * len(UNDECIDED))})",
        (values["nik"], values["kind"], *UNDECIDED),
    ).fetchone()
    if duplicate:
        raise Conflict(
            _(
                "NIK {nik} already has a {kind} proposal in progress ({id}, {status}); edit that "
                "one."
            ).format(
                nik=nik_rules.mask_nik(values["nik"]),
                kind=ProposalKind.label_of(values["kind"]),
                id=short_id(duplicate[0]),
                status=ProposalStatus.label_of(duplicate[1]),
            )
        )
    values["status"] = ProposalStatus.DRAFT.value
    return writer.insert("usulan", values)


def find_proposal(conn: sqlite3.Connection, key: str) -> sqlite3.Row:
    return find_by_prefix(conn, "usulan", key, _("proposal"))


def edit_proposal(writer: Changes, key: str, data: ProposalInput) -> dict[str, Any]:
    """Change a proposal not yet entered in SIKS-NG; returns the fields that changed."""
    conn = writer.conn
    row = find_proposal(conn, key)
    if row["status"] not in EDITABLE_STATUSES:
        raise Conflict(
            _("Proposal {id} is {status}; it can no longer be edited.").format(
                id=short_id(row["uuid"]), status=ProposalStatus.label_of(row["status"])
            )
        )
    values = _clean(conn, data)
    if values.get("kind", ProposalKind.REMOVAL.value) != ProposalKind.REMOVAL.value:
        values.setdefault("removal_reason", None)  # no longer a removal
    merged = {**dict(row), **values}
    _check(merged)
    values = {k: merged[k] for k in values}
    return writer.update("usulan", row["uuid"], values)


def set_status(
    writer: Changes,
    key: str,
    status: str,
    date: dt.date,
    today: dt.date,
    reason: str | None = None,
) -> sqlite3.Row:
    """Move a proposal along its cycle; a rejection needs its reason."""
    conn = writer.conn
    row = find_proposal(conn, key)
    wanted = ProposalStatus.parse(status, "proposal_status").value
    current = row["status"]
    if wanted not in NEXT_STATUS[current]:
        allowed = NEXT_STATUS[current]
        raise Conflict(
            _("Proposal {id} is {status}; from there it can go to: {choices}.").format(
                id=short_id(row["uuid"]),
                status=ProposalStatus.label_of(current),
                choices=", ".join(ProposalStatus.label_of(s) for s in allowed) or _("nothing"),
            )
        )
    if date > today:
        raise InvalidValue("date", date, _("The date {date} is in the future.").format(date=date))
    # A proposal may be recorded after its meeting: only the steps' own dates bound the next.
    earlier = max((d for d in (row["musdes_date"], row["siks_date"]) if d), default="")
    if date.isoformat() < earlier:
        raise InvalidValue(
            "date",
            date,
            _("Proposal {id} reached its last step on {date}; give a later date.").format(
                id=short_id(row["uuid"]), date=earlier
            ),
        )
    text = clean_text("reason", reason) if reason else None
    values: dict[str, Any] = {"status": wanted}
    if wanted == ProposalStatus.MUSDES.value:
        values["musdes_date"] = date.isoformat()
    elif wanted == ProposalStatus.SIKS_NG.value:
        values["siks_date"] = date.isoformat()
    else:
        values["decided_on"] = date.isoformat()
    if wanted == ProposalStatus.REJECTED.value:
        if not text:
            raise InvalidValue("reason", "", _("Say why the proposal was rejected."))
        values["rejection_reason"] = text
    writer.update("usulan", row["uuid"], values, reason=text)
    if wanted == ProposalStatus.ACCEPTED.value and row["finding_uuid"]:
        _settle_finding(writer, row, date, today)
    return row


def _settle_finding(writer: Changes, row: sqlite3.Row, date: dt.date, today: dt.date) -> None:
    """An accepted removal settles the off-target finding that led to it."""
    from sampingdesa.register.findings import resolve_finding

    finding = writer.conn.execute(
        "SELECT uuid, status, opened_on FROM findings WHERE uuid = ?", (row["finding_uuid"],)
    ).fetchone()
    if finding is None or finding["status"] != "open" or date.isoformat() < finding["opened_on"]:
        return
    note = _("Removal proposal {id} accepted in the DTSEN update.").format(id=short_id(row["uuid"]))
    resolve_finding(writer, finding["uuid"], note, date, today)


class ProposalView(TypedDict):
    """A proposal as shown to users (`usulan list --json`; NIK masked unless revealed)."""

    id: str
    uuid: str
    month: str
    kind: str
    subject: str
    nik: str | None
    no_kk: str | None
    name: str
    address: str | None
    desa_code: str
    desa_name: str | None
    programs: list[str]
    desil: int | None
    removal_reason: str | None
    reason: str | None
    status: str
    musdes_date: str | None
    siks_date: str | None
    decided_on: str | None
    rejection_reason: str | None
    recipient_uuid: str | None
    finding_id: str | None
    entry_id: str | None


def public_proposal(conn: sqlite3.Connection, row: sqlite3.Row, show_nik: bool) -> ProposalView:
    shown = (lambda n: n) if show_nik else nik_rules.mask_nik
    return {
        "id": short_id(row["uuid"]),
        "uuid": row["uuid"],
        "month": row["month"],
        "kind": row["kind"],
        "subject": row["subject"],
        "nik": shown(row["nik"]),
        "no_kk": shown(row["no_kk"]) or None,
        "name": row["name"],
        "address": row["address"],
        "desa_code": row["desa_code"],
        "desa_name": region_name(conn, row["desa_code"]),
        "programs": [p for p in row["programs"].split(",") if p],
        "desil": row["desil"],
        "removal_reason": row["removal_reason"],
        "reason": row["reason"],
        "status": row["status"],
        "musdes_date": row["musdes_date"],
        "siks_date": row["siks_date"],
        "decided_on": row["decided_on"],
        "rejection_reason": row["rejection_reason"],
        "recipient_uuid": row["recipient_uuid"],
        "finding_id": short_id(row["finding_uuid"]) if row["finding_uuid"] else None,
        "entry_id": short_id(row["entry_uuid"]) if row["entry_uuid"] else None,
    }


def proposal_rows(
    conn: sqlite3.Connection,
    *,
    month: str | None = None,
    desa_code: str | None = None,
    statuses: tuple[str, ...] | None = None,
    kind: str | None = None,
) -> list[sqlite3.Row]:
    where = ["deleted_at IS NULL"]
    params: list[Any] = []
    if month:
        where.append("month = ?")
        params.append(month_label(month))
    if desa_code:
        where.append("desa_code = ?")
        params.append(desa_code)
    if statuses:
        where.append(f"status IN ({','.join('?' * len(statuses))})")
        params.extend(statuses)
    if kind:
        where.append("kind = ?")
        params.append(ProposalKind.parse(kind, "proposal_kind").value)
    return conn.execute(
        f"SELECT * FROM usulan WHERE {' AND '.join(where)} "
        "ORDER BY month, desa_code, CASE kind WHEN 'baru' THEN 1 WHEN 'perbaikan' THEN 2 "
        "ELSE 3 END, name",
        params,
    ).fetchall()


def list_proposals(
    conn: sqlite3.Connection,
    *,
    month: str | None = None,
    desa: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    reveal: Reveal | None = None,
) -> list[ProposalView]:
    """Proposals as shown; NIKs masked unless a `reveal` is given (logged first)."""
    statuses = (ProposalStatus.parse(status, "proposal_status").value,) if status else None
    rows = proposal_rows(
        conn,
        month=month,
        desa_code=resolve_desa(conn, desa).code if desa else None,
        statuses=statuses,
        kind=kind,
    )
    show_nik = revealed(conn, reveal)
    return [public_proposal(conn, row, show_nik) for row in rows]


# -- ground-check results from Dinas Sosial -----------------------------------------------------
_FIELDS = ("nik", "result", "reason", "date")  # read through the shared heading table


@dataclass
class GroundCheckResult:
    file: str
    rows: int = 0
    accepted: int = 0
    rejected: int = 0
    problems: list[CellProblem] = field(default_factory=list)


def _header(cells: list[Any]) -> dict[str, int] | None:
    from sampingdesa.io.sheet_import import header_fields

    found = {name: index for index, name in header_fields(cells, _FIELDS).items()}
    return found if {"nik", "result"} <= set(found) else None


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value).strip()


def import_ground_check(
    writer: Changes, path: Path, today: dt.date, sheet: str | None = None
) -> GroundCheckResult:
    """Set the status of proposals entered in SIKS-NG from Dinas Sosial's ground-check list.

    All or nothing: any problem (a row, a column, an unknown NIK) changes nothing and is
    reported with its row and column."""
    from sampingdesa.io.sheet_import import is_numbering_row
    from sampingdesa.io.tabular import Table, column_letter
    from sampingdesa.values.parsing import parse_date

    table = Table(path)
    stream = table.rows(sheet)
    result = GroundCheckResult(Path(path).name)
    header: dict[str, int] | None = None
    plan: list[tuple[int, sqlite3.Row, str, dt.date, str | None]] = []
    seen: dict[str, int] = {}
    labels: dict[int, str] = {}
    numbering = False

    def problem(number: int, name: str, value: Any, message: str) -> None:
        assert header is not None
        shown = _cell_text(value)[:60]
        if name == "nik":  # never a full NIK in a message, valid or not (issue 23)
            shown = nik_rules.mask_typed(shown)
        result.problems.append(CellProblem(
            number, column_letter(stream.first_column + header[name]), labels[header[name]],
            shown, message,
        ))  # fmt: skip

    for number, cells in stream.rows:
        if header is None:
            header = _header(list(cells))
            labels = {i: " ".join(str(c).split()) for i, c in enumerate(cells)}
            if header is None and number >= 30:
                break
            numbering = True
            continue
        if numbering:
            numbering = False
            if is_numbering_row(cells):
                continue
        get = {name: (cells[i] if i < len(cells) else "") for name, i in header.items()}
        if all(_cell_text(v) == "" for v in get.values()):
            continue
        result.rows += 1
        raw_nik = get["nik"]
        if isinstance(raw_nik, float):
            problem(number, "nik", f"{raw_nik:.0f}", _(
                "the NIK is stored as a number and Excel may have rounded it; format the column "
                "as text and type it again"))  # fmt: skip
            continue
        try:
            nik = str(Nik(_cell_text(raw_nik)))
        except SampingError as error:
            problem(number, "nik", raw_nik, error.message)
            continue
        if nik in seen:
            problem(number, "nik", raw_nik, _("the same NIK is on row {row}").format(row=seen[nik]))
            continue
        seen[nik] = number
        try:
            status = ProposalStatus.parse(_cell_text(get["result"]), "proposal_status").value
        except InvalidValue:
            status = ""
        if status not in (ProposalStatus.ACCEPTED.value, ProposalStatus.REJECTED.value):
            problem(
                number, "result", get["result"], _("expected diterima/layak or ditolak/tidak layak")
            )
            continue
        day = today
        if "date" in header and _cell_text(get["date"]):
            try:
                day = parse_date(get["date"])
            except SampingError as error:
                problem(number, "date", get["date"], error.message)
                continue
        found = writer.conn.execute(
            "SELECT * FROM usulan WHERE nik = ? AND status = 'siks-ng' AND deleted_at IS NULL "
            "ORDER BY created_at DESC",
            (nik,),
        ).fetchall()
        if len(found) != 1:
            message = (
                _("no proposal with this NIK is waiting in SIKS-NG")
                if not found
                else _("this NIK has {count} proposals waiting in SIKS-NG").format(count=len(found))
            )
            problem(number, "nik", raw_nik, message)
            continue
        try:
            reason = clean_text("reason", _cell_text(get.get("reason")))
        except InvalidValue as error:
            problem(number, "reason", get.get("reason"), error.message)
            continue
        if status == ProposalStatus.REJECTED.value and reason is None:
            reason = _("rejected at the ground check ({file})").format(file=result.file)
        plan.append((number, found[0], status, day, reason))
    if header is None:
        raise SampingError(
            _(
                "{file}: no header row with a NIK column and a result column (hasil, status) "
                "in the first 30 rows."
            ).format(file=result.file)
        )
    for number, row, status, day, reason in plan:
        try:
            set_status(writer, row["uuid"], status, day, today, reason)
        except SampingError as error:
            result.problems.append(CellProblem(number, "", "", "", error.message))
            continue
        if status == ProposalStatus.ACCEPTED.value:
            result.accepted += 1
        else:
            result.rejected += 1
    if result.problems:
        raise SampingError(
            _("{file}: {count} problems; nothing was changed.").format(
                file=result.file, count=len(result.problems)
            ),
            details=describe_problems(result.problems),
        )
    return result
