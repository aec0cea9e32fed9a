import datetime as dt
from typing import Annotated

import typer

from sampingdesa.cli.database import open_database
from sampingdesa.cli.options import MAX_DAYS, CsvOption, JsonOption, SepOption
from sampingdesa.cli.output import emit_csv, emit_json, say
from sampingdesa.i18n import _, ngettext

app = typer.Typer(
    help="Problems visits found, open until resolved.", no_args_is_help=True, add_completion=False
)

FindingIdArgument = Annotated[
    str, typer.Argument(metavar="ID", help="Finding id (its first characters are enough).")
]
NoteOption = Annotated[str, typer.Option(help="What was done (goes to the change log).")]


def today() -> dt.date:
    return dt.date.today()


@app.command("list")
def list_findings(
    open_only: Annotated[
        bool, typer.Option("--open/--all", help="Only open findings (default), or all.")
    ] = True,
    kind: Annotated[
        str | None,
        typer.Option(help="not-received, partial, off-target, worse or referral."),
    ] = None,
    desa: Annotated[str | None, typer.Option(help="Desa: code or name.")] = None,
    older_than: Annotated[
        int | None,
        typer.Option(help="Only those opened more than N days ago.", min=0, max=MAX_DAYS),
    ] = None,
    json_output: JsonOption = False,
    csv_output: CsvOption = False,
    sep: SepOption = ",",
) -> None:
    """Findings, oldest first."""
    from sampingdesa.places.laptop import resolve_desa
    from sampingdesa.register.findings import list_findings as load
    from sampingdesa.values.codes import FindingKind

    conn = open_database()
    records = load(
        conn,
        today=today(),
        include_resolved=not open_only,
        kind=FindingKind.parse(kind, "finding_kind") if kind else None,
        desa_code=resolve_desa(conn, desa).code if desa else None,
        older_than=older_than,
    )
    if json_output:
        emit_json(records)
        return
    if csv_output:
        emit_csv(
            ["ID", _("Opened"), _("Days"), _("Kind"), _("Name"), "NIK", _("Desa"), _("Details"),
             _("Status")],
            [[f["id"], f["opened_on"], f["age_days"], f["kind"], f["name"], f["nik"],
              f["desa_name"], f["details"], f["status"]] for f in records],
            sep=sep,
        )  # fmt: skip
        return
    from sampingdesa.cli.render import print_findings

    print_findings(
        records,
        _("Open findings") if open_only else _("Findings"),
        caption=ngettext("{count} finding", "{count} findings", len(records)).format(
            count=len(records)
        ),
    )
    off_target = [f["id"] for f in records if f["kind"] == "off-target" and f["status"] == "open"]
    if off_target:
        say(
            _("To propose the removal for DTSEN: sampingdesa usulan add --from-finding {id}")
            .format(id=off_target[0]),
            style="dim",
        )  # fmt: skip


@app.command("resolve")
def resolve(
    finding_id: FindingIdArgument,
    note: NoteOption,
    date: Annotated[str | None, typer.Option(help="Date resolved (default today).")] = None,
) -> None:
    """Mark a finding resolved, saying how."""
    from sampingdesa.places.laptop import actor
    from sampingdesa.register.findings import resolve_finding
    from sampingdesa.store.changes import changes
    from sampingdesa.values.parsing import parse_date
    from sampingdesa.values.short_ids import short_id

    conn = open_database()
    when = parse_date(date) if date else today()
    with changes(conn, actor(conn)) as writer:
        row = resolve_finding(writer, finding_id, note, when, today())
    say(_("Finding {id} resolved on {date}.").format(id=short_id(row["uuid"]), date=when))


@app.command("reopen")
def reopen(finding_id: FindingIdArgument, note: NoteOption) -> None:
    """Open a resolved finding again, saying why."""
    from sampingdesa.places.laptop import actor
    from sampingdesa.register.findings import reopen_finding
    from sampingdesa.store.changes import changes
    from sampingdesa.values.short_ids import short_id

    conn = open_database()
    with changes(conn, actor(conn)) as writer:
        row = reopen_finding(writer, finding_id, note, today())
    say(_("Finding {id} is open again.").format(id=short_id(row["uuid"])))
