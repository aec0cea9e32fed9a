"""Findings: opened by visits, listed oldest first, resolved, reopened, settled by a later
visit (offered on a terminal, automatic with --resolve-findings)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from sampingdesa.cli import prompts
from tests.conftest import NIK_ELDER, NIK_MAN, NIK_WOMAN, snapshot


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def findings(cli, *args: str) -> list[dict[str, Any]]:
    return json.loads(ok(cli("finding", "list", "--json", *args)).stdout)


def not_received(cli, nik: str, date: str, period: str = "2025-10") -> None:
    ok(cli("visit", "add", nik, "--date", date, "--delivery", f"BPNT:{period}:none"))


def test_list_is_oldest_first_with_filters(cli, registered: Path) -> None:
    not_received(cli, NIK_MAN, "2025-11-10")
    not_received(cli, NIK_WOMAN, "2025-11-02")
    ok(cli("visit", "add", NIK_ELDER, "--date", "2025-11-05", "--on-target", "no",
           "--reason", "deceased"))  # fmt: skip
    listed = findings(cli)
    assert [f["opened_on"] for f in listed] == ["2025-11-02", "2025-11-05", "2025-11-10"]
    assert [f["kind"] for f in findings(cli, "--kind", "off-target")] == ["off-target"]
    assert all(f["nik"].count("*") == 6 for f in listed)  # NIKs masked
    assert len(findings(cli, "--desa", "Kandangan Kota")) == 3
    assert len(findings(cli, "--older-than", "100000")) == 0
    assert len(findings(cli, "--older-than", "0")) == 3
    table = ok(cli("finding", "list"))
    assert "Ahmad Rahman" in table.stdout and "3 temuan" in table.stdout
    bad = cli("finding", "list", "--kind", "lost")
    assert bad.exit_code == 1 and "lost" in bad.stderr


def test_resolve_and_reopen(cli, registered: Path) -> None:
    not_received(cli, NIK_MAN, "2025-11-10")
    ident = findings(cli)[0]["id"]
    ok(
        cli(
            "finding", "resolve", ident, "--note", "Kartu sudah dibuka bank", "--date", "2025-11-20"
        )
    )
    assert findings(cli) == []
    every = findings(cli, "--all")
    assert every[0]["status"] == "resolved" and every[0]["resolved_on"] == "2025-11-20"
    assert every[0]["resolution_note"] == "Kartu sudah dibuka bank"
    before = snapshot(registered)
    again = cli("finding", "resolve", ident, "--note", "lagi")
    assert again.exit_code == 1 and "sudah diselesaikan" in again.stderr
    assert snapshot(registered) == before
    ok(cli("finding", "reopen", ident, "--note", "Ternyata belum cair"))
    reopened = findings(cli)[0]
    assert reopened["status"] == "open" and reopened["reopen_note"] == "Ternyata belum cair"
    assert reopened["resolved_on"] is None
    assert cli("finding", "reopen", ident, "--note", "x").exit_code == 1
    conn = sqlite3.connect(registered)
    actions = conn.execute(
        "SELECT action, reason FROM change_log WHERE table_name = 'findings' ORDER BY id"
    ).fetchall()
    assert actions == [("insert", None), ("update", "Kartu sudah dibuka bank"),
                       ("update", "Ternyata belum cair")]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--note", "  "], "--note"),
        (["--note", "x", "--date", "2025-11-01"], "dibuka pada"),
        (["--note", "x", "--date", "2999-01-01"], "masa depan"),
    ],
)
def test_resolve_rules_change_nothing(cli, registered: Path, args: list[str], message: str) -> None:
    not_received(cli, NIK_MAN, "2025-11-10")
    ident = findings(cli)[0]["id"]
    before = snapshot(registered)
    result = cli("finding", "resolve", ident, *args)
    assert result.exit_code == 1 and message in result.stderr
    assert snapshot(registered) == before


def test_short_ids(cli, registered: Path) -> None:
    not_received(cli, NIK_MAN, "2025-11-10")
    full = findings(cli)[0]["uuid"]
    assert cli("finding", "resolve", full[:3], "--note", "x").exit_code == 1  # too short
    missing = cli("finding", "resolve", "ffffffff", "--note", "x")
    assert missing.exit_code == 1 and "ffffffff" in missing.stderr
    ok(cli("finding", "resolve", full.upper()[:6], "--note", "x"))


def test_later_visit_resolves_with_flag(cli, registered: Path) -> None:
    not_received(cli, NIK_MAN, "2025-11-10")
    result = ok(cli("visit", "add", NIK_MAN, "--date", "2025-11-25",
                    "--delivery", "BPNT:2025-10:full:200rb", "--resolve-findings"))  # fmt: skip
    assert "selesai" in result.stdout
    resolved = findings(cli, "--all")[0]
    assert resolved["status"] == "resolved" and resolved["resolved_on"] == "2025-11-25"


def test_later_visit_for_another_period_does_not_touch_it(cli, registered: Path) -> None:
    not_received(cli, NIK_MAN, "2025-11-10")
    ok(cli("visit", "add", NIK_MAN, "--date", "2025-11-25", "--delivery", "BPNT:2025-11:full",
           "--resolve-findings"))  # fmt: skip
    assert findings(cli)[0]["status"] == "open"


def test_later_visit_without_flag_says_how(cli, registered: Path) -> None:
    not_received(cli, NIK_MAN, "2025-11-10")
    result = ok(cli("visit", "add", NIK_MAN, "--date", "2025-11-25",
                    "--delivery", "BPNT:2025-10:full"))  # fmt: skip
    assert "finding resolve" in result.stdout
    assert findings(cli)[0]["status"] == "open"


def test_later_visit_offers_on_a_terminal(cli, registered: Path, monkeypatch) -> None:
    not_received(cli, NIK_MAN, "2025-11-10")
    monkeypatch.setattr(prompts, "interactive", lambda: True)
    result = ok(cli("visit", "add", NIK_MAN, "--date", "2025-11-25",
                    "--delivery", "BPNT:2025-10:full", input="y\n"))  # fmt: skip
    assert "selesaikan sekarang" in result.stdout
    assert findings(cli) == []


def test_no_duplicate_open_finding(cli, registered: Path) -> None:
    not_received(cli, NIK_MAN, "2025-11-10")
    result = ok(
        cli("visit", "add", NIK_MAN, "--date", "2025-11-20", "--delivery", "BPNT:2025-10:none")
    )
    assert "masih terbuka" in result.stderr
    assert len(findings(cli)) == 1


def test_recipient_show_has_visits_and_findings(cli, registered: Path) -> None:
    not_received(cli, NIK_WOMAN, "2025-11-10")
    record = json.loads(ok(cli("recipient", "show", NIK_WOMAN, "--json")).stdout)
    assert [v["date"] for v in record["visits"]] == ["2025-11-10"]
    assert record["findings"][0]["kind"] == "not-received"
    shown = ok(cli("recipient", "show", NIK_WOMAN))
    assert "Kunjungan" in shown.stdout and "Temuan" in shown.stdout
