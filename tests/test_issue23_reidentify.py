"""Issue 23: masked means masked on a register built the way users build one.

Two laptops bring in BNBA lists with `recipient import`, record visits and proposals, and a
coordinator merges both (with a conflict on a No. KK, resolved). Every masked output the tool
writes on the three databases is collected: screens, JSON and CSV lists, the change log,
workbooks read back, the usulan meeting list, the conflicts, and bundles made with `--for`
for the other desa. Then, per person, the NIKs (and No. KK) consistent with everything shown
are counted (at least 100), and no hash of anything hidden (a row digest, an entry digest, a
chain hash) may appear in a masked output: those are what a brute force over the hidden
digits would test against."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
import sqlite3
import statistics
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
from typer.testing import CliRunner

from sampingdesa.cli import build_app
from sampingdesa.store.changes import bulk_rows, entry_digest, hashed_fields
from sampingdesa.values.nik import mask_nik, parse_kk
from tests.test_safety_masking import (
    Seen,
    _date,
    by_birth_year,
    file_rows,
    hidden_candidates,
    json_rows,
    learn,
    possible,
    table_rows,
)

HOME_A, HOME_B = "Kandangan Kota", "Kandangan Utara"
BNBA_HEADER = ["No", "NIK", "No. KK", "Nama KPM", "L/P", "Tgl. Lahir", "Alamat", "RT", "RW",
               "Desa/Kel.", "Kecamatan", "Komponen", "No HP"]  # fmt: skip
FIRST = ["Siti", "Aisyah", "Rahmah", "Ahmad", "Rahmat", "Gusti", "Halimah", "Fauzi", "Norhayati"]
LAST = ["Aini", "Hidayat", "Saleh", "Rahman", "Fitriani", "Mahmud", "Yusuf", "Jannah"]


def make_people(rng: random.Random, desa: str, count: int, serial0: int) -> list[dict[str, Any]]:
    people = []
    for number in range(count):
        born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 60))
        sex = rng.choice("LP")
        day = born.day + (40 if sex == "P" else 0)
        serial = serial0 + number + 1
        nik = f"630605{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"
        issued = dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 18))
        kk = f"630605{issued.day:02d}{issued.month:02d}{issued.year % 100:02d}{serial:04d}"
        people.append({
            "nik": nik, "kk": kk, "name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {serial}",
            "sex": sex, "born": born, "desa": desa,
            "address": f"Jl. Melati {rng.randrange(1, 90)}", "rt": f"{rng.randrange(1, 12):03d}",
            "rw": str(rng.randrange(1, 5)), "phone": f"0812{rng.randrange(10**7, 10**8)}",
        })  # fmt: skip
    return people


def write_bnba(path: Path, people: list[dict[str, Any]]) -> None:
    """A BNBA list as the Dinas sends one: title rows, a two-row header, a numbering row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DAFTAR PENERIMA PKH TAHAP IV 2026"])
    sheet.append(["DINAS SOSIAL KABUPATEN HULU SUNGAI SELATAN"])
    sheet.append([])
    sheet.append(BNBA_HEADER)
    sheet.append(list(range(1, len(BNBA_HEADER) + 1)))
    for number, p in enumerate(people, start=1):
        sheet.append([number, p["nik"], p["kk"], p["name"], p["sex"],
                      dt.datetime.combine(p["born"], dt.time()), p["address"], p["rt"], p["rw"],
                      p["desa"], "Kandangan", "Lansia", p["phone"]])  # fmt: skip
    book.save(path)


class Laptop:
    def __init__(self, db: Path) -> None:
        self.db = db
        self.runner = CliRunner()
        self.said: list[str] = []  # every message printed: part of what a user sees

    def run(self, *args: str) -> str:
        result = self.runner.invoke(build_app(), ["--db", str(self.db), *args])
        text = result.stdout + result.stderr
        assert result.exit_code == 0, (args, text)
        assert "Traceback" not in text
        self.said.append(text)
        return str(result.stdout)


def build_register(tmp_path: Path) -> tuple[dict[str, Laptop], list[dict[str, Any]]]:
    rng = random.Random(23)
    people_a = make_people(rng, HOME_A, 30, 0)
    people_b = make_people(rng, HOME_B, 30, 100)
    laptops = {name: Laptop(tmp_path / f"{name}.db") for name in ("a", "b", "c")}
    a, b, c = laptops["a"], laptops["b"], laptops["c"]
    a.run("init", "--assistant", "Rina Hidayati", "--desa", HOME_A)
    b.run("init", "--assistant", "Budi Santoso", "--desa", HOME_B)
    c.run("init", "--assistant", "Koordinator", "--coordinator")
    for laptop, people, name in ((a, people_a, "bnba-a.xlsx"), (b, people_b, "bnba-b.xlsx")):
        write_bnba(tmp_path / name, people)
        laptop.run("recipient", "import", str(tmp_path / name), "--program", "PKH")
    today = dt.date.today()
    for laptop, people in ((a, people_a), (b, people_b)):
        for number, person in enumerate(people[:8]):
            day = (today - dt.timedelta(days=3 + number)).isoformat()
            laptop.run("visit", "add", person["nik"], "--date", day, "--on-target",
                       "no" if number == 0 else "yes", *(
                           ["--reason", "sudah mampu"] if number == 0 else []))  # fmt: skip
        laptop.run("usulan", "add", "--kind", "perbaikan", "--nik", people[1]["nik"],
                   "--reason", "alamat salah")  # fmt: skip
    for laptop, name in ((a, "a.zip"), (b, "b.zip")):
        laptop.run("sync", "export", "-o", str(tmp_path / name))
    c.run("sync", "import", str(tmp_path / "a.zip"), str(tmp_path / "b.zip"))
    # Both sides change one recipient's No. KK: a conflict on the coordinator, resolved.
    disputed = people_a[2]
    c.run("recipient", "edit", disputed["nik"], "--kk", "6306052001150077")
    a.run("recipient", "edit", disputed["nik"], "--kk", "6306051505160078")
    a.run("sync", "export", "-o", str(tmp_path / "a2.zip"))
    c.run("sync", "import", str(tmp_path / "a2.zip"))
    conflicts = json.loads(c.run("sync", "conflicts", "--json"))
    assert conflicts, "the two edits should conflict"
    c.run("sync", "resolve", str(conflicts[0]["id"]), "--keep", "theirs")
    disputed["kk"] = "6306051505160078"
    return laptops, people_a + people_b


def bundle_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())


def masked_outputs(laptop: Laptop, tmp_path: Path, tag: str) -> Iterator[tuple[list[Any], str]]:
    """Every masked output of one database: (rows as dicts, full text)."""
    run = laptop.run
    records = json.loads(run("recipient", "list", "--json"))
    for args in (("recipient", "list", "--json"), ("recipient", "duplicates", "--json"),
                 ("visit", "list", "--json"), ("finding", "list", "--json", "--all"),
                 ("db", "audit", "list", "--json"), ("sync", "conflicts", "--json", "--all"),
                 ("usulan", "list", "--json"), ("sync", "status", "--json"),
                 ("db", "audit", "verify", "--json")):  # fmt: skip
        text = run(*args)
        yield list(json_rows(json.loads(text))), text
    for record in records:
        text = run("recipient", "show", record["uuid"], "--json")
        yield list(json_rows(json.loads(text))), text
    text = run("recipient", "list", "--csv")
    yield list(table_rows([list(r) for r in csv.reader(io.StringIO(text))])), text
    yield [], "\n".join(
        run(*args)
        for args in (("recipient", "list"), ("sync", "conflicts", "--all"), ("db", "audit", "list"),
                     ("visit", "list"), ("usulan", "list"), ("finding", "list", "--all"),
                     ("status",))
    )  # fmt: skip
    today = dt.date.today()
    month = today.strftime("%Y-%m")
    files = []
    for name, args in (
        ("register.xlsx", ("report", "recipients")),
        ("register.csv", ("report", "recipients")),
        ("contact.xlsx", ("report", "recipients", "--columns", "address,rt,rw,phone")),
        ("monthly.xlsx", ("report", "monthly", "--month", month)),
        ("form.xlsx", ("visit", "template", "--month", month)),
    ):
        path = tmp_path / f"{tag}-{name}"
        run(*args, "-o", str(path))
        files.append(path)
    for desa in {"a": (HOME_A,), "b": (HOME_B,)}.get(tag, (HOME_A, HOME_B)):
        path = tmp_path / f"{tag}-musdes-{desa}.xlsx"
        run("usulan", "export", "--month", month, "--desa", desa, "-o", str(path))
        files.append(path)
    for path in files:
        yield file_rows(path)


def hidden_hashes(db: Path, people: list[dict[str, Any]]) -> set[str]:
    """What would let a brute force over one person's hidden digits confirm a guess: the row
    digests of imported rows (plain SHA-256 of a row), and for every change-log entry whose
    text names one person's full NIK, No. KK or birth date, its salt (with it, the entry's
    origin digest and chain hash can be recomputed from a guess); for an entry without a
    salt, the digest and origin-chain hash themselves. (The local chain's `hash` is shown
    only as a 12-character head at the end of the whole log; confirming a guess there needs
    every hidden value of every entry since the first at once.)"""
    secrets = [s for p in people for s in (p["nik"], p["kk"], p["born"].isoformat())]
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    this_db = conn.execute("SELECT value FROM meta WHERE key = 'database_id'").fetchone()[0]
    found: set[str] = set()
    for entry in conn.execute("SELECT * FROM change_log"):
        found.update(bulk_rows(dict(entry)).values())
        content = f"{entry['old']}{entry['new']}"
        if entry["action"] == "bulk-insert" or not any(s in content for s in secrets):
            continue
        if entry["salt"]:
            found.add(entry["salt"])
            continue
        fields = hashed_fields(
            (entry["at"], entry["actor"], entry["table_name"], entry["row_uuid"],
             entry["action"], entry["old"], entry["new"], entry["reason"]),
            entry["hlc"],
        )  # fmt: skip
        origin = entry["origin_db"] or this_db
        number = entry["origin_id"] if entry["origin_db"] else entry["id"]
        found.add(entry_digest(fields, origin, int(number)))
        if entry["origin_hash"]:
            found.add(entry["origin_hash"])
    conn.close()
    return found


_HEX = re.compile(r"[0-9a-f]{12,64}")


def test_an_imported_and_merged_register_keeps_at_least_100_candidates(tmp_path: Path) -> None:
    laptops, people = build_register(tmp_path)
    by_nik = {p["nik"]: p for p in people}
    by_mask: dict[tuple[str, str], str] = {
        (mask_nik(p["nik"]), p["name"]): p["nik"] for p in people
    }
    texts: list[str] = []
    seen: dict[str, Seen] = defaultdict(Seen)

    def take(outputs: Iterable[tuple[list[Any], str]], audience: set[str]) -> None:
        for rows, text in outputs:
            texts.append(text)
            for row in rows:
                masked, name = str(row.get("nik") or row.get("NIK") or ""), row.get("name")
                nik = by_mask.get((masked, str(name or row.get("Nama") or row.get("Name"))))
                if nik is None:
                    matches = [n for (m, _n), n in by_mask.items() if m == masked]
                    nik = matches[0] if len(matches) == 1 else None
                if nik is None or by_nik[nik]["desa"] not in audience:
                    continue
                dates = [d for d in (_date(v) for v in row.values()) if d and d.year >= 2000]
                learn(seen[nik], row, dates[0] if dates else None)

    everyone = {HOME_A, HOME_B}
    for tag, laptop in laptops.items():
        take(masked_outputs(laptop, tmp_path, tag), everyone)
    # The coordinator's bundles for one desa are masked outputs for the other desa's people.
    c = laptops["c"]
    foreign: dict[str, str] = {}
    for desa, other in ((HOME_A, HOME_B), (HOME_B, HOME_A)):
        path = tmp_path / f"for-{desa}.zip"
        c.run("sync", "export", "--for", desa, "-o", str(path))
        foreign[other] = bundle_text(path)
    messages = "\n".join(text for laptop in laptops.values() for text in laptop.said)
    everything = "\n".join(texts)
    # Nothing hidden in full, anywhere: not in the masked outputs, not in any message.
    for person in people:
        for shown in (everything, messages, foreign[person["desa"]]):
            assert person["nik"] not in shown and person["nik"][:12] not in shown
            assert person["kk"] not in shown
            assert person["born"].isoformat() not in shown
            assert person["born"].strftime("%d-%m-%Y") not in shown
    # No hash of anything hidden: what the brute force of issue 23 tested its guesses on.
    for desa in (HOME_A, HOME_B):
        group = [p for p in people if p["desa"] == desa]
        shown_hex = set(_HEX.findall(everything + messages + foreign[desa]))
        for laptop in laptops.values():
            for digest in hidden_hashes(laptop.db, group):
                leaked = {h for h in shown_hex if digest.startswith(h) or h.startswith(digest)}
                assert not leaked, f"a hash of hidden values is shown: {sorted(leaked)[:3]}"
    # The bundle for the other desa carries none of these people's rows, aliases or NIKs.
    for person in people:
        assert mask_nik(person["nik"]) not in foreign[person["desa"]]
    assert len(seen) == len(people)  # every person appears in the masked outputs
    grouped = by_birth_year(hidden_candidates(dt.date.today()))
    counts = {}
    for person in people:
        digits = possible(grouped, seen[person["nik"]])
        assert person["nik"][6:12] in digits  # the attack itself is sound
        counts[person["nik"]] = len(digits)
    kk_candidates = kk_hidden_candidates()
    print(  # the figures for docs/reliability.md
        f"people={len(counts)} nik: min={min(counts.values())} "
        f"median={statistics.median(counts.values())} max={max(counts.values())}; "
        f"no_kk: {len(kk_candidates)} each"
    )
    assert min(counts.values()) >= 100, sorted(counts.values())[:5]
    # Nothing shown says anything about a No. KK's hidden digits (its issue date).
    assert len(kk_candidates) >= 100
    for person in people:
        assert person["kk"][6:12] in kk_candidates


def kk_hidden_candidates() -> set[str]:
    found = set()
    for day in range(1, 32):
        for month in range(1, 13):
            for year in range(100):
                digits = f"{day:02d}{month:02d}{year:02d}"
                try:
                    parse_kk(f"630605{digits}0001")
                except Exception:
                    continue
                found.add(digits)
    return found
