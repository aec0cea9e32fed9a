"""The CLI edge: language, global options, error handling and output helpers.

Nothing outside `sampingdesa.cli` imports Typer or Rich.
"""

from __future__ import annotations

import csv
import importlib
import io
import itertools
import json
import os
import re
import sqlite3
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal, NoReturn

import typer
from typer import _click as click_impl  # Typer 0.27 vendors Click as typer._click
from typer.core import TyperGroup

from sampingdesa import i18n
from sampingdesa.errors import InvalidValue, SampingError
from sampingdesa.i18n import N_, _
from sampingdesa.values.cells import csv_safe, visible_text

Command = click_impl.Command
Context = click_impl.Context

GLOBAL_OPTIONS = ("--db", "--lang")
GLOBAL_FLAGS = ("--wide", "--quiet")
DEBUG_ENV = "SAMPINGDESA_DEBUG"


# -- language ---------------------------------------------------------------------------------
# Typer marks its own words with gettext (`from gettext import gettext as _` in typer.core and
# typer.rich_utils): `i18n.bind_gettext_domain` points the global domain at our catalogue.
# These are the ones users see; marked here so that extraction keeps them in the .po.
TYPER_MSGIDS = [
    N_("Arguments"), N_("Options"), N_("Commands"), N_("Error"), N_("Aborted."),
    N_("Aborted!"), N_("Missing command."), N_("No such command {name!r}."), N_("required"),
    N_("default: {default}"), N_("env var: {var}"), N_("(dynamic)"), N_("[required]"),
    N_("[default: {}]"), N_("[env var: {}]"), N_("(deprecated) "),
    N_("Try [blue]'{command_path} {help_option}'[/] for help."),
]  # fmt: skip
_RICH_UTILS_WORDS = {
    "DEPRECATED_STRING": "(deprecated) ",
    "DEFAULT_STRING": "[default: {}]",
    "ENVVAR_STRING": "[env var: {}]",
    "REQUIRED_LONG_STRING": "[required]",
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "ERRORS_PANEL_TITLE": "Error",
    "ABORTED_TEXT": "Aborted.",
    "RICH_HELP": "Try [blue]'{command_path} {help_option}'[/] for help.",
}
# The Click that Typer 0.27 vendors (`typer._click`) has no gettext calls: its usage and
# error sentences are plain English, so we translate them where they reach the user.
_CLICK_MESSAGES = [
    (re.compile(r"^Missing option '(?P<a>.+)'\.$"), N_("Missing option '{a}'.")),
    (re.compile(r"^Missing argument '(?P<a>.+)'\.$"), N_("Missing argument '{a}'.")),
    (re.compile(r"^Missing parameter: (?P<a>.+)$"), N_("Missing parameter: {a}")),
    (re.compile(r"^No such option: (?P<a>.+)$"), N_("No such option: {a}")),
    (re.compile(r"^No such command '(?P<a>.+)'\.$"), N_("No such command '{a}'.")),
    (re.compile(r"^Got unexpected extra argument\(s\) \((?P<a>.+)\)$"),
     N_("Got unexpected extra argument(s) ({a})")),
    (re.compile(r"^Option '(?P<a>.+)' requires (?P<b>.+)$"), N_("Option '{a}' requires a value.")),
    (re.compile(r"^Option '(?P<a>.+)' does not take a value\.$"),
     N_("Option '{a}' does not take a value.")),
    (re.compile(r"^Invalid value for (?P<a>.+?): (?P<b>.+)$", re.S),
     N_("Invalid value for {a}: {b}")),
    (re.compile(r"^Value (?P<a>.+) is not a valid (?P<b>.+)\.$"),
     N_("Value {a} is not a valid {b}.")),
    (re.compile(r"^(?P<a>.+) is not in the range (?P<b>.+)\.$"),
     N_("{a} is not in the range {b}.")),
    (re.compile(r"^(?P<a>.+) is not one of (?P<b>.+)\.$"), N_("{a} is not one of {b}.")),
    (re.compile(r"^File (?P<a>.+) does not exist\.$"), N_("File {a} does not exist.")),
    (re.compile(r"^(?P<a>.+) (?P<b>'.+') is a directory\.$"), N_("{a} {b} is a directory.")),
]  # fmt: skip
CLICK_MSGIDS = [N_("Usage: "), N_("Show this message and exit.")]


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

    Typer's words: its gettext calls read our domain (`i18n.bind_gettext_domain`, done before
    `typer.rich_utils` is imported, which happens only for help or an error). The vendored
    Click's: its usage prefix, help option and error sentences, translated here."""
    import gettext

    i18n.bind_gettext_domain(i18n.get_language())
    rich_utils = sys.modules.get("typer.rich_utils")
    if rich_utils is not None:
        # Imported by an earlier run in this process (tests) in another language: its
        # module-level words were looked up then.
        for name, msgid in _RICH_UTILS_WORDS.items():
            setattr(rich_utils, name, gettext.gettext(msgid))
        _translate_rich_errors(rich_utils)
    elif not any(isinstance(finder, _RichUtilsHook) for finder in sys.meta_path):
        sys.meta_path.insert(0, _RichUtilsHook())
    click_core = click_impl.core
    formatting = click_impl.formatting
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
    """Translate the vendored Click's error sentences in `typer.rich_utils` right after it is
    first imported (a meta path finder; not subclassing importlib.abc saves its import)."""

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
            _translate_rich_errors(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def _translate_rich_errors(rich_utils: Any) -> None:
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
        fit_streams_to_console()
        _install_framework_translation()
        from sampingdesa.io.files import install_quiet_close_errors, set_announcer

        set_announcer(warn)
        install_quiet_close_errors()
        translate_tree(self)
        args = hoist_global_options(given)
        state.args = _without_global_options(args)
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
    from sampingdesa.cli import build_app

    command: Any = typer.main.get_command(build_app())
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


def say(message: str, style: str | None = None) -> None:
    """A one-line report of what a command did."""
    from rich.markup import escape

    console().print(escape(visible_text(message)), style=style)


def warn(message: str) -> None:
    from rich.markup import escape

    err_console().print(f"[yellow]{escape(_('Warning:'))} {escape(visible_text(message))}[/]")


def _unicode_stream(stream: Any) -> bool:
    return str(getattr(stream, "encoding", "") or "").lower().replace("_", "-").startswith("utf")


def fit_streams_to_console() -> None:
    """A legacy Windows console (cp1252, cp437) cannot show every name: print `?` for what it
    cannot show instead of failing with UnicodeEncodeError (Rich draws ASCII borders there)."""
    for stream in (sys.stdout, sys.stderr):
        if not _unicode_stream(stream) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def emit_json(value: Any) -> None:
    # \u escapes where the console cannot encode a name: still the same JSON, nothing lost.
    ascii_only = not _unicode_stream(sys.stdout)
    sys.stdout.write(json.dumps(value, ensure_ascii=ascii_only, indent=2, default=str) + "\n")


def emit_json_list(items: Iterable[Any]) -> None:
    """A JSON array written item by item (the same text as `emit_json(list(items))`), so a
    province's list never sits whole in memory as records and as one string."""
    ascii_only = not _unicode_stream(sys.stdout)
    opened = False
    for item in items:
        text = json.dumps(item, ensure_ascii=ascii_only, indent=2, default=str)
        sys.stdout.write(("[\n" if not opened else ",\n") + "  " + text.replace("\n", "\n  "))
        opened = True
    sys.stdout.write("\n]\n" if opened else "[]\n")


def _stdout_file_size() -> int | None:
    """The size of the file stdout is redirected to (`> list.csv`), else None."""
    try:
        info = os.fstat(sys.stdout.fileno())
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def emit_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    stream: Any = sys.stdout
    size = _stdout_file_size()
    if size is not None:
        # Redirected to a file: UTF-8 whatever the console's code page, with the BOM Excel
        # needs to read Indonesian names as UTF-8 (only at the start of the file).
        stream.flush()
        encoding = "utf-8-sig" if size == 0 else "utf-8"
        stream = io.TextIOWrapper(stream.buffer, encoding=encoding, newline="")
    writer = csv.writer(stream, lineterminator="\n" if stream is sys.stdout else "\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([visible_text(csv_safe(value)) for value in row])
    if stream is not sys.stdout:
        stream.flush()
        stream.detach()


@dataclass(frozen=True)
class Column:
    """A table column designed for an 80-column terminal.

    kind "key": a NIK, id, date or code, never wrapped or cut; "number": right-aligned, kept
    whole; "text": wraps at spaces (names, desa, notes). `wide`: shown only with --wide."""

    header: str
    kind: str = "text"
    wide: bool = False


def key(header: str, wide: bool = False) -> Column:
    return Column(header, "key", wide)


def number(header: str, wide: bool = False) -> Column:
    return Column(header, "number", wide)


def text(header: str, wide: bool = False) -> Column:
    return Column(header, "text", wide)


def _column(header: str | Column, values: list[str]) -> Column:
    if isinstance(header, Column):
        return header
    # A plain header: single-word values (NIKs, codes, dates) stay whole; text wraps.
    single = bool(values) and all(" " not in value and len(value) <= 20 for value in values)
    return Column(header, "key" if single else "text")


def build_table(
    title: str | None,
    headers: Sequence[str | Column],
    rows: Iterable[Sequence[Any]],
    caption: str | None = None,
    wide: bool | None = None,
    width: int | None = None,
    styles: Sequence[str | None] = (),
) -> Any:
    """A Rich table fitted to `width` (the terminal's): keys and numbers keep their width,
    text columns share the rest and wrap; --wide columns are dropped unless asked for."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    wide = state.wide if wide is None else wide
    texts = [["" if value is None else visible_text(str(value)) for value in row] for row in rows]
    title = visible_text(title) if title else title
    columns = [
        _column(header, [row[index] for row in texts if index < len(row)])
        for index, header in enumerate(headers)
    ]
    shown = [index for index, column in enumerate(columns) if wide or not column.wide]
    if len(shown) < len(columns):
        hint = _("More columns: --wide")
        caption = f"{caption}. {hint}" if caption else hint
    table = Table(
        title=title, caption=caption, header_style="bold", box=box.SIMPLE_HEAD,
        show_edge=False, pad_edge=False, padding=(0, 1, 0, 0), title_justify="left",
        caption_justify="left",
    )  # fmt: skip
    cells = [[row[index] if index < len(row) else "" for index in shown] for row in texts]
    picked = [columns[index] for index in shown]
    widths = None if wide else _fit(table, picked, cells, width or console().width)
    for position, column in enumerate(picked):
        justify: Literal["left", "right"] = "right" if column.kind == "number" else "left"
        if widths is None:
            table.add_column(column.header, no_wrap=True, justify=justify)
        else:
            # A key's width holds its widest value, so only text and headers wrap.
            table.add_column(
                column.header, width=widths[position], overflow="fold", justify=justify
            )
    for position, row in enumerate(cells):
        style = styles[position] if position < len(styles) else None
        table.add_row(*(escape(value) for value in row), style=style)
    return table


def _fit(table: Any, columns: list[Column], cells: list[list[str]], width: int) -> list[int]:
    """Column widths for a terminal `width` wide: a key or number is as wide as its widest
    value (never cut); text columns share what is left, the narrowest needs first."""
    from rich.cells import cell_len

    count = len(columns)
    overhead = (count - 1) * 2  # a space of padding and a blank separator; no outer edges
    wanted: list[int] = []
    least: list[int] = []
    for position, column in enumerate(columns):
        values = [row[position] for row in cells]
        header_word = max((cell_len(word) for word in column.header.split()), default=0)
        widest = max((cell_len(value) for value in values), default=0)
        wanted.append(max(widest, header_word, 1))
        longest_word = max((cell_len(w) for value in values for w in value.split()), default=0)
        # Text may wrap at spaces, but not so narrow that every word folds.
        least.append(max(header_word, min(longest_word, 12), 1))
    flexible = [p for p, column in enumerate(columns) if column.kind == "text"]
    widths = list(wanted)
    room = width - overhead - sum(wanted[p] for p in range(count) if p not in flexible)
    if sum(wanted[p] for p in flexible) <= room:
        return widths
    left = len(flexible)
    for position in sorted(flexible, key=lambda p: wanted[p]):
        share = room // left if left else 0
        widths[position] = min(wanted[position], max(least[position], share))
        room -= widths[position]
        left -= 1
    return widths


def print_table(
    title: str | None,
    headers: Sequence[str | Column],
    rows: Iterable[Sequence[Any]],
    caption: str | Callable[[int], str] | None = None,
    styles: Sequence[str | None] = (),
) -> None:
    """A table for an 80-column terminal; with --wide every column, each on one line.

    `rows` may be a generator: a long table is printed as it comes, so a province's list
    starts at once and never sits whole in memory. `caption` may be a function of the
    number of rows (known once they are all printed)."""
    remaining = iter(rows)
    first = list(itertools.islice(remaining, LONG_TABLE + 1))
    if len(first) > LONG_TABLE:
        _print_long_table(title, headers, first, remaining, caption)
        return
    if callable(caption):
        caption = caption(len(first))
    table = build_table(title, headers, first, caption, styles=styles)
    if not state.wide:
        console().print(table)
        return
    from rich.measure import Measurement

    # As wide as the content needs: the terminal wraps the lines or a pager scrolls sideways.
    out = console()
    natural = Measurement.get(out, out.options.update(max_width=100_000), table).maximum
    saved = out.width
    out.width = max(saved, natural)
    try:
        out.print(table, crop=False)
    finally:
        out.width = saved


def render_at(width: int, renderable: Any) -> str:
    """What `renderable` looks like on a terminal `width` columns wide (for tests)."""
    import io

    from rich.console import Console

    out = Console(width=width, record=True, highlight=False, file=io.StringIO())
    out.print(renderable)
    text: str = out.export_text()
    return text


# Rich lays out a table at about a millisecond a row: past this many rows (a province's
# open findings, a regency's due list), rows are written as aligned plain lines instead.
LONG_TABLE = 300
_WIDEST = 40  # a longer value stretches its own line rather than every line


# The widths and the columns shown at 80 columns are chosen from the first rows.
_LONG_SAMPLE = 2_000


def _print_long_table(
    title: str | None,
    headers: Sequence[str | Column],
    first: list[Sequence[Any]],
    remaining: Iterator[Sequence[Any]],
    caption: str | Callable[[int], str] | None,
) -> None:
    def texts_of(row: Sequence[Any]) -> list[str]:
        return ["" if value is None else visible_text(str(value)) for value in row]

    sample = [texts_of(row) for row in first]
    sample += [texts_of(row) for row in itertools.islice(remaining, _LONG_SAMPLE - len(sample))]
    columns = [
        _column(header, [row[index] for row in sample if index < len(row)])
        for index, header in enumerate(headers)
    ]
    shown = [index for index, column in enumerate(columns) if state.wide or not column.wide]
    names = [columns[index].header for index in shown]

    def picked(row: list[str]) -> list[str]:
        return [row[index] if index < len(row) else "" for index in shown]

    texts = [picked(row) for row in sample]
    hint = _("More columns: --wide") if len(shown) < len(columns) else None
    widths = [
        min(_WIDEST, max([len(header), *(len(row[i]) for row in texts if i < len(row))]))
        for i, header in enumerate(names)
    ]

    def line(cells: Sequence[str]) -> str:
        padded = [cell.ljust(width) for cell, width in zip(cells, widths, strict=False)]
        return "  ".join(padded).rstrip()

    out = console()
    if title:
        out.print(title, style="italic", markup=False, soft_wrap=True)
    out.print(line(names), style="bold", markup=False, soft_wrap=True)
    body = [line(["-" * width for width in widths]), *(line(row) for row in texts)]
    out.file.write("\n".join(body) + "\n")
    count = len(sample)
    while chunk := list(itertools.islice(remaining, _LONG_SAMPLE)):
        out.file.write("".join(line(picked(texts_of(row))) + "\n" for row in chunk))
        count += len(chunk)
    text = caption(count) if callable(caption) else caption
    if hint:
        text = f"{text}. {hint}" if text else hint
    if text:
        out.print(text, style="dim", markup=False, soft_wrap=True)


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
            warn(_("Answer {yes} or {no}.").format(yes=yes, no=no))


# -- state ------------------------------------------------------------------------------------
class State:
    db_path: Path | None = None
    wide: bool = False
    args: Sequence[str] = ()
    quiet: bool = False  # no progress display


state = State()


def open_database() -> sqlite3.Connection:
    from sampingdesa.store.db import default_db_path, open_db

    path = state.db_path or default_db_path()
    warn_if_synced(path)
    return open_db(path)


def warn_if_synced(path: Path) -> None:
    from sampingdesa.store.location import synced_folder

    service = synced_folder(path.absolute())
    if service is None:
        return
    from platformdirs import user_data_path

    standard = user_data_path("sampingdesa", appauthor=False) / "sampingdesa.db"
    warn(
        _(
            "The database {path} is in a folder synced by {service}. Syncing can corrupt a "
            "database file while it is in use. Keep it in the default location ({default}) "
            "and copy backups (sampingdesa db backup) to {service} instead."
        ).format(path=path, service=service, default=standard)
    )
