"""Keeping spreadsheet cells from becoming formulas (pure functions)."""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_safe(value: Any) -> Any:
    """Prefix text a spreadsheet would run as a formula with `'` (OWASP CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, str) and "\r" in value:
        # A CSV writer ending lines with "\n" leaves a bare CR unquoted, and a spreadsheet
        # starts a new row there ("x\r=1" would make a cell "=1"): a line feed is quoted.
        text = value.replace("\r\n", "\n").replace("\r", "\n")
        return "'" + text if is_formula_like(value) else text
    if is_formula_like(value):
        return "'" + value
    return value


# -- control characters (terminal escapes) ------------------------------------------------
# C0 (but tab and line feed), DEL, C1, and the bidirectional overrides that can reorder text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␍ for CR ...
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def control_characters(text: str) -> list[str]:
    """The control characters in `text`, as `U+001B`."""
    return [f"U+{ord(c):04X}" for c in dict.fromkeys(_CONTROL.findall(text))]


def visible_text(value: Any) -> Any:
    """Text for a terminal: control characters shown as visible symbols (ESC as ␛), so a
    stored name cannot clear or retitle the screen. Other values pass unchanged."""
    # isprintable() first: C-fast and true for nearly every cell (a control character
    # is never printable), so the pattern runs only on the rare suspicious text.
    if isinstance(value, str) and not value.isprintable() and _CONTROL.search(value):
        return _CONTROL.sub(_picture, value)
    return value
