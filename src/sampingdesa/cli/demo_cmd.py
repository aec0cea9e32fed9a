from pathlib import Path
from typing import Annotated

import typer

from sampingdesa.cli.output import say, say_command
from sampingdesa.cli.tables import number, print_table, text
from sampingdesa.i18n import _

app = typer.Typer()


@app.command("demo")
def demo(
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Folder for the demo database and files."),
    ] = None,
) -> None:
    """Build a demo database from the bundled sample data (never touches your own)."""
    from sampingdesa.cli.progress_display import progress_display, say_finished
    from sampingdesa.cli.render import render_summary
    from sampingdesa.demo import build_demo

    with progress_display() as shown:
        result = build_demo(output, progress=shown)
    print_table(
        _("Demo database: recipients per desa"),
        [text(_("Kecamatan")), text(_("Desa")), number(_("Recipients")), text(_("Programmes"))],
        result.per_desa,
    )
    render_summary(result.summary)
    say(_("Demo database: {path}").format(path=result.db_path))
    say(
        _("Made as users work: two assistants' laptops imported their BNBA lists from "
          "sample_data, recorded visits (one form row corrected) and sent signed bundles; "
          "this coordinator's database merged them and syncs like any other.")
    )  # fmt: skip
    for path in result.files:
        say(_("Written: {path}").format(path=path))
    what = _("Demo ready: {count} visits over the last six months, {files} workbooks")
    say_finished(what.format(count=result.visits, files=len(result.files)), shown.seconds)
    say_command(  # to copy: one line, never wrapped
        _('Try: sampingdesa --db "{path}" recipient list').format(path=result.db_path),
        style="dim",
    )
