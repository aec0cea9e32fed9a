"""Values a visit record is made of, parsed from what users type or forms hold (pure).

Amounts (`750000`, `750.000`, `Rp 750.000`, `750rb`, `1,5jt`), periods (`2026-10`,
`2026-T4`), GPS positions, delivery specs (`PKH:2026-T4:full:750rb`) and the coded answers
(status, reason, change ...) are `values.codes` types. Each parser raises `InvalidValue`
naming the field, with a translated sentence.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import TypeVar

from sampingdesa.errors import InvalidValue
from sampingdesa.i18n import _
from sampingdesa.values.codes import AmountUnit, Code, Delivery
from sampingdesa.values.parsing import FIRST_YEAR, LAST_YEAR
from sampingdesa.values.rupiah import format_rupiah as format_rupiah  # re-exported

# Indonesia, generously: Sabang to Merauke, Rote to Miangas.
LAT_RANGE = (-11.5, 6.5)
LON_RANGE = (94.5, 141.5)


C = TypeVar("C", bound=Code)


def parse_coded_note(value: str, code_type: type[C], field: str) -> tuple[C, str | None]:
    """`deceased`, or `other:free text` (also `lainnya: ...`): a code and an optional note."""
    code_text, separator, note = str(value).partition(":")
    code = code_type.parse(code_text, field)
    note = note.strip() if separator else ""
    if code.value == "other" and not note:
        raise InvalidValue(
            field,
            value,
            _("Say what it was after '{other}', for example {other}:{example}.").format(
                other=code.label, example=_("the explanation")
            ),
        )
    return code, note or None


# -- money ----------------------------------------------------------------------------------
_SUFFIXES = {"rb": 1_000, "ribu": 1_000, "k": 1_000, "jt": 1_000_000, "juta": 1_000_000}
_SUFFIXED = re.compile(r"^(\d+)(?:[.,](\d+))?(rb|ribu|k|jt|juta)$")
_DOTTED = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,(\d{1,2}))?$")
_COMMAED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.(\d{1,2}))?$")
_PLAIN = re.compile(r"^\d+(?:[.,](\d{1,2}))?$")


def _bad_amount(value: object) -> InvalidValue:
    return InvalidValue(
        "amount",
        value,
        _(
            "{value!r} is not an amount; write whole Rupiah like 750000, 750.000, "
            "Rp 750.000 or 750rb."
        ).format(value=value),
    )


def _whole(number: float, value: object) -> int:
    if number != int(number):
        raise InvalidValue("amount", value, _("{value!r} is not whole Rupiah.").format(value=value))
    return int(number)


MAX_AMOUNT = 1_000_000_000_000  # one trillion Rupiah: more is a typo, and must fit SQLite


def parse_amount(value: str | int | float) -> int:
    """Whole Rupiah from `750000`, `750.000`, `Rp 750.000`, `750rb`, `1,5jt` (or a number)."""
    amount = _parse_amount(value)
    if amount > MAX_AMOUNT:
        raise InvalidValue(
            "amount",
            value,
            _("{value!r} is too large for an amount (at most {limit}).").format(
                value=value, limit=format_rupiah(MAX_AMOUNT)
            ),
        )
    return amount


def _parse_amount(value: str | int | float) -> int:
    if isinstance(value, bool):
        raise _bad_amount(value)
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            raise _bad_amount(value)
        if value < 0:
            raise InvalidValue(
                "amount", value, _("An amount cannot be negative ({value}).").format(value=value)
            )
        if value > MAX_AMOUNT:
            return int(MAX_AMOUNT) + 1
        return _whole(float(value), value)
    text = re.sub(r"\s+", "", str(value).lower())
    text = re.sub(r"^rp\.?", "", text)
    if not text.isascii() or len(text) > 40:  # ١٢٣ or a pasted essay: not an amount
        raise _bad_amount(value)
    if text.startswith("-"):
        raise InvalidValue(
            "amount", value, _("An amount cannot be negative ({value}).").format(value=value)
        )
    match = _SUFFIXED.match(text)
    if match:
        whole, fraction, suffix = match.groups()
        factor = _SUFFIXES[suffix]
        if fraction and len(fraction) == 3 and factor == 1_000:
            return _whole(int(whole + fraction) * factor, value)  # 1.500rb = 1500 ribu
        number = int(whole) * factor + (
            int(fraction) * factor // 10 ** len(fraction) if fraction else 0
        )
        if fraction and int(fraction) * factor % 10 ** len(fraction):
            raise _bad_amount(value)
        return number
    for pattern, separator in ((_DOTTED, "."), (_COMMAED, ",")):
        match = pattern.match(text)
        if match:
            if match.group(1) and int(match.group(1)):
                raise InvalidValue(
                    "amount", value, _("{value!r} is not whole Rupiah.").format(value=value)
                )
            return int(text.split("," if separator == "." else ".")[0].replace(separator, ""))
    match = _PLAIN.match(text)
    if match:
        if match.group(1) and int(match.group(1)):
            raise InvalidValue(
                "amount", value, _("{value!r} is not whole Rupiah.").format(value=value)
            )
        return int(re.split(r"[.,]", text)[0])
    raise _bad_amount(value)


# -- periods --------------------------------------------------------------------------------
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


def period_of(date: dt.date, tahap: bool) -> Period:
    """The month, or the stage (quarter), a date falls in."""
    if tahap:
        return parse_period(f"{date.year}-T{(date.month - 1) // 3 + 1}")
    return parse_period(f"{date.year}-{date.month:02d}")


def expected_amount(nominal: int | None, amount_unit: str, period: Period) -> int | None:
    """The programme's nominal amount for a period; None when it cannot be told."""
    if nominal is None:
        return None
    if amount_unit == AmountUnit.BULAN:
        return nominal * period.months
    if amount_unit == AmountUnit.HARI:
        return nominal * period.days
    if amount_unit == AmountUnit.TAHUN:
        return nominal * period.months // 12
    if amount_unit == AmountUnit.TAHAP:
        return nominal if period.is_tahap else None
    return nominal  # sekali: paid once


# -- places ---------------------------------------------------------------------------------
def parse_gps(value: str) -> tuple[float, float]:
    """`LAT,LON` in decimal degrees, inside Indonesia."""
    parts = [p for p in re.split(r"[,;\s]+", str(value).strip()) if p]
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        raise InvalidValue(
            "gps",
            value,
            _("{value!r} is not a GPS position; write LAT,LON such as -2.7766,115.2536.").format(
                value=value
            ),
        ) from None
    if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
        raise InvalidValue(
            "gps",
            value,
            _(
                "GPS position {lat},{lon} is not in Indonesia (latitude -11.5 to 6.5, "
                "longitude 94.5 to 141.5). Were latitude and longitude swapped?"
            ).format(lat=lat, lon=lon),
        )
    return round(lat, 6), round(lon, 6)


# -- deliveries -----------------------------------------------------------------------------
@dataclass(frozen=True)
class DeliverySpec:
    program_code: str
    period: Period
    status: Delivery
    amount: int | None = None


def parse_delivery(value: str) -> DeliverySpec:
    """`PROGRAM:PERIOD:STATUS[:AMOUNT]`, e.g. `BPNT:2026-10:full:200rb`."""
    parts = [p.strip() for p in str(value).split(":")]
    if len(parts) not in (3, 4) or not all(parts):
        raise InvalidValue(
            "delivery",
            value,
            _(
                "{value!r} is not a delivery; write PROGRAM:PERIOD:STATUS[:AMOUNT], for "
                "example BPNT:2026-10:full:200000 (STATUS: {statuses})."
            ).format(value=value, statuses=", ".join(Delivery.choice_labels())),
        )
    code = parts[0].upper().replace(" ", "-").replace("_", "-")
    period = parse_period(parts[1])
    status = Delivery.parse(parts[2], "status")
    amount = parse_amount(parts[3]) if len(parts) == 4 else None
    return DeliverySpec(code, period, status, amount)
