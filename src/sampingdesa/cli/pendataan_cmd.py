import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from sampingdesa.cli.database import open_database
from sampingdesa.cli.files import expand_patterns
from sampingdesa.cli.options import (
    CsvOption,
    DesaOption,
    JsonOption,
    ReasonForNikOption,
    RtOption,
    RwOption,
    SepOption,
    SexOption,
    ShowNikOption,
)
from sampingdesa.cli.output import emit_csv, emit_json, say
from sampingdesa.cli.tables import print_table
from sampingdesa.errors import UsageProblem
from sampingdesa.i18n import _, ngettext

app = typer.Typer(
    help="The social-problem register (PPKS): people and households who need social services.",
    no_args_is_help=True,
)

EntryIdArgument = Annotated[
    str, typer.Argument(metavar="ID", help="Register entry id (its first characters are enough).")
]
CategoryOption = Annotated[
    list[str] | None,
    typer.Option(
        "--category",
        help="PPKS category, e.g. fakir-miskin, lansia-terlantar, disabilitas (repeatable).",
    ),
]
NikOption = Annotated[
    str | None, typer.Option(help="NIK, 16 digits (leave out when the person has none).")
]
NameOption = Annotated[str | None, typer.Option(help="Full name.")]
SubjectOption = Annotated[str | None, typer.Option(help="person or household.")]
KkOption = Annotated[str | None, typer.Option("--kk", help="No. KK (family card), 16 digits.")]
AddressOption = Annotated[str | None, typer.Option(help="Address (required without a NIK).")]
KecamatanOption = Annotated[
    str | None, typer.Option(help="Kecamatan, to tell apart desa with the same name.")
]
DescriptionOption = Annotated[str | None, typer.Option(help="What was found.")]
ServicesOption = Annotated[str | None, typer.Option("--services", help="Services needed.")]
ReferralOption = Annotated[
    str | None, typer.Option(help="Where the person was referred (office, facility).")
]
OutcomeOption = Annotated[str | None, typer.Option(help="What came of the referral.")]
PhotoOption = Annotated[
    list[Path] | None, typer.Option(help="Photo file (path and SHA-256 are kept; repeatable).")
]
GpsOption = Annotated[str | None, typer.Option(help="GPS position LAT,LON.")]
DateOption = Annotated[str | None, typer.Option(help="Date found (default today).")]
RecipientOption = Annotated[
    str | None, typer.Option(help="Link a recipient of the register (NIK or id).")
]


def today() -> dt.date:
    return dt.date.today()


def _input(**values: Any) -> Any:
    from sampingdesa.register.pendataan import EntryInput
    from sampingdesa.values.parsing import parse_date, parse_sex
    from sampingdesa.visits.rules import parse_gps

    if values.get("sex") is not None:
        values["sex"] = parse_sex(values["sex"])
    if values.get("gps") is not None:
        values["gps"] = parse_gps(values["gps"])
    if values.get("found_on") is not None:
        values["found_on"] = parse_date(values["found_on"])
    values["categories"] = list(values.get("categories") or [])
    values["photos"] = list(values.get("photos") or [])
    return EntryInput(**values)


@app.command("add")
def add(
    category: CategoryOption = None,
    description: DescriptionOption = None,
    nik: NikOption = None,
    name: NameOption = None,
    subject: SubjectOption = None,
    kk: KkOption = None,
    sex: SexOption = None,
    address: AddressOption = None,
    rt: RtOption = None,
    rw: RwOption = None,
    desa: DesaOption = None,
    kecamatan: KecamatanOption = None,
    services: ServicesOption = None,
    referral: ReferralOption = None,
    referral_outcome: OutcomeOption = None,
    photo: PhotoOption = None,
    gps: GpsOption = None,
    date: DateOption = None,
    recipient: RecipientOption = None,
    visit: Annotated[
        str | None,
        typer.Option(help="Open from a visit: the visited recipient needs more than their aid."),
    ] = None,
) -> None:
    """Register a person or household with a social problem (NIK optional)."""
    from sampingdesa.places.laptop import current_assistant
    from sampingdesa.register.pendataan import add_entry
    from sampingdesa.store.changes import changes
    from sampingdesa.values.short_ids import short_id

    if not category:
        raise UsageProblem(
            _("Give at least one PPKS category: --category fakir-miskin (see the guide's list).")
        )
    conn = open_database()
    assistant = current_assistant(conn)
    if desa is None and nik is None and recipient is None and visit is None:
        desa = assistant.desa_code
    data = _input(
        subject=subject, nik=nik, no_kk=kk, name=name, sex=sex, address=address, rt=rt, rw=rw,
        desa=desa, kecamatan=kecamatan, categories=category, description=description,
        services_needed=services, referral=referral, referral_outcome=referral_outcome,
        photos=expand_patterns(photo or []), gps=gps, found_on=date, recipient=recipient,
        visit=visit,
    )  # fmt: skip
    with changes(conn, assistant.uuid) as writer:
        entry_uuid = add_entry(writer, data, assistant.uuid, today())
    say(_("Register entry {id} added.").format(id=short_id(entry_uuid)))
    say(
        _("To propose it for the DTSEN update: sampingdesa usulan add --from-entry {id}")
        .format(id=short_id(entry_uuid)),
        style="dim",
    )  # fmt: skip


@app.command("list")
def list_entries(
    desa: DesaOption = None,
    category: Annotated[str | None, typer.Option(help="Only this PPKS category.")] = None,
    open_only: Annotated[
        bool, typer.Option("--open/--all", help="Only open entries (default), or all.")
    ] = True,
    show_nik: ShowNikOption = False,
    reason: ReasonForNikOption = None,
    json_output: JsonOption = False,
    csv_output: CsvOption = False,
    sep: SepOption = ",",
) -> None:
    """Register entries, newest first (NIKs masked unless --show-nik)."""
    from sampingdesa.cli.privacy import reveal_from
    from sampingdesa.register.pendataan import list_entries as load
    from sampingdesa.values.codes import EntryStatus, Ppks

    reveal = reveal_from(show_nik, reason, "pendataan list")
    conn = open_database()
    records = load(conn, desa=desa, category=category, include_closed=not open_only, reveal=reveal)
    if json_output:
        emit_json(records)
        return
    headers = ["ID", _("Found on"), _("Name"), "NIK", _("Desa"), _("PPKS categories"),
               _("Status")]  # fmt: skip
    rows = [[r["id"], r["found_on"], r["name"], r["nik"] or "-", r["desa_name"],
             "; ".join(Ppks.label_of(c) for c in r["categories"]),
             EntryStatus.label_of(r["status"])] for r in records]  # fmt: skip
    if csv_output:
        emit_csv(headers, rows, sep=sep)
        return
    print_table(
        _("Social-problem register"), headers, rows,
        caption=ngettext("{count} entry", "{count} entries", len(records))
        .format(count=len(records)),
    )  # fmt: skip


@app.command("show")
def show(
    entry_id: EntryIdArgument,
    show_nik: ShowNikOption = False,
    reason: ReasonForNikOption = None,
    json_output: JsonOption = False,
) -> None:
    """Everything recorded in one register entry."""
    from sampingdesa.cli.privacy import reveal_from
    from sampingdesa.register.pendataan import entry_detail
    from sampingdesa.values.codes import EntryStatus, Ppks, ProposalKind, ProposalStatus, Subject

    reveal = reveal_from(show_nik, reason, f"pendataan show {entry_id}")
    conn = open_database()
    record = entry_detail(conn, entry_id, reveal)
    if json_output:
        emit_json(record)
        return
    gps = record["gps"]
    fields = [
        ("ID", record["id"]), (_("Whom"), Subject.label_of(record["subject"])),
        (_("Name"), record["name"]), ("NIK", record["nik"] or "-"),
        (_("No. KK"), record["no_kk"] or "-"), (_("Address"), record["address"]),
        ("RT/RW", f"{record['rt'] or '-'}/{record['rw'] or '-'}"),
        (_("Desa"), record["desa_name"]),
        (_("PPKS categories"), "; ".join(Ppks.label_of(c) for c in record["categories"])),
        (_("Found on"), record["found_on"]), (_("What was found"), record["description"]),
        (_("Services needed"), record["services_needed"]), (_("Referral"), record["referral"]),
        (_("Referral outcome"), record["referral_outcome"]),
        (_("GPS"), f"{gps[0]},{gps[1]}" if gps else ""),
        (_("Photos"), "\n".join(p["path"] for p in record["photos"])),
        (_("Status"), EntryStatus.label_of(record["status"])),
    ]  # fmt: skip
    if record["closed_on"]:
        fields.append((_("Closed"), f"{record['closed_on']}: {record['close_note']}"))
    print_table(record["name"], [_("Field"), _("Value")], fields)
    if record["proposals"]:
        print_table(
            _("Proposals"),
            ["ID", _("Month"), _("Kind"), _("Status")],
            [[p["id"], p["month"], ProposalKind.label_of(p["kind"]),
              ProposalStatus.label_of(p["status"])] for p in record["proposals"]],
        )  # fmt: skip


@app.command("edit")
def edit(
    entry_id: EntryIdArgument,
    category: Annotated[
        list[str] | None,
        typer.Option(
            "--category",
            help="Set the PPKS categories to exactly these, dropping the others (repeatable).",
        ),
    ] = None,
    add_category: Annotated[
        list[str] | None,
        typer.Option(
            "--add-category", help="Add a PPKS category, keeping the others (repeatable)."
        ),
    ] = None,
    remove_category: Annotated[
        list[str] | None,
        typer.Option("--remove-category", help="Take one PPKS category away (repeatable)."),
    ] = None,
    description: DescriptionOption = None,
    nik: NikOption = None,
    name: NameOption = None,
    subject: SubjectOption = None,
    kk: KkOption = None,
    sex: SexOption = None,
    address: AddressOption = None,
    rt: RtOption = None,
    rw: RwOption = None,
    desa: DesaOption = None,
    kecamatan: KecamatanOption = None,
    services: ServicesOption = None,
    referral: ReferralOption = None,
    referral_outcome: OutcomeOption = None,
    photo: Annotated[list[Path] | None, typer.Option(help="Add a photo file (repeatable).")] = None,
    gps: GpsOption = None,
    date: Annotated[str | None, typer.Option(help="Date found.")] = None,
    recipient: RecipientOption = None,
) -> None:
    """Change a register entry (each change goes to the change log)."""
    from sampingdesa.places.laptop import actor
    from sampingdesa.register.pendataan import categories_of, edit_entry, find_entry
    from sampingdesa.store.changes import changes
    from sampingdesa.values.codes import Ppks

    conn = open_database()
    data = _input(
        add_categories=list(add_category or []), remove_categories=list(remove_category or []),
        subject=subject, nik=nik, no_kk=kk, name=name, sex=sex, address=address, rt=rt, rw=rw,
        desa=desa, kecamatan=kecamatan, categories=category, description=description,
        services_needed=services, referral=referral, referral_outcome=referral_outcome,
        photos=expand_patterns(photo or []) or None, gps=gps, found_on=date, recipient=recipient,
    )  # fmt: skip
    with changes(conn, actor(conn)) as writer:
        entry_uuid = find_entry(conn, entry_id)["uuid"]
        before = categories_of(conn, entry_uuid)
        changed = edit_entry(writer, entry_id, data, today())
        after = categories_of(conn, entry_uuid)
    added = [Ppks.label_of(code) for code in after if code not in before]
    dropped = [Ppks.label_of(code) for code in before if code not in after]
    if added:
        say(_("Categories added: {names}.").format(names=", ".join(added)))
    if dropped:
        say(_("Categories removed: {names}.").format(names=", ".join(dropped)), style="yellow")
    if added or dropped:
        now = ", ".join(Ppks.label_of(code) for code in after)
        say(_("Categories now: {names}.").format(names=now))
    others = [field for field in changed if field != "categories"]
    if others:
        say(_("Changed: {fields}.").format(fields=", ".join(others)))
    elif not (added or dropped):
        say(_("Nothing changed."))


@app.command("close")
def close(
    entry_id: EntryIdArgument,
    note: Annotated[str, typer.Option(help="What was done (goes to the change log).")],
    referral_outcome: OutcomeOption = None,
    date: Annotated[str | None, typer.Option(help="Date closed (default today).")] = None,
) -> None:
    """Close a register entry once the problem is handled, saying how."""
    from sampingdesa.places.laptop import actor
    from sampingdesa.register.pendataan import close_entry
    from sampingdesa.store.changes import changes
    from sampingdesa.values.parsing import parse_date
    from sampingdesa.values.short_ids import short_id

    conn = open_database()
    when = parse_date(date) if date else today()
    with changes(conn, actor(conn)) as writer:
        row = close_entry(writer, entry_id, note, when, today(), referral_outcome)
    say(_("Register entry {id} closed on {date}.").format(id=short_id(row["uuid"]), date=when))
