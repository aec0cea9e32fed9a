"""Text a user or a file gives: one table of field kinds and limits, one check (pure).

`FIELD_LIMITS` is the one table every entry path reads: the CLI validators, the
questionnaire, the recipient import, the visit form, IDM and ground-check files,
`sync resolve --value` and the sync bundle validator. A field not in the table gets
`DEFAULT_LIMIT`; every limit is at most `TEXT_CEILING`, the most a bundle carries in any text
column, so whatever the tool stored it can always send, and what a bundle carries for a field
of the table is what the command line would have stored.

`Text(field, value)` is the one constructor: control characters refused in every kind (a
terminal escape, or an ESC that breaks a workbook's XML), the limit checked, whitespace
folded (`LINE`) or trimmed (`NOTE`, which keeps line feeds and tabs).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from sampingdesa.errors import InvalidValue
from sampingdesa.i18n import _
from sampingdesa.values.cells import control_characters, visible_text


class TextKind(enum.Enum):
    LINE = "line"  # one line: whitespace (line breaks included) folded to single spaces
    NOTE = "note"  # text kept as given but trimmed (a file path, a record's JSON details)
    IDENT = "ident"  # an id people copy: ASCII letters, digits and - _ . : only


@dataclass(frozen=True)
class Limit:
    kind: TextKind
    max_length: int


TEXT_CEILING = 10_000  # the most any text column of a bundle may carry
DEFAULT_LIMIT = Limit(TextKind.LINE, 1_000)

_LINE, _NOTE, _IDENT = TextKind.LINE, TextKind.NOTE, TextKind.IDENT

# field (the database column where there is one) -> kind and limit, in characters.
FIELD_LIMITS: dict[str, Limit] = {
    # people
    "name": Limit(_LINE, 200),
    "assistant": Limit(_LINE, 200),  # an assistant's name, as `init` and visits name it
    "code": Limit(_IDENT, 40),  # a programme code
    "address": Limit(_LINE, 500),
    "component": Limit(_LINE, 100),
    # free text on records
    "description": Limit(_LINE, 2_000),
    "services_needed": Limit(_LINE, 2_000),
    "referral": Limit(_LINE, 2_000),
    "referral_outcome": Limit(_LINE, 2_000),
    "close_note": Limit(_LINE, 2_000),
    "reason": Limit(_LINE, 2_000),
    "rejection_reason": Limit(_LINE, 2_000),
    "deleted_reason": Limit(_LINE, 2_000),
    "end_reason": Limit(_LINE, 2_000),
    "notes": Limit(_LINE, 2_000),
    "note": Limit(_LINE, 2_000),
    "off_target_note": Limit(_LINE, 2_000),
    "problem_note": Limit(_LINE, 2_000),
    "problem": Limit(_LINE, 2_000),  # a delivery problem's note, as its input names it
    "resolution_note": Limit(_LINE, 2_000),
    "reopen_note": Limit(_LINE, 2_000),
    "escort_facility": Limit(_LINE, 500),
    "escort_purpose": Limit(_LINE, 500),
    "escort_transport": Limit(_LINE, 500),
    "escort_result": Limit(_LINE, 500),
    "facility": Limit(_LINE, 500),  # the escort fields as a visit's input names them
    "purpose": Limit(_LINE, 500),
    "transport": Limit(_LINE, 500),
    "result": Limit(_LINE, 500),
    "details": Limit(_NOTE, 4_000),
    "path": Limit(_NOTE, 4_000),
    # report settings (`report settings`): one value column holds them all
    "office_name": Limit(_LINE, 200),
    "office_address": Limit(_LINE, 500),
    "place": Limit(_LINE, 100),
    "head_title": Limit(_LINE, 200),
    "head_name": Limit(_LINE, 200),
    "preparer_title": Limit(_LINE, 200),
    "preparer_name": Limit(_LINE, 200),
    "value": Limit(_LINE, 500),
    # ids people copy between laptops (`sync trust`)
    "laptop_id": Limit(_IDENT, 64),
    "key_id": Limit(_IDENT, 128),
}

assert all(limit.max_length <= TEXT_CEILING for limit in FIELD_LIMITS.values())


def limit_of(field: str) -> Limit:
    return FIELD_LIMITS.get(field, DEFAULT_LIMIT)


_IDENT_TEXT = re.compile(r"[A-Za-z0-9._:\-]+")


def text_problem(field: str, value: str) -> str | None:
    """Why `value` cannot be stored as `field` (a sentence), or None. The check bundles use,
    on stored text; `Text` raises the same sentence."""
    limit = FIELD_LIMITS.get(field, DEFAULT_LIMIT)
    # isprintable() first: C-fast and true for nearly every value (a control character is
    # never printable), so the pattern runs only on the rare suspicious text.
    if limit.kind is not TextKind.IDENT and len(value) <= limit.max_length and value.isprintable():
        return None
    found = control_characters(value)
    if found:
        return _(
            "{value} contains a control character ({codes}), such as a terminal escape "
            "sequence. Type it again as plain text."
        ).format(value=_short(visible_text(value)), codes=", ".join(found[:5]))
    if len(value) > limit.max_length:
        return _("{length} characters are too long for this field (at most {limit}).").format(
            length=len(value), limit=limit.max_length
        )
    if limit.kind is TextKind.IDENT and value and not _IDENT_TEXT.fullmatch(value):
        return _("{value} is not an id: use only letters, digits and the signs - _ . :").format(
            value=_short(visible_text(value))
        )
    return None


def _short(value: str) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _shape(kind: TextKind, value: str) -> str:
    if kind is TextKind.NOTE:
        return value.strip()
    if kind is TextKind.IDENT:
        return value.strip()
    return " ".join(value.split())


class Text(str):
    """Text checked for `field` (kind and limit from `FIELD_LIMITS`); `.field` names it.

    `Text("name", " Siti  Aminah ")` is `"Siti Aminah"`; an ESC, a BEL or 100,000 characters
    raise `InvalidValue(field, value, sentence)`."""

    field: str

    def __new__(cls, field: str, value: str) -> Text:
        if not isinstance(value, str):
            value = str(value)
        limit = limit_of(field)
        # control characters are checked before shaping (folding would hide a tab or a CR)
        if not value.isprintable() and control_characters(value):
            raise InvalidValue(field, visible_text(value), text_problem(field, value))
        shaped = _shape(limit.kind, value)
        problem = text_problem(field, shaped)
        if problem is not None:
            raise InvalidValue(field, _short(shaped), problem)
        made = super().__new__(cls, shaped)
        made.field = field
        return made


def clean_text(field: str, value: str | None) -> str | None:
    """`value` through `Text`, empty text as None, None as None (a field not given)."""
    if value is None:
        return None
    return str(Text(field, value)) or None
