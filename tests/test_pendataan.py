"""The social-problem register (pendataan), the 26 PPKS categories and the DTSEN desil."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from sampingdesa.errors import Conflict, InvalidValue, SampingError
from sampingdesa.i18n import translate_to
from sampingdesa.register import pendataan
from sampingdesa.register.desil import DESIL_LIMITS, check_programs, parse_desil
from sampingdesa.store.changes import changes
from sampingdesa.store.db import open_db
from sampingdesa.values.codes import FindingKind, Ppks
from tests.conftest import NIK_ELDER, NIK_MAN, NIK_WOMAN, snapshot

ROOT = Path(__file__).resolve().parents[1]

# The 26 kinds as DOMAIN.md lists them (Permensos 5/2019), in its order.
DOMAIN_PPKS = [
    "anak balita terlantar",
    "anak terlantar",
    "anak yang berhadapan dengan hukum",
    "anak jalanan",
    "anak dengan kedisabilitasan",
    "anak korban tindak kekerasan atau diperlakukan salah",
    "anak yang memerlukan perlindungan khusus",
    "lanjut usia terlantar",
    "penyandang disabilitas",
    "tuna susila",
    "gelandangan",
    "pengemis",
    "pemulung",
    "kelompok minoritas",
    "bekas warga binaan lembaga pemasyarakatan",
    "orang dengan HIV/AIDS",
    "korban penyalahgunaan NAPZA",
    "korban perdagangan orang (trafficking)",
    "korban tindak kekerasan",
    "pekerja migran bermasalah sosial",
    "korban bencana alam",
    "korban bencana sosial",
    "perempuan rawan sosial ekonomi",
    "fakir miskin",
    "keluarga bermasalah sosial psikologis",
    "komunitas adat terpencil",
]


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def entries(cli, *args: str) -> list[dict[str, Any]]:
    return json.loads(ok(cli("pendataan", "list", "--json", *args)).stdout)


# -- PPKS ----------------------------------------------------------------------------------------
def test_ppks_are_the_26_kinds_of_permensos_5_2019() -> None:
    assert len(DOMAIN_PPKS) == 26
    assert [member.label_in("id") for member in Ppks] == DOMAIN_PPKS
    assert len({member.label_in("en") for member in Ppks}) == 26
    assert all(member.label_in("en") != member.label_in("id") for member in Ppks)


def test_the_guide_lists_every_category() -> None:
    guide = (ROOT / "docs" / "guide-pendataan.md").read_text(encoding="utf-8")
    missing = [
        m.value for m in Ppks if f"`{m.value}`" not in guide or m.label_in("id") not in guide
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ODHA", Ppks.ODHA),
        ("KAT", Ppks.KOMUNITAS_ADAT_TERPENCIL),
        ("lansia terlantar", Ppks.LANSIA_TERLANTAR),
        ("Lanjut Usia Terlantar", Ppks.LANSIA_TERLANTAR),
        ("neglected elderly person", Ppks.LANSIA_TERLANTAR),
        ("fakir miskin", Ppks.FAKIR_MISKIN),
        ("penyandang disabilitas", Ppks.DISABILITAS),
        ("ADK", Ppks.ANAK_DISABILITAS),
    ],
)
def test_categories_are_typed_many_ways(typed: str, expected: Ppks) -> None:
    assert pendataan.parse_categories([typed]) == [expected.value]


def test_unknown_category_names_the_choices() -> None:
    with pytest.raises(InvalidValue) as error:
        pendataan.parse_categories(["fakir-miskin,orang hilang"])
    assert error.value.field == "category" and "fakir miskin" in error.value.message


# -- desil ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "expected"), [("4", 4), (6.0, 6), ("Desil 10", 10), ("D1", 1)])
def test_parse_desil(value: object, expected: int) -> None:
    assert parse_desil(value) == expected


@pytest.mark.parametrize("value", ["0", "11", "4.5", "", "enam", True])
def test_parse_desil_refuses(value: object) -> None:
    with pytest.raises(InvalidValue):
        parse_desil(value)


def test_desil_limits_of_kepmensos_79_2025() -> None:
    assert DESIL_LIMITS == {"PKH": 4, "BPNT": 5, "PBI-JK": 5}
    check_programs(["PKH", "BPNT", "BLT-DD"], 4)
    check_programs(["BPNT", "PBI-JK", "BLT-DD"], 5)
    check_programs(["PKH"], None)  # unknown desil: nothing to check
    with pytest.raises(InvalidValue, match="PKH"):
        check_programs(["BPNT", "PKH"], 5)
    with pytest.raises(InvalidValue, match="PBI-JK"):
        check_programs(["PBI-JK"], 6)


def test_recipient_edit_desil_and_mismatch_findings(cli, registered: Path) -> None:
    result = ok(cli("recipient", "edit", NIK_WOMAN, "--desil", "6", "--desil-date", "2026-01-10"))
    assert "BPNT" in result.stderr and "PKH" in result.stderr  # warned of both mismatches
    shown = json.loads(ok(cli("recipient", "show", NIK_WOMAN, "--json")).stdout)
    assert (shown["desil"], shown["desil_date"]) == (6, "2026-01-10")
    found = json.loads(ok(cli("finding", "list", "--json", "--kind", "desil-mismatch")).stdout)
    assert sorted(f["program_code"] for f in found) == ["BPNT", "PKH"]
    assert {f["kind"] for f in found} == {FindingKind.DESIL_MISMATCH.value}
    assert all(f["opened_on"] == "2026-01-10" and "*" in f["nik"] for f in found)
    refused = cli("finding", "resolve", found[0]["id"], "--note", "sudah dicek")
    assert refused.exit_code == 1 and "--desil N" in refused.stderr
    ok(cli("recipient", "leave", NIK_WOMAN, "--program", "PKH", "--reason", "ineligible"))
    ok(cli("recipient", "edit", NIK_WOMAN, "--desil", "5"))
    assert json.loads(ok(cli("finding", "list", "--json")).stdout) == []


@pytest.mark.parametrize(
    ("args", "flag"),
    [(["--desil", "11"], "--desil"), (["--desil-date", "2026-01-01"], "--desil-date"),
     (["--desil", "3", "--desil-date", "2999-01-01"], "--desil-date")],
)  # fmt: skip
def test_recipient_desil_errors_change_nothing(cli, registered: Path, args, flag) -> None:
    before = snapshot(registered)
    result = cli("recipient", "edit", NIK_MAN, *args)
    assert result.exit_code == 1 and flag in result.stderr
    assert snapshot(registered) == before


def test_import_reads_a_desil_column(cli, initialised: Path, tmp_path: Path) -> None:
    path = tmp_path / "dtsen.csv"
    path.write_text(
        f"NIK;Nama;Desa;Program;Desil DTSEN\n{NIK_MAN};Ahmad Rahman;Kandangan Kota;PKH;6\n"
        f"{NIK_ELDER};Gusti Iberahim;Kandangan Kota;BPNT;abc\n",
        encoding="utf-8",
    )
    before = snapshot(initialised)
    bad = cli("recipient", "import", str(path))
    assert bad.exit_code == 1 and "E3" in bad.output
    assert snapshot(initialised) == before
    path.write_text(path.read_text().replace("abc", "2"))
    ok(cli("recipient", "import", str(path)))
    conn = sqlite3.connect(initialised)
    rows = conn.execute("SELECT nik, desil, desil_date FROM recipients ORDER BY nik").fetchall()
    today = dt.date.today().isoformat()
    assert rows == [(NIK_MAN, 6, today), (NIK_ELDER, 2, today)]
    # A later list with a new desil updates it, and the change is logged.
    path.write_text(path.read_text().replace(";6\n", ";3\n"))
    ok(cli("recipient", "import", str(path)))
    assert conn.execute("SELECT desil FROM recipients WHERE nik = ?", (NIK_MAN,)).fetchone() == (3,)
    logged = conn.execute(
        "SELECT new FROM change_log WHERE table_name = 'recipients' AND action = 'update'"
    ).fetchall()
    assert any('"desil":3' in row[0] for row in logged)
    found = json.loads(ok(cli("finding", "list", "--json")).stdout)
    assert found == []  # PKH at desil 3 is within the limit


# -- the register (library) ------------------------------------------------------------------------
@pytest.fixture
def conn(registered: Path) -> sqlite3.Connection:
    return open_db(registered)


def actor(conn: sqlite3.Connection) -> str:
    from sampingdesa.places.laptop import actor as current

    return current(conn)


def add(conn: sqlite3.Connection, **values: Any) -> str:
    data = pendataan.EntryInput(**values)
    with changes(conn, actor(conn)) as writer:
        return pendataan.add_entry(writer, data, actor(conn), dt.date.today())


def test_without_nik_name_address_desa_and_description_are_needed(conn) -> None:
    base = dict(name="Nenek Ijah", address="Jl. Sungai Kandangan", desa="Kandangan Kota",
                description="tinggal sendiri", categories=["lansia-terlantar"])  # fmt: skip
    for missing, field in (("address", "address"), ("description", "description"),
                           ("name", "name"), ("categories", "category")):  # fmt: skip
        values = {**base, missing: [] if missing == "categories" else None}
        with pytest.raises(InvalidValue) as error:
            add(conn, **values)
        assert error.value.field == field
    entry_uuid = add(conn, **base)
    record = pendataan.entry_detail(conn, entry_uuid[:8], show_nik=False)
    assert record["nik"] is None and record["categories"] == ["lansia-terlantar"]
    assert record["status"] == "open" and record["desa_name"] == "Kandangan Kota"


def test_nik_is_checked_and_links_the_recipient(conn) -> None:
    with pytest.raises(SampingError, match="NIK"):
        add(conn, nik="123", name="X", desa="Kandangan Kota", description="d",
            categories=["fakir-miskin"])  # fmt: skip
    entry_uuid = add(conn, nik=NIK_MAN, name="Ahmad Rahman", desa="Kandangan Kota",
                     description="rumah rusak", categories=["fakir-miskin", "KBSP"])  # fmt: skip
    row = conn.execute("SELECT * FROM pendataan WHERE uuid = ?", (entry_uuid,)).fetchone()
    recipient = conn.execute("SELECT uuid FROM recipients WHERE nik = ?", (NIK_MAN,)).fetchone()
    assert row["recipient_uuid"] == recipient[0] and row["sex"] == "L"
    assert pendataan.categories_of(conn, entry_uuid) == [
        "fakir-miskin", "keluarga-bermasalah-psikologis"
    ]  # fmt: skip
    with pytest.raises(Conflict, match=entry_uuid[:8]):
        add(conn, nik=NIK_MAN, name="Ahmad Rahman", desa="Kandangan Kota", description="lagi",
            categories=["fakir-miskin"])  # fmt: skip


def test_edit_replaces_categories_and_close(conn) -> None:
    entry_uuid = add(conn, recipient=NIK_ELDER, description="lumpuh, tidak ada yang merawat",
                     categories=["lansia-terlantar"])  # fmt: skip
    with changes(conn, actor(conn)) as writer:
        changed = pendataan.edit_entry(
            writer, entry_uuid[:6],
            pendataan.EntryInput(categories=["disabilitas", "lansia terlantar"], referral="Dinsos"),
            dt.date.today(),
        )  # fmt: skip
    assert changed == ["referral", "categories"]
    assert sorted(pendataan.categories_of(conn, entry_uuid)) == ["disabilitas", "lansia-terlantar"]
    today = dt.date.today()
    with changes(conn, actor(conn)) as writer:
        pendataan.close_entry(writer, entry_uuid[:8], "dirujuk ke panti", today, today, "diterima")
    with pytest.raises(Conflict), changes(conn, actor(conn)) as writer:
        pendataan.close_entry(writer, entry_uuid[:8], "lagi", today, today)
    assert pendataan.list_entries(conn) == []
    closed = pendataan.list_entries(conn, include_closed=True)
    assert closed[0]["status"] == "closed" and closed[0]["referral_outcome"] == "diterima"


def test_a_visit_opens_an_entry(cli, conn) -> None:
    ok(cli("visit", "add", NIK_ELDER, "--date", "2026-01-05", "--on-target", "yes"))
    visit = conn.execute("SELECT uuid FROM visits").fetchone()[0]
    result = ok(cli("pendataan", "add", "--visit", visit[:8], "--category", "lansia-terlantar",
                    "--description", "butuh kursi roda"))  # fmt: skip
    assert "usulan add --from-entry" in result.stdout
    (entry,) = entries(cli)
    assert entry["found_on"] == "2026-01-05" and entry["visit_id"] == visit[:8]
    assert entry["name"] == "Gusti Iberahim" and entry["recipient_uuid"]


# -- the register (CLI) ------------------------------------------------------------------------------
def test_cli_add_list_show_edit_close(cli, registered: Path, tmp_path: Path) -> None:
    photo = tmp_path / "rumah.jpg"
    photo.write_bytes(b"jpeg")
    ok(cli("pendataan", "add", "--name", "Nenek Ijah", "--address", "Jl. Sungai", "--desa",
           "Kandangan Kota", "--category", "lansia terlantar", "--category", "fakir miskin",
           "--description", "tinggal sendiri", "--photo", str(photo), "--gps",
           "-2.77,115.27"))  # fmt: skip
    (entry,) = entries(cli)
    assert entry["categories"] == ["lansia-terlantar", "fakir-miskin"]
    table = ok(cli("pendataan", "list"))
    assert "Nenek Ijah" in table.stdout and "lanjut usia terlantar" in table.stdout
    shown = ok(cli("pendataan", "show", entry["id"]))
    assert "rumah.jpg" in shown.stdout and "-2.77,115.27" in shown.stdout
    ok(cli("pendataan", "edit", entry["id"], "--nik", NIK_WOMAN, "--services", "sembako"))
    (entry,) = entries(cli, "--category", "fakir-miskin")
    assert entry["nik"] == "630605******0001" and entry["services_needed"] == "sembako"
    assert entries(cli, "--category", "pengemis") == []
    english = ok(cli("pendataan", "close", entry["id"], "--note", "referred", "--lang", "en"))
    assert "closed on" in english.stdout
    assert entries(cli) == [] and len(entries(cli, "--all")) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", "X", "--desa", "Kandangan Kota", "--description", "d"], "PPKS"),
        (["--name", "X", "--desa", "Kandangan Kota", "--category", "fakir-miskin",
          "--description", "d"], "--address"),
        (["--nik", "6306054507890000", "--category", "fakir-miskin", "--description", "d",
          "--name", "X"], "0000"),
        (["--name", "X", "--address", "a", "--category", "orang hilang", "--description", "d"],
         "--category"),
        (["--name", "X", "--address", "a", "--category", "pemulung", "--description", "d",
          "--date", "2999-01-01"], "2999"),
    ],
)  # fmt: skip
def test_cli_errors_change_nothing(cli, registered: Path, args, message) -> None:
    before = snapshot(registered)
    result = cli("pendataan", "add", *args)
    assert result.exit_code in (1, 2) and message in result.stderr, result.output
    assert snapshot(registered) == before


def test_cli_show_nik_is_logged(cli, registered: Path) -> None:
    ok(cli("pendataan", "add", "--nik", NIK_MAN, "--category", "fakir-miskin",
           "--description", "rumah rusak"))  # fmt: skip
    listed = json.loads(ok(cli("pendataan", "list", "--json", "--show-nik", "--reason", "rujukan"))
                        .stdout)  # fmt: skip
    assert listed[0]["nik"] == NIK_MAN
    conn = sqlite3.connect(registered)
    assert conn.execute(
        "SELECT reason FROM change_log WHERE action = 'reveal_nik' AND new LIKE '%pendataan%'"
    ).fetchone() == ("rujukan",)


def test_english_help_and_labels(cli, registered: Path) -> None:
    ok(cli("pendataan", "add", "--name", "Budi", "--address", "Jl. A", "--desa", "Kandangan Kota",
           "--category", "anjal", "--description", "tidur di pasar"))  # fmt: skip
    result = ok(cli("pendataan", "list", "--lang", "en"))
    assert "street child" in result.stdout and "Social-problem register" in result.stdout
    assert "anak jalanan" in ok(cli("pendataan", "list")).stdout
    assert "social-problem register" in ok(cli("--lang", "en", "pendataan", "--help")).stdout
    assert translate_to("id", Ppks.ANAK_JALANAN.label_msgid) == "anak jalanan"
