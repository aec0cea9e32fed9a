from typing import Annotated

import typer

from sampingdesa.cli.database import open_database
from sampingdesa.cli.options import MAX_AMOUNT, CsvOption, JsonOption, NotesOption, SepOption
from sampingdesa.cli.output import emit_csv, emit_json, say
from sampingdesa.cli.tables import print_table
from sampingdesa.errors import field_label
from sampingdesa.i18n import _

app = typer.Typer(help="The aid programme catalogue.", no_args_is_help=True)

FundingOption = Annotated[
    str | None, typer.Option(help="Funding level: pusat, provinsi, kabupaten or desa.")
]
CadenceOption = Annotated[
    str | None, typer.Option(help="Cadence: bulanan, tahap, tahunan, harian or sekali.")
]
ChannelOption = Annotated[str | None, typer.Option(help="How the aid reaches the family.")]
AmountOption = Annotated[
    int | None,
    typer.Option(
        "--amount", help="Nominal amount in whole Rupiah per unit.", min=0, max=MAX_AMOUNT
    ),
]
UnitOption = Annotated[
    str | None, typer.Option(help="What the amount is per: bulan, tahun, hari, tahap or sekali.")
]
FormOption = Annotated[
    str | None,
    typer.Option(
        help="Form of the aid: tunai (cash), non-tunai (a balance or goods) or iuran "
        "(a premium paid for the family, e.g. PBI-JK: no amount, the card is active or not)."
    ),
]
ExcludesOption = Annotated[
    str | None,
    typer.Option(help="Codes of programmes a family may not receive together with this one."),
]


@app.command("list")
def list_programs(
    json_output: JsonOption = False,
    csv_output: CsvOption = False,
    sep: SepOption = ",",
) -> None:
    """List the programmes in the catalogue."""
    from dataclasses import asdict

    from sampingdesa.register.programs import list_programs as load
    from sampingdesa.values.codes import AidForm

    programs = load(open_database())
    headers = [
        _("Code"), _("Name"), _("Funding"), _("Cadence"), _("Channel"), _("Amount (Rp)"),
        _("Per"), _("Not together with"), _("Form of aid"),
    ]  # fmt: skip
    rows = [
        [p.code, p.name, p.funding_level, p.cadence, p.channel,
         f"{p.nominal_amount:,}".replace(",", ".") if p.nominal_amount is not None else "-",
         p.amount_unit, p.excludes.replace(",", ", "), AidForm.label_of(p.form)]
        for p in programs
    ]  # fmt: skip
    if json_output:
        emit_json([asdict(p) for p in programs])
    elif csv_output:
        emit_csv(headers, rows, sep=sep)
    else:
        from sampingdesa.cli.tables import key, number, text

        print_table(
            _("Programmes"),
            [
                key(headers[0]),
                text(headers[1]),
                text(headers[2], wide=True),
                text(headers[3]),
                text(headers[4], wide=True),
                number(headers[5]),
                text(headers[6]),
                text(headers[7], wide=True),
                text(headers[8]),
            ],
            rows,
        )


@app.command("add")
def add(
    code: Annotated[str, typer.Argument(help="Short code, e.g. BPNT.")],
    name: Annotated[str, typer.Option(help="Full name.")],
    funding: FundingOption = "kabupaten",
    cadence: CadenceOption = "bulanan",
    channel: ChannelOption = "-",
    amount: AmountOption = None,
    unit: UnitOption = "bulan",
    excludes: ExcludesOption = None,
    notes: NotesOption = None,
    form: FormOption = None,
) -> None:
    """Add a programme to the catalogue."""
    from sampingdesa.places.laptop import actor
    from sampingdesa.register.programs import Program, add_program, normalise_code
    from sampingdesa.store.changes import changes

    conn = open_database()
    program = Program(
        code, name, funding or "kabupaten", cadence or "bulanan", channel or "-", amount,
        unit or "bulan", excludes or "", notes, form or "tunai",
    )  # fmt: skip
    with changes(conn, actor(conn)) as writer:
        add_program(writer, program)
    say(_("Programme {code} added.").format(code=normalise_code(code)))


@app.command("edit")
def edit(
    code: Annotated[str, typer.Argument(help="Code of the programme to change.")],
    name: Annotated[str | None, typer.Option(help="Full name.")] = None,
    funding: FundingOption = None,
    cadence: CadenceOption = None,
    channel: ChannelOption = None,
    amount: AmountOption = None,
    unit: UnitOption = None,
    excludes: ExcludesOption = None,
    notes: NotesOption = None,
    form: FormOption = None,
) -> None:
    """Change a programme (every change goes to the change log)."""
    from sampingdesa.places.laptop import actor
    from sampingdesa.register.programs import ProgramEdit, edit_program
    from sampingdesa.store.changes import changes

    conn = open_database()
    given = ProgramEdit(
        name=name, funding_level=funding, cadence=cadence, channel=channel,
        nominal_amount=amount, amount_unit=unit, excludes=excludes, notes=notes, form=form,
    )  # fmt: skip
    with changes(conn, actor(conn)) as writer:
        changed = edit_program(writer, code, given)
    if changed:
        say(
            _("Programme {code}: changed {fields}.").format(
                code=code.upper(), fields=", ".join(field_label(f) for f in changed)
            )
        )
    else:
        say(_("Programme {code}: nothing changed.").format(code=code.upper()))
