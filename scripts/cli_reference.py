"""Generated documentation: the command reference (every command's `--help`, as a user
sees it, in docs/reference.md).

Used by cog (`cog -r docs/reference.md`); `tests/test_docs.py` fails when it is stale. The
README is written by hand: an index whose links and command names the same test checks.
"""

from __future__ import annotations

import os

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


if __name__ == "__main__":
    print(reference())
