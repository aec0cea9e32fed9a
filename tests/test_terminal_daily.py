"""No silent surprises: wilayah find, init saying what matched, `status`, the same aid check
twice on one day, sync import before init."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from sampingdesa.cli import prompts, root
from sampingdesa.places import regions
from tests.conftest import NIK_MAN, NIK_WOMAN, snapshot


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def hss() -> list[regions.Region]:
    return regions.descendants("63.06")


# -- wilayah find ---------------------------------------------------------------------------
def test_search_matches_word_prefixes() -> None:
    names = [r.name for r in regions.search_regions("gambah", hss())]
    assert names == ["Gambah Dalam", "Gambah Dalam Barat", "Gambah Luar", "Gambah Luar Muka"]


def test_search_ranks_the_exact_name_first() -> None:
    names = [r.name for r in regions.search_regions("bamban", hss())]
    assert names[0] == "Bamban" and {"Bamban Selatan", "Bamban Utara"} <= set(names[1:])


def test_search_matches_several_word_starts_and_typos() -> None:
    assert [r.name for r in regions.search_regions("gam luar", hss())] == [
        "Gambah Luar",
        "Gambah Luar Muka",
    ]
    assert [r.name for r in regions.search_regions("Telaga Bidadri", hss())] == ["Telaga Bidadari"]


def test_wilayah_find_on_the_command_line(cli, initialised: Path) -> None:
    found = json.loads(ok(cli("wilayah", "find", "gambah", "--json")).stdout)
    assert len(found) == 4 and all(r["name"].startswith("Gambah") for r in found)
    assert "Gambah Luar Muka" in ok(cli("wilayah", "find", "gambah")).stdout
    assert cli("wilayah", "find", "zzzqx").exit_code == 1


# -- init -----------------------------------------------------------------------------------
def test_init_says_which_desa_matched(cli) -> None:
    result = ok(cli("init", "--assistant", "Rina", "--desa", "Bamban Selatn"))
    assert "Desa: Bamban Selatan (63.06.04.2003), kecamatan Angkinang." in result.stdout


def test_moving_an_assistant_needs_yes_in_a_script(cli, db_path: Path) -> None:
    ok(cli("init", "--assistant", "Rina", "--desa", "Bamban Selatan"))
    before = snapshot(db_path)
    refused = cli("init", "--assistant", "Rina", "--desa", "Bamban")
    assert refused.exit_code == 1
    message = " ".join(refused.stderr.split())
    assert (
        "Rina bertugas di Bamban Selatan (63.06.04.2003); pindah ke Bamban (63.06.04.2002)?"
        in message
    )
    assert "--yes" in message
    assert snapshot(db_path) == before
    ok(cli("init", "--assistant", "Rina", "--desa", "Bamban", "--yes"))
    status = json.loads(ok(cli("status", "--json")).stdout)
    assert status["desa_code"] == "63.06.04.2002"


def test_moving_an_assistant_asks_on_a_terminal(
    cli, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(cli("init", "--assistant", "Rina", "--desa", "Bamban Selatan"))
    monkeypatch.setattr(prompts, "interactive", lambda: True)
    monkeypatch.setattr("sampingdesa.cli.init_cmd.interactive", lambda: True)
    kept = cli("init", "--assistant", "Rina", "--desa", "Bamban", input="tidak\n")
    assert kept.exit_code == 1
    assert json.loads(ok(cli("status", "--json")).stdout)["desa_code"] == "63.06.04.2003"
    ok(cli("init", "--assistant", "Rina", "--desa", "Bamban", input="ya\n"))
    assert json.loads(ok(cli("status", "--json")).stdout)["desa_code"] == "63.06.04.2002"


def test_init_again_in_the_same_desa_asks_nothing(cli, initialised: Path) -> None:
    ok(cli("init", "--assistant", "Rina Hidayati", "--desa", "Kandangan Kota"))


# -- status ---------------------------------------------------------------------------------
def test_status_shows_setup_and_todays_work(cli, registered: Path) -> None:
    ok(cli("visit", "add", NIK_MAN, "--date", "2026-11-02", "--delivery", "BPNT:2026-10:none"))
    ok(cli("db", "backup"))
    result = json.loads(ok(cli("status", "--json")).stdout)
    assert result["kabupaten_name"] == "Kabupaten Hulu Sungai Selatan"
    assert (result["assistant"], result["desa_name"]) == ("Rina Hidayati", "Kandangan Kota")
    assert result["database"] == str(registered) and result["size_bytes"] > 0
    assert result["last_backup"] is not None and result["recipients"] == 3
    assert result["open_findings"] == 1 and result["oldest_finding"]["name"] == "Ahmad Rahman"
    assert result["last_sync_in"] is None and result["last_sync_out"] is None
    screen = ok(cli("status")).stdout
    for words in ("Kabupaten Hulu Sungai Selatan (63.06)", "Rina Hidayati (pendamping)",
                  "Kandangan Kota", "Cadangan terakhir", "Sinkron keluar terakhir",
                  "belum pernah", "Temuan terbuka tertua"):  # fmt: skip
        assert words in screen


def test_status_counts_due_this_month(cli, registered: Path, monkeypatch) -> None:
    import datetime as dt

    import sampingdesa.status as status_module

    real = status_module.database_status
    monkeypatch.setattr(
        status_module,
        "database_status",
        lambda conn, path, today: real(conn, path, dt.date(2026, 11, 15)),
    )
    ok(cli("visit", "add", NIK_WOMAN, "--date", "2026-11-02", "--on-target", "ya"))
    assert json.loads(ok(cli("status", "--json")).stdout)["due_this_month"] == 2


def test_status_records_the_last_sync_out(cli, registered: Path, tmp_path: Path) -> None:
    ok(cli("sync", "export", "-o", str(tmp_path / "bundle.zip")))
    assert json.loads(ok(cli("status", "--json")).stdout)["last_sync_out"] is not None


def test_status_before_init(cli) -> None:
    result = ok(cli("status"))
    assert "belum disiapkan" in result.stdout
    assert json.loads(ok(cli("status", "--json")).stdout)["set_up"] is False


# -- the same check twice -------------------------------------------------------------------
def test_the_same_aid_check_twice_on_one_day_warns(cli, registered: Path) -> None:
    first = ok(cli("visit", "add", NIK_MAN, "--date", "2026-11-03", "--delivery",
                   "BPNT:2026-10:full"))  # fmt: skip
    assert "sudah diperiksa" not in first.stderr
    second = ok(cli("visit", "add", "ahmad", "--date", "2026-11-03", "--delivery",
                    "BPNT:2026-10:full"))  # fmt: skip
    warning = " ".join(second.stderr.split())
    assert "BPNT 2026-10 sudah diperiksa untuk Ahmad Rahman pada 2026-11-03" in warning
    other_day = ok(cli("visit", "add", NIK_MAN, "--date", "2026-11-04", "--delivery",
                       "BPNT:2026-10:full"))  # fmt: skip
    assert "sudah diperiksa" not in other_day.stderr


def test_editing_a_visit_does_not_warn_about_itself(cli, registered: Path) -> None:
    ok(cli("visit", "add", NIK_MAN, "--date", "2026-11-03", "--delivery", "BPNT:2026-10:full"))
    conn = sqlite3.connect(registered)
    ident = conn.execute("SELECT uuid FROM visits").fetchone()[0][:8]
    conn.close()
    edited = ok(cli("visit", "edit", ident, "--delivery", "BPNT:2026-10:partial:100rb"))
    assert "sudah diperiksa" not in edited.stderr


# -- sync before init -----------------------------------------------------------------------
def test_sync_import_before_init_says_how_to_set_up(cli, registered: Path, tmp_path) -> None:
    bundle = tmp_path / "bundle.zip"
    ok(cli("sync", "export", "-o", str(bundle)))
    fresh = tmp_path / "fresh.db"
    result = cli("--db", str(fresh), "sync", "import", str(bundle))
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert "belum disiapkan" in message and "sampingdesa init --assistant" in message
    assert "None" not in message


# -- --wide anywhere ------------------------------------------------------------------------
def test_wide_is_accepted_anywhere() -> None:
    assert root.hoist_global_options(["visit", "due", "--wide", "--month", "2026-11"]) == [
        "--wide", "visit", "due", "--month", "2026-11",
    ]  # fmt: skip


# -- reasons in Indonesian ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "code", "label"),
    [("lulus", "graduated", "graduasi"), ("meninggal", "deceased", "meninggal dunia")],
)
def test_leave_accepts_indonesian_reasons(
    cli, registered: Path, typed: str, code: str, label: str
) -> None:
    result = ok(cli("recipient", "leave", NIK_MAN, "--program", "BPNT", "--reason", typed))
    assert f"Kepesertaan di BPNT berakhir ({label})." in result.stdout
    conn = sqlite3.connect(registered)
    assert conn.execute("SELECT end_reason FROM enrollments WHERE program_code = 'BPNT' "
                        "AND status != 'active'").fetchone() == (code,)  # fmt: skip
    conn.close()


def test_leave_refuses_an_unknown_reason_listing_the_valid_ones(cli, registered: Path) -> None:
    result = cli("recipient", "leave", NIK_MAN, "--program", "BPNT", "--reason", "bosan")
    assert result.exit_code == 1
    assert "graduasi" in result.stderr and "--reason" in result.stderr
