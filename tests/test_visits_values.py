"""Pure parsers of visit values: amounts, periods, GPS, delivery specs, coded answers."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sampingdesa.errors import InvalidValue, SampingError
from sampingdesa.values.codes import Code, Delivery, OffTargetReason, OnTarget
from sampingdesa.visits.rules import (
    expected_amount,
    parse_amount,
    parse_coded_note,
    parse_delivery,
    parse_gps,
    parse_period,
    period_of,
)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("750000", 750_000),
        ("750.000", 750_000),
        ("Rp 750.000", 750_000),
        ("Rp. 750.000,00", 750_000),
        ("rp750.000", 750_000),
        ("750rb", 750_000),
        ("750 ribu", 750_000),
        ("1,5jt", 1_500_000),
        ("1.5 juta", 1_500_000),
        ("2jt", 2_000_000),
        ("1.500rb", 1_500_000),
        ("750,000", 750_000),
        ("0", 0),
        (750000.0, 750_000),
        (200000, 200_000),
    ],
)
def test_amounts_people_write(text: str | float, amount: int) -> None:
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["-750000", "Rp -5.000", -1])
def test_negative_amount_is_refused(text: str | int) -> None:
    with pytest.raises(SampingError, match="negatif"):
        parse_amount(text)


@pytest.mark.parametrize("text", ["abc", "750.5", "1,2345rb", "", "7 5 0 x", 750.5])
def test_bad_amounts(text: str | float) -> None:
    with pytest.raises(SampingError):
        parse_amount(text)


@given(st.integers(min_value=0, max_value=10**10))
def test_dotted_thousands_round_trip(amount: int) -> None:
    dotted = f"{amount:,}".replace(",", ".")
    assert parse_amount(dotted) == amount
    assert parse_amount(f"Rp {dotted}") == amount
    assert parse_amount(str(amount)) == amount


def test_periods() -> None:
    month = parse_period("2026-10")
    assert (month.label, month.start, month.end, month.months) == (
        "2026-10",
        dt.date(2026, 10, 1),
        dt.date(2026, 10, 31),
        1,
    )
    stage = parse_period("2026-t4")
    assert (stage.label, stage.start, stage.end, stage.months) == (
        "2026-T4",
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 31),
        3,
    )
    assert parse_period("2024-2").end == dt.date(2024, 2, 29)
    assert period_of(dt.date(2026, 5, 17), tahap=True).label == "2026-T2"
    assert period_of(dt.date(2026, 5, 17), tahap=False).label == "2026-05"


@pytest.mark.parametrize("text", ["2026-13", "2026-T5", "10-2026", "okt", "2026"])
def test_bad_periods(text: str) -> None:
    with pytest.raises(SampingError, match="periode"):
        parse_period(text)


def test_expected_amount_per_period() -> None:
    month, stage = parse_period("2026-02"), parse_period("2026-T1")
    assert expected_amount(200_000, "bulan", month) == 200_000
    assert expected_amount(200_000, "bulan", stage) == 600_000  # a tahap is 3 months
    assert expected_amount(30_000, "hari", month) == 28 * 30_000
    assert expected_amount(2_400_000, "tahun", stage) == 600_000
    assert expected_amount(15_000_000, "sekali", month) == 15_000_000
    assert expected_amount(None, "tahun", stage) is None


def test_gps_inside_indonesia() -> None:
    assert parse_gps("-2.7766,115.2536") == (-2.7766, 115.2536)
    assert parse_gps(" -2.7766 , 115.2536 ") == (-2.7766, 115.2536)


@pytest.mark.parametrize("text", ["115.25,-2.77", "48.85,2.35", "x,y", "-2.7"])
def test_gps_outside_or_bad(text: str) -> None:
    with pytest.raises(SampingError):
        parse_gps(text)


def test_delivery_spec() -> None:
    spec = parse_delivery("bpnt:2026-10:full:Rp 400.000")
    assert (spec.program_code, spec.period.label, spec.status, spec.amount) == (
        "BPNT",
        "2026-10",
        "full",
        400_000,
    )
    spec = parse_delivery("PKH:2026-T4:none")
    assert (spec.status, spec.amount) == ("none", None)
    assert parse_delivery("BLT-DD:2026-10:sebagian:100rb").status == "partial"


@pytest.mark.parametrize("text", ["PKH:2026-10", "PKH::full", "PKH:2026-10:lost", "PKH:x:full"])
def test_bad_delivery_spec(text: str) -> None:
    with pytest.raises(SampingError):
        parse_delivery(text)


@pytest.mark.parametrize(
    ("code_type", "typed", "code"),
    [
        (Delivery, "not-due", "not-due"),
        (Delivery, "diterima sebagian", "partial"),
        (Delivery, "received in part", "partial"),
        (OnTarget, "Tidak", "no"),
        (Delivery, "tidak", "none"),
    ],
)
def test_choices_accept_codes_labels_and_aliases(
    code_type: type[Code], typed: str, code: str
) -> None:
    assert code_type.parse(typed, "status") == code


def test_unknown_choice_lists_labels() -> None:
    with pytest.raises(InvalidValue, match="diterima penuh, diterima sebagian") as raised:
        Delivery.parse("maybe", "status")
    assert raised.value.field == "status"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("pindah", ("moved", None)),
        ("other: kerja di Malaysia", ("other", "kerja di Malaysia")),
        ("lainnya: kerja di Malaysia", ("other", "kerja di Malaysia")),
        ("alasan lain: kerja", ("other", "kerja")),
    ],
)
def test_coded_note(typed: str, expected: tuple[str, str | None]) -> None:
    assert parse_coded_note(typed, OffTargetReason, "reason") == expected


def test_other_needs_a_note() -> None:
    with pytest.raises(InvalidValue, match="alasan lain") as raised:
        parse_coded_note("other", OffTargetReason, "reason")
    assert raised.value.field == "reason"
