"""Indonesian catalogues, one module per area so that work on one area does not clash
with another. Keys are the English msgids used in the code."""

from __future__ import annotations

import importlib
import pkgutil


def load_indonesian() -> dict[str, str]:
    merged: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda module: module.name):
        if info.name.startswith("id_"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            merged.update(module.MESSAGES)
    return merged
