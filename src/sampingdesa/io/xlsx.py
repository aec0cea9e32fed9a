"""Writing workbooks with openpyxl: text cells that can never become formulas, a bold
frozen header, fitted widths, and an atomic save. Import this module lazily (openpyxl
costs ~100 ms at start-up)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TITLE_FONT = Font(bold=True, size=13)
RUPIAH_FORMAT = '"Rp" #,##0'
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "DD-MM-YYYY"
_ILLEGAL = {chr(c) for c in range(32)} - {"\t", "\n", "\r"}


def sheet_title(text: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in text).strip()
    return cleaned[:31] or "Sheet"


def set_cell(
    ws: Worksheet, row: int, column: int, value: Any, number_format: str | None = None
) -> Cell:
    """Write a value; text is always stored as text (never a formula), dates as real dates."""
    cell: Cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        text = "".join(ch for ch in value if ch not in _ILLEGAL)
        cell.value = text
        cell.data_type = "s"  # a string starting with "=" stays a string
    elif isinstance(value, dt.datetime):
        cell.value = value
        cell.number_format = "DD-MM-YYYY HH:MM"
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format
    return cell


def write_table(
    ws: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    start_row: int = 1,
    title: str | None = None,
    subtitle: str | None = None,
    formats: dict[int, str] | None = None,
) -> int:
    """Title lines, a bold frozen header with autofilter, the rows; returns the last row."""
    row_number = start_row
    if title:
        set_cell(ws, row_number, 1, title).font = TITLE_FONT
        row_number += 1
    if subtitle:
        set_cell(ws, row_number, 1, subtitle)
        row_number += 1
    if title or subtitle:
        row_number += 1
    header_row = row_number
    for column, header in enumerate(headers, start=1):
        cell = set_cell(ws, header_row, column, header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for values in rows:
        row_number += 1
        for column, value in enumerate(values, start=1):
            set_cell(ws, row_number, column, value, (formats or {}).get(column))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    last_column = get_column_letter(max(len(headers), 1))
    ws.auto_filter.ref = f"A{header_row}:{last_column}{max(row_number, header_row)}"
    fit_columns(ws)
    return row_number


def fit_columns(ws: Worksheet, minimum: int = 6, maximum: int = 50) -> None:
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            length = 11 if isinstance(cell.value, (dt.date, dt.datetime)) else len(str(cell.value))
            widths[cell.column] = max(widths.get(cell.column, 0), length)
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = max(
            minimum, min(maximum, width + 2)
        )


def landscape(ws: Worksheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def save_atomic(workbook: Workbook, path: Path, *, force: bool = True) -> Path:
    """Write to a temporary file beside `path`, then rename: never half a workbook."""
    from sampingdesa.io.files import atomic_file

    path = Path(path)
    try:
        with atomic_file(path, force=force) as temporary:
            workbook.save(temporary)
    except BaseException:
        # A write-only sheet left open would print a traceback when Python exits.
        for sheet in getattr(workbook, "_sheets", []):
            with suppress(Exception):
                sheet.close()
        raise
    return path
