"""File arguments: wildcard patterns the shell left alone (Windows `cmd` never expands them)."""

from __future__ import annotations

import glob
from collections.abc import Sequence
from pathlib import Path

from sampingdesa.errors import SampingError
from sampingdesa.i18n import _

_WILDCARDS = ("*", "?", "[")


def _is_pattern(path: Path) -> bool:
    return any(mark in str(path) for mark in _WILDCARDS) and not path.exists()


def _matches(path: Path) -> list[Path]:
    found = sorted(Path(p) for p in glob.glob(str(path)) if Path(p).is_file())
    if not found:
        raise SampingError(
            _("No file matches {pattern}.").format(pattern=path),
            details=[_("Check the folder and the name, or give the files one by one.")],
        )
    return found


def expand_patterns(paths: Sequence[Path]) -> list[Path]:
    """Each argument as given, or the files its pattern matches (sorted by name) when it is a
    pattern (`bundel-*.zip`) the shell did not expand; a pattern matching nothing is an error."""
    expanded: list[Path] = []
    for path in paths:
        expanded.extend(_matches(path) if _is_pattern(path) else [path])
    return list(dict.fromkeys(expanded))


def expand_one(path: Path) -> Path:
    """A single file argument: a pattern must match exactly one file."""
    if not _is_pattern(path):
        return path
    found = _matches(path)
    if len(found) > 1:
        raise SampingError(
            _("{pattern} matches {count} files; this command reads one.").format(
                pattern=path, count=len(found)
            ),
            details=[str(p) for p in found[:10]],
        )
    return found[0]
