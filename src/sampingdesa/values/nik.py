"""NIK and No. KK: parsing, validation and masking (pure functions).

Layout of both: `PPKKCC DDMMYY SSSS`. In a NIK the date is the birth date with 40 added to
the day for women; in a No. KK it is the card's issue date. See DOMAIN.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sampingdesa.errors import InvalidValue
from sampingdesa.i18n import _

_DAMAGED = re.compile(r"^\s*[+-]?\d+(?:[.,]\d*)?\s*[eE]\s*[+-]?\d+\s*$|^\s*\d+[.,]\d+\s*$")
_SEPARATORS = re.compile(r"[\s.\-']")


@dataclass(frozen=True)
class NikInfo:
    nik: str
    kecamatan_code: str  # dotted, e.g. 63.06.05
    birth_date: dt.date
    sex: str  # "L" or "P"
    serial: str


def looks_damaged(text: str) -> bool:
    """True for a number a spreadsheet has mangled: scientific notation or a decimal part."""
    return bool(_DAMAGED.match(text))


def _clean(value: str, label: str, field: str) -> str:
    text = str(value).strip()
    if looks_damaged(text):
        raise InvalidValue(
            field,
            value,
            _(
                "{label} {value!r} was damaged by a spreadsheet (scientific notation or a "
                "decimal part); type it again as text, all 16 digits."
            ).format(label=label, value=mask_typed(text)),
        )
    digits = _SEPARATORS.sub("", text)
    if not (digits.isascii() and digits.isdigit()) or len(digits) != 16:
        raise InvalidValue(
            field,
            value,
            _("{label} {value!r} must be exactly 16 digits.").format(
                label=label, value=mask_typed(text)
            ),
        )
    return digits


def _century(year2: int, today: dt.date) -> int:
    return 2000 + year2 if 2000 + year2 <= today.year else 1900 + year2


def _date(day: int, month: int, year2: int, today: dt.date) -> dt.date | None:
    try:
        found = dt.date(_century(year2, today), month, day)
    except ValueError:
        return None
    if found > today:  # the 1900s guess for a date later this year
        try:
            found = dt.date(found.year - 100, month, day)
        except ValueError:
            return None
    return found


def kecamatan_of(number: str) -> str:
    return f"{number[0:2]}.{number[2:4]}.{number[4:6]}"


def parse_nik(
    value: str,
    kecamatan_exists: Callable[[str], bool] | None = None,
    today: dt.date | None = None,
) -> NikInfo:
    """Validate a NIK and read region, birth date and sex from it."""
    today = today or dt.date.today()
    nik = _clean(value, "NIK", "nik")
    kecamatan = kecamatan_of(nik)
    if kecamatan_exists is not None and not kecamatan_exists(kecamatan):
        raise InvalidValue(
            "nik",
            value,
            _("NIK {nik}: the first six digits ({code}) are not a known kecamatan code.").format(
                nik=mask_nik(nik), code=nik[:6]
            ),
        )
    day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "L"
    if day > 40:
        day, sex = day - 40, "P"
    birth = _date(day, month, year2, today)
    if birth is None:
        raise InvalidValue(
            "nik",
            value,
            _("NIK {nik}: digits 7-12 are not a valid birth date (day, month, year).").format(
                nik=mask_nik(nik)
            ),
        )
    serial = nik[12:]
    if serial == "0000":
        raise InvalidValue(
            "nik",
            value,
            _(
                "NIK {nik}: the last four digits are 0000, which no NIK has (a spreadsheet "
                "may have rounded it)."
            ).format(nik=mask_nik(nik)),
        )
    return NikInfo(nik, kecamatan, birth, sex, serial)


def parse_kk(
    value: str,
    kecamatan_exists: Callable[[str], bool] | None = None,
    today: dt.date | None = None,
) -> str:
    """Validate a No. KK (family card number) and return its 16 digits."""
    today = today or dt.date.today()
    kk = _clean(value, _("No. KK"), "no_kk")
    if kecamatan_exists is not None and not kecamatan_exists(kecamatan_of(kk)):
        raise InvalidValue(
            "no_kk",
            value,
            _("No. KK {kk}: the first six digits ({code}) are not a known kecamatan code.").format(
                kk=mask_nik(kk), code=kk[:6]
            ),
        )
    if _date(int(kk[6:8]), int(kk[8:10]), int(kk[10:12]), today) is None:
        raise InvalidValue(
            "no_kk",
            value,
            _("No. KK {kk}: digits 7-12 are not a valid issue date (day, month, year).").format(
                kk=mask_nik(kk)
            ),
        )
    if kk[12:] == "0000":
        raise InvalidValue(
            "no_kk",
            value,
            _("No. KK {kk}: the last four digits cannot be 0000.").format(kk=mask_nik(kk)),
        )
    return kk


def check_consistent(info: NikInfo, birth_date: dt.date | None, sex: str | None) -> None:
    """Refuse a stated birth date or sex that disagrees with the NIK, showing both."""
    # The NIK is masked and its date not repeated: the message would give the hidden digits.
    if birth_date is not None and birth_date != info.birth_date:
        raise InvalidValue(
            "birth_date",
            birth_date,
            _(
                "Birth date {given} disagrees with the birth date in NIK {nik} (digits 7-12). "
                "Check both against the KTP."
            ).format(given=birth_date.isoformat(), nik=mask_nik(info.nik)),
        )
    if sex is not None and sex != info.sex:
        raise InvalidValue(
            "sex",
            sex,
            _("Sex {given} disagrees with NIK {nik}, which says {from_nik}.").format(
                given=sex, nik=mask_nik(info.nik), from_nik=info.sex
            ),
        )


HIDDEN_DIGITS = 6  # DDMMYY: the birth date (NIK) or issue date (No. KK)


def mask_nik(nik: str | None) -> str:
    """`6306054507890001` -> `630605******0001` (16 characters): region and serial stay
    readable, the six date digits are hidden. The same for a No. KK."""
    if not nik:
        return ""
    if len(nik) != 16:
        return "*" * len(nik)
    return f"{nik[:6]}{'*' * HIDDEN_DIGITS}{nik[12:]}"


mask_kk = mask_nik


def could_be_real(value: str) -> bool:
    """True for 16 digits (separators allowed) with a valid date and serial, i.e. a number
    that may be someone's real NIK or No. KK and must not be shown whole."""
    digits = _SEPARATORS.sub("", str(value).strip())
    if not (digits.isascii() and digits.isdigit()) or len(digits) != 16:
        return False
    day, month, year2 = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if day > 40:
        day -= 40
    today = dt.date.today()
    return _date(day, month, year2, today) is not None and digits[12:] != "0000"


def mask_typed(value: str) -> str:
    """A number a user typed, for a message: always masked, even when it cannot be a NIK
    (a mistyped NIK is still nearly the real one, issue 23). Sixteen digits are masked as a
    NIK; other text holding seven or more digits keeps its first six and (past ten
    characters) its last four characters, the rest as `*`, so its length still shows; text
    with fewer digits (a name, a short code) is shown as typed."""
    text = str(value).strip()
    digits = _SEPARATORS.sub("", text)
    if digits.isascii() and digits.isdigit() and len(digits) == 16:
        return mask_nik(digits)
    if sum(c in "0123456789" for c in text) < 7:
        return text
    tail = 4 if len(text) > 10 else 0
    return text[:6] + "*" * (len(text) - 6 - tail) + text[len(text) - tail :]


_SIXTEEN_DIGITS = re.compile(r"(?<!\d)(\d{6})(\d{6})(\d{4})(?!\d)")
_ISO_DATE = re.compile(r"\b(\d{4})-\d{2}-\d{2}\b")


def mask_field_value(field: str, value: Any) -> Any:
    """A stored value (plain or JSON text) as shown beside masked NIKs: every 16-digit
    number masked, and a birth date cut to its year (it is the hidden part of the NIK)."""
    if not isinstance(value, str):
        return value
    text = _SIXTEEN_DIGITS.sub(lambda m: mask_nik(m.group(0)), value)
    if field == "birth_date":
        text = _ISO_DATE.sub(lambda m: m.group(1), text)
    return text
