"""Province scale: a million recipients over every desa of South Kalimantan (63) on one laptop.

    python benchmarks/bench_province.py                      # 1,000,000 recipients, 6,000,000 visits
    python benchmarks/bench_province.py --recipients 50000 --visits 300000
    python benchmarks/bench_province.py --smoke --json        # tiny (CI)

Generates the database with the report benchmark's generator (`bench_report.generate`,
area "63": every desa and kelurahan of the 13 regencies; 12 months of visits), then times
each command as a user runs it (a fresh process, output to a pipe, best of `--runs`) beside
its floor from the same run: the same question asked with plain sqlite3 in a fresh process.

- `report summary --month`                (goal < 3 s)
- `report summary --month --kecamatan X`  (goal < 0.5 s)
- `recipient list --search PREFIX`        (goal < 0.3 s)
- `recipient show NIK`                    (goal < 0.3 s)
- `visit due --desa X`                    (goal < 1 s)
- `finding list --open --older-than 30`   (goal < 1 s)
- `report monthly` for one regency (its own database, the regency's share of the data):
  ratio to the bare openpyxl write-only floor of `bench_report` (goal 1.5x)
- the database size on disk.

`--json` prints one object: summary_s, summary_kecamatan_s, search_s, show_s, due_s,
findings_s, monthly_ratio, db_mb, recipients, visits (and the floors, as floor_*, and each
command's CPU time, as *_cpu_s: on a shared machine the wall clock includes waiting).
No figure is asserted anywhere.
"""
# ruff: noqa: E501  (SQL text and figure lines read better unwrapped)

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
SRC = str(Path(__file__).resolve().parents[1] / "src")
PYCACHE = str(Path(tempfile.gettempdir()) / "sampingdesa-bench-pycache")
sys.path.insert(0, SRC)

import bench_report  # noqa: E402

PROVINCE = "63"
KABUPATEN = "63.06"  # the database's own regency; the data covers the whole province
# The data ends with last month, so "older than 30 days" and "due" see a realistic mix.
LAST_MONTH = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
MONTH_LABEL = f"{LAST_MONTH:%Y-%m}"


def generate_province(
    db_path: Path, recipients: int, visits: int, *, area: str = PROVINCE, seed: int = 63
) -> None:
    """The province database (also used by tests at a small size)."""
    bench_report.generate(
        db_path, recipients, visits, LAST_MONTH, seed, area=area, kabupaten=KABUPATEN
    )


def pick_targets(db_path: Path) -> dict[str, str]:
    """A busy kecamatan, a desa, a recipient's NIK and a name prefix that finds them."""
    import sqlite3

    conn = sqlite3.connect(db_path)
    kecamatan = conn.execute(
        "SELECT substr(desa_code, 1, 8) AS k FROM recipients GROUP BY k ORDER BY count(*) DESC, k "
        "LIMIT 1"
    ).fetchone()[0]
    desa = conn.execute(
        "SELECT desa_code FROM recipients WHERE desa_code > ? AND desa_code < ? "
        "GROUP BY desa_code ORDER BY count(*) DESC, desa_code LIMIT 1",
        (kecamatan + ".", kecamatan + "/"),
    ).fetchone()[0]
    count = conn.execute("SELECT count(*) FROM recipients").fetchone()[0]
    nik, name = conn.execute(
        "SELECT nik, name FROM recipients WHERE rowid = ?", (count // 2 + 1,)
    ).fetchone()
    conn.close()
    first, _family, third = name.split()
    # How a field assistant looks someone up: the start of two of their names.
    return {"kecamatan": kecamatan, "desa": desa, "nik": nik, "search": f"{first[:4]} {third[:5]}"}


def biggest_regency() -> tuple[str, float]:
    """The regency with the most desa, and its share of the province's desa."""
    from sampingdesa.places import regions

    def desa_count(code: str) -> int:
        return sum(1 for r in regions.descendants(code) if r.level in ("desa", "kelurahan"))

    total = desa_count(PROVINCE)
    codes = [r.code for r in regions.descendants(PROVINCE) if r.level in ("kabupaten", "kota")]
    best = max(codes, key=lambda code: (desa_count(code), code))
    return best, desa_count(best) / total


# -- timing --------------------------------------------------------------------------------------
best_of = bench_report.best_of


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def best_cpu_of(runs: int, work: Callable[[], Any]) -> float:
    """CPU time of the command's process (user + system): on a shared machine the wall
    clock also counts the time spent waiting for a core."""
    times = []
    for _ in range(runs):
        start = child_cpu()
        work()
        times.append(child_cpu() - start)
    return min(times)


def command(db: Path, *args: str) -> Callable[[], Any]:
    argv = [sys.executable, "-m", "sampingdesa", "--db", str(db), *args]
    # As installed: compiled once (this shell may forbid writing bytecode), kept out of the tree.
    env = {**os.environ, "PYTHONPATH": SRC, "PYTHONPYCACHEPREFIX": PYCACHE}
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    def run() -> None:
        done = subprocess.run(argv, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")

    return run


FLOOR_SCRIPT = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
rows = conn.execute(sys.argv[2], sys.argv[3:]).fetchall()
for row in rows:
    sys.stdout.write(repr(row) + "\\n")
"""


def floor(db: Path, sql: str, *params: str) -> Callable[[], Any]:
    """The same question in plain sqlite3, in a fresh interpreter, printed raw."""
    argv = [sys.executable, "-c", FLOOR_SCRIPT, str(db), sql, *params]
    return lambda: subprocess.run(argv, capture_output=True, check=True)


MONTH = f"BETWEEN '{LAST_MONTH}' AND '{LAST_MONTH:%Y-%m}-31'"
FLOORS = {
    "summary": f"SELECT desa_code, count(*) FROM visits WHERE visit_date {MONTH} GROUP BY desa_code",
    "summary_kecamatan": (
        f"SELECT desa_code, count(*) FROM visits WHERE visit_date {MONTH} "
        "AND desa_code > ? || '.' AND desa_code < ? || '/' GROUP BY desa_code"
    ),
    "search": (
        "SELECT r.* FROM recipients_fts f JOIN recipients r ON r.rowid = f.rowid "
        "WHERE recipients_fts MATCH ?"
    ),
    "show": "SELECT * FROM recipients WHERE nik = ?",
    "due": (
        "SELECT r.* FROM recipients r WHERE r.desa_code = ? AND NOT EXISTS (SELECT 1 FROM visits v "
        f"WHERE v.recipient_uuid = r.uuid AND v.visit_date {MONTH})"
    ),
    "findings": (
        "SELECT * FROM findings WHERE status = 'open' AND opened_on < "
        f"'{dt.date.today() - dt.timedelta(days=30)}'"
    ),
}


def measure(db: Path, runs: int) -> dict[str, float]:
    targets = pick_targets(db)
    kec, desa, nik, search = (targets[k] for k in ("kecamatan", "desa", "nik", "search"))
    fts = " ".join(f'"{word.lower()}"*' for word in search.split())
    plan: dict[str, tuple[Callable[[], Any], Callable[[], Any]]] = {
        "summary": (
            command(db, "report", "summary", "--month", MONTH_LABEL),
            floor(db, FLOORS["summary"]),
        ),
        "summary_kecamatan": (
            command(db, "report", "summary", "--month", MONTH_LABEL, "--kecamatan", kec),
            floor(db, FLOORS["summary_kecamatan"], kec, kec),
        ),
        "search": (
            command(db, "recipient", "list", "--search", search),
            floor(db, FLOORS["search"], fts),
        ),
        "show": (command(db, "recipient", "show", nik), floor(db, FLOORS["show"], nik)),
        "due": (
            command(db, "visit", "due", "--month", MONTH_LABEL, "--desa", desa),
            floor(db, FLOORS["due"], desa),
        ),
        "findings": (
            command(db, "finding", "list", "--open", "--older-than", "30"),
            floor(db, FLOORS["findings"]),
        ),
    }
    startup = [sys.executable, "-c", "import typer"]
    figures: dict[str, float] = {
        "floor_startup_s": best_of(runs, lambda: subprocess.run(startup, check=True))
    }
    for name, (work, base) in plan.items():
        base(), work()  # warm the page cache (and compile the modules) once
        figures[f"{name}_s"] = best_of(runs, work)
        figures[f"floor_{name}_s"] = best_of(runs, base)
        figures[f"{name}_cpu_s"] = best_cpu_of(runs, work)
    return figures


def measure_monthly(folder: Path, recipients: int, visits: int, runs: int) -> dict[str, float]:
    """`report monthly` on one regency's database (its share of the province's data)."""
    code, share = biggest_regency()
    db = folder / "regency.db"
    bench_report.generate(
        db, max(1, round(recipients * share)), max(1, round(visits * share)), LAST_MONTH, 63,
        area=code, kabupaten=code,
    )  # fmt: skip
    from sampingdesa.values.parsing import month_of

    month = month_of(LAST_MONTH)
    bench_report.floor(db, month, folder / "warm.xlsx")
    floor_s = best_of(runs, lambda: bench_report.floor(db, month, folder / "floor.xlsx"))
    monthly_s = best_of(runs, lambda: bench_report.monthly(db, month, folder / "monthly.xlsx"))
    return {
        "monthly_s": monthly_s,
        "floor_monthly_s": floor_s,
        "monthly_ratio": monthly_s / floor_s,
    }


def explain(db: Path) -> str:
    """EXPLAIN QUERY PLAN of every statement `report summary` (province, one kecamatan) and
    `visit due --desa` run, captured as the library runs them (for docs/performance.md)."""
    from sampingdesa.reports.queries import month_summary, resolve_scope
    from sampingdesa.store import connection as store_connection
    from sampingdesa.store import db as store_db
    from sampingdesa.values.parsing import month_of
    from sampingdesa.visits.planning import due_recipients

    conn = store_db.open_db(db)
    # Every statement on this connection, so that the trace sees them all (the summary
    # otherwise reads half of them on a second connection).
    store_connection._side_reader = lambda _conn: None  # type: ignore[assignment]
    targets = pick_targets(db)
    month = month_of(LAST_MONTH)
    cases: dict[str, Callable[[], Any]] = {
        "report summary": lambda: month_summary(conn, month, resolve_scope(conn)),
        "report summary --kecamatan": lambda: month_summary(
            conn, month, resolve_scope(conn, kecamatan=targets["kecamatan"])
        ),
        "visit due --desa": lambda: due_recipients(
            conn, month=(month.start, month.end), today=month.end, desa_code=targets["desa"]
        ),
    }
    lines = []
    for title, work in cases.items():
        statements: list[str] = []
        conn.set_trace_callback(statements.append)
        work()
        conn.set_trace_callback(None)
        lines.append(f"#### `{title}`")
        for sql in statements:
            lookup = "FROM regions" in sql or "FROM meta" in sql or "FROM change_log" in sql
            if lookup or not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            lines.append("")
            lines.append(f"    {' '.join(sql.split())[:160]}")
            lines += [f"      {row[3]}" for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        lines.append("")
    conn.close()
    return "\n".join(lines)


def db_megabytes(db: Path) -> float:
    """The pages in use (a kept database may hold free pages of earlier experiments)."""
    import sqlite3

    conn = sqlite3.connect(db)
    size, pages, free = (
        conn.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("page_size", "page_count", "freelist_count")
    )
    conn.close()
    return size * (pages - free) / 1e6


GOALS = {
    "summary": ("report summary --month", 3.0),
    "summary_kecamatan": ("report summary --month --kecamatan", 0.5),
    "search": ("recipient list --search", 0.3),
    "show": ("recipient show NIK", 0.3),
    "due": ("visit due --desa", 1.0),
    "findings": ("finding list --open --older-than 30", 1.0),
}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=1_000_000)
    parser.add_argument("--visits", type=int, default=6_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the database at this path")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one run (CI)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--explain", action="store_true", help="print the query plans (needs --keep)"
    )
    args = parser.parse_args(argv)
    if args.explain:
        print(explain(args.keep))
        return {}
    if args.smoke:
        args.recipients, args.visits, args.runs = 2_000, 12_000, 1
    with tempfile.TemporaryDirectory(prefix="sampingdesa-province-") as name:
        folder = Path(name)
        db = args.keep or folder / "province.db"
        began = time.perf_counter()
        if not db.exists():
            generate_province(db, args.recipients, args.visits)
        generated_s = time.perf_counter() - began
        figures: dict[str, Any] = {
            "recipients": args.recipients,
            "visits": args.visits,
            "db_mb": round(db_megabytes(db), 1),
            "generate_s": generated_s,
        }
        figures.update(measure(db, args.runs))
        figures.update(measure_monthly(folder, args.recipients, args.visits, args.runs))
    if args.json:
        print(
            json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()})
        )
        return figures
    print(f"province 63: {args.recipients:,} recipients, {args.visits:,} visits, "
          f"{figures['db_mb']:,.0f} MB (generated in {generated_s:.0f} s)")  # fmt: skip
    print(f"{'command':40} {'time':>8} {'floor':>8} {'ratio':>6} {'cpu':>8}  goal")
    for key, (label, goal) in GOALS.items():
        seconds, base = figures[f"{key}_s"], figures[f"floor_{key}_s"]
        cpu = figures[f"{key}_cpu_s"]
        print(
            f"{label:40} {seconds:7.2f}s {base:7.2f}s {seconds / base:5.1f}x {cpu:7.2f}s  < {goal} s"
        )
    startup_label = "(start-up floor: import typer)"
    print(f"{startup_label:40} {figures['floor_startup_s']:7.2f}s")
    print(f"{'report monthly (one regency)':40} {figures['monthly_s']:7.2f}s "
          f"{figures['floor_monthly_s']:7.2f}s {figures['monthly_ratio']:5.2f}x  < 1.5x")  # fmt: skip
    return figures


if __name__ == "__main__":
    main()
