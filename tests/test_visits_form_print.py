"""The visit form prints: A4 landscape pages wide enough to read, NIK and name on every
page, a title, checked dates and amounts, locked key columns, an elderly-escort section."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from tests.test_visits_forms import fill


def template(cli: Any, tmp_path: Path) -> tuple[Path, Any, list[str]]:
    path = tmp_path / "form.xlsx"
    result = cli("visit", "template", "--month", "2025-11", "-o", str(path))
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return path, sheet, [cell.value for cell in sheet[1]]


def letter(keys: list[str], key: str) -> str:
    return get_column_letter(keys.index(key) + 1)


def test_print_layout_and_title(cli: Any, registered: Path, tmp_path: Path) -> None:
    _path, sheet, keys = template(cli, tmp_path)
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and setup.fitToHeight == 0
    assert int(setup.fitToWidth) >= 1 and setup.pageOrder == "overThenDown"
    nik, name = letter(keys, "nik"), letter(keys, "name")
    assert sheet.print_title_cols == f"${nik}:${name}"
    assert sheet.print_title_rows == "$2:$2"
    title = sheet.oddHeader.center.text
    assert "Formulir kunjungan November 2025" in title and "Pendamping: Rina" in title
    assert "Halaman &P dari &N" in sheet.oddFooter.right.text
    assert sheet.print_options.gridLines
    assert sheet.row_dimensions[3].height >= 20  # room to write by hand


def test_dates_and_amounts_are_checked(cli: Any, registered: Path, tmp_path: Path) -> None:
    _path, sheet, keys = template(cli, tmp_path)
    ranges = {v.type: str(v.sqref) for v in sheet.data_validations.dataValidation}
    assert letter(keys, "date") + "3" in ranges["date"]
    assert letter(keys, "received") + "3" in ranges["date"]
    assert letter(keys, "BPNT:amount") + "3" in ranges["whole"]


def test_key_columns_are_locked_the_rest_open(cli: Any, registered: Path, tmp_path: Path) -> None:
    _path, sheet, keys = template(cli, tmp_path)
    assert sheet.protection.sheet
    for key in ("key", "recipient", "nik", "name", "desa"):
        assert sheet[f"{letter(keys, key)}3"].protection.locked, key
    for key in ("date", "BPNT:status", "notes", "escort_facility"):
        assert not sheet[f"{letter(keys, key)}3"].protection.locked, key


def test_escort_section_imports_as_an_escort_visit(
    cli: Any, registered: Path, tmp_path: Path
) -> None:
    path, _sheet, keys = template(cli, tmp_path)
    assert {"escort_facility", "escort_purpose", "escort_transport", "escort_result"} <= set(keys)
    fill(path, {"Gusti Iberahim": {
        "date": "2025-11-07", "escort_facility": "Puskesmas Kandangan",
        "escort_purpose": "periksa tekanan darah", "escort_transport": "motor",
        "escort_result": "obat diberikan",
    }})  # fmt: skip
    result = cli("visit", "import", str(path))
    assert result.exit_code == 0, result.output
    listed = cli("visit", "list", "--json")
    assert "Puskesmas Kandangan" in listed.stdout and "escort" in listed.stdout
