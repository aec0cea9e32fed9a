"""NIK and No. KK: parsing, validation and masking (pure functions).

Layout of both: `PPKKCC DDMMYY SSSS`. In a NIK the date is the birth date with 40 added to
the day for women; in a No. KK it is the card's issue date. See DOMAIN.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

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
            ).format(label=label, value=text),
        )
    digits = _SEPARATORS.sub("", text)
    if not (digits.isascii() and digits.isdigit()) or len(digits) != 16:
        raise InvalidValue(
            field,
            value,
            _("{label} {value!r} must be exactly 16 digits.").format(label=label, value=text),
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
                nik=nik, code=nik[:6]
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
            _("NIK {nik}: digits 7-12 ({digits}) are not a valid birth date.").format(
                nik=nik, digits=nik[6:12]
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
            ).format(nik=nik),
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
                kk=kk, code=kk[:6]
            ),
        )
    if _date(int(kk[6:8]), int(kk[8:10]), int(kk[10:12]), today) is None:
        raise InvalidValue(
            "no_kk",
            value,
            _("No. KK {kk}: digits 7-12 ({digits}) are not a valid issue date.").format(
                kk=kk, digits=kk[6:12]
            ),
        )
    if kk[12:] == "0000":
        raise InvalidValue(
            "no_kk", value, _("No. KK {kk}: the last four digits cannot be 0000.").format(kk=kk)
        )
    return kk


def check_consistent(info: NikInfo, birth_date: dt.date | None, sex: str | None) -> None:
    """Refuse a stated birth date or sex that disagrees with the NIK, showing both."""
    if birth_date is not None and birth_date != info.birth_date:
        raise InvalidValue(
            "birth_date",
            birth_date,
            _(
                "Birth date {given} disagrees with NIK {nik}, which says {from_nik}. "
                "Check both against the KTP."
            ).format(given=birth_date.isoformat(), nik=info.nik, from_nik=info.birth_date),
        )
    if sex is not None and sex != info.sex:
        raise InvalidValue(
            "sex",
            sex,
            _("Sex {given} disagrees with NIK {nik}, which says {from_nik}.").format(
                given=sex, nik=info.nik, from_nik=info.sex
            ),
        )


def mask_nik(nik: str | None) -> str:
    """`6306054507890001` -> `630605********0001`: region and serial stay readable."""
    if not nik:
        return ""
    if len(nik) != 16:
        return "*" * len(nik)
    return f"{nik[:6]}********{nik[12:]}"
