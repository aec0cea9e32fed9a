"""The aid programme catalogue: seeded from DOMAIN.md, editable by a coordinator."""

from __future__ import annotations

import re
import sqlite3
import uuid
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

from sampingdesa.errors import Conflict, InvalidValue, NotFound
from sampingdesa.i18n import _
from sampingdesa.values.codes import AidForm, AmountUnit, Cadence, Code, FundingLevel

if TYPE_CHECKING:
    from sampingdesa.store.changes import Changes


@dataclass(frozen=True)
class Program:
    code: str
    name: str
    funding_level: str
    cadence: str
    channel: str
    nominal_amount: int | None
    amount_unit: str
    excludes: str = ""
    notes: str | None = None
    form: str = "tunai"  # an AidForm code: how its amounts are checked and reported

    @property
    def excluded_codes(self) -> list[str]:
        return [code for code in self.excludes.split(",") if code]


SEED = [
    Program(
        "PKH",
        "Program Keluarga Harapan",
        "pusat",
        "tahap",
        "KKS (bank negara)",
        None,
        "tahun",
        "",
        "Per komponen per tahun: ibu hamil/nifas 3.000.000; anak 0-6 3.000.000; SD 900.000; "
        "SMP 1.500.000; SMA 2.000.000; disabilitas berat 2.400.000; lansia 70+ 2.400.000; "
        "dibayar dalam 4 tahap.",
    ),
    Program(
        "BPNT",
        "Bantuan Pangan Non Tunai / Program Sembako",
        "pusat",
        "bulanan",
        "KKS atau PT Pos",
        200_000,
        "bulan",
        "",
        "Biasanya dibayar 2 bulan sekaligus.",
    ),
    Program(
        "BLT-DD",
        "BLT Dana Desa",
        "desa",
        "bulanan",
        "Tunai dari desa",
        300_000,
        "bulan",
        "BPNT,PKH",
        "Sering dibayar 3 bulan sekaligus; tidak untuk keluarga PKH atau BPNT.",
    ),
    Program(
        "PBI-JK",
        "Penerima Bantuan Iuran Jaminan Kesehatan",
        "pusat",
        "bulanan",
        "BPJS Kesehatan",
        42_000,
        "bulan",
        "",
        "Iuran dibayar ke BPJS, bukan tunai.",
    ),
    Program(
        "YAPI",
        "ATENSI Yatim Piatu (0-18 tahun)",
        "pusat",
        "bulanan",
        "Bank atau PT Pos",
        200_000,
        "bulan",
        "",
        "Dibayar per 2-3 bulan.",
    ),
    Program(
        "PERMAKANAN",
        "Permakanan lansia tunggal 75+ / disabilitas tunggal",
        "pusat",
        "harian",
        "Makanan diantar",
        30_000,
        "hari",
        "",
        "Bantuan natura.",
    ),
    Program(
        "RUTILAHU",
        "Rehabilitasi Rumah Tidak Layak Huni",
        "pusat",
        "sekali",
        "Transfer kelompok",
        15_000_000,
        "sekali",
        "",
        None,
    ),
    Program(
        "PRS",
        "Program Rumah Sejahtera (HSS)",
        "kabupaten",
        "sekali",
        "Kabupaten",
        25_000_000,
        "sekali",
        "",
        "Nilai 2025.",
    ),
    Program(
        "JADUP-LANSIA",
        "Jaminan Hidup Lansia (HSS)",
        "kabupaten",
        "bulanan",
        "Kabupaten",
        225_000,
        "bulan",
        "",
        None,
    ),
    Program(
        "JADUP-DIS",
        "Jaminan Hidup Disabilitas Berat (HSS)",
        "kabupaten",
        "bulanan",
        "Kabupaten",
        225_000,
        "bulan",
        "",
        None,
    ),
]

# The form of each seeded programme's aid (the others are cash).
SEED_FORMS = {"BPNT": "non-tunai", "PERMAKANAN": "non-tunai", "RUTILAHU": "non-tunai",
              "PRS": "non-tunai", "PBI-JK": "iuran"}  # fmt: skip
SEED = [replace(program, form=SEED_FORMS.get(program.code, "tunai")) for program in SEED]

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9\-]{0,23}$")


def program_uuid(code: str) -> str:
    """Seeded programmes get the same UUID on every laptop, so merges agree on them."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"sampingdesa:program:{code}"))


def _as_values(program: Program) -> dict[str, Any]:
    return {f.name: getattr(program, f.name) for f in fields(program)}


def seed_programs(writer: Changes) -> int:
    """Insert the seed programmes that are missing (never overwrite a coordinator's edits)."""
    known = {row[0] for row in writer.conn.execute("SELECT code FROM programs")}
    added = 0
    for program in SEED:
        if program.code not in known:
            writer.insert("programs", _as_values(program), row_uuid=program_uuid(program.code))
            added += 1
    return added


def _from_row(row: sqlite3.Row) -> Program:
    return Program(**{f.name: row[f.name] for f in fields(Program)})


def list_programs(conn: sqlite3.Connection) -> list[Program]:
    rows = conn.execute("SELECT * FROM programs WHERE deleted_at IS NULL ORDER BY code")
    return [_from_row(row) for row in rows]


def normalise_code(code: str) -> str:
    return code.strip().upper().replace(" ", "-").replace("_", "-")


def get_program(conn: sqlite3.Connection, code: str) -> Program:
    wanted = normalise_code(code)
    row = conn.execute(
        "SELECT * FROM programs WHERE code = ? AND deleted_at IS NULL", (wanted,)
    ).fetchone()
    if row is None:
        known = ", ".join(p.code for p in list_programs(conn))
        raise NotFound(
            _("Unknown programme {code!r}. Known codes: {known}.").format(code=code, known=known)
        )
    return _from_row(row)


_CODED: dict[str, type[Code]] = {
    "funding_level": FundingLevel,
    "cadence": Cadence,
    "amount_unit": AmountUnit,
    "form": AidForm,
}


def _check(values: dict[str, Any], conn: sqlite3.Connection) -> None:
    """Check and normalise programme fields (a coded field takes any accepted word)."""
    for field, code_type in _CODED.items():
        if field in values:
            values[field] = code_type.parse(values[field], field).value
    amount = values.get("nominal_amount")
    if amount is not None and amount < 0:
        raise InvalidValue("nominal_amount", amount, _("The nominal amount cannot be negative."))
    if amount is not None:
        from sampingdesa.values.money import Money

        try:
            values["nominal_amount"] = int(Money(amount))
        except InvalidValue as error:  # named as the programme's field
            raise InvalidValue("nominal_amount", amount, error.message) from None
    from sampingdesa.values.text import Text

    for field in ("name", "channel", "notes"):
        if isinstance(values.get(field), str):
            values[field] = str(Text(field, values[field]))
    if values.get("excludes"):
        codes = [normalise_code(c) for c in values["excludes"].split(",") if c.strip()]
        for code in codes:
            get_program(conn, code)
        values["excludes"] = ",".join(sorted(set(codes)))


def add_program(writer: Changes, program: Program) -> None:
    code = normalise_code(program.code)
    if not _CODE.match(code):
        raise InvalidValue(
            "code",
            code,
            _("Programme code {code!r} may hold only letters, digits and '-'.").format(code=code),
        )
    if writer.conn.execute("SELECT 1 FROM programs WHERE code = ?", (code,)).fetchone():
        raise Conflict(_("Programme {code} already exists.").format(code=code))
    values = _as_values(program)
    values["code"] = code
    _check(values, writer.conn)
    if not values["name"]:
        raise InvalidValue("name", program.name, _("The programme name is empty."))
    writer.insert("programs", values, row_uuid=program_uuid(code))


@dataclass
class ProgramEdit:
    """What `program edit` is given; None leaves a field as is."""

    name: str | None = None
    funding_level: str | None = None
    cadence: str | None = None
    channel: str | None = None
    nominal_amount: int | None = None
    amount_unit: str | None = None
    excludes: str | None = None
    notes: str | None = None
    form: str | None = None


def edit_program(writer: Changes, code: str, edit: ProgramEdit) -> dict[str, Any]:
    """Change a programme's given fields; returns the fields changed (old and new)."""
    program = get_program(writer.conn, code)
    values = {f.name: v for f in fields(edit) if (v := getattr(edit, f.name)) is not None}
    _check(values, writer.conn)
    if program.code in values.get("excludes", "").split(","):
        raise InvalidValue("excludes", program.code, _("A programme cannot exclude itself."))
    return writer.update("programs", program_uuid(program.code), values)


def exclusive_pairs(programs: list[Program], codes: set[str]) -> list[tuple[str, str]]:
    """Pairs among `codes` that the catalogue marks mutually exclusive (either direction)."""
    by_code = {p.code: p for p in programs}
    pairs = set()
    for code in codes:
        program = by_code.get(code)
        if program is None:
            continue
        for other in program.excluded_codes:
            if other in codes:
                pairs.add(tuple(sorted((code, other))))
    return sorted((a, b) for a, b in pairs)
