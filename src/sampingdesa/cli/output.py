"""What commands print: one-line reports and warnings (control characters shown visibly),
JSON and CSV on stdout, and the two Rich consoles they go through.

`--quiet` is decided here, once: it means only errors. Reports of what a command did, its
closing line, warnings and advice (`say`, `say_command`, `warn`) print nothing with
`--quiet`; what the user asked to see prints anyway: JSON and CSV, tables, the data of a
show or status command, a question put to them, and the problems behind a refusal (pass
`asked=True`). Errors (`cli.root.fail`) always print."""

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


def silenced(asked: bool = False) -> bool:
    """True when a line should not print: `--quiet`, and the user did not ask for it."""
    from sampingdesa.cli.state import state

    return state.quiet and not asked


def say(message: str, style: str | None = None, *, asked: bool = False) -> None:
    """A one-line report of what a command did (nothing with --quiet unless `asked`)."""
    from rich.markup import escape

    if not silenced(asked):
        console().print(escape(visible_text(message)), style=style)


def say_command(line: str, style: str | None = None, *, asked: bool = False) -> None:
    """A command meant to be copied: one line, never wrapped, whatever the width (a key cut
    in two by a wrap is refused when pasted). Nothing with --quiet unless `asked`."""
    if not silenced(asked):
        console().print(
            visible_text(line), markup=False, soft_wrap=True, highlight=False, style=style
        )


def warn(message: str, *, asked: bool = False) -> None:
    """A warning on stderr (nothing with --quiet unless `asked`: a re-asked question, a
    warning that is part of a record the user asked to see)."""
    from rich.markup import escape

    if not silenced(asked):
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


def emit_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]], sep: str = ",") -> None:
    """CSV on stdout, separated by `sep` (`,`, `;` or `tab`); no cell becomes a formula."""
    from sampingdesa.reports.register_export import parse_separator

    delimiter = parse_separator(sep)
    stream: Any = sys.stdout
    size = _stdout_file_size()
    if size is not None:
        # Redirected to a file: UTF-8 whatever the console's code page, with the BOM Excel
        # needs to read Indonesian names as UTF-8 (only at the start of the file).
        stream.flush()
        encoding = "utf-8-sig" if size == 0 else "utf-8"
        stream = io.TextIOWrapper(stream.buffer, encoding=encoding, newline="")
    writer = csv.writer(
        stream, delimiter=delimiter, lineterminator="\n" if stream is sys.stdout else "\r\n"
    )
    writer.writerow(headers)
    for row in rows:
        writer.writerow([visible_text(csv_safe(value)) for value in row])
    if stream is not sys.stdout:
        stream.flush()
        stream.detach()
