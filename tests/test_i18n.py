"""Every user-facing string has an Indonesian translation (and the switch works)."""

from __future__ import annotations

import ast
from pathlib import Path

import typer

from sampingdesa import i18n
from sampingdesa.cli import build_app
from sampingdesa.cli.translation import _CLICK_MESSAGES, help_msgids

SRC = Path(__file__).resolve().parents[1] / "src" / "sampingdesa"

# Click/Typer words that users see in help and usage errors.
FRAMEWORK_MSGIDS = [
    "Usage: ",
    "Options",
    "Commands",
    "Arguments",
    "Error",
    "Show this message and exit.",
    "Missing command.",
    "No such command {name!r}.",
    "[required]",
    "[default: {}]",
    "[env var: {}]",
    "(deprecated) ",
    "Try [blue]'{command_path} {help_option}'[/] for help.",
    "Aborted.",
    *(msgid for _pattern, msgid in _CLICK_MESSAGES),
]


def msgids_of(path: Path) -> list[str]:
    """The msgids (`_("...")`) of one module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "_"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append(node.args[0].value)
    return found


def source_msgids() -> set[str]:
    return {msgid for path in SRC.rglob("*.py") for msgid in msgids_of(path)}


def all_help_msgids() -> set[str]:
    command = typer.main.get_command(build_app())
    return set(help_msgids(command))


def test_every_msgid_in_the_code_has_an_indonesian_entry() -> None:
    missing = sorted(source_msgids() - set(i18n.catalogue()))
    assert missing == []


def test_every_help_text_has_an_indonesian_entry() -> None:
    missing = sorted(all_help_msgids() - set(i18n.catalogue()))
    assert missing == []


def test_framework_words_are_translated() -> None:
    missing = [m for m in FRAMEWORK_MSGIDS if m not in i18n.catalogue()]
    assert missing == []


def test_translations_keep_placeholders() -> None:
    import string

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}

    bad = [k for k, v in i18n.catalogue().items() if fields(k) != fields(v)]
    assert bad == []


def test_detect_language_from_argv_and_environment() -> None:
    assert i18n.detect_language(["recipient", "list", "--lang", "en"], {}) == "en"
    assert i18n.detect_language(["--lang=en"], {}) == "en"
    assert i18n.detect_language([], {"SAMPINGDESA_LANG": "en_US"}) == "en"
    assert i18n.detect_language([], {}) == "id"
    assert i18n.detect_language(["--", "--lang", "en"], {}) == "id"


def test_help_is_indonesian_by_default_and_english_on_request(cli) -> None:
    indonesian = cli("--help")
    assert "Perintah" in indonesian.stdout
    english = cli("--lang", "en", "--help")
    assert "Commands" in english.stdout
    assert "Perintah" not in english.stdout


def test_usage_error_is_translated(cli) -> None:
    result = cli("recipient", "show")
    assert result.exit_code == 2
    assert "Argumen" in result.stderr or "argumen" in result.stderr
