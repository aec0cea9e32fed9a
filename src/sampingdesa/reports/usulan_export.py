"""The month's proposal outputs (openpyxl; import lazily): the list a desa discusses at its
village meeting, with a berita acara page, and the full-NIK sheet the desa operator types
into SIKS-NG. Every cell goes through io/xlsx.py, so no text can become a formula."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from sampingdesa.errors import SampingError
from sampingdesa.i18n import _
from sampingdesa.io.xlsx import (
    HEADER_FILL,
    fit_columns,
    landscape,
    new_workbook,
    save_atomic,
    set_cell,
    sheet_title,
)
from sampingdesa.places.laptop import kabupaten_code, region_name
from sampingdesa.register.usulan import month_label, proposal_rows
from sampingdesa.values import nik as nik_rules
from sampingdesa.values.codes import ProposalKind, RemovalReason, Sex

MEETING_STATUSES = ("draft", "musdes")
SIKS_STATUSES = ("musdes", "siks-ng")
ATTENDANCE_ROWS = 12
THIN = Side(style="thin")
# Named fonts: without a name LibreOffice falls back to a serif face for bold text.
BOLD = Font(name="Calibri", bold=True)
TITLE = Font(name="Calibri", bold=True, size=13)
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
DOTS = "." * 30


@dataclass
class Export:
    path: Path
    count: int


def _month_words(label: str) -> str:
    from sampingdesa.values.month_names import month_name
    from sampingdesa.values.parsing import parse_month

    return month_name(parse_month(label))


def _place(conn: sqlite3.Connection, desa_code: str) -> tuple[str, str, str]:
    desa = region_name(conn, desa_code)
    kecamatan = region_name(conn, desa_code.rsplit(".", 1)[0])
    kabupaten = region_name(conn, kabupaten_code(conn))
    return desa, kecamatan, kabupaten


def _boxed(ws: Worksheet, first_row: int, last_row: int, columns: int) -> None:
    for row in ws.iter_rows(min_row=first_row, max_row=last_row, max_col=columns):
        for cell in row:
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _header_row(ws: Worksheet, row: int, headers: list[str]) -> None:
    for column, text in enumerate(headers, start=1):
        cell = set_cell(ws, row, column, text)
        cell.font = BOLD
        cell.fill = HEADER_FILL
    ws.row_dimensions[row].height = 30
    ws.print_title_rows = f"{row}:{row}"
    ws.freeze_panes = ws.cell(row=row + 1, column=1)


def _heading(ws: Worksheet, lines: list[str]) -> int:
    for number, line in enumerate(lines, start=1):
        set_cell(ws, number, 1, line).font = TITLE if number == 1 else BOLD
    return len(lines) + 2


def _widths(ws: Worksheet, widths: dict[str, float]) -> None:
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width


# -- the meeting list -------------------------------------------------------------------------
def write_meeting_list(
    conn: sqlite3.Connection, month: str, desa_code: str, path: Path, *, assistant: str,
    force: bool = True,
) -> Export:  # fmt: skip
    """The proposals of a desa for the month's village meeting (NIKs masked), with a column
    for the meeting's decision on each and a berita acara page to sign."""
    label = month_label(month)
    rows = proposal_rows(conn, month=label, desa_code=desa_code, statuses=MEETING_STATUSES)
    desa, kecamatan, kabupaten = _place(conn, desa_code)
    if not rows:
        raise SampingError(
            _("No proposals to discuss for {desa} in {month} (draft or at the meeting).").format(
                desa=desa, month=label
            )
        )
    book = new_workbook()
    ws = book.create_sheet(sheet_title(_("Proposal list")))
    landscape(ws)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    start = _heading(ws, [
        _("LIST OF PROPOSALS FOR THE DTSEN DATA UPDATE"),
        _("Desa {desa}, Kecamatan {kecamatan}, {kabupaten}").format(
            desa=desa, kecamatan=kecamatan, kabupaten=kabupaten),
        _("Special village meeting (musyawarah desa khusus), {month}").format(
            month=_month_words(label)),
    ])  # fmt: skip
    headers = [
        _("No."), _("Kind of proposal"), _("Name"), "NIK", _("No. KK"), _("Address"),
        _("Programmes proposed"), _("Desil"), _("Reason"), _("Meeting decision (agreed / not)"),
        _("Notes"),
    ]  # fmt: skip
    _header_row(ws, start, headers)
    for number, row in enumerate(rows, start=1):
        reason = row["reason"]
        why = RemovalReason.label_of(row["removal_reason"])
        if why and why != reason:
            reason = f"{why}: {reason}"
        values: list[Any] = [
            number, ProposalKind.label_of(row["kind"]), row["name"], nik_rules.mask_nik(row["nik"]),
            nik_rules.mask_nik(row["no_kk"]), row["address"] or "",
            row["programs"].replace(",", ", "), row["desil"], reason, "", "",
        ]  # fmt: skip
        for column, value in enumerate(values, start=1):
            set_cell(ws, start + number, column, value)
        ws.row_dimensions[start + number].height = 30  # room to write the decision
    last = start + len(rows)
    _boxed(ws, start, last, len(headers))
    fit_columns(ws)
    _widths(ws, {"A": 5, "I": 34, "J": 18, "K": 22})
    counts = {kind.value: 0 for kind in ProposalKind}
    for row in rows:
        counts[row["kind"]] += 1
    _berita_acara(book.create_sheet(sheet_title(_("Berita acara"))), label, desa, kecamatan,
                  kabupaten, counts, assistant)  # fmt: skip
    return Export(save_atomic(book, path, force=force), len(rows))


def _berita_acara(ws: Worksheet, month: str, desa: str, kecamatan: str, kabupaten: str,
                  counts: dict[str, int], assistant: str) -> None:  # fmt: skip
    """The minutes of the meeting: date, place, what was discussed, attendance, signatures."""
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    _widths(ws, {"A": 6, "B": 30, "C": 26, "D": 24})
    centre = Alignment(horizontal="center", wrap_text=True)
    for row, text in enumerate([
        _("MINUTES (BERITA ACARA)"),
        _("SPECIAL VILLAGE MEETING ON THE DTSEN DATA UPDATE"),
        _("DESA {desa}, KECAMATAN {kecamatan}").format(desa=desa, kecamatan=kecamatan).upper(),
        kabupaten.upper(),
    ], start=1):  # fmt: skip
        cell = set_cell(ws, row, 1, text)
        cell.font = TITLE if row == 1 else BOLD
        cell.alignment = centre
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    total = sum(counts.values())
    paragraphs = [
        _(
            "On (day) {dots} date {dots}, at {dots}, the special village meeting of Desa {desa} "
            "discussed the proposals for the DTSEN data update of {month}."
        ).format(dots="............", desa=desa, month=_month_words(month)),
        _(
            "{total} proposals were discussed: {new} new entries, {correction} data corrections "
            "and {removal} removals. The decision on each proposal is written on the proposal "
            "list, which is part of these minutes."
        ).format(
            total=total,
            new=counts["baru"],
            correction=counts["perbaikan"],
            removal=counts["hapus"],
        ),
        _("Agreed proposals: {dots}    Proposals not agreed: {dots}").format(dots="........"),
    ]
    row = 6
    for text in paragraphs:
        cell = set_cell(ws, row, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        ws.row_dimensions[row].height = 48
        row += 1
    row += 1
    set_cell(ws, row, 1, _("Attendance")).font = BOLD
    row += 1
    header = row
    for column, text in enumerate([_("No."), _("Name"), _("Position / group"), _("Signature")], 1):
        cell = set_cell(ws, row, column, text)
        cell.font = BOLD
        cell.fill = HEADER_FILL
    for number in range(1, ATTENDANCE_ROWS + 1):
        row += 1
        set_cell(ws, row, 1, number)
        ws.row_dimensions[row].height = 22
    _boxed(ws, header, row, 4)
    row += 2
    set_cell(ws, row, 3, _("{desa}, {dots}").format(desa=desa, dots=DOTS))
    row += 1
    set_cell(ws, row, 1, _("Samping Desa,"))
    set_cell(ws, row, 3, _("Kepala Desa {desa},").format(desa=desa))
    row += 5
    set_cell(ws, row, 1, assistant).font = Font(name="Calibri", bold=True, underline="single")
    set_cell(ws, row, 3, f"({DOTS})").font = BOLD
    ws.print_area = f"A1:D{row}"


# -- the SIKS-NG sheet ------------------------------------------------------------------------
def siks_columns() -> list[str]:
    return [
        _("No."), "NIK", _("No. KK"), _("Name"), _("Sex"), _("Birth date"), _("Address"), "RT",
        "RW", _("Desa/Kelurahan"), _("Kecamatan"), _("Kind of proposal"), _("Removal reason"),
        _("Reason"), _("Programmes proposed"), _("Meeting date"), _("Proposal id"),
    ]  # fmt: skip


def write_siks_sheet(
    conn: sqlite3.Connection, month: str, desa_code: str, path: Path, *, reason: str,
    force: bool = True,
) -> Export:  # fmt: skip
    """Full NIKs of the proposals the meeting agreed, in the columns typed into SIKS-NG.

    The caller logs the reveal (register.recipients.record_reveal)."""
    label = month_label(month)
    rows = proposal_rows(conn, month=label, desa_code=desa_code, statuses=SIKS_STATUSES)
    desa, kecamatan, kabupaten = _place(conn, desa_code)
    if not rows:
        raise SampingError(
            _(
                "No proposals of {desa} in {month} were agreed at the meeting yet (status "
                "musdes); set their status first."
            ).format(desa=desa, month=label)
        )
    book = new_workbook()
    ws = book.create_sheet(sheet_title(_("For SIKS-NG")))
    landscape(ws)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    start = _heading(ws, [
        _("PROPOSALS TO ENTER IN SIKS-NG: {month}").format(month=_month_words(label)),
        _("Desa {desa}, Kecamatan {kecamatan}, {kabupaten}").format(
            desa=desa, kecamatan=kecamatan, kabupaten=kabupaten),
        _("CONFIDENTIAL: full NIKs (UU PDP 27/2022). Reason: {reason}").format(reason=reason),
    ])  # fmt: skip
    headers = siks_columns()
    _header_row(ws, start, headers)
    for number, row in enumerate(rows, start=1):
        person = _person(conn, row)
        values: list[Any] = [
            number, row["nik"], row["no_kk"] or "", row["name"], Sex.label_of(person["sex"]),
            person["birth_date"], row["address"] or "", person["rt"] or "", person["rw"] or "",
            desa, kecamatan, ProposalKind.label_of(row["kind"]),
            RemovalReason.label_of(row["removal_reason"]), row["reason"],
            row["programs"].replace(",", ", "), _day(row["musdes_date"]), row["uuid"][:8],
        ]  # fmt: skip
        for column, value in enumerate(values, start=1):
            set_cell(ws, start + number, column, value)
    _boxed(ws, start, start + len(rows), len(headers))
    fit_columns(ws)
    _widths(ws, {"A": 5, "N": 34})
    return Export(save_atomic(book, path, force=force), len(rows))


def _day(text: str | None) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(text) if text else ""


def _person(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    """Sex, birth date, RT and RW: from the recipient or register entry, else the NIK."""
    import datetime as dt

    known: dict[str, Any] = {"sex": None, "birth_date": None, "rt": None, "rw": None}
    if row["recipient_uuid"]:
        found = conn.execute(
            "SELECT sex, birth_date, rt, rw FROM recipients WHERE uuid = ?",
            (row["recipient_uuid"],),
        ).fetchone()
        if found:
            known.update(dict(found))
    elif row["entry_uuid"]:
        found = conn.execute(
            "SELECT sex, rt, rw FROM pendataan WHERE uuid = ?", (row["entry_uuid"],)
        ).fetchone()
        if found:
            known.update(dict(found))
    try:
        info = nik_rules.parse_nik(row["nik"])
    except SampingError:
        info = None
    if info is not None:
        known["sex"] = known["sex"] or info.sex
        known["birth_date"] = known["birth_date"] or info.birth_date.isoformat()
    birth = known["birth_date"]
    known["birth_date"] = dt.date.fromisoformat(birth) if birth else ""
    return known
