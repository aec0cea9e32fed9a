"""Flag names reach only people who typed flags: library errors name fields, the CLI adds
the flag of the command that runs, the visit form names the row, column and cell."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from sampingdesa import i18n
from sampingdesa.cli import build_app
from sampingdesa.cli.translation import iter_commands
from sampingdesa.errors import InvalidValue
from sampingdesa.values import codes
from sampingdesa.values.codes import fold
from tests.conftest import NIK_MAN, snapshot
from tests.test_i18n import all_help_msgids, msgids_of
from tests.test_visits_forms import fill, make_form

SRC = Path(__file__).resolve().parents[1] / "src" / "sampingdesa"
# A flag in a sentence, unless it is part of a command to run (`sampingdesa init --assistant`).
FLAG = re.compile(r"(?<![\w`])--[a-z][\w-]*")
COMMAND = re.compile(r"sampingdesa [a-z][^.`\n]*")
# Sentences of the library that still name a flag, left to the areas that own them (the
# recipient-list importer's --map advice; the file writers' --force, to be one helper).
# Do not add to this list: name the field, and let the CLI name the flag.
PENDING: set[str] = set()  # every library sentence is flag-free now


# Options of every command (the database file, the language), so naming them is never wrong.
GLOBAL_FLAGS = {"--db", "--lang"}


def flags_outside_commands(text: str) -> list[str]:
    return [flag for flag in FLAG.findall(COMMAND.sub("", text)) if flag not in GLOBAL_FLAGS]


LIBRARY_MODULES = sorted(
    path for path in SRC.rglob("*.py") if not {"cli", "locale"} & set(path.relative_to(SRC).parts)
)


@pytest.mark.parametrize(
    "module", LIBRARY_MODULES, ids=lambda p: str(p.relative_to(SRC)).replace("\\", "/")
)
def test_library_sentences_name_no_flags(module: Path) -> None:
    offending = [m for m in msgids_of(module) if flags_outside_commands(m) and m not in PENDING]
    assert offending == []


def test_the_cli_adds_the_flag_of_the_command_that_runs(cli, registered: Path) -> None:
    result = cli("visit", "add", NIK_MAN, "--date", "2025-11-03", "--on-target", "no")
    assert result.exit_code == 1
    assert "(--reason)" in result.stderr and "meninggal dunia" in result.stderr
    result = cli("recipient", "leave", NIK_MAN, "--program", "BPNT", "--reason", "bosan")
    assert result.exit_code == 1 and "(--reason)" in result.stderr
    result = cli("--lang", "en", "visit", "add", NIK_MAN, "--date", "2025-11-03", "--gps", "1,1")
    assert result.exit_code == 1 and "(--gps)" in result.stderr  # after global options too


def test_recipient_leave_takes_indonesian_reasons(cli, registered: Path) -> None:
    result = cli("recipient", "leave", NIK_MAN, "--program", "BPNT", "--reason", "lulus")
    assert result.exit_code == 0, result.output
    assert "graduasi" in result.stdout and "graduated" not in result.stdout


def _leaf_commands() -> dict[tuple[str, ...], Any]:
    import typer

    root = typer.main.get_command(build_app())
    skip = {("demo",), ("init",), ("sync", "export")}  # they write outside the test folder
    return {
        path: command
        for path, command in iter_commands(root)
        if path and not hasattr(command, "list_commands") and path not in skip
    }


def test_no_command_answers_a_flagless_call_with_a_flag(cli, registered: Path) -> None:
    """Every command, given junk arguments and no options: where it refuses with one of our
    errors (exit 1), the sentence names no flag the user did not type."""
    offending = {}
    refused = []
    commands = _leaf_commands()
    for path in commands:
        command = commands[path]
        arguments = [p for p in command.params if p.param_type_name == "argument"]
        result = cli(*path, *["x"] * len(arguments))
        assert "Traceback" not in result.output
        if result.exit_code == 1:
            refused.append(path)
            flags = flags_outside_commands(result.stderr)
            if flags:
                offending[" ".join(path)] = result.stderr.strip()
    assert offending == {}
    assert len(refused) >= 10  # the walk reaches the library's errors


def test_form_errors_name_the_column_and_the_cell(cli, registered: Path, tmp_path: Path) -> None:
    path = make_form(cli, tmp_path)
    fill(path, {
        "Ahmad Rahman": {"date": "2025-11-06", "on_target": "tidak tepat sasaran"},  # no reason
        "Siti Aisyah": {"date": "2025-11-06", "on_target": "tidak tepat sasaran",
                        "reason": "xyz"},
    })  # fmt: skip
    before = snapshot(registered)
    result = cli("visit", "import", str(path))
    assert result.exit_code == 1
    assert flags_outside_commands(result.stderr) == []
    assert "deceased" not in result.stderr
    lines = result.stderr.splitlines()
    missing = next(line for line in lines if "mengapa" in line)
    assert re.search(r"Baris \d+, kolom 'Alasan tidak tepat sasaran' \([A-Z]+\d+\):", missing)
    assert "meninggal dunia" in missing and "pindah" in missing
    wrong = next(line for line in lines if "'xyz'" in line)
    assert re.search(
        r"Baris \d+, kolom 'Alasan tidak tepat sasaran' \([A-Z]+\d+\): 'xyz' bukan alasan "
        r"yang sah; pilih salah satu: meninggal dunia, pindah",
        wrong,
    )
    assert snapshot(registered) == before


def test_python_callers_get_the_field() -> None:
    from sampingdesa.values.codes import OffTargetReason
    from sampingdesa.visits.rules import parse_coded_note

    with pytest.raises(InvalidValue) as raised:
        parse_coded_note("lainnya", OffTargetReason, "reason")
    assert raised.value.field == "reason" and "--" not in raised.value.message


# Codes that are English words (the Indonesian ones, like `bulanan` or `desa`, may appear).
ENGLISH_CODES = {
    member.value
    for code_type in codes.all_code_types()
    for member in code_type
    if re.fullmatch(r"[a-z][a-z-]+", member.value)
    and member.value != fold(member.label_in("id"))
    and code_type
    not in (
        codes.FundingLevel,
        codes.Cadence,
        codes.AmountUnit,
        codes.Ppks,
        codes.Subject,
        codes.EntryStatus,
        codes.ProposalKind,
        codes.RemovalReason,
        codes.ProposalStatus,
    )
}


def test_indonesian_help_names_words_not_english_codes() -> None:
    catalogue = i18n.catalogue()
    offending = {}
    for msgid in all_help_msgids():
        text = catalogue.get(msgid, "")
        found = [c for c in ENGLISH_CODES if re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", text)]
        if found:
            offending[text] = sorted(found)
    assert offending == {}


def test_words_the_indonesian_help_offers_are_accepted() -> None:
    offered = [
        (codes.Delivery, ["penuh", "sebagian", "tidak", "belum"]),
        (codes.Problem, ["kartu-diblokir", "dipotong", "salah-nama", "belum-cair"]),
        (codes.OnTarget, ["ya", "tidak", "ragu"]),
        (codes.OffTargetReason, ["meninggal", "pindah", "mampu", "pns", "ganda", "tidak-ditemukan"]),
        (codes.Change, ["membaik", "tetap", "memburuk"]),
        (codes.VisitKind, ["pemantauan", "pendampingan"]),
        (codes.FindingKind, ["tidak-diterima", "sebagian", "tidak-tepat-sasaran", "memburuk",
                             "rujukan"]),
        (codes.LeaveReason, ["lulus", "berhenti", "meninggal", "pindah", "tidak-layak",
                             "lainnya"]),
        (codes.PrivacyProfile, ["disamarkan", "lengkap", "agregat"]),
    ]  # fmt: skip
    for code_type, words in offered:
        assert len({code_type.parse(word, "x") for word in words}) == len(words), code_type
