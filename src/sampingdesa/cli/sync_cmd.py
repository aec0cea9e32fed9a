from pathlib import Path
from typing import Annotated, Any

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
from sampingdesa.cli.output import emit_csv, emit_json, err_console, say, say_command, warn
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
    force: Annotated[
        bool, typer.Option("--force", help="Write over an existing file given with --output.")
    ] = False,
) -> None:
    """Write this database's rows and change log into one bundle file.

    A second bundle on the same day gets a numbered name (-2, -3 ...): a bundle not yet
    sent is never written over."""
    from sampingdesa.cli.progress_display import progress_display, say_finished
    from sampingdesa.store.db import transaction
    from sampingdesa.sync.merge import export_bundle

    conn = open_database()
    with progress_display() as shown, transaction(conn):
        shown(0, None, _("Writing the bundle"))
        result = export_bundle(conn, output, since_last=since_last, target=for_target, force=force)
    total = sum(result.rows.values())
    what = _("Bundle written: {path} ({rows} rows, {entries} log entries).").format(
        path=result.path, rows=total, entries=result.entries
    )
    say_finished(what, shown.seconds)


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
    from sampingdesa.cli.files import expand_patterns
    from sampingdesa.cli.progress_display import progress_display, say_finished
    from sampingdesa.errors import SampingError
    from sampingdesa.places.laptop import kabupaten_code
    from sampingdesa.store.backup import backup_database
    from sampingdesa.store.db import default_db_path
    from sampingdesa.sync.merge import bundle_summary, import_bundles, read_bundle

    bundles = expand_patterns(bundles)
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
            if dry_run:  # nothing is pinned by a dry run
                warn(
                    _("New laptop {laptop}: its key {fingerprint} would be pinned (trust on "
                      "first use); nothing was pinned. Compare it with `sync status` on that "
                      "laptop.").format(laptop=laptop, fingerprint=fingerprint)
                )  # fmt: skip
                continue
            warn(
                _("New laptop {laptop}: its key {fingerprint} is now pinned (trust on first "
                  "use). Compare it with `sync status` on that laptop.").format(
                    laptop=laptop, fingerprint=fingerprint)
            )  # fmt: skip
        say(bundle_summary(report))
        for note in report.notes:
            warn(note)
        if report.conflicts:
            warn(_("see `sampingdesa sync conflicts`."))
    if dry_run:
        say(_("Dry run: nothing was changed."), style="yellow")
    else:
        what = ngettext("Merged {count} bundle", "Merged {count} bundles", len(reports)).format(
            count=len(reports)
        )
        say_finished(what, shown.seconds)


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
        say(_("* key pinned from the laptop's first bundle (not with sync trust)."), asked=True)
    key = result["key"]
    say(_("This database's key: {fingerprint}").format(fingerprint=key["fingerprint"]), asked=True)
    say(_("To pin it on the coordinator, run there:"), asked=True)
    say_command(f"sampingdesa sync trust {key['token']}", asked=True)
    say(
        _("Open conflicts: {count}. Recipients merged by NIK: {merged}.").format(
            count=result["open_conflicts"], merged=result["merged_recipients"]
        ),
        asked=True,
    )
    for fork in result["forks"]:
        warn(fork["sentence"], asked=True)


@app.command("conflicts")
def conflicts(
    all_: Annotated[bool, typer.Option("--all", help="Resolved ones too.")] = False,
    json_output: JsonOption = False,
    csv_output: CsvOption = False,
    sep: SepOption = ",",
) -> None:
    """Fields both sides changed: whose record, both values and who wrote them, the one kept."""
    from sampingdesa.cli.tables import key, text
    from sampingdesa.sync.conflicts import describe_conflicts
    from sampingdesa.values.codes import KeepSide

    conn = open_database()
    rows = describe_conflicts(conn, include_resolved=all_)  # NIKs masked, as everywhere
    if json_output:
        emit_json(rows)
        return

    def shown(value: object, by: str | None = None) -> str:
        text_value = _("(empty)") if value in (None, "") else str(value)
        return _("{value} (by {who})").format(value=text_value, who=by) if by else text_value

    statuses = {"open": _("open"), "resolved": _("resolved")}
    headers = ["ID", _("Whose record"), _("Field"), _("Mine (this laptop)"),
               _("Theirs (the bundle)"), _("Kept"), _("Status")]  # fmt: skip
    table = [[str(r["id"]), r["whom"], r["field_label"], shown(r["mine"], r["mine_by"]),
              shown(r["theirs"], r["theirs_by"]), KeepSide.label_of(r["kept_side"]),
              statuses.get(r["status"], r["status"])] for r in rows]  # fmt: skip
    if csv_output:
        emit_csv(headers, table, sep=sep)
        return
    if not rows:
        say(
            _("No open conflicts: every conflict is resolved.") if not all_ else _("No conflicts."),
            asked=True,  # the list asked for, empty
        )
        return
    columns = [key("ID"), text(headers[1]), text(headers[2]), text(headers[3]), text(headers[4]),
               text(headers[5]), key(headers[6], wide=not all_)]  # fmt: skip
    print_table(_("Sync conflicts"), columns, table)
    say(
        _("Settle one with: sampingdesa sync resolve ID --keep mine|theirs (or --value ...)."),
        style="dim",
    )


@app.command("resolve")
def resolve(
    conflict_id: Annotated[
        int,
        typer.Argument(
            metavar="ID", help="Conflict id (see sync conflicts).", min=1, max=MAX_COUNT
        ),
    ],
    keep: Annotated[
        str | None,
        typer.Option(help="Which side to keep: mine (milik-saya) or theirs (milik-mereka)."),
    ] = None,
    value: Annotated[
        str | None, typer.Option(help="A value of your own, checked like the field's own input.")
    ] = None,
    show_nik: ShowNikOption = False,
    reason: ReasonForNikOption = None,
) -> None:
    """Settle a conflict (again if need be); the choice travels to the other laptops."""
    from sampingdesa.cli.privacy import reveal_from
    from sampingdesa.places.laptop import actor
    from sampingdesa.sync.conflicts import resolve_conflict
    from sampingdesa.values.codes import KeepSide

    reveal = reveal_from(show_nik, reason, f"sync resolve {conflict_id}")
    conn = open_database()
    side = KeepSide.parse(keep, "keep") if keep is not None else None
    try:
        chosen = resolve_conflict(conn, actor(conn), conflict_id, side, value, reveal)
    except InvalidValue as error:  # the value came from --value, whatever field it is for
        if value is None:
            raise
        raise InvalidValue("value", value, error.message) from None
    say(_("Conflict {id} resolved: {value}.").format(id=conflict_id, value=chosen.shown))
    from sampingdesa.sync.conflicts import open_conflict_count

    left = open_conflict_count(conn)
    if left == 0:
        say(_("Every conflict is resolved."), style="green")
    else:
        say(
            ngettext(
                "{count} conflict still open: sampingdesa sync conflicts",
                "{count} conflicts still open: sampingdesa sync conflicts",
                left,
            ).format(count=left)
        )


def _drop_foreign(conn: Any, key: str, name: str | None, *, replace: bool, yes: bool) -> None:
    from sampingdesa.cli.prompts import confirm, interactive
    from sampingdesa.errors import SampingError, UsageProblem
    from sampingdesa.places.laptop import actor
    from sampingdesa.store.changes import changes
    from sampingdesa.sync.recovery import drop_foreign, plan_undo

    if not replace:
        raise UsageProblem(_("--drop-foreign replaces the key: give --replace too."))
    database_id, _sep, public = key.strip().partition(":")
    plan = plan_undo(conn, database_id)
    print_table(
        _("Records the key pinned before changed, to be put back"),
        [_("Table"), _("Record"), _("Name")],
        [[table, uuid[:8], label] for table, uuid, label in plan.rows],
    )
    question = _(
        "Undo {entries} entries of laptop {id} (signed with the key pinned before) on "
        "{rows} records, and pin the new key?"
    ).format(entries=plan.entries, id=database_id[:8], rows=len(plan.rows))
    if not yes:
        if not interactive():
            raise SampingError(question + " " + _("Nothing changed; run again with --yes."))
        if not confirm(question, False):
            raise SampingError(_("Nothing changed."))
    with changes(conn, actor(conn)) as writer:
        done = drop_foreign(writer, database_id, public, name)
    say(
        _("Laptop {id}: {entries} entries disowned, {rows} records put back, new key pinned. "
          "Import that laptop's bundle again.").format(
            id=database_id[:8], entries=done.entries, rows=len(done.rows))
    )  # fmt: skip


@app.command("trust")
def trust(
    key: Annotated[
        str, typer.Argument(metavar="ID:KEY", help="The key line `sync status` prints there.")
    ],
    name: Annotated[str | None, typer.Option(help="Whose laptop it is.")] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace a key pinned before for that laptop.")
    ] = False,
    drop_foreign: Annotated[
        bool,
        typer.Option(
            "--drop-foreign",
            help="With --replace: undo what the key pinned before brought (listed first) "
            "and accept the real laptop's history.",
        ),
    ] = False,
    yes: YesOption = False,
) -> None:
    """Pin a laptop's key before its first bundle arrives."""
    from sampingdesa.store.db import transaction
    from sampingdesa.sync.trust import trust_key

    conn = open_database()
    if drop_foreign:
        _drop_foreign(conn, key, name, replace=replace, yes=yes)
        return
    with transaction(conn):
        result = trust_key(conn, key, name, replace=replace)
    say(
        _("Laptop {id} pinned with key {fingerprint}.").format(
            id=result.database_id[:8], fingerprint=result.fingerprint
        ),
        style="green",
    )
