"""Shared fixtures: every test gets its own database file and Indonesian as the language."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sampingdesa import i18n
from sampingdesa.cli import build_app

# Fake but structurally valid HSS numbers (Kandangan 63.06.05).
NIK_WOMAN = "6306054507890001"  # born 1989-07-05, P
NIK_MAN = "6306051203850002"  # born 1985-03-12, L
NIK_ELDER = "6306051708450003"  # born 1945-08-17, L
KK = "6306052001150001"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    db = tmp_path / "test.db"
    monkeypatch.setenv("SAMPINGDESA_DB", str(db))
    monkeypatch.delenv("SAMPINGDESA_LANG", raising=False)
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


@pytest.fixture
def initialised(cli: Callable[..., object], db_path: Path) -> Path:
    result = cli("init", "--assistant", "Rina Hidayati", "--desa", "Kandangan Kota")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return db_path


@pytest.fixture
def registered(cli: Callable[..., object], initialised: Path) -> Path:
    """Three recipients in Kandangan, one enrolled in PKH and BPNT."""
    for nik, name, extra in (
        (NIK_WOMAN, "Siti Aisyah", ["--program", "PKH", "--program", "BPNT", "--kk", KK]),
        (NIK_MAN, "Ahmad Rahman", ["--program", "BPNT"]),
        (NIK_ELDER, "Gusti Iberahim", ["--program", "JADUP-LANSIA", "--flag", "lansia"]),
    ):
        result = cli(
            "recipient", "add", "--nik", nik, "--name", name, "--desa", "Kandangan Kota", *extra
        )
        assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
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
