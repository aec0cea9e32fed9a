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
from sampingdesa.io.sheet_import import HEADER_ALIASES as HEADER_ALIASES
from sampingdesa.io.sheet_import import HEADER_SEARCH_ROWS as HEADER_SEARCH_ROWS
from sampingdesa.io.sheet_import import IGNORE as IGNORE
from sampingdesa.io.sheet_import import RECIPIENT_FIELDS, header_fields, match_header
from sampingdesa.io.sheet_import import is_numbering_row as is_numbering_row
from sampingdesa.io.sheet_import import normalise_header as normalise_header

# The heading table, the column-number row and the header wording are shared by every
# spreadsheet import (io/sheet_import.py); a recipient list reads these fields.
FIELDS = RECIPIENT_FIELDS


def field_for(header: Any, mapping: Mapping[str, str] | None = None) -> str | None:
    """The field a header cell names (`--map` first), or None."""
    return match_header(header, FIELDS, mapping)


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


def is_header_row(cells: Sequence[Any], mapping: Mapping[str, str]) -> bool:
    found = set(header_fields(cells, FIELDS, mapping).values()) - {IGNORE}
    return "nik" in found and len(found) >= 2


def _is_sub_header(cells: Sequence[Any], mapping: Mapping[str, str]) -> bool:
    """A second header row under merged cells: some recognised names and no numbers."""
    texts = [c for c in cells if c != "" and c is not None]
    if not texts or any(not isinstance(c, str) for c in texts):
        return False
    if any(c.strip().replace(" ", "").isdigit() for c in texts):
        return False
    return bool(set(header_fields(cells, FIELDS, mapping).values()) - {IGNORE})


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
