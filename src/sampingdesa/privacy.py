"""Full NIKs only with a logged reason: the `Reveal` every full-NIK path of the library takes.

UU PDP 27/2022: who saw personal data, when and why. A library function that writes or
returns full NIKs and No. KKs (the monthly workbook with profile `full`, the register export,
the SIKS-NG sheet, a settled sync conflict's value) takes `reveal: Reveal | None`. Without one
it masks (or, where a full NIK is the point, refuses with `RevealRequired`); with one it logs
the reveal in the change log, committed, *before* it writes anything, so a run killed while
writing still leaves its entry.

    from sampingdesa.privacy import Reveal
    build_monthly(conn, month, scope, profile="full", path=path, force=True,
                  reveal=Reveal("BPK audit 2026", "monthly report 2026-10"))
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sampingdesa.errors import RevealRequired
from sampingdesa.i18n import _
from sampingdesa.values.nik import mask_nik
from sampingdesa.values.text import Text

if TYPE_CHECKING:
    from sampingdesa.store.audit import AuditEntry
    from sampingdesa.store.changes import Changes


@dataclass(frozen=True)
class Reveal:
    """Why full NIKs are given out (`reason`, logged) and what is given out (`scope`)."""

    reason: str
    scope: str

    def __post_init__(self) -> None:
        reason = str(Text("reason", self.reason or ""))
        if not reason:
            raise RevealRequired(
                _("Full NIKs are given out only with a reason for the change log.")
            )
        object.__setattr__(self, "reason", reason)
        object.__setattr__(self, "scope", str(Text("scope", self.scope or "")))

    def show(self) -> Callable[[str | None], str]:
        """NIKs as they are (a reveal is the only way to get this function)."""
        return _as_is


def _as_is(nik: str | None) -> str:
    return nik or ""


def shower(reveal: Reveal | None) -> Callable[[str | None], str]:
    """How a NIK or No. KK is shown: masked, or whole with a reveal."""
    return reveal.show() if reveal is not None else mask_nik


def require_reveal(reveal: Reveal | None) -> Reveal:
    """`reveal`, or `RevealRequired` (nothing written) when full NIKs are asked for
    without one."""
    if reveal is None:
        raise RevealRequired(
            _(
                "Full NIKs are given out only with a reason, which goes to the change log; "
                "nothing was written."
            )
        )
    return reveal


def log_reveal(conn: sqlite3.Connection, reveal: Reveal) -> None:
    """Log (and commit) that full NIKs were given out, with the reveal's reason and scope.
    A database not set up yet has no one to log for and nothing personal to reveal."""
    from sampingdesa.places.laptop import actor, kabupaten_code
    from sampingdesa.store.changes import changes

    if kabupaten_code(conn) is None:
        return
    with changes(conn, actor(conn)) as writer:
        record_reveal(writer, reveal)


def record_reveal(writer: Changes, reveal: Reveal) -> None:
    """The change-log entry of a reveal, in the caller's transaction."""
    writer.log("recipients", "*", "reveal_nik", None, {"scope": reveal.scope}, reveal.reason)


def revealed(conn: sqlite3.Connection, reveal: Reveal | None) -> bool:
    """True (show full NIKs) once `reveal` is logged; False (mask) without one."""
    if reveal is None:
        return False
    log_reveal(conn, reveal)
    return True


def reveal_logged(conn: sqlite3.Connection, reveal: Reveal | None) -> Reveal:
    """`require_reveal`, then `log_reveal`: the first step of every full-NIK path."""
    found = require_reveal(reveal)
    log_reveal(conn, found)
    return found


def audit_entries(
    conn: sqlite3.Connection,
    *,
    table: str | None = None,
    row_uuid: str | None = None,
    since: str | None = None,
    limit: int | None = None,
    reveal: Reveal | None = None,
) -> list[AuditEntry]:
    """The change log as `db audit list` shows it (`store.audit.list_entries`): numbers in
    old and new values masked, and an import batch's rows by UUID only, unless a `reveal`
    is given (logged first)."""
    from sampingdesa.store.audit import list_entries

    full = revealed(conn, reveal)
    return list_entries(conn, table=table, row_uuid=row_uuid, since=since, limit=limit,
                        full_values=full)  # fmt: skip
