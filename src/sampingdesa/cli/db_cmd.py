from __future__ import annotations

from typing import Annotated

import typer

from sampingdesa.cli.core import emit_json, fail, open_database, say, state
from sampingdesa.errors import SampingError
from sampingdesa.i18n import _

app = typer.Typer(help="The database file: where it is, and whether it is healthy.", no_args_is_help=True)


@app.command("path")
def path() -> None:
    """Print where the database file is."""
    from sampingdesa.db import default_db_path

    typer.echo(str(state.db_path or default_db_path()))


@app.command("check")
def check(json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Check integrity, foreign keys and schema version; exit 1 when something is wrong."""
    from sampingdesa.health import check_database

    report = check_database(open_database())
    if json_output:
        emit_json(report.as_dict())
    else:
        say(_("Schema version {found} (this program: {known}).").format(
            found=report.schema_version, known=report.latest_version
        ))
        say(_("Integrity: {result}.").format(result=", ".join(report.integrity)))
        say(_("Foreign-key problems: {count}.").format(count=len(report.foreign_key_problems)))
    if not report.ok:
        fail(SampingError(_("The database has problems."), details=report.problems))
    if not json_output:
        say(_("The database is healthy."), style="green")
