import datetime as dt
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from sampingdesa.cli import prompts
from sampingdesa.cli.database import open_database
from sampingdesa.cli.files import expand_one, expand_patterns
from sampingdesa.cli.options import (
    MAX_COUNT,
    MAX_DAYS,
    AgainOption,
    CsvOption,
    DesaOption,
    JsonOption,
    MonthOption,
    NotesOption,
    OutputOption,
    SepOption,
    ThisMonthOption,
)
from sampingdesa.cli.output import emit_csv, emit_json, emit_json_list, say, warn
from sampingdesa.cli.tables import print_table
from sampingdesa.errors import UsageProblem
from sampingdesa.i18n import _, ngettext

C = TypeVar("C", bound="Code")

if TYPE_CHECKING:
    from sampingdesa.values.codes import Aspect, Change, Code
    from sampingdesa.visits.planning import DueRecipient
    from sampingdesa.visits.recording import VisitResult

app = typer.Typer(
    help="Field visits: record, list, plan and exchange as a form.",
    no_args_is_help=True,
    add_completion=False,
)

# Options shared by `visit add` and `visit edit`.
FacilityOption = Annotated[str | None, typer.Option(help="Escort: the health facility.")]
PurposeOption = Annotated[str | None, typer.Option(help="Escort: the purpose.")]
TransportOption = Annotated[str | None, typer.Option(help="Escort: the transport used.")]
ResultOption = Annotated[str | None, typer.Option(help="Escort: the result.")]
ChangeOption = Annotated[str | None, typer.Option(help="better, same or worse.", metavar="CHANGE")]
VisitIdArgument = Annotated[
    str, typer.Argument(metavar="ID", help="Visit id (its first characters are enough).")
]


def today() -> dt.date:
    return dt.date.today()


def _month(value: str | None) -> tuple[dt.date, dt.date]:
    from sampingdesa.values.parsing import parse_month

    return parse_month(value or today().strftime("%Y-%m"))


def _desa_code(conn: sqlite3.Connection, desa: str | None) -> str | None:
    from sampingdesa.places.laptop import resolve_desa

    return resolve_desa(conn, desa).code if desa else None


# -- building the input from options ---------------------------------------------------------
def _choice(value: str | None, code_type: type[C], field: str) -> C | None:
    return code_type.parse(value, field) if value is not None else None


def _aspects(**given: str | None) -> "dict[Aspect, Change]":
    from sampingdesa.values.codes import Aspect, Change

    return {
        Aspect.of(aspect): Change.parse(value, aspect)
        for aspect, value in given.items()
        if value is not None
    }


def _coded(value: str | None, code_type: type[C], field: str) -> tuple[C, str | None] | None:
    from sampingdesa.visits.rules import parse_coded_note

    return parse_coded_note(value, code_type, field) if value is not None else None


def _date(value: str | None) -> dt.date | None:
    from sampingdesa.values.parsing import parse_date

    return parse_date(value) if value else None


# -- the guided questionnaire lives in cli/questionnaire.py ----------------------------------


def _warn_double_aid(conn: sqlite3.Connection, recipient_uuid: str) -> None:
    from sampingdesa.register.recipients import double_aid_warnings

    for message in double_aid_warnings(conn, recipient_uuid):
        warn(message)


# -- reporting what happened -----------------------------------------------------------------
def _report(result: "VisitResult", skip: set[str] | None = None) -> None:
    from sampingdesa.values.codes import FindingKind
    from sampingdesa.values.short_ids import short_id

    for message in result.warnings:
        if not (skip and message in skip):
            warn(message)
    for finding_uuid, new in result.opened:
        kind = FindingKind.label_of(new.kind)
        # A finding whose details only repeat its kind ("needs referral") says it once.
        same = not new.details or new.details.strip().lower() in kind.lower()
        message = (
            _("Finding {id} opened: {kind}.")
            if same
            else _("Finding {id} opened: {kind} ({details}).")
        ).format(id=short_id(finding_uuid), kind=kind, details=new.details)
        say(message, style="yellow")
        if new.kind == "off-target":
            say(
                _("To propose the removal for DTSEN: sampingdesa usulan add --from-finding {id}")
                .format(id=short_id(finding_uuid)),
                style="dim",
            )  # fmt: skip
    for finding_uuid, new in result.updated:
        say(_("Finding {id} updated: {details}.").format(id=short_id(finding_uuid),
                                                        details=new.details))  # fmt: skip
    for finding_uuid in result.closed:
        say(_("Finding {id} closed: the corrected visit no longer shows it.").format(
            id=short_id(finding_uuid)))  # fmt: skip
    for resolved in result.resolved:
        say(
            _("Finding {id} resolved: the aid has now been received.").format(id=short_id(resolved))
        )


def _offer_resolution(conn: sqlite3.Connection, result: "VisitResult") -> None:
    """A finding the visit found settled: resolve on a terminal if the user agrees."""
    from sampingdesa.places.laptop import actor
    from sampingdesa.register.findings import resolve_finding
    from sampingdesa.store.changes import changes
    from sampingdesa.values.short_ids import short_id

    pending = [row for row in result.matching if row["uuid"] not in result.resolved]
    for row in pending:
        ident = short_id(row["uuid"])
        question = _("Open finding {id} ({details}): resolve it now?").format(
            id=ident, details=row["details"]
        )
        if prompts.interactive() and prompts.confirm(question, True):
            note = _("Aid received in full, found at visit {id}.").format(id=result.id)
            visit_date = dt.date.fromisoformat(
                conn.execute(
                    "SELECT visit_date FROM visits WHERE uuid = ?", (result.uuid,)
                ).fetchone()[0]
            )
            with changes(conn, actor(conn)) as writer:
                resolve_finding(
                    writer, row["uuid"], note,
                    max(visit_date, dt.date.fromisoformat(row["opened_on"])), today(), result.uuid,
                )  # fmt: skip
            say(_("Finding {id} resolved.").format(id=ident))
        else:
            say(
                _(
                    "Open finding {id} ({details}) looks settled by this visit; resolve it with "
                    "`sampingdesa finding resolve {id} --note ...` or record with "
                    "--resolve-findings."
                ).format(id=ident, details=row["details"])
            )


def _second_check_meant(conn: sqlite3.Connection, recipient: sqlite3.Row, data: Any) -> bool:
    """The same programme and period checked the same day: asked before saving on a
    terminal; without one, refused (the option `--again` records it)."""
    from sampingdesa.errors import Conflict
    from sampingdesa.visits.recording import same_day_checks

    repeats = same_day_checks(conn, recipient, data)
    if not repeats:
        return False
    if not prompts.interactive():
        advice = _("Nothing was recorded; if this is a second check, record it with --again.")
        raise Conflict(" ".join([*repeats, advice]))
    for message in repeats:
        warn(message, asked=True)  # why the question is asked
    if not prompts.confirm(_("Record this check a second time?"), False):
        raise Conflict(_("Cancelled: the visit was not recorded."))
    return True


# -- commands --------------------------------------------------------------------------------
@app.command("add")
def add(
    nik: Annotated[
        str, typer.Argument(metavar="NIK_OR_NAME", help="The recipient's NIK, id or name.")
    ],
    date: Annotated[str | None, typer.Option(help="Date of the visit, YYYY-MM-DD.")] = None,
    delivery: Annotated[
        list[str] | None,
        typer.Option(
            metavar="PROGRAM:PERIOD:STATUS[:AMOUNT]",
            help="Aid check, e.g. BPNT:2026-10:full:200rb; STATUS full, partial, none or "
            "not-due (repeatable).",
        ),
    ] = None,
    received: Annotated[
        str | None, typer.Option(help="Date the aid was received (full or partial deliveries).")
    ] = None,
    problem: Annotated[
        str | None,
        typer.Option(
            help="Problem with partial/none deliveries: card-blocked, deducted, wrong-name, "
            "not-disbursed or other:TEXT."
        ),
    ] = None,
    on_target: Annotated[
        str | None,
        typer.Option("--on-target", help="Is the family still on target: yes, no or unsure."),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option(
            help="Why off target: deceased, moved, well-off, civil-servant, duplicate, "
            "not-found or other:TEXT."
        ),
    ] = None,
    change: Annotated[
        str | None, typer.Option(help="Since the aid, the family is better, same or worse.")
    ] = None,
    income: ChangeOption = None,
    work: ChangeOption = None,
    housing: ChangeOption = None,
    schooling: ChangeOption = None,
    health: ChangeOption = None,
    ready_to_graduate: Annotated[
        bool, typer.Option("--ready-to-graduate", help="The family looks ready to graduate.")
    ] = False,
    needs_referral: Annotated[
        bool, typer.Option("--needs-referral", help="Someone needs a referral (opens a finding).")
    ] = False,
    escort: Annotated[
        bool, typer.Option("--escort", help="This visit is an elderly escort to a health facility.")
    ] = False,
    facility: FacilityOption = None,
    purpose: PurposeOption = None,
    transport: TransportOption = None,
    result: ResultOption = None,
    notes: NotesOption = None,
    gps: Annotated[
        str | None, typer.Option(help="Position LAT,LON, e.g. -2.7766,115.2536.")
    ] = None,
    photo: Annotated[
        list[Path] | None,
        typer.Option(
            help="Photo file: its path and SHA-256 are recorded, not the image (repeatable)."
        ),
    ] = None,
    resolve_findings: Annotated[
        bool,
        typer.Option(
            "--resolve-findings", help="Resolve open findings this visit shows are settled."
        ),
    ] = False,
    again: AgainOption = False,
) -> None:
    """Record a visit (asks on a terminal for what the options leave out)."""
    from sampingdesa.places.laptop import current_assistant
    from sampingdesa.store.changes import changes
    from sampingdesa.values.codes import Change, OffTargetReason, OnTarget, Problem
    from sampingdesa.visits.recording import VisitInput, find_visit_recipient, record_visit
    from sampingdesa.visits.rules import parse_delivery, parse_gps

    conn = open_database()
    assistant = current_assistant(conn)
    from sampingdesa.cli.render import pick_recipient

    recipient = find_visit_recipient(conn, pick_recipient(conn, nik, include_removed=False))
    visit_date = _date(date)
    data = VisitInput(
        visit_date=visit_date or today(),
        escort=escort,
        deliveries=[parse_delivery(spec) for spec in delivery or []],
        received_date=_date(received),
        problem=_coded(problem, Problem, "problem"),
        on_target=_choice(on_target, OnTarget, "on_target"),
        reason=_coded(reason, OffTargetReason, "reason"),
        outcome=_choice(change, Change, "change"),
        aspects=_aspects(
            income=income, work=work, housing=housing, schooling=schooling, health=health
        ),
        ready_to_graduate=ready_to_graduate,
        needs_referral=needs_referral,
        facility=facility, purpose=purpose, transport=transport, result=result,
        notes=notes,
        gps=parse_gps(gps) if gps else None,
        photos=expand_patterns(photo or []),
    )  # fmt: skip
    if visit_date is None and not prompts.interactive():
        prompts.ask(_("Date of the visit (--date)"))
    if prompts.interactive():
        from sampingdesa.cli import questionnaire as ask

        _warn_double_aid(conn, recipient["uuid"])
        if not data.has_findings():
            ask.questionnaire(conn, recipient, data, ask_date=visit_date is None)
        elif visit_date is None:
            data.visit_date = ask.ask_parsed(_("Date of the visit"), _date, today().isoformat())
    again = again or _second_check_meant(conn, recipient, data)
    with changes(conn, assistant.uuid) as writer:
        outcome = record_visit(
            writer, recipient["uuid"], data, today=today(), resolve_findings=resolve_findings,
            again=again,
        )  # fmt: skip
    say(
        _("Visit {id} recorded: {name}, {date}.").format(
            id=outcome.id, name=recipient["name"], date=data.visit_date
        )
    )
    _report(outcome)
    _offer_resolution(conn, outcome)


@app.command("list")
def list_visits(
    desa: DesaOption = None,
    month: Annotated[str | None, typer.Option(help="Month, YYYY-MM.")] = None,
    kind: Annotated[str | None, typer.Option(help="monitoring or escort.")] = None,
    json_output: JsonOption = False,
    csv_output: CsvOption = False,
    sep: SepOption = ",",
) -> None:
    """List visits, oldest first."""
    from sampingdesa.cli.render import deliveries_text
    from sampingdesa.values.codes import VisitKind
    from sampingdesa.values.parsing import parse_month
    from sampingdesa.visits.history import iter_visits

    conn = open_database()
    # Printed as they are read: a province's history never sits whole in memory.
    records = iter_visits(
        conn,
        desa_code=_desa_code(conn, desa),
        month=parse_month(month) if month else None,
        kind=VisitKind.parse(kind, "kind") if kind else None,
    )
    if json_output:
        emit_json_list(records)
        return
    if csv_output:
        emit_csv(
            ["ID", _("Date"), _("Kind"), "NIK", _("Name"), _("Desa"), _("Aid"), _("On target"),
             _("Change"), _("Notes")],
            ([r["id"], r["date"], r["kind"], r["nik"], r["name"], r["desa_name"],
              deliveries_text(r["deliveries"]), r["on_target"],
              r["outcome"], r["notes"]] for r in records),
            sep=sep,
        )  # fmt: skip
        return
    from sampingdesa.cli.render import deliveries_text
    from sampingdesa.cli.tables import key, text
    from sampingdesa.values.codes import Change, OnTarget, VisitKind

    print_table(
        None,
        [key("ID"), key(_("Date")), text(_("Kind"), wide=True), text(_("Name")),
         key("NIK", wide=True), text(_("Desa"), wide=True), text(_("Aid")),
         text(_("On target")), text(_("Change"), wide=True), text(_("Notes"), wide=True)],
        ([r["id"], r["date"], VisitKind.label_of(r["kind"]), r["name"], r["nik"], r["desa_name"],
          deliveries_text(r["deliveries"]) or VisitKind.label_of(r["kind"]),
          OnTarget.label_of(r["on_target"]), Change.label_of(r["outcome"]), r["notes"]]
         for r in records),
        caption=lambda count: ngettext("{count} visit", "{count} visits", count)
        .format(count=count),
    )  # fmt: skip


@app.command("show")
def show(visit_id: VisitIdArgument, json_output: JsonOption = False) -> None:
    """Everything one visit recorded, with the findings it opened."""
    from sampingdesa.cli.render import deliveries_text, yes_no
    from sampingdesa.cli.tables import key, text
    from sampingdesa.values.codes import Aspect, Change, OffTargetReason, OnTarget, VisitKind
    from sampingdesa.visits.history import visit_detail

    record = visit_detail(open_database(), visit_id, today())
    if json_output:
        emit_json(record)
        return
    fields = [
        ("ID", record["uuid"]), (_("Date"), record["date"]),
        (_("Kind"), VisitKind.label_of(record["kind"])),
        (_("Name"), f"{record['name']} ({record['nik']})"), (_("Desa"), record["desa_name"]),
        (_("Aid"), deliveries_text(record["deliveries"])),
        (_("On target"), OnTarget.label_of(record["on_target"])),
        (_("Reason"), " ".join(filter(None, [OffTargetReason.label_of(record["off_target_reason"]),
                                             record["off_target_note"]]))),
        (_("Change"), Change.label_of(record["outcome"])),
        (_("What changed"), ", ".join(f"{Aspect.label_of(a)}: {Change.label_of(c)}"
                                      for a, c in record["changes"].items())),
        (_("Ready to graduate"), yes_no(record["ready_to_graduate"])),
        (_("Needs referral"), yes_no(record["needs_referral"])),
        (_("Notes"), record["notes"]),
        ("GPS", ",".join(map(str, record["gps"])) if record["gps"] else ""),
    ]  # fmt: skip
    if record["escort"]:
        escort = record["escort"]
        fields += [
            (_("Facility"), escort["facility"]), (_("Purpose"), escort["purpose"]),
            (_("Transport"), escort["transport"]), (_("Result"), escort["result"]),
        ]  # fmt: skip
    fields += [(_("Photo"), f"{p['path']} sha256:{p['sha256']}") for p in record["photos"]]
    if record["removed"]:
        fields.append((_("Removed"), record["removed_reason"]))
    print_table(
        _("Visit {id}").format(id=record["id"]), [key(_("Field")), text(_("Value"))], fields
    )
    if record["findings"]:
        from sampingdesa.cli.render import print_findings

        print_findings(record["findings"], _("Findings of this visit"), who=False)


@app.command("edit")
def edit(
    visit_id: VisitIdArgument,
    date: Annotated[str | None, typer.Option(help="Date of the visit, YYYY-MM-DD.")] = None,
    delivery: Annotated[
        list[str] | None,
        typer.Option(
            metavar="PROGRAM:PERIOD:STATUS[:AMOUNT]",
            help="Add an aid check, or replace the one for that programme and period (repeatable).",
        ),
    ] = None,
    received: Annotated[str | None, typer.Option(help="Date the aid was received.")] = None,
    problem: Annotated[
        str | None, typer.Option(help="Problem with partial/none deliveries.")
    ] = None,
    on_target: Annotated[str | None, typer.Option("--on-target", help="yes, no or unsure.")] = None,
    reason: Annotated[str | None, typer.Option(help="Why off target.")] = None,
    change: Annotated[str | None, typer.Option(help="better, same or worse.")] = None,
    income: ChangeOption = None,
    work: ChangeOption = None,
    housing: ChangeOption = None,
    schooling: ChangeOption = None,
    health: ChangeOption = None,
    ready_to_graduate: Annotated[
        bool | None,
        typer.Option(
            "--ready-to-graduate/--not-ready-to-graduate", help="Ready to graduate or not."
        ),
    ] = None,
    needs_referral: Annotated[
        bool | None,
        typer.Option("--needs-referral/--no-referral", help="Someone needs a referral or not."),
    ] = None,
    facility: FacilityOption = None,
    purpose: PurposeOption = None,
    transport: TransportOption = None,
    result: ResultOption = None,
    notes: NotesOption = None,
    gps: Annotated[str | None, typer.Option(help="Position LAT,LON.")] = None,
    photo: Annotated[
        list[Path] | None, typer.Option(help="Add a photo reference (repeatable).")
    ] = None,
) -> None:
    """Change a visit (every rule of `visit add` applies; each change goes to the change log)."""
    from sampingdesa.places.laptop import actor
    from sampingdesa.store.changes import changes
    from sampingdesa.values.codes import Change, OffTargetReason, OnTarget, Problem
    from sampingdesa.visits.recording import edit_visit
    from sampingdesa.visits.rules import parse_delivery, parse_gps

    # An empty value clears the answer: --problem "" (and --received "", --reason "").
    cleared = {name: None for name, value in (("problem", problem), ("received_date", received),
               ("reason", reason)) if value is not None and not value.strip()}  # fmt: skip
    problem, received, reason = (None if v is not None and not v.strip() else v
                                 for v in (problem, received, reason))  # fmt: skip
    given: dict[str, Any] = {
        "visit_date": _date(date), "received_date": _date(received),
        "problem": _coded(problem, Problem, "problem"),
        "on_target": _choice(on_target, OnTarget, "on_target"),
        "reason": _coded(reason, OffTargetReason, "reason"),
        "outcome": _choice(change, Change, "change"),
        "ready_to_graduate": ready_to_graduate, "needs_referral": needs_referral,
        "facility": facility, "purpose": purpose, "transport": transport, "result": result,
        "notes": notes, "gps": parse_gps(gps) if gps else None,
        "photos": expand_patterns(photo or []) or None,
    }  # fmt: skip
    overrides = {key: value for key, value in given.items() if value is not None} | cleared
    aspects = _aspects(
        income=income, work=work, housing=housing, schooling=schooling, health=health
    )
    if aspects:
        overrides["aspects"] = aspects
    specs = [parse_delivery(spec) for spec in delivery or []]
    conn = open_database()
    with changes(conn, actor(conn)) as writer:
        _row, changed, outcome = edit_visit(writer, visit_id, overrides, specs, today())
    if changed:
        from sampingdesa.cli.render import field_labels

        say(_("Visit {id} changed: {fields}.").format(id=outcome.id, fields=field_labels(changed)))
    else:
        say(_("Nothing changed."))
    _report(outcome)


@app.command("remove")
def remove(
    visit_id: VisitIdArgument,
    reason: Annotated[str, typer.Option(help="Why the visit is removed.")],
) -> None:
    """Remove a visit (soft: it stays in the database and the change log)."""
    from sampingdesa.places.laptop import actor
    from sampingdesa.store.changes import changes
    from sampingdesa.values.short_ids import short_id
    from sampingdesa.visits.recording import remove_visit

    conn = open_database()
    with changes(conn, actor(conn)) as writer:
        row = remove_visit(writer, visit_id, reason)
    say(_("Visit {id} removed, with its findings; the record stays for history.").format(
        id=short_id(row["uuid"])
    ))  # fmt: skip


def _print_recipients(records: "list[DueRecipient]", title: str, caption: str) -> None:
    from sampingdesa.cli.render import print_recipients

    print_recipients(records, title, caption)


def _recipients_csv(records: "list[DueRecipient]", sep: str) -> None:
    emit_csv(
        ["NIK", _("Name"), _("Desa"), _("Programmes"), _("Last visit"), _("Open findings"), "ID"],
        [[r["nik"], r["name"], r["desa_name"], ", ".join(r["programs"]), r["last_visit"],
          r["open_findings"], r["uuid"]] for r in records],
        sep=sep,
    )  # fmt: skip


@app.command("due")
def due(
    month: ThisMonthOption = None,
    days: Annotated[
        int | None,
        typer.Option(help="Due when not visited in the last N days instead.", min=1, max=MAX_DAYS),
    ] = None,
    desa: DesaOption = None,
    json_output: JsonOption = False,
    csv_output: CsvOption = False,
    sep: SepOption = ",",
) -> None:
    """Enrolled recipients not yet visited this month (open findings first)."""
    from sampingdesa.visits.planning import due_recipients

    conn = open_database()
    records = due_recipients(
        conn, month=_month(month), today=today(), days=days, desa_code=_desa_code(conn, desa)
    )
    if json_output:
        emit_json(records)
        return
    if csv_output:
        _recipients_csv(records, sep)
        return
    _print_recipients(
        records,
        _("Due for a visit"),
        ngettext("{count} recipient due", "{count} recipients due", len(records)).format(
            count=len(records)
        ),
    )


@app.command("sample")
def sample(
    month: MonthOption,
    per_desa: Annotated[
        int, typer.Option(help="How many recipients per desa.", min=1, max=MAX_COUNT)
    ],
    seed: Annotated[
        int | None,
        typer.Option(help="Seed: the same seed gives the same sample.", min=0, max=MAX_COUNT),
    ] = None,
    desa: DesaOption = None,
    json_output: JsonOption = False,
    csv_output: CsvOption = False,
    sep: SepOption = ",",
) -> None:
    """A random monitoring sample per desa, reproducible with --seed."""
    import random

    from sampingdesa.visits.planning import sample_recipients

    conn = open_database()
    chosen_seed = seed if seed is not None else random.SystemRandom().randint(1, 999_999)
    records = sample_recipients(
        conn, month=_month(month), per_desa=per_desa, seed=chosen_seed,
        desa_code=_desa_code(conn, desa),
    )  # fmt: skip
    if json_output:
        emit_json({"seed": chosen_seed, "recipients": records})
        return
    if csv_output:
        _recipients_csv(records, sep)
        return
    _print_recipients(
        records,
        _("Monitoring sample"),
        ngettext(
            "{count} recipient; repeat with --seed {seed}",
            "{count} recipients; repeat with --seed {seed}",
            len(records),
        ).format(count=len(records), seed=chosen_seed),
    )


@app.command("template")
def template(
    month: MonthOption,
    output: OutputOption,
    desa: DesaOption = None,
) -> None:
    """A visit form (.xlsx) for the due recipients, to fill in offline."""
    from sampingdesa.cli.progress_display import count_text, progress_display, say_finished
    from sampingdesa.visits.forms import write_template

    conn = open_database()
    the_month, desa_code = _month(month), _desa_code(conn, desa)
    with progress_display() as shown:
        count = write_template(
            conn, output, month=the_month, today=today(), desa_code=desa_code, progress=shown
        )
    what = ngettext(
        "Wrote {path}: {count} recipient to visit",
        "Wrote {path}: {count} recipients to visit",
        count,
    ).format(path=output, count=count_text(count))
    say_finished(what, shown.seconds)


@app.command("import")
def import_form(
    path: Annotated[
        Path,
        typer.Argument(metavar="FORM.xlsx", help="A filled visit form.", dir_okay=False),
    ],
    resolve_findings: Annotated[
        bool,
        typer.Option(
            "--resolve-findings", help="Resolve open findings the visits show are settled."
        ),
    ] = False,
    again: AgainOption = False,
) -> None:
    """Record the visits of a filled form (all or nothing; a corrected row updates its visit)."""
    from sampingdesa.places.laptop import current_assistant
    from sampingdesa.store.changes import changes
    from sampingdesa.visits.forms import FormRefused
    from sampingdesa.visits.forms import import_form as load

    path = expand_one(path)
    if not path.is_file():
        raise UsageProblem(_("File {a} does not exist.").format(a=f"'{path}'"))
    conn = open_database()
    assistant = current_assistant(conn)
    try:
        with changes(conn, assistant.uuid) as writer:
            summary = load(
                writer, path, today=today(), resolve_findings=resolve_findings, again=again
            )
    except FormRefused as error:
        if error.second_checks:
            error.details.append(
                _("If a repeated check is really a second check, import the form with --again.")
            )
        raise
    for result in [*summary.results, *summary.updated]:
        _report(result)
    say(
        _(
            "Imported {path}: {new} visits recorded, {updated} updated, {known} already "
            "imported and unchanged, {empty} rows left empty."
        ).format(
            path=path.name,
            new=len(summary.results),
            updated=len(summary.updated),
            known=summary.already,
            empty=summary.empty,
        )
    )
