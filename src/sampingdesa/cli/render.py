"""Shared screen pieces: labels for stored codes, aid checks, the recipient tables and the
month's summary table.

Screens show labels in the user's language; JSON and CSV keep the codes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sampingdesa.cli.tables import key, number, print_table, text
from sampingdesa.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from sampingdesa.register.findings import FindingWithRecipient
    from sampingdesa.reports.queries import AreaRow, Summary
    from sampingdesa.visits.history import DeliveryView
    from sampingdesa.visits.planning import DueRecipient


def delivery_text(delivery: Mapping[str, Any]) -> str:
    """`BPNT 2026-10 diterima penuh Rp200.000`: an aid check as a user reads it."""
    from sampingdesa.values.codes import Delivery
    from sampingdesa.values.money import format_rupiah

    parts = [delivery["program_code"], delivery["period"], Delivery.label_of(delivery["status"])]
    if delivery.get("amount") is not None:
        parts.append(format_rupiah(delivery["amount"]))
    return " ".join(parts)


def deliveries_text(deliveries: list[DeliveryView]) -> str:
    return "; ".join(delivery_text(d) for d in deliveries)


def yes_no(value: object) -> str:
    from sampingdesa.values.codes import YesNo

    return YesNo.YES.label if value else YesNo.NO.label


def print_recipients(records: list[DueRecipient], title: str, caption: str) -> None:
    """Recipients to visit (`visit due`, `visit sample`)."""
    print_table(
        title,
        [text(_("Name")), key("NIK"), text(_("Desa")), text(_("Programmes")),
         key(_("Last visit")), number(_("Open findings")), key("ID", wide=True)],
        [[r["name"], r["nik"], r["desa_name"], ", ".join(r["programs"]), r["last_visit"],
          r["open_findings"] or "", r["uuid"][:8]] for r in records],
        caption=caption,
    )  # fmt: skip


def print_findings(
    records: list[FindingWithRecipient], title: str, caption: str | None = None, who: bool = True
) -> None:
    """Findings: what, since when, and (`who`) whose; NIK, desa and status with --wide."""
    from sampingdesa.values.codes import FindingKind, FindingStatus

    columns = [key("ID"), key(_("Opened")), number(_("Days")), text(_("Kind"))]
    if who:
        columns += [text(_("Name")), key("NIK", wide=True), text(_("Desa"), wide=True)]
    columns += [text(_("Details")), text(_("Status"), wide=who)]
    rows = []
    for f in records:
        row = [f["id"], f["opened_on"], f.get("age_days", ""), FindingKind.label_of(f["kind"])]
        if who:
            row += [f.get("name", ""), f.get("nik", ""), f.get("desa_name", "")]
        details = f["details"] or ""
        if details.strip().lower() == str(row[3]).lower():  # said once, under Kind
            details = ""
        rows.append([*row, details, FindingStatus.label_of(f["status"])])
    print_table(title, columns, rows, caption=caption)


# Columns a user changes, as the screens name them (msgids); a column not listed shows as is.
FIELD_LABELS = {
    "visit_date": N_("Date"), "kind": N_("Kind"), "on_target": N_("On target"),
    "off_target_reason": N_("Reason"), "off_target_note": N_("Reason"), "outcome": N_("Change"),
    "income_change": N_("income"), "work_change": N_("work"), "housing_change": N_("housing"),
    "schooling_change": N_("children's schooling"), "health_change": N_("health"),
    "ready_to_graduate": N_("Ready to graduate"), "needs_referral": N_("Needs referral"),
    "escort_facility": N_("Facility"), "escort_purpose": N_("Purpose"),
    "escort_transport": N_("Transport"), "escort_result": N_("Result"), "notes": N_("Notes"),
    "gps_lat": N_("GPS"), "gps_lon": N_("GPS"), "photo": N_("Photo"), "delivery": N_("Aid"),
    "no_kk": N_("No. KK"), "name": N_("Name"), "sex": N_("Sex"), "birth_date": N_("Birth date"),
    "address": N_("Address"), "rt": N_("RT"), "rw": N_("RW"), "desa_code": N_("Desa"),
    "phone": N_("Phone"), "flags": N_("Flags"),
}  # fmt: skip


def field_labels(changed: list[str]) -> str:
    """`catatan, bantuan BPNT 2026-10` for the changed columns `notes`, `delivery BPNT 2026-10`."""
    shown: list[str] = []
    for name in changed:
        head, _space, rest = name.partition(" ")
        label = _(FIELD_LABELS[head]) if head in FIELD_LABELS else name
        if label[1:2].islower():  # a heading inside a sentence: "catatan", but "GPS"
            label = label[0].lower() + label[1:]
        if rest and head in FIELD_LABELS:
            label = f"{label} {rest}"
        if label not in shown:
            shown.append(label)
    return ", ".join(shown)


def pick_recipient(conn: Any, key_text: str, include_removed: bool = True) -> str:
    """The UUID of the recipient `key_text` means (NIK, id or name). When several fit, list
    them and ask which on a terminal; in a script, fail with that list."""
    from sampingdesa.cli.prompts import interactive
    from sampingdesa.register.recipients import AmbiguousRecipient, find_recipient

    try:
        row = find_recipient(conn, key_text, include_removed=include_removed)
    except AmbiguousRecipient as error:
        if not interactive():
            raise
        return _choose(error)
    uuid: str = row["uuid"]
    return uuid


def _choose(error: Any) -> str:
    import typer

    from sampingdesa.cli.output import say, warn

    candidates = error.candidates
    print_table(
        ngettext(
            "{count} recipient fits {key!r}", "{count} recipients fit {key!r}", len(candidates)
        ).format(count=len(candidates), key=error.key),
        [number("#"), text(_("Name")), key("NIK"), text(_("Desa")), key("ID")],
        [[i, c["name"], c["nik"], c["desa"], c["id"]] for i, c in enumerate(candidates, 1)],
    )
    while True:
        answer = str(typer.prompt(_("Which one? (number)"))).strip()
        if answer.isdigit() and 1 <= int(answer) <= len(candidates):
            chosen = candidates[int(answer) - 1]
            say(
                _("Chosen: {name} ({nik}).").format(name=chosen["name"], nik=chosen["nik"]),
                asked=True,
            )
            uuid: str = chosen["uuid"]
            return uuid
        warn(_("Type a number from 1 to {count}.").format(count=len(candidates)), asked=True)


# -- the month's summary (report summary, report monthly, demo) ------------------------------
def _percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def _summary_row(row: AreaRow, indent: str = "") -> list[str]:
    c = row.counts
    return [
        indent + row.name, str(c.recipients), str(c.recipients_visited), _percent(c.share_visited),
        str(c.full), str(c.partial), str(c.none), _percent(c.share_full), str(c.off_target),
        str(c.escorts), str(c.findings_open),
    ]  # fmt: skip


def _has_data(row: AreaRow) -> bool:
    c = row.counts
    return bool(c.recipients or c.visits or c.findings_open)


def render_summary(summary: Summary, csv_sep: str | None = None) -> None:
    """The Ringkasan as a Rich table: kecamatan with data (and their desa when one kecamatan
    is asked for), then the total. The workbook and --json keep every kecamatan. With
    `csv_sep`, the same rows as CSV."""
    from sampingdesa.reports.queries import summary_title

    headers = [
        _("Area"), _("Enrolled"), _("Visited"), _("% visited"), _("Full"), _("Partial"),
        _("None"), _("% full"), _("Off-target"), _("Escorted"), _("Open findings"),
    ]  # fmt: skip
    rows = []
    for kecamatan in summary.kecamatan:
        if not (_has_data(kecamatan) or summary.scope.kecamatan_code):
            continue
        rows.append(_summary_row(kecamatan))
        if summary.scope.kecamatan_code:
            rows.extend(_summary_row(desa, "  ") for desa in summary.desa[kecamatan.code])
    rows.append(_summary_row(summary.total))
    if csv_sep is not None:
        from sampingdesa.cli.output import emit_csv

        emit_csv(headers, [[cell.strip() for cell in row] for row in rows], sep=csv_sep)
        return
    empty = _("No recipients enrolled and no visits recorded in this month.")
    _print_counts(summary_title(summary), headers, rows, empty if summary.empty else None)


def _print_counts(
    title: str, headers: list[str], rows: list[list[str]], caption: str | None
) -> None:
    """Counts right-aligned and whole; at 80 columns the coverage and aid columns, the rest
    with --wide; the total in bold."""
    wide_only = {8, 9, 10}  # off-target, escorted, open findings
    columns = [text(headers[0])] + [
        number(header, wide=index in wide_only) for index, header in enumerate(headers[1:], 1)
    ]
    print_table(title, columns, rows, caption, styles=[None] * (len(rows) - 1) + ["bold"])
