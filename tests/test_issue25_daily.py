"""Issue 25, "no surprises in the daily path": each point through the CLI; the 80-column
points rendered at 80 columns."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sampingdesa.cli import output, prompts, tables
from tests.conftest import NIK_MAN, NIK_WOMAN, snapshot


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def at80(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("COLUMNS", "80")
    output._consoles.clear()
    yield
    output._consoles.clear()


def fits(screen: str) -> list[str]:
    lines = screen.splitlines()
    assert lines and [line for line in lines if len(line) > 80] == []
    return lines


# -- laptops ------------------------------------------------------------------------------------
def laptop(cli, folder: Path, name: str, desa: str) -> Path:
    db = folder / f"{name.split()[0]}.db"
    where = ("--desa", desa) if desa else ("--coordinator",)
    ok(cli("--db", str(db), "init", "--assistant", name, *where))
    return db


def run(cli, db: Path, *args: str) -> Any:
    return ok(cli("--db", str(db), *args))


@pytest.fixture
def three(cli, tmp_path: Path) -> tuple[Path, Path, Path]:
    a = laptop(cli, tmp_path, "Rina Hidayati", "Hamalau")
    b = laptop(cli, tmp_path, "Budi", "Telaga Bidadari")
    c = laptop(cli, tmp_path, "Koordinator", "")
    return a, b, c


@pytest.fixture
def conflict(cli, three, tmp_path: Path) -> tuple[Path, Path, Path]:
    """Rina and Budi both changed Siti Aisyah's address; the coordinator merged both."""
    a, b, c = three
    run(cli, a, "recipient", "add", "--nik", NIK_WOMAN, "--name", "Siti Aisyah",
        "--desa", "Hamalau")  # fmt: skip
    run(cli, a, "sync", "export", "-o", str(tmp_path / "base.zip"))
    run(cli, b, "sync", "import", str(tmp_path / "base.zip"))
    run(cli, c, "sync", "import", str(tmp_path / "base.zip"))
    run(cli, a, "recipient", "edit", NIK_WOMAN, "--address", "Jl. A")
    run(cli, b, "recipient", "edit", NIK_WOMAN, "--address", "Jl. B")
    run(cli, a, "sync", "export", "-o", str(tmp_path / "bundel-a.zip"))
    run(cli, b, "sync", "export", "-o", str(tmp_path / "bundel-b.zip"))
    # The pattern as Windows cmd passes it: unexpanded.
    run(cli, c, "sync", "import", str(tmp_path / "bundel-*.zip"))
    return a, b, c


# -- a second bundle on the same day ----------------------------------------------------------
def test_a_second_export_on_the_same_day_never_overwrites_the_first(
    cli, registered: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    first = ok(cli("sync", "export", "--since-last"))
    ok(cli("recipient", "edit", NIK_MAN, "--address", "Jl. Baru"))
    second = ok(cli("sync", "export", "--since-last"))
    names = sorted(p.name for p in tmp_path.glob("bundel-*.zip"))
    assert len(names) == 2
    numbered = [name for name in names if name.endswith("-2.zip")]
    assert len(numbered) == 1 and numbered[0] in flat(second.stdout)
    assert numbered[0] not in flat(first.stdout)
    # Both closing lines tell the time, like the other long commands.
    assert "detik" in first.stdout


def test_export_to_an_existing_file_is_refused_without_force(
    cli, registered: Path, tmp_path: Path
) -> None:
    target = tmp_path / "bundle.zip"
    ok(cli("sync", "export", "-o", str(target)))
    before = target.read_bytes()
    refused = cli("sync", "export", "-o", str(target))
    assert refused.exit_code != 0 and "sudah ada" in refused.stderr
    assert target.read_bytes() == before
    ok(cli("sync", "export", "-o", str(target), "--force"))


def test_quiet_means_only_errors(cli, registered: Path, tmp_path: Path) -> None:
    quiet = ok(cli("--quiet", "sync", "export", "-o", str(tmp_path / "b.zip")))
    assert quiet.stdout == "" and (tmp_path / "b.zip").exists()


# -- wildcards ------------------------------------------------------------------------------------
def test_sync_import_expands_a_pattern_the_shell_left(cli, conflict) -> None:
    _a, _b, c = conflict
    status = json.loads(run(cli, c, "sync", "status", "--json").stdout)
    assert {laptop["assistant_name"] for laptop in status["laptops"]} >= {"Rina Hidayati", "Budi"}


def test_a_pattern_matching_nothing_is_a_clear_error(cli, registered: Path, tmp_path: Path) -> None:
    before = snapshot(registered)
    result = cli("sync", "import", str(tmp_path / "bundel-*.zip"))
    assert result.exit_code == 1
    assert "Tidak ada berkas yang cocok dengan" in flat(result.stderr)
    assert snapshot(registered) == before


def test_photo_patterns_are_expanded(cli, registered: Path, tmp_path: Path) -> None:
    for name in ("rumah-1.jpg", "rumah-2.jpg"):
        (tmp_path / name).write_bytes(b"\xff\xd8\xff\xe0 a JPEG's first bytes " + name.encode())
    ok(cli("pendataan", "add", "--name", "Nenek Ijah", "--address", "Jl. Sungai", "--desa",
           "Kandangan Kota", "--category", "fakir miskin", "--description", "x", "--photo",
           str(tmp_path / "rumah-*.jpg")))  # fmt: skip
    (entry,) = json.loads(ok(cli("pendataan", "list", "--json")).stdout)
    shown = json.loads(ok(cli("pendataan", "show", entry["id"], "--json")).stdout)
    assert sorted(Path(p["path"]).name for p in shown["photos"]) == ["rumah-1.jpg", "rumah-2.jpg"]


# -- the sync trust line --------------------------------------------------------------------------
def test_the_sync_trust_line_is_never_wrapped(cli, registered: Path, at80: None) -> None:
    token = json.loads(ok(cli("sync", "status", "--json")).stdout)["key"]["token"]
    screen = ok(cli("sync", "status")).stdout
    assert f"sampingdesa sync trust {token}" in screen.splitlines()


# -- one count of open findings ------------------------------------------------------------------
def test_status_visit_due_and_finding_list_count_the_same_findings(cli, registered: Path) -> None:
    ok(cli("visit", "add", NIK_WOMAN, "--date", "2026-11-02", "--delivery", "BPNT:2026-10:none",
           "--on-target", "yes", "--change", "better"))  # fmt: skip
    ok(cli("recipient", "edit", NIK_WOMAN, "--desil", "6", "--desil-date", "2026-01-10"))
    listed = json.loads(ok(cli("finding", "list", "--json")).stdout)
    assert {f["kind"] for f in listed} >= {"desil-mismatch", "not-received"}
    status = json.loads(ok(cli("status", "--json")).stdout)
    assert status["open_findings"] == len(listed)
    assert status["oldest_finding"]["opened_on"] == min(f["opened_on"] for f in listed)
    due = json.loads(ok(cli("visit", "due", "--month", "2026-12", "--json")).stdout)
    woman = next(r for r in due if r["name"] == "Siti Aisyah")
    assert woman["open_findings"] == sum(1 for f in listed if f["name"] == "Siti Aisyah")
    assert due[0]["name"] == "Siti Aisyah"  # open findings first


# -- typos -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "suggested"),
    [(("visit", "ad"), "'add'"), (("recipent", "list"), "'recipient'"),
     (("sycn", "status"), "'sync'")],
)  # fmt: skip
def test_a_typo_suggests_the_nearest_command_in_indonesian(
    cli, registered: Path, args: tuple[str, ...], suggested: str
) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    text = flat(result.output)
    assert f"Maksud Anda {suggested}?" in text and "Did you mean" not in text


def test_a_typo_in_english_says_did_you_mean(cli, registered: Path) -> None:
    assert "Did you mean 'add'?" in flat(cli("--lang", "en", "visit", "ad").output)


# -- pendataan categories ---------------------------------------------------------------------------
def test_pendataan_categories_are_added_and_removed_and_the_change_is_said(
    cli, registered: Path
) -> None:
    ok(cli("pendataan", "add", "--name", "Nenek Ijah", "--address", "Jl. Sungai", "--desa",
           "Kandangan Kota", "--category", "lansia terlantar", "--description", "x"))  # fmt: skip
    (entry,) = json.loads(ok(cli("pendataan", "list", "--json")).stdout)

    def categories() -> list[str]:
        (found,) = json.loads(ok(cli("pendataan", "list", "--json")).stdout)
        return list(found["categories"])

    added = ok(cli("pendataan", "edit", entry["id"], "--add-category", "fakir miskin"))
    assert categories() == ["lansia-terlantar", "fakir-miskin"]
    assert "Kategori ditambahkan: fakir miskin." in flat(added.stdout)
    removed = ok(cli("pendataan", "edit", entry["id"], "--remove-category", "lansia terlantar"))
    assert categories() == ["fakir-miskin"]
    assert "Kategori dihapus: lanjut usia terlantar." in flat(removed.stdout)
    # --category still sets exactly, and says what it dropped.
    exact = ok(cli("pendataan", "edit", entry["id"], "--category", "anak jalanan"))
    assert categories() == ["anak-jalanan"]
    assert "Kategori dihapus: fakir miskin." in flat(exact.stdout)
    before = snapshot(registered)
    last = cli("pendataan", "edit", entry["id"], "--remove-category", "anak jalanan")
    assert last.exit_code == 1 and "paling sedikit satu kategori" in flat(last.stderr)
    absent = cli("pendataan", "edit", entry["id"], "--remove-category", "pengemis")
    assert absent.exit_code == 1 and "(--remove-category)" in flat(absent.stderr)
    assert snapshot(registered) == before


# -- 80 columns --------------------------------------------------------------------------------------
def test_a_table_too_wide_for_whole_words_moves_its_last_columns_behind_wide() -> None:
    screen = tables.render_at(
        80,
        tables.build_table(
            None,
            ["ID", tables.key("Ditemukan"), tables.text("Nama"), tables.key("NIK"),
             tables.text("Desa"), tables.text("Kategori PPKS"), tables.text("Status")],
            [["b0c86543", "2026-12-03", "Keluarga Bahrudin Hasanuddin", "630605******0001",
              "Kandangan Kota", "penyandang disabilitas", "terbuka"]],
            wide=False,
            width=80,
        ),
    )  # fmt: skip
    fits(screen)
    words = screen.split()
    assert "b0c86543" in words and "630605******0001" in words
    assert "disabilitas" in words and "penyandang" in words  # no word folded
    assert "terbuk" not in words
    assert "--wide" in screen


def test_status_at_80_columns_keeps_the_database_path_whole(
    cli, tmp_path: Path, at80: None
) -> None:
    deep = tmp_path / "Documents" / "Pendamping Sosial" / "Hulu Sungai Selatan" / "2026"
    deep.mkdir(parents=True)
    db = laptop(cli, deep, "Rina Hidayati", "Hamalau")
    screen = run(cli, db, "status").stdout
    assert str(db) in screen.splitlines()


def test_long_tables_fit_80_columns(cli, registered: Path, at80: None) -> None:
    tables.LONG_TABLE, saved = 0, tables.LONG_TABLE  # every table takes the long path
    try:
        ok(cli("visit", "add", NIK_WOMAN, "--date", "2026-11-02", "--delivery",
               "BPNT:2026-10:partial:100rb", "--problem", "dipotong", "--on-target", "yes",
               "--notes", "Kartu KKS tertahan di ketua kelompok sejak bulan lalu"))  # fmt: skip
        screen = ok(cli("visit", "list")).stdout
    finally:
        tables.LONG_TABLE = saved
    fits(screen)
    assert "Siti Aisyah" in screen


def test_visit_add_help_shows_the_delivery_example_whole(cli, at80: None) -> None:
    screen = ok(cli("visit", "add", "--help")).stdout
    fits(screen)
    assert "BPNT:2026-10:penuh:200rb" in screen and "…" not in screen


def test_visit_edit_help_gives_descriptions_room(cli, at80: None) -> None:
    screen = ok(cli("visit", "edit", "--help")).stdout
    fits(screen)
    assert "--not-ready-to-graduate" in screen.replace("│", " ").split()
    assert "Tambah pemeriksaan bantuan, atau ganti yang" in screen  # 43 columns, one line
    assert "…" not in screen


# -- CSV on every list -----------------------------------------------------------------------------
@pytest.fixture
def everything(cli, registered: Path) -> Path:
    ok(cli("visit", "add", NIK_WOMAN, "--date", "2026-11-02", "--delivery", "BPNT:2026-10:none",
           "--on-target", "yes", "--change", "better"))  # fmt: skip
    ok(cli("pendataan", "add", "--name", "=HYPERLINK(1)", "--address", "Jl. Sungai", "--desa",
           "Kandangan Kota", "--category", "fakir miskin", "--description", "x"))  # fmt: skip
    ok(cli("usulan", "add", "--kind", "hapus", "--nik", NIK_WOMAN, "--removal-reason", "pindah",
           "--month", "2026-11"))  # fmt: skip
    return registered


@pytest.mark.parametrize(
    "args",
    [
        ("pendataan", "list"),
        ("usulan", "list", "--month", "2026-11"),
        ("report", "summary", "--month", "2026-11"),
        ("recipient", "duplicates"),
        ("sync", "conflicts"),
        ("db", "audit", "list"),
        ("recipient", "list"),
        ("finding", "list"),
        ("visit", "list"),
    ],
)
def test_every_list_has_csv_and_sep(cli, everything: Path, args: tuple[str, ...]) -> None:
    text = ok(cli(*args, "--csv", "--sep", ";")).stdout
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(table) >= 1 and len({len(row) for row in table}) == 1
    assert not any(cell.startswith("=") for row in table for cell in row)


def test_a_wrong_separator_is_refused(cli, everything: Path) -> None:
    result = cli("pendataan", "list", "--csv", "--sep", "|")
    assert result.exit_code == 1 and "(--sep)" in result.stderr


# -- sync conflicts in words -----------------------------------------------------------------------
def test_sync_conflicts_name_the_person_the_field_and_who_wrote_what(
    cli, conflict, at80: None
) -> None:
    _a, _b, c = conflict
    fits(run(cli, c, "sync", "conflicts").stdout)
    screen = flat(run(cli, c, "--wide", "sync", "conflicts").stdout)
    assert "Siti Aisyah" in screen and "alamat" in screen
    assert "Jl. A (oleh Rina Hidayati)" in screen and "Jl. B (oleh Budi)" in screen
    assert "recipients" not in screen
    (item,) = json.loads(run(cli, c, "sync", "conflicts", "--json").stdout)
    resolved = run(cli, c, "sync", "resolve", str(item["id"]), "--keep", "mine")
    assert "Semua konflik sudah diselesaikan." in flat(resolved.stdout)
    after = flat(run(cli, c, "sync", "conflicts").stdout)
    assert after == "Tidak ada konflik terbuka: semua konflik sudah diselesaikan."


def test_a_conflict_on_a_nik_shows_it_masked(cli, three, tmp_path: Path) -> None:
    a, b, c = three
    run(cli, a, "recipient", "add", "--nik", NIK_WOMAN, "--name", "Siti Aisyah",
        "--desa", "Hamalau")  # fmt: skip
    run(cli, a, "sync", "export", "-o", str(tmp_path / "base.zip"))
    for db in (b, c):
        run(cli, db, "sync", "import", str(tmp_path / "base.zip"))
    run(cli, a, "recipient", "edit", NIK_WOMAN, "--kk", "6306051203850099")
    run(cli, b, "recipient", "edit", NIK_WOMAN, "--kk", "6306051203850088")
    for db, name in ((a, "a"), (b, "b")):
        run(cli, db, "sync", "export", "-o", str(tmp_path / f"{name}.zip"))
    run(cli, c, "sync", "import", str(tmp_path / "a.zip"), str(tmp_path / "b.zip"))
    screen = run(cli, c, "sync", "conflicts").stdout
    assert "630605******0099" in screen and "6306051203850099" not in screen


# -- the small ones ------------------------------------------------------------------------------
def test_the_questionnaire_summary_shows_the_date_received() -> None:
    import datetime as dt

    from sampingdesa.cli.questionnaire import summary_rows
    from sampingdesa.visits.recording import VisitInput
    from sampingdesa.visits.rules import parse_delivery

    data = VisitInput(visit_date=dt.date(2026, 11, 5))
    data.deliveries = [parse_delivery("BPNT:2026-10:full")]
    data.received_date = dt.date(2026, 11, 3)
    aid = next(row for row in summary_rows(data) if row[1] == "Bantuan")
    assert "diterima 2026-11-03" in aid[2]


def test_a_referral_finding_says_its_kind_once(cli, registered: Path) -> None:
    result = ok(cli("visit", "add", NIK_MAN, "--date", "2026-11-03", "--escort", "--facility",
                    "Puskesmas", "--purpose", "cek", "--needs-referral"))  # fmt: skip
    text = flat(result.stdout)
    assert "dibuka: perlu rujukan." in text and "(perlu rujukan)" not in text


def test_a_new_laptop_is_named_when_the_coordinators_bundle_arrives(
    cli, conflict, tmp_path: Path
) -> None:
    a, _b, c = conflict
    run(cli, c, "sync", "export", "--for", "Rina Hidayati", "-o", str(tmp_path / "back.zip"))
    warned = flat(run(cli, a, "sync", "import", str(tmp_path / "back.zip")).stderr)
    assert "Laptop baru Koordinator (koordinator), laptop" in warned
    assert "Laptop baru Budi (pendamping), laptop" in warned


def test_the_visit_form_names_the_assistants_desa(cli, registered: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    form = tmp_path / "form.xlsx"
    ok(cli("visit", "template", "--month", "2026-11", "-o", str(form)))
    title = load_workbook(form).properties.title
    assert "Desa: Kandangan Kota" in title and "semua desa" not in title


def test_recipient_add_offers_the_desa_by_name(
    cli, initialised: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sampingdesa.cli import recipient_cmd

    monkeypatch.setattr(prompts, "interactive", lambda: True)
    monkeypatch.setattr(recipient_cmd, "interactive", lambda: True)
    result = ok(cli("recipient", "add", input=f"{NIK_MAN}\nAhmad Rahman\n\n2\n"))
    assert "[Kandangan Kota]" in result.stdout
    conn = sqlite3.connect(initialised)
    (code,) = conn.execute("SELECT desa_code FROM recipients").fetchone()
    (name,) = conn.execute("SELECT name FROM regions WHERE code = ?", (code,)).fetchone()
    conn.close()
    assert name == "Kandangan Kota"


def test_db_audit_list_takes_a_short_record_id(cli, registered: Path) -> None:
    recipient = json.loads(ok(cli("recipient", "show", NIK_MAN, "--json")).stdout)
    ok(cli("recipient", "edit", NIK_MAN, "--address", "Jl. Baru"))
    full = json.loads(ok(cli("db", "audit", "list", "--row", recipient["uuid"], "--json")).stdout)
    short = json.loads(
        ok(cli("db", "audit", "list", "--row", recipient["uuid"][:8], "--json")).stdout
    )
    assert short == full and len(full) >= 1
    unknown = cli("db", "audit", "list", "--row", "ffffffff")
    assert unknown.exit_code == 1 and "Tidak ada data dengan id" in flat(unknown.stderr)
    too_short = cli("db", "audit", "list", "--row", "ab")
    assert too_short.exit_code == 1 and "(--row)" in too_short.stderr


def test_status_before_init_creates_nothing(cli, db_path: Path) -> None:
    result = ok(cli("status"))
    assert not db_path.exists()
    assert "init" in result.stdout


def _command_paths() -> list[tuple[str, ...]]:
    import typer

    from sampingdesa.cli import build_app
    from sampingdesa.cli.root import SampingGroup
    from sampingdesa.cli.translation import Context, iter_commands

    root = typer.main.get_command(build_app())
    paths: list[tuple[str, ...]] = [(), ("init",), ("demo",), ("status",)]
    for noun in SampingGroup.lazy_nouns:
        group = root.get_command(Context(root), noun)  # type: ignore[attr-defined]
        paths += [path for path, _command in iter_commands(group, (noun,))]
    return paths


def test_every_help_page_reads_whole_at_80_columns(cli, at80: None) -> None:
    cut = {}
    for path in _command_paths():
        screen = ok(cli(*path, "--help")).stdout
        wrong = [line for line in screen.splitlines() if len(line) > 80 or "…" in line]
        if wrong:
            cut[" ".join(path)] = wrong
    assert cut == {}
