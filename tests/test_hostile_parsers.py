"""Hostile input for every parser a user reaches: arbitrary text (control characters, huge
strings, any Unicode) gives a value or the project's own `SampingError`, never anything else.
Round trips where they are natural (a generated NIK reads back to its date and sex)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sampingdesa.errors import SampingError
from sampingdesa.importing import columns as import_columns
from sampingdesa.places import regions
from sampingdesa.places.laptop import resolve_desa, resolve_kecamatan
from sampingdesa.register import programs
from sampingdesa.store.db import open_db
from sampingdesa.values import codes, nik, parsing
from sampingdesa.visits import recording as visits
from sampingdesa.visits import rules as visit_values

pytestmark = pytest.mark.slow  # fuzz: every parser, hundreds of generated inputs each

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))  # generated inputs per parser
FAST = settings(max_examples=EXAMPLES, deadline=None)
WITH_DB = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# Text a user, a typist or a broken spreadsheet can produce: any code point (surrogates
# excluded, they cannot reach us through a terminal or a file), control characters included.
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
DIGITISH = st.lists(
    st.sampled_from([*"0123456789 .-,/:;+eE'²³¹٣०０T\t\n\x00", "rb", "jt", "Rp"]),
    max_size=40,
).map("".join)
HOSTILE = st.one_of(ANY_TEXT, DIGITISH, st.text(max_size=30).map(lambda s: s * 200))

# A few known nasties, tried on every parser on top of the generated ones.
NASTY = [
    "",
    " ",
    "\x00",
    "\r\n",
    "²" * 16,
    "٦٣٠٦٠٥٤٥٠٧٨٩٠٠٠١",  # Arabic-Indic digits
    "６３０６０５４５０７８９０００１",  # full-width digits
    "9" * 5000,
    "0000-01",
    "9999-12",
    "9999-12-31",
    "0000-00-00",
    "1e400",
    "nan",
    "inf,inf",
    "-inf",
    "NEAR(",
    '"*',
    "Robert'); DROP TABLE recipients;--",
    "x" * 100_000,
    "~nosuchuser/photo.jpg",
]


def never_crashes(parse: Callable[[Any], Any], value: Any) -> Any:
    """Call a parser: a value or `SampingError`; anything else fails the test."""
    try:
        return parse(value)
    except SampingError as error:
        assert error.message.strip(), "an error needs a message"
        return None


def hostile(test: Callable[..., None]) -> Callable[..., None]:
    """`@given(HOSTILE)` with the shared nasties as explicit examples."""
    for value in NASTY:
        test = example(value)(test)
    return FAST(given(HOSTILE)(test))


# -- NIK and No. KK -------------------------------------------------------------------------
@hostile
def test_parse_nik_hostile(text: str) -> None:
    info = never_crashes(lambda v: nik.parse_nik(v, regions.kecamatan_exists), text)
    if info is not None:
        assert len(info.nik) == 16 and info.nik.isascii() and info.nik.isdigit()
        assert info.sex in ("L", "P")


@hostile
def test_parse_kk_hostile(text: str) -> None:
    kk = never_crashes(lambda v: nik.parse_kk(v, regions.kecamatan_exists), text)
    if kk is not None:
        assert len(kk) == 16 and kk.isascii() and kk.isdigit()


@hostile
def test_mask_nik_hostile(text: str) -> None:
    masked = nik.mask_nik(text)
    if len(text) == 16:
        assert masked == text[:6] + "*" * 6 + text[12:]
    else:
        assert masked == "*" * len(text)


KECAMATAN = sorted(c.replace(".", "") for c in regions.national() if c.count(".") == 2)


@st.composite
def valid_nik(draw: st.DrawFn) -> tuple[str, dt.date, str]:
    today = dt.date.today()
    born = draw(st.dates(min_value=today.replace(year=today.year - 99), max_value=today))
    sex = draw(st.sampled_from("LP"))
    serial = draw(st.integers(1, 9999))
    day = born.day + (40 if sex == "P" else 0)
    code = draw(st.sampled_from(KECAMATAN))
    text = f"{code}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"
    return text, born, sex


@FAST
@given(valid_nik(), st.sampled_from(["{}", " {} ", "{}.{}.{}", "'{}", "{} {} {}", "{}-{}-{}"]))
def test_valid_nik_round_trip(generated: tuple[str, dt.date, str], layout: str) -> None:
    text, born, sex = generated
    parts = [text] if layout.count("{}") == 1 else [text[:6], text[6:12], text[12:]]
    typed = layout.format(*parts)
    info = nik.parse_nik(typed, regions.kecamatan_exists)
    assert (info.nik, info.birth_date, info.sex) == (text, born, sex)
    assert nik.parse_kk(text.replace(text[6:12], f"{born:%d%m%y}"), regions.kecamatan_exists)
    masked = nik.mask_nik(info.nik)
    assert masked[:6] == text[:6] and masked[-4:] == text[-4:]
    assert masked[6:12] == "*" * 6 and text[6:12] not in masked[:12].replace(text[:6], "", 1)


# -- dates, months, sex, RT/RW --------------------------------------------------------------
@hostile
def test_parse_date_hostile(text: str) -> None:
    never_crashes(parsing.parse_date, text)


@FAST
@given(st.dates(), st.sampled_from(["{:%Y-%m-%d}", "{:%d-%m-%Y}", "{:%d/%m/%Y}"]))
def test_parse_date_round_trip(day: dt.date, layout: str) -> None:
    text = layout.format(day)
    if day.year < 1000:  # %Y does not pad before year 1000 on every platform
        return
    assert parsing.parse_date(text) == day


@hostile
def test_parse_month_hostile(text: str) -> None:
    found = never_crashes(parsing.parse_month, text)
    if found is not None:
        first, last = found
        assert parsing.FIRST_YEAR <= first.year <= parsing.LAST_YEAR
        assert (
            first.day == 1
            and first <= last
            and (first.year, first.month)
            == (
                last.year,
                last.month,
            )
        )


@FAST
@given(st.integers(1, 9999), st.integers(1, 12))
def test_parse_month_every_month(year: int, month: int) -> None:
    found = never_crashes(parsing.parse_month, f"{year:04d}-{month:02d}")
    if found is not None:
        assert found[0] == dt.date(year, month, 1)


@hostile
def test_parse_sex_hostile(text: str) -> None:
    assert never_crashes(parsing.parse_sex, text) in (None, "L", "P")


@hostile
def test_parse_rt_rw_hostile(text: str) -> None:
    found = never_crashes(lambda v: parsing.parse_rt_rw(v, "RT"), text)
    if found is not None:
        assert len(found) == 3 and found.isascii() and found.isdigit()


@FAST
@given(st.integers(1, 999))
def test_rt_rw_round_trip(number: int) -> None:
    assert parsing.parse_rt_rw(str(number), "RW") == f"{number:03d}"


# -- visit values ---------------------------------------------------------------------------
@hostile
def test_parse_amount_hostile(text: str) -> None:
    amount = never_crashes(visit_values.parse_amount, text)
    if amount is not None:
        assert isinstance(amount, int) and 0 <= amount < 2**63  # fits an SQLite INTEGER


@FAST
@given(st.one_of(st.floats(), st.integers(-(2**70), 2**70)))
def test_parse_amount_numbers(number: float) -> None:
    amount = never_crashes(visit_values.parse_amount, number)
    if amount is not None:
        assert 0 <= amount < 2**63


@FAST
@given(st.integers(0, 10**12))
def test_amount_round_trip(amount: int) -> None:
    assert visit_values.parse_amount(str(amount)) == amount
    assert visit_values.parse_amount(visit_values.format_rupiah(amount)) == amount


@hostile
def test_parse_period_hostile(text: str) -> None:
    period = never_crashes(visit_values.parse_period, text)
    if period is not None:
        assert period.start <= period.end


@hostile
def test_parse_gps_hostile(text: str) -> None:
    found = never_crashes(visit_values.parse_gps, text)
    if found is not None:
        lat, lon = found
        assert -11.5 <= lat <= 6.5 and 94.5 <= lon <= 141.5


@hostile
def test_parse_delivery_hostile(text: str) -> None:
    never_crashes(visit_values.parse_delivery, text)


@FAST
@given(st.lists(ANY_TEXT, min_size=3, max_size=4).map(":".join))
def test_parse_delivery_shaped_hostile(text: str) -> None:
    never_crashes(visit_values.parse_delivery, text)


@hostile
def test_coded_answers_hostile(text: str) -> None:
    for code_type in codes.all_code_types():
        never_crashes(lambda v, c=code_type: c.parse(v, "x"), text)
    for code_type in (codes.OffTargetReason, codes.Problem):
        never_crashes(lambda v, c=code_type: visit_values.parse_coded_note(v, c, "x"), text)


# -- regions --------------------------------------------------------------------------------
KANDANGAN = [regions.Region(c, n) for c, n in regions.national().items() if c.startswith("63.06.")]


@hostile
def test_match_and_resolve_region_hostile(text: str) -> None:
    assert isinstance(regions.match_regions(text, KANDANGAN), list)
    never_crashes(lambda v: regions.resolve_region(v, KANDANGAN, "desa"), text)


@pytest.fixture
def conn(initialised: Path) -> Iterator[sqlite3.Connection]:
    connection = open_db(initialised)
    yield connection
    connection.close()


@WITH_DB
@given(HOSTILE)
@example("Kandangan Kota")
@example("%")
@example("_")
@example("' OR 1=1 --")
def test_resolve_desa_and_kecamatan_hostile(conn: sqlite3.Connection, text: str) -> None:
    never_crashes(lambda v: resolve_desa(conn, v), text)
    never_crashes(lambda v: resolve_desa(conn, "Kandangan Kota", v), text)
    never_crashes(lambda v: resolve_kecamatan(conn, v), text)


def test_resolve_desa_round_trip(conn: sqlite3.Connection) -> None:
    for code, name in conn.execute("SELECT code, name FROM regions WHERE level = 'desa'"):
        assert resolve_desa(conn, code).code == code
        assert resolve_desa(conn, name.lower(), code.rsplit(".", 1)[0]).code == code


# -- programme codes, photos, --map ---------------------------------------------------------
@WITH_DB
@given(HOSTILE)
@example("pkh")
@example("%")
@example("BPNT' --")
def test_programme_code_hostile(conn: sqlite3.Connection, text: str) -> None:
    found = never_crashes(lambda v: programs.get_program(conn, v), text)
    if found is not None:
        assert found.code == programs.normalise_code(text)


@hostile
def test_photo_path_hostile(text: str) -> None:
    never_crashes(lambda v: visits._photo_rows([Path(v)]), text)


def test_photo_path_round_trip(tmp_path: Path) -> None:
    photo = tmp_path / "Foto kunjungan ñ" / "rumah é.jpg"
    photo.parent.mkdir()
    photo.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    (row,) = visits._photo_rows([photo])
    # Issue 23: never an absolute path; outside the current and home folders, the name.
    assert row["path"] == "rumah é.jpg" and len(row["sha256"]) == 64


@FAST
@given(st.lists(HOSTILE, max_size=4))
@example(["="])
@example(["=nik"])
@example(["No KTP=nik", "Nama Ibu=ignore"])
@example(["a=b=c"])
def test_map_spec_hostile(items: list[str]) -> None:
    mapping = never_crashes(import_columns.parse_mapping, items)
    if mapping is not None:
        assert set(mapping.values()) <= set(import_columns.FIELDS)


@FAST
@given(st.lists(st.one_of(ANY_TEXT, st.none(), st.integers(), st.floats()), max_size=12))
def test_header_detection_hostile(cells: list[Any]) -> None:
    mapping = import_columns.parse_mapping(["No KTP=nik"])
    import_columns.is_header_row(cells, mapping)
    import_columns.is_numbering_row(cells)
    import_columns.find_header([(1, cells), (2, cells)], mapping)
    for cell in cells:
        import_columns.field_for(cell, mapping)
