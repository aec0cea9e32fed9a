"""Rupiah amounts as people read them (`Rp 150.000`): `values.money.format_rupiah`, the one
definition, re-exported here for the callers that import it from this module."""

from __future__ import annotations

from sampingdesa.values.money import format_rupiah as format_rupiah

__all__ = ["format_rupiah"]
