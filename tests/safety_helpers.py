"""Damaging databases, small and read-only disks, and running the CLI in a child process,
for the issue-12 tests (tests/test_safety*.py)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output + result.stderr
    return result


def refused(result: Any, *fragments: str, code: int = 1) -> str:
    """Exit `code`, a sentence on stderr holding every fragment, and no traceback."""
    text = result.output + result.stderr
    assert result.exit_code == code, text
    assert "Traceback" not in text
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    return str(result.stderr)


def checkpoint(path: Path) -> None:
    """Move everything from the -wal into the main file, so the file alone holds the data."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def page_size(path: Path) -> int:
    head = path.read_bytes()[:18]
    size = int.from_bytes(head[16:18], "big")
    return 65536 if size == 1 else size


def damage_pages(path: Path, table: str | None = None) -> None:
    """Overwrite every page but the first (or only `table`'s root page) with garbage, as a
    failing disk or a pulled USB stick leaves a file."""
    checkpoint(path)
    size = page_size(path)
    if table is None:
        offsets = list(range(size, path.stat().st_size, size))
    else:
        conn = sqlite3.connect(path)
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
        offsets = [(root.fetchone()[0] - 1) * size]
        conn.close()
    with path.open("r+b") as handle:
        for offset in offsets:
            handle.seek(offset)
            handle.write(b"\xa5" * size)
    for tail in ("-wal", "-shm"):
        Path(f"{path}{tail}").unlink(missing_ok=True)


def garbage_header(path: Path) -> None:
    checkpoint(path)
    with path.open("r+b") as handle:
        handle.write(b"this is not SQLite anymore, sorry" * 3)
    for tail in ("-wal", "-shm"):
        Path(f"{path}{tail}").unlink(missing_ok=True)


def run_cli(
    *args: str, env: dict[str, str], fsize_limit: int | None = None, prelude: str = ""
) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process; `fsize_limit` makes every file write beyond that many
    bytes fail (as a full disk does); `prelude` is Python run before the CLI starts."""
    code = "import sys\n"
    if fsize_limit is not None:
        code += (
            "import resource, signal\n"
            "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
            f"resource.setrlimit(resource.RLIMIT_FSIZE, ({fsize_limit}, {fsize_limit}))\n"
        )
    code += prelude + "\nfrom sampingdesa.cli import main\nsys.argv[0] = 'sampingdesa'\nmain()\n"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env={**os.environ, **env, "PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def _mount(folder: Path, options: str) -> bool:
    if os.geteuid() != 0:
        return False
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True
    )
    return result.returncode == 0


def _umount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "256k") -> Iterator[Path]:
    """A real file system of `size` bytes at `folder` (root only: tmpfs), else skip."""
    folder.mkdir(parents=True, exist_ok=True)
    if not _mount(folder, f"size={size}"):
        pytest.skip("needs root to mount a small tmpfs")
    try:
        yield folder
    finally:
        _umount(folder)


@contextlib.contextmanager
def read_only_folder(folder: Path, files: dict[str, bytes] | None = None) -> Iterator[Path]:
    """A folder nobody may write in, holding `files`: a read-only tmpfs for root (who
    ignores permissions), a 0555 folder otherwise."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        if not _mount(folder, "size=8m"):
            pytest.skip("needs a tmpfs mount for a read-only folder as root")
        for name, content in (files or {}).items():
            (folder / name).write_bytes(content)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        try:
            yield folder
        finally:
            _umount(folder)
        return
    for name, content in (files or {}).items():
        (folder / name).write_bytes(content)
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)


def count(path: Path, sql: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()
