"""Keeping spreadsheet cells from becoming formulas (pure functions)."""

from __future__ import annotations

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
