"""Every closed set of codes, each one enum with its labels and the words users type.

The code (the enum's value) is what the database, JSON and sync bundles hold: it is the
contract and never translated. `label` is the English msgid, translated through the
catalogue for screens, workbooks, forms and prompts; `words` are extra things a user may
type for it (Indonesian abbreviations, synonyms). `parse` accepts the code, the label in
either language, or one of the words, case- and space-insensitively.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import Enum
from typing import Any, TypeVar

from sampingdesa.errors import InvalidValue
from sampingdesa.i18n import _, translate_to

C = TypeVar("C", bound="Code")


def fold(text: object) -> str:
    """A typed word in the form codes are compared in: lower case, hyphens for spaces."""
    return re.sub(r"[\s_]+", "-", str(text).strip().lower()).strip("-")


class Code(str, Enum):
    """A code with an English label (a msgid) and the extra words that mean it."""

    _value_: str
    label_msgid: str
    words: tuple[str, ...]

    def __new__(cls, value: str, label: str, words: tuple[str, ...] = ()) -> Code:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label_msgid = label
        member.words = words
        return member

    def __str__(self) -> str:
        return str(self._value_)

    @property
    def label(self) -> str:
        """The label in the current language."""
        return _(self.label_msgid)

    def label_in(self, language: str) -> str:
        return translate_to(language, self.label_msgid)

    def accepted(self) -> set[str]:
        """Everything a user may type for this code, folded."""
        names = {self.value, self.label_msgid, translate_to("id", self.label_msgid), *self.words}
        return {fold(name) for name in names}

    @classmethod
    def parse(cls: type[C], value: object, field: str) -> C:
        """The member meant by `value`; `InvalidValue` naming `field` and the choices."""
        wanted = fold(value)
        for member in cls:
            if wanted in member.accepted():
                return member
        raise InvalidValue(field, value, choices=cls.choice_labels())

    @classmethod
    def choice_labels(cls) -> list[str]:
        return [member.label for member in cls]

    @classmethod
    def label_of(cls, code: str | None) -> str:
        """The label of a stored code ('' for None; an unknown code is shown as it is)."""
        if code is None:
            return ""
        for member in cls:
            if member.value == code:
                return member.label
        return code

    @classmethod
    def codes(cls) -> tuple[str, ...]:
        return tuple(member.value for member in cls)


def all_code_types() -> Iterator[type[Code]]:
    """Every code type defined here (for the completeness test and the docs)."""
    yield from _subclasses(Code)


def _subclasses(cls: type[Any]) -> Iterator[type[Code]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


# -- visits ---------------------------------------------------------------------------------
class VisitKind(Code):
    MONITORING = "monitoring", "monitoring", ("pemantauan", "monitor")
    ESCORT = "escort", "elderly escort", ("pendampingan", "pendampingan-lansia", "lansia")


class Delivery(Code):
    FULL = "full", "received in full", ("penuh", "lengkap", "diterima")
    PARTIAL = "partial", "received in part", ("sebagian", "kurang")
    NONE = "none", "not received", ("tidak", "belum-terima", "no", "tidak-diterima")
    NOT_DUE = "not-due", "not yet due", ("belum", "belum-jatuh-tempo")


class OnTarget(Code):
    YES = "yes", "on target", ("ya", "y", "tepat", "tepat-sasaran")
    NO = "no", "off target", ("tidak", "t", "n", "tidak-tepat")
    UNSURE = "unsure", "unsure", ("ragu", "ragu-ragu")


class OffTargetReason(Code):
    DECEASED = "deceased", "deceased", ("meninggal",)
    MOVED = "moved", "moved away", ("pindah",)
    WELL_OFF = "well-off", "now well-off", ("mampu",)
    CIVIL_SERVANT = (
        "civil-servant",
        "civil servant, army, police or pensioner",
        ("pns", "tni", "polri", "pensiunan", "asn"),
    )
    DUPLICATE = "duplicate", "registered twice", ("ganda",)
    NOT_FOUND = "not-found", "not found at the address", ("tidak-ditemukan",)
    OTHER = "other", "other reason", ("lainnya", "lain")


class Problem(Code):
    CARD_BLOCKED = "card-blocked", "card blocked", ("kartu-diblokir", "diblokir")
    DEDUCTED = "deducted", "cut by a third party", ("dipotong", "potongan")
    WRONG_NAME = "wrong-name", "wrong name", ("salah-nama",)
    NOT_DISBURSED = "not-disbursed", "not yet disbursed", ("belum-cair",)
    OTHER = "other", "other problem", ("lainnya", "lain")


class Change(Code):
    BETTER = "better", "better", ("membaik", "lebih-baik")
    SAME = "same", "unchanged", ("sama", "tetap")
    WORSE = "worse", "worse", ("memburuk", "lebih-buruk")


class Aspect(Code):
    INCOME = "income", "income", ("penghasilan", "pendapatan")
    WORK = "work", "work", ("pekerjaan", "kerja")
    HOUSING = "housing", "housing", ("rumah", "tempat-tinggal")
    SCHOOLING = "schooling", "children's schooling", ("sekolah", "pendidikan")
    HEALTH = "health", "health", ("kesehatan",)


class YesNo(Code):
    YES = "yes", "yes", ("ya", "y", "iya")
    NO = "no", "no", ("tidak", "t", "n", "tdk")


# -- findings -------------------------------------------------------------------------------
class FindingKind(Code):
    NOT_RECEIVED = "not-received", "aid not received", ("tidak-diterima", "belum-diterima")
    PARTIAL = "partial", "aid received in part", ("sebagian",)
    OFF_TARGET = "off-target", "off target", ("tidak-tepat-sasaran", "salah-sasaran")
    WORSE = "worse", "situation worse", ("memburuk",)
    REFERRAL = "referral", "needs referral", ("rujukan", "perlu-rujukan")


class FindingStatus(Code):
    OPEN = "open", "open", ("terbuka", "buka")
    RESOLVED = "resolved", "resolved", ("selesai", "tuntas", "ditutup")


# -- the register ---------------------------------------------------------------------------
class EnrollmentState(Code):
    ACTIVE = "active", "active", ("aktif",)
    GRADUATED = "graduated", "graduated", ("graduasi", "lulus")
    STOPPED = "stopped", "stopped", ("berhenti",)


class LeaveReason(Code):
    GRADUATED = "graduated", "graduated", ("graduasi", "lulus", "mandiri")
    STOPPED = "stopped", "stopped", ("berhenti",)
    DECEASED = "deceased", "deceased", ("meninggal",)
    MOVED = "moved", "moved away", ("pindah",)
    INELIGIBLE = "ineligible", "no longer eligible", ("tidak-layak", "tidak-memenuhi-syarat")
    OTHER = "other", "other reason", ("lainnya", "lain")


class Sex(Code):
    MALE = "L", "male", ("laki-laki", "lk", "pria", "m")
    FEMALE = "P", "female", ("perempuan", "pr", "wanita", "f")


# -- outputs --------------------------------------------------------------------------------
class PrivacyProfile(Code):
    MASKED = "masked", "masked", ("disamarkan", "samar")
    FULL = "full", "full NIK", ("lengkap", "penuh")
    AGGREGATE = "aggregate", "counts only", ("agregat", "jumlah")


# -- sync (issue 11) ------------------------------------------------------------------------
class KeepSide(Code):
    """Which side of a sync conflict to keep."""

    MINE = "mine", "mine (this database)", ("milik-saya", "saya", "punya-saya", "lokal", "local")
    THEIRS = "theirs", "theirs (the bundle)", ("milik-mereka", "mereka", "punya-mereka", "remote")
