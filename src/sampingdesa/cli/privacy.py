"""`--show-nik` / `--reason` (and `--full-nik`, `--for-siks`) into a `privacy.Reveal`.

The one place the command line turns its options into the library's reveal; the library logs
it before it shows or writes a full NIK. No `*_cmd` module imports another for this.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sampingdesa.errors import UsageProblem
from sampingdesa.i18n import _

if TYPE_CHECKING:
    from sampingdesa.privacy import Reveal


def require_reason(reason: str | None) -> str:
    """The reason typed with `--reason`, folded; a usage error naming the flag without one."""
    text = " ".join((reason or "").split())
    if not text:
        raise UsageProblem(
            _(
                'Full NIKs leave the office only with a reason: add --reason "..." '
                "(it goes to the change log)."
            )
        )
    return text


def reveal_from(show_nik: bool, reason: str | None, scope: str) -> Reveal | None:
    """None without `show_nik` (masked); else a `Reveal` for `scope` with the given reason
    (a usage error naming `--reason` without one)."""
    if not show_nik:
        return None
    from sampingdesa.privacy import Reveal

    return Reveal(require_reason(reason), scope)
