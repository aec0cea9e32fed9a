"""`sampingdesa recipient import` through the CLI: formats, headers, values, bad rows,
all-or-nothing, --skip-invalid, --errors-to, --dry-run, upsert, conflicts, double aid."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.conftest import KK, NIK_MAN, NIK_WOMAN, snapshot
from tests.import_helpers import write_csv, write_ods, write_xlsx

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"
HEADER = ["No", "NIK", "Nama", "JK", "Tgl Lahir", "Desa"]


def make_nik(day: int, month: int, year: int, serial: int, sex: str = "L") -> str:
    """A structurally valid Kandangan (63.06.05) NIK."""
    return f"630605{day + (40 if sex == 'P' else 0):02d}{month:02d}{year % 100:02d}{serial:04d}"


A = make_nik(5, 7, 1989, 11, "P")  # born 1989-07-05, woman
B = make_nik(12, 3, 1985, 12)  # born 1985-03-12, man
C = make_nik(17, 8, 1945, 13)  # born 1945-08-17, man


def good_rows() -> list[list[object]]:
    return [
        [1, A, "Masliana  Noor", "P", "05-07-1989", "Kandangan Kota"],
        [2, B, "Rahmat Hidayat", "L", "12/03/1985", "Kdg Kota"],
        [3, C, "Gusti Jumberi", "L", "17 Agustus 1945", "sei kupang"],
    ]


def run(cli: Any, *args: str) -> Any:
    return cli("recipient", "import", *args)


def as_json(result: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def recipients(db: Path) -> dict[str, sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return {row["nik"]: row for row in conn.execute("SELECT * FROM recipients")}
    finally:
        conn.close()


def count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


# -- formats ------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["xlsx", "ods", "csv-utf8-bom", "csv-cp1252-semicolon"])
def test_each_format_imports(cli: Any, initialised: Path, tmp_path: Path, kind: str) -> None:
    rows = [["DAFTAR PENERIMA PKH TAHAP IV 2026"], [], HEADER, *good_rows()]
    if kind == "xlsx":
        path = write_xlsx(tmp_path / "list.xlsx", rows)
    elif kind == "ods":
        path = write_ods(tmp_path / "list.ods", rows)
    elif kind == "csv-utf8-bom":
        path = write_csv(tmp_path / "list.csv", rows, encoding="utf-8-sig")
    else:
        rows[3][2] = "Masliana Noor’aini"  # a typographic apostrophe, byte 0x92 in cp1252
        path = write_csv(tmp_path / "list.csv", rows, encoding="cp1252", delimiter=";")
    result = run(cli, str(path), "--json")
    assert result.exit_code == 0, result.output
    summary = as_json(result)
    assert (summary["new"], summary["rejected"], summary["header_row"]) == (3, 0, 3)
    stored = recipients(initialised)
    assert stored[A]["birth_date"] == "1989-07-05"
    assert stored[A]["desa_code"] == "63.06.05.1001"
    assert stored[B]["desa_code"] == "63.06.05.1001"  # "Kdg Kota"
    assert stored[C]["desa_code"] == "63.06.05.2009"  # "sei kupang"
    expected = "Masliana Noor’aini" if kind.startswith("csv-cp1252") else "Masliana Noor"
    assert stored[A]["name"] == expected  # whitespace folded, case kept


def test_first_sheet_with_a_header_is_read_and_others_listed(
    cli: Any, initialised: Path, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "l.xlsx", [HEADER, *good_rows()], before=[["Catatan saja"]])
    result = run(cli, str(path), "--json")
    assert result.exit_code == 0, result.output
    assert as_json(result)["sheet"] == "Data"


def test_unknown_sheet_lists_the_sheets(cli: Any, initialised: Path, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "l.xlsx", [HEADER, *good_rows()], before=[["Catatan"]])
    result = run(cli, str(path), "--sheet", "Tidak Ada")
    assert result.exit_code == 1
    assert "Catatan" in result.stderr and "Data" in result.stderr


def test_no_header_found_is_explained(cli: Any, initialised: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "l.csv", [["Nama", "Alamat"], ["Siti", "Jl. A"]])
    result = run(cli, str(path))
    assert result.exit_code == 1
    assert "--map" in result.stderr


def test_map_names_a_column_and_unknown_columns_are_reported(
    cli: Any, initialised: Path, tmp_path: Path
) -> None:
    rows = [
        ["Nomor Identitas", "Nama Lengkap", "Desa", "Nama Ibu"],
        [A, "Siti", "Kandangan Kota", "X"],
    ]
    path = write_csv(tmp_path / "l.csv", rows)
    result = run(cli, str(path), "--map", "Nomor Identitas=nik", "--json")
    assert result.exit_code == 0, result.output
    summary = as_json(result)
    assert summary["columns"]["Nomor Identitas"] == "nik"
    assert summary["unknown_columns"] == ["Nama Ibu"]
    bad = run(cli, str(path), "--map", "Nomor Identitas=nik", "--map", "Kolom Hilang=phone")
    assert bad.exit_code == 1 and "Kolom Hilang".lower() in bad.stderr.lower()


def test_two_row_merged_header_and_numbering_row(
    cli: Any, initialised: Path, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "DAFTAR PENERIMA"
    for column, text in enumerate(["No", "NIK", "Nama", "Alamat", None, "Desa"], start=1):
        if text:
            sheet.cell(3, column, text)
    sheet.merge_cells("D3:E3")
    sheet.cell(4, 4, "RT")
    sheet.cell(4, 5, "RW")
    for column in range(1, 7):
        sheet.cell(5, column, column)
    sheet.append([1, A, "Masliana", 3, "02", "Kandangan Kota"])
    workbook.save(tmp_path / "m.xlsx")
    result = run(cli, str(tmp_path / "m.xlsx"), "--json")
    assert result.exit_code == 0, result.output
    assert as_json(result)["header_row"] == 4
    assert (recipients(initialised)[A]["rt"], recipients(initialised)[A]["rw"]) == ("003", "002")


# -- value forms ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("birth", "sex"),
    [
        (dt.date(1989, 7, 5), "P"), ("05-07-1989", "Perempuan"), ("05/07/1989", "F"),
        ("1989-07-05", "p"), ("5 Juli 1989", "PEREMPUAN"), ("", ""),
    ],
)  # fmt: skip
def test_date_and_sex_forms(
    cli: Any, initialised: Path, tmp_path: Path, birth: object, sex: str
) -> None:
    path = write_xlsx(
        tmp_path / "v.xlsx", [HEADER, [1, A, "Masliana", sex, birth, "63.06.05.1001"]]
    )
    result = run(cli, str(path))
    assert result.exit_code == 0, result.output
    row = recipients(initialised)[A]
    assert (row["birth_date"], row["sex"]) == ("1989-07-05", "P")


@pytest.mark.parametrize(
    "desa", ["63.06.05.1001", "6306051001", "KANDANGAN  KOTA", "Kel. Kandangan Kota"]
)
def test_desa_forms(cli: Any, initialised: Path, tmp_path: Path, desa: str) -> None:
    path = write_csv(
        tmp_path / "d.csv",
        [["NIK", "Nama", "Desa", "Kecamatan"], [A, "Masliana", desa, "Kandangan"]],
    )
    assert run(cli, str(path)).exit_code == 0
    assert recipients(initialised)[A]["desa_code"] == "63.06.05.1001"


def test_rt_rw_and_phone_forms(cli: Any, initialised: Path, tmp_path: Path) -> None:
    rows = [
        ["NIK", "Nama", "Desa", "RT/RW", "No HP"],
        [A, "Masliana", "Kandangan Kota", "3/12", 81234567890],
    ]
    assert run(cli, str(write_xlsx(tmp_path / "r.xlsx", rows))).exit_code == 0
    row = recipients(initialised)[A]
    assert (row["rt"], row["rw"], row["phone"]) == ("003", "012", "081234567890")


# -- bad rows: all or nothing -------------------------------------------------------------------
BAD_ROWS = [
    ("damaged-number", float(6306054507890000), "angka"),
    ("scientific", "6.30605E+15", "notasi ilmiah"),
    ("decimal", "6306054507890001.0", "desimal"),
    ("zeroed", "6306054507890000", "0000"),
    ("short", "63060545078900", "16 digit"),
    ("unknown-region", "9999994507890001", "kecamatan"),
    ("bad-date-in-nik", "6306053213890001", "tanggal lahir"),
]


@pytest.mark.parametrize(("case", "nik", "says"), BAD_ROWS, ids=[c for c, _n, _s in BAD_ROWS])
def test_bad_nik_refuses_the_whole_file(
    cli: Any, initialised: Path, tmp_path: Path, case: str, nik: object, says: str
) -> None:
    rows = [HEADER, *good_rows(), [4, nik, "Salasiah", "P", "", "Kandangan Kota"]]
    path = write_xlsx(tmp_path / "bad.xlsx", rows)
    before = snapshot(initialised)
    result = run(cli, str(path))
    assert result.exit_code == 1
    assert says in result.stdout.lower()
    assert "B5" in result.stdout  # the cell, as the spreadsheet names it
    assert "Tidak ada yang diimpor" in result.stderr
    assert snapshot(initialised) == before


@pytest.mark.parametrize(
    ("column", "value", "says"),
    [
        ("JK", "X", "l (laki-laki)"),
        ("JK", "L", "tidak cocok"),  # A is a woman
        ("Tgl Lahir", "31-02-1989", "bukan tanggal"),
        ("Tgl Lahir", "06-07-1989", "tidak cocok"),
        ("Desa", "Desa Antah Berantah", "desa"),
        ("Nama", "   ", "nama kosong"),
        ("Desa", "", "desa kosong"),
    ],
)
def test_bad_values_are_reported_with_row_and_column(
    cli: Any, initialised: Path, tmp_path: Path, column: str, value: str, says: str
) -> None:
    row: list[object] = [1, A, "Masliana", "P", "05-07-1989", "Kandangan Kota"]
    row[HEADER.index(column)] = value
    path = write_csv(tmp_path / "bad.csv", [["Judul daftar"], HEADER, row])
    before = snapshot(initialised)
    result = run(cli, str(path), "--json")
    assert result.exit_code == 1
    problem = as_json(result)["problems"][0]
    assert (problem["file"], problem["row"], problem["column"]) == ("bad.csv", 3, column)
    assert says in problem["expected"].lower()
    assert snapshot(initialised) == before


def test_unknown_programme_option_lists_known_codes(
    cli: Any, initialised: Path, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "l.xlsx", [HEADER, *good_rows()])
    result = run(cli, str(path), "--program", "PKX")
    assert result.exit_code == 1
    assert "PKX" in result.stderr and "BPNT" in result.stderr


def test_unknown_programme_in_a_column_is_a_row_problem(
    cli: Any, initialised: Path, tmp_path: Path
) -> None:
    rows = [["NIK", "Nama", "Desa", "Jenis Bantuan"], [A, "Masliana", "Kandangan Kota", "BANSOS X"]]
    result = run(cli, str(write_csv(tmp_path / "p.csv", rows)), "--json")
    assert result.exit_code == 1
    assert "BPNT" in as_json(result)["problems"][0]["expected"]


def test_same_nik_twice_names_both_rows_and_neither_is_imported(
    cli: Any, initialised: Path, tmp_path: Path
) -> None:
    rows = [HEADER, *good_rows(), [4, A, "Masliana", "P", "", "Kandangan Kota"]]
    path = write_xlsx(tmp_path / "dup.xlsx", rows)
    result = run(cli, str(path), "--skip-invalid", "--json")
    assert result.exit_code == 0
    summary = as_json(result)
    assert {p["row"] for p in summary["problems"]} == {2, 5}
    assert "5" in summary["problems"][0]["expected"] and "2" in summary["problems"][1]["expected"]
    assert (summary["new"], summary["rejected"]) == (2, 2)
    assert A not in recipients(initialised)


# -- --skip-invalid, --errors-to, damaged NIK never stored --------------------------------------
def test_skip_invalid_imports_the_rest_and_never_stores_a_damaged_nik(
    cli: Any, initialised: Path, tmp_path: Path
) -> None:
    damaged = 6306054507890000.0  # what Excel keeps of 6306054507890001
    rows = [HEADER, [1, damaged, "Salasiah", "P", "", "Kandangan Kota"], *good_rows()[1:]]
    path = write_xlsx(tmp_path / "d.xlsx", rows)
    errors = tmp_path / "salah.xlsx"
    result = run(cli, str(path), "--skip-invalid", "--errors-to", str(errors))
    assert result.exit_code == 0, result.output
    stored = recipients(initialised)
    assert set(stored) == {B, C}
    assert not any(nik.startswith("63060545078900") for nik in stored)
    sheet = load_workbook(errors).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == [*HEADER, "Masalah"]
    assert len(values) == 2
    assert values[1][1] == "6306054507890000"  # as text, digits visible for fixing
    assert "15" in values[1][-1]


def test_errors_to_needs_xlsx(cli: Any, initialised: Path, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "l.xlsx", [HEADER, *good_rows()])
    assert run(cli, str(path), "--errors-to", str(tmp_path / "e.csv")).exit_code == 2


# -- dry run, idempotence, upsert ---------------------------------------------------------------
def test_dry_run_counts_and_writes_nothing(cli: Any, registered: Path, tmp_path: Path) -> None:
    rows = [HEADER, *good_rows(), [4, NIK_WOMAN, "Siti Aisyah", "P", "", "Kandangan Kota"]]
    path = write_xlsx(tmp_path / "l.xlsx", rows)
    before = snapshot(registered)
    result = run(cli, str(path), "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    summary = as_json(result)
    assert (summary["new"], summary["unchanged"], summary["imported"]) == (3, 1, False)
    assert snapshot(registered) == before


def test_reimport_changes_nothing(cli: Any, initialised: Path, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "l.xlsx", [HEADER, *good_rows()])
    assert run(cli, str(path), "--program", "PKH").exit_code == 0
    before = snapshot(initialised)
    result = run(cli, str(path), "--program", "PKH", "--json")
    assert result.exit_code == 0
    summary = as_json(result)
    assert (summary["new"], summary["updated"], summary["unchanged"]) == (0, 0, 3)
    assert snapshot(initialised) == before


def test_known_nik_updates_only_changed_fields_and_keeps_enrollments(
    cli: Any, registered: Path, tmp_path: Path
) -> None:
    rows = [
        ["NIK", "Nama", "No KK", "Desa", "No HP"],
        [NIK_WOMAN, "Siti Aisyah", "", "", "081234567890"],
    ]
    logged = count(registered, "SELECT count(*) FROM change_log")
    result = run(cli, str(write_csv(tmp_path / "u.csv", rows)), "--json")
    assert result.exit_code == 0, result.output
    assert as_json(result)["updated"] == 1
    row = recipients(registered)[NIK_WOMAN]
    assert (row["phone"], row["no_kk"]) == ("081234567890", KK)  # empty cells erase nothing
    assert count(registered, "SELECT count(*) FROM change_log") == logged + 1
    assert count(registered, "SELECT count(*) FROM enrollments WHERE status = 'active'") == 4
    conn = sqlite3.connect(registered)
    new = conn.execute("SELECT new FROM change_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    conn.close()
    assert json.loads(new) == {"phone": "081234567890"}


def test_strong_name_mismatch_is_a_conflict_not_an_overwrite(
    cli: Any, registered: Path, tmp_path: Path
) -> None:
    rows = [["NIK", "Nama", "Desa"], [NIK_MAN, "Masliana Noor", "Kandangan Kota"]]
    path = write_csv(tmp_path / "c.csv", rows)
    before = snapshot(registered)
    result = run(cli, str(path), "--json")
    assert result.exit_code == 1
    summary = as_json(result)
    assert summary["conflicts"] == 1
    assert "Ahmad Rahman" in summary["problems"][0]["expected"]
    assert snapshot(registered) == before
    assert run(cli, str(path), "--skip-invalid").exit_code == 0
    assert recipients(registered)[NIK_MAN]["name"] == "Ahmad Rahman"


def test_programme_column_enrolls_and_double_aid_is_reported(
    cli: Any, registered: Path, tmp_path: Path
) -> None:
    rows = [
        ["NIK", "Nama", "Desa", "Program"],
        [NIK_WOMAN, "Siti Aisyah", "", "BLT-DD"],
        [A, "Masliana", "Kandangan Kota", "PKH, PBI-JK"],
    ]
    result = run(cli, str(write_csv(tmp_path / "p.csv", rows)), "--json")
    assert result.exit_code == 0, result.output
    summary = as_json(result)
    assert summary["enrolled"] == 3
    assert [d["programs"] for d in summary["double_aid"]] == [["BLT-DD", "BPNT"], ["BLT-DD", "PKH"]]
    assert summary["double_aid"][0]["nik"] == "630605******0001"  # masked
    assert (
        count(
            registered,
            f"SELECT count(*) FROM enrollments e JOIN recipients r ON r.uuid = e.recipient_uuid WHERE r.nik = '{A}'",
        )
        == 2
    )


def test_new_names_are_searchable(cli: Any, initialised: Path, tmp_path: Path) -> None:
    # The import indexes names in bulk; the search index must still find them.
    assert run(cli, str(write_xlsx(tmp_path / "l.xlsx", [HEADER, *good_rows()]))).exit_code == 0
    result = cli("recipient", "list", "--search", "jumber", "--json")
    assert [r["name"] for r in json.loads(result.stdout)] == ["Gusti Jumberi"]


# -- output --------------------------------------------------------------------------------------
def test_json_summary_keys(cli: Any, initialised: Path, tmp_path: Path) -> None:
    result = run(cli, str(write_xlsx(tmp_path / "l.xlsx", [HEADER, *good_rows()])), "--json")
    summary = as_json(result)
    for key in ("file", "sheet", "rows", "new", "updated", "unchanged", "rejected", "conflicts",
                "enrolled", "dry_run", "imported", "problems", "double_aid", "unknown_columns"):  # fmt: skip
        assert key in summary
    assert summary["imported"] is True and summary["rows"] == 3


def test_summary_line_in_indonesian_and_english(
    cli: Any, initialised: Path, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "l.xlsx", [HEADER, *good_rows()])
    result = run(cli, str(path), "--dry-run")
    assert "3 baru" in result.stdout and "Uji coba" in result.stdout
    english = cli("--lang", "en", "recipient", "import", str(path))
    # The closing line ends with how long it took.
    assert "Imported l.xlsx: 3 new, 0 updated, 0 unchanged, 0 rejected, " in english.stdout


def test_import_needs_an_initialised_database(cli: Any, tmp_path: Path) -> None:
    result = run(cli, str(write_xlsx(tmp_path / "l.xlsx", [HEADER, *good_rows()])))
    assert result.exit_code == 1 and "init" in result.stderr


# -- the shipped samples ------------------------------------------------------------------------
def test_messy_pkh_sample(cli: Any, initialised: Path) -> None:
    path = SAMPLES / "bnba_pkh_kandangan.xlsx"
    before = snapshot(initialised)
    refused = run(cli, str(path), "--program", "PKH", "--json")
    assert refused.exit_code == 1
    summary = as_json(refused)
    assert summary["sheet"] == "BNBA PKH"
    assert summary["rejected"] == 4 and summary["new"] == 20
    assert snapshot(initialised) == before
    done = run(cli, str(path), "--program", "PKH", "--skip-invalid", "--json")
    assert done.exit_code == 0 and as_json(done)["new"] == 20
    assert count(initialised, "SELECT count(*) FROM recipients") == 20


def test_messy_bpnt_csv_sample(cli: Any, initialised: Path) -> None:
    result = run(cli, str(SAMPLES / "bnba_bpnt_sungai_raya.csv"), "--dry-run", "--json")
    summary = as_json(result)
    assert result.exit_code == 1
    assert summary["rejected"] == 2 and summary["new"] == 16
    assert summary["unknown_columns"] == ["KETERANGAN"]
    assert summary["double_aid"][0]["programs"] == ["BLT-DD", "BPNT"]


def test_clean_demo_sample_imports_without_problems(cli: Any, initialised: Path) -> None:
    result = run(cli, str(SAMPLES / "bnba_demo_clean.xlsx"), "--json")
    assert result.exit_code == 0, result.output
    summary = as_json(result)
    assert (summary["new"], summary["rejected"], summary["unknown_columns"]) == (30, 0, [])
