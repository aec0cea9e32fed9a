"""The monthly workbook: sheets, headers, totals against SQL, charts, privacy, safety."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sampingdesa.i18n import translate_to
from sampingdesa.reports import queries as reports
from sampingdesa.reports.workbook import sheet_names
from sampingdesa.values.parsing import parse_month
from tests.report_data import (
    AT_NAME,
    FORMULA_NAME,
    NIK_A,
    NIK_B,
    NIK_D,
    NIK_G,
    build_known,
)

ID_SHEETS = [
    "Ringkasan", "Rincian Desa", "Rincian Desa - Hasil", "Per Program", "Per Program - Nilai",
    "Penyaluran", "Ketepatan Sasaran", "Perubahan",
    "Pendampingan Lansia", "Temuan", "Kinerja Pendamping", "Belum Dikunjungi",
    "Pendataan & Usulan", "Grafik", "Keterangan",
]  # fmt: skip
EN_SHEETS = [
    "Summary", "Per Desa", "Per Desa  results", "Per Programme", "Per Programme  value",
    "Deliveries", "Targeting", "Outcomes", "Elderly Escorts",
    "Findings", "Assistant Performance", "Not Visited", "Pendataan & Usulan", "Charts",
    "Explanation",
]  # fmt: skip
ALL_NIKS = [NIK_A, NIK_B, NIK_D, NIK_G]


@pytest.fixture
def known(initialised: Path) -> sqlite3.Connection:
    return build_known(initialised)


def write(
    cli: Any, tmp_path: Path, *args: str, month: str = "2026-03", name: str = "m.xlsx"
) -> Path:
    path = tmp_path / name
    result = cli("report", "monthly", "--month", month, "-o", str(path), *args)
    assert result.exit_code == 0, result.output
    return path


def header_row(ws: Any) -> int:
    return int(ws.freeze_panes[1:]) - 1


def table(ws: Any) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The header row (the first bold frozen row) and the rows below it, to the first blank."""
    rows = list(ws.iter_rows(min_row=header_row(ws), values_only=True))
    data = []
    for row in rows[1:]:
        if all(v is None for v in row):
            break
        data.append(row)
    return list(rows[0]), data


def period_line(ws: Any) -> str:
    return next(c.value for c in ws["A"] if str(c.value or "").startswith(("Periode", "Period")))


def all_text(book: Any) -> str:
    return "\n".join(
        str(value)
        for ws in book
        for row in ws.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def sql_count(conn: sqlite3.Connection, sql: str, *params: Any) -> int:
    return int(conn.execute(sql, params).fetchone()[0])


# -- numbers -----------------------------------------------------------------------------------
def test_summary_counts_match_direct_sql(known: sqlite3.Connection) -> None:
    month = parse_month("2026-03")
    total = reports.month_summary(known, month, reports.resolve_scope(known)).total.counts
    start, end = "2026-03-01", "2026-03-31"
    enrolled = sql_count(known, (
        "SELECT count(DISTINCT r.uuid) FROM recipients r JOIN enrollments e ON e.recipient_uuid = r.uuid "
        "WHERE r.deleted_at IS NULL AND e.deleted_at IS NULL AND (e.since IS NULL OR e.since <= ?) "
        "AND (e.until IS NULL OR e.until >= ?)"), end, start)  # fmt: skip
    visits = "FROM visits WHERE deleted_at IS NULL AND visit_date BETWEEN ? AND ?"
    deliveries = (
        "FROM deliveries d JOIN visits v ON v.uuid = d.visit_uuid WHERE v.deleted_at IS NULL "
        "AND d.deleted_at IS NULL AND v.visit_date BETWEEN ? AND ?"
    )
    assert total.recipients == enrolled == 5
    assert total.recipients_visited == 4
    assert total.visits == sql_count(known, f"SELECT count(*) {visits}", start, end) == 4
    for status, field in (
        ("full", "full"),
        ("partial", "partial"),
        ("none", "none"),
        ("not-due", "not_due"),
    ):
        expected = sql_count(
            known, f"SELECT count(*) {deliveries} AND d.status = ?", start, end, status
        )
        assert getattr(total, field) == expected == 1
    assert (
        total.escorts
        == sql_count(known, f"SELECT count(*) {visits} AND kind = 'escort'", start, end)
        == 1
    )
    assert total.off_target == 1 and total.unsure == 1
    assert (total.better, total.same, total.worse, total.ready_to_graduate) == (1, 0, 1, 1)
    assert (
        total.findings_opened
        == sql_count(
            known, "SELECT count(*) FROM findings WHERE opened_on BETWEEN ? AND ?", start, end
        )
        == 4
    )
    assert total.findings_resolved == 1
    assert total.findings_open == 4  # February's is still open, the resolved one is not
    assert total.share_full == pytest.approx(1 / 3)


def test_month_boundaries(known: sqlite3.Connection) -> None:
    def total(label: str) -> reports.Counts:
        month = parse_month(label)
        return reports.month_summary(known, month, reports.resolve_scope(known)).total.counts

    # A visit on 31 March counts in March, one on 1 April in April.
    assert total("2026-04").visits == 1
    # Enrolled from 15 March counts in March; from 1 April only from April; ended 28 Feb counts in Feb.
    assert total("2026-03").recipients == 5
    assert total("2026-04").recipients == 6
    assert total("2026-02").recipients == 5  # A, C, D, F, G (B starts in March)
    # Enrollments without a start date count in any past month.
    assert total("2020-01").recipients == 4


def test_summary_json(cli: Any, known: sqlite3.Connection) -> None:
    result = cli("report", "summary", "--month", "2026-03", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in ("month", "recipients", "visits", "recipients_visited", "delivery", "off_target",
                "escorts", "findings_open", "per_kecamatan"):  # fmt: skip
        assert key in data
    assert data["month"] == "2026-03"
    assert data["delivery"] == {
        "full": 1,
        "partial": 1,
        "none": 1,
        "not_due": 1,
        "share_full": 0.3333,
    }
    kandangan = next(k for k in data["per_kecamatan"] if k["code"] == "63.06.05")
    assert kandangan["name"] == "Kandangan"
    assert kandangan["recipients"] == 4 and kandangan["visits"] == 3
    assert sum(k["visits"] for k in data["per_kecamatan"]) == data["visits"]


def test_summary_table_and_kecamatan(cli: Any, known: sqlite3.Connection) -> None:
    result = cli("report", "summary", "--month", "2026-03", "--kecamatan", "Kandangan")
    assert result.exit_code == 0, result.output
    assert "Kandangan" in result.stdout and "Jambu Hilir" in result.stdout
    assert "Sungai Raya" not in result.stdout


def test_bad_month_is_a_clear_error(cli: Any, known: sqlite3.Connection) -> None:
    result = cli("report", "summary", "--month", "Maret")
    assert result.exit_code == 1
    assert "YYYY-MM" in result.stderr or "TTTT-BB" in result.stderr


# -- the workbook -------------------------------------------------------------------------------
def test_sheets_headers_and_totals(cli: Any, known: sqlite3.Connection, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write(cli, tmp_path))
    assert book.sheetnames == ID_SHEETS
    headers, rows = table(book["Rincian Desa"])
    assert headers[:5] == [
        "Kode",
        "Nama",
        "Status IDM",
        "Penerima terdaftar",
        "Penerima dikunjungi",
    ]
    _h, results = table(book["Rincian Desa - Hasil"])
    total = rows[-1]
    assert total[0] == "Jumlah" and total[1] is None  # "Jumlah" once, not as code and name
    for part in (rows, results):
        kecamatan = [r for r in part if r[0] and len(r[0]) == 8]  # 63.06.01
        desa = [r for r in part if r[0] and len(r[0]) > 8]
        for column in range(3, len(part[0])):
            if part is rows and column in (5, 11):  # percentages
                continue
            assert (
                part[-1][column]
                == sum(r[column] or 0 for r in kecamatan)
                == sum(r[column] or 0 for r in desa)
            )
    assert total[3:5] == (5, 4)
    assert total[5] == pytest.approx(0.8)
    first_data = header_row(book["Rincian Desa"]) + 1
    assert book["Rincian Desa"].cell(row=first_data, column=6).number_format == "0.0%"
    outcome_total = results[-1]

    _h, deliveries = table(book["Penyaluran"])
    jumlah = deliveries.pop()
    assert jumlah[0] == "Jumlah" and jumlah[8] == sum(r[8] or 0 for r in deliveries)
    assert len(deliveries) == sql_count(known, (
        "SELECT count(*) FROM deliveries d JOIN visits v ON v.uuid = d.visit_uuid "
        "WHERE v.visit_date BETWEEN '2026-03-01' AND '2026-03-31'"))  # fmt: skip
    first = book["Penyaluran"].cell(row=header_row(book["Penyaluran"]) + 1, column=1)
    assert first.is_date and first.number_format == "DD-MM-YYYY"
    amount_cell = next(c for c in book["Penyaluran"]["H"] if isinstance(c.value, int))
    assert amount_cell.number_format == '"Rp" #,##0'
    _h, not_visited = table(book["Belum Dikunjungi"])
    assert [r[1] for r in not_visited] == ["Galuh Belum"] and total[3] - total[4] == len(
        not_visited
    )
    _h, findings = table(book["Temuan"])
    assert len(findings) == outcome_total[-1]
    assert [r[0] for r in findings] == sorted(r[0] for r in findings)  # oldest first
    _h, targeting = table(book["Ketepatan Sasaran"])
    assert len(targeting) == outcome_total[2] + outcome_total[3]
    _h, escorts = table(book["Pendampingan Lansia"])
    # Masked profile: the age reached that year (born 1945, escorted 2026: 81), not the exact
    # age on the day (80), which beside the birth year would narrow the NIK's hidden date.
    assert len(escorts) == outcome_total[8] and escorts[0][4] == 81
    _h, outcomes = table(book["Perubahan"])
    assert outcomes[0][10] == "ya"  # ready to graduate first
    _h, people = table(book["Kinerja Pendamping"])
    assert people[-1][2] == total[6]
    _h, programmes = table(book["Per Program"])
    bpnt = next(r for r in programmes if r[0] == "BPNT")
    assert bpnt[3] == 4 and bpnt[2] == "non-tunai"
    _h, values = table(book["Per Program - Nilai"])
    bpnt = next(r for r in values if r[0] == "BPNT")
    assert bpnt[6] == 100000  # amount recorded
    assert values[-2][0] == "Jumlah bernominal" and values[-1][0] == "Program lain"
    priced = [r for r in values[:-2] if r[5] is not None]
    assert values[-2][5] == sum(r[5] for r in priced)  # due: like with like
    assert values[-2][6] + (values[-1][6] or 0) == sum(r[6] or 0 for r in values[:-2]) == 850000


def test_every_sheet_has_title_period_filter_and_landscape(
    cli: Any, known: sqlite3.Connection, tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(write(cli, tmp_path))
    for ws in book:
        assert ws["A1"].value == "PEMERINTAH KABUPATEN HULU SUNGAI SELATAN"
        assert ws["A1"].font.bold and ws["A1"].font.name == "Calibri"
        assert ws["A2"].value == "DINAS SOSIAL"
        assert "Maret 2026" in period_line(ws)
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1
        if ws.title not in ("Grafik", "Pendataan & Usulan", "Ringkasan"):  # no single table
            header = int(ws.freeze_panes[1:]) - 1
            assert ws.auto_filter.ref.startswith(f"A{header}:")
            assert ws.cell(row=header, column=1).font.bold


def test_charts_draw_from_the_workbook_cells(
    cli: Any, known: sqlite3.Connection, tmp_path: Path
) -> None:
    ws = openpyxl.load_workbook(write(cli, tmp_path))["Grafik"]
    charts = ws._charts
    assert [type(c).__name__ for c in charts] == ["BarChart", "BarChart", "LineChart"]
    kecamatan_bar, stacked, line = charts
    assert stacked.grouping == "stacked"
    refs = [s.val.numRef.f for s in kecamatan_bar.series]
    first = int(refs[0].split("$")[2].rstrip(":"))
    last = int(refs[0].split("$")[-1])
    assert refs == [f"'Grafik'!$B${first}:$B${last}", f"'Grafik'!$C${first}:$C${last}"]
    names = [ws.cell(row, 1).value for row in range(first, last + 1)]
    assert ws.cell(first - 1, 1).value == "Kecamatan" and names[0] == "Sungai Raya"
    # Kecamatan without recipients have no share to draw: left out of the chart.
    assert "Padang Batung" not in names and "Kandangan" in names
    kandangan = first + names.index("Kandangan")
    assert ws.cell(kandangan, 2).value == pytest.approx(0.75)  # % visited
    assert kecamatan_bar.series[0].cat.numRef.f == f"'Grafik'!$A${first}:$A${last}"
    assert len(stacked.series) == 4
    months = line.series[0].val.numRef.f
    first_row = int(months.split("$")[2].rstrip(":"))
    assert ws.cell(row=first_row, column=1).value == "Apr 2025"
    assert ws.cell(row=first_row + 11, column=1).value == "Mar 2026"
    assert ws.cell(row=first_row + 11, column=2).value == 4
    # Months before any visit are blank (no data yet), not plotted as 0.
    counts = [ws.cell(row=first_row + i, column=2).value for i in range(12)]
    started = next(i for i, v in enumerate(counts) if v)
    assert all(v is None for v in counts[:started]) and None not in counts[started:]
    assert all(series.smooth is False for series in line.series)
    title = "".join(r.t for p in kecamatan_bar.title.tx.rich.p for r in p.r)
    assert title == "% dikunjungi dan % diterima penuh per kecamatan"


# -- privacy and safety ---------------------------------------------------------------------------
def test_masked_by_default_no_full_nik_anywhere(
    cli: Any, known: sqlite3.Connection, tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(write(cli, tmp_path))
    text = all_text(book)
    assert not any(nik in text for nik in ALL_NIKS)
    assert "630605******0001" in text
    nik_cell = book["Penyaluran"].cell(row=header_row(book["Penyaluran"]) + 1, column=4)
    assert nik_cell.data_type == "s"


def test_full_profile_needs_a_reason_and_is_logged(
    cli: Any, known: sqlite3.Connection, tmp_path: Path
) -> None:
    refused = cli(
        "report", "monthly", "--month", "2026-03", "-o", str(tmp_path / "f.xlsx"), "--full-nik"
    )
    assert refused.exit_code == 2 and not (tmp_path / "f.xlsx").exists()
    path = write(cli, tmp_path, "--full-nik", "--reason", "verifikasi musdes", name="f.xlsx")
    book = openpyxl.load_workbook(path)
    assert NIK_A in all_text(book)
    cell = next(c for c in book["Penyaluran"]["D"] if c.value == NIK_A)
    assert cell.data_type == "s"  # text, never a number
    logged = known.execute(
        "SELECT reason FROM change_log WHERE action = 'reveal_nik' ORDER BY id DESC"
    ).fetchone()
    assert logged[0] == "verifikasi musdes"


def test_aggregate_has_no_names_or_niks(
    cli: Any, known: sqlite3.Connection, tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(write(cli, tmp_path, "--profile", "aggregate"))
    assert book.sheetnames == [
        "Ringkasan", "Rincian Desa", "Rincian Desa - Hasil", "Per Program", "Per Program - Nilai",
        "Pendataan & Usulan", "Grafik", "Keterangan",
    ]  # fmt: skip
    text = all_text(book)
    for name in ("Siti Aisyah", "Ahmad Rahman", "Galuh Belum", "Rina", FORMULA_NAME, AT_NAME):
        assert name not in text
    assert "********" not in text.replace("630605******0001)", "")  # only the profile's example
    assert not any(nik[:6] + "*" in text.replace("630605******0001)", "") for nik in ALL_NIKS)


def test_no_cell_is_a_formula(cli: Any, known: sqlite3.Connection, tmp_path: Path) -> None:
    path = write(cli, tmp_path)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(name).decode("utf-8")
    book = openpyxl.load_workbook(path)
    cells = [c for ws in book for row in ws.iter_rows() for c in row if c.value == FORMULA_NAME]
    assert cells and all(c.data_type == "s" for c in cells)
    assert all(c.data_type != "f" for ws in book for row in ws.iter_rows() for c in row)


def test_empty_month_gives_zeros_and_a_note(cli: Any, initialised: Path, tmp_path: Path) -> None:
    result = cli("report", "monthly", "--month", "2019-01", "-o", str(tmp_path / "e.xlsx"))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / "e.xlsx")
    assert book.sheetnames == ID_SHEETS
    ws = book["Ringkasan"]
    assert any("Tidak ada penerima terdaftar" in str(c.value) for c in ws["A"])
    _h, rows = table(ws)
    assert all(v in (0, None, "–") for v in rows[-1][1:])
    _h, deliveries = table(book["Penyaluran"])
    assert [row[0] for row in deliveries] == ["Jumlah"] and deliveries[0][8] == 0


def test_existing_file_needs_force(cli: Any, known: sqlite3.Connection, tmp_path: Path) -> None:
    path = tmp_path / "m.xlsx"
    path.write_bytes(b"keep me")
    refused = cli("report", "monthly", "--month", "2026-03", "-o", str(path))
    assert refused.exit_code == 1 and "--force" in refused.stderr
    assert path.read_bytes() == b"keep me"
    write(cli, tmp_path, "--force")
    assert openpyxl.load_workbook(path).sheetnames == ID_SHEETS
    assert not list(tmp_path.glob(".sampingdesa-*"))  # no temporary file left behind


def test_english_labels(cli: Any, known: sqlite3.Connection, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write(cli, tmp_path, "--lang", "en"))
    assert book.sheetnames == EN_SHEETS
    headers, _rows = table(book["Per Desa"])
    assert headers[3] == "Recipients enrolled"
    assert "March 2026" in period_line(book["Summary"])


def test_sheet_names_in_the_catalogue() -> None:
    names = [translate_to("id", name) for name in sheet_names().values()]
    assert [name for name in names if name != "Uraian"] == ID_SHEETS


def test_filters_by_desa_and_kecamatan(cli: Any, known: sqlite3.Connection, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write(cli, tmp_path, "--kecamatan", "Sungai Raya"))
    _h, rows = table(book["Rincian Desa"])
    assert [r[0] for r in rows] == ["63.06.01", "63.06.01.2001", "Jumlah"]
    assert rows[-1][3] == 1
    book = openpyxl.load_workbook(write(cli, tmp_path, "--desa", "63.06.05.1004", "--force"))
    _h, deliveries = table(book["Penyaluran"])
    assert {r[1] for r in deliveries if r[0] != "Jumlah"} == {"Jambu Hilir"}
