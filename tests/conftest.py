"""Shared fixtures: every test gets its own database file and Indonesian as the language.

Two layers: library fixtures (`workspace`, `people`: an open connection to a temporary
database set up through the library, no CLI) and CLI fixtures (`cli`, and the database
paths `initialised` and `registered`, the same data for commands to run against)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sampingdesa import i18n
from sampingdesa.cli import build_app
from sampingdesa.init import init_database
from sampingdesa.places.laptop import actor
from sampingdesa.register.recipients import RecipientInput, add_recipient
from sampingdesa.store.changes import changes
from sampingdesa.store.db import open_db

# Fake but structurally valid HSS numbers (Kandangan 63.06.05).
NIK_WOMAN = "6306054507890001"  # born 1989-07-05, P
NIK_MAN = "6306051203850002"  # born 1985-03-12, L
NIK_ELDER = "6306051708450003"  # born 1945-08-17, L
KK = "6306052001150001"

ASSISTANT = "Rina Hidayati"
HOME_DESA = "Kandangan Kota"
# Three recipients in Kandangan: NIK, name, programmes, extra fields.
PEOPLE: list[tuple[str, str, list[str], dict[str, object]]] = [
    (NIK_WOMAN, "Siti Aisyah", ["PKH", "BPNT"], {"no_kk": KK}),
    (NIK_MAN, "Ahmad Rahman", ["BPNT"], {}),
    (NIK_ELDER, "Gusti Iberahim", ["JADUP-LANSIA"], {"flags": ["lansia"]}),
]


def set_up(conn: sqlite3.Connection) -> None:
    init_database(conn, kabupaten="63.06", assistant_name=ASSISTANT, desa=HOME_DESA)


def add_people(conn: sqlite3.Connection) -> None:
    with changes(conn, actor(conn)) as writer:
        for nik, name, programs, extra in PEOPLE:
            data = RecipientInput(nik=nik, name=name, desa=HOME_DESA, **extra)  # type: ignore[arg-type]
            add_recipient(writer, data, programs)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    db = tmp_path / "test.db"
    monkeypatch.setenv("SAMPINGDESA_DB", str(db))
    monkeypatch.delenv("SAMPINGDESA_LANG", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)  # set by the CLI for Typer's gettext calls
    monkeypatch.setenv("COLUMNS", "200")
    i18n.set_language("id")
    yield db
    i18n.set_language("id")


@pytest.fixture
def db_path(isolated: Path) -> Path:
    return isolated


Invoke = Callable[..., "object"]


@pytest.fixture
def cli() -> Callable[..., object]:
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> object:
        return runner.invoke(build_app(), list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture(scope="session")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file with every migration applied and nothing else (no identity yet: a
    copy of it is a new database, not a copied one). Copying it is ten times quicker than
    migrating a new file for each test."""
    path = tmp_path_factory.mktemp("migrated") / "migrated.db"
    open_db(path).close()
    return path


def new_database(migrated: Path, db_path: Path) -> sqlite3.Connection:
    shutil.copyfile(migrated, db_path)
    return open_db(db_path)


# -- the library layer: an open connection, no CLI ----------------------------------------------
@pytest.fixture
def workspace(db_path: Path, migrated: Path) -> Iterator[sqlite3.Connection]:
    """A database set up for Kandangan (HSS) with assistant Rina, through the library."""
    conn = new_database(migrated, db_path)
    set_up(conn)
    yield conn
    conn.close()


@pytest.fixture
def people(workspace: sqlite3.Connection) -> sqlite3.Connection:
    """`workspace` with the three recipients of `PEOPLE`."""
    add_people(workspace)
    return workspace


# -- the CLI layer: the database file the commands open ------------------------------------------
@pytest.fixture
def initialised(db_path: Path, migrated: Path) -> Path:
    """Set up as `sampingdesa init --assistant "Rina Hidayati" --desa "Kandangan Kota"` does
    (tests/test_cli_foundation.py runs that command itself)."""
    conn = new_database(migrated, db_path)
    try:
        set_up(conn)
    finally:
        conn.close()
    return db_path


@pytest.fixture
def registered(initialised: Path) -> Path:
    """Three recipients in Kandangan, one enrolled in PKH and BPNT."""
    conn = open_db(initialised)
    try:
        add_people(conn)
    finally:
        conn.close()
    return initialised


def snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table: to assert that a failed command changed nothing."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name"
            )
        ]
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def as_coordinator(db_path: Path) -> None:
    """Make this test laptop the coordinator's: report settings change only there (issue 26)."""
    conn = open_db(db_path)
    with changes(conn, actor(conn)) as writer:
        writer.update("assistants", actor(conn), {"role": "koordinator"})
    conn.close()
