"""A person's fields as value types: each parsed and checked by exactly one constructor.

`Nik`, `NoKk`, `Phone`, `Rt`, `Rw` and `DesaCode` are `str` subclasses holding the stored form
(what the database keeps and bundles carry); building one from what a user typed or a file
holds normalises it (`(0812) 3456-7890` -> `081234567890`, `3` -> `003`) or raises
`InvalidValue(field, value, sentence)`. `Person.parse(...)` builds the fields given, and is
what the recipient register, the social-problem register (pendataan), proposals (usulan),
the recipient import and the sync validator use: one rule for each field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from sampingdesa.errors import InvalidValue
from sampingdesa.i18n import _
from sampingdesa.values import nik as nik_rules
from sampingdesa.values.parsing import parse_rt_rw, parse_sex
from sampingdesa.values.text import Text
from sampingdesa.values.wilayah_codes import kecamatan_exists

KecamatanCheck = Callable[[str], bool]


def _known_kecamatan(code: str) -> bool:
    return kecamatan_exists(code)


class Nik(str):
    """A NIK: 16 ASCII digits, a known kecamatan, a valid birth date, a serial not 0000."""

    info: nik_rules.NikInfo

    def __new__(
        cls,
        value: str,
        *,
        kecamatan_exists: KecamatanCheck | None = _known_kecamatan,
        today: dt.date | None = None,
    ) -> Nik:
        info = nik_rules.parse_nik(value, kecamatan_exists, today)
        made = super().__new__(cls, info.nik)
        made.info = info
        return made

    @property
    def masked(self) -> str:
        return nik_rules.mask_nik(self)


class NoKk(str):
    """A No. KK (family card): 16 ASCII digits, a known kecamatan, a valid issue date."""

    def __new__(
        cls,
        value: str,
        *,
        kecamatan_exists: KecamatanCheck | None = _known_kecamatan,
        today: dt.date | None = None,
    ) -> NoKk:
        return super().__new__(cls, nik_rules.parse_kk(value, kecamatan_exists, today))

    @property
    def masked(self) -> str:
        return nik_rules.mask_nik(self)


_PHONE_JUNK = re.compile(r"[\s\-().]")
_PHONE = re.compile(r"\+?[0-9]{8,15}")


class Phone(str):
    """A phone number: spaces, dashes, dots and brackets dropped (`(0812) 3456-7890` is
    `081234567890`), then an optional `+` and 8 to 15 ASCII digits. A number a spreadsheet
    stored as a number gets back the leading 0 it dropped (`81234567890`)."""

    def __new__(cls, value: str | int | float) -> Phone:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            digits = str(int(value)) if float(value).is_integer() and abs(value) < 1e20 else ""
            text = "0" + digits if digits.startswith("8") else digits
        else:
            text = _PHONE_JUNK.sub("", str(value))
        if len(text) > 40 or not _PHONE.fullmatch(text):
            shown = str(value) if len(str(value)) <= 40 else str(value)[:37] + "..."
            raise InvalidValue(
                "phone", shown, _("Phone number {value!r} is not valid.").format(value=shown)
            )
        return super().__new__(cls, text)


class Rt(str):
    """RT: a number from 1 to 999, stored with three digits (`3` -> `003`)."""

    label = "RT"

    def __new__(cls, value: str | int) -> Rt:
        return super().__new__(cls, parse_rt_rw(str(value), cls.label))


class Rw(Rt):
    """RW: a number from 1 to 999, stored with three digits."""

    label = "RW"


_DESA_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}")
_DESA_DIGITS = re.compile(r"[0-9]{10}")
_CODE_SEPARATORS = re.compile(r"[ \-]")


class DesaCode(str):
    """A Kemendagri desa code, `63.06.05.2001` (ASCII digits; also written `6306052001` or
    `63 06 05 2001`, stored dotted). Whether this regency has it is a question for `places`.
    Every entry that takes a desa code (typed, in a list, in a bundle) checks its shape here."""

    def __new__(cls, value: str) -> DesaCode:
        text = str(value).strip()
        if not _DESA_CODE.fullmatch(text):
            digits = _CODE_SEPARATORS.sub("", text)
            if not _DESA_DIGITS.fullmatch(digits):
                raise InvalidValue(
                    "desa",
                    value,
                    _("{value!r} is not a desa code (like 63.06.05.2001).").format(value=text[:40]),
                )
            text = f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}"
        return super().__new__(cls, text)

    @staticmethod
    def meant(text: str) -> bool:
        """Whether `text` is given as a code rather than a name (it starts with a digit):
        desa names never do."""
        return text.strip()[:1].isdigit()


def _optional(value: str | None, make: Callable[[str], Any]) -> Any:
    """None stays None (not given); blank text is "" (given, to clear); else the type."""
    if value is None:
        return None
    if not str(value).strip():
        return ""
    return make(value)


@dataclass(frozen=True)
class Person:
    """The person fields a record carries, each typed, only those given (None: not given;
    "": given empty, to clear). `Person.parse` is the one way in from text."""

    nik: Nik | None = None
    no_kk: NoKk | str | None = None
    name: Text | None = None
    sex: str | None = None
    address: Text | str | None = None
    rt: Rt | str | None = None
    rw: Rw | str | None = None
    phone: Phone | str | None = None

    @classmethod
    def parse(
        cls,
        *,
        nik: str | None = None,
        no_kk: str | None = None,
        name: str | None = None,
        sex: str | None = None,
        address: str | None = None,
        rt: str | None = None,
        rw: str | None = None,
        phone: str | None = None,
        today: dt.date | None = None,
    ) -> Person:
        parsed_name: Text | None = None
        if name is not None:
            parsed_name = Text("name", name)
            if not parsed_name:
                raise InvalidValue("name", name, _("The name is empty."))
        parsed_nik = _optional(nik, lambda v: Nik(v, today=today)) or None
        person = cls(
            nik=parsed_nik,
            no_kk=_optional(no_kk, lambda v: NoKk(v, today=today)),
            name=parsed_name,
            sex=parse_sex(sex) if sex is not None and sex.strip() else None,
            address=_optional(address, lambda v: Text("address", v)),
            rt=_optional(rt, Rt),
            rw=_optional(rw, Rw),
            phone=_optional(phone, Phone),
        )
        if parsed_nik is not None and person.sex is not None:
            nik_rules.check_consistent(parsed_nik.info, None, person.sex)
        return person

    def columns(self) -> dict[str, str | None]:
        """The fields given, as column values (plain str; "" becomes None)."""
        return {
            f.name: (str(value) or None)
            for f in fields(self)
            if (value := getattr(self, f.name)) is not None
        }


# Per stored column: the type that checks it and gives its stored form (sync bundles and
# `sync resolve --value` check person columns of every table through these).
PERSON_COLUMNS: dict[str, Callable[[str], str]] = {
    "nik": Nik,
    "no_kk": NoKk,
    "phone": Phone,
    "rt": Rt,
    "rw": Rw,
}
