from __future__ import annotations

from typing import Annotated

import typer

from sampingdesa.cli.core import ask, interactive, open_database, say
from sampingdesa.i18n import _


def register(app: typer.Typer) -> None:
    @app.command("init")
    def init(
        kabupaten: Annotated[
            str, typer.Option(help="Regency (kabupaten/kota) code or name, e.g. 63.06.")
        ] = "63.06",
        assistant: Annotated[
            str | None, typer.Option(help="Name of the assistant who uses this database.")
        ] = None,
        desa: Annotated[
            str | None, typer.Option(help="The assistant's desa: code or name.")
        ] = None,
        phone: Annotated[str | None, typer.Option(help="The assistant's phone number.")] = None,
        coordinator: Annotated[
            bool, typer.Option(help="Set up a coordinator's database (no single desa).")
        ] = False,
    ) -> None:
        """Set up this database: the regency, the assistant and their desa."""
        from sampingdesa.places.workspace import init_database

        if assistant is None:
            assistant = ask(_("Assistant's name"))
        if desa is None and not coordinator and interactive():
            desa = ask(_("Desa (code or name)"))
        conn = open_database()
        result = init_database(
            conn,
            kabupaten=kabupaten,
            assistant_name=assistant,
            desa=desa,
            phone=phone,
            coordinator=coordinator,
        )
        say(
            _(
                "Ready: {kabupaten} ({code}), {kecamatan} kecamatan, {desa} desa/kelurahan; "
                "assistant {assistant}; {programs} programmes added to the catalogue."
            ).format(
                kabupaten=result.kabupaten.name,
                code=result.kabupaten.code,
                kecamatan=result.kecamatan_count,
                desa=result.desa_count,
                assistant=result.assistant.name,
                programs=result.programs_seeded,
            )
        )
