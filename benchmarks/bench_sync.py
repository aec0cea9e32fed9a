"""Merge benchmark (issue 6): 150 bundles of 700 recipients and 4,000 visits each into one
coordinator database, against the floor measured in the same run: a plain sqlite3
executemany of the same rows (and their change-log rows) into the same tables.

    python benchmarks/bench_sync.py              # full size (goal: within 2x of the floor)
    python benchmarks/bench_sync.py --smoke      # tiny, for CI
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sampingdesa.init import init_database
from sampingdesa.store import identity
from sampingdesa.store.changes import GENESIS_HASH, chain_next, entry_digest
from sampingdesa.store.db import latest_schema_version, open_db
from sampingdesa.sync.bundle import FORMAT_VERSION, KIND, write_bundle
from sampingdesa.sync.merge import import_bundles

STAMP = "2026-10-01T00:00:00.000+00:00"


def _recipient(
    rng: random.Random, laptop: int, index: int, desa: str, actor: str
) -> dict[str, Any]:
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 18000))
    serial = laptop * 700 + index + 1
    nik = f"630605{birth.day:02d}{birth.month:02d}{birth.year % 100:02d}{serial % 10000:04d}"
    nik = nik[:6] + f"{(serial // 10000) + 1:02d}" + nik[8:] if serial >= 10000 else nik
    if nik.endswith("0000"):  # no NIK ends in 0000 (validation refuses it)
        nik = nik[:6] + f"{(serial // 10000) + 12:02d}" + nik[8:12] + "9999"
    return {
        "uuid": str(uuid.UUID(int=rng.getrandbits(128))), "nik": nik, "no_kk": None,
        "name": f"Penerima {laptop}-{index}", "sex": "L", "birth_date": None, "address": None,
        "rt": None, "rw": None, "desa_code": desa, "phone": None, "flags": "",
        "assistant_uuid": actor, "created_at": STAMP, "created_by": actor, "updated_at": STAMP,
        "updated_by": actor, "deleted_at": None, "deleted_reason": None,
    }  # fmt: skip


def _visit(rng: random.Random, recipient: dict[str, Any], actor: str) -> dict[str, Any]:
    day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(0, 300))
    return {
        "uuid": str(uuid.UUID(int=rng.getrandbits(128))), "recipient_uuid": recipient["uuid"],
        "assistant_uuid": actor, "desa_code": recipient["desa_code"],
        "visit_date": day.isoformat(), "kind": "monitoring", "on_target": "yes",
        "created_at": STAMP, "created_by": actor, "updated_at": STAMP, "updated_by": actor,
    }  # fmt: skip


def make_bundles(
    folder: Path, count: int, recipients: int, visits: int, desa: list[str]
) -> list[Path]:
    """Bundles as laptops write them: rows, one insert entry per row (chained in the
    laptop's origin), a manifest with the signed head, signed with the laptop's key."""
    paths = []
    for laptop in range(count):
        rng = random.Random(laptop)
        source = str(uuid.UUID(int=rng.getrandbits(128)))
        actor = str(uuid.UUID(int=rng.getrandbits(128)))
        assistant = {"uuid": actor, "name": f"Pendamping {laptop}", "phone": None,
                     "desa_code": desa[laptop % len(desa)], "role": "pendamping",
                     "created_at": STAMP, "created_by": actor, "updated_at": STAMP,
                     "updated_by": actor, "deleted_at": None, "deleted_reason": None}  # fmt: skip
        people = [
            _recipient(rng, laptop, i, assistant["desa_code"], actor) for i in range(recipients)
        ]
        trips = [_visit(rng, people[i % recipients], actor) for i in range(visits)]
        rows = [("assistants", assistant), *(("recipients", p) for p in people),
                *(("visits", v) for v in trips)]  # fmt: skip
        data = "".join(json.dumps({"t": t, "r": r}, separators=(",", ":")) + "\n" for t, r in rows)
        entries = []
        head = GENESIS_HASH
        for n, (t, r) in enumerate(rows, start=1):
            entry = {"at": STAMP, "actor": actor, "table": t, "row": r["uuid"],
                     "action": "insert", "old": None,
                     "new": json.dumps({k: v for k, v in r.items() if k != "uuid"}),
                     "reason": None, "origin_db": source, "origin_id": n}  # fmt: skip
            fields = tuple(entry[k] for k in ("at", "actor", "table", "row", "action", "old",
                                              "new", "reason"))  # fmt: skip
            head = chain_next(head, entry_digest(fields, source, n))
            entries.append({**entry, "hash": head})
        log = "".join(json.dumps(e, separators=(",", ":")) + "\n" for e in entries)
        private, public = identity.generate_key()
        data_bytes, log_bytes = data.encode(), log.encode()
        manifest = {
            "kind": KIND, "format": FORMAT_VERSION, "schema_version": latest_schema_version(),
            "database_id": source, "public_key": public,
            "kabupaten": "63.06", "assistant": {"uuid": actor, "name": assistant["name"],
                                                "desa_code": assistant["desa_code"]},
            "counts": {"recipients": recipients, "visits": visits}, "entries": len(rows),
            "known": {source: len(rows)},
            "origins": {source: {"database_id": source, "last_id": len(rows), "hash": head,
                                 "signature": identity.sign(private, identity.head_message(
                                     source, len(rows), head))}},
            "keys": {source: public},
            "data_sha256": hashlib.sha256(data_bytes).hexdigest(),
            "log_sha256": hashlib.sha256(log_bytes).hexdigest(),
        }  # fmt: skip
        path = folder / f"bundle{laptop:03d}.zip"
        write_bundle(path, manifest, data_bytes, log_bytes, private)
        paths.append(path)
    return paths


def _coordinator(path: Path) -> sqlite3.Connection:
    conn = open_db(path)
    init_database(
        conn, kabupaten="63.06", assistant_name="Koordinator", desa=None, coordinator=True
    )
    return conn


def floor(folder: Path, bundles: list[Path]) -> float:
    """Plain sqlite3: the same rows and log rows, executemany, one transaction per bundle."""
    import zipfile

    conn = _coordinator(folder / "floor.db")
    raw = sqlite3.connect(folder / "floor.db", isolation_level=None)
    raw.execute("PRAGMA foreign_keys = OFF")
    started = time.perf_counter()
    for path in bundles:
        with zipfile.ZipFile(path) as archive:
            rows = [json.loads(line) for line in archive.read("data.jsonl").splitlines()]
            log = [json.loads(line) for line in archive.read("log.jsonl").splitlines()]
        raw.execute("BEGIN")
        by_table: dict[str, list[dict[str, Any]]] = {}
        for item in rows:
            by_table.setdefault(item["t"], []).append(item["r"])
        for table, items in by_table.items():
            columns = list(items[0])
            marks = ",".join("?" * len(columns))
            raw.executemany(
                f"INSERT OR IGNORE INTO {table} ({','.join(columns)}) VALUES ({marks})",
                [[r[c] for c in columns] for r in items],
            )
        raw.executemany(
            "INSERT INTO change_log (at, actor, table_name, row_uuid, action, old, new, reason, "
            "origin_db, origin_id, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,'','')",
            [(e["at"], e["actor"], e["table"], e["row"], e["action"], e["old"], e["new"],
              e["reason"], e["origin_db"], e["origin_id"]) for e in log],
        )  # fmt: skip
        raw.execute("COMMIT")
    elapsed = time.perf_counter() - started
    raw.close()
    conn.close()
    return elapsed


def merge(folder: Path, bundles: list[Path]) -> float:
    conn = _coordinator(folder / "merge.db")
    started = time.perf_counter()
    import_bundles(conn, bundles)
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bundles", type=int, default=150)
    parser.add_argument("--recipients", type=int, default=700)
    parser.add_argument("--visits", type=int, default=4000)
    parser.add_argument("--smoke", action="store_true", help="3 bundles of 70 and 400 (CI)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.bundles, args.recipients, args.visits = 3, 70, 400
    desa = ["63.06.05.1001", "63.06.05.2009", "63.06.01.2001", "63.06.07.2001", "63.06.10.2001"]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        bundles = make_bundles(folder, args.bundles, args.recipients, args.visits, desa)
        base = floor(folder, bundles)
        ours = merge(folder, bundles)
    rows = args.bundles * (args.recipients + args.visits + 1)
    print(f"{args.bundles} bundles, {rows:,} rows and as many log entries")
    print(f"plain sqlite3 insert (floor)  {base:8.2f} s")
    print(f"sync import (signed, checked) {ours:8.2f} s  {ours / base:5.2f}x  (goal 2x)")
    return {"floor_s": base, "sync_import_s": ours, "ratio": ours / base}


if __name__ == "__main__":
    main()
