"""Writing the monthly workbook and the register workbook (openpyxl; import lazily).

The monthly report is computed first (reports/model.py `MonthlyData`); this module only
renders it. A sheet is one builder function `(BookWriter, MonthlyData) -> None`, and
`MONTHLY_SHEETS` lists them in order: adding a sheet is one line there.

The workbook is written in openpyxl's write-only mode, so a sheet of 100,000 rows streams
to disk instead of building a cell object per value. Write-only mode infers a formula from
text starting with `=`, so every such text (and every error-code look-alike) goes in as an
explicit text cell: no cell can become a formula. Widths, frozen header, autofilter, row
heights and print setup are set before the first row, as write-only mode requires.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from sampingdesa.i18n import _, ngettext
from sampingdesa.io.xlsx import (
    BOLD_FONT,
    COUNT_FORMAT,
    DATE_FORMAT,
    FONT_NAME,
    HEADER_FILL,
    LINE_HEIGHT,
    PERCENT_FORMAT,
    PLAIN_FONT,
    RUPIAH_FORMAT,
    TITLE_FONT,
    DocumentProperties,
    PageSetup,
    apply_page_setup,
    header_height,
    save_atomic,
    set_properties,
    sheet_title,
    text_pixels,
)
from sampingdesa.privacy import Reveal
from sampingdesa.progress import Progress, tell
from sampingdesa.register.office import format_nip
from sampingdesa.reports import pendataan_sheet
from sampingdesa.reports import queries as numbers
from sampingdesa.reports.model import MonthlyData, build_month
from sampingdesa.reports.queries import Scope, Summary
from sampingdesa.reports.register_export import register_columns
from sampingdesa.values.month_names import long_date, month_name, month_short
from sampingdesa.values.parsing import Month

Rows = list[list[Any]]
MAX_WIDTH = 50
WIDTH_SAMPLE = 5000  # rows looked at to fit column widths
HEADER_WIDTH = 10  # longer headers wrap (the header row is made tall enough)
WRAP_WIDTH = 32  # columns of long text wrap at this width
# Rows a sheet holds (Excel's limit); a longer table continues on "Name (2)". A module
# constant so a test can lower it.
MAX_SHEET_ROWS = 1_048_576
NO_VALUE = "–"  # a share of nothing: not 0%


# -- sheet names and columns (header, meaning) ---------------------------------------------------
def sheet_names() -> dict[str, str]:
    return {
        "summary": _("Summary"),
        "narrative": _("Narrative"),
        "desa": _("Per Desa"),
        "desa_results": _("Per Desa: results"),
        "programs": _("Per Programme"),
        "program_values": _("Per Programme: value"),
        "deliveries": _("Deliveries"),
        "targeting": _("Targeting"),
        "outcomes": _("Outcomes"),
        "escorts": _("Elderly Escorts"),
        "findings": _("Findings"),
        "assistants": _("Assistant Performance"),
        "not_visited": _("Not Visited"),
        "pendataan": _("Pendataan & Usulan"),
        "charts": _("Charts"),
        "notes": _("Explanation"),
    }


def _count_columns() -> list[tuple[str, str]]:
    return [
        (
            _("Recipients enrolled"),
            _("Recipients enrolled in at least one programme in the month."),
        ),
        (
            _("Recipients visited"),
            _("Enrolled recipients with at least one visit dated in the month."),
        ),
        (
            _("% visited"),
            _("Recipients visited divided by recipients enrolled (– where none)."),
        ),
    ]


def _delivery_columns() -> list[tuple[str, str]]:
    return [
        (_("Received in full"), _("Delivery checks of the month: aid received in full.")),
        (_("Received in part"), _("Delivery checks of the month: aid received in part.")),
        (_("Not received"), _("Delivery checks of the month: aid not received.")),
        (_("Not yet due"), _("Delivery checks of the month: aid not yet due.")),
        (
            _("% received in full"),
            _("Received in full divided by the checks that were due (full, part, none)."),
        ),
    ]  # fmt: skip


def summary_columns() -> list[tuple[str, str]]:
    return [
        (_("Level"), _("Kecamatan, desa, or the total of the report.")),
        (_("Code"), _("Kemendagri region code.")),
        (_("Name"), _("Name of the kecamatan or desa (desa are indented under their kecamatan).")),
        (_("IDM status"), _("Latest Indeks Desa Membangun status of the desa, where known.")),
        *_count_columns(),
        (_("Visits"), _("Visits dated in the month (monitoring and escorts).")),
        *_delivery_columns(),
        (_("Off target (visits)"), _("Visits that found the family no longer eligible.")),
        (_("Unsure"), _("Visits unsure whether the family is still eligible.")),
        (_("Better"), _("Visits that found the family's situation better.")),
        (_("Unchanged"), _("Visits that found the family's situation unchanged.")),
        (_("Worse"), _("Visits that found the family's situation worse.")),
        (_("Ready to graduate"), _("Visits that found the family ready to graduate.")),
        (_("Elderly escorts"), _("Escorts of elderly residents to a health facility.")),
        (_("New findings"), _("Problems found in the month.")),
        (_("Findings resolved"), _("Problems resolved in the month.")),
        (
            _("Still open at month end"),
            _("Problems opened by the month's end and not resolved by then."),
        ),
    ]  # fmt: skip


def program_columns() -> list[tuple[str, str]]:
    return [
        (_("Code"), _("Programme code.")),
        (_("Programme"), _("Programme name.")),
        (_("Form of aid"), _("Cash, non-cash (a balance or goods), or a premium paid for the "
                             "family (checked as an active card).")),
        (_("Enrolments"), _("Recipients enrolled in the programme in the month; a recipient "
                            "in three programmes counts once in each.")),
        (_("Enrolments visited"), _("Of those, recipients with a visit dated in the month.")),
        (_("% visited"), _("Enrolments visited divided by enrolments.")),
        *_delivery_columns(),
        (_("Off target (enrolments)"),
         _("Enrolments of families a visit of the month found no longer eligible: one visit "
           "counts once in each programme of the family.")),
    ]  # fmt: skip


def program_value_columns() -> list[tuple[str, str]]:
    return [
        (_("Code"), _("Programme code.")),
        (_("Form of aid"), _("Cash, non-cash, or a premium paid for the family.")),
        (_("Nominal"), _("Nominal amount of the programme per unit.")),
        (_("Unit"), _("What the nominal amount is per (month, year, day, once).")),
        (_("Deliveries checked"), _("Checks that were due (full, part, none).")),
        (_("Amount due"), _("Nominal x the checks that were due (full, part, none), where the "
                            "programme has a nominal and is not a premium.")),
        (_("Amount recorded"), _("Sum of the amounts the assistants typed in.")),
        (_("Amount received"), _("The amount typed in, or the nominal for aid received in full "
                                 "without an amount.")),
        (_("Value note"), _("Why an amount is missing or incomplete.")),
    ]  # fmt: skip


def _person_columns() -> list[tuple[str, str]]:
    return [
        (_("Desa"), _("Desa of the visit or of the recipient.")),
        (_("Recipient"), _("Recipient's name.")),
        (_("NIK"), _("NIK, masked as region + serial unless full NIKs were asked for.")),
    ]


def delivery_columns() -> list[tuple[str, str]]:
    return [
        (_("Visit date"), _("Date of the visit.")),
        *_person_columns(),
        (_("Programme"), _("Programme code.")),
        (_("Period"), _("Month or stage (tahap) the aid was for.")),
        (_("Status"), _("What the family said about this aid.")),
        (_("Amount recorded"), _("Amount the family reported receiving.")),
        (_("Amount due"), _("The programme's nominal for the period, only where the check "
                            "counts and the aid was due; the Total row equals the Ringkasan's "
                            "amount due.")),
        (_("Received on"), _("Date the aid was received.")),
        (_("Problem"), _("Problem with the delivery, and what the assistant wrote about it.")),
        (_("Counted"), _("Whether this check counts in the totals: only the latest check of a "
                         "recipient, programme and period does.")),
    ]  # fmt: skip


def targeting_columns() -> list[tuple[str, str]]:
    return [
        (_("Visit date"), _("Date of the visit.")),
        *_person_columns(),
        (_("Programmes"), _("Programmes the recipient was enrolled in during the month.")),
        (_("Verdict"), _("Off target, or unsure.")),
        (_("Reason"), _("Why the family is off target.")),
        (_("Note"), _("What the assistant wrote.")),
        (_("Assistant"), _("Who made the visit.")),
    ]


def outcome_columns() -> list[tuple[str, str]]:
    return [
        (_("Visit date"), _("Date of the visit.")),
        *_person_columns(),
        (_("Overall"), _("The family's situation since receiving aid.")),
        (_("Income"), _("Change in income.")),
        (_("Work"), _("Change in work.")),
        (_("Housing"), _("Change in housing.")),
        (_("Schooling"), _("Change in the children's schooling.")),
        (_("Health"), _("Change in health.")),
        (_("Ready to graduate"), _("The family looks ready to leave the programme (graduasi).")),
        (_("Notes"), _("What the assistant wrote.")),
    ]


def escort_columns() -> list[tuple[str, str]]:
    return [
        (_("Visit date"), _("Date of the escort.")),
        *_person_columns(),
        (_("Age"), _("Age on the day of the escort (masked profile: age reached that year).")),
        (_("Facility"), _("Health facility (Puskesmas, RSUD ...).")),
        (_("Purpose"), _("Why the resident was escorted.")),
        (_("Transport"), _("How they travelled.")),
        (_("Result"), _("What came of it.")),
        (_("Assistant"), _("Who made the visit.")),
    ]


def finding_columns() -> list[tuple[str, str]]:
    return [
        (_("Opened on"), _("Date the problem was found.")),
        (_("Days open"), _("Days open at the month's end (or today, for the current month).")),
        (_("Kind"), _("Kind of problem.")),
        *_person_columns(),
        (_("Programme"), _("Programme code, for a delivery problem.")),
        (_("Period"), _("Period, for a delivery problem.")),
        (_("Details"), _("What was found.")),
        (
            _("Follow-up"),
            _(
                "What was done about it: the finding's note (reopened, or resolved "
                "after the month's end)."
            ),
        ),
    ]


def assistant_columns() -> list[tuple[str, str]]:
    return [
        (_("Assistant"), _("Samping Desa who made the visits.")),
        (_("Assistant's desa"), _("The desa the assistant serves.")),
        (_("Visits"), _("Visits dated in the month.")),
        (_("Recipients covered"), _("Different recipients visited in the month.")),
        (_("Elderly escorts"), _("Escorts of elderly residents to a health facility.")),
        (_("New findings"), _("Problems found in the month at the assistant's visits.")),
        (_("Findings resolved"), _("Problems the assistant resolved in the month.")),
    ]


def not_visited_columns() -> list[tuple[str, str]]:
    return [
        *_person_columns(),
        (_("Programmes"), _("Programmes the recipient was enrolled in during the month.")),
        (_("Last visit"), _("The last visit before the month, if any.")),
    ]


def _headers(columns: list[tuple[str, str]]) -> list[str]:
    return [header for header, _meaning in columns]


# -- write-only cells ----------------------------------------------------------------------------
@dataclass
class Styles:
    """Style arrays made once per workbook and shared by every cell that needs them."""

    ws: WriteOnlyWorksheet
    cache: dict[tuple[Any, ...], StyleArray] = field(default_factory=dict)

    def get(self, *, bold: bool = False, title: bool = False, header: bool = False,
            number_format: str | None = None, indent: int = 0, wrap: bool = False,
            underline: bool = False, size: float | None = None, border: str | None = None,
            align: str | None = None, top: bool = False) -> StyleArray:  # fmt: skip
        """`border`: "thin" (a table cell), "thick"/"double" (under the letterhead);
        `align`: a horizontal alignment ("center" for the letterhead and titles)."""
        key = (bold, title, header, number_format, indent, wrap, underline, size, border, align,
               top)  # fmt: skip
        if key not in self.cache:
            cell = Cell(self.ws, row=1, column=1)
            weight = bold or header or underline
            if title:
                cell.font = Font(name=FONT_NAME, bold=True, size=size or TITLE_FONT.size)
            elif underline:
                cell.font = Font(name=FONT_NAME, bold=True, underline="single", size=size)
            elif size:
                cell.font = Font(name=FONT_NAME, bold=weight, size=size)
            elif weight:
                cell.font = BOLD_FONT
            else:
                cell.font = PLAIN_FONT
            if header:
                cell.fill = HEADER_FILL
                cell.alignment = Alignment(wrap_text=True, vertical="center",
                                           horizontal=align or "center")  # fmt: skip
            elif align:
                cell.alignment = Alignment(horizontal=align, wrap_text=wrap, vertical="center")
            elif indent or wrap:
                cell.alignment = Alignment(indent=indent, wrap_text=wrap, vertical="top")
            elif number_format:  # right: also a dash for no share
                cell.alignment = Alignment(horizontal="right", vertical="top" if top else None)
            elif top:
                cell.alignment = Alignment(vertical="top")
            if number_format:
                cell.number_format = number_format
            if border == "thin":
                side = Side(style="thin")
                cell.border = Border(left=side, right=side, top=side, bottom=side)
            elif border:
                cell.border = Border(bottom=Side(style=border))
            self.cache[key] = cell._style
        return self.cache[key]


def text_cell(ws: WriteOnlyWorksheet, text: str, style: StyleArray | None = None) -> Cell:
    """Text stored as text, whatever it starts with (never a formula, never an error code)."""
    cell = Cell(ws, row=1, column=1, style_array=style)
    cell._value = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.data_type = "s"
    return cell


def safe_row(
    ws: WriteOnlyWorksheet,
    values: Sequence[Any],
    styled: dict[int, StyleArray],
    row_style: StyleArray | None = None,
) -> list[Any]:
    """Values for `ws.append`: risky text as text cells, formatted columns as styled cells."""
    out = list(values)
    for index, value in enumerate(out):
        if value.__class__ is str:
            if not value:
                out[index] = None  # an empty cell costs nothing to write
                continue
            style = styled.get(index, row_style)
            if style is not None or value[0] in _RISKY_STARTS or not value.isprintable():
                out[index] = text_cell(ws, value, style)
        elif value is not None:
            style = styled.get(index, row_style)
            if style is not None:
                out[index] = Cell(ws, row=1, column=1, value=value, style_array=style)
    return out


# Text openpyxl would turn into a formula (=) or an error value (#N/A ...).
_RISKY_STARTS = frozenset("=#")


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, (dt.date, dt.datetime)):
        return 10  # DD-MM-YYYY
    if isinstance(value, float):
        return 7
    if isinstance(value, int):
        return len(f"{value:,}") + 3
    return len(str(value))


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[int]:
    """Widths from the header and the rows (an even sample of a long sheet is enough)."""
    widths = [min(len(header), HEADER_WIDTH) for header in headers]
    for index, header in enumerate(headers):  # room for the longest word of a heading
        widths[index] = max([widths[index], *(len(word) for word in header.split())])
    step = max(1, len(rows) // WIDTH_SAMPLE)
    for row in rows[::step]:
        for index, value in enumerate(row):
            if index < len(widths):
                size = _width(value)
                if size > widths[index]:
                    widths[index] = size
    return [max(6, min(MAX_WIDTH, width + 2)) for width in widths]


def wrapped_lines(text: str, width: float, size: float = 11.0) -> int:
    """The lines a wrapped cell of `width` characters takes (word by word, as Excel and
    LibreOffice break them), so the row is made tall enough and no line hides another.
    `size`: the type's size in points (the widths are of 11-point type)."""
    room = (width * 7 + 5 - 7) * 11.0 / size  # the column's pixels less the cell's padding
    if len(text) * 11.5 <= room:  # even in the widest letters: one line
        return 1
    lines = 0
    for paragraph in text.split("\n"):
        used, lines = 0.0, lines + 1
        for word in paragraph.split():
            size = text_pixels(word)
            gap = text_pixels(" ") if used else 0.0
            if used and used + gap + size > room:
                lines += 1
                used = size
            else:
                used += gap + size
            while used > room:  # a word longer than the column breaks inside it
                lines += 1
                used -= room
    return max(1, lines)


def count_formats(table: Table) -> dict[int, str]:
    """Columns of counts (whole numbers): printed with a thousands separator. Only counts
    that reach a thousand need one, so long detail tables (ages, days) stay unstyled."""
    if len(table.rows) > WIDTH_SAMPLE:
        return {}
    sample = [*table.rows[:50], *table.totals]
    found = {}
    for index in range(len(table.headers)):
        values = [row[index] for row in sample if index < len(row)]
        if any(value.__class__ is int for value in values):
            found[index] = COUNT_FORMAT
    return found


def _ratio(part: int, whole: int) -> float | str:
    """A share, or a dash where there is nothing to share (never a misleading 0%)."""
    return part / whole if whole else NO_VALUE


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Any]]
    formats: dict[int, str] = field(default_factory=dict)  # 0-based column -> number format
    notes: list[str] = field(default_factory=list)
    bold_rows: set[int] = field(default_factory=set)  # 0-based indexes into rows
    indented: dict[int, set[int]] = field(default_factory=dict)  # column -> rows indented
    totals: list[list[Any]] = field(default_factory=list)  # Jumlah rows, below the filter
    widths: list[int] | None = None  # fitted to the content when not given
    wrap: set[int] = field(default_factory=set)  # columns whose text wraps
    landscape: bool = True
    wrap_widths: dict[int, int] = field(default_factory=dict)  # wrapped column -> its width


@dataclass(frozen=True)
class SheetInfo:
    """What Keterangan says about a sheet written."""

    key: str
    name: str
    description: str
    columns: list[tuple[str, str]]


@dataclass(frozen=True)
class Letterhead:
    """The kop above every sheet's table (tata naskah dinas: government and office in
    capitals, centred, the address line, a closing rule), and the page header and footer."""

    lines: list[str]  # government, office, address line (telephone, e-mail)
    period: str  # the period and area line under each title
    marks: list[str]  # CONFIDENTIAL, PROVISIONAL: the page header of every page
    footer: str  # the report's name and period
    paper: str = "a4"
    number: str = ""  # the report's nomor, under the title of the Ringkasan
    emblem: str = ""  # a PNG image left of the kop (Ringkasan)
    body_marks: list[str] = field(default_factory=list)  # marks also printed above the table


# Sizes (points) of the letterhead's lines and their row heights.
KOP_SIZES = [(12.0, 17.0), (14.0, 20.0), (9.0, 14.0)]
# The same type on the Ringkasan, in rows as tall as the type needs (its page must hold
# every kecamatan, every programme and the signatures at 85% or more).
KOP_SIZES_COMPACT = [(12.0, 15.0), (14.0, 17.5), (9.0, 11.5)]


class BookWriter:
    """A write-only workbook, the styles it shares, and what each sheet holds."""

    def __init__(self, letterhead: Letterhead | None = None) -> None:
        self.book = Workbook(write_only=True)
        self._styles: Styles | None = None
        self.letterhead = letterhead or Letterhead([], "", [], "")
        self.written: list[SheetInfo] = []
        self.continued: list[tuple[str, list[str]]] = []  # sheet -> its continuation sheets
        self.rows = 0  # table rows written, for the closing line

    def styles(self, ws: WriteOnlyWorksheet) -> Styles:
        if self._styles is None:
            self._styles = Styles(ws)
        return self._styles

    def sheet(self, name: str, *, landscape: bool = True, title_rows: str | None = None,
              title_columns: str | None = None, one_page: bool = False
              ) -> WriteOnlyWorksheet:  # fmt: skip
        ws: WriteOnlyWorksheet = self.book.create_sheet(sheet_title(name))
        head = self.letterhead
        apply_page_setup(ws, PageSetup(
            paper=head.paper, landscape=landscape, title_rows=title_rows,
            title_columns=title_columns, header_center="  ·  ".join(head.marks),
            footer_left=head.footer, footer_right=_("Page &P of &N"), one_page=one_page,
        ))  # fmt: skip
        return ws

    def note(self, info: SheetInfo) -> None:
        self.written.append(info)

    def table(self, name: str, table: Table) -> list[str]:
        """A table on one sheet, or on several when it is longer than a sheet holds: each
        with the letterhead, title, notes, a bold frozen header with autofilter, the rows."""
        # Room for the two "continued" notes a part may carry.
        header_row = self._header_row([*table.notes, "", ""])
        capacity = max(1, MAX_SHEET_ROWS - header_row - len(table.totals))
        chunks = [table.rows[i : i + capacity] for i in range(0, len(table.rows), capacity)]
        names = [name] + [f"{name} ({n})" for n in range(2, len(chunks) + 1)]
        names = [sheet_title(each) for each in names]
        if len(chunks) > 1:
            self.continued.append((names[0], names[1:]))
        widths = table.widths or [
            min(width, table.wrap_widths.get(index, WRAP_WIDTH)) if index in table.wrap else width
            for index, width in enumerate(column_widths(table.headers, table.rows))
        ]
        table.formats = {**count_formats(table), **table.formats}
        for index, rows in enumerate(chunks or [[]]):
            notes = list(table.notes)
            if index + 1 < len(names):
                notes.append(_("Continued on sheet {sheet}.").format(sheet=names[index + 1]))
            if index > 0:
                notes.append(_("Continued from sheet {sheet}.").format(sheet=names[index - 1]))
            offset = index * capacity
            part = Table(
                table.title, table.headers, rows, table.formats, notes,
                {i - offset for i in table.bold_rows if offset <= i < offset + len(rows)},
                {c: {i - offset for i in r} for c, r in table.indented.items()},
                table.totals if index == len(chunks) - 1 or not chunks else [],
                widths, table.wrap, table.landscape, table.wrap_widths,
            )  # fmt: skip
            self._one_sheet(names[index], part)
        return names

    def _header_row(self, notes: list[str], *, number: bool = False) -> int:
        """The row of a table's header: below the preamble (see `preamble`)."""
        head = self.letterhead
        before = len(head.lines) + (1 if head.lines else 0) + 2 + len(head.body_marks)
        return before + (1 if number and head.number else 0) + len(notes) + 1 + 1

    def _one_sheet(self, name: str, table: Table) -> WriteOnlyWorksheet:
        header_row = self._header_row(table.notes)
        last_data = header_row + len(table.rows)
        ws = self.sheet(name, landscape=table.landscape, title_rows=f"{header_row}:{header_row}")
        styles = self.styles(ws)
        widths = table.widths or column_widths(table.headers, table.rows)
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = f"A{header_row + 1}"
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(table.headers))}{last_data}"
        ws.row_dimensions[header_row].height = header_height(table.headers, widths)
        self.preamble(ws, table.title, table.notes, span=len(table.headers))
        header = styles.get(header=True)
        ws.append([text_cell(ws, text, header) for text in table.headers])
        # Where text wraps, every cell of a row starts at its top line.
        plain = {i: styles.get(number_format=f) for i, f in table.formats.items()}
        plain.update({i: styles.get(wrap=True) for i in table.wrap})
        # A row of several lines starts every cell at its top line (one-line rows need no
        # style: a value without one costs nothing to write).
        tall = {i: styles.get(top=True) for i in range(len(table.headers))}
        tall.update({i: styles.get(number_format=f, top=True) for i, f in table.formats.items()})
        tall.update({i: styles.get(wrap=True) for i in table.wrap})
        bold = {i: styles.get(bold=True, number_format=f) for i, f in table.formats.items()}
        bold_style = styles.get(bold=True)
        indent = styles.get(indent=2)
        for index, row in enumerate(table.rows):
            lines = 1
            if table.wrap:
                lines = max(wrapped_lines(str(row[i] or ""), widths[i]) for i in table.wrap
                            if i < len(row))  # fmt: skip
                if lines > 1:
                    ws.row_dimensions[header_row + 1 + index].height = LINE_HEIGHT * lines
            if index in table.bold_rows:
                ws.append(safe_row(ws, row, bold, bold_style))
                continue
            styled = tall if lines > 1 else plain
            for column, rows in table.indented.items():
                if index in rows:
                    styled = {**plain, column: indent}
            ws.append(safe_row(ws, row, styled))
        for total in table.totals:
            ws.append(safe_row(ws, total, bold, bold_style))
        self.rows += len(table.rows)
        return ws

    def preamble(
        self,
        ws: WriteOnlyWorksheet,
        title: str,
        notes: list[str],
        *,
        span: int = 8,
        number: bool = False,
        body: float | None = None,
    ) -> int:
        """The kop (centred across `span` columns, closed by a thick rule), the title, the
        report's nomor (`number`), the period and area, marks and notes (wrapped within
        the span). Returns the number of rows written."""
        styles = self.styles(ws)
        head = self.letterhead
        last = get_column_letter(max(span, 1))
        written = 0

        def line(text: str, style: StyleArray, height: float | None, *,
                 rule: str | None = None, merge: bool = True) -> None:  # fmt: skip
            nonlocal written
            written += 1
            if height is not None:
                ws.row_dimensions[written].height = height
            cells: list[Any] = [text_cell(ws, text, style)]
            if rule:
                filler = styles.get(border=rule)
                cells += [Cell(ws, row=1, column=1, style_array=filler) for _i in range(span - 1)]
            ws.append(cells)
            if merge and span > 1:
                ws.merged_cells.add(f"A{written}:{last}{written}")

        compact = body is not None  # the Ringkasan: rows as tall as their type
        kop = KOP_SIZES_COMPACT if compact else KOP_SIZES
        gap = 3.0 if compact else 6.0
        for index, text in enumerate(head.lines):
            size, height = kop[min(index, len(kop) - 1)]
            closing = index == len(head.lines) - 1
            bold = index < 2  # government and office; the address line is plain
            style = styles.get(bold=bold, size=size, align="center",
                               border="thick" if closing else None)  # fmt: skip
            line(text, style, height, rule="thick" if closing else None)
        if head.lines:
            written += 1
            ws.row_dimensions[written].height = gap
            ws.append([])
        line(title, styles.get(title=True, align="center"), 16.5 if compact else 18)
        plain_height = line_height(body) if body else LINE_HEIGHT
        if number and head.number:
            line(_("Number: {number}").format(number=head.number),
                 styles.get(align="center", size=body), plain_height)  # fmt: skip
        line(head.period, styles.get(align="center", size=body), plain_height)
        for mark in head.body_marks:
            line(mark, styles.get(bold=True, align="center", size=body), plain_height)
        for note in notes:
            lines = max(1, -(-len(note) // max(20, int(span * 11))))
            ws.row_dimensions[written + 1].height = plain_height * lines
            line(note, styles.get(bold=True, wrap=True, align="left", size=body), None)
        written += 1
        ws.row_dimensions[written].height = gap
        ws.append([])
        return written

    def save(self, path: Path, force: bool, props: DocumentProperties | None = None) -> Path:
        if props is not None:
            set_properties(self.book, props)
        return save_atomic(self.book, path, force=force, company=props.company if props else None)

    def __del__(self) -> None:
        # An unfinished workbook (Ctrl-C half-way): close its sheets' temporary files while
        # they are still open, instead of leaving openpyxl's streams to fail noisily at exit.
        self.discard()

    def discard(self) -> None:
        for ws in self.book.worksheets:
            stream = getattr(ws, "_writer", None)
            with contextlib.suppress(Exception):
                if not ws.closed:
                    ws.close()
            if stream is not None and isinstance(stream.out, str):
                Path(stream.out).unlink(missing_ok=True)


# -- the monthly workbook -------------------------------------------------------------------------
@dataclass
class MonthlyReport:
    path: Path
    summary: Summary
    sheets: list[str]
    profile: str
    data: MonthlyData | None = None
    rows: int = 0  # table rows written


SheetBuilder = Callable[[BookWriter, MonthlyData], None]


def period_line(month: Month, scope: Scope) -> str:
    return _("Period: {month} ({start} to {end}). Area: {area}.").format(
        month=month_name(month),
        start=month.start.strftime("%d-%m-%Y"),
        end=month.end.strftime("%d-%m-%Y"),
        area=scope.label,
    )


def report_title() -> str:
    return _("Monthly report on the monitoring of social aid")


def letterhead(data: MonthlyData) -> Letterhead:
    office = data.office
    lines = [line for line in (office.government.upper(), office.name.upper(), office.contact)
             if line]  # fmt: skip
    marks = []
    if data.profile == "full":
        marks.append(_("CONFIDENTIAL: full NIKs. Reason: {reason}").format(reason=data.reason))
    body_marks = list(marks)
    if data.provisional:
        # Stated once: in the page header of every page, not again above the table.
        marks.append(
            _("PROVISIONAL: the month is still running; figures as of {date}.").format(
                date=data.as_of.strftime("%d-%m-%Y")
            )
        )
    footer = f"{report_title()} · {month_name(data.month)} · {data.scope.label}"
    return Letterhead(lines, period_line(data.month, data.scope), marks, footer, data.paper,
                      office.number, office.emblem, body_marks)  # fmt: skip


def _share_cells(counts: numbers.Counts) -> tuple[float | str, float | str]:
    return (
        _ratio(counts.recipients_visited, counts.recipients),
        _ratio(counts.full, counts.checked),
    )


# -- Ringkasan: the one page the Kepala Dinas reads and signs --------------------------------
def summary_columns_short() -> list[tuple[str, str]]:
    return [
        (_("Kecamatan"), _("Kecamatan of the regency; the total row is the whole report.")),
        *_count_columns(),
        (_("Visits"), _("Visits dated in the month (monitoring and escorts).")),
        (_("Deliveries checked"), _("Aid that was due, checked in the month: once per recipient, "
                                     "programme and period.")),
        (_("Received in full"), _("Of those, aid received in full.")),
        (_("% received in full"),
         _("Received in full divided by the checks that were due (full, part, none).")),
        (_("Off target (visits)"), _("Visits that found the family no longer eligible.")),
        (_("Elderly escorts"), _("Escorts of elderly residents to a health facility.")),
        (_("Open findings at month end"), _("Problems opened by the month's end and not "
                                            "resolved by then.")),
    ]  # fmt: skip


# The Ringkasan holds, on one page at 85% or more, up to eleven kecamatan and the total, ten
# programmes and their two totals, the notes, the kop and the signatures: 9-point type in
# rows as tall as that type needs, headings in two lines, thin spacers.
SUMMARY_BODY = 9.0  # points: the Ringkasan's type (its kop and title are larger)
SUMMARY_ROW = 11.5  # points: one line of that type (Calibri/Carlito: 1.22 em and a little)
SUMMARY_HEADER_LINE = 11.0  # points: one line of a bold heading of that type
SUMMARY_GAP = 3.0  # points: the spacer rows between the parts of the page
SUMMARY_SIGN_ROOM = 36.0  # points: the room to sign and stamp (1.25 cm)
SUMMARY_NAME_WIDTH = 20
SUMMARY_WIDTH = 11


def line_height(size: float) -> float:
    """A row holding one line of `size`-point type, to the quarter point."""
    return round(size * 1.28 * 4) / 4


def _shown(value: Any, number_format: str | None) -> str:
    """About how a value prints (for its column's width)."""
    if isinstance(value, str) or value is None:
        return str(value or "")
    if number_format == PERCENT_FORMAT:
        return f"{float(value) * 100:.1f}%"
    if number_format == RUPIAH_FORMAT:
        return rupiah(int(value))
    return count_text(int(value))


def summary_widths(tables: Sequence[tuple[list[str], list[list[Any]], dict[int, str]]]
                   ) -> list[int]:  # fmt: skip
    """One width per column for the tables that share the Ringkasan's columns: every
    heading in two lines at most and every value on one line, in the page's 9-point type
    (the widths are counted in characters of 11-point type)."""
    columns = max(len(headers) for headers, _rows, _formats in tables)
    widths = [SUMMARY_NAME_WIDTH] + [SUMMARY_WIDTH] * (columns - 1)
    bold = SUMMARY_BODY * 1.25  # bold headings are wider; and a little room either side
    figures = SUMMARY_BODY * 1.1  # figures, bold in the total rows
    for headers, rows, formats in tables:
        for index, text in enumerate(headers):
            while index and wrapped_lines(text, widths[index], bold) > 2:
                widths[index] += 1
        for values in rows:
            for index, value in enumerate(values):
                text = _shown(value, formats.get(index))
                while wrapped_lines(text, widths[index], figures) > 1 or (
                    text_pixels(text) * figures / 11 > widths[index] * 7 - 2
                ):
                    widths[index] += 1
    return widths


def summary_header_height(headers: list[str], widths: list[int]) -> float:
    lines = max(wrapped_lines(text, width, SUMMARY_BODY * 1.25)
                for text, width in zip(headers, widths, strict=False))  # fmt: skip
    return SUMMARY_HEADER_LINE * lines + 3


def _short_cells(name: str, c: numbers.Counts) -> list[Any]:
    visited, full = _share_cells(c)
    return [name, c.recipients, c.recipients_visited, visited, c.visits, c.checked, c.full, full,
            c.off_target, c.escorts, c.findings_open]  # fmt: skip


def _is_quiet(c: numbers.Counts) -> bool:
    return not (c.recipients or c.visits or c.checked or c.findings_open)


def summary_table(data: MonthlyData) -> Table:
    """Kecamatan with recipients or work and the total; the others (all nought) are named
    in a note under the table (`quiet_note`)."""
    summary = data.summary
    rows = [_short_cells(k.name, k.counts) for k in summary.kecamatan if not _is_quiet(k.counts)]
    total = _short_cells(_("Total"), summary.total.counts)
    notes = []
    if summary.empty:
        notes.append(_("No recipients enrolled and no visits recorded in this month."))
    headers = _headers(summary_columns_short())
    return Table(
        _("Monthly summary of aid monitoring"), headers, rows,
        {3: PERCENT_FORMAT, 7: PERCENT_FORMAT}, notes, totals=[total],
    )  # fmt: skip


def quiet_note(data: MonthlyData) -> str | None:
    quiet = [k.name for k in data.summary.kecamatan if _is_quiet(k.counts)]
    if not quiet or data.summary.empty:
        return None
    return _("Other kecamatan: no recipients and no visits this month ({names}).").format(
        names=", ".join(quiet)
    )


def form_label(form: str) -> str:
    """The form of aid in one word, as the tables print it."""
    return {"tunai": _("cash"), "non-tunai": _("non-cash"), "iuran": _("premium")}.get(form, form)


def program_summary_headers() -> list[str]:
    return [_("Programme"), _("KPM registered"), _("KPM visited"), _("% visited"),
            _("Form of aid"), _("Deliveries checked"), _("Received in full"),
            _("% received in full"), _("Off target (enrolments)"), _("Amount due"),
            _("Amount received")]  # fmt: skip


def program_summary_rows(data: MonthlyData) -> tuple[list[list[Any]], list[list[Any]]]:
    """One line per programme with recipients or checks in the month, and the totals
    (like with like: the Rupiah of programmes paid in money with a nominal, and apart
    from them the others)."""
    rows: list[list[Any]] = []
    priced, unpriced = (numbers.Counts(), numbers.Money()), (numbers.Counts(), numbers.Money())
    for program in data.programs:
        c, m = program.counts, program.money
        if not (c.recipients or c.checked or c.not_due):
            continue
        visited, full = _share_cells(c)
        counted = program.nominal is not None and program.form != "iuran"
        due: Any = m.due if counted else NO_VALUE
        received: Any = m.received if counted else NO_VALUE
        rows.append([program.code, c.recipients, c.recipients_visited, visited,
                     form_label(program.form), c.checked, c.full, full, c.off_target, due,
                     received])  # fmt: skip
        bucket = priced if counted else unpriced
        bucket[0].add(c)
        bucket[1].add(m)
    totals = []
    for label, (counts, money), rupiah_too in (
        (_("Total, amounts with a nominal"), priced, True),
        (_("Total, other programmes"), unpriced, False),
    ):
        if not (counts.recipients or counts.checked):
            continue
        visited, full = _share_cells(counts)
        totals.append([label, counts.recipients, counts.recipients_visited, visited, "",
                       counts.checked, counts.full, full, counts.off_target,
                       money.due if rupiah_too else NO_VALUE,
                       money.received if rupiah_too else NO_VALUE])  # fmt: skip
    return rows, totals


def on_target_line(data: MonthlyData) -> str:
    c = data.summary.total.counts
    if not c.assessed:
        return _("On target: no targeting verdict recorded this month.")
    return _("On target: {share} of {count} visits with a verdict ({off} off target, "
             "{unsure} unsure).").format(
        share=percent_text(c.on_target / c.assessed), count=count_text(c.assessed),
        off=count_text(c.off_target), unsure=count_text(c.unsure))  # fmt: skip


def percent_text(share: float) -> str:
    return f"{share * 100:.1f}".replace(".", ",") + "%"


def count_text(number: int) -> str:
    """A count as an Indonesian office writes it: 1.234."""
    return f"{number:,}".replace(",", ".")


def rupiah(amount: int) -> str:
    return "Rp " + f"{amount:,}".replace(",", ".")


def summary_sheet(book: BookWriter, data: MonthlyData) -> None:
    """The page the Kepala Dinas signs: the kop, the counts per kecamatan, one line per
    programme, the on-target rate, and the signatures, all on one page (fit both ways;
    rows kept within the printable height so the scale stays at 85% or more)."""
    name = sheet_names()["summary"]
    table = summary_table(data)
    rows, totals = program_summary_rows(data)
    money_formats = {3: PERCENT_FORMAT, 7: PERCENT_FORMAT, 9: RUPIAH_FORMAT, 10: RUPIAH_FORMAT}
    parts = [(table.headers, [*table.rows, *table.totals], table.formats)]
    if rows:
        parts.append((program_summary_headers(), [*rows, *totals], money_formats))
    widths = summary_widths(parts)
    span = len(widths)
    ws = book.sheet(name, one_page=True)
    styles = book.styles(ws)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = f"A{book._header_row(table.notes, number=True) + 1}"
    ws.print_options.horizontalCentered = True
    if book.letterhead.emblem:
        add_emblem(ws, book.letterhead.emblem)
    row = book.preamble(ws, table.title, table.notes, span=span, number=True, body=SUMMARY_BODY)
    row = _bordered_table(ws, styles, row, table.headers, table.rows, table.totals, table.formats,
                          widths)  # fmt: skip
    quiet = quiet_note(data)
    if quiet:  # the kecamatan the table leaves out (it has a row fewer for each)
        row = _note_rows(ws, styles, row, [quiet], widths)
    row += 1
    ws.row_dimensions[row].height = SUMMARY_GAP
    ws.append([])
    if rows:
        row = _bordered_table(ws, styles, row, program_summary_headers(), rows, totals,
                              money_formats, widths)  # fmt: skip
    # The on-target rate on its own line; what the Rupiah leave out in one paragraph.
    notes = [on_target_line(data)]
    money = money_notes(data)
    if money:
        notes.append(" ".join(money))
    row = _note_rows(ws, styles, row, notes, widths)
    signature_block(ws, styles, data, row)
    book.note(SheetInfo("summary", name, _("One page for the head of office: counts per "
                        "kecamatan and per programme, the total, and the signatures."),
                        summary_columns_short()))  # fmt: skip


def _note_rows(ws: WriteOnlyWorksheet, styles: Styles, row: int, notes: list[str],
               widths: list[int]) -> int:  # fmt: skip
    """Lines of text across the page's width (merged, wrapped, as tall as their lines)."""
    style = styles.get(size=SUMMARY_BODY, wrap=True, align="left")
    last = get_column_letter(len(widths))
    for text in notes:
        row += 1
        lines = wrapped_lines(text, sum(widths) + len(widths) * 5 / 7, SUMMARY_BODY)
        ws.row_dimensions[row].height = SUMMARY_ROW * lines
        ws.append([text_cell(ws, text, style)])
        ws.merged_cells.add(f"A{row}:{last}{row}")
    return row


def _bordered_table(ws: WriteOnlyWorksheet, styles: Styles, row: int, headers: list[str],
                    rows: list[list[Any]], totals: list[list[Any]], formats: dict[int, str],
                    widths: list[int]) -> int:  # fmt: skip
    """A bordered table in the Ringkasan's type from row `row + 1`; returns its last row."""
    size = SUMMARY_BODY
    head = styles.get(header=True, size=size, border="thin")
    row += 1
    ws.row_dimensions[row].height = summary_header_height(headers, widths)
    ws.append([text_cell(ws, text, head) for text in headers])
    for values, bold in [*((r, False) for r in rows), *((t, True) for t in totals)]:
        row += 1
        ws.row_dimensions[row].height = SUMMARY_ROW
        cells: list[Any] = []
        for index, value in enumerate(values):
            number_format = None
            if not isinstance(value, str):
                number_format = formats.get(index, COUNT_FORMAT if isinstance(value, int) else None)
            style = styles.get(bold=bold, size=size, border="thin", number_format=number_format,
                               align="left" if index == 0 else "right")  # fmt: skip
            if isinstance(value, str):
                cells.append(text_cell(ws, value, style))
            else:
                cells.append(Cell(ws, row=1, column=1, value=value, style_array=style))
        ws.append(cells)
    return row


def money_notes(data: MonthlyData) -> list[str]:
    """What the Rupiah columns leave out, in words (never a command)."""
    lines = []
    unpriced = [p.code for p in data.programs if p.nominal is None and p.form != "iuran"
                and (p.counts.recipients or p.counts.checked)]  # fmt: skip
    premium = [p.code for p in data.programs if p.form == "iuran"
               and (p.counts.recipients or p.counts.checked)]  # fmt: skip
    if unpriced:
        text = _("Nominal not set for {codes}: not in the Rupiah totals (see Per Programme).")
        lines.append(text.format(codes=", ".join(unpriced)))
    if premium:
        lines.append(_("{codes}: a premium paid to BPJS, not money for the family; checked as "
                       "an active card.").format(codes=", ".join(premium)))  # fmt: skip
    return lines


def money_lines(data: MonthlyData) -> list[str]:
    """The aid's value, like with like (the terminal summary and JSON)."""
    known, unknown = numbers.Money(), numbers.Money()
    for program in data.programs:
        if program.form == "iuran":
            continue
        (known if program.nominal is not None else unknown).add(program.money)
    lines = [
        _("Aid value, programmes with a nominal: due {due}, received {received}.").format(
            due=rupiah(known.due), received=rupiah(known.received)
        )
    ]
    if unknown.recorded or unknown.due_unknown:
        lines.append(
            _("Programmes without a nominal: {recorded} recorded. See Per Programme.").format(
                recorded=rupiah(unknown.recorded)
            )
        )
    return lines


def add_emblem(ws: WriteOnlyWorksheet, path: str) -> None:
    """The regency's emblem (a PNG file) at the left of the kop, 50 points high. A file
    that cannot be read leaves the kop without it."""
    from openpyxl.drawing.image import Image

    try:
        data = Path(path).read_bytes()
    except OSError:
        return
    if not data.startswith(b"\x89PNG\r\n\x1a\n") or len(data) < 24:
        return
    width = int.from_bytes(data[16:20], "big")
    height = int.from_bytes(data[20:24], "big")
    if not width or not height:
        return

    class Emblem(Image):  # type: ignore[misc]  # openpyxl's Image needs Pillow only for the size
        def __init__(self) -> None:
            self.ref = path
            self.format = "png"
            self.height = 66  # pixels: 50 points
            self.width = max(1, round(66 * width / height))
            self.anchor = "A1"

        def _data(self) -> bytes:
            return data

    ws.add_image(Emblem())


SIGN_LEFT = 1  # the 0-based column where the left-hand signature starts
SIGN_RIGHT = 7  # the 0-based column where the right-hand signature starts
BLANK_NAME = "(" + "." * 40 + ")"
BLANK_NIP = "NIP. " + "." * 30


def signature_block(ws: WriteOnlyWorksheet, styles: Styles, data: MonthlyData, row: int) -> None:
    """Place and date; "Mengetahui," and the head of office's jabatan in full on the left,
    the preparer on the right; name (underlined), pangkat/golongan, NIP as printed
    (`NIP. 19700101 199003 1 005`), or dotted lines to fill in by hand."""
    office = data.office
    plain = styles.get(size=SUMMARY_BODY)

    def line(left: str | None, right: str | None, style: StyleArray = plain,
             height: float = SUMMARY_ROW) -> None:  # fmt: skip
        nonlocal row
        row += 1
        ws.row_dimensions[row].height = height
        cells: list[Any] = [None] * (SIGN_RIGHT + 1)
        if left:
            cells[SIGN_LEFT] = text_cell(ws, left, style)
        if right:
            cells[SIGN_RIGHT] = text_cell(ws, right, style)
        ws.append(cells)

    place = office.place or "." * 25
    line(None, None, height=SUMMARY_GAP)
    line(None, f"{place}, {long_date(data.today)}")
    line(_("Acknowledged by,"), _("Prepared by,"))
    line(office.head_title, office.preparer_title)
    line(None, None, height=SUMMARY_SIGN_ROOM)  # room to sign and stamp
    line(office.head_name or BLANK_NAME, office.preparer_name or BLANK_NAME,
         styles.get(underline=True, size=SUMMARY_BODY))  # fmt: skip
    if office.head_rank or office.preparer_rank:
        line(office.head_rank, office.preparer_rank)
    line(_nip_line(office.head_nip), _nip_line(office.preparer_nip))


def _nip_line(nip: str) -> str:
    return f"NIP. {format_nip(nip)}" if nip else BLANK_NIP


# -- Per Desa: every count, per kecamatan and desa -------------------------------------------
def _counts_cells(counts: numbers.Counts) -> list[Any]:
    visited, full = _share_cells(counts)
    return [
        counts.recipients, counts.recipients_visited, visited, counts.visits,
        counts.full, counts.partial, counts.none, counts.not_due, full,
        counts.off_target, counts.unsure, counts.better, counts.same, counts.worse,
        counts.ready_to_graduate, counts.escorts, counts.findings_opened,
        counts.findings_resolved, counts.findings_open,
    ]  # fmt: skip


# Columns of each half of Rincian Desa: code, name (and IDM status), then counts. Split in two
# so that each prints at 75% or more on A4 and F4 landscape.
DESA_PARTS = {"desa": (True, range(0, 9)), "desa_results": (False, range(9, 19))}


def desa_table(data: MonthlyData, key: str = "desa") -> Table:
    summary = data.summary
    with_idm, counted = DESA_PARTS[key]
    rows: list[list[Any]] = []
    bold: set[int] = set()
    indented: set[int] = set()
    unset = _("not filled in")

    def cells(code: str, name: str, idm: str | None, counts: numbers.Counts) -> list[Any]:
        values = _counts_cells(counts)
        head: list[Any] = [code, name] + ([idm] if with_idm else [])
        return head + [values[i] for i in counted]

    for kecamatan in summary.kecamatan:
        bold.add(len(rows))
        rows.append(cells(kecamatan.code, kecamatan.name, "", kecamatan.counts))
        for desa in summary.desa[kecamatan.code]:
            indented.add(len(rows))
            rows.append(cells(desa.code, desa.name, desa.idm_status or unset, desa.counts))
    total = cells(_("Total"), "", "", summary.total.counts)  # "Jumlah" once
    notes = []
    if summary.empty:
        notes.append(_("No recipients enrolled and no visits recorded in this month."))
    if with_idm and any(row[2] == unset for row in rows):
        notes.append(_("IDM status not filled in for some desa: import the IDM status of the "
                       "year to fill it in."))  # fmt: skip
    columns = desa_columns(key)
    shift = len(columns) - len(counted)
    formats = {shift + counted.index(i): PERCENT_FORMAT for i in (2, 8) if i in counted}
    title = (
        _("Summary per kecamatan and desa: coverage and deliveries")
        if with_idm
        else _("Summary per kecamatan and desa: targeting, outcomes and findings")
    )
    return Table(
        title,
        _headers(columns),
        rows,
        formats,
        notes,
        bold,
        {1: indented},
        [total],
        widths=[14, 22] + ([12] if with_idm else []) + [10] * len(counted),
    )


def desa_columns(key: str) -> list[tuple[str, str]]:
    columns = summary_columns()  # level, code, name, IDM, then the 19 counts
    with_idm, counted = DESA_PARTS[key]
    return [columns[1], columns[2], *([columns[3]] if with_idm else []),
            *(columns[4 + i] for i in counted)]  # fmt: skip


def desa_sheet(book: BookWriter, data: MonthlyData) -> None:
    for key in DESA_PARTS:
        name = sheet_names()[key]
        book.table(name, desa_table(data, key))
        book.note(SheetInfo(key, name, _("Every count per kecamatan and desa (desa with any "
                            "data), with the total."), desa_columns(key)))  # fmt: skip


# -- Per Program ---------------------------------------------------------------------------
def _value_note(program: numbers.ProgramRow) -> str:
    money = program.money
    notes = []
    if program.form == "iuran":
        notes.append(_("premium paid to BPJS: checked as an active card, no amount"))
    elif program.nominal is None and (money.due_unknown or program.counts.checked):
        notes.append(_("nominal not set"))
    elif money.due_unknown:
        notes.append(
            ngettext(
                "{count} check without a nominal",
                "{count} checks without a nominal",
                money.due_unknown,
            ).format(count=money.due_unknown)
        )
    if money.received_unknown and program.form != "iuran":
        notes.append(_("{count} received without an amount").format(count=money.received_unknown))
    return "; ".join(notes)


def _units() -> dict[str, str]:
    return {"bulan": _("month"), "tahun": _("year"), "hari": _("day"), "sekali": _("once"),
            "tahap": _("stage")}  # fmt: skip


def program_table(data: MonthlyData) -> Table:
    """Per Programme: the counts (the Rupiah are on Per Programme: value)."""
    rows: list[list[Any]] = []
    everything = numbers.Counts()
    for program in data.programs:
        c = program.counts
        visited, full = _share_cells(c)
        rows.append([program.code, program.name, form_label(program.form), c.recipients,
                     c.recipients_visited, visited, c.full, c.partial, c.none, c.not_due, full,
                     c.off_target])  # fmt: skip
        everything.add(c)
    visited, full = _share_cells(everything)
    total = [_("Total"), "", "", everything.recipients, everything.recipients_visited, visited,
             everything.full, everything.partial, everything.none, everything.not_due, full,
             everything.off_target]  # fmt: skip
    notes = [_("Counted per enrolment: a recipient in several programmes counts in each, so "
               "the total is larger than the recipients of the summary.")]  # fmt: skip
    return Table(_("Summary per programme"), _headers(program_columns()), rows,
                 {5: PERCENT_FORMAT, 10: PERCENT_FORMAT}, notes, totals=[total], wrap={1},
                 widths=[14, 26, 10, 11, 11, 11, 10, 10, 10, 10, 11, 13])  # fmt: skip


def program_value_table(data: MonthlyData) -> Table:
    """Per Programme: value. Like with like: programmes paid in money or goods with a nominal
    in one total, the others (no nominal, premiums) on their own line."""
    rows: list[list[Any]] = []
    priced, other = numbers.Money(), numbers.Money()
    for program in data.programs:
        m = program.money
        counted = program.nominal is not None and program.form != "iuran"
        rows.append([program.code, form_label(program.form), program.nominal,
                     _units().get(program.unit, program.unit), program.counts.checked,
                     m.due if counted else None, m.recorded if program.form != "iuran" else None,
                     m.received if counted or (program.form != "iuran" and m.received) else None,
                     _value_note(program)])  # fmt: skip
        (priced if counted else other).add(m)
    totals = [
        [_("Total, with a nominal"), "", None, "", None, priced.due, priced.recorded,
         priced.received, ""],
        [_("Other programmes"), "", None, "", None, None, other.recorded or None, None,
         _("no nominal or a premium: not added to the amounts due")],
    ]  # fmt: skip
    formats = {2: RUPIAH_FORMAT, 5: RUPIAH_FORMAT, 6: RUPIAH_FORMAT, 7: RUPIAH_FORMAT}
    return Table(_("Value of the aid per programme"), _headers(program_value_columns()), rows,
                 formats, [], totals=totals, wrap={8},
                 widths=[14, 10, 14, 8, 11, 15, 15, 15, 40])  # fmt: skip


def program_sheet(book: BookWriter, data: MonthlyData) -> None:
    name = sheet_names()["programs"]
    book.table(name, program_table(data))
    book.note(SheetInfo("programs", name, _("The counts per programme."), program_columns()))
    name = sheet_names()["program_values"]
    book.table(name, program_value_table(data))
    book.note(SheetInfo("program_values", name, _("The aid's value per programme, like with "
                        "like."), program_value_columns()))  # fmt: skip


# -- detail sheets -------------------------------------------------------------------------
@dataclass(frozen=True)
class Detail:
    key: str
    title: Callable[[], str]
    description: Callable[[], str]
    columns: Callable[[], list[tuple[str, str]]]
    formats: dict[int, str]
    wrap: dict[int, int] = field(default_factory=dict)  # long text: column -> width to wrap at


DETAILS = {
    "deliveries": Detail(
        "deliveries", lambda: _("Delivery checks"),
        lambda: _("Every delivery check recorded at a visit in the month; the last column says "
                  "which count."),
        lambda: delivery_columns(),
        {0: DATE_FORMAT, 7: RUPIAH_FORMAT, 8: RUPIAH_FORMAT, 9: DATE_FORMAT},
        {1: 16, 2: 16, 6: 15, 10: 17, 11: 11},
    ),
    "targeting": Detail(
        "targeting", lambda: _("Targeting: off target or unsure"),
        lambda: _("Every off-target or unsure verdict, for the village deliberation and the "
                  "data update."),
        lambda: targeting_columns(), {0: DATE_FORMAT}, {2: 22, 4: 16, 6: 18, 7: 30, 8: 18},
    ),
    "outcomes": Detail(
        "outcomes", lambda: _("Outcomes after receiving aid"),
        lambda: _("Outcome observations; families ready to graduate come first."),
        lambda: outcome_columns(), {0: DATE_FORMAT}, {2: 22, 12: 30},
    ),
    "escorts": Detail(
        "escorts", lambda: _("Elderly escorts"),
        lambda: _("Escorts of elderly residents to a health facility."),
        lambda: escort_columns(), {0: DATE_FORMAT},
        {1: 16, 2: 20, 5: 18, 6: 18, 7: 12, 8: 18, 9: 16},
    ),
    "findings": Detail(
        "findings", lambda: _("Findings open at month end"),
        lambda: _("Problems still open at the month's end, oldest first."),
        lambda: finding_columns(), {0: DATE_FORMAT}, {2: 17, 3: 14, 4: 18, 8: 22, 9: 20},
    ),
    "not_visited": Detail(
        "not_visited", lambda: _("Recipients not visited this month"),
        lambda: _("Enrolled recipients with no visit in the month."),
        lambda: not_visited_columns(), {4: DATE_FORMAT},
    ),
}  # fmt: skip


def detail_sheet(key: str) -> SheetBuilder:
    """The builder of one detail sheet (names and NIKs; not in the aggregate profile)."""

    def build(book: BookWriter, data: MonthlyData) -> None:
        if data.aggregate:
            return
        detail = DETAILS[key]
        rows = data.details[key]
        notes = [] if rows else [_("Nothing to list for this month.")]
        table = Table(detail.title(), _headers(detail.columns()), rows, detail.formats, notes,
                      wrap=set(detail.wrap), wrap_widths=detail.wrap)  # fmt: skip
        if key == "deliveries":
            due = sum(row[8] or 0 for row in rows)
            table.totals = [[_("Total"), *[""] * 7, due, "", "", ""]]
        name = sheet_names()[key]
        for each in book.table(name, table):
            book.note(SheetInfo(key, each, detail.description(), detail.columns()))

    return build


# -- Kinerja Pendamping ------------------------------------------------------------------------
def assistant_table(data: MonthlyData) -> Table:
    unset = _("not filled in")
    rows: list[list[Any]] = [
        [p.name, p.desa_name or unset, p.visits, p.recipients, p.escorts, p.findings_opened,
         p.findings_resolved]
        for p in data.assistants
    ]  # fmt: skip
    total = [_("Total"), "", *(sum(row[i] for row in rows) for i in range(2, 7))]
    notes = []
    if any(row[1] == unset for row in rows):
        notes.append(_("Assistant's desa not filled in: the assistant sets it on their own "
                       "laptop, then syncs."))  # fmt: skip
    return Table(_("Assistant performance"), _headers(assistant_columns()), rows, {}, notes,
                 totals=[total])  # fmt: skip


def assistant_sheet(book: BookWriter, data: MonthlyData) -> None:
    if data.aggregate:
        return
    name = sheet_names()["assistants"]
    book.table(name, assistant_table(data))
    book.note(SheetInfo("assistants", name, _("Visits and findings per assistant."),
                        assistant_columns()))  # fmt: skip


# -- Grafik --------------------------------------------------------------------------------
def charts_sheet(book: BookWriter, data: MonthlyData) -> None:
    """Three small tables and the native charts drawn from them (in this sheet's cells)."""
    name = sheet_names()["charts"]
    widths = (24, 14, 14, 14, 14)
    ws = book.sheet(name, one_page=True)
    styles = book.styles(ws)
    for letter, width in zip("ABCDE", widths, strict=True):
        ws.column_dimensions[letter].width = width
    row = book.preamble(ws, _("Charts"), [], span=len(widths)) + 1
    header = styles.get(header=True)
    percent = {1: styles.get(number_format=PERCENT_FORMAT),
               2: styles.get(number_format=PERCENT_FORMAT)}  # fmt: skip

    def block(headers: list[str], rows: list[list[Any]], styled: dict[int, StyleArray]
              ) -> tuple[int, int]:  # fmt: skip
        nonlocal row
        ws.row_dimensions[row].height = header_height(headers, widths)
        ws.append([text_cell(ws, text, header) for text in headers])
        first = row
        for values in rows:
            ws.append(safe_row(ws, values, styled))
        row += len(rows) + 2
        ws.append([])
        return first, first + len(rows)

    kecamatan = [[k.name, *_share_cells(k.counts)] for k in data.summary.kecamatan
                 if k.counts.recipients]  # no recipients: no share to draw  # fmt: skip
    kec = block([_("Kecamatan"), _("% visited"), _("% received in full")], kecamatan, percent)
    prog = block([_("Programme"), _("Received in full"), _("Received in part"), _("Not received"),
                  _("Not yet due")],
                 [[p.code, p.counts.full, p.counts.partial, p.counts.none, p.counts.not_due]
                  for p in data.programs if p.counts.full + p.counts.partial + p.counts.none
                  + p.counts.not_due], {})  # fmt: skip
    months = block(
        [_("Month"), _("Visits"), _("Elderly escorts")],
        trend_rows(data.trend),
        {},
    )
    _bar_chart(ws, kec, _("% visited and % received in full per kecamatan"), _("Kecamatan"), "G4")
    _stacked_chart(ws, prog, _("Delivery status per programme"), _("Programme"), "G22")
    _line_chart(ws, months, _("Visits and escorts per month (last 12 months)"), _("Month"), "G40")
    book.note(SheetInfo("charts", name, _("Charts for presentations, drawn from the small "
                        "tables in the sheet (– : no recipients, no share)."), []))  # fmt: skip


def trend_rows(trend: list[tuple[Month, int, int]]) -> list[list[Any]]:
    """Months before the first with any visit are blank (no data yet), not plotted as 0."""
    rows: list[list[Any]] = []
    started = False
    for month, visits, escorts in trend:
        started = started or bool(visits or escorts)
        rows.append([month_short(month), visits if started else None,
                     escorts if started else None])  # fmt: skip
    return rows


def _axes(chart: Any, title: str, x_title: str, y_title: str) -> None:
    chart.title = title
    chart.x_axis.title = x_title
    chart.y_axis.title = y_title
    chart.x_axis.delete = False  # newer Excel hides axes openpyxl leaves undecided
    chart.y_axis.delete = False
    chart.width, chart.height = 22, 9


def _bar_chart(
    ws: WriteOnlyWorksheet, rows: tuple[int, int], title: str, x: str, anchor: str
) -> None:
    header, last = rows
    if last == header:
        return
    chart = BarChart()
    chart.type = "col"
    chart.add_data(
        Reference(ws, min_col=2, max_col=3, min_row=header, max_row=last), titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=last))
    _axes(chart, title, x, _("Percentage"))
    chart.y_axis.numFmt = "0%"
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
    ws.add_chart(chart, anchor)


def _stacked_chart(
    ws: WriteOnlyWorksheet, rows: tuple[int, int], title: str, x: str, anchor: str
) -> None:
    header, last = rows
    if last == header:
        return
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.add_data(
        Reference(ws, min_col=2, max_col=5, min_row=header, max_row=last), titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=last))
    _axes(chart, title, x, _("Delivery checks"))
    ws.add_chart(chart, anchor)


def _line_chart(
    ws: WriteOnlyWorksheet, rows: tuple[int, int], title: str, x: str, anchor: str
) -> None:
    header, last = rows
    chart = LineChart()
    chart.add_data(
        Reference(ws, min_col=2, max_col=3, min_row=header, max_row=last), titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=last))
    for series in chart.series:
        series.smooth = False  # a smoothed line rises above zero between empty months
    _axes(chart, title, x, _("Count"))
    ws.add_chart(chart, anchor)


# -- Keterangan ----------------------------------------------------------------------------
def counting_rules(data: MonthlyData) -> list[tuple[str, str]]:
    """How the figures are counted: (topic, explanation)."""
    rules = [
        (_("Recipients"), _("A recipient counts in a month when one of their enrolments "
                            "overlaps it; removed records never count.")),
        (_("Visits"), _("A visit counts in the month it is dated in.")),
        (_("Deliveries"), _("A delivery counts once per recipient, programme and period: its "
                            "latest check in the month. Earlier checks of the same period are "
                            "listed in Deliveries as not counted.")),
        (_("Amount due"), _("The programme's nominal for the period, for each delivery that "
                            "was due (received in full, in part or not). Empty where the "
                            "programme has no nominal (Value note says so).")),
        (_("Amount recorded"), _("The amounts the assistants typed in, as typed.")),
        (_("Amount received"), _("The amount typed in; for aid received in full without an "
                                 "amount, the nominal. Aid received without an amount and "
                                 "without a nominal has no value: Value note counts it.")),
        (_("Off target"), _("The Summary and Per Desa count visits that found a family no "
                            "longer eligible; Per Programme counts each enrolment of such a "
                            "family, so one visit to a family in three programmes counts "
                            "three times there.")),
        (_("Not filled in"), _("IDM status: not yet imported for the year. Assistant's desa: "
                               "not yet set on the assistant's laptop.")),
    ]  # fmt: skip
    return rules


def notes_sheet(book: BookWriter, data: MonthlyData) -> None:
    name = sheet_names()["notes"]
    book.note(SheetInfo("notes", name, _("This sheet: what the workbook holds and how it "
                        "was made."), []))  # fmt: skip
    lines = list(data.about)
    for first, rest in book.continued:
        lines.append(
            _("Sheet {sheet} is longer than a sheet holds; it continues on {others}.").format(
                sheet=first, others=", ".join(rest)
            )
        )
    if data.summary.empty:
        lines.append(_("No recipients enrolled and no visits recorded in this month."))
    how = _("How counted")
    rows: list[list[Any]] = [[how, topic, text] for topic, text in counting_rules(data)]
    for info in book.written:
        rows.append([info.name, "", info.description])
        rows.extend([info.name, header, meaning] for header, meaning in info.columns)
    table = Table(_("Explanation"), [_("Sheet"), _("Column"), _("Meaning")], rows, {}, lines,
                  widths=[22, 26, 80], wrap={2})  # fmt: skip
    book.table(name, table)


def pendataan_builder(book: BookWriter, data: MonthlyData) -> None:
    """Pendataan & Usulan: sections computed in `build_month` (counts only when aggregate)."""
    name = sheet_names()["pendataan"]
    book.note(SheetInfo("pendataan", name, pendataan_sheet.sheet_description(), []))
    header = book._header_row([]) + 2  # the first section's header row
    ws = book.sheet(name, title_rows=f"{header}:{header}")
    widths = pendataan_sheet.set_widths(ws, data.pendataan)
    ws.freeze_panes = f"A{header + 1}"
    span = max(len(section.headers) for section in data.pendataan)
    rows = book.preamble(ws, _("Social-problem register and DTSEN proposals"), [], span=span)
    pendataan_sheet.append_sections(ws, data.pendataan, rows + 1, widths)


def narrative_parts(text: str) -> tuple[list[str], list[str]]:
    """The coordinator's notes: paragraphs of problems and follow-up, then (after a line
    holding only "---") paragraphs of next month's plan."""
    problems: list[str] = []
    plan: list[str] = []
    target, paragraph = problems, list[str]()
    for raw in [*text.splitlines(), ""]:
        line = " ".join(raw.split())
        if line == "---":
            if paragraph:
                target.append(" ".join(paragraph))
            target, paragraph = plan, []
        elif not line:
            if paragraph:
                target.append(" ".join(paragraph))
            paragraph = []
        else:
            paragraph.append(line)
    return problems, plan


NARRATIVE_WIDTHS = [11] * 8  # portrait: eight columns across the page


def narrative_sheet(book: BookWriter, data: MonthlyData) -> None:
    """Permasalahan dan tindak lanjut, Rencana bulan depan: the coordinator's own words
    (`notes`), on their own portrait page after the Ringkasan."""
    if not data.notes.strip():
        return
    name = sheet_names()["narrative"]
    problems, plan = narrative_parts(data.notes)
    ws = book.sheet(name, landscape=False)
    styles = book.styles(ws)
    for index, width in enumerate(NARRATIVE_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    row = book.preamble(ws, _("Narrative of the month"), [], span=len(NARRATIVE_WIDTHS))
    last = get_column_letter(len(NARRATIVE_WIDTHS))
    wrap = styles.get(wrap=True, align="justify")
    chars = int(sum(NARRATIVE_WIDTHS) * 1.1)
    for heading, paragraphs in ((_("Problems and follow-up"), problems),
                                (_("Plan for next month"), plan)):  # fmt: skip
        row += 1
        ws.row_dimensions[row].height = 20
        ws.append([text_cell(ws, heading, styles.get(bold=True, size=12))])
        for number, paragraph in enumerate(paragraphs or [NO_VALUE], start=1):
            row += 1
            text = f"{number}. {paragraph}" if paragraphs else paragraph
            lines = max(1, -(-len(text) // chars))
            ws.row_dimensions[row].height = LINE_HEIGHT * lines + 2
            ws.append([text_cell(ws, text, wrap)])
            ws.merged_cells.add(f"A{row}:{last}{row}")
        row += 1
        ws.append([])
    book.note(
        SheetInfo(
            "narrative",
            name,
            _(
                "The coordinator's account of the month: "
                "problems and what was done, and the plan for next month."
            ),
            [],
        )
    )


MONTHLY_SHEETS: list[tuple[str, SheetBuilder]] = [
    ("summary", summary_sheet),
    ("narrative", narrative_sheet),
    ("desa", desa_sheet),
    ("programs", program_sheet),
    ("deliveries", detail_sheet("deliveries")),
    ("targeting", detail_sheet("targeting")),
    ("outcomes", detail_sheet("outcomes")),
    ("escorts", detail_sheet("escorts")),
    ("findings", detail_sheet("findings")),
    ("assistants", assistant_sheet),
    ("not_visited", detail_sheet("not_visited")),
    ("pendataan", pendataan_builder),
    ("charts", charts_sheet),
    ("notes", notes_sheet),  # last: it lists the sheets written before it
]


def document_properties(data: MonthlyData) -> DocumentProperties:
    office = data.office
    company = " ".join(part for part in (office.name, office.regency) if part)
    return DocumentProperties(
        title=f"{report_title()} {month_name(data.month)}",
        subject=period_line(data.month, data.scope),
        author=office.preparer_name or company,
        company=company,
        keywords=data.month.label,
    )


def write_monthly(
    data: MonthlyData,
    path: Path,
    *,
    force: bool,
    sheets: Sequence[tuple[str, SheetBuilder]] = MONTHLY_SHEETS,
    progress: Progress | None = None,
) -> MonthlyReport:
    """Render the month's report as a workbook, saved atomically to `path`."""
    book = BookWriter(letterhead(data))
    names_by_key = sheet_names()
    for done, (key, build) in enumerate(sheets):
        step = _("Writing sheet {name}").format(name=names_by_key.get(key, key))
        tell(progress, done, len(sheets), step)
        build(book, data)
    tell(progress, len(sheets), len(sheets), _("Saving {file}").format(file=Path(path).name))
    saved = book.save(path, force, document_properties(data))
    names = list(dict.fromkeys(info.name for info in book.written))
    return MonthlyReport(saved, data.summary, names, data.profile, data, book.rows)


def build_monthly(
    conn: sqlite3.Connection,
    month: Month,
    scope: Scope,
    *,
    profile: str,
    path: Path,
    force: bool,
    today: dt.date | None = None,
    reveal: Reveal | None = None,
    paper: str | None = None,
    progress: Progress | None = None,
    notes: str = "",
) -> MonthlyReport:
    """Compute the month's report, then write the workbook atomically to `path`. `notes`:
    the coordinator's narrative (problems and follow-up, "---", next month's plan). Profile
    `full` needs `reveal`, logged before anything is written (`privacy.Reveal`)."""
    tell(progress, 0, None, _("Counting the month"))
    data = build_month(conn, month, scope, profile=profile, today=today, reveal=reveal,
                       paper=paper)  # fmt: skip
    data.notes = notes
    return write_monthly(data, path, force=force, progress=progress)


# -- the register ---------------------------------------------------------------------------------
def build_register(
    rows: list[list[Any]],
    path: Path,
    *,
    subtitle: str,
    force: bool,
    headers: list[str] | None = None,
    paper: str = "a4",
    props: DocumentProperties | None = None,
) -> Path:
    """The register workbook on the settings' paper, with the document properties every
    file the tool writes carries (`register.office.file_properties`)."""
    title = _("Recipient register")
    writer = BookWriter(Letterhead([], subtitle, [], title, paper))
    headers = headers or register_columns()
    dated = {6: DATE_FORMAT} if headers[6] == _("Birth date") else {}
    table = Table(title, headers, rows, dated)
    writer.table(_("Recipients"), table)
    return writer.save(path, force, props)
