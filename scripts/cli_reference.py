"""Generated documentation: the command reference (every command's `--help`, as a user
sees it, in docs/reference.md) and the README's guides block (docs/guide-*.md in order).

Used by cog (`cog -r README.md docs/reference.md`); `tests/test_docs.py` fails when either
is stale.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer
from typer.testing import CliRunner

from sampingdesa import i18n
from sampingdesa.cli import build_app
from sampingdesa.cli.translation import iter_commands


def reference(language: str = "id") -> str:
    os.environ["TERMINAL_WIDTH"] = "100"
    os.environ["NO_COLOR"] = "1"
    runner = CliRunner()
    env = {"SAMPINGDESA_LANG": language, "COLUMNS": "100", "TERMINAL_WIDTH": "100", "NO_COLOR": "1"}
    i18n.set_language(language)
    command = typer.main.get_command(build_app())
    parts = []
    for path, _cmd in iter_commands(command):
        result = runner.invoke(build_app(), [*path, "--help"], env=env, prog_name="sampingdesa")
        title = " ".join(("sampingdesa", *path))
        text = "\n".join(line.rstrip() for line in result.stdout.strip("\n").splitlines())
        parts.append(f"### `{title}`\n\n```\n{text}\n```\n")
    i18n.set_language(i18n.DEFAULT_LANGUAGE)
    return "\n".join(parts)


# The guides the README includes, in reading order: docs/guide-<name>.md. A new guide is
# one line here; a name whose file does not exist (yet) is skipped.
# The README shows the install guide right after the two fresh-machine commands, and the
# others under "Guides by area".
FIRST_GUIDE = "install"
GUIDES = [
    "import",
    "pendataan",
    "visits",
    "reports",
    "sync",
]


def guides(root: Path = Path(), names: list[str] | None = None) -> str:
    """The guides (`names`, else GUIDES), one heading level deeper than the README's own
    sections."""
    parts = []
    for name in GUIDES if names is None else names:
        path = root / "docs" / f"guide-{name}.md"
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        lines = ["#" + line if line.startswith("#") else line for line in text.splitlines()]
        parts.append("\n".join(lines) + "\n\n")
    return "".join(parts)


if __name__ == "__main__":
    print(reference())
