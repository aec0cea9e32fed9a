"""`sampingdesa report summary|monthly|recipients`."""

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from sampingdesa.cli.database import open_database
from sampingdesa.cli.options import (
    CsvOption,
    ForceOption,
    JsonOption,
    MonthOption,
    ReasonForNikOption,
    SepOption,
)
from sampingdesa.cli.output import emit_json, say, say_command
from sampingdesa.cli.prompts import confirm, interactive
from sampingdesa.cli.render import render_summary
from sampingdesa.errors import SampingError, UsageProblem
from sampingdesa.i18n import _, ngettext

app = typer.Typer(
    help="Terminal summary and Excel workbooks for Dinas Sosial.", no_args_is_help=True
)

KecamatanOption = Annotated[str | None, typer.Option(help="Only this kecamatan (code or name).")]
DesaOption = Annotated[str | None, typer.Option(help="Only this desa (code or name).")]
OutputOption = Annotated[
    Path, typer.Option("-o", "--output", help="File to write.", dir_okay=False)
]
PaperOption = Annotated[
    str | None,
    typer.Option("--paper", help="Paper: A4 or F4 (default: the report settings, else A4)."),
]


def _check_overwrite(path: Path, force: bool) -> bool:
    """True when the file may be written (asks on a terminal when it exists)."""
    if force or not path.exists():
        return force
    if interactive() and confirm(_("{path} exists. Write over it?").format(path=path)):
        return True
    raise SampingError(_("{path} already exists; use --force to write over it.").format(path=path))


@app.command("monthly")
def monthly(
    month: MonthOption,
    output: OutputOption,
    kecamatan: KecamatanOption = None,
    desa: DesaOption = None,
    full_nik: Annotated[
        bool, typer.Option("--full-nik", help="Write full NIKs (same as --profile full).")
    ] = False,
    profile: Annotated[
        str,
        typer.Option(
            help="Privacy: masked (default), full, or aggregate (counts only).",
            show_default=False,  # the default is a code; the help names it in words
        ),
    ] = "masked",
    reason: ReasonForNikOption = None,
    paper: PaperOption = None,
    notes: Annotated[
        Path | None,
        typer.Option(
            "--notes",
            help="Text file with the month's narrative: problems and follow-up, then a line "
            "'---', then the plan for next month (printed on its own page).",
            dir_okay=False,
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    """Write the monthly workbook for Dinas Sosial: a one-page summary to sign, then the details."""
    from sampingdesa.register.office import parse_paper
    from sampingdesa.reports.queries import resolve_scope
    from sampingdesa.values.parsing import parse_month

    profile = _profile(profile, full_nik)
    if output.suffix.lower() != ".xlsx":
        raise UsageProblem(_("The workbook must be an .xlsx file: {path}").format(path=output))
    the_month = parse_month(month)
    paper_code = parse_paper(paper) if paper else None
    narrative = _read_notes(notes) if notes else ""
    from sampingdesa.cli.privacy import reveal_from

    reveal = reveal_from(
        profile == "full", reason, f"report monthly {the_month.label} {output.name}"
    )
    conn = open_database()
    scope = resolve_scope(conn, kecamatan, desa)
    force = _check_overwrite(output, force)
    from sampingdesa.cli.progress_display import count_text, progress_display, say_finished
    from sampingdesa.reports.workbook import build_monthly

    # The library logs (and commits) the reveal before a single full NIK is written: a run
    # killed while writing still leaves its reveal in the change log.
    with progress_display() as shown:
        report = build_monthly(
            conn,
            the_month,
            scope,
            profile=profile,
            path=output,
            force=force,
            progress=shown,
            reveal=reveal,
            paper=paper_code,
            notes=narrative,
        )
    what = _("Written {path}: {sheets} sheets, {rows} rows").format(
        path=report.path, sheets=len(report.sheets), rows=count_text(report.rows)
    )
    if profile != "masked":
        what += _(", profile {profile}").format(profile=profile)
    say_finished(what, shown.seconds)
    if report.data is not None:
        for line in export_advice(report.data):  # commands to copy: never wrapped
            say_command(line, style="yellow")
    if report.summary.empty:
        say(_("No recipients enrolled and no visits recorded in this month."), style="yellow")


def _read_notes(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UsageProblem(
            _("Cannot read the notes file {path}: {cause}").format(
                path=path, cause=error.strerror or error)
        ) from None  # fmt: skip
    if len(raw) > 50_000:
        raise UsageProblem(
            _("The notes file {path} is longer than 50,000 bytes.").format(path=path)
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageProblem(
            _("The notes file {path} is not UTF-8 text.").format(path=path)
        ) from None
    return "".join(ch for ch in text if ch.isprintable() or ch in "\n\t")


def export_advice(data: Any) -> list[str]:
    """What to do about what the workbook leaves blank: commands belong on the terminal,
    never on paper."""
    lines = []
    for program in data.programs:
        if program.nominal is None and program.form != "iuran" and program.counts.checked:
            lines.append(_("Nominal of {code} not set: sampingdesa program edit {code} "
                           "--amount N").format(code=program.code))  # fmt: skip
    desa = [d for rows in data.summary.desa.values() for d in rows]
    if any(not d.idm_status for d in desa):
        lines.append(_("IDM status not filled in: sampingdesa wilayah idm import FILE"))
    if any(not a.desa_name for a in data.assistants):
        lines.append(_("Assistant's desa not filled in: the assistant runs sampingdesa init "
                       "--desa DESA on their laptop, then syncs."))  # fmt: skip
    if data.head:
        lines.append(_("Check a copy of the database against this report: sampingdesa db "
                       "audit verify --head {head}").format(head=data.head))  # fmt: skip
    return lines


def _profile(profile: str, full_nik: bool) -> str:
    from sampingdesa.values.codes import PrivacyProfile

    wanted = PrivacyProfile.parse(profile, "profile")
    if full_nik:
        if wanted is PrivacyProfile.AGGREGATE:
            raise UsageProblem(_("--full-nik cannot be combined with --profile aggregate."))
        return str(PrivacyProfile.FULL.value)
    return str(wanted.value)


@app.command("summary")
def summary(
    month: MonthOption,
    kecamatan: KecamatanOption = None,
    json_output: JsonOption = False,
    csv_output: CsvOption = False,
    sep: SepOption = ",",
) -> None:
    """Show the month's summary per kecamatan (the Ringkasan sheet)."""
    from sampingdesa.reports.queries import month_summary, resolve_scope
    from sampingdesa.values.parsing import parse_month

    the_month = parse_month(month)
    conn = open_database()
    result = month_summary(conn, the_month, resolve_scope(conn, kecamatan, None))
    if json_output:
        emit_json(result.as_json())
    else:
        render_summary(result, sep if csv_output else None)


@app.command("recipients")
def recipients(
    output: OutputOption,
    program: Annotated[str | None, typer.Option(help="Only recipients in this programme.")] = None,
    desa: DesaOption = None,
    show_nik: Annotated[
        bool, typer.Option("--show-nik", help="Write full NIKs (logged, with --reason).")
    ] = False,
    reason: ReasonForNikOption = None,
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            help="Also write these contact columns (comma-separated: address, rt, rw, phone); "
            "the masked register leaves them out.",
        ),
    ] = None,
    sep: SepOption = ",",
    force: ForceOption = False,
) -> None:
    """Export the recipient register as a workbook (.xlsx) or CSV (.csv), NIKs masked."""
    from sampingdesa.cli.privacy import reveal_from
    from sampingdesa.reports.register_export import (
        parse_separator,
        register_columns,
        register_rows,
        write_register_csv,
    )
    from sampingdesa.values.codes import ContactColumn

    suffix = output.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise UsageProblem(
            _("Write the register to an .xlsx or .csv file: {path}").format(path=output)
        )
    separator = parse_separator(sep)
    reveal = reveal_from(show_nik, reason, f"report recipients {output.name}")
    conn = open_database()
    contact = [
        ContactColumn.parse(word, "columns").value
        for word in (columns or "").split(",")
        if word.strip()
    ]
    force = _check_overwrite(output, force)
    # the library logs the reveal before it reads a full NIK (so before anything is written)
    rows = register_rows(conn, program=program, desa=desa, reveal=reveal, contact=contact)
    headers = register_columns(show_nik, contact)

    def write() -> Path:
        if suffix == ".csv":
            return write_register_csv(rows, output, force=force, headers=headers, sep=separator)
        from sampingdesa.register.office import file_properties, read_office
        from sampingdesa.reports.workbook import build_register

        subtitle = ngettext(
            "{count} recipient, exported {date}.", "{count} recipients, exported {date}.", len(rows)
        ).format(count=len(rows), date=dt.date.today().strftime("%d-%m-%Y"))
        props = file_properties(conn, _("Recipient register"), subtitle)
        return build_register(rows, output, subtitle=subtitle, force=force, headers=headers,
                              paper=read_office(conn).paper, props=props)  # fmt: skip

    path = write()
    say(
        ngettext(
            "Written: {path} ({count} recipient).",
            "Written: {path} ({count} recipients).",
            len(rows),
        ).format(path=path, count=len(rows))
    )
    if suffix == ".csv":
        advice = [
            _(
                "A spreadsheet opening a CSV drops the leading zeros of RT (010) and phone "
                "numbers; .xlsx keeps them."
            )
        ]
        if separator == ",":
            advice.append(_("Excel set to Indonesian reads ; as the separator: add --sep ';'."))
        say(" ".join(advice), style="yellow")


@app.command("settings")
def settings(
    office_name: Annotated[
        str | None, typer.Option(help='Office name, e.g. "Dinas Sosial".')
    ] = None,
    office_address: Annotated[str | None, typer.Option(help="Office address line.")] = None,
    place: Annotated[str | None, typer.Option(help="Place of signing, e.g. Kandangan.")] = None,
    head_title: Annotated[
        str | None, typer.Option(help="Title of the head of office who acknowledges.")
    ] = None,
    head_name: Annotated[str | None, typer.Option(help="Name of the head of office.")] = None,
    head_nip: Annotated[str | None, typer.Option(help="NIP of the head of office.")] = None,
    preparer_title: Annotated[
        str | None, typer.Option(help="Title of the coordinator who prepares the report.")
    ] = None,
    preparer_name: Annotated[
        str | None, typer.Option(help="Name of the coordinator who prepares the report.")
    ] = None,
    preparer_nip: Annotated[str | None, typer.Option(help="NIP of the coordinator.")] = None,
    paper: Annotated[str | None, typer.Option(help="Paper of the workbook: A4 or F4.")] = None,
    office_phone: Annotated[str | None, typer.Option(help="Office telephone.")] = None,
    office_email: Annotated[str | None, typer.Option(help="Office e-mail.")] = None,
    emblem: Annotated[
        str | None, typer.Option(help="PNG image of the regency's emblem, left of the letterhead.")
    ] = None,
    head_rank: Annotated[
        str | None,
        typer.Option(help='Pangkat/golongan of the head, e.g. "Pembina Utama Muda (IV/c)".'),
    ] = None,
    preparer_rank: Annotated[
        str | None, typer.Option(help="Pangkat/golongan of the coordinator.")
    ] = None,
    report_number: Annotated[
        str | None, typer.Option(help="Report number (nomor), printed under the title.")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show or set the office and the signatures the monthly report prints ("" clears one)."""
    from sampingdesa.cli.tables import print_table
    from sampingdesa.places.laptop import actor
    from sampingdesa.register.office import (
        SETTINGS,
        OfficeInput,
        read_office,
        set_office,
        stored_settings,
    )
    from sampingdesa.store.changes import changes

    conn = open_database()
    given = OfficeInput(
        office_name=office_name, office_address=office_address, place=place,
        head_title=head_title, head_name=head_name, head_nip=head_nip,
        preparer_title=preparer_title, preparer_name=preparer_name,
        preparer_nip=preparer_nip, paper=paper, office_phone=office_phone,
        office_email=office_email, emblem=emblem, head_rank=head_rank,
        preparer_rank=preparer_rank, report_number=report_number,
    )  # fmt: skip
    if given.given():
        with changes(conn, actor(conn)) as writer:
            changed = set_office(writer, given)
        if changed:
            say(_("Report settings changed: {fields}.").format(
                fields=", ".join(_(SETTINGS[key]) for key in changed)))  # fmt: skip
        else:
            say(_("Report settings: nothing changed."))
    stored = stored_settings(conn)
    if json_output:
        emit_json({key: stored.get(key) for key in SETTINGS})
        return
    office = read_office(conn)
    defaults = {
        "office_name": office.name, "head_title": office.head_title,
        "preparer_title": office.preparer_title, "paper": office.paper.upper(),
    }  # fmt: skip
    rows = []
    for key, label in SETTINGS.items():
        if key in stored:
            shown = stored[key]
        elif key in defaults:
            shown = _("{value} (default)").format(value=defaults[key])
        else:
            shown = _("(not set)")
        rows.append([_(label), shown])
    print_table(_("Report settings"), [_("Setting"), _("Value")], rows)
