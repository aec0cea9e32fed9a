"""Help pages that read whole at 80 columns.

Typer lays an option out in five columns (names, short names, negative names, type, help):
long names and metavars leave the description a 16-character strip, and a cell too narrow
for an example cuts it with "…". Here each option is two columns: its names, the negative
form and the value it takes stacked on lines of their own on the left, the description on
the right, wrapped at spaces and never cut.
"""

from __future__ import annotations

from typing import Any

# The names column is at most this wide; a longer name or metavar moves the description
# below it rather than squeezing it.
_NAMES_WIDTH = 30


def install(rich_utils: Any) -> None:
    """Replace Typer's options panel (`typer.rich_utils._print_options_panel`)."""
    if getattr(rich_utils, "_sampingdesa_help_layout", False):
        return
    rich_utils._sampingdesa_help_layout = True

    def print_options_panel(
        *, name: str, params: list[Any], ctx: Any, markup_mode: Any, console: Any
    ) -> None:
        _print_panel(rich_utils, name, params, ctx, markup_mode, console)

    rich_utils._print_options_panel = print_options_panel


def _value_name(rich_utils: Any, param: Any, ctx: Any) -> str:
    """What the option takes (PROGRAM:PERIOD:STATUS[:AMOUNT], CHANGE); nothing for a flag
    or a plain text (`<str>` tells a user nothing)."""
    if isinstance(param, rich_utils.TyperArgument):
        shown = param.type.get_metavar(param=param, ctx=ctx) or ""
    else:
        shown = param.make_metavar(ctx=ctx)
    if "bool" in shown.lower() or (shown.startswith("<") and shown.endswith(">")):
        return ""
    return str(shown)


def _print_panel(
    rich_utils: Any, name: str, params: list[Any], ctx: Any, markup_mode: Any, console: Any
) -> None:
    from rich.cells import cell_len
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    if not params:
        return
    rows: list[tuple[Text, Text, Any]] = []
    for param in params:
        names = Text(overflow="fold")
        if isinstance(param, rich_utils.TyperArgument):
            names.append(param.metavar or param.name or "", style=rich_utils.STYLE_OPTION)
        else:
            longs = [opt for opt in param.opts if opt.startswith("--")]
            shorts = [opt for opt in param.opts if not opt.startswith("--")]
            names.append(", ".join([*longs, *shorts]), style=rich_utils.STYLE_OPTION)
            if param.secondary_opts:
                names.append("\n" + ", ".join(param.secondary_opts),
                             style=rich_utils.STYLE_NEGATIVE_OPTION)  # fmt: skip
        value = _value_name(rich_utils, param, ctx)
        if value:
            last = names.plain.splitlines()[-1] if names.plain else ""
            joint = " " if cell_len(last) + 1 + cell_len(value) <= _NAMES_WIDTH else "\n"
            names.append(joint + value, style=rich_utils.STYLE_TYPES)
        required = Text(rich_utils.REQUIRED_SHORT_STRING if param.required else "",
                        style=rich_utils.STYLE_REQUIRED_SHORT)  # fmt: skip
        help_text = rich_utils._get_parameter_help(param=param, ctx=ctx, markup_mode=markup_mode)
        rows.append((required, names, help_text))
    widest = max(cell_len(line) for _r, names, _h in rows for line in names.plain.splitlines())
    table = Table(show_header=False, expand=True, box=None, pad_edge=False, padding=(0, 1))
    if any(required.plain for required, _n, _h in rows):
        table.add_column(no_wrap=True, width=1)
    table.add_column(no_wrap=True, width=min(widest, _NAMES_WIDTH), overflow="fold")
    table.add_column(ratio=1, overflow="fold")
    with_required = len(table.columns) == 3
    for required, names, help_text in rows:
        table.add_row(*([required] if with_required else []), names, help_text)
    console.print(
        Panel(table, border_style=rich_utils.STYLE_OPTIONS_PANEL_BORDER, title=name,
              title_align=rich_utils.ALIGN_OPTIONS_PANEL)
    )  # fmt: skip
