"""Asking on a terminal: whether we may ask at all, a value, a yes/no question in the user's
language."""

from __future__ import annotations

import sys

import typer

from sampingdesa.cli.output import warn
from sampingdesa.errors import InvalidValue, SampingError
from sampingdesa.i18n import _


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def ask(prompt: str, default: str | None = None) -> str:
    """Prompt on a terminal; refuse with a clear message when not on one."""
    if not interactive():
        raise SampingError(
            _(
                "Missing value: {what}. Give it as an option (not on a terminal, cannot ask)."
            ).format(what=prompt),
        )
    value: str = (
        typer.prompt(prompt, default=default) if default is not None else typer.prompt(prompt)
    )
    return value


def confirm(question: str, default: bool | None = None) -> bool:
    """A yes/no question in the user's language: ya/y/iya, tidak/t/n (and yes/no) accepted;
    anything else is asked again, saying what to type."""
    from sampingdesa.values.codes import YesNo

    yes, no = YesNo.YES.label, YesNo.NO.label
    shown = "" if default is None else (yes if default else no)
    while True:
        answer = str(
            typer.prompt(f"{question} ({yes}/{no})", default=shown, show_default=bool(shown))
        ).strip()
        try:
            return YesNo.parse(answer, "answer") is YesNo.YES
        except InvalidValue:
            warn(_("Answer {yes} or {no}.").format(yes=yes, no=no), asked=True)
