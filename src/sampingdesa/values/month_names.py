"""Months and dates in words of the current language: "Oktober 2026", "Okt 2026", and
"1 Desember 2026" as a letter is dated."""

from __future__ import annotations

import datetime as dt
import re

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


def period_words(label: str | None) -> str:
    """A period as an office writes it: "2026-11" -> "November 2026", "2026-T4" -> "Tahap IV
    2026" (anything else as stored)."""
    text = label or ""
    found = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if found and 1 <= int(found[2]) <= 12:
        start = dt.date(int(found[1]), int(found[2]), 1)
        return month_name(Month(start, start))
    found = re.fullmatch(r"(\d{4})-T([1-4])", text)
    if found:
        roman = ("I", "II", "III", "IV")[int(found[2]) - 1]
        return _("Stage {number} {year}").format(number=roman, year=found[1])
    return text


def periods_in_words(text: str) -> str:
    """Every period code inside a text ("PKH 2026-T3: ...") written in words."""
    return re.sub(r"\b\d{4}-(?:T[1-4]|\d{2})\b", lambda m: period_words(m[0]), text)
