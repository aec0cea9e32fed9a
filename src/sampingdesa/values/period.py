"""Periods a delivery is for: a month (`2026-10`) or a disbursement stage (`2026-T4`)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from sampingdesa.errors import InvalidValue
from sampingdesa.i18n import _
from sampingdesa.values.parsing import FIRST_YEAR, LAST_YEAR


@dataclass(frozen=True)
class Period:
    """A month (`2026-10`) or a disbursement stage, a quarter (`2026-T4`)."""

    label: str
    start: dt.date
    end: dt.date

    @property
    def is_tahap(self) -> bool:
        return "-T" in self.label

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_period(value: str) -> Period:
    text = str(value).strip().upper().replace(" ", "")
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if match and 1 <= int(match.group(2)) <= 12 and FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
        year, month = int(match.group(1)), int(match.group(2))
        return Period(f"{year}-{month:02d}", dt.date(year, month, 1), _month_end(year, month))
    match = re.fullmatch(r"(\d{4})-?T([1-4])", text)
    if match and FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
        year, stage = int(match.group(1)), int(match.group(2))
        first = 3 * stage - 2
        return Period(f"{year}-T{stage}", dt.date(year, first, 1), _month_end(year, first + 2))
    raise InvalidValue(
        "period",
        value,
        _(
            "{value!r} is not a period; write a month as 2026-10 or a stage (tahap) as 2026-T4."
        ).format(value=value),
    )
