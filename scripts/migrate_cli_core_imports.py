"""One-off (issue 22): rewrite imports of `sampingdesa.cli.core` to the modules it was split
into, in the files named (default: src/sampingdesa/cli and tests). Run `ruff check --fix`
and `ruff format` afterwards to sort the imports. Delete this script, and the re-exports in
cli/core.py, once no branch imports `cli.core` any more.

    python scripts/migrate_cli_core_imports.py [FILE_OR_FOLDER ...]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HOME = {
    "translation": "Command Context translate_click_message install_framework_translation "
    "iter_commands help_msgids translate_tree _CLICK_MESSAGES",
    "root": "GLOBAL_OPTIONS GLOBAL_FLAGS DEBUG_ENV hoist_global_options SampingGroup FIELD_FLAGS "
    "flag_for command_flags fail",
    "output": "console err_console say warn fit_streams_to_console emit_json emit_json_list "
    "emit_csv _consoles",
    "tables": "Column key number text build_table print_table render_at LONG_TABLE _LONG_SAMPLE",
    "prompts": "interactive ask confirm",
    "state": "State state",
    "database": "open_database warn_if_synced",
}
MODULE_OF = {name: module for module, names in HOME.items() for name in names.split()}

FROM_CORE = re.compile(
    r"^(?P<indent>[ \t]*)from sampingdesa\.cli\.core import "
    r"(?:\((?P<many>[^)]*)\)|(?P<one>[^\n]*?))(?P<comment>[ \t]*#[^\n]*)?$",
    re.M,
)
CORE_MODULE = re.compile(r"^(?P<indent>[ \t]*)from sampingdesa\.cli import core\b[^\n]*$", re.M)
CORE_ATTRIBUTE = re.compile(r"\bcore\.(?P<name>[A-Za-z_]\w*)")
SETATTR_CORE = re.compile(r"setattr\(core, \"(?P<name>[A-Za-z_]\w*)\"")
PATCH_PATH = re.compile(r"sampingdesa\.cli\.core\.(?P<name>[A-Za-z_]\w*)")


def _split_from_core(match: re.Match[str]) -> str:
    indent = match["indent"]
    names = (match["many"] or match["one"] or "").replace("\n", " ").split(",")
    by_module: dict[str, list[str]] = {}
    for item in (n.strip() for n in names):
        if not item:
            continue
        original = item.split(" as ")[0].strip()
        module = MODULE_OF.get(original)
        if module is None:
            raise SystemExit(f"unknown name in cli.core import: {original}")
        by_module.setdefault(module, []).append(item)
    return "\n".join(
        f"{indent}from sampingdesa.cli.{module} import {', '.join(items)}"
        for module, items in sorted(by_module.items())
    )


def rewrite(text: str) -> str:
    text = FROM_CORE.sub(_split_from_core, text)
    text = PATCH_PATH.sub(lambda m: f"sampingdesa.cli.{MODULE_OF[m['name']]}.{m['name']}", text)
    module_import = CORE_MODULE.search(text)
    if module_import:
        used = {MODULE_OF[m["name"]] for m in CORE_ATTRIBUTE.finditer(text)}
        used |= {MODULE_OF[m["name"]] for m in SETATTR_CORE.finditer(text)}
        text = SETATTR_CORE.sub(lambda m: f'setattr({MODULE_OF[m["name"]]}, "{m["name"]}"', text)
        text = CORE_ATTRIBUTE.sub(lambda m: f"{MODULE_OF[m['name']]}.{m['name']}", text)
        indent = module_import["indent"]
        replacement = (
            f"{indent}from sampingdesa.cli import {', '.join(sorted(used))}" if used else ""
        )
        text = CORE_MODULE.sub(replacement, text, count=1)
    return text


def main(paths: list[str]) -> None:
    files: list[Path] = []
    for given in paths or ["src/sampingdesa/cli", "tests"]:
        path = Path(given)
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    for file in files:
        if file.name == "core.py" and file.parent.name == "cli":
            continue
        text = file.read_text(encoding="utf-8")
        new = rewrite(text)
        if new != text:
            file.write_text(new, encoding="utf-8")
            print(f"rewrote {file}")


if __name__ == "__main__":
    main(sys.argv[1:])
