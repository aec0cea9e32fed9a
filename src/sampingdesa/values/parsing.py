"""Parsers for values users type or spreadsheets hold (pure functions).

Each raises `InvalidValue` (naming the field) with a translated sentence and nothing else.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from sampingdesa.errors import InvalidValue
from sampingdesa.i18n import _
from sampingdesa.values.codes import Sex

MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "pebruari": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11, "nopember": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}  # fmt: skip

_NUMERIC_DATE = re.compile(r"^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})$")
_NAMED_DATE = re.compile(r"^(\d{1,2})[\s\-/.]+([A-Za-z]+)\.?[\s\-/.]+(\d{4})$")


def _bad_date(text: str) -> InvalidValue:
    return InvalidValue(
        "date",
        text,
        _("{value!r} is not a date; write it as YYYY-MM-DD, DD-MM-YYYY or 17 Agustus 1945.").format(
            value=text
        ),
    )


def parse_date(value: str | dt.date | dt.datetime) -> dt.date:
    """ISO `yyyy-mm-dd`, `dd-mm-yyyy`, `dd/mm/yyyy`, or `17 Agustus 1945`."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if text.endswith(" 00:00:00"):
        text = text[:-9]
    match = _NUMERIC_DATE.match(text)
    try:
        if match:
            first, month, last = match.groups()
            if len(first) == 4:
                return dt.date(int(first), int(month), int(last))
            if len(last) == 4:
                return dt.date(int(last), int(month), int(first))
            raise _bad_date(text)
        match = _NAMED_DATE.match(text)
        if match:
            day, month_name, year = match.groups()
            month_number = MONTHS.get(month_name.lower())
            if month_number is None:
                raise _bad_date(text)
            return dt.date(int(year), month_number, int(day))
    except ValueError:
        raise _bad_date(text) from None
    raise _bad_date(text)


# A month or period outside these years is a typo (1026-10, 2206-10), not a plan.
FIRST_YEAR, LAST_YEAR = 2000, 2099


class Month(NamedTuple):
    """A calendar month as its first and last day (unpacks as `start, end`)."""

    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return f"{self.start.year}-{self.start.month:02d}"

    def shifted(self, months: int) -> Month:
        index = self.start.year * 12 + self.start.month - 1 + months
        return month_of(dt.date(index // 12, index % 12 + 1, 1))


def month_of(day: dt.date) -> Month:
    """The month a day falls in."""
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return Month(first, following - dt.timedelta(days=1))


_YEAR_MONTH = re.compile(r"(\d{4})[-/.](\d{1,2})")
_MONTH_YEAR = re.compile(r"(\d{1,2})[-/.](\d{4})")
_NAMED_MONTH = re.compile(r"([a-z]+)\.?[\s\-/.]*(\d{4})")


def parse_month(value: str) -> Month:
    """`2026-10`, `2026/10`, `10/2026`, `10-2026`, `Okt 2026`, `Oktober 2026`, `Oct 2026`."""
    text = str(value).strip().lower()
    year = month = 0
    if match := _YEAR_MONTH.fullmatch(text):
        year, month = int(match.group(1)), int(match.group(2))
    elif match := _MONTH_YEAR.fullmatch(text):
        month, year = int(match.group(1)), int(match.group(2))
    elif match := _NAMED_MONTH.fullmatch(text):
        month, year = MONTHS.get(match.group(1), 0), int(match.group(2))
    if not 1 <= month <= 12 or not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidValue(
            "month",
            value,
            _(
                "{value!r} is not a month; write it as YYYY-MM (2026-10), 10/2026 or Okt 2026."
            ).format(value=value),
        )
    return month_of(dt.date(year, month, 1))


def parse_sex(value: str) -> str:
    """`L` or `P` from what lists and people write (`Laki-laki`, `P.`, `wanita`, `2` ...)."""
    try:
        return str(Sex.parse(str(value).replace(".", ""), "sex").value)
    except InvalidValue:
        raise InvalidValue(
            "sex",
            value,
            _("{value!r} is not a sex; write L (laki-laki) or P (perempuan).").format(value=value),
        ) from None


def fold_spaces(value: str) -> str:
    """Trim and fold runs of whitespace; case is kept."""
    return " ".join(str(value).split())


def parse_rt_rw(value: str, label: str) -> str:
    """RT/RW as a zero-padded three-digit number (`3`, `03`, `003` -> `003`)."""
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not (text.isascii() and text.isdigit()) or len(text) > 9 or not 0 < int(text) < 1000:
        raise InvalidValue(
            label.lower(),
            value,
            _("{label} {value!r} must be a number from 1 to 999.").format(label=label, value=value),
        )
    return f"{int(text):03d}"


# -- plausible dates (issue 12) -------------------------------------------------------------
# Every date a user gives for an event (a visit, a delivery received, an enrollment, a
# finding) lies between the start of the programmes this tool reports on and today; a birth
# date between 1900 and today. `report ... --month` has the same floor (year 2000).
EARLIEST_EVENT = dt.date(2000, 1, 1)
EARLIEST_BIRTH = dt.date(1900, 1, 1)


def check_plausible_date(
    day: dt.date,
    field: str,
    *,
    today: dt.date | None = None,
    earliest: dt.date = EARLIEST_EVENT,
) -> dt.date:
    """`day` unchanged, or InvalidValue naming `field` when it is before `earliest` or after
    today (0001-01-01, 1899-12-31 or an Excel serial gone wrong)."""
    from sampingdesa.errors import InvalidValue

    today = today or dt.date.today()
    if not earliest <= day <= today:
        raise InvalidValue(
            field,
            day,
            _(
                "{date} is not a plausible date here: give a date from {earliest} to today "
                "({today})."
            ).format(date=day.isoformat(), earliest=earliest.isoformat(), today=today.isoformat()),
        )
    return day
