"""Issue 12, masking that cannot be undone: no combination of what a masked output shows
rebuilds a NIK (brute force over the hidden digits), no full number in any message, every
reveal needs a reason and is logged before a file is written."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
import stat
import statistics
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sampingdesa.demo import DEMO_DB_NAME, build_demo
from sampingdesa.values.nik import mask_nik
from tests.conftest import KK, NIK_MAN, NIK_WOMAN
from tests.safety_helpers import ok, refused, run_cli

SEX_HEADERS = {"sex", "Jenis kelamin", "Sex", "JK"}
DATE_HEADERS = {"birth_date", "Tgl lahir", "Tanggal lahir", "Birth date"}
YEAR_HEADERS = {"birth_year", "Tahun lahir", "Birth year"}
AGE_HEADERS = {"Umur", "Age"}


def test_the_masked_form_has_16_characters() -> None:
    assert mask_nik("6306054507890001") == "630605******0001"
    assert len(mask_nik("6306054507890001")) == 16
    assert mask_nik(KK) == "630605******0001"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("6306054507890001", "630605******0001"),  # could be real: masked
        ("6306.0545.0789.0001", "630605******0001"),
        # Issue 23: a mistyped NIK is still nearly the real one: masked too.
        ("6306059907890001", "630605******0001"),  # day 99
        ("6306054507890000", "630605******0000"),  # serial 0000
        ("630605450789001", "630605*****9001"),  # 15 digits: the length still shows
        ("6.30605450789E+15", "6.3060*******E+15"),
        ("63060545", "630605**"),  # partial
        ("Siti Aisyah", "Siti Aisyah"),  # a name looked up, not a number
    ],
)
def test_a_typed_number_is_never_shown_whole(typed: str, shown: str) -> None:
    from sampingdesa.values.nik import mask_typed

    assert mask_typed(typed) == shown


def test_a_field_value_beside_masked_niks_hides_numbers_and_the_birth_day() -> None:
    from sampingdesa.values.nik import mask_field_value

    assert mask_field_value("no_kk", json.dumps(KK)) == '"630605******0001"'
    assert mask_field_value("birth_date", '"1989-07-05"') == '"1989"'
    assert mask_field_value("name", '"Siti"') == '"Siti"'


# -- the brute-force check --------------------------------------------------------------------
@dataclass
class Seen:
    """What the masked outputs show about one person."""

    sexes: set[str] = field(default_factory=set)
    dates: set[dt.date] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    year_ages: set[tuple[int, int]] = field(default_factory=set)  # (year of the row, age)


def hidden_candidates(today: dt.date) -> list[tuple[str, dt.date, str]]:
    """Every value the six hidden digits (DDMMYY) can take in a valid NIK: (digits, birth
    date, sex), read as `values.nik.parse_nik` reads them."""
    from sampingdesa.values.nik import parse_nik

    found = []
    for day in [*range(1, 32), *range(41, 72)]:
        for month in range(1, 13):
            for year in range(100):
                digits = f"{day:02d}{month:02d}{year:02d}"
                try:
                    info = parse_nik(f"630605{digits}0001", today=today)
                except Exception:
                    continue
                found.append((digits, info.birth_date, info.sex))
    return found


def consistent(candidate: tuple[str, dt.date, str], seen: Seen) -> bool:
    _digits, born, sex = candidate
    return (
        (not seen.sexes or sex in seen.sexes)
        and (not seen.dates or born in seen.dates)
        and (not seen.years or born.year in seen.years)
        and all(row_year - born.year == age for row_year, age in seen.year_ages)
    )


def file_rows(path: Path) -> tuple[list[Any], str]:
    """A file a command wrote, read back: its rows (header -> value) and its whole text."""
    if path.suffix == ".csv":
        text = path.read_text(encoding="utf-8-sig")
        return list(table_rows([list(r) for r in csv.reader(io.StringIO(text))])), text
    return list(workbook_rows(path)), workbook_text(path)


def by_birth_year(
    candidates: list[tuple[str, dt.date, str]],
) -> dict[int, list[tuple[str, dt.date, str]]]:
    grouped: dict[int, list[tuple[str, dt.date, str]]] = {}
    for candidate in candidates:
        grouped.setdefault(candidate[1].year, []).append(candidate)
    return grouped


def possible(grouped: dict[int, list[tuple[str, dt.date, str]]], seen: Seen) -> list[str]:
    """The hidden digits consistent with what was seen: `consistent` on every candidate,
    looking only at the birth years that what was seen allows (the same answer, sooner)."""
    years = set(grouped)
    if seen.years:
        years &= seen.years
    for row_year, age in seen.year_ages:
        years &= {row_year - age}
    return [c[0] for year in years for c in grouped[year] if consistent(c, seen)]


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()[:10]
    for form in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def learn(seen: Seen, row: dict[str, Any], row_date: dt.date | None) -> None:
    for header, value in row.items():
        if value in (None, ""):
            continue
        if header in SEX_HEADERS and str(value) in ("L", "P"):
            seen.sexes.add(str(value))
        elif header in DATE_HEADERS:
            found = _date(value)
            if found is not None:
                seen.dates.add(found)
            elif str(value).isdigit():
                seen.years.add(int(value))
        elif header in YEAR_HEADERS:
            seen.years.add(int(value))
        elif header in AGE_HEADERS and row_date is not None:
            seen.year_ages.add((row_date.year, int(value)))


def json_rows(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if "nik" in value:
            yield value
        for child in value.values():
            yield from json_rows(child)
    elif isinstance(value, list):
        for child in value:
            yield from json_rows(child)


def table_rows(rows: list[list[Any]]) -> Iterator[dict[str, Any]]:
    """Rows below the first header row holding a NIK column, as header -> value."""
    header: list[str] | None = None
    for row in rows:
        texts = ["" if c is None else str(c) for c in row]
        if header is None:
            if "NIK" in texts or "nik" in texts:
                header = texts
            continue
        yield dict(zip(header, row, strict=False))


def workbook_rows(path: Path) -> Iterator[dict[str, Any]]:
    book = openpyxl.load_workbook(path, read_only=True)
    for sheet in book.worksheets:
        yield from table_rows([list(r) for r in sheet.iter_rows(values_only=True)])


def workbook_text(path: Path) -> str:
    book = openpyxl.load_workbook(path, read_only=True)
    return "\n".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def masked_outputs(cli: Any, db: Path, tmp_path: Path, today: dt.date) -> Iterable[Any]:
    """Every masked output: (rows as dicts, full text)."""
    run = lambda *args: ok(cli("--db", str(db), *args)).stdout  # noqa: E731
    records = json.loads(run("recipient", "list", "--json"))
    for args in (("recipient", "list", "--json"), ("recipient", "duplicates", "--json"),
                 ("visit", "list", "--json"), ("finding", "list", "--json", "--all"),
                 ("db", "audit", "list", "--json"), ("sync", "conflicts", "--json", "--all")):  # fmt: skip
        text = run(*args)
        yield list(json_rows(json.loads(text))), text
    for record in records:
        text = run("recipient", "show", record["uuid"], "--json")
        yield list(json_rows(json.loads(text))), text
    for args in (("recipient", "list", "--csv"),):
        text = run(*args)
        yield list(table_rows([list(r) for r in csv.reader(io.StringIO(text))])), text
    yield [], run("recipient", "list") + run("sync", "conflicts", "--all")
    month = today.strftime("%Y-%m")
    last = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    files = []
    for name, args in (
        ("register.xlsx", ("report", "recipients")),
        ("register.csv", ("report", "recipients")),
        ("contact.xlsx", ("report", "recipients", "--columns", "address,rt,rw,phone")),
        ("now.xlsx", ("report", "monthly", "--month", month)),
        ("last.xlsx", ("report", "monthly", "--month", last)),
        ("form.xlsx", ("visit", "template", "--month", month)),
    ):
        path = tmp_path / name
        run(*args, "-o", str(path))
        files.append(path)
    for path in files:
        yield file_rows(path)


def test_no_masked_output_rebuilds_a_nik_by_brute_force(cli: Any, tmp_path: Path) -> None:
    """The demo's 72 recipients with six months of visits and findings, plus a sync conflict
    on a No. KK and a birth date: from every masked output together (screens, JSON, CSV,
    workbooks, the visit form, the change log), at least 100 values of the six hidden digits
    stay possible for every person."""
    today = dt.date.today()
    build_demo(tmp_path / "demo", today=today)
    db = tmp_path / "demo" / DEMO_DB_NAME
    conn = sqlite3.connect(db)
    people = conn.execute("SELECT uuid, nik, no_kk, name, birth_date FROM recipients").fetchall()
    first = people[0]
    conn.execute(
        "INSERT INTO sync_conflicts (table_name, row_uuid, field, local_value, remote_value, "
        "kept, local_origin, remote_origin, detected_at) VALUES "
        "('recipients', ?, 'no_kk', ?, ?, 'local', 'a', 'b', '2026-01-01'), "
        "('recipients', ?, 'birth_date', ?, ?, 'local', 'a', 'c', '2026-01-01')",
        (first[0], json.dumps(first[2] or KK), json.dumps(KK), first[0],
         json.dumps(first[4]), json.dumps("1950-01-01")),
    )  # fmt: skip
    conn.commit()
    conn.close()
    by_mask: dict[tuple[str, str], str] = {
        (mask_nik(nik), name): nik for _u, nik, _k, name, _b in people
    }
    masks = {mask_nik(nik): nik for _u, nik, _k, _n, _b in people}
    seen: dict[str, Seen] = defaultdict(Seen)
    texts = []
    for rows, text in masked_outputs(cli, db, tmp_path, today):
        texts.append(text)
        for row in rows:
            masked = str(row.get("nik") or row.get("NIK") or "")
            name = row.get("name") or row.get("Nama") or row.get("Name")
            nik = by_mask.get((masked, str(name))) or masks.get(masked)
            if nik is None:
                continue
            dates = [d for d in (_date(v) for v in row.values()) if d and d.year >= 2000]
            learn(seen[nik], row, dates[0] if dates else None)
    everything = "\n".join(texts)
    for _uuid, nik, kk, _name, birth in people:
        assert nik not in everything and nik[:12] not in everything
        assert not kk or kk not in everything
        born = dt.date.fromisoformat(birth)
        assert born.isoformat() not in everything and born.strftime("%d-%m-%Y") not in everything
    assert len(seen) == len(people)  # every person appears in the masked outputs
    grouped = by_birth_year(hidden_candidates(today))
    counts = {}
    for _uuid, nik, _kk, _name, _birth in people:
        digits = possible(grouped, seen[nik])
        assert nik[6:12] in digits  # the attack itself is sound
        counts[nik] = len(digits)
    print(  # the figures for docs/reliability.md
        f"people={len(counts)} min={min(counts.values())} "
        f"median={statistics.median(counts.values())} max={max(counts.values())}"
    )
    assert min(counts.values()) >= 100, sorted(counts.values())[:5]


# -- full numbers in messages -----------------------------------------------------------------
def test_import_problems_never_show_a_full_nik(cli: Any, initialised: Path, tmp_path: Path) -> None:
    path = tmp_path / "salah.csv"
    path.write_text(
        "NIK,Nama,Desa,JK,No KK\n"
        f"{NIK_WOMAN},Siti Aisyah,Kandangan Kota,L,{KK}\n"
        f"{NIK_MAN},Ahmad,Kandangan Kota,L,9906052001150001\n",
        encoding="utf-8",
    )
    table = cli("recipient", "import", str(path))
    as_json = cli("recipient", "import", str(path), "--json")
    assert table.exit_code == as_json.exit_code == 1
    for text in (table.output + table.stderr, as_json.output + as_json.stderr):
        assert NIK_WOMAN not in text and "9906052001150001" not in text
        assert "630605******0001" in text


def test_unregistered_and_damaged_numbers_in_messages(cli: Any, registered: Path) -> None:
    unknown = "6306056607900004"
    for args in (("recipient", "show", unknown),
                 ("visit", "add", unknown, "--date", "2025-11-05", "--on-target", "yes")):  # fmt: skip
        stderr = refused(cli(*args), "630605******0004")
        assert unknown not in stderr
    stderr = refused(
        cli("recipient", "edit", NIK_WOMAN, "--kk", "9906052001150001"), "990605******0001"
    )
    assert "9906052001150001" not in stderr
    stderr = refused(
        cli("recipient", "edit", NIK_WOMAN, "--kk", "6306059901150001"), "630605******0001"
    )
    assert "6306059901150001" not in stderr and "990115" not in stderr


def test_sync_conflicts_mask_numbers_and_birth_dates(cli: Any, registered: Path) -> None:
    conn = sqlite3.connect(registered)
    uuid = conn.execute("SELECT uuid FROM recipients WHERE nik = ?", (NIK_WOMAN,)).fetchone()[0]
    conn.execute(
        "INSERT INTO sync_conflicts (table_name, row_uuid, field, local_value, remote_value, "
        "kept, local_origin, remote_origin, detected_at) VALUES "
        "('recipients', ?, 'no_kk', ?, ?, 'local', 'a', 'b', '2026-01-01'), "
        "('recipients', ?, 'birth_date', '\"1989-07-05\"', '\"1989-07-06\"', 'local', 'a', 'c', "
        "'2026-01-01')",
        (uuid, json.dumps(KK), json.dumps("6306052001150002"), uuid),
    )
    conn.commit()
    conn.close()
    for args in (("sync", "conflicts"), ("sync", "conflicts", "--json")):
        text = ok(cli(*args)).stdout
        assert KK not in text and "6306052001150002" not in text and "630605******0002" in text
        assert "1989-07-05" not in text and "1989" in text


@pytest.mark.parametrize(
    "args",
    [
        ("recipient", "list", "--show-nik"),
        ("recipient", "show", NIK_WOMAN, "--show-nik"),
        ("recipient", "duplicates", "--show-nik"),
        ("db", "audit", "list", "--show-nik"),
        ("report", "recipients", "--show-nik", "-o", "{tmp}/r.xlsx"),
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_every_reveal_needs_a_reason(
    cli: Any, registered: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    result = cli(*(a.format(tmp=tmp_path) for a in args))
    refused(result, "--reason", code=2)
    assert NIK_WOMAN not in result.output
    conn = sqlite3.connect(registered)
    reveals = conn.execute("SELECT count(*) FROM change_log WHERE action = 'reveal_nik'")
    assert reveals.fetchone()[0] == 0
    conn.close()


def test_a_killed_full_nik_report_was_logged_and_its_leftover_is_removed(
    cli: Any, registered: Path, tmp_path: Path
) -> None:
    """`report monthly --full-nik` killed (SIGKILL) after writing its temporary file and
    before the rename: the reveal is already in the change log, and the next write to that
    folder removes the leftover holding full NIKs and says so."""
    out = tmp_path / "laporan"
    out.mkdir()
    kill_while_saving = (
        "import os, signal, sampingdesa.io.xlsx as xlsx\n"
        "original = xlsx._save\n"
        "def save(workbook, filename, company):\n"
        "    original(workbook, filename, company)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "xlsx._save = save\n"
    )
    result = run_cli(
        "report", "monthly", "--month", "2025-11", "--full-nik", "--reason", "verifikasi",
        "-o", str(out / "lengkap.xlsx"), env={"SAMPINGDESA_DB": str(registered)},
        prelude=kill_while_saving,
    )  # fmt: skip
    assert result.returncode == -9, result.stderr
    leftovers = [p for p in out.iterdir() if p.name.startswith(".")]
    assert len(leftovers) == 1 and not (out / "lengkap.xlsx").exists()
    conn = sqlite3.connect(registered)
    reason = conn.execute(
        "SELECT reason FROM change_log WHERE action = 'reveal_nik' ORDER BY id DESC"
    ).fetchone()
    conn.close()
    assert reason == ("verifikasi",)
    legacy = out / ".sampingdesa-k1ll3d00.xlsx"  # what the earlier writer left
    legacy.write_bytes(b"PK")
    result = ok(cli("report", "monthly", "--month", "2025-11", "-o", str(out / "samar.xlsx")))
    assert sorted(p.name for p in out.iterdir()) == ["samar.xlsx"]
    assert leftovers[0].name in result.stderr and legacy.name in result.stderr


def test_report_recipients_masked_leaves_out_contact_columns_unless_asked(
    cli: Any, registered: Path, tmp_path: Path
) -> None:
    ok(cli("recipient", "edit", NIK_WOMAN, "--address", "Jl. Melati 3", "--rt", "3", "--rw", "1",
           "--phone", "081234567890"))  # fmt: skip

    def headers_and_text(*extra: str) -> tuple[list[str], str]:
        path = tmp_path / f"r{len(list(tmp_path.iterdir()))}.csv"
        ok(cli("report", "recipients", "-o", str(path), *extra))
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        return rows[0], path.read_text(encoding="utf-8-sig")

    headers, text = headers_and_text()
    assert "Alamat" not in headers and "RT" not in headers and "Telepon" not in headers
    assert "Tahun lahir" in headers and "Tgl lahir" not in headers
    assert "Melati" not in text and "081234567890" not in text and "1989-07-05" not in text
    headers, text = headers_and_text("--columns", "alamat,telepon")
    assert "Alamat" in headers and "Telepon" in headers and "RT" not in headers
    assert "Melati" in text
    headers, text = headers_and_text("--show-nik", "--reason", "verifikasi")
    assert {"Alamat", "RT", "RW", "Telepon", "Tgl lahir"} <= set(headers)
    assert NIK_WOMAN in text and "1989-07-05" in text
    refused(cli("report", "recipients", "-o", str(tmp_path / "x.csv"), "--columns", "gaji"),
            "gaji")  # fmt: skip


def test_report_files_are_owner_only_even_over_a_readable_file(
    cli: Any, registered: Path, tmp_path: Path
) -> None:
    for name in ("r.xlsx", "r.csv"):
        path = tmp_path / name
        path.write_bytes(b"old")
        path.chmod(0o644)
        ok(cli("report", "recipients", "-o", str(path), "--force"))
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
