"""The order of changes: a hybrid logical clock (Kulkarni et al., 2014).

Every entry keeps the wall time it was written at (`at`, what screens show) and an `hlc`
stamp, `PHYSICAL/COUNTER`: the physical part is the larger of this laptop's wall time and
the newest stamp it has seen (written here or received in a bundle), the counter tells
apart stamps with the same physical part. So a stamp never goes backwards, and a change
made after a merge orders after everything that merge brought, whatever the clocks say:
a laptop whose clock runs years ahead cannot win over a correction made after its entries
arrived, and one whose clock runs years behind is not outranked by what it has already
seen. Stamps compare as text; an entry written before stamps existed orders by `at`, which
sorts before a stamp with the same time.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

from sampingdesa.store.db import get_meta, set_meta

_META = "hlc"
_COUNTER_DIGITS = 8
STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00/\d{8}")


def stamp(physical: str, counter: int) -> str:
    return f"{physical}/{counter:0{_COUNTER_DIGITS}d}"


def split(text: str) -> tuple[str, int]:
    physical, _sep, counter = text.rpartition("/")
    return physical, int(counter)


def tick(conn: sqlite3.Connection, wall: str) -> str:
    """The next stamp of this laptop (send or local event), remembered in `meta`."""
    last = get_meta(conn, _META)
    if last is None or not STAMP.fullmatch(last):
        new = stamp(wall, 0)
    else:
        physical, counter = split(last)
        new = stamp(physical, counter + 1) if physical >= wall else stamp(wall, 0)
    set_meta(conn, _META, new)
    return new


def observe(conn: sqlite3.Connection, stamps: Iterable[str | None]) -> None:
    """Move the clock past every stamp received (the receive rule)."""
    newest = max((s for s in stamps if s and STAMP.fullmatch(s)), default=None)
    if newest is None:
        return
    last = get_meta(conn, _META)
    if last is None or not STAMP.fullmatch(last) or newest > last:
        set_meta(conn, _META, newest)


def order_stamp(hlc: str | None, at: str) -> str:
    """What an entry orders by: its stamp, or for an entry from before stamps, its time."""
    return hlc or at
