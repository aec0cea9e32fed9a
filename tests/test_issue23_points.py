"""Issue 23, point by point: what masked outputs may not show, and inputs that once gave a
traceback or a hang (each now a sentence, exit 1 or 2, nothing changed)."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest

from sampingdesa.errors import SampingError
from sampingdesa.store.changes import bulk_rows
from sampingdesa.sync import bundle as bundle_module
from tests.conftest import KK, NIK_MAN, NIK_WOMAN, snapshot
from tests.safety_helpers import ok, refused
from tests.test_sync import export, laptop, run
from tests.test_sync_trust import add, forge, meta

HEX64 = "0123456789abcdef"


def import_list(cli: Any, tmp_path: Path, rows: list[str]) -> Any:
    path = tmp_path / "bnba.csv"
    path.write_text("NIK,Nama,Desa,JK,No KK\n" + "".join(r + "\n" for r in rows), "utf-8")
    return cli("recipient", "import", str(path))


# -- 1. row digests stay out of masked outputs ------------------------------------------------
def test_audit_list_masked_shows_no_row_digest(cli: Any, initialised: Path, tmp_path: Path) -> None:
    ok(import_list(cli, tmp_path, [f"{NIK_WOMAN},Siti Aisyah,Kandangan Kota,P,{KK}",
                                    f"{NIK_MAN},Ahmad Rahman,Kandangan Kota,L,"]))  # fmt: skip
    conn = sqlite3.connect(initialised)
    conn.row_factory = sqlite3.Row
    (entry,) = conn.execute("SELECT * FROM change_log WHERE action = 'bulk-insert' "
                            "AND table_name = 'recipients'").fetchall()  # fmt: skip
    digests = list(bulk_rows(dict(entry)).values())
    uuids = list(bulk_rows(dict(entry)))
    conn.close()
    assert len(digests) == 2
    masked = ok(cli("db", "audit", "list", "--json")).stdout
    table = ok(cli("db", "audit", "list")).stdout
    for text in (masked, table):
        for digest in digests:
            assert digest[:12] not in text
    (listed,) = [e for e in json.loads(masked) if e["action"] == "bulk-insert"
                 and e["table_name"] == "recipients"]  # fmt: skip
    assert json.loads(listed["new"])["rows"] == [[u] for u in uuids]  # which rows, no hash
    assert "2" in table  # "2 rows ..." in the table
    # The reveal (logged, with a reason) still shows them, and the chain still verifies.
    shown = ok(cli("db", "audit", "list", "--json", "--show-nik", "--reason", "audit")).stdout
    assert all(d in shown for d in digests)
    ok(cli("db", "audit", "verify"))


def test_audit_verify_names_a_changed_imported_row_without_its_digest(
    cli: Any, initialised: Path, tmp_path: Path
) -> None:
    ok(import_list(cli, tmp_path, [f"{NIK_WOMAN},Siti Aisyah,Kandangan Kota,P,{KK}"]))
    conn = sqlite3.connect(initialised)
    (new,) = conn.execute("SELECT new FROM change_log WHERE action = 'bulk-insert' "
                          "AND table_name = 'recipients'").fetchone()  # fmt: skip
    (digest,) = bulk_rows({"new": new}).values()
    conn.execute("DROP TRIGGER IF EXISTS recipients_no_update")
    conn.execute("UPDATE recipients SET name = 'Diubah' WHERE nik = ?", (NIK_WOMAN,))
    conn.commit()
    conn.close()
    for args in (("db", "audit", "verify"), ("db", "audit", "verify", "--json")):
        result = cli(*args)
        assert result.exit_code == 1
        assert digest[:8] not in result.stdout + result.stderr


# -- 3. smaller leaks -------------------------------------------------------------------------
@pytest.fixture
def kk_conflict(cli: Any, tmp_path: Path) -> tuple[Path, Path, Path, int]:
    a = laptop(cli, tmp_path, "Rina", "Hamalau")
    c = laptop(cli, tmp_path, "Koordinator", "")
    add(cli, a, NIK_WOMAN, "Siti Aisyah")
    run(cli, c, "sync", "import", str(export(cli, a, tmp_path / "a.zip")))
    run(cli, c, "recipient", "edit", NIK_WOMAN, "--kk", "6306052001150077")
    run(cli, a, "recipient", "edit", NIK_WOMAN, "--kk", "6306051505160078")
    run(cli, c, "sync", "import", str(export(cli, a, tmp_path / "a2.zip")))
    (conflict,) = json.loads(run(cli, c, "sync", "conflicts", "--json").stdout)
    return a, c, tmp_path, int(conflict["id"])


def test_sync_resolve_masks_the_value_it_chose(cli: Any, kk_conflict: Any) -> None:
    _a, c, _tmp, number = kk_conflict
    said = run(cli, c, "sync", "resolve", str(number), "--keep", "theirs").stdout
    assert "6306051505160078" not in said and "630605******0078" in said
    said = run(cli, c, "sync", "resolve", str(number), "--value", "6306052001150079").stdout
    assert "6306052001150079" not in said and "630605******0079" in said


def test_a_bundle_for_one_desa_carries_only_its_own_aliases(cli: Any, tmp_path: Path) -> None:
    """Two laptops add the same NIK: the coordinator merges them into one record and keeps
    an alias (with the full NIK). A bundle for another desa carries none of it."""
    a = laptop(cli, tmp_path, "Rina", "Hamalau")
    b = laptop(cli, tmp_path, "Budi", "Telaga Bidadari")
    c = laptop(cli, tmp_path, "Koordinator", "")
    add(cli, a, NIK_WOMAN, "Siti Aisyah")
    add(cli, b, NIK_WOMAN, "Siti Aisyah")
    add(cli, b, NIK_MAN, "Ahmad Rahman", "Telaga Bidadari")
    run(cli, c, "sync", "import", str(export(cli, a, tmp_path / "a.zip")),
        str(export(cli, b, tmp_path / "b.zip")))  # fmt: skip
    conn = sqlite3.connect(c)
    assert conn.execute("SELECT count(*) FROM recipient_aliases").fetchone()[0] == 1
    conn.close()
    path = export(cli, c, tmp_path / "for-budi.zip", "--for", "Telaga Bidadari")
    with zipfile.ZipFile(path) as archive:
        data = archive.read("data.jsonl").decode()
    assert NIK_MAN in data  # Budi's own recipient
    assert NIK_WOMAN not in data and '"recipient_aliases"' not in data
    whole = export(cli, c, tmp_path / "for-rina.zip", "--for", "Hamalau")
    with zipfile.ZipFile(whole) as archive:
        assert '"recipient_aliases"' in archive.read("data.jsonl").decode()


@pytest.mark.parametrize(
    ("nik", "hidden"),
    [("6306053206490025", "320649"),  # day 32: not a date
     ("6306054507890000", "450789"),  # serial 0000
     ("630605450789001", "45078"),  # 15 digits
     ("6306054507890001.0", "450789")],  # a decimal part
)  # fmt: skip
def test_import_problems_never_show_an_invalid_nik_whole(
    cli: Any, initialised: Path, tmp_path: Path, nik: str, hidden: str
) -> None:
    result = import_list(cli, tmp_path, [f"{nik},Siti,Kandangan Kota,P,"])
    text = result.stdout + result.stderr
    assert result.exit_code == 1 and "630605" in text
    assert nik not in text and hidden not in text


def test_ground_check_masks_a_nik_stored_as_a_number(
    cli: Any, registered: Path, tmp_path: Path
) -> None:
    import openpyxl

    path = tmp_path / "hasil.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["NIK", "Nama", "Hasil"])
    book.active.append([float(NIK_WOMAN), "Siti Aisyah", "diterima"])
    book.active.append(["6306053206490025", "Salah", "diterima"])
    book.save(path)
    result = cli("usulan", "ground-check", str(path))
    text = result.stdout + result.stderr
    assert result.exit_code == 1 and "630605" in text
    assert NIK_WOMAN not in text and "450789" not in text and "320649" not in text


@pytest.mark.parametrize(
    ("head", "accepted"),
    [(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", True),
     (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", True),
     (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", True),
     (b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00", True),
     (b"RIFF\x00\x10\x00\x00WEBPVP8 ", True),
     (b"root:x:0:0:root:/root:/bin/bash\n", False),
     (b"PATH=/usr/bin\x00HOME=/root\x00", False),
     (b"\xff\xd8 only two bytes", False),
     (b"", False)],
)  # fmt: skip
def test_only_image_files_are_accepted_as_photos(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, head: bytes, accepted: bool
) -> None:
    from sampingdesa.errors import InvalidValue
    from sampingdesa.visits.recording import _photo_rows

    folder = tmp_path / "foto"
    folder.mkdir()
    photo = folder / "rumah.jpg"
    photo.write_bytes(head + b"rest of the file")
    monkeypatch.chdir(tmp_path)
    if accepted:
        (row,) = _photo_rows([photo])
        assert row["path"] == "foto/rumah.jpg"  # relative to the photo folder, never absolute
        assert row["sha256"] == hashlib.sha256(photo.read_bytes()).hexdigest()
    else:
        with pytest.raises(InvalidValue, match="JPEG"):
            _photo_rows([photo])


def test_photo_refuses_system_files_and_records_no_absolute_path(
    cli: Any, registered: Path, tmp_path: Path
) -> None:
    before = snapshot(registered)
    for path in ("/etc/passwd", "/proc/self/environ"):
        result = cli("visit", "add", NIK_WOMAN, "--date", "2025-11-03", "--on-target", "yes",
                     "--photo", path)  # fmt: skip
        refused(result, "JPEG")
    assert snapshot(registered) == before
    home_photo = Path.home() / f".sampingdesa-test-{os.getpid()}.png"
    home_photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"x" * 32)
    try:
        ok(cli("visit", "add", NIK_WOMAN, "--date", "2025-11-03", "--on-target", "yes",
               "--photo", str(home_photo)))  # fmt: skip
    finally:
        home_photo.unlink()
    conn = sqlite3.connect(registered)
    (stored,) = conn.execute("SELECT path FROM visit_photos").fetchone()
    conn.close()
    assert stored == f"~/{home_photo.name}"


# -- 4. tracebacks and hangs ------------------------------------------------------------------
@pytest.fixture
def two(cli: Any, tmp_path: Path) -> tuple[Path, Path, Path]:
    a = laptop(cli, tmp_path, "Rina", "Hamalau")
    c = laptop(cli, tmp_path, "Koordinator", "")
    add(cli, a, NIK_WOMAN, "Siti Aisyah")
    return a, c, export(cli, a, tmp_path / "a.zip")


def test_a_bundle_with_64_bytes_flipped_in_the_middle_is_damaged(
    cli: Any, two: Any, tmp_path: Path
) -> None:
    _a, c, good = two
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo("data.jsonl")
    blob = bytearray(good.read_bytes())
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    for at in range(middle - 32, middle + 32):
        blob[at] ^= 0xFF
    bad = tmp_path / "flipped.zip"
    bad.write_bytes(bytes(blob))
    before = snapshot(c)
    refused(cli("--db", str(c), "sync", "import", str(bad)), "rusak")
    assert snapshot(c) == before


def test_a_signed_manifest_with_schema_version_1e400_is_refused(
    cli: Any, two: Any, tmp_path: Path
) -> None:
    a, c, good = two

    def huge_schema(manifest: dict[str, Any], _rows: Any, _entries: Any) -> None:
        manifest["schema_version"] = float("inf")  # json writes it as Infinity

    bad = forge(good, tmp_path / "inf.zip", a, huge_schema)
    with zipfile.ZipFile(bad) as archive:
        raw = archive.read("manifest.json").replace(b"Infinity", b"1e400")
    signed = json.loads(raw)
    signature = {"algorithm": "ed25519",
                 "signature": bundle_module.identity.sign(meta(a, "signing_key"), raw)}  # fmt: skip
    target = tmp_path / "1e400.zip"
    with zipfile.ZipFile(bad) as source, zipfile.ZipFile(target, "w") as archive:
        archive.writestr("manifest.json", raw)
        archive.writestr("signature.json", json.dumps(signature))
        for name in ("data.jsonl", "log.jsonl"):
            archive.writestr(name, source.read(name))
    assert signed["schema_version"] == float("inf")
    before = snapshot(c)
    refused(cli("--db", str(c), "sync", "import", str(target)))
    assert snapshot(c) == before


def test_a_member_that_unpacks_to_spaces_is_read_as_a_stream(
    cli: Any, two: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A signed bundle of a few hundred KB that unpacks to 64 MB of spaces (1,000 MB in the
    issue): refused at the per-row cap while reading, never held in memory whole."""
    a, c, good = two
    spaces = b" " * (64 * 1024 * 1024)

    def pad(_manifest: dict[str, Any], rows: list[Any], _entries: Any) -> None:
        rows.append(spaces.decode())

    bomb = forge(good, tmp_path / "spaces.zip", a, pad)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    with pytest.raises(SampingError, match="8 MB"):
        bundle_module.read_bundle(bomb, sqlite3.connect(c))
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 40 * 1024 * 1024, peak
    # Lines of spaces with line breaks: blank lines, read and skipped in small steps.
    monkeypatch.setattr(bundle_module.LIMITS, "row_bytes", 1024)
    refused(cli("--db", str(c), "sync", "import", str(bomb)), "MB")


@pytest.mark.parametrize(
    "args",
    [("visit", "due", "--days", "9223372036854775808"),
     ("finding", "list", "--older-than", "99999999999999999999"),
     ("program", "edit", "PKH", "--amount", "99999999999999999999"),
     ("sync", "resolve", "99999999999999999999", "--keep", "mine"),
     ("recipient", "list", "--limit", "99999999999999999999"),
     ("visit", "sample", "--month", "2025-11", "--per-desa", "2", "--seed", "99999999999999999999")],
    ids=lambda a: " ".join(a[:2]),
)  # fmt: skip
def test_huge_integers_are_a_usage_problem(
    cli: Any, registered: Path, args: tuple[str, ...]
) -> None:
    before = snapshot(registered)
    result = cli(*args)
    assert result.exit_code == 2 and "Traceback" not in result.output + result.stderr
    assert snapshot(registered) == before


@pytest.mark.parametrize("count", ["99999999999999999999", "²"])
def test_audit_verify_with_a_huge_count_in_the_head(cli: Any, registered: Path, count: str) -> None:
    conn = sqlite3.connect(registered)
    (head,) = conn.execute("SELECT hash FROM change_log ORDER BY id DESC LIMIT 1").fetchone()
    conn.close()
    result = cli("db", "audit", "verify", "--head", f"{head[:12]}/{count}")
    assert result.exit_code == 1 and "Traceback" not in result.output + result.stderr
    assert result.stderr.strip()


@pytest.mark.parametrize("target", ["/etc/passwd", "/dev/zero"])
def test_demo_output_on_a_file_is_refused(cli: Any, target: str) -> None:
    before = Path(target).stat()
    refused(cli("demo", "--output", target), target)
    after = Path(target).stat()
    assert (after.st_mode, after.st_size, after.st_mtime) == (
        before.st_mode, before.st_size, before.st_mtime)  # fmt: skip


def test_db_on_a_fifo_or_a_device_is_refused_without_hanging(cli: Any, tmp_path: Path) -> None:
    fifo = tmp_path / "pipa.db"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        for args in (("status",), ("db", "check"), ("recipient", "list")):
            refused(cli("--db", str(path), *args), str(path))


def test_a_read_only_database_file_is_refused_and_left_read_only(
    cli: Any, registered: Path
) -> None:
    registered.chmod(0o444)
    before = snapshot(registered)
    try:
        for args in (("recipient", "list"), ("recipient", "edit", NIK_WOMAN, "--phone", "0812")):
            refused(cli(*args), "hanya-baca")
        assert stat.S_IMODE(registered.stat().st_mode) == 0o444
        assert snapshot(registered) == before
    finally:
        registered.chmod(0o600)


def test_a_gap_in_the_migrations_table_is_reported(cli: Any, registered: Path) -> None:
    conn = sqlite3.connect(registered)
    conn.execute("DELETE FROM migrations WHERE id = 3")
    conn.commit()
    conn.close()
    result = cli("db", "check")
    assert result.exit_code == 1 and "3" in result.stdout + result.stderr
    assert "sehat" not in result.stdout.lower() or "tidak" in result.stdout.lower()
    refused(cli("recipient", "list"), "nomor 3")


def test_a_dry_run_says_a_new_key_would_be_pinned_and_pins_nothing(cli: Any, two: Any) -> None:
    a, c, good = two
    result = run(cli, c, "sync", "import", str(good), "--dry-run")
    said = result.stdout + result.stderr
    assert "kini disematkan" not in said and "akan disematkan" in said
    conn = sqlite3.connect(c)
    pinned = "SELECT count(*) FROM sync_keys WHERE database_id = ?"
    assert conn.execute(pinned, (meta(a, "database_id"),)).fetchone()[0] == 0
    conn.close()
    said = run(cli, c, "sync", "import", str(good)).stderr
    assert "kini disematkan" in said


def test_audit_verify_masks_numbers_and_birth_dates_it_reports(cli: Any, registered: Path) -> None:
    conn = sqlite3.connect(registered)
    conn.execute("UPDATE recipients SET nik = '6306054507890009', birth_date = '1989-07-06' "
                 "WHERE nik = ?", (NIK_WOMAN,))  # fmt: skip
    conn.commit()
    conn.close()
    for args in (("db", "audit", "verify"), ("db", "audit", "verify", "--json")):
        result = cli(*args)
        text = result.stdout + result.stderr
        assert result.exit_code == 1 and "630605******0009" in text
        for hidden in (NIK_WOMAN, "6306054507890009", "1989-07-05", "1989-07-06"):
            assert hidden not in text
