"""One month parser for every command: the same forms and the same range of years."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sampingdesa.errors import InvalidValue
from sampingdesa.values.parsing import FIRST_YEAR, LAST_YEAR, Month, month_of, parse_month
from sampingdesa.visits.rules import parse_period


@pytest.mark.parametrize(
    "text",
    ["2026-10", "2026/10", "2026.10", " 2026-10 ", "10/2026", "10-2026", "Okt 2026",
     "okt-2026", "Oktober 2026", "October 2026", "oct. 2026"],
)  # fmt: skip
def test_forms_of_one_month(text: str) -> None:
    month = parse_month(text)
    assert month == Month(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert month.label == "2026-10"


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [("2026-9", dt.date(2026, 9, 1), dt.date(2026, 9, 30)),
     ("2-2028", dt.date(2028, 2, 1), dt.date(2028, 2, 29)),
     ("Des 2025", dt.date(2025, 12, 1), dt.date(2025, 12, 31))],
)  # fmt: skip
def test_month_ends(text: str, first: dt.date, last: dt.date) -> None:
    start, end = parse_month(text)
    assert (start, end) == (first, last)


@pytest.mark.parametrize(
    "text",
    ["1999-05", "2100-01", "2026-13", "2026-0", "13/2026", "Okt", "2026", "bulan 2026",
     "2026-10-01", ""],
)  # fmt: skip
def test_not_a_month(text: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        parse_month(text)
    assert raised.value.field == "month"


@pytest.mark.parametrize("year", [FIRST_YEAR - 1, LAST_YEAR + 1])
def test_periods_keep_the_same_years(year: int) -> None:
    with pytest.raises(InvalidValue):
        parse_period(f"{year}-10")
    with pytest.raises(InvalidValue):
        parse_month(f"{year}-10")


def test_shifted_months() -> None:
    assert month_of(dt.date(2026, 1, 15)).shifted(-1).label == "2025-12"
    assert month_of(dt.date(2026, 12, 15)).shifted(1).label == "2027-01"


def test_visit_list_and_report_take_the_same_months(cli, registered: Path) -> None:
    for month in ("2026/10", "10/2026", "Okt 2026"):
        assert cli("visit", "list", "--month", month).exit_code == 0
        assert cli("visit", "due", "--month", month).exit_code == 0
    refused = cli("visit", "list", "--month", "1999-05")
    assert refused.exit_code == 1 and "(--month)" in refused.stderr
