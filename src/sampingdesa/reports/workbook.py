"""Writing the monthly workbook and the register workbook (openpyxl; import lazily).

The workbook is written in openpyxl's write-only mode, so a sheet of 100,000 rows streams
to disk instead of building a cell object per value. Write-only mode infers a formula from
text starting with `=`, so every such text (and every error-code look-alike) goes in as an
explicit text cell: no cell can become a formula. Widths, frozen header, autofilter and
print setup are set before the first row, as write-only mode requires.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
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

from sampingdesa import __version__
from sampingdesa.i18n import _
from sampingdesa.io.xlsx import (
    DATE_FORMAT,
    HEADER_FILL,
    PERCENT_FORMAT,
    RUPIAH_FORMAT,
    TITLE_FONT,
    landscape,
    save_atomic,
    sheet_title,
)
from sampingdesa.reports import queries as numbers
from sampingdesa.reports.queries import Month, Scope, Summary, month_name

Rows = list[list[Any]]
MAX_WIDTH = 50
WIDTH_SAMPLE = 5000  # rows looked at to fit column widths
HEADER_WIDTH = 16  # longer headers wrap


# -- sheet names and columns (header, meaning) ---------------------------------------------------
def sheet_names() -> dict[str, str]:
    return {
        "summary": _("Summary"),
        "programs": _("Per Programme"),
        "deliveries": _("Deliveries"),
        "targeting": _("Targeting"),
        "outcomes": _("Outcomes"),
        "escorts": _("Elderly Escorts"),
        "findings": _("Findings"),
        "assistants": _("Assistant Performance"),
        "not_visited": _("Not Visited"),
        "charts": _("Charts"),
        "notes": _("Explanation"),
    }


AGGREGATE_SHEETS = ("summary", "programs", "charts", "notes")


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
        (_("% visited"), _("Recipients visited divided by recipients enrolled.")),
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
        (_("Off target"), _("Visits that found the family no longer eligible.")),
        (_("Unsure"), _("Visits unsure whether the family is still eligible.")),
        (_("Better"), _("Visits that found the family's situation better.")),
        (_("Unchanged"), _("Visits that found the family's situation unchanged.")),
        (_("Worse"), _("Visits that found the family's situation worse.")),
        (_("Ready to graduate"), _("Visits that found the family ready to graduate.")),
        (_("Elderly escorts"), _("Escorts of elderly residents to a health facility.")),
        (_("Findings opened"), _("Problems found in the month.")),
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
        *_count_columns(),
        *_delivery_columns(),
        (
            _("Off target"),
            _("Visits that found a family enrolled in the programme no longer eligible."),
        ),
        (_("Nominal due"), _("Sum of the nominal amounts of the checks that were due.")),
        (_("Amount received"), _("Sum of the amounts the families reported receiving.")),
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
        (_("Amount"), _("Amount the family reported receiving.")),
        (_("Nominal"), _("Nominal amount for the period.")),
        (_("Received on"), _("Date the aid was received.")),
        (_("Problem"), _("Problem with the delivery.")),
        (_("Problem note"), _("What the assistant wrote about the problem.")),
    ]


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
        (_("Age"), _("Age on the day of the escort.")),
        (_("Facility"), _("Health facility (Puskesmas, RSUD ...).")),
        (_("Purpose"), _("Why the resident was escorted.")),
        (_("Transport"), _("How they travelled.")),
        (_("Result"), _("What came of it.")),
        (_("Assistant"), _("Who made the visit.")),
    ]


def finding_columns() -> list[tuple[str, str]]:
    return [
        (_("Opened on"), _("Date the problem was found.")),
        (_("Age (days)"), _("Days open at the month's end (or today, for the current month).")),
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
        (_("Findings opened"), _("Problems found in the month at the assistant's visits.")),
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
            number_format: str | None = None) -> StyleArray:  # fmt: skip
        key = (bold, title, header, number_format)
        if key not in self.cache:
            cell = Cell(self.ws, row=1, column=1)
            if title:
                cell.font = TITLE_FONT
            elif bold or header:
                cell.font = Font(bold=True)
            if header:
                cell.fill = HEADER_FILL
                cell.alignment = Alignment(wrap_text=True, vertical="top")
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
        return 11
    if isinstance(value, float):
        return 7
    if isinstance(value, int):
        return len(f"{value:,}") + 3
    return len(str(value))


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[int]:
    """Widths from the header and the rows (an even sample of a long sheet is enough)."""
    widths = [min(len(header), HEADER_WIDTH) for header in headers]
    step = max(1, len(rows) // WIDTH_SAMPLE)
    for row in rows[::step]:
        for index, value in enumerate(row):
            if index < len(widths):
                size = _width(value)
                if size > widths[index]:
                    widths[index] = size
    return [max(6, min(MAX_WIDTH, width + 2)) for width in widths]


@dataclass
class Table:
    title: str
    subtitle: str
    headers: list[str]
    rows: list[list[Any]]
    formats: dict[int, str] = field(default_factory=dict)  # 0-based column -> number format
    notes: list[str] = field(default_factory=list)
    bold_rows: set[int] = field(default_factory=set)  # 0-based indexes into rows


class BookWriter:
    """A write-only workbook and the styles it shares."""

    def __init__(self) -> None:
        self.book = Workbook(write_only=True)
        self._styles: Styles | None = None

    def styles(self, ws: WriteOnlyWorksheet) -> Styles:
        if self._styles is None:
            self._styles = Styles(ws)
        return self._styles

    def sheet(self, name: str) -> WriteOnlyWorksheet:
        ws: WriteOnlyWorksheet = self.book.create_sheet(sheet_title(name))
        landscape(ws)
        return ws

    def table(self, name: str, table: Table) -> WriteOnlyWorksheet:
        """One sheet: title and period, notes, a bold frozen header with autofilter, rows."""
        ws = self.sheet(name)
        styles = self.styles(ws)
        header_row = 3 + len(table.notes) + 1
        last_row = header_row + len(table.rows)
        for index, width in enumerate(column_widths(table.headers, table.rows), start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = f"A{header_row + 1}"
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(table.headers))}{last_row}"
        ws.print_title_rows = f"{header_row}:{header_row}"
        self._preamble(ws, styles, table.title, table.subtitle, table.notes)
        header = styles.get(header=True)
        ws.append([text_cell(ws, text, header) for text in table.headers])
        plain = {i: styles.get(number_format=f) for i, f in table.formats.items()}
        bold = {i: styles.get(bold=True, number_format=f) for i, f in table.formats.items()}
        bold_style = styles.get(bold=True)
        for index, row in enumerate(table.rows):
            if index in table.bold_rows:
                ws.append(safe_row(ws, row, bold, bold_style))
            else:
                ws.append(safe_row(ws, row, plain))
        return ws

    def _preamble(
        self, ws: WriteOnlyWorksheet, styles: Styles, title: str, subtitle: str, notes: list[str]
    ) -> None:
        ws.append([text_cell(ws, title, styles.get(title=True))])
        ws.append([text_cell(ws, subtitle)])
        for note in notes:
            ws.append([text_cell(ws, note, styles.get(bold=True))])
        ws.append([])

    def save(self, path: Path, force: bool) -> Path:
        return save_atomic(self.book, path, force=force)


# -- the monthly workbook -------------------------------------------------------------------------
@dataclass
class MonthlyReport:
    path: Path
    summary: Summary
    sheets: list[str]
    profile: str


def _period_line(month: Month, scope: Scope) -> str:
    return _("Period: {month} ({start} to {end}). Area: {area}.").format(
        month=month_name(month),
        start=month.start.strftime("%d-%m-%Y"),
        end=month.end.strftime("%d-%m-%Y"),
        area=scope.label,
    )


def _counts_cells(counts: numbers.Counts) -> list[Any]:
    return [
        counts.recipients, counts.recipients_visited, counts.share_visited, counts.visits,
        counts.full, counts.partial, counts.none, counts.not_due, counts.share_full,
        counts.off_target, counts.unsure, counts.better, counts.same, counts.worse,
        counts.ready_to_graduate, counts.escorts, counts.findings_opened,
        counts.findings_resolved, counts.findings_open,
    ]  # fmt: skip


def summary_table(summary: Summary, title: str, subtitle: str, notes: list[str]) -> Table:
    levels = {"kecamatan": _("Kecamatan"), "desa": _("Desa"), "total": _("Total")}
    rows: list[list[Any]] = []
    bold: set[int] = set()
    for kecamatan in summary.kecamatan:
        bold.add(len(rows))
        rows.append([levels["kecamatan"], kecamatan.code, kecamatan.name, "",
                     *_counts_cells(kecamatan.counts)])  # fmt: skip
        for desa in summary.desa[kecamatan.code]:
            rows.append([levels["desa"], desa.code, "    " + desa.name, desa.idm_status or "",
                         *_counts_cells(desa.counts)])  # fmt: skip
    bold.add(len(rows))
    rows.append([levels["total"], "", _("Total"), "", *_counts_cells(summary.total.counts)])
    formats = {6: PERCENT_FORMAT, 12: PERCENT_FORMAT}
    return Table(title, subtitle, _headers(summary_columns()), rows, formats, notes, bold)


def program_table(programs: list[numbers.ProgramRow], title: str, subtitle: str) -> Table:
    units = {"bulan": _("month"), "tahun": _("year"), "hari": _("day"), "sekali": _("once"),
             "tahap": _("stage")}  # fmt: skip
    rows: list[list[Any]] = []
    total = numbers.ProgramRow("", _("Total"), None, "")
    for program in programs:
        c = program.counts
        unit = units.get(program.unit, program.unit)
        rows.append([program.code, program.name, program.nominal, unit,
                     c.recipients, c.recipients_visited, c.share_visited, c.full, c.partial, c.none,
                     c.not_due, c.share_full, c.off_target, program.expected_amount,
                     program.received_amount])  # fmt: skip
        total.counts.add(c)
        total.expected_amount += program.expected_amount
        total.received_amount += program.received_amount
    c = total.counts
    rows.append([_("Total"), "", None, "", c.recipients, c.recipients_visited, c.share_visited,
                 c.full, c.partial, c.none, c.not_due, c.share_full, c.off_target,
                 total.expected_amount, total.received_amount])  # fmt: skip
    formats = {2: RUPIAH_FORMAT, 6: PERCENT_FORMAT, 11: PERCENT_FORMAT, 13: RUPIAH_FORMAT,
               14: RUPIAH_FORMAT}  # fmt: skip
    notes = [_("A recipient enrolled in several programmes counts once in each programme.")]
    return Table(
        title, subtitle, _headers(program_columns()), rows, formats, notes, {len(rows) - 1}
    )


def assistant_table(people: list[numbers.AssistantRow], title: str, subtitle: str) -> Table:
    rows: list[list[Any]] = [
        [
            p.name,
            p.desa_name,
            p.visits,
            p.recipients,
            p.escorts,
            p.findings_opened,
            p.findings_resolved,
        ]
        for p in people
    ]
    totals = [sum(row[i] for row in rows) for i in range(2, 7)]
    rows.append([_("Total"), "", *totals])
    return Table(title, subtitle, _headers(assistant_columns()), rows, {}, [], {len(rows) - 1})


def _detail(title: str, subtitle: str, columns: list[tuple[str, str]], rows: list[list[Any]],
            formats: dict[int, str]) -> Table:  # fmt: skip
    notes = [] if rows else [_("Nothing to list for this month.")]
    return Table(title, subtitle, _headers(columns), rows, formats, notes)


def write_charts(writer: BookWriter, name: str, summary: Summary,
                 programs: list[numbers.ProgramRow], trend: list[tuple[str, int, int]],
                 subtitle: str) -> WriteOnlyWorksheet:  # fmt: skip
    """Three small tables and the native charts drawn from them (in this sheet's cells)."""
    ws = writer.sheet(name)
    styles = writer.styles(ws)
    for letter, width in zip("ABCDE", (24, 14, 14, 14, 14), strict=True):
        ws.column_dimensions[letter].width = width
    writer._preamble(ws, styles, _("Charts"), subtitle, [])
    row = 4
    header = styles.get(header=True)
    percent = {
        1: styles.get(number_format=PERCENT_FORMAT),
        2: styles.get(number_format=PERCENT_FORMAT),
    }

    def block(
        headers: list[str], rows: list[list[Any]], styled: dict[int, StyleArray]
    ) -> tuple[int, int]:
        nonlocal row
        ws.append([text_cell(ws, text, header) for text in headers])
        first = row
        for values in rows:
            ws.append(safe_row(ws, values, styled))
        row += len(rows) + 2
        ws.append([])
        return first, first + len(rows)

    kec = block([_("Kecamatan"), _("% visited"), _("% received in full")],
                [[k.name, k.counts.share_visited, k.counts.share_full] for k in summary.kecamatan],
                percent)  # fmt: skip
    prog = block([_("Programme"), _("Received in full"), _("Received in part"), _("Not received"),
                  _("Not yet due")],
                 [[p.code, p.counts.full, p.counts.partial, p.counts.none, p.counts.not_due]
                  for p in programs], {})  # fmt: skip
    months = block([_("Month"), _("Visits"), _("Elderly escorts")], [list(t) for t in trend], {})
    _bar_chart(ws, kec, _("% visited and % received in full per kecamatan"), _("Kecamatan"), "G4")
    _stacked_chart(ws, prog, _("Delivery status per programme"), _("Programme"), "G22")
    _line_chart(ws, months, _("Visits and escorts per month (last 12 months)"), _("Month"), "G40")
    return ws


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
    _axes(chart, title, x, _("Count"))
    ws.add_chart(chart, anchor)


def notes_table(month: Month, scope: Scope, profile: str, sheets: list[tuple[str, str]],
                columns: dict[str, list[tuple[str, str]]], empty: bool) -> Table:  # fmt: skip
    profiles = {
        "masked": _("masked: NIKs shown as region + serial (630605********0001)"),
        "full": _("full: full NIKs (the export is recorded in the change log)"),
        "aggregate": _("aggregate: counts only, no names or NIKs"),
    }
    notes = [
        _("Month: {month} ({label})").format(month=month_name(month), label=month.label),
        _("Area: {area}").format(area=scope.label),
        _("Privacy profile: {profile}").format(profile=profiles[profile]),
        _("Generated: {when} by sampingdesa {version}").format(
            when=dt.datetime.now().strftime("%d-%m-%Y %H:%M"), version=__version__
        ),
        _("Counted: recipients enrolled at any time in the month; visits dated in the month; "
          "removed records never count."),
    ]  # fmt: skip
    if empty:
        notes.append(_("No recipients enrolled and no visits recorded in this month."))
    descriptions = sheet_descriptions()
    rows: list[list[Any]] = []
    for key, name in sheets:
        rows.append([name, "", descriptions[key]])
        for header, meaning in columns.get(key, []):
            rows.append([name, header, meaning])
    headers = [_("Sheet"), _("Column"), _("Meaning")]
    return Table(_("Explanation"), _period_line(month, scope), headers, rows, {}, notes)


def chain_head_note(conn: sqlite3.Connection) -> str:
    from sampingdesa.store.audit import chain_head

    head = chain_head(conn)
    return _(
        "Change-log head: {head} ({count} entries). Check a database against this report "
        "with: sampingdesa db audit verify --head {head}"
    ).format(head=head.text, count=head.entries)


def sheet_descriptions() -> dict[str, str]:
    return {
        "summary": _("Counts per kecamatan and desa, with a total row."),
        "programs": _("The same counts per programme, with nominal and received amounts."),
        "deliveries": _("Every delivery check recorded at a visit in the month."),
        "targeting": _(
            "Every off-target or unsure verdict, for the village deliberation and the data update."
        ),
        "outcomes": _("Outcome observations; families ready to graduate come first."),
        "escorts": _("Escorts of elderly residents to a health facility."),
        "findings": _("Problems still open at the month's end, oldest first."),
        "assistants": _("Visits and findings per assistant."),
        "not_visited": _("Enrolled recipients with no visit in the month."),
        "charts": _("Charts for presentations, drawn from the small tables in the sheet."),
        "notes": _("This sheet: what the workbook holds and how it was made."),
    }  # fmt: skip


def build_monthly(
    conn: sqlite3.Connection,
    month: Month,
    scope: Scope,
    *,
    profile: str,
    path: Path,
    force: bool,
    today: dt.date | None = None,
) -> MonthlyReport:
    """Compute every sheet, then write the workbook atomically to `path`."""
    today = today or dt.date.today()
    summary = numbers.month_summary(conn, month, scope)
    programs = numbers.program_rows(conn, month, scope)
    names = sheet_names()
    keys = list(AGGREGATE_SHEETS if profile == "aggregate" else names)
    subtitle = _period_line(month, scope)
    empty_note = (
        [_("No recipients enrolled and no visits recorded in this month.")] if summary.empty else []
    )
    writer = BookWriter()
    written: list[str] = []
    show = numbers.nik_shower(profile)
    columns = {
        "summary": summary_columns(), "programs": program_columns(),
        "deliveries": delivery_columns(), "targeting": targeting_columns(),
        "outcomes": outcome_columns(), "escorts": escort_columns(), "findings": finding_columns(),
        "assistants": assistant_columns(), "not_visited": not_visited_columns(),
    }  # fmt: skip
    titles = {
        "summary": _("Monthly summary of aid monitoring"),
        "programs": _("Summary per programme"),
        "deliveries": _("Delivery checks"),
        "targeting": _("Targeting: off target or unsure"),
        "outcomes": _("Outcomes after receiving aid"),
        "escorts": _("Elderly escorts"),
        "findings": _("Findings open at month end"),
        "assistants": _("Assistant performance"),
        "not_visited": _("Recipients not visited this month"),
    }
    for key in keys:
        name = names[key]
        if key == "summary":
            writer.table(name, summary_table(summary, titles[key], subtitle, empty_note))
        elif key == "programs":
            writer.table(name, program_table(programs, titles[key], subtitle))
        elif key == "charts":
            write_charts(
                writer, name, summary, programs, numbers.monthly_trend(conn, month, scope), subtitle
            )
        elif key == "notes":
            sheets = [(k, names[k]) for k in keys]
            notes = notes_table(month, scope, profile, sheets, columns, summary.empty)
            notes.notes.append(chain_head_note(conn))  # issue 11: pins the log as it was
            writer.table(name, notes)
        elif key == "assistants":
            writer.table(
                name,
                assistant_table(numbers.assistant_rows(conn, month, scope), titles[key], subtitle),
            )
        else:
            rows, formats = _detail_rows(key, conn, month, scope, show, today)
            writer.table(name, _detail(titles[key], subtitle, columns[key], rows, formats))
        written.append(name)
    saved = writer.save(path, force)
    return MonthlyReport(saved, summary, written, profile)


def _detail_rows(key: str, conn: sqlite3.Connection, month: Month, scope: Scope,
                 show: numbers.NikShow, today: dt.date) -> tuple[Rows, dict[int, str]]:  # fmt: skip
    if key == "deliveries":
        rows = numbers.delivery_rows(conn, month, scope, show)
        return rows, {0: DATE_FORMAT, 7: RUPIAH_FORMAT, 8: RUPIAH_FORMAT, 9: DATE_FORMAT}
    if key == "targeting":
        return numbers.targeting_rows(conn, month, scope, show), {0: DATE_FORMAT}
    if key == "outcomes":
        return numbers.outcome_rows(conn, month, scope, show), {0: DATE_FORMAT}
    if key == "escorts":
        return numbers.escort_rows(conn, month, scope, show), {0: DATE_FORMAT}
    if key == "findings":
        return numbers.open_finding_rows(conn, month, scope, show, today), {0: DATE_FORMAT}
    return numbers.not_visited_rows(conn, month, scope, show), {4: DATE_FORMAT}


# -- the register ---------------------------------------------------------------------------------
def build_register(rows: list[list[Any]], path: Path, *, subtitle: str, force: bool) -> Path:
    writer = BookWriter()
    headers = numbers.register_columns()
    table = Table(_("Recipient register"), subtitle, headers, rows, {6: DATE_FORMAT})
    writer.table(_("Recipients"), table)
    return writer.save(path, force)
