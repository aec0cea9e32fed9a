"""Short ids users can type: the first characters of a row's UUID.

UUIDs keep rows apart when laptops are merged; people see and type only the first 8
characters (`3f9c2a1b`). Any unambiguous prefix of at least 4 characters is accepted.
"""

from __future__ import annotations

import sqlite3

from sampingdesa.errors import Conflict, InvalidValue, NotFound
from sampingdesa.i18n import _

SHORT_LENGTH = 8
MIN_PREFIX = 4


def short_id(row_uuid: str) -> str:
    return row_uuid[:SHORT_LENGTH]


def find_by_prefix(
    conn: sqlite3.Connection, table: str, key: str, what: str, include_removed: bool = False
) -> sqlite3.Row:
    """The one row of `table` whose UUID starts with `key`; clear errors otherwise."""
    prefix = key.strip().lower()
    if len(prefix) < MIN_PREFIX:
        raise InvalidValue(
            "id",
            key,
            _("Give at least {count} characters of the {what} id.").format(
                count=MIN_PREFIX, what=what
            ),
        )
    # A range on the primary key uses its index (LIKE would scan the table).
    rows = conn.execute(
        f"SELECT * FROM {table} WHERE uuid >= ? AND uuid < ? LIMIT 3", (prefix, prefix + "~")
    ).fetchall()
    if not include_removed:
        rows = [row for row in rows if row["deleted_at"] is None]
    if not rows:
        raise NotFound(_("No {what} with id {key!r}.").format(what=what, key=key))
    if len(rows) > 1:
        raise Conflict(
            _("The id {key!r} fits more than one {what}: {ids}. Type more characters.").format(
                key=key, what=what, ids=", ".join(row["uuid"][:13] for row in rows)
            )
        )
    found: sqlite3.Row = rows[0]
    return found
