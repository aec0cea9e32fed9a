"""One rule in one place (issue 22, issue 23 "one limit for every text"): the same hostile
value gets the same answer from every way data comes in, what the CLI stores a bundle
carries, and full NIKs leave the library only with a logged `Reveal`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sampingdesa.errors import InvalidValue, RevealRequired, SampingError
from sampingdesa.store.db import open_db
from sampingdesa.sync.conflicts import field_value
from sampingdesa.sync.tables import TABLES
from sampingdesa.sync.validate import ContentChecker
from tests.conftest import NIK_MAN, NIK_WOMAN, snapshot
from tests.import_helpers import write_csv
from tests.test_sync import export, laptop, run

NEW_NIK = "6306056508900004"  # born 1990-08-25, P; not in the register
ESC = "Siti\x1b]0;owned\x07 Aisyah"
BEL = "Siti\x07Aisyah"
HUGE = "a" * 100_000
FULL_WIDTH_NIK = "６３０６０５６５０８９００００４"
ARABIC_NIK = "٦٣٠٦٠٥٦٥٠٨٩٠٠٠٠٤"
ODD_PHONE, PHONE = "(0812) 3456-7890", "081234567890"

Path_ = Callable[[Any, Path, str], tuple[bool, Any]]


def _conn(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    return conn


def _as_coordinator(db: Path) -> Path:
    """This laptop is the coordinator's: report settings belong to it (issue 26)."""
    from sampingdesa.places.laptop import actor
    from sampingdesa.store.changes import changes
    from sampingdesa.store.db import open_db

    conn = open_db(db)
    try:
        with changes(conn, actor(conn)) as writer:
            writer.update("assistants", actor(conn), {"role": "koordinator"})
    finally:
        conn.close()
    return db


def _cli_path(
    args: Callable[[str], list[str]], table: str, column: str, nik: str | None = None
) -> Path_:
    """A command taking the value; (accepted, stored value) and nothing changed on refusal."""

    def attempt(cli: Any, db: Path, value: str) -> tuple[bool, Any]:
        before = snapshot(db)
        result = cli(*args(value))
        if result.exit_code != 0:
            assert result.exit_code in (1, 2), result.output
            assert "Traceback" not in result.output
            assert snapshot(db) == before
            return False, None
        with _conn(db) as conn:
            where, params = ("WHERE nik = ?", (nik,)) if nik else ("", ())
            row = conn.execute(
                f"SELECT {column} FROM {table} {where} ORDER BY rowid DESC LIMIT 1", params
            ).fetchone()
        return True, row[0]

    return attempt


def _import_path(column: str, header: str) -> Path_:
    def attempt(cli: Any, db: Path, value: str) -> tuple[bool, Any]:
        row = {"NIK": NEW_NIK, "Nama": "Wati", "Desa": "Kandangan Kota", header: value}
        path = write_csv(db.parent / "list.csv", [list(row), list(row.values())])
        before = snapshot(db)
        result = cli("recipient", "import", str(path), "--program", "PKH")
        if result.exit_code != 0:
            assert result.exit_code == 1 and "Traceback" not in result.output
            assert snapshot(db) == before
            return False, None
        with _conn(db) as conn:
            nik = value if column == "nik" else NEW_NIK
            found = conn.execute(f"SELECT {column} FROM recipients ORDER BY rowid DESC").fetchone()
        assert found is not None, nik
        return True, found[0]

    return attempt


def _library_path(table: str, column: str) -> Path_:
    """`sync resolve --value`: the value as the field's own validation stores it."""

    def attempt(cli: Any, db: Path, value: str) -> tuple[bool, Any]:
        conn = open_db(db)
        try:
            return True, field_value(conn, table, column, value)
        except SampingError:
            return False, None
        finally:
            conn.close()

    return attempt


def _bundle_path(table: str, column: str) -> Path_:
    """A bundle row carrying the value (stored form), checked as `sync import` checks it."""

    def attempt(cli: Any, db: Path, value: str) -> tuple[bool, Any]:
        conn = open_db(db)
        try:
            row = dict(conn.execute(f"SELECT * FROM {table} LIMIT 1").fetchone())
            row[column] = value
            problem = ContentChecker(conn, TABLES).check_row(table, row)
            return problem is None, value if problem is None else None
        finally:
            conn.close()

    return attempt


def _form_path() -> Path_:
    """The visit form's notes column (openpyxl cannot write control characters in a cell, so
    this path is fed the long text only)."""

    def attempt(cli: Any, db: Path, value: str) -> tuple[bool, Any]:
        path = db.parent / "form.xlsx"
        assert cli("visit", "template", "--month", "2025-11", "-o", str(path)).exit_code == 0
        book = openpyxl.load_workbook(path)
        sheet = book.worksheets[0]
        keys = [cell.value for cell in sheet[1]]
        first = next(sheet.iter_rows(min_row=3))
        first[keys.index("date")].value = "2025-11-05"
        first[keys.index("notes")].value = value
        book.save(path)
        before = snapshot(db)
        result = cli("visit", "import", str(path))
        if result.exit_code != 0:
            assert result.exit_code == 1 and "Traceback" not in result.output
            assert snapshot(db) == before
            return False, None
        with _conn(db) as conn:
            return True, conn.execute("SELECT notes FROM visits").fetchone()[0]

    return attempt


NAME_PATHS: dict[str, Path_] = {
    "recipient add --name": _cli_path(
        lambda v: ["recipient", "add", "--nik", NEW_NIK, "--name", v, "--desa", "Kandangan Kota"],
        "recipients", "name"),
    "recipient edit --address": _cli_path(
        lambda v: ["recipient", "edit", NIK_MAN, "--address", v], "recipients", "address",
        NIK_MAN),
    "recipient import (Nama)": _import_path("name", "Nama"),
    "pendataan add --name": _cli_path(
        lambda v: ["pendataan", "add", "--name", v, "--address", "Jl. Sungai", "--category",
                   "fakir-miskin", "--description", "tinggal sendiri"], "pendataan", "name"),
    "pendataan add --description": _cli_path(
        lambda v: ["pendataan", "add", "--name", "Ijah", "--address", "Jl. Sungai", "--category",
                   "fakir-miskin", "--description", v], "pendataan", "description"),
    "usulan add --name": _cli_path(
        lambda v: ["usulan", "add", "--kind", "baru", "--nik", NEW_NIK, "--name", v, "--address",
                   "Jl. Baru", "--desa", "Kandangan Kota", "--reason", "tidak mampu"],
        "usulan", "name"),
    "report settings --office-name": _cli_path(
        lambda v: ["report", "settings", "--office-name", v], "report_settings", "value"),
    "sync resolve --value (pendataan name)": _library_path("pendataan", "name"),
    "sync resolve --value (recipients name)": _library_path("recipients", "name"),
    "sync bundle (recipients name)": _bundle_path("recipients", "name"),
    "sync bundle (pendataan name)": _bundle_path("pendataan", "name"),
    "sync bundle (usulan reason)": _bundle_path("usulan", "reason"),
    "sync bundle (report_settings value)": _bundle_path("report_settings", "value"),
}  # fmt: skip

NIK_PATHS: dict[str, Path_] = {
    "recipient add --nik": _cli_path(
        lambda v: ["recipient", "add", "--nik", v, "--name", "Wati", "--desa", "Kandangan Kota"],
        "recipients", "nik"),
    "recipient import (NIK)": _import_path("nik", "NIK"),
    "pendataan add --nik": _cli_path(
        lambda v: ["pendataan", "add", "--nik", v, "--name", "Wati", "--address", "Jl. Sungai",
                   "--category", "fakir-miskin", "--description", "x"], "pendataan", "nik"),
    "usulan add --nik": _cli_path(
        lambda v: ["usulan", "add", "--kind", "baru", "--nik", v, "--name", "Wati", "--address",
                   "Jl. Baru", "--desa", "Kandangan Kota", "--reason", "tidak mampu"],
        "usulan", "nik"),
    "sync resolve --value (pendataan nik)": _library_path("pendataan", "nik"),
    "sync resolve --value (usulan nik)": _library_path("usulan", "nik"),
    "sync bundle (pendataan nik)": _bundle_path("pendataan", "nik"),
    "sync bundle (usulan nik)": _bundle_path("usulan", "nik"),
}  # fmt: skip


@pytest.fixture
def everything(cli: Any, registered: Path) -> Path:
    """The register, one pendataan entry, one proposal and an office name: a row of each
    table the bundle paths alter."""
    _as_coordinator(registered)
    for args in (
        ["pendataan", "add", "--name", "Nenek Ijah", "--address", "Jl. Sungai", "--category",
         "lansia-terlantar", "--description", "tinggal sendiri", "--nik", NIK_WOMAN],
        ["usulan", "add", "--kind", "baru", "--nik", NIK_WOMAN, "--name", "Siti Aisyah",
         "--address", "Jl. Baru", "--desa", "Kandangan Kota", "--reason", "tidak mampu"],
        ["report", "settings", "--office-name", "Dinas Sosial"],
    ):  # fmt: skip
        result = cli(*args)
        assert result.exit_code == 0, result.output
    return registered


HOSTILE_TEXT = {"ESC": ESC, "BEL": BEL, "100,000 characters": HUGE}


@pytest.mark.parametrize("value", list(HOSTILE_TEXT.values()), ids=list(HOSTILE_TEXT))
def test_the_same_hostile_text_is_refused_by_every_entry_path(
    cli: Any, everything: Path, value: str
) -> None:
    paths = dict(NAME_PATHS)
    if value == HUGE:
        paths["visit import (notes)"] = _form_path()
    answers = {name: attempt(cli, everything, value)[0] for name, attempt in paths.items()}
    assert answers == dict.fromkeys(paths, False)


@pytest.mark.parametrize(
    "value", [FULL_WIDTH_NIK, ARABIC_NIK, "123", "abc"], ids=["full-width", "arabic", "123", "abc"]
)
def test_the_same_odd_nik_is_refused_by_every_entry_path(
    cli: Any, everything: Path, value: str
) -> None:
    answers = {name: attempt(cli, everything, value)[0] for name, attempt in NIK_PATHS.items()}
    assert answers == dict.fromkeys(NIK_PATHS, False)


def test_no_kk_abc_is_refused_for_every_table(everything: Path) -> None:
    for table in ("recipients", "pendataan", "usulan"):
        assert _library_path(table, "no_kk")(None, everything, "abc") == (False, None), table
        assert _bundle_path(table, "no_kk")(None, everything, "abc")[0] is False, table


PHONE_PATHS: dict[str, Path_] = {
    "recipient add --phone": _cli_path(
        lambda v: ["recipient", "add", "--nik", NEW_NIK, "--name", "Wati", "--desa",
                   "Kandangan Kota", "--phone", v], "recipients", "phone"),
    "recipient edit --phone": _cli_path(
        lambda v: ["recipient", "edit", NIK_MAN, "--phone", v], "recipients", "phone", NIK_MAN),
    "recipient import (No HP)": _import_path("phone", "No HP"),
    "sync resolve --value (recipients phone)": _library_path("recipients", "phone"),
}  # fmt: skip


def test_an_odd_phone_format_gets_one_answer_everywhere(cli: Any, registered: Path) -> None:
    for name, attempt in PHONE_PATHS.items():
        accepted, stored = attempt(cli, registered, ODD_PHONE)
        assert (accepted, stored) == (True, PHONE), name
        if name.startswith(("recipient add", "recipient import")):
            _forget(registered, NEW_NIK)
    for name, attempt in PHONE_PATHS.items():
        assert attempt(cli, registered, "０８１２３４５６７８９０")[0] is False, name
    # A bundle carries the stored form, and only that.
    assert _bundle_path("recipients", "phone")(None, registered, PHONE)[0] is True
    assert _bundle_path("recipients", "phone")(None, registered, ODD_PHONE)[0] is False


def _forget(db: Path, nik: str) -> None:
    """Take a recipient out again (raw SQL: the change log is not under test here)."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        uuid = conn.execute("SELECT uuid FROM recipients WHERE nik = ?", (nik,)).fetchone()[0]
        conn.execute("DELETE FROM enrollments WHERE recipient_uuid = ?", (uuid,))
        conn.execute("DELETE FROM recipients WHERE uuid = ?", (uuid,))
    conn.close()


@pytest.mark.parametrize(
    "nip",
    ["000000000000000000", "197001011990131005", "１９７００１０１１９９００３１００５",
     "١٩٧٠٠١٠١١٩٩٠٠٣١٠٠٥", "¹⁹⁷⁰⁰¹⁰¹¹⁹⁹⁰⁰³¹⁰⁰⁵"],
)  # fmt: skip
def test_report_settings_refuse_implausible_nips(cli: Any, initialised: Path, nip: str) -> None:
    _as_coordinator(initialised)
    before = snapshot(initialised)
    result = cli("report", "settings", "--head-nip", nip)
    assert result.exit_code == 1 and "--head-nip" in result.stderr
    assert snapshot(initialised) == before


def test_sync_trust_refuses_odd_ids(cli: Any, initialised: Path) -> None:
    key = "ab" * 32
    for laptop_id in ("\x1b[2Jabcdefgh", "x" * 5000, "abcd efgh"):
        result = cli("sync", "trust", f"{laptop_id}:{key}")
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert "\x1b" not in result.output and len(result.output) < 2000


# -- what the CLI stores, a coordinator accepts ---------------------------------------------
_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=300
)


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=_TEXT, address=_TEXT, office=_TEXT, description=_TEXT)
def test_what_the_cli_stores_a_coordinator_accepts(
    cli: Any, tmp_path_factory: pytest.TempPathFactory, name: str, address: str, office: str,
    description: str,
) -> None:  # fmt: skip
    folder = tmp_path_factory.mktemp("laptops")
    field = laptop(cli, folder, "Rina", "Hamalau")
    coordinator = laptop(cli, folder, "Koordinator", "")
    for args in (
        ["recipient", "add", "--nik", NEW_NIK, "--name", name, "--desa", "Hamalau",
         "--address", address],
        ["pendataan", "add", "--name", name, "--address", address, "--category", "fakir-miskin",
         "--description", description],
        ["report", "settings", "--office-name", office, "--office-address", address],
    ):  # fmt: skip
        result = cli("--db", str(field), *args)
        assert result.exit_code in (0, 1, 2), result.output
        assert "Traceback" not in result.output
    bundle = export(cli, field, folder / "rina.zip")
    run(cli, coordinator, "sync", "import", str(bundle))  # accepted, whatever was stored


# -- Reveal: the library keeps its own promise ------------------------------------------------
def _reveals(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return [
        (row[0], row[1])
        for row in conn.execute(
            "SELECT json_extract(new, '$.scope'), reason FROM change_log "
            "WHERE action = 'reveal_nik' ORDER BY id"
        )
    ]


def test_build_monthly_full_needs_a_reveal_and_logs_it_before_writing(
    people: sqlite3.Connection, tmp_path: Path
) -> None:
    from sampingdesa.privacy import Reveal
    from sampingdesa.reports.queries import resolve_scope
    from sampingdesa.reports.workbook import build_monthly
    from sampingdesa.values.parsing import parse_month

    month, scope = parse_month("2026-10"), resolve_scope(people)
    path = tmp_path / "full.xlsx"
    with pytest.raises(RevealRequired):
        build_monthly(people, month, scope, profile="full", path=path, force=True)
    assert not path.exists() and _reveals(people) == []

    reveal = Reveal("pemeriksaan BPK", "monthly report 2026-10")
    build_monthly(people, month, scope, profile="full", path=path, force=True, reveal=reveal)
    assert path.exists()
    assert _reveals(people) == [("monthly report 2026-10", "pemeriksaan BPK")]
    # masked needs none and logs none
    build_monthly(people, month, scope, profile="masked", path=tmp_path / "m.xlsx", force=True)
    assert len(_reveals(people)) == 1


def test_a_reveal_without_a_reason_is_refused() -> None:
    from sampingdesa.privacy import Reveal

    for reason in ("", "   ", None):
        with pytest.raises(RevealRequired):
            Reveal(reason, "x")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        Reveal("alasan\x1b[2J", "x")


def test_library_lists_mask_unless_revealed_and_log_each_reveal(
    people: sqlite3.Connection, tmp_path: Path
) -> None:
    from sampingdesa.privacy import Reveal
    from sampingdesa.register.recipients import list_recipients
    from sampingdesa.reports.register_export import register_rows
    from sampingdesa.visits.history import recipient_detail

    masked = list_recipients(people)
    assert all("******" in r["nik"] for r in masked) and _reveals(people) == []
    assert NIK_WOMAN not in str(register_rows(people, program=None, desa=None))
    full = list_recipients(people, reveal=Reveal("verifikasi", "script list"))
    assert {r["nik"] for r in full} >= {NIK_WOMAN, NIK_MAN}
    assert recipient_detail(people, NIK_MAN, Reveal("verifikasi", "script show"))["nik"] == NIK_MAN
    rows = register_rows(people, program=None, desa=None, reveal=Reveal("BPK", "register"))
    assert NIK_WOMAN in str(rows)
    assert [scope for scope, _reason in _reveals(people)] == ["script list", "script show",
                                                              "register"]  # fmt: skip


def test_the_audit_history_masks_unless_revealed_and_logs_the_reveal_first(
    people: sqlite3.Connection,
) -> None:
    from sampingdesa.privacy import Reveal, audit_entries

    masked = audit_entries(people, table="recipients")
    assert NIK_WOMAN not in str(masked) and _reveals(people) == []
    full = audit_entries(people, table="recipients", reveal=Reveal("audit BPK", "db audit list"))
    assert NIK_WOMAN in str(full)
    # Logged before the log was read: the reveal's own entry is the last one listed.
    assert full[-1]["action"] == "reveal_nik"
    assert [scope for scope, _reason in _reveals(people)] == ["db audit list"]


def test_siks_sheet_needs_a_reveal(people: sqlite3.Connection, tmp_path: Path) -> None:
    from sampingdesa.reports.usulan_export import write_siks_sheet

    with pytest.raises(RevealRequired):
        write_siks_sheet(people, "2026-10", "63.06.05.2001", tmp_path / "s.xlsx", reveal=None)
    assert not (tmp_path / "s.xlsx").exists() and _reveals(people) == []


# -- specific exceptions: a script can tell what went wrong ---------------------------------
def test_a_script_can_tell_a_damaged_bundle_from_a_history_gap(cli: Any, tmp_path: Path) -> None:
    from sampingdesa.errors import DamagedBundle, HistoryGap, UntrustedKey
    from sampingdesa.sync.merge import import_bundles

    field = laptop(cli, tmp_path, "Rina", "Hamalau")
    office = laptop(cli, tmp_path, "Koordinator", "")
    run(cli, field, "recipient", "add", "--nik", NIK_WOMAN, "--name", "Siti", "--desa", "Hamalau")
    first = export(cli, field, tmp_path / "1.zip")
    run(cli, field, "recipient", "add", "--nik", NIK_MAN, "--name", "Ahmad", "--desa", "Hamalau")
    second = export(cli, field, tmp_path / "2.zip", "--since-last")
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(first.read_bytes()[:200])
    conn = open_db(office)
    try:
        with pytest.raises(DamagedBundle):
            import_bundles(conn, [damaged])
        with pytest.raises(HistoryGap):
            import_bundles(conn, [second])
        assert not issubclass(DamagedBundle, UntrustedKey | HistoryGap)
        import_bundles(conn, [first, second])
    finally:
        conn.close()


def test_the_questionnaire_asks_again_for_a_note_with_a_control_character(
    cli: Any, registered: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sampingdesa.cli import prompts

    monkeypatch.setattr(prompts, "interactive", lambda: True)
    # An escort visit: date, kind 2, facility (first with BEL, then plain), purpose,
    # transport, result, referral, notes (first 2,001 characters, then plain), confirm.
    answers = ["2025-11-05", "2", "Puskesmas\x07", "Puskesmas Kandangan", "Cek gula darah", "",
               "", "tidak", "x" * 2_001, "baik", "ya"]  # fmt: skip
    result = cli("visit", "add", NIK_MAN, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    with _conn(registered) as conn:
        row = conn.execute("SELECT escort_facility, notes FROM visits").fetchone()
    assert tuple(row) == ("Puskesmas Kandangan", "baik")


def test_sync_resolve_masks_the_value_it_prints_unless_revealed(cli: Any, tmp_path: Path) -> None:
    from tests.conftest import KK

    other_kk = "6306052001150002"
    a = laptop(cli, tmp_path, "Rina", "Hamalau")
    b = laptop(cli, tmp_path, "Budi", "Telaga Bidadari")
    c = laptop(cli, tmp_path, "Koordinator", "")
    run(cli, a, "recipient", "add", "--nik", NIK_WOMAN, "--name", "Siti", "--desa", "Hamalau")
    base = export(cli, a, tmp_path / "base.zip")
    run(cli, b, "sync", "import", str(base))
    run(cli, c, "sync", "import", str(base))
    run(cli, a, "recipient", "edit", NIK_WOMAN, "--kk", KK)
    run(cli, b, "recipient", "edit", NIK_WOMAN, "--kk", other_kk)
    run(cli, c, "sync", "import", str(export(cli, a, tmp_path / "a.zip")),
        str(export(cli, b, tmp_path / "b.zip")))  # fmt: skip
    listed = run(cli, c, "sync", "conflicts", "--json").stdout
    assert KK not in listed and other_kk not in listed and "630605******" in listed
    number = str(json.loads(listed)[0]["id"])
    masked = run(cli, c, "sync", "resolve", number, "--value", KK).stdout
    assert KK not in masked and "630605******0001" in masked
    refused = cli("--db", str(c), "sync", "resolve", number, "--keep", "mine", "--show-nik")
    assert refused.exit_code == 2 and "--reason" in refused.stderr
    shown = run(cli, c, "sync", "resolve", number, "--value", KK, "--show-nik", "--reason", "cek")
    assert KK in shown.stdout
    with _conn(c) as conn:
        assert _reveals(conn) == [(f"sync resolve {number}", "cek")]


@pytest.mark.parametrize("code", ["63.06.5.1004", "63.06.05.10O4"])
def test_a_malformed_desa_code_gets_one_answer_from_every_entry_path(
    cli: Any, registered: Path, code: str
) -> None:
    """`DesaCode` checks a desa code's shape for every entry that takes one: the same
    sentence from `recipient add --desa`, a list's Desa column, `sync resolve --value` and a
    bundle row, and nothing stored."""
    from sampingdesa.values.person import DesaCode

    with pytest.raises(InvalidValue) as expected:
        DesaCode(code)
    sentence = expected.value.message

    def said(output: str) -> bool:
        return sentence in " ".join(output.split())

    before = snapshot(registered)
    add = cli("recipient", "add", "--nik", NEW_NIK, "--name", "Wati", "--desa", code)
    assert add.exit_code in (1, 2) and said(add.output), add.output
    row = {"NIK": NEW_NIK, "Nama": "Wati", "Desa": code}
    listed = write_csv(registered.parent / "list.csv", [list(row), list(row.values())])
    imported = cli("recipient", "import", str(listed), "--program", "PKH")
    assert imported.exit_code == 1 and said(imported.output), imported.output
    assert snapshot(registered) == before
    conn = open_db(registered)
    try:
        with pytest.raises(InvalidValue) as resolved:
            field_value(conn, "recipients", "desa_code", code)
        assert resolved.value.message == sentence
        bundle_row = dict(conn.execute("SELECT * FROM recipients LIMIT 1").fetchone())
        bundle_row["desa_code"] = code
        checker = ContentChecker(conn, TABLES)
        assert checker.check_row("recipients", bundle_row) == ("desa_code", sentence)
        # The same code well formed: a bundle row carries it, and a name still resolves.
        bundle_row["desa_code"] = "63.06.05.1001"
        assert checker.check_row("recipients", bundle_row) is None
    finally:
        conn.close()


def test_a_desa_code_in_any_accepted_writing_resolves_to_the_same_desa(
    registered: Path,
) -> None:
    from sampingdesa.places.laptop import resolve_desa

    conn = open_db(registered)
    try:
        for text in ("63.06.05.1001", "6306051001", "63 06 05 1001", "Kandangan Kota"):
            assert resolve_desa(conn, text).code == "63.06.05.1001", text
    finally:
        conn.close()
