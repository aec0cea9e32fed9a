import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from sampingdesa.cli.database import open_database
from sampingdesa.cli.options import CsvOption, DesaOption, JsonOption, SepOption
from sampingdesa.cli.output import emit_csv, emit_json, say
from sampingdesa.cli.tables import print_table
from sampingdesa.errors import UsageProblem
from sampingdesa.i18n import _, ngettext

app = typer.Typer(
    help="Proposals (usulan) for the monthly DTSEN data update: new, corrections, removals.",
    no_args_is_help=True,
)

ProposalIdArgument = Annotated[
    str, typer.Argument(metavar="ID", help="Proposal id (its first characters are enough).")
]
KindOption = Annotated[
    str | None, typer.Option(help="baru (new), perbaikan (correction) or hapus (removal).")
]
ProgramOption = Annotated[
    list[str] | None,
    typer.Option(help="Programme proposed (repeatable); checked against the desil limits."),
]
DesilOption = Annotated[
    str | None, typer.Option(help="The household's desil, when known and not in the register.")
]
RemovalOption = Annotated[
    str | None,
    typer.Option(help="For a removal: meninggal, pindah, mampu or ganda."),
]
ReasonOption = Annotated[str | None, typer.Option(help="Why it is proposed.")]
MonthOption = Annotated[
    str | None, typer.Option(help="Update month, YYYY-MM (default this month).")
]


def today() -> dt.date:
    return dt.date.today()


def _input(**values: Any) -> Any:
    from sampingdesa.register.usulan import ProposalInput

    values["programs"] = list(values.get("programs") or [])
    return ProposalInput(**values)


@app.command("add")
def add(
    kind: KindOption = None,
    nik: Annotated[str | None, typer.Option(help="NIK, 16 digits (required by SIKS-NG).")] = None,
    name: Annotated[
        str | None, typer.Option(help="Full name (taken from the register when known).")
    ] = None,
    kk: Annotated[str | None, typer.Option("--kk", help="No. KK (family card), 16 digits.")] = None,
    address: Annotated[str | None, typer.Option(help="Address.")] = None,
    desa: DesaOption = None,
    subject: Annotated[str | None, typer.Option(help="household (default) or person.")] = None,
    program: ProgramOption = None,
    desil: DesilOption = None,
    removal_reason: RemovalOption = None,
    reason: ReasonOption = None,
    month: MonthOption = None,
    from_finding: Annotated[
        str | None, typer.Option(help="Propose the removal an off-target finding calls for.")
    ] = None,
    from_entry: Annotated[
        str | None, typer.Option(help="Propose the inclusion of a register entry (pendataan).")
    ] = None,
) -> None:
    """Record a proposal (status draft) for this month's DTSEN update."""
    from sampingdesa.places.laptop import actor
    from sampingdesa.register.usulan import add_proposal
    from sampingdesa.store.changes import changes
    from sampingdesa.values.codes import ProposalKind
    from sampingdesa.values.nik import mask_nik
    from sampingdesa.values.short_ids import short_id

    if kind is None and from_finding is None and from_entry is None:
        raise UsageProblem(_("Say the kind of proposal: --kind baru, perbaikan or hapus."))
    conn = open_database()
    data = _input(
        kind=kind, nik=nik, name=name, no_kk=kk, address=address, desa=desa, subject=subject,
        programs=program, desil=desil, removal_reason=removal_reason, reason=reason, month=month,
        from_finding=from_finding, from_entry=from_entry,
    )  # fmt: skip
    with changes(conn, actor(conn)) as writer:
        proposal_uuid = add_proposal(writer, data, today())
    row = conn.execute("SELECT * FROM usulan WHERE uuid = ?", (proposal_uuid,)).fetchone()
    say(
        _("Proposal {id} ({kind}) for {name} ({nik}), {month}: draft.").format(
            id=short_id(proposal_uuid),
            kind=ProposalKind.label_of(row["kind"]),
            name=row["name"],
            nik=mask_nik(row["nik"]),
            month=row["month"],
        )
    )


@app.command("list")
def list_proposals(
    month: Annotated[str | None, typer.Option(help="Only this update month, YYYY-MM.")] = None,
    desa: DesaOption = None,
    status: Annotated[
        str | None, typer.Option(help="draft, musdes, siks-ng, diterima or ditolak.")
    ] = None,
    kind: KindOption = None,
    json_output: JsonOption = False,
    csv_output: CsvOption = False,
    sep: SepOption = ",",
) -> None:
    """Proposals by month and desa (NIKs masked)."""
    from sampingdesa.register.usulan import list_proposals as load
    from sampingdesa.values.codes import ProposalKind, ProposalStatus

    conn = open_database()
    records = load(conn, month=month, desa=desa, status=status, kind=kind)
    if json_output:
        emit_json(records)
        return
    headers = ["ID", _("Kind"), _("Name"), "NIK", _("Desa"), _("Programmes"), _("Status")]
    rows = [[r["id"], ProposalKind.label_of(r["kind"]), r["name"], r["nik"], r["desa_name"],
             ", ".join(r["programs"]), ProposalStatus.label_of(r["status"])]
            for r in records]  # fmt: skip
    if csv_output:
        emit_csv(headers, rows, sep=sep)
        return
    print_table(
        _("Proposals for the DTSEN update"), headers, rows,
        caption=ngettext("{count} proposal", "{count} proposals", len(records))
        .format(count=len(records)),
    )  # fmt: skip


@app.command("show")
def show(proposal_id: ProposalIdArgument, json_output: JsonOption = False) -> None:
    """Everything recorded in one proposal."""
    from sampingdesa.register.usulan import find_proposal, public_proposal
    from sampingdesa.values.codes import ProposalKind, ProposalStatus, RemovalReason, Subject

    conn = open_database()
    record = public_proposal(conn, find_proposal(conn, proposal_id), show_nik=False)
    if json_output:
        emit_json(record)
        return
    fields = [
        ("ID", record["id"]), (_("Month"), record["month"]),
        (_("Kind"), ProposalKind.label_of(record["kind"])),
        (_("Whom"), Subject.label_of(record["subject"])), (_("Name"), record["name"]),
        ("NIK", record["nik"]), (_("No. KK"), record["no_kk"]), (_("Address"), record["address"]),
        (_("Desa"), record["desa_name"]), (_("Programmes"), ", ".join(record["programs"])),
        (_("Desil"), record["desil"]),
        (_("Removal reason"), RemovalReason.label_of(record["removal_reason"])),
        (_("Reason"), record["reason"]), (_("Status"), ProposalStatus.label_of(record["status"])),
        (_("Meeting date"), record["musdes_date"]), (_("Entered in SIKS-NG"), record["siks_date"]),
        (_("Decided on"), record["decided_on"]), (_("Why rejected"), record["rejection_reason"]),
        (_("From finding"), record["finding_id"]), (_("From register entry"), record["entry_id"]),
    ]  # fmt: skip
    print_table(record["name"], [_("Field"), _("Value")], fields)


@app.command("edit")
def edit(
    proposal_id: ProposalIdArgument,
    kind: KindOption = None,
    name: Annotated[str | None, typer.Option(help="Full name.")] = None,
    kk: Annotated[str | None, typer.Option("--kk", help="No. KK (family card), 16 digits.")] = None,
    address: Annotated[str | None, typer.Option(help="Address.")] = None,
    program: Annotated[
        list[str] | None, typer.Option(help="Replace the programmes proposed (repeatable).")
    ] = None,
    desil: DesilOption = None,
    removal_reason: RemovalOption = None,
    reason: ReasonOption = None,
    month: Annotated[
        str | None, typer.Option(help="Move to another update month, YYYY-MM.")
    ] = None,
) -> None:
    """Change a proposal before it is entered in SIKS-NG."""
    from sampingdesa.places.laptop import actor
    from sampingdesa.register.usulan import edit_proposal
    from sampingdesa.store.changes import changes

    conn = open_database()
    data = _input(
        kind=kind, name=name, no_kk=kk, address=address, programs=program, desil=desil,
        removal_reason=removal_reason, reason=reason, month=month,
    )  # fmt: skip
    with changes(conn, actor(conn)) as writer:
        changed = edit_proposal(writer, proposal_id, data)
    if changed:
        say(_("Changed: {fields}.").format(fields=", ".join(changed)))
    else:
        say(_("Nothing changed."))


@app.command("set-status")
def set_status(
    proposal_id: ProposalIdArgument,
    status: Annotated[
        str,
        typer.Argument(help="musdes (discussed at the meeting), siks-ng, diterima or ditolak."),
    ],
    date: Annotated[
        str | None, typer.Option(help="Date of the meeting, input or decision (default today).")
    ] = None,
    reason: Annotated[
        str | None, typer.Option(help="Why (required for ditolak; goes to the change log).")
    ] = None,
) -> None:
    """Move a proposal along the monthly cycle."""
    from sampingdesa.places.laptop import actor
    from sampingdesa.register.usulan import find_proposal
    from sampingdesa.register.usulan import set_status as move
    from sampingdesa.store.changes import changes
    from sampingdesa.values.codes import ProposalStatus
    from sampingdesa.values.parsing import parse_date
    from sampingdesa.values.short_ids import short_id

    conn = open_database()
    when = parse_date(date) if date else today()
    with changes(conn, actor(conn)) as writer:
        row = move(writer, proposal_id, status, when, today(), reason)
    now = find_proposal(conn, row["uuid"])
    say(
        _("Proposal {id}: {status} ({date}).").format(
            id=short_id(row["uuid"]), status=ProposalStatus.label_of(now["status"]), date=when
        )
    )


@app.command("export")
def export(
    month: Annotated[str, typer.Option(help="Update month, YYYY-MM.")],
    desa: Annotated[str, typer.Option(help="Desa: code or name.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Workbook to write (.xlsx).", dir_okay=False),
    ] = None,
    for_siks: Annotated[
        bool,
        typer.Option(
            "--for-siks", help="Full-NIK sheet for the desa operator (needs --reason; logged)."
        ),
    ] = False,
    reason: Annotated[
        str | None,
        typer.Option(help="Why full NIKs are needed (required with --for-siks; logged)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Write over an existing file.")] = False,
) -> None:
    """The month's list for the village meeting (masked NIKs), or the SIKS-NG sheet."""
    from sampingdesa.cli.privacy import reveal_from
    from sampingdesa.errors import UsageProblem
    from sampingdesa.places.laptop import current_assistant, resolve_desa
    from sampingdesa.register.usulan import month_label
    from sampingdesa.reports.usulan_export import siks_gaps, write_meeting_list, write_siks_sheet

    conn = open_database()
    region = resolve_desa(conn, desa)
    label = month_label(month)
    slug = region.name.lower().replace(" ", "-")
    if for_siks:
        if not reason or not reason.strip():
            raise UsageProblem(_("--for-siks writes full NIKs: say why with --reason."))
        path = output or Path(f"usulan-siks-{slug}-{label}.xlsx")
        gaps = siks_gaps(conn, label, region.code)
        if gaps:  # said before the file is written
            say(_("SIKS-NG needs these; fill them in before entering:"), style="yellow")
            for line in gaps:
                say("  " + line, style="yellow")
        reveal = reveal_from(True, reason, f"usulan export --for-siks {label} {region.code}")
        # the library logs the reveal once the sheet has rows, before it writes them
        result = write_siks_sheet(conn, label, region.code, path, reveal=reveal, force=force)
    else:
        path = output or Path(f"usulan-musdes-{slug}-{label}.xlsx")
        me = current_assistant(conn)
        result = write_meeting_list(
            conn, label, region.code, path, assistant=(me.name, me.role), force=force
        )
    say(
        ngettext(
            "{count} proposal written to {path}.",
            "{count} proposals written to {path}.",
            result.count,
        ).format(count=result.count, path=result.path)
    )


@app.command("ground-check")
def ground_check(
    file: Annotated[
        Path, typer.Argument(help="Dinas Sosial's ground-check result list (.xlsx, .ods or .csv).")
    ],
    sheet: Annotated[str | None, typer.Option(help="Sheet to read (default the first).")] = None,
) -> None:
    """Set the status of proposals entered in SIKS-NG from a ground-check result list, by NIK.

    All or nothing: one bad row changes nothing."""
    from sampingdesa.cli.files import expand_one
    from sampingdesa.places.laptop import actor
    from sampingdesa.register.usulan import import_ground_check
    from sampingdesa.store.changes import changes

    file = expand_one(file)
    conn = open_database()
    with changes(conn, actor(conn)) as writer:
        result = import_ground_check(writer, file, today(), sheet)
    say(
        _("{file}: {accepted} proposals accepted, {rejected} rejected.").format(
            file=result.file, accepted=result.accepted, rejected=result.rejected
        )
    )
