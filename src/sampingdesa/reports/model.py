"""The monthly report as one value: every table the workbook and the summary need.

`build_month` runs the queries (reports/queries.py) once; the workbook writer
(reports/workbook.py), the terminal summary and JSON only present the result. To add a
table to the report, add a field here and fill it in `build_month`.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from sampingdesa.i18n import _
from sampingdesa.reports import queries
from sampingdesa.reports.office import Office, read_office
from sampingdesa.reports.pendataan_sheet import Section, pendataan_sections
from sampingdesa.reports.queries import AssistantRow, ProgramRow, Scope, Summary
from sampingdesa.store.connection import read_side_by_side
from sampingdesa.values.parsing import Month
from sampingdesa.version import __version__

# Detail tables (names and NIKs): left out of the aggregate profile.
DETAIL_KEYS = ("deliveries", "targeting", "outcomes", "escorts", "findings", "not_visited")


@dataclass
class MonthlyData:
    """Everything the monthly workbook shows, computed before a cell is written."""

    month: Month
    scope: Scope
    profile: str  # a PrivacyProfile code
    office: Office
    today: dt.date
    summary: Summary
    programs: list[ProgramRow]
    assistants: list[AssistantRow]
    trend: list[tuple[Month, int, int]]  # the last 12 months: visits, escorts
    details: dict[str, list[list[Any]]]  # DETAIL_KEYS -> rows (empty for aggregate)
    reason: str | None = None  # why full NIKs were asked for
    paper: str = "a4"
    generated: dt.datetime = field(default_factory=dt.datetime.now)
    about: list[str] = field(default_factory=list)  # lines Keterangan prints first
    pendataan: list[Section] = field(default_factory=list)  # the Pendataan & Usulan sheet

    @property
    def provisional(self) -> bool:
        """The month is still running: its figures will change."""
        return self.today <= self.month.end

    @property
    def as_of(self) -> dt.date:
        return min(self.today, self.month.end)

    @property
    def aggregate(self) -> bool:
        return self.profile == "aggregate"


def build_month(
    conn: sqlite3.Connection,
    month: Month,
    scope: Scope,
    *,
    profile: str,
    today: dt.date | None = None,
    reason: str | None = None,
    paper: str | None = None,
) -> MonthlyData:
    """Query every table of the month's report (nothing is written). The counts and the
    detail rows are read side by side, on one snapshot (store.db.read_side_by_side)."""
    today = today or dt.date.today()
    show = queries.nik_shower(profile)

    def counts(db: sqlite3.Connection) -> MonthlyData:
        return MonthlyData(
            month=month,
            scope=scope,
            profile=profile,
            office=office,
            today=today,
            summary=queries.month_summary(db, month, scope),
            programs=queries.program_rows(db, month, scope),
            assistants=queries.assistant_rows(db, month, scope),
            trend=queries.monthly_trend(db, month, scope),
            details={},  # read beside these counts, filled in below
            reason=reason,
            paper=paper or office.paper,
            pendataan=pendataan_sections(db, month, scope, profile),
        )

    def details(db: sqlite3.Connection) -> tuple[dict[str, list[list[Any]]], str]:
        head = chain_head_note(db)
        if profile == "aggregate":
            return {}, head
        return {
            "deliveries": queries.delivery_rows(db, month, scope, show),
            "targeting": queries.targeting_rows(db, month, scope, show),
            "outcomes": queries.outcome_rows(db, month, scope, show),
            "escorts": queries.escort_rows(db, month, scope, show),
            "findings": queries.open_finding_rows(db, month, scope, show, today),
            "not_visited": queries.not_visited_rows(db, month, scope, show),
        }, head

    office = read_office(conn)
    data, (rows, head) = read_side_by_side(conn, counts, details)
    data.details = rows
    data.about = [*about_lines(data), head]
    return data


def chain_head_note(conn: sqlite3.Connection) -> str:
    """The change log's head as the report was made: pins the log to the printed page."""
    from sampingdesa.store.audit import chain_head

    head = chain_head(conn)
    return _(
        "Change-log head: {head} ({count} entries). Check a database against this report "
        "with: sampingdesa db audit verify --head {head}"
    ).format(head=head.text, count=head.entries)


def about_lines(data: MonthlyData) -> list[str]:
    """How the report was made: the first lines of Keterangan."""
    profiles = {
        "masked": _("masked NIKs (region + serial, e.g. 630605******0001)"),
        "full": _("full NIKs (the export is recorded in the change log)"),
        "aggregate": _("counts only, no names or NIKs"),
    }
    lines = [_("Privacy: {profile}").format(profile=profiles[data.profile])]
    if data.profile == "full":
        lines.append(
            _("CONFIDENTIAL: full NIKs, given out for: {reason}").format(reason=data.reason or "")
        )
    if data.provisional:
        lines.append(
            _("PROVISIONAL: the month is still running; figures as of {date}.").format(
                date=data.as_of.strftime("%d-%m-%Y")
            )
        )
    lines.append(
        _("Generated: {when} by sampingdesa {version}").format(
            when=data.generated.strftime("%d-%m-%Y %H:%M"), version=__version__
        )
    )
    return lines
