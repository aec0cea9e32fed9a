"""Docs cannot drift: the README's command reference matches `--help`; every command has help."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import typer

from sampingdesa.cli import build_app
from sampingdesa.cli.core import iter_commands

ROOT = Path(__file__).resolve().parents[1]


def test_readme_command_reference_is_current() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "README.md"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, (
        "README is stale: run `cog -r README.md`\n" + result.stdout + result.stderr
    )


def test_every_command_and_option_has_help() -> None:
    command = typer.main.get_command(build_app())
    missing = []
    for path, cmd in iter_commands(command):
        if not cmd.help:
            missing.append(" ".join(path))
        for param in cmd.params:
            if not getattr(param, "help", None):
                missing.append(f"{' '.join(path)} {param.name}")
    assert missing == []


def test_readme_starts_with_the_two_fresh_machine_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    head = text[: text.index("## ")]
    assert "python -m pip install . && python -m sampingdesa demo" in head
    assert 'python -m pip install ".[test]" && python -m pytest' in head
