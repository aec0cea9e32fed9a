"""Parsers for values users type or spreadsheets hold (pure functions).

Each raises `SampingError` with a translated sentence and nothing else.
"""

from __future__ import annotations

import datetime as dt
import re

from sampingdesa.errors import SampingError
from sampingdesa.i18n import _

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


def _bad_date(text: str) -> SampingError:
    return SampingError(
        _("{value!r} is not a date; write it as YYYY-MM-DD, DD-MM-YYYY or 17 Agustus 1945.").format(
            value=text
        )
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


def parse_month(value: str) -> tuple[dt.date, dt.date]:
    """`2026-10` -> first and last day of that month."""
    match = re.match(r"^\s*(\d{4})-(\d{1,2})\s*$", str(value))
    if not match or not 1 <= int(match.group(2)) <= 12 or not 1 <= int(match.group(1)) < 9999:
        raise SampingError(_("{value!r} is not a month; write it as YYYY-MM.").format(value=value))
    year, month = int(match.group(1)), int(match.group(2))
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


_SEX = {
    "l": "L", "lk": "L", "laki": "L", "laki-laki": "L", "laki laki": "L", "pria": "L",
    "m": "L", "male": "L", "1": "L",
    "p": "P", "pr": "P", "perempuan": "P", "wanita": "P", "f": "P", "female": "P", "w": "P",
    "2": "P",
}  # fmt: skip


def parse_sex(value: str) -> str:
    text = " ".join(str(value).strip().lower().replace(".", "").split())
    sex = _SEX.get(text)
    if sex is None:
        raise SampingError(
            _("{value!r} is not a sex; write L (laki-laki) or P (perempuan).").format(value=value)
        )
    return sex


def fold_spaces(value: str) -> str:
    """Trim and fold runs of whitespace; case is kept."""
    return " ".join(str(value).split())


def parse_rt_rw(value: str, label: str) -> str:
    """RT/RW as a zero-padded three-digit number (`3`, `03`, `003` -> `003`)."""
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not (text.isascii() and text.isdigit()) or len(text) > 9 or not 0 < int(text) < 1000:
        raise SampingError(
            _("{label} {value!r} must be a number from 1 to 999.").format(label=label, value=value)
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
