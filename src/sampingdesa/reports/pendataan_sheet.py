"""The "Pendataan & Usulan" sheet of the monthly workbook: new social-problem register
entries per kecamatan and PPKS category, the month's DTSEN proposals per kind and status,
and the recipients whose desil is above their programme's limit.

`pendataan_sections` computes the sheet as a value (in `reports.model.build_month`);
`set_widths` and `append_sections` render it (write-only or not). With the aggregate
privacy profile the desil mismatches are counted per kecamatan and programme instead of
listed by name.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from sampingdesa.i18n import _
from sampingdesa.register.desil import desil_mismatches
from sampingdesa.reports.queries import Scope
from sampingdesa.values.codes import Ppks, ProposalKind, ProposalStatus
from sampingdesa.values.nik import mask_nik
from sampingdesa.values.parsing import Month

STATUSES = [status.value for status in ProposalStatus]


@dataclass
class Section:
    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    note: str | None = None


def sheet_name() -> str:
    return _("Pendataan & Usulan")


def sheet_description() -> str:
    return _(
        "Social-problem register entries found in the month per kecamatan and PPKS category; "
        "the month's DTSEN proposals per kind and status; recipients whose desil is above "
        "their programme's limit (Kepmensos 79/HUK/2025)."
    )


def _entries(conn: sqlite3.Connection, month: Month, scope: Scope) -> Section:
    condition, params = scope.where("p.desa_code")
    rows = conn.execute(
        "SELECT k.name, c.category, count(DISTINCT p.uuid) FROM pendataan p "
        "JOIN pendataan_categories c ON c.entry_uuid = p.uuid AND c.deleted_at IS NULL "
        "LEFT JOIN regions k ON k.code = substr(p.desa_code, 1, 8) "
        "WHERE p.deleted_at IS NULL AND p.found_on BETWEEN ? AND ? AND " + condition + " "
        "GROUP BY substr(p.desa_code, 1, 8), c.category ORDER BY substr(p.desa_code, 1, 8)",
        [month.start.isoformat(), month.end.isoformat(), *params],
    ).fetchall()
    order = {code.value: index for index, code in enumerate(Ppks)}
    found = sorted(rows, key=lambda r: (r[0] or "", order.get(r[1], 99)))
    section = Section(
        _("New register entries per kecamatan and PPKS category"),
        [_("Kecamatan"), _("Category"), _("Entries")],
        [[kecamatan or "", Ppks.label_of(category), count] for kecamatan, category, count in found],
    )
    total = conn.execute(
        "SELECT count(*) FROM pendataan p WHERE p.deleted_at IS NULL "
        "AND p.found_on BETWEEN ? AND ? AND " + condition,
        [month.start.isoformat(), month.end.isoformat(), *params],
    ).fetchone()[0]
    still_open = conn.execute(
        "SELECT count(*) FROM pendataan p WHERE p.deleted_at IS NULL AND p.found_on <= ? "
        "AND (p.closed_on IS NULL OR p.closed_on > ?) AND " + condition,
        [month.end.isoformat(), month.end.isoformat(), *params],
    ).fetchone()[0]
    section.rows.append([_("Total"), _("entries (a person may have several categories)"), total])
    section.rows.append(["", _("open at the month's end"), still_open])
    return section


def _proposals(conn: sqlite3.Connection, month: Month, scope: Scope) -> Section:
    condition, params = scope.where("desa_code")
    counts: dict[tuple[str, str], int] = {}
    for kind, status, count in conn.execute(
        "SELECT kind, status, count(*) FROM usulan WHERE deleted_at IS NULL AND month = ? AND "
        + condition
        + " GROUP BY kind, status",
        [month.label, *params],
    ):
        counts[(kind, status)] = count
    headers = [_("Kind of proposal"), *(ProposalStatus.label_of(s) for s in STATUSES), _("Total")]
    section = Section(_("Proposals of the month per kind and status"), headers)
    for kind in ProposalKind:
        cells = [counts.get((kind.value, status), 0) for status in STATUSES]
        section.rows.append([kind.label, *cells, sum(cells)])
    totals = [sum(row[i] for row in section.rows) for i in range(1, len(headers))]
    section.rows.append([_("Total"), *totals])
    return section


def _mismatches(conn: sqlite3.Connection, scope: Scope, profile: str) -> Section:
    condition, params = scope.where("r.desa_code")
    found = desil_mismatches(conn, where=condition, params=params)
    title = _("Desil above the programme's limit (Kepmensos 79/HUK/2025)")
    note = _("As recorded at the time of the report; propose removals or corrections through "
             "the DTSEN update.")  # fmt: skip
    if profile == "aggregate":
        counts: dict[tuple[str, str], int] = {}
        for item in found:
            key = (item.desa_code.rsplit(".", 1)[0], item.program_code)
            counts[key] = counts.get(key, 0) + 1
        names = dict(conn.execute("SELECT code, name FROM regions WHERE level = 'kecamatan'"))
        return Section(
            title,
            [_("Kecamatan"), _("Programme"), _("Recipients")],
            [[names.get(k, k), p, n] for (k, p), n in sorted(counts.items())],
            note,
        )
    show = (lambda nik: nik) if profile == "full" else mask_nik
    return Section(
        title,
        [_("Desa"), _("Name"), "NIK", _("Programme"), _("Desil"), _("Highest desil allowed"),
         _("Desil date")],
        [[item.desa_name or item.desa_code, item.name, show(item.nik), item.program_code,
          item.desil, item.limit, item.desil_date or ""] for item in found],
        note,
    )  # fmt: skip


def pendataan_sections(
    conn: sqlite3.Connection, month: Month, scope: Scope, profile: str
) -> list[Section]:
    return [
        _entries(conn, month, scope),
        _proposals(conn, month, scope),
        _mismatches(conn, scope, profile),
    ]


def _border() -> Any:
    from openpyxl.styles import Border, Side

    side = Side(style="thin")
    return Border(left=side, right=side, top=side, bottom=side)


def _text(ws: Any, value: str, bold: bool = False, size: int | None = None,
          header: bool = False, boxed: bool = False) -> Any:  # fmt: skip
    """A text cell that stays text in either worksheet mode (never a formula)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
    from openpyxl.styles import Alignment, Font

    from sampingdesa.io.xlsx import FONT_NAME, HEADER_FILL

    cell = Cell(ws, row=1, column=1)
    cell._value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.data_type = "s"
    # A named font: without one LibreOffice draws bold text in a serif face.
    cell.font = Font(name=FONT_NAME, bold=bold or header, size=size)
    if header:
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    elif boxed:
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    if boxed or header:
        cell.border = _border()
    return cell


def _value(ws: Any, value: Any, bold: bool = False) -> Any:
    import datetime as dt

    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Alignment, Font

    from sampingdesa.io.xlsx import DATE_FORMAT, FONT_NAME

    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return _text(ws, value, bold, boxed=True)
        cell = Cell(ws, row=1, column=1, value=day)
        cell.number_format = DATE_FORMAT
        cell.alignment = Alignment(horizontal="right", vertical="top")
    elif isinstance(value, str) or value is None:
        return _text(ws, value or "", bold, boxed=True)
    else:
        cell = Cell(ws, row=1, column=1, value=value)
        cell.number_format = "#,##0"
        cell.alignment = Alignment(horizontal="right", vertical="top")
    cell.font = Font(name=FONT_NAME, bold=bold)
    cell.border = _border()
    return cell


# Column widths: each section's columns fit its own content; the widest section decides.
WIDTHS = [18, 16, 12, 12, 12, 12, 12, 12]


def set_widths(ws: Any, sections: list[Section]) -> list[int]:
    """Column widths for the sections (before any row, as write-only sheets require):
    wide enough for each column's longest value, headers wrap."""
    from openpyxl.utils import get_column_letter

    widths = list(WIDTHS)
    for section in sections:
        for row in section.rows:
            for index, value in enumerate(row):
                size = min(30, len(str(value)) + 2)
                if index >= len(widths):
                    widths.append(size)
                widths[index] = max(widths[index], size)
        for index, header in enumerate(section.headers):
            longest = max((len(word) for word in str(header).split()), default=0) + 4
            while index >= len(widths):
                widths.append(10)
            widths[index] = max(widths[index], min(20, longest))
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    return widths


def append_sections(ws: Any, sections: list[Section], first_row: int = 1,
                    widths: list[int] | None = None) -> None:  # fmt: skip
    """Each section: its title, note, a bordered table (header row centred over its
    numbers; '(none)' when empty). `first_row`: the row the first appended row lands on."""
    from sampingdesa.io.xlsx import LINE_HEIGHT, header_height

    row = first_row - 1
    for section in sections:
        ws.append([])
        ws.append([_text(ws, section.title, bold=True)])
        row += 2
        if section.note:
            ws.append([_text(ws, section.note)])
            row += 1
        row += 1
        ws.row_dimensions[row].height = header_height(section.headers, widths or WIDTHS)
        ws.append([_text(ws, header, header=True) for header in section.headers])
        if not section.rows:
            ws.append([_text(ws, _("(none)"), boxed=True)])
            row += 1
        for values in section.rows:
            bold = values[0] == _("Total")
            row += 1
            lines = max(
                (-(-len(v) // max(1, int(w) - 2)) for v, w in zip(values, widths or WIDTHS,
                                                                  strict=False)
                 if isinstance(v, str) and v),
                default=1,
            )  # fmt: skip
            if lines > 1:
                ws.row_dimensions[row].height = LINE_HEIGHT * lines
            ws.append([_value(ws, v, bold) for v in values])
