import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sampingdesa.cli.database import open_database
from sampingdesa.cli.options import (
    MAX_COUNT,
    CsvOption,
    JsonOption,
    ReasonForNikOption,
    SepOption,
    ShowNikOption,
    YesOption,
)
from sampingdesa.cli.output import emit_json, say, warn
from sampingdesa.cli.prompts import confirm, interactive
from sampingdesa.cli.root import fail
from sampingdesa.cli.state import state
from sampingdesa.cli.tables import print_table
from sampingdesa.errors import SampingError
from sampingdesa.i18n import _, ngettext

if TYPE_CHECKING:
    from sampingdesa.store.audit import AuditEntry

app = typer.Typer(
    help="The database file: where it is, and whether it is healthy.", no_args_is_help=True
)


@app.command("path")
def path() -> None:
    """Print where the database file is."""
    from sampingdesa.store.db import default_db_path

    typer.echo(str(state.db_path or default_db_path()))


@app.command("check")
def check(json_output: JsonOption = False) -> None:
    """Check integrity, foreign keys and schema version; exit 1 when something is wrong."""
    from sampingdesa.store.backup import backup_dir
    from sampingdesa.store.health import check_file

    report = check_file(Path(_db_path()))
    if json_output:
        emit_json(report.as_dict())
    else:
        say(
            _("Schema version {found} (this program: {known}).").format(
                found=report.schema_version, known=report.latest_version
            )
        )
        say(_("Integrity: {result}.").format(result=", ".join(report.integrity[:10])))
        say(_("Foreign-key problems: {count}.").format(count=len(report.foreign_key_problems)))
    if report.damaged:
        fail(
            SampingError(
                _(
                    "The database file is damaged. Restore the newest good backup with "
                    "`sampingdesa db restore FILE` (backups are in {folder})."
                ).format(folder=backup_dir(Path(_db_path()))),
                details=report.problems[:10],
            )
        )
    if not report.ok:
        fail(SampingError(_("The database has problems."), details=report.problems))
    if not json_output:
        say(_("The database is healthy."), style="green")


def _db_path() -> Any:
    from sampingdesa.store.db import default_db_path

    return state.db_path or default_db_path()


@app.command("backup")
def backup(
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Backup file (default: backups/ beside the database, dated).",
            dir_okay=False,
        ),
    ] = None,
    keep: Annotated[
        int,
        typer.Option(
            help="How many dated backups to keep in the backups folder.", min=1, max=MAX_COUNT
        ),
    ] = 10,
) -> None:
    """Make a consistent copy of the database, even while other commands are writing."""
    from sampingdesa.cli.progress_display import progress_display, say_finished
    from sampingdesa.store.backup import backup_database

    conn = open_database()
    with progress_display() as shown:
        target = backup_database(conn, Path(_db_path()), output, keep=keep, progress=shown)
    say_finished(_("Backup written: {path}").format(path=target), shown.seconds)


@app.command("restore")
def restore(
    source: Annotated[Path, typer.Argument(help="Backup file to restore.", dir_okay=False)],
    yes: YesOption = False,
) -> None:
    """Replace the database with a backup (checked first; the current one is backed up)."""
    from sampingdesa.cli.files import expand_one
    from sampingdesa.cli.progress_display import progress_display, say_finished
    from sampingdesa.store.backup import check_candidate, restore_database

    source = expand_one(source)
    with progress_display() as checking:
        checking(0, None, _("Checking {file}").format(file=source.name))
        check_candidate(source)
    checked = checking.seconds  # the time spent answering below does not count
    if (
        not yes
        and interactive()
        and not confirm(_("Replace {db} with {source}?").format(db=_db_path(), source=source))
    ):
        raise typer.Exit(1)
    with progress_display(earlier=checked) as shown:
        done = restore_database(Path(_db_path()), source, progress=shown, checked=True)
        shown(0, None, _("Bringing the database up to date"))
        open_database().close()  # bring an older backup's schema up to date
    if done.backup is not None:
        say(_("The previous database was kept as {path}.").format(path=done.backup))
    if done.moved_aside is not None:
        warn(
            _(
                "The previous database was too damaged to back up; it was moved aside as {path}."
            ).format(path=done.moved_aside)
        )
    say_finished(_("Restored from {source}").format(source=source), shown.seconds, style="green")


audit_app = typer.Typer(help="The tamper-evident change log.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify(
    head: Annotated[
        str | None,
        typer.Option(help="A chain head printed earlier (e.g. on a monthly workbook) to check."),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Check the change log's hash chain and replay it against the tables; exit 1 when an
    entry is broken or a row does not match its last logged value."""
    from sampingdesa.cli.progress_display import count_text, progress_display, say_finished
    from sampingdesa.sync.trust import verify

    conn = open_database()
    with progress_display(json_output) as shown:
        result = verify(conn, head, progress=shown)
    if json_output:
        emit_json(result.as_dict())
    elif result.mismatches:
        print_table(
            _("Rows that do not match the change log"),
            [_("Table"), _("Record"), _("Field"), _("Logged"), _("Found")],
            [[m.table, m.row_uuid[:8], m.field, _masked(m.field, m.logged),
              _masked(m.field, m.found)] for m in result.mismatches[:200]],
        )  # fmt: skip
    if result.problem:
        fail(SampingError(result.problem))
    if result.forks:
        fail(SampingError("\n".join(result.forks)))
    if result.mismatches:
        fail(
            SampingError(
                ngettext(
                    "{count} row or field was changed outside sampingdesa (not as the change "
                    "log says).",
                    "{count} rows or fields were changed outside sampingdesa (not as the change "
                    "log says).",
                    len(result.mismatches),
                ).format(count=len(result.mismatches))
            )
        )  # fmt: skip
    if not json_output:
        what = ngettext(
            "The change log is intact ({count} entry) and every row matches it.",
            "The change log is intact ({count} entries) and every row matches it.",
            result.entries,
        ).format(count=count_text(result.entries))
        say_finished(what, shown.seconds, style="green")
        if result.head is not None:
            say(_("Chain head: {head}").format(head=result.head.text))


def _masked(field: str, value: Any) -> str:
    from sampingdesa.store.audit import mask_numbers
    from sampingdesa.values.nik import mask_field_value

    text = mask_numbers("" if value is None else str(value)) or ""
    return str(mask_field_value(field, text))


@audit_app.command("list")
def audit_list(
    table: Annotated[str | None, typer.Option(help="Only this table, e.g. recipients.")] = None,
    row: Annotated[
        str | None, typer.Option(help="Only this record (its id; the first characters are enough).")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only entries from this date (YYYY-MM-DD).")
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
    """The history of records: who changed what, when, old and new values."""
    from sampingdesa.cli.privacy import reveal_from
    from sampingdesa.privacy import audit_entries
    from sampingdesa.values.parsing import parse_date

    conn = open_database()
    start = parse_date(since).isoformat() if since else None
    entries = audit_entries(conn, table=table, row_uuid=row, since=start, limit=limit,
                            reveal=reveal_from(show_nik, reason, "db audit list"))  # fmt: skip
    if json_output:
        emit_json(entries)
        return
    if csv_output:
        from sampingdesa.cli.output import emit_csv

        emit_csv(
            ["#", _("When"), _("Who"), _("Table"), _("Record"), _("Action"), _("Old"), _("New"),
             _("Reason")],
            ([e["id"], e["at"][:19].replace("T", " "), e["actor_name"] or e["actor"],
              e["table_name"], e["row_uuid"], e["action"], e["old"], e["new"], e["reason"]]
             for e in entries),
            sep=sep,
        )  # fmt: skip
        return
    from sampingdesa.cli.tables import key, number, text

    print_table(
        None,
        [number("#"), key(_("When")), text(_("Who")), key(_("Table"), wide=True),
         key(_("Record")), key(_("Action")), text(_("Old"), wide=True), text(_("New")),
         text(_("Reason"), wide=True)],
        [
            [e["id"], e["at"][:19].replace("T", " "), e["actor_name"] or e["actor"],
             e["table_name"], e["row_uuid"][:8], e["action"], e["old"], _shown_new(e),
             e["reason"]]
            for e in entries
        ],
    )  # fmt: skip


def _shown_new(entry: "AuditEntry") -> str | None:
    """A bulk entry lists thousands of row digests: the table says how many rows."""
    if entry["action"] != "bulk-insert" or not entry["new"]:
        return entry["new"]
    rows = len(json.loads(entry["new"])["rows"])
    return ngettext(
        "{count} row, with the hash of its content",
        "{count} rows, each with the hash of its content",
        rows,
    ).format(count=rows)
