"""Planning the month: who is due for a visit, and a reproducible monitoring sample."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from typing import Any, TypedDict

from sampingdesa.store.db import fast_reads
from sampingdesa.values.nik import mask_nik

# Enrolled at some time in [?1, ?2]; an enrollment with an unknown start always was.
_ENROLLED = (
    "EXISTS (SELECT 1 FROM enrollments e WHERE e.recipient_uuid = r.uuid "
    "AND e.deleted_at IS NULL AND (e.since IS NULL OR e.since <= :last) "
    "AND (e.until IS NULL OR e.until >= :first))"
)
# What was last seen of a recipient: the latest visit and the open findings.
_SEEN = (
    "(SELECT max(v.visit_date) FROM visits v WHERE v.recipient_uuid = r.uuid "
    " AND v.deleted_at IS NULL) AS last_visit, "
    "(SELECT count(*) FROM findings f WHERE f.recipient_uuid = r.uuid "
    " AND f.status = 'open' AND f.deleted_at IS NULL) AS open_findings, "
    # `+f.status`: min() would otherwise walk every open finding in date order.
    "(SELECT min(f.opened_on) FROM findings f WHERE f.recipient_uuid = r.uuid "
    " AND +f.status = 'open' AND f.deleted_at IS NULL) AS oldest_finding "
)
_PROGRAMS = (
    "(SELECT group_concat(program_code, ',') FROM (SELECT DISTINCT e.program_code "
    "FROM enrollments e WHERE e.recipient_uuid = r.uuid AND e.deleted_at IS NULL "
    "AND (e.since IS NULL OR e.since <= :last) AND (e.until IS NULL OR e.until >= :first) "
    "ORDER BY e.program_code))"
)


def _in_desa(desa_code: str | None) -> str:
    """The desa condition, only when there is one: `:desa IS NULL OR ...` hides the index."""
    return "AND r.desa_code = :desa" if desa_code else ""


def due_window(
    month: tuple[dt.date, dt.date], days: int | None, today: dt.date
) -> tuple[dt.date, dt.date]:
    """The dates a visit must fall in to count: the month, or the last `days` days up to
    the month's end (or today, when that comes first)."""
    if days is None:
        return month
    end = min(month[1], today)
    return end - dt.timedelta(days=days - 1), end


def due_recipients(
    conn: sqlite3.Connection,
    *,
    month: tuple[dt.date, dt.date],
    today: dt.date,
    days: int | None = None,
    desa_code: str | None = None,
) -> list[DueRecipient]:
    """Recipients enrolled in `month` without a visit in the window; open findings first."""
    where, params = _due(month, today, days, desa_code)
    fast_reads(conn)
    rows = conn.execute(
        f"SELECT r.uuid, r.nik, r.name, r.desa_code, g.name AS desa_name, {_PROGRAMS} AS programs, "
        f"{_SEEN}"
        f"FROM recipients r LEFT JOIN regions g ON g.code = r.desa_code WHERE {where} "
        "ORDER BY open_findings = 0, oldest_finding, r.desa_code, r.name COLLATE NOCASE",
        params,
    ).fetchall()
    records = [_due_record(row) for row in rows]
    # Open findings as `finding list` counts them: desil mismatches too (computed).
    from sampingdesa.register.findings import derived_open_by_recipient

    derived = derived_open_by_recipient(conn, today, desa_code=desa_code)
    if not derived:
        return records
    oldest_finding: dict[str, str] = {}
    for record, row in zip(records, rows, strict=True):
        count, oldest = derived.get(record["uuid"], (0, None))
        record["open_findings"] += count
        oldest_finding[record["uuid"]] = min(
            filter(None, (row["oldest_finding"], oldest)), default=""
        )
    records.sort(
        key=lambda r: (r["open_findings"] == 0, oldest_finding[r["uuid"]], r["desa_code"] or "",
                       r["name"])
    )  # fmt: skip
    return records


def count_due(
    conn: sqlite3.Connection,
    *,
    month: tuple[dt.date, dt.date],
    today: dt.date,
    desa_code: str | None = None,
) -> int:
    """How many `due_recipients` there are, without building the list (a province has a
    million: the list takes half a minute, the count two seconds)."""
    where, params = _due(month, today, None, desa_code)
    fast_reads(conn)
    row = conn.execute(f"SELECT count(*) FROM recipients r WHERE {where}", params).fetchone()
    return int(row[0])


def _due(
    month: tuple[dt.date, dt.date], today: dt.date, days: int | None, desa_code: str | None
) -> tuple[str, dict[str, Any]]:
    """The condition on `r` for being due, with its parameters."""
    window = due_window(month, days, today)
    params: dict[str, Any] = {
        "first": month[0].isoformat(),
        "last": month[1].isoformat(),
        "from": window[0].isoformat(),
        "to": window[1].isoformat(),
        "desa": desa_code,
    }
    where = (
        f"r.deleted_at IS NULL AND {_ENROLLED} {_in_desa(desa_code)} "
        "AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.recipient_uuid = r.uuid "
        " AND v.deleted_at IS NULL AND v.visit_date BETWEEN :from AND :to)"
    )
    return where, params


class DueRecipient(TypedDict):
    """A recipient to visit (`visit due --json`, `visit sample --json`; NIK masked)."""

    uuid: str
    nik: str
    name: str
    desa_code: str
    desa_name: str | None
    programs: list[str]
    last_visit: str | None
    open_findings: int


def _due_record(row: sqlite3.Row) -> DueRecipient:
    return {
        "uuid": row["uuid"],
        "nik": mask_nik(row["nik"]),
        "name": row["name"],
        "desa_code": row["desa_code"],
        "desa_name": row["desa_name"],
        "programs": (row["programs"] or "").split(",") if row["programs"] else [],
        "last_visit": row["last_visit"],
        "open_findings": row["open_findings"],
    }


def sample_recipients(
    conn: sqlite3.Connection,
    *,
    month: tuple[dt.date, dt.date],
    per_desa: int,
    seed: int,
    desa_code: str | None = None,
) -> list[DueRecipient]:
    """A post-distribution-monitoring sample: `per_desa` recipients enrolled in the month,
    drawn at random per desa; the same seed and data give the same sample."""
    params = {"first": month[0].isoformat(), "last": month[1].isoformat(), "desa": desa_code}
    rows = conn.execute(
        f"SELECT r.uuid, r.nik, r.name, r.desa_code, g.name AS desa_name, {_PROGRAMS} AS programs, "
        f"{_SEEN}"
        "FROM recipients r LEFT JOIN regions g ON g.code = r.desa_code "
        f"WHERE r.deleted_at IS NULL AND {_ENROLLED} {_in_desa(desa_code)} "
        "ORDER BY r.desa_code, r.uuid",
        params,
    ).fetchall()
    by_desa: dict[str, list[sqlite3.Row]] = {}
    for row in rows:
        by_desa.setdefault(row["desa_code"], []).append(row)
    chosen: list[DueRecipient] = []
    for code in sorted(by_desa):
        # One generator per desa: adding a desa does not change another desa's sample.
        rng = random.Random(f"{seed}:{month[0]:%Y-%m}:{code}")
        pool = by_desa[code]
        picked = rng.sample(pool, min(per_desa, len(pool)))
        chosen.extend(
            _due_record(row) for row in sorted(picked, key=lambda r: r["name"].casefold())
        )
    return chosen
