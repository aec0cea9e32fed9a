"""Issue 25: a correction corrects everything that follows from it. A visit's findings
follow its answers through every path that changes it (form re-import, `visit edit`, merge,
`sync resolve`), the monthly workbook agrees with itself, status changes drop what no longer
applies, and a second check of the same day is asked about first."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl

from sampingdesa.places.laptop import actor
from sampingdesa.register.visit_findings import reconcile_visit_findings
from sampingdesa.store.changes import changes
from sampingdesa.values.codes import Delivery
from sampingdesa.visits.recording import VisitInput, edit_visit, record_visit, remove_visit
from sampingdesa.visits.rules import DeliverySpec, parse_period
from tests.conftest import NIK_MAN, NIK_WOMAN
from tests.test_visits_forms import fill, make_form, ok

TODAY = dt.date(2025, 12, 1)


def findings(path: Path) -> list[sqlite3.Row]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn.execute(
        "SELECT * FROM findings WHERE deleted_at IS NULL ORDER BY created_at"
    ).fetchall()


def sheet_rows(path: Path, title: str) -> list[list[Any]]:
    sheet = openpyxl.load_workbook(path)[title]
    return [[c for c in row] for row in sheet.iter_rows(values_only=True)]


def texts(rows: list[list[Any]]) -> str:
    return "\n".join(" | ".join("" if c is None else str(c) for c in row) for row in rows)


def test_corrected_form_and_edit_update_findings_and_workbook(
    cli, registered: Path, tmp_path: Path
) -> None:
    path = make_form(cli, tmp_path)
    fill(path, {"Ahmad Rahman": {"date": "2025-11-06", "BPNT:status": "sebagian",
                                 "BPNT:amount": "Rp 150.000"}})  # fmt: skip
    ok(cli("visit", "import", str(path)))
    [first] = findings(registered)
    assert first["kind"] == "partial" and "Rp 150.000" in first["details"]

    # The form row corrected: 150.000 becomes 100.000, re-imported.
    fill(path, {"Ahmad Rahman": {"BPNT:amount": "Rp 100.000"}})
    result = ok(cli("visit", "import", str(path)))
    assert f"Temuan {first['uuid'][:7]}" in result.stdout and "diperbarui" in result.stdout
    [again] = findings(registered)
    assert again["uuid"] == first["uuid"] and again["status"] == "open"
    assert "Rp 100.000" in again["details"] and "Rp 150.000" not in again["details"]

    workbook = tmp_path / "bulan.xlsx"
    ok(cli("report", "monthly", "--month", "2025-11", "-o", str(workbook)))
    temuan, penyaluran = (
        texts(sheet_rows(workbook, "Temuan")),
        texts(sheet_rows(workbook, "Penyaluran")),
    )
    assert "Rp 100.000" in temuan and "Rp 150.000" not in temuan
    assert "100000" in penyaluran.replace(".", "") and "150000" not in penyaluran.replace(".", "")

    # `visit edit`: the partial delivery was in fact full: the finding closes as corrected.
    visit = sqlite3.connect(registered).execute("SELECT uuid FROM visits").fetchone()[0]
    result = ok(cli("visit", "edit", visit[:8], "--delivery", "BPNT:2025-11:full:200rb"))
    assert "ditutup" in result.stdout
    [closed] = findings(registered)
    assert closed["status"] == "resolved" and "Dikoreksi" in closed["resolution_note"]
    ok(cli("report", "monthly", "--month", "2025-11", "-o", str(workbook), "--force"))
    temuan = texts(sheet_rows(workbook, "Temuan"))
    penyaluran = texts(sheet_rows(workbook, "Penyaluran"))
    assert "diterima penuh" in penyaluran and "sebagian" not in penyaluran.split("\n", 3)[-1]
    assert "Ahmad Rahman" not in temuan  # no longer open at month end: nothing to list

    # And back to partial: the same finding opens again, not a second one.
    ok(cli("visit", "edit", visit[:8], "--delivery", "BPNT:2025-11:partial:90rb"))
    [reopened] = findings(registered)
    assert reopened["uuid"] == first["uuid"] and reopened["status"] == "open"
    assert "Rp 90.000" in reopened["details"]


def _visit(people: sqlite3.Connection, status: str, amount: int | None) -> str:
    data = VisitInput(
        visit_date=dt.date(2025, 11, 6),
        deliveries=[DeliverySpec("BPNT", parse_period("2025-11"), Delivery(status), amount)],
    )
    with changes(people, actor(people)) as writer:
        return record_visit(writer, NIK_MAN, data, today=TODAY).uuid


def test_reconcile_is_idempotent_and_removal_removes(people: sqlite3.Connection) -> None:
    uuid = _visit(people, "partial", 150_000)
    with changes(people, actor(people)) as writer:
        assert not reconcile_visit_findings(writer, uuid, TODAY)  # nothing to do twice
    with changes(people, actor(people)) as writer:
        remove_visit(writer, uuid[:8], "dobel")
    left = people.execute("SELECT count(*) FROM findings WHERE deleted_at IS NULL").fetchone()[0]
    assert left == 0


def test_sync_resolve_of_a_delivery_field_follows(people: sqlite3.Connection) -> None:
    """A settled conflict on a visit's field rewrites its finding (library path)."""
    from sampingdesa.sync.conflicts import resolve_conflict

    uuid = _visit(people, "partial", 150_000)
    delivery = people.execute("SELECT uuid FROM deliveries").fetchone()[0]
    people.execute(
        "INSERT INTO sync_conflicts (table_name, row_uuid, field, local_value, remote_value, "
        "kept, local_origin, remote_origin, detected_at) VALUES ('deliveries', ?, 'amount', "
        "'150000', '120000', 'local', 'a', 'b', '2025-11-07T00:00:00')",
        (delivery,),
    )
    people.commit()
    conflict = people.execute("SELECT id FROM sync_conflicts").fetchone()[0]
    resolve_conflict(people, actor(people), conflict, keep="theirs")
    details = people.execute("SELECT details FROM findings WHERE visit_uuid = ?", (uuid,))
    assert "Rp 120.000" in details.fetchone()[0]


def test_status_change_drops_what_no_longer_applies(
    people: sqlite3.Connection,
) -> None:
    data = VisitInput(
        visit_date=dt.date(2025, 11, 6),
        deliveries=[DeliverySpec("BPNT", parse_period("2025-11"), Delivery.PARTIAL, 100_000)],
        received_date=dt.date(2025, 11, 3),
    )
    from sampingdesa.values.codes import Problem

    data.problem = (Problem.DEDUCTED, None)
    with changes(people, actor(people)) as writer:
        uuid = record_visit(writer, NIK_WOMAN, data, today=TODAY).uuid
    full = DeliverySpec("BPNT", parse_period("2025-11"), Delivery.FULL, 200_000)
    with changes(people, actor(people)) as writer:
        _row, _changed, result = edit_visit(writer, uuid[:8], {}, [full], TODAY)
    assert any("Masalah" in w and "dihapus" in w for w in result.warnings), result.warnings
    row = people.execute("SELECT status, problem FROM deliveries").fetchone()
    assert tuple(row) == ("full", None)


def test_a_merged_correction_brings_its_finding_and_changes_nothing_twice(
    cli, tmp_path: Path
) -> None:
    from tests.test_sync import export, laptop, run

    rina = laptop(cli, tmp_path, "Rina", "Hamalau")
    boss = laptop(cli, tmp_path, "Koordinator", "")
    run(cli, rina, "recipient", "add", "--nik", NIK_WOMAN, "--name", "Siti Aisyah",
        "--desa", "Hamalau", "--program", "BPNT")  # fmt: skip
    run(cli, rina, "visit", "add", NIK_WOMAN, "--date", "2026-11-05",
        "--delivery", "BPNT:2026-11:partial:150rb")  # fmt: skip
    run(cli, boss, "sync", "import", str(export(cli, rina, tmp_path / "1.zip")))
    visit = sqlite3.connect(rina).execute("SELECT uuid FROM visits").fetchone()[0]
    run(cli, rina, "visit", "edit", visit[:8], "--delivery", "BPNT:2026-11:partial:100rb")
    run(cli, boss, "sync", "import", str(export(cli, rina, tmp_path / "2.zip")))
    theirs, ours = findings(rina), findings(boss)
    assert [r["details"] for r in ours] == [r["details"] for r in theirs]
    assert "Rp 100.000" in ours[0]["details"]
    log = sqlite3.connect(boss).execute("SELECT count(*) FROM change_log").fetchone()[0]
    run(cli, boss, "sync", "import", str(tmp_path / "2.zip"))
    assert sqlite3.connect(boss).execute("SELECT count(*) FROM change_log").fetchone()[0] == log


def test_edit_clears_a_problem_with_an_empty_value(cli, registered: Path) -> None:
    ok(cli("visit", "add", NIK_MAN, "--date", "2025-11-06",
           "--delivery", "BPNT:2025-11:none", "--problem", "kartu-diblokir"))  # fmt: skip
    visit = sqlite3.connect(registered).execute("SELECT uuid FROM visits").fetchone()[0]
    ok(cli("visit", "edit", visit[:8], "--problem", ""))
    row = sqlite3.connect(registered).execute("SELECT problem FROM deliveries").fetchone()
    assert row == (None,)
    [finding] = findings(registered)
    assert "kartu" not in finding["details"]
    result = ok(cli("visit", "edit", visit[:8], "--delivery", "BPNT:2025-11:full:200rb"))
    assert "ditutup" in result.stdout


def test_the_questionnaire_asks_before_saving_a_second_check(
    cli, registered: Path, monkeypatch
) -> None:
    from sampingdesa.cli import prompts as core
    from tests.conftest import snapshot

    ok(cli("visit", "add", NIK_MAN, "--date", "2025-11-06", "--delivery", "BPNT:2025-11:full"))
    monkeypatch.setattr(core, "interactive", lambda: True)
    before = snapshot(registered)
    answered_no = cli("visit", "add", NIK_MAN, "--date", "2025-11-06",
                      "--delivery", "BPNT:2025-11:full", input="tidak\n")  # fmt: skip
    assert "Catat pemeriksaan ini untuk kedua kalinya?" in answered_no.output
    assert answered_no.exit_code != 0 and snapshot(registered) == before
    answered_yes = ok(cli("visit", "add", NIK_MAN, "--date", "2025-11-06",
                          "--delivery", "BPNT:2025-11:full", input="ya\n"))  # fmt: skip
    assert "tercatat" in answered_yes.stdout


def test_edit_to_full_says_what_it_dropped(cli, registered: Path) -> None:
    ok(cli("visit", "add", NIK_MAN, "--date", "2025-11-06", "--delivery",
           "BPNT:2025-11:partial:100rb", "--problem", "dipotong"))  # fmt: skip
    visit = sqlite3.connect(registered).execute("SELECT uuid FROM visits").fetchone()[0]
    result = ok(cli("visit", "edit", visit[:8], "--delivery", "BPNT:2025-11:full:200rb"))
    said = " ".join(result.stderr.split())
    assert "Masalah (" in said and "dihapus" in said, result.output
    assert "ditutup" in result.stdout
