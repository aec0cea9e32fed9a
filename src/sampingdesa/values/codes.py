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
        member = cls._value2member_map_.get(code)  # a dict lookup: lists call this per cell
        return code if not isinstance(member, Code) else _(member.label_msgid)

    @classmethod
    def of(cls: type[C], code: str) -> C:
        """The member for a stored code (ValueError for an unknown one)."""
        member: C = cls._value2member_map_[code]  # type: ignore[assignment]
        return member

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
    DESIL_MISMATCH = (
        "desil-mismatch",
        "desil over the limit",
        ("desil-tidak-sesuai", "desil"),
    )


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
    MALE = "L", "male", ("laki-laki", "laki", "lk", "pria", "m", "1")  # 1/2: the BPS coding
    FEMALE = "P", "female", ("perempuan", "pr", "wanita", "w", "f", "2")


# -- outputs --------------------------------------------------------------------------------
class PrivacyProfile(Code):
    MASKED = "masked", "masked", ("disamarkan", "samar")
    FULL = "full", "full NIK", ("lengkap", "penuh")
    AGGREGATE = "aggregate", "counts only", ("agregat", "jumlah")


# -- pendataan: the social-problem register and the DTSEN proposals (issue 15) ---------------
class Ppks(Code):
    """The 26 kinds of PPKS (pemerlu pelayanan kesejahteraan sosial), Permensos 5/2019 (earlier
    PMKS, Permensos 8/2012), in the order of the regulation's annex."""

    ANAK_BALITA_TERLANTAR = (
        "anak-balita-terlantar",
        "neglected child under five",
        ("abt", "balita-terlantar"),
    )
    ANAK_TERLANTAR = "anak-terlantar", "neglected child", ("at",)
    ANAK_BERHADAPAN_HUKUM = ("anak-berhadapan-hukum", "child in conflict with the law", ("abh",))
    ANAK_JALANAN = "anak-jalanan", "street child", ("anjal",)
    ANAK_DISABILITAS = (
        "anak-disabilitas",
        "child with a disability",
        ("adk", "anak-dengan-disabilitas"),
    )
    ANAK_KORBAN_KEKERASAN = (
        "anak-korban-kekerasan",
        "child victim of violence or mistreatment",
        ("aktk",),
    )
    ANAK_PERLINDUNGAN_KHUSUS = (
        "anak-perlindungan-khusus",
        "child in need of special protection",
        ("ampk",),
    )
    LANSIA_TERLANTAR = (
        "lansia-terlantar",
        "neglected elderly person",
        ("lut", "lanjut-usia-terlantar"),
    )
    DISABILITAS = "disabilitas", "person with a disability", ("pd", "penyandang-disabilitas")
    TUNA_SUSILA = "tuna-susila", "sex worker", ("ts",)
    GELANDANGAN = "gelandangan", "homeless person", ("gel",)
    PENGEMIS = "pengemis", "beggar", ("peng",)
    PEMULUNG = "pemulung", "scavenger", ("pem",)
    KELOMPOK_MINORITAS = "kelompok-minoritas", "minority group", ("km",)
    BEKAS_WARGA_BINAAN = ("bekas-warga-binaan", "former prison inmate", ("bwblp", "mantan-napi"))
    ODHA = "odha", "person living with HIV/AIDS", ("hiv", "hiv-aids")
    KORBAN_NAPZA = "korban-napza", "victim of drug abuse", ("napza",)
    KORBAN_TRAFFICKING = (
        "korban-trafficking",
        "victim of human trafficking",
        ("trafficking", "kpo"),
    )
    KORBAN_KEKERASAN = "korban-kekerasan", "victim of violence", ("ktk",)
    PEKERJA_MIGRAN = (
        "pekerja-migran-bermasalah",
        "migrant worker with social problems",
        ("pmbs", "pmi"),
    )
    KORBAN_BENCANA_ALAM = "korban-bencana-alam", "victim of a natural disaster", ("kba",)
    KORBAN_BENCANA_SOSIAL = "korban-bencana-sosial", "victim of a social disaster", ("kbs",)
    PEREMPUAN_RAWAN = (
        "perempuan-rawan-sosial-ekonomi",
        "socially and economically vulnerable woman",
        ("prse",),
    )
    FAKIR_MISKIN = "fakir-miskin", "destitute poor", ("fm", "miskin")
    KELUARGA_BERMASALAH = (
        "keluarga-bermasalah-psikologis",
        "family with social and psychological problems",
        ("kbsp", "keluarga-bermasalah-sosial-psikologis"),
    )
    KOMUNITAS_ADAT_TERPENCIL = "komunitas-adat-terpencil", "remote indigenous community", ("kat",)


class Subject(Code):
    """Whom a register entry or a proposal is about."""

    PERSON = "person", "person", ("orang", "perorangan", "individu", "jiwa")
    HOUSEHOLD = "household", "household", ("rumah-tangga", "keluarga", "ruta", "kk")


class EntryStatus(Code):
    OPEN = "open", "open", ("terbuka", "buka")
    CLOSED = "closed", "closed (handled)", ("ditutup", "tutup", "selesai")


class ProposalKind(Code):
    NEW = "baru", "new entry", ("new", "usulan-baru", "tambah")
    CORRECTION = "perbaikan", "data correction", ("correction", "koreksi", "ubah")
    REMOVAL = "hapus", "removal", ("remove", "penghapusan", "keluar")


class RemovalReason(Code):
    """Why a proposal removes someone from DTSEN (the English words are the visit codes)."""

    DECEASED = "meninggal", "deceased", ("deceased", "wafat")
    MOVED = "pindah", "moved away", ("moved",)
    WELL_OFF = "mampu", "now well-off", ("well-off", "sudah-mampu")
    DUPLICATE = "ganda", "registered twice", ("duplicate", "dobel")


class ProposalStatus(Code):
    """The monthly cycle: village meeting, SIKS-NG input, ground check and BPS decision."""

    DRAFT = "draft", "draft", ("draf", "konsep")
    MUSDES = "musdes", "discussed at the village meeting", ("dibahas", "musyawarah-desa")
    SIKS_NG = "siks-ng", "entered in SIKS-NG", ("siks", "diinput", "input")
    ACCEPTED = "diterima", "accepted", ("accepted", "layak", "sesuai", "disetujui")
    REJECTED = "ditolak", "rejected", ("rejected", "tidak-layak", "tidak-sesuai")


# -- the programme catalogue (issue 10) ------------------------------------------------------
# These codes are Indonesian words already; the English labels serve --lang en.
class FundingLevel(Code):
    PUSAT = "pusat", "central government", ("nasional", "apbn", "central")
    PROVINSI = "provinsi", "province", ("apbd-provinsi", "prov")
    KABUPATEN = "kabupaten", "regency", ("kab", "kota", "apbd", "regency-city")
    DESA = "desa", "village", ("dana-desa", "village-fund")


class Cadence(Code):
    BULANAN = "bulanan", "monthly", ("per-bulan", "tiap-bulan")
    TAHAP = "tahap", "in stages", ("bertahap", "quarterly", "triwulan", "stages")
    TAHUNAN = "tahunan", "yearly", ("per-tahun", "annual", "annually")
    HARIAN = "harian", "daily", ("per-hari",)
    SEKALI = "sekali", "once", ("one-off", "sekali-saja")


class AmountUnit(Code):
    BULAN = "bulan", "per month", ("month", "monthly")
    TAHUN = "tahun", "per year", ("year", "yearly")
    HARI = "hari", "per day", ("day", "daily")
    SEKALI = "sekali", "once", ("one-off",)
    TAHAP = "tahap", "per stage", ("stage",)


# -- safety (issue 12) ----------------------------------------------------------------------
class ContactColumn(Code):
    """Columns the masked register leaves out unless asked for (`report recipients --columns`)."""

    ADDRESS = "address", "address", ("alamat",)
    RT = "rt", "RT"
    RW = "rw", "RW"
    PHONE = "phone", "phone", ("telepon", "hp", "telp", "no-hp")


# -- reports (issue 14) ------------------------------------------------------------------------
class Paper(Code):
    A4 = "a4", "A4 (210 x 297 mm)", ("a4",)
    F4 = "f4", "F4 / Folio (215 x 330 mm)", ("f4", "folio", "legal-indonesia")


# -- sync (issue 11) ------------------------------------------------------------------------
class KeepSide(Code):
    """Which side of a sync conflict to keep."""

    MINE = "mine", "mine (this database)", ("milik-saya", "saya", "punya-saya", "lokal", "local")
    THEIRS = "theirs", "theirs (the bundle)", ("milik-mereka", "mereka", "punya-mereka", "remote")


# -- programme catalogue (issue 24) ----------------------------------------------------------
class AidForm(Code):
    """The form a programme's aid takes, which decides how its amounts are checked."""

    TUNAI = "tunai", "cash", ("cash", "uang")
    NON_TUNAI = (
        "non-tunai",
        "non-cash (balance or goods)",
        ("non-cash", "nontunai", "barang", "goods", "natura"),
    )
    IURAN = "iuran", "premium paid for the family", ("premium", "premi", "bpjs")
