"""How a long library operation tells its caller how far it has got.

Library functions take an optional `progress: Progress | None` and call it now and then; the
CLI draws it (`sampingdesa.cli.progress_display`), a script may pass any function of this shape or
nothing. Nothing here draws or depends on a display library.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def __call__(self, done: int, total: int | None = None, step: str | None = None) -> None:
        """`done` of `total` units so far (`total` None: not known). `step`, when given, says
        in words (already translated) what is being done now, e.g. "Writing sheet
        Penyaluran"; a new step may start counting again from 0."""


def tell(
    progress: Progress | None, done: int, total: int | None = None, step: str | None = None
) -> None:
    """Call `progress` if there is one (saves an `if` at every call site)."""
    if progress is not None:
        progress(done, total, step)
