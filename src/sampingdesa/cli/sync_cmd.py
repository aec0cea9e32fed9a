from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sampingdesa.cli.database import open_database
from sampingdesa.cli.options import JsonOption
from sampingdesa.cli.output import emit_json, err_console, say, warn
from sampingdesa.cli.state import state
from sampingdesa.cli.tables import print_table
from sampingdesa.errors import InvalidValue
from sampingdesa.i18n import _, ngettext

app = typer.Typer(help="Merge laptops: bundles to the coordinator and back.", no_args_is_help=True)


@app.command("export")
def export(
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Bundle file (default: named by assistant, desa and date).",
            dir_okay=False,
        ),
    ] = None,
    since_last: Annotated[
        bool, typer.Option("--since-last", help="Only what changed since the last export.")
    ] = False,
    for_target: Annotated[
        str | None,
        typer.Option(
            "--for",
            help="Coordinator: a bundle for one assistant or desa (catalogue and corrections).",
        ),
    ] = None,
) -> None:
    """Write this database's rows and change log into one bundle file."""
    from sampingdesa.store.db import transaction
    from sampingdesa.sync.merge import export_bundle

    conn = open_database()
    with transaction(conn):
        result = export_bundle(conn, output, since_last=since_last, target=for_target)
    total = sum(result.rows.values())
    say(
        _("Bundle written: {path} ({rows} rows, {entries} log entries).").format(
            path=result.path, rows=total, entries=result.entries
        )
    )


@app.command("import")
def import_(
    bundles: Annotated[
        list[Path], typer.Argument(help="One or more bundle files.", dir_okay=False)
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would happen; change nothing.")
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """Merge bundles into this database, one transaction per bundle."""
    from sampingdesa.cli.progress_display import finished_line, progress_display
    from sampingdesa.errors import SampingError
    from sampingdesa.places.laptop import kabupaten_code
    from sampingdesa.store.backup import backup_database
    from sampingdesa.store.db import default_db_path
    from sampingdesa.sync.merge import bundle_summary, import_bundles, read_bundle

    conn = open_database()
    if kabupaten_code(conn) is None:
        raise SampingError(
            _(
                "This database is not set up yet, so no bundle can be merged into it. Set it "
                'up first: sampingdesa init --assistant "NAME" --desa DESA (a coordinator: '
                "--coordinator), then run sync import again."
            )
        )
    with progress_display(json_output) as shown:
        # Refuse a bad file (signature, size, content) before the backup and any change;
        # each bundle is read once.
        opened = []
        for number, path in enumerate(bundles):
            shown(number, len(bundles), _("Checking bundle {number} of {total}").format(
                number=number + 1, total=len(bundles)))  # fmt: skip
            opened.append(read_bundle(path, conn))
        if not dry_run:
            db_path = Path(state.db_path or default_db_path())
            backup_database(conn, db_path, label="-before-sync", progress=shown)
        try:
            reports = import_bundles(conn, opened, dry_run=dry_run, progress=shown)
        except KeyboardInterrupt:
            if dry_run:
                raise
            err_console().print(_("Stopped (Ctrl-C). Nothing was half-written."), style="yellow")
            err_console().print(
                _(
                    "Bundles merged before the stop are kept; run the same command again for the "
                    "rest (a bundle merged twice changes nothing)."
                )
            )
            raise typer.Exit(130) from None
    if json_output:
        emit_json({"dry_run": dry_run, "bundles": [r.as_dict() for r in reports]})
        return
    for report in reports:
        for laptop, fingerprint in report.pinned:
            warn(
                _("New laptop {laptop}: its key {fingerprint} is now pinned (trust on first "
                  "use). Compare it with `sync status` on that laptop.").format(
                    laptop=laptop, fingerprint=fingerprint)
            )  # fmt: skip
        say(bundle_summary(report))
        if report.conflicts:
            warn(_("see `sampingdesa sync conflicts`."))
    if dry_run:
        say(_("Dry run: nothing was changed."), style="yellow")
    else:
        what = ngettext("Merged {count} bundle", "Merged {count} bundles", len(reports)).format(
            count=len(reports)
        )
        say(finished_line(what, shown.seconds))


@app.command("status")
def status(
    json_output: JsonOption = False,
) -> None:
    """Which databases have been merged in, when, from which bundle; open conflicts."""
    from sampingdesa.sync.merge import sync_status

    result = sync_status(open_database())
    if json_output:
        emit_json(result)
        return
    print_table(
        _("Known laptops"),
        [_("Database"), _("Assistant"), _("Key"), _("Last bundle"), _("Merged on")],
        [[s["database_id"][:8], s["assistant_name"],
          s["fingerprint"] + ("" if s["how"] == "trusted" else " *"), s["last_bundle"],
          (s["last_imported_at"] or "")[:10]] for s in result["laptops"]],
    )  # fmt: skip
    if any(s["how"] != "trusted" for s in result["laptops"]):
        say(_("* key pinned from the laptop's first bundle (not with sync trust)."))
    key = result["key"]
    say(_("This database's key: {fingerprint}").format(fingerprint=key["fingerprint"]))
    say(_("To pin it on the coordinator: sampingdesa sync trust {token}").format(
        token=key["token"]))  # fmt: skip
    say(
        _("Open conflicts: {count}. Recipients merged by NIK: {merged}.").format(
            count=result["open_conflicts"], merged=result["merged_recipients"]
        )
    )


@app.command("conflicts")
def conflicts(
    all_: Annotated[bool, typer.Option("--all", help="Resolved ones too.")] = False,
    json_output: JsonOption = False,
) -> None:
    """Fields both sides changed: the value kept and the other one."""
    from sampingdesa.sync.merge import list_conflicts
    from sampingdesa.values.nik import mask_field_value

    rows = [
        {k: mask_field_value(str(r["field"]), v) if k.endswith("value") else v
         for k, v in r.items()}
        for r in list_conflicts(open_database(), include_resolved=all_)
    ]  # fmt: skip
    if json_output:
        emit_json(rows)
        return
    print_table(
        _("Sync conflicts"),
        ["ID", _("Table"), _("Record"), _("Field"), _("Mine"), _("Theirs"), _("Kept"), _("Status")],
        [[r["id"], r["table_name"], r["row_uuid"][:8], r["field"], r["local_value"],
          r["remote_value"], r["kept"], r["status"]] for r in rows],
    )  # fmt: skip


@app.command("resolve")
def resolve(
    conflict_id: Annotated[
        int, typer.Argument(metavar="ID", help="Conflict id (see sync conflicts).")
    ],
    keep: Annotated[
        str | None,
        typer.Option(help="Which side to keep: mine (milik-saya) or theirs (milik-mereka)."),
    ] = None,
    value: Annotated[
        str | None, typer.Option(help="A value of your own, checked like the field's own input.")
    ] = None,
) -> None:
    """Settle a conflict (again if need be); the choice travels to the other laptops."""
    from sampingdesa.places.laptop import actor
    from sampingdesa.sync.conflicts import resolve_conflict
    from sampingdesa.values.codes import KeepSide

    conn = open_database()
    side = KeepSide.parse(keep, "keep") if keep is not None else None
    try:
        chosen = resolve_conflict(conn, actor(conn), conflict_id, side, value)
    except InvalidValue as error:  # the value came from --value, whatever field it is for
        if value is None:
            raise
        raise InvalidValue("value", value, error.message) from None
    say(_("Conflict {id} resolved: {value}.").format(id=conflict_id, value=chosen))


@app.command("trust")
def trust(
    key: Annotated[
        str, typer.Argument(metavar="ID:KEY", help="The key line `sync status` prints there.")
    ],
    name: Annotated[str | None, typer.Option(help="Whose laptop it is.")] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace a key pinned before for that laptop.")
    ] = False,
) -> None:
    """Pin a laptop's key before its first bundle arrives."""
    from sampingdesa.store.db import transaction
    from sampingdesa.sync.trust import trust_key

    conn = open_database()
    with transaction(conn):
        result = trust_key(conn, key, name, replace=replace)
    say(
        _("Laptop {id} pinned with key {fingerprint}.").format(
            id=result.database_id[:8], fingerprint=result.fingerprint
        ),
        style="green",
    )
