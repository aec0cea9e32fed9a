"""Money: whole Rupiah, parsed from what users type and lists hold (the one amount parser).

`Money.parse` reads `750000`, `750.000`, `Rp 750.000`, `750rb`, `1,5jt` or a number and
refuses anything negative, fractional, non-ASCII or above `MAX_AMOUNT`; sync bundles and
the form importer check amounts with the same limits.
"""

from __future__ import annotations

import re

from sampingdesa.errors import InvalidValue
from sampingdesa.i18n import _

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


def format_rupiah(amount: int | None) -> str:
    return "" if amount is None else "Rp " + f"{amount:,}".replace(",", ".")


class Money(int):
    """Whole Rupiah from 0 to `MAX_AMOUNT`; `Money.parse(text)` is the one constructor from
    typed text, `Money(number)` checks a number already parsed (a bundle's, a database's)."""

    def __new__(cls, value: str | int | float) -> Money:
        return super().__new__(cls, parse_amount(value))

    @classmethod
    def parse(cls, value: str | int | float) -> Money:
        return cls(value)

    def __str__(self) -> str:
        return format_rupiah(int(self))
