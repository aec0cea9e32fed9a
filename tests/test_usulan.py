"""Proposals (usulan) to the DTSEN update: life cycle, desil checks, the paths from a
finding and from a register entry, the meeting list, the SIKS-NG sheet, ground-check
results, and the "Pendataan & Usulan" sheet of the monthly workbook."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sampingdesa.register.usulan import NEXT_STATUS
from sampingdesa.values.codes import ProposalStatus
from tests.conftest import NIK_ELDER, NIK_MAN, NIK_WOMAN, snapshot

NEW_NIK = "6306056508900004"  # born 1990-08-25, P: not in the register
THIS_MONTH = dt.date.today().strftime("%Y-%m")


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def proposals(cli, *args: str) -> list[dict[str, Any]]:
    return json.loads(ok(cli("usulan", "list", "--json", *args)).stdout)


def new_proposal(cli, *args: str) -> str:
    ok(cli("usulan", "add", "--kind", "baru", "--nik", NEW_NIK, "--name", "Wati",
           "--desa", "Kandangan Kota", "--address", "Jl. Mawar 3", "--reason", "janda, tidak "
           "bekerja", *args))  # fmt: skip
    (found,) = [p for p in proposals(cli) if p["nik"].endswith("0004")]
    return str(found["id"])


def test_the_cycle_of_statuses() -> None:
    assert NEXT_STATUS["draft"] == ("musdes", "ditolak")
    assert NEXT_STATUS["siks-ng"] == ("diterima", "ditolak")
    assert [s.value for s in ProposalStatus] == list(NEXT_STATUS)
    assert ProposalStatus.parse("layak", "x") is ProposalStatus.ACCEPTED
    assert ProposalStatus.parse("Tidak Layak", "x") is ProposalStatus.REJECTED


def test_life_cycle(cli, registered: Path) -> None:
    proposal = new_proposal(cli, "--program", "PKH", "--program", "bpnt", "--desil", "3")
    (record,) = proposals(cli)
    assert record["status"] == "draft" and record["programs"] == ["PKH", "BPNT"]
    assert record["month"] == THIS_MONTH and record["nik"] == "630605******0004"
    ok(cli("usulan", "edit", proposal, "--reason", "ibu tunggal, dua anak SD"))
    # A step cannot be skipped, nor can a rejection go without its reason.
    skipped = cli("usulan", "set-status", proposal, "diterima")
    assert skipped.exit_code == 1 and "dibahas di musdes" in skipped.stderr
    ok(cli("usulan", "set-status", proposal, "musdes"))
    ok(cli("usulan", "set-status", proposal, "siks"))
    refused = cli("usulan", "edit", proposal, "--reason", "x")
    assert refused.exit_code == 1 and "diinput ke SIKS-NG" in refused.stderr
    no_reason = cli("usulan", "set-status", proposal, "ditolak")
    assert no_reason.exit_code == 1 and "--reason" in no_reason.stderr
    ok(cli("usulan", "set-status", proposal, "diterima"))
    (record,) = proposals(cli, "--status", "diterima")
    today = dt.date.today().isoformat()
    assert (record["musdes_date"], record["siks_date"], record["decided_on"]) == (today,) * 3
    final = cli("usulan", "set-status", proposal, "ditolak", "--reason", "x")
    assert final.exit_code == 1 and "tidak ada" in final.stderr
    english = ok(cli("usulan", "show", proposal, "--lang", "en"))
    assert "accepted" in english.stdout and "new entry" in english.stdout


def test_desil_limits_are_checked(cli, registered: Path) -> None:
    before = snapshot(registered)
    refused = cli("usulan", "add", "--kind", "baru", "--nik", NEW_NIK, "--name", "Wati",
                  "--desa", "Kandangan Kota", "--reason", "miskin", "--program", "PKH",
                  "--desil", "5")  # fmt: skip
    assert refused.exit_code == 1
    assert "desil 1-4" in refused.stderr and "--program" in refused.stderr
    assert snapshot(registered) == before
    # The register's desil counts when the proposal gives none.
    ok(cli("recipient", "edit", NIK_MAN, "--desil", "6"))
    refused = cli("usulan", "add", "--kind", "perbaikan", "--nik", NIK_MAN, "--program",
                  "PBI-JK", "--reason", "alamat salah")  # fmt: skip
    assert refused.exit_code == 1 and "desil 6" in refused.stderr
    ok(cli("usulan", "add", "--kind", "perbaikan", "--nik", NIK_MAN, "--reason", "alamat salah"))
    (record,) = proposals(cli)
    assert record["desil"] == 6 and record["name"] == "Ahmad Rahman"
    proposal = record["id"]
    raised = cli("usulan", "edit", proposal, "--program", "BPNT")
    assert raised.exit_code == 1 and "BPNT" in raised.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "baru", "--name", "Wati", "--desa", "Kandangan Kota", "--reason", "r"],
         "NIK"),
        (["--kind", "pindah", "--nik", NEW_NIK, "--name", "Wati", "--desa", "Kandangan Kota"],
         "--kind"),
        (["--kind", "hapus", "--nik", NIK_WOMAN], "--removal-reason"),
        (["--kind", "baru", "--nik", NIK_WOMAN, "--removal-reason", "ganda"], "--removal-reason"),
        (["--kind", "hapus", "--nik", NIK_WOMAN, "--removal-reason", "mampu", "--program", "PKH"],
         "--program"),
        (["--kind", "baru", "--nik", NEW_NIK, "--name", "Wati", "--desa", "Kandangan Kota"],
         "--reason"),
        (["--kind", "baru", "--nik", NEW_NIK, "--name", "W", "--desa", "Kandangan Kota",
          "--reason", "r", "--month", "2026-13"], "2026-13"),
    ],
)  # fmt: skip
def test_add_errors_change_nothing(cli, registered: Path, args, message) -> None:
    before = snapshot(registered)
    result = cli("usulan", "add", *args)
    assert result.exit_code == 1 and message in result.stderr, result.output
    assert snapshot(registered) == before


def test_one_proposal_of_a_kind_in_progress(cli, registered: Path) -> None:
    ok(cli("usulan", "add", "--kind", "hapus", "--nik", NIK_ELDER, "--removal-reason", "meninggal"))
    again = cli(
        "usulan", "add", "--kind", "hapus", "--nik", NIK_ELDER, "--removal-reason", "pindah"
    )
    assert again.exit_code == 1 and "sudah punya usulan" in again.stderr
    (record,) = proposals(cli)
    assert record["reason"] == "meninggal dunia" and record["removal_reason"] == "meninggal"
    ok(cli("usulan", "edit", record["id"], "--kind", "perbaikan", "--reason", "nama salah"))
    (record,) = proposals(cli)
    assert (record["kind"], record["removal_reason"]) == ("perbaikan", None)


def test_an_off_target_finding_becomes_a_removal(cli, registered: Path) -> None:
    visit = ok(cli("visit", "add", NIK_ELDER, "--date", dt.date.today().isoformat(),
                   "--on-target", "no", "--reason", "deceased:wafat Oktober"))  # fmt: skip
    assert "usulan add --from-finding" in visit.stdout
    (finding,) = json.loads(ok(cli("finding", "list", "--json")).stdout)
    listed = ok(cli("finding", "list"))
    assert "usulan add --from-finding" in listed.stdout
    ok(cli("usulan", "add", "--from-finding", finding["id"]))
    (record,) = proposals(cli)
    assert record["kind"] == "hapus" and record["removal_reason"] == "meninggal"
    assert record["reason"] == "wafat Oktober" and record["finding_id"] == finding["id"]
    for status in ("musdes", "siks-ng", "diterima"):
        ok(cli("usulan", "set-status", record["id"], status))
    # The accepted removal settles the finding.
    assert json.loads(ok(cli("finding", "list", "--json")).stdout) == []
    (settled,) = json.loads(ok(cli("finding", "list", "--json", "--all")).stdout)
    assert record["id"] in settled["resolution_note"]


def test_other_findings_do_not_become_removals(cli, registered: Path) -> None:
    ok(cli("visit", "add", NIK_MAN, "--date", "2025-11-10", "--delivery", "BPNT:2025-10:none"))
    (finding,) = json.loads(ok(cli("finding", "list", "--json")).stdout)
    result = cli("usulan", "add", "--from-finding", finding["id"])
    assert result.exit_code == 1 and "tidak tepat sasaran" in result.stderr


def test_a_register_entry_becomes_an_inclusion(cli, registered: Path) -> None:
    ok(cli("pendataan", "add", "--name", "Nenek Ijah", "--address", "Jl. Sungai", "--desa",
           "Kandangan Kota", "--category", "lansia-terlantar", "--description", "sendirian"))  # fmt: skip
    (entry,) = json.loads(ok(cli("pendataan", "list", "--json")).stdout)
    without_nik = cli("usulan", "add", "--from-entry", entry["id"])
    assert without_nik.exit_code == 1 and "Disdukcapil" in without_nik.stderr
    ok(cli("usulan", "add", "--from-entry", entry["id"], "--nik", NEW_NIK, "--program", "BPNT"))
    (record,) = proposals(cli)
    assert record["kind"] == "baru" and record["entry_id"] == entry["id"]
    assert record["name"] == "Nenek Ijah" and record["reason"] == "sendirian"
    shown = ok(cli("pendataan", "show", entry["id"]))
    assert record["id"] in shown.stdout


# -- exports -----------------------------------------------------------------------------------
def cells(ws: Any) -> list[Any]:
    return [cell.value for row in ws.iter_rows() for cell in row if cell.value is not None]


def test_meeting_list_and_berita_acara(cli, registered: Path, tmp_path: Path) -> None:
    new_proposal(cli, "--program", "BPNT")
    ok(cli("usulan", "add", "--kind", "hapus", "--nik", NIK_ELDER, "--removal-reason", "ganda",
           "--reason", "=HYPERLINK(\"http://x\")"))  # fmt: skip
    path = tmp_path / "musdes.xlsx"
    result = ok(cli("usulan", "export", "--month", THIS_MONTH, "--desa", "Kandangan Kota",
                    "-o", str(path)))  # fmt: skip
    assert "2 usulan" in result.stdout
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Daftar Usulan", "Berita Acara"]
    listed = book["Daftar Usulan"]
    values = cells(listed)
    assert "DAFTAR USULAN PEMBAHARUAN DATA DTSEN" in values
    assert "Keputusan musdes (setuju / tidak)" in values
    assert "630605******0004" in values and NEW_NIK not in values
    assert 'terdaftar ganda: =HYPERLINK("http://x")' in values  # text, not a formula
    assert all(c.data_type != "f" for row in listed.iter_rows() for c in row)
    minutes = cells(book["Berita Acara"])
    assert "Kepala Desa Kandangan Kota," in minutes and "Rina Hidayati" in minutes
    assert any("1 usulan baru" in str(v) and "1 penghapusan" in str(v) for v in minutes)
    assert "Daftar hadir" in minutes and "Tanda tangan" in minutes
    again = cli("usulan", "export", "--month", THIS_MONTH, "--desa", "Kandangan Kota",
                "-o", str(path))  # fmt: skip
    assert again.exit_code == 1 and "--force" in again.stderr


def test_siks_sheet_needs_a_reason_and_is_logged(cli, registered: Path, tmp_path: Path) -> None:
    proposal = new_proposal(cli)
    path = tmp_path / "siks.xlsx"
    args = ["usulan", "export", "--month", THIS_MONTH, "--desa", "Kandangan Kota", "--for-siks",
            "-o", str(path)]  # fmt: skip
    before = snapshot(registered)
    assert cli(*args).exit_code == 2 and not path.exists()
    nothing_agreed = cli(*args, "--reason", "input SIKS-NG")
    assert nothing_agreed.exit_code == 1 and not path.exists()
    assert snapshot(registered) == before  # no reveal logged for a sheet not written
    ok(cli("usulan", "set-status", proposal, "musdes", "--lang", "en"))
    ok(cli(*args, "--reason", "input SIKS-NG"))
    ws = openpyxl.load_workbook(path)["Untuk SIKS-NG"]
    values = cells(ws)
    assert NEW_NIK in values and "perempuan" in values and "baru" in values
    assert any(str(v).startswith("RAHASIA") and "input SIKS-NG" in str(v) for v in values)
    assert dt.datetime(1990, 8, 25) in values  # birth date read from the NIK
    conn = sqlite3.connect(registered)
    assert conn.execute(
        "SELECT reason FROM change_log WHERE action = 'reveal_nik' AND new LIKE '%for-siks%'"
    ).fetchone() == ("input SIKS-NG",)


# -- ground-check results ------------------------------------------------------------------------
def entered(cli, nik: str, *args: str) -> str:
    ok(cli("usulan", "add", "--nik", nik, *args))
    record = next(p for p in proposals(cli) if p["nik"].endswith(nik[-4:]))
    for status in ("musdes", "siks-ng"):
        ok(cli("usulan", "set-status", record["id"], status))
    return str(record["id"])


def test_ground_check_is_all_or_nothing(cli, registered: Path, tmp_path: Path) -> None:
    entered(cli, NIK_ELDER, "--kind", "hapus", "--removal-reason", "meninggal")
    entered(cli, NIK_MAN, "--kind", "perbaikan", "--reason", "alamat baru")
    path = tmp_path / "hasil.csv"
    path.write_text(
        "HASIL GROUND CHECK DINAS SOSIAL\n\nNo;NIK;Nama;Hasil;Keterangan\n"
        f"1;{NIK_ELDER};Gusti;Layak;\n2;{NIK_MAN};Ahmad;Tidak Layak;masih mampu\n"
        f"3;{NIK_WOMAN};Siti;Layak;\n4;{NIK_MAN};Ahmad;mungkin;\n",
        encoding="utf-8",
    )
    before = snapshot(registered)
    result = cli("usulan", "ground-check", str(path))
    assert result.exit_code == 1, result.output
    # The one wording of every spreadsheet import (io/sheet_import.py), the NIK masked.
    assert "Baris 6, kolom 'NIK' (B6): '630605******0001'" in result.stderr
    assert "menunggu di SIKS-NG" in result.stderr
    assert "Baris 7, kolom 'NIK' (B7)" in result.stderr and "baris 5" in result.stderr  # twice
    assert snapshot(registered) == before
    lines = path.read_text().splitlines()[:-2]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = ok(cli("usulan", "ground-check", str(path)))
    assert "1 usulan diterima, 1 ditolak" in result.stdout
    statuses = {p["nik"][-4:]: (p["status"], p["rejection_reason"]) for p in proposals(cli)}
    assert statuses == {"0003": ("diterima", None), "0002": ("ditolak", "masih mampu")}


def test_ground_check_without_header(cli, registered: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a;b\n1;2\n", encoding="utf-8")
    result = cli("usulan", "ground-check", str(path))
    assert result.exit_code == 1 and "NIK" in result.stderr


# -- the monthly workbook ----------------------------------------------------------------------
def test_the_monthly_sheet(cli, registered: Path, tmp_path: Path) -> None:
    ok(cli("pendataan", "add", "--name", "Nenek Ijah", "--address", "Jl. Sungai", "--desa",
           "Kandangan Kota", "--category", "lansia-terlantar", "--category", "fakir-miskin",
           "--description", "sendirian"))  # fmt: skip
    new_proposal(cli)
    ok(cli("usulan", "add", "--kind", "hapus", "--nik", NIK_ELDER, "--removal-reason", "pindah"))
    ok(cli("recipient", "edit", NIK_WOMAN, "--desil", "7"))
    path = tmp_path / "m.xlsx"
    ok(cli("report", "monthly", "--month", THIS_MONTH, "-o", str(path)))
    ws = openpyxl.load_workbook(path)["Pendataan & Usulan"]
    rows = [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
    assert ["Kandangan", "lanjut usia terlantar", 1] in rows
    assert ["Kandangan", "fakir miskin", 1] in rows
    assert ["baru", 1, 0, 0, 0, 0, 1] in rows
    assert ["hapus", 1, 0, 0, 0, 0, 1] in rows
    assert ["Jumlah", 2, 0, 0, 0, 0, 2] in rows
    mismatches = [r for r in rows if "Siti Aisyah" in r]
    assert sorted(r[3] for r in mismatches) == ["BPNT", "PKH"]
    assert all(r[2] == "630605******0001" for r in mismatches)
    counts = tmp_path / "agregat.xlsx"
    ok(cli("report", "monthly", "--month", THIS_MONTH, "-o", str(counts), "--profile",
           "aggregate"))  # fmt: skip
    aggregate = openpyxl.load_workbook(counts)["Pendataan & Usulan"]
    values = [c for row in aggregate.iter_rows(values_only=True) for c in row if c is not None]
    assert "Siti Aisyah" not in values and "Nenek Ijah" not in values
    assert not any("630605" in str(v) for v in values)
    rows = [[c for c in row if c is not None] for row in aggregate.iter_rows(values_only=True)]
    assert ["Kandangan", "BPNT", 1] in rows and ["Kandangan", "PKH", 1] in rows


def test_ground_check_from_a_workbook(cli, registered: Path, tmp_path: Path) -> None:
    entered(cli, NIK_ELDER, "--kind", "hapus", "--removal-reason", "pindah")
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["NIK", "Hasil Verifikasi", "Tanggal"])
    ws.append([int(NIK_ELDER), "layak", dt.datetime.combine(dt.date.today(), dt.time())])
    path = tmp_path / "hasil.xlsx"
    book.save(path)
    before = snapshot(registered)
    damaged = cli("usulan", "ground-check", str(path))
    assert damaged.exit_code == 1 and "(A2)" in damaged.stderr and "teks" in damaged.stderr
    assert snapshot(registered) == before
    ws["A2"] = NIK_ELDER
    book.save(path)
    ok(cli("usulan", "ground-check", str(path), "--lang", "en"))
    (record,) = proposals(cli)
    assert (record["status"], record["decided_on"]) == ("diterima", dt.date.today().isoformat())
