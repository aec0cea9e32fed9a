"""Months and dates in words of the current language: "Oktober 2026", "Okt 2026", and
"1 Desember 2026" as a letter is dated."""

from __future__ import annotations

import datetime as dt

from sampingdesa.i18n import _
from sampingdesa.values.parsing import Month, month_of


def month_name(month: Month) -> str:
    names = [
        _("January"), _("February"), _("March"), _("April"), _("May"), _("June"), _("July"),
        _("August"), _("September"), _("October"), _("November"), _("December"),
    ]  # fmt: skip
    return f"{names[month.start.month - 1]} {month.start.year}"


def month_short(month: Month) -> str:
    """ "Jun 2026": the month's three-letter name (Indonesian "Agu", "Okt", "Des") and year."""
    names = [
        _("Jan"), _("Feb"), _("Mar"), _("Apr"), _("May"), _("Jun"), _("Jul"), _("Aug"),
        _("Sep"), _("Oct"), _("Nov"), _("Dec"),
    ]  # fmt: skip
    return f"{names[month.start.month - 1]} {month.start.year}"


def long_date(day: dt.date) -> str:
    """ "1 Desember 2026", as a letter is dated."""
    return f"{day.day} {month_name(month_of(day))}"
