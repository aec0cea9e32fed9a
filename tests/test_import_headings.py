"""Issue 25: the headings real lists use, in one table (io/sheet_import.py), shown in the
import guide; the column-number row; region-name abbreviations; repeated problems grouped;
`--errors-to` keeps NIKs as text; names compared without regard to case."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sampingdesa.io.sheet_import import (
    HEADER_ALIASES,
    RECIPIENT_FIELDS,
    CellProblem,
    describe_problems,
    is_numbering_row,
    row_ranges,
)
from tests.conftest import NIK_MAN, NIK_WOMAN

GUIDE = Path(__file__).parent.parent / "docs" / "guide-import.md"


def guide_rows() -> list[str]:
    """The heading table of docs/guide-import.md as the code gives it."""
    return [
        f"| `{name}` | " + "; ".join(a.upper() for a in HEADER_ALIASES[name]) + " |"
        for name in RECIPIENT_FIELDS
    ]


def test_the_guide_shows_the_heading_table_of_the_code() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    shown = [line for line in text.splitlines() if line.startswith("| `")]
    assert shown == guide_rows(), "docs/guide-import.md: regenerate the heading table"


@pytest.mark.parametrize(
    "heading",
    ["NAMA KRT", "NAMA KPM", "NAMA PENERIMA", "NAMA ART", "NO. KK", "NOMOR KK", "ALAMAT",
     "KELURAHAN/DESA", "KEC.", "JENIS KELAMIN", "TGL LAHIR", "TEMPAT LAHIR", "Tgl. Lahir"],
)  # fmt: skip
def test_real_headings_are_recognised(heading: str) -> None:
    from sampingdesa.importing.columns import field_for

    assert field_for(heading) is not None


def test_column_number_rows() -> None:
    assert is_numbering_row(["(1)", "(2)", "(3)", "(4)"])
    assert is_numbering_row(["1", "2", "3"]) and is_numbering_row([1.0, 2.0, 3.0])
    assert is_numbering_row([-1.0, -2.0, -3.0])  # "(1)" typed into Excel is minus one
    assert not is_numbering_row(["(1)", "(3)", "(4)"])
    assert not is_numbering_row(["(1", "2)", "3"])
    assert not is_numbering_row(["(1)", "Siti", "(3)"])


@pytest.mark.parametrize(
    ("typed", "name"),
    [("Bamban Sel.", "Bamban Selatan"), ("Bamban Utr.", "Bamban Utara"),
     ("Batang Kulur Tgh.", "Batang Kulur Tengah"), ("Kandangan Brt.", "Kandangan Barat"),
     ("Hamak Tim.", "Hamak Timur"), ("Ds. Hamak Utr.", "Hamak Utara"),
     ("Kel. Kandangan Kota", "Kandangan Kota"), ("Sei Raya Sel.", "Sungai Raya Selatan")],
)  # fmt: skip
def test_region_name_abbreviations(typed: str, name: str) -> None:
    from sampingdesa.places.regions import descendants, match_regions

    places = [r for r in descendants("63.06") if r.level != "kecamatan"]
    assert [r.name for r in match_regions(typed, places)] == [name]


def test_row_ranges_and_grouping() -> None:
    assert row_ranges([2, 3, 4, 7, 9, 10]) == "2-4, 7, 9-10"
    problems = [CellProblem(r, "F", "Desa", "Nowhere", "tidak dikenal") for r in range(2, 33)]
    problems.append(CellProblem(5, "B", "NIK", "123", "16 angka"))
    assert describe_problems(problems) == [
        "Baris 2-32, kolom 'Desa' (F): 'Nowhere': tidak dikenal",
        "Baris 5, kolom 'NIK' (B5): '123': 16 angka",
    ]


def _list(path: Path, rows: list[list[Any]]) -> Path:
    lines = ["NO;NIK;NAMA KRT;DESA"] + [";".join(map(str, r)) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_one_wrong_value_on_every_row_is_one_line(
    cli: Any, initialised: Path, tmp_path: Path
) -> None:
    rows = [[i, f"630605{41 + (i % 28):02d}0789{i:04d}", f"Orang {i}", "Atlantis"]
            for i in range(1, 32)]  # fmt: skip
    result = cli("recipient", "import", str(_list(tmp_path / "l.csv", rows)))
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if "Atlantis" in line]
    assert len(lines) == 1 and "Baris 2-32, kolom 'DESA' (D)" in lines[0], result.stdout


def test_errors_to_writes_nik_and_kk_as_text(cli: Any, initialised: Path, tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text(f"NIK;NO. KK;NAMA;DESA\n{NIK_WOMAN};6306052001150001;Siti;Atlantis\n")
    fix = tmp_path / "fix.xlsx"
    cli("recipient", "import", str(path), "--errors-to", str(fix))
    sheet = openpyxl.load_workbook(fix).active
    assert sheet["A2"].number_format == "@" and sheet["B2"].number_format == "@"
    assert sheet["A2"].value == NIK_WOMAN


def test_a_change_of_case_is_not_an_update_and_names_sort_without_case(
    cli: Any, initialised: Path, tmp_path: Path
) -> None:
    first = tmp_path / "a.csv"
    first.write_text(f"NIK;NAMA KRT;DESA\n{NIK_WOMAN};ASNAH;Kandangan Kota\n"
                     f"{NIK_MAN};abdul hamid;Kandangan Kota\n")  # fmt: skip
    assert cli("recipient", "import", str(first)).exit_code == 0
    again = tmp_path / "b.csv"
    again.write_text(f"NIK;NAMA KRT;DESA\n{NIK_WOMAN};Asnah;Kandangan Kota\n"
                     f"{NIK_MAN};Abdul  Hamid;Kandangan Kota\n")  # fmt: skip
    summary = json.loads(cli("recipient", "import", str(again), "--json").stdout)
    assert summary["updated"] == 0 and summary["unchanged"] == 2
    names = [r["name"] for r in json.loads(cli("recipient", "list", "--json").stdout)]
    assert names == ["abdul hamid", "ASNAH"]  # as typed, sorted without regard to case
    stored = sqlite3.connect(initialised).execute("SELECT name FROM recipients ORDER BY name")
    assert sorted(r[0] for r in stored) == ["ASNAH", "abdul hamid"]


def test_idm_is_a_configuration_of_the_skeleton(workspace: Any, tmp_path: Path) -> None:
    """Title rows above the header and a column-number row under it, as in the list every
    importer reads (io/sheet_import.py); problems in the one wording."""
    from sampingdesa.errors import SampingError
    from sampingdesa.register.idm import read_idm_file

    path = tmp_path / "idm.csv"
    path.write_text("STATUS IDM 2024;;;;\n;;;;\nDesa;Tahun;IKS;IKE;IKL\n(1);(2);(3);(4);(5)\n"
                    "Kandangan Kota;2024;0,7;0,6;0,5\n")  # fmt: skip
    [value] = read_idm_file(workspace, path)
    assert value.desa_name == "Kandangan Kota" and value.year == 2024
    path.write_text("Desa;Tahun;IKS;IKE;IKL\n" + "Atlantis;2024;0,7;0,6;0,5\n" * 3)
    with pytest.raises(SampingError) as raised:
        read_idm_file(workspace, path)
    [line] = raised.value.details
    assert line.startswith("Baris 2-4, kolom 'Desa' (A): ")
