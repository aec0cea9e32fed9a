"""The root group and the error edge: the language of the run, global options anywhere on
the line, noun groups loaded when they run, and our errors turned into one sentence on
stderr (with the flag the value came from) and an exit code, never a traceback."""

from __future__ import annotations

import copy
import importlib
import os
import sqlite3
import sys
from collections.abc import Sequence
from typing import Any, ClassVar, NoReturn

import typer
from typer import _click as click_impl
from typer.core import TyperGroup
from typer.models import CommandInfo, TyperInfo

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


# What Typer needs to build a command from its function (the defaults of typer.Typer()).
BUILD_SETTINGS: dict[str, Any] = {
    "pretty_exceptions_short": True,
    "rich_markup_mode": typer.Typer().rich_markup_mode,
}


def pending_commands(app: typer.Typer) -> dict[str, CommandInfo | TyperInfo]:
    """The commands and groups registered on `app`, by name, in their order, not yet built."""
    pending: dict[str, CommandInfo | TyperInfo] = {}
    for info in app.registered_commands:
        assert info.callback is not None
        pending[info.name or typer.main.get_command_name(info.callback.__name__)] = info
    for group_info in app.registered_groups:
        assert group_info.name is not None
        pending[group_info.name] = group_info
    return pending


class LazyGroup(TyperGroup):
    """A group whose commands are built from their functions only when asked for: a run
    builds the one command it runs, not every command (Typer reads each function's signature
    and type hints, about 2 ms a command). Suggestions look at every command, built or not."""

    pending: dict[str, CommandInfo | TyperInfo]

    def list_commands(self, ctx: Context) -> list[str]:
        return [*self.commands, *(name for name in self.pending if name not in self.commands)]

    def get_command(self, ctx: Context, name: str) -> Any:
        info = self.pending.pop(name, None)
        if info is not None:
            command: Any
            if isinstance(info, TyperInfo):
                command = typer.main.get_group_from_info(
                    info, suggest_commands=True, **BUILD_SETTINGS
                )
            else:
                command = typer.main.get_command_from_info(info, **BUILD_SETTINGS)
            translate_tree(command)
            self.add_command(command, name)
        return super().get_command(ctx, name)

    def resolve_command(self, ctx: Context, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except click_impl.exceptions.UsageError as error:
            # Typer suggests only among the commands already built, so suggest here.
            if args and "Did you mean" not in error.message:
                from difflib import get_close_matches

                matches = get_close_matches(args[0], self.list_commands(ctx))
                if matches:
                    names = ", ".join(f"'{match}'" for match in matches)
                    error.message = f"{error.message.rstrip('.')}. Did you mean {names}?"
            raise


class NounGroup(LazyGroup):
    """A noun's group (`recipient`), built from its module's `app` without its commands."""

    @classmethod
    def of(cls, app: typer.Typer, name: str) -> NounGroup:
        bare = typer.Typer()
        bare.info = copy.copy(app.info)
        bare.info.cls = cls
        bare.registered_callback = app.registered_callback
        group = typer.main.get_group(bare)
        assert isinstance(group, cls)
        group.name = name
        group.pending = pending_commands(app)
        return group


class SampingGroup(LazyGroup):
    """Root group: picks the language, hoists global options, loads noun groups lazily, and
    turns our errors into a sentence on stderr with exit code 1 (2 for bad usage) instead of
    a traceback."""

    # The root's own commands (`init`, `demo`, `status`), built when they run; set by
    # `cli.build_app` from the `app` of each of their modules.
    top_commands: ClassVar[dict[str, CommandInfo | TyperInfo]] = {}
    # noun -> module with a module-level `app` (typer.Typer); set by `cli.build_app`.
    lazy_nouns: ClassVar[dict[str, str]] = {}
    # noun -> {name: "module:attribute"}: a command or group of that noun kept in a module of
    # its own (`recipient import`, `wilayah idm`), added when the noun loads, so that no
    # command module imports another.
    lazy_parts: ClassVar[dict[str, dict[str, str]]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pending = dict(self.top_commands)

    def list_commands(self, ctx: Context) -> list[str]:
        listed = super().list_commands(ctx)
        return [*listed, *(noun for noun in self.lazy_nouns if noun not in listed)]

    def get_command(self, ctx: Context, name: str) -> Any:
        command = super().get_command(ctx, name)
        if command is None and name in self.lazy_nouns:
            # Import only the noun that runs: start-up stays fast as commands grow.
            module = importlib.import_module(self.lazy_nouns[name])
            for part, target in self.lazy_parts.get(name, {}).items():
                _attach(module.app, part, target)
            command = NounGroup.of(module.app, name)
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
