"""The offline visit form: a workbook of the recipients due in a month, one row per visit,
with drop-down lists, and its import with the same rules as `visit add`.

Row 1 holds hidden machine keys (so a form made in one language imports in another), row 2
the headers people read, data from row 3. Each row carries a key made when the form was
written; it becomes the visit's UUID, so importing a form twice records nothing new.
Import this module lazily (openpyxl).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sampingdesa.errors import Conflict, InvalidValue, NotFound, SampingError
from sampingdesa.i18n import N_, _
from sampingdesa.io.sheet_import import CellProblem, describe_problems
from sampingdesa.progress import Progress, tell
from sampingdesa.register.programs import get_program
from sampingdesa.store.changes import Changes
from sampingdesa.values.codes import (
    Cadence,
    Change,
    Code,
    Delivery,
    OffTargetReason,
    OnTarget,
    Problem,
    YesNo,
)
from sampingdesa.values.parsing import Month, parse_date
from sampingdesa.visits.planning import DueRecipient, due_recipients
from sampingdesa.visits.recording import SecondCheck, VisitInput, VisitResult, record_visit
from sampingdesa.visits.rules import (
    DeliverySpec,
    parse_amount,
    parse_coded_note,
    parse_period,
    period_of,
)

FIRST_DATA_ROW = 3
LISTS_SHEET = "Daftar"
# Machine key -> header msgid, in sheet order; programme blocks go after "date".
HEAD = [
    ("key", N_("Row key (do not change)")),
    ("recipient", N_("Recipient id (do not change)")),
    ("nik", N_("NIK")),
    ("name", N_("Name")),
    ("desa", N_("Desa")),
    ("date", N_("Date of the visit")),
]
TAIL = [
    ("received", N_("Date received")),
    ("on_target", N_("On target?")),
    ("reason", N_("Reason off target")),
    ("change", N_("Change since the aid")),
    ("ready", N_("Ready to graduate?")),
    ("referral", N_("Needs referral?")),
    ("notes", N_("Notes")),
    # An elderly escort is a visit of its own: a row with a facility is recorded as one.
    ("escort_facility", N_("Elderly escort: facility")),
    ("escort_purpose", N_("Elderly escort: purpose")),
    ("escort_transport", N_("Elderly escort: transport")),
    ("escort_result", N_("Elderly escort: result")),
]
KEY_COLUMNS = ("key", "recipient", "nik", "name", "desa")  # locked: filled by the form
DATE_KEYS = ("date", "received")
PROGRAM_PARTS = [
    ("period", N_("{program} period")),
    ("status", N_("{program} received?")),
    ("amount", N_("{program} amount (Rp)")),
    ("problem", N_("{program} problem")),
]
_CHOICES: dict[str, type[Code]] = {
    "status": Delivery,
    "problem": Problem,
    "on_target": OnTarget,
    "reason": OffTargetReason,
    "change": Change,
    "ready": YesNo,
    "referral": YesNo,
}
# The column a library field is read from (where the field's name is not the column key).
FIELD_COLUMNS = {"visit_date": "date", "received_date": "received", "outcome": "change"}


# -- writing --------------------------------------------------------------------------------
def _columns(programs: list[str]) -> list[tuple[str, str]]:
    blocks = [
        (f"{code}:{part}", _(header).format(program=code))
        for code in programs
        for part, header in PROGRAM_PARTS
    ]
    return [(k, _(h)) for k, h in HEAD] + blocks + [(k, _(h)) for k, h in TAIL]


def _write_lists(workbook: Any) -> dict[str, str]:
    """A hidden sheet with one column per drop-down list; returns key -> range."""
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(LISTS_SHEET)
    sheet.sheet_state = "hidden"
    ranges = {}
    for index, (key, code_type) in enumerate(_CHOICES.items(), start=1):
        letter = get_column_letter(index)
        labels = code_type.choice_labels()
        for row, text in enumerate(labels, start=1):
            sheet.cell(row=row, column=index, value=text)
        ranges[key] = f"{LISTS_SHEET}!${letter}$1:${letter}${len(labels)}"
    return ranges


def _add_validations(
    sheet: Any, columns: list[tuple[str, str]], ranges: dict[str, str], last: int
) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for index, (key, _header) in enumerate(columns, start=1):
        kind = key.split(":")[-1]
        if kind not in ranges:
            continue
        validation = DataValidation(type="list", formula1=ranges[kind], allow_blank=True)
        # Reasons and problems also take "other: text", so a typed value must be allowed.
        validation.showErrorMessage = kind not in ("reason", "problem")
        letter = get_column_letter(index)
        validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{max(last, FIRST_DATA_ROW)}")
        sheet.add_data_validation(validation)


def _row_values(
    conn: sqlite3.Connection, record: DueRecipient, programs: list[str], month: dt.date
) -> list[Any]:
    values: list[Any] = [str(uuid.uuid4()), record["uuid"], record["nik"], record["name"],
                         record["desa_name"], None]  # fmt: skip
    for code in programs:
        if code in record["programs"]:
            tahap = get_program(conn, code).cadence == Cadence.TAHAP
            values += [period_of(month, tahap).label, None, None, None]
        else:
            values += ["-", None, None, None]
    return values + [None] * len(TAIL)


def _check_values(sheet: Any, columns: list[tuple[str, str]], last: int) -> None:
    """Dates in the date columns and whole rupiah in the amount columns. Error style
    "stop": a value that is not a date or an amount cannot be kept (Excel turns a typed
    05-11-2025 into a date, which passes)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    dates = DataValidation(
        type="date", operator="between", formula1="36526", formula2="73051", allow_blank=True,
        errorStyle="stop", showErrorMessage=True, errorTitle=_("Date"),
        error=_("Write a date, for example 05-11-2025."),
    )  # fmt: skip
    amounts = DataValidation(
        type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
        errorStyle="stop", showErrorMessage=True, errorTitle=_("Amount (Rp)"),
        error=_("Write the amount in rupiah as a whole number, for example 200000."),
    )  # fmt: skip
    for index, (key, _header) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}{FIRST_DATA_ROW}:{letter}{max(last, FIRST_DATA_ROW)}"
        if key in DATE_KEYS:
            dates.add(cells)
        elif key.endswith(":amount"):
            amounts.add(cells)
    sheet.add_data_validation(dates)
    sheet.add_data_validation(amounts)


def _protect_keys(sheet: Any, columns: list[tuple[str, str]], last: int) -> None:
    """Lock the columns the form fills in (keys, NIK, name, desa); every other cell of a
    row stays open. No password: it prevents slips, not intent."""
    from openpyxl.styles import Protection

    unlocked = Protection(locked=False)
    for row in range(FIRST_DATA_ROW, max(last, FIRST_DATA_ROW) + 1):
        for index, (key, _header) in enumerate(columns, start=1):
            if key not in KEY_COLUMNS:
                sheet.cell(row, index).protection = unlocked
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = protection.formatRows = False  # widths may still change
    protection.autoFilter = protection.sort = False


def _print_layout(sheet: Any, columns: list[tuple[str, str]], title: str,
                  paper: str = "a4") -> None:  # fmt: skip
    """A4 landscape; as many pages wide as keep the text readable, NIK and name repeated on
    each, the title on every page, across before down (a row's pages follow each other)."""
    from openpyxl.utils import get_column_letter

    from sampingdesa.io.xlsx import (
        PageSetup,
        apply_page_setup,
        column_pixels,
        header_height,
        printable_pixels,
    )

    keys = [key for key, _header in columns]
    notes = get_column_letter(keys.index("notes") + 1)
    sheet.column_dimensions[notes].width = max(30, sheet.column_dimensions[notes].width or 0)
    first, last = (
        get_column_letter(keys.index("nik") + 1),
        get_column_letter(keys.index("name") + 1),
    )
    apply_page_setup(sheet, PageSetup(
        paper=paper, landscape=True, title_rows="2:2", title_columns=f"{first}:{last}",
        header_center=title, footer_right=_("Page &P of &N"),
    ))  # fmt: skip
    widths = [
        0 if sheet.column_dimensions[get_column_letter(i)].hidden
        else sheet.column_dimensions[get_column_letter(i)].width or 8.43
        for i in range(1, len(columns) + 1)
    ]  # fmt: skip
    repeated = column_pixels(widths[keys.index("nik")]) + column_pixels(widths[keys.index("name")])
    room = printable_pixels(paper, True) / FORM_MIN_SCALE - repeated
    needed = sum(column_pixels(w) for w in widths if w) - repeated
    sheet.page_setup.fitToWidth = max(1, -(-int(needed) // int(room)))
    sheet.page_setup.pageOrder = "overThenDown"
    shown = [(h, w) for (_k, h), w in zip(columns, widths, strict=True) if w]
    sheet.row_dimensions[2].height = header_height([h for h, _w in shown], [w for _h, w in shown])
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        sheet.row_dimensions[row].height = FORM_ROW_HEIGHT
    sheet.print_options.gridLines = True  # boxes to write in


FORM_MIN_SCALE = 0.7  # a printed form is written on: keep its text at least this large
FORM_ROW_HEIGHT = 24.0  # points: room to write by hand


def write_template(
    conn: sqlite3.Connection,
    path: Path,
    *,
    month: Month | tuple[dt.date, dt.date],
    today: dt.date,
    desa_code: str | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the form for the recipients due in `month`; returns how many rows."""
    from openpyxl.styles import PatternFill

    from sampingdesa.io.xlsx import new_workbook, save_atomic, set_cell, sheet_title, write_table
    from sampingdesa.places.laptop import current_assistant
    from sampingdesa.values.month_names import month_name
    from sampingdesa.values.parsing import month_of

    tell(progress, 0, None, _("Finding the recipients due"))
    records = due_recipients(conn, month=month, today=today, desa_code=desa_code)
    programs = sorted({code for record in records for code in record["programs"]})
    columns = _columns(programs)
    workbook = new_workbook()
    sheet = workbook.create_sheet(
        sheet_title(_("Visits {month}").format(month=f"{month[0]:%Y-%m}"))
    )
    rows = []
    for number, record in enumerate(records):
        if number % 500 == 0:
            tell(progress, number, len(records), _("Preparing the form rows"))
        rows.append(_row_values(conn, record, programs, month[0]))

    def written(rows: list[list[Any]]) -> Iterator[list[Any]]:
        for number, row in enumerate(rows):
            if number % 500 == 0:
                tell(progress, number, len(rows), _("Writing the form"))
            yield row

    last = write_table(sheet, [h for _k, h in columns], written(rows), start_row=2)
    for index, (key, _header) in enumerate(columns, start=1):
        set_cell(sheet, 1, index, key)
    sheet.row_dimensions[1].hidden = True
    for column in (1, 2):
        sheet.column_dimensions[chr(64 + column)].hidden = True
    grey = PatternFill("solid", fgColor="D9D9D9")
    for row_number in range(FIRST_DATA_ROW, last + 1):
        if row_number % 1000 == 0:
            tell(progress, row_number, last, _("Greying out programmes not taken"))
        for index, (key, _header) in enumerate(columns, start=1):
            if key.endswith(":period") and sheet.cell(row_number, index).value == "-":
                for offset in range(len(PROGRAM_PARTS)):
                    sheet.cell(row_number, index + offset).fill = grey
    _add_validations(sheet, columns, _write_lists(workbook), last)
    _check_values(sheet, columns, last)
    _protect_keys(sheet, columns, last)
    # The desa the form is for: the one asked for, else the one every row is in, else the
    # assistant's own (an assistant with one desa never reads "all desa").
    in_form = {record["desa_code"] for record in records}
    shown_code = (
        desa_code
        or (next(iter(in_form)) if len(in_form) == 1 else None)
        or (current_assistant(conn).desa_code if not in_form else None)
    )
    place = conn.execute("SELECT name FROM regions WHERE code = ?", (shown_code,)).fetchone()
    title = _("Visit form {month} · Desa: {desa} · Assistant: {assistant}").format(
        month=month_name(month_of(month[0])),
        desa=place[0] if place else _("all desa"),
        assistant=current_assistant(conn).name,
    )
    from sampingdesa.io.xlsx import set_properties
    from sampingdesa.register.office import file_properties, read_office

    _print_layout(sheet, columns, title, read_office(conn).paper)
    props = file_properties(conn, title, _("Visit form"))
    set_properties(workbook, props)
    workbook.move_sheet(LISTS_SHEET, offset=1)
    tell(progress, 0, None, _("Saving {file}").format(file=Path(path).name))
    save_atomic(workbook, path, company=props.company)
    return len(records)


# -- reading --------------------------------------------------------------------------------
@dataclass
class ImportSummary:
    results: list[VisitResult] = field(default_factory=list)
    already: int = 0  # imported before and unchanged: skipped
    empty: int = 0
    updated: list[VisitResult] = field(default_factory=list)  # imported before, then corrected


class FormRefused(SampingError):
    """The form's rows have problems, nothing was imported; `second_checks` counts the rows
    refused for repeating a check already recorded that day (imported when that is meant)."""

    def __init__(self, message: str, details: list[str], second_checks: int) -> None:
        super().__init__(message, details=details)
        self.second_checks = second_checks


class _RowErrors(Exception):
    def __init__(self, problems: list[CellProblem]) -> None:
        super().__init__("; ".join(p.reason for p in problems))
        self.problems = problems


def _read_rows(path: Path) -> tuple[list[str], list[str], list[list[Any]]]:
    from python_calamine import CalamineWorkbook

    from sampingdesa.io.tabular import check_workbook_file

    if not Path(path).is_file():
        raise SampingError(_("File not found: {path}").format(path=path))
    check_workbook_file(Path(path))
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        rows: list[list[Any]] = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises several types for a damaged or foreign file
        raise SampingError(
            _("{path} cannot be read as a workbook ({error}).").format(path=path, error=exc)
        ) from None
    if len(rows) < 2 or not rows[0] or rows[0][0] != "key" or "date" not in rows[0]:
        raise SampingError(
            _("{path} is not a visit form made by `sampingdesa visit template`.").format(path=path)
        )
    return [str(k) for k in rows[0]], [str(h) for h in rows[1]], rows[FIRST_DATA_ROW - 1 :]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _cell_date(value: Any) -> dt.date:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))  # an Excel serial
        except (OverflowError, ValueError):
            return parse_date(str(value))  # says it is not a date
    return parse_date(value)


class _Row:
    """One form row: values by machine key, errors named by row and column."""

    def __init__(self, number: int, keys: list[str], headers: list[str], values: list[Any]):
        self.number = number
        self.keys = keys
        self.headers = headers
        self.cells = {k: (values[i] if i < len(values) else None) for i, k in enumerate(keys)}
        self.errors: list[CellProblem] = []

    def problem(self, key: str | None, message: str) -> CellProblem:
        """A problem of the cell under `key` (None: of the whole row), in the one wording of
        spreadsheet imports: `Row 7, column 'Reason off target' (F7)`."""
        if key is None:
            return CellProblem(self.number, "", "", "", message)
        from sampingdesa.io.tabular import column_letter

        index = self.keys.index(key)
        return CellProblem(
            self.number, column_letter(index), self.headers[index], self.text(key), message
        )

    def column_of(self, error: InvalidValue) -> str | None:
        """The column key holding the field an error names (None: no single column)."""
        key = FIELD_COLUMNS.get(error.field, error.field)
        if key in self.keys:
            return key
        matches = [k for k in self.keys if k.endswith(f":{key}") and self.text(k)]
        return matches[0] if len(matches) == 1 else None

    def explain(self, error: InvalidValue) -> CellProblem:
        """An error of the library, named by the row and column it came from."""
        return self.problem(self.column_of(error), error.message)

    def text(self, key: str) -> str:
        return _text(self.cells.get(key))

    def parse(self, key: str, parser: Any) -> Any:
        """`parser(cell)` for a filled cell, None for an empty one; errors are collected."""
        if not self.text(key):
            return None
        try:
            return parser(self.cells[key])
        except InvalidValue as error:
            self.errors.append(self.problem(key, error.message))
            return None

    def choice(self, key: str, code_type: type[Code]) -> Any:
        field = key.split(":")[-1]
        return self.parse(key, lambda v: code_type.parse(_text(v), field))

    def is_empty(self) -> bool:
        fill_keys = [k for k in self.keys if k not in ("key", "recipient", "nik", "name", "desa")
                     and not k.endswith(":period")]  # fmt: skip
        return not any(self.text(k) for k in fill_keys)


def _deliveries(row: _Row) -> list[DeliverySpec]:
    specs = []
    for key in row.keys:
        if not key.endswith(":status"):
            continue
        code = key.split(":")[0]
        if not row.text(key):
            if row.text(f"{code}:amount") or row.text(f"{code}:problem"):
                row.errors.append(row.problem(key, _("say whether the aid was received.")))
            continue
        status = row.choice(key, Delivery)
        period = row.parse(f"{code}:period", lambda v: parse_period(_text(v)))
        amount = row.parse(f"{code}:amount", parse_amount)
        if period is None and not row.text(f"{code}:period"):
            row.errors.append(row.problem(f"{code}:period", _("the period is empty.")))
        if status and period:
            specs.append(DeliverySpec(code, period, status, amount))
    return specs


def _problem(row: _Row) -> tuple[Problem, str | None] | None:
    problems = [
        row.parse(key, lambda v: parse_coded_note(_text(v), Problem, "problem"))
        for key in row.keys
        if key.endswith(":problem") and row.text(key)
    ]
    return next((p for p in problems if p), None)


def _escort(row: _Row) -> dict[str, Any]:
    """The elderly-escort section: a row with any of it filled is an escort visit."""
    values = {
        "facility": row.text("escort_facility") or None,
        "purpose": row.text("escort_purpose") or None,
        "transport": row.text("escort_transport") or None,
        "result": row.text("escort_result") or None,
    }
    return {"escort": any(values.values()), **values}


def row_input(row: _Row) -> VisitInput:
    """A form row as visit input; raises `_RowErrors` naming each bad cell."""
    visit_date = row.parse("date", _cell_date)
    if visit_date is None and not row.errors:
        row.errors.append(row.problem("date", _("the date of the visit is empty.")))
    data = VisitInput(
        visit_date=visit_date or dt.date.min,
        deliveries=_deliveries(row),
        received_date=row.parse("received", _cell_date),
        problem=_problem(row),
        on_target=row.choice("on_target", OnTarget),
        reason=row.parse("reason", lambda v: parse_coded_note(_text(v), OffTargetReason, "reason")),
        outcome=row.choice("change", Change),
        ready_to_graduate=row.choice("ready", YesNo) is YesNo.YES,
        needs_referral=row.choice("referral", YesNo) is YesNo.YES,
        notes=row.text("notes") or None,
        **_escort(row),
    )
    if row.errors:
        raise _RowErrors(row.errors)
    return data


# The fields a form row holds; the others of a visit (escort, aspects, GPS, photos) stay.
_FORM_FIELDS = (
    "visit_date", "received_date", "problem", "on_target", "reason", "outcome",
    "ready_to_graduate", "needs_referral", "notes",
)  # fmt: skip


def _update_from_form(
    writer: Changes, visit_uuid: str, data: VisitInput, today: dt.date
) -> VisitResult | None:
    """Apply a re-imported form row to its visit; None when nothing differs (then the rules
    are not checked again: an unchanged row stays as it was accepted)."""
    from sampingdesa.visits.recording import _merge, edit_visit, find_visit, input_from_row

    overrides = {name: getattr(data, name) for name in _FORM_FIELDS}
    current = input_from_row(writer.conn, find_visit(writer.conn, visit_uuid))
    if _merge(current, overrides, data.deliveries) == current:
        return None
    _row, changed, result = edit_visit(writer, visit_uuid, overrides, data.deliveries, today)
    return result if changed else None


_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def import_form(
    writer: Changes,
    path: Path,
    *,
    today: dt.date,
    resolve_findings: bool = False,
    again: bool = False,
) -> ImportSummary:
    """Record every filled row, all or nothing; rows already imported are skipped, or update
    their visit when corrected. A row repeating a programme and period already checked for
    its recipient that day (by `visit add`, another row, another form) is a problem of that
    row unless `again` says second checks are meant (`FormRefused.second_checks`)."""
    keys, headers, data_rows = _read_rows(path)
    summary = ImportSummary()
    errors: list[CellProblem] = []
    seen: dict[str, int] = {}
    second_checks = 0
    for offset, values in enumerate(data_rows):
        row = _Row(FIRST_DATA_ROW + offset, keys, headers, values)
        if row.is_empty():
            summary.empty += 1
            continue
        key = row.text("key").lower()
        if not _UUID.match(key) or not _UUID.match(row.text("recipient").lower()):
            errors.append(row.problem(None, _(
                "the hidden row key or recipient id was changed; use a fresh form.")))  # fmt: skip
            continue
        if key in seen:
            errors.append(row.problem(None, _("it repeats row {first} (same row key).").format(
                first=seen[key])))  # fmt: skip
            continue
        seen[key] = row.number
        known = writer.conn.execute(
            "SELECT deleted_at FROM visits WHERE uuid = ?", (key,)
        ).fetchone()
        try:
            data = row_input(row)
            if known is not None:
                # Imported before: a corrected row updates its visit (logged as an edit).
                updated = None if known[0] else _update_from_form(writer, key, data, today)
                if updated is None:
                    summary.already += 1
                else:
                    summary.updated.append(updated)
                continue
            result = record_visit(
                writer, row.text("recipient"), data, today=today,
                resolve_findings=resolve_findings, visit_uuid=key, source="form",
                again=again,
            )  # fmt: skip
        except SecondCheck as error:
            errors.extend(_second_check_problems(row, error))
            second_checks += 1
            continue
        except _RowErrors as error:
            errors.extend(error.problems)
            continue
        except InvalidValue as error:
            errors.append(row.explain(error))
            continue
        except (NotFound, Conflict) as error:
            errors.append(row.problem(None, error.message))
            continue
        summary.results.append(result)
    if errors:
        raise FormRefused(
            _("{path}: {count} problems; nothing was imported. Fix them and import again.").format(
                path=path.name, count=len(errors)
            ),
            describe_problems(errors),
            second_checks,
        )
    return summary


def _second_check_problems(row: _Row, error: SecondCheck) -> list[CellProblem]:
    """A row repeating checks recorded that day: one problem of the row per check."""
    from sampingdesa.values.short_ids import short_id

    return [
        row.problem(
            None,
            _(
                "{program} {period} was already checked for this recipient that day "
                "(visit {id}): the row repeats that check."
            ).format(program=repeat.program, period=repeat.period, id=short_id(repeat.visit_uuid)),
        )
        for repeat in error.repeats
    ]
