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
    if is_formula_like(value):
        return "'" + value
    return value
