"""visit list / show / edit / remove, and planning the month: due and sample."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

from tests.conftest import NIK_ELDER, NIK_MAN, NIK_WOMAN, snapshot


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def visits(cli, *args: str) -> list[dict[str, Any]]:
    return json.loads(ok(cli("visit", "list", "--json", *args)).stdout)


def test_list_filters_and_formats(cli, registered: Path) -> None:
    ok(cli("visit", "add", NIK_MAN, "--date", "2025-10-31", "--on-target", "yes"))
    ok(cli("visit", "add", NIK_WOMAN, "--date", "2025-11-01", "--delivery", "BPNT:2025-10:full"))
    ok(cli("visit", "add", NIK_ELDER, "--date", "2025-11-02", "--escort", "--facility", "Puskesmas",
           "--purpose", "Kontrol"))  # fmt: skip
    assert [v["date"] for v in visits(cli)] == ["2025-10-31", "2025-11-01", "2025-11-02"]
    assert [v["name"] for v in visits(cli, "--month", "2025-11")] == [
        "Siti Aisyah",
        "Gusti Iberahim",
    ]
    assert [v["kind"] for v in visits(cli, "--kind", "escort")] == ["escort"]
    assert [v["kind"] for v in visits(cli, "--kind", "pemantauan")] == ["monitoring"] * 2
    assert len(visits(cli, "--desa", "Kandangan Kota")) == 3
    assert visits(cli)[1]["deliveries"][0]["status"] == "full"
    assert NIK_WOMAN not in ok(cli("visit", "list", "--json")).stdout
    table = list(csv.reader(io.StringIO(ok(cli("visit", "list", "--csv")).stdout)))
    assert table[0][0] == "ID" and len(table) == 4
    assert "3 kunjungan" in ok(cli("visit", "list")).stdout


def test_show(cli, registered: Path) -> None:
    ok(cli("visit", "add", NIK_MAN, "--date", "2025-11-01", "--delivery", "BPNT:2025-10:none",
           "--gps", "-2.77,115.25"))  # fmt: skip
    ident = visits(cli)[0]["id"]
    record = json.loads(ok(cli("visit", "show", ident, "--json")).stdout)
    assert record["gps"] == [-2.77, 115.25]
    assert record["findings"][0]["kind"] == "not-received"
    shown = ok(cli("visit", "show", ident))
    assert "Temuan dari kunjungan ini" in shown.stdout and "Ahmad Rahman" in shown.stdout


def test_edit_changes_fields_logs_them_and_keeps_rules(cli, registered: Path) -> None:
    ok(cli("visit", "add", NIK_MAN, "--date", "2025-11-01", "--on-target", "yes"))
    ident = visits(cli)[0]["id"]
    result = ok(cli("visit", "edit", ident, "--notes", "Rumah dipindah", "--change", "worse",
                    "--health", "worse", "--delivery", "BPNT:2025-10:partial:100rb",
                    "--ready-to-graduate"))  # fmt: skip
    assert "catatan, kesehatan, bantuan BPNT 2025-10" in result.stdout
    record = visits(cli)[0]
    assert (record["notes"], record["outcome"], record["changes"]) == (
        "Rumah dipindah",
        "worse",
        {"health": "worse"},
    )
    assert record["ready_to_graduate"] is True
    assert record["deliveries"][0]["amount"] == 100_000
    kinds = sorted(f["kind"] for f in json.loads(ok(cli("finding", "list", "--json")).stdout))
    assert kinds == ["partial", "worse"]
    # Replacing the same programme and period updates, not duplicates.
    ok(
        cli(
            "visit",
            "edit",
            ident,
            "--delivery",
            "BPNT:2025-10:full:200rb",
            "--not-ready-to-graduate",
        )
    )
    record = visits(cli)[0]
    assert len(record["deliveries"]) == 1 and record["deliveries"][0]["status"] == "full"
    assert record["ready_to_graduate"] is False
    conn = sqlite3.connect(registered)
    old, new = conn.execute(
        "SELECT old, new FROM change_log WHERE table_name = 'visits' AND action = 'update' "
        "ORDER BY id LIMIT 1"
    ).fetchone()
    assert json.loads(old)["notes"] is None and json.loads(new)["notes"] == "Rumah dipindah"
    assert (
        "Tidak ada yang berubah"
        in ok(cli("visit", "edit", ident, "--notes", "Rumah dipindah")).stdout
    )
    before = snapshot(registered)
    for args in (["--date", "2999-01-01"], ["--on-target", "no"], ["--gps", "0,0"],
                 ["--delivery", "PKH:2025-10:full"]):  # fmt: skip
        refused = cli("visit", "edit", ident, *args)
        assert refused.exit_code == 1, args
    assert snapshot(registered) == before


def test_edit_does_not_reopen_what_the_visit_reported(cli, registered: Path) -> None:
    ok(cli("visit", "add", NIK_MAN, "--date", "2025-11-01", "--delivery", "BPNT:2025-10:none"))
    finding = json.loads(ok(cli("finding", "list", "--json")).stdout)[0]["id"]
    ok(cli("finding", "resolve", finding, "--note", "sudah cair"))
    ok(cli("visit", "edit", visits(cli)[0]["id"], "--notes", "catatan baru"))
    assert json.loads(ok(cli("finding", "list", "--json")).stdout) == []


def test_remove_is_soft_and_takes_its_findings(cli, registered: Path) -> None:
    ok(cli("visit", "add", NIK_MAN, "--date", "2025-11-01", "--delivery", "BPNT:2025-10:none"))
    ident = visits(cli)[0]["id"]
    before = snapshot(registered)
    assert cli("visit", "remove", ident, "--reason", " ").exit_code == 1
    assert snapshot(registered) == before
    ok(cli("visit", "remove", ident, "--reason", "salah orang"))
    assert visits(cli) == []
    assert json.loads(ok(cli("finding", "list", "--json")).stdout) == []
    conn = sqlite3.connect(registered)
    assert conn.execute("SELECT deleted_reason FROM visits").fetchone()[0] == "salah orang"
    assert (
        conn.execute("SELECT count(*) FROM deliveries WHERE deleted_at IS NULL").fetchone()[0] == 0
    )
    assert json.loads(ok(cli("visit", "show", ident, "--json")).stdout)["removed"] is True
    assert cli("visit", "edit", ident, "--notes", "x").exit_code == 1


# -- planning ------------------------------------------------------------------------------
def due(cli, *args: str) -> list[str]:
    return [r["name"] for r in json.loads(ok(cli("visit", "due", "--json", *args)).stdout)]


def test_due_at_month_boundaries(cli, registered: Path) -> None:
    everyone = ["Ahmad Rahman", "Gusti Iberahim", "Siti Aisyah"]
    assert due(cli, "--month", "2025-11") == everyone
    ok(cli("visit", "add", NIK_MAN, "--date", "2025-10-31", "--on-target", "yes"))
    ok(cli("visit", "add", NIK_WOMAN, "--date", "2025-11-30", "--on-target", "yes"))
    ok(cli("visit", "add", NIK_ELDER, "--date", "2025-12-01", "--on-target", "yes"))
    assert due(cli, "--month", "2025-10") == ["Gusti Iberahim", "Siti Aisyah"]
    assert due(cli, "--month", "2025-11") == ["Ahmad Rahman", "Gusti Iberahim"]
    assert due(cli, "--month", "2025-12") == ["Ahmad Rahman", "Siti Aisyah"]
    # --days counts back from the month's end: 2025-11-30 and the day before.
    assert due(cli, "--month", "2025-12", "--days", "31") == ["Ahmad Rahman", "Siti Aisyah"]
    assert due(cli, "--month", "2025-11", "--days", "31") == ["Gusti Iberahim"]
    assert due(cli, "--month", "2025-11", "--days", "1") == ["Ahmad Rahman", "Gusti Iberahim"]


def test_due_puts_open_findings_first_and_follows_enrollment(cli, registered: Path) -> None:
    ok(cli("visit", "add", NIK_WOMAN, "--date", "2025-10-05", "--delivery", "BPNT:2025-09:none"))
    assert due(cli, "--month", "2025-11")[0] == "Siti Aisyah"
    ok(cli("recipient", "leave", NIK_MAN, "--program", "BPNT", "--reason", "moved",
           "--date", "2025-10-15"))  # fmt: skip
    assert "Ahmad Rahman" in due(cli, "--month", "2025-10")
    assert "Ahmad Rahman" not in due(cli, "--month", "2025-11")
    assert due(cli, "--month", "2025-11", "--desa", "Kandangan Kota")[0] == "Siti Aisyah"
    assert "perlu dikunjungi" in ok(cli("visit", "due", "--month", "2025-11")).stdout


def test_sample_is_reproducible(cli, registered: Path) -> None:
    def draw(seed: str) -> dict[str, Any]:
        return json.loads(ok(cli("visit", "sample", "--month", "2025-11", "--per-desa", "2",
                                 "--seed", seed, "--json")).stdout)  # fmt: skip

    first, again = draw("7"), draw("7")
    assert first == again and first["seed"] == 7
    assert len(first["recipients"]) == 2
    names = {tuple(r["name"] for r in draw(str(s))["recipients"]) for s in range(12)}
    assert len(names) > 1  # other seeds draw other samples
    everyone = json.loads(ok(cli("visit", "sample", "--month", "2025-11", "--per-desa", "10",
                                 "--json")).stdout)  # fmt: skip
    assert len(everyone["recipients"]) == 3 and isinstance(everyone["seed"], int)
    shown = ok(cli("visit", "sample", "--month", "2025-11", "--per-desa", "1", "--seed", "3"))
    assert "--seed 3" in shown.stdout
