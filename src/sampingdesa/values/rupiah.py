"""Rupiah amounts as people read them (`Rp 150.000`)."""

from __future__ import annotations


def format_rupiah(amount: int | None) -> str:
    return "" if amount is None else "Rp " + f"{amount:,}".replace(",", ".")
