"""IDM: set, import (all or nothing, errors by row and column), latest status in listings."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl

from tests.conftest import snapshot

DESA = "63.06.05.1004"


def test_set_computes_score_and_status(cli: Any, initialised: Path) -> None:
    result = cli("wilayah", "idm", "set", DESA, "--year", "2024", "--iks", "0,70", "--ike", "0.60",
                 "--ikl", "0.65")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Berkembang" in result.stdout
    conn = sqlite3.connect(initialised)
    assert conn.execute("SELECT score, status FROM idm").fetchall() == [(0.65, "Berkembang")]
    again = cli("wilayah", "idm", "set", DESA, "--year", "2024", "--iks", "0.9", "--ike", "0.9",
                "--ikl", "0.9")  # fmt: skip
    assert again.exit_code == 0
    assert conn.execute(
        "SELECT count(*), max(status) FROM idm WHERE deleted_at IS NULL"
    ).fetchone() == (1, "Mandiri")


def test_set_rejects_values_outside_zero_to_one(cli: Any, initialised: Path) -> None:
    before = snapshot(initialised)
    result = cli("wilayah", "idm", "set", DESA, "--year", "2024", "--iks", "1.2", "--ike", "0.6",
                 "--ikl", "0.6")  # fmt: skip
    assert result.exit_code == 1 and "IKS" in result.stderr
    assert snapshot(initialised) == before


def test_latest_status_in_wilayah_list_and_summary(
    cli: Any, initialised: Path, tmp_path: Path
) -> None:
    cli(
        "wilayah",
        "idm",
        "set",
        DESA,
        "--year",
        "2023",
        "--iks",
        "0.4",
        "--ike",
        "0.4",
        "--ikl",
        "0.4",
    )
    cli(
        "wilayah",
        "idm",
        "set",
        DESA,
        "--year",
        "2024",
        "--iks",
        "0.8",
        "--ike",
        "0.8",
        "--ikl",
        "0.8",
    )
    listing = json.loads(cli("wilayah", "list", "--kecamatan", "Kandangan", "--json").stdout)
    assert next(r for r in listing if r["code"] == DESA)["idm_status"] == "Maju"
    cli("recipient", "add", "--nik", "6306054507890001", "--name", "Siti", "--desa", DESA,
        "--program", "BPNT")  # fmt: skip
    path = tmp_path / "m.xlsx"
    assert cli("report", "monthly", "--month", "2026-03", "-o", str(path)).exit_code == 0
    ws = openpyxl.load_workbook(path)["Rincian Desa"]  # the per-desa table
    row = next(r for r in ws.iter_rows(values_only=True) if r[1] == DESA)
    assert row[3] == "Maju"


def test_import_csv_and_xlsx(cli: Any, initialised: Path, tmp_path: Path) -> None:
    csv_path = tmp_path / "idm.csv"
    csv_path.write_text(
        "Desa,Tahun,IKS,IKE,IKL\n63.06.05.1004,2024,0.5,0.5,0.5\nHamalau,2024,0.9,0.9,0.9\n"
    )
    result = cli("wilayah", "idm", "import", str(csv_path))
    assert result.exit_code == 0, result.output
    book = openpyxl.Workbook()
    book.active.append(["desa", "year", "IKS", "IKE", "IKL"])
    book.active.append(["63.06.05.1004", 2025, 0.7, 0.7, 0.7])
    book.save(tmp_path / "idm.xlsx")
    assert cli("wilayah", "idm", "import", str(tmp_path / "idm.xlsx")).exit_code == 0
    conn = sqlite3.connect(initialised)
    rows = conn.execute(
        "SELECT desa_code, year, status FROM idm ORDER BY desa_code, year"
    ).fetchall()
    assert rows == [
        ("63.06.01.2001", 2024, "Mandiri"),
        (DESA, 2024, "Tertinggal"),
        (DESA, 2025, "Berkembang"),
    ]


def test_import_is_all_or_nothing_with_row_and_column(
    cli: Any, initialised: Path, tmp_path: Path
) -> None:
    path = tmp_path / "idm.csv"
    path.write_text("desa,year,IKS,IKE,IKL\n63.06.05.1004,2024,0.5,0.5,0.5\nNowhere,2024,0.5,0.5,0.5\n"
                    "63.06.05.1004,2024,0.5,abc,0.5\n")  # fmt: skip
    before = snapshot(initialised)
    result = cli("wilayah", "idm", "import", str(path))
    assert result.exit_code == 1
    # The one wording of every spreadsheet import (io/sheet_import.py).
    assert "Baris 3, kolom 'desa' (A3): " in result.stderr and "'Nowhere'" in result.stderr
    assert "Baris 4, kolom 'IKE' (D4): " in result.stderr and "'abc'" in result.stderr
    assert snapshot(initialised) == before
