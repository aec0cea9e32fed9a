"""Every foundation command through Typer's CliRunner, in Indonesian and English."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import KK, NIK_ELDER, NIK_MAN, NIK_WOMAN, snapshot


def rows(path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return [tuple(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


# -- init, db ---------------------------------------------------------------------------------
def test_init_sets_up_hss_with_the_programme_catalogue(cli, db_path: Path) -> None:
    result = cli("init", "--assistant", "Rina", "--desa", "Mdl. Murung Mesjid")
    assert result.exit_code == 0, result.output
    assert "Hulu Sungai Selatan" in result.stdout and "11 kecamatan" in result.stdout
    assert rows(db_path, "SELECT count(*) FROM regions WHERE level = 'desa'") == [(144,)]
    assert len(rows(db_path, "SELECT code FROM programs")) == 10
    assert rows(db_path, "SELECT desa_code FROM assistants") == [("63.06.09.2006",)] or rows(
        db_path, "SELECT name FROM regions WHERE code = (SELECT desa_code FROM assistants)"
    ) == [("Mdl. Murung Mesjid",)]


def test_init_another_regency(cli, db_path: Path) -> None:
    result = cli("init", "--kabupaten", "62.09", "--assistant", "Yohanes", "--desa", "Sungai Tuat")
    assert result.exit_code == 0, result.output
    assert "Lamandau" in result.stdout
    assert rows(db_path, "SELECT value FROM meta WHERE key = 'kabupaten_code'") == [("62.09",)]
    listing = cli("wilayah", "list", "--json")
    assert all(r["code"].startswith("62.09.") for r in json.loads(listing.stdout))


def test_init_without_assistant_off_terminal_is_a_clear_error(cli, db_path: Path) -> None:
    result = cli("init")
    assert result.exit_code == 1
    assert "Nama pendamping" in result.stderr and "Traceback" not in result.output


def test_init_refuses_to_move_a_database_with_recipients(cli, registered: Path) -> None:
    before = snapshot(registered)
    result = cli("init", "--kabupaten", "62.09", "--assistant", "X", "--desa", "Sungai Tuat")
    assert result.exit_code == 1
    assert "63.06" in result.stderr
    assert snapshot(registered) == before


def test_commands_need_init_first(cli, db_path: Path) -> None:
    result = cli("recipient", "add", "--nik", NIK_WOMAN, "--name", "Siti", "--desa", "Hamalau")
    assert result.exit_code == 1
    assert "sampingdesa init" in result.stderr


def test_db_path_follows_option_and_environment(cli, db_path: Path, tmp_path: Path) -> None:
    assert cli("db", "path").stdout.strip() == str(db_path)
    other = tmp_path / "lain lain" / "data ñ.db"
    assert cli("db", "path", "--db", str(other)).stdout.strip() == str(other)
    assert cli("--db", str(other), "db", "path").stdout.strip() == str(other)


def test_db_anywhere_on_the_line_uses_that_file(cli, tmp_path: Path) -> None:
    other = tmp_path / "folder dengan spasi" / "ñ.db"
    result = cli("init", "--assistant", "Rina", "--desa", "Hamalau", "--db", str(other))
    assert result.exit_code == 0, result.output
    assert other.exists()


def test_db_check_healthy_and_broken(cli, initialised: Path) -> None:
    ok = cli("db", "check", "--json")
    assert ok.exit_code == 0
    assert json.loads(ok.stdout)["ok"] is True
    conn = sqlite3.connect(initialised)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(
        "INSERT INTO enrollments (uuid, recipient_uuid, program_code, created_at, created_by, "
        "updated_at, updated_by) VALUES ('e', 'missing', 'PKH', '', '', '', '')"
    )
    conn.commit()
    conn.close()
    broken = cli("db", "check")
    assert broken.exit_code == 1
    assert "bermasalah" in broken.stderr


# -- wilayah ----------------------------------------------------------------------------------
def test_wilayah_list_for_one_kecamatan(cli, initialised: Path) -> None:
    result = cli("wilayah", "list", "--kecamatan", "kandangan", "--json")
    listed = json.loads(result.stdout)
    assert len(listed) == 19  # the kecamatan itself + 14 desa + 4 kelurahan
    assert {r["level"] for r in listed} == {"kecamatan", "desa", "kelurahan"}


def test_wilayah_list_works_before_init_with_the_default_regency(cli, db_path: Path) -> None:
    result = cli("wilayah", "list", "--csv")
    assert result.exit_code == 0
    assert "63.06.10.2001,Halunuk" in result.stdout


def test_wilayah_find_forgiving_and_ambiguous(cli, initialised: Path) -> None:
    one = json.loads(cli("wilayah", "find", "mandala murung mesjid", "--json").stdout)
    assert [r["name"] for r in one] == ["Mdl. Murung Mesjid"]
    several = cli("wilayah", "find", "Gambah Luar")
    assert several.exit_code == 0
    assert "Gambah Luar" in several.stdout
    nothing = cli("wilayah", "find", "Jakarta Pusat")
    assert nothing.exit_code == 1
    assert "Tidak ada" in nothing.stderr


# -- programmes -------------------------------------------------------------------------------
def test_program_list_add_edit(cli, initialised: Path) -> None:
    listed = json.loads(cli("program", "list", "--json").stdout)
    assert {p["code"] for p in listed} >= {"PKH", "BPNT", "BLT-DD", "JADUP-LANSIA"}
    blt = next(p for p in listed if p["code"] == "BLT-DD")
    assert blt["excludes"] == "BPNT,PKH" and blt["nominal_amount"] == 300_000
    added = cli(
        "program",
        "add",
        "BANSOS-BANJIR",
        "--name",
        "Bantuan Banjir",
        "--funding",
        "kabupaten",
        "--cadence",
        "sekali",
        "--amount",
        "500000",
        "--unit",
        "sekali",
    )
    assert added.exit_code == 0, added.output
    edited = cli("program", "edit", "bansos-banjir", "--amount", "600000", "--excludes", "PKH")
    assert (
        edited.exit_code == 0
        and "diubah nilai" in edited.stdout
        and "nominal_amount" not in edited.stdout
    )
    log = rows(
        initialised,
        "SELECT action, old, new FROM change_log WHERE table_name = 'programs' ORDER BY id DESC LIMIT 1",
    )
    assert log[0][0] == "update" and '"nominal_amount":500000' in str(log[0][1])


@pytest.mark.parametrize(
    "args",
    [
        ("program", "add", "PKH", "--name", "Lagi"),
        ("program", "add", "X!", "--name", "Aneh"),
        ("program", "add", "BARU", "--name", "B", "--funding", "luar-negeri"),
        ("program", "edit", "TIDAKADA", "--amount", "1"),
        ("program", "edit", "PKH", "--excludes", "PKH"),
        ("program", "edit", "PKH", "--excludes", "TIDAKADA"),
    ],
)
def test_program_bad_input_changes_nothing(cli, initialised: Path, args: tuple[str, ...]) -> None:
    before = snapshot(initialised)
    result = cli(*args)
    assert result.exit_code == 1, result.output
    assert result.stderr.strip()
    assert snapshot(initialised) == before


# -- recipients -------------------------------------------------------------------------------
def test_recipient_add_derives_sex_and_birth_date_and_enrolls(cli, registered: Path) -> None:
    record = json.loads(cli("recipient", "show", NIK_WOMAN, "--json").stdout)
    assert record["sex"] == "P" and record["birth_year"] == 1989  # masked: no birth date
    full = json.loads(
        cli("recipient", "show", NIK_WOMAN, "--json", "--show-nik", "--reason", "cek").stdout
    )
    assert full["birth_date"] == "1989-07-05"
    assert record["nik"] == "630605******0001" and record["no_kk"] == "630605******0001"
    assert record["programs"] == ["BPNT", "PKH"]
    assert record["desa_name"] == "Kandangan Kota"
    assert {e["program_code"] for e in record["enrollments"]} == {"BPNT", "PKH"}


def test_recipient_add_is_logged_with_author(cli, registered: Path) -> None:
    log = rows(
        registered,
        "SELECT c.actor, a.name FROM change_log c JOIN assistants a ON a.uuid = c.actor WHERE c.table_name = 'recipients' AND c.action = 'insert'",
    )
    assert len(log) == 3 and {name for _actor, name in log} == {"Rina Hidayati"}


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--nik", "6306054507890001.0", "--name", "A", "--desa", "Hamalau"], "rusak"),
        (["--nik", "6306059907890001", "--name", "A", "--desa", "Hamalau"], "tanggal lahir"),
        (
            ["--nik", "6306054507890002", "--name", "A", "--desa", "Hamalau", "--sex", "L"],
            "tidak cocok",
        ),
        (
            [
                "--nik",
                "6306054507890002",
                "--name",
                "A",
                "--desa",
                "Hamalau",
                "--birth-date",
                "1989-07-06",
            ],
            "1989-07-06",  # the stated date; the NIK's own date stays hidden
        ),
        (["--nik", NIK_WOMAN, "--name", "Siti Lain", "--desa", "Hamalau"], "Siti Aisyah"),
        (["--nik", "6306054507890002", "--name", "A", "--desa", "Atlantis"], "Atlantis"),
        (
            ["--nik", "6306054507890002", "--name", "A", "--desa", "Hamalau", "--program", "XYZ"],
            "PKH",
        ),
        (["--nik", "6306054507890002", "--name", "A", "--desa", "Hamalau", "--kk", "123"], "16"),
        (
            ["--nik", "6306054507890002", "--name", "A", "--desa", "Hamalau", "--flag", "kaya"],
            "lansia",
        ),
        (["--nik", "6306054507890002", "--name", "   ", "--desa", "Hamalau"], "kosong"),
        (
            [
                "--nik",
                "6306054507890002",
                "--name",
                "A",
                "--desa",
                "Hamalau",
                "--birth-date",
                "31-02-1989",
            ],
            "bukan tanggal",
        ),
    ],
)
def test_recipient_add_bad_input_is_refused_and_changes_nothing(
    cli, registered: Path, args: list[str], fragment: str
) -> None:
    before = snapshot(registered)
    result = cli("recipient", "add", *args)
    assert result.exit_code == 1, result.output
    assert fragment in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(registered) == before


def test_recipient_add_off_terminal_without_required_values(cli, initialised: Path) -> None:
    result = cli("recipient", "add", "--nik", NIK_WOMAN)
    assert result.exit_code == 1
    assert "Nama" in result.stderr


def test_recipient_add_prompts_on_a_terminal(
    cli, initialised: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sampingdesa.cli.prompts.interactive", lambda: True)
    result = cli("recipient", "add", input=f"{NIK_MAN}\nAhmad Rahman\nHamalau\nBPNT\n")
    assert result.exit_code == 0, result.output
    assert rows(initialised, "SELECT name, desa_code FROM recipients") == [
        ("Ahmad Rahman", "63.06.01.2001")
    ]


def test_recipient_list_filters_and_formats(cli, registered: Path) -> None:
    everyone = json.loads(cli("recipient", "list", "--json").stdout)
    assert len(everyone) == 3
    assert {"uuid", "nik", "name", "desa_code", "programs"} <= set(everyone[0])
    assert all("*" in r["nik"] for r in everyone)
    bpnt = json.loads(cli("recipient", "list", "--program", "bpnt", "--json").stdout)
    assert {r["name"] for r in bpnt} == {"Siti Aisyah", "Ahmad Rahman"}
    kec = json.loads(cli("recipient", "list", "--kecamatan", "Sungai Raya", "--json").stdout)
    assert kec == []
    partial = json.loads(cli("recipient", "list", "--search", "AISY", "--json").stdout)
    assert [r["name"] for r in partial] == ["Siti Aisyah"]
    csv_out = cli("recipient", "list", "--csv").stdout.splitlines()
    assert csv_out[0].startswith("NIK,Nama") and len(csv_out) == 4
    table = cli("recipient", "list").stdout
    assert "630605******0001" in table and NIK_WOMAN not in table


def test_show_nik_reveals_and_is_logged_with_reason(cli, registered: Path) -> None:
    result = cli("recipient", "list", "--show-nik", "--reason", "verifikasi musdes", "--json")
    assert NIK_WOMAN in result.stdout
    log = rows(registered, "SELECT action, reason FROM change_log WHERE action = 'reveal_nik'")
    assert log == [("reveal_nik", "verifikasi musdes")]


def test_recipient_show_unknown_name_suggests_names(cli, registered: Path) -> None:
    result = cli("recipient", "show", "Siti Aisya Rahmat")
    assert result.exit_code == 1
    assert "Siti Aisyah" in result.stderr and NIK_WOMAN not in result.stderr


def test_recipient_edit_logs_only_changed_fields(cli, registered: Path) -> None:
    result = cli(
        "recipient",
        "edit",
        NIK_MAN,
        "--address",
        "Jl. Gerilya 5",
        "--rt",
        "3",
        "--name",
        "Ahmad Rahman",
    )
    assert result.exit_code == 0, result.output
    log = rows(
        registered,
        "SELECT old, new FROM change_log WHERE action = 'update' AND table_name = 'recipients'",
    )
    assert log == [('{"address":null,"rt":null}', '{"address":"Jl. Gerilya 5","rt":"003"}')]
    again = cli("recipient", "edit", NIK_MAN, "--address", "Jl. Gerilya 5")
    assert "Tidak ada yang berubah" in again.stdout


def test_recipient_edit_refuses_sex_against_nik(cli, registered: Path) -> None:
    before = snapshot(registered)
    result = cli("recipient", "edit", NIK_MAN, "--sex", "P")
    assert result.exit_code == 1 and "tidak cocok" in result.stderr
    assert snapshot(registered) == before


def test_enroll_leave_and_double_aid_warning(cli, registered: Path) -> None:
    result = cli("recipient", "enroll", NIK_WOMAN, "--program", "BLT-DD", "--since", "2026-01-01")
    assert result.exit_code == 0
    assert "bantuan ganda" in result.stderr
    shown = json.loads(cli("recipient", "show", NIK_WOMAN, "--json").stdout)
    assert ["BLT-DD", "BPNT"] in shown["double_aid"] and ["BLT-DD", "PKH"] in shown["double_aid"]
    twice = cli("recipient", "enroll", NIK_WOMAN, "--program", "BLT-DD")
    assert "sudah terdaftar" in twice.stdout
    left = cli(
        "recipient",
        "leave",
        NIK_WOMAN,
        "--program",
        "BLT-DD",
        "--reason",
        "graduated",
        "--date",
        "2026-06-30",
    )
    assert left.exit_code == 0, left.output
    assert rows(
        registered,
        "SELECT status, until, end_reason FROM enrollments WHERE program_code = 'BLT-DD'",
    ) == [("graduated", "2026-06-30", "graduated")]


@pytest.mark.parametrize(
    "args",
    [
        ("recipient", "leave", NIK_MAN, "--program", "PKH", "--reason", "graduated"),
        ("recipient", "leave", NIK_MAN, "--program", "BPNT", "--reason", "bosan"),
        ("recipient", "enroll", "6306059999990001", "--program", "PKH"),
        ("recipient", "enroll", NIK_MAN, "--program", "PKH", "--since", "kemarin"),
        ("recipient", "remove", NIK_MAN, "--reason", "  "),
        ("recipient", "edit", NIK_MAN, "--desa", "Baru"),
    ],
)
def test_register_bad_input_changes_nothing(cli, registered: Path, args: tuple[str, ...]) -> None:
    before = snapshot(registered)
    result = cli(*args)
    assert result.exit_code == 1, result.output
    assert result.stderr.strip()
    assert snapshot(registered) == before


def test_remove_is_soft_and_blocks_re_registration_naming_the_record(cli, registered: Path) -> None:
    assert cli("recipient", "remove", NIK_ELDER, "--reason", "meninggal").exit_code == 0
    assert rows(registered, "SELECT deleted_reason FROM recipients WHERE nik = ?", NIK_ELDER) == [
        ("meninggal",)
    ]
    assert len(json.loads(cli("recipient", "list", "--json").stdout)) == 2
    again = cli("recipient", "add", "--nik", NIK_ELDER, "--name", "Gusti", "--desa", "Hamalau")
    assert again.exit_code == 1 and "dihapus" in again.stderr
    shown = json.loads(cli("recipient", "show", NIK_ELDER, "--json").stdout)
    assert shown["removed"] is True


def test_duplicates_by_name_and_birth_date_and_within_kk(cli, registered: Path) -> None:
    # Same person registered under a second (mistyped) NIK: same name and birth date.
    cli(
        "recipient",
        "add",
        "--nik",
        "6306014507890009",
        "--name",
        "SITI  AISYAH",
        "--desa",
        "Hamalau",
    )
    # A near-identical name in the same family card.
    cli(
        "recipient",
        "add",
        "--nik",
        "6306054507890005",
        "--name",
        "Siti Aisya",
        "--desa",
        "Kandangan Kota",
        "--kk",
        KK,
    )
    groups = json.loads(cli("recipient", "duplicates", "--json").stdout)
    reasons = sorted(g["reason"] for g in groups)
    assert reasons == ["same_name_birth_date", "similar_name_same_kk"]
    assert all("*" in r["nik"] for g in groups for r in g["recipients"])


# -- English ----------------------------------------------------------------------------------
def test_english_on_request(cli, registered: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = cli("--lang", "en", "recipient", "show", "0000")
    assert result.exit_code == 1
    assert "No recipient with NIK" in result.stderr
    monkeypatch.setenv("SAMPINGDESA_LANG", "en")
    listed = cli("recipient", "list")
    assert "Name" in listed.stdout and "3 recipients" in listed.stdout


# -- demo -------------------------------------------------------------------------------------
def test_demo_builds_its_own_database(cli, db_path: Path, tmp_path: Path) -> None:
    result = cli("demo", "-o", str(tmp_path / "demo"))
    assert result.exit_code == 0, result.output
    demo_db = tmp_path / "demo" / "sampingdesa-demo.db"
    assert demo_db.exists()
    assert not db_path.exists()  # the user's own database is untouched
    desa = rows(demo_db, "SELECT count(DISTINCT desa_code) FROM recipients")[0][0]
    assert desa >= 4


def test_a_run_builds_only_the_command_it_runs() -> None:
    """The root and each noun build a command from its function only when it is asked for
    (`cli.root.LazyGroup`); listing still names every command, in its order."""
    import typer

    from sampingdesa.cli import build_app
    from sampingdesa.cli.translation import Context

    root: Any = typer.main.get_command(build_app())
    ctx = Context(root)
    assert root.commands == {}
    recipient = root.get_command(ctx, "recipient")
    assert list(root.commands) == ["recipient"]
    assert recipient.list_commands(ctx)[:3] == ["add", "list", "show"]
    assert "import" in recipient.list_commands(ctx)
    assert recipient.get_command(ctx, "list").name == "list"
    assert list(recipient.commands) == ["list"]
    assert recipient.get_command(ctx, "nope") is None
