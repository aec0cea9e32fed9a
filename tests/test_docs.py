"""Docs cannot drift: the command reference (docs/reference.md) matches `--help`; the README
is a short index whose links resolve and whose commands exist; every command has help."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from sampingdesa.cli import build_app
from sampingdesa.cli.translation import iter_commands

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
LINK = re.compile(r"\]\(([^)\s]+)\)")


def readme() -> str:
    return README.read_text(encoding="utf-8")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    in_code = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
        if in_code or not line.startswith("#"):
            continue
        base = slug(line.lstrip("#"))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def test_generated_reference_is_current() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "docs/reference.md"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, (
        "docs/reference.md is stale: run `cog -r docs/reference.md`\n"
        + result.stdout
        + result.stderr
    )


def test_readme_is_an_index_of_at_most_300_lines() -> None:
    text = readme()
    assert len(text.splitlines()) <= 300
    assert "[[[cog" not in text  # no generated copies of the guides
    assert "### `sampingdesa visit add`" not in text  # the reference lives in docs/
    assert "### `sampingdesa visit add`" in (ROOT / "docs" / "reference.md").read_text("utf-8")


def test_readme_starts_with_the_two_fresh_machine_commands() -> None:
    text = readme()
    head = text[: text.index("## ")]
    assert "python -m pip install . && python -m sampingdesa demo" in head
    assert 'python -m pip install ".[test]" && python -m pytest' in head


def test_readme_is_indonesian_first_then_english() -> None:
    headings = [line for line in readme().splitlines() if line.startswith("## ")]
    assert headings.index("## Bahasa Indonesia") < headings.index("## In English")


def test_every_readme_link_resolves() -> None:
    broken = []
    for target in LINK.findall(readme()):
        if target.startswith(("http://", "https://")):
            continue
        file_part, _sep, anchor = target.partition("#")
        path = ROOT / file_part if file_part else README
        if not path.exists() or (anchor and path.suffix == ".md" and anchor not in anchors(path)):
            broken.append(target)
    assert broken == []


def test_every_guide_is_linked_from_the_readme() -> None:
    linked = {target.partition("#")[0] for target in LINK.findall(readme())}
    guides = {f"docs/{path.name}" for path in (ROOT / "docs").glob("guide-*.md")}
    assert sorted(guides - linked) == []


def test_every_command_the_readme_names_exists() -> None:
    command = typer.main.get_command(build_app())
    paths = {" ".join(path) for path, _cmd in iter_commands(command) if path}
    groups = {path.rsplit(" ", 1)[0] for path in paths if " " in path}

    def resolves(words: str) -> bool:
        current = ""
        for word in words.split():
            candidate = f"{current} {word}".strip()
            if candidate not in paths:
                # after a command, the rest are its arguments; after a group, a typo
                return current != "" and current not in groups
            current = candidate
        return True

    named = re.findall(r"`sampingdesa ([a-z][a-z-]*(?: [a-z][a-z-]*)*)", readme())
    assert named
    assert [words for words in named if not resolves(words)] == []


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


@pytest.mark.parametrize("anchor", ["mencatat-kunjungan", "recording-a-visit"])
def test_slug_matches_github_for_the_guides(anchor: str) -> None:
    assert anchor in anchors(ROOT / "docs" / "guide-visits.md")
