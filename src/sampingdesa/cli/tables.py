"""Tables for an 80-column terminal: key, number and text columns, --wide, and long tables
printed as plain aligned lines as they are read."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sampingdesa.cli.output import console
from sampingdesa.cli.state import state
from sampingdesa.i18n import _
from sampingdesa.values.cells import visible_text


@dataclass(frozen=True)
class Column:
    """A table column designed for an 80-column terminal.

    kind "key": a NIK, id, date or code, never wrapped or cut; "number": right-aligned, kept
    whole; "text": wraps at spaces (names, desa, notes). `wide`: shown only with --wide."""

    header: str
    kind: str = "text"
    wide: bool = False


def key(header: str, wide: bool = False) -> Column:
    return Column(header, "key", wide)


def number(header: str, wide: bool = False) -> Column:
    return Column(header, "number", wide)


def text(header: str, wide: bool = False) -> Column:
    return Column(header, "text", wide)


def _column(header: str | Column, values: list[str]) -> Column:
    if isinstance(header, Column):
        return header
    # A plain header: single-word values (NIKs, codes, dates) stay whole; text wraps.
    single = bool(values) and all(" " not in value and len(value) <= 20 for value in values)
    return Column(header, "key" if single else "text")


def build_table(
    title: str | None,
    headers: Sequence[str | Column],
    rows: Iterable[Sequence[Any]],
    caption: str | None = None,
    wide: bool | None = None,
    width: int | None = None,
    styles: Sequence[str | None] = (),
) -> Any:
    """A Rich table fitted to `width` (the terminal's): keys and numbers keep their width,
    text columns share the rest and wrap; --wide columns are dropped unless asked for."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    wide = state.wide if wide is None else wide
    texts = [["" if value is None else visible_text(str(value)) for value in row] for row in rows]
    title = visible_text(title) if title else title
    columns = [
        _column(header, [row[index] for row in texts if index < len(row)])
        for index, header in enumerate(headers)
    ]
    shown = [index for index, column in enumerate(columns) if wide or not column.wide]
    if len(shown) < len(columns):
        hint = _("More columns: --wide")
        caption = f"{caption}. {hint}" if caption else hint
    table = Table(
        title=title, caption=caption, header_style="bold", box=box.SIMPLE_HEAD,
        show_edge=False, pad_edge=False, padding=(0, 1, 0, 0), title_justify="left",
        caption_justify="left",
    )  # fmt: skip
    cells = [[row[index] if index < len(row) else "" for index in shown] for row in texts]
    picked = [columns[index] for index in shown]
    widths = None if wide else _fit(table, picked, cells, width or console().width)
    for position, column in enumerate(picked):
        justify: Literal["left", "right"] = "right" if column.kind == "number" else "left"
        if widths is None:
            table.add_column(column.header, no_wrap=True, justify=justify)
        else:
            # A key's width holds its widest value, so only text and headers wrap.
            table.add_column(
                column.header, width=widths[position], overflow="fold", justify=justify
            )
    for position, row in enumerate(cells):
        style = styles[position] if position < len(styles) else None
        table.add_row(*(escape(value) for value in row), style=style)
    return table


def _fit(table: Any, columns: list[Column], cells: list[list[str]], width: int) -> list[int]:
    """Column widths for a terminal `width` wide: a key or number is as wide as its widest
    value (never cut); text columns share what is left, the narrowest needs first."""
    from rich.cells import cell_len

    count = len(columns)
    overhead = (count - 1) * 2  # a space of padding and a blank separator; no outer edges
    wanted: list[int] = []
    least: list[int] = []
    for position, column in enumerate(columns):
        values = [row[position] for row in cells]
        header_word = max((cell_len(word) for word in column.header.split()), default=0)
        widest = max((cell_len(value) for value in values), default=0)
        wanted.append(max(widest, header_word, 1))
        longest_word = max((cell_len(w) for value in values for w in value.split()), default=0)
        # Text may wrap at spaces, but not so narrow that every word folds.
        least.append(max(header_word, min(longest_word, 12), 1))
    flexible = [p for p, column in enumerate(columns) if column.kind == "text"]
    widths = list(wanted)
    room = width - overhead - sum(wanted[p] for p in range(count) if p not in flexible)
    if sum(wanted[p] for p in flexible) <= room:
        return widths
    left = len(flexible)
    for position in sorted(flexible, key=lambda p: wanted[p]):
        share = room // left if left else 0
        widths[position] = min(wanted[position], max(least[position], share))
        room -= widths[position]
        left -= 1
    return widths


def print_table(
    title: str | None,
    headers: Sequence[str | Column],
    rows: Iterable[Sequence[Any]],
    caption: str | Callable[[int], str] | None = None,
    styles: Sequence[str | None] = (),
) -> None:
    """A table for an 80-column terminal; with --wide every column, each on one line.

    `rows` may be a generator: a long table is printed as it comes, so a province's list
    starts at once and never sits whole in memory. `caption` may be a function of the
    number of rows (known once they are all printed)."""
    remaining = iter(rows)
    first = list(itertools.islice(remaining, LONG_TABLE + 1))
    if len(first) > LONG_TABLE:
        _print_long_table(title, headers, first, remaining, caption)
        return
    if callable(caption):
        caption = caption(len(first))
    table = build_table(title, headers, first, caption, styles=styles)
    if not state.wide:
        console().print(table)
        return
    from rich.measure import Measurement

    # As wide as the content needs: the terminal wraps the lines or a pager scrolls sideways.
    out = console()
    natural = Measurement.get(out, out.options.update(max_width=100_000), table).maximum
    saved = out.width
    out.width = max(saved, natural)
    try:
        out.print(table, crop=False)
    finally:
        out.width = saved


def render_at(width: int, renderable: Any) -> str:
    """What `renderable` looks like on a terminal `width` columns wide (for tests)."""
    import io

    from rich.console import Console

    out = Console(width=width, record=True, highlight=False, file=io.StringIO())
    out.print(renderable)
    text: str = out.export_text()
    return text


# Rich lays out a table at about a millisecond a row: past this many rows (a province's
# open findings, a regency's due list), rows are written as aligned plain lines instead.
LONG_TABLE = 300
_WIDEST = 40  # a longer value stretches its own line rather than every line


# The widths and the columns shown at 80 columns are chosen from the first rows.
_LONG_SAMPLE = 2_000


def _print_long_table(
    title: str | None,
    headers: Sequence[str | Column],
    first: list[Sequence[Any]],
    remaining: Iterator[Sequence[Any]],
    caption: str | Callable[[int], str] | None,
) -> None:
    def texts_of(row: Sequence[Any]) -> list[str]:
        return ["" if value is None else visible_text(str(value)) for value in row]

    sample = [texts_of(row) for row in first]
    sample += [texts_of(row) for row in itertools.islice(remaining, _LONG_SAMPLE - len(sample))]
    columns = [
        _column(header, [row[index] for row in sample if index < len(row)])
        for index, header in enumerate(headers)
    ]
    shown = [index for index, column in enumerate(columns) if state.wide or not column.wide]
    names = [columns[index].header for index in shown]

    def picked(row: list[str]) -> list[str]:
        return [row[index] if index < len(row) else "" for index in shown]

    texts = [picked(row) for row in sample]
    hint = _("More columns: --wide") if len(shown) < len(columns) else None
    widths = [
        min(_WIDEST, max([len(header), *(len(row[i]) for row in texts if i < len(row))]))
        for i, header in enumerate(names)
    ]

    def line(cells: Sequence[str]) -> str:
        padded = [cell.ljust(width) for cell, width in zip(cells, widths, strict=False)]
        return "  ".join(padded).rstrip()

    out = console()
    if title:
        out.print(title, style="italic", markup=False, soft_wrap=True)
    out.print(line(names), style="bold", markup=False, soft_wrap=True)
    body = [line(["-" * width for width in widths]), *(line(row) for row in texts)]
    out.file.write("\n".join(body) + "\n")
    count = len(sample)
    while chunk := list(itertools.islice(remaining, _LONG_SAMPLE)):
        out.file.write("".join(line(picked(texts_of(row))) + "\n" for row in chunk))
        count += len(chunk)
    text = caption(count) if callable(caption) else caption
    if hint:
        text = f"{text}. {hint}" if text else hint
    if text:
        out.print(text, style="dim", markup=False, soft_wrap=True)
