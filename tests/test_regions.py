from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sampingdesa.errors import SampingError
from sampingdesa.places import regions
from sampingdesa.places.regions import Region, idm_status, match_regions, resolve_region

HSS = regions.descendants("63.06")
DESA = [r for r in HSS if r.level in ("desa", "kelurahan")]


def test_shipped_list_has_all_of_indonesia_and_hss_counts() -> None:
    assert len(regions.national()) == 91_599
    assert sum(1 for r in HSS if r.level == "kecamatan") == 11
    assert sum(1 for r in HSS if r.level == "desa") == 144
    assert sum(1 for r in HSS if r.level == "kelurahan") == 4
    assert regions.region("62.09") == Region("62.09", "Kabupaten Lamandau")


def test_levels_follow_the_code_shape() -> None:
    assert regions.level_of("63") == "provinsi"
    assert regions.level_of("63.06") == "kabupaten"
    assert regions.level_of("63.71") == "kota"
    assert regions.level_of("63.06.05") == "kecamatan"
    assert regions.level_of("63.06.05.1001") == "kelurahan"
    assert regions.level_of("63.06.05.2005") == "desa"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Mdl. Murung Mesjid", None),  # resolved below by name
        ("mandala murung mesjid", None),
        ("MANDALA  MURUNG-MESJID", None),
        ("Telaga Bidadari", "63.06.01.2002"),
        ("telagabidadari", "63.06.01.2002"),
        ("Telaga Bidadri", "63.06.01.2002"),  # small typo
        ("Desa Hamalau", "63.06.01.2001"),
        ("6306012001", "63.06.01.2001"),
        ("63.06.01.2001", "63.06.01.2001"),
    ],
)
def test_forgiving_desa_matching(typed: str, code: str | None) -> None:
    found = match_regions(typed, DESA)
    assert len(found) == 1
    if code:
        assert found[0].code == code
    else:
        assert "Murung Mesjid" in found[0].name


def test_sei_means_sungai() -> None:
    found = match_regions("Sei Kupang", DESA)
    assert [r.name for r in found] == ["Sungai Kupang"]


def test_ambiguous_name_lists_the_choices_with_codes() -> None:
    pool = [Region("1.1.1.2001", "Baru"), Region("1.1.2.2001", "Baru")]
    with pytest.raises(SampingError) as error:
        resolve_region("baru", pool, "desa")
    assert "1.1.1.2001" in error.value.message and "1.1.2.2001" in error.value.message


def test_unknown_name_suggests_close_ones() -> None:
    with pytest.raises(SampingError) as error:
        resolve_region("Kandangan Kotaku Raya", DESA, "desa")
    assert "kandangan" in error.value.message.lower()


def test_lamandau_regency_works_the_same_way() -> None:
    lamandau = regions.descendants("62.09")
    assert any(r.level == "kecamatan" for r in lamandau)
    assert match_regions("sungai tuat", lamandau)[0].code == "62.09.01.2001"


@pytest.mark.parametrize(
    ("score", "status"),
    [(0.40, "Sangat Tertinggal"), (0.4907, "Sangat Tertinggal"), (0.55, "Tertinggal"),
     (0.65, "Berkembang"), (0.75, "Maju"), (0.8155, "Maju"), (0.82, "Mandiri")],
)  # fmt: skip
def test_idm_status_thresholds(score: float, status: str) -> None:
    assert idm_status(score) == status


@given(st.text("abcde ", max_size=30), st.text("abcde ", max_size=30))
def test_similarity_decides_a_typo_as_difflib_does(typed: str, name: str) -> None:
    """The length guard only skips comparisons difflib would score below the cut-off."""
    import difflib

    expected = bool(typed or name) and difflib.SequenceMatcher(None, typed, name).ratio() >= 0.85
    assert (regions.similarity(typed, name) >= regions.CLOSE) == expected


def test_descendants_are_the_codes_under_a_region_in_order() -> None:
    under = regions.descendants("63.06.05")
    assert [r.code for r in under] == sorted(
        c for c in regions.national() if c.startswith("63.06.05.")
    )
    under.clear()  # a caller's list is its own: the cached places are untouched
    assert regions.descendants("63.06.05")
