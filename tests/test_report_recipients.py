"""`report recipients`: the register as a workbook or CSV, masked and formula-safe."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.report_data import AT_NAME, FORMULA_NAME, NIK_A, build_known


@pytest.fixture
def known(initialised: Path) -> sqlite3.Connection:
    return build_known(initialised)


def test_register_workbook_is_masked(cli: Any, known: sqlite3.Connection, tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    result = cli("report", "recipients", "-o", str(path))
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(path).active
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert NIK_A not in values and "630605******0001" in values
    cell = next(c for row in ws.iter_rows() for c in row if c.value == FORMULA_NAME)
    assert cell.data_type == "s"


def test_register_csv_is_formula_safe_and_filtered(
    cli: Any, known: sqlite3.Connection, tmp_path: Path
) -> None:
    path = tmp_path / "r.csv"
    result = cli("report", "recipients", "-o", str(path), "--program", "BLT-DD")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    assert len(rows) == 2
    assert rows[1][2] == "'" + AT_NAME


def test_register_full_nik_needs_reason(
    cli: Any, known: sqlite3.Connection, tmp_path: Path
) -> None:
    path = tmp_path / "r.csv"
    assert cli("report", "recipients", "-o", str(path), "--show-nik").exit_code == 2
    result = cli("report", "recipients", "-o", str(path), "--show-nik", "--reason", "cek data")
    assert result.exit_code == 0, result.output
    assert NIK_A in path.read_text(encoding="utf-8-sig")
    assert (
        known.execute("SELECT count(*) FROM change_log WHERE action = 'reveal_nik'").fetchone()[0]
        == 1
    )
