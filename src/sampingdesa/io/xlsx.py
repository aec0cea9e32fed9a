"""Writing workbooks with openpyxl: text cells that can never become formulas, a bold
frozen header, fitted widths, and an atomic save. Import this module lazily (openpyxl
costs ~100 ms at start-up)."""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

# Every font names its face: a bold font without a name renders in LibreOffice's default
# serif face. LibreOffice draws Calibri with the metric-compatible Carlito.
FONT_NAME = "Calibri"
HEADER_FONT = Font(name=FONT_NAME, bold=True)
BOLD_FONT = Font(name=FONT_NAME, bold=True)
PLAIN_FONT = Font(name=FONT_NAME)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TITLE_FONT = Font(name=FONT_NAME, bold=True, size=13)
LINE_HEIGHT = 15.0  # points per line of 11-point text
RUPIAH_FORMAT = '"Rp" #,##0'
PERCENT_FORMAT = "0.0%"
COUNT_FORMAT = "#,##0"  # counts with a thousands separator (1.234 in Indonesian Excel)
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


_NARROW = frozenset("iljtfr.,:;'!|() ")
_WIDE = frozenset("mwMW")


def text_pixels(text: str) -> float:
    """About how wide a text prints in 11-point Calibri (Carlito), in pixels."""
    total = 0.0
    for char in text:
        if char in _NARROW:
            total += 4.0
        elif char in _WIDE:
            total += 11.5
        elif char.isupper() or char.isdigit():
            total += 8.0
        else:
            total += 7.0
    return total


def fit_columns(ws: Worksheet, minimum: int = 6, maximum: int = 50) -> None:
    """Each column as wide as its longest value prints (a name in capitals is wider than
    its letters counted: MUHAMMAD YUSUF needs 17 characters' room, not 14)."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            if isinstance(cell.value, (dt.date, dt.datetime)):
                length = 11
            else:
                length = math.ceil(text_pixels(str(cell.value)) / 7)  # 7 px: a column unit
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


# -- printing ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Paper:
    code: str
    excel_size: int  # the paperSize number of the file format
    width_mm: float
    height_mm: float


# F4 (Folio, 215 x 330 mm) is the paper of many Indonesian offices; Excel's nearest is Folio.
PAPERS = {"a4": Paper("a4", 9, 210.0, 297.0), "f4": Paper("f4", 14, 215.9, 330.2)}
MARGIN_SIDE_IN = 0.5
MARGIN_BINDING_IN = 1.0  # 2.54 cm on the binding (left) side: at least 2.5 cm
MARGIN_TOP_IN = 0.75
MARGIN_BOTTOM_IN = 0.75


@dataclass(frozen=True)
class PageSetup:
    """How a sheet prints: paper, orientation, repeated rows or columns, header and footer."""

    paper: str = "a4"
    landscape: bool = True
    fit_width: bool = True
    one_page: bool = False  # fit width and height: the whole sheet on one page
    title_rows: str | None = None  # "7:7": rows repeated on every page
    title_columns: str | None = None  # "C:D": columns repeated on every page
    header_center: str = ""  # e.g. RAHASIA, printed on every page
    footer_left: str = ""  # the report's name and period
    footer_right: str = ""  # "Page &P of &N" (&P and &N are the page fields)


def _header_text(text: str, size: int, bold: bool = False) -> str:
    """Header/footer text in a named face ("&" is a field code, so a literal one is doubled)."""
    style = "Bold" if bold else "Regular"
    return f'&"{FONT_NAME},{style}"&{size}' + text.replace("&", "&&") if text else ""


def apply_page_setup(ws: Any, setup: PageSetup) -> None:
    """Paper, orientation, fit to width, print titles, header and footer of one sheet."""
    from openpyxl.worksheet.page import PageMargins

    ws.page_setup.paperSize = PAPERS[setup.paper].excel_size
    ws.page_setup.orientation = "landscape" if setup.landscape else "portrait"
    if setup.fit_width or setup.one_page:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 1 if setup.one_page else 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(
        left=MARGIN_BINDING_IN, right=MARGIN_SIDE_IN, top=MARGIN_TOP_IN, bottom=MARGIN_BOTTOM_IN,
        header=0.3, footer=0.3,
    )  # fmt: skip
    ws.print_options.horizontalCentered = False
    if setup.title_rows:
        ws.print_title_rows = setup.title_rows
    if setup.title_columns:
        ws.print_title_cols = setup.title_columns
    if setup.header_center:
        ws.oddHeader.center.text = _header_text(setup.header_center, 12, bold=True)
    if setup.footer_left:
        ws.oddFooter.left.text = _header_text(setup.footer_left, 8)
    if setup.footer_right:
        # The page fields must stay fields: only the surrounding words are escaped.
        words = setup.footer_right.replace("&", "&&").replace("&&P", "&P").replace("&&N", "&N")
        ws.oddFooter.right.text = f'&"{FONT_NAME},Regular"&8{words}'


def column_pixels(width: float) -> int:
    """Pixels of a column `width` characters wide in the default 11-point font (7 px digits
    plus 5 px padding, the rule both Excel and LibreOffice apply)."""
    return int(width * 7 + 5)


def printable_pixels(paper: str, landscape: bool) -> float:
    """The width between the side margins, in pixels at 96 per inch."""
    sheet = PAPERS[paper]
    width_mm = sheet.height_mm if landscape else sheet.width_mm
    return (width_mm / 25.4 - MARGIN_SIDE_IN - MARGIN_BINDING_IN) * 96


def printable_points(paper: str, landscape: bool) -> float:
    """The height between the top and bottom margins, in points."""
    sheet = PAPERS[paper]
    height_mm = sheet.width_mm if landscape else sheet.height_mm
    return (height_mm / 25.4 - MARGIN_TOP_IN - MARGIN_BOTTOM_IN) * 72


def print_scale(widths: Sequence[float], paper: str = "a4", landscape: bool = True) -> float:
    """The scale a printer must use to fit these columns across the page (1.0 = 100%)."""
    needed = sum(column_pixels(width) for width in widths)
    return min(1.0, printable_pixels(paper, landscape) / needed) if needed else 1.0


def header_height(headers: Sequence[str], widths: Sequence[float]) -> float:
    """A header row's height, so wrapped headings never spill over the first data row."""
    lines = 1
    for text, width in zip(headers, widths, strict=False):
        room = max(1, int(width) - 1)
        count, used = 1, 0
        for word in str(text).split():
            size = len(word) + (1 if used else 0)
            if used and used + size > room:
                count, used = count + 1, len(word)
            else:
                used += size
        lines = max(lines, count + sum(len(word) > room for word in str(text).split()))
    return LINE_HEIGHT * lines + 3


@dataclass(frozen=True)
class DocumentProperties:
    title: str
    subject: str
    author: str
    company: str
    keywords: str = ""


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def set_properties(workbook: Workbook, props: DocumentProperties) -> None:
    """Title, subject, author (instead of "openpyxl"); the company goes to `save_atomic`."""
    workbook.properties.title = props.title
    workbook.properties.subject = props.subject
    workbook.properties.creator = props.author
    workbook.properties.lastModifiedBy = props.author
    workbook.properties.keywords = props.keywords or None


class _Archive(zipfile.ZipFile):
    """A zip archive that writes our own docProps/app.xml (openpyxl writes a blank one)."""

    app_xml: bytes | None = None

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: Any,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if zinfo_or_arcname == "docProps/app.xml" and self.app_xml is not None:
            data = self.app_xml
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)


def _save(workbook: Workbook, filename: str, company: str | None) -> None:
    from xml.sax.saxutils import escape

    from openpyxl.writer.excel import ExcelWriter

    if workbook.write_only and not workbook.worksheets:
        workbook.create_sheet()
    archive = _Archive(filename, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    if company:
        # openpyxl's ExtendedProperties does not serialise Company: write the part by hand.
        archive.app_xml = (
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Application>sampingdesa</Application>'
            f"<Company>{escape(company)}</Company></Properties>"
        ).encode()
    workbook.properties.modified = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    ExcelWriter(workbook, archive).save()


def save_atomic(
    workbook: Workbook, path: Path, *, force: bool = True, company: str | None = None
) -> Path:
    """Write to a temporary file beside `path`, then rename: never half a workbook.
    `company` goes into the document properties (docProps/app.xml)."""
    from sampingdesa.io.files import atomic_file

    path = Path(path)
    try:
        with atomic_file(path, force=force) as temporary:
            _save(workbook, str(temporary), company)
    except BaseException:
        # A write-only sheet left open would print a traceback when Python exits.
        for sheet in getattr(workbook, "_sheets", []):
            with suppress(Exception):
                sheet.close()
        raise
    return path
