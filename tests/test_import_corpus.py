"""Issue 25: real lists import on the first try. Every layout of tests/data/lists (DTKS,
BNBA PKH/BPNT, SIKS-NG, PBI-JK, BLT Dana Desa, Dinas Sosial: title rows, "(1) (2) ..."
numbering rows, two-row headers, NAMA KRT / NAMA KPM / NO. KK / KEC. headings, "Bamban Sel."
abbreviations, names in any case) imports without a column mapping."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

LISTS = Path(__file__).parent / "data" / "lists"
FILES = sorted(p for p in LISTS.iterdir() if p.suffix in (".xlsx", ".csv"))


def test_the_corpus_has_ten_layouts() -> None:
    assert len(FILES) >= 10


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_a_real_list_imports_without_a_mapping(cli: Any, initialised: Path, path: Path) -> None:
    result = cli("recipient", "import", str(path), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["rejected"] == 0 and summary["problems"] == []
    assert summary["new"] == 4 and summary["imported"]
    assert "name" in summary["columns"].values() and "nik" in summary["columns"].values()
