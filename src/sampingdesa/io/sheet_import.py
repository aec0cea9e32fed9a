"""One skeleton for spreadsheet imports: the shared heading table, header detection, the
column-number row, the problem type, grouping of repeated problems, and one wording.

The four importers (recipient lists `importing/pipeline.py`, visit forms `visits/forms.py`,
IDM `register/idm.py`, the usulan ground check `register/usulan.py`) are configurations of
it: each names the fields it reads (`HEADER_ALIASES` gives the headings real lists use for
them), reads its own cells, and reports `CellProblem`s, which `describe_problems` turns into
one line per problem, a problem repeated on many rows once ("Rows 2-32, column 'Desa' (F)").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sampingdesa.i18n import _
from sampingdesa.io.tabular import normalise_header as normalise_header

IGNORE = "ignore"
HEADER_SEARCH_ROWS = 30

# The one table of headings: field -> the headings Dinas Sosial, DTKS, SIKS-NG, BNBA, PKH and
# office lists use for it, normalised (`normalise_header`: lower case, punctuation as spaces;
# "NO. KK" is "no kk", "KELURAHAN/DESA" is "kelurahan/desa"). Each importer reads the fields
# it needs; `ignore` lists headings known to carry nothing to import (not reported unknown).
# docs/guide-import.md shows the recipient-list part (tests/test_import_headings.py checks it).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "nik": (
        "nik", "no nik", "nomor nik", "nik ktp", "no ktp", "nomor ktp", "no induk kependudukan",
        "nomor induk kependudukan", "nik penerima", "nik kpm", "nik anggota", "nik krt",
        "nik art", "nik pengurus", "nik penerima manfaat", "nik pm", "nik kepala keluarga",
        "nik sesuai ktp", "id number", "national id",
    ),
    "no_kk": (
        "no kk", "nkk", "nomor kk", "nomor kartu keluarga", "no kartu keluarga", "kk",
        "no kk kpm", "nomor kk kpm", "no kk krt", "no kk art", "kartu keluarga",
        "family card", "family card number",
    ),
    "name": (
        "nama", "nama kpm", "nama penerima", "nama lengkap", "nama penerima manfaat",
        "nama pengurus", "nama anggota", "nama krt", "nama art", "nama kepala keluarga",
        "nama kepala rumah tangga", "nama pm", "nama sesuai ktp", "nama peserta",
        "nama penerima bantuan", "name", "full name", "recipient",
    ),
    "sex": (
        "jenis kelamin", "jk", "l/p", "kelamin", "jns kelamin", "jenis kel", "jns kel",
        "kelamin l/p", "jenis kelamin l/p", "jk l/p", "sex", "gender",
    ),
    "birth_date": (
        "tgl lahir", "tanggal lahir", "tgl lhr", "tgl lahir dd mm yyyy",
        "tanggal lahir dd mm yyyy", "birth date", "date of birth", "dob",
    ),
    "birth_place_date": (
        "tempat/tgl lahir", "tempat/tanggal lahir", "tempat tgl lahir", "tempat tanggal lahir",
        "ttl", "tempat, tgl lahir", "tempat, tanggal lahir", "tmp/tgl lahir", "tmp tgl lahir",
    ),
    "address": (
        "alamat", "alamat lengkap", "alamat rumah", "alamat kpm", "alamat domisili",
        "alamat sesuai ktp", "alamat krt", "jalan", "address", "street",
    ),
    "rt": ("rt", "no rt"),
    "rw": ("rw", "no rw"),
    "rt_rw": ("rt/rw", "rt rw"),
    "desa": (
        "desa", "kelurahan", "desa/kel", "desa/kelurahan", "kel/desa", "kelurahan/desa",
        "nama desa", "kode desa", "desa kelurahan", "kel", "ds/kel", "kel/ds",
        "nama kelurahan", "nama desa/kelurahan", "village",
    ),
    "kecamatan": ("kecamatan", "kec", "nama kecamatan", "nama kec", "district", "subdistrict"),
    "program": (
        "program", "jenis bantuan", "bantuan", "program bantuan", "nama program", "jenis program",
        "programme", "programs",
    ),
    "component": ("komponen", "komponen bantuan", "komponen pkh", "kategori", "component"),
    "phone": (
        "no hp", "nomor hp", "hp", "no handphone", "no telp", "no telepon", "nomor telepon",
        "telepon", "no wa", "no hp/wa", "phone", "phone number",
    ),
    "desil": (
        "desil", "desil dtsen", "peringkat desil", "desil kesejahteraan", "decile",
        "welfare decile",
    ),
    # The usulan ground check (register/usulan.py).
    "result": (
        "hasil", "status", "hasil verifikasi", "hasil groundcheck", "hasil ground check",
        "hasil verval", "kesimpulan", "result", "keputusan",
    ),
    "reason": ("alasan", "keterangan", "catatan", "reason", "notes", "ket"),
    "date": ("tanggal", "tgl", "tanggal verifikasi", "tanggal groundcheck", "date"),
    # Indeks Desa Membangun (register/idm.py).
    "year": ("year", "tahun"),
    "iks": ("iks",),
    "ike": ("ike",),
    "ikl": ("ikl",),
    # Known, and nothing to import: not reported as unknown. Other columns (KETERANGAN, NAMA
    # IBU KANDUNG ...) are named in a warning, and a mapping can ignore them.
    IGNORE: ("no", "no urut", "nomor urut", "#", "masalah", "problem", "tempat lahir",
             "tmp lahir"),
}  # fmt: skip

# The fields of a recipient list, in the order the guide shows them.
RECIPIENT_FIELDS = (
    "nik", "no_kk", "name", "sex", "birth_date", "birth_place_date", "address", "rt", "rw",
    "rt_rw", "desa", "kecamatan", "program", "component", "phone", "desil", IGNORE,
)  # fmt: skip


def _lookup(fields: Sequence[str]) -> dict[str, str]:
    """Heading -> field for the fields of one importer (the first field listed wins)."""
    table: dict[str, str] = {}
    for name in fields:
        for alias in HEADER_ALIASES[name]:
            table.setdefault(alias, name)
            table.setdefault(alias.replace(" ", ""), name)
    return table


_LOOKUPS: dict[tuple[str, ...], dict[str, str]] = {}


def match_header(
    header: Any, fields: Sequence[str], mapping: Mapping[str, str] | None = None
) -> str | None:
    """The field among `fields` a heading names (a user's mapping first), or None."""
    key = normalise_header(header)
    if not key:
        return None
    if mapping and key in mapping:
        return mapping[key]
    lookup = _LOOKUPS.get(tuple(fields))
    if lookup is None:
        lookup = _LOOKUPS.setdefault(tuple(fields), _lookup(fields))
    return lookup.get(key) or lookup.get(key.replace(" ", ""))


def header_fields(
    cells: Sequence[Any], fields: Sequence[str], mapping: Mapping[str, str] | None = None
) -> dict[int, str]:
    """Column index -> field for the recognised cells of a row (the first of a field wins)."""
    found: dict[int, str] = {}
    for index, cell in enumerate(cells):
        if isinstance(cell, str) and cell.strip():
            name = match_header(cell, fields, mapping)
            if name is not None and (name == IGNORE or name not in found.values()):
                found[index] = name
    return found


def find_header_row(
    rows: Iterable[tuple[int, Sequence[Any]]],
    fields: Sequence[str],
    required: Iterable[str],
    limit: int = HEADER_SEARCH_ROWS,
) -> tuple[int, dict[int, str]] | None:
    """The first row (among the first `limit`) whose headings name every `required` field:
    its number and its columns; None when there is none. Title rows above it are skipped."""
    wanted = set(required)
    for count, (number, cells) in enumerate(rows, start=1):
        found = header_fields(cells, fields)
        if wanted <= set(found.values()):
            return number, found
        if count >= limit:
            break
    return None


# "(1)" as text, "1" or "1.", and -1: Excel turns "(1)" typed into a cell into minus one.
_COLUMN_NUMBER = re.compile(r"^(?:\(\s*(\d+)\s*\)|-?(\d+)\.?)$")


def is_numbering_row(cells: Sequence[Any]) -> bool:
    """The column-number row Indonesian government tables put under the header:
    `1 2 3 ...` or `(1) (2) (3) ...` (which Excel may have made -1 -2 -3), counting up by one."""
    values = [c for c in cells if c != "" and c is not None]
    if len(values) < 3:
        return False
    numbers: list[int] = []
    for value in values:
        text = str(value).strip()
        if text.endswith(".0"):
            text = text[:-2]
        match = _COLUMN_NUMBER.match(text)
        if match is None:
            return False
        numbers.append(int(match.group(1) or match.group(2)))
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


# -- problems -------------------------------------------------------------------------------
@dataclass(frozen=True)
class CellProblem:
    """What is wrong with one cell (or, with no column, with a whole row)."""

    row: int  # as the spreadsheet numbers it
    column: str  # the column letter ("F"); "" for a problem of the whole row
    header: str  # the heading as written in the file
    value: str  # the cell as shown to the user (a NIK or No. KK always masked: mask_typed)
    reason: str  # a translated sentence

    @property
    def cell(self) -> str:
        return f"{self.column}{self.row}" if self.column else ""

    def where(self) -> str:
        """`Row 7, column 'Desa' (F7)`: what a person finds in the sheet."""
        if not self.column:
            return _("Row {row}").format(row=self.row)
        return _("Row {row}, column {header!r} ({cell})").format(
            row=self.row, header=self.header, cell=self.cell
        )

    def describe(self) -> str:
        return describe_group(ProblemGroup(self, [self.row]))


@dataclass
class ProblemGroup:
    """The same problem (column, value and reason) on several rows."""

    first: CellProblem
    rows: list[int]


def group_problems(problems: Iterable[CellProblem]) -> list[ProblemGroup]:
    """Identical problems (same column, value and reason) together, in order of first row."""
    groups: dict[tuple[str, str, str, str], ProblemGroup] = {}
    for problem in problems:
        key = (problem.column, problem.header, problem.value, problem.reason)
        group = groups.get(key)
        if group is None:
            groups[key] = ProblemGroup(problem, [problem.row])
        else:
            group.rows.append(problem.row)
    return sorted(groups.values(), key=lambda g: min(g.rows))


def row_ranges(rows: Iterable[int]) -> str:
    """[2, 3, 4, 7, 9, 10] -> "2-4, 7, 9-10"."""
    ordered = sorted(set(rows))
    parts: list[str] = []
    start = previous = ordered[0] if ordered else 0
    for number in ordered[1:]:
        if number != previous + 1:
            parts.append(f"{start}-{previous}" if previous != start else str(start))
            start = number
        previous = number
    if ordered:
        parts.append(f"{start}-{previous}" if previous != start else str(start))
    return ", ".join(parts)


def describe_group(group: ProblemGroup) -> str:
    """One line: where (row or rows, column), the value, and what is wrong."""
    problem = group.first
    if len(group.rows) == 1:
        where = problem.where()
    elif not problem.column:
        where = _("Rows {rows}").format(rows=row_ranges(group.rows))
    else:
        where = _("Rows {rows}, column {header!r} ({column})").format(
            rows=row_ranges(group.rows), header=problem.header, column=problem.column
        )
    if problem.value and problem.value not in problem.reason:  # named once, not twice
        return _("{where}: {value!r}: {reason}").format(
            where=where, value=problem.value, reason=problem.reason
        )
    return f"{where}: {problem.reason}"


def describe_problems(problems: Iterable[CellProblem]) -> list[str]:
    """Every problem, a problem repeated on several rows once."""
    return [describe_group(group) for group in group_problems(problems)]
