"""The numbers of the monthly report: counts per desa, kecamatan, programme and assistant,
and the detail rows of each sheet, for exactly one month (as-of semantics).

A recipient counts in a month when one of their enrollments overlaps it (`since` empty or
on/before the month's last day, `until` empty or on/after its first day); a visit counts
when it is dated in the month. Removed rows never count. Every count comes from a few
GROUP BY queries, so a regency-sized database is summed in well under a second.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from typing import Any

from sampingdesa.i18n import _
from sampingdesa.places.laptop import require_kabupaten, resolve_desa, resolve_kecamatan
from sampingdesa.store.connection import fast_reads, read_side_by_side
from sampingdesa.values.month_names import month_name
from sampingdesa.values.nik import mask_nik
from sampingdesa.values.parsing import Month


# -- the area ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scope:
    """The area a report covers: the whole regency, one kecamatan or one desa."""

    kecamatan_code: str | None = None
    desa_code: str | None = None
    label: str = ""

    def where(self, column: str) -> tuple[str, list[str]]:
        """An SQL condition on a desa-code column, usable by its index (a range, not LIKE)."""
        if self.desa_code:
            return f"{column} = ?", [self.desa_code]
        if self.kecamatan_code:
            return f"{column} > ? AND {column} < ?", [
                self.kecamatan_code + ".",
                self.kecamatan_code + "/",
            ]
        return "1", []


def resolve_scope(
    conn: sqlite3.Connection, kecamatan: str | None = None, desa: str | None = None
) -> Scope:
    """The area a report covers: one desa, one kecamatan, or (neither given) the regency."""
    require_kabupaten(conn)
    if desa:
        place = resolve_desa(conn, desa, kecamatan)
        return Scope(place.parent_code, place.code, f"{place.name} ({place.code})")
    if kecamatan:
        place = resolve_kecamatan(conn, kecamatan)
        return Scope(place.code, None, f"{place.name} ({place.code})")
    row = conn.execute(
        "SELECT name FROM regions WHERE level IN ('kabupaten', 'kota') ORDER BY code LIMIT 1"
    ).fetchone()
    return Scope(label=str(row[0]) if row else _("whole regency"))


# -- counts ------------------------------------------------------------------------------------
@dataclass
class Counts:
    """What the Ringkasan shows for one desa, kecamatan or programme (all plain integers)."""

    recipients: int = 0
    recipients_visited: int = 0
    visits: int = 0
    full: int = 0
    partial: int = 0
    none: int = 0
    not_due: int = 0
    off_target: int = 0
    unsure: int = 0
    better: int = 0
    same: int = 0
    worse: int = 0
    ready_to_graduate: int = 0
    escorts: int = 0
    findings_opened: int = 0
    findings_resolved: int = 0
    findings_open: int = 0

    def add(self, other: Counts) -> None:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))

    @property
    def checked(self) -> int:
        """Delivery checks that were due (full, partial or none)."""
        return self.full + self.partial + self.none

    @property
    def share_visited(self) -> float:
        return self.recipients_visited / self.recipients if self.recipients else 0.0

    @property
    def share_full(self) -> float:
        return self.full / self.checked if self.checked else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "recipients": self.recipients,
            "visits": self.visits,
            "recipients_visited": self.recipients_visited,
            "share_visited": round(self.share_visited, 4),
            "delivery": {
                "full": self.full,
                "partial": self.partial,
                "none": self.none,
                "not_due": self.not_due,
                "share_full": round(self.share_full, 4),
            },
            "off_target": self.off_target,
            "unsure": self.unsure,
            "outcome": {"better": self.better, "same": self.same, "worse": self.worse},
            "ready_to_graduate": self.ready_to_graduate,
            "escorts": self.escorts,
            "findings_opened": self.findings_opened,
            "findings_resolved": self.findings_resolved,
            "findings_open": self.findings_open,
        }


@dataclass
class AreaRow:
    code: str
    name: str
    level: str  # kecamatan, desa or total
    counts: Counts
    idm_status: str | None = None


@dataclass
class Summary:
    month: Month
    scope: Scope
    kecamatan: list[AreaRow]
    desa: dict[str, list[AreaRow]]  # kecamatan code -> its desa with any data
    total: AreaRow

    @property
    def empty(self) -> bool:
        totals = self.total.counts
        return totals.recipients == 0 and totals.visits == 0 and totals.findings_open == 0

    def as_json(self) -> dict[str, Any]:
        return {
            "month": self.month.label,
            "area": self.scope.label,
            **self.total.counts.as_json(),
            "per_kecamatan": [
                {"code": row.code, "name": row.name, **row.counts.as_json()}
                for row in self.kecamatan
            ],
        }


def summary_title(summary: Summary) -> str:
    return _("Summary {month}: {area}").format(
        month=month_name(summary.month), area=summary.scope.label
    )


def _month_params(month: Month) -> dict[str, str]:
    return {"start": month.start.isoformat(), "end": month.end.isoformat()}


ENROLLED_IN_MONTH = (
    "EXISTS (SELECT 1 FROM enrollments e WHERE e.recipient_uuid = r.uuid "
    "AND e.deleted_at IS NULL AND (e.since IS NULL OR e.since <= :end) "
    "AND (e.until IS NULL OR e.until >= :start))"
)
# A delivery counts once per recipient, programme and period: its latest check in the
# month (later visit first, then the later record). One key orders both forms below, so the
# counts and the Deliveries sheet's "counted" column always agree. (visit_date is always
# ten characters, so the joined text sorts like the three values in turn.)
_LATEST_CHECK_KEY = "v.visit_date || ' ' || d.created_at || ' ' || d.uuid"
_CHECKS_OF_MONTH = (
    "FROM visits v CROSS JOIN deliveries d ON d.visit_uuid = v.uuid AND d.deleted_at IS NULL "
    "WHERE v.deleted_at IS NULL AND {seek_desa}v.visit_date BETWEEN :start AND :end AND {scope}"
)
# Every check of the month, with `counted` 1 on the one that counts (for detail rows).
CHECKS_IN_MONTH = (
    "SELECT d.*, v.desa_code AS visit_desa, v.visit_date, v.recipient_uuid AS person, "
    "row_number() OVER (PARTITION BY d.recipient_uuid, d.program_code, d.period "
    f"ORDER BY {_LATEST_CHECK_KEY} DESC) = 1 AS counted {_CHECKS_OF_MONTH}"
)
# Only the checks that count (for totals): a group per recipient, programme and period
# whose bare columns come from the row holding max() (SQLite's documented min/max rule).
# It reads a few columns and sorts once, about twice as fast as the window over d.*.
COUNTED_CHECKS = (
    "SELECT v.desa_code AS visit_desa, d.program_code, d.status, d.amount, d.expected_amount, "
    f"max({_LATEST_CHECK_KEY}) {_CHECKS_OF_MONTH} "
    "GROUP BY d.recipient_uuid, d.program_code, d.period"
)
# Both probes read one covering index per recipient (migration speed_indexes).
VISITED_THIS_ONE = (
    "EXISTS (SELECT 1 FROM visits v WHERE v.recipient_uuid = r.uuid "
    "AND v.visit_date BETWEEN :start AND :end AND v.deleted_at IS NULL)"
)
VISITED_IN_MONTH = (
    "SELECT DISTINCT recipient_uuid AS uuid FROM visits "
    "WHERE deleted_at IS NULL AND visit_date BETWEEN :start AND :end"
)


def _named(scope: Scope, column: str) -> tuple[str, dict[str, str]]:
    """The scope condition with named parameters (to mix with :start and :end)."""
    condition, values = scope.where(column)
    params = {}
    for index, value in enumerate(values):
        condition = condition.replace("?", f":scope{index}", 1)
        params[f"scope{index}"] = value
    return condition, params


def _zero_for_null(_cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(0 if value is None else value for value in row)


def _grouped(
    conn: sqlite3.Connection, sql: str, month: Month, scope: Scope, column: str
) -> list[tuple[Any, ...]]:
    # sum() over no matching rows is NULL: a count of zero.
    return list(_rows(conn, sql, month, scope, column, row_factory=_zero_for_null))


def open_at_month_end(alias: str = "") -> str:
    """Open at the month's end: opened by then and not resolved by then."""
    prefix = f"{alias}." if alias else ""
    return (
        f"({prefix}opened_on <= :end AND ({prefix}status = 'open' OR {prefix}resolved_on > :end))"
    )


_RECIPIENTS_PER_DESA = (
    f"SELECT r.desa_code, count(*), sum({VISITED_THIS_ONE}) FROM recipients r "
    f"WHERE r.deleted_at IS NULL AND {{scope}} AND {ENROLLED_IN_MONTH} GROUP BY r.desa_code"
)
_VISITS_PER_DESA = (
    "SELECT desa_code, count(*), sum(kind = 'escort'), sum(on_target = 'no'), "
    "sum(on_target = 'unsure'), sum(outcome = 'better'), sum(outcome = 'same'), "
    "sum(outcome = 'worse'), sum(ready_to_graduate) FROM visits WHERE deleted_at IS NULL "
    "AND visit_date BETWEEN :start AND :end AND {scope} GROUP BY desa_code"
)
_CHECKS_PER_DESA = (
    f"WITH checks AS ({COUNTED_CHECKS}) SELECT visit_desa, sum(status = 'full'), "
    "sum(status = 'partial'), sum(status = 'none'), sum(status = 'not-due') FROM checks "
    "GROUP BY visit_desa"
)
_FINDINGS_PER_DESA = (
    "SELECT desa_code, sum(opened_on BETWEEN :start AND :end), "
    "sum(status = 'resolved' AND resolved_on BETWEEN :start AND :end), "
    f"sum({open_at_month_end()}) FROM findings WHERE deleted_at IS NULL "
    "AND opened_on <= :end AND {scope} GROUP BY desa_code"
)


Rows = list[tuple[Any, ...]]


def _per_desa(conn: sqlite3.Connection, month: Month, scope: Scope) -> dict[str, Counts]:
    # Two halves of about equal cost (at a province, 2 s each: a million recipients with
    # two index probes each, against the month's visits, checks and the findings), read
    # side by side on one snapshot.
    def people(db: sqlite3.Connection) -> Rows:
        return _grouped(db, _RECIPIENTS_PER_DESA, month, scope, "r.desa_code")

    def visits_checks_findings(db: sqlite3.Connection) -> tuple[Rows, Rows, Rows]:
        return (_grouped(db, _VISITS_PER_DESA, month, scope, "desa_code"),
                _grouped(db, _CHECKS_PER_DESA, month, scope, "v.desa_code"),
                _grouped(db, _FINDINGS_PER_DESA, month, scope, "desa_code"))  # fmt: skip

    enrolled, (visits, checks, findings) = read_side_by_side(conn, people, visits_checks_findings)
    per: dict[str, Counts] = {}

    def counts(code: str) -> Counts:
        return per.setdefault(code, Counts())

    for code, recipients, visited in enrolled:
        counts(code).recipients, counts(code).recipients_visited = recipients, visited
    for code, *values in visits:
        row = counts(code)
        (row.visits, row.escorts, row.off_target, row.unsure, row.better, row.same, row.worse,
         row.ready_to_graduate) = values  # fmt: skip
    for code, full, partial, none, not_due in checks:
        row = counts(code)
        row.full, row.partial, row.none, row.not_due = full, partial, none, not_due
    for code, opened, resolved, still_open in findings:
        row = counts(code)
        row.findings_opened, row.findings_resolved, row.findings_open = opened, resolved, still_open
    return per


def _region_names(conn: sqlite3.Connection) -> dict[str, str]:
    return {row[0]: row[1] for row in conn.execute("SELECT code, name FROM regions")}


def _kecamatan_in_scope(conn: sqlite3.Connection, scope: Scope) -> list[tuple[str, str]]:
    rows = conn.execute(
        "SELECT code, name FROM regions WHERE level = 'kecamatan' ORDER BY code"
    ).fetchall()
    if scope.kecamatan_code:
        rows = [row for row in rows if row[0] == scope.kecamatan_code]
    return [(row[0], row[1]) for row in rows]


def latest_idm_statuses(conn: sqlite3.Connection) -> dict[str, str]:
    from sampingdesa.places.areas import latest_idm

    return latest_idm(conn)


def month_summary(conn: sqlite3.Connection, month: Month, scope: Scope) -> Summary:
    """Counts per desa (those with any data), per kecamatan (all in scope) and in total."""
    fast_reads(conn)
    per_desa = _per_desa(conn, month, scope)
    names = _region_names(conn)
    statuses = latest_idm_statuses(conn)
    kecamatan_rows: list[AreaRow] = []
    desa_rows: dict[str, list[AreaRow]] = {}
    known = dict(_kecamatan_in_scope(conn, scope))
    for code in per_desa:  # a desa outside the region list still counts, under its parent
        parent = code.rsplit(".", 1)[0]
        known.setdefault(parent, names.get(parent, parent))
    total = AreaRow("", _("Total"), "total", Counts())
    by_parent: dict[str, list[str]] = {}
    for code in sorted(per_desa):
        by_parent.setdefault(code.rsplit(".", 1)[0], []).append(code)
    for kecamatan_code in sorted(known):
        kecamatan = AreaRow(kecamatan_code, known[kecamatan_code], "kecamatan", Counts())
        children = []
        for code in by_parent.get(kecamatan_code, []):
            children.append(
                AreaRow(code, names.get(code, code), "desa", per_desa[code], statuses.get(code))
            )
            kecamatan.counts.add(per_desa[code])
        total.counts.add(kecamatan.counts)
        kecamatan_rows.append(kecamatan)
        desa_rows[kecamatan_code] = children
    return Summary(month, scope, kecamatan_rows, desa_rows, total)


# -- per programme -------------------------------------------------------------------------------
@dataclass
class Money:
    """The rupiah of the counted delivery checks of one programme (or of all).

    `due`: the nominal of the checks that were due (full, part, none), where the nominal
    is known; `recorded`: the amounts typed in; `received`: the amount typed in, or the
    nominal for a check received in full without one. `due_unknown` and `received_unknown`
    count the checks whose value could not be told (no nominal, no amount).
    """

    due: int = 0
    recorded: int = 0
    received: int = 0
    due_unknown: int = 0
    received_unknown: int = 0

    def add(self, other: Money) -> None:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))


@dataclass
class ProgramRow:
    code: str
    name: str
    nominal: int | None
    unit: str
    counts: Counts = field(default_factory=Counts)
    money: Money = field(default_factory=Money)


def program_rows(conn: sqlite3.Connection, month: Month, scope: Scope) -> list[ProgramRow]:
    rows = {
        row[0]: ProgramRow(row[0], row[1], row[2], row[3])
        for row in conn.execute(
            "SELECT code, name, nominal_amount, amount_unit FROM programs "
            "WHERE deleted_at IS NULL ORDER BY code"
        )
    }

    def program(code: str) -> ProgramRow:
        return rows.setdefault(code, ProgramRow(code, code, None, ""))

    for code, enrolled, visited in _grouped(conn, (
        f"WITH visited AS ({VISITED_IN_MONTH}) SELECT e.program_code, "
        "count(DISTINCT e.recipient_uuid), count(DISTINCT v.uuid) FROM enrollments e "
        "JOIN recipients r ON r.uuid = e.recipient_uuid AND r.deleted_at IS NULL "
        "LEFT JOIN visited v ON v.uuid = e.recipient_uuid WHERE e.deleted_at IS NULL "
        "AND (e.since IS NULL OR e.since <= :end) AND (e.until IS NULL OR e.until >= :start) "
        "AND {scope} GROUP BY e.program_code"
    ), month, scope, "r.desa_code"):  # fmt: skip
        program(code).counts.recipients, program(code).counts.recipients_visited = enrolled, visited
    for code, full, partial, none, not_due, *money in _grouped(conn, (
        f"WITH checks AS ({COUNTED_CHECKS}) SELECT program_code, sum(status = 'full'), "
        "sum(status = 'partial'), sum(status = 'none'), sum(status = 'not-due'), "
        "sum(CASE WHEN status != 'not-due' THEN expected_amount END), sum(amount), "
        "sum(coalesce(amount, CASE WHEN status = 'full' THEN expected_amount END)), "
        "sum(status != 'not-due' AND expected_amount IS NULL), "
        "sum(status IN ('full', 'partial') AND amount IS NULL "
        "    AND (status = 'partial' OR expected_amount IS NULL)) "
        "FROM checks GROUP BY program_code"
    ), month, scope, "v.desa_code"):  # fmt: skip
        row = program(code)
        row.counts.full, row.counts.partial, row.counts.none, row.counts.not_due = (
            full, partial, none, not_due,
        )  # fmt: skip
        row.money = Money(*money)
    for code, off_target in _grouped(conn, (
        "SELECT e.program_code, count(DISTINCT v.uuid) FROM visits v "
        "JOIN enrollments e ON e.recipient_uuid = v.recipient_uuid AND e.deleted_at IS NULL "
        "AND (e.since IS NULL OR e.since <= :end) AND (e.until IS NULL OR e.until >= :start) "
        "WHERE v.deleted_at IS NULL AND v.on_target = 'no' "
        "AND v.visit_date BETWEEN :start AND :end AND {scope} GROUP BY e.program_code"
    ), month, scope, "v.desa_code"):  # fmt: skip
        program(code).counts.off_target = off_target
    return list(rows.values())


# -- per assistant ---------------------------------------------------------------------------
@dataclass
class AssistantRow:
    name: str
    desa_name: str
    visits: int = 0
    recipients: int = 0
    escorts: int = 0
    findings_opened: int = 0
    findings_resolved: int = 0


def assistant_rows(conn: sqlite3.Connection, month: Month, scope: Scope) -> list[AssistantRow]:
    names = _region_names(conn)
    people = {
        row[0]: AssistantRow(row[1], names.get(row[2] or "", ""))
        for row in conn.execute("SELECT uuid, name, desa_code FROM assistants")
    }
    rows: dict[str, AssistantRow] = {}

    def person(key: str | None) -> AssistantRow:
        key = key or "?"
        if key not in rows:
            rows[key] = people.get(key) or AssistantRow(_("(unknown)"), "")
        return rows[key]

    for key, visits, covered, escorts in _grouped(conn, (
        "SELECT assistant_uuid, count(*), count(DISTINCT recipient_uuid), sum(kind = 'escort') "
        "FROM visits WHERE deleted_at IS NULL AND visit_date BETWEEN :start AND :end "
        "AND {scope} GROUP BY assistant_uuid"
    ), month, scope, "desa_code"):  # fmt: skip
        row = person(key)
        row.visits, row.recipients, row.escorts = visits, covered, escorts
    for key, opened in _grouped(conn, (
        "SELECT v.assistant_uuid, count(*) FROM findings f JOIN visits v ON v.uuid = f.visit_uuid "
        "WHERE f.deleted_at IS NULL AND f.opened_on BETWEEN :start AND :end AND {scope} "
        "GROUP BY v.assistant_uuid"
    ), month, scope, "f.desa_code"):  # fmt: skip
        person(key).findings_opened = opened
    for key, resolved in _grouped(conn, (
        "SELECT resolved_by, count(*) FROM findings WHERE deleted_at IS NULL "
        "AND status = 'resolved' AND resolved_on BETWEEN :start AND :end AND {scope} "
        "GROUP BY resolved_by"
    ), month, scope, "desa_code"):  # fmt: skip
        person(key).findings_resolved = resolved
    return sorted(rows.values(), key=lambda row: (row.desa_name, row.name))


def monthly_trend(
    conn: sqlite3.Connection, month: Month, scope: Scope
) -> list[tuple[Month, int, int]]:
    """Visits and escorts in each of the 12 months ending with `month` (zeros included)."""
    first = month.shifted(-11)
    found = {
        row[0]: (row[1], row[2])
        for row in _grouped(conn, (
            "SELECT substr(visit_date, 1, 7), count(*), sum(kind = 'escort') FROM visits "
            "WHERE deleted_at IS NULL AND visit_date BETWEEN :first AND :end AND {scope} "
            "GROUP BY 1"
        ).replace(":first", f"'{first.start.isoformat()}'"), month, scope, "desa_code")
    }  # fmt: skip
    months = [first.shifted(step) for step in range(12)]
    return [(each, *found.get(each.label, (0, 0))) for each in months]


# -- detail rows ---------------------------------------------------------------------------------
NikShow = Callable[[str], str]


def nik_shower(profile: str) -> NikShow:
    return (lambda nik: nik) if profile == "full" else mask_nik


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text[:10]) if text else None


def _labels(pairs: dict[str | None, str]) -> Callable[[str | None], str]:
    return lambda code: pairs.get(code, code or "")


def status_labels() -> Callable[[str | None], str]:
    return _labels({
        "full": _("received in full"), "partial": _("received in part"),
        "none": _("not received"), "not-due": _("not yet due"),
    })  # fmt: skip


def problem_labels() -> Callable[[str | None], str]:
    return _labels({
        "card-blocked": _("card blocked"), "deducted": _("cut by a third party"),
        "wrong-name": _("wrong name"), "not-disbursed": _("not yet disbursed"),
        "other": _("other problem"),
    })  # fmt: skip


def reason_labels() -> Callable[[str | None], str]:
    return _labels({
        "deceased": _("deceased"), "moved": _("moved away"), "well-off": _("now well-off"),
        "civil-servant": _("civil servant, army, police or pensioner"),
        "duplicate": _("registered twice"), "not-found": _("not found at the address"),
        "other": _("other reason"),
    })  # fmt: skip


def verdict_labels() -> Callable[[str | None], str]:
    return _labels({"yes": _("on target"), "no": _("off target"), "unsure": _("unsure")})


def change_labels() -> Callable[[str | None], str]:
    return _labels({"better": _("better"), "same": _("unchanged"), "worse": _("worse")})


def finding_labels() -> Callable[[str | None], str]:
    return _labels({
        "not-received": _("aid not received"), "partial": _("aid received in part"),
        "off-target": _("off target"), "worse": _("situation worse"),
        "referral": _("needs referral"),
    })  # fmt: skip


def _rows(
    conn: sqlite3.Connection,
    sql: str,
    month: Month,
    scope: Scope,
    column: str,
    row_factory: Any = None,
) -> Iterator[tuple[Any, ...]]:
    """Run a month query limited to the scope (`{scope}` in the SQL) on `column`."""
    condition, params = _named(scope, column)
    # In a kecamatan or desa, `{seek_desa}` (a unary +) keeps the planner off the date
    # index, so it seeks the area's visits by desa instead of reading the whole
    # province's month (a kecamatan's checks: 0.17 s to 0.07 s).
    sql = sql.replace("{scope}", condition).replace("{seek_desa}", "" if condition == "1" else "+")
    cursor = conn.cursor()
    cursor.row_factory = row_factory
    yield from cursor.execute(sql, {**_month_params(month), **params})


def delivery_rows(
    conn: sqlite3.Connection, month: Month, scope: Scope, show: NikShow
) -> list[list[Any]]:
    """Every delivery check of the month; the last column says whether it counts (a later
    check of the same recipient, programme and period replaces it)."""
    status, problem = status_labels(), problem_labels()
    yes, replaced = _("yes"), _("no: checked again later")
    return [
        [_date(day), desa, name, show(nik), program, period, status(state), amount, expected,
         _date(received), problem(trouble), note, yes if counted else replaced]
        for day, desa, name, nik, program, period, state, amount, expected, received, trouble, note,
        counted in _rows(conn, (
            f"WITH checks AS ({CHECKS_IN_MONTH}) SELECT c.visit_date, g.name, r.name, r.nik, "
            "c.program_code, c.period, c.status, c.amount, c.expected_amount, c.received_date, "
            "c.problem, c.problem_note, c.counted FROM checks c "
            "JOIN recipients r ON r.uuid = c.person LEFT JOIN regions g ON g.code = c.visit_desa "
            "ORDER BY c.visit_desa, c.visit_date, r.name, c.program_code"
        ), month, scope, "v.desa_code")
    ]  # fmt: skip


_PERSON_OF_VISIT = (
    "JOIN recipients r ON r.uuid = v.recipient_uuid LEFT JOIN regions g ON g.code = v.desa_code "
)
_PROGRAMS_IN_MONTH = (
    "(SELECT group_concat(program_code, ', ') FROM (SELECT DISTINCT e.program_code FROM "
    "enrollments e WHERE e.recipient_uuid = r.uuid AND e.deleted_at IS NULL "
    "AND (e.since IS NULL OR e.since <= :end) AND (e.until IS NULL OR e.until >= :start) "
    "ORDER BY 1))"
)


def targeting_rows(
    conn: sqlite3.Connection, month: Month, scope: Scope, show: NikShow
) -> list[list[Any]]:
    verdict, reason = verdict_labels(), reason_labels()
    return [
        [_date(day), desa, name, show(nik), programs or "", verdict(answer), reason(why), note,
         assistant or ""]
        for day, desa, name, nik, programs, answer, why, note, assistant in _rows(conn, (
            f"SELECT v.visit_date, g.name, r.name, r.nik, {_PROGRAMS_IN_MONTH}, v.on_target, "
            "v.off_target_reason, v.off_target_note, a.name FROM visits v "
            f"{_PERSON_OF_VISIT}"
            "LEFT JOIN assistants a ON a.uuid = v.assistant_uuid WHERE v.deleted_at IS NULL "
            "AND v.on_target IN ('no', 'unsure') AND v.visit_date BETWEEN :start AND :end "
            "AND {scope} ORDER BY v.on_target, v.desa_code, v.visit_date, r.name"
        ), month, scope, "v.desa_code")
    ]  # fmt: skip


def outcome_rows(
    conn: sqlite3.Connection, month: Month, scope: Scope, show: NikShow
) -> list[list[Any]]:
    change = change_labels()
    yes, no = _("yes"), _("no")
    return [
        [_date(day), desa, name, show(nik), change(outcome), change(income), change(work),
         change(housing), change(schooling), change(health), yes if ready else no, notes]
        for day, desa, name, nik, outcome, income, work, housing, schooling, health, ready, notes
        in _rows(conn, (
            "SELECT v.visit_date, g.name, r.name, r.nik, v.outcome, v.income_change, "
            "v.work_change, v.housing_change, v.schooling_change, v.health_change, "
            "v.ready_to_graduate, v.notes FROM visits v "
            f"{_PERSON_OF_VISIT}WHERE v.deleted_at IS NULL "
            "AND (v.outcome IS NOT NULL OR v.ready_to_graduate = 1) "
            "AND v.visit_date BETWEEN :start AND :end AND {scope} "
            "ORDER BY v.ready_to_graduate DESC, v.desa_code, v.visit_date, r.name"
        ), month, scope, "v.desa_code")
    ]  # fmt: skip


def _age(birth: str | None, day: dt.date) -> int | None:
    if not birth:
        return None
    born = dt.date.fromisoformat(birth)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _age_in_year(birth: str | None, day: dt.date) -> int | None:
    """The age reached in `day`'s year: it tells no more than the birth year."""
    return day.year - int(birth[:4]) if birth else None


def escort_rows(
    conn: sqlite3.Connection, month: Month, scope: Scope, show: NikShow
) -> list[list[Any]]:
    rows = []
    found = _rows(conn, (
        "SELECT v.visit_date, g.name, r.name, r.nik, r.birth_date, v.escort_facility, "
        "v.escort_purpose, v.escort_transport, v.escort_result, a.name FROM visits v "
        f"{_PERSON_OF_VISIT}"
        "LEFT JOIN assistants a ON a.uuid = v.assistant_uuid WHERE v.deleted_at IS NULL "
        "AND v.kind = 'escort' AND v.visit_date BETWEEN :start AND :end AND {scope} "
        "ORDER BY v.desa_code, v.visit_date, r.name"
    ), month, scope, "v.desa_code")  # fmt: skip
    exact = show is not mask_nik  # beside a masked NIK, the exact age would narrow the date
    for day, desa, name, nik, birth, facility, purpose, transport, result, assistant in found:
        visit_day = dt.date.fromisoformat(day)
        age = _age(birth, visit_day) if exact else _age_in_year(birth, visit_day)
        rows.append([visit_day, desa, name, show(nik), age, facility, purpose,
                     transport, result, assistant or ""])  # fmt: skip
    return rows


def open_finding_rows(
    conn: sqlite3.Connection, month: Month, scope: Scope, show: NikShow, today: dt.date
) -> list[list[Any]]:
    """Findings open at the month's end, oldest first, with their age on that day."""
    as_of = min(month.end, today)
    kind = finding_labels()
    rows = []
    for opened, desa, name, nik, what, program, period, details in _rows(conn, (
        "SELECT f.opened_on, g.name, r.name, r.nik, f.kind, f.program_code, f.period, f.details "
        "FROM findings f JOIN recipients r ON r.uuid = f.recipient_uuid "
        "LEFT JOIN regions g ON g.code = f.desa_code WHERE f.deleted_at IS NULL "
        f"AND {open_at_month_end('f')} "
        "AND {scope} ORDER BY f.opened_on, f.created_at"
    ), month, scope, "f.desa_code"):  # fmt: skip
        opened_day = dt.date.fromisoformat(opened)
        rows.append([opened_day, (as_of - opened_day).days, kind(what), desa, name, show(nik),
                     program or "", period or "", details or ""])  # fmt: skip
    return rows


def not_visited_rows(
    conn: sqlite3.Connection, month: Month, scope: Scope, show: NikShow
) -> list[list[Any]]:
    """Recipients enrolled in the month without a visit in it, with their last visit before."""
    return [
        [desa, name, show(nik), programs or "", _date(last)]
        for desa, name, nik, programs, last in _rows(conn, (
            f"SELECT g.name, r.name, r.nik, {_PROGRAMS_IN_MONTH}, "
            "(SELECT max(x.visit_date) FROM visits x WHERE x.recipient_uuid = r.uuid "
            " AND x.deleted_at IS NULL AND x.visit_date < :start) FROM recipients r "
            "LEFT JOIN regions g ON g.code = r.desa_code "
            f"WHERE r.deleted_at IS NULL AND {{scope}} AND {ENROLLED_IN_MONTH} "
            "AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.recipient_uuid = r.uuid "
            " AND v.deleted_at IS NULL AND v.visit_date BETWEEN :start AND :end) "
            "ORDER BY r.desa_code, r.name"
        ), month, scope, "r.desa_code")
    ]  # fmt: skip
