"""Issue 24: the printed report and the other documents, read back with openpyxl: the kop,
the signatures, readable scales, tables that cannot be misread, no command text on paper,
programme forms of aid, the narrative, and the properties and paper of every file."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import struct
import zlib
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sampingdesa.errors import InvalidValue
from sampingdesa.io.xlsx import print_scale
from sampingdesa.places.laptop import actor
from sampingdesa.register.office import format_nip, read_office
from sampingdesa.register.programs import get_program
from sampingdesa.reports import queries, workbook
from sampingdesa.reports.model import build_month
from sampingdesa.store.changes import changes
from sampingdesa.store.db import open_db
from sampingdesa.values.parsing import parse_month
from tests.report_data import NIK_A, NIK_B, TODAY, _visit, build_known

MARCH = parse_month("2026-03")
COMMAND = re.compile(r"sampingdesa [a-z]")


@pytest.fixture
def known(initialised: Path) -> sqlite3.Connection:
    conn = build_known(initialised)
    # Report settings belong to the coordinator (issue 26): this laptop is the coordinator's.
    with changes(conn, actor(conn)) as writer:
        writer.update("assistants", actor(conn), {"role": "koordinator"})
    return conn


def write(cli: Any, tmp_path: Path, *args: str) -> tuple[Any, Path]:
    path = tmp_path / "m.xlsx"
    result = cli("report", "monthly", "--month", "2026-03", "-o", str(path), "--force", *args)
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(path), path


def texts(ws: Any) -> list[str]:
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def header_row(ws: Any) -> int:
    return int(ws.freeze_panes[1:]) - 1


def widths(ws: Any) -> list[float]:
    letters = [openpyxl.utils.get_column_letter(i) for i in range(1, ws.max_column + 1)]
    return [ws.column_dimensions[x].width or 8.43 for x in letters]


# -- the kop and the signatures -----------------------------------------------------------------
def test_kop_centred_in_capitals_with_a_closing_rule_and_one_typeface(
    cli: Any, known: sqlite3.Connection, tmp_path: Path
) -> None:
    cli("report", "settings", "--office-address", "Jl. Aluh Idut No. 1, Kandangan",
        "--office-phone", "(0517) 21000", "--office-email", "dinsos@hsskab.go.id")  # fmt: skip
    book, _path = write(cli, tmp_path)
    for ws in book:
        government, office, contact = (ws.cell(row=r, column=1) for r in (1, 2, 3))
        assert government.value == "PEMERINTAH KABUPATEN HULU SUNGAI SELATAN"
        assert office.value == "DINAS SOSIAL" and office.font.size > government.font.size
        assert contact.value == (
            "Jl. Aluh Idut No. 1, Kandangan, Telepon (0517) 21000, Pos-el: dinsos@hsskab.go.id"
        )
        for cell in (government, office, contact):
            assert cell.alignment.horizontal == "center", ws.title
        merged = {str(r) for r in ws.merged_cells.ranges}
        assert any(r.startswith("A1:") for r in merged), ws.title  # centred across the table
        last = openpyxl.utils.get_column_letter(ws.max_column if ws.title != "Grafik" else 5)
        assert ws[f"{last}3"].border.bottom.style == "thick" or ws.title == "Grafik"
        assert contact.border.bottom.style == "thick"
        fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
        assert fonts == {"Calibri"}, ws.title  # one typeface throughout
        # The binding side (left) has at least 2.5 cm.
        assert ws.page_margins.left * 2.54 >= 2.5


def test_signature_block_with_pangkat_nip_and_report_number(
    cli: Any, known: sqlite3.Connection, tmp_path: Path
) -> None:
    result = cli(
        "report", "settings", "--head-name", "Drs. H. Akhmad Fauzi, M.Si",
        "--head-nip", "197001011990031005", "--head-rank", "Pembina Utama Muda (IV/c)",
        "--preparer-name", "Rina Wati", "--preparer-nip", "19850505 201001 2 003",
        "--preparer-rank", "Penata (III/c)", "--report-number", "400.9/123/Dinsos/2026",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    book, _path = write(cli, tmp_path)
    ws = book["Ringkasan"]
    values = texts(ws)
    assert "Nomor: 400.9/123/Dinsos/2026" in values
    assert values.index("Nomor: 400.9/123/Dinsos/2026") == values.index(
        "Ringkasan bulanan pemantauan bantuan sosial") + 1  # fmt: skip
    for expected in ("Kepala Dinas Sosial Kabupaten Hulu Sungai Selatan",
                     "Pembina Utama Muda (IV/c)", "Penata (III/c)",
                     "NIP. 19700101 199003 1 005", "NIP. 19850505 201001 2 003"):  # fmt: skip
        assert expected in values, expected
    head = next(c for row in ws.iter_rows() for c in row if c.value == "Drs. H. Akhmad Fauzi, M.Si")
    rank = ws.cell(row=head.row + 1, column=head.column).value
    nip = ws.cell(row=head.row + 2, column=head.column).value
    assert (rank, nip) == ("Pembina Utama Muda (IV/c)", "NIP. 19700101 199003 1 005")


def test_format_nip() -> None:
    assert format_nip("197001011990031005") == "19700101 199003 1 005"
    assert format_nip("123") == "123"  # not a NIP: as it is


def _png(path: Path) -> Path:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 3, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(3)))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
                     + chunk(b"IEND", b""))  # fmt: skip
    return path


def test_emblem_from_a_settings_file(cli: Any, known: sqlite3.Connection, tmp_path: Path) -> None:
    bad = tmp_path / "logo.txt"
    bad.write_text("not an image")
    refused = cli("report", "settings", "--emblem", str(bad))
    assert refused.exit_code == 1 and "PNG" in refused.stderr
    emblem = _png(tmp_path / "hss.png")
    assert cli("report", "settings", "--emblem", str(emblem)).exit_code == 0
    assert read_office(known).emblem == str(emblem.resolve())
    import zipfile

    _book, path = write(cli, tmp_path)
    with zipfile.ZipFile(path) as archive:
        media = [n for n in archive.namelist() if n.startswith("xl/media/")]
        assert len(media) == 1 and archive.read(media[0]) == emblem.read_bytes()


# -- the signed page --------------------------------------------------------------------------------
def test_summary_fits_one_page_on_a4_and_f4(known: sqlite3.Connection, tmp_path: Path) -> None:
    from sampingdesa.io.xlsx import printable_points

    for paper in ("a4", "f4"):
        data = build_month(known, MARCH, queries.resolve_scope(known), profile="masked",
                           today=TODAY, paper=paper)  # fmt: skip
        path = workbook.write_monthly(data, tmp_path / f"{paper}.xlsx", force=True).path
        ws = openpyxl.load_workbook(path)["Ringkasan"]
        assert ws.page_setup.paperSize == {"a4": 9, "f4": 14}[paper]
        heights = [ws.row_dimensions[r].height for r in range(1, ws.max_row + 1)]
        assert sum(heights) <= printable_points(paper, landscape=True) / 0.85
        assert print_scale(widths(ws), paper, landscape=True) >= 0.85
        assert ws.print_title_rows is None


def test_on_target_rate_and_programme_lines_on_the_signed_page(
    cli: Any, known: sqlite3.Connection, tmp_path: Path
) -> None:
    book, _path = write(cli, tmp_path)
    ws = book["Ringkasan"]
    rows = {r[0]: r for r in ws.iter_rows(values_only=True) if r[0]}
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "Program")
    assert list(header[1:3]) == ["KPM terdaftar", "KPM dikunjungi"]
    assert {"Nilai seharusnya", "Nilai diterima", "Bentuk bantuan"} <= set(header)
    due, received = header.index("Nilai seharusnya"), header.index("Nilai diterima")
    assert rows["BPNT"][received] == 100_000  # A's partial; B not received
    assert rows["BPNT"][due] == 400_000 and rows["PKH"][due] == "–"  # no nominal: a dash
    # Like with like: the Rupiah total is only of programmes with a nominal.
    assert rows["Jumlah bernominal"][due] == sum(
        r[due] for code, r in rows.items() if code in ("BPNT", "JADUP-LANSIA", "BLT-DD")
        and isinstance(r[due], int))  # fmt: skip
    rate = next(v for v in texts(ws) if v.startswith("% tepat sasaran"))
    total = queries.month_summary(known, MARCH, queries.resolve_scope(known)).total.counts
    assert f"dari {total.assessed} kunjungan" in rate and total.assessed > 0


# -- no command-line text on paper --------------------------------------------------------------
def test_no_command_in_any_cell_the_advice_is_on_the_terminal(
    cli: Any, known: sqlite3.Connection, tmp_path: Path
) -> None:
    path = tmp_path / "m.xlsx"
    result = cli("report", "monthly", "--month", "2026-03", "-o", str(path))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(path)
    for ws in book:
        for value in texts(ws):
            assert not COMMAND.search(value), (ws.title, value)
    keterangan = " ".join(texts(book["Keterangan"]))
    assert "kode pemeriksaan" in keterangan.lower()
    assert "program edit PKH --amount N" in result.stdout  # said on the terminal instead
    assert "wilayah idm import" in result.stdout and "db audit verify --head" in result.stdout


# -- tables that cannot be misread --------------------------------------------------------------
def test_every_table_sheet_prints_at_75_percent_or_more(
    cli: Any, known: sqlite3.Connection, tmp_path: Path
) -> None:
    for paper in ("A4", "F4"):
        book, _path = write(cli, tmp_path, "--paper", paper)
        for ws in book:
            if ws.title == "Grafik":  # the chart sheet may scale its charts
                continue
            landscape = ws.page_setup.orientation == "landscape"
            scale = print_scale(widths(ws), paper.lower(), landscape)
            assert scale >= 0.75, (paper, ws.title, scale)


def test_penyaluran_due_only_where_it_counts_with_a_total_equal_to_the_headline(
    cli: Any, known: sqlite3.Connection, tmp_path: Path
) -> None:
    book, _path = write(cli, tmp_path)
    ws = book["Penyaluran"]
    headers = [c.value for c in ws[header_row(ws)]]
    due, status, counted = (headers.index(h) for h in ("Nilai seharusnya", "Status", "Dihitung"))
    rows = list(ws.iter_rows(min_row=header_row(ws) + 1, values_only=True))
    total = rows.pop()
    assert total[0] == "Jumlah"
    for row in rows:
        if row[status] == "belum jadwal" or row[counted] != "ya":
            assert row[due] is None, row
    data = build_month(known, MARCH, queries.resolve_scope(known), profile="masked", today=TODAY)
    priced = sum(p.money.due for p in data.programs if p.nominal is not None
                 and p.form != "iuran")  # fmt: skip
    assert total[due] == priced == sum(r[due] or 0 for r in rows)
    # One label per status: the column headers use the same words as the rows.
    desa_headers = [c.value for c in book["Rincian Desa"][header_row(book["Rincian Desa"])]]
    assert "Belum jadwal" in desa_headers and "Belum waktunya" not in desa_headers


def test_periods_written_as_an_office_writes_them(
    cli: Any, known: sqlite3.Connection, tmp_path: Path
) -> None:
    assert queries.period_words("2026-11") == "November 2026"
    assert queries.period_words("2026-T4") == "Tahap IV 2026"
    book, _path = write(cli, tmp_path)
    periods = {r[5] for r in book["Penyaluran"].iter_rows(values_only=True)}
    assert "Maret 2026" in periods and "Tahap I 2026" in periods
    assert not any(re.fullmatch(r"\d{4}-(T\d|\d\d)", str(p)) for p in periods)


def test_pendataan_tables_are_bordered_and_aligned(
    cli: Any, known: sqlite3.Connection, tmp_path: Path
) -> None:
    book, _path = write(cli, tmp_path)
    ws = book["Pendataan & Usulan"]
    assert ws.freeze_panes and ws.print_title_rows
    headers = [c for row in ws.iter_rows() for c in row if c.fill.fgColor.rgb == "00DDEBF7"]
    assert headers
    for cell in headers:
        assert cell.alignment.horizontal == "center" and cell.border.left.style == "thin"
    hapus = next(row for row in ws.iter_rows() if row[0].value == "hapus")
    numbers = [c for c in hapus[1:] if isinstance(c.value, int)]
    assert numbers and all(c.border.left.style == "thin" for c in numbers)
    assert all(c.alignment.horizontal == "right" for c in numbers)
    assert len(numbers) == 6  # draf ... ditolak, Jumlah: each under its own header


def test_findings_have_a_follow_up_column(known: sqlite3.Connection, tmp_path: Path) -> None:
    from sampingdesa.register.findings import list_findings, reopen_finding, resolve_finding

    with changes(known, actor(known)) as writer:
        found = next(f for f in list_findings(known, today=TODAY) if f["status"] == "open")
        resolve_finding(writer, found["uuid"][:8], "sudah dicairkan", dt.date(2026, 3, 25),
                        dt.date(2026, 3, 25))  # fmt: skip
        reopen_finding(writer, found["uuid"][:8], "dicek ulang ke kantor pos",
                       dt.date(2026, 3, 27))  # fmt: skip
    data = build_month(known, MARCH, queries.resolve_scope(known), profile="masked", today=TODAY)
    assert any(row[-1] == "dicek ulang ke kantor pos" for row in data.details["findings"])


def test_chart_leaves_out_empty_kecamatan_and_months_before_data(
    known: sqlite3.Connection,
) -> None:
    rows = workbook.trend_rows([(parse_month("2026-01"), 0, 0), (parse_month("2026-02"), 3, 0),
                                (parse_month("2026-03"), 0, 0)])  # fmt: skip
    assert [r[1:] for r in rows] == [[None, None], [3, 0], [0, 0]]


# -- programmes that are not cash ----------------------------------------------------------------
def test_programme_forms_in_the_catalogue(cli: Any, known: sqlite3.Connection) -> None:
    assert get_program(known, "PBI-JK").form == "iuran"
    assert get_program(known, "BPNT").form == "non-tunai"
    assert get_program(known, "BLT-DD").form == "tunai"
    assert cli("program", "edit", "PKH", "--form", "non-tunai").exit_code == 0
    assert get_program(known, "PKH").form == "non-tunai"
    bad = cli("program", "edit", "PKH", "--form", "cek")
    assert bad.exit_code == 1 and "--form" in bad.stderr
    listed = cli("program", "list")
    assert "iuran" in listed.stdout
    migrations = [row[0] for row in known.execute("SELECT name FROM migrations ORDER BY id")]
    assert "issue24_program_form" in migrations


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ("PBI-JK:2026-03:full:42000", "iuran"),  # a premium has no amount
        ("PBI-JK:2026-03:partial", "iuran"),  # nor a part
        ("BPNT:2026-03:partial:200000", "kurang dari nominal"),  # a part below the nominal
        ("BPNT:2026-03:full:300000", "catatan"),  # above the nominal needs a note
    ],
)
def test_amounts_are_checked_by_form(known: sqlite3.Connection, spec: str, problem: str) -> None:
    from sampingdesa.i18n import set_language

    set_language("id")
    with pytest.raises(InvalidValue) as raised, changes(known, actor(known)) as writer:
        from sampingdesa.register.recipients import enroll, find_recipient

        enroll(writer, find_recipient(known, NIK_A)["uuid"], "PBI-JK", None)
        _visit(writer, NIK_A, "2026-03-30", deliveries=[spec])
    assert problem in raised.value.message


def test_a_premium_is_checked_as_an_active_card(known: sqlite3.Connection) -> None:
    from sampingdesa.register.recipients import enroll, find_recipient

    with changes(known, actor(known)) as writer:
        enroll(writer, find_recipient(known, NIK_B)["uuid"], "PBI-JK", None)
        _visit(writer, NIK_B, "2026-03-30", deliveries=["PBI-JK:2026-03:full"])
        _visit(
            writer,
            NIK_A,
            "2026-03-30",
            deliveries=["BPNT:2026-03:full:400000"],
            notes="dua bulan sekaligus",
        )  # above the nominal, with a note: kept
    data = build_month(known, MARCH, queries.resolve_scope(known), profile="masked", today=TODAY)
    premium = next(p for p in data.programs if p.code == "PBI-JK")
    assert premium.counts.full == 1
    assert premium.form == "iuran"
    assert not any("PBI-JK" in line for line in workbook.money_lines(data)[:1])


# -- the narrative --------------------------------------------------------------------------------
def test_narrative_from_a_notes_file(cli: Any, known: sqlite3.Connection, tmp_path: Path) -> None:
    notes = tmp_path / "catatan.txt"
    notes.write_text("Kartu KKS dua KPM terblokir.\nSudah dilaporkan ke bank.\n\n"
                     "Jadwal PBI-JK belum jelas.\n---\nKunjungan ulang ke Jambu Hilir.\n")  # fmt: skip
    book, _path = write(cli, tmp_path, "--notes", str(notes))
    assert book.sheetnames[1] == "Uraian"
    values = texts(book["Uraian"])
    assert "Permasalahan dan tindak lanjut" in values and "Rencana bulan depan" in values
    assert "1. Kartu KKS dua KPM terblokir. Sudah dilaporkan ke bank." in values
    assert "1. Kunjungan ulang ke Jambu Hilir." in values
    missing = cli("report", "monthly", "--month", "2026-03", "-o", str(tmp_path / "x.xlsx"),
                  "--notes", str(tmp_path / "none.txt"))  # fmt: skip
    assert missing.exit_code in (1, 2) and not (tmp_path / "x.xlsx").exists()


# -- every file the tool writes --------------------------------------------------------------------
def test_register_carries_properties_and_the_paper_setting(
    cli: Any, known: sqlite3.Connection, tmp_path: Path
) -> None:
    assert cli("report", "settings", "--paper", "F4", "--preparer-name", "Rina Wati").exit_code == 0
    path = tmp_path / "r.xlsx"
    assert cli("report", "recipients", "-o", str(path)).exit_code == 0
    book = openpyxl.load_workbook(path)
    assert book.properties.creator == "Rina Wati" and book.properties.title
    assert {ws.page_setup.paperSize for ws in book} == {14}


def test_visit_form_properties_paper_and_stop_validation(
    cli: Any, registered: Path, tmp_path: Path
) -> None:
    conn = open_db(registered)  # settings are set on the coordinator's laptop (issue 26)
    with changes(conn, actor(conn)) as writer:
        writer.update("assistants", actor(conn), {"role": "koordinator"})
    conn.close()
    assert cli("report", "settings", "--paper", "F4").exit_code == 0
    path = tmp_path / "form.xlsx"
    result = cli("visit", "template", "--month", "2025-11", "-o", str(path))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    assert book.properties.creator not in ("openpyxl", None, "")
    assert sheet.page_setup.paperSize == 14
    checks = [v for v in sheet.data_validations.dataValidation if v.type in ("date", "whole")]
    assert checks and all(v.errorStyle == "stop" for v in checks)


def test_counts_have_thousands_separators_and_provisional_is_said_once(
    known: sqlite3.Connection, tmp_path: Path
) -> None:
    data = build_month(known, MARCH, queries.resolve_scope(known), profile="masked",
                       today=dt.date(2026, 3, 20))  # fmt: skip
    book = openpyxl.load_workbook(workbook.write_monthly(data, tmp_path / "p.xlsx",
                                                         force=True).path)  # fmt: skip
    for name in ("Ringkasan", "Rincian Desa", "Kinerja Pendamping"):
        counts = [c for row in book[name].iter_rows() for c in row if c.value.__class__ is int]
        formats = {c.number_format for c in counts}
        assert "#,##0" in formats and formats <= {"#,##0", '"Rp" #,##0', "0.0%"}, name
    for ws in book:
        assert "SEMENTARA" in ws.oddHeader.center.text  # on every page, in its header
        assert not any("SEMENTARA" in v for v in texts(ws)), ws.title  # and nowhere else


def test_wrapped_rows_are_tall_enough_for_their_lines() -> None:
    """A name LibreOffice breaks in two (Carlito metrics) gets two lines, never one line
    hidden under the next row."""
    assert workbook.wrapped_lines("Fatimah Ramadhan", 16) == 2
    assert workbook.wrapped_lines("Fatimah Ramadhan", 19) == 1
    text = "PKH Tahap III 2026: diterima sebagian, Rp 375.000; kartu diblokir"
    assert workbook.wrapped_lines(text, 22) == 3
