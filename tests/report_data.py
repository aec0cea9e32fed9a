"""Known data for the report tests: one month (March 2026) with every kind of visit."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from sampingdesa.places.laptop import actor
from sampingdesa.register.findings import list_findings, resolve_finding
from sampingdesa.register.recipients import (
    RecipientInput,
    add_recipient,
    enroll,
    find_recipient,
    leave,
)
from sampingdesa.store.changes import changes
from sampingdesa.store.db import open_db
from sampingdesa.visits.recording import VisitInput, record_visit
from sampingdesa.visits.rules import parse_delivery

TODAY = dt.date(2026, 6, 1)
NIK_A = "6306054507890001"
NIK_B = "6306051203850002"
NIK_C = "6306051708450003"
NIK_D = "6306011203850005"
NIK_E = "6306015203900006"
NIK_F = "6306051203700007"
NIK_G = "6306051203800008"
FORMULA_NAME = '=HYPERLINK("http://x","klik")'
AT_NAME = "@SUM(A1)"


def _person(writer, nik: str, name: str, desa: str, programs: list[str], since: str | None,
            flags: list[str] | None = None) -> str:  # fmt: skip
    uuid = add_recipient(
        writer, RecipientInput(nik=nik, name=name, desa=desa, flags=flags or []), []
    )
    for code in programs:
        enroll(writer, uuid, code, dt.date.fromisoformat(since) if since else None)
    return uuid


def _visit(writer, nik: str, day: str, **values: object) -> None:
    deliveries = [parse_delivery(d) for d in values.pop("deliveries", [])]  # type: ignore[attr-defined]
    data = VisitInput(visit_date=dt.date.fromisoformat(day), deliveries=deliveries, **values)  # type: ignore[arg-type]
    record_visit(writer, nik, data, today=TODAY)


def build_known(db_path: Path) -> sqlite3.Connection:
    """Needs an initialised database (assistant in Kandangan Kota)."""
    conn = open_db(db_path)
    with changes(conn, actor(conn)) as w:
        _person(w, NIK_A, "Siti Aisyah", "63.06.05.1004", ["PKH", "BPNT"], None)
        _person(w, NIK_B, "Ahmad Rahman", "63.06.05.1004", ["BPNT"], "2026-03-15")
        _person(w, NIK_C, "Gusti Iberahim", "63.06.05.1004", ["JADUP-LANSIA"], None, ["lansia"])
        _person(w, NIK_D, FORMULA_NAME, "63.06.01.2001", ["BPNT"], None)
        _person(w, NIK_E, AT_NAME, "63.06.01.2001", ["BLT-DD"], "2026-04-01")
        _person(w, NIK_F, "Fajar Lama", "63.06.05.1004", ["PKH"], "2025-01-01")
        _person(w, NIK_G, "Galuh Belum", "63.06.05.1004", ["BPNT"], None)
        leave(w, NIK_F, "PKH", "stopped", dt.date(2026, 2, 28))
        _visit(w, NIK_A, "2026-02-28", deliveries=["BPNT:2026-02:none"])
        _visit(w, NIK_A, "2026-03-31", deliveries=["PKH:2026-T1:full:750000",
               "BPNT:2026-03:partial:100000"], problem=("deducted", None), received_date=dt.date(2026, 3, 30),
               on_target="yes", outcome="better", aspects={"income": "better"}, ready_to_graduate=True)  # fmt: skip
        _visit(w, NIK_A, "2026-04-01", deliveries=["BPNT:2026-04:none"])
        _visit(w, NIK_B, "2026-03-20", deliveries=["BPNT:2026-03:none"], on_target="no",
               reason=("well-off", None))  # fmt: skip
        _visit(w, NIK_C, "2026-03-10", escort=True, facility="Puskesmas Kandangan",
               purpose="periksa tekanan darah", transport="motor", result="obat diberikan")  # fmt: skip
        _visit(w, NIK_D, "2026-03-01", deliveries=["BPNT:2026-03:not-due"], on_target="unsure",
               outcome="worse", aspects={"health": "worse"})  # fmt: skip
    b = find_recipient(conn, NIK_B)
    with changes(conn, actor(conn)) as w:
        for f in list_findings(conn, today=TODAY, recipient_uuid=b["uuid"], kind="not-received"):
            resolve_finding(w, f["uuid"], "sudah cair", dt.date(2026, 3, 25), TODAY)
    return conn


# The ten programmes the catalogue is seeded with.
ALL_PROGRAMS = ["PKH", "BPNT", "BLT-DD", "PBI-JK", "YAPI", "PERMAKANAN", "RUTILAHU", "PRS",
                "JADUP-LANSIA", "JADUP-DIS"]  # fmt: skip
MONTHLY = {"BPNT", "BLT-DD", "YAPI", "JADUP-LANSIA", "JADUP-DIS", "PBI-JK"}


def build_regency(db_path: Path) -> sqlite3.Connection:
    """March 2026 in the whole regency (the Ringkasan's worst realistic case): two
    recipients in a desa of each of the 11 kecamatan, every one of the ten seeded
    programmes enrolled, each recipient visited once with a verdict and, for the monthly
    programmes, a delivery checked. Needs an initialised database."""
    conn = open_db(db_path)
    kecamatan = [r[0] for r in conn.execute(
        "SELECT code FROM regions WHERE level = 'kecamatan' ORDER BY code")]  # fmt: skip
    with changes(conn, actor(conn)) as w:
        number = 0
        for index, code in enumerate(kecamatan):
            desa = conn.execute(
                "SELECT min(code) FROM regions WHERE parent_code = ?", (code,)
            ).fetchone()[0]
            for _second in range(2):
                number += 1
                program = ALL_PROGRAMS[(number - 1) % len(ALL_PROGRAMS)]
                nik = code.replace(".", "") + f"4507890{number:03d}"
                _person(w, nik, f"Penerima {number}", desa, [program], None)
                deliveries = [f"{program}:2026-03:full"] if program in MONTHLY else []
                _visit(w, nik, f"2026-03-{10 + index:02d}", deliveries=deliveries,
                       on_target="yes" if number % 5 else "no",
                       reason=None if number % 5 else ("well-off", None))  # fmt: skip
    return conn
