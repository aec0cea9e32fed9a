"""The root group and the error edge: the language of the run, global options anywhere on
the line, noun groups loaded when they run, and our errors turned into one sentence on
stderr (with the flag the value came from) and an exit code, never a traceback."""

from __future__ import annotations

import importlib
import os
import sqlite3
import sys
from collections.abc import Sequence
from typing import Any, ClassVar, NoReturn

import typer
from typer.core import TyperGroup

from sampingdesa import i18n
from sampingdesa.cli.output import err_console, fit_streams_to_console, warn
from sampingdesa.cli.state import state
from sampingdesa.cli.translation import Context, install_framework_translation, translate_tree
from sampingdesa.errors import InvalidValue, SampingError
from sampingdesa.i18n import _
from sampingdesa.values.cells import visible_text

GLOBAL_OPTIONS = ("--db", "--lang")
GLOBAL_FLAGS = ("--wide", "--quiet")
DEBUG_ENV = "SAMPINGDESA_DEBUG"


def hoist_global_options(args: Sequence[str]) -> list[str]:
    """Let `--db`, `--lang`, `--wide` and `--quiet` appear anywhere
    (`sampingdesa recipient list --wide`)."""
    front: list[str] = []
    rest: list[str] = []
    items = list(args)
    index = 0
    while index < len(items):
        arg = items[index]
        if arg == "--":
            rest.extend(items[index:])
            break
        if arg in GLOBAL_FLAGS:
            front.append(arg)
            index += 1
            continue
        if arg in GLOBAL_OPTIONS and index + 1 < len(items):
            front.extend(items[index : index + 2])
            index += 2
            continue
        if arg.split("=", 1)[0] in GLOBAL_OPTIONS and "=" in arg:
            front.append(arg)
        else:
            rest.append(arg)
        index += 1
    return front + rest


def _without_global_options(args: list[str]) -> list[str]:
    rest = list(args)
    while rest and rest[0].split("=", 1)[0] in GLOBAL_OPTIONS:
        del rest[: 1 if "=" in rest[0] else 2]
    return rest


def _attach(app: typer.Typer, name: str, target: str) -> None:
    """Add the command or group `target` ("module:attribute") to `app` as `name`, once."""
    taken = [info.name for info in app.registered_commands]
    taken += [info.name for info in app.registered_groups]
    if name in taken:
        return
    module_name, attribute = target.split(":")
    part = getattr(importlib.import_module(module_name), attribute)
    if isinstance(part, typer.Typer):
        app.add_typer(part, name=name)
    else:
        app.command(name)(part)


class SampingGroup(TyperGroup):
    """Root group: picks the language, hoists global options, loads noun groups lazily, and
    turns our errors into a sentence on stderr with exit code 1 (2 for bad usage) instead of
    a traceback."""

    # noun -> module with a module-level `app` (typer.Typer); set by `cli.build_app`.
    lazy_nouns: ClassVar[dict[str, str]] = {}
    # noun -> {name: "module:attribute"}: a command or group of that noun kept in a module of
    # its own (`recipient import`, `wilayah idm`), added when the noun loads, so that no
    # command module imports another.
    lazy_parts: ClassVar[dict[str, dict[str, str]]] = {}

    def list_commands(self, ctx: Context) -> list[str]:
        return [*super().list_commands(ctx), *self.lazy_nouns]

    def get_command(self, ctx: Context, name: str) -> Any:
        command = super().get_command(ctx, name)
        if command is None and name in self.lazy_nouns:
            # Build only the group that runs: start-up stays fast as commands grow.
            module = importlib.import_module(self.lazy_nouns[name])
            for part, target in self.lazy_parts.get(name, {}).items():
                _attach(module.app, part, target)
            module.app._add_completion = False  # built alone, it would offer shell completion
            command = typer.main.get_command(module.app)
            command.name = name
            translate_tree(command)
            self.add_command(command, name)
        return command

    def main(self, args: Sequence[str] | None = None, *pargs: Any, **kwargs: Any) -> Any:
        given = list(sys.argv[1:] if args is None else args)
        i18n.set_language(i18n.detect_language(given))
        fit_streams_to_console()
        install_framework_translation()
        from sampingdesa.io.files import install_quiet_close_errors, set_announcer

        set_announcer(warn)
        install_quiet_close_errors()
        translate_tree(self)
        args = hoist_global_options(given)
        state.args = _without_global_options(args)
        state.root = self
        return super().main(args, *pargs, **kwargs)

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except SampingError as error:
            fail(error)
        except sqlite3.DatabaseError as error:
            # Damaged pages, a full disk or a read-only folder can surface in any command.
            from sampingdesa.store.db import default_db_path, explain_error

            if "locked" in str(error) or "busy" in str(error):
                fail(SampingError(_("The database is busy with another command; try again.")))
            explained = explain_error(state.db_path or default_db_path(), error)
            if os.environ.get(DEBUG_ENV) and explained.message.endswith(str(error)):
                raise
            fail(explained)
        except KeyboardInterrupt:
            err_console().print(_("Stopped (Ctrl-C). Nothing was half-written."), style="yellow")
            raise typer.Exit(130) from None


# The option a library field is given with, where it is not `--` plus the field's name.
FIELD_FLAGS = {
    "on_target": "--on-target",
    "leave_reason": "--reason",
    "no_kk": "--kk",
    "proposal_kind": "--kind",
    "proposal_status": "--status",
    "finding_kind": "--kind",
    "visit_date": "--date",
    "received_date": "--received",
    "outcome": "--change",
    "funding_level": "--funding",
    "amount_unit": "--unit",
    "nominal_amount": "--amount",
    "birth_date": "--birth-date",
}


def flag_for(field: str) -> str:
    return FIELD_FLAGS.get(field, "--" + field.replace("_", "-"))


def command_flags(args: Sequence[str]) -> set[str]:
    """The options of the command `args` runs (empty when it cannot be told)."""
    command: Any = state.root
    if command is None:
        return set()
    ctx = Context(command)
    for arg in args:
        if arg.startswith("-") or not hasattr(command, "get_command"):
            break
        sub = command.get_command(ctx, arg)
        if sub is None:
            break
        command = sub
    if hasattr(command, "get_command"):
        return set()
    return {opt for param in command.params for opt in getattr(param, "opts", [])}


def fail(error: SampingError) -> NoReturn:
    from rich.markup import escape

    message = error.message
    if isinstance(error, InvalidValue) and error.field:
        # Only the CLI knows flags: name the one the value came from, when the command
        # has it (a value read from a file or a form came from no flag).
        flag = flag_for(error.field)
        if flag in command_flags(state.args):
            message = f"{message} ({flag})"
    err_console().print(f"[bold red]{escape(visible_text(message))}[/]")
    for line in error.details:
        err_console().print(f"  {escape(visible_text(line))}")
    raise typer.Exit(error.exit_code) from None
