"""Merge the old Python catalogues (`src/sampingdesa/locale/id_*.py`, `MESSAGES` dicts)
into the gettext catalogue `src/sampingdesa/locale/id/LC_MESSAGES/sampingdesa.po`.

Re-runnable: entries already in the .po are kept as they are; an entry whose msgid and
translation are already there is skipped; one whose msgid is there with another translation
is reported (the .po keeps its own) and makes the script exit 1, unless `--prefer-modules`
(a branch that changed a translation in an old module: its text wins). A singular entry whose msgid
the code uses as one form of `ngettext(singular, plural, n)` becomes that plural entry
(Indonesian has one form). With `--prune`, entries the code no longer uses are dropped; with
`--delete`, the merged `id_*.py` modules are removed.

    python scripts/locale_to_po.py            # merge id_*.py into the .po, report
    python scripts/locale_to_po.py --prefer-modules --prune --delete
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "sampingdesa"
LOCALE = PACKAGE / "locale"
PO = LOCALE / "id" / "LC_MESSAGES" / "sampingdesa.po"
sys.path.insert(0, str(ROOT / "src"))

from sampingdesa.locale.catalog import Entry, format_po, parse_po  # noqa: E402
from sampingdesa.locale.extract import is_used, msgids_in  # noqa: E402

HEADER = (
    "Project-Id-Version: sampingdesa\n"
    "Language: id\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=1; plural=0;\n"
)
HEADER_COMMENTS = [
    "# Indonesian catalogue of sampingdesa. msgids are the English strings in the code.",
    "# Compiled to sampingdesa.mo at build time (hatch_build.py), or on first use in a",
    "# source checkout. Recipe: docs/architecture.md, 'Add or change a translation'.",
]


def module_messages(path: Path) -> list[tuple[str, str, int]]:
    """(msgid, translation, line) of a module's `MESSAGES` dict literal and of its
    `MESSAGES.update({...})` calls, duplicates kept."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    dicts: list[ast.Dict] = []
    for node in tree.body:
        target = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        value = getattr(node, "value", None)
        if isinstance(target, ast.Name) and target.id == "MESSAGES" and isinstance(value, ast.Dict):
            dicts.append(value)
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Attribute)
            and node.value.func.attr == "update"
            and isinstance(node.value.func.value, ast.Name)
            and node.value.func.value.id == "MESSAGES"
        ):
            dicts.extend(arg for arg in node.value.args if isinstance(arg, ast.Dict))
    if not dicts:
        raise SystemExit(f"{path}: no MESSAGES dict")
    found = []
    for value in dicts:
        for key, item in zip(value.keys, value.values, strict=True):
            if key is None:
                raise SystemExit(f"{path}: '**' in MESSAGES is not supported")
            found.append((ast.literal_eval(key), ast.literal_eval(item), key.lineno))
    return found


def translation_of(entry: Entry) -> str:
    return entry.msgstr if entry.msgid_plural is None else entry.plural_msgstrs[0]


def load_po(path: Path) -> list[Entry]:
    if not path.exists():
        return [Entry(msgid="", msgstr=HEADER, comments=list(HEADER_COMMENTS))]
    return parse_po(path.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--po", type=Path, default=PO)
    parser.add_argument("--modules", type=Path, default=LOCALE, help="folder of the id_*.py")
    parser.add_argument("--prune", action="store_true", help="drop entries the code no longer uses")
    parser.add_argument("--delete", action="store_true", help="remove the merged id_*.py modules")
    parser.add_argument(
        "--prefer-modules",
        action="store_true",
        help="a module's translation replaces the .po's (the last module wins, as id_*.py did)",
    )
    args = parser.parse_args(argv)

    entries = load_po(args.po)
    by_msgid = {entry.msgid: entry for entry in entries}
    conflicts = 0
    added = skipped = updated = 0
    modules = sorted(args.modules.glob("id_*.py"))
    for module in modules:
        for msgid, text, line in module_messages(module):
            where = f"{module.name}:{line}"
            # a msgid the .po already has as the plural form of an ngettext entry counts too
            known = by_msgid.get(msgid) or next(
                (e for e in entries if e.msgid_plural == msgid), None
            )
            if known is None:
                entry = Entry(msgid=msgid, msgstr=text)
                entries.append(entry)
                by_msgid[msgid] = entry
                added += 1
            elif translation_of(known) == text:
                skipped += 1
            elif args.prefer_modules:
                print(f"updated: {where}: {msgid!r}")
                print(f"  was: {translation_of(known)!r}\n  now: {text!r}")
                if known.msgid_plural is None:
                    known.msgstr = text
                else:
                    known.plural_msgstrs = [text]
                updated += 1
            else:
                conflicts += 1
                print(f"conflict: {where}: {msgid!r}")
                print(f"  .po keeps: {translation_of(known)!r}\n  ignored:  {text!r}")

    singular, plural = msgids_in(PACKAGE)
    for one, many in sorted(plural):
        entry = by_msgid.get(one)
        if entry is not None and entry.msgid_plural == many:
            continue
        source = entry or by_msgid.get(many)
        if source is None:
            continue
        translation = translation_of(source)
        plural_entry = Entry(msgid=one, msgid_plural=many, plural_msgstrs=[translation])
        entries[entries.index(source)] = plural_entry
        if entry is not None and entry is not source:
            entries.remove(entry)
        if source.msgid == many and many not in singular:
            del by_msgid[many]
        by_msgid[one] = plural_entry
        print(f"plural: {one!r} / {many!r}")

    used = singular | {one for one, _many in plural}
    unused = [e for e in entries if e.msgid and not is_used(e, singular, plural)]
    if args.prune:
        entries = [e for e in entries if e not in unused]
    missing = sorted(used - set(by_msgid))
    args.po.parent.mkdir(parents=True, exist_ok=True)
    args.po.write_text(format_po(entries), encoding="utf-8")
    print(
        f"{args.po.name}: {len(entries) - 1} entries; {added} added, "
        f"{skipped} already there, {updated} updated, {conflicts} conflicts, "
        f"{len(unused)} unused{' (dropped)' if args.prune else ''}, {len(missing)} missing"
    )
    for msgid in missing:
        print(f"missing: {msgid!r}")
    if not args.prune:
        for entry in unused:
            print(f"unused: {entry.msgid!r}")
    if args.delete:
        for module in modules:
            module.unlink()
            print(f"deleted {module.name}")
    return 1 if conflicts else 0


if __name__ == "__main__":
    raise SystemExit(main())
