"""Importing recipient lists (BNBA) from the spreadsheets Dinas Sosial hands out.

One pass over the rows inside one transaction: each row is validated, valid rows are written
in batches (upsert by NIK, every change logged), problems are collected. At the end the
transaction commits only when that is what the user asked for: never with a problem unless
`skip_invalid`, never on a dry run. A crash or Ctrl-C rolls everything back.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from sampingdesa.errors import Conflict, InvalidValue, NotFound, SampingError
from sampingdesa.i18n import _
from sampingdesa.importing.columns import (
    HEADER_SEARCH_ROWS,
    Header,
    check_mapping_used,
    find_header,
    is_numbering_row,
)
from sampingdesa.io.tabular import RowStream, Table, column_letter
from sampingdesa.places import regions
from sampingdesa.places.laptop import Assistant, current_assistant, resolve_desa
from sampingdesa.progress import Progress, tell
from sampingdesa.register.programs import (
    Program,
    exclusive_pairs,
    get_program,
    list_programs,
    normalise_code,
)
from sampingdesa.store.changes import Changes, changes
from sampingdesa.values import nik as nik_rules
from sampingdesa.values.cells import refuse_control_characters
from sampingdesa.values.parsing import fold_spaces, parse_date, parse_rt_rw, parse_sex

BATCH_ROWS = 1000
PROGRESS_EVERY = 2000
PROBLEM_COLUMN = "Masalah"
# Columns an import writes, in this order, for new recipients.
INSERT_COLUMNS = (
    "nik", "no_kk", "name", "sex", "birth_date", "address", "rt", "rw", "desa_code", "phone",
    "assistant_uuid", "desil", "desil_date",
)  # fmt: skip
ENROLLMENT_COLUMNS = ("recipient_uuid", "program_code", "component", "status")
UPDATABLE = ("name", "no_kk", "sex", "birth_date", "address", "rt", "rw", "desa_code", "phone")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_PROGRAM_SPLIT = re.compile(r"[,;/+&\n]+")
_PHONE_JUNK = re.compile(r"[\s\-().]")
_PHONE = re.compile(r"\+?\d{8,15}")

T = TypeVar("T")


@dataclass
class ImportOptions:
    program: str | None = None
    sheet: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)  # normalised header -> field
    dry_run: bool = False
    skip_invalid: bool = False
    errors_to: Path | None = None
    encoding: str | None = None  # of a CSV file; None: decided from the whole file


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    cell: str
    value: str
    expected: str


@dataclass
class RejectedRow:
    row: int
    cells: list[Any]
    problems: list[str]


@dataclass(frozen=True)
class DoubleAid:
    row: int
    nik: str  # masked
    name: str
    programs: tuple[str, str]


@dataclass
class ImportResult:
    file: str
    sheet: str | None
    header_row: int
    columns: dict[str, str]
    unknown_columns: list[str]
    other_sheets: list[str] = field(default_factory=list)
    desa_default: str | None = None
    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    conflicts: int = 0
    enrolled: int = 0
    ignored: int = 0
    problems: list[Problem] = field(default_factory=list)
    double_aid: list[DoubleAid] = field(default_factory=list)
    rejected_rows: list[RejectedRow] = field(default_factory=list)
    header_labels: list[str] = field(default_factory=list)
    dry_run: bool = False
    committed: bool = False
    errors_to: str | None = None

    def summary(self) -> dict[str, Any]:
        """The `--json` shape (a contract: keys are only ever added)."""
        return {
            "file": self.file,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "rows": self.rows,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "conflicts": self.conflicts,
            "enrolled": self.enrolled,
            "ignored_rows": self.ignored,
            "dry_run": self.dry_run,
            "imported": self.committed,
            "columns": self.columns,
            "unknown_columns": self.unknown_columns,
            "other_sheets": self.other_sheets,
            "problems": [
                {"file": self.file, "row": p.row, "column": p.column, "cell": p.cell,
                 "value": p.value, "expected": p.expected}
                for p in self.problems
            ],
            "double_aid": [
                {"row": d.row, "nik": d.nik, "name": d.name, "programs": list(d.programs)}
                for d in self.double_aid
            ],
            "errors_to": self.errors_to,
        }  # fmt: skip


@dataclass(slots=True)
class _Row:
    number: int
    nik: str
    name: str
    no_kk: str | None
    sex: str
    birth_date: str
    address: str | None
    rt: str | None
    rw: str | None
    desa_code: str | None
    phone: str | None
    programs: tuple[str, ...]
    component: str | None
    cells: Sequence[Any]  # kept (not copied) until its batch is written, for --errors-to
    desil: int | None = None  # DTSEN decile; its date is the day of the import


class _Reject(Exception):
    """A value that is wrong; carries the sentence that says what was expected."""


def _text(value: Any) -> str:
    """A cell as text: numbers without a spurious `.0`, dates in ISO form."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return "" if value is None else str(value)


def _shown(value: Any) -> str:
    """A cell as the report shows it (a damaged number keeps its digits visible)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e20:
        return str(int(value))
    return _text(value)


def _plain(text: str, field: str, label: str) -> str:
    """Refuse a terminal escape or other control character in a text cell."""
    try:
        return refuse_control_characters(text, field, label)
    except SampingError as error:
        raise _Reject(error.message) from None


class RowCleaner:
    """Turns a row's cells into column values; caches what repeats (desa, dates, codes)."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        header: Header,
        first_column: int,
        assistant: Assistant,
        forced_program: str | None,
        programs: list[Program],
        desa_default: str | None,
        today: dt.date | None = None,
    ) -> None:
        self.conn = conn
        self.header = header
        self.first_column = first_column
        self.assistant = assistant
        self.forced = (forced_program,) if forced_program else ()
        self.programs = programs
        self.desa_default = desa_default
        self.today = today or dt.date.today()
        self.col = {name: index for index, name in header.fields.items()}
        self._kecamatan_ok: dict[str, bool] = {}
        self._nik_dates: dict[str, tuple[str, str]] = {}
        self._kk_dates: set[str] = set()
        self._dates: dict[str, str | _Reject] = {}
        self._sexes: dict[str, str | _Reject] = {}
        self._rt: dict[str, str | _Reject] = {}
        self._desa: dict[tuple[str, str], str | _Reject] = {}
        self._program_codes: dict[str, tuple[str, ...] | _Reject] = {}

    # -- identity numbers -------------------------------------------------------------------
    def _prefix_ok(self, number: str) -> bool:
        known = self._kecamatan_ok.get(number[:6])
        if known is None:
            known = regions.kecamatan_exists(nik_rules.kecamatan_of(number))
            self._kecamatan_ok[number[:6]] = known
        return known

    @staticmethod
    def _refuse_number(value: Any, label: str) -> _Reject:
        return _Reject(
            _(
                "{label} arrived as a number ({value}): Excel keeps only 15 digits, so it may be "
                "damaged. Format the column as Text and type all 16 digits again."
            ).format(label=label, value=nik_rules.mask_typed(_shown(value)))
        )

    def nik(self, value: Any) -> tuple[str, str, str]:
        """NIK, birth date (ISO) and sex; the common clean case costs a few dict lookups."""
        if isinstance(value, (int, float)):
            raise self._refuse_number(value, "NIK")
        text = _text(value)
        if not text:
            raise _Reject(_("The NIK is empty; every row needs one."))
        if len(text) == 16 and text.isdigit() and text[12:] != "0000" and self._prefix_ok(text):
            known = self._nik_dates.get(text[6:12])
            if known is not None:
                return text, known[0], known[1]
        try:
            info = nik_rules.parse_nik(text, regions.kecamatan_exists, self.today)
        except InvalidValue as error:
            raise _Reject(error.message) from None
        found = (info.birth_date.isoformat(), info.sex)
        self._nik_dates[info.nik[6:12]] = found
        return info.nik, found[0], found[1]

    def no_kk(self, value: Any) -> str | None:
        if isinstance(value, (int, float)):
            raise self._refuse_number(value, _("No. KK"))
        text = _text(value)
        if not text:
            return None
        if (
            len(text) == 16 and text.isdigit() and text[12:] != "0000"
            and self._prefix_ok(text) and text[6:12] in self._kk_dates
        ):  # fmt: skip
            return text
        try:
            number = nik_rules.parse_kk(text, regions.kecamatan_exists, self.today)
        except InvalidValue as error:
            raise _Reject(error.message) from None
        self._kk_dates.add(number[6:12])
        return number

    # -- other values -----------------------------------------------------------------------
    def name(self, value: Any) -> str:
        name = fold_spaces(_plain(_text(value), "name", _("The name")))
        if not name:
            raise _Reject(_("The name is empty."))
        return name

    def sex(self, value: Any) -> str | None:
        text = _text(value)
        if not text:
            return None
        return _cached(self._sexes, text, lambda: parse_sex(text))

    def birth_date(self, value: Any) -> str | None:
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
            # an Excel serial day number that lost its date format
            return (_EXCEL_EPOCH + dt.timedelta(days=int(value))).isoformat()
        text = _text(value)
        if not text:
            return None
        return _cached(self._dates, text, lambda: parse_date(text).isoformat())

    def birth_place_date(self, value: Any) -> str | None:
        """`Kandangan, 17-08-1945` (Tempat/Tgl Lahir): the date after the last comma."""
        if not isinstance(value, str):
            return self.birth_date(value)
        return self.birth_date(value.rpartition(",")[2])

    def rt_rw(self, value: Any, label: str) -> str | None:
        text = _text(value)
        if not text:
            return None
        return _cached(self._rt, text, lambda: parse_rt_rw(text, label))

    def rt(self, value: Any) -> str | None:
        return self.rt_rw(value, "RT")

    def rw(self, value: Any) -> str | None:
        return self.rt_rw(value, "RW")

    def address(self, value: Any) -> str | None:
        return fold_spaces(_plain(_text(value), "address", _("The address"))) or None

    def rt_and_rw(self, value: Any) -> tuple[str | None, str | None]:
        """`003/001` in one RT/RW column."""
        text = _text(value)
        if not text:
            return None, None
        rt, sep, rw = text.partition("/")
        if not sep:
            raise _Reject(_("{value!r} is not RT/RW; write it as 003/001.").format(value=text))
        return self.rt_rw(rt, "RT"), self.rt_rw(rw, "RW")

    def desa(self, value: Any, kecamatan: Any) -> str | None:
        text = _text(value)
        if not text:
            return None
        kec = _text(kecamatan)
        return _cached(self._desa, (text, kec), lambda: self._resolve_desa(text, kec))

    def _resolve_desa(self, text: str, kecamatan: str) -> str:
        try:
            return resolve_desa(self.conn, text, kecamatan or None).code
        except Conflict:
            # Two desa of the regency share the name: prefer the assistant's own kecamatan.
            if kecamatan or not self.assistant.desa_code:
                raise
            own = self.assistant.desa_code.rsplit(".", 1)[0]
            return resolve_desa(self.conn, text, own).code

    def phone(self, value: Any) -> str | None:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            digits = _shown(value)
            text = "0" + digits if digits.startswith("8") else digits  # Excel drops the 0
        else:
            text = _PHONE_JUNK.sub("", _text(value))
        if not text:
            return None
        if not _PHONE.fullmatch(text):
            raise _Reject(_("Phone number {value!r} is not valid.").format(value=_text(value)))
        return text

    def program_codes(self, value: Any) -> tuple[str, ...]:
        text = _text(value)
        if not text:
            return self.forced
        found = _cached(self._program_codes, text, lambda: self._codes(text))
        return tuple(dict.fromkeys((*self.forced, *found)))

    def _codes(self, text: str) -> tuple[str, ...]:
        by_code = {p.code: p.code for p in self.programs}
        by_name = {" ".join(p.name.lower().split()): p.code for p in self.programs}
        whole = normalise_code(text)
        if whole in by_code:
            return (whole,)
        if " ".join(text.lower().split()) in by_name:
            return (by_name[" ".join(text.lower().split())],)
        codes: list[str] = []
        for part in _PROGRAM_SPLIT.split(text):
            words = part.split()
            if not words:
                continue
            code = normalise_code(part)
            if code in by_code:
                codes.append(code)
                continue
            for word in words:  # "PKH BPNT", as in some exports
                code = normalise_code(word)
                if code not in by_code:
                    raise _Reject(
                        _("Unknown programme {code!r}. Known codes: {known}.").format(
                            code=part.strip(), known=", ".join(by_code)
                        )
                    )
                codes.append(code)
        return tuple(dict.fromkeys(codes))

    def component(self, value: Any) -> str | None:
        return fold_spaces(_text(value)) or None

    def desil(self, value: Any) -> int | None:
        from sampingdesa.register.desil import parse_desil

        if _text(value) == "":
            return None
        try:
            return parse_desil(value)
        except SampingError as error:
            raise _Reject(error.message) from None


def _cached(cache: dict[Any, Any], key: Any, compute: Callable[[], T]) -> T:
    """Memoise a parse, including its failure (the same bad text fails the same way)."""
    found = cache.get(key)
    if found is None:
        try:
            found = compute()
        except (InvalidValue, NotFound, Conflict) as error:
            found = _Reject(error.message)
        cache[key] = found
    if isinstance(found, _Reject):
        raise found
    result: T = found
    return result


_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def fast_uuid4s(count: int) -> list[str]:
    """`count` random (version 4) UUIDs from one urandom call: ~5x faster than uuid.uuid4()."""
    raw = os.urandom(16 * count).hex()
    uuids = []
    for start in range(0, 32 * count, 32):
        h = raw[start : start + 32]
        uuids.append(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:]}")
    return uuids


def names_conflict(old: str, new: str) -> bool:
    """A strong mismatch (another person), not a typo, a spelling variant or a longer form."""
    old_words = re.findall(r"\w+", old.lower())
    new_words = re.findall(r"\w+", new.lower())
    if set(old_words) <= set(new_words) or set(new_words) <= set(old_words):
        return False
    ratio = difflib.SequenceMatcher(None, " ".join(old_words), " ".join(new_words)).ratio()
    return ratio < 0.6


# -- reading a row ------------------------------------------------------------------------------
class _RowReader:
    """Reads the cells of one row into a `_Row`, or the problems that stop it."""

    def __init__(self, cleaner: RowCleaner, header: Header, first_column: int) -> None:
        self.cleaner = cleaner
        self.header = header
        self.first_column = first_column
        col = cleaner.col
        self.nik_col = col["nik"]
        self.recognised = sorted(col.values())
        self.desa_index = col.get("desa")
        self.kecamatan_index = col.get("kecamatan")
        converters: dict[str, Callable[[Any], Any]] = {
            "nik": cleaner.nik, "name": cleaner.name, "no_kk": cleaner.no_kk, "sex": cleaner.sex,
            "birth_date": cleaner.birth_date, "birth_place_date": cleaner.birth_place_date,
            "rt": cleaner.rt, "rw": cleaner.rw, "rt_rw": cleaner.rt_and_rw,
            "address": cleaner.address, "phone": cleaner.phone,
            "program": cleaner.program_codes, "component": cleaner.component,
            "desil": cleaner.desil,
        }  # fmt: skip
        # (field, column, converter) for each recognised column: the per-row loop stays flat.
        self.plan = [
            (name, index, converters[name])
            for index, name in sorted(header.fields.items())
            if name in converters
        ]

    def cell_ref(self, index: int, row: int) -> str:
        return f"{column_letter(self.first_column + index)}{row}"

    def problem(self, number: int, field_name: str, value: Any, message: str) -> Problem:
        index = self.cleaner.col.get(field_name)
        shown = _shown(value)
        if field_name in ("nik", "no_kk"):
            shown = nik_rules.mask_typed(shown)  # shown whole only when it cannot be real
        if index is None:
            return Problem(number, field_name, "", shown, message)
        label = self.header.labels.get(index, field_name)
        return Problem(number, label, self.cell_ref(index, number), shown, message)

    def is_data(self, cells: Sequence[Any]) -> bool:
        """A row worth reading: a NIK, or a name beside other recipient values."""
        width = len(cells)
        nik = cells[self.nik_col] if self.nik_col < width else ""
        if nik != "" and nik is not None:
            return True
        filled = sum(1 for i in self.recognised if i < width and cells[i] not in ("", None))
        return filled >= 2

    def read(self, number: int, cells: Sequence[Any]) -> tuple[_Row | None, list[Problem]]:
        width = len(cells)
        values: dict[str, Any] = {}
        problems: list[Problem] = []
        for name, index, convert in self.plan:
            value = cells[index] if index < width else ""
            try:
                values[name] = convert(value)
            except _Reject as error:
                problems.append(self.problem(number, name, value, str(error)))
        desa = self._desa(number, cells, problems)
        if problems:
            return None, problems
        nik, nik_birth, nik_sex = values["nik"]
        sex = values.get("sex")
        birth = values.get("birth_date") or values.get("birth_place_date")
        if (birth is not None and birth != nik_birth) or (sex is not None and sex != nik_sex):
            problems.append(self._inconsistent(number, cells, values, birth, sex))
            return None, problems
        rt, rw = values.get("rt"), values.get("rw")
        if rt is None and rw is None and "rt_rw" in values:
            rt, rw = values["rt_rw"]
        row = _Row(
            number, nik, values["name"], values.get("no_kk"), sex or nik_sex, birth or nik_birth,
            values.get("address"), rt, rw, desa, values.get("phone"),
            values.get("program", self.cleaner.forced), values.get("component"), cells,
            values.get("desil"),
        )  # fmt: skip
        return row, problems

    def _desa(self, number: int, cells: Sequence[Any], problems: list[Problem]) -> str | None:
        if self.desa_index is None:
            return self.cleaner.desa_default
        width = len(cells)
        value = cells[self.desa_index] if self.desa_index < width else ""
        kec_index = self.kecamatan_index
        kecamatan = cells[kec_index] if kec_index is not None and kec_index < width else ""
        try:
            return self.cleaner.desa(value, kecamatan)
        except _Reject as error:
            problems.append(self.problem(number, "desa", value, str(error)))
            return None

    def _inconsistent(
        self, number: int, cells: Sequence[Any], values: dict[str, Any], birth: str | None,
        sex: str | None,
    ) -> Problem:  # fmt: skip
        """The stated birth date or sex disagrees with the NIK: say which, with both values."""
        nik, nik_birth, nik_sex = values["nik"]
        if birth is not None and birth != nik_birth:
            field_name = "birth_date" if values.get("birth_date") else "birth_place_date"
        else:
            field_name = "sex"
        info = nik_rules.NikInfo(nik, "", dt.date.fromisoformat(nik_birth), nik_sex, nik[12:])
        index = self.cleaner.col[field_name]
        value = cells[index] if index < len(cells) else ""
        try:
            nik_rules.check_consistent(info, dt.date.fromisoformat(birth) if birth else None, sex)
        except InvalidValue as error:
            return self.problem(number, field_name, value, error.message)
        raise AssertionError("consistent values reported as inconsistent")


# -- writing --------------------------------------------------------------------------------
class _FtsBulk:
    """Index new names in one statement instead of the per-row trigger (~20x faster).

    The trigger is dropped and re-created inside the import's own transaction, so a rollback
    (problems, dry run, Ctrl-C) restores it with everything else.
    """

    TRIGGER = "recipients_fts_insert"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        row = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (self.TRIGGER,)
        ).fetchone()
        self.sql: str | None = row[0] if row else None
        last = conn.execute("SELECT coalesce(max(rowid), 0) FROM recipients").fetchone()
        self.last_rowid = int(last[0])
        if self.sql:
            conn.execute(f"DROP TRIGGER {self.TRIGGER}")

    def finish(self) -> None:
        if not self.sql:
            return
        self.conn.execute(
            "INSERT INTO recipients_fts (rowid, name) SELECT rowid, name FROM recipients "
            "WHERE rowid > ?",
            (self.last_rowid,),
        )
        self.conn.execute(self.sql)


class _Writer:
    """Upserts batches of valid rows by NIK, counts what happened, keeps the change log."""

    def __init__(
        self, writer: Changes, result: ImportResult, reader: _RowReader, programs: list[Program]
    ) -> None:
        self.writer = writer
        self.conn = writer.conn
        self.result = result
        self.reader = reader
        self.programs = programs
        self.assistant_uuid = reader.cleaner.assistant.uuid
        self.uuids: Iterator[str] = iter(())
        first = self.conn.execute("SELECT 1 FROM recipients LIMIT 1").fetchone()
        self.register_empty = first is None  # then no row of the file can be known yet

    def write(self, batch: list[_Row]) -> None:
        self.uuids = iter(fast_uuid4s(len(batch)))
        existing = {} if self.register_empty else self._existing([r.nik for r in batch])
        active = self._active_programmes([row["uuid"] for row in existing.values()])
        inserts: list[tuple[Any, ...]] = []
        enrollments: list[tuple[str, str, str | None]] = []
        for row in batch:
            current = existing.get(row.nik)
            held: set[str] = set()
            if current is None:
                recipient_uuid = self._new(row, inserts)
                if recipient_uuid is None:
                    continue
                added = list(row.programs)
            else:
                changed = self._known(row, current)
                if changed is None:
                    continue
                recipient_uuid = current["uuid"]
                held = active.get(recipient_uuid, set())
                added = [code for code in row.programs if code not in held]
                if changed or added:
                    self.result.updated += 1
                else:
                    self.result.unchanged += 1
            enrollments.extend((recipient_uuid, code, row.component) for code in added)
            self._check_double_aid(row, held, added)
        self._insert_recipients(inserts)
        self._insert_enrollments(enrollments)

    def _existing(self, niks: list[str]) -> dict[str, sqlite3.Row]:
        marks = ",".join("?" * len(niks))
        rows = self.conn.execute(f"SELECT * FROM recipients WHERE nik IN ({marks})", niks)
        return {row["nik"]: row for row in rows}

    def _active_programmes(self, uuids: list[str]) -> dict[str, set[str]]:
        if not uuids:
            return {}
        marks = ",".join("?" * len(uuids))
        held: dict[str, set[str]] = {}
        for recipient_uuid, code in self.conn.execute(
            "SELECT recipient_uuid, program_code FROM enrollments WHERE status = 'active' "
            f"AND deleted_at IS NULL AND recipient_uuid IN ({marks})",
            uuids,
        ):
            held.setdefault(recipient_uuid, set()).add(code)
        return held

    def _new(self, row: _Row, inserts: list[tuple[Any, ...]]) -> str | None:
        if row.desa_code is None:
            self._reject(row, "desa", _("The desa is empty; a new recipient needs one."))
            return None
        values = (
            row.nik, row.no_kk, row.name, row.sex, row.birth_date, row.address, row.rt, row.rw,
            row.desa_code, row.phone, self.assistant_uuid, row.desil,
            dt.date.today().isoformat() if row.desil is not None else None,
        )  # fmt: skip
        recipient_uuid = next(self.uuids)
        inserts.append((recipient_uuid, *values))
        self.result.new += 1
        return recipient_uuid

    def _known(self, row: _Row, current: sqlite3.Row) -> bool | None:
        """Update a known recipient: whether anything changed; None when the row is refused."""
        if current["deleted_at"]:
            message = _(
                "This NIK belongs to {name}, removed on {date}; an import does not bring "
                "removed recipients back."
            ).format(name=current["name"], date=current["deleted_at"][:10])
            self._reject(row, "nik", message)
            return None
        if names_conflict(current["name"], row.name):
            self.result.conflicts += 1
            message = _(
                "Conflict: this NIK is registered as {name}. Check the KTP; the register was "
                "not changed."
            ).format(name=current["name"])
            self._reject(row, "name", message)
            return None
        wanted = {
            "name": row.name, "no_kk": row.no_kk, "sex": row.sex, "birth_date": row.birth_date,
            "address": row.address, "rt": row.rt, "rw": row.rw, "desa_code": row.desa_code,
            "phone": row.phone, "desil": row.desil,
        }  # fmt: skip
        # An empty cell never erases what the register knows.
        changed = {k: v for k, v in wanted.items() if v is not None and current[k] != v}
        if "desil" in changed:
            changed["desil_date"] = dt.date.today().isoformat()
        if changed:
            self.writer.update("recipients", current["uuid"], changed)
        return bool(changed)

    def _reject(self, row: _Row, field_name: str, message: str) -> None:
        index = self.reader.cleaner.col.get(field_name)
        value = row.cells[index] if index is not None and index < len(row.cells) else ""
        problem = self.reader.problem(row.number, field_name, value, message)
        _reject_cells(self.result, row.number, row.cells, self.reader.header.width, [problem])

    def _check_double_aid(self, row: _Row, held: set[str], added: list[str]) -> None:
        if not added:
            return
        for pair in exclusive_pairs(self.programs, held | set(added)):
            if pair[0] in added or pair[1] in added:
                masked = nik_rules.mask_nik(row.nik)
                self.result.double_aid.append(DoubleAid(row.number, masked, row.name, pair))

    def _insert_recipients(self, inserts: list[tuple[Any, ...]]) -> None:
        self.writer.bulk_insert("recipients", INSERT_COLUMNS, inserts)

    def _insert_enrollments(self, enrollments: list[tuple[str, str, str | None]]) -> None:
        if not enrollments:
            return
        uuids = fast_uuid4s(len(enrollments))
        rows = [
            (enrollment_uuid, recipient_uuid, code, component, "active")
            for enrollment_uuid, (recipient_uuid, code, component) in zip(
                uuids, enrollments, strict=True
            )
        ]
        self.writer.bulk_insert("enrollments", ENROLLMENT_COLUMNS, rows)
        self.result.enrolled += len(rows)


# -- the import -------------------------------------------------------------------------------
RowIterator = Iterator[tuple[int, list[Any]]]
Duplicates = dict[int, tuple[str, list[int]]]  # first row -> (NIK, later rows)


@dataclass
class _Located:
    header: Header
    stream: RowStream
    rows: RowIterator
    other_sheets: list[str]


def _locate(table: Table, options: ImportOptions) -> _Located:
    """The sheet and header to read: `--sheet`, else the first sheet with a header."""
    names: list[str | None] = [options.sheet] if options.sheet or table.is_csv else []
    if not names:
        names = list(table.sheets)
    chosen: _Located | None = None
    others: list[str] = []
    for name in names:
        stream = table.rows(name)
        head = list(islice(stream.rows, HEADER_SEARCH_ROWS))
        found = find_header(head, options.mapping)
        if found is None:
            continue
        if chosen is not None:
            others.append(str(name))
            continue
        header, used = found
        chosen = _Located(header, stream, _chain(head[used:], stream.rows), [])
    if chosen is None:
        raise InvalidValue(
            "map",
            None,
            _(
                "No header row with a NIK column in the first {count} rows of {where}. "
                'Name the columns with a column mapping ("HEADER=nik", "=name", "=desa" ...).'
            ).format(count=HEADER_SEARCH_ROWS, where=_where(table, options)),
        )
    chosen.other_sheets = others
    return chosen


def _where(table: Table, options: ImportOptions) -> str:
    if options.sheet:
        return _("sheet {sheet!r}").format(sheet=options.sheet)
    if table.sheets:
        return _("any sheet ({sheets})").format(sheets=", ".join(table.sheets))
    return table.path.name


def _chain(head: list[tuple[int, list[Any]]], rest: RowIterator) -> RowIterator:
    yield from head
    yield from rest


def _check_columns(header: Header, assistant: Assistant) -> str | None:
    """Required columns; returns the desa every row gets when the file has no desa column."""
    if header.column_of("name") is None:
        raise InvalidValue(
            "map",
            None,
            _('The list has no name column. Its columns: {found}. Map one: "HEADER=name".').format(
                found=", ".join(header.labels.values())
            ),
        )
    if header.column_of("desa") is not None:
        return None
    if assistant.desa_code is None:
        raise InvalidValue(
            "map",
            None,
            _(
                "The list has no desa column and you have no desa of your own (coordinator). "
                'Add a Desa column, or map one: "HEADER=desa".'
            ),
        )
    return assistant.desa_code


def import_recipients(
    conn: sqlite3.Connection,
    path: Path,
    options: ImportOptions,
    progress: Progress | None = None,
) -> ImportResult:
    """Validate every row of a recipient list and upsert it by NIK, all or nothing."""
    assistant = current_assistant(conn)
    forced = get_program(conn, options.program).code if options.program else None
    programs = list_programs(conn)
    table = Table(Path(path), options.encoding)
    excluded: Duplicates = {}
    while True:
        located = _locate(table, options)
        check_mapping_used(located.header, options.mapping)
        desa_default = _check_columns(located.header, assistant)
        cleaner = RowCleaner(
            conn, located.header, located.stream.first_column, assistant, forced, programs,
            desa_default,
        )  # fmt: skip
        result = _new_result(table, located, options, desa_default)
        duplicates = _run(conn, located, cleaner, result, options, excluded, progress)
        if not duplicates:
            break
        excluded = duplicates  # a second pass refuses every row of a duplicated NIK
        tell(progress, 0, None, _("Reading the rows again, refusing duplicated NIKs"))
    if options.errors_to is not None and result.rejected_rows:
        result.errors_to = str(write_rejected(result, options.errors_to))
    return result


def _new_result(
    table: Table, located: _Located, options: ImportOptions, desa_default: str | None
) -> ImportResult:
    header = located.header
    return ImportResult(
        file=table.path.name,
        sheet=located.stream.sheet,
        header_row=header.row_number,
        columns={header.labels[i]: name for i, name in sorted(header.fields.items())},
        unknown_columns=list(header.unknown),
        other_sheets=located.other_sheets,
        desa_default=desa_default,
        header_labels=[header.labels.get(i, "") for i in range(header.width)],
        dry_run=options.dry_run,
    )


def _run(
    conn: sqlite3.Connection,
    located: _Located,
    cleaner: RowCleaner,
    result: ImportResult,
    options: ImportOptions,
    excluded: Duplicates,
    progress: Progress | None,
) -> Duplicates:
    """One pass in one transaction; returns the duplicates a first pass found (to redo)."""
    reader = _RowReader(cleaner, located.header, located.stream.first_column)
    with changes(conn, cleaner.assistant.uuid) as writer:
        fts = _FtsBulk(conn)
        sink = _Writer(writer, result, reader, cleaner.programs)
        duplicates = _read_all(located, reader, sink, result, excluded, progress)
        if duplicates and not excluded:
            writer.discard()  # a second pass refuses the duplicated NIKs
            return duplicates
        fts.finish()
        result.problems.sort(key=lambda p: p.row)
        result.rejected_rows.sort(key=lambda r: r.row)
        if options.dry_run or (result.rejected and not options.skip_invalid):
            writer.discard()
        else:
            result.committed = True
    return {}


def _duplicate_message(rows: list[int]) -> str:
    return _("The same NIK is also on row {rows}; keep one row per person.").format(
        rows=", ".join(str(r) for r in rows)
    )


def _read_all(
    located: _Located,
    reader: _RowReader,
    sink: _Writer,
    result: ImportResult,
    excluded: Duplicates,
    progress: Progress | None,
) -> Duplicates:
    total = located.stream.total
    width = located.header.width
    seen: dict[str, int] = {}
    duplicates: Duplicates = {}
    batch: list[_Row] = []
    first = True
    for number, cells in located.rows:
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number, total)
        if first:
            first = False
            if is_numbering_row(cells):
                continue
        if not reader.is_data(cells):
            if any(c not in ("", None) for c in cells):
                result.ignored += 1
            continue
        result.rows += 1
        if number in excluded:
            nik, later = excluded[number]
            seen[nik] = number
            problem = reader.problem(number, "nik", nik, _duplicate_message(later))
            _reject_cells(result, number, cells, width, [problem])
            continue
        row, problems = reader.read(number, cells)
        if row is not None and row.nik in seen:
            earlier = seen[row.nik]
            duplicates.setdefault(earlier, (row.nik, []))[1].append(number)
            problems = [reader.problem(number, "nik", row.nik, _duplicate_message([earlier]))]
            row = None
        if row is None:
            _reject_cells(result, number, cells, width, problems)
            continue
        seen[row.nik] = number
        batch.append(row)
        if len(batch) >= BATCH_ROWS:
            sink.write(batch)
            batch = []
    if batch:
        sink.write(batch)
    if progress is not None:
        progress(total or result.rows, total)
    return duplicates


def _reject_cells(
    result: ImportResult, number: int, cells: Sequence[Any], width: int, problems: list[Problem]
) -> None:
    result.rejected += 1
    result.problems.extend(problems)
    result.rejected_rows.append(
        RejectedRow(number, list(cells[:width]), [p.expected for p in problems])
    )


def write_rejected(result: ImportResult, path: Path) -> Path:
    """The rejected rows as a workbook with a "Masalah" column, ready to fix and import again."""
    from sampingdesa.io.xlsx import new_workbook, save_atomic, write_table

    workbook = new_workbook()
    sheet = workbook.create_sheet(result.sheet or "Data")
    number_columns = {
        index
        for index, label in enumerate(result.header_labels)
        if result.columns.get(label) in ("nik", "no_kk")
    }
    width = len(result.header_labels)
    rows = []
    for rejected in result.rejected_rows:
        # A NIK Excel turned into a number goes back as text, its digits visible for fixing.
        cells = [
            _shown(value) if index in number_columns else value
            for index, value in enumerate(rejected.cells)
        ]
        cells += [""] * (width - len(cells))
        rows.append([*cells, "; ".join(rejected.problems)])
    write_table(sheet, [*result.header_labels, PROBLEM_COLUMN], rows)
    return save_atomic(workbook, Path(path))
