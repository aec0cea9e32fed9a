"""Every closed set of codes has labels in both languages and accepts what users type."""

from __future__ import annotations

import pytest

from sampingdesa.errors import FIELD_LABELS, InvalidValue
from sampingdesa.i18n import catalogue
from sampingdesa.values import codes

CODE_TYPES = list(codes.all_code_types())
MEMBERS = [member for code_type in CODE_TYPES for member in code_type]


def test_every_code_type_is_found() -> None:
    assert codes.Delivery in CODE_TYPES
    assert codes.LeaveReason in CODE_TYPES
    assert len(CODE_TYPES) >= 14


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: f"{type(m).__name__}.{m.value}")
def test_each_code_has_an_indonesian_label(member: codes.Code) -> None:
    assert member.label_msgid, "missing English label"
    assert member.label_msgid in catalogue(), f"no Indonesian label for {member.label_msgid!r}"


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: f"{type(m).__name__}.{m.value}")
def test_each_code_accepts_its_code_and_both_labels(member: codes.Code) -> None:
    code_type = type(member)
    assert code_type.parse(member.value, "x") is member
    assert code_type.parse(member.label_in("en").upper(), "x") is member
    assert code_type.parse(" " + member.label_in("id") + " ", "x") is member
    for word in member.words:
        assert code_type.parse(word, "x") is member


@pytest.mark.parametrize("code_type", CODE_TYPES, ids=lambda t: t.__name__)
def test_no_word_means_two_codes_of_one_type(code_type: type[codes.Code]) -> None:
    seen: dict[str, codes.Code] = {}
    for member in code_type:
        for word in member.accepted():
            assert seen.setdefault(word, member) is member, f"{word!r} is ambiguous"


@pytest.mark.parametrize(
    ("code_type", "typed", "expected"),
    [
        (codes.LeaveReason, "lulus", codes.LeaveReason.GRADUATED),
        (codes.LeaveReason, "Meninggal", codes.LeaveReason.DECEASED),
        (codes.OffTargetReason, "meninggal dunia", codes.OffTargetReason.DECEASED),
        (codes.OnTarget, "ya", codes.OnTarget.YES),
        (codes.YesNo, "tidak", codes.YesNo.NO),
        (codes.Change, "membaik", codes.Change.BETTER),
        (codes.Delivery, "diterima penuh", codes.Delivery.FULL),
        (codes.Sex, "perempuan", codes.Sex.FEMALE),
    ],
)
def test_indonesian_words(code_type: type[codes.Code], typed: str, expected: codes.Code) -> None:
    assert code_type.parse(typed, "x") is expected


def test_unknown_word_names_field_and_choices_not_a_flag() -> None:
    with pytest.raises(InvalidValue) as raised:
        codes.OffTargetReason.parse("bosan", "reason")
    error = raised.value
    assert error.field == "reason" and error.value == "bosan"
    assert "meninggal dunia" in error.message and "pindah" in error.message
    assert "--" not in error.message


def test_every_field_label_is_translated() -> None:
    missing = [label for label in FIELD_LABELS.values() if label not in catalogue()]
    assert missing == []


def test_label_of_stored_codes() -> None:
    assert codes.Delivery.label_of("full") == "diterima penuh"
    assert codes.Delivery.label_of(None) == ""
    assert codes.Delivery.label_of("legacy-code") == "legacy-code"
