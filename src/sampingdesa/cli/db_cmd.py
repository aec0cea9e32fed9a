from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, cast

import typer

from sampingdesa.cli.core import (
    emit_json,
    fail,
    interactive,
    open_database,
    print_table,
    say,
    state,
)
from sampingdesa.errors import SampingError
from sampingdesa.i18n import _

app = typer.Typer(
    help="The database file: where it is, and whether it is healthy.", no_args_is_help=True
)


@app.command("path")
def path() -> None:
    """Print where the database file is."""
    from sampingdesa.store.db import default_db_path

    typer.echo(str(state.db_path or default_db_path()))


@app.command("check")
def check(json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Check integrity, foreign keys and schema version; exit 1 when something is wrong."""
    from sampingdesa.store.health import check_database

    report = check_database(open_database())
    if json_output:
        emit_json(report.as_dict())
    else:
        say(
            _("Schema version {found} (this program: {known}).").format(
                found=report.schema_version, known=report.latest_version
            )
        )
        say(_("Integrity: {result}.").format(result=", ".join(report.integrity)))
        say(_("Foreign-key problems: {count}.").format(count=len(report.foreign_key_problems)))
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
        int, typer.Option(help="How many dated backups to keep in the backups folder.", min=1)
    ] = 10,
) -> None:
    """Make a consistent copy of the database, even while other commands are writing."""
    from sampingdesa.store.backup import backup_database

    conn = open_database()
    target = backup_database(conn, Path(_db_path()), output, keep=keep)
    say(_("Backup written: {path}").format(path=target))


@app.command("restore")
def restore(
    source: Annotated[Path, typer.Argument(help="Backup file to restore.", dir_okay=False)],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Replace the database with a backup (checked first; the current one is backed up)."""
    from sampingdesa.store.backup import check_candidate, restore_database

    check_candidate(source)
    if (
        not yes
        and interactive()
        and not typer.confirm(_("Replace {db} with {source}?").format(db=_db_path(), source=source))
    ):
        raise typer.Exit(1)
    safety = restore_database(Path(_db_path()), source)
    open_database().close()  # bring an older backup's schema up to date
    if safety is not None:
        say(_("The previous database was kept as {path}.").format(path=safety))
    say(_("Restored from {source}.").format(source=source), style="green")


audit_app = typer.Typer(help="The tamper-evident change log.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify(
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Check the change log's hash chain; exit 1 at the first broken entry."""
    from sampingdesa.store.audit import verify_chain

    result = verify_chain(open_database())
    if json_output:
        emit_json(result.as_dict())
    if not result.ok:
        fail(SampingError(result.problem or ""))
    if not json_output:
        say(
            _("The change log is intact ({count} entries).").format(count=result.entries),
            style="green",
        )


@audit_app.command("list")
def audit_list(
    table: Annotated[str | None, typer.Option(help="Only this table, e.g. recipients.")] = None,
    row: Annotated[str | None, typer.Option(help="Only this record (UUID).")] = None,
    since: Annotated[
        str | None, typer.Option(help="Only entries from this date (YYYY-MM-DD).")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.", min=1)] = None,
    show_nik: Annotated[
        bool, typer.Option("--show-nik", help="Show full NIKs (logged, with --reason).")
    ] = False,
    reason: Annotated[
        str | None, typer.Option(help="Why full NIKs are needed (goes to the change log).")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The history of records: who changed what, when, old and new values."""
    from sampingdesa.store.audit import list_entries
    from sampingdesa.values.parsing import parse_date

    conn = open_database()
    start = parse_date(since).isoformat() if since else None
    entries = list_entries(
        conn, table=table, row_uuid=row, since=start, show_nik=show_nik, limit=limit
    )
    if show_nik:
        from sampingdesa.cli.recipient_cmd import log_reveal

        log_reveal(conn, "db audit list", reason)
    if json_output:
        emit_json(entries)
        return
    headers = [_("When"), _("Who"), _("Table"), _("Record"), _("Action"), _("Old"), _("New")]
    print_table(
        None,
        ["#", *headers, _("Reason")],
        [
            [e["id"], e["at"][:19].replace("T", " "), e["actor_name"] or e["actor"],
             e["table_name"], e["row_uuid"][:8], e["action"], e["old"], _shown_new(e),
             e["reason"]]
            for e in entries
        ],
    )  # fmt: skip


def _shown_new(entry: dict[str, Any]) -> str | None:
    """A bulk entry lists thousands of row digests: the table says how many rows."""
    if entry["action"] != "bulk-insert" or not entry["new"]:
        return cast(str | None, entry["new"])
    rows = len(json.loads(entry["new"])["rows"])
    return _("{count} rows, each with the hash of its content").format(count=rows)
