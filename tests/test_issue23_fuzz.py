"""Issue 23: no input breaks a command. Every command of the tree (enumerated from the Typer
app, so a new command is fuzzed without editing this file) runs with huge integers, odd paths
(a FIFO, /dev/zero, a folder, a read-only file) and control characters in each of its
options and arguments, and with `--db` pointing at each odd path: every run ends with a
sentence and exit 0, 1 or 2, never a traceback or a hang."""

from __future__ import annotations

import os
import signal
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from sampingdesa.cli import build_app

# Typer carries its own copy of Click (typer._click), so the tree is read by duck typing.
from tests.conftest import NIK_WOMAN

HUGE = ["99999999999999999999", "-99999999999999999999", "9223372036854775808", "1e400"]
# (No NUL: an argument from a shell cannot hold one.)
CONTROL = ["\x1b[2J\x07nama\x1b]0;x\x07", "\u202eABC\r\n\x7f"]
# Plausible values for required parameters, by name, so a run reaches the parameter fuzzed.
PLAUSIBLE = {
    "nik": NIK_WOMAN, "key": NIK_WOMAN, "recipient": NIK_WOMAN, "month": "2025-11",
    "desa": "Kandangan Kota", "kecamatan": "Kandangan", "date": "2025-11-05", "code": "PKH",
    "program": "PKH", "name": "Siti", "assistant": "Rina", "query": "Siti", "year": "2025",
    "kind": "baru", "status": "musdes", "per_desa": "2", "iks": "0.5", "ike": "0.5",
    "ikl": "0.5", "days": "30",
}  # fmt: skip


def leaves(group: Any, ctx: Any, path: list[str]) -> Iterator[Any]:
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        if hasattr(command, "list_commands"):
            yield from leaves(command, ctx, [*path, name])
        else:
            yield [*path, name], command


def command_tree() -> list[tuple[list[str], Any]]:
    root: Any = typer.main.get_command(build_app())
    return list(leaves(root, root.context_class(root), []))


def is_int(param: Any) -> bool:
    return type(param.type).__name__ in ("IntParamType", "IntRange")


def is_option(param: Any) -> bool:
    return param.param_type_name == "option"


def base_args(command: Any, skip: Any) -> list[str]:
    """The command's required parameters with plausible values (except `skip`)."""
    args: list[str] = []
    for param in command.params:
        if param is skip or not param.required:
            continue
        value = PLAUSIBLE.get(str(param.name), "1")
        if is_option(param):
            args += [param.opts[0], value]
        else:
            args.append(value)
    return args


@pytest.fixture
def odd_paths(tmp_path: Path) -> dict[str, str]:
    fifo = tmp_path / "pipa"
    os.mkfifo(fifo)
    zero = tmp_path / "nol"
    zero.symlink_to("/dev/zero")  # a link, so nothing can ever replace /dev/zero itself
    folder = tmp_path / "folder"
    folder.mkdir()
    read_only = tmp_path / "baca-saja.xlsx"
    read_only.write_bytes(b"PK\x03\x04 not much")
    read_only.chmod(0o444)
    return {"fifo": str(fifo), "zero": str(zero), "folder": str(folder),
            "read-only": str(read_only)}  # fmt: skip


class Hang(Exception):
    pass


def _alarm(_signum: int, _frame: Any) -> None:
    raise Hang


def run_clean(runner: CliRunner, args: list[str]) -> None:
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(20)
    try:
        result = runner.invoke(build_app(), args, input="")
    finally:
        signal.alarm(0)
    text = (result.stdout or "") + (result.stderr or "")
    assert not isinstance(result.exception, Hang), f"hangs: {args}"
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    assert not crashed, f"{args}: {result.exception!r}"
    assert "Traceback" not in text, (args, text)
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, text)


def test_every_integer_parameter_has_a_range() -> None:
    """One shared range per kind of number (cli/options.py): nothing reaches SQLite or the
    date arithmetic at 2**63 or more."""
    for path, command in command_tree():
        for param in command.params:
            if is_int(param):
                assert type(param.type).__name__ == "IntRange", (path, param.name)
                assert param.type.max is not None and param.type.max <= 2**62, (path, param.name)


def fuzz(
    registered: Path, odd_paths: dict[str, str], exhaustive: bool, part: int = 0, parts: int = 1
) -> tuple[int, int, int]:
    """Run the tree with junk; (commands, junk values, runs). Exhaustive: every junk value in
    every parameter; else every integer parameter gets every huge number, and the other
    parameters take the text junk in turn (each value still reaches many commands). `part`
    of `parts`: every `parts`-th command, from the `part`-th (so two workers share it)."""
    runner = CliRunner()
    tree = command_tree()[part::parts]
    db = ["--db", str(registered)]
    runs, turn = 0, 0
    junk_values: set[str] = set()
    texts = [*odd_paths.values(), *CONTROL, HUGE[0], HUGE[3]]
    for path, command in tree:
        for param in command.params:
            if param.name in ("help",) or getattr(param, "is_flag", False):
                continue
            if path == ["demo"]:  # a folder would build the whole demo (tests/test_demo...)
                values = [odd_paths["zero"], odd_paths["fifo"], odd_paths["read-only"]]
            elif is_int(param):
                values = HUGE
            elif exhaustive:
                values = texts
            else:
                values = [texts[turn % len(texts)]]
                turn += 1
            for value in values:
                name = param.opts[0] if is_option(param) else None
                if name:
                    args = [*db, *path, *base_args(command, param), name, value]
                else:  # an argument: in its place among the others
                    args = [*db, *path, *_with_argument(command, param, value)]
                run_clean(runner, args)
                runs += 1
                junk_values.add(value)
    # --db itself: each odd path, on reading and writing commands.
    for value in odd_paths.values() if part == 0 else ():
        for args in (["status"], ["recipient", "list"], ["db", "check"],
                     ["program", "add", "--code", "X1", "--name", "X"]):  # fmt: skip
            run_clean(runner, ["--db", value, *args])
            runs += 1
    # Nothing the junk did damaged the database, and /dev/zero is still a device.
    conn = sqlite3.connect(registered)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert Path("/dev/zero").is_char_device()
    return len(tree), len(junk_values), runs


@pytest.fixture(autouse=True)
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Junk that is a usable file name (`1e400`) is written in a folder of the test's own."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)


def test_no_junk_breaks_any_command(
    registered: Path, odd_paths: dict[str, str], capsys: Any
) -> None:
    commands, values, runs = fuzz(registered, odd_paths, exhaustive=False)
    with capsys.disabled():
        print(f"\nfuzz: {commands} commands, {values} junk values, {runs} runs")
    assert commands >= 50 and values == 10 and runs >= 300


@pytest.mark.slow
@pytest.mark.parametrize("part", [0, 1])
def test_no_junk_breaks_any_command_in_any_parameter(
    registered: Path, odd_paths: dict[str, str], capsys: Any, part: int
) -> None:
    """Every junk value in every parameter of every command: half the commands each."""
    commands, values, runs = fuzz(registered, odd_paths, exhaustive=True, part=part, parts=2)
    with capsys.disabled():
        print(f"\nfuzz (every value in every parameter, part {part + 1} of 2): {commands} "
              f"commands, {values} junk values, {runs} runs")  # fmt: skip
    assert commands >= 25 and values == 10 and runs >= 900


def _with_argument(command: Any, junk_param: Any, value: str) -> list[str]:
    args: list[str] = []
    for param in command.params:
        if param is junk_param:
            args.append(value)
        elif param.required:
            plain = PLAUSIBLE.get(str(param.name), "1")
            args += [param.opts[0], plain] if is_option(param) else [plain]
    return args
