"""`visit add`: every option, every rule (a refused visit changes nothing), the guided
questionnaire through simulated input, and migration 2 on a database with data."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from sampingdesa.cli import prompts
from tests.conftest import NIK_ELDER, NIK_MAN, NIK_WOMAN, snapshot


def rows(db: Path, sql: str, *params: Any) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def test_monitoring_visit_with_every_option(cli, registered: Path, tmp_path: Path) -> None:
    photo = tmp_path / "rumah.jpg"
    photo.write_bytes(b"\xff\xd8 not really a jpeg")
    result = ok(cli(
        "visit", "add", NIK_WOMAN, "--date", "2025-11-03",
        "--delivery", "BPNT:2025-10:full:Rp 200.000", "--delivery", "PKH:2025-T4:partial:500rb",
        "--received", "2025-10-20", "--problem", "deducted",
        "--on-target", "yes", "--change", "better", "--income", "better", "--work", "same",
        "--housing", "same", "--schooling", "better", "--health", "worse",
        "--ready-to-graduate", "--notes", "Warung kecil sudah jalan",
        "--gps", "-2.7766,115.2536", "--photo", str(photo),
    ))  # fmt: skip
    assert "tercatat" in result.stdout
    visit = rows(registered, "SELECT * FROM visits")[0]
    assert (visit["visit_date"], visit["kind"], visit["on_target"], visit["outcome"]) == (
        "2025-11-03",
        "monitoring",
        "yes",
        "better",
    )
    assert (visit["income_change"], visit["work_change"], visit["health_change"]) == (
        "better",
        "same",
        "worse",
    )
    assert visit["schooling_change"] == "better" and visit["housing_change"] == "same"
    assert visit["ready_to_graduate"] == 1 and visit["needs_referral"] == 0
    assert (visit["gps_lat"], visit["gps_lon"]) == (-2.7766, 115.2536)
    assert visit["desa_code"] == "63.06.05.1003" or visit["desa_code"].startswith("63.06.05")
    deliveries = {d["program_code"]: d for d in rows(registered, "SELECT * FROM deliveries")}
    assert deliveries["BPNT"]["amount"] == 200_000
    assert deliveries["BPNT"]["received_date"] == "2025-10-20"
    assert deliveries["BPNT"]["problem"] is None  # problems belong to partial/none only
    assert deliveries["PKH"]["period_start"] == "2025-10-01"
    assert deliveries["PKH"]["period_end"] == "2025-12-31"
    assert deliveries["PKH"]["problem"] == "deducted"
    import hashlib

    photo_row = rows(registered, "SELECT * FROM visit_photos")[0]
    assert photo_row["sha256"] == hashlib.sha256(photo.read_bytes()).hexdigest()
    assert photo_row["path"].endswith("rumah.jpg")
    kinds = [f["kind"] for f in rows(registered, "SELECT kind FROM findings")]
    assert kinds == ["partial"]  # outcome better: no "worse" finding
    # NIK-free: the visit tables never hold a NIK.
    for table in ("visits", "deliveries", "findings", "visit_photos"):
        assert NIK_WOMAN not in json.dumps(
            [tuple(r) for r in rows(registered, f"SELECT * FROM {table}")]
        )
    logged = rows(registered, "SELECT DISTINCT table_name FROM change_log")
    assert {"visits", "deliveries", "findings", "visit_photos"} <= {r[0] for r in logged}


def test_off_target_worse_and_referral_open_findings(cli, registered: Path) -> None:
    result = ok(cli(
        "visit", "add", NIK_MAN, "--date", "2025-11-03", "--delivery", "BPNT:2025-10:none",
        "--problem", "card-blocked", "--on-target", "no", "--reason", "other:kerja di kota",
        "--change", "worse", "--income", "worse", "--needs-referral",
        "--notes", "Anak sakit, perlu ke Puskesmas",
    ))  # fmt: skip
    findings = rows(registered, "SELECT * FROM findings ORDER BY kind")
    assert [f["kind"] for f in findings] == ["not-received", "off-target", "referral", "worse"]
    assert all(f["status"] == "open" and f["opened_on"] == "2025-11-03" for f in findings)
    by_kind = {f["kind"]: f for f in findings}
    assert "kartu diblokir" in by_kind["not-received"]["details"]
    assert by_kind["not-received"]["program_code"] == "BPNT"
    assert "kerja di kota" in by_kind["off-target"]["details"]
    assert "Puskesmas" in by_kind["referral"]["details"]
    assert "penghasilan" in by_kind["worse"]["details"]
    assert result.stdout.count("Temuan") == 4
    visit = rows(registered, "SELECT * FROM visits")[0]
    assert (visit["off_target_reason"], visit["off_target_note"]) == ("other", "kerja di kota")


def test_escort_of_an_elderly_resident(cli, registered: Path) -> None:
    result = ok(cli(
        "visit", "add", NIK_ELDER, "--date", "2025-11-04", "--escort",
        "--facility", "Puskesmas Kandangan", "--purpose", "Periksa tekanan darah",
        "--transport", "motor", "--result", "Dapat obat",
    ))  # fmt: skip
    assert "lansia" not in result.stderr  # elderly: no warning
    visit = rows(registered, "SELECT * FROM visits")[0]
    assert visit["kind"] == "escort"
    assert (visit["escort_facility"], visit["escort_purpose"], visit["escort_transport"],
            visit["escort_result"]) == ("Puskesmas Kandangan", "Periksa tekanan darah", "motor",
                                        "Dapat obat")  # fmt: skip


def test_escort_of_someone_young_warns_but_records(cli, registered: Path) -> None:
    result = ok(cli(
        "visit", "add", NIK_WOMAN, "--date", "2025-11-04", "--escort",
        "--facility", "RSUD Brigjend H. Hasan Basry", "--purpose", "Kontrol",
    ))  # fmt: skip
    assert "tidak tercatat sebagai lansia" in result.stderr
    assert len(rows(registered, "SELECT * FROM visits")) == 1


def test_amount_differing_from_nominal_warns(cli, registered: Path) -> None:
    result = ok(cli("visit", "add", NIK_MAN, "--date", "2025-11-03",
                    "--delivery", "BPNT:2025-T4:full:400rb"))  # fmt: skip
    assert "Rp 400.000" in result.stderr and "Rp 600.000" in result.stderr
    quiet = ok(cli("visit", "add", NIK_MAN, "--date", "2025-11-04",
                   "--delivery", "BPNT:2025-10:full:200.000"))  # fmt: skip
    assert "nominal" not in quiet.stderr


def test_english_output(cli, registered: Path) -> None:
    result = ok(cli("--lang", "en", "visit", "add", NIK_MAN, "--date", "2025-11-03",
                    "--delivery", "BPNT:2025-10:none"))  # fmt: skip
    assert "recorded" in result.stdout and "Finding" in result.stdout


RULES = [
    (["--date", "2999-01-01"], "masa depan"),
    (["--date", "2025-11-03", "--delivery", "JADUP-LANSIA:2025-10:full"], "tidak terdaftar"),
    (["--date", "2025-11-03", "--delivery", "BPNT:2025-10:full:-200000"], "negatif"),
    (["--date", "2025-11-03", "--delivery", "XYZ:2025-10:full"], "XYZ"),
    (["--date", "2025-11-03", "--delivery", "BPNT:2025-10:none:200rb"], "ada jumlahnya"),
    (["--date", "2025-11-03", "--delivery", "BPNT:2025-10:full",
      "--delivery", "BPNT:2025-10:none"], "dua kali"),
    (["--date", "2025-11-03", "--on-target", "no"], "--reason"),
    (["--date", "2025-11-03", "--on-target", "yes", "--reason", "moved"], "--reason"),
    (["--date", "2025-11-03", "--on-target", "maybe"], "maybe"),
    (["--date", "2025-11-03", "--reason", "other"], "alasan lain"),
    (["--date", "2025-11-03", "--change", "much"], "much"),
    (["--date", "2025-11-03", "--income", "rich"], "rich"),
    (["--date", "2025-11-03", "--gps", "48.85,2.35"], "Indonesia"),
    (["--date", "2025-11-03", "--photo", "/no/such/photo.jpg"], "tidak ditemukan"),
    (["--date", "2025-11-03", "--escort", "--facility", "Puskesmas"], "--purpose"),
    (["--date", "2025-11-03", "--facility", "Puskesmas"], "--escort"),
    (["--date", "2025-11-03", "--escort", "--facility", "P", "--purpose", "x",
      "--delivery", "BPNT:2025-10:full"], "pemantauan"),
    (["--date", "2025-11-03", "--delivery", "BPNT:2025-10:full", "--problem", "deducted"],
     "--problem"),
    (["--date", "2025-11-03", "--delivery", "BPNT:2025-10:none", "--received", "2025-10-01"],
     "--received"),
    (["--date", "2025-11-03", "--delivery", "BPNT:2025-10:full", "--received", "2025-11-05"],
     "sesudah"),
    (["--date", "kemarin"], "tanggal"),
    ([], "--date"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), RULES)
def test_each_rule_is_a_clear_error_that_changes_nothing(
    cli, registered: Path, args: list[str], message: str
) -> None:
    before = snapshot(registered)
    result = cli("visit", "add", NIK_MAN, *args)
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(registered) == before


def test_unknown_nik_suggests_close_matches(cli, registered: Path) -> None:
    before = snapshot(registered)
    result = cli("visit", "add", NIK_MAN[:-1] + "9", "--date", "2025-11-03")
    assert result.exit_code == 1
    assert "Ahmad Rahman" in result.stderr
    by_name = cli("visit", "add", "ahmad rahmn", "--date", "2025-11-03")
    assert by_name.exit_code == 1 and "Ahmad Rahman" in by_name.stderr
    assert snapshot(registered) == before


def test_enrollment_with_known_start_limits_the_periods(cli, registered: Path) -> None:
    ok(cli("recipient", "enroll", NIK_MAN, "--program", "BLT-DD", "--since", "2025-10-15"))
    before = snapshot(registered)
    refused = cli(
        "visit", "add", NIK_MAN, "--date", "2025-11-03", "--delivery", "BLT-DD:2025-09:full"
    )
    assert refused.exit_code == 1 and snapshot(registered) == before
    ok(cli("visit", "add", NIK_MAN, "--date", "2025-11-03", "--delivery", "BLT-DD:2025-10:full"))
    # A programme the recipient has left still counts for the months enrolled.
    ok(cli("recipient", "leave", NIK_MAN, "--program", "BLT-DD", "--reason", "stopped",
           "--date", "2025-11-30"))  # fmt: skip
    ok(cli("visit", "add", NIK_MAN, "--date", "2025-12-03", "--delivery", "BLT-DD:2025-11:full"))
    assert cli("visit", "add", NIK_MAN, "--date", "2025-12-03",
               "--delivery", "BLT-DD:2025-12:full").exit_code == 1  # fmt: skip


# -- the questionnaire --------------------------------------------------------------------
@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prompts, "interactive", lambda: True)


def test_questionnaire_monitoring(cli, registered: Path, terminal: None) -> None:
    answers = [
        "2025-11-03",  # date
        "1",           # kind: monitoring
        "2",           # programme: BPNT (choices BPNT? sorted: BPNT, PKH -> 1 BPNT, 2 PKH)
        "",            # period: suggested 2025-T4 for PKH
        "sebagian",    # received in part
        "Rp 300.000",  # amount
        "2025-10-28",  # date received
        "2",           # problem: cut by a third party
        "",            # no more programmes
        "1",           # on target: yes
        "memburuk",    # outcome
        "3", "", "", "", "",  # income worse; the rest skipped
        "n",           # ready to graduate
        "y",           # referral
        "Perlu dirujuk ke Dinas",  # notes
        "ya",          # the summary: save
    ]  # fmt: skip
    result = ok(cli("visit", "add", NIK_WOMAN, input="\n".join(answers) + "\n"))
    assert "Kunjungan ke Siti Aisyah" in result.stdout
    assert "Periksa bantuan program apa" in result.stdout
    visit = rows(registered, "SELECT * FROM visits")[0]
    assert (visit["visit_date"], visit["on_target"], visit["outcome"], visit["income_change"]) == (
        "2025-11-03",
        "yes",
        "worse",
        "worse",
    )
    assert visit["needs_referral"] == 1 and visit["notes"] == "Perlu dirujuk ke Dinas"
    delivery = rows(registered, "SELECT * FROM deliveries")[0]
    assert (delivery["program_code"], delivery["period"], delivery["status"], delivery["amount"],
            delivery["received_date"], delivery["problem"]) == (
        "PKH", "2025-T4", "partial", 300_000, "2025-10-28", "deducted")  # fmt: skip
    kinds = sorted(f["kind"] for f in rows(registered, "SELECT kind FROM findings"))
    assert kinds == ["partial", "referral", "worse"]


def test_questionnaire_escort_and_retry_on_bad_answer(
    cli, registered: Path, terminal: None
) -> None:
    answers = ["2025-11-05", "pendampingan lansia", "Puskesmas Kandangan", "Cek gula darah",
               "ambulans desa", "", "n", "", "ya"]  # fmt: skip
    ok(cli("visit", "add", NIK_ELDER, input="\n".join(answers) + "\n"))
    visit = rows(registered, "SELECT * FROM visits")[0]
    assert (visit["kind"], visit["escort_facility"], visit["escort_transport"]) == (
        "escort",
        "Puskesmas Kandangan",
        "ambulans desa",
    )
    assert visit["escort_result"] is None
    retry = ok(cli("visit", "add", NIK_MAN, input="2025-11-06\nxyz\n1\n\nragu\n\nn\nn\n\nya\n"))
    assert "xyz" in retry.stderr  # the bad answer was explained, then asked again
    assert (
        rows(registered, "SELECT on_target FROM visits WHERE kind = 'monitoring'")[0][0] == "unsure"
    )


def test_questionnaire_warns_about_double_aid(cli, registered: Path, terminal: None) -> None:
    ok(cli("recipient", "enroll", NIK_MAN, "--program", "BLT-DD"))
    result = ok(cli("visit", "add", NIK_MAN, input="2025-11-06\n1\n\n1\n\nn\nn\n\nya\n"))
    assert "BLT-DD" in result.stderr and "BPNT" in result.stderr


def test_options_given_means_no_questions(cli, registered: Path, terminal: None) -> None:
    result = ok(cli("visit", "add", NIK_MAN, "--date", "2025-11-03", "--on-target", "yes"))
    assert "Jenis kunjungan" not in result.stdout


# -- schema ---------------------------------------------------------------------------------
def test_migration_2_on_a_version_1_database_with_data(tmp_path: Path) -> None:
    from sampingdesa.store.db import connect, open_db
    from sampingdesa.store.migrations import apply_migrations

    path = tmp_path / "old.db"
    conn = connect(path)
    apply_migrations(conn, upto=1)
    conn.execute(
        "INSERT INTO recipients (uuid, nik, name, desa_code, created_at, created_by, updated_at, "
        "updated_by) VALUES ('r1', ?, 'Siti', '63.06.05.2001', 'x', 'x', 'x', 'x')",
        (NIK_WOMAN,),
    )
    conn.close()
    conn = open_db(path)
    assert conn.execute("SELECT name FROM recipients").fetchone()[0] == "Siti"
    assert {r[0] for r in conn.execute("SELECT id FROM migrations")} >= {1, 2}
    columns = {r[1]: r[2] for r in conn.execute("PRAGMA table_info(visits)")}
    assert columns["visit_date"] == "TEXT" and columns["gps_lat"] == "REAL"
    assert columns["ready_to_graduate"] == "INTEGER"
    for table in ("deliveries", "findings", "visit_photos"):
        names = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        assert {"uuid", "created_at", "updated_by", "deleted_at", "deleted_reason"} <= names
        assert not any("nik" in name for name in names)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO visits (uuid, recipient_uuid, desa_code, visit_date, kind, created_at, "
            "created_by, updated_at, updated_by) VALUES ('v', 'r1', 'd', '2025-01-01', 'party', "
            "'x', 'x', 'x', 'x')"
        )
    conn.close()
