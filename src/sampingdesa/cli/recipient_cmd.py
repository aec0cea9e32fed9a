import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sampingdesa.cli.database import open_database
from sampingdesa.cli.options import (
    MAX_COUNT,
    CsvOption,
    DesaOption,
    JsonOption,
    KecamatanOption,
    ReasonForNikOption,
    RtOption,
    RwOption,
    SepOption,
    SexOption,
    ShowNikOption,
)
from sampingdesa.cli.output import emit_csv, emit_json, emit_json_list, say, warn
from sampingdesa.cli.prompts import ask, interactive
from sampingdesa.cli.tables import print_table
from sampingdesa.i18n import _, ngettext

if TYPE_CHECKING:
    from sampingdesa.visits.history import RecipientWithHistory

app = typer.Typer(help="The register of aid recipients.", no_args_is_help=True)

NikArgument = Annotated[
    str, typer.Argument(metavar="NIK_OR_NAME", help="The recipient's NIK, id or name.")
]
# Fields `recipient add` and `recipient edit` both take.
BirthDateOption = Annotated[str | None, typer.Option(help="Birth date, YYYY-MM-DD.")]
AddressOption = Annotated[str | None, typer.Option(help="Street address.")]
PhoneOption = Annotated[str | None, typer.Option(help="Phone number.")]


def _input(**values: Any) -> Any:
    from sampingdesa.register.recipients import RecipientInput
    from sampingdesa.values.parsing import parse_date, parse_sex

    if values.get("sex") is not None:
        values["sex"] = parse_sex(values["sex"])
    if values.get("birth_date") is not None:
        values["birth_date"] = parse_date(values["birth_date"])
    values["flags"] = list(values.get("flags") or [])
    return RecipientInput(**values)


def _birth_header(full: bool) -> str:
    return _("Birth date") if full else _("Birth year")


@app.command("add")
def add(
    nik: Annotated[str | None, typer.Option(help="NIK, 16 digits.")] = None,
    name: Annotated[str | None, typer.Option(help="Full name as on the KTP.")] = None,
    desa: DesaOption = None,
    kecamatan: Annotated[
        str | None, typer.Option(help="Kecamatan, to tell apart desa with the same name.")
    ] = None,
    kk: Annotated[str | None, typer.Option("--kk", help="No. KK (family card), 16 digits.")] = None,
    sex: SexOption = None,
    birth_date: BirthDateOption = None,
    address: AddressOption = None,
    rt: RtOption = None,
    rw: RwOption = None,
    phone: PhoneOption = None,
    program: Annotated[
        list[str] | None, typer.Option(help="Enroll in this programme (repeatable).")
    ] = None,
    flag: Annotated[
        list[str] | None,
        typer.Option(help="Vulnerability flag: lansia, disabilitas, ... (repeatable)."),
    ] = None,
) -> None:
    """Register a recipient (asks for missing required values on a terminal)."""
    from sampingdesa.places.laptop import current_assistant, region_name
    from sampingdesa.register.recipients import add_recipient
    from sampingdesa.store.changes import changes
    from sampingdesa.values.nik import mask_nik

    conn = open_database()
    assistant = current_assistant(conn)
    nik = nik or ask("NIK")
    name = name or ask(_("Name"))
    if desa is None and interactive():
        # Offer the assistant's desa by name; taken as offered, it is that very desa.
        own = region_name(conn, assistant.desa_code) if assistant.desa_code else None
        answer = ask(_("Desa (code or name)"), default=own) if own else ask(_("Desa"))
        desa = assistant.desa_code if own and answer.strip() == own else answer
    elif desa is None:
        desa = ask(_("Desa"))
    data = _input(
        nik=nik, name=name, desa=desa, kecamatan=kecamatan, no_kk=kk, sex=sex,
        birth_date=birth_date, address=address, rt=rt, rw=rw, phone=phone, flags=flag,
    )  # fmt: skip
    programs = list(program or [])
    from sampingdesa.cli import prompts

    if not programs and prompts.interactive():
        from sampingdesa.cli.questionnaire import ask_programs

        programs = ask_programs(conn)
    with changes(conn, assistant.uuid) as writer:
        recipient_uuid = add_recipient(writer, data, programs)
    row = conn.execute(
        "SELECT nik, name, desa_code FROM recipients WHERE uuid = ?", (recipient_uuid,)
    ).fetchone()
    say(
        _("Registered {name} ({nik}) in {desa}.").format(
            name=row["name"], nik=mask_nik(row["nik"]), desa=region_name(conn, row["desa_code"])
        )
    )
    if not programs:
        warn(
            _(
                "{name} is not enrolled in any programme: not counted in reports or in "
                "`visit due`. Enroll with `sampingdesa recipient enroll {id} --program CODE`."
            ).format(name=row["name"], id=recipient_uuid[:8])
        )
    _warn_double_aid(conn, recipient_uuid)


def _warn_double_aid(conn: Any, recipient_uuid: str) -> None:
    from sampingdesa.register.recipients import double_aid_warnings

    for message in double_aid_warnings(conn, recipient_uuid):
        warn(message)


@app.command("list")
def list_recipients(
    desa: DesaOption = None,
    kecamatan: KecamatanOption = None,
    program: Annotated[
        str | None, typer.Option(help="Only those enrolled in this programme.")
    ] = None,
    search: Annotated[
        str | None, typer.Option(help="Words of the name (partial words work).")
    ] = None,
    limit: Annotated[
        int | None, typer.Option(help="At most this many rows.", min=1, max=MAX_COUNT)
    ] = None,
    show_nik: ShowNikOption = False,
    reason: ReasonForNikOption = None,
    json_output: JsonOption = False,
    csv_output: CsvOption = False,
    sep: SepOption = ",",
) -> None:
    """List recipients (NIKs masked unless --show-nik)."""
    from sampingdesa.cli.privacy import reveal_from
    from sampingdesa.register.recipients import birth_of, iter_recipients

    reveal = reveal_from(show_nik, reason, "recipient list")
    conn = open_database()
    records = iter_recipients(
        conn, desa=desa, kecamatan=kecamatan, program=program, search=search,
        reveal=reveal, limit=limit,
    )  # fmt: skip
    # Printed as they are read: a province's register never sits whole in memory.
    if json_output:
        emit_json_list(records)
    elif csv_output:
        emit_csv(
            ["NIK", _("Name"), _("Sex"), _birth_header(show_nik), _("Desa"), _("Programmes"),
             "UUID"],
            ([r["nik"], r["name"], r["sex"], birth_of(r), r["desa_name"], ", ".join(r["programs"]),
              r["uuid"]] for r in records),
            sep=sep,
        )  # fmt: skip
    else:
        from sampingdesa.cli.tables import key, text
        from sampingdesa.values.codes import Sex

        print_table(
            None,
            [text(_("Name")), key("NIK"), key(_("Sex"), wide=True),
             key(_birth_header(show_nik), wide=True), text(_("Desa")), text(_("Programmes")),
             key("ID")],
            ([r["name"], r["nik"], Sex.label_of(r["sex"]), birth_of(r), r["desa_name"],
              ", ".join(r["programs"]), r["uuid"][:8]] for r in records),
            caption=lambda count: ngettext("{count} recipient", "{count} recipients", count)
            .format(count=count),
        )  # fmt: skip


@app.command("show")
def show(
    key: Annotated[
        str, typer.Argument(metavar="NIK_OR_NAME", help="The recipient's NIK, id or name.")
    ],
    show_nik: ShowNikOption = False,
    reason: ReasonForNikOption = None,
    json_output: JsonOption = False,
) -> None:
    """Everything known about one recipient, enrollments included."""
    from sampingdesa.cli.privacy import reveal_from
    from sampingdesa.cli.render import pick_recipient
    from sampingdesa.visits.history import recipient_detail

    reveal_from(show_nik, reason, "recipient show")  # a missing reason refused before asking
    conn = open_database()
    picked = pick_recipient(conn, key)
    record = recipient_detail(
        conn, picked, reveal_from(show_nik, reason, f"recipient show {picked}")
    )
    if json_output:
        emit_json(record)
        return
    _print_detail(record)


def _print_detail(record: "RecipientWithHistory") -> None:
    from sampingdesa.cli.tables import key, text
    from sampingdesa.register.recipients import birth_of, double_aid_message
    from sampingdesa.values.codes import EnrollmentState, LeaveReason, Sex

    labels = [
        ("NIK", record["nik"]), (_("No. KK"), record["no_kk"]), (_("Name"), record["name"]),
        (_("Sex"), Sex.label_of(record["sex"])),
        (_birth_header("birth_date" in record),
         birth_of(record)),
        (_("Address"), record["address"]),
        ("RT/RW", f"{record['rt'] or '-'}/{record['rw'] or '-'}"),
        (_("Desa"), f"{record['desa_name']} ({record['desa_code']})"),
        (_("Kecamatan"), record["kecamatan_name"]), (_("Phone"), record["phone"]),
        (_("Flags"), ", ".join(record["flags"])), ("ID", record["uuid"]),
    ]  # fmt: skip
    if record.get("desil"):
        labels.insert(-1, (_("Desil (DTSEN)"), f"{record['desil']} ({record['desil_date']})"))
    if record["removed"]:
        labels.append((_("Removed"), record["removed_reason"]))
    print_table(record["name"], [key(_("Field")), text(_("Value"))], labels)
    print_table(
        _("Enrollments"),
        [key(_("Programme")), text(_("Component")), key(_("Since")), key(_("Until")),
         text(_("Status")), text(_("Reason"))],
        [
            [e["program_code"], e["component"], e["since"] or _("(unknown)"), e["until"],
             EnrollmentState.label_of(e["status"]), LeaveReason.label_of(e["end_reason"])]
            for e in record["enrollments"]
        ],
    )  # fmt: skip
    if not record["enrollments"]:
        warn(_("{name} is not enrolled in any programme.").format(name=record["name"]), asked=True)
    for pair in record["double_aid"]:
        warn(double_aid_message(pair), asked=True)  # part of the record shown
    _print_visits(record)


def _print_visits(record: "RecipientWithHistory") -> None:
    from sampingdesa.cli.render import deliveries_text, print_findings
    from sampingdesa.cli.tables import key, text
    from sampingdesa.values.codes import Change, OnTarget, VisitKind

    if record.get("visits"):
        print_table(
            _("Visits"),
            [key("ID"), key(_("Date")), text(_("Kind"), wide=True), text(_("Aid")),
             text(_("On target")), text(_("Change"), wide=True), text(_("Notes"))],
            [[v["id"], v["date"], VisitKind.label_of(v["kind"]),
              deliveries_text(v["deliveries"]) or VisitKind.label_of(v["kind"]),
              OnTarget.label_of(v["on_target"]), Change.label_of(v["outcome"]), v["notes"]]
             for v in record["visits"]],
        )  # fmt: skip
    if record.get("findings"):
        print_findings(record["findings"], _("Findings"), who=False)


@app.command("edit")
def edit(
    nik: NikArgument,
    name: Annotated[str | None, typer.Option(help="Full name.")] = None,
    desa: DesaOption = None,
    kecamatan: KecamatanOption = None,
    kk: Annotated[str | None, typer.Option("--kk", help="No. KK (family card).")] = None,
    sex: SexOption = None,
    birth_date: BirthDateOption = None,
    address: AddressOption = None,
    rt: RtOption = None,
    rw: RwOption = None,
    phone: PhoneOption = None,
    flag: Annotated[
        list[str] | None, typer.Option(help="Replace the flags with these (repeatable).")
    ] = None,
    desil: Annotated[
        str | None, typer.Option(help="DTSEN welfare decile, 1 (poorest) to 10.")
    ] = None,
    desil_date: Annotated[
        str | None, typer.Option(help="When the desil was known (default today).")
    ] = None,
) -> None:
    """Change a recipient's details (each change goes to the change log)."""
    from sampingdesa.places.laptop import actor
    from sampingdesa.register.desil import parse_desil
    from sampingdesa.register.recipients import edit_recipient
    from sampingdesa.store.changes import changes
    from sampingdesa.values.parsing import parse_date

    conn = open_database()
    data = _input(
        name=name, desa=desa, kecamatan=kecamatan, no_kk=kk, sex=sex, birth_date=birth_date,
        address=address, rt=rt, rw=rw, phone=phone, flags=flag,
        desil=parse_desil(desil) if desil is not None else None,
        desil_date=parse_date(desil_date) if desil_date is not None else None,
    )  # fmt: skip
    from sampingdesa.cli.render import pick_recipient

    recipient_uuid = pick_recipient(conn, nik, include_removed=False)
    with changes(conn, actor(conn)) as writer:
        changed = edit_recipient(writer, recipient_uuid, data)
    if changed:
        from sampingdesa.cli.render import field_labels

        say(_("Changed: {fields}.").format(fields=field_labels(list(changed))))
    else:
        say(_("Nothing changed."))
    if "desil" in changed:
        _warn_desil(conn, nik)


def _warn_desil(conn: Any, key: str) -> None:
    from sampingdesa.register.desil import mismatch_findings
    from sampingdesa.register.recipients import find_recipient

    row = find_recipient(conn, key)
    for finding in mismatch_findings(conn, dt.date.today(), recipient_uuid=row["uuid"]):
        warn(
            _("{details}: listed as a finding; propose a change in the DTSEN update.").format(
                details=finding["details"]
            )
        )


@app.command("enroll")
def enroll(
    nik: NikArgument,
    program: Annotated[str, typer.Option(help="Programme code.")],
    since: Annotated[
        str | None,
        typer.Option(help="Start date; leave out when unknown (counts for every earlier month)."),
    ] = None,
    component: Annotated[
        str | None, typer.Option(help="Component, e.g. for PKH: lansia, SD.")
    ] = None,
) -> None:
    """Enroll a recipient in a programme."""
    from sampingdesa.cli.render import pick_recipient
    from sampingdesa.places.laptop import actor
    from sampingdesa.register.recipients import enroll as do_enroll
    from sampingdesa.register.recipients import find_recipient
    from sampingdesa.store.changes import changes
    from sampingdesa.values.parsing import parse_date

    conn = open_database()
    row = find_recipient(conn, pick_recipient(conn, nik, include_removed=False))
    start = parse_date(since) if since else None
    with changes(conn, actor(conn)) as writer:
        created = do_enroll(writer, row["uuid"], program, start, component)
    if created:
        say(_("{name} enrolled in {program}.").format(name=row["name"], program=program.upper()))
        _warn_double_aid(conn, row["uuid"])
    else:
        say(
            _("{name} is already enrolled in {program}; nothing changed.").format(
                name=row["name"], program=program.upper()
            )
        )


@app.command("leave")
def leave(
    nik: NikArgument,
    program: Annotated[str, typer.Option(help="Programme code.")],
    reason: Annotated[
        str, typer.Option(help="graduated, stopped, deceased, moved, ineligible or other.")
    ],
    date: Annotated[str | None, typer.Option(help="End date (default today).")] = None,
) -> None:
    """End a recipient's enrollment in a programme."""
    from sampingdesa.cli.render import pick_recipient
    from sampingdesa.places.laptop import actor
    from sampingdesa.register.recipients import leave as do_leave
    from sampingdesa.store.changes import changes
    from sampingdesa.values.parsing import parse_date

    conn = open_database()
    recipient_uuid = pick_recipient(conn, nik, include_removed=False)
    with changes(conn, actor(conn)) as writer:
        why = do_leave(writer, recipient_uuid, program, reason, parse_date(date) if date else None)
    say(
        _("Enrollment in {program} ended ({reason}).").format(
            program=program.upper(), reason=why.label
        )
    )


@app.command("remove")
def remove(
    nik: NikArgument,
    reason: Annotated[str, typer.Option(help="Why the recipient is removed.")],
) -> None:
    """Remove a recipient (soft: the record stays for history and past reports)."""
    from sampingdesa.cli.render import pick_recipient
    from sampingdesa.places.laptop import actor
    from sampingdesa.register.recipients import remove_recipient
    from sampingdesa.store.changes import changes

    conn = open_database()
    recipient_uuid = pick_recipient(conn, nik, include_removed=False)
    with changes(conn, actor(conn)) as writer:
        row = remove_recipient(writer, recipient_uuid, reason)
    say(_("{name} removed; the record stays for history.").format(name=row["name"]))


@app.command("duplicates")
def duplicates(
    show_nik: ShowNikOption = False,
    reason: ReasonForNikOption = None,
    json_output: JsonOption = False,
    csv_output: CsvOption = False,
    sep: SepOption = ",",
) -> None:
    """Likely duplicates under different NIKs, for a coordinator to review."""
    from sampingdesa.cli.privacy import reveal_from
    from sampingdesa.register.recipients import find_duplicates

    conn = open_database()
    groups = find_duplicates(conn, reveal_from(show_nik, reason, "recipient duplicates"))
    shown = [group.as_dict() for group in groups]
    if json_output:
        emit_json(shown)
        return
    reasons = {
        "same_name_birth_date": _("same name and birth date"),
        "similar_name_same_kk": _("similar names in one No. KK"),
    }
    birth = "birth_date" if show_nik else "birth_year"
    rows = [
        [str(i), reasons[g["reason"]], r["nik"], r["name"], r[birth], r["desa_code"]]
        for i, g in enumerate(shown, start=1)
        for r in g["recipients"]
    ]
    if csv_output:
        headers = ["#", _("Why"), "NIK", _("Name"), _birth_header(show_nik), _("Desa")]
        emit_csv(headers, rows, sep=sep)
        return
    from sampingdesa.cli.tables import key, number, text

    print_table(
        _("Likely duplicates"),
        [
            number("#"),
            text(_("Why")),
            key("NIK"),
            text(_("Name")),
            key(_birth_header(show_nik)),
            key(_("Desa")),
        ],
        rows,
        caption=ngettext("{count} group", "{count} groups", len(shown)).format(count=len(shown)),
    )
