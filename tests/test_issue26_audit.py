"""Issue 26: `db audit verify` replays every column of every logged table, deletion stamps,
flags and desil included, and bulk-imported rows like single ones."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from sampingdesa.demo import build_demo
from sampingdesa.importing.pipeline import ImportOptions, import_recipients
from sampingdesa.places.laptop import actor
from sampingdesa.register.idm import idm_value, save_idm
from sampingdesa.reports.office import setting_uuid
from sampingdesa.store.audit import _logged_tables, verify
from sampingdesa.store.changes import changes
from sampingdesa.store.db import open_db
from tests.import_helpers import write_xlsx

STAMPS = {"uuid", "created_at", "created_by", "updated_at", "updated_by"}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, with a row in every logged table it leaves empty."""
    folder = tmp_path_factory.mktemp("demo")
    result = build_demo(folder, today=dt.date(2026, 5, 20))
    conn = open_db(result.db_path)
    visit = conn.execute("SELECT uuid FROM visits LIMIT 1").fetchone()[0]
    entry = conn.execute("SELECT uuid FROM pendataan LIMIT 1").fetchone()[0]
    desa = conn.execute("SELECT desa_code FROM recipients LIMIT 1").fetchone()[0]
    with changes(conn, actor(conn)) as writer:
        writer.insert("visit_photos", {"visit_uuid": visit, "path": "a.jpg", "sha256": "0" * 64})
        writer.insert(
            "pendataan_photos", {"entry_uuid": entry, "path": "b.jpg", "sha256": "1" * 64}
        )
        save_idm(writer, idm_value(conn, desa, 2024, 0.5, 0.6, 0.7))
        writer.insert(
            "report_settings",
            {"key": "place", "value": "Kandangan"},
            row_uuid=setting_uuid("place"),
        )
    assert verify(conn).ok
    conn.close()
    return result.db_path


def _other(value: Any, column: str) -> Any:
    if value is None:
        return "2026-01-01T00:00:00.000+00:00" if column.endswith("_at") else "x"
    if isinstance(value, int):
        return value + 1
    if isinstance(value, float):
        return value + 0.125
    return str(value) + "x"


def _edit(path: Path, table: str, uuid: str, column: str, value: Any) -> None:
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA foreign_keys = OFF")
    raw.execute("PRAGMA ignore_check_constraints = ON")
    raw.execute(f"UPDATE {table} SET {column} = ? WHERE uuid = ?", (value, uuid))
    raw.commit()
    raw.close()


def test_every_logged_table_has_rows_here(demo_db: Path) -> None:
    conn = open_db(demo_db)
    for table in _logged_tables(conn):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table


def test_an_edit_of_any_column_of_any_logged_table_is_reported(
    demo_db: Path, tmp_path: Path
) -> None:
    conn = open_db(demo_db)
    tables = {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")]
              for t in _logged_tables(conn)}  # fmt: skip
    conn.close()
    missed = []
    for table, columns in tables.items():
        copy = tmp_path / f"{table}.db"
        shutil.copy(demo_db, copy)
        raw = sqlite3.connect(copy)
        raw.row_factory = sqlite3.Row
        rows = raw.execute(f"SELECT * FROM {table} ORDER BY uuid").fetchall()
        raw.close()
        edited: list[tuple[str, str]] = []
        for number, column in enumerate(c for c in columns if c not in STAMPS):
            row = rows[number % len(rows)]
            _edit(copy, table, row["uuid"], column, _other(row[column], column))
            edited.append((row["uuid"], column))
        check = open_db(copy)
        found = {(m.row_uuid, m.field) for m in verify(check).mismatches if m.table == table}
        check.close()
        for uuid, column in edited:
            if (uuid, column) not in found and (uuid, "*") not in found:
                missed.append(f"{table}.{column}")
    assert missed == []


@pytest.mark.parametrize(
    ("column", "value"),
    [("deleted_at", "2026-05-01T00:00:00.000+00:00"), ("deleted_reason", "gone"),
     ("flags", "lansia"), ("desil", 3), ("desil_date", "2026-01-01")],
)  # fmt: skip
def test_a_recipient_removed_or_reflagged_beside_the_log_is_reported(
    demo_db: Path, tmp_path: Path, column: str, value: Any
) -> None:
    copy = tmp_path / "one.db"
    shutil.copy(demo_db, copy)
    raw = sqlite3.connect(copy)
    uuid = raw.execute(
        "SELECT uuid FROM recipients WHERE desil IS NULL AND flags = '' AND deleted_at IS NULL"
    ).fetchone()[0]
    raw.close()
    _edit(copy, "recipients", uuid, column, value)
    result = verify(open_db(copy))
    assert not result.ok
    found = {(m.table, m.row_uuid, m.field) for m in result.mismatches}
    # A field a bulk import wrote is proven by the row's digest: reported as the whole row.
    assert {("recipients", uuid, column), ("recipients", uuid, "*")} & found


def test_a_bulk_row_edited_beside_the_log_is_reported_even_after_a_logged_update(
    initialised: Path, tmp_path: Path
) -> None:
    conn = open_db(initialised)
    rows = [["NIK", "Nama", "Desa", "Program"],
            ["6306054507890011", "Masliana Noor", "Kandangan Kota", "PKH"],
            ["6306051203850012", "Rahmat Hidayat", "Kandangan Kota", "BPNT"]]  # fmt: skip
    assert import_recipients(conn, write_xlsx(tmp_path / "l.xlsx", rows), ImportOptions()).committed
    uuid = conn.execute("SELECT uuid FROM recipients WHERE name = 'Masliana Noor'").fetchone()[0]
    with changes(conn, actor(conn)) as writer:  # a logged change after the import
        writer.update("recipients", uuid, {"phone": "08125551234"})
    assert verify(conn).ok
    conn.close()
    _edit(initialised, "recipients", uuid, "nik", "6306054507890099")
    result = verify(open_db(initialised))
    assert ("recipients", uuid) in {(m.table, m.row_uuid) for m in result.mismatches}


def test_entries_set_aside_beside_the_logged_recovery_are_reported(demo_db: Path, tmp_path) -> None:
    copy = tmp_path / "aside.db"
    shutil.copy(demo_db, copy)
    raw = sqlite3.connect(copy)
    raw.execute(
        "UPDATE change_log SET disowned_origin = origin_db, origin_db = 'disowned:' || origin_db "
        "WHERE id = (SELECT max(id) FROM change_log WHERE origin_db IS NOT NULL)"
    )
    raw.commit()
    raw.close()
    result = verify(open_db(copy))
    assert not result.ok and result.problem and "pemulihan" in result.problem
