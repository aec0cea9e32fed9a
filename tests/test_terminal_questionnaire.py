"""The questionnaire on a terminal: yes/no in Indonesian, wrong answers explained, a summary
to confirm or go back to, programmes asked for a new recipient; and finding people."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from sampingdesa.cli import prompts
from tests.conftest import NIK_MAN, NIK_WOMAN, snapshot


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prompts, "interactive", lambda: True)


# An escort visit to Ahmad: date, kind 2, facility, purpose, transport, result, referral, notes.
ESCORT = ["2025-11-05", "2", "Puskesmas Kandangan", "Cek gula darah", "", "", "tidak", ""]


@pytest.mark.parametrize(
    ("answer", "stored"), [("ya", 1), ("y", 1), ("yes", 1), ("tidak", 0), ("t", 0), ("n", 0)]
)
def test_yes_no_accepts_indonesian_and_english(
    cli, registered: Path, terminal: None, answer: str, stored: int
) -> None:
    answers = [*ESCORT[:6], answer, "", "ya"]
    ok(cli("visit", "add", NIK_MAN, input="\n".join(answers) + "\n"))
    assert rows(registered, "SELECT needs_referral FROM visits") == [(stored,)]


def test_a_wrong_yes_no_is_asked_again_in_indonesian(cli, registered: Path, terminal) -> None:
    answers = [*ESCORT[:6], "mungkin", "ya", "", "ya"]
    result = ok(cli("visit", "add", NIK_MAN, input="\n".join(answers) + "\n"))
    assert "Jawab ya atau tidak." in result.stderr
    assert "invalid input" not in result.output
    assert rows(registered, "SELECT needs_referral FROM visits") == [(1,)]


def test_a_wrong_choice_lists_the_valid_answers(cli, registered: Path, terminal) -> None:
    answers = [ESCORT[0], "9", *ESCORT[1:], "ya"]
    result = ok(cli("visit", "add", NIK_MAN, input="\n".join(answers) + "\n"))
    explained = " ".join(result.stderr.split())
    assert "'9' bukan jawaban yang sah" in explained
    assert "1 sampai 2, atau pemantauan, pendampingan lansia" in explained
    assert "Jenis kunjungan yang sah" not in explained  # not the question pasted in


def test_the_summary_shows_the_answers_and_goes_back(cli, registered: Path, terminal) -> None:
    # At the summary: 5 (the notes part), a new note, then save.
    answers = [*ESCORT, "5", "Dijemput ambulans desa", "ya"]
    result = ok(cli("visit", "add", NIK_MAN, input="\n".join(answers) + "\n"))
    assert result.stdout.count("Ringkasan kunjungan ke Ahmad Rahman") == 2
    assert "Puskesmas Kandangan; Cek gula darah" in result.stdout
    assert "pendampingan lansia" in result.stdout
    assert rows(registered, "SELECT kind, notes FROM visits") == [
        ("escort", "Dijemput ambulans desa")
    ]


def test_cancelling_at_the_summary_saves_nothing(cli, registered: Path, terminal) -> None:
    before = snapshot(registered)
    result = cli("visit", "add", NIK_MAN, input="\n".join([*ESCORT, "tidak"]) + "\n")
    assert result.exit_code == 1
    assert "Dibatalkan: kunjungan tidak dicatat." in result.stderr
    assert snapshot(registered) == before


def test_the_summary_refuses_an_unknown_answer(cli, registered: Path, terminal) -> None:
    result = ok(cli("visit", "add", NIK_MAN, input="\n".join([*ESCORT, "42", "ya"]) + "\n"))
    assert "Jawab ya, tidak atau nomor 1 sampai 5." in " ".join(result.stderr.split())


def test_recipient_add_asks_for_programmes(cli, initialised: Path, terminal: None) -> None:
    answers = [NIK_MAN, "Ahmad Rahman", "Kandangan Kota", "2, pkh, 99", "2,pkh"]
    result = ok(cli("recipient", "add", input="\n".join(answers) + "\n"))
    assert "Program yang diterima orang ini" in result.stdout
    assert "Bukan program: 99." in result.stderr
    assert rows(initialised, "SELECT program_code FROM enrollments ORDER BY 1") == [
        ("BPNT",),
        ("PKH",),
    ]


def test_recipient_without_programmes_gets_a_warning(cli, initialised: Path) -> None:
    result = ok(cli("recipient", "add", "--nik", NIK_MAN, "--name", "Ahmad Rahman",
                    "--desa", "Kandangan Kota"))  # fmt: skip
    warning = " ".join(result.stderr.split())
    assert "belum terdaftar di program apa pun" in warning
    assert "recipient enroll" in warning


# -- finding people -------------------------------------------------------------------------
def test_visit_add_by_name(cli, registered: Path) -> None:
    result = ok(cli("visit", "add", "siti aisyah", "--date", "2025-11-03", "--on-target", "ya"))
    assert "Siti Aisyah" in result.stdout
    assert rows(registered, "SELECT count(*) FROM visits") == [(1,)]


@pytest.mark.parametrize("key", ["Gusti Iberahim", "gusti", "GUSTI IBER", "Gústi Íberahim", "iber"])
def test_a_name_or_a_unique_part_finds_the_recipient(cli, registered: Path, key: str) -> None:
    record = json.loads(ok(cli("recipient", "show", key, "--json")).stdout)
    assert record["name"] == "Gusti Iberahim"


def test_a_short_id_finds_the_recipient(cli, registered: Path) -> None:
    uuid = json.loads(ok(cli("recipient", "show", NIK_WOMAN, "--json")).stdout)["uuid"]
    record = json.loads(ok(cli("recipient", "show", uuid[:6], "--json")).stdout)
    assert record["name"] == "Siti Aisyah"


def test_a_short_id_that_reads_like_scientific_notation_finds_the_recipient(
    cli, registered: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An id such as 21e904... is an id first; only when no id starts so is it explained
    as a NIK a spreadsheet damaged."""
    from sampingdesa.store import changes

    with monkeypatch.context() as patched:
        patched.setattr(changes, "new_uuid", lambda: "21e90447-0000-4000-8000-000000000001")
        ok(cli("recipient", "add", "--nik", "6306054507900004", "--name", "Siti Rahmah",
               "--desa", "Kandangan Kota"))  # fmt: skip
    assert json.loads(ok(cli("recipient", "show", "21e904", "--json")).stdout)["name"] == (
        "Siti Rahmah"
    )
    result = cli("recipient", "show", "63e15")
    assert result.exit_code == 1 and "rusak oleh spreadsheet" in " ".join(result.stderr.split())


def test_every_recipient_command_takes_a_name(cli, registered: Path) -> None:
    ok(cli("recipient", "edit", "ahmad", "--phone", "081234567890"))
    ok(cli("recipient", "enroll", "ahmad rahman", "--program", "PKH"))
    ok(cli("recipient", "leave", "Ahmad", "--program", "PKH", "--reason", "moved"))
    ok(cli("recipient", "remove", "ahmad", "--reason", "pindah ke Banjarmasin"))
    assert rows(registered, "SELECT phone, deleted_reason FROM recipients WHERE nik = "
                f"'{NIK_MAN}'") == [("081234567890", "pindah ke Banjarmasin")]  # fmt: skip


def test_several_matches_fail_with_the_list_in_a_script(cli, registered: Path) -> None:
    ok(cli("recipient", "add", "--nik", "6306054507900004", "--name", "Siti Rahmah",
           "--desa", "Kandangan Kota", "--program", "PKH"))  # fmt: skip
    before = snapshot(registered)
    result = cli("visit", "add", "siti", "--date", "2025-11-03", "--on-target", "ya")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert "2 penerima cocok dengan 'siti'" in lines[0]
    assert any("Siti Aisyah, 630605******0001, Kandangan Kota, id " in line for line in lines[1:])
    assert any("Siti Rahmah, 630605******0004" in line for line in lines[1:])
    assert NIK_WOMAN not in result.stderr
    assert snapshot(registered) == before


def test_several_matches_are_chosen_from_on_a_terminal(cli, registered: Path, terminal) -> None:
    ok(cli("recipient", "add", "--nik", "6306054507900004", "--name", "Siti Rahmah",
           "--desa", "Kandangan Kota", "--program", "PKH"))  # fmt: skip
    result = ok(cli("visit", "add", "siti", "--date", "2025-11-03", "--on-target", "ya",
                    input="5\n2\n"))  # fmt: skip
    assert "Ketik nomor 1 sampai 2." in result.stderr
    assert "Dipilih: Siti Rahmah" in result.stdout
    assert rows(registered, "SELECT r.name FROM visits v JOIN recipients r "
                "ON r.uuid = v.recipient_uuid") == [("Siti Rahmah",)]  # fmt: skip


@pytest.mark.parametrize("command", [("visit", "add"), ("recipient", "show")])
def test_a_damaged_nik_is_explained(cli, registered: Path, command: tuple[str, str]) -> None:
    result = (
        cli(*command, "6.30605E+15", "--date", "2025-11-03")
        if command[0] == "visit"
        else (cli(*command, "6.30605E+15"))
    )
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert "rusak oleh spreadsheet" in message and "16 digit" in message


def test_an_unknown_name_suggests_close_ones(cli, registered: Path) -> None:
    result = cli("recipient", "show", "Ahmad Rahmaan")
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert "Tidak ada penerima dengan NIK, id atau nama 'Ahmad Rahmaan'" in message
    assert "Ahmad Rahman (630605******0002)" in message
