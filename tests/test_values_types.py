"""The value types of issue 22, each at its own layer: one constructor, one set of limits."""

from __future__ import annotations

import datetime as dt

import pytest

from sampingdesa.errors import InvalidValue
from sampingdesa.values.money import MAX_AMOUNT, Money
from sampingdesa.values.nip import Nip
from sampingdesa.values.period import parse_period
from sampingdesa.values.person import DesaCode, Nik, NoKk, Person, Phone, Rt, Rw
from sampingdesa.values.text import (
    DEFAULT_LIMIT,
    FIELD_LIMITS,
    TEXT_CEILING,
    Text,
    TextKind,
    limit_of,
    text_problem,
)
from tests.conftest import KK, NIK_MAN, NIK_WOMAN

TODAY = dt.date(2026, 10, 15)
FULL_WIDTH = "６３０６０５４５０７８９０００１"  # NIK_WOMAN in full-width digits
ARABIC_INDIC = "٦٣٠٦٠٥٤٥٠٧٨٩٠٠٠١"


# -- Text -------------------------------------------------------------------------------------
def test_every_limit_fits_in_a_bundle() -> None:
    assert all(limit.max_length <= TEXT_CEILING for limit in FIELD_LIMITS.values())
    assert DEFAULT_LIMIT.max_length <= TEXT_CEILING


@pytest.mark.parametrize(
    "value",
    ["Siti\x1b[2J", "Siti\x07", "Siti\x00", "a\rb", "\u202eitiS", "x\x9b31m"],
    ids=["ESC", "BEL", "NUL", "CR", "bidi override", "C1 CSI"],
)
@pytest.mark.parametrize("field", ["name", "address", "office_name", "description", "notes"])
def test_control_characters_refused_in_every_text_field(field: str, value: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        Text(field, value)
    assert caught.value.field == field
    assert "\x1b" not in caught.value.message and "\x07" not in caught.value.message


@pytest.mark.parametrize("field", ["name", "address", "office_name", "reason", "unknown_field"])
def test_the_field_limit_is_the_one_in_the_table(field: str) -> None:
    limit = limit_of(field).max_length
    assert Text(field, "a" * limit) == "a" * limit
    with pytest.raises(InvalidValue) as caught:
        Text(field, "a" * (limit + 1))
    assert str(limit) in caught.value.message
    assert len(repr(caught.value.value)) < 100  # the message does not carry the whole text


def test_100000_characters_are_refused_and_the_bundle_check_agrees() -> None:
    huge = "a" * 100_000
    with pytest.raises(InvalidValue):
        Text("name", huge)
    assert text_problem("name", huge) is not None
    assert text_problem("name", "Siti Aisyah") is None


def test_line_folds_whitespace_and_ident_takes_only_id_characters() -> None:
    assert Text("name", "  Siti \t  Aisyah \n") == "Siti Aisyah"
    assert limit_of("laptop_id").kind is TextKind.IDENT
    assert Text("laptop_id", "3f2a-91bc") == "3f2a-91bc"
    with pytest.raises(InvalidValue):
        Text("laptop_id", "3f2a 91bc")


# -- person fields ----------------------------------------------------------------------------
def test_nik_and_no_kk() -> None:
    nik = Nik(NIK_WOMAN)
    assert nik == NIK_WOMAN and nik.info.sex == "P" and nik.masked == "630605******0001"
    assert Nik("6306 0545 0789 0001") == NIK_WOMAN
    assert NoKk(KK) == KK
    for bad in ("123", FULL_WIDTH, ARABIC_INDIC, "6306054507890000", "abc"):
        with pytest.raises(InvalidValue):
            Nik(bad)
    with pytest.raises(InvalidValue) as caught:
        NoKk("abc")
    assert caught.value.field == "no_kk"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("(0812) 3456-7890", "081234567890"),
        ("0812 3456 7890", "081234567890"),
        ("0812.3456.7890", "081234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        (81234567890, "081234567890"),  # a spreadsheet number lost its 0
        (81234567890.0, "081234567890"),
    ],
)
def test_phone_one_normalisation(typed: object, stored: str) -> None:
    assert Phone(typed) == stored  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "typed",
    ["０８１２３４５６７８９０", "٠٨١٢٣٤٥٦٧٨٩٠", "0812", "0812-abc-7890", "1" * 16, "+" * 9],
)
def test_phone_refused(typed: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        Phone(typed)
    assert caught.value.field == "phone"


def test_rt_rw_and_desa_code() -> None:
    assert Rt("3") == "003" and Rw("012") == "012"
    for bad in ("0", "1000", "３", "abc"):
        with pytest.raises(InvalidValue):
            Rt(bad)
    assert DesaCode("63.06.05.2001") == "63.06.05.2001"
    assert DesaCode("6306052001") == DesaCode(" 63 06 05 2001") == "63.06.05.2001"
    assert DesaCode.meant("63.06.5.1004") and not DesaCode.meant("Kandangan Kota")
    for bad in ("63.06.05", "６3.06.05.2001", "63.06.05.2001\x1b", "63.06.5.1004", "63.06.05.10O4"):
        with pytest.raises(InvalidValue):
            DesaCode(bad)


def test_person_parses_only_what_was_given() -> None:
    person = Person.parse(name=" Siti  Aisyah ", nik=NIK_WOMAN, phone="(0812) 3456-7890", rt="3")
    assert person.columns() == {
        "nik": NIK_WOMAN, "name": "Siti Aisyah", "phone": "081234567890", "rt": "003",
    }  # fmt: skip
    assert Person.parse(address="", rt="").columns() == {"address": None, "rt": None}
    with pytest.raises(InvalidValue):
        Person.parse(nik=NIK_MAN, sex="P")  # the NIK says L
    with pytest.raises(InvalidValue):
        Person.parse(name="   ")


# -- NIP --------------------------------------------------------------------------------------
def test_nip_plausible() -> None:
    assert Nip("19700101 199003 1 005", today=TODAY) == "197001011990031005"
    assert Nip("19700101.199003.1.005", today=TODAY) == "197001011990031005"


@pytest.mark.parametrize(
    "typed",
    [
        "000000000000000000",  # all zeros: no birth date
        "197001011990131005",  # appointed in month 13
        "197013011990031005",  # born in month 13
        "197001011980031005",  # appointed at 10
        "197001012030031005",  # appointed in the future
        "１９７００１０１１９９００３１００５",  # full-width
        "١٩٧٠٠١٠١١٩٩٠٠٣١٠٠٥",  # Arabic-Indic
        "¹⁹⁷⁰⁰¹⁰¹¹⁹⁹⁰⁰³¹⁰⁰⁵",  # superscript
        "12345",
    ],
)
def test_nip_refused(typed: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        Nip(typed, field="head_nip", today=TODAY)
    assert caught.value.field == "head_nip"


# -- money and periods ------------------------------------------------------------------------
def test_money_and_period() -> None:
    assert Money("Rp 750.000") == 750_000 and str(Money("750rb")) == "Rp 750.000"
    for bad in ("-5", "١٢٣", MAX_AMOUNT + 1, "1,5"):
        with pytest.raises(InvalidValue):
            Money(bad)
    assert parse_period("2026-T4").months == 3


# Input fields whose stored column has another name: the two limits must be equal, so what
# a bundle may carry in the column is exactly what the command line stores there.
INPUT_TO_COLUMN = [
    ("facility", "escort_facility"), ("purpose", "escort_purpose"),
    ("transport", "escort_transport"), ("result", "escort_result"),
    ("problem", "problem_note"), ("reason", "off_target_note"), ("reason", "deleted_reason"),
    ("reason", "rejection_reason"), ("note", "close_note"), ("note", "resolution_note"),
    ("note", "reopen_note"), ("assistant", "name"),
]  # fmt: skip


@pytest.mark.parametrize(("given", "column"), INPUT_TO_COLUMN)
def test_an_input_and_its_column_have_one_limit(given: str, column: str) -> None:
    assert limit_of(given) == limit_of(column)


@pytest.mark.parametrize(
    "key", ["office_name", "office_address", "place", "head_title", "head_name",
            "preparer_title", "preparer_name"],
)  # fmt: skip
def test_every_report_setting_fits_the_settings_column(key: str) -> None:
    assert limit_of(key).max_length <= limit_of("value").max_length
