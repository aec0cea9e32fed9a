"""NIP, the 18-digit number of a civil servant (PNS), as in `report settings`.

Layout `YYYYMMDD YYYYMM S NNN`: birth date, year and month of appointment, sex (1 or 2) and
a serial. Only ASCII digits count (a full-width, Arabic-Indic or superscript digit is
refused, not stored as typed); spaces and dots between groups are dropped.
"""

from __future__ import annotations

import datetime as dt
import re

from sampingdesa.errors import InvalidValue
from sampingdesa.i18n import _
from sampingdesa.values.parsing import EARLIEST_BIRTH

_SEPARATORS = re.compile(r"[\s.]")
FIRST_APPOINTMENT_YEAR = 1950  # the oldest appointment a signatory in office may have


class Nip(str):
    """18 ASCII digits: a plausible birth date, then a plausible appointment year and month
    (after the 15th birthday, not after this month)."""

    def __new__(cls, value: str, *, field: str = "nip", today: dt.date | None = None) -> Nip:
        today = today or dt.date.today()
        text = _SEPARATORS.sub("", str(value))
        shown = str(value) if len(str(value)) <= 40 else str(value)[:37] + "..."
        if not (len(text) == 18 and text.isascii() and text.isdigit()):
            raise InvalidValue(
                field, shown, _("{value!r}: a NIP has 18 digits (0-9).").format(value=shown)
            )
        try:
            born = dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
        except ValueError:
            born = None
        if born is None or not EARLIEST_BIRTH <= born <= today:
            raise InvalidValue(
                field,
                shown,
                _("{value!r}: the first 8 digits of a NIP are a birth date (YYYYMMDD).").format(
                    value=shown
                ),
            )
        year, month = int(text[8:12]), int(text[12:14])
        appointed_ok = (
            1 <= month <= 12
            and max(FIRST_APPOINTMENT_YEAR, born.year + 15) <= year
            and (year, month) <= (today.year, today.month)
        )
        if not appointed_ok:
            raise InvalidValue(
                field,
                shown,
                _(
                    "{value!r}: digits 9-14 of a NIP are the year and month of appointment "
                    "(YYYYMM), at least 15 years after the birth date and not in the future."
                ).format(value=shown),
            )
        return super().__new__(cls, text)
