"""Issue 12's new paths under hostile input (the properties of tests/test_hostile_parsers.py):
masking of typed numbers and stored values, visible control characters, the control
character check, plausible dates, contact columns, and CSV encodings from random bytes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sampingdesa.errors import SampingError
from sampingdesa.io.tabular import Table
from sampingdesa.values.cells import visible_text
from sampingdesa.values.codes import ContactColumn
from sampingdesa.values.nik import could_be_real, mask_field_value, mask_typed
from sampingdesa.values.parsing import check_plausible_date
from sampingdesa.values.text import Text, limit_of
from tests.test_hostile_parsers import FAST, hostile, never_crashes

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@hostile
def test_mask_typed_hostile(text: str) -> None:
    shown = never_crashes(mask_typed, text)
    if shown is not None and could_be_real(text):
        digits = re.sub(r"[\s.\-']", "", text.strip())
        assert digits not in shown and shown[6:12] == "******"


@hostile
def test_mask_field_value_hostile(text: str) -> None:
    for field_name in ("nik", "no_kk", "birth_date", "name"):
        shown = never_crashes(lambda v, f=field_name: mask_field_value(f, v), text)
        assert shown is not None
        assert not re.search(r"(?<!\d)\d{6}(?!\*)\d{6}\d{4}(?!\d)", shown)
        if field_name == "birth_date":
            assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", shown)


@hostile
def test_visible_text_hostile(text: str) -> None:
    shown = visible_text(text)
    assert not _CONTROL.search(shown)


@hostile
def test_text_refuses_control_characters_hostile(text: str) -> None:
    kept = never_crashes(lambda v: Text("name", v), text)
    if kept is not None:
        assert kept == " ".join(text.split()) and not _CONTROL.search(text)
    else:
        assert _CONTROL.search(text) or len(text) > limit_of("name").max_length


@hostile
def test_contact_column_hostile(text: str) -> None:
    found = never_crashes(lambda v: ContactColumn.parse(v, "columns"), text)
    assert found is None or found in ContactColumn


@FAST
@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_check_plausible_date_hostile(day: dt.date) -> None:
    today = dt.date(2026, 11, 26)
    kept = never_crashes(lambda v: check_plausible_date(v, "date", today=today), day)
    assert (kept is not None) == (dt.date(2000, 1, 1) <= day <= today)


@FAST
@given(st.binary(max_size=400))
def test_csv_of_random_bytes_reads_or_refuses(tmp_path_factory: pytest.TempPathFactory,
                                              data: bytes) -> None:  # fmt: skip
    path = Path(tmp_path_factory.mktemp("csv")) / "acak.csv"
    path.write_bytes(b"NIK,Nama\n" + data)
    try:
        for _number, cells in Table(path).rows().rows:
            assert all(isinstance(cell, str) for cell in cells)
    except SampingError as error:
        assert error.message.strip()


def test_every_character_shown_as_a_symbol_is_one_isprintable_rejects() -> None:
    """visible_text skips printable text without looking further: that is only safe while
    no character it must picture counts as printable."""
    from sampingdesa.values.cells import _CONTROL

    assert not [
        hex(code)
        for code in range(0x110000)
        if _CONTROL.match(chr(code)) and chr(code).isprintable()
    ]
