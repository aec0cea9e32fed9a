"""`sampingdesa demo`: visits of every kind, two workbooks, the user's database untouched."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl

from sampingdesa.demo import build_demo
from sampingdesa.values.parsing import month_of


def test_demo_cli_writes_workbooks_and_summary(cli: Any, db_path: Path, tmp_path: Path) -> None:
    result = cli("demo", "-o", str(tmp_path / "demo"))
    assert result.exit_code == 0, result.output
    assert not db_path.exists()  # never the user's own database
    this_month = month_of(dt.date.today())
    files = [
        tmp_path / "demo" / f"laporan-bulanan-{m.label}.xlsx"
        for m in (this_month, this_month.shifted(-1))
    ]
    assert all(path.exists() for path in files)
    assert "Ringkasan" in result.stdout and "Jumlah" in result.stdout
    assert openpyxl.load_workbook(files[1]).sheetnames[0] == "Ringkasan"


def test_demo_has_visits_of_every_kind_and_is_deterministic(tmp_path: Path) -> None:
    today = dt.date(2026, 5, 20)
    first = build_demo(tmp_path / "a", today=today)
    conn = sqlite3.connect(first.db_path)

    def values(sql: str) -> set[Any]:
        return {row[0] for row in conn.execute(sql)}

    assert values("SELECT status FROM deliveries") == {"full", "partial", "none", "not-due"}
    assert values("SELECT on_target FROM visits") == {"yes", "no", "unsure", None}
    assert {"better", "same", "worse"} <= values("SELECT outcome FROM visits")
    assert values("SELECT kind FROM visits") == {"monitoring", "escort"}
    assert 1 in values("SELECT ready_to_graduate FROM visits")
    assert values("SELECT status FROM findings") == {"open", "resolved"}
    assert values("SELECT substr(visit_date, 1, 7) FROM visits") >= {"2026-05", "2026-04"}
    assert max(values("SELECT visit_date FROM visits")) <= today.isoformat()
    second = build_demo(tmp_path / "b", today=today)
    assert second.visits == first.visits
    assert second.summary.as_json() == first.summary.as_json()
