"""Sync carries the tables added after it: the social-problem register, the DTSEN proposals
and the report settings (issues 14 and 15 through issue 11's signed bundles)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.test_sync import export, laptop, run

NEW_NIK = "6306056508900004"


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return sorted(conn.execute(sql).fetchall(), key=repr)
    finally:
        conn.close()


def test_register_entries_proposals_and_settings_reach_the_coordinator(cli, tmp_path: Path) -> None:
    field = laptop(cli, tmp_path, "Rina", "Hamalau")
    office = laptop(cli, tmp_path, "Koordinator", "")
    run(cli, field, "pendataan", "add", "--name", "Nenek Ijah", "--address", "Jl. Sungai",
        "--category", "lansia-terlantar", "--category", "fakir-miskin",
        "--description", "tinggal sendiri")  # fmt: skip
    run(cli, field, "usulan", "add", "--kind", "baru", "--nik", NEW_NIK, "--name", "Wati",
        "--address", "Jl. Baru", "--desa", "Hamalau", "--program", "PKH",
        "--reason", "tidak mampu")  # fmt: skip
    run(cli, office, "report", "settings", "--place", "Kandangan", "--head-name", "Drs. Fauzi")
    bundle = export(cli, field, tmp_path / "rina.zip")
    run(cli, office, "sync", "import", str(bundle))

    query = {
        "entries": "SELECT name, desa_code, status FROM pendataan",
        "categories": "SELECT category FROM pendataan_categories WHERE deleted_at IS NULL",
        "proposals": "SELECT kind, nik, status FROM usulan",
    }
    for what, sql in query.items():
        assert rows(office, sql) == rows(field, sql) != [], what
    assert rows(office, "SELECT count(*) FROM pendataan")[0][0] == 1

    # And back: the coordinator's settings reach the laptop.
    back = export(cli, office, tmp_path / "office.zip")
    run(cli, field, "sync", "import", str(back))
    settings = "SELECT key, value FROM report_settings WHERE deleted_at IS NULL"
    assert ("place", "Kandangan") in rows(field, settings)
    assert rows(field, settings) == rows(office, settings)
