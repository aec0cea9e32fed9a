"""`importing.import_recipients` as a library: interruption, change log, the benchmark."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sampingdesa.importing.pipeline import ImportOptions, import_recipients
from sampingdesa.store.audit import verify_chain
from sampingdesa.store.changes import row_digest
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
    # One bulk entry per table and batch, listing every row with the digest of its content.
    proved: dict[str, dict[str, str]] = {}
    for table, body in conn.execute(
        "SELECT table_name, new FROM change_log WHERE action = 'bulk-insert'"
    ):
        entry = json.loads(body)
        for row_uuid, digest in entry["rows"]:
            stored = conn.execute(
                f"SELECT {', '.join(entry['columns'])} FROM {table} WHERE uuid = ?", (row_uuid,)
            ).fetchone()
            proved.setdefault(table, {})[row_uuid] = digest
            assert digest == row_digest(dict(stored))
    for table in ("recipients", "enrollments"):
        stored = {r[0] for r in conn.execute(f"SELECT uuid FROM {table}")}
        assert set(proved[table]) == stored
    # The hash chain stays intact across the bulk path.
    assert verify_chain(conn).ok


def test_a_changed_row_digest_breaks_the_chain(initialised: Path, tmp_path: Path) -> None:
    conn = open_db(initialised)
    import_recipients(conn, write_xlsx(tmp_path / "l.xlsx", [HEADER, *ROWS]), ImportOptions())
    entry_id, body = conn.execute(
        "SELECT id, new FROM change_log WHERE action = 'bulk-insert' AND table_name = 'recipients'"
    ).fetchone()
    entry = json.loads(body)
    entry["rows"][0][1] = "0" * 64
    conn.execute("UPDATE change_log SET new = ? WHERE id = ?", (json.dumps(entry), entry_id))
    assert not verify_chain(conn).ok


def test_benchmark_runs_small(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_import.py"), "--rows", "300"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "ratio import / floor" in done.stdout
