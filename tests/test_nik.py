from __future__ import annotations

import datetime as dt

import pytest

from sampingdesa.errors import SampingError
from sampingdesa.places import regions
from sampingdesa.values.nik import check_consistent, looks_damaged, mask_nik, parse_kk, parse_nik

TODAY = dt.date(2026, 11, 25)


def parse(value: str):
    return parse_nik(value, regions.kecamatan_exists, TODAY)


def test_male_nik_gives_region_birth_date_and_sex() -> None:
    info = parse("6306051203850002")
    assert info.kecamatan_code == "63.06.05"
    assert info.birth_date == dt.date(1985, 3, 12)
    assert info.sex == "L"
    assert info.serial == "0002"


def test_female_nik_has_forty_added_to_the_day() -> None:
    info = parse("6306054507890001")
    assert info.birth_date == dt.date(1989, 7, 5)
    assert info.sex == "P"


def test_century_is_the_one_that_is_not_in_the_future() -> None:
    assert parse("6306050101100001").birth_date == dt.date(2010, 1, 1)
    assert parse("6306050101300001").birth_date == dt.date(1930, 1, 1)
    # Later this year in the 2000s would be in the future: 1926, not 2026.
    assert parse("6306051512260001").birth_date == dt.date(1926, 12, 15)


def test_spaces_and_dots_are_ignored() -> None:
    assert parse("6306 0512 0385 0002").nik == "6306051203850002"


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("630605120385000", "16"),  # too short
        ("63060512038500021", "16"),  # too long
        ("63060512038500AB", "16"),  # letters
        ("9999991203850002", "kecamatan"),  # unknown region
        ("6306053202850002", "tanggal lahir"),  # day 32 for a man
        ("6306057202850002", "tanggal lahir"),  # day 72 (32 + 40) for a woman
        ("6306053002850002", "tanggal lahir"),  # 30 February
        ("6306051203850000", "0000"),  # serial 0000
        ("6.306054507890001E+15", "rusak"),
        ("6306054507890001.0", "rusak"),
        ("6,30605E+15", "rusak"),
    ],
)
def test_invalid_niks_are_refused(value: str, fragment: str) -> None:
    with pytest.raises(SampingError) as error:
        parse(value)
    assert fragment in error.value.message


def test_damage_detection() -> None:
    assert looks_damaged("6.30605450789E+15")
    assert looks_damaged("6306054507890000.0")
    assert not looks_damaged("6306054507890001")


def test_stated_birth_date_or_sex_that_disagrees_is_refused_without_revealing_the_nik() -> None:
    info = parse("6306054507890001")
    check_consistent(info, dt.date(1989, 7, 5), "P")
    with pytest.raises(SampingError) as error:
        check_consistent(info, dt.date(1989, 7, 6), None)
    # The stated date is shown; the NIK is masked and its hidden date is not repeated.
    assert "1989-07-06" in error.value.message and "630605******0001" in error.value.message
    assert "1989-07-05" not in error.value.message and "6306054507890001" not in error.value.message
    with pytest.raises(SampingError) as error:
        check_consistent(info, None, "L")
    assert "L" in error.value.message and "P" in error.value.message


def test_kk_has_no_plus_forty_and_checks_region_and_date() -> None:
    assert parse_kk("6306052001150001", regions.kecamatan_exists, TODAY) == "6306052001150001"
    with pytest.raises(SampingError):
        parse_kk("6306054501150001", regions.kecamatan_exists, TODAY)  # day 45 is no date
    with pytest.raises(SampingError):
        parse_kk("9999992001150001", regions.kecamatan_exists, TODAY)
    with pytest.raises(SampingError):
        parse_kk("6306052001150000", regions.kecamatan_exists, TODAY)


def test_mask_keeps_region_and_serial() -> None:
    assert mask_nik("6306054507890001") == "630605******0001"
    assert mask_nik(None) == ""
    assert mask_nik("123") == "***"
