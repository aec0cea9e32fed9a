"""The shipped Kemendagri region codes, as data (pure): every code in Indonesia and its
name, read once on first use. `places.regions` matches names against them; the value types
(`values.person.Nik`, `NoKk`) check that a number's first six digits are a kecamatan."""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources


@cache
def national() -> dict[str, str]:
    """Every code in Indonesia -> its name; read once, on first use (about 90,000 rows)."""
    data = resources.files("sampingdesa").joinpath("data/wilayah.tsv.gz").read_bytes()
    text = gzip.decompress(data).decode("utf-8")
    return dict(line.split("\t", 1) for line in text.splitlines())


@cache
def regencies() -> tuple[tuple[str, str], ...]:
    """Every kabupaten and kota: (code, name)."""
    return tuple((code, name) for code, name in national().items() if code.count(".") == 1)


@cache
def sorted_codes() -> list[str]:
    """Every code in sort order, so the codes under one region are a contiguous range."""
    return sorted(national())


@cache
def _kecamatan_codes() -> frozenset[str]:
    return frozenset(code for code in national() if code.count(".") == 2)


def kecamatan_exists(code: str) -> bool:
    """True for a kecamatan code of the shipped list (`63.06.05`)."""
    return code in _kecamatan_codes()
