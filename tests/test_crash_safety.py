"""Crash and concurrency safety (issue 7): kill long imports with SIGKILL at random moments,
then check that the database is healthy, the audit chain verifies, and the data is entirely
before or entirely after the operation; and two writers at once both succeed.

Sizes are kept small enough for CI (5 kill points per operation); `CRASH_KILLS=50
CRASH_ROWS=20000` makes it heavier.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from sampingdesa.store.audit import verify_chain
from sampingdesa.store.db import open_db
from sampingdesa.store.health import check_database

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
    pytest.mark.slow,
]

KILLS = int(os.environ.get("CRASH_KILLS", "5"))
ROWS = int(os.environ.get("CRASH_ROWS", "3000"))
FINGERPRINT_TABLES = (
    "recipients", "enrollments", "visits", "deliveries", "findings", "change_log",
    "sync_sources", "recipient_aliases",
)  # fmt: skip
RESULTS: dict[str, dict[str, int]] = {}


def cli(db: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sampingdesa", "--db", str(db), *args],
        capture_output=True, text=True, check=check, env={**os.environ, "SAMPINGDESA_LANG": "id"},
    )  # fmt: skip


def fingerprint(db: Path) -> tuple[object, ...]:
    conn = sqlite3.connect(db)
    try:
        # Counts, not hashes: a complete run elsewhere has other UUIDs and times.
        return tuple(
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in FINGERPRINT_TABLES
        )
    finally:
        conn.close()


def people_csv(path: Path, count: int, first_serial: int, desa: str) -> Path:
    rng = random.Random(first_serial)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["NIK", "Nama", "Desa", "Program"])
        for index in range(count):
            birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 20000))
            day = birth.day + (40 if index % 2 else 0)
            nik = (
                f"630605{day:02d}{birth.month:02d}{birth.year % 100:02d}{first_serial + index:04d}"
            )
            writer.writerow([nik, f"Penerima {first_serial + index}", desa, "BPNT"])
    return path


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A base database plus the three large inputs: a recipient list, a filled visit form,
    and a bundle from another laptop."""
    folder = tmp_path_factory.mktemp("crash")
    base = folder / "base.db"
    cli(base, "init", "--assistant", "Rina", "--desa", "Kandangan Kota")
    cli(
        base,
        "recipient",
        "import",
        str(people_csv(folder / "first.csv", ROWS // 3, 1, "Kandangan Kota")),
    )
    form = folder / "form.xlsx"
    month = dt.date.today().strftime("%Y-%m")
    cli(base, "visit", "template", "--month", month, "-o", str(form))
    workbook = openpyxl.load_workbook(form)
    sheet = workbook.worksheets[0]
    keys = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=3):
        row[keys.index("date")].value = dt.date.today().replace(day=1).isoformat()
        row[keys.index("BPNT:status")].value = "diterima penuh"
        row[keys.index("BPNT:amount")].value = 200000
    workbook.save(form)
    other = folder / "other.db"
    cli(other, "init", "--assistant", "Budi", "--desa", "Hamalau")
    cli(
        other,
        "recipient",
        "import",
        str(people_csv(folder / "other.csv", ROWS // 3, 5000, "Hamalau")),
    )
    bundle = folder / "other.zip"
    cli(other, "sync", "export", "-o", str(bundle))
    big_list = people_csv(folder / "big.csv", ROWS, 1, "Kandangan Kota")  # overlaps: updates too
    return {"folder": folder, "base": base, "list": big_list, "form": form, "bundle": bundle}


COMPLETED: dict[str, tuple[tuple[object, ...], float]] = {}


def completed(workspace: dict[str, Path], operation: str) -> tuple[tuple[object, ...], float]:
    """The operation run whole on a copy of the base: its fingerprint and how long it took
    (once per operation, for the kill and the Ctrl-C tests alike)."""
    if operation not in COMPLETED:
        complete = workspace["folder"] / f"complete-{operation.replace(' ', '-')}.db"
        shutil.copy(workspace["base"], complete)
        started = time.perf_counter()
        finished = cli(complete, *OPERATIONS[operation](workspace), check=False)
        assert finished.returncode == 0, finished.stderr
        COMPLETED[operation] = (fingerprint(complete), time.perf_counter() - started)
    return COMPLETED[operation]


OPERATIONS = {
    "recipient import": lambda w: ["recipient", "import", str(w["list"]), "--program", "PKH"],
    "visit import": lambda w: ["visit", "import", str(w["form"])],
    "sync import": lambda w: ["sync", "import", str(w["bundle"])],
}


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_sigkill_at_random_moments_leaves_before_or_after(
    workspace: dict[str, Path], operation: str
) -> None:
    args = OPERATIONS[operation](workspace)
    folder = workspace["folder"] / operation.replace(" ", "-")
    folder.mkdir()
    before = fingerprint(workspace["base"])
    after, duration = completed(workspace, operation)
    assert after != before
    rng = random.Random(operation)
    outcomes = {"before": 0, "after": 0, "killed_while_running": 0}
    for kill in range(KILLS):
        db = folder / f"kill{kill}.db"
        shutil.copy(workspace["base"], db)
        process = subprocess.Popen(
            [sys.executable, "-m", "sampingdesa", "--db", str(db), *args],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(rng.uniform(0.2, 1.05) * duration)
        process.send_signal(signal.SIGKILL)
        if process.wait() == -signal.SIGKILL:
            outcomes["killed_while_running"] += 1
        conn = open_db(db)
        report = check_database(conn)
        audit = verify_chain(conn)
        conn.close()
        assert report.ok, report.problems
        assert audit.ok, audit.problem
        state = fingerprint(db)
        assert state in (before, after), f"kill {kill}: half-written state {state}"
        outcomes["before" if state == before else "after"] += 1
        for leftover in db.parent.glob(f"{db.name}*"):
            leftover.unlink()
    RESULTS[operation] = {"kill_points": KILLS, **outcomes}
    assert outcomes["killed_while_running"] >= KILLS // 2  # most kills land mid-operation
    print(f"\n{operation}: {json.dumps(RESULTS[operation])}")


def test_two_writers_at_once_both_succeed(tmp_path: Path) -> None:
    """2 x 200 writes from two processes while a third imports: nobody sees "locked"."""
    db = tmp_path / "busy.db"
    cli(db, "init", "--assistant", "Rina", "--desa", "Kandangan Kota")
    writer = tmp_path / "writer.py"
    writer.write_text(
        "import sys\n"
        "from sampingdesa.store.changes import changes\n"
        "from sampingdesa.store.db import open_db\n"
        "from sampingdesa.register.recipients import RecipientInput, add_recipient\n"
        "from sampingdesa.places.laptop import actor\n"
        "db, first = sys.argv[1], int(sys.argv[2])\n"
        "for serial in range(first, first + 200):\n"
        "    conn = open_db(db)\n"
        "    with changes(conn, actor(conn)) as w:\n"
        "        add_recipient(w, RecipientInput(nik=f'630605120385{serial:04d}', name=f'P{serial}',\n"
        "                      desa='Kandangan Kota'), ['BPNT'])\n"
        "    conn.close()\n",
        encoding="utf-8",
    )
    big = people_csv(tmp_path / "big.csv", 2000, 3000, "Kandangan Kota")
    processes = [
        subprocess.Popen(
            [sys.executable, str(writer), str(db), str(first)], stderr=subprocess.PIPE, text=True
        )
        for first in (1, 1001)
    ]
    importer = subprocess.Popen(
        [sys.executable, "-m", "sampingdesa", "--db", str(db), "recipient", "import", str(big)],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    errors = [p.communicate()[1] for p in (*processes, importer)]
    assert [p.returncode for p in (*processes, importer)] == [0, 0, 0], errors
    assert not any("locked" in e for e in errors)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM recipients").fetchone()[0] == 2400
    conn.close()
    conn = open_db(db)
    assert verify_chain(conn).ok
    conn.close()


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_ctrl_c_stops_cleanly_with_a_message(workspace: dict[str, Path], operation: str) -> None:
    """SIGINT half-way: a message, exit code 130, and nothing half-written."""
    args = OPERATIONS[operation](workspace)
    db = workspace["folder"] / f"sigint-{operation.replace(' ', '-')}.db"
    shutil.copy(workspace["base"], db)
    before = fingerprint(db)
    process = subprocess.Popen(
        [sys.executable, "-m", "sampingdesa", "--db", str(db), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "SAMPINGDESA_LANG": "id"},
    )  # fmt: skip
    # Wait until the command is inside its transaction (the -wal file grows), then interrupt.
    deadline = time.perf_counter() + 30
    wal = Path(f"{db}-wal")
    while time.perf_counter() < deadline and (not wal.exists() or wal.stat().st_size < 200_000):
        if process.poll() is not None:
            pytest.skip("finished before it could be interrupted")
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Dihentikan" in err and "Traceback" not in err
    # The interrupt may land just after the commit: then the work is whole, never half.
    assert fingerprint(db) in (before, completed(workspace, operation)[0])
