"""Build hook: compile the gettext catalogues (`locale/*/LC_MESSAGES/*.po`) to `.mo` files
and put them in the wheel. Pure Python (sampingdesa.locale.catalog, loaded by path), no
network, no gettext tools. The .mo files are not in git (.gitignore)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGE = Path(__file__).resolve().parent / "src" / "sampingdesa"


def _module(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def compile_catalogues() -> list[Path]:
    """Write each .po's .mo beside it (with the digest the loader checks); the .mo paths."""
    catalog = _module("_sampingdesa_catalog", PACKAGE / "locale" / "catalog.py")
    i18n = _module("_sampingdesa_i18n", PACKAGE / "i18n.py")
    written = []
    for po in sorted((PACKAGE / "locale").glob("*/LC_MESSAGES/*.po")):
        source = po.read_bytes()
        entries = catalog.parse_po(source.decode("utf-8"))
        mo = po.with_suffix(".mo")
        mo.write_bytes(catalog.compile_mo(entries, i18n.source_digest(source)))
        written.append(mo)
    return written


class CustomBuildHook(BuildHookInterface):  # type: ignore[misc]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        written = compile_catalogues()
        if version == "editable":
            return  # the package is the source folder, where the .mo files now are
        for mo in written:
            build_data["force_include"][str(mo)] = str(mo.relative_to(PACKAGE.parent))
