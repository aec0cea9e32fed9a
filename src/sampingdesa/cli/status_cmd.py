"""`sampingdesa status`: how this laptop is set up, and today's work."""

from pathlib import Path
from typing import Annotated

import typer

from sampingdesa.cli.database import open_database
from sampingdesa.cli.output import emit_json, say, say_command
from sampingdesa.cli.tables import print_table
from sampingdesa.i18n import _

app = typer.Typer()


@app.command("status")
def status(
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """How this laptop is set up, and today's work: visits due, open findings."""
    import datetime as dt

    from sampingdesa.cli.state import state
    from sampingdesa.cli.tables import key, text
    from sampingdesa.status import database_status
    from sampingdesa.store.db import default_db_path
    from sampingdesa.values.codes import FindingKind

    path = state.db_path or default_db_path()
    if not Path(path).exists():
        # Looking must not create: a database appears only with init.
        if json_output:
            emit_json({"set_up": False, "database": str(path), "size_bytes": 0})
            return
        say(
            _("There is no database at {path} yet (nothing was created).").format(path=path),
            asked=True,
        )
        say(
            _('This database is not set up yet. Run: sampingdesa init --assistant "NAME"'),
            style="yellow",
            asked=True,
        )
        return
    result = database_status(open_database(), path, dt.date.today())
    if json_output:
        emit_json(result.as_dict())
        return
    never = _("never")
    rows = [
        (_("Regency"), _place(result.kabupaten_name, result.kabupaten_code)),
        (_("Assistant"),
         " ".join(filter(None, [result.assistant, _role(result.role)])) or "-"),
        (_("Desa"), _place(result.desa_name, result.desa_code)),
        (_("Database"), _size(result.size_bytes)),
        (_("Recipients"), str(result.recipients)),
        (_("Last backup"), _when(result.last_backup, result.last_backup_path) or never),
        (_("Last sync in"), _when(result.last_sync_in, result.last_sync_in_from) or never),
        (_("Last sync out"), _when(result.last_sync_out, result.last_sync_out_path) or never),
        (_("Due for a visit in {month}").format(month=result.month),
         str(result.due_this_month)),
        (_("Open findings"), str(result.open_findings)),
    ]  # fmt: skip
    oldest = result.oldest_finding
    if oldest:
        rows.append(
            (
                _("Oldest open finding"),
                _("{id}, {name}: {kind}, opened {date} ({days} days)").format(
                    id=oldest["id"], name=oldest["name"],
                    kind=FindingKind.label_of(oldest["kind"]), date=oldest["opened_on"],
                    days=oldest["age_days"],
                ),
            )
        )  # fmt: skip
    print_table(_("This laptop"), [key(_("Field")), text(_("Value"))], rows)
    # A path is never cut by a wrap: on its own line, whole.
    say(_("Database file:"), asked=True)
    say_command(result.database, asked=True)
    if not result.set_up:
        say(
            _('This database is not set up yet. Run: sampingdesa init --assistant "NAME"'),
            style="yellow",
            asked=True,
        )


def _place(name: str | None, code: str | None) -> str:
    return f"{name} ({code})" if name and code else (code or "-")


def _role(role: str | None) -> str:
    roles = {"pendamping": _("assistant"), "koordinator": _("coordinator")}
    return f"({roles.get(role, role)})" if role else ""


def _when(at: str | None, what: str | None) -> str:
    if not at:
        return ""
    when = at[:16].replace("T", " ")
    return (
        f"{when}, {Path(what).name}"
        if what and what.endswith((".zip", ".db"))
        else (f"{when}, {what}" if what else when)
    )


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"
