from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sampingdesa.cli import core
from sampingdesa.cli.core import emit_csv, emit_json, open_database, print_table, say, warn
from sampingdesa.i18n import _

if TYPE_CHECKING:
    import sqlite3

    from sampingdesa.visits.recording import VisitInput, VisitResult

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
NotesOption = Annotated[str | None, typer.Option(help="Free notes.")]

ChangeOption = Annotated[str | None, typer.Option(help="better, same or worse.", metavar="CHANGE")]
DesaOption = Annotated[str | None, typer.Option(help="Desa: code or name.")]
MonthOption = Annotated[str | None, typer.Option(help="Month, YYYY-MM (default: this month).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
VisitIdArgument = Annotated[
    str, typer.Argument(metavar="ID", help="Visit id (its first characters are enough).")
]


def today() -> dt.date:
    return dt.date.today()


def _month(value: str | None) -> tuple[dt.date, dt.date]:
    from sampingdesa.values.parsing import parse_month

    return parse_month(value or today().strftime("%Y-%m"))


def _desa_code(conn: sqlite3.Connection, desa: str | None) -> str | None:
    from sampingdesa.places.workspace import resolve_desa

    return resolve_desa(conn, desa).code if desa else None


# -- building the input from options ---------------------------------------------------------
def _choice(value: str | None, choices: dict[str, str], what: str) -> str | None:
    from sampingdesa.visits.rules import parse_choice

    return parse_choice(value, choices, what) if value is not None else None


def _aspects(**given: str | None) -> dict[str, str]:
    from sampingdesa.visits.rules import ASPECTS, CHANGES

    return {
        aspect: str(_choice(value, CHANGES, _(ASPECTS[aspect])))
        for aspect, value in given.items()
        if value is not None
    }


def _coded(value: str | None, choices: dict[str, str], what: str) -> tuple[str, str | None] | None:
    from sampingdesa.visits.rules import parse_coded_note

    return parse_coded_note(value, choices, what) if value is not None else None


def _date(value: str | None) -> dt.date | None:
    from sampingdesa.values.parsing import parse_date

    return parse_date(value) if value else None


# -- the guided questionnaire ----------------------------------------------------------------
def _ask_choice(
    question: str, choices: dict[str, str], default: str | None = None, optional: bool = False
) -> str | None:
    """Numbered choices; the answer may be the number, the code or the label."""
    from sampingdesa.errors import SampingError
    from sampingdesa.visits.rules import label, parse_choice

    codes = list(choices)
    say(question)
    for number, code in enumerate(codes, start=1):
        say(f"  {number}) {label(choices, code)}")
    while True:
        shown = str(codes.index(default) + 1) if default else ("" if optional else None)
        answer = typer.prompt(">", default=shown, show_default=bool(default)).strip()
        if not answer and optional:
            return None
        if answer.isdigit() and 1 <= int(answer) <= len(codes):
            return codes[int(answer) - 1]
        try:
            return parse_choice(answer, choices, question)
        except SampingError as error:
            warn(error.message)


def _ask_text(question: str, default: str | None = None) -> str | None:
    answer: str = typer.prompt(question, default=default or "", show_default=bool(default))
    return answer.strip() or None


def _ask_parsed(question: str, parse: Any, default: str | None = None) -> Any:
    from sampingdesa.errors import SampingError

    while True:
        answer = _ask_text(question, default)
        if answer is None:
            return None
        try:
            return parse(answer)
        except SampingError as error:
            warn(error.message)


def _ask_deliveries(conn: sqlite3.Connection, recipient: sqlite3.Row, data: VisitInput) -> None:
    from sampingdesa.register.programs import get_program
    from sampingdesa.visits.recording import active_programs
    from sampingdesa.visits.rules import (
        PROBLEMS,
        STATUSES,
        DeliverySpec,
        expected_amount,
        parse_amount,
        parse_coded_note,
        parse_period,
        period_of,
    )

    programs = active_programs(conn, recipient["uuid"])
    if not programs:
        say(_("{name} is not enrolled in any programme.").format(name=recipient["name"]))
        return
    options = {code: code for code in programs}
    while True:
        code = _ask_choice(
            _("Check the aid of which programme? (empty: done)"), options, optional=True
        )
        if code is None:
            return
        program = get_program(conn, code)
        suggested = period_of(data.visit_date, program.cadence == "tahap").label
        period = _ask_parsed(_("Period (YYYY-MM or YYYY-Tn)"), parse_period, suggested)
        status = str(_ask_choice(_("Was the aid received?"), STATUSES, "full"))
        amount = None
        if status in ("full", "partial"):
            nominal = expected_amount(program.nominal_amount, program.amount_unit, period)
            amount = _ask_parsed(
                _("Amount received (Rp)"), parse_amount, str(nominal) if nominal else None
            )
            data.received_date = data.received_date or _ask_parsed(
                _("Date received (empty: unknown)"), _date
            )
        if status in ("partial", "none"):
            problem = _ask_choice(_("What was the problem? (empty: none)"), PROBLEMS, optional=True)
            if problem == "other":
                note = _ask_text(_("Describe the problem")) or "-"
                data.problem = parse_coded_note(f"other:{note}", PROBLEMS, "")
            elif problem:
                data.problem = (problem, None)
        data.deliveries.append(DeliverySpec(program.code, period, status, amount))


def _ask_monitoring(conn: sqlite3.Connection, recipient: sqlite3.Row, data: VisitInput) -> None:
    from sampingdesa.visits.rules import ASPECTS, CHANGES, OFF_TARGET_REASONS, ON_TARGET

    _ask_deliveries(conn, recipient, data)
    data.on_target = _ask_choice(_("Is the family still on target?"), ON_TARGET, "yes")
    if data.on_target == "no":
        reason = str(_ask_choice(_("Why not?"), OFF_TARGET_REASONS))
        note = _ask_text(_("Explain (optional)")) if reason != "other" else None
        if reason == "other":
            note = _ask_text(_("Describe the reason")) or "-"
        data.reason = (reason, note)
    data.outcome = _ask_choice(
        _("Since receiving aid, is the family better off? (empty: skip)"), CHANGES, optional=True
    )
    if data.outcome:
        for aspect, aspect_label in ASPECTS.items():
            question = _("What about {aspect}? (empty: skip)").format(aspect=_(aspect_label))
            answer = _ask_choice(question, CHANGES, optional=True)
            if answer:
                data.aspects[aspect] = answer
    data.ready_to_graduate = typer.confirm(_("Does the family look ready to graduate?"), False)


def _ask_escort(data: VisitInput) -> None:
    data.facility = data.facility or _ask_text(_("Health facility (e.g. Puskesmas Kandangan)"))
    data.purpose = data.purpose or _ask_text(_("Purpose of the visit"))
    data.transport = data.transport or _ask_text(_("Transport (optional)"))
    data.result = data.result or _ask_text(_("Result (optional)"))


def questionnaire(conn: sqlite3.Connection, recipient: sqlite3.Row, data: VisitInput) -> None:
    """Ask, in the user's language, what the options did not say."""
    from sampingdesa.visits.recording import active_programs
    from sampingdesa.visits.rules import KINDS

    say(
        _("Visit to {name}, enrolled in: {programs}.").format(
            name=recipient["name"],
            programs=", ".join(active_programs(conn, recipient["uuid"])) or "-",
        ),
        style="bold",
    )
    _warn_double_aid(conn, recipient["uuid"])
    if not data.escort:
        data.escort = _ask_choice(_("Kind of visit"), KINDS, "monitoring") == "escort"
    if data.escort:
        _ask_escort(data)
    else:
        _ask_monitoring(conn, recipient, data)
    data.needs_referral = data.needs_referral or typer.confirm(
        _("Does someone need a referral (service, health, social)?"), False
    )
    data.notes = data.notes or _ask_text(_("Notes (optional)"))


def _warn_double_aid(conn: sqlite3.Connection, recipient_uuid: str) -> None:
    from sampingdesa.register.recipients import double_aid
    from sampingdesa.visits.recording import active_programs

    for first, second in double_aid(conn, set(active_programs(conn, recipient_uuid))):
        warn(
            _("double aid: {first} and {second} may not go to the same family.").format(
                first=first, second=second
            )
        )


# -- reporting what happened -----------------------------------------------------------------
def _report(result: VisitResult, skip: set[str] | None = None) -> None:
    from sampingdesa.register.findings import FINDING_KINDS
    from sampingdesa.values.short_ids import short_id
    from sampingdesa.visits.rules import label

    for message in result.warnings:
        if not (skip and message in skip):
            warn(message)
    for finding_uuid, new in result.opened:
        say(
            _("Finding {id} opened: {kind} ({details}).").format(
                id=short_id(finding_uuid), kind=label(FINDING_KINDS, new.kind), details=new.details
            ),
            style="yellow",
        )
    for resolved in result.resolved:
        say(
            _("Finding {id} resolved: the aid has now been received.").format(id=short_id(resolved))
        )


def _offer_resolution(conn: sqlite3.Connection, result: VisitResult) -> None:
    """A finding the visit found settled: resolve on a terminal if the user agrees."""
    from sampingdesa.places.workspace import actor
    from sampingdesa.register.findings import resolve_finding
    from sampingdesa.store.changes import changes
    from sampingdesa.values.short_ids import short_id

    pending = [row for row in result.matching if row["uuid"] not in result.resolved]
    for row in pending:
        ident = short_id(row["uuid"])
        question = _("Open finding {id} ({details}): resolve it now?").format(
            id=ident, details=row["details"]
        )
        if core.interactive() and typer.confirm(question, True):
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


# -- commands --------------------------------------------------------------------------------
@app.command("add")
def add(
    nik: Annotated[
        str, typer.Argument(metavar="NIK", help="The recipient's NIK (or id, or name).")
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
) -> None:
    """Record a visit (asks on a terminal for what the options leave out)."""
    from sampingdesa.places.workspace import current_assistant
    from sampingdesa.store.changes import changes
    from sampingdesa.visits.recording import VisitInput, find_visit_recipient, record_visit
    from sampingdesa.visits.rules import (
        CHANGES,
        OFF_TARGET_REASONS,
        ON_TARGET,
        PROBLEMS,
        parse_delivery,
        parse_gps,
    )

    conn = open_database()
    assistant = current_assistant(conn)
    recipient = find_visit_recipient(conn, nik)
    visit_date = _date(date)
    data = VisitInput(
        visit_date=visit_date or today(),
        escort=escort,
        deliveries=[parse_delivery(spec) for spec in delivery or []],
        received_date=_date(received),
        problem=_coded(problem, PROBLEMS, _("problem")),
        on_target=_choice(on_target, ON_TARGET, "--on-target"),
        reason=_coded(reason, OFF_TARGET_REASONS, _("reason")),
        outcome=_choice(change, CHANGES, "--change"),
        aspects=_aspects(
            income=income, work=work, housing=housing, schooling=schooling, health=health
        ),
        ready_to_graduate=ready_to_graduate,
        needs_referral=needs_referral,
        facility=facility, purpose=purpose, transport=transport, result=result,
        notes=notes,
        gps=parse_gps(gps) if gps else None,
        photos=list(photo or []),
    )  # fmt: skip
    if visit_date is None:
        if not core.interactive():
            core.ask(_("Date of the visit (--date)"))
        data.visit_date = _ask_parsed(_("Date of the visit"), _date, today().isoformat())
    if core.interactive() and not data.has_findings():
        questionnaire(conn, recipient, data)
    with changes(conn, assistant.uuid) as writer:
        outcome = record_visit(
            writer, recipient["uuid"], data, assistant.uuid, today=today(),
            resolve_findings=resolve_findings,
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
    csv_output: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
) -> None:
    """List visits, oldest first."""
    from sampingdesa.values.parsing import parse_month
    from sampingdesa.visits.recording import delivery_summary
    from sampingdesa.visits.recording import list_visits as load
    from sampingdesa.visits.rules import KINDS, parse_choice

    conn = open_database()
    records = load(
        conn,
        desa_code=_desa_code(conn, desa),
        month=parse_month(month) if month else None,
        kind=parse_choice(kind, KINDS, "--kind") if kind else None,
    )
    if json_output:
        emit_json(records)
        return
    headers = [
        "ID", _("Date"), _("Kind"), "NIK", _("Name"), _("Desa"), _("Aid"), _("On target"),
        _("Change"), _("Notes"),
    ]  # fmt: skip
    rows = [
        [r["id"], r["date"], r["kind"], r["nik"], r["name"], r["desa_name"],
         "; ".join(delivery_summary(d) for d in r["deliveries"]), r["on_target"], r["outcome"],
         r["notes"]]
        for r in records
    ]  # fmt: skip
    if csv_output:
        emit_csv(headers, rows)
    else:
        print_table(None, headers, rows, caption=_("{count} visits").format(count=len(records)))


@app.command("show")
def show(visit_id: VisitIdArgument, json_output: JsonOption = False) -> None:
    """Everything one visit recorded, with the findings it opened."""
    from sampingdesa.visits.recording import delivery_summary, visit_detail
    from sampingdesa.visits.rules import (
        ASPECTS,
        CHANGES,
        KINDS,
        OFF_TARGET_REASONS,
        ON_TARGET,
        label,
    )

    record = visit_detail(open_database(), visit_id, today())
    if json_output:
        emit_json(record)
        return
    fields = [
        ("ID", record["uuid"]), (_("Date"), record["date"]),
        (_("Kind"), label(KINDS, record["kind"])),
        (_("Name"), f"{record['name']} ({record['nik']})"), (_("Desa"), record["desa_name"]),
        (_("Aid"), "; ".join(delivery_summary(d) for d in record["deliveries"])),
        (_("On target"), label(ON_TARGET, record["on_target"])),
        (_("Reason"), " ".join(filter(None, [label(OFF_TARGET_REASONS, record["off_target_reason"]),
                                             record["off_target_note"]]))),
        (_("Change"), label(CHANGES, record["outcome"])),
        (_("What changed"), ", ".join(f"{label(ASPECTS, a)}: {label(CHANGES, c)}"
                                      for a, c in record["changes"].items())),
        (_("Ready to graduate"), _("yes") if record["ready_to_graduate"] else _("no")),
        (_("Needs referral"), _("yes") if record["needs_referral"] else _("no")),
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
    print_table(_("Visit {id}").format(id=record["id"]), [_("Field"), _("Value")], fields)
    _print_findings(record["findings"], _("Findings of this visit"))


def _print_findings(records: list[dict[str, Any]], title: str) -> None:
    from sampingdesa.register.findings import FINDING_KINDS
    from sampingdesa.visits.rules import label

    if records:
        print_table(
            title,
            ["ID", _("Kind"), _("Opened"), _("Status"), _("Details")],
            [[f["id"], label(FINDING_KINDS, f["kind"]), f["opened_on"], f["status"], f["details"]]
             for f in records],
        )  # fmt: skip


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
    from sampingdesa.places.workspace import actor
    from sampingdesa.store.changes import changes
    from sampingdesa.visits.recording import edit_visit
    from sampingdesa.visits.rules import (
        CHANGES,
        OFF_TARGET_REASONS,
        ON_TARGET,
        PROBLEMS,
        parse_delivery,
        parse_gps,
    )

    given: dict[str, Any] = {
        "visit_date": _date(date), "received_date": _date(received),
        "problem": _coded(problem, PROBLEMS, _("problem")),
        "on_target": _choice(on_target, ON_TARGET, "--on-target"),
        "reason": _coded(reason, OFF_TARGET_REASONS, _("reason")),
        "outcome": _choice(change, CHANGES, "--change"),
        "ready_to_graduate": ready_to_graduate, "needs_referral": needs_referral,
        "facility": facility, "purpose": purpose, "transport": transport, "result": result,
        "notes": notes, "gps": parse_gps(gps) if gps else None, "photos": list(photo or []) or None,
    }  # fmt: skip
    overrides = {key: value for key, value in given.items() if value is not None}
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
        say(_("Visit {id} changed: {fields}.").format(id=outcome.id, fields=", ".join(changed)))
    else:
        say(_("Nothing changed."))
    _report(outcome)


@app.command("remove")
def remove(
    visit_id: VisitIdArgument,
    reason: Annotated[str, typer.Option(help="Why the visit is removed.")],
) -> None:
    """Remove a visit (soft: it stays in the database and the change log)."""
    from sampingdesa.places.workspace import actor
    from sampingdesa.store.changes import changes
    from sampingdesa.values.short_ids import short_id
    from sampingdesa.visits.recording import remove_visit

    conn = open_database()
    with changes(conn, actor(conn)) as writer:
        row = remove_visit(writer, visit_id, reason)
    say(_("Visit {id} removed, with its findings; the record stays for history.").format(
        id=short_id(row["uuid"])
    ))  # fmt: skip


def _print_recipients(records: list[dict[str, Any]], title: str, caption: str) -> None:
    print_table(
        title,
        ["NIK", _("Name"), _("Desa"), _("Programmes"), _("Last visit"), _("Open findings"), "ID"],
        [[r["nik"], r["name"], r["desa_name"], ", ".join(r["programs"]), r["last_visit"],
          r["open_findings"] or "", r["uuid"][:8]] for r in records],
        caption=caption,
    )  # fmt: skip


@app.command("due")
def due(
    month: MonthOption = None,
    days: Annotated[
        int | None, typer.Option(help="Due when not visited in the last N days instead.", min=1)
    ] = None,
    desa: DesaOption = None,
    json_output: JsonOption = False,
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
    _print_recipients(
        records, _("Due for a visit"), _("{count} recipients due").format(count=len(records))
    )


@app.command("sample")
def sample(
    month: Annotated[str, typer.Option(help="Month, YYYY-MM.")],
    per_desa: Annotated[int, typer.Option(help="How many recipients per desa.", min=1)],
    seed: Annotated[
        int | None, typer.Option(help="Seed: the same seed gives the same sample.")
    ] = None,
    desa: DesaOption = None,
    json_output: JsonOption = False,
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
    _print_recipients(
        records,
        _("Monitoring sample"),
        _("{count} recipients; repeat with --seed {seed}").format(
            count=len(records), seed=chosen_seed
        ),
    )


@app.command("template")
def template(
    month: Annotated[str, typer.Option(help="Month, YYYY-MM.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The .xlsx file to write.", dir_okay=False)
    ],
    desa: DesaOption = None,
) -> None:
    """A visit form (.xlsx) for the due recipients, to fill in offline."""
    from sampingdesa.visits.forms import write_template

    conn = open_database()
    count = write_template(
        conn, output, month=_month(month), today=today(), desa_code=_desa_code(conn, desa)
    )
    say(_("Wrote {path}: {count} recipients to visit.").format(path=output, count=count))


@app.command("import")
def import_form(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="FORM.xlsx", help="A filled visit form.", exists=True, dir_okay=False
        ),
    ],
    resolve_findings: Annotated[
        bool,
        typer.Option(
            "--resolve-findings", help="Resolve open findings the visits show are settled."
        ),
    ] = False,
) -> None:
    """Record the visits of a filled form (all or nothing; a corrected row updates its visit)."""
    from sampingdesa.places.workspace import current_assistant
    from sampingdesa.store.changes import changes
    from sampingdesa.visits.forms import import_form as load

    conn = open_database()
    assistant = current_assistant(conn)
    with changes(conn, assistant.uuid) as writer:
        summary = load(
            writer, path, assistant.uuid, today=today(), resolve_findings=resolve_findings
        )
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
