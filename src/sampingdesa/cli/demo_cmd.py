from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sampingdesa.cli.output import say
from sampingdesa.cli.tables import number, print_table, text
from sampingdesa.i18n import _


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        output: Annotated[
            Path | None,
            typer.Option("-o", "--output", help="Folder for the demo database and files."),
        ] = None,
    ) -> None:
        """Build a demo database from the bundled sample data (never touches your own)."""
        from sampingdesa.cli.progress_display import finished_line, progress_display
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
        for path in result.files:
            say(_("Written: {path}").format(path=path))
        what = _("Demo ready: {count} visits over the last six months, {files} workbooks")
        say(finished_line(what.format(count=result.visits, files=len(result.files)), shown.seconds))
        say(
            _('Try: sampingdesa --db "{path}" recipient list').format(path=result.db_path),
            style="dim",
        )
