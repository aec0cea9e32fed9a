"""The framework's own words in the user's language: Click's usage errors (vendored by Typer
as `typer._click`), Typer's help panels, and our help texts (English msgids in the code,
translated when the tree is built).

Typer's own words go through its gettext calls, whose domain `i18n.bind_gettext_domain`
binds to our catalogue. The Click that Typer 0.27 vendors as `typer._click` has no gettext
calls: its usage prefix, help option and error sentences are translated here."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from typing import Any

from typer import _click as click_impl  # Typer 0.27 vendors Click as typer._click

from sampingdesa import i18n
from sampingdesa.i18n import N_, _

Command = click_impl.Command
Context = click_impl.Context


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
    (re.compile(r"^No such option: (?P<a>\S+) \(Possible options: (?P<b>.+)\)$"),
     N_("No such option: {a} (possible options: {b})")),
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

    Typer's words: its gettext calls read our domain (`i18n.bind_gettext_domain`, done before
    `typer.rich_utils` is imported, which happens only for help or an error). The vendored
    Click's: its usage prefix, help option and error sentences, translated here."""
    import gettext

    language = i18n.get_language()
    i18n.bind_gettext_domain(language)
    rich_utils = sys.modules.get("typer.rich_utils")
    if rich_utils is not None:
        # Imported by an earlier run in this process (tests), maybe in another language: its
        # module-level words were looked up then.
        if getattr(rich_utils, "_sampingdesa_language", None) != language:
            for name, msgid in _RICH_UTILS_WORDS.items():
                setattr(rich_utils, name, gettext.gettext(msgid))
            _translate_rich_errors(rich_utils)
            rich_utils._sampingdesa_language = language  # type: ignore[attr-defined]
    elif not any(isinstance(finder, _RichUtilsHook) for finder in sys.meta_path):
        sys.meta_path.insert(0, _RichUtilsHook())
    _patch_click()


def _patch_click() -> None:
    """The vendored Click's usage prefix and help option, through our catalogue (once)."""
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
