"""Hostile text on the way out: formula injection in every workbook and CSV the tool writes,
SQL-looking names and search syntax stored and shown as text, and owner-only file modes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import sqlite3
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from sampingdesa.io.xlsx import set_cell
from sampingdesa.values.cells import csv_safe, is_formula_like
from tests.conftest import NIK_WOMAN

PAYLOADS = ['=HYPERLINK("http://x","klik")', "@SUM(A1)", "+1+1", "-2+3"]
RAW_PAYLOADS = [*PAYLOADS, "\t=1", "\r=1"]  # tab and CR: only where text is not folded
SQL_NAMES = [
    "Robert'); DROP TABLE recipients;--",
    "100% Siti_Aisyah",
    'Ahmad "Tuan" Rahman',
    "Back\\slash \\' Nur",
]
TODAY = dt.date.today()
MONTH = f"{TODAY:%Y-%m}"


def nik(serial: int) -> str:
    return f"63060512038{5}{serial:04d}"


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output + result.stderr
    return result


@pytest.fixture
def hostile_db(cli: Callable[..., Any], initialised: Path) -> Path:
    """Recipients whose name and address carry the payloads, each with a visit this month."""
    for serial, payload in enumerate(PAYLOADS, start=101):
        ok(cli("recipient", "add", "--nik", nik(serial), "--name", payload, "--address", payload,
               "--desa", "Kandangan Kota", "--program", "BPNT"))  # fmt: skip
        ok(cli("visit", "add", nik(serial), "--date", TODAY.isoformat(), "--notes", payload))
    return initialised


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def assert_csv_safe(rows: list[list[str]], payloads: list[str]) -> None:
    cells = [cell for row in rows for cell in row]
    for payload in payloads:
        assert "'" + payload.replace("\r", "\n") in cells, payload
    assert not any(is_formula_like(cell) for cell in cells), [
        c for c in cells if is_formula_like(c)
    ]


def assert_workbook_safe(path: Path, payloads: list[str]) -> None:
    workbook = load_workbook(path)
    found: set[str] = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and is_formula_like(cell.value):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate, cell.value)
                    found.add(cell.value)
    for payload in payloads:
        assert payload in found, (path.name, payload)


# -- formula injection ----------------------------------------------------------------------
@pytest.mark.parametrize("payload", RAW_PAYLOADS)
def test_the_two_helpers_keep_every_payload_as_text(tmp_path: Path, payload: str) -> None:
    assert csv_safe(payload) == "'" + payload.replace("\r", "\n")
    workbook = Workbook()
    set_cell(workbook.active, 1, 1, payload)
    workbook.save(tmp_path / "x.xlsx")
    cell = load_workbook(tmp_path / "x.xlsx").active["A1"]
    # XML turns a CR into a line feed on reading; it stays text either way.
    assert (cell.data_type, cell.value) == ("s", payload.replace("\r", "\n"))


def test_a_carriage_return_inside_a_csv_field_cannot_start_a_row() -> None:
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\n")  # as `emit_csv` writes to stdout
    writer.writerow([csv_safe("Siti\r=1"), csv_safe("\r\n@SUM(A1)"), "x"])
    assert csv_rows(stream.getvalue()) == [["Siti\n=1", "'\n@SUM(A1)", "x"]]


def test_recipient_list_csv(cli: Callable[..., Any], hostile_db: Path) -> None:
    assert_csv_safe(csv_rows(ok(cli("recipient", "list", "--csv")).stdout), PAYLOADS)


def test_visit_list_csv(cli: Callable[..., Any], hostile_db: Path) -> None:
    assert_csv_safe(csv_rows(ok(cli("visit", "list", "--csv")).stdout), PAYLOADS)


def test_program_list_csv(cli: Callable[..., Any], initialised: Path) -> None:
    for number, payload in enumerate(PAYLOADS):
        ok(cli("program", "add", f"X{number}", "--name", payload, "--channel", payload,
               "--notes", payload))  # fmt: skip
    assert_csv_safe(csv_rows(ok(cli("program", "list", "--csv")).stdout), PAYLOADS)


def test_wilayah_list_csv(cli: Callable[..., Any], initialised: Path) -> None:
    """Region names come from the shipped file or a bundle; a tampered one stays text."""
    conn = sqlite3.connect(initialised)
    codes = [r[0] for r in conn.execute("SELECT code FROM regions WHERE level = 'desa' LIMIT 6")]
    with conn:
        for code, payload in zip(codes, RAW_PAYLOADS, strict=True):
            conn.execute("UPDATE regions SET name = ? WHERE code = ?", (payload, code))
    conn.close()
    assert_csv_safe(csv_rows(ok(cli("wilayah", "list", "--csv")).stdout), RAW_PAYLOADS)


def test_errors_to_workbook(cli: Callable[..., Any], initialised: Path, tmp_path: Path) -> None:
    source = tmp_path / "daftar.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["NIK", "Nama", "Desa", "Alamat"])
        for payload in PAYLOADS:  # a bad NIK: every row is rejected with its cells kept
            writer.writerow(["123", payload, "Kandangan Kota", payload])
    rejected = tmp_path / "ditolak.xlsx"
    result = cli("recipient", "import", str(source), "--skip-invalid", "--errors-to", str(rejected))
    assert "Traceback" not in result.output
    assert_workbook_safe(rejected, PAYLOADS)


def test_visit_template(cli: Callable[..., Any], hostile_db: Path, tmp_path: Path) -> None:
    following = (TODAY.replace(day=1) + dt.timedelta(days=32)).strftime("%Y-%m")
    form = tmp_path / "formulir.xlsx"
    ok(cli("visit", "template", "--month", following, "-o", str(form)))
    assert_workbook_safe(form, PAYLOADS)


def test_report_recipients_xlsx_and_csv(
    cli: Callable[..., Any], hostile_db: Path, tmp_path: Path
) -> None:
    ok(cli("report", "recipients", "-o", str(tmp_path / "register.xlsx")))
    assert_workbook_safe(tmp_path / "register.xlsx", PAYLOADS)
    ok(cli("report", "recipients", "-o", str(tmp_path / "register.csv")))
    text = (tmp_path / "register.csv").read_text(encoding="utf-8-sig")
    assert_csv_safe(csv_rows(text), PAYLOADS)


def test_report_monthly(cli: Callable[..., Any], hostile_db: Path, tmp_path: Path) -> None:
    for serial, payload in enumerate(PAYLOADS, start=111):  # not visited: listed by name
        ok(cli("recipient", "add", "--nik", nik(serial), "--name", payload,
               "--desa", "Kandangan Kota", "--program", "PKH"))  # fmt: skip
    ok(cli("report", "monthly", "--month", MONTH, "-o", str(tmp_path / "bulanan.xlsx")))
    assert_workbook_safe(tmp_path / "bulanan.xlsx", PAYLOADS)


# -- SQL-looking names, LIKE wildcards, FTS syntax ------------------------------------------
def test_sql_looking_names_are_stored_and_shown_as_text(
    cli: Callable[..., Any], initialised: Path
) -> None:
    for serial, name in enumerate(SQL_NAMES, start=201):
        ok(cli("recipient", "add", "--nik", nik(serial), "--name", name, "--address", name,
               "--desa", "Kandangan Kota"))  # fmt: skip
    conn = sqlite3.connect(initialised)
    stored = {row[0] for row in conn.execute("SELECT name FROM recipients")}
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert stored == set(SQL_NAMES) and "recipients" in tables
    listed = ok(cli("recipient", "list", "--json")).stdout
    shown = ok(cli("recipient", "show", nik(201))).stdout
    assert "Robert'); DROP TABLE recipients;--" in shown
    for name in SQL_NAMES:
        assert name.replace("\\", "\\\\").replace('"', '\\"') in listed


@pytest.mark.parametrize(
    "query",
    ['NEAR(', '"*', '"', "*", "%", "_", "'", "\\", "a OR b", "NOT", "AND", "^x", "x:y", "(((",
     "Robert'); DROP TABLE recipients;--", "siti*", '" OR 1=1 --', "\x00", "  ", "ñ"],
)  # fmt: skip
def test_search_never_errors(cli: Callable[..., Any], registered: Path, query: str) -> None:
    ok(cli("recipient", "add", "--nik", nik(301), "--name", "100% Siti_Aisyah",
           "--desa", "Kandangan Kota"))  # fmt: skip
    result = ok(cli("recipient", "list", "--search", query, "--json"))
    if query in ("%", "_"):  # LIKE wildcards are not wildcards: nothing, or only real matches
        assert "Ahmad Rahman" not in result.stdout


def test_search_finds_names_with_punctuation(cli: Callable[..., Any], registered: Path) -> None:
    ok(cli("recipient", "add", "--nik", nik(302), "--name", "Robert'); DROP TABLE recipients;--",
           "--desa", "Kandangan Kota"))  # fmt: skip
    found = ok(cli("recipient", "list", "--search", "robert drop", "--json")).stdout
    assert "DROP TABLE" in found and "Siti Aisyah" not in found


# -- owner-only files -----------------------------------------------------------------------
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Any:
    """A permissive umask, as on many laptops: files must still come out 0600."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@posix_only
def test_written_files_are_owner_only(
    cli: Callable[..., Any], hostile_db: Path, tmp_path: Path, open_umask: Any
) -> None:
    out = tmp_path / "Keluaran é"
    out.mkdir()
    written = {"database": hostile_db}
    ok(cli("db", "backup", "-o", str(out / "cadangan.db")))
    written["backup -o"] = out / "cadangan.db"
    ok(cli("db", "backup"))
    written.update({f"backup {p.name}": p for p in hostile_db.parent.glob("backups/*.db")})
    ok(cli("sync", "export", "-o", str(out / "bundel.zip")))
    written["bundle"] = out / "bundel.zip"
    following = (TODAY.replace(day=1) + dt.timedelta(days=32)).strftime("%Y-%m")
    ok(cli("visit", "template", "--month", following, "-o", str(out / "formulir.xlsx")))
    written["visit template"] = out / "formulir.xlsx"
    source = out / "daftar.csv"
    source.write_text("NIK,Nama,Desa\n123,Siti,Kandangan Kota\n", encoding="utf-8")
    cli("recipient", "import", str(source), "--skip-invalid", "--errors-to", str(out / "e.xlsx"))
    written["errors-to"] = out / "e.xlsx"
    ok(cli("report", "recipients", "-o", str(out / "register.xlsx")))
    ok(cli("report", "recipients", "-o", str(out / "register.csv")))
    ok(cli("report", "monthly", "--month", MONTH, "-o", str(out / "bulanan.xlsx")))
    written.update({name: out / name for name in ("register.xlsx", "register.csv", "bulanan.xlsx")})
    assert len([k for k in written if k.startswith("backup ")]) >= 1
    modes = {what: oct(mode(path)) for what, path in written.items()}
    assert modes == {what: oct(0o600) for what in written}


@posix_only
def test_a_new_database_is_owner_only(
    cli: Callable[..., Any], tmp_path: Path, open_umask: Any
) -> None:
    db = tmp_path / "Data Bansos ñ" / "baru é.db"
    db.parent.mkdir()
    ok(cli("--db", str(db), "init", "--assistant", "Rina", "--desa", "Kandangan Kota"))
    assert mode(db) == 0o600
    for side in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        if side.exists():
            assert mode(side) & 0o077 == 0, side
    assert NIK_WOMAN  # the shared fixtures' NIKs stay valid for the other tests


def test_fitted_columns_give_a_name_in_capitals_its_printed_width() -> None:
    """A column is as wide as its longest value prints, not as its letters count: the
    visit form's Nama column cut MUHAMMAD YUSUF to MUHAMMAD YUSU on paper."""
    from openpyxl import Workbook

    from sampingdesa.io.xlsx import column_pixels, fit_columns, text_pixels

    sheet = Workbook().active
    sheet["A1"], sheet["B1"] = "MUHAMMAD YUSUF", "illi"
    fit_columns(sheet)
    name = sheet.column_dimensions["A"].width
    assert column_pixels(name) >= text_pixels("MUHAMMAD YUSUF") + 5  # the cell's padding
    assert name > len("MUHAMMAD YUSUF") + 2  # more than the letters counted
    assert sheet.column_dimensions["B"].width == 6  # narrow text: the minimum
