"""Finding the msgids in the source: what `pybabel extract` runs (see `babel.cfg`) and what
the catalogue test compares the .po with.

A msgid is any of:

- the first argument of `_()`, `N_()` (marks a msgid used later) or `gettext()`;
- the two first arguments of `ngettext(singular, plural, n)` (a plural entry);
- a `help=` or `short_help=` string (Typer options, arguments, commands and groups);
- the docstring of a Typer command: a function decorated with `@app.command(...)` or
  `@app.callback(...)`, or one whose parameters are declared with `typer.Option(...)` /
  `typer.Argument(...)` (attached to its group elsewhere); Typer shows it as the help;
- the label of a `Code` member (`NAME = "code", "label", (words)` in `values/codes.py`).

Never imported at run time; Babel calls `babel_extract` through the mapping in `babel.cfg`.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

SINGULAR_CALLS = {"_", "N_", "gettext"}
PLURAL_CALLS = {"ngettext"}
HELP_KEYWORDS = {"help", "short_help"}
COMMAND_DECORATORS = {"command", "callback"}
TYPER_PARAMETERS = {"Option", "Argument"}

# (line, function, message or (singular, plural))
Found = tuple[int, str, str | tuple[str, str]]


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _text(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _code_classes(tree: ast.Module) -> set[str]:
    """Names of the classes in this module that derive (here) from `Code`."""
    found = {"Code"}
    changed = True
    while changed:
        changed = False
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ClassDef)
                and node.name not in found
                and any(_name(base) in found for base in node.bases)
            ):
                found.add(node.name)
                changed = True
    found.discard("Code")
    return found


def _is_command(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A Typer command: decorated `@app.command(...)`/`@app.callback(...)`, or attached
    elsewhere (`recipient import`) but with parameters declared `typer.Option(...)` /
    `typer.Argument(...)`."""
    if any(
        isinstance(decorator, ast.Call) and _name(decorator.func) in COMMAND_DECORATORS
        for decorator in node.decorator_list
    ):
        return True
    arguments = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
    return any(
        isinstance(part, ast.Call) and _name(part.func) in TYPER_PARAMETERS
        for argument in arguments
        if argument.annotation is not None
        for part in ast.walk(argument.annotation)
    )


def extract_source(source: str) -> Iterator[Found]:
    """Every msgid in one module's source, in the order of the file."""
    yield from _extract(source)


@functools.lru_cache(maxsize=512)
def _extract(source: str) -> tuple[Found, ...]:
    # Cached by the text itself: the catalogue checks read the same modules many times.
    tree = ast.parse(source)
    code_classes = _code_classes(tree)
    found: list[Found] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            function = _name(node.func)
            if function in SINGULAR_CALLS and node.args:
                text = _text(node.args[0])
                if text is not None:
                    found.append((node.lineno, function, text))
            elif function in PLURAL_CALLS and len(node.args) >= 2:
                singular, plural = _text(node.args[0]), _text(node.args[1])
                if singular is not None and plural is not None:
                    found.append((node.lineno, function, (singular, plural)))
            for keyword in node.keywords:
                text = _text(keyword.value)
                if keyword.arg in HELP_KEYWORDS and text:
                    found.append((keyword.value.lineno, keyword.arg, text))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if _is_command(node):
                doc = ast.get_docstring(node)
                if doc:
                    found.append((node.lineno, "docstring", doc))
        elif isinstance(node, ast.ClassDef) and node.name in code_classes:
            for statement in node.body:
                if (
                    isinstance(statement, ast.Assign)
                    and isinstance(statement.value, ast.Tuple)
                    and len(statement.value.elts) >= 2
                ):
                    label = _text(statement.value.elts[1])
                    if label:
                        found.append((statement.lineno, "Code", label))
    found.sort(key=lambda item: item[0])
    return tuple(found)


def extract_tree(root: Path) -> Iterator[tuple[Path, Found]]:
    for path in sorted(root.rglob("*.py")):
        if "locale" in path.relative_to(root).parts[:1]:
            continue
        try:
            found = list(extract_source(path.read_text(encoding="utf-8")))
        except SyntaxError as error:  # e.g. merge conflict markers left in a module
            raise SyntaxError(f"{path}: {error}") from error
        for item in found:
            yield path, item


def msgids_in(root: Path) -> tuple[set[str], set[tuple[str, str]]]:
    """(singular msgids, plural pairs) used under `root` (the package folder)."""
    singular: set[str] = set()
    plural: set[tuple[str, str]] = set()
    for _path, (_line, _function, message) in extract_tree(root):
        if isinstance(message, tuple):
            plural.add(message)
        else:
            singular.add(message)
    return singular, plural


def is_used(entry: Any, singular: set[str], plural: set[tuple[str, str]]) -> bool:
    """Whether a catalogue entry is used: a plural entry by an `ngettext` call with both
    forms, a singular one when extracted (a msgid chosen at run time is marked `N_()` where
    it is defined)."""
    if entry.msgid_plural is not None:
        return (entry.msgid, entry.msgid_plural) in plural
    return entry.msgid in singular


def babel_extract(
    fileobj: Any, keywords: Iterable[str], comment_tags: Iterable[str], options: dict[str, Any]
) -> Iterator[tuple[int, str | None, Any, list[str]]]:
    """Babel extraction method (`[sampingdesa.locale.extract:babel_extract: src/**.py]`)."""
    source = fileobj.read()
    if isinstance(source, bytes):
        source = source.decode(options.get("encoding", "utf-8"))
    known = set(keywords)
    for line, function, message in extract_source(source):
        # Babel reads the arguments of a keyword function; None: the message as it is.
        yield line, (function if function in known else None), message, []
