"""The one bulk write path of store/: rows in one statement, one chained entry per batch."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from sampingdesa.importing.pipeline import ImportOptions, import_recipients
from sampingdesa.places.laptop import current_assistant
from sampingdesa.store.audit import list_entries, verify_chain
from sampingdesa.store.changes import BULK_INSERT, changes, logged_rows, row_digest, to_json
from sampingdesa.store.db import open_db
from sampingdesa.sync.merge import export_bundle
from tests.import_helpers import write_xlsx

ROWS = [
    ["NIK", "Nama", "Desa", "Program"],
    ["6306054507890011", "Masliana Noor", "Kandangan Kota", "PKH"],
    ["6306051203850012", "Rahmat Hidayat", "Kandangan Kota", "BPNT"],
]


@pytest.mark.parametrize(
    ("row", "content"),
    [
        ({"name": "Siti", "nik": "1"}, {"name": "Siti", "nik": "1"}),
        ({"nik": "1", "name": "Siti", "phone": None}, {"name": "Siti", "nik": "1"}),
        ({"uuid": "u", "name": "Ä", "created_at": "t", "updated_by": "a"}, {"name": "Ä"}),
        ({"amount": 200_000, "flags": ""}, {"amount": 200_000, "flags": ""}),
    ],
)
def test_row_digest_is_sha256_of_the_canonical_content(
    row: dict[str, Any], content: dict[str, Any]
) -> None:
    expected = hashlib.sha256((to_json(content) or "").encode("utf-8")).hexdigest()
    assert row_digest(row) == expected


def test_row_digest_tells_rows_apart() -> None:
    assert row_digest({"name": "Siti"}) != row_digest({"name": "Sita"})
    assert row_digest({"rt": "001"}) != row_digest({"rt": 1})


def test_bulk_insert_writes_stamped_rows_and_one_chained_entry(initialised: Path) -> None:
    conn = open_db(initialised)
    actor = current_assistant(conn).uuid
    columns = ("nik", "name", "sex", "desa_code")
    rows = [
        ("u-1", "6306054507890011", "Masliana Noor", "P", "63.06.05.1001"),
        ("u-2", "6306051203850012", "Rahmat Hidayat", "L", "63.06.05.1001"),
    ]
    before = conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
    with changes(conn, actor) as writer:
        writer.bulk_insert("recipients", columns, rows)
    assert conn.execute("SELECT count(*) FROM change_log").fetchone()[0] == before + 1
    entry = conn.execute("SELECT * FROM change_log ORDER BY id DESC LIMIT 1").fetchone()
    assert (entry["action"], entry["table_name"], entry["actor"]) == (
        BULK_INSERT,
        "recipients",
        actor,
    )
    body = json.loads(entry["new"])
    assert body["columns"] == sorted(columns)
    stored = conn.execute(
        "SELECT uuid, nik, name, sex, desa_code, created_by, updated_at FROM recipients "
        "WHERE uuid IN ('u-1', 'u-2') ORDER BY uuid"
    ).fetchall()
    assert [r["created_by"] for r in stored] == [actor, actor]
    assert body["rows"] == [[r["uuid"], row_digest(dict(r))] for r in stored]
    assert logged_rows(entry["row_uuid"], entry["action"], entry["new"]) == ["u-1", "u-2"]
    assert verify_chain(conn).ok
    # A record's history finds the batch entry that created it.
    assert [e["id"] for e in list_entries(conn, row_uuid="u-2")] == [entry["id"]]


def test_bulk_insert_refuses_stamp_columns(initialised: Path) -> None:
    conn = open_db(initialised)
    with pytest.raises(ValueError), changes(conn, current_assistant(conn).uuid) as writer:
        writer.bulk_insert("recipients", ("nik", "created_at"), [("u", "1", "t")])


def test_export_since_last_carries_bulk_imported_rows(initialised: Path, tmp_path: Path) -> None:
    conn = open_db(initialised)
    export_bundle(conn, tmp_path / "first.zip", since_last=True)
    result = import_recipients(conn, write_xlsx(tmp_path / "l.xlsx", ROWS), ImportOptions())
    assert result.committed
    exported = export_bundle(conn, tmp_path / "second.zip", since_last=True)
    assert (exported.rows["recipients"], exported.rows["enrollments"]) == (2, 2)


def test_the_audit_replays_bulk_entries_by_digest(initialised: Path) -> None:
    """One mechanism for both issues: rows written by the bulk path pass the replay of
    `db audit verify`, and a direct edit of one of them (not through the log) is reported."""
    from sampingdesa.store.audit import verify

    conn = open_db(initialised)
    actor = current_assistant(conn).uuid
    rows = [
        ("u-1", "6306054507890011", "Masliana Noor", "P", "63.06.05.1001"),
        ("u-2", "6306051203850012", "Rahmat Hidayat", "L", "63.06.05.1001"),
    ]
    with changes(conn, actor) as writer:
        writer.bulk_insert("recipients", ("nik", "name", "sex", "desa_code"), rows)
    assert verify(conn).mismatches == []
    # A later logged edit wins over the batch's digest.
    with changes(conn, actor) as writer:
        writer.update("recipients", "u-1", {"name": "Masliana Nur"})
    assert verify(conn).mismatches == []
    conn.execute("UPDATE recipients SET address = 'Jl. Palsu' WHERE uuid = 'u-2'")
    conn.commit()
    found = verify(conn).mismatches
    assert [(m.table, m.row_uuid) for m in found] == [("recipients", "u-2")]
