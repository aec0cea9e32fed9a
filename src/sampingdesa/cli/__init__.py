"""`sampingdesa` command line: one Typer app per noun, joined here."""

from pathlib import Path
from typing import Annotated

import typer

from sampingdesa.cli.root import SampingGroup, pending_commands
from sampingdesa.cli.state import state
from sampingdesa.version import __version__


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"sampingdesa {__version__}")
        raise typer.Exit()


# Each noun's commands live in a module with a module-level `app`; the root group imports
# only the one that runs (see SampingGroup.get_command).
NOUNS = {
    "wilayah": "sampingdesa.cli.wilayah_cmd",
    "program": "sampingdesa.cli.program_cmd",
    "recipient": "sampingdesa.cli.recipient_cmd",
    "db": "sampingdesa.cli.db_cmd",
    "visit": "sampingdesa.cli.visit_cmd",
    "finding": "sampingdesa.cli.finding_cmd",
    "report": "sampingdesa.cli.report_cmd",
    "sync": "sampingdesa.cli.sync_cmd",
    "pendataan": "sampingdesa.cli.pendataan_cmd",
    "usulan": "sampingdesa.cli.usulan_cmd",
}
SampingGroup.lazy_nouns = NOUNS
# Commands and groups of a noun that live in a module of their own ("module:attribute").
NOUN_PARTS = {
    "recipient": {"import": "sampingdesa.cli.recipient_import_cmd:import_recipients"},
    "wilayah": {"idm": "sampingdesa.cli.idm_cmd:app"},
}
SampingGroup.lazy_parts = NOUN_PARTS


ROOT_HELP = "Register and field-visit log of the Samping Desa; monthly workbooks for Dinas Sosial."


def build_app() -> typer.Typer:
    from sampingdesa.cli import demo_cmd, init_cmd, status_cmd

    app = typer.Typer(
        cls=SampingGroup,
        help=ROOT_HELP,
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
        wide: Annotated[
            bool,
            typer.Option(
                "--wide",
                envvar="SAMPINGDESA_WIDE",
                help="Tables with every column, each value on one line (wider than 80 columns).",
            ),
        ] = False,
        quiet: Annotated[
            bool,
            typer.Option(
                "--quiet",
                envvar="SAMPINGDESA_QUIET",
                help="Only errors: no reports, warnings, advice or progress; what you ask to see "
                "(--json, --csv, lists, show and status) still prints.",
            ),
        ] = False,
        version: Annotated[
            bool,
            typer.Option(
                "--version",
                callback=_show_version,
                is_eager=True,
                help="Show the version and exit.",
            ),
        ] = False,
    ) -> None:
        """Register and field-visit log of the Samping Desa; monthly workbooks for Dinas Sosial."""
        state.db_path = db
        state.wide = wide
        state.quiet = quiet

    # The root's own commands are kept on apps of their own, built only when they run.
    SampingGroup.top_commands = {
        name: info
        for module in (init_cmd, demo_cmd, status_cmd)
        for name, info in pending_commands(module.app).items()
    }
    return app


def main() -> None:
    build_app()(prog_name="sampingdesa")
