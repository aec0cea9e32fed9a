"""Broken files for every importer: each is refused with a clear Indonesian message on stderr
(exit 1, no traceback) and changes nothing. Paths with spaces and non-ASCII characters work."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from tests.conftest import NIK_WOMAN, snapshot

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
EXCEL_LAST_ROW = 1_048_576

IMPORTERS: dict[str, tuple[str, ...]] = {
    "recipient": ("recipient", "import"),
    "visit": ("visit", "import"),
    "idm": ("wilayah", "idm", "import"),
}
CASES = ("text", "image", "truncated", "empty", "encrypted", "huge", "bad-bytes-csv", "empty-csv")

# What each message must say (Indonesian), beyond being on stderr without a traceback.
EXPECTED = {
    "encrypted": "kata sandi",
    "empty": "kosong",
    "huge": "1.048.576",
}


def folder(tmp_path: Path) -> Path:
    place = tmp_path / "Data Bansos ñ"
    place.mkdir(exist_ok=True)
    return place


def recipient_list(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["No", "NIK", "Nama", "Desa", "Alamat", "RT", "RW"])
    sheet.append([1, NIK_WOMAN, "Siti Aisyah", "Kandangan Kota", "Jl. Merdeka é", "1", "2"])
    workbook.save(path)
    return path


def idm_list(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["desa", "year", "IKS", "IKE", "IKL"])
    sheet.append(["Kandangan Kota", 2024, 0.8, 0.7, 0.6])
    workbook.save(path)
    return path


def visit_form(cli: Callable[..., Any], path: Path) -> Path:
    result = cli("visit", "template", "--month", "2026-10", "-o", str(path))
    assert result.exit_code == 0, result.output
    return path


def good_file(kind: str, cli: Callable[..., Any], path: Path) -> Path:
    if kind == "recipient":
        return recipient_list(path)
    if kind == "idm":
        return idm_list(path)
    return visit_form(cli, path)


def broken(case: str, good: Path) -> Path:
    place = good.parent
    if case == "text":
        target = place / "bukan spreadsheet é.xlsx"
        target.write_text("NIK,Nama\n6306054507890001,Siti\n", encoding="utf-8")
    elif case == "image":
        target = place / "foto rumah.xlsx"
        target.write_bytes(PNG)
    elif case == "truncated":
        target = place / "daftar terpotong é.xlsx"
        target.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif case == "empty":
        target = place / "kosong é.xlsx"
        target.write_bytes(b"")
    elif case == "encrypted":
        target = place / "berkata sandi é.xlsx"
        target.write_bytes(OLE2 + b"\x00" * 504 + bytes(range(256)) * 8)
    elif case == "huge":
        target = place / "sejuta baris é.xlsx"
        workbook = load_workbook(good)
        workbook.worksheets[0].cell(row=EXCEL_LAST_ROW, column=1, value="x")
        workbook.save(target)
    elif case == "bad-bytes-csv":
        target = place / "rusak é.csv"
        target.write_bytes(b"\xff\xfe\x00garbage\x00\x81\x8d\r\n\xc3(\xa0\xa1")
    else:  # empty-csv
        target = place / "kosong é.csv"
        target.write_bytes(b"")
    return target


def assert_refused(result: Any, db: Path, before: dict[str, Any], expected: str = "") -> None:
    assert result.exit_code == 1, result.output
    assert result.stderr.strip(), "the reason goes to stderr"
    assert "Traceback" not in result.output + result.stderr
    assert expected in result.stderr
    assert snapshot(db) == before


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("kind", list(IMPORTERS))
def test_broken_files_are_refused_and_change_nothing(
    cli: Callable[..., Any], registered: Path, tmp_path: Path, kind: str, case: str
) -> None:
    if kind == "visit":
        # a form with a due recipient, so the good file holds a real row
        result = cli("recipient", "list")
        assert result.exit_code == 0
    good = good_file(kind, cli, folder(tmp_path) / f"daftar penerima é {kind}.xlsx")
    target = broken(case, good)
    before = snapshot(registered)
    result = cli(*IMPORTERS[kind], str(target))
    assert_refused(result, registered, before, EXPECTED.get(case, ""))


@pytest.mark.parametrize("kind", list(IMPORTERS))
def test_good_file_in_a_non_ascii_folder_with_spaces_imports(
    cli: Callable[..., Any], registered: Path, tmp_path: Path, kind: str
) -> None:
    good = good_file(kind, cli, folder(tmp_path) / f"daftar penerima é {kind}.xlsx")
    if kind == "visit":
        before = snapshot(registered)
        result = cli(*IMPORTERS[kind], str(good))  # an unfilled form: nothing to record
        assert result.exit_code == 0, result.output + result.stderr
        assert snapshot(registered) == before
        return
    result = cli(*IMPORTERS[kind], str(good))
    assert result.exit_code == 0, result.output + result.stderr
    if kind == "idm":
        assert len(snapshot(registered)["idm"]) == 1
    else:
        assert "Jl. Merdeka é" in cli("recipient", "show", NIK_WOMAN).output


def test_csv_with_mixed_encodings_imports_or_refuses_cleanly(
    cli: Callable[..., Any], initialised: Path, tmp_path: Path
) -> None:
    target = folder(tmp_path) / "campuran é.csv"
    target.write_bytes(
        b"NIK;Nama;Desa;Alamat\n"
        + f"{NIK_WOMAN};Siti Aisyah;Kandangan Kota;Jl. Café\n".encode()
        + "6306051203850002;Ahmad Rahman;Kandangan Kota;Jl. Café\n".encode("cp1252")
    )
    result = cli("recipient", "import", str(target))
    assert "Traceback" not in result.output + result.stderr
    # Mostly UTF-8 with a Windows-1252 line: refused naming the line (issue 12), not misread.
    assert result.exit_code == 1 and "baris 3" in result.stderr, result.stderr
    result = cli("recipient", "import", str(target), "--encoding", "cp1252")
    assert result.exit_code == 0, result.stderr  # the user's choice: cp1252 reads every byte
    shown = cli("recipient", "list").output
    assert "Siti Aisyah" in shown and "Ahmad Rahman" in shown


# -- sync bundles (tests/test_sync.py covers not-zip, image, truncated, altered, newer) ------
def _bundle(cli: Callable[..., Any], tmp_path: Path) -> Path:
    target = folder(tmp_path) / "bundel penerima é.zip"
    result = cli("sync", "export", "-o", str(target))
    assert result.exit_code == 0, result.output + result.stderr
    return target


def _rewrite(source: Path, target: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for item in original.namelist():
            content = original.read(item)
            copy.writestr(item, change(content) if item == member else content)
    return target


@pytest.mark.parametrize(
    "case", ["empty", "encrypted", "bad-format", "manifest-list", "bad-checksum", "rows-junk"]
)
def test_broken_bundles_are_refused_and_change_nothing(
    cli: Callable[..., Any], registered: Path, tmp_path: Path, case: str
) -> None:
    good = _bundle(cli, tmp_path)
    other = tmp_path / "lain.db"
    assert (
        cli("--db", str(other), "init", "--assistant", "Budi", "--desa", "Hamalau").exit_code == 0
    )
    bad = good.parent / f"rusak {case} é.zip"
    if case == "empty":
        bad.write_bytes(b"")
    elif case == "encrypted":
        bad.write_bytes(OLE2 + b"\x00" * 1024)
    elif case == "bad-format":
        _rewrite(good, bad, "manifest.json", lambda b: b.replace(b'"format": 3', b'"format": "x"'))
    elif case == "manifest-list":
        _rewrite(good, bad, "manifest.json", lambda b: b"[1, 2, 3]")
    elif case == "bad-checksum":
        _rewrite(good, bad, "log.jsonl", lambda b: b + b'{"x": 1}\n')
    else:
        _rewrite(good, bad, "data.jsonl", lambda b: b'[1]\n"t"\n')
    before = snapshot(other)
    result = cli("--db", str(other), "sync", "import", str(bad))
    assert_refused(result, other, before)


def test_bundle_in_a_non_ascii_folder_with_spaces_imports(
    cli: Callable[..., Any], registered: Path, tmp_path: Path
) -> None:
    good = _bundle(cli, tmp_path)
    moved = tmp_path / "Unduhan ñ" / "bundel dari Rina é.zip"
    moved.parent.mkdir()
    shutil.copy(good, moved)
    other = tmp_path / "lain.db"
    assert (
        cli("--db", str(other), "init", "--assistant", "Budi", "--desa", "Hamalau").exit_code == 0
    )
    result = cli("--db", str(other), "sync", "import", str(moved))
    assert result.exit_code == 0, result.output + result.stderr
    assert "Siti Aisyah" in cli("--db", str(other), "recipient", "list").output
