from typing import Annotated

import typer

from sampingdesa.cli.database import open_database
from sampingdesa.cli.output import say
from sampingdesa.cli.prompts import ask, interactive
from sampingdesa.i18n import _

app = typer.Typer()


@app.command("init")
def init(
    kabupaten: Annotated[
        str, typer.Option(help="Regency (kabupaten/kota) code or name, e.g. 63.06.")
    ] = "63.06",
    assistant: Annotated[
        str | None, typer.Option(help="Name of the assistant who uses this database.")
    ] = None,
    desa: Annotated[str | None, typer.Option(help="The assistant's desa: code or name.")] = None,
    phone: Annotated[str | None, typer.Option(help="The assistant's phone number.")] = None,
    coordinator: Annotated[
        bool, typer.Option(help="Set up a coordinator's database (no single desa).")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", help="Move the assistant to another desa without asking.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Set a laptop set up for one assistant up for another without asking.",
        ),
    ] = False,
) -> None:
    """Set up this database: the regency, the assistant and their desa."""
    from sampingdesa.cli.prompts import confirm
    from sampingdesa.errors import SampingError
    from sampingdesa.init import init_database, plan_init

    if assistant is None:
        assistant = ask(_("Assistant's name"))
    if desa is None and not coordinator and interactive():
        desa = ask(_("Desa (code or name)"))
    conn = open_database()
    plan = plan_init(conn, kabupaten=kabupaten, assistant_name=assistant, desa=desa)
    if plan.desa is not None:
        say(
            _("Desa: {name} ({code}), kecamatan {kecamatan}.").format(
                name=plan.desa.name,
                code=plan.desa.code,
                kecamatan=_kecamatan_name(plan.desa.parent_code),
            )
        )
    if plan.replaces is not None and not force:
        from sampingdesa.places.laptop import region_name

        question = _(
            "This laptop is set up for {current} ({desa}). {name} is another name, so "
            "another assistant: set this laptop up for {name}?"
        ).format(
            current=plan.replaces.name,
            desa=region_name(conn, plan.replaces.desa_code) or _("coordinator"),
            name=" ".join(assistant.split()),
        )
        if not interactive():
            raise SampingError(
                question + " " + _("Nothing changed. If the name was mistyped, run init "
                                   "again with the name as before; if {name} now uses this "
                                   "laptop, add --force.").format(
                    name=" ".join(assistant.split()))
            )  # fmt: skip
        if not confirm(question, False):
            raise SampingError(_("Nothing changed."))
    if plan.moved_from is not None and plan.desa is not None and not yes:
        question = _("{assistant} works in {old} ({old_code}); move to {new} ({new_code})?")
        question = question.format(
            assistant=" ".join(assistant.split()),
            old=plan.moved_from.name, old_code=plan.moved_from.code,
            new=plan.desa.name, new_code=plan.desa.code,
        )  # fmt: skip
        if not interactive():
            raise SampingError(question + " " + _("Nothing changed; run again with --yes to move."))
        if not confirm(question, False):
            raise SampingError(_("Nothing changed."))
    result = init_database(
        conn,
        kabupaten=kabupaten,
        assistant_name=assistant,
        desa=desa,
        phone=phone,
        coordinator=coordinator,
        another_assistant=plan.replaces is not None,
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


def _kecamatan_name(code: str | None) -> str:
    from sampingdesa.places import regions

    found = regions.region(code) if code else None
    return found.name if found else "-"
