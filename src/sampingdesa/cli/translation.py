"""The framework's own words in the user's language: Click's usage errors (vendored by Typer
as `typer._click`), Typer's help panels, and our help texts (English msgids in the code,
translated when the tree is built).

Typer (>= 0.29) vendors Click as `typer._click`, whose words (Usage, Missing option, ...) are
plain English strings. We translate them at the few places they reach the user."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from typing import Any

from typer import _click as click_impl  # Typer 0.27 vendors Click as typer._click

from sampingdesa.i18n import _

Command = click_impl.Command
Context = click_impl.Context


_CLICK_MESSAGES = [
    (re.compile(r"^No such option: (?P<a>\S+) \(Possible options: (?P<b>.+)\)$"),
     "No such option: {a} (possible options: {b})"),
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


_SUGGESTION = re.compile(r"^(?P<a>.+?)\.? Did you mean (?P<b>.+)\?$", re.S)


def translate_click_message(message: str) -> str:
    """Translate one of Click's usage-error sentences (nested ones too)."""
    suggested = _SUGGESTION.match(message)
    if suggested:  # Typer adds "Did you mean ...?" in English to a translated sentence
        first = translate_click_message(suggested["a"] + ".")
        return f"{first} " + _("Did you mean {b}?").format(b=suggested["b"])
    for pattern, msgid in _CLICK_MESSAGES:
        match = pattern.match(message)
        if match:
            parts = {k: v for k, v in match.groupdict().items()}
            if "b" in parts and msgid.endswith("{b}"):
                parts["b"] = translate_click_message(parts["b"])
            return _(msgid).format(**parts)
    return _(message)


def install_framework_translation() -> None:
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
    from sampingdesa.cli.help_layout import install

    install(rich_utils)
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
