"""Windows-proof behaviour (issue 17), simulated on any system: legacy console code pages,
CSV that Excel reads as UTF-8, paths with spaces and drive letters, synced folders, and
upgrades that keep the data of the previous release."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path, PureWindowsPath

import openpyxl
import pytest

from sampingdesa.store import db as store_db
from sampingdesa.store import migrations
from sampingdesa.store.audit import verify_chain
from sampingdesa.store.db import latest_schema_version, open_db, schema_version
from sampingdesa.store.health import check_database
from sampingdesa.store.location import as_pure_path, synced_folder
from tests.conftest import NIK_WOMAN

ROOT = Path(__file__).resolve().parents[1]
RELEASE_0_1_0 = Path(__file__).parent / "data" / "sampingdesa-0.1.0.db.gz"
# Not in cp1252 nor cp437: a dotted H, a check mark, an emoji.
NAME = "Nur Ḥasanah ✓ 😀"


def run(
    db: Path, *args: str, encoding: str | None = None, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SAMPINGDESA_DB": str(db), "COLUMNS": "100"}
    env.pop("PYTHONUTF8", None)
    if encoding:
        env["PYTHONIOENCODING"] = encoding
    if "stdout" not in kwargs:
        kwargs["capture_output"] = True
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "sampingdesa", *args],
        env=env, text=True, encoding=encoding or "utf-8", errors="replace", **kwargs,
    )  # fmt: skip


@pytest.fixture
def with_unicode_name(cli, initialised: Path) -> Path:
    result = cli("recipient", "add", "--nik", NIK_WOMAN, "--name", NAME, "--desa", "Kandangan Kota",
                 "--program", "PKH")  # fmt: skip
    assert result.exit_code == 0, result.output
    return initialised


# -- legacy console code pages ----------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["cp1252", "cp437"])
def test_a_legacy_console_gets_ascii_borders_and_no_encoding_error(
    with_unicode_name: Path, encoding: str
) -> None:
    for args in (["recipient", "list"], ["recipient", "show", NIK_WOMAN], ["program", "list"]):
        result = run(with_unicode_name, *args, encoding=encoding)
        assert result.returncode == 0, result.stderr
        assert "UnicodeEncodeError" not in result.stderr
        assert "+--" in result.stdout and "━" not in result.stdout and "│" not in result.stdout
    shown = run(with_unicode_name, "recipient", "list", encoding=encoding).stdout
    assert "Nur ?asanah" in shown  # what the code page cannot show becomes "?"
    # An error message naming the recipient reaches stderr, not a traceback.
    again = run(with_unicode_name, "recipient", "add", "--nik", NIK_WOMAN, "--name", NAME,
                "--desa", "Kandangan Kota", encoding=encoding)  # fmt: skip
    assert again.returncode == 1
    assert "Traceback" not in again.stderr and "Nur ?asanah" in again.stderr


@pytest.mark.parametrize("encoding", ["cp1252", "cp437"])
def test_json_on_a_legacy_console_keeps_every_character(
    with_unicode_name: Path, encoding: str
) -> None:
    result = run(with_unicode_name, "recipient", "list", "--json", encoding=encoding)
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii()  # escaped, not replaced
    assert [r["name"] for r in json.loads(result.stdout)] == [NAME]


# -- CSV for Excel -----------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
def test_csv_redirected_to_a_file_is_utf8_with_bom_and_crlf(
    with_unicode_name: Path, tmp_path: Path, encoding: str
) -> None:
    target = tmp_path / "daftar penerima.csv"
    with target.open("wb") as handle:
        result = run(with_unicode_name, "recipient", "list", "--csv", encoding=encoding,
                     stdout=handle, stderr=subprocess.PIPE)  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    assert data.count(b"\r\n") == 2 and data.count(b"\n") == 2
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][:2] == ["NIK", "Nama"] and rows[1][1] == NAME


def test_csv_appended_to_a_file_gets_no_second_bom(with_unicode_name: Path, tmp_path: Path) -> None:
    target = tmp_path / "daftar.csv"
    for _ in range(2):
        with target.open("ab") as handle:
            run(with_unicode_name, "program", "list", "--csv", stdout=handle, check=True)
    assert target.read_bytes().count(b"\xef\xbb\xbf") == 1


def test_csv_through_a_pipe_has_no_bom(with_unicode_name: Path) -> None:
    result = run(with_unicode_name, "recipient", "list", "--csv")
    assert result.stdout.startswith("NIK,") and NAME in result.stdout


# -- paths ---------------------------------------------------------------------------------------
def test_paths_with_spaces_and_non_ascii_work_for_db_output_and_import(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "Data Saya" / "Pendamping Désa"
    db = folder / "basis data.db"
    listing = tmp_path / "Unduhan" / "Daftar PKH Kandangan (1).xlsx"
    listing.parent.mkdir()
    shutil.copy(ROOT / "sample_data" / "bnba_pkh_kandangan.xlsx", listing)
    report = tmp_path / "Laporan Bulanan" / "laporan 2026-10.xlsx"
    report.parent.mkdir()
    assert run(db, f"--db={db}", "init", "--assistant", "Rina", "--coordinator").returncode == 0
    imported = run(db, "recipient", "import", str(listing), "--program", "PKH", "--skip-invalid",
                   "--db", str(db), "--json")  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["new"] > 0
    written = run(db, "report", "monthly", "--month", "2026-10", "-o", str(report))
    assert written.returncode == 0, written.stderr
    assert openpyxl.load_workbook(report).sheetnames
    assert db.is_file()


@pytest.mark.parametrize(
    ("text", "drive", "name"),
    [
        (r"C:\Users\Rina Hidayati\Documents\sampingdesa.db", "C:", "sampingdesa.db"),
        (r"D:\Data Bansos\laporan 2026-10.xlsx", "D:", "laporan 2026-10.xlsx"),
        (r"\\server\bersama\bundel rina.zip", r"\\server\bersama", "bundel rina.zip"),
        ("C:/Users/Rina/data.db", "C:", "data.db"),
        ("/home/rina/Data Saya/sampingdesa.db", "", "sampingdesa.db"),
    ],
)
def test_windows_paths_are_read_as_windows_paths(text: str, drive: str, name: str) -> None:
    pure = as_pure_path(text)
    assert (pure.drive, pure.name) == (drive, name)
    assert isinstance(pure, PureWindowsPath) == bool(drive)


# -- synced folders --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "service"),
    [
        (r"C:\Users\Rina\OneDrive\Documents\sampingdesa.db", "OneDrive"),
        (r"C:\Users\Rina\OneDrive - Dinas Sosial HSS\Data\sampingdesa.db", "OneDrive"),
        (r"c:\users\rina\onedrive\sampingdesa.db", "OneDrive"),
        (r"C:\Users\Rina\Dropbox\sampingdesa.db", "Dropbox"),
        (r"G:\My Drive\sampingdesa.db", "Google Drive"),
        ("/Users/rina/Library/Mobile Documents/iCloud Drive/x.db", "iCloud Drive"),
        ("/home/rina/Dropbox/sampingdesa.db", "Dropbox"),
        (r"C:\Users\Rina\AppData\Local\sampingdesa\sampingdesa.db", None),
        (r"D:\Data Bansos\sampingdesa.db", None),
        (r"C:\Users\Rina\Documents\OneDrive.db", None),  # a file name, not a folder
        ("/home/rina/.local/share/sampingdesa/sampingdesa.db", None),
    ],
)
def test_synced_folders_are_recognised(path: str, service: str | None) -> None:
    assert synced_folder(path, environ={}) == service


def test_a_renamed_onedrive_folder_is_found_through_the_environment() -> None:
    environ = {"OneDriveCommercial": r"C:\Users\Rina\Awan Kantor"}
    assert synced_folder(r"C:\Users\Rina\Awan Kantor\data\x.db", environ) == "OneDrive"
    assert synced_folder(r"C:\Users\Rina\Awan\x.db", environ) is None


def test_the_cli_warns_about_a_database_in_a_synced_folder(cli, tmp_path: Path) -> None:
    db = tmp_path / "OneDrive - Dinas Sosial" / "sampingdesa.db"
    result = cli("--db", str(db), "init", "--assistant", "Rina", "--desa", "Kandangan Kota")
    assert result.exit_code == 0
    assert "OneDrive" in result.stderr and "sampingdesa db backup" in result.stderr
    plain = cli("--db", str(tmp_path / "lokal.db"), "init", "--assistant", "Rina",
                "--desa", "Kandangan Kota")  # fmt: skip
    assert "OneDrive" not in plain.stderr


# -- upgrades keep data ----------------------------------------------------------------------------
def release_database(tmp_path: Path) -> Path:
    """A database written by release 0.1.0 (schema 4): 3 recipients (one removed), a visit."""
    path = tmp_path / "Data Saya" / "sampingdesa.db"
    path.parent.mkdir(parents=True)
    path.write_bytes(gzip.decompress(RELEASE_0_1_0.read_bytes()))
    return path


def schema_of(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"
    )
    return [(row[0], row[1]) for row in rows]


def test_the_release_fixture_has_the_schema_of_the_first_four_migrations(tmp_path: Path) -> None:
    blank = sqlite3.connect(tmp_path / "blank.db", isolation_level=None)
    migrations.apply_migrations(blank, upto=4)
    old = sqlite3.connect(release_database(tmp_path))
    assert schema_of(old) == schema_of(blank)
    assert [row[0] for row in old.execute("SELECT id FROM migrations")] == [1, 2, 3, 4]


def test_the_first_run_of_a_newer_version_migrates_after_a_backup_and_keeps_the_data(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The next release: today's migrations plus one more (so there is always one to apply).
    upgraded = [*migrations.MIGRATIONS, ("next_release", "CREATE TABLE next_release (x TEXT)")]
    monkeypatch.setattr(migrations, "MIGRATIONS", upgraded)
    monkeypatch.setattr(store_db, "MIGRATIONS", upgraded)
    db = release_database(tmp_path)
    result = cli("--db", str(db), "recipient", "list", "--json")
    assert result.exit_code == 0, result.output
    assert sorted(r["name"] for r in json.loads(result.stdout)) == ["Gusti Iberahim", "Siti Aisyah"]
    backups = list((db.parent / "backups").glob("*before-migration-5*.db"))
    assert len(backups) == 1
    saved = sqlite3.connect(backups[0])
    assert schema_version(saved) == 4
    assert saved.execute("SELECT count(*) FROM recipients").fetchone()[0] == 3
    conn = open_db(db)
    assert schema_version(conn) == len(upgraded)
    assert conn.execute("SELECT count(*) FROM visits").fetchone()[0] == 1
    assert verify_chain(conn).ok and check_database(conn).ok
    visits = json.loads(cli("--db", str(db), "visit", "list", "--json").stdout)
    assert [v["date"] for v in visits] == ["2026-10-05"]


def test_the_current_release_opens_the_previous_one_and_keeps_the_data(tmp_path: Path) -> None:
    db = release_database(tmp_path)
    conn = open_db(db)
    assert schema_version(conn) == latest_schema_version()
    assert conn.execute("SELECT count(*) FROM recipients").fetchone()[0] == 3
    assert verify_chain(conn).ok and check_database(conn).ok
    if latest_schema_version() > 4:
        assert list((db.parent / "backups").glob("*before-migration-5*.db"))
