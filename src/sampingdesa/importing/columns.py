"""Recognising the header row of a recipient list (pure functions).

Office lists put titles, blank rows and sometimes a two-row header (a merged "Alamat" above
"RT" and "RW") before the data; header names vary between systems and typists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sampingdesa.errors import InvalidValue
from sampingdesa.i18n import _
from sampingdesa.io.tabular import normalise_header as normalise_header

IGNORE = "ignore"
FIELDS = (
    "nik",
    "no_kk",
    "name",
    "sex",
    "birth_date",
    "birth_place_date",
    "address",
    "rt",
    "rw",
    "rt_rw",
    "desa",
    "kecamatan",
    "program",
    "component",
    "phone",
    "desil",
    IGNORE,
)
HEADER_SEARCH_ROWS = 30

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "nik": (
        "nik", "no nik", "nomor nik", "nik ktp", "no ktp", "nomor ktp", "no induk kependudukan",
        "nomor induk kependudukan", "nik penerima", "nik kpm", "nik anggota", "id number",
        "national id",
    ),
    "no_kk": (
        "no kk", "nkk", "nomor kk", "nomor kartu keluarga", "no kartu keluarga", "kk",
        "no kk kpm", "family card", "family card number",
    ),
    "name": (
        "nama", "nama kpm", "nama penerima", "nama lengkap", "nama penerima manfaat",
        "nama pengurus", "nama anggota", "name", "full name", "recipient",
    ),
    "sex": ("jenis kelamin", "jk", "l/p", "kelamin", "jns kelamin", "sex", "gender"),
    "birth_date": (
        "tgl lahir", "tanggal lahir", "tgl lhr", "birth date", "date of birth", "dob",
    ),
    "birth_place_date": (
        "tempat/tgl lahir", "tempat/tanggal lahir", "tempat tgl lahir", "tempat tanggal lahir",
        "ttl", "tempat, tgl lahir", "tempat, tanggal lahir",
    ),
    "address": ("alamat", "alamat lengkap", "alamat rumah", "jalan", "address", "street"),
    "rt": ("rt",),
    "rw": ("rw",),
    "rt_rw": ("rt/rw", "rt rw"),
    "desa": (
        "desa", "kelurahan", "desa/kel", "desa/kelurahan", "kel/desa", "kelurahan/desa",
        "nama desa", "kode desa", "desa kelurahan", "village",
    ),
    "kecamatan": ("kecamatan", "kec", "nama kecamatan", "district", "subdistrict"),
    "program": (
        "program", "jenis bantuan", "bantuan", "program bantuan", "nama program", "programme",
        "programs",
    ),
    "component": ("komponen", "komponen bantuan", "kategori", "component"),
    "phone": (
        "no hp", "nomor hp", "hp", "no handphone", "no telp", "no telepon", "nomor telepon",
        "telepon", "no wa", "phone", "phone number",
    ),
    "desil": (
        "desil", "desil dtsen", "peringkat desil", "desil kesejahteraan", "decile",
        "welfare decile",
    ),
    IGNORE: ("no", "no urut", "nomor urut", "#", "masalah", "problem"),
}  # fmt: skip


def _build_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for name, synonyms in _SYNONYMS.items():
        for synonym in synonyms:
            lookup[synonym] = name
            lookup[synonym.replace(" ", "")] = name
    return lookup


_LOOKUP = _build_lookup()


def field_for(header: Any, mapping: Mapping[str, str] | None = None) -> str | None:
    """The field a header cell names (`--map` first), or None."""
    key = normalise_header(header)
    if not key:
        return None
    if mapping and key in mapping:
        return mapping[key]
    return _LOOKUP.get(key) or _LOOKUP.get(key.replace(" ", ""))


def parse_mapping(items: Sequence[str]) -> dict[str, str]:
    """`--map "Nama Ibu Kandung=ignore"` -> {"nama ibu kandung": "ignore"}."""
    mapping: dict[str, str] = {}
    for item in items:
        header, sep, name = item.rpartition("=")
        name = name.strip().lower().replace("-", "_")
        if not sep or not header.strip():
            raise InvalidValue(
                "map",
                item,
                _('A column mapping is written HEADER=field, e.g. "No KTP=nik"; got {item!r}.')
                .format(item=item),
            )  # fmt: skip
        if name not in FIELDS:
            raise InvalidValue(
                "map",
                name,
                _("Unknown field {name!r} in the column mapping. Fields: {fields}.").format(
                    name=name, fields=", ".join(FIELDS)
                ),
            )
        mapping[normalise_header(header)] = name
    return mapping


@dataclass
class Header:
    """Where the header is and what each column holds."""

    row_number: int  # the last header row (data starts below it)
    fields: dict[int, str]  # column index -> field
    labels: dict[int, str]  # column index -> header text as written
    unknown: list[str] = field(default_factory=list)
    width: int = 0  # columns up to the last header cell

    def column_of(self, name: str) -> int | None:
        for index, field_name in self.fields.items():
            if field_name == name:
                return index
        return None


def _cells_fields(cells: Sequence[Any], mapping: Mapping[str, str]) -> dict[int, str]:
    found: dict[int, str] = {}
    for index, cell in enumerate(cells):
        if isinstance(cell, str) and cell.strip():
            name = field_for(cell, mapping)
            if name is not None:
                found[index] = name
    return found


def is_header_row(cells: Sequence[Any], mapping: Mapping[str, str]) -> bool:
    found = set(_cells_fields(cells, mapping).values()) - {IGNORE}
    return "nik" in found and len(found) >= 2


def _is_sub_header(cells: Sequence[Any], mapping: Mapping[str, str]) -> bool:
    """A second header row under merged cells: some recognised names and no numbers."""
    texts = [c for c in cells if c != "" and c is not None]
    if not texts or any(not isinstance(c, str) for c in texts):
        return False
    if any(c.strip().replace(" ", "").isdigit() for c in texts):
        return False
    return bool(set(_cells_fields(cells, mapping).values()) - {IGNORE})


def build_header(
    row_number: int,
    top: Sequence[Any],
    sub: Sequence[Any] | None,
    mapping: Mapping[str, str],
) -> Header:
    """Combine one or two header rows: a sub-header cell wins over the merged cell above it."""
    width = max(len(top), len(sub or ()))
    fields: dict[int, str] = {}
    labels: dict[int, str] = {}
    unknown: list[str] = []
    last_label = ""
    for index in range(width):
        upper = top[index] if index < len(top) else ""
        lower = sub[index] if sub is not None and index < len(sub) else ""
        upper_text = " ".join(str(upper).split()) if upper not in ("", None) else ""
        lower_text = " ".join(str(lower).split()) if lower not in ("", None) else ""
        if upper_text:
            last_label = upper_text
        candidates = [lower_text, upper_text] if lower_text else [upper_text]
        if lower_text and not upper_text and last_label:
            candidates.append(last_label)  # under a merged cell that started further left
        chosen = next((t for t in candidates if t and field_for(t, mapping)), None)
        label = lower_text or upper_text
        if not label:
            continue
        labels[index] = label
        if chosen is None:
            unknown.append(label)
            continue
        name = field_for(chosen, mapping)
        assert name is not None
        if name == IGNORE:
            continue
        if name in fields.values():
            unknown.append(label)  # a second NIK column etc.: report, do not guess
            continue
        fields[index] = name
    used = [i for i in labels]
    return Header(row_number, fields, labels, unknown, (max(used) + 1) if used else 0)


def find_header(
    rows: Sequence[tuple[int, Sequence[Any]]], mapping: Mapping[str, str]
) -> tuple[Header, int] | None:
    """The header among the first rows; returns it and how many of `rows` it used."""
    for position, (number, cells) in enumerate(rows):
        if not is_header_row(cells, mapping):
            continue
        sub = None
        used = position + 1
        if used < len(rows) and _is_sub_header(rows[used][1], mapping):
            sub = rows[used][1]
            number = rows[used][0]
            used += 1
        return build_header(number, cells, sub, mapping), used
    return None


def check_mapping_used(header: Header, mapping: Mapping[str, str]) -> None:
    """A `--map` header that is not in the file is a typo the user wants to hear about."""
    present = {normalise_header(label) for label in header.labels.values()}
    missing = [key for key in mapping if key not in present]
    if missing:
        raise InvalidValue(
            "map",
            ", ".join(missing),
            _(
                "The column mapping names a column the file does not have: {missing}. Its "
                "columns: {columns}."
            ).format(missing=", ".join(missing), columns=", ".join(header.labels.values())),
        )


def is_numbering_row(cells: Sequence[Any]) -> bool:
    """The `1 2 3 4 ...` row some offices put under the header."""
    values = [c for c in cells if c != "" and c is not None]
    if len(values) < 3:
        return False
    numbers: list[int] = []
    for value in values:
        text = str(value).strip()
        if text.endswith(".0"):
            text = text[:-2]
        if not text.isdigit():
            return False
        numbers.append(int(text))
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))
