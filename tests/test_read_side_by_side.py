"""Two read queries at once on one snapshot (store.db.read_side_by_side): same answers as
one after the other, and a quiet fall-back whenever a second connection could see other data."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from sampingdesa.places.laptop import actor
from sampingdesa.register.recipients import RecipientInput, add_recipient
from sampingdesa.store import connection as store_db
from sampingdesa.store.changes import changes
from sampingdesa.store.db import open_db, read_side_by_side

COUNT = "SELECT count(*) FROM recipients"


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute(COUNT).fetchone()[0])


def thread_of(_conn: sqlite3.Connection) -> str:
    return threading.current_thread().name


def test_the_two_jobs_run_on_two_connections_and_agree(people: sqlite3.Connection) -> None:
    (beside, here), threads = (
        read_side_by_side(people, count, count),
        read_side_by_side(people, thread_of, thread_of),
    )
    assert beside == here == 3
    assert threads == ("sampingdesa-reader", threading.current_thread().name)
    assert not people.in_transaction  # the read snapshot is let go afterwards


def test_a_path_with_spaces_signs_and_accents_opens_beside(tmp_path: Path) -> None:
    folder = tmp_path / "Data Désa #1 100% (Ñ)"
    folder.mkdir()
    conn = open_db(folder / "sampingdesa.db")
    assert read_side_by_side(conn, thread_of, thread_of)[0] == "sampingdesa-reader"


def test_inside_a_transaction_both_run_here_and_see_its_writes(
    people: sqlite3.Connection,
) -> None:
    main = threading.current_thread().name
    with changes(people, actor(people)) as writer:
        add_recipient(writer, RecipientInput(nik="6306055101900004", name="Nur Aini",
                                             desa="Kandangan Kota"), ["BPNT"])  # fmt: skip
        assert read_side_by_side(people, thread_of, thread_of) == (main, main)
        assert read_side_by_side(people, count, count) == (4, 4)  # not yet committed
        assert people.in_transaction


def test_an_in_memory_database_runs_both_here() -> None:
    conn = sqlite3.connect(":memory:")
    main = threading.current_thread().name
    assert read_side_by_side(conn, thread_of, thread_of) == (main, main)


def test_a_write_between_the_two_snapshots_falls_back_to_one_connection(
    people: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A mark that differs on every read stands for a commit between the two reads.
    monkeypatch.setattr(store_db, "_SNAPSHOT_MARK", "SELECT random()")
    main = threading.current_thread().name
    assert read_side_by_side(people, thread_of, thread_of) == (main, main)
    assert not people.in_transaction


def test_a_failing_job_beside_reaches_the_caller(people: sqlite3.Connection) -> None:
    def broken(conn: sqlite3.Connection) -> int:
        return int(conn.execute("SELECT * FROM no_such_table").fetchone()[0])

    with pytest.raises(sqlite3.OperationalError, match="no_such_table"):
        read_side_by_side(people, broken, count)
    assert not people.in_transaction
    assert read_side_by_side(people, count, count) == (3, 3)


def test_the_second_connection_cannot_write(people: sqlite3.Connection) -> None:
    def write(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM recipients")

    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        read_side_by_side(people, write, count)
    assert count(people) == 3


def test_without_a_second_connection_both_jobs_read_one_snapshot(
    people: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_db, "_side_reader", lambda _conn: None)

    def in_transaction(conn: sqlite3.Connection) -> bool:
        return conn.in_transaction

    assert read_side_by_side(people, in_transaction, in_transaction) == (True, True)
    assert not people.in_transaction
