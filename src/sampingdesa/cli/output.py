"""What commands print: one-line reports and warnings (control characters shown visibly),
JSON and CSV on stdout, and the two Rich consoles they go through."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from sampingdesa.i18n import _
from sampingdesa.values.cells import csv_safe, visible_text

_consoles: dict[str, Any] = {}


def console() -> Any:
    if "out" not in _consoles:
        from rich.console import Console

        _consoles["out"] = Console(highlight=False)
    return _consoles["out"]


def err_console() -> Any:
    if "err" not in _consoles:
        from rich.console import Console

        _consoles["err"] = Console(stderr=True, highlight=False)
    return _consoles["err"]


def say(message: str, style: str | None = None) -> None:
    """A one-line report of what a command did."""
    from rich.markup import escape

    console().print(escape(visible_text(message)), style=style)


def warn(message: str) -> None:
    from rich.markup import escape

    err_console().print(f"[yellow]{escape(_('Warning:'))} {escape(visible_text(message))}[/]")


def _unicode_stream(stream: Any) -> bool:
    return str(getattr(stream, "encoding", "") or "").lower().replace("_", "-").startswith("utf")


def fit_streams_to_console() -> None:
    """A legacy Windows console (cp1252, cp437) cannot show every name: print `?` for what it
    cannot show instead of failing with UnicodeEncodeError (Rich draws ASCII borders there)."""
    for stream in (sys.stdout, sys.stderr):
        if not _unicode_stream(stream) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def emit_json(value: Any) -> None:
    # \u escapes where the console cannot encode a name: still the same JSON, nothing lost.
    ascii_only = not _unicode_stream(sys.stdout)
    sys.stdout.write(json.dumps(value, ensure_ascii=ascii_only, indent=2, default=str) + "\n")


def emit_json_list(items: Iterable[Any]) -> None:
    """A JSON array written item by item (the same text as `emit_json(list(items))`), so a
    province's list never sits whole in memory as records and as one string."""
    ascii_only = not _unicode_stream(sys.stdout)
    opened = False
    for item in items:
        text = json.dumps(item, ensure_ascii=ascii_only, indent=2, default=str)
        sys.stdout.write(("[\n" if not opened else ",\n") + "  " + text.replace("\n", "\n  "))
        opened = True
    sys.stdout.write("\n]\n" if opened else "[]\n")


def _stdout_file_size() -> int | None:
    """The size of the file stdout is redirected to (`> list.csv`), else None."""
    try:
        info = os.fstat(sys.stdout.fileno())
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def emit_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    stream: Any = sys.stdout
    size = _stdout_file_size()
    if size is not None:
        # Redirected to a file: UTF-8 whatever the console's code page, with the BOM Excel
        # needs to read Indonesian names as UTF-8 (only at the start of the file).
        stream.flush()
        encoding = "utf-8-sig" if size == 0 else "utf-8"
        stream = io.TextIOWrapper(stream.buffer, encoding=encoding, newline="")
    writer = csv.writer(stream, lineterminator="\n" if stream is sys.stdout else "\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([visible_text(csv_safe(value)) for value in row])
    if stream is not sys.stdout:
        stream.flush()
        stream.detach()
