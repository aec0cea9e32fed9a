"""`report monthly` and `report summary` on a regency-sized database.

Generates 100,000 recipients and 600,000 visits over 12 months (executemany straight into
the schema), then times, in the same run:
- the floor: the month's detail rows selected with plain sqlite3 and written as they come
  with a bare openpyxl write-only workbook (no formats, no labels, no counts);
- `report monthly` (library call: every sheet, formats, charts, atomic save);
- `report summary` (the grouped counts) in-process, and as a command (`--json`).
Goals (issue 5): monthly within 1.5x of the floor; summary under a second.
`--smoke` uses tiny sizes (CI).
"""
# ruff: noqa: E501  (SQL text and generated rows read better unwrapped)

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

STAMP = ("2026-01-01T00:00:00+00:00", "bench", "2026-01-01T00:00:00+00:00", "bench")
PROGRAMS = (("BPNT", 200_000), ("PKH", 750_000), ("PBI-JK", 42_000), ("JADUP-LANSIA", 225_000))
FIRST = ("Ahmad", "Siti", "Muhammad", "Masliana", "Rahmat", "Norhayati", "Gusti", "Jamilah",
         "Abdul", "Fatimah", "Hasan", "Rusmini", "Syahrani", "Mariani", "Budi", "Halimah",
         "Yusran", "Nurul", "Iberahim", "Salasiah", "Fauzan", "Rabiatul", "Anang", "Galuh")  # fmt: skip
LAST = ("Rahman", "Aisyah", "Hasan", "Hidayat", "Saleh", "Khairani", "Yusuf", "Noor",
        "Ansari", "Hamidah", "Arsyad", "Rahmah", "Fadillah", "Mahmud", "Wahyuni", "Zainal")  # fmt: skip
SYLLABLES = ("ba", "ri", "ma", "ja", "nu", "sa", "hi", "ta", "lu", "ka", "da", "wi")
CHUNK = 100_000  # rows per executemany: memory stays flat at any size


def _nik(prefix: str, index: int) -> str:
    """Unique, well-formed NIKs: index as day, month, year and serial (mixed radix)."""
    day, rest = 1 + index % 28, index // 28
    month, rest = 1 + rest % 12, rest // 12
    year, serial = 40 + rest % 50, 1 + rest // 50
    return f"{prefix}{day:02d}{month:02d}{year:02d}{serial:04d}"


def recipient_name(index: int) -> str:
    """Varied names: 24 x 16 given and family names and a third name of three syllables."""
    third = "".join(SYLLABLES[index // 384 // 12**k % 12] for k in range(3)).capitalize()
    return f"{FIRST[index % 24]} {LAST[index // 24 % 16]} {third}"


def person_desil(index: int) -> int | None:
    """The DTSEN desil after the 2025 update: one in ten not yet ranked, most in desil 1-4,
    one in a hundred in desil 5 (over PKH's limit) and one in 6 (over every limit)."""
    spread = index * 37 % 101  # 101 is prime: every programme (index % 4) gets each desil
    if spread < 10:
        return None
    return {99: 5, 100: 6}.get(spread, 1 + (spread - 10) * 4 // 89)


def person_uuid(index: int) -> str:
    return f"{index:08x}-0000-4000-8000-000000000001"


def _chunks(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    while chunk := list(itertools.islice(rows, CHUNK)):
        yield chunk


def generate(
    db_path: Path,
    recipients: int,
    visits: int,
    last_month: dt.date,
    seed: int = 5,
    *,
    area: str = "63.06",
    kabupaten: str = "63.06",
) -> None:
    """`recipients` spread evenly over every desa of `area` (a regency, or a province such
    as "63"), `visits` over the 12 months ending with `last_month`, with deliveries and
    findings; the regions of `area` are loaded so reports can name them. Streams in chunks."""
    from sampingdesa.init import init_database
    from sampingdesa.places import regions
    from sampingdesa.store.db import open_db

    rng = random.Random(seed)
    conn = open_db(db_path)
    result = init_database(
        conn, kabupaten=kabupaten, assistant_name="Bench", desa=None, coordinator=True
    )
    actor = result.assistant.uuid
    # A throw-away benchmark file: no journal, and a cache that holds the indexes.
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1048576")
    area_regions = [r for r in regions.descendants(area) if r.level not in ("provinsi",)]
    conn.executemany(
        "INSERT OR IGNORE INTO regions (code, name, level, parent_code) VALUES (?, ?, ?, ?)",
        [(r.code, r.name, r.level, r.parent_code) for r in area_regions],
    )
    desa = sorted(r.code for r in area_regions if r.level in ("desa", "kelurahan"))

    def desa_of(index: int) -> str:
        return desa[index % len(desa)]

    def people() -> Iterator[tuple[Any, ...]]:
        for index in range(recipients):
            code = desa_of(index)
            desil = person_desil(index)
            yield (person_uuid(index), _nik(code[:8].replace(".", ""), index),
                   recipient_name(index), "P" if index % 2 else "L", code, desil,
                   None if desil is None else "2025-11-01", *STAMP)  # fmt: skip

    conn.execute("BEGIN")
    for chunk in _chunks(people()):
        conn.executemany(
            "INSERT INTO recipients (uuid, nik, name, sex, desa_code, desil, desil_date, flags, "
            "created_at, created_by, updated_at, updated_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?)",
            chunk,
        )
    enrollments = (
        (f"{i:08x}-0000-4000-8000-000000000002", person_uuid(i), PROGRAMS[i % 4][0],
         None if i % 5 else "2025-06-01", *STAMP)
        for i in range(recipients)
    )  # fmt: skip
    for chunk in _chunks(enrollments):
        conn.executemany(
            "INSERT INTO enrollments (uuid, recipient_uuid, program_code, since, status, "
            "created_at, created_by, updated_at, updated_by) "
            "VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?)",
            chunk,
        )
    first = dt.date(last_month.year - 1, last_month.month, 1) + dt.timedelta(days=31)
    first = first.replace(day=1)
    span = (last_month.replace(day=28) - first).days + 1
    # As in the field, most findings are resolved within a month or two.
    open_share = {
        last_month.isoformat()[:7]: 0.4,
        (last_month - dt.timedelta(days=1)).isoformat()[:7]: 0.1,
    }
    for start in range(0, visits, CHUNK):
        visit_rows, delivery_rows, finding_rows = [], [], []
        for index in range(start, min(start + CHUNK, visits)):
            who = rng.randrange(recipients)
            uuid, code = person_uuid(who), desa_of(who)
            visit = f"{index:08x}-0000-4000-8000-000000000003"
            # Recorded as they happen: the table is in date order, as on a real laptop.
            day = (first + dt.timedelta(days=index * span // visits)).isoformat()
            escort = rng.random() < 0.08
            target = None if escort else rng.choices(("yes", "no", "unsure"), (90, 4, 6))[0]
            outcome = None if escort else rng.choice(("better", "same", "worse"))
            visit_rows.append((
                visit, uuid, actor, code, day, "escort" if escort else "monitoring",
                target, "moved" if target == "no" else None, outcome, int(outcome == "better" and rng.random() < 0.1),
                "Puskesmas" if escort else None, "kontrol" if escort else None, *STAMP,
            ))  # fmt: skip
            if escort:
                continue
            program, amount = PROGRAMS[who % 4]
            status = rng.choices(("full", "partial", "none", "not-due"), (85, 3, 2, 10))[0]
            delivery = f"{index:08x}-0000-4000-8000-000000000004"
            delivery_rows.append((
                delivery, visit, uuid, program, day[:7], day[:8] + "01", day[:8] + "28", status,
                amount if status == "full" else (amount // 2 if status == "partial" else None), amount, *STAMP,
            ))  # fmt: skip
            if status in ("partial", "none"):
                kind = "partial" if status == "partial" else "not-received"
                open_ = rng.random() < open_share.get(day[:7], 0.01)
                finding_rows.append((
                    f"{index:08x}-0000-4000-8000-000000000005", uuid, visit, delivery, code, kind,
                    program, day[:7], f"{program} {day[:7]}", day, "open" if open_ else "resolved",
                    None if open_ else day, *STAMP,
                ))  # fmt: skip
        conn.executemany(
            "INSERT INTO visits (uuid, recipient_uuid, assistant_uuid, desa_code, visit_date, kind, "
            "on_target, off_target_reason, outcome, ready_to_graduate, escort_facility, escort_purpose, "
            "created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            visit_rows,
        )
        conn.executemany(
            "INSERT INTO deliveries (uuid, visit_uuid, recipient_uuid, program_code, period, period_start, "
            "period_end, status, amount, expected_amount, created_at, created_by, updated_at, updated_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            delivery_rows,
        )
        conn.executemany(
            "INSERT INTO findings (uuid, recipient_uuid, visit_uuid, delivery_uuid, desa_code, kind, "
            "program_code, period, details, opened_on, status, resolved_on, created_at, created_by, "
            "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            finding_rows,
        )
    conn.execute("COMMIT")
    conn.close()  # no ANALYZE: a real database has no statistics either


FLOOR_QUERIES = {
    "deliveries": (
        "SELECT v.visit_date, g.name, r.name, r.nik, d.program_code, d.period, d.status, d.amount, "
        "d.expected_amount, d.received_date, d.problem, d.problem_note FROM visits v "
        "JOIN deliveries d ON d.visit_uuid = v.uuid JOIN recipients r ON r.uuid = v.recipient_uuid "
        "LEFT JOIN regions g ON g.code = v.desa_code WHERE v.visit_date BETWEEN :start AND :end"
    ),
    "targeting": (
        "SELECT v.visit_date, g.name, r.name, r.nik, e.program_code, v.on_target, v.off_target_reason, "
        "v.off_target_note, a.name FROM visits v JOIN recipients r ON r.uuid = v.recipient_uuid "
        "LEFT JOIN enrollments e ON e.recipient_uuid = r.uuid LEFT JOIN regions g ON g.code = v.desa_code "
        "LEFT JOIN assistants a ON a.uuid = v.assistant_uuid "
        "WHERE v.on_target IN ('no', 'unsure') AND v.visit_date BETWEEN :start AND :end"
    ),
    "outcomes": (
        "SELECT v.visit_date, g.name, r.name, r.nik, v.outcome, v.income_change, v.work_change, "
        "v.housing_change, v.schooling_change, v.health_change, v.ready_to_graduate, v.notes FROM visits v "
        "JOIN recipients r ON r.uuid = v.recipient_uuid LEFT JOIN regions g ON g.code = v.desa_code "
        "WHERE v.outcome IS NOT NULL AND v.visit_date BETWEEN :start AND :end"
    ),
    "escorts": (
        "SELECT v.visit_date, g.name, r.name, r.nik, r.birth_date, v.escort_facility, v.escort_purpose, "
        "v.escort_transport, v.escort_result, a.name FROM visits v "
        "JOIN recipients r ON r.uuid = v.recipient_uuid LEFT JOIN regions g ON g.code = v.desa_code "
        "LEFT JOIN assistants a ON a.uuid = v.assistant_uuid "
        "WHERE v.kind = 'escort' AND v.visit_date BETWEEN :start AND :end"
    ),
    "findings": (
        "SELECT f.opened_on, f.opened_on, f.kind, g.name, r.name, r.nik, f.program_code, f.period, "
        "f.details FROM findings f JOIN recipients r ON r.uuid = f.recipient_uuid "
        "LEFT JOIN regions g ON g.code = f.desa_code "
        "WHERE f.opened_on <= :end AND (f.status = 'open' OR f.resolved_on > :end)"
    ),
    "not_visited": (
        "SELECT g.name, r.name, r.nik, e.program_code, NULL FROM recipients r "
        "JOIN enrollments e ON e.recipient_uuid = r.uuid LEFT JOIN regions g ON g.code = r.desa_code "
        "WHERE NOT EXISTS (SELECT 1 FROM visits v WHERE v.recipient_uuid = r.uuid "
        "AND v.visit_date BETWEEN :start AND :end)"
    ),
}


# The floor: the same month's rows and columns as the detail sheets, selected plainly
# (one enrollment per recipient in the bench data, so joins do not multiply rows) and
# written as they come.
def floor(db_path: Path, month: Any, out: Path) -> int:
    import sqlite3

    from openpyxl import Workbook

    conn = sqlite3.connect(db_path)
    book = Workbook(write_only=True)
    rows = 0
    params = {"start": month.start.isoformat(), "end": month.end.isoformat()}
    for name, sql in FLOOR_QUERIES.items():
        ws = book.create_sheet(name)
        for row in conn.execute(sql, params):
            ws.append(row)
            rows += 1
    book.save(out)
    conn.close()
    return rows


def monthly(db_path: Path, month: Any, out: Path) -> None:
    from sampingdesa.reports.queries import resolve_scope
    from sampingdesa.reports.workbook import build_monthly
    from sampingdesa.store.db import open_db

    conn = open_db(db_path)
    build_monthly(conn, month, resolve_scope(conn), profile="masked", path=out, force=True)
    conn.close()


def summary(db_path: Path, month: Any) -> None:
    from sampingdesa.reports.queries import month_summary, resolve_scope
    from sampingdesa.store.db import open_db

    conn = open_db(db_path)
    month_summary(conn, month, resolve_scope(conn))
    conn.close()


def best_of(runs: int, work: Callable[[], Any]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--visits", type=int, default=600_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one run (CI)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.recipients, args.visits, args.runs = 1_000, 6_000, 1
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from sampingdesa.values.parsing import month_of

    month = month_of(dt.date(2026, 10, 1))
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        start = time.perf_counter()
        generate(db, args.recipients, args.visits, month.start)
        made = time.perf_counter() - start
        rows = floor(db, month, Path(folder) / "warm.xlsx")  # warms the page cache
        floor_s = best_of(args.runs, lambda: floor(db, month, Path(folder) / "floor.xlsx"))
        monthly_s = best_of(args.runs, lambda: monthly(db, month, Path(folder) / "monthly.xlsx"))
        summary_s = best_of(args.runs, lambda: summary(db, month))
        command = [sys.executable, "-m", "sampingdesa", "--db", str(db), "report", "summary",
                   "--month", month.label, "--json"]  # fmt: skip
        cli_s = best_of(args.runs, lambda: subprocess.run(command, check=True, capture_output=True))
    figures = {
        "generate_s": made,
        "detail_rows": float(rows),
        "floor_s": floor_s,
        "monthly_s": monthly_s,
        "monthly_ratio": monthly_s / floor_s,
        "summary_s": summary_s,
        "summary_cli_s": cli_s,
    }
    size = f"{args.recipients:,} recipients, {args.visits:,} visits"
    print(f"database ({size})  generated in {made:6.1f} s; {rows:,} detail rows in {month.label}")
    print(f"floor: plain sqlite3 + write-only openpyxl  {floor_s:7.2f} s")
    print(
        f"report monthly (11 sheets)                  {monthly_s:7.2f} s  {monthly_s / floor_s:5.2f}x  (goal 1.5x)"
    )
    print(f"report summary (in-process)                 {summary_s:7.2f} s  (goal < 1 s)")
    print(f"sampingdesa report summary --json           {cli_s:7.2f} s")
    return figures


if __name__ == "__main__":
    main()
