"""Values a visit record is made of, parsed from what users type or forms hold (pure).

Amounts (`750000`, `750.000`, `Rp 750.000`, `750rb`, `1,5jt`), periods (`2026-10`,
`2026-T4`), GPS positions, delivery specs (`PKH:2026-T4:full:750rb`) and the coded answers
(status, reason, change ...) are `values.codes` types. Each parser raises `InvalidValue`
naming the field, with a translated sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TypeVar

from sampingdesa.errors import InvalidValue
from sampingdesa.i18n import _
from sampingdesa.values.codes import AmountUnit, Code, Delivery
from sampingdesa.values.text import Text

# Indonesia, generously: Sabang to Merauke, Rote to Miangas.
LAT_RANGE = (-11.5, 6.5)
LON_RANGE = (94.5, 141.5)


C = TypeVar("C", bound=Code)


def parse_coded_note(value: str, code_type: type[C], field: str) -> tuple[C, str | None]:
    """`deceased`, or `other:free text` (also `lainnya: ...`): a code and an optional note."""
    code_text, separator, note = str(value).partition(":")
    code = code_type.parse(code_text, field)
    note = str(Text(field, note)) if separator else ""
    if code.value == "other" and not note:
        raise InvalidValue(
            field,
            value,
            _("Say what it was after '{other}', for example {other}:{example}.").format(
                other=code.label, example=_("the explanation")
            ),
        )
    return code, note or None


# Money and periods live in values/ (one parser each); re-exported for existing callers.
from sampingdesa.values.money import MAX_AMOUNT, format_rupiah, parse_amount  # noqa: E402
from sampingdesa.values.period import Period, parse_period  # noqa: E402

__all__ = ["MAX_AMOUNT", "Period", "format_rupiah", "parse_amount", "parse_period"]


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
