"""The CLI edge: language, global options, error handling and output helpers.

Nothing outside `sampingdesa.cli` imports Typer or Rich.
"""

from __future__ import annotations

import csv
import importlib
import json
import os
import re
import sqlite3
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar, NoReturn

import typer
from typer import _click as click_impl  # Typer 0.27 vendors Click as typer._click
from typer.core import TyperGroup

from sampingdesa import i18n
from sampingdesa.errors import InvalidValue, SampingError
from sampingdesa.i18n import _
from sampingdesa.values.cells import csv_safe

Command = click_impl.Command
Context = click_impl.Context

GLOBAL_OPTIONS = ("--db", "--lang")
DEBUG_ENV = "SAMPINGDESA_DEBUG"


# -- language ---------------------------------------------------------------------------------
# Typer (>= 0.29) vendors Click as `typer._click`, whose words (Usage, Missing option, ...) are
# plain English strings. We translate them at the few places they reach the user.
_CLICK_MESSAGES = [
    (re.compile(r"^Missing option '(?P<a>.+)'\.$"), "Missing option '{a}'."),
    (re.compile(r"^Missing argument '(?P<a>.+)'\.$"), "Missing argument '{a}'."),
    (re.compile(r"^Missing parameter: (?P<a>.+)$"), "Missing parameter: {a}"),
    (re.compile(r"^No such option: (?P<a>.+)$"), "No such option: {a}"),
    (re.compile(r"^No such command '(?P<a>.+)'\.$"), "No such command '{a}'."),
    (re.compile(r"^Got unexpected extra argument\(s\) \((?P<a>.+)\)$"),
     "Got unexpected extra argument(s) ({a})"),
    (re.compile(r"^Option '(?P<a>.+)' requires (?P<b>.+)$"), "Option '{a}' requires a value."),
    (re.compile(r"^Option '(?P<a>.+)' does not take a value\.$"),
     "Option '{a}' does not take a value."),
    (re.compile(r"^Invalid value for (?P<a>.+?): (?P<b>.+)$", re.S), "Invalid value for {a}: {b}"),
    (re.compile(r"^Value (?P<a>.+) is not a valid (?P<b>.+)\.$"), "Value {a} is not a valid {b}."),
    (re.compile(r"^(?P<a>.+) is not in the range (?P<b>.+)\.$"), "{a} is not in the range {b}."),
    (re.compile(r"^(?P<a>.+) is not one of (?P<b>.+)\.$"), "{a} is not one of {b}."),
    (re.compile(r"^File (?P<a>.+) does not exist\.$"), "File {a} does not exist."),
    (re.compile(r"^(?P<a>.+) (?P<b>'.+') is a directory\.$"), "{a} {b} is a directory."),
]  # fmt: skip


def translate_click_message(message: str) -> str:
    """Translate one of Click's usage-error sentences (nested ones too)."""
    for pattern, msgid in _CLICK_MESSAGES:
        match = pattern.match(message)
        if match:
            parts = {k: v for k, v in match.groupdict().items()}
            if "b" in parts and msgid.endswith("{b}"):
                parts["b"] = translate_click_message(parts["b"])
            return _(msgid).format(**parts)
    return _(message)


def _install_framework_translation() -> None:
    """Route the framework's own words (Usage, Options, errors) through our catalogue.

    Typer imports its Rich help module (~75 ms) only to show help or an error; we translate
    it when that happens, so `--version` and ordinary commands don't pay for it."""
    import typer.core

    click_core = click_impl.core
    formatting = click_impl.formatting

    typer.core._ = _  # type: ignore[attr-defined,assignment]
    if "typer.rich_utils" in sys.modules:
        _translate_rich_utils(sys.modules["typer.rich_utils"])
    elif not any(isinstance(finder, _RichUtilsHook) for finder in sys.meta_path):
        sys.meta_path.insert(0, _RichUtilsHook())
    if getattr(formatting, "_sampingdesa_patched", False):
        return
    formatting._sampingdesa_patched = True  # type: ignore[attr-defined]
    original_usage = formatting.HelpFormatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original_usage(self, prog, args, _("Usage: ") if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]
    original_help_option = click_core.Command.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original_help_option(self, ctx)
        if option is not None:
            option.help = _("Show this message and exit.")
        return option

    click_core.Command.get_help_option = get_help_option  # type: ignore[method-assign]


class _RichUtilsHook:
    """Translate `typer.rich_utils` right after it is first imported (a meta path finder;
    not subclassing importlib.abc saves its import at start-up)."""

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != "typer.rich_utils":
            return None
        import importlib.util

        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        original_exec = loader.exec_module

        def exec_module(module: Any) -> None:
            original_exec(module)
            _translate_rich_utils(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def _translate_rich_utils(rich_utils: Any) -> None:
    rich_utils.DEPRECATED_STRING = _("(deprecated) ")
    rich_utils.DEFAULT_STRING = _("[default: {}]")
    rich_utils.ENVVAR_STRING = _("[env var: {}]")
    rich_utils.REQUIRED_LONG_STRING = _("[required]")
    rich_utils.ARGUMENTS_PANEL_TITLE = _("Arguments")
    rich_utils.OPTIONS_PANEL_TITLE = _("Options")
    rich_utils.COMMANDS_PANEL_TITLE = _("Commands")
    rich_utils.ERRORS_PANEL_TITLE = _("Error")
    rich_utils.ABORTED_TEXT = _("Aborted.")
    rich_utils.RICH_HELP = _("Try [blue]'{command_path} {help_option}'[/] for help.")
    if getattr(rich_utils, "_sampingdesa_patched", False):
        return
    rich_utils._sampingdesa_patched = True
    original_error = rich_utils.rich_format_error

    def format_error(error: Any) -> None:
        message = translate_click_message(error.format_message())
        error.format_message = lambda: message
        original_error(error)

    rich_utils.rich_format_error = format_error


def iter_commands(
    command: Command, path: tuple[str, ...] = ()
) -> Iterable[tuple[tuple[str, ...], Command]]:
    yield path, command
    if hasattr(command, "list_commands"):
        ctx = Context(command)
        for name in sorted(command.list_commands(ctx)):
            yield from iter_commands(command.get_command(ctx, name), (*path, name))  # type: ignore[attr-defined]


def help_msgids(command: Command) -> Iterable[str]:
    """Every help text in the tree, as written in the code (for the translation test)."""
    for _path, cmd in iter_commands(command):
        for text in (_original(cmd, "help"), _original(cmd, "short_help")):
            if text:
                yield text
        for param in cmd.params:
            text = _original(param, "help")
            if text:
                yield text


def _original(obj: Any, attribute: str) -> str | None:
    saved = obj.__dict__.setdefault("_msgids", {})
    if attribute not in saved:
        saved[attribute] = getattr(obj, attribute, None)
    value = saved[attribute]
    return value if isinstance(value, str) else None


def translate_tree(command: Command) -> None:
    """Help texts are English msgids in the code; show them in the current language.
    (Lazy noun groups are translated when they are loaded.)"""
    for cmd in _loaded_commands(command):
        for attribute in ("help", "short_help"):
            text = _original(cmd, attribute)
            if text:
                setattr(cmd, attribute, _(text))
        for param in cmd.params:
            text = _original(param, "help")
            if text:
                param.help = _(text)  # type: ignore[attr-defined]


def _loaded_commands(command: Command) -> Iterable[Command]:
    yield command
    for child in getattr(command, "commands", {}).values():
        yield from _loaded_commands(child)


def hoist_global_options(args: Sequence[str]) -> list[str]:
    """Let `--db` and `--lang` appear anywhere (`sampingdesa recipient list --db x.db`)."""
    front: list[str] = []
    rest: list[str] = []
    items = list(args)
    index = 0
    while index < len(items):
        arg = items[index]
        if arg == "--":
            rest.extend(items[index:])
            break
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


class SampingGroup(TyperGroup):
    """Root group: picks the language, hoists global options, loads noun groups lazily, and
    turns our errors into a sentence on stderr with exit code 1 (2 for bad usage) instead of
    a traceback."""

    # noun -> module with a module-level `app` (typer.Typer); set by `cli.build_app`.
    lazy_nouns: ClassVar[dict[str, str]] = {}

    def list_commands(self, ctx: Context) -> list[str]:
        return [*super().list_commands(ctx), *self.lazy_nouns]

    def get_command(self, ctx: Context, name: str) -> Any:
        command = super().get_command(ctx, name)
        if command is None and name in self.lazy_nouns:
            # Build only the group that runs: start-up stays fast as commands grow.
            module = importlib.import_module(self.lazy_nouns[name])
            module.app._add_completion = False  # built alone, it would offer shell completion
            command = typer.main.get_command(module.app)
            command.name = name
            translate_tree(command)
            self.add_command(command, name)
        return command

    def main(self, args: Sequence[str] | None = None, *pargs: Any, **kwargs: Any) -> Any:
        given = list(sys.argv[1:] if args is None else args)
        i18n.set_language(i18n.detect_language(given))
        _install_framework_translation()
        translate_tree(self)
        return super().main(hoist_global_options(given), *pargs, **kwargs)

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except SampingError as error:
            fail(error)
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                fail(SampingError(_("The database is busy with another command; try again.")))
            if os.environ.get(DEBUG_ENV):
                raise
            fail(SampingError(_("Database error: {error}").format(error=error)))
        except KeyboardInterrupt:
            err_console().print(_("Stopped (Ctrl-C). Nothing was half-written."), style="yellow")
            raise typer.Exit(130) from None


# -- output -----------------------------------------------------------------------------------
_consoles: dict[str, Any] = {}


def console() -> Any:
    if "out" not in _consoles:
        from rich.console import Console

        _consoles["out"] = Console(highlight=False)
    return _consoles["out"]


def err_console() -> Any:
    if "err" not in _consoles:
        from rich.console import Console

        _consoles["err"] = Console(stderr=True, highlight=False)
    return _consoles["err"]


# The option a library field is given with, where it is not `--` plus the field's name.
FIELD_FLAGS = {"on_target": "--on-target", "leave_reason": "--reason", "no_kk": "--no-kk"}


def flag_for(field: str) -> str:
    return FIELD_FLAGS.get(field, "--" + field.replace("_", "-"))


def fail(error: SampingError) -> NoReturn:
    from rich.markup import escape

    message = error.message
    if isinstance(error, InvalidValue) and error.field:
        # Only the CLI knows flags: name the one the value came from.
        message = f"{message} ({flag_for(error.field)})"
    err_console().print(f"[bold red]{escape(message)}[/]")
    for line in error.details:
        err_console().print(f"  {escape(line)}")
    raise typer.Exit(error.exit_code) from None


def say(message: str, style: str | None = None) -> None:
    """A one-line report of what a command did."""
    from rich.markup import escape

    console().print(escape(message), style=style)


def warn(message: str) -> None:
    from rich.markup import escape

    err_console().print(f"[yellow]{escape(_('Warning:'))} {escape(message)}[/]")


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def emit_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])


def print_table(
    title: str | None,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    caption: str | None = None,
) -> None:
    from rich.markup import escape
    from rich.table import Table

    texts = [["" if value is None else str(value) for value in row] for row in rows]
    if len(texts) > LONG_TABLE:
        _print_long_table(title, headers, texts, caption)
        return
    table = Table(title=title, caption=caption, header_style="bold")
    for index, header in enumerate(headers):
        # Keep single-word values (NIKs, codes, dates) on one line; text may wrap at spaces.
        column = [row[index] for row in texts if index < len(row)]
        single_words = all(" " not in value and len(value) <= 20 for value in column)
        table.add_column(header, overflow="fold", no_wrap=single_words and bool(column))
    for row in texts:
        table.add_row(*(escape(value) for value in row))
    console().print(table)


# Rich lays out a table at about a millisecond a row: past this many rows (a province's
# open findings, a regency's due list), rows are written as aligned plain lines instead.
LONG_TABLE = 300
_WIDEST = 40  # a longer value stretches its own line rather than every line


def _print_long_table(
    title: str | None, headers: Sequence[str], texts: list[list[str]], caption: str | None
) -> None:
    widths = [
        min(_WIDEST, max([len(header), *(len(row[i]) for row in texts if i < len(row))]))
        for i, header in enumerate(headers)
    ]

    def line(cells: Sequence[str]) -> str:
        padded = [cell.ljust(width) for cell, width in zip(cells, widths, strict=False)]
        return "  ".join(padded).rstrip()

    out = console()
    if title:
        out.print(title, style="italic", markup=False, soft_wrap=True)
    out.print(line(headers), style="bold", markup=False, soft_wrap=True)
    body = [line(["-" * width for width in widths]), *(line(row) for row in texts)]
    out.file.write("\n".join(body) + "\n")
    if caption:
        out.print(caption, style="dim", markup=False, soft_wrap=True)


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


# -- state ------------------------------------------------------------------------------------
class State:
    db_path: Path | None = None


state = State()


def open_database() -> sqlite3.Connection:
    from sampingdesa.store.db import open_db

    return open_db(state.db_path)
