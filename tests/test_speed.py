"""Speed at scale, without timing anything: the province generator at a small size, the
indexes and query plans the summary and due list rely on, and long tables printed plainly."""

from __future__ import annotations

import io
import sqlite3
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from benchmarks.bench_province import LAST_MONTH, generate_province, pick_targets

from sampingdesa.reports.queries import _named, _per_desa, resolve_scope
from sampingdesa.store.db import open_db
from sampingdesa.values.parsing import month_of
from sampingdesa.visits.planning import due_recipients

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("province") / "province.db"
    generate_province(path, 3_000, 9_000)
    open_db(path).close()  # migrated as a user's database would be
    return path


def plan(conn: sqlite3.Connection, sql: str, params: Any) -> str:
    return " | ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))


def test_generator_covers_every_regency_of_the_province(province: Path) -> None:
    conn = sqlite3.connect(province)
    regencies = {
        row[0] for row in conn.execute("SELECT DISTINCT substr(desa_code, 1, 5) FROM recipients")
    }
    assert len(regencies) == 13
    months = conn.execute("SELECT count(DISTINCT substr(visit_date, 1, 7)) FROM visits").fetchone()
    assert months[0] == 12
    assert conn.execute("SELECT count(*) FROM recipients").fetchone()[0] == 3_000


def test_summary_counts_match_plain_sql(province: Path) -> None:
    conn = open_db(province)
    month = month_of(LAST_MONTH)
    per_desa = _per_desa(conn, month, resolve_scope(conn))
    params = (month.start.isoformat(), month.end.isoformat())
    visits = conn.execute(
        "SELECT count(*) FROM visits WHERE visit_date BETWEEN ? AND ?", params
    ).fetchone()[0]
    visited = conn.execute(
        "SELECT count(DISTINCT recipient_uuid) FROM visits WHERE visit_date BETWEEN ? AND ?", params
    ).fetchone()[0]
    assert sum(c.visits for c in per_desa.values()) == visits > 0
    assert sum(c.recipients_visited for c in per_desa.values()) == visited
    assert sum(c.recipients for c in per_desa.values()) == 3_000


def test_counted_checks_agree_with_the_latest_check_of_each_period(province: Path) -> None:
    """The grouped count-once form of the summary equals picking, in Python, the latest
    check (visit date, then record time, then id) of each recipient, programme and period;
    and the Deliveries sheet marks exactly those rows as counted."""
    from sampingdesa.reports.queries import delivery_rows, nik_shower

    conn = open_db(province)
    month = month_of(LAST_MONTH)
    scope = resolve_scope(conn)
    latest: dict[tuple[str, str, str], tuple[tuple[str, str, str], str, str]] = {}
    checks = conn.execute(
        "SELECT d.recipient_uuid, d.program_code, d.period, v.visit_date, d.created_at, d.uuid, "
        "v.desa_code, d.status FROM visits v JOIN deliveries d ON d.visit_uuid = v.uuid "
        "WHERE v.visit_date BETWEEN ? AND ? AND d.deleted_at IS NULL AND v.deleted_at IS NULL",
        (month.start.isoformat(), month.end.isoformat()),
    ).fetchall()
    for person, program, period, day, created, uuid, desa, status in checks:
        key, order = (person, program, period), (day, created, uuid)
        if key not in latest or order > latest[key][0]:
            latest[key] = (order, desa, status)
    assert len(latest) < len(checks)  # the data has periods checked more than once
    expected: dict[tuple[str, str], int] = {}
    for _order, desa, status in latest.values():
        expected[desa, status] = expected.get((desa, status), 0) + 1
    found = {}
    for desa, counts in _per_desa(conn, month, scope).items():
        for status, count in (("full", counts.full), ("partial", counts.partial),
                              ("none", counts.none), ("not-due", counts.not_due)):  # fmt: skip
            if count:
                found[desa, status] = count
    assert found == expected
    rows = delivery_rows(conn, month, scope, nik_shower("masked"))
    assert sum(row[-1] == "ya" for row in rows) == len(latest)


def test_summary_reads_covering_indexes(province: Path) -> None:
    """EXPLAIN QUERY PLAN of the summary's per-recipient question (docs/performance.md)."""
    from sampingdesa.reports.queries import ENROLLED_IN_MONTH, VISITED_THIS_ONE

    conn = open_db(province)
    scope = resolve_scope(conn, kecamatan=pick_targets(province)["kecamatan"])
    condition, params = _named(scope, "r.desa_code")
    sql = (
        f"SELECT r.desa_code, count(*), sum({VISITED_THIS_ONE}) FROM recipients r "
        f"WHERE r.deleted_at IS NULL AND {condition} AND {ENROLLED_IN_MONTH} GROUP BY r.desa_code"
    )
    text = plan(conn, sql, {"start": "2026-01-01", "end": "2026-01-31", **params})
    assert "COVERING INDEX recipients_desa_live (desa_code>? AND desa_code<?)" in text
    assert "COVERING INDEX enrollments_recipient_span" in text
    assert "COVERING INDEX visits_recipient_live" in text


def test_summary_reads_only_the_months_visits(province: Path) -> None:
    conn = open_db(province)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    _per_desa(conn, month_of(LAST_MONTH), resolve_scope(conn))
    conn.set_trace_callback(None)
    for sql in statements:
        if "FROM visits v CROSS JOIN deliveries" in sql or sql.startswith(
            "SELECT desa_code, count"
        ):
            text = plan(conn, sql, ())
            assert "SCAN v" not in text and "SCAN visits" not in text, text


def test_a_kecamatan_summary_seeks_its_own_visits(province: Path) -> None:
    """Checks of one kecamatan are read by desa, not from the whole province's month."""
    conn = open_db(province)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    kecamatan = pick_targets(province)["kecamatan"]
    _per_desa(conn, month_of(LAST_MONTH), resolve_scope(conn, kecamatan=kecamatan))
    conn.set_trace_callback(None)
    checks = [sql for sql in statements if "CROSS JOIN deliveries" in sql]
    assert len(checks) == 1
    assert "SEARCH v USING INDEX visits_desa_date" in plan(conn, checks[0], ())


def test_due_for_one_desa_seeks_its_recipients(province: Path) -> None:
    conn = open_db(province)
    desa = pick_targets(province)["desa"]
    captured: list[str] = []
    conn.set_trace_callback(captured.append)
    month = month_of(LAST_MONTH)
    due = due_recipients(conn, month=(month.start, month.end), today=month.end, desa_code=desa)
    conn.set_trace_callback(None)
    assert due and {row["desa_code"] for row in due} == {desa}
    text = plan(conn, captured[-1], ())
    assert "SEARCH r USING INDEX recipients_desa_live (desa_code=?" in text
    assert "findings_status_opened" not in text  # not every open finding per recipient
    everywhere = due_recipients(conn, month=(month.start, month.end), today=month.end)
    assert [r for r in everywhere if r["desa_code"] == desa] != []
    assert {r["uuid"] for r in due} == {r["uuid"] for r in everywhere if r["desa_code"] == desa}


def test_desil_mismatches_start_from_the_few_recipients_over_a_limit(province: Path) -> None:
    from benchmarks.bench_report import person_desil

    from sampingdesa.register.desil import DESIL_LIMITS, desil_mismatches

    conn = open_db(province)
    captured: list[str] = []
    conn.set_trace_callback(captured.append)
    found = desil_mismatches(conn)
    conn.set_trace_callback(None)
    text = plan(conn, captured[-1], ())
    assert "SEARCH r USING INDEX recipients_desil (desil>?)" in text, text
    # The generator's desil and programme of each recipient give the same list.
    programmes = dict(conn.execute("SELECT recipient_uuid, program_code FROM enrollments"))
    uuids = [row[0] for row in conn.execute("SELECT uuid FROM recipients ORDER BY rowid")]
    expected = {
        (uuid, programmes[uuid])
        for index, uuid in enumerate(uuids)
        if (desil := person_desil(index)) and desil > DESIL_LIMITS.get(programmes[uuid], 10)
    }
    assert expected and {(m.recipient_uuid, m.program_code) for m in found} == expected


def test_the_due_count_of_status_is_the_length_of_the_due_list(province: Path) -> None:
    import datetime as dt

    from sampingdesa.visits.planning import count_due

    conn = open_db(province)
    desa = pick_targets(province)["desa"]
    month = month_of(LAST_MONTH)
    following = month_of(month.end + dt.timedelta(days=1))  # nobody visited yet
    for span, today in (((month.start, month.end), month.end),
                        ((following.start, following.end), following.start)):  # fmt: skip
        for where in (None, desa):
            listed = due_recipients(conn, month=span, today=today, desa_code=where)
            assert count_due(conn, month=span, today=today, desa_code=where) == len(listed)
    assert 0 < count_due(conn, month=(month.start, month.end), today=month.end) < 3_000
    assert count_due(conn, month=(following.start, following.end), today=following.start) == 3_000


def test_long_tables_print_every_row_plainly() -> None:
    from sampingdesa.cli.tables import LONG_TABLE, print_table

    rows = [[f"R{i:04d}", "Kandangan Kota", None] for i in range(LONG_TABLE + 1)]
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        print_table("Daftar", ["Kode", "Desa", "Catatan"], rows, caption="301 baris")
    lines = buffer.getvalue().splitlines()
    assert lines[:2] == ["Daftar", "Kode   Desa            Catatan"]
    assert lines[3] == "R0000  Kandangan Kota"
    assert lines[-1] == "301 baris"
    assert len(lines) == LONG_TABLE + 1 + 4  # title, header, rule, rows, caption
    assert "│" not in buffer.getvalue()


def test_a_long_table_streams_from_a_generator_as_a_list_prints(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rows given one at a time print the same lines as a list, past the sample the widths
    are chosen from, and the caption counts them all."""
    from sampingdesa.cli import tables

    monkeypatch.setattr(tables, "_LONG_SAMPLE", tables.LONG_TABLE + 7)  # chunks after the sample
    rows = [[f"R{i:04d}", "Kandangan Kota" if i % 3 else "Loksado", i] for i in range(1_000)]

    def printed(given: Any, caption: Any) -> str:
        buffer = io.StringIO()
        with redirect_stdout(buffer):
            tables.print_table("Daftar", ["Kode", "Desa", "Nomor"], given, caption=caption)
        return buffer.getvalue()

    counted: list[int] = []

    def caption(count: int) -> str:
        counted.append(count)
        return f"{count} baris"

    streamed = printed((row for row in rows), caption)
    assert streamed == printed(rows, "1000 baris") and counted == [1_000]
    assert streamed.splitlines()[-2].startswith("R0999")


def test_json_lists_written_item_by_item_read_as_one_array() -> None:
    from sampingdesa.cli.output import emit_json, emit_json_list

    items = [{"name": "Siti Aisyah", "nested": {"list": [1, 2], "empty": []}, "note": "a\nb"},
             {"name": "Gusti Iberahim", "programs": [], "date": "2026-10-01"}]  # fmt: skip
    for given in (items, items[:1], []):
        whole, streamed = io.StringIO(), io.StringIO()
        with redirect_stdout(whole):
            emit_json(given)
        with redirect_stdout(streamed):
            emit_json_list(item for item in given)
        assert streamed.getvalue() == whole.getvalue()


def test_visits_listed_together_match_each_visit_read_alone(province: Path) -> None:
    """The three cursors of iter_visits hand each visit its own deliveries and photos."""
    from sampingdesa.visits.history import iter_visits, visit_record

    conn = open_db(province)
    month = month_of(LAST_MONTH)
    span = (month.start.isoformat(), month.end.isoformat())
    in_order = conn.execute(
        "SELECT * FROM visits WHERE visit_date BETWEEN ? AND ? AND deleted_at IS NULL "
        "ORDER BY visit_date, created_at, rowid",
        span,
    ).fetchall()
    conn.execute("BEGIN")
    for number, visit in enumerate((in_order[0], in_order[0], in_order[5])):
        conn.execute(
            "INSERT INTO visit_photos (uuid, visit_uuid, path, sha256, created_at, created_by, "
            "updated_at, updated_by) VALUES (?, ?, ?, 'x', 't', 'a', 't', 'a')",
            (f"photo-{number}", visit["uuid"], f"foto{number}.jpg"),
        )
    listed = list(iter_visits(conn, month=(month.start, month.end)))
    alone = [visit_record(conn, row) for row in in_order]
    conn.execute("ROLLBACK")
    assert listed == alone and len(listed) > 100
    with_aid = [visit for visit in listed if visit["deliveries"]]
    assert 0 < len(with_aid) < len(listed)  # visits with and without deliveries interleave
    assert [len(visit["photos"]) for visit in listed[:6]] == [2, 0, 0, 0, 0, 1]
