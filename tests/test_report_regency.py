"""The Ringkasan in the worst realistic case: a month with recipients and visits in all 11
kecamatan of Hulu Sungai Selatan and all ten seeded programmes active, settings filled in
as Dinas Sosial fills them (kop with address, nomor, pangkat), masked and full-NIK. It must
print on one page at 85% or more on A4 and F4 landscape, in type of 9 points or more."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sampingdesa.io.xlsx import print_scale, printable_points
from sampingdesa.places.laptop import actor
from sampingdesa.reports import queries, workbook
from sampingdesa.reports.model import build_month
from sampingdesa.store.changes import changes
from sampingdesa.values.parsing import parse_month
from tests.report_data import ALL_PROGRAMS, TODAY, build_known, build_regency
from tests.test_report_print import _pages, needs_render

MARCH = parse_month("2026-03")
SETTINGS = ("--office-address", "Jl. Aluh Idut No. 1, Kandangan", "--office-phone",
            "(0517) 21000", "--office-email", "dinsos@hsskab.go.id", "--place", "Kandangan",
            "--head-name", "Drs. H. Akhmad Fauzi, M.Si", "--head-nip", "197001011990031005",
            "--head-rank", "Pembina Utama Muda (IV/c)", "--preparer-name", "Rina Wati",
            "--preparer-nip", "198505052010012003", "--preparer-rank", "Penata (III/c)",
            "--report-number", "400.9/123/Dinsos/2026")  # fmt: skip


@pytest.fixture
def regency(cli: Any, initialised: Path) -> sqlite3.Connection:
    conn = build_regency(initialised)
    with changes(conn, actor(conn)) as writer:  # settings belong to the coordinator
        writer.update("assistants", actor(conn), {"role": "koordinator"})
    result = cli("report", "settings", *SETTINGS)
    assert result.exit_code == 0, result.output
    return conn


def widths(ws: Any) -> list[float]:
    letters = [openpyxl.utils.get_column_letter(i) for i in range(1, ws.max_column + 1)]
    return [ws.column_dimensions[x].width or 8.43 for x in letters]


def summary(cli: Any, tmp_path: Path, paper: str, *args: str) -> Any:
    path = tmp_path / f"r-{paper}.xlsx"
    result = cli("report", "monthly", "--month", "2026-03", "-o", str(path), "--force",
                 "--paper", paper, *args)  # fmt: skip
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(path)["Ringkasan"]


@pytest.mark.parametrize("paper", ["A4", "F4"])
@pytest.mark.parametrize("profile", [(), ("--full-nik", "--reason", "verifikasi musdes")])
def test_every_kecamatan_and_programme_fit_one_page_at_85_percent(
    cli: Any, regency: sqlite3.Connection, tmp_path: Path, paper: str, profile: tuple[str, ...]
) -> None:
    ws = summary(cli, tmp_path, paper, *profile)
    names = [r[0] for r in ws.iter_rows(values_only=True)]
    kecamatan = [r[0] for r in regency.execute(
        "SELECT name FROM regions WHERE level = 'kecamatan'")]  # fmt: skip
    assert len(kecamatan) == 11 and set(kecamatan) <= set(names)  # a row each
    assert set(ALL_PROGRAMS) <= set(names)  # a row each
    assert {"Jumlah", "Jumlah bernominal", "Jumlah program lain"} <= set(names)
    text = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    for expected in ("Nomor: 400.9/123/Dinsos/2026", "Penata (III/c)",
                     "NIP. 19700101 199003 1 005", "Mengetahui,", "Dibuat oleh,"):  # fmt: skip
        assert expected in text, expected
    assert any(t.startswith("% tepat sasaran: ") for t in text)
    assert any("PBI-JK" in t and "BPJS" in t for t in text)  # the notes
    # One page, fit both ways, no header repeated above the signatures.
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1)
    assert ws.print_title_rows is None
    heights = [ws.row_dimensions[r].height for r in range(1, ws.max_row + 1)]
    assert None not in heights
    key = paper.lower()
    height_scale = printable_points(key, landscape=True) / sum(heights)
    assert height_scale >= 0.85, (paper, sum(heights))
    assert print_scale(widths(ws), key, landscape=True) >= 0.85
    # Readable: the table and the signatures in 9 points or more at 100%.
    sizes = {c.font.size for row in ws.iter_rows() for c in row if c.value is not None}
    assert min(sizes) >= 9


def test_a_kecamatan_without_work_is_named_under_the_table_not_a_row_of_noughts(
    known_data: sqlite3.Connection, tmp_path: Path
) -> None:
    data = build_month(known_data, MARCH, queries.resolve_scope(known_data), profile="masked",
                       today=TODAY)  # fmt: skip
    path = workbook.write_monthly(data, tmp_path / "k.xlsx", force=True).path
    ws = openpyxl.load_workbook(path)["Ringkasan"]
    names = [str(r[0]) for r in ws.iter_rows(values_only=True) if r[0]]
    assert not any(n.startswith("Kecamatan lain (") for n in names)
    note = next(n for n in names if n.startswith("Kecamatan lain:"))
    assert "Loksado" in note and "Kandangan" not in note.split("(")[1]
    total = names.index("Jumlah")
    assert names[total + 1] == note  # right under the kecamatan table


@pytest.fixture
def known_data(initialised: Path) -> sqlite3.Connection:
    return build_known(initialised)


@needs_render
def test_libreoffice_prints_the_regency_summary_on_one_page(
    regency: sqlite3.Connection, tmp_path: Path
) -> None:
    summary_only = [item for item in workbook.MONTHLY_SHEETS if item[0] == "summary"]
    paths = []
    for paper in ("a4", "f4"):
        data = build_month(regency, MARCH, queries.resolve_scope(regency), profile="masked",
                           today=TODAY, paper=paper)  # fmt: skip
        paths.append(workbook.write_monthly(data, tmp_path / f"regency-{paper}.xlsx",
                                            force=True, sheets=summary_only).path)  # fmt: skip
    assert _pages(paths, tmp_path) == [1, 1]
