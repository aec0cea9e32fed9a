"""The monthly workbook as an official, printable document: letterhead, page setup,
signatures, document properties, marks, one-page summary, money columns, long sheets."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sampingdesa.io.xlsx import print_scale, printable_points
from sampingdesa.places.laptop import actor
from sampingdesa.register.office import OfficeInput, read_office, set_office
from sampingdesa.reports import queries, workbook
from sampingdesa.reports.model import build_month
from sampingdesa.store.changes import changes
from sampingdesa.values import month_names
from sampingdesa.values.parsing import parse_month
from tests.report_data import NIK_B, TODAY, _visit, build_known

MARCH = parse_month("2026-03")


@pytest.fixture
def known(initialised: Path) -> sqlite3.Connection:
    conn = build_known(initialised)
    # Report settings belong to the coordinator (issue 26): this laptop is the coordinator's.
    with changes(conn, actor(conn)) as writer:
        writer.update("assistants", actor(conn), {"role": "koordinator"})
    return conn


def write(cli: Any, tmp_path: Path, *args: str, month: str = "2026-03") -> Any:
    path = tmp_path / "m.xlsx"
    result = cli("report", "monthly", "--month", month, "-o", str(path), "--force", *args)
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(path), path


def header_row(ws: Any) -> int:
    return int(ws.freeze_panes[1:]) - 1


def column(ws: Any, letter: str) -> list[Any]:
    return [c.value for c in ws[letter]]


# -- page setup, fonts, properties ---------------------------------------------------------------
def test_every_sheet_prints_on_a4_with_footer_and_print_titles(
    cli: Any, known: sqlite3.Connection, tmp_path: Path
) -> None:
    book, _path = write(cli, tmp_path)
    for ws in book:
        assert ws.page_setup.paperSize == 9  # A4
        assert "Halaman &P dari &N" in ws.oddFooter.right.text
        assert "Maret 2026" in ws.oddFooter.left.text
        assert "Laporan bulanan pemantauan bantuan sosial" in ws.oddFooter.left.text
        if ws.title == "Ringkasan":  # one page: no header repeated on a signature page
            assert ws.print_title_rows is None
        elif ws.title != "Grafik":  # a table: its header repeats
            row = header_row(ws)
            assert ws.print_title_rows == f"${row}:${row}"
    book, _path = write(cli, tmp_path, "--paper", "F4")
    assert {ws.page_setup.paperSize for ws in book} == {14}  # Folio


def test_fonts_are_named_and_headers_are_tall_enough(
    cli: Any, known: sqlite3.Connection, tmp_path: Path
) -> None:
    book, _path = write(cli, tmp_path)
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None and cell.font.bold:
                    assert cell.font.name == "Calibri", (ws.title, cell.coordinate)
        if ws.title in ("Grafik", "Pendataan & Usulan", "Ringkasan"):  # no single header row
            continue
        row = header_row(ws)
        headers = [c.value for c in ws[row] if c.value]
        widths = [ws.column_dimensions[c.column_letter].width for c in ws[row] if c.value]
        wraps = any(len(h) > w - 1 for h, w in zip(headers, widths, strict=True))
        height = ws.row_dimensions[row].height
        assert height is not None and (height > 15 if wraps else height >= 15), ws.title


def test_document_properties(cli: Any, known: sqlite3.Connection, tmp_path: Path) -> None:
    cli("report", "settings", "--preparer-name", "Rina Wati")
    book, path = write(cli, tmp_path)
    props = book.properties
    assert props.title == "Laporan bulanan pemantauan bantuan sosial Maret 2026"
    assert "Maret 2026" in props.subject
    assert props.creator == "Rina Wati" != "openpyxl"
    with zipfile.ZipFile(path) as archive:
        app = archive.read("docProps/app.xml").decode()
    assert "<Company>Dinas Sosial Kabupaten Hulu Sungai Selatan</Company>" in app


# -- the one-page summary and the signatures -------------------------------------------------
def test_summary_prints_on_one_page_at_85_percent_or_more(
    cli: Any, known: sqlite3.Connection, tmp_path: Path
) -> None:
    book, _path = write(cli, tmp_path)
    ws = book["Ringkasan"]
    headers = [c.value for c in ws[header_row(ws)] if c.value]
    assert 8 <= len(headers) - 1 <= 10  # kecamatan and the figures that matter
    widths = [ws.column_dimensions[c.column_letter].width for c in ws[header_row(ws)] if c.value]
    # Fit both ways, on one page: the rows and the columns each need no less than 85%.
    assert ws.page_setup.orientation == "landscape"
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows is None  # no header repeated above the signatures
    heights = [ws.row_dimensions[r].height for r in range(1, ws.max_row + 1)]
    assert None not in heights  # every row's height is known, so the page can be measured
    for paper in ("a4", "f4"):
        assert print_scale(widths, paper, landscape=True) >= 0.85
        assert sum(heights) * 0.85 <= printable_points(paper, landscape=True), paper
    names = column(ws, "A")
    assert "Jambu Hilir" not in names  # desa are on Rincian Desa
    assert "Kandangan" in names and "Jumlah" in names
    # The programmes and the on-target rate are on the signed page too.
    assert {"BPNT", "PKH"} <= set(names)
    assert any(str(v).startswith("% tepat sasaran: ") for v in names)


def test_signature_block_blank_until_set_then_filled(
    cli: Any, known: sqlite3.Connection, tmp_path: Path
) -> None:
    book, _path = write(cli, tmp_path)
    text = [str(c.value) for row in book["Ringkasan"].iter_rows() for c in row if c.value]
    assert "Mengetahui," in text and "Dibuat oleh," in text
    assert "Kepala Dinas Sosial Kabupaten Hulu Sungai Selatan" in text  # jabatan in full
    assert "Koordinator Samping Desa Kabupaten Hulu Sungai Selatan" in text
    assert text.count(workbook.BLANK_NAME) == 2 and text.count(workbook.BLANK_NIP) == 2
    assert not any("None" in t for t in text)
    result = cli(
        "report", "settings", "--place", "Kandangan", "--head-name", "Drs. H. Akhmad Fauzi",
        "--head-nip", "19700101 199003 1 005", "--preparer-name", "Rina Wati",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    book, _path = write(cli, tmp_path)
    text = [str(c.value) for row in book["Ringkasan"].iter_rows() for c in row if c.value]
    today = dt.date.today()
    assert f"Kandangan, {month_names.long_date(today)}" in text
    assert "Drs. H. Akhmad Fauzi" in text and "NIP. 19700101 199003 1 005" in text
    assert "Rina Wati" in text and text.count(workbook.BLANK_NIP) == 1


def test_settings_are_logged_validated_and_shown(cli: Any, known: sqlite3.Connection) -> None:
    bad = cli("report", "settings", "--head-nip", "123")
    assert bad.exit_code == 1 and "18" in bad.stderr and "--head-nip" in bad.stderr
    bad = cli("report", "settings", "--paper", "A3")
    assert bad.exit_code == 1 and "--paper" in bad.stderr
    assert cli("report", "settings", "--office-name", "Dinas Sosial P3AP2KB").exit_code == 0
    logged = known.execute(
        "SELECT count(*) FROM change_log WHERE table_name = 'report_settings'"
    ).fetchone()[0]
    assert logged == 1
    assert read_office(known).name == "Dinas Sosial P3AP2KB"
    assert (
        read_office(known).head_title == "Kepala Dinas Sosial P3AP2KB Kabupaten Hulu Sungai Selatan"
    )
    shown = cli("report", "settings")
    assert "Dinas Sosial P3AP2KB" in shown.stdout and "(belum diisi)" in shown.stdout
    assert cli("report", "settings", "--office-name", "").exit_code == 0  # cleared
    assert read_office(known).name == "Dinas Sosial"


def test_setting_rows_have_the_same_uuid_on_every_laptop(known: sqlite3.Connection) -> None:
    with changes(known, actor(known)) as writer:
        set_office(writer, OfficeInput(place="Kandangan"))
    row = known.execute("SELECT uuid FROM report_settings WHERE key = 'place'").fetchone()
    from sampingdesa.register.office import setting_uuid

    assert row[0] == setting_uuid("place")


# -- marks: confidential and provisional ---------------------------------------------------------
def test_full_profile_prints_confidential_and_the_reason(
    cli: Any, known: sqlite3.Connection, tmp_path: Path
) -> None:
    book, _path = write(cli, tmp_path, "--full-nik", "--reason", "verifikasi musdes")
    for ws in book:
        assert "RAHASIA" in ws.oddHeader.center.text
        assert any("RAHASIA" in str(v) for v in column(ws, "A")[:8])
    notes = column(book["Keterangan"], "A")
    assert any("RAHASIA" in str(v) and "verifikasi musdes" in str(v) for v in notes)
    masked, _path = write(cli, tmp_path)
    assert all(not (ws.oddHeader.center.text or "") for ws in masked)


def test_a_running_month_is_provisional(known: sqlite3.Connection, tmp_path: Path) -> None:
    data = build_month(known, MARCH, queries.resolve_scope(known), profile="masked",
                       today=dt.date(2026, 3, 20))  # fmt: skip
    report = workbook.write_monthly(data, tmp_path / "p.xlsx", force=True)
    book = openpyxl.load_workbook(report.path)
    for ws in book:
        assert "SEMENTARA" in ws.oddHeader.center.text and "20-03-2026" in ws.oddHeader.center.text
    done = build_month(known, MARCH, queries.resolve_scope(known), profile="masked", today=TODAY)
    assert not done.provisional


# -- readable tables ---------------------------------------------------------------------------
def test_desa_indented_by_the_cell_and_filters_leave_out_the_total(
    cli: Any, known: sqlite3.Connection, tmp_path: Path
) -> None:
    book, _path = write(cli, tmp_path)
    ws = book["Rincian Desa"]
    desa = next(c for c in ws["B"] if c.value == "Jambu Hilir")
    assert desa.alignment.indent > 0
    assert not any(str(v).startswith(" ") for v in column(ws, "B") if v)
    for ws in book:
        if ws.title in ("Grafik", "Pendataan & Usulan", "Ringkasan"):
            continue
        last = int(ws.auto_filter.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        below = ws.cell(row=last + 1, column=1).value
        assert below is None or below.startswith("Jumlah"), ws.title
        if ws.title in ("Rincian Desa", "Per Program", "Kinerja Pendamping", "Penyaluran"):
            assert below.startswith("Jumlah"), ws.title


def test_labels_read_as_indonesian(cli: Any, known: sqlite3.Connection, tmp_path: Path) -> None:
    book, _path = write(cli, tmp_path)
    headers = {
        ws.title: [c.value for c in ws[header_row(ws)]]
        for ws in book
        if ws.title not in ("Grafik",)
    }
    results = headers["Rincian Desa - Hasil"]
    assert "Temuan baru" in results and "Temuan dibuka" not in results
    assert "Lama (hari)" in headers["Temuan"] and "Tindak lanjut" in headers["Temuan"]
    values = set(headers["Per Program - Nilai"])
    assert {"Nilai seharusnya", "Nilai tercatat", "Nilai diterima"} <= values
    assert "Tidak tepat sasaran (kunjungan)" in headers["Ringkasan"]
    assert "Tidak tepat sasaran (kepesertaan)" in headers["Per Program"]
    text = "\n".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value)
    assert ": disamarkan:" not in text and "Profil privasi" not in text
    assert "seluruh kabupaten" not in text
    people = [r[1] for r in book["Kinerja Pendamping"].iter_rows(
        min_row=header_row(book["Kinerja Pendamping"]) + 1, values_only=True) if r[0]]  # fmt: skip
    assert "Kandangan Kota" in people  # the assistant of the known data has a desa
    idm = column(book["Rincian Desa"], "C")
    assert "belum diisi" in idm
    assert not any("wilayah idm import" in str(v) for v in column(book["Rincian Desa"], "A"))


# -- figures an auditor accepts -----------------------------------------------------------------
def test_a_period_checked_twice_counts_once_and_money_is_defined(
    known: sqlite3.Connection,
) -> None:
    with changes(known, actor(known)) as writer:
        _visit(writer, NIK_B, "2026-03-28", deliveries=["BPNT:2026-03:full"])
    scope = queries.resolve_scope(known)
    total = queries.month_summary(known, MARCH, scope).total.counts
    assert (total.full, total.none) == (2, 0)  # B's "none" of 20 March is replaced
    bpnt = next(p for p in queries.program_rows(known, MARCH, scope) if p.code == "BPNT")
    assert (bpnt.counts.full, bpnt.counts.partial, bpnt.counts.none) == (1, 1, 0)
    # Due: A partial + B full, 200,000 each; recorded: A's 100,000; received: that plus
    # B's full without an amount at the nominal.
    assert (bpnt.money.due, bpnt.money.recorded, bpnt.money.received) == (400_000, 100_000, 300_000)
    pkh = next(p for p in queries.program_rows(known, MARCH, scope) if p.code == "PKH")
    assert pkh.nominal is None and pkh.money.due == 0 and pkh.money.due_unknown == 1
    rows = queries.delivery_rows(known, MARCH, scope, queries.nik_shower("masked"))
    b_rows = [r for r in rows if r[2] == "Ahmad Rahman"]
    assert [r[-1] for r in b_rows] == ["tidak: diperiksa ulang", "ya"]


def test_money_columns_in_the_workbook(cli: Any, known: sqlite3.Connection, tmp_path: Path) -> None:
    book, _path = write(cli, tmp_path)
    ws = book["Per Program - Nilai"]
    headers = [c.value for c in ws[header_row(ws)]]
    rows = {r[0]: r for r in ws.iter_rows(min_row=header_row(ws) + 1, values_only=True) if r[0]}
    due, received, note = (headers.index(h) for h in
                           ("Nilai seharusnya", "Nilai diterima", "Catatan nilai"))  # fmt: skip
    assert rows["PKH"][due] is None and "nominal belum ditetapkan" in rows["PKH"][note]
    assert rows["BPNT"][due] == 400_000  # A partial + B none, 200,000 each
    # Like with like: programmes with a nominal in one total; PKH (no nominal) apart.
    with_nominal = rows["Jumlah bernominal"]
    priced = [r for code, r in rows.items() if code in ("BPNT",)]
    assert with_nominal[due] == sum(r[due] for r in priced) == 400_000
    assert with_nominal[received] == sum(r[received] or 0 for r in priced)
    other = rows["Program lain"]
    assert other[due] is None and other[received] is None
    assert not any("sampingdesa " in str(v) for r in rows.values() for v in r if v)
    rules = " ".join(str(v) for v in column(book["Keterangan"], "C") if v)
    assert "Nilai seharusnya" in " ".join(str(v) for v in column(book["Keterangan"], "B") if v)
    assert "sekali per penerima, program dan periode" in rules


# -- sheets past the row limit ---------------------------------------------------------------------
def test_a_long_detail_table_continues_on_a_second_sheet(
    known: sqlite3.Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = build_month(known, MARCH, queries.resolve_scope(known), profile="masked", today=TODAY)
    deliveries = data.details["deliveries"]
    assert len(deliveries) == 4
    header = workbook.BookWriter(workbook.letterhead(data))._header_row([])
    monkeypatch.setattr(workbook, "MAX_SHEET_ROWS", header + 6)  # three rows and the Jumlah
    report = workbook.write_monthly(data, tmp_path / "long.xlsx", force=True)
    book = openpyxl.load_workbook(report.path)
    assert "Penyaluran (2)" in book.sheetnames
    first, second = book["Penyaluran"], book["Penyaluran (2)"]
    assert [c.value for c in first[header_row(first)]] == [
        c.value for c in second[header_row(second)]
    ]
    counted = [
        r for ws in (first, second)
        for r in ws.iter_rows(min_row=header_row(ws) + 1, values_only=True)
        if r[0] and r[0] != "Jumlah"
    ]  # fmt: skip
    assert len(counted) == 4
    assert first.max_row <= header + 6
    assert len(list(first.iter_rows(min_row=header_row(first) + 1))) == 3
    notes = " ".join(str(v) for v in column(book["Keterangan"], "A") if v)
    assert "Penyaluran (2)" in notes


# -- the printed pages -------------------------------------------------------------------------
def _can_render() -> bool:
    """LibreOffice and fonts with the metrics of Calibri (Carlito) and Arial (Liberation
    Sans): with any other font rows change height and the page count means nothing."""
    if shutil.which("soffice") is None or shutil.which("fc-list") is None:
        return False
    fonts = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
    return "Carlito" in fonts and "Liberation Sans" in fonts


needs_render = pytest.mark.skipif(
    not _can_render(), reason="needs soffice with the Carlito and Liberation Sans fonts"
)


@needs_render
def test_libreoffice_prints_the_summary_on_one_page(
    known: sqlite3.Connection, tmp_path: Path
) -> None:
    data = build_month(known, MARCH, queries.resolve_scope(known), profile="aggregate",
                       today=TODAY)  # fmt: skip
    summary_only = [item for item in workbook.MONTHLY_SHEETS if item[0] == "summary"]
    paths = []
    for paper in ("a4", "f4"):
        data.paper = paper
        paths.append(workbook.write_monthly(data, tmp_path / f"s-{paper}.xlsx", force=True,
                                            sheets=summary_only).path)  # fmt: skip
    assert _pages(paths, tmp_path) == [1, 1]


def _pages(paths: list[Path], tmp_path: Path) -> list[int]:
    """Pages of each file, printed by one LibreOffice run."""
    return [len(texts) for texts in _page_texts(paths, tmp_path)]


def _page_texts(paths: list[Path], tmp_path: Path) -> list[list[str]]:
    """Each file's pages as text (one LibreOffice start for all: it takes a second or two)."""
    profile = tmp_path / "lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp_path), *map(str, paths)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    found = []
    for path in paths:
        pdf = tmp_path / path.with_suffix(".pdf").name
        if shutil.which("pdftotext") is None:
            count = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))
            found.append([""] * count)
            continue
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout  # fmt: skip
        found.append(text.split("\f")[:-1])
    return found


def sheet_pages(path: Path, tmp_path: Path, titles: list[str]) -> dict[str, int]:
    """Pages per sheet: a sheet's first page carries its title under the kop; the pages
    after it, up to the next sheet's title, are its continuation."""
    found: dict[str, int] = {}
    current = None
    for page in _page_texts([path], tmp_path)[0]:
        head = "\n".join(page.splitlines()[:8])
        starts = next((t for t in titles if t in head and "PEMERINTAH" in head), None)
        if starts is not None:
            current = starts
        assert current is not None, page[:200]
        found[current] = found.get(current, 0) + 1
    return found


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo of 6 December 2026, built once for both papers (only read here)."""
    from sampingdesa.demo import build_demo

    return build_demo(tmp_path_factory.mktemp("demo"), today=dt.date(2026, 12, 6)).db_path


@needs_render
@pytest.mark.parametrize("paper", ["a4", "f4"])
def test_the_demo_month_prints_as_expected(tmp_path: Path, paper: str, demo_database: Path) -> None:
    """The demo's last full month on A4 and F4: the Ringkasan on one page, every other
    sheet on the pages expected (long tables continue, nothing spills a column)."""
    from sampingdesa.store.db import open_db

    conn = open_db(demo_database)
    month = parse_month("2026-11")
    data = build_month(conn, month, queries.resolve_scope(conn), profile="masked",
                       today=dt.date(2026, 12, 6), paper=paper)  # fmt: skip
    conn.close()
    path = workbook.write_monthly(data, tmp_path / f"demo-{paper}.xlsx", force=True).path
    book = openpyxl.load_workbook(path)
    titles = {ws.title: str(ws.cell(row=header_title_row(ws), column=1).value) for ws in book}
    pages = sheet_pages(path, tmp_path, list(titles.values()))
    by_sheet = {sheet: pages.get(title, 0) for sheet, title in titles.items()}
    assert by_sheet["Ringkasan"] == 1, by_sheet
    expected = EXPECTED_PAGES[paper]
    assert by_sheet == expected, by_sheet


_ONE = ("Ringkasan", "Rincian Desa", "Rincian Desa - Hasil", "Per Program", "Per Program - Nilai",
        "Ketepatan Sasaran", "Pendampingan Lansia", "Kinerja Pendamping", "Belum Dikunjungi",
        "Grafik")  # fmt: skip
EXPECTED_PAGES: dict[str, dict[str, int]] = {
    "a4": {**dict.fromkeys(_ONE, 1), "Penyaluran": 3, "Perubahan": 2, "Temuan": 5,
           "Pendataan & Usulan": 2, "Keterangan": 6},
    "f4": {**dict.fromkeys(_ONE, 1), "Penyaluran": 3, "Perubahan": 2, "Temuan": 6,
           "Pendataan & Usulan": 2, "Keterangan": 6},
}  # fmt: skip


def header_title_row(ws: Any) -> int:
    """The title row: the first row below the kop set in the 13-point title type."""
    for row in range(1, 12):
        cell = ws.cell(row=row, column=1)
        if cell.value and cell.font.size == 13:  # TITLE_FONT; the kop is 12 and 14
            return row
    raise AssertionError(ws.title)


# -- the register CSV --------------------------------------------------------------------------
def test_register_csv_with_semicolons(cli: Any, known: sqlite3.Connection, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    result = cli("report", "recipients", "-o", str(path), "--sep", ";")
    assert result.exit_code == 0, result.output
    first = path.read_text(encoding="utf-8-sig").splitlines()[0]
    assert first.startswith("Kecamatan;Desa;Nama;NIK")
    assert ".xlsx" in result.stdout  # the leading-zero advice
    bad = cli("report", "recipients", "-o", str(tmp_path / "x.csv"), "--sep", "|")
    assert bad.exit_code == 1 and "--sep" in bad.stderr and not (tmp_path / "x.csv").exists()
