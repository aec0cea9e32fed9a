"""Progress on long commands (issue 18): library functions report through a callback; the CLI
draws it on a terminal only (never with --json, --quiet or when piped), closes with one line
of what was done and how long it took, and Ctrl-C leaves nothing half-written."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sampingdesa import i18n
from sampingdesa.cli import output
from sampingdesa.cli import progress_display as cli_progress
from sampingdesa.cli.progress_display import Display, count_text, duration_text, finished_line
from sampingdesa.demo import build_demo
from sampingdesa.reports.queries import resolve_scope
from sampingdesa.reports.workbook import build_monthly
from sampingdesa.store import audit, backup
from sampingdesa.store.audit import verify_chain
from sampingdesa.store.backup import backup_database, restore_database
from sampingdesa.store.db import open_db
from sampingdesa.store.health import check_database
from sampingdesa.sync.merge import export_bundle, import_bundles
from sampingdesa.values.parsing import month_of
from sampingdesa.visits.forms import write_template
from tests.conftest import snapshot

TODAY = dt.date(2026, 10, 20)
MONTH = "2026-10"


class Recorder:
    """A `Progress` that remembers every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int | None, str | None]] = []

    def __call__(self, done: int, total: int | None = None, step: str | None = None) -> None:
        self.calls.append((done, total, step))

    @property
    def steps(self) -> list[str]:
        return [step for _d, _t, step in self.calls if step]


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    i18n.set_language("id")
    build_demo(folder, today=TODAY)
    return folder


@pytest.fixture
def demo_db(demo_folder: Path, tmp_path: Path) -> Path:
    """A copy of the demo database (72 recipients, six months of visits) for one test."""
    db = tmp_path / "demo.db"
    source = sqlite3.connect(demo_folder / "sampingdesa-demo.db")
    target = sqlite3.connect(db)
    source.backup(target)
    source.close()
    target.close()
    return db


# -- the library reports -------------------------------------------------------------------------
def test_build_monthly_tells_each_sheet(demo_db: Path, tmp_path: Path) -> None:
    conn = open_db(demo_db)
    seen = Recorder()
    report = build_monthly(conn, month_of(TODAY), resolve_scope(conn), profile="masked",
                           path=tmp_path / "l.xlsx", force=False, today=TODAY, progress=seen)  # fmt: skip
    sheets = len(report.sheets)
    assert {total for _d, total, _s in seen.calls} == {None, sheets}
    assert [done for done, _t, _s in seen.calls] == sorted(done for done, _t, _s in seen.calls)
    assert seen.calls[-1][0] == sheets
    assert "Menulis lembar Penyaluran" in seen.steps and seen.steps[-1] == "Menyimpan l.xlsx"
    assert report.rows > 72  # at least the not-visited and delivery rows


def test_import_bundles_tells_each_bundle(cli, tmp_path: Path, demo_db: Path) -> None:
    bundles = []
    for index in range(2):
        source = tmp_path / f"laptop{index}.db"
        assert cli("--db", str(source), "init", "--assistant", f"P{index}",
                   "--desa", "Hamalau").exit_code == 0  # fmt: skip
        conn = open_db(source)
        bundles.append(export_bundle(conn, tmp_path / f"b{index}.zip").path)
        conn.close()
    seen = Recorder()
    import_bundles(open_db(demo_db), bundles, progress=seen)
    assert "Menggabungkan bundel 2 dari 2" in seen.steps
    assert "Membaca bundel 1 dari 2" in seen.steps
    assert all(total == 2 for _d, total, _s in seen.calls)


def test_verify_chain_counts_the_entries(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit, "PROGRESS_EVERY", 100)
    seen = Recorder()
    result = verify_chain(open_db(demo_db), progress=seen)
    assert result.ok and result.entries > 300
    assert seen.steps == ["Memeriksa catatan perubahan"]
    assert {total for _d, total, _s in seen.calls} == {result.entries}
    assert len(seen.calls) == 1 + result.entries // 100


def test_backup_and_restore_tell_megabytes_copied(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup, "PAGES_PER_STEP", 8)
    seen = Recorder()
    conn = open_db(demo_db)
    copy = backup_database(conn, demo_db, tmp_path / "copy.db", progress=seen)
    conn.close()
    counted = [c for c in seen.calls if c[1] is not None]
    assert len(counted) > 3 and counted[-1][0] == counted[-1][1]  # done == total at the end
    assert seen.steps[0] == "Mencadangkan basis data (MB)"
    restored = Recorder()
    restore_database(demo_db, copy, progress=restored)
    assert restored.steps[0] == "Memeriksa copy.db"
    assert "Memulihkan dari copy.db (MB)" in restored.steps


def test_write_template_tells_its_steps(demo_db: Path, tmp_path: Path) -> None:
    seen = Recorder()
    month = month_of(TODAY)
    count = write_template(open_db(demo_db), tmp_path / "f.xlsx", month=(month.start, month.end),
                           today=TODAY, progress=seen)  # fmt: skip
    assert count > 0
    assert seen.steps[0] == "Mencari penerima yang perlu dikunjungi"
    assert (0, count, "Menulis formulir") in seen.calls
    assert seen.steps[-1] == "Menyimpan f.xlsx"


def test_demo_tells_its_steps(tmp_path: Path) -> None:
    seen = Recorder()
    build_demo(tmp_path, today=TODAY, progress=seen)
    assert seen.steps[0] == "Memuat penerima contoh"
    assert "Mencatat kunjungan contoh: 2026-10" in seen.steps
    assert "Menulis lembar Ringkasan" in seen.steps


# -- the display ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "seconds", "text"),
    [
        ("id", 0.4, "kurang dari sedetik"),
        ("id", 3.25, "3,2 detik"),
        ("id", 47.4, "47 detik"),
        ("id", 270, "4 menit 30 detik"),
        ("en", 3.25, "3.2 seconds"),
        ("en", 270, "4 min 30 s"),
    ],
)
def test_durations_read_as_words(language: str, seconds: float, text: str) -> None:
    i18n.set_language(language)
    assert duration_text(seconds) == text


def test_the_closing_line_says_what_and_how_long() -> None:
    line = finished_line(f"Ditulis laporan.xlsx: 11 lembar, {count_text(197_319)} baris.", 47)
    assert line == "Ditulis laporan.xlsx: 11 lembar, 197.319 baris, 47 detik"
    i18n.set_language("en")
    assert count_text(197_319) == "197,319"


def test_the_estimate_carries_the_pace_of_this_step_and_a_new_step_starts_afresh() -> None:
    display = Display()
    display(0, 10, "a")
    assert display.seconds_left() is None  # nothing done yet: no estimate
    display._step_started -= 4.0  # four seconds into the step
    display(2, 10)
    left = display.seconds_left()
    assert left is not None and 15.5 < left < 16.5  # 2 s each, 8 to go
    display(0, None, "b")
    assert display.seconds_left() is None


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """Pretend stderr is a terminal; what the display draws lands in the returned buffer."""
    from rich.console import Console

    screen = io.StringIO()
    monkeypatch.setattr(cli_progress, "stderr_is_terminal", lambda: True)
    monkeypatch.setitem(
        output._consoles, "err", Console(file=screen, force_terminal=True, width=80)
    )
    yield screen


def test_on_a_terminal_the_display_shows_the_steps(cli, demo_db: Path, terminal: io.StringIO,
                                                   tmp_path: Path) -> None:  # fmt: skip
    out = tmp_path / "laporan.xlsx"
    result = cli("--db", str(demo_db), "report", "monthly", "--month", MONTH, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Menyimpan laporan.xlsx" in terminal.getvalue()
    assert "Menyimpan" not in result.stdout  # the display never goes to stdout
    assert re.match(rf"Ditulis {re.escape(str(out))}: \d+ lembar, [\d.]+ baris, ", result.stdout)


@pytest.mark.parametrize(
    "args",
    [
        ["--quiet", "report", "monthly", "--month", MONTH, "-o", "{tmp}/l.xlsx"],
        ["report", "monthly", "--month", MONTH, "-o", "{tmp}/l.xlsx", "--quiet"],
        ["db", "audit", "verify", "--json"],
        ["sync", "import", "{tmp}/b.zip", "--json"],
        ["recipient", "import", "{sample}/bnba_pkh_kandangan.xlsx", "--dry-run", "--json"],
    ],
)
def test_the_display_is_silent_with_json_and_quiet(
    cli, demo_db: Path, terminal: io.StringIO, tmp_path: Path, args: list[str]
) -> None:
    conn = open_db(demo_db)
    export_bundle(conn, tmp_path / "b.zip")
    conn.close()
    sample = Path(__file__).resolve().parents[1] / "sample_data"
    filled = [a.format(tmp=tmp_path, sample=sample) for a in args]
    result = cli("--db", str(demo_db), *filled)
    assert result.exit_code in (0, 1), result.output
    assert terminal.getvalue() == ""
    if "--json" in args:
        json.loads(result.stdout)  # stdout is JSON and nothing else


def test_quiet_from_the_environment(
    cli, demo_db: Path, terminal: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAMPINGDESA_QUIET", "1")
    assert cli("--db", str(demo_db), "db", "audit", "verify").exit_code == 0
    assert terminal.getvalue() == ""


def test_the_display_is_silent_when_stderr_is_not_a_terminal(demo_db: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sampingdesa", "--db", str(demo_db), "report", "monthly",
         "--month", MONTH, "-o", str(tmp_path / "l.xlsx")],
        capture_output=True, text=True, env={**os.environ, "SAMPINGDESA_LANG": "id"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("Ditulis ")


# -- Ctrl-C ---------------------------------------------------------------------------------------------
def interrupt_at(monkeypatch: pytest.MonkeyPatch, words: str) -> None:
    """Ctrl-C when the display is told of a step containing `words`."""
    original = Display.__call__

    def call(self: Display, done: int, total: int | None = None, step: str | None = None) -> None:
        original(self, done, total, step)
        if step and words in step:
            raise KeyboardInterrupt

    monkeypatch.setattr(Display, "__call__", call)


def stopped(result: Any) -> None:
    assert result.exit_code == 130
    assert "Dihentikan (Ctrl-C)" in result.stderr


@pytest.mark.parametrize("words", ["Menghitung", "Menulis lembar Temuan", "Menyimpan"])
def test_ctrl_c_during_report_monthly_writes_no_file(
    cli, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, words: str
) -> None:
    out = tmp_path / "keluar"
    out.mkdir()
    interrupt_at(monkeypatch, words)
    stopped(cli("--db", str(demo_db), "report", "monthly", "--month", MONTH,
                "-o", str(out / "laporan.xlsx")))  # fmt: skip
    assert list(out.iterdir()) == []


def test_ctrl_c_during_db_backup_leaves_no_half_backup(
    cli, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup, "PAGES_PER_STEP", 4)
    calls = 0
    original = Display.__call__

    def call(self: Display, done: int, total: int | None = None, step: str | None = None) -> None:
        nonlocal calls
        original(self, done, total, step)
        calls += 1
        if calls == 3:  # some pages copied, not all
            raise KeyboardInterrupt

    monkeypatch.setattr(Display, "__call__", call)
    stopped(cli("--db", str(demo_db), "db", "backup"))
    assert calls == 3
    assert list((tmp_path / "backups").glob("*.db")) == []


def test_ctrl_c_during_db_restore_keeps_the_database_as_it_was(
    cli, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other.db"
    assert (
        cli("--db", str(other), "init", "--assistant", "Budi", "--desa", "Hamalau").exit_code == 0
    )
    before = snapshot(demo_db)
    monkeypatch.setattr(backup, "PAGES_PER_STEP", 2)
    original = Display.__call__

    def call(self: Display, done: int, total: int | None = None, step: str | None = None) -> None:
        original(self, done, total, step)
        if step and step.startswith("Memulihkan") and total is not None:  # pages copied
            raise KeyboardInterrupt

    monkeypatch.setattr(Display, "__call__", call)
    stopped(cli("--db", str(demo_db), "db", "restore", str(other), "--yes"))
    assert snapshot(demo_db) == before
    assert check_database(open_db(demo_db)).ok


def test_ctrl_c_during_sync_import_keeps_whole_bundles_only(
    cli, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundles = []
    for index, desa in enumerate(("Hamalau", "Telaga Bidadari")):
        laptop = tmp_path / f"laptop{index}.db"
        cli("--db", str(laptop), "init", "--assistant", f"P{index}", "--desa", desa)
        cli("--db", str(laptop), "recipient", "add", "--nik", f"63060545078900{index + 11}",
            "--name", f"Baru {index}", "--desa", desa)  # fmt: skip
        bundles.append(str(tmp_path / f"b{index}.zip"))
        cli("--db", str(laptop), "sync", "export", "-o", bundles[-1])
    interrupt_at(monkeypatch, "Menggabungkan bundel 2 dari 2")
    result = cli("--db", str(demo_db), "sync", "import", *bundles)
    stopped(result)
    conn = open_db(demo_db)
    names = {r[0] for r in conn.execute("SELECT name FROM recipients WHERE name LIKE 'Baru%'")}
    assert names == {"Baru 0"}  # the first bundle whole, nothing of the second
    assert "jalankan perintah yang sama lagi" in result.stderr
    assert verify_chain(conn).ok and check_database(conn).ok


def test_ctrl_c_during_visit_template_writes_no_file(
    cli, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "keluar"
    out.mkdir()
    interrupt_at(monkeypatch, "Menulis formulir")
    stopped(cli("--db", str(demo_db), "visit", "template", "--month", MONTH,
                "-o", str(out / "form.xlsx")))  # fmt: skip
    assert list(out.iterdir()) == []


def test_ctrl_c_during_demo_leaves_no_half_demo(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    interrupt_at(monkeypatch, "Menulis lembar")
    stopped(cli("demo", "-o", str(tmp_path / "demo")))
    assert list((tmp_path / "demo").iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_real_sigint_during_report_monthly(demo_db: Path, tmp_path: Path) -> None:
    """The signal itself (not a raised exception): sent when the third sheet starts."""
    out = tmp_path / "keluar"
    out.mkdir()
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        from sampingdesa.cli import main, progress_display as progress

        original = progress.Display.__call__

        def call(self, done, total=None, step=None):
            original(self, done, total, step)
            if done == 3:
                os.kill(os.getpid(), signal.SIGINT)

        progress.Display.__call__ = call
        sys.argv = ["sampingdesa", "--db", {str(demo_db)!r}, "report", "monthly",
                    "--month", {MONTH!r}, "-o", {str(out / "laporan.xlsx")!r}]
        main()
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True,
        env={**os.environ, "SAMPINGDESA_LANG": "id"}, timeout=120,
    )  # fmt: skip
    assert result.returncode == 130, result.stderr
    assert "Dihentikan (Ctrl-C)" in result.stderr and "Traceback" not in result.stderr
    assert list(out.iterdir()) == []


def test_a_slow_unit_raises_the_estimate() -> None:
    display = Display()
    display(0, 11, "a")
    display._step_started -= 2.0
    display(2, 11)  # two quick units
    display._step_started -= 30.0  # then the third takes 30 s and counting
    display._updated -= 30.0
    left = display.seconds_left()
    assert left is not None and left > 8 * 10  # 32 s for 3 units: about 10 s each, 8 to go
