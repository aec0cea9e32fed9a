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
    new_workbook,
    save_atomic,
    set_cell,
    sheet_title,
)
from sampingdesa.places.laptop import kabupaten_code, region_name
from sampingdesa.privacy import Reveal, require_reveal, reveal_logged
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


@dataclass(frozen=True)
class Level:
    """How the documents name the place: a desa or a kelurahan."""

    word: str  # "Desa" / "Kelurahan"
    meeting: str  # "musyawarah desa khusus" / "musyawarah kelurahan"
    meeting_title: str  # for the minutes' heading, in capitals
    head: str  # "Kepala Desa {desa}," / "Lurah {desa},"


def place_level(conn: sqlite3.Connection, desa_code: str) -> Level:
    row = conn.execute("SELECT level FROM regions WHERE code = ?", (desa_code,)).fetchone()
    if row is not None and row[0] == "kelurahan":
        return Level(
            _("Kelurahan"),
            _("kelurahan meeting (musyawarah kelurahan)"),
            _("KELURAHAN MEETING ON THE DTSEN DATA UPDATE"),
            _("Lurah {desa},"),
        )
    return Level(_("Desa"), _("special village meeting (musyawarah desa khusus)"),
                 _("SPECIAL VILLAGE MEETING ON THE DTSEN DATA UPDATE"),
                 _("Kepala Desa {desa},"))  # fmt: skip


def signatory(conn: sqlite3.Connection, desa_code: str, current: tuple[str, str] | None) -> str:
    """Who signs the list: the assistant of the desa, else this laptop's assistant if an
    assistant (pendamping), else the settings' preparer; else a line to write on."""
    from sampingdesa.register.office import read_office

    row = conn.execute(
        "SELECT name FROM assistants WHERE desa_code = ? AND role = 'pendamping' "
        "AND deleted_at IS NULL ORDER BY name LIMIT 1",
        (desa_code,),
    ).fetchone()
    if row is not None:
        return str(row[0])
    if current is not None and current[1] == "pendamping":
        return current[0]
    return read_office(conn).preparer_name or f"({DOTS})"


def _print_setup(conn: sqlite3.Connection, ws: Worksheet, *, landscape_: bool = True,
                 confidential: bool = False, title_rows: str | None = None) -> None:  # fmt: skip
    """The settings' paper, fit to the width, page numbers; RAHASIA on every page of a
    sheet with full NIKs."""
    from sampingdesa.io.xlsx import PageSetup, apply_page_setup
    from sampingdesa.register.office import read_office

    apply_page_setup(ws, PageSetup(
        paper=read_office(conn).paper, landscape=landscape_, title_rows=title_rows,
        header_center=_("CONFIDENTIAL") if confidential else "",
        footer_right=_("Page &P of &N"),
    ))  # fmt: skip


def _save(conn: sqlite3.Connection, book: Any, path: Path, title: str, subject: str,
          force: bool) -> Path:  # fmt: skip
    from sampingdesa.io.xlsx import set_properties
    from sampingdesa.register.office import file_properties

    props = file_properties(conn, title, subject)
    set_properties(book, props)
    return save_atomic(book, path, force=force, company=props.company)


def _month_words(label: str) -> str:
    from sampingdesa.values.month_names import month_name
    from sampingdesa.values.parsing import parse_month

    return month_name(parse_month(label))


def _first_up(text: str) -> str:
    """The first letter in capitals, the rest as written ("November" stays)."""
    return text[:1].upper() + text[1:]


def _place(conn: sqlite3.Connection, desa_code: str) -> tuple[str, str, str]:
    desa = region_name(conn, desa_code)
    kecamatan = region_name(conn, desa_code.rsplit(".", 1)[0])
    kabupaten = region_name(conn, kabupaten_code(conn))
    return desa, kecamatan, kabupaten


def _boxed(ws: Worksheet, first_row: int, last_row: int, columns: int) -> None:
    from openpyxl.utils import get_column_letter

    from sampingdesa.io.xlsx import header_height

    for row in ws.iter_rows(min_row=first_row, max_row=last_row, max_col=columns):
        for cell in row:
            cell.border = BOX
            if cell.row > first_row:  # the header keeps its centred alignment
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    headers = [str(ws.cell(row=first_row, column=c).value or "") for c in range(1, columns + 1)]
    widths = [ws.column_dimensions[get_column_letter(c)].width or 8.43
              for c in range(1, columns + 1)]  # fmt: skip
    ws.row_dimensions[first_row].height = max(30, header_height(headers, widths))


def _header_row(ws: Worksheet, row: int, headers: list[str]) -> None:
    for column, text in enumerate(headers, start=1):
        cell = set_cell(ws, row, column, text)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
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
    conn: sqlite3.Connection, month: str, desa_code: str, path: Path, *,
    assistant: tuple[str, str] | None = None, force: bool = True,
) -> Export:  # fmt: skip
    """The proposals of a desa or kelurahan for the month's meeting (NIKs masked), with a
    column for the meeting's decision on each and a berita acara page to sign. `assistant`:
    this laptop's assistant (name, role); the list is signed by the desa's assistant or the
    settings' preparer (`signatory`)."""
    label = month_label(month)
    rows = proposal_rows(conn, month=label, desa_code=desa_code, statuses=MEETING_STATUSES)
    desa, kecamatan, kabupaten = _place(conn, desa_code)
    if not rows:
        raise SampingError(
            _("No proposals to discuss for {desa} in {month} (draft or at the meeting).").format(
                desa=desa, month=label
            )
        )
    level = place_level(conn, desa_code)
    book = new_workbook()
    ws = book.create_sheet(sheet_title(_("Proposal list")))
    start = _heading(ws, [
        _("LIST OF PROPOSALS FOR THE DTSEN DATA UPDATE"),
        _("{level} {desa}, Kecamatan {kecamatan}, {kabupaten}").format(
            level=level.word, desa=desa, kecamatan=kecamatan, kabupaten=kabupaten),
        _first_up(_("{meeting}, {month}").format(meeting=level.meeting,
                                                 month=_month_words(label))),
    ])  # fmt: skip
    _print_setup(conn, ws, title_rows=f"{start}:{start}")
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
    # Fixed widths (text wraps in its box): the list prints at 75% or more on A4 and F4.
    _widths(ws, dict(zip("ABCDEFGHIJK", (5, 10, 18, 18, 18, 20, 12, 6, 30, 14, 16),
                         strict=True)))  # fmt: skip
    _boxed(ws, start, last, len(headers))
    counts = {kind.value: 0 for kind in ProposalKind}
    for row in rows:
        counts[row["kind"]] += 1
    minutes = book.create_sheet(sheet_title(_("Berita acara")))
    _print_setup(conn, minutes, landscape_=False)
    _berita_acara(minutes, label, desa, kecamatan, kabupaten, counts,
                  signatory(conn, desa_code, assistant), level)  # fmt: skip
    title = _("LIST OF PROPOSALS FOR THE DTSEN DATA UPDATE")
    saved = _save(conn, book, path, f"{title} {level.word} {desa}", _month_words(label), force)
    return Export(saved, len(rows))


def _berita_acara(ws: Worksheet, month: str, desa: str, kecamatan: str, kabupaten: str,
                  counts: dict[str, int], assistant: str, level: Level) -> None:  # fmt: skip
    """The minutes of the meeting: date, place, what was discussed, attendance, signatures."""
    _widths(ws, {"A": 6, "B": 30, "C": 26, "D": 24})
    centre = Alignment(horizontal="center", wrap_text=True)
    for row, text in enumerate([
        _("MINUTES (BERITA ACARA)"),
        level.meeting_title,
        _("{level} {desa}, KECAMATAN {kecamatan}").format(
            level=level.word, desa=desa, kecamatan=kecamatan).upper(),
        kabupaten.upper(),
    ], start=1):  # fmt: skip
        cell = set_cell(ws, row, 1, text)
        cell.font = TITLE if row == 1 else BOLD
        cell.alignment = centre
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    total = sum(counts.values())
    paragraphs = [
        _(
            "On (day) {dots} date {dots}, at {dots}, the {meeting} of {level} {desa} "
            "discussed the proposals for the DTSEN data update of {month}."
        ).format(
            dots="............",
            desa=desa,
            month=_month_words(month),
            level=level.word,
            meeting=level.meeting,
        ),
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
    set_cell(ws, row, 3, level.head.format(desa=desa))
    row += 5
    set_cell(ws, row, 1, assistant).font = Font(name="Calibri", bold=True, underline="single")
    set_cell(ws, row, 3, f"({DOTS})").font = BOLD
    ws.print_area = f"A1:D{row}"


# -- the SIKS-NG sheet ------------------------------------------------------------------------
def siks_columns() -> list[str]:
    """The person, as SIKS-NG's form asks for it (first sheet)."""
    return [
        _("No."), "NIK", _("No. KK"), _("Name"), _("Sex"), _("Birth place"), _("Birth date"),
        _("Relationship in the family"), _("Address"), "RT", "RW", _("Region code"),
    ]  # fmt: skip


def siks_proposal_columns() -> list[str]:
    """What is proposed (second sheet)."""
    return [
        _("No."), "NIK", _("Name"), _("Kind of proposal"), _("Reason"),
        _("Programmes proposed"), _("Meeting date"), _("Proposal id"),
    ]  # fmt: skip


SIKS_WIDTHS = [5, 19, 19, 20, 11, 13, 11, 13, 22, 5, 5, 15]
SIKS_PROPOSAL_WIDTHS = [5, 19, 22, 12, 40, 16, 11, 11]


def siks_missing() -> list[str]:
    """Fields SIKS-NG asks for that the register does not hold: the operator fills them in
    from the family card (Kartu Keluarga)."""
    return [_("Birth place"), _("Relationship in the family"), _("Religion"),
            _("Marital status"), _("Occupation"), _("Mother's name")]  # fmt: skip


def siks_gaps(conn: sqlite3.Connection, month: str, desa_code: str) -> list[str]:
    """Rows of the SIKS-NG sheet with an empty No. KK, address, RT or RW: one line per row,
    to say before the file is written."""
    label = month_label(month)
    lines = []
    for row in proposal_rows(conn, month=label, desa_code=desa_code, statuses=SIKS_STATUSES):
        person = _person(conn, row)
        empty = [name for name, value in ((_("No. KK"), row["no_kk"]),
                                          (_("Address"), row["address"]),
                                          ("RT", person["rt"]), ("RW", person["rw"]))
                 if not value]  # fmt: skip
        if empty:
            lines.append(
                _("{name} ({nik}): {fields} empty.").format(
                    name=row["name"], nik=nik_rules.mask_nik(row["nik"]), fields=", ".join(empty)
                )
            )
    return lines  # fmt: skip


def write_siks_sheet(
    conn: sqlite3.Connection, month: str, desa_code: str, path: Path, *,
    reveal: Reveal | None, force: bool = True,
) -> Export:  # fmt: skip
    """Full NIKs of the proposals the meeting agreed, in the columns typed into SIKS-NG:
    the person on one sheet, the proposal on a second (each prints at 75% or more), with
    RAHASIA on every page.

    Needs `reveal` (`RevealRequired` without one), logged before the sheet is written."""
    from openpyxl.utils import get_column_letter

    require_reveal(reveal)
    label = month_label(month)
    rows = proposal_rows(conn, month=label, desa_code=desa_code, statuses=SIKS_STATUSES)
    desa, kecamatan, kabupaten = _place(conn, desa_code)
    level = place_level(conn, desa_code)
    if not rows:
        raise SampingError(
            _(
                "No proposals of {desa} in {month} were agreed at the meeting yet (status "
                "musdes); set their status first."
            ).format(desa=desa, month=label)
        )
    reason = reveal_logged(conn, reveal).reason
    book = new_workbook()
    heading = [
        _("PROPOSALS TO ENTER IN SIKS-NG: {month}").format(month=_month_words(label)),
        _("{level} {desa}, Kecamatan {kecamatan}, {kabupaten}").format(
            level=level.word, desa=desa, kecamatan=kecamatan, kabupaten=kabupaten),
        _("CONFIDENTIAL: full NIKs (UU PDP 27/2022). Reason: {reason}").format(reason=reason),
    ]  # fmt: skip
    people = book.create_sheet(sheet_title(_("For SIKS-NG")))
    proposals = book.create_sheet(sheet_title(_("For SIKS-NG: proposals")))
    note = _("Not held by sampingdesa, to fill in from the family card: {fields}.").format(
        fields=", ".join(siks_missing())
    )
    for ws, headers, widths in (
        (people, siks_columns(), SIKS_WIDTHS),
        (proposals, siks_proposal_columns(), SIKS_PROPOSAL_WIDTHS),
    ):
        start = _heading(ws, [*heading, note] if ws is people else heading)
        _print_setup(conn, ws, confidential=True, title_rows=f"{start}:{start}")
        _header_row(ws, start, headers)
        for number, row in enumerate(rows, start=1):
            if ws is people:
                person = _person(conn, row)
                values: list[Any] = [
                    number, row["nik"], row["no_kk"] or "", row["name"],
                    Sex.label_of(person["sex"]), "", person["birth_date"], "", row["address"] or "",
                    person["rt"] or "", person["rw"] or "", row["desa_code"],
                ]  # fmt: skip
            else:
                why = RemovalReason.label_of(row["removal_reason"])
                reason_text = row["reason"]
                if why and why != reason_text:
                    reason_text = f"{why}: {reason_text}"
                values = [
                    number, row["nik"], row["name"], ProposalKind.label_of(row["kind"]),
                    reason_text, row["programs"].replace(",", ", "), _day(row["musdes_date"]),
                    row["uuid"][:8],
                ]  # fmt: skip
            for column, value in enumerate(values, start=1):
                set_cell(ws, start + number, column, value)
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        _boxed(ws, start, start + len(rows), len(headers))
    title = _("PROPOSALS TO ENTER IN SIKS-NG: {month}").format(month=_month_words(label))
    saved = _save(conn, book, path, title, f"{level.word} {desa}", force)
    return Export(saved, len(rows))


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
