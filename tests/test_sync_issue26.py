"""Issue 26: merges that stay right when a clock is wrong, an insider cheats or a laptop is
copied. Hostile bundles are re-signed with the laptop's own key, taken from its database
file (the capability the threat model grants an insider)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from sampingdesa.importing.pipeline import ImportOptions, import_recipients
from sampingdesa.places.laptop import actor
from sampingdesa.reports.office import setting_uuid
from sampingdesa.store import changes as changes_module
from sampingdesa.store.audit import verify
from sampingdesa.store.changes import changes
from sampingdesa.store.db import open_db
from sampingdesa.sync import bundle as bundle_module
from tests.conftest import NIK_MAN, NIK_WOMAN, snapshot
from tests.import_helpers import write_xlsx
from tests.test_sync import export, laptop, run
from tests.test_sync_trust import add, forge, meta, refused, shown

YEAR = dt.timedelta(days=365)


@pytest.fixture
def three(cli, tmp_path: Path) -> tuple[Path, Path, Path]:
    a = laptop(cli, tmp_path, "Rina", "Hamalau")
    b = laptop(cli, tmp_path, "Budi", "Telaga Bidadari")
    c = laptop(cli, tmp_path, "Koordinator", "")
    return a, b, c


@contextmanager
def clock(monkeypatch: pytest.MonkeyPatch, shift: dt.timedelta) -> Iterator[None]:
    """This process's wall clock, `shift` off."""

    def wrong() -> str:
        return (dt.datetime.now(dt.timezone.utc) + shift).isoformat(timespec="milliseconds")

    with monkeypatch.context() as patched:
        patched.setattr(changes_module, "now_iso", wrong)
        patched.setattr(bundle_module, "now_iso", wrong)
        yield


def audited(db: Path) -> None:
    conn = open_db(db)
    try:
        result = verify(conn)
        assert result.ok, (result.problem, result.mismatches)
    finally:
        conn.close()


# -- rows must be what the log says, bulk or not ------------------------------------------------
def _imported(db: Path, tmp_path: Path) -> None:
    conn = open_db(db)
    rows = [["NIK", "Nama", "Desa", "Program"],
            [NIK_WOMAN, "Siti Aisyah", "Hamalau", "PKH"],
            [NIK_MAN, "Ahmad Rahman", "Hamalau", "BPNT"]]  # fmt: skip
    assert import_recipients(
        conn, write_xlsx(tmp_path / "list.xlsx", rows), ImportOptions()
    ).committed
    conn.close()


@pytest.mark.parametrize(
    ("column", "value"),
    [("nik", "6306054507890099"), ("name", "Nama Lain"), ("desa_code", "63.06.01.2002"),
     ("phone", "081399999999"), ("desil", 1)],
)  # fmt: skip
def test_a_bulk_row_edited_and_resigned_is_refused(
    cli, three, tmp_path: Path, column: str, value: Any
) -> None:
    a, _b, c = three
    _imported(a, tmp_path)
    honest = export(cli, a, tmp_path / "a.zip")

    def edit(manifest: Any, rows: list[Any], entries: list[Any]) -> None:
        for item in rows:
            if item["t"] == "recipients" and item["r"]["name"] == "Siti Aisyah":
                item["r"][column] = value

    refused(cli, c, forge(honest, tmp_path / "forged.zip", a, edit), "recipients", "impor")
    run(cli, c, "sync", "import", str(honest))
    audited(c)


def test_a_row_changed_beside_the_log_is_refused_on_the_way_in(cli, three, tmp_path) -> None:
    a, _b, c = three
    add(cli, a, NIK_WOMAN, "Siti Aisyah")
    raw = sqlite3.connect(a)
    raw.execute("UPDATE recipients SET deleted_at = '2026-01-01T00:00:00.000+00:00'")
    raw.commit()
    raw.close()
    refused(cli, c, export(cli, a, tmp_path / "a.zip"), "deleted_at")
    audited(c)


# -- order that does not trust wall clocks ------------------------------------------------------
def test_an_entry_dated_after_the_signature_is_refused(cli, three, tmp_path: Path) -> None:
    a, _b, c = three
    add(cli, a, NIK_WOMAN, "Siti Aisyah")

    def future(manifest: Any, rows: list[Any], entries: list[Any]) -> None:
        entries[-1]["at"] = "2099-01-01T00:00:00.000+00:00"

    forged = forge(export(cli, a, tmp_path / "a.zip"), tmp_path / "f.zip", a, future)
    refused(cli, c, forged, "2099", "ditandatangani")


def test_a_clock_three_years_ahead_is_named_and_a_correction_after_the_merge_wins(
    cli, three, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _b, c = three
    with clock(monkeypatch, 3 * YEAR):
        add(cli, a, NIK_WOMAN, "Siti Aisyah")
        run(cli, a, "recipient", "edit", NIK_WOMAN, "--address", "Jl. Masa Depan")
        ahead = export(cli, a, tmp_path / "a.zip")
    merged = run(cli, c, "sync", "import", str(ahead))
    assert "lebih maju" in merged.stderr and "Rina" in merged.stderr
    assert shown(cli, c, NIK_WOMAN)["address"] == "Jl. Masa Depan"
    run(cli, c, "recipient", "edit", NIK_WOMAN, "--address", "Jl. Koreksi")  # after the merge
    assert shown(cli, c, NIK_WOMAN)["address"] == "Jl. Koreksi"
    audited(c)
    run(cli, a, "sync", "import", str(export(cli, c, tmp_path / "c.zip")))  # not refused
    assert shown(cli, a, NIK_WOMAN)["address"] == "Jl. Koreksi"
    audited(a)
    with clock(monkeypatch, 3 * YEAR):  # no permanent win: a's next edit is a new change
        run(cli, a, "recipient", "edit", NIK_WOMAN, "--address", "Jl. Baru Lagi")
        again = export(cli, a, tmp_path / "a2.zip")
    run(cli, c, "sync", "import", str(again))
    assert shown(cli, c, NIK_WOMAN)["address"] == "Jl. Baru Lagi"
    audited(c)


def test_a_clock_three_years_behind_is_not_silently_dropped(
    cli, three, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _b, c = three
    add(cli, a, NIK_WOMAN, "Siti Aisyah")
    run(cli, c, "sync", "import", str(export(cli, a, tmp_path / "a.zip")))
    run(cli, c, "recipient", "edit", NIK_WOMAN, "--address", "Jl. Kantor")
    run(cli, a, "sync", "import", str(export(cli, c, tmp_path / "c.zip")))
    with clock(monkeypatch, -3 * YEAR):
        run(cli, a, "recipient", "edit", NIK_WOMAN, "--address", "Jl. Lapangan")
        behind = export(cli, a, tmp_path / "a2.zip")
    merged = run(cli, c, "sync", "import", str(behind))
    assert "tertinggal" in merged.stderr
    assert shown(cli, c, NIK_WOMAN)["address"] == "Jl. Lapangan"  # made after what it saw
    audited(c)


# -- who may change what ------------------------------------------------------------------------
def test_report_settings_change_only_on_the_coordinators_laptop(cli, three, tmp_path) -> None:
    a, _b, c = three
    before = snapshot(a)
    result = cli("--db", str(a), "report", "settings", "--head-name", "Orang Lain")
    assert result.exit_code == 1 and "milik koordinator" in result.stderr
    assert snapshot(a) == before
    run(cli, c, "report", "settings", "--head-name", "Drs. Fauzi", "--head-nip",
        "196501011990031001")  # fmt: skip
    # An insider writes the setting anyway, with the library, and syncs.
    conn = open_db(a)
    with changes(conn, actor(conn)) as writer:
        writer.insert("report_settings", {"key": "head_name", "value": "Orang Lain"},
                      row_uuid=setting_uuid("head_name"))  # fmt: skip
        writer.insert("report_settings", {"key": "office_name", "value": "Kantor Palsu"},
                      row_uuid=setting_uuid("office_name"))  # fmt: skip
    conn.close()
    add(cli, a, NIK_WOMAN, "Siti Aisyah")
    merged = run(cli, c, "sync", "import", str(export(cli, a, tmp_path / "a.zip")))
    assert "pengaturan laporan tidak diambil" in merged.stderr
    raw = sqlite3.connect(c)
    values = dict(raw.execute("SELECT key, value FROM report_settings WHERE deleted_at IS NULL"))
    raw.close()
    assert values.get("head_name") == "Drs. Fauzi" and "office_name" not in values
    assert shown(cli, c, NIK_WOMAN)["name"] == "Siti Aisyah"  # the rest went in
    audited(c)
    # Back on the laptop, the coordinator's settings win.
    run(cli, a, "sync", "import", str(export(cli, c, tmp_path / "c.zip")))
    audited(a)


def test_a_laptop_set_up_with_the_coordinators_name_does_not_write_as_the_coordinator(
    cli, three, tmp_path: Path
) -> None:
    _a, _b, c = three
    impostor = laptop(cli, tmp_path / "x", "Koordinator", "Hamalau")
    assert meta(impostor, "assistant_uuid") != meta(c, "assistant_uuid")
    add(cli, impostor, NIK_WOMAN, "Siti Aisyah")
    run(cli, c, "sync", "import", str(export(cli, impostor, tmp_path / "x.zip")))
    raw = sqlite3.connect(c)
    own = raw.execute(
        "SELECT desa_code, role FROM assistants WHERE uuid = ?", (meta(c, "assistant_uuid"),)
    ).fetchone()
    count = raw.execute("SELECT count(*) FROM assistants WHERE name = 'Koordinator'").fetchone()
    raw.close()
    assert own == (None, "koordinator") and count == (2,)
    audited(c)


def test_namesakes_stay_two_people_told_apart_by_desa(cli, tmp_path: Path) -> None:
    first = laptop(cli, tmp_path / "1", "Muhammad Rizki", "Hamalau")
    second = laptop(cli, tmp_path / "2", "Muhammad Rizki", "Telaga Bidadari")
    c = laptop(cli, tmp_path, "Koordinator", "")
    assert meta(first, "assistant_uuid") != meta(second, "assistant_uuid")
    add(cli, first, NIK_WOMAN, "Siti Aisyah")
    add(cli, second, NIK_MAN, "Ahmad Rahman", "Telaga Bidadari")
    run(cli, c, "sync", "import", str(export(cli, first, tmp_path / "1.zip")),
        str(export(cli, second, tmp_path / "2.zip")))  # fmt: skip
    raw = sqlite3.connect(c)
    desa = sorted(r[0] for r in raw.execute(
        "SELECT desa_code FROM assistants WHERE name = 'Muhammad Rizki'"))  # fmt: skip
    raw.close()
    assert len(desa) == 2 and len(set(desa)) == 2  # neither desa flipped to the other
    status = run(cli, c, "sync", "status").stdout
    assert "Muhammad Rizki (Hamalau)" in status and "Telaga Bidadari)" in status
    audited(c)


def test_init_with_another_name_asks_and_refuses_without_a_terminal(cli, initialised) -> None:
    before = snapshot(initialised)
    result = cli("init", "--assistant", "Rina Hidayat", "--desa", "Kandangan Kota")
    assert result.exit_code == 1
    assert "Rina Hidayati" in result.stderr and "--force" in result.stderr
    assert snapshot(initialised) == before
    forced = cli("init", "--assistant", "Rina Hidayat", "--desa", "Kandangan Kota", "--force")
    assert forced.exit_code == 0, forced.output
    new = meta(initialised, "assistant_uuid")
    assert uuid.UUID(new).version == 4  # random, not derived from the name
    same = cli("init", "--assistant", "Rina Hidayat", "--desa", "Kandangan Kota")
    assert same.exit_code == 0 and meta(initialised, "assistant_uuid") == new


# -- recovery, copies and backups ---------------------------------------------------------------
def _meta_or_none(db: Path, key: str) -> str | None:
    raw = sqlite3.connect(db)
    try:
        row = raw.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])
    finally:
        raw.close()


def test_backups_carry_no_signing_key_and_a_restore_keeps_the_identity(
    cli, three, tmp_path: Path
) -> None:
    a, _b, c = three
    add(cli, a, NIK_WOMAN, "Siti Aisyah")
    run(cli, c, "sync", "import", str(export(cli, a, tmp_path / "a.zip")))
    automatic = next((c.parent / "backups").glob("*before-sync*.db"))
    assert _meta_or_none(automatic, "signing_key") is None  # cannot sign as the coordinator
    key = _meta_or_none(c, "signing_key")
    saved = tmp_path / "saved.db"
    run(cli, c, "db", "backup", "-o", str(saved))
    assert _meta_or_none(saved, "signing_key") is None
    run(cli, c, "db", "restore", str(saved), "--yes")
    assert _meta_or_none(c, "signing_key") == key  # the same database goes on as itself
    run(cli, a, "sync", "import", str(export(cli, c, tmp_path / "c.zip")))
    # Restored where its database is gone: a new laptop, never the coordinator's key.
    elsewhere = tmp_path / "elsewhere.db"
    elsewhere.write_bytes(saved.read_bytes())
    run(cli, elsewhere, "status")
    moved = export(cli, elsewhere, tmp_path / "elsewhere.zip")
    assert meta(elsewhere, "database_id") != meta(c, "database_id")
    assert _meta_or_none(elsewhere, "public_key") != _meta_or_none(c, "public_key")
    assert moved.exists()


def test_a_bundle_signed_with_the_coordinators_own_key_is_refused_by_it(
    cli, three, tmp_path: Path
) -> None:
    a, _b, c = three
    add(cli, a, NIK_WOMAN, "Siti Aisyah")
    run(cli, c, "sync", "import", str(export(cli, a, tmp_path / "a.zip")))
    own = export(cli, c, tmp_path / "c.zip")  # as a copy of the coordinator's file would sign
    refused(cli, c, own, "basis data ini sendiri")


def test_a_wrong_first_key_is_recovered_in_one_logged_step(cli, three, tmp_path: Path) -> None:
    a, b, c = three
    add(cli, a, NIK_WOMAN, "Siti Aisyah")
    honest = export(cli, a, tmp_path / "a.zip")

    def rename(manifest: Any, rows: list[Any], entries: list[Any]) -> None:
        for item in rows:
            if item["t"] == "recipients":
                item["r"]["name"] = "Dicuri"
        for entry in entries:
            if entry.get("table") == "recipients" and entry.get("new"):
                entry["new"] = entry["new"].replace("Siti Aisyah", "Dicuri")

    # Budi's laptop re-signs Rina's work, changed, as Rina: the first bundle for her id.
    stolen = forge(honest, tmp_path / "stolen.zip", b, rename, claim=a)
    run(cli, c, "sync", "import", str(stolen))
    assert shown(cli, c, NIK_WOMAN)["name"] == "Dicuri"
    sari = laptop(cli, tmp_path / "sari", "Sari", "Hamalau")  # a field laptop that got it too
    run(cli, sari, "sync", "import", str(export(cli, c, tmp_path / "c0.zip")))
    assert shown(cli, sari, NIK_WOMAN)["name"] == "Dicuri"
    refused(cli, c, honest, "disematkan")  # the real laptop: another key
    token = f"{meta(a, 'database_id')}:{meta(a, 'public_key')}"
    run(cli, c, "sync", "trust", token, "--replace")
    refused(cli, c, honest, "Rina")  # the real history now forks from the one held
    assert "Dua penulis" in run(cli, c, "sync", "status").stderr
    # Without a terminal and without --yes: the list, and nothing changed.
    before = snapshot(c)
    asked = cli("--db", str(c), "sync", "trust", token, "--replace", "--drop-foreign")
    assert asked.exit_code == 1 and "Dicuri" in asked.stdout and snapshot(c) == before
    done = run(cli, c, "sync", "trust", token, "--replace", "--drop-foreign", "--yes")
    assert "Dicuri" in done.stdout
    audited(c)  # one logged step: the chain still verifies, every row matches
    run(cli, c, "sync", "import", str(honest))
    assert shown(cli, c, NIK_WOMAN)["name"] == "Siti Aisyah"
    assert "Dua penulis" not in run(cli, c, "sync", "status").stderr
    audited(c)
    raw = sqlite3.connect(c)
    logged = raw.execute("SELECT count(*) FROM change_log WHERE action = 'disown'").fetchone()
    raw.close()
    assert logged == (1,)
    # The coordinator's bundles go on to every laptop; one that held the wrong entries
    # follows the coordinator's logged step.
    after = export(cli, c, tmp_path / "c.zip")
    run(cli, a, "sync", "import", str(after))
    assert shown(cli, a, NIK_WOMAN)["name"] == "Siti Aisyah"
    audited(a)
    run(cli, sari, "sync", "import", str(after))
    assert shown(cli, sari, NIK_WOMAN)["name"] == "Siti Aisyah"
    audited(sari)


def test_the_demo_database_is_made_by_merging_and_syncs(tmp_path: Path) -> None:
    from sampingdesa.demo import build_demo
    from sampingdesa.init import init_database
    from sampingdesa.store.db import transaction
    from sampingdesa.sync.merge import export_bundle, import_bundles

    demo = build_demo(tmp_path / "demo", today=dt.date(2026, 5, 20))
    conn = open_db(demo.db_path)
    assert verify(conn).ok
    sources = conn.execute("SELECT assistant_name FROM sync_sources ORDER BY 1").fetchall()
    assert [r[0] for r in sources] == ["Ahmad Fauzi", "Rina Hidayati"]
    actions = dict(conn.execute("SELECT action, count(*) FROM change_log GROUP BY action"))
    assert actions.get("bulk-insert", 0) >= 2  # imported through the pipeline
    assert conn.execute("SELECT count(*) FROM visits WHERE source = 'form'").fetchone()[0] == 1
    with transaction(conn):
        export_bundle(conn, tmp_path / "demo.zip")
    conn.close()
    for name, desa, coordinator in (("Koordinator", None, True), ("Rina", "Hamalau", False)):
        other = open_db(tmp_path / f"{name}.db")
        init_database(other, kabupaten="63.06", assistant_name=name, desa=desa,
                      coordinator=coordinator)  # fmt: skip
        import_bundles(other, [tmp_path / "demo.zip"])
        assert verify(other).ok
        assert other.execute("SELECT count(*) FROM recipients").fetchone()[0] == 72
        other.close()


def test_a_field_laptop_cannot_disown_another_laptops_work(cli, three, tmp_path: Path) -> None:
    a, b, c = three
    add(cli, a, NIK_WOMAN, "Siti Aisyah")
    run(cli, c, "sync", "import", str(export(cli, a, tmp_path / "a.zip")))
    conn = open_db(b)  # an insider logs a recovery step of its own
    with changes(conn, actor(conn)) as writer:
        writer.log("sync_keys", meta(a, "database_id"), "disown", None,
                   {"database_id": meta(a, "database_id"), "origins": {meta(a, "origin"): 1},
                    "public_key": meta(b, "public_key")})  # fmt: skip
    conn.close()
    run(cli, c, "sync", "import", str(export(cli, b, tmp_path / "b.zip")))
    assert shown(cli, c, NIK_WOMAN)["name"] == "Siti Aisyah"
    audited(c)
    sari = laptop(cli, tmp_path / "sari", "Sari", "Hamalau")
    run(cli, sari, "sync", "import", str(export(cli, c, tmp_path / "c.zip")))
    assert shown(cli, sari, NIK_WOMAN)["name"] == "Siti Aisyah"
    audited(sari)
