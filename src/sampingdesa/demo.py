"""`sampingdesa demo`: a fresh demo database from the bundled sample data, several months of
deterministic visits of every kind, and this month's and last month's workbooks."""

from __future__ import annotations

import csv
import datetime as dt
import random
import sqlite3
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sampingdesa.i18n import _
from sampingdesa.init import init_database
from sampingdesa.progress import Progress, tell
from sampingdesa.register.recipients import RecipientInput, add_recipient
from sampingdesa.store.changes import changes
from sampingdesa.store.db import open_db
from sampingdesa.values.parsing import parse_date

DEMO_DB_NAME = "sampingdesa-demo.db"
DEMO_MONTHS = 6  # this month and the five before it
DEMO_SEED = 2019  # the year the first Samping Desa were appointed
FACILITIES = ("Puskesmas Kandangan", "RSUD Brigjend H. Hasan Basry", "Puskesmas Negara")
DEMO_ASSISTANTS = (
    "Rina Hidayati", "Ahmad Fauzi", "Nurul Aini", "Muhammad Rizki", "Siti Rahmah", "Fajar Maulana",
    "Dewi Lestari", "Gusti Rahmadi", "Hairunnisa", "Akhmad Yani", "Norhayati",
)  # fmt: skip


@dataclass
class DemoResult:
    db_path: Path
    per_desa: list[list[str]]
    files: list[Path] = field(default_factory=list)
    summary: Any = None  # reports.Summary of this month
    visits: int = 0


def sample_data_dir() -> Path:
    """Inside the installed package (wheel), else the repository's sample_data/."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "sample_data", here.parents[1] / "sample_data"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("sample_data")


def build_demo(
    output: Path | None = None, today: dt.date | None = None, progress: Progress | None = None
) -> DemoResult:
    """A fresh demo database in `output` (never the user's own), its visits and workbooks."""
    from sampingdesa.values.parsing import month_of

    today = today or dt.date.today()
    folder = (output or Path.cwd() / "sampingdesa-demo").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    db_path = folder / DEMO_DB_NAME
    this_month = month_of(today)
    months = (this_month, this_month.shifted(-1))
    workbooks = [folder / f"laporan-bulanan-{month.label}.xlsx" for month in months]
    try:
        return _build_demo(db_path, workbooks, today, progress)
    except BaseException:
        # Ctrl-C half-way: no half a demo (a stale workbook would not match the database).
        for path in [*workbooks, *(Path(f"{db_path}{s}") for s in ("", "-wal", "-shm"))]:
            path.unlink(missing_ok=True)
        raise


def _build_demo(
    db_path: Path, workbooks: list[Path], today: dt.date, progress: Progress | None
) -> DemoResult:
    from sampingdesa.reports.queries import month_summary, resolve_scope
    from sampingdesa.reports.workbook import build_monthly
    from sampingdesa.values.parsing import month_of

    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    tell(progress, 0, None, _("Loading the sample recipients"))
    conn = open_db(db_path)
    result = init_database(
        conn, kabupaten="63.06", assistant_name="Koordinator Demo", desa=None, coordinator=True
    )
    _load_recipients(conn, result.assistant.uuid)
    visits = generate_visits(conn, result.assistant.uuid, today, progress)
    generate_pendataan(conn, result.assistant.uuid, today)
    this_month = month_of(today)
    scope = resolve_scope(conn)
    for month, path in zip((this_month, this_month.shifted(-1)), workbooks, strict=True):
        build_monthly(
            conn, month, scope, profile="masked", path=path, force=True, today=today,
            progress=progress,
        )  # fmt: skip
    summary = month_summary(conn, this_month, scope)
    per_desa = _per_desa(conn)
    conn.close()
    return DemoResult(db_path, per_desa, workbooks, summary, visits)


def _load_recipients(conn: sqlite3.Connection, actor: str) -> None:
    with (sample_data_dir() / "penerima_demo.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with changes(conn, actor) as writer:
        for row in rows:
            data = RecipientInput(
                nik=row["nik"], name=row["name"], desa=row["desa_code"], no_kk=row["no_kk"],
                sex=row["sex"], birth_date=parse_date(row["birth_date"]), address=row["address"],
                rt=row["rt"], rw=row["rw"], phone=row["phone"],
                flags=[row["flags"]] if row["flags"] else [],
            )  # fmt: skip
            add_recipient(writer, data, row["programs"].split())


def _per_desa(conn: sqlite3.Connection) -> list[list[str]]:
    return [
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


# -- visits ----------------------------------------------------------------------------------------
def _demo_assistants(writer: Any, kecamatan_codes: list[str]) -> dict[str, str]:
    """One assistant per kecamatan (stable UUIDs), so the performance sheet has rows."""
    found = {}
    for index, code in enumerate(kecamatan_codes):
        name = DEMO_ASSISTANTS[index % len(DEMO_ASSISTANTS)]
        assistant_uuid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"sampingdesa:demo:{code}"))
        writer.insert(
            "assistants",
            {"name": name, "phone": None, "desa_code": None, "role": "pendamping"},
            row_uuid=assistant_uuid,
        )
        found[code] = assistant_uuid
    return found


def _delivery(rng: random.Random, code: str, unit: str, day: dt.date) -> str | None:
    """A delivery spec like `BPNT:2026-10:full:200000` (status drawn, amount to match)."""
    from sampingdesa.visits.rules import expected_amount, period_of

    if unit in ("sekali",):
        return None
    period = period_of(day, tahap=code == "PKH")
    nominal = {"PKH": 3_000_000}.get(code)
    expected = expected_amount(nominal, unit, period) if nominal else None
    status = rng.choices(("full", "partial", "none", "not-due"), (70, 10, 10, 10))[0]
    spec = f"{code}:{period.label}:{status}"
    if status == "full" and expected:
        spec += f":{expected}"
    elif status == "partial":
        spec += f":{(expected or 200_000) // 2}"
    return spec


def _visit_input(rng: random.Random, recipient: sqlite3.Row, programs: list[tuple[str, str]],
                 day: dt.date, escort: bool) -> Any:  # fmt: skip
    from sampingdesa.values.codes import (
        Aspect,
        Change,
        Delivery,
        OffTargetReason,
        OnTarget,
        Problem,
    )
    from sampingdesa.visits.recording import VisitInput
    from sampingdesa.visits.rules import parse_delivery

    if escort:
        return VisitInput(
            visit_date=day, escort=True,
            facility=rng.choice(FACILITIES),
            purpose=rng.choice(("kontrol tekanan darah", "periksa mata", "ambil obat rutin")),
            transport=rng.choice(("motor", "mobil desa", "ambulans desa")),
            result=rng.choice(("obat diberikan", "dirujuk ke poli", "kontrol bulan depan")),
        )  # fmt: skip
    specs = [s for code, unit in programs if (s := _delivery(rng, code, unit, day))]
    deliveries = [parse_delivery(spec) for spec in specs]
    statuses = {d.status for d in deliveries}
    verdict = rng.choices(list(OnTarget), (85, 5, 10))[0]
    outcome = rng.choices(list(Change), (40, 45, 15))[0]
    problems = (Problem.CARD_BLOCKED, Problem.DEDUCTED, Problem.NOT_DISBURSED)
    reasons = (
        OffTargetReason.MOVED,
        OffTargetReason.WELL_OFF,
        OffTargetReason.DECEASED,
        OffTargetReason.DUPLICATE,
    )
    return VisitInput(
        visit_date=day,
        deliveries=deliveries,
        received_date=day if statuses & {Delivery.FULL, Delivery.PARTIAL} else None,
        problem=(rng.choice(problems), None)
        if statuses & {Delivery.PARTIAL, Delivery.NONE} else None,
        on_target=verdict,
        reason=(rng.choice(reasons), None) if verdict is OnTarget.NO else None,
        outcome=outcome,
        aspects={Aspect.INCOME: outcome},
        ready_to_graduate=outcome is Change.BETTER and rng.random() < 0.15,
    )  # fmt: skip


def generate_visits(
    conn: sqlite3.Connection, actor: str, today: dt.date, progress: Progress | None = None
) -> int:
    """Deterministic visits over the last DEMO_MONTHS months (dates up to today), with findings
    opened by the visits and about half of the older ones resolved."""
    from sampingdesa.values.parsing import month_of
    from sampingdesa.visits.recording import record_visit

    rng = random.Random(DEMO_SEED)
    recipients = conn.execute("SELECT * FROM recipients ORDER BY nik").fetchall()
    units = dict(conn.execute("SELECT code, amount_unit FROM programs").fetchall())
    enrolled: dict[str, list[tuple[str, str]]] = {}
    for row in conn.execute("SELECT recipient_uuid, program_code FROM enrollments ORDER BY 2"):
        enrolled.setdefault(row[0], []).append((row[1], units.get(row[1], "")))
    kecamatan = sorted({r["desa_code"].rsplit(".", 1)[0] for r in recipients})
    count = 0
    this_month = month_of(today)
    with changes(conn, actor) as writer:
        assistants = _demo_assistants(writer, kecamatan)
        for back in range(DEMO_MONTHS - 1, -1, -1):
            month = this_month.shifted(-back)
            step = _("Recording demo visits: {month}").format(month=month.label)
            tell(progress, DEMO_MONTHS - 1 - back, DEMO_MONTHS, step)
            last_day = min(month.end, today).day
            for recipient in recipients:
                if rng.random() > 0.75:
                    continue  # not visited this month
                day = month.start.replace(day=rng.randint(1, last_day))
                elderly = "lansia" in (recipient["flags"] or "")
                data = _visit_input(rng, recipient, enrolled.get(recipient["uuid"], []), day,
                                    escort=elderly and rng.random() < 0.5)  # fmt: skip
                helper = assistants[recipient["desa_code"].rsplit(".", 1)[0]]
                record_visit(writer, recipient["uuid"], data, today=today, assistant_uuid=helper)
                count += 1
        _resolve_some(writer, rng, this_month.start, today)
    return count


def _resolve_some(writer: Any, rng: random.Random, before: dt.date, today: dt.date) -> None:
    from sampingdesa.register.findings import resolve_finding

    rows = writer.conn.execute(
        "SELECT uuid, opened_on FROM findings WHERE status = 'open' AND opened_on < ? "
        "ORDER BY opened_on, rowid",
        (before.isoformat(),),
    ).fetchall()
    for row in rows:
        if rng.random() < 0.5:
            opened = dt.date.fromisoformat(row[1])
            day = min(opened + dt.timedelta(days=rng.randint(3, 20)), today)
            note = rng.choice(("sudah dicairkan", "dibahas di musdes", "dirujuk ke Dinas Sosial"))
            resolve_finding(writer, row[0], note, day, today)


# -- pendataan and usulan ------------------------------------------------------------------------
DEMO_ENTRIES = (
    # name, desa, address, categories, description, services
    ("Ijah", "63.06.05.1001", "Jl. Sungai Amandit, di belakang pasar", "lansia-terlantar",
     "Tinggal sendiri, tidak ada keluarga yang merawat", "Permakanan; pendampingan ke Puskesmas"),
    ("Udin", "63.06.05.2009", "Pasar Kandangan, kios kosong", "anak-jalanan",
     "Anak 12 tahun, tidak sekolah, tidur di pasar", "Rujukan ke LKSA; sekolah kembali"),
    ("Keluarga Amat", "63.06.01.2001", "RT 04 dekat jembatan", "fakir-miskin,korban-bencana-alam",
     "Rumah roboh karena banjir, tinggal menumpang", "RUTILAHU; bantuan logistik"),
    ("Salmah", "63.06.07.2001", "Jl. Negara Dipa", "disabilitas",
     "Lumpuh sejak stroke, belum punya kursi roda", "Alat bantu; JADUP-DIS"),
    ("Rahmat", "63.06.02.2001", "Dusun Hulu", "komunitas-adat-terpencil,fakir-miskin",
     "Keluarga di kawasan terpencil, belum terdata DTSEN", "Usulan DTSEN; KTP dan KK"),
)  # fmt: skip


def generate_pendataan(conn: sqlite3.Connection, actor: str, today: dt.date) -> None:
    """Desil for most recipients (so some exceed their programme's limit), a few register
    entries, and this month's proposals at every step of the cycle."""
    from sampingdesa.register.pendataan import EntryInput, add_entry
    from sampingdesa.register.usulan import ProposalInput, add_proposal, set_status

    rng = random.Random(DEMO_SEED + 15)
    recipients = conn.execute("SELECT uuid FROM recipients ORDER BY nik").fetchall()
    known = {row[0] for row in conn.execute("SELECT code FROM regions")}
    with changes(conn, actor) as writer:
        for row in recipients:
            if rng.random() < 0.8:
                desil = rng.choices(range(1, 8), (20, 25, 20, 15, 10, 6, 4))[0]
                day = today - dt.timedelta(days=rng.randint(20, 120))
                writer.update("recipients", row[0], {"desil": desil, "desil_date": day.isoformat()})
        entries = []
        for index, (name, desa, address, categories, what, services) in enumerate(DEMO_ENTRIES):
            if desa not in known:
                continue
            found = max(today.replace(day=1), today - dt.timedelta(days=3 + 5 * index))
            data = EntryInput(
                name=name, desa=desa, address=address, categories=[categories],
                description=what, services_needed=services, found_on=found,
                subject="household" if name.startswith("Keluarga") else "person",
            )  # fmt: skip
            entries.append(add_entry(writer, data, actor, today))
        off_target = conn.execute(
            "SELECT f.uuid FROM findings f JOIN visits v ON v.uuid = f.visit_uuid "
            "WHERE f.kind = 'off-target' AND f.status = 'open' "
            "AND v.off_target_reason IN ('deceased', 'moved', 'well-off', 'duplicate') "
            "ORDER BY f.opened_on, f.rowid LIMIT 4"
        ).fetchall()
        cycle = (("musdes", "siks-ng", "diterima"), ("musdes", "siks-ng"), ("musdes",), ())
        for (finding,), steps in zip(off_target, cycle, strict=False):
            proposal = add_proposal(writer, ProposalInput(from_finding=finding[:8]), today)
            for step in steps:
                set_status(writer, proposal, step, today, today)
        newcomers = (
            ("6306055708920005", "Norlatifah", "63.06.05.2009", "BPNT", "Janda, dua anak balita"),
            ("6306051511800006", "Jumberi", "63.06.05.1001", "PKH", "Buruh harian, istri hamil"),
        )
        for (nik, name, desa, program, why), steps in zip(newcomers, cycle[1:], strict=False):
            proposed = ProposalInput(
                kind="baru", nik=nik, name=name, desa=desa, programs=[program], reason=why,
                desil="2",
            )  # fmt: skip
            proposal = add_proposal(writer, proposed, today)
            for step in steps:
                set_status(writer, proposal, step, today, today)
        if entries:
            inclusion = ProposalInput(from_entry=entries[0][:8], nik="6306054101400007")
            add_proposal(writer, inclusion, today)
