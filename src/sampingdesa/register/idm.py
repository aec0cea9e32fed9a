"""Indeks Desa Membangun (IDM) per desa and year: set one, or import a list (all or nothing).

The score is the mean of the social (IKS), economic (IKE) and ecological (IKL) indices; the
status follows the Permendesa 2/2016 thresholds (`regions.idm_status`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sampingdesa.errors import Conflict, InvalidValue, NotFound, SampingError
from sampingdesa.i18n import _
from sampingdesa.places.laptop import resolve_desa
from sampingdesa.places.regions import idm_status
from sampingdesa.store.changes import Changes

INDICES = ("iks", "ike", "ikl")
FIRST_YEAR, LAST_YEAR = 2015, 2100  # IDM exists since 2015
_HEADER_NAMES = {
    "desa": "desa", "kode desa": "desa", "kode": "desa", "nama desa": "desa", "village": "desa",
    "year": "year", "tahun": "year", "iks": "iks", "ike": "ike", "ikl": "ikl",
}  # fmt: skip


@dataclass(frozen=True)
class IdmValue:
    desa_code: str
    desa_name: str
    year: int
    iks: float
    ike: float
    ikl: float

    @property
    def score(self) -> float:
        return round((self.iks + self.ike + self.ikl) / 3, 4)

    @property
    def status(self) -> str:
        return idm_status(self.score)


def parse_index(value: Any, name: str) -> float:
    """An index between 0 and 1; a decimal comma (0,6543) is accepted."""
    text = str(value).strip().replace(",", ".") if value is not None else ""
    try:
        number = float(text)
    except ValueError:
        raise InvalidValue(
            name,
            value,
            _("{name} must be a number between 0 and 1, not {value!r}.").format(
                name=name.upper(), value=value
            ),
        ) from None
    if not 0 <= number <= 1:
        raise InvalidValue(
            name,
            value,
            _("{name} must be between 0 and 1 (got {value}).").format(
                name=name.upper(), value=number
            ),
        )
    return number


def parse_year(value: Any) -> int:
    text = str(value).strip()
    text = text[:-2] if text.endswith(".0") else text  # 2024.0 from a spreadsheet number
    if not re.fullmatch(r"\d{4}", text) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise InvalidValue(
            "year",
            value,
            _("The year must be between {first} and {last}, not {value!r}.").format(
                first=FIRST_YEAR, last=LAST_YEAR, value=value
            ),
        )
    return int(text)


def idm_value(conn: Any, desa: str, year: Any, iks: Any, ike: Any, ikl: Any) -> IdmValue:
    place = resolve_desa(conn, str(desa).strip())
    return IdmValue(
        place.code, place.name, parse_year(year),
        parse_index(iks, "iks"), parse_index(ike, "ike"), parse_index(ikl, "ikl"),
    )  # fmt: skip


def save_idm(writer: Changes, value: IdmValue) -> str:
    """Insert, or update the live row of the same desa and year; returns 'added' or 'updated'."""
    values = {
        "desa_code": value.desa_code, "year": value.year, "iks": value.iks, "ike": value.ike,
        "ikl": value.ikl, "score": value.score, "status": value.status,
    }  # fmt: skip
    row = writer.conn.execute(
        "SELECT uuid FROM idm WHERE desa_code = ? AND year = ? AND deleted_at IS NULL",
        (value.desa_code, value.year),
    ).fetchone()
    if row is None:
        writer.insert("idm", values)
        return "added"
    writer.update("idm", row[0], values)
    return "updated"


def _columns(header: list[Any], path: Path) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = _HEADER_NAMES.get(" ".join(str(cell or "").lower().split()))
        if key and key not in found:
            found[key] = index
    missing = [name for name in ("desa", "year", *INDICES) if name not in found]
    if missing:
        names = ", ".join(m.upper() if m in INDICES else m for m in missing)
        message = _(
            "{name}: the first row must name the columns desa, year, IKS, IKE, IKL; "
            "missing: {missing}."
        )
        raise SampingError(message.format(name=path.name, missing=names))
    return found


def read_idm_file(conn: Any, path: Path) -> list[IdmValue]:
    """Every row checked; any error (named by row and column) means nothing is imported."""
    from sampingdesa.io.tabular import Table

    stream = Table(Path(path)).rows()
    rows = iter(stream.rows)
    header = next((cells for _n, cells in rows if any(str(v or "").strip() for v in cells)), [])
    columns = _columns(header, Path(path))
    values: list[IdmValue] = []
    errors: list[str] = []
    seen: dict[tuple[str, int], int] = {}
    for number, cells in rows:
        if not any(str(v or "").strip() for v in cells):
            continue
        cell = {key: cells[i] if i < len(cells) else None for key, i in columns.items()}
        try:
            value = _row_value(conn, cell, columns, stream.first_column)
        except _CellError as problem:
            errors.append(_("row {row}, column {column}: {message}").format(
                row=number, column=problem.column, message=problem.message))  # fmt: skip
            continue
        key = (value.desa_code, value.year)
        if key in seen:
            errors.append(_("row {row}: {desa} {year} is also in row {other}.").format(
                row=number, desa=value.desa_name, year=value.year, other=seen[key]))  # fmt: skip
            continue
        seen[key] = number
        values.append(value)
    if errors:
        raise SampingError(
            _("{name}: {count} rows have errors; nothing was imported.").format(
                name=Path(path).name, count=len(errors)
            ),
            details=errors,
        )
    return values


class _CellError(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


def _row_value(conn: Any, cell: dict[str, Any], columns: dict[str, int], first: int) -> IdmValue:
    from sampingdesa.io.tabular import column_letter

    parsed: dict[str, Any] = {}
    for key in ("desa", "year", *INDICES):
        try:
            if key == "desa":
                parsed[key] = resolve_desa(conn, str(cell[key] or "").strip() or "?")
            elif key == "year":
                parsed[key] = parse_year(cell[key])
            else:
                parsed[key] = parse_index(cell[key], key)
        except (InvalidValue, NotFound, Conflict) as error:
            raise _CellError(column_letter(first + columns[key]), error.message) from None
    place = parsed["desa"]
    return IdmValue(
        place.code, place.name, parsed["year"], parsed["iks"], parsed["ike"], parsed["ikl"]
    )


def import_idm(writer: Changes, values: list[IdmValue]) -> dict[str, int]:
    counts = {"added": 0, "updated": 0}
    for value in values:
        counts[save_idm(writer, value)] += 1
    return counts
