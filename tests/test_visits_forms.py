"""The visit form: template, fill in with openpyxl, import; twice = nothing new; errors by
row and column, all or nothing."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl

from tests.conftest import NIK_MAN, NIK_WOMAN, snapshot


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def make_form(cli, tmp_path: Path) -> Path:
    path = tmp_path / "form.xlsx"
    result = ok(cli("visit", "template", "--month", "2025-11", "-o", str(path)))
    assert "3" in result.stdout
    return path


def fill(path: Path, values: dict[str, dict[str, Any]]) -> None:
    """Fill the rows of named recipients: {name: {machine key: value}}."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    keys = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=3):
        name = row[keys.index("name")].value
        for key, value in values.get(name, {}).items():
            row[keys.index(key)].value = value
    workbook.save(path)


def test_template_content(cli, registered: Path, tmp_path: Path) -> None:
    path = make_form(cli, tmp_path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    keys = [cell.value for cell in sheet[1]]
    assert keys[:6] == ["key", "recipient", "nik", "name", "desa", "date"]
    assert {"BPNT:status", "PKH:period", "JADUP-LANSIA:amount", "on_target", "reason"} <= set(keys)
    assert sheet.row_dimensions[1].hidden
    headers = [cell.value for cell in sheet[2]]
    assert "Tanggal kunjungan" in headers and "BPNT diterima?" in headers
    rows = {row[keys.index("name")].value: row for row in sheet.iter_rows(min_row=3)}
    assert set(rows) == {"Siti Aisyah", "Ahmad Rahman", "Gusti Iberahim"}
    siti = rows["Siti Aisyah"]
    assert siti[keys.index("nik")].value == "630605******0001"  # masked
    assert NIK_WOMAN not in str([[c.value for c in r] for r in sheet.iter_rows()])
    assert siti[keys.index("PKH:period")].value == "2025-T4"  # tahap programme
    assert siti[keys.index("BPNT:period")].value == "2025-11"
    assert siti[keys.index("JADUP-LANSIA:period")].value == "-"  # not enrolled
    validated = {
        str(v.sqref).split(":")[0].rstrip("0123456789")
        for v in sheet.data_validations.dataValidation
    }
    letter = openpyxl.utils.get_column_letter(keys.index("BPNT:status") + 1)
    assert letter in validated
    lists = workbook["Daftar"]
    assert lists.sheet_state == "hidden" and lists["A1"].value == "diterima penuh"


def test_round_trip_and_import_twice(cli, registered: Path, tmp_path: Path) -> None:
    path = make_form(cli, tmp_path)
    fill(path, {
        "Siti Aisyah": {"date": "2025-11-05", "BPNT:status": "diterima penuh",
                        "BPNT:amount": 200000, "PKH:status": "tidak diterima",
                        "PKH:problem": "kartu diblokir", "on_target": "tepat sasaran",
                        "change": "membaik", "ready": "ya", "notes": "Baik"},
        "Ahmad Rahman": {"date": "06-11-2025", "BPNT:status": "sebagian",
                         "BPNT:amount": "Rp 100.000", "on_target": "tidak tepat sasaran",
                         "reason": "pindah", "referral": "ya"},
    })  # fmt: skip
    result = ok(cli("visit", "import", str(path)))
    assert "2 kunjungan dicatat" in result.stdout and "1 baris kosong" in result.stdout
    conn = sqlite3.connect(registered)
    conn.row_factory = sqlite3.Row
    visits = {r["visit_date"]: r for r in conn.execute("SELECT * FROM visits")}
    assert set(visits) == {"2025-11-05", "2025-11-06"}
    assert (
        visits["2025-11-05"]["source"] == "form" and visits["2025-11-05"]["ready_to_graduate"] == 1
    )
    assert visits["2025-11-06"]["off_target_reason"] == "moved"
    deliveries = {
        (d["program_code"], d["status"]): d for d in conn.execute("SELECT * FROM deliveries")
    }
    assert deliveries[("PKH", "none")]["period"] == "2025-T4"
    assert deliveries[("PKH", "none")]["problem"] == "card-blocked"
    assert deliveries[("BPNT", "partial")]["amount"] == 100_000
    kinds = sorted(r[0] for r in conn.execute("SELECT kind FROM findings"))
    assert kinds == ["not-received", "off-target", "partial", "referral"]
    before = snapshot(registered)
    again = ok(cli("visit", "import", str(path)))
    assert "0 kunjungan dicatat, 0 diperbarui, 2 sudah pernah diimpor" in again.stdout
    assert snapshot(registered) == before


def test_errors_name_row_and_column_and_import_nothing(
    cli, registered: Path, tmp_path: Path
) -> None:
    path = make_form(cli, tmp_path)
    fill(path, {
        "Siti Aisyah": {"date": "2025-11-05", "BPNT:status": "hilang"},
        "Ahmad Rahman": {"BPNT:status": "diterima penuh"},  # no date
        "Gusti Iberahim": {"date": "2025-11-05", "on_target": "ya"},  # valid on its own
    })  # fmt: skip
    before = snapshot(registered)
    result = cli("visit", "import", str(path))
    assert result.exit_code == 1
    assert "tidak ada yang diimpor" in result.stderr
    assert "hilang" in result.stderr and "BPNT diterima?" in result.stderr
    assert "tanggal kunjungan kosong" in result.stderr
    assert "Baris 3, kolom " in result.stderr
    assert snapshot(registered) == before


def test_database_rules_apply_to_form_rows(cli, registered: Path, tmp_path: Path) -> None:
    path = make_form(cli, tmp_path)
    fill(path, {"Ahmad Rahman": {"date": "2999-01-01"},
                "Siti Aisyah": {"date": "2025-11-05", "BPNT:status": "penuh", "BPNT:amount": -5},
                "Gusti Iberahim": {"date": "2025-11-05", "PKH:amount": 5}})  # fmt: skip
    before = snapshot(registered)
    result = cli("visit", "import", str(path))
    assert result.exit_code == 1
    assert "masa depan" in result.stderr and "negatif" in result.stderr
    assert "isi apakah bantuan sudah diterima" in result.stderr
    assert snapshot(registered) == before


def test_not_a_form(cli, registered: Path, tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["NIK", "Nama"])
    workbook.save(path)
    result = cli("visit", "import", str(path))
    assert result.exit_code == 1 and "bukan formulir kunjungan" in result.stderr
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"not a zip")
    assert cli("visit", "import", str(garbage)).exit_code == 1


def test_tampered_row_key(cli, registered: Path, tmp_path: Path) -> None:
    path = make_form(cli, tmp_path)
    fill(path, {"Ahmad Rahman": {"date": "2025-11-05", "key": "abc"}})
    result = cli("visit", "import", str(path))
    assert result.exit_code == 1 and "formulir baru" in result.stderr
    assert json.loads(ok(cli("visit", "list", "--json")).stdout) == []
    assert NIK_MAN  # the form never needs the full NIK


# -- a check repeated the same day (issue 25) ------------------------------------------------
def test_a_row_repeating_a_check_of_the_same_day_is_refused_without_again(
    cli, registered: Path, tmp_path: Path
) -> None:
    path = make_form(cli, tmp_path)
    # BPNT 2025-11 of Ahmad Rahman checked by `visit add` on 5 November ...
    ok(cli("visit", "add", NIK_MAN, "--date", "2025-11-05", "--delivery", "BPNT:2025-11:full"))
    # ... and again in the form printed before, the same day; Siti's row is fine on its own.
    fill(path, {"Ahmad Rahman": {"date": "2025-11-05", "BPNT:status": "diterima penuh"},
                "Siti Aisyah": {"date": "2025-11-05", "on_target": "tepat sasaran"}})  # fmt: skip
    before = snapshot(registered)
    refused = cli("visit", "import", str(path))
    assert refused.exit_code == 1
    screen = " ".join(refused.stderr.split())
    assert "tidak ada yang diimpor" in screen  # all or nothing
    assert re.search(
        r"Baris \d: BPNT 2025-11 sudah diperiksa untuk penerima ini pada hari itu "
        r"\(kunjungan [0-9a-f]+\): baris ini mengulang pemeriksaan itu",
        screen,
    )
    assert "impor formulir dengan --again" in screen
    assert snapshot(registered) == before
    # With --again the second check is meant: both rows recorded.
    result = ok(cli("visit", "import", str(path), "--again"))
    assert "2 kunjungan dicatat" in result.stdout
    # The same form again: the rows were imported already (idempotent, no --again needed).
    again = ok(cli("visit", "import", str(path)))
    assert "0 kunjungan dicatat, 0 diperbarui, 2 sudah pernah diimpor" in again.stdout


def test_a_second_form_checking_the_same_thing_the_same_day(
    cli, registered: Path, tmp_path: Path
) -> None:
    # Two forms printed the same morning (fresh row keys each), both filled for Ahmad.
    first = make_form(cli, tmp_path)
    second = tmp_path / "form2.xlsx"
    ok(cli("visit", "template", "--month", "2025-11", "-o", str(second)))
    for form in (first, second):
        fill(form, {"Ahmad Rahman": {"date": "2025-11-05", "BPNT:status": "diterima penuh"}})
    ok(cli("visit", "import", str(first)))
    refused = cli("visit", "import", str(second))
    assert refused.exit_code == 1 and "mengulang pemeriksaan itu" in refused.stderr
    fill(second, {"Ahmad Rahman": {"date": "2025-11-06"}})  # another day: not a repeat
    ok(cli("visit", "import", str(second)))
