"""Docs cannot drift: the command reference (docs/reference.md) matches `--help`, the README's
guides block matches docs/guide-*.md; every command has help."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer

from sampingdesa.cli import build_app
from sampingdesa.cli.translation import iter_commands

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("document", ["README.md", "docs/reference.md"])
def test_generated_docs_are_current(document: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", document],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, (
        f"{document} is stale: run `cog -r {document}`\n" + result.stdout + result.stderr
    )


def test_every_guide_is_in_the_readme_list() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from cli_reference import FIRST_GUIDE, GUIDES

    names = {path.stem.removeprefix("guide-") for path in (ROOT / "docs").glob("guide-*.md")}
    assert names <= {FIRST_GUIDE, *GUIDES}, (
        "add the new guide to GUIDES in scripts/cli_reference.py"
    )
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count("## Instalasi / Installing") == 1  # once, right after the two commands


def test_readme_is_short_and_points_to_the_reference() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/reference.md" in text
    assert "### `sampingdesa visit add`" not in text  # the reference lives in docs/
    assert "### `sampingdesa visit add`" in (ROOT / "docs" / "reference.md").read_text("utf-8")


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


def test_guides_follow_the_list_and_skip_missing_files(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from cli_reference import guides

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide-sync.md").write_text("# Sync\n\ntext\n", encoding="utf-8")
    (tmp_path / "docs" / "guide-install.md").write_text("# Install\n", encoding="utf-8")
    text = guides(tmp_path, names=["install", "sync"])
    assert text.index("## Install") < text.index("## Sync")  # one level deeper, in list order
    assert "guide-import" not in text and "Import" not in text
