"""Every table at 80 columns: nothing wider than the terminal, NIKs and ids never cut,
labels instead of codes; --wide shows every column on one line; --csv on every list."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from sampingdesa.cli import output, tables
from tests.conftest import NIK_MAN, NIK_WOMAN


def ok(result):  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def at80(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The terminal is 80 columns wide (the console reads COLUMNS when it is made)."""
    monkeypatch.setenv("COLUMNS", "80")
    output._consoles.clear()
    yield
    output._consoles.clear()


@pytest.fixture
def visited(cli, registered: Path) -> Path:
    ok(cli("visit", "add", NIK_WOMAN, "--date", "2026-11-02", "--delivery",
           "BPNT:2026-10:none", "--on-target", "yes", "--change", "better",
           "--notes", "Kartu KKS tertahan di ketua kelompok sejak bulan lalu"))  # fmt: skip
    ok(cli("visit", "add", NIK_MAN, "--date", "2026-11-03", "--delivery",
           "BPNT:2026-10:full:200rb", "--on-target", "yes"))  # fmt: skip
    return registered


def flat(screen: str) -> str:
    """The words of a screen, wrapped cells joined up again."""
    return " ".join(screen.split())


def fits(screen: str) -> list[str]:
    lines = screen.splitlines()
    assert lines, "nothing printed"
    too_wide = [line for line in lines if len(line) > 80]
    assert too_wide == []
    return lines


def test_visit_due_at_80_columns(cli, registered: Path, at80: None) -> None:
    screen = ok(cli("visit", "due", "--month", "2026-11")).stdout
    fits(screen)
    assert "630605******0001" in screen  # the whole masked NIK
    assert "Siti Aisyah" in screen and "Kandangan" in screen
    assert "JADUP-LANSIA" in screen  # a programme code is not folded
    assert "Kolom lain: --wide" in screen


def test_visit_due_wide_shows_ids_on_one_line(cli, registered: Path, at80: None) -> None:
    screen = ok(cli("visit", "due", "--month", "2026-11", "--wide")).stdout
    records = json.loads(ok(cli("visit", "due", "--month", "2026-11", "--json")).stdout)
    line = next(line for line in screen.splitlines() if "Siti Aisyah" in line)
    woman = next(r for r in records if r["name"] == "Siti Aisyah")
    assert woman["uuid"][:8] in line and "BPNT, PKH" in line
    assert "Kolom lain" not in screen


def test_visit_list_at_80_columns_with_labels(cli, visited: Path, at80: None) -> None:
    screen = ok(cli("visit", "list")).stdout
    lines = fits(screen)
    assert "tidak diterima" in flat(screen) and "tepat sasaran" in flat(screen)
    assert " none" not in screen and " yes" not in screen
    ident = json.loads(ok(cli("visit", "list", "--json")).stdout)[0]["id"]
    assert any(ident in line for line in lines)
    wide = ok(cli("visit", "list", "--wide")).stdout
    assert "Kartu KKS tertahan di ketua kelompok sejak bulan lalu" in wide
    assert "membaik" in wide and "630605******0001" in wide


def test_visit_list_in_english(cli, visited: Path, at80: None) -> None:
    screen = ok(cli("--lang", "en", "visit", "list")).stdout
    assert "not received" in flat(screen) and "on target" in flat(screen)


def test_visit_show_and_edit_use_labels(cli, visited: Path, at80: None) -> None:
    ident = json.loads(ok(cli("visit", "list", "--json")).stdout)[0]["id"]
    screen = ok(cli("visit", "show", ident)).stdout
    fits(screen)
    assert "pemantauan" in screen and "membaik" in screen
    assert "bantuan tidak" in screen and "not-received" not in screen
    assert "terbuka" in screen
    edited = ok(cli("visit", "edit", ident, "--notes", "Sudah lapor", "--change", "same")).stdout
    assert "diubah: perubahan, catatan." in edited
    record = json.loads(ok(cli("visit", "show", ident, "--json")).stdout)
    assert record["outcome"] == "same" and record["kind"] == "monitoring"  # JSON keeps codes


def test_finding_list_at_80_columns_and_csv(cli, visited: Path, at80: None) -> None:
    screen = ok(cli("finding", "list")).stdout
    lines = fits(screen)
    found = json.loads(ok(cli("finding", "list", "--json")).stdout)
    assert any(found[0]["id"] in line for line in lines)
    assert (
        "bantuan tidak" in screen and "not-received" not in screen and "Siti Aisyah" in flat(screen)
    )
    table = list(csv.reader(io.StringIO(ok(cli("finding", "list", "--csv")).stdout)))
    assert table[0][:2] == ["ID", "Dibuka"] and len(table) == 2
    assert table[1][3] == "not-received" and table[1][5] == "630605******0001"
    wide = ok(cli("finding", "list", "--wide")).stdout
    assert "630605******0001" in wide and "Kandangan Kota" in wide and "terbuka" in wide


def test_recipient_list_at_80_columns(cli, registered: Path, at80: None) -> None:
    screen = ok(cli("recipient", "list")).stdout
    fits(screen)
    for masked in ("630605******0001", "630605******0002", "630605******0003"):
        assert masked in screen
    assert "Gusti Iberahim" in flat(screen) and "Kandangan Kota" in flat(screen)
    wide = ok(cli("recipient", "list", "--wide")).stdout
    assert "perempuan" in wide and "1989" in wide and "1989-07-05" not in wide  # birth year only


def test_recipient_show_at_80_columns(cli, visited: Path, at80: None) -> None:
    screen = ok(cli("recipient", "show", NIK_WOMAN)).stdout
    fits(screen)
    assert "perempuan" in screen and "aktif" in screen and "BPNT 2026-10: tidak" in screen


def test_report_summary_at_80_columns(cli, visited: Path, at80: None) -> None:
    screen = ok(cli("report", "summary", "--month", "2026-11")).stdout
    fits(screen)
    assert "% dikunjungi" in " ".join(screen.split()) or "dikunjungi" in screen
    wide = ok(cli("report", "summary", "--month", "2026-11", "--wide")).stdout
    header = next(line for line in wide.splitlines() if "Wilayah" in line)
    assert "Temuan terbuka" in header  # the last column, whole


@pytest.mark.parametrize(
    "args",
    [
        ("program", "list"),
        ("wilayah", "list"),
        ("wilayah", "find", "kandangan"),
        ("recipient", "duplicates"),
        ("db", "audit", "list"),
        ("visit", "sample", "--month", "2026-11", "--per-desa", "2", "--seed", "1"),
    ],
)
def test_other_tables_fit_80_columns(cli, visited: Path, at80: None, args) -> None:
    fits(ok(cli(*args)).stdout)


@pytest.mark.parametrize(
    "args",
    [
        ("recipient", "list"),
        ("visit", "list"),
        ("visit", "due", "--month", "2026-11"),
        ("visit", "sample", "--month", "2026-11", "--per-desa", "1", "--seed", "3"),
        ("finding", "list"),
        ("program", "list"),
        ("wilayah", "list"),
    ],
)
def test_every_list_prints_json_and_csv(cli, visited: Path, args) -> None:
    json.loads(ok(cli(*args, "--json")).stdout)
    table = list(csv.reader(io.StringIO(ok(cli(*args, "--csv")).stdout)))
    assert len(table) >= 2 and len({len(row) for row in table}) == 1


def test_visit_sample_shows_last_visit_and_open_findings(cli, visited: Path) -> None:
    sample = json.loads(
        ok(cli("visit", "sample", "--month", "2026-11", "--per-desa", "5", "--json")).stdout
    )
    woman = next(r for r in sample["recipients"] if r["name"] == "Siti Aisyah")
    assert woman["last_visit"] == "2026-11-02" and woman["open_findings"] == 1


def test_a_long_name_wraps_and_the_nik_stays_whole() -> None:
    screen = tables.render_at(
        80,
        tables.build_table(
            None,
            [tables.text("Nama"), tables.key("NIK"), tables.text("Desa"), tables.key("ID")],
            [
                [
                    "Hajjah Siti Nurhalizah binti Haji Abdurrahman Muhammad Syarifuddin",
                    "630605******0001",
                    "Kandangan Kota",
                    "3f9c2a1b",
                ]
            ],
            width=60,
        ),
    )
    assert "630605******0001" in screen and "3f9c2a1b" in screen
    assert all(len(line) <= 60 for line in screen.splitlines())
    assert "Syarifuddin" in screen
