"""The rules of a visit, at the library level: each broken rule is a specific exception that
names the field it concerns (never a flag), and writes nothing."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from sampingdesa.errors import Conflict, InvalidValue, NotFound, SampingError
from sampingdesa.places.laptop import actor
from sampingdesa.store.changes import changes
from sampingdesa.values.codes import Change, Delivery, OffTargetReason, OnTarget, Problem
from sampingdesa.visits.recording import VisitInput, record_visit
from sampingdesa.visits.rules import parse_delivery
from tests.conftest import NIK_ELDER, NIK_MAN, snapshot

TODAY = dt.date(2025, 11, 20)
DAY = dt.date(2025, 11, 3)


def visit(**values: Any) -> VisitInput:
    values["deliveries"] = [parse_delivery(d) for d in values.get("deliveries", [])]
    return VisitInput(visit_date=values.pop("visit_date", DAY), **values)


RULES: list[tuple[str, VisitInput, type[SampingError], str | None]] = [
    ("future date", visit(visit_date=dt.date(2999, 1, 1)), InvalidValue, "date"),
    ("not enrolled", visit(deliveries=["JADUP-LANSIA:2025-10:full"]), Conflict, None),
    ("unknown programme", visit(deliveries=["XYZ:2025-10:full"]), NotFound, None),
    ("amount on none", visit(deliveries=["BPNT:2025-10:none:200rb"]), InvalidValue, "amount"),
    ("twice", visit(deliveries=["BPNT:2025-10:full", "BPNT:2025-10:none"]), Conflict, None),
    ("off target, no reason", visit(on_target=OnTarget.NO), InvalidValue, "reason"),
    ("reason, on target",
     visit(on_target=OnTarget.YES, reason=(OffTargetReason.MOVED, None)), InvalidValue, "reason"),
    ("escort without purpose", visit(escort=True, facility="Puskesmas"), InvalidValue, "purpose"),
    ("escort fields, no escort", visit(facility="Puskesmas"), InvalidValue, "escort"),
    ("escort with delivery",
     visit(escort=True, facility="P", purpose="x", deliveries=["BPNT:2025-10:full"]),
     Conflict, None),
    ("problem on full",
     visit(deliveries=["BPNT:2025-10:full"], problem=(Problem.DEDUCTED, None)),
     InvalidValue, "problem"),
    ("received on none",
     visit(deliveries=["BPNT:2025-10:none"], received_date=dt.date(2025, 10, 1)),
     InvalidValue, "received"),
    ("received after visit",
     visit(deliveries=["BPNT:2025-10:full"], received_date=dt.date(2025, 11, 5)),
     InvalidValue, "received"),
    ("outcome on escort",
     visit(escort=True, facility="P", purpose="x", ready_to_graduate=True), Conflict, None),
    ("missing photo", visit(photos=[Path("/no/such/photo.jpg")]), NotFound, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "error", "field"), [r[1:] for r in RULES], ids=[r[0] for r in RULES]
)
def test_each_rule_is_a_specific_error_naming_its_field(
    people: sqlite3.Connection,
    db_path: Path,
    data: VisitInput,
    error: type[SampingError],
    field: str | None,
) -> None:
    before = snapshot(db_path)
    with pytest.raises(error) as raised, changes(people, actor(people)) as writer:
        record_visit(writer, NIK_MAN, data, today=TODAY)
    if field is not None:
        assert isinstance(raised.value, InvalidValue) and raised.value.field == field
    assert "--" not in raised.value.message
    assert snapshot(db_path) == before


def test_a_good_visit_opens_its_findings(people: sqlite3.Connection) -> None:
    data = visit(
        deliveries=["BPNT:2025-10:sebagian:100rb"],
        on_target=OnTarget.NO,
        reason=(OffTargetReason.MOVED, None),
        outcome=Change.WORSE,
    )
    with changes(people, actor(people)) as writer:
        result = record_visit(writer, NIK_MAN, data, today=TODAY)
    assert sorted(new.kind for _uuid, new in result.opened) == ["off-target", "partial", "worse"]
    row = people.execute("SELECT status FROM deliveries").fetchone()
    assert row["status"] == Delivery.PARTIAL.value == "partial"  # codes stay codes


def test_the_visit_is_by_the_writer_unless_named(people: sqlite3.Connection) -> None:
    with changes(people, actor(people)) as writer:
        result = record_visit(writer, NIK_ELDER, visit(), today=TODAY)
    row = people.execute("SELECT assistant_uuid FROM visits WHERE uuid = ?", (result.uuid,))
    assert row.fetchone()[0] == actor(people)
