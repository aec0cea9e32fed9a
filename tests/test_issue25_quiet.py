"""Issue 25: `--quiet` means only errors. Reports, closing lines, warnings and advice print
nothing; errors (and the problems behind a refusal) still print, and so does what the user
asked to see (JSON, lists, status)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import NIK_MAN, NIK_WOMAN
from tests.import_helpers import write_csv

NEW_NIK = "6306055507900004"  # born 1990-07-15, P


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def silent(result: Any) -> None:
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr == ""


def failed(result: Any) -> str:
    assert result.exit_code != 0
    assert result.stderr.strip()
    return " ".join(result.stderr.split())


def a_list(tmp_path: Path, nik: str = NEW_NIK) -> Path:
    # "Keterangan Lain" is not a known heading: a warning without --quiet.
    return write_csv(
        tmp_path / "daftar.csv",
        [["NIK", "Nama", "Desa", "Keterangan Lain"], [nik, "Nurul Hidayah", "Kandangan Kota", "x"]],
    )


def test_recipient_import_is_silent_with_quiet(cli, registered: Path, tmp_path: Path) -> None:
    loud = ok(cli("recipient", "import", str(a_list(tmp_path)), "--dry-run"))
    assert "Peringatan:" in loud.stderr and loud.stdout.strip()
    silent(cli("--quiet", "recipient", "import", str(a_list(tmp_path))))
    listed = json.loads(ok(cli("--quiet", "recipient", "list", "--json")).stdout)
    assert "Nurul Hidayah" in {row["name"] for row in listed}


def test_a_refused_import_still_says_why_with_quiet(cli, registered: Path, tmp_path: Path) -> None:
    result = cli("--quiet", "recipient", "import", str(a_list(tmp_path, nik="123")))
    assert "Tidak ada yang diimpor" in failed(result)
    # The problems behind the refusal are part of the error: named by row and column.
    assert "Masalah di" in result.stdout and "Baris 2" in result.stdout
    assert "Peringatan:" not in result.stderr  # the unknown column is only a warning


def test_sync_export_and_import_are_silent_with_quiet(
    cli, registered: Path, tmp_path: Path
) -> None:
    bundle = tmp_path / "bundel.zip"
    silent(cli("--quiet", "sync", "export", "-o", str(bundle)))
    coordinator = tmp_path / "koordinator.db"
    ok(cli("--db", str(coordinator), "init", "--assistant", "Koordinator", "--coordinator"))
    # Without --quiet: the per-bundle summary and the new laptop's key as a warning.
    loud = ok(cli("--db", str(coordinator), "sync", "import", str(bundle), "--dry-run"))
    assert loud.stdout.strip() and "Peringatan:" in loud.stderr
    silent(cli("--db", str(coordinator), "--quiet", "sync", "import", str(bundle)))
    status = json.loads(ok(cli("--db", str(coordinator), "sync", "status", "--json")).stdout)
    assert any(laptop["assistant_name"] == "Rina Hidayati" for laptop in status["laptops"])
    # Asked for: the status is shown whole even with --quiet.
    shown = ok(cli("--db", str(coordinator), "--quiet", "sync", "status"))
    assert "sampingdesa sync trust" in shown.stdout


def test_a_failed_sync_import_still_prints_the_error_with_quiet(
    cli, registered: Path, tmp_path: Path
) -> None:
    damaged = tmp_path / "rusak.zip"
    damaged.write_bytes(b"not a bundle")
    failed(cli("--quiet", "sync", "import", str(damaged)))
    assert "tidak ada" in failed(cli("--quiet", "sync", "import", str(tmp_path / "nope.zip")))


def test_visit_add_with_a_warning_is_silent_with_quiet(cli, registered: Path) -> None:
    # An amount differing from the nominal is a warning, a partial delivery opens a finding.
    loud = ok(cli("visit", "add", NIK_MAN, "--date", "2025-11-03",
                  "--delivery", "BPNT:2025-T4:full:400rb"))  # fmt: skip
    assert "Peringatan:" in loud.stderr and loud.stdout.strip()
    silent(cli("--quiet", "visit", "add", NIK_WOMAN, "--date", "2025-11-03",
               "--delivery", "BPNT:2025-T4:partial:400rb"))  # fmt: skip
    visits = json.loads(ok(cli("visit", "list", "--json")).stdout)
    assert len(visits) == 2
    # The same check again the same day is refused: the error prints, quiet or not.
    refused = cli("--quiet", "visit", "add", NIK_MAN, "--date", "2025-11-03",
                  "--delivery", "BPNT:2025-T4:full:400rb")  # fmt: skip
    assert "--again" in failed(refused) and refused.stdout == ""


def test_report_monthly_is_silent_with_quiet(cli, registered: Path, tmp_path: Path) -> None:
    ok(cli("visit", "add", NIK_MAN, "--date", "2025-11-03", "--delivery", "BPNT:2025-T4:none"))
    target = tmp_path / "laporan.xlsx"
    loud = ok(cli("report", "monthly", "--month", "2025-11", "-o", str(tmp_path / "a.xlsx")))
    assert loud.stdout.strip()
    silent(cli("--quiet", "report", "monthly", "--month", "2025-11", "-o", str(target)))
    assert target.exists()
    # Written already: refused without --force, and the error prints with --quiet.
    again = cli("--quiet", "report", "monthly", "--month", "2025-11", "-o", str(target))
    assert "--force" in failed(again)


def test_what_the_user_asked_to_see_still_prints_with_quiet(cli, registered: Path) -> None:
    assert "Siti Aisyah" in ok(cli("--quiet", "recipient", "list")).stdout
    assert "Siti Aisyah" in ok(cli("--quiet", "recipient", "show", NIK_WOMAN)).stdout
    assert "Rina Hidayati" in ok(cli("--quiet", "status")).stdout
    rows = ok(cli("--quiet", "recipient", "list", "--csv")).stdout.splitlines()
    assert len(rows) == 4
