"""`sampingdesa wilayah idm set|import`: village development status per desa and year."""

from pathlib import Path
from typing import Annotated

import typer

from sampingdesa.cli.database import open_database
from sampingdesa.cli.options import MAX_YEAR
from sampingdesa.cli.output import say
from sampingdesa.i18n import _

app = typer.Typer(
    help="Indeks Desa Membangun (IDM) of each desa: set or import IKS, IKE and IKL.",
    no_args_is_help=True,
)


@app.command("set")
def set_idm(
    desa: Annotated[str, typer.Argument(help="Desa: code or name.")],
    year: Annotated[int, typer.Option("--year", help="Year of the index.", min=0, max=MAX_YEAR)],
    iks: Annotated[str, typer.Option("--iks", help="Social resilience index, 0 to 1.")],
    ike: Annotated[str, typer.Option("--ike", help="Economic resilience index, 0 to 1.")],
    ikl: Annotated[str, typer.Option("--ikl", help="Ecological resilience index, 0 to 1.")],
) -> None:
    """Record a desa's IDM for one year (status computed from the mean)."""
    from sampingdesa.places.laptop import actor
    from sampingdesa.register.idm import idm_value, save_idm
    from sampingdesa.store.changes import changes

    conn = open_database()
    value = idm_value(conn, desa, year, iks, ike, ikl)
    with changes(conn, actor(conn)) as writer:
        action = save_idm(writer, value)
    message = _("IDM {year} of {desa}: {score:.4f}, {status} ({action}).")
    say(message.format(
        year=value.year, desa=value.desa_name, score=value.score, status=value.status,
        action=_("added") if action == "added" else _("updated"),
    ))  # fmt: skip


@app.command("import")
def import_file(
    file: Annotated[
        Path, typer.Argument(help="Spreadsheet or CSV with columns desa, year, IKS, IKE, IKL.")
    ],
) -> None:
    """Import IDM values from a spreadsheet or CSV (all rows or none)."""
    from sampingdesa.cli.files import expand_one
    from sampingdesa.places.laptop import actor
    from sampingdesa.register.idm import import_idm, read_idm_file
    from sampingdesa.store.changes import changes

    file = expand_one(file)
    conn = open_database()
    values = read_idm_file(conn, file)
    with changes(conn, actor(conn)) as writer:
        counts = import_idm(writer, values)
    say(
        _("IDM imported from {name}: {added} added, {updated} updated.").format(
            name=file.name, **counts
        )
    )
