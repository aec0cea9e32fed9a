"""The run's global options (`--db`, `--wide`, `--quiet`), the arguments of the running
command and its root group, set by the root callback and read by the CLI modules."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any


class State:
    db_path: Path | None = None
    wide: bool = False
    args: Sequence[str] = ()
    quiet: bool = False  # only errors (cli/output.py decides what that silences)
    root: Any = None  # the root group that runs (set by `SampingGroup.main`)


state = State()
