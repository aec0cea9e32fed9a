"""Issue 12, input and output: terminal escapes, encodings, long CSV cells, corrected visit
forms, plausible dates, and output folders that are missing, read-only or full."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import NIK_MAN, NIK_WOMAN, snapshot
from tests.safety_helpers import ok, read_only_folder, refused, small_disk

ESCAPES = ["Siti \x1b[2J\x1b[H Aisyah", "Siti \x1b]0;DIRETAS\x07", "Siti\u202eharsiyA"]


# -- terminal escapes -----------------------------------------------------------------------
@pytest.mark.parametrize("name", ESCAPES)
def test_control_characters_are_refused_on_input(cli: Any, registered: Path, name: str) -> None:
    before = snapshot(registered)
    refused(cli("recipient", "add", "--nik", "6306051708450009", "--name", name,
                "--desa", "Kandangan Kota"), "U+", "--name")  # fmt: skip
    refused(cli("recipient", "edit", NIK_WOMAN, "--name", name), "U+")
    refused(cli("recipient", "edit", NIK_WOMAN, "--address", "Jl. \x1b[31mMerah"), "U+001B")
    assert snapshot(registered) == before


def test_control_characters_in_an_imported_list_reject_the_row(
    cli: Any, initialised: Path, tmp_path: Path
) -> None:
    path = tmp_path / "daftar.csv"
    path.write_text(f"NIK,Nama,Desa\n{NIK_WOMAN},Siti \x1b[2J Aisyah,Kandangan Kota\n",
                    encoding="utf-8")  # fmt: skip
    result = cli("recipient", "import", str(path))
    assert result.exit_code == 1 and "U+001B" in result.output + result.stderr
    assert "\x1b" not in result.output + result.stderr


def test_control_characters_already_stored_are_shown_visibly(cli: Any, registered: Path) -> None:
    """A name that came in before this check (an old database, a bundle) cannot clear or
    retitle the screen: every table, line and CSV shows ESC as a visible symbol."""
    conn = sqlite3.connect(registered)
    with conn:
        conn.execute("UPDATE recipients SET name = ? WHERE nik = ?", (ESCAPES[1], NIK_WOMAN))
    conn.close()
    for args in (("recipient", "list"), ("recipient", "list", "--csv"),
                 ("recipient", "show", NIK_WOMAN), ("recipient", "list", "--json")):  # fmt: skip
        text = ok(cli(*args)).output
        assert "\x1b" not in text and "\x07" not in text
        assert "DIRETAS" in text


# -- encodings and long cells ---------------------------------------------------------------
def test_a_mostly_utf8_file_with_a_stray_byte_is_refused_naming_the_line(
    cli: Any, initialised: Path, tmp_path: Path
) -> None:
    path = tmp_path / "campur.csv"
    path.write_bytes(
        b"NIK,Nama,Desa\n"
        + f"{NIK_WOMAN},Zo\u00eb \u00d1urjanah M\u00fcller,Kandangan Kota\n".encode()
        + f"{NIK_MAN},Ahmad Rahman,Kandangan Kota \xa0\n".encode("cp1252")
    )
    before = snapshot(initialised)
    refused(cli("recipient", "import", str(path)), "baris 3", "--encoding")
    assert snapshot(initialised) == before
    refused(cli("recipient", "import", str(path), "--encoding", "utf-8"), "baris 3")
    refused(cli("recipient", "import", str(path), "--encoding", "klingon"), "klingon")


def test_a_utf8_file_keeps_its_letters(cli: Any, initialised: Path, tmp_path: Path) -> None:
    path = tmp_path / "utf8.csv"
    path.write_text(f"NIK,Nama,Desa\n{NIK_WOMAN},Zo\u00eb \u00d1urjanah M\u00fcller,"
                    "Kandangan Kota\n", encoding="utf-8")  # fmt: skip
    ok(cli("recipient", "import", str(path)))
    assert "Zo\u00eb \u00d1urjanah M\u00fcller" in ok(cli("recipient", "show", NIK_WOMAN)).output


def test_a_windows_file_is_still_read_as_windows_1252(
    cli: Any, initialised: Path, tmp_path: Path
) -> None:
    path = tmp_path / "excel-lama.csv"
    path.write_bytes(f"NIK;Nama;Desa\n{NIK_WOMAN};Zo\u00eb M\u00fcller;Kandangan Kota\n"
                     .encode("cp1252"))  # fmt: skip
    ok(cli("recipient", "import", str(path)))
    assert "Zo\u00eb M\u00fcller" in ok(cli("recipient", "show", NIK_WOMAN)).output


def test_a_csv_cell_over_131072_characters_is_a_clear_error(
    cli: Any, initialised: Path, tmp_path: Path
) -> None:
    path = tmp_path / "panjang.csv"
    path.write_text(f"NIK,Nama,Desa,Catatan\n{NIK_WOMAN},Siti,Kandangan Kota,{'x' * 140_000}\n",
                    encoding="utf-8")  # fmt: skip
    before = snapshot(initialised)
    refused(cli("recipient", "import", str(path)), "baris 2", "131")
    assert snapshot(initialised) == before


# -- corrected visit forms -------------------------------------------------------------------
def _fill(path: Path, values: dict[str, dict[str, Any]]) -> None:
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    keys = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=3):
        for key, value in values.get(row[keys.index("name")].value, {}).items():
            row[keys.index(key)].value = value
    workbook.save(path)


def test_a_corrected_form_row_updates_its_visit_and_an_unchanged_one_is_skipped(
    cli: Any, registered: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "form.xlsx"
    ok(cli("visit", "template", "--month", "2025-11", "-o", str(path)))
    _fill(path, {
        "Siti Aisyah": {"date": "05-11-2025", "on_target": "tepat sasaran", "notes": "Baik"},
        "Ahmad Rahman": {"date": "06-11-2025", "on_target": "tepat sasaran"},
    })  # fmt: skip
    ok(cli("visit", "import", str(path)))
    _fill(path, {"Siti Aisyah": {"notes": "Rumah sudah diperbaiki", "change": "membaik"}})
    result = ok(cli("visit", "import", str(path)))
    assert "0 kunjungan dicatat, 1 diperbarui, 1 sudah pernah diimpor" in result.stdout
    conn = sqlite3.connect(registered)
    notes = conn.execute("SELECT notes, outcome FROM visits ORDER BY visit_date").fetchall()
    edits = conn.execute(
        "SELECT count(*) FROM change_log WHERE table_name = 'visits' AND action = 'update'"
    ).fetchone()[0]
    conn.close()
    assert notes[0] == ("Rumah sudah diperbaiki", "better") and edits == 1
    before = snapshot(registered)
    from sampingdesa.visits import recording

    def no_edit(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("an unchanged row is edited (and its rules checked) again")

    monkeypatch.setattr(recording, "edit_visit", no_edit)
    again = ok(cli("visit", "import", str(path)))
    assert "0 diperbarui, 2 sudah pernah diimpor" in again.stdout
    assert snapshot(registered) == before


# -- plausible dates -------------------------------------------------------------------------
@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "1999-12-31"])
def test_implausible_dates_are_refused_in_every_command(
    cli: Any, registered: Path, tmp_path: Path, day: str
) -> None:
    before = snapshot(registered)
    for args in (
        ("visit", "add", NIK_WOMAN, "--date", day, "--on-target", "yes"),
        ("visit", "add", NIK_WOMAN, "--date", "2025-11-05", "--delivery", "PKH:2025-T4:partial",
         "--received", day, "--on-target", "yes"),
        ("recipient", "enroll", NIK_MAN, "--program", "PKH", "--since", day),
        ("recipient", "leave", NIK_MAN, "--program", "BPNT", "--reason", "graduated",
         "--date", day),
    ):  # fmt: skip
        refused(cli(*args), day)
    assert snapshot(registered) == before
    refused(cli("report", "monthly", "--month", day[:7], "-o", str(tmp_path / "r.xlsx")),
            code=1)  # fmt: skip


def test_a_form_date_from_a_negative_serial_is_refused_by_row(
    cli: Any, registered: Path, tmp_path: Path
) -> None:
    path = tmp_path / "form.xlsx"
    ok(cli("visit", "template", "--month", "2025-11", "-o", str(path)))
    _fill(path, {"Siti Aisyah": {"date": -693593, "on_target": "tepat sasaran"}})
    before = snapshot(registered)
    stderr = refused(cli("visit", "import", str(path)))
    assert "0001-01-01" in stderr or "-693593" in stderr
    assert snapshot(registered) == before


def test_a_finding_cannot_be_resolved_before_the_programme(cli: Any, registered: Path) -> None:
    ok(cli("visit", "add", NIK_MAN, "--date", "2025-11-05", "--on-target", "no",
           "--reason", "deceased"))  # fmt: skip
    conn = sqlite3.connect(registered)
    finding = conn.execute("SELECT uuid FROM findings").fetchone()[0]
    conn.close()
    refused(cli("finding", "resolve", finding[:8], "--note", "beres", "--date", "1899-12-31"),
            "1899-12-31")  # fmt: skip


# -- output folders ----------------------------------------------------------------------------
def _errors_file_import(cli: Any, tmp_path: Path, target: Path) -> Any:
    source = tmp_path / "daftar.csv"
    source.write_text(f"NIK,Nama,Desa\n{NIK_WOMAN},Siti,Kandangan Kota\n123,Salah,Kandangan Kota\n",
                      encoding="utf-8")  # fmt: skip
    return cli("recipient", "import", str(source), "--skip-invalid", "--errors-to", str(target))


WRITERS = {
    "report monthly": lambda cli, tmp, target: cli(
        "report", "monthly", "--month", "2025-11", "-o", str(target.with_suffix(".xlsx"))
    ),
    "report recipients xlsx": lambda cli, tmp, target: cli(
        "report", "recipients", "-o", str(target.with_suffix(".xlsx"))
    ),
    "report recipients csv": lambda cli, tmp, target: cli(
        "report", "recipients", "-o", str(target.with_suffix(".csv"))
    ),
    "sync export": lambda cli, tmp, target: cli(
        "sync", "export", "-o", str(target.with_suffix(".zip"))
    ),
    "db backup -o": lambda cli, tmp, target: cli(
        "db", "backup", "-o", str(target.with_suffix(".db"))
    ),
    "visit template": lambda cli, tmp, target: cli(
        "visit", "template", "--month", "2025-11", "-o", str(target.with_suffix(".xlsx"))
    ),
    "--errors-to": lambda cli, tmp, target: _errors_file_import(
        cli, tmp, target.with_suffix(".xlsx")
    ),
}


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_missing_output_folder_is_named(
    cli: Any, registered: Path, tmp_path: Path, writer: str
) -> None:
    blocker = tmp_path / "bukan-folder.txt"  # a file where a folder should be
    blocker.write_text("x")
    target = blocker / "keluar" / "hasil"
    stderr = refused(WRITERS[writer](cli, tmp_path, target), "tidak ada")
    assert str(target.parent) in stderr


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_read_only_output_folder_is_named(
    cli: Any, registered: Path, tmp_path: Path, writer: str
) -> None:
    with read_only_folder(tmp_path / "usb") as folder:
        stderr = refused(WRITERS[writer](cli, tmp_path, folder / "hasil"))
        assert str(folder) in stderr
        assert "hanya-baca" in stderr or "izin" in stderr


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_full_output_disk_is_named_and_keeps_the_earlier_file(
    cli: Any, registered: Path, tmp_path: Path, writer: str
) -> None:
    with small_disk(tmp_path / "usb", "1m") as folder:
        earlier = folder / "lama.txt"
        earlier.write_text("laporan bulan lalu")
        with (folder / "isi").open("wb", buffering=0) as filler:  # fill it to the last byte
            try:
                while True:
                    filler.write(b"x" * 4096)
            except OSError:
                pass
        stderr = refused(WRITERS[writer](cli, tmp_path, folder / "hasil"), "penuh")
        assert str(folder) in stderr
        assert earlier.read_text() == "laporan bulan lalu"
        assert sorted(p.name for p in folder.iterdir()) == ["isi", "lama.txt"]


def test_the_errors_file_lists_the_rejected_row(cli: Any, registered: Path, tmp_path: Path) -> None:
    target = tmp_path / "salah.xlsx"
    ok(_errors_file_import(cli, tmp_path, target))
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert rows[1][1] == "Salah" and len(rows) == 2
