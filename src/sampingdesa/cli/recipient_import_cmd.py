"""`sampingdesa recipient import`: a recipient list (BNBA) from Excel, ODS or CSV."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sampingdesa.cli.database import open_database
from sampingdesa.cli.files import expand_one
from sampingdesa.cli.options import JsonOption
from sampingdesa.cli.output import emit_json, say, warn
from sampingdesa.cli.progress_display import progress_display, say_finished
from sampingdesa.errors import SampingError, UsageProblem
from sampingdesa.i18n import _, ngettext

if TYPE_CHECKING:
    from sampingdesa.importing.pipeline import ImportResult

SHOWN_PROBLEMS = 30


def import_recipients(
    file: Annotated[
        Path, typer.Argument(help="The list: .xlsx, .xls, .ods or .csv.", dir_okay=False)
    ],
    program: Annotated[
        str | None, typer.Option("--program", help="Enroll every row in this programme.")
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", help="Sheet to read (default: the first with a NIK column)."),
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help='Say what a column holds, e.g. --map "No Identitas=nik" (repeatable).',
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and count only; write nothing.")
    ] = False,
    skip_invalid: Annotated[
        bool,
        typer.Option("--skip-invalid", help="Import the valid rows and report the others."),
    ] = False,
    errors_to: Annotated[
        Path | None,
        typer.Option(
            "--errors-to",
            help='Write the rejected rows to this .xlsx file, with a "Masalah" column.',
            dir_okay=False,
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            help="Encoding of a CSV file, e.g. cp1252 (default: decided from the whole file).",
        ),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Import a recipient list (BNBA) from Excel, ODS or CSV: all rows or none."""
    from sampingdesa.importing.columns import parse_mapping
    from sampingdesa.importing.pipeline import ImportOptions
    from sampingdesa.importing.pipeline import import_recipients as run_import

    if errors_to is not None and errors_to.suffix.lower() != ".xlsx":
        raise UsageProblem(_("--errors-to needs a file name ending in .xlsx."))
    options = ImportOptions(
        program=program,
        sheet=sheet,
        mapping=parse_mapping(mapping or []),
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        errors_to=errors_to,
        encoding=encoding,
    )
    file = expand_one(file)
    conn = open_database()
    with progress_display(json_output) as shown:
        shown(0, None, _("Reading rows"))
        result = run_import(conn, file, options, progress=shown)
    refused = result.rejected > 0 and not skip_invalid
    if json_output:
        emit_json(result.summary())
        if refused:
            raise typer.Exit(1)
        return
    _report(result, shown.seconds, refused)
    if refused:
        raise SampingError(
            ngettext(
                "Nothing was imported: {count} row has problems. Fix it, or import the "
                "valid rows with --skip-invalid.",
                "Nothing was imported: {count} rows have problems. Fix them, or import the "
                "valid rows with --skip-invalid.",
                result.rejected,
            ).format(count=result.rejected)
            if not dry_run
            else ngettext(
                "The import would be refused: {count} row has problems.",
                "The import would be refused: {count} rows have problems.",
                result.rejected,
            ).format(count=result.rejected)
        )


def _report(result: "ImportResult", seconds: float, refused: bool) -> None:
    if result.other_sheets:
        warn(
            _("Other sheets also look like lists: {sheets}. Read {sheet}; use --sheet to choose.")
            .format(sheets=", ".join(result.other_sheets), sheet=result.sheet)
        )  # fmt: skip
    if result.unknown_columns:
        warn(
            _("Columns not recognised (not imported): {columns}. Use --map to name them.").format(
                columns=", ".join(result.unknown_columns)
            )
        )
    if result.desa_default:
        warn(_("The list has no desa column: every new recipient goes to your desa."))
    for aid in result.double_aid:
        warn(
            _("double aid on row {row}: {name} ({nik}) in {first} and {second}.").format(
                row=aid.row, name=aid.name, nik=aid.nik, first=aid.programs[0],
                second=aid.programs[1],
            )
        )  # fmt: skip
    if result.problems:
        # Behind a refusal they explain the error (printed even with --quiet); with
        # --skip-invalid they are a report like the others.
        _print_problems(result, asked=refused)
    say_finished(_summary_line(result), seconds)


def _print_problems(result: "ImportResult", asked: bool) -> None:
    """One line per problem; a problem repeated on many rows once, naming the rows."""
    from sampingdesa.io.sheet_import import describe_group, group_problems

    groups = group_problems(result.problems)
    say(_("Problems in {file}").format(file=result.file), style="bold", asked=asked)
    for group in groups[:SHOWN_PROBLEMS]:
        say("  " + describe_group(group), asked=asked)
    more = len(groups) - SHOWN_PROBLEMS
    if more > 0:
        say(
            ngettext(
                "{count} more problem: see --errors-to FILE.xlsx or --json.",
                "{count} more problems: see --errors-to FILE.xlsx or --json.",
                more,
            ).format(count=more),
            asked=asked,
        )
    if result.errors_to:
        say(_("Rejected rows written to {path}.").format(path=result.errors_to), asked=asked)


def _summary_line(result: "ImportResult") -> str:
    counts = _("{new} new, {updated} updated, {unchanged} unchanged, {rejected} rejected").format(
        new=result.new, updated=result.updated, unchanged=result.unchanged,
        rejected=result.rejected,
    )  # fmt: skip
    if result.enrolled:
        counts += ngettext(", {count} enrollment", ", {count} enrollments", result.enrolled).format(
            count=result.enrolled
        )
    if result.dry_run:
        return _("Dry run, nothing written. {file}: {counts}.").format(
            file=result.file, counts=counts
        )
    if result.committed:
        return _("Imported {file}: {counts}.").format(file=result.file, counts=counts)
    return _("Not imported. {file}: {counts}.").format(file=result.file, counts=counts)
