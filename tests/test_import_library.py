"""`importing.import_recipients` as a library: interruption, change log, the benchmark."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sampingdesa.importing.pipeline import ImportOptions, import_recipients
from sampingdesa.store.db import open_db
from tests.conftest import snapshot
from tests.import_helpers import write_xlsx

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["NIK", "Nama", "Desa", "Program"]
ROWS = [
    ["6306054507890011", "Masliana Noor", "Kandangan Kota", "PKH"],
    ["6306051203850012", "Rahmat Hidayat", "Kandangan Kota", "BPNT"],
]


def test_ctrl_c_half_way_leaves_the_database_as_it_was(initialised: Path, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "l.xlsx", [HEADER, *ROWS])
    before = snapshot(initialised)
    conn = open_db(initialised)

    def interrupt(done: int, total: int | None) -> None:
        raise KeyboardInterrupt  # after every row was written, before the commit

    with pytest.raises(KeyboardInterrupt):
        import_recipients(conn, path, ImportOptions(), progress=interrupt)
    assert snapshot(initialised) == before
    trigger = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'recipients_fts_insert'"
    ).fetchone()
    assert trigger is not None  # the search index trigger came back with the rollback


def test_every_insert_is_in_the_change_log(initialised: Path, tmp_path: Path) -> None:
    conn = open_db(initialised)
    path = write_xlsx(tmp_path / "l.xlsx", [HEADER, *ROWS])
    result = import_recipients(conn, path, ImportOptions())
    assert (result.new, result.enrolled, result.committed) == (2, 2, True)
    logged: dict[str, Any] = {
        table: n
        for table, n in conn.execute(
            "SELECT table_name, count(*) FROM change_log WHERE action = 'insert' "
            "AND row_uuid IN (SELECT uuid FROM recipients UNION SELECT uuid FROM enrollments) "
            "GROUP BY table_name"
        )
    }
    assert logged == {"recipients": 2, "enrollments": 2}
    # The hash chain stays intact across the bulk path.
    rows = conn.execute("SELECT prev_hash, hash FROM change_log ORDER BY id").fetchall()
    assert all(rows[i][0] == rows[i - 1][1] for i in range(1, len(rows)))


def test_benchmark_runs_small(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_import.py"), "--rows", "300"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "ratio import / floor" in done.stdout
