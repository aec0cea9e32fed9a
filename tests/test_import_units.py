"""Pure parts of `recipient import`: headers, delimiters, encodings, names, UUIDs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sampingdesa.errors import InvalidValue
from sampingdesa.importing.columns import (
    field_for,
    find_header,
    is_numbering_row,
    normalise_header,
    parse_mapping,
)
from sampingdesa.importing.pipeline import fast_uuid4s, names_conflict
from sampingdesa.io.tabular import column_letter, detect_delimiter, detect_encoding


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("NIK", "nik"), ("No KTP", "nik"), ("Nomor Induk Kependudukan", "nik"),
        ("No. KTP", "nik"), ("Nama", "name"), ("Nama KPM", "name"),
        ("Nama Penerima", "name"), ("No KK", "no_kk"), ("NKK", "no_kk"),
        ("Nomor Kartu Keluarga", "no_kk"), ("No. KK", "no_kk"), ("Jenis Kelamin", "sex"),
        ("JK", "sex"), ("L/P", "sex"), ("L / P", "sex"), ("Tgl Lahir", "birth_date"),
        ("Tgl. Lahir", "birth_date"), ("Tanggal Lahir", "birth_date"),
        ("Tempat/Tgl Lahir", "birth_place_date"), ("Alamat", "address"), ("RT", "rt"),
        ("RW", "rw"), ("RT/RW", "rt_rw"), ("Desa", "desa"), ("Kelurahan", "desa"),
        ("Desa/Kel", "desa"), ("Desa / Kel.", "desa"), ("Kecamatan", "kecamatan"),
        ("Program", "program"), ("Jenis Bantuan", "program"), ("Komponen", "component"),
        ("No HP", "phone"), ("NO. HP", "phone"), ("No", "ignore"), ("Masalah", "ignore"),
        ("Nama Ibu Kandung", None), ("", None),
    ],
)  # fmt: skip
def test_header_synonyms(header: str, field: str | None) -> None:
    assert field_for(header) == field


def test_normalise_header_folds_punctuation_and_breaks() -> None:
    assert normalise_header("Tgl.\nLahir") == "tgl lahir"
    assert normalise_header("  Desa / Kel. ") == "desa/kel"


def test_map_overrides_and_validates() -> None:
    mapping = parse_mapping(["No Identitas=nik", "Nama Ibu=ignore"])
    assert mapping == {"no identitas": "nik", "nama ibu": "ignore"}
    assert field_for("NO IDENTITAS", mapping) == "nik"
    with pytest.raises(InvalidValue) as unknown:
        parse_mapping(["Kolom X=tanggal"])
    assert unknown.value.field == "map" and "--" not in unknown.value.message
    with pytest.raises(InvalidValue):
        parse_mapping(["tanpa sama dengan"])


def test_find_header_skips_titles_and_merges_a_sub_header() -> None:
    rows = [
        (1, ["DAFTAR PENERIMA PKH TAHAP IV 2026", "", "", "", ""]),
        (2, ["", "", "", "", ""]),
        (3, ["No", "NIK", "Nama KPM", "Alamat", ""]),
        (4, ["", "", "", "RT", "RW"]),
        (5, ["1", "6306054507890001", "Siti", "003", "001"]),
    ]
    found = find_header(rows, {})
    assert found is not None
    header, used = found
    assert used == 4
    assert header.row_number == 4
    assert header.fields == {1: "nik", 2: "name", 3: "rt", 4: "rw"}


def test_find_header_needs_a_nik_column() -> None:
    assert find_header([(1, ["Nama", "Alamat"]), (2, ["Siti", "Jl. A"])], {}) is None
    found = find_header([(1, ["Nomor", "Nama"])], {"nomor": "nik"})
    assert found is not None and found[0].fields == {0: "nik", 1: "name"}


def test_numbering_row() -> None:
    assert is_numbering_row([1, 2, 3, 4, "", ""])
    assert is_numbering_row(["1", "2", "3"])
    assert not is_numbering_row(["1", "6306054507890001", "Siti"])
    assert not is_numbering_row([1, 3, 4])


@pytest.mark.parametrize(
    ("lines", "delimiter"),
    [
        (["NIK,Nama,Desa\n", "630,Siti,Kandangan\n"], ","),
        (["NIK;Nama;Alamat\n", "630;Siti;Jl. A, No. 3\n", "631;Ahmad;Jl. B, No. 4\n"], ";"),
        (["DAFTAR PENERIMA\n", "NIK;Nama\n", "630;Siti\n"], ";"),
    ],
)
def test_detect_delimiter(lines: list[str], delimiter: str) -> None:
    assert detect_delimiter(lines) == delimiter


def test_detect_encoding(tmp_path: Path) -> None:
    utf8 = tmp_path / "a.csv"
    utf8.write_text("Nama\nNoor’aini\n", encoding="utf-8-sig")
    windows = tmp_path / "b.csv"
    windows.write_bytes("Nama\nNoor’aini – Jl. A\n".encode("cp1252"))
    latin = tmp_path / "c.csv"
    latin.write_bytes(b"Nama\nA\x81B\n")  # 0x81 is undefined in cp1252
    assert detect_encoding(utf8) == "utf-8-sig"
    assert detect_encoding(windows) == "cp1252"
    assert detect_encoding(latin) == "latin-1"


def test_column_letter() -> None:
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "ZZ", "AAA",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "conflict"),
    [
        ("Siti Aisyah", "SITI AISYAH", False),
        ("Siti Aisyah", "Siti Aisah", False),
        ("Siti Aisyah", "Siti Aisyah binti Ahmad", False),
        ("Siti Aisyah", "Aisyah Siti", False),
        ("Siti Aisyah", "Ahmad Rahman", True),
        ("Gusti Iberahim", "Masliana", True),
    ],
)
def test_names_conflict(old: str, new: str, conflict: bool) -> None:
    assert names_conflict(old, new) is conflict


def test_fast_uuids_are_version_4_and_distinct() -> None:
    uuids = fast_uuid4s(500)
    assert len(set(uuids)) == 500
    pattern = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
    assert all(pattern.match(u) for u in uuids)
