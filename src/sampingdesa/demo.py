"""`sampingdesa demo`: a fresh demo database from the bundled sample data."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from sampingdesa.changes import changes
from sampingdesa.db import open_db
from sampingdesa.parsing import parse_date
from sampingdesa.recipients import RecipientInput, add_recipient
from sampingdesa.settings import init_database

DEMO_DB_NAME = "sampingdesa-demo.db"


@dataclass
class DemoResult:
    db_path: Path
    per_desa: list[list[str]]
    files: list[Path] = field(default_factory=list)


def sample_data_dir() -> Path:
    """Inside the installed package (wheel), else the repository's sample_data/."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "sample_data", here.parents[1] / "sample_data"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("sample_data")


def build_demo(output: Path | None = None) -> DemoResult:
    folder = (output or Path.cwd() / "sampingdesa-demo").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    db_path = folder / DEMO_DB_NAME
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    conn = open_db(db_path)
    result = init_database(
        conn, kabupaten="63.06", assistant_name="Koordinator Demo", desa=None, coordinator=True
    )
    with (sample_data_dir() / "penerima_demo.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with changes(conn, result.assistant.uuid) as writer:
        for row in rows:
            data = RecipientInput(
                nik=row["nik"], name=row["name"], desa=row["desa_code"], no_kk=row["no_kk"],
                sex=row["sex"], birth_date=parse_date(row["birth_date"]), address=row["address"],
                rt=row["rt"], rw=row["rw"], phone=row["phone"],
                flags=[row["flags"]] if row["flags"] else [],
            )  # fmt: skip
            add_recipient(writer, data, row["programs"].split(), result.assistant.uuid)
    per_desa = [
        [row[0], row[1], str(row[2]), row[3] or ""]
        for row in conn.execute(
            "SELECT k.name, d.name, count(DISTINCT r.uuid), "
            "(SELECT group_concat(code, ', ') FROM (SELECT DISTINCT e.program_code AS code "
            " FROM enrollments e JOIN recipients x ON x.uuid = e.recipient_uuid "
            " WHERE x.desa_code = d.code ORDER BY 1)) "
            "FROM recipients r JOIN regions d ON d.code = r.desa_code "
            "JOIN regions k ON k.code = d.parent_code GROUP BY d.code ORDER BY d.code"
        )
    ]
    conn.close()
    return DemoResult(db_path, per_desa)
