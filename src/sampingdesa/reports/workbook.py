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
from openpyxl.styles import Alignment, Font
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from sampingdesa.i18n import _, ngettext
from sampingdesa.io.xlsx import (
    BOLD_FONT,
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
)
from sampingdesa.progress import Progress, tell
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
        "desa": _("Per Desa"),
        "programs": _("Per Programme"),
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
        (_("Nominal"), _("Nominal amount of the programme per unit.")),
        (_("Unit"), _("What the nominal amount is per (month, year, day, once).")),
        (_("Enrolments"), _("Recipients enrolled in the programme in the month; a recipient "
                            "in three programmes counts once in each.")),
        (_("Enrolments visited"), _("Of those, recipients with a visit dated in the month.")),
        (_("% visited"), _("Enrolments visited divided by enrolments.")),
        *_delivery_columns(),
        (_("Off target (enrolments)"),
         _("Enrolments of families a visit of the month found no longer eligible: one visit "
           "counts once in each programme of the family.")),
        (_("Amount due"), _("Nominal x the checks that were due (full, part, none), where the "
                            "programme's nominal is known.")),
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
        (_("Amount due"), _("The programme's nominal for the period, where known.")),
        (_("Received on"), _("Date the aid was received.")),
        (_("Problem"), _("Problem with the delivery.")),
        (_("Problem note"), _("What the assistant wrote about the problem.")),
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
            underline: bool = False) -> StyleArray:  # fmt: skip
        key = (bold, title, header, number_format, indent, wrap, underline)
        if key not in self.cache:
            cell = Cell(self.ws, row=1, column=1)
            if title:
                cell.font = TITLE_FONT
            elif underline:
                cell.font = Font(name=FONT_NAME, bold=True, underline="single")
            elif bold or header:
                cell.font = BOLD_FONT
            else:
                cell.font = PLAIN_FONT
            if header:
                cell.fill = HEADER_FILL
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif indent or wrap:
                cell.alignment = Alignment(indent=indent, wrap_text=wrap)
            elif number_format:
                cell.alignment = Alignment(horizontal="right")  # also a dash for no share
            if number_format:
                cell.number_format = number_format
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
        return 12
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


@dataclass(frozen=True)
class SheetInfo:
    """What Keterangan says about a sheet written."""

    key: str
    name: str
    description: str
    columns: list[tuple[str, str]]


@dataclass(frozen=True)
class Letterhead:
    """The lines above every sheet's table and the page header and footer."""

    lines: list[str]  # government, office, address
    period: str  # the period and area line under each title
    marks: list[str]  # CONFIDENTIAL, PROVISIONAL
    footer: str  # the report's name and period
    paper: str = "a4"


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
            min(width, WRAP_WIDTH) if index in table.wrap else width
            for index, width in enumerate(column_widths(table.headers, table.rows))
        ]
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
                widths, table.wrap, table.landscape,
            )  # fmt: skip
            self._one_sheet(names[index], part)
        return names

    def _header_row(self, notes: list[str]) -> int:
        head = self.letterhead
        return len(head.lines) + 2 + len(head.marks) + len(notes) + 2

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
        self.preamble(ws, table.title, table.notes)
        header = styles.get(header=True)
        ws.append([text_cell(ws, text, header) for text in table.headers])
        plain = {i: styles.get(number_format=f) for i, f in table.formats.items()}
        plain.update({i: styles.get(wrap=True) for i in table.wrap})
        bold = {i: styles.get(bold=True, number_format=f) for i, f in table.formats.items()}
        bold_style = styles.get(bold=True)
        indent = styles.get(indent=2)
        for index, row in enumerate(table.rows):
            if table.wrap:
                texts = [str(row[i] or "") if i in table.wrap else "" for i in range(len(row))]
                lines = header_height(texts, [w * 1.2 for w in widths]) - 3
                if lines > LINE_HEIGHT:
                    ws.row_dimensions[header_row + 1 + index].height = lines
            if index in table.bold_rows:
                ws.append(safe_row(ws, row, bold, bold_style))
                continue
            styled = plain
            for column, rows in table.indented.items():
                if index in rows:
                    styled = {**plain, column: indent}
            ws.append(safe_row(ws, row, styled))
        for total in table.totals:
            ws.append(safe_row(ws, total, bold, bold_style))
        self.rows += len(table.rows)
        return ws

    def preamble(self, ws: WriteOnlyWorksheet, title: str, notes: list[str]) -> None:
        """Government and office, the title, the period and area, marks and notes."""
        styles = self.styles(ws)
        head = self.letterhead
        for line in head.lines:
            ws.append([text_cell(ws, line, styles.get(bold=True))])
        ws.append([text_cell(ws, title, styles.get(title=True))])
        ws.append([text_cell(ws, head.period)])
        for mark in head.marks:
            ws.append([text_cell(ws, mark, styles.get(bold=True))])
        for note in notes:
            ws.append([text_cell(ws, note, styles.get(bold=True))])
        ws.append([])

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
    lines = [line for line in (office.government.upper(), office.name.upper(), office.address)
             if line]  # fmt: skip
    marks = []
    if data.profile == "full":
        marks.append(_("CONFIDENTIAL: full NIKs. Reason: {reason}").format(reason=data.reason))
    if data.provisional:
        marks.append(
            _("PROVISIONAL: the month is still running; figures as of {date}.").format(
                date=data.as_of.strftime("%d-%m-%Y")
            )
        )
    footer = f"{report_title()} · {month_name(data.month)} · {data.scope.label}"
    return Letterhead(lines, period_line(data.month, data.scope), marks, footer, data.paper)


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


def summary_widths(headers: list[str]) -> list[int]:
    """The name column, then each count as wide as its heading's longest word."""
    return [24] + [max(10, *(len(word) + 2 for word in text.split())) for text in headers[1:]]


def _short_cells(name: str, c: numbers.Counts) -> list[Any]:
    visited, full = _share_cells(c)
    return [name, c.recipients, c.recipients_visited, visited, c.visits, c.checked, c.full, full,
            c.off_target, c.escorts, c.findings_open]  # fmt: skip


def summary_table(data: MonthlyData) -> Table:
    summary = data.summary
    rows = [_short_cells(k.name, k.counts) for k in summary.kecamatan]
    total = _short_cells(_("Total"), summary.total.counts)
    notes = []
    if summary.empty:
        notes.append(_("No recipients enrolled and no visits recorded in this month."))
    headers = _headers(summary_columns_short())
    return Table(
        _("Monthly summary of aid monitoring"), headers, rows,
        {3: PERCENT_FORMAT, 7: PERCENT_FORMAT}, notes, totals=[total],
        widths=summary_widths(headers),
    )  # fmt: skip


def money_lines(data: MonthlyData) -> list[str]:
    """The aid's value, like with like: programmes with a nominal (due against received),
    then what was recorded for programmes without one."""
    known, unknown = numbers.Money(), numbers.Money()
    for program in data.programs:
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


def rupiah(amount: int) -> str:
    return "Rp " + f"{amount:,}".replace(",", ".")


def summary_sheet(book: BookWriter, data: MonthlyData) -> None:
    name = sheet_names()["summary"]
    table = summary_table(data)
    table.notes = [*table.notes]
    book.table(name, table)
    ws = book.book[sheet_title(name)]
    styles = book.styles(ws)
    ws.append([])
    for line in (
        *money_lines(data),
        _("A delivery counts once per recipient, programme and period (its latest check). "
          "Per desa: sheet {desa}.").format(desa=sheet_names()["desa"]),
    ):  # fmt: skip
        ws.append([text_cell(ws, line)])
    signature_block(ws, styles, data)
    book.note(SheetInfo("summary", name, _("One page for the head of office: counts per "
                        "kecamatan, the total, and the signatures."),
                        summary_columns_short()))  # fmt: skip


SIGN_RIGHT = 7  # the 0-based column where the right-hand signature starts
BLANK_NAME = "(" + "." * 40 + ")"
BLANK_NIP = "NIP. " + "." * 30


def signature_block(ws: WriteOnlyWorksheet, styles: Styles, data: MonthlyData) -> None:
    """Place and date; "Mengetahui, Kepala Dinas" on the left, the coordinator who prepared
    it on the right; names and NIPs, or dotted lines to fill in by hand."""
    office = data.office

    def row(left: str | None, right: str | None, style: StyleArray | None = None) -> None:
        cells: list[Any] = [None] * (SIGN_RIGHT + 1)
        if left:
            cells[1] = text_cell(ws, left, style)
        if right:
            cells[SIGN_RIGHT] = text_cell(ws, right, style)
        ws.append(cells)

    place = office.place or "." * 25
    ws.append([])
    row(None, f"{place}, {long_date(data.today)}")
    row(_("Acknowledged by,"), _("Prepared by,"))
    row(office.head_title, office.preparer_title)
    for _blank in range(4):
        ws.append([])
    name_style = styles.get(underline=True)
    row(office.head_name or BLANK_NAME, office.preparer_name or BLANK_NAME, name_style)
    row(
        f"NIP. {office.head_nip}" if office.head_nip else BLANK_NIP,
        f"NIP. {office.preparer_nip}" if office.preparer_nip else BLANK_NIP,
    )


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


def desa_table(data: MonthlyData) -> Table:
    summary = data.summary
    levels = {"kecamatan": _("Kecamatan"), "desa": _("Desa")}
    rows: list[list[Any]] = []
    bold: set[int] = set()
    indented: set[int] = set()
    unset = _("not filled in")
    for kecamatan in summary.kecamatan:
        bold.add(len(rows))
        rows.append([levels["kecamatan"], kecamatan.code, kecamatan.name, "",
                     *_counts_cells(kecamatan.counts)])  # fmt: skip
        for desa in summary.desa[kecamatan.code]:
            indented.add(len(rows))
            rows.append([levels["desa"], desa.code, desa.name, desa.idm_status or unset,
                         *_counts_cells(desa.counts)])  # fmt: skip
    total = [_("Total"), "", _("Total"), "", *_counts_cells(summary.total.counts)]
    notes = []
    if summary.empty:
        notes.append(_("No recipients enrolled and no visits recorded in this month."))
    if any(row[3] == unset for row in rows):
        notes.append(_("IDM status not filled in: sampingdesa wilayah idm import FILE."))
    return Table(
        _("Summary per kecamatan and desa"), _headers(summary_columns()), rows,
        {6: PERCENT_FORMAT, 12: PERCENT_FORMAT}, notes, bold, {2: indented}, [total],
    )  # fmt: skip


def desa_sheet(book: BookWriter, data: MonthlyData) -> None:
    name = sheet_names()["desa"]
    book.table(name, desa_table(data))
    book.note(SheetInfo("desa", name, _("Every count per kecamatan and desa (desa with any "
                        "data), with the total."), summary_columns()))  # fmt: skip


# -- Per Program ---------------------------------------------------------------------------
def _value_note(program: numbers.ProgramRow) -> str:
    money = program.money
    notes = []
    if program.nominal is None and (money.due_unknown or program.counts.checked):
        notes.append(_("no nominal: sampingdesa program edit {code} --amount N").format(
            code=program.code))  # fmt: skip
    elif money.due_unknown:
        notes.append(
            ngettext(
                "{count} check without a nominal",
                "{count} checks without a nominal",
                money.due_unknown,
            ).format(count=money.due_unknown)
        )
    if money.received_unknown:
        notes.append(_("{count} received without an amount").format(count=money.received_unknown))
    return "; ".join(notes)


def program_table(data: MonthlyData) -> Table:
    units = {"bulan": _("month"), "tahun": _("year"), "hari": _("day"), "sekali": _("once"),
             "tahap": _("stage")}  # fmt: skip
    rows: list[list[Any]] = []
    everything = (numbers.Counts(), numbers.Money())
    with_nominal = (numbers.Counts(), numbers.Money())
    for program in data.programs:
        c, m = program.counts, program.money
        unit = units.get(program.unit, program.unit)
        due = m.due if program.nominal is not None or m.due else None
        visited, full = _share_cells(c)
        rows.append([program.code, program.name, program.nominal, unit, c.recipients,
                     c.recipients_visited, visited, c.full, c.partial, c.none, c.not_due, full,
                     c.off_target, due, m.recorded, m.received, _value_note(program)])  # fmt: skip
        for counts, money in [everything] + ([with_nominal] if program.nominal is not None else []):
            counts.add(c)
            money.add(m)

    def total(label: str, counts: numbers.Counts, money: numbers.Money, note: str) -> list[Any]:
        visited, full = _share_cells(counts)
        return [label, "", None, "", counts.recipients, counts.recipients_visited, visited,
                counts.full, counts.partial, counts.none, counts.not_due, full, counts.off_target,
                money.due, money.recorded, money.received, note]  # fmt: skip

    # Due against received is fair only where a nominal is known: that total comes first.
    incomplete = everything[1].due_unknown or everything[1].received_unknown
    totals = [
        total(_("Total, programmes with a nominal"), *with_nominal, ""),
        total(_("Total"), *everything, _("incomplete: see the rows") if incomplete else ""),
    ]
    formats = {2: RUPIAH_FORMAT, 6: PERCENT_FORMAT, 11: PERCENT_FORMAT, 13: RUPIAH_FORMAT,
               14: RUPIAH_FORMAT, 15: RUPIAH_FORMAT}  # fmt: skip
    notes = [_("Counted per enrolment: a recipient in several programmes counts in each, so "
               "the total is larger than the recipients of the summary.")]  # fmt: skip
    return Table(_("Summary per programme"), _headers(program_columns()), rows, formats, notes,
                 totals=totals, wrap={1, 16})  # fmt: skip


def program_sheet(book: BookWriter, data: MonthlyData) -> None:
    name = sheet_names()["programs"]
    book.table(name, program_table(data))
    book.note(SheetInfo("programs", name, _("The counts per programme, with the aid's value."),
                        program_columns()))  # fmt: skip


# -- detail sheets -------------------------------------------------------------------------
@dataclass(frozen=True)
class Detail:
    key: str
    title: Callable[[], str]
    description: Callable[[], str]
    columns: Callable[[], list[tuple[str, str]]]
    formats: dict[int, str]


DETAILS = {
    "deliveries": Detail(
        "deliveries", lambda: _("Delivery checks"),
        lambda: _("Every delivery check recorded at a visit in the month; the last column says "
                  "which count."),
        lambda: delivery_columns(),
        {0: DATE_FORMAT, 7: RUPIAH_FORMAT, 8: RUPIAH_FORMAT, 9: DATE_FORMAT},
    ),
    "targeting": Detail(
        "targeting", lambda: _("Targeting: off target or unsure"),
        lambda: _("Every off-target or unsure verdict, for the village deliberation and the "
                  "data update."),
        lambda: targeting_columns(), {0: DATE_FORMAT},
    ),
    "outcomes": Detail(
        "outcomes", lambda: _("Outcomes after receiving aid"),
        lambda: _("Outcome observations; families ready to graduate come first."),
        lambda: outcome_columns(), {0: DATE_FORMAT},
    ),
    "escorts": Detail(
        "escorts", lambda: _("Elderly escorts"),
        lambda: _("Escorts of elderly residents to a health facility."),
        lambda: escort_columns(), {0: DATE_FORMAT},
    ),
    "findings": Detail(
        "findings", lambda: _("Findings open at month end"),
        lambda: _("Problems still open at the month's end, oldest first."),
        lambda: finding_columns(), {0: DATE_FORMAT},
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
        table = Table(detail.title(), _headers(detail.columns()), rows, detail.formats, notes)
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
        notes.append(_("Assistant's desa not filled in: the assistant sets it with "
                       "sampingdesa init --desa on their laptop, then syncs."))  # fmt: skip
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
    book.preamble(ws, _("Charts"), [])
    row = len(book.letterhead.lines) + 2 + len(book.letterhead.marks) + 2
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

    kecamatan = [[k.name, *_share_cells(k.counts)] for k in data.summary.kecamatan]
    kec = block([_("Kecamatan"), _("% visited"), _("% received in full")], kecamatan, percent)
    prog = block([_("Programme"), _("Received in full"), _("Received in part"), _("Not received"),
                  _("Not yet due")],
                 [[p.code, p.counts.full, p.counts.partial, p.counts.none, p.counts.not_due]
                  for p in data.programs if p.counts.full + p.counts.partial + p.counts.none
                  + p.counts.not_due], {})  # fmt: skip
    months = block(
        [_("Month"), _("Visits"), _("Elderly escorts")],
        [[month_short(m), visits, escorts] for m, visits, escorts in data.trend],
        {},
    )
    _bar_chart(ws, kec, _("% visited and % received in full per kecamatan"), _("Kecamatan"), "G4")
    _stacked_chart(ws, prog, _("Delivery status per programme"), _("Programme"), "G22")
    _line_chart(ws, months, _("Visits and escorts per month (last 12 months)"), _("Month"), "G40")
    book.note(SheetInfo("charts", name, _("Charts for presentations, drawn from the small "
                        "tables in the sheet (– : no recipients, no share)."), []))  # fmt: skip


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
        (_("Not filled in"), _("IDM status: sampingdesa wilayah idm import FILE. Assistant's "
                               "desa: sampingdesa init --desa on the assistant's laptop.")),
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
    ws = book.sheet(name)
    pendataan_sheet.set_widths(ws, data.pendataan)
    book.preamble(ws, _("Social-problem register and DTSEN proposals"), [])
    pendataan_sheet.append_sections(ws, data.pendataan)


MONTHLY_SHEETS: list[tuple[str, SheetBuilder]] = [
    ("summary", summary_sheet),
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
    reason: str | None = None,
    paper: str | None = None,
    progress: Progress | None = None,
) -> MonthlyReport:
    """Compute the month's report, then write the workbook atomically to `path`."""
    tell(progress, 0, None, _("Counting the month"))
    data = build_month(conn, month, scope, profile=profile, today=today, reason=reason,
                       paper=paper)  # fmt: skip
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
) -> Path:
    title = _("Recipient register")
    writer = BookWriter(Letterhead([], subtitle, [], title, paper))
    headers = headers or register_columns()
    dated = {6: DATE_FORMAT} if headers[6] == _("Birth date") else {}
    table = Table(title, headers, rows, dated)
    writer.table(_("Recipients"), table)
    return writer.save(path, force)
