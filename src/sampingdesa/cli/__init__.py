"""`sampingdesa` command line: one Typer app per noun, joined here."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sampingdesa import __version__
from sampingdesa.cli.core import SampingGroup, state


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"sampingdesa {__version__}")
        raise typer.Exit()


def build_app() -> typer.Typer:
    from sampingdesa.cli import db_cmd, demo_cmd, init_cmd, program_cmd, recipient_cmd, wilayah_cmd

    app = typer.Typer(
        cls=SampingGroup,
        help="Register and field-visit log of the Samping Desa; monthly workbooks for Dinas Sosial.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def root(
        db: Annotated[
            Path | None,
            typer.Option(
                "--db",
                envvar="SAMPINGDESA_DB",
                help="Database file (default: sampingdesa.db in your data folder).",
                dir_okay=False,
            ),
        ] = None,
        lang: Annotated[
            str | None,
            typer.Option("--lang", envvar="SAMPINGDESA_LANG", help="Language: id (default) or en."),
        ] = None,
        version: Annotated[
            bool,
            typer.Option(
                "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
            ),
        ] = False,
    ) -> None:
        """Register and field-visit log of the Samping Desa; monthly workbooks for Dinas Sosial."""
        state.db_path = db

    init_cmd.register(app)
    demo_cmd.register(app)
    app.add_typer(wilayah_cmd.app, name="wilayah")
    app.add_typer(program_cmd.app, name="program")
    app.add_typer(recipient_cmd.app, name="recipient")
    app.add_typer(db_cmd.app, name="db")
    return app


def main() -> None:
    build_app()()
