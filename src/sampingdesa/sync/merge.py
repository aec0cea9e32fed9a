"""Merging laptops: bundles in, conflicts kept in view.

Bundles are written and read in `sync.bundle` (signed, size-limited), checked in
`sync.validate` (content, as the CLI checks it) and `sync.trust` (keys, origin chains).

Merge rule (documented in docs/sync.md): every field takes the value of its latest change,
ordered by (time, origin, origin entry). That makes merges idempotent and independent of the
order bundles arrive in. When both sides changed the same field since the last version they
had in common (the remote's version vector says what it had seen), the later change is kept
and the other recorded in `sync_conflicts`. A row changes only through a logged change: a
row value no entry explains is not taken. The same NIK under two UUIDs becomes one recipient:
the smaller UUID is kept, the other becomes an alias and everything that pointed to it is
moved.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypedDict

from sampingdesa.errors import DamagedBundle, Fork
from sampingdesa.i18n import _
from sampingdesa.places.laptop import current_assistant
from sampingdesa.progress import Progress, tell
from sampingdesa.store.audit import (
    COORDINATOR,
    COORDINATOR_TABLES,
    bulk_row_matches,
    column_defaults,
    order_key,
    replay_authority,
)
from sampingdesa.store.changes import BULK_INSERT, Changes, bulk_columns, bulk_rows, now_iso
from sampingdesa.store.clock import STAMP, observe, order_stamp, split
from sampingdesa.store.db import transaction
from sampingdesa.sync import recovery, trust
from sampingdesa.sync.bundle import (
    FORMAT_VERSION,
    KIND,
    Bundle,
    ExportResult,
    _chunks,
    columns_of,
    database_id,
    default_bundle_name,
    export_bundle,
    read_bundle,
    version_vector,
    write_bundle,
)
from sampingdesa.sync.conflicts import list_conflicts, resolve_conflict
from sampingdesa.sync.recovery import DISOWN
from sampingdesa.sync.tables import RECIPIENT_CHILDREN, TABLES

__all__ = [
    "FORMAT_VERSION", "KIND", "Bundle", "BundleReport", "ExportResult", "database_id",
    "default_bundle_name", "export_bundle", "import_bundles", "list_conflicts", "read_bundle",
    "resolve_conflict", "sync_status", "version_vector", "write_bundle",
]  # fmt: skip

FIELD_ACTIONS = ("insert", "update", "delete", BULK_INSERT)
STAMP_FIELDS = ("uuid", "created_at", "created_by", "updated_at", "updated_by")


# -- merging ----------------------------------------------------------------------------------
@dataclass
class BundleReport:
    path: str
    source: str
    assistant: str | None
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    conflicts: int = 0
    entries: int = 0
    per_table: dict[str, dict[str, int]] = field(default_factory=dict)
    pinned: list[tuple[str, str]] = field(default_factory=list)  # (laptop, key fingerprint)
    notes: list[str] = field(default_factory=list)  # what was refused or looks wrong

    def count(self, table: str, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        counts = self.per_table.setdefault(table, {})
        counts[outcome] = counts.get(outcome, 0) + 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "bundle": self.path, "source": self.source, "assistant": self.assistant,
            "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
            "merged": self.merged, "conflicts": self.conflicts, "entries": self.entries,
            "per_table": self.per_table,
            "pinned": [{"laptop": name, "fingerprint": fp} for name, fp in self.pinned],
            "notes": self.notes,
        }  # fmt: skip


Key = tuple[str, str, int]  # (clock stamp, origin database, origin entry): the order of changes
CLOCK_TOLERANCE = dt.timedelta(minutes=10)  # entries may be this much after their signing
CLOCK_WARNING = dt.timedelta(days=1)  # a laptop's clock this far off is named
_FROM_ROW = object()  # a field a bulk entry proves by the row's hash, not by value


def entry_key(entry: dict[str, Any]) -> Key:
    """A bundle entry's place in the order of changes (`store.clock`)."""
    return (order_stamp(entry.get("hlc"), entry["at"]), entry["origin_db"], int(entry["origin_id"]))


def _parse_time(text: Any) -> dt.datetime | None:
    try:
        value = dt.datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def _fields_of(entry_new: str | None) -> dict[str, Any]:
    if not entry_new:
        return {}
    try:
        value = json.loads(entry_new)
    except ValueError:  # entries are checked on the way in; an old bad one is ignored
        return {}
    return value if isinstance(value, dict) else {}


class Merger:
    def __init__(self, conn: sqlite3.Connection, bundle: Bundle, writer: Changes) -> None:
        self.conn = conn
        self.bundle = bundle
        self.writer = writer
        self.this_db = database_id(conn)
        self.remote_known: dict[str, int] = {
            k: int(v) for k, v in (bundle.manifest.get("known") or {}).items()
        }
        self.report = BundleReport(
            str(bundle.path),
            bundle.manifest.get("database_id", "?"),
            (bundle.manifest.get("assistant") or {}).get("name"),
        )
        self.aliases = dict(
            conn.execute("SELECT alias_uuid, canonical_uuid FROM recipient_aliases")
        )
        self.columns = {table: columns_of(conn, table) for table in TABLES}
        self.checked = trust.ChainCheck()
        self._targets: set[str] = set()  # uuids other uuids are aliases of
        self.new_entries: list[dict[str, Any]] = []
        self.new_by_row: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.refused_rows: set[tuple[str, str]] = set()
        self._default_cache: dict[str, dict[str, Any]] = {}

    # entries ----------------------------------------------------------------------------------
    def select_new_entries(self) -> None:
        """Verify every origin's chain and keep the entries this database lacks."""
        self._follow_steps_in_bundle()
        try:
            self.checked = trust.check_chains(self.conn, self.bundle)
        except Fork as fork:
            # The coordinator may have recovered from a wrong key: its logged step, in this
            # bundle or held here, sets the wrong entries aside here too; then check again.
            if not self._follow_recovery(fork.origin):
                raise
            self.checked = trust.check_chains(self.conn, self.bundle)
        self._check_authority()
        self._check_clock()
        self._check_bulk_rows()
        authority = replay_authority(self.conn, self._incoming_roles())
        refused = 0
        for entry in self.checked.new_entries:
            self.new_entries.append(entry)
            if not authority.counts(
                entry["table"], entry["actor"], entry["origin_db"], entry["origin_id"]
            ):
                refused += 1
                self.refused_rows.add((entry["table"], entry["row"]))
                continue
            if entry["action"] == BULK_INSERT:
                for row_uuid in bulk_rows(entry):
                    self.new_by_row[row_uuid].append(entry)
            else:
                self.new_by_row[entry["row"]].append(entry)
        if refused:
            self.report.notes.append(
                _("{path}: {count} changes to the report settings were not taken: report "
                  "settings belong to the coordinator, and only the coordinator's laptop "
                  "changes them.").format(path=self.bundle.path.name, count=refused)
            )  # fmt: skip

    def _check_authority(self) -> None:
        """A laptop's own entries cannot speak for another assistant: not as its actor, and
        not on another assistant's record."""
        signer = self.bundle.manifest["database_id"]
        signer_assistant = (self.bundle.manifest.get("assistant") or {}).get("uuid")
        ours = current_assistant(self.conn).uuid
        own_origins = {
            origin for origin, head in self.bundle.origins.items()
            if head["database_id"] == signer
        }  # fmt: skip
        for entry in self.checked.new_entries:
            if entry["origin_db"] not in own_origins:
                continue  # vouched for by its own laptop's signature
            if (entry["actor"] == ours and signer_assistant != ours) or (
                entry["table"] == "assistants" and entry["row"] != entry["actor"]
            ):
                raise DamagedBundle(
                    _("{path}: entry {number} claims to be made by or about another "
                      "assistant than the laptop's own; nothing was merged.").format(
                        path=self.bundle.path, number=entry["origin_id"])
                )  # fmt: skip

    def _follow_step(self, entry: dict[str, Any]) -> bool:
        return recovery.follow(self.conn, _fields_of(entry["new"]), self.writer.at)

    def _follow_steps_in_bundle(self) -> None:
        """A coordinator's recovery steps (`disown` entries of its own history, verified
        first) are done here before the rest is checked: the entries it set aside may have
        been pinned here under the wrong key."""
        signer = self.bundle.manifest["database_id"]
        own = {o for o, head in self.bundle.origins.items() if head["database_id"] == signer}
        authority = replay_authority(self.conn, self._incoming_roles())
        if authority.coordinator_here:
            return  # a coordinator recovers with its own command, never on a laptop's word
        steps = [e for e in self.bundle.entries if not e.get("stub")
                 and e.get("action") == DISOWN and e.get("origin_db") in own
                 and authority.roles.get(e.get("actor", "")) == COORDINATOR]  # fmt: skip
        verified: set[str] = set()
        for entry in steps:
            if entry["origin_db"] not in verified:
                part = [e for e in self.bundle.entries if e.get("origin_db") == entry["origin_db"]]
                trust.check_chains(self.conn, replace(self.bundle, entries=part))
                verified.add(entry["origin_db"])
            self._follow_step(entry)

    def _follow_recovery(self, origin: str) -> bool:
        """A `disown` step covering `origin` already held here (a fork it explains)."""
        authority = replay_authority(self.conn)
        if authority.coordinator_here:
            return False
        for actor, new in self.conn.execute(
            "SELECT actor, new FROM change_log WHERE action = ? AND disowned_origin IS NULL",
            (DISOWN,),
        ):
            if authority.roles.get(actor) != COORDINATOR:
                continue
            step = _fields_of(new)
            if origin in (step.get("origins") or {}):
                return recovery.follow(self.conn, step, self.writer.at)
        return False

    def _incoming_roles(self) -> dict[str, str]:
        return {
            str(row["uuid"]): str(row.get("role"))
            for table, row in self.bundle.rows
            if table == "assistants" and "uuid" in row
        }

    def _check_clock(self) -> None:
        """Refuse entries a laptop dated after it signed the bundle (a clock cannot say so
        honestly); note a laptop whose clock is more than a day off this one's."""
        signed_text = self.bundle.manifest.get("created_at")
        signed = _parse_time(signed_text)
        if signed is None:
            return
        wall = signed
        # The signer's clock stamp when it signed: never before what it wrote, even on a
        # laptop whose clock was turned back since.
        stamp = self.bundle.manifest.get("clock")
        if isinstance(stamp, str) and STAMP.fullmatch(stamp):
            physical = _parse_time(split(stamp)[0])
            if physical is not None and physical > signed:
                signed, signed_text = physical, split(stamp)[0]
        signer = self.bundle.manifest["database_id"]
        own = {o for o, head in self.bundle.origins.items() if head["database_id"] == signer}
        latest = signed + CLOCK_TOLERANCE
        for entry in self.checked.new_entries:
            if entry["origin_db"] not in own:
                continue
            at = _parse_time(entry["at"])
            hlc = entry.get("hlc")
            at_hlc = _parse_time(split(hlc)[0]) if isinstance(hlc, str) else None
            if at_hlc is not None and (at is None or at_hlc > at):
                at = at_hlc
            if at is not None and at > latest:
                raise DamagedBundle(
                    _("{path}: entry {number} is dated {at}, after the bundle was signed "
                      "({signed}); a laptop cannot have written it then. Nothing was merged."
                      ).format(path=self.bundle.path, number=entry["origin_id"],
                               at=entry["at"][:19], signed=str(signed_text)[:19])
                )  # fmt: skip
        off = wall - dt.datetime.now(dt.timezone.utc)
        if abs(off) > CLOCK_WARNING:
            who = (self.bundle.manifest.get("assistant") or {}).get("name") or signer[:8]
            self.report.notes.append(
                _("The clock of {who}'s laptop is {days} days {direction} this one's: its "
                  "changes are still ordered correctly, but ask {who} to set the date and "
                  "time.").format(who=who, days=abs(off).days,
                                  direction=_("ahead of") if off > dt.timedelta(0)
                                  else _("behind"))
            )  # fmt: skip

    def _check_bulk_rows(self) -> None:
        """Every row a new bulk entry lists must be, as inserted, what its digest says:
        checked on the way in, as single entries are."""
        bulk = [e for e in self.checked.new_entries if e["action"] == BULK_INSERT]
        if not bulk:
            return
        incoming = {(table, row.get("uuid")): row for table, row in self.bundle.rows}
        listed = {uuid for entry in bulk for uuid in bulk_rows(entry)}
        by_row: dict[str, list[tuple[Key, dict[str, Any]]]] = defaultdict(list)
        seen: set[tuple[str, int]] = set()
        for entry in self.bundle.entries:
            if entry.get("stub") or entry["action"] not in ("insert", "update", "delete"):
                continue
            seen.add((entry["origin_db"], int(entry["origin_id"])))
            if entry["row"] in listed:
                by_row[entry["row"]].append((entry_key(entry), _fields_of(entry["old"])))
        for chunk in _chunks(sorted(listed)):  # what this database holds about those rows
            marks = ",".join("?" * len(chunk))
            for local in self.conn.execute(
                "SELECT id, at, hlc, row_uuid, old, origin_db, origin_id FROM change_log "
                f"WHERE row_uuid IN ({marks}) AND action IN ('insert', 'update', 'delete') "
                "AND disowned_origin IS NULL",
                chunk,
            ):
                mark = (local["origin_db"] or self.this_db,
                        int(local["origin_id"] or local["id"]))  # fmt: skip
                if mark not in seen:
                    by_row[local["row_uuid"]].append(
                        (order_key(local, self.this_db), _fields_of(local["old"]))
                    )
        for entry in bulk:
            key = entry_key(entry)
            columns = bulk_columns(entry)
            for uuid, digest in bulk_rows(entry).items():
                row = incoming.get((entry["table"], uuid))
                if row is None:
                    continue
                later = by_row.get(uuid, [])
                if not bulk_row_matches(row, key, digest, columns, later, self.aliases):
                    raise DamagedBundle(
                        _("{path}: {table} record {uuid} is not what its import entry {number} "
                          "recorded (the row was changed after it was logged); nothing was "
                          "merged.").format(path=self.bundle.path, table=entry["table"],
                                            uuid=uuid[:8], number=entry["origin_id"])
                    )  # fmt: skip

    def append_entries(self) -> None:
        for e in sorted(self.new_entries, key=entry_key):
            fields = (e["at"], e["actor"], e["table"], e["row"], e["action"], e["old"], e["new"],
                      e["reason"])  # fmt: skip
            self.writer.append(fields, e["origin_db"], int(e["origin_id"]), e["hash"],
                               e.get("hlc"), e.get("salt"))  # fmt: skip
        observe(self.conn, (e.get("hlc") for e in self.new_entries))
        self.report.entries = len(self.new_entries)
        trust.record(self.conn, self.checked)
        keys = {**self.bundle.manifest["keys"],
                self.bundle.manifest["database_id"]: self.bundle.public_key}  # fmt: skip
        trust.pin_new(self.conn, self.checked, keys)
        self.report.pinned = [(self._laptop(db, name), fp) for db, fp, name in self.checked.pinned]

    def _laptop(self, database: str, name: str | None) -> str:
        """A laptop as a person knows it: its assistant and role (from the entries just merged
        when its bundles never came here), with its id to compare with `sync status`."""
        row = self.conn.execute(
            "SELECT a.name, a.role FROM change_log c JOIN assistants a ON a.uuid = c.actor "
            "WHERE c.origin_db = ? GROUP BY a.uuid ORDER BY count(*) DESC LIMIT 1",
            (database,),
        ).fetchone()
        roles = {"pendamping": _("assistant"), "koordinator": _("coordinator")}
        who = name or (row[0] if row else None)
        if who is None:
            return database[:8]
        if not (row and row[0] == who):
            row = self.conn.execute(
                "SELECT name, role FROM assistants WHERE name = ? AND deleted_at IS NULL", (who,)
            ).fetchone()
        role = roles.get(row[1], row[1]) if row else None
        person = _("{name} ({role})").format(name=who, role=role) if role else who
        return _("{person}, laptop {id}").format(person=person, id=database[:8])

    # rows -------------------------------------------------------------------------------------
    def merge_rows(self) -> None:
        self.conn.execute("PRAGMA defer_foreign_keys = ON")
        grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for table, row in self.bundle.rows:
            grouped[table].append(row)
        self._learn_aliases(grouped["recipient_aliases"])
        for table in TABLES:
            if grouped[table]:
                self._merge_table(table, grouped[table])
        # The findings of every visit the bundle touched follow its answers (issue 25).
        from sampingdesa.register.visit_findings import reconcile_visits

        touched = [r["uuid"] for r in grouped["visits"]]
        reconcile_visits(self.writer, touched + [r["visit_uuid"] for r in grouped["deliveries"]])

    def _learn_aliases(self, rows: list[dict[str, Any]]) -> None:
        """Merges the other side already made: their changes under the old UUID count as
        changes to the record kept (a live local record under the old UUID is merged when
        its twin arrives, by NIK)."""
        for row in rows:
            alias, target = (
                row["alias_uuid"],
                self.aliases.get(row["canonical_uuid"], row["canonical_uuid"]),
            )
            if alias in self.aliases or alias == target:
                continue
            if self.conn.execute("SELECT 1 FROM recipients WHERE uuid = ?", (alias,)).fetchone():
                continue
            self.conn.execute(
                "INSERT INTO recipient_aliases (alias_uuid, canonical_uuid, nik, merged_at) "
                "VALUES (?, ?, ?, ?)",
                (alias, target, row["nik"], row["merged_at"]),
            )
            self.aliases[alias] = target

    def _local_rows(self, table: str, uuids: list[str]) -> dict[str, sqlite3.Row]:
        found: dict[str, sqlite3.Row] = {}
        for chunk in _chunks(uuids):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(f"SELECT * FROM {table} WHERE uuid IN ({marks})", chunk):
                found[row["uuid"]] = row
        return found

    def _merge_table(self, table: str, rows: list[dict[str, Any]]) -> None:
        columns = self.columns[table]
        self._targets = set(self.aliases.values())
        for row in rows:
            for column in ("recipient_uuid",):
                if column in row and row[column] in self.aliases:
                    row[column] = self.aliases[row[column]]
        canonical = [self.aliases.get(r["uuid"], r["uuid"]) if table == "recipients" else r["uuid"]
                     for r in rows]  # fmt: skip
        local = self._local_rows(table, canonical)
        inserts: dict[tuple[str, ...], list[list[Any]]] = defaultdict(list)
        for row, uuid in zip(rows, canonical, strict=True):
            if uuid in local:
                self._merge_known(table, uuid, row, local[uuid], merged=False)
                continue
            twin = self._natural_twin(table, row)
            if twin is not None:
                self._merge_twin(table, row, twin)
                self._targets = set(self.aliases.values())
                continue
            if table in COORDINATOR_TABLES and not self.new_by_row.get(uuid):
                continue  # only changes its sender may not make explain the row
            self._check_logged(table, row)
            # Columns the bundle lacks (an older schema) keep their defaults.
            present = tuple(c for c in columns if c in row)
            inserts[present].append([row[c] for c in present])
            self.report.count(table, "added")
        for present, values in inserts.items():
            marks = ",".join("?" * len(present))
            self.conn.executemany(
                f"INSERT INTO {table} ({','.join(present)}) VALUES ({marks})", values
            )

    def _natural_twin(self, table: str, row: dict[str, Any]) -> sqlite3.Row | None:
        """The same real thing under another UUID: a recipient by NIK, an IDM value by desa
        and year."""
        twin: sqlite3.Row | None = None
        if table == "recipients":
            twin = self.conn.execute(
                "SELECT * FROM recipients WHERE nik = ?", (row["nik"],)
            ).fetchone()
        elif table == "idm" and row.get("deleted_at") is None:
            twin = self.conn.execute(
                "SELECT * FROM idm WHERE desa_code = ? AND year = ? AND deleted_at IS NULL",
                (row["desa_code"], row["year"]),
            ).fetchone()
        return twin

    def _merge_twin(self, table: str, row: dict[str, Any], twin: sqlite3.Row) -> None:
        if table != "recipients":
            # One value per desa and year: the later one wins, the row keeps the local UUID.
            self.writer.log(table, twin["uuid"], "merge", None, {"alias": row["uuid"]},
                            _("same desa and year recorded twice"))  # fmt: skip
            self._merge_known(table, twin["uuid"], {**row, "uuid": twin["uuid"]}, twin, merged=True,
                              extra_rows=(row["uuid"],))  # fmt: skip
            return
        keep, drop = sorted((twin["uuid"], row["uuid"]))
        now = now_iso()
        if keep == row["uuid"]:
            # The incoming UUID sorts first: move the local record (and all that points to it).
            self.conn.execute("UPDATE recipients SET uuid = ? WHERE uuid = ?", (keep, drop))
            for child in RECIPIENT_CHILDREN:
                self.conn.execute(
                    f"UPDATE {child} SET recipient_uuid = ? WHERE recipient_uuid = ?", (keep, drop)
                )
            self.conn.execute(
                "UPDATE recipient_aliases SET canonical_uuid = ? WHERE canonical_uuid = ?",
                (keep, drop),
            )
        self.conn.execute(
            "INSERT OR REPLACE INTO recipient_aliases (alias_uuid, canonical_uuid, nik, merged_at) "
            "VALUES (?, ?, ?, ?)",
            (drop, keep, row["nik"], now),
        )
        for alias, target in list(self.aliases.items()):
            if target == drop:
                self.aliases[alias] = keep
        self.aliases[drop] = keep
        current = self.conn.execute("SELECT * FROM recipients WHERE uuid = ?", (keep,)).fetchone()
        self.writer.log("recipients", keep, "merge", None, {"alias": drop, "nik": row["nik"]},
                        _("same NIK registered under two ids"))  # fmt: skip
        self._merge_known("recipients", keep, {**row, "uuid": keep}, current, merged=True,
                          extra_rows=(drop,))  # fmt: skip

    def _row_uuids(self, uuid: str, extra: Iterable[str]) -> list[str]:
        names = {uuid, *extra}
        names.update(alias for alias, target in self.aliases.items() if target == uuid)
        return sorted(names)

    def _latest_local(self, uuids: list[str]) -> tuple[dict[str, Key], set[str]]:
        """Per field: the key of its latest local change, and the fields with changes the
        remote had not seen."""
        latest: dict[str, Key] = {}
        unseen: set[str] = set()
        marks = ",".join("?" * len(uuids))
        for entry in self.conn.execute(
            f"SELECT id, at, hlc, action, new, origin_db, origin_id FROM change_log "
            f"WHERE row_uuid IN ({marks}) AND disowned_origin IS NULL",
            uuids,
        ):
            if entry["action"] not in FIELD_ACTIONS:
                continue
            origin = entry["origin_db"] or self.this_db
            number = entry["origin_id"] if entry["origin_db"] else entry["id"]
            if any(e["origin_db"] == origin and int(e["origin_id"]) == number
                   for row in uuids for e in self.new_by_row.get(row, ())):  # fmt: skip
                continue  # arrived in this very bundle
            key: Key = (order_stamp(entry["hlc"], entry["at"]), origin, int(number))
            remote_saw = number <= self.remote_known.get(origin, 0)
            for name in _fields_of(entry["new"]):
                if name not in latest or key > latest[name]:
                    latest[name] = key
                if not remote_saw:
                    unseen.add(name)
        return latest, unseen

    def _latest_remote(self, uuids: list[str]) -> tuple[dict[str, Key], dict[str, Any]]:
        """Per field: the key of its latest change in this bundle, and the value it set (a
        bulk entry proves a whole row by hash, so the row's own value stands for it)."""
        latest: dict[str, Key] = {}
        values: dict[str, Any] = {}
        for row_uuid in uuids:
            for entry in self.new_by_row.get(row_uuid, ()):
                if entry["action"] not in FIELD_ACTIONS:
                    continue
                key: Key = entry_key(entry)
                changed: dict[str, Any]
                if entry["action"] == BULK_INSERT:  # the columns its digests cover
                    changed = dict.fromkeys(bulk_columns(entry), _FROM_ROW)
                else:  # parsed once, when the bundle was checked
                    changed = entry.get("_new") or _fields_of(entry["new"])
                for name, value in changed.items():
                    if name not in latest or key > latest[name]:
                        latest[name] = key
                        values[name] = value
        return latest, values

    def _check_logged(self, table: str, row: dict[str, Any]) -> None:
        """A new row must hold what its logged changes say: a bundle cannot insert values it
        did not log."""
        uuids = self._row_uuids(row["uuid"], ()) if row["uuid"] in self._targets else [row["uuid"]]
        _keys, values = self._latest_remote(uuids)
        for name, value in values.items():
            if value is _FROM_ROW or name not in self.columns[table]:
                continue
            if name == "recipient_uuid":
                value = self.aliases.get(value, value)
            if row.get(name) != value:
                raise DamagedBundle(
                    _("{path}: {table} record {uuid} holds {field} = {found!r}, but its logged "
                      "change says {logged!r}; nothing was merged.").format(
                        path=self.bundle.path, table=table, uuid=row["uuid"][:8], field=name,
                        found=row.get(name), logged=value)
                )  # fmt: skip
        if not values and self._logged_before(row["uuid"]):
            return  # its changes arrived before (a bundle for one desa sends rows later)
        defaults = self._defaults(table)
        for name in self.columns[table]:
            if name in values or name in STAMP_FIELDS:
                continue
            found = row.get(name)
            if found is not None and found != defaults.get(name):
                raise DamagedBundle(
                    _("{path}: {table} record {uuid} holds {field} = {found!r}, which no logged "
                      "change explains (it was changed beside sampingdesa); nothing was "
                      "merged.").format(path=self.bundle.path, table=table, uuid=row["uuid"][:8],
                                        field=name, found=found)
                )  # fmt: skip

    def _defaults(self, table: str) -> dict[str, Any]:
        if table not in self._default_cache:
            self._default_cache[table] = column_defaults(self.conn, table)
        return self._default_cache[table]

    def _logged_before(self, uuid: str) -> bool:
        return (
            self.conn.execute(
                "SELECT 1 FROM change_log WHERE row_uuid = ? LIMIT 1", (uuid,)
            ).fetchone()
            is not None
        )

    def _merge_known(
        self, table: str, uuid: str, incoming: dict[str, Any], local: sqlite3.Row, *,
        merged: bool, extra_rows: Iterable[str] = (),
    ) -> None:  # fmt: skip
        uuids = self._row_uuids(uuid, (incoming["uuid"], *extra_rows))
        created = (incoming.get("created_at"), incoming.get("created_by"))
        if None not in created and created < (local["created_at"], local["created_by"]):
            # A record merged from two laptops was created at the earlier of the two.
            self.conn.execute(
                f"UPDATE {table} SET created_at = ?, created_by = ? WHERE uuid = ?",
                (*created, uuid),
            )
        remote, remote_values = self._latest_remote(uuids)
        columns = [c for c in self.columns[table] if c not in STAMP_FIELDS and c in incoming]
        differing = [c for c in columns if incoming[c] != local[c]]
        if not differing:
            self.report.count(table, "merged" if merged else "unchanged")
            return
        local_latest, unseen = self._latest_local(uuids)
        updates: dict[str, Any] = {}
        for column in differing:
            theirs = remote.get(column)
            mine = local_latest.get(column)
            if theirs is None:
                # No new change behind the remote value: ours stands. A row value no logged
                # change explains is never taken (a bundle cannot change what it did not log).
                continue
            remote_wins = mine is None or theirs > mine
            if remote_wins:
                chosen = remote_values.get(column, _FROM_ROW)
                updates[column] = incoming[column] if chosen is _FROM_ROW else chosen
            if column in unseen:
                kept = "remote" if remote_wins else "local"
                self._record_conflict(
                    table, uuid, column, local[column], incoming[column], kept, mine, theirs
                )
        if updates:
            # The row's stamp is the newer of the two sides: the same whatever the order.
            newer = max((local["updated_at"], local["updated_by"]),
                        (incoming["updated_at"], incoming["updated_by"]))  # fmt: skip
            values = {**updates, "updated_at": newer[0], "updated_by": newer[1]}
            assignments = ", ".join(f"{c} = ?" for c in values)
            self.conn.execute(
                f"UPDATE {table} SET {assignments} WHERE uuid = ?", [*values.values(), uuid]
            )
        self.report.count(table, "merged" if merged else ("updated" if updates else "unchanged"))

    def _record_conflict(
        self, table: str, uuid: str, column: str, mine: Any, theirs: Any, kept: str,
        mine_key: Key | None, theirs_key: Key,
    ) -> None:  # fmt: skip
        cursor = self.conn.execute(
            "INSERT OR IGNORE INTO sync_conflicts (table_name, row_uuid, field, local_value, "
            "remote_value, kept, local_origin, remote_origin, bundle, detected_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (table, uuid, column, json.dumps(mine, ensure_ascii=False),
             json.dumps(theirs, ensure_ascii=False), kept,
             ":".join(map(str, mine_key[1:])) if mine_key else "?",
             ":".join(map(str, theirs_key[1:])), self.bundle.path.name, now_iso()),
        )  # fmt: skip
        if cursor.rowcount:
            self.report.conflicts += 1


def import_bundles(
    conn: sqlite3.Connection,
    bundles: Sequence[Path | Bundle],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> list[BundleReport]:
    """Each bundle in its own transaction: one bad bundle leaves the others merged. Every
    bundle is read and checked (signature, limits, content) before anything changes."""
    actor = current_assistant(conn).uuid
    reports = []
    opened: list[Bundle] = []
    for number, given in enumerate(bundles):  # refuse before changing anything
        tell(progress, number, len(bundles), _("Reading bundle {number} of {total}").format(
            number=number + 1, total=len(bundles)))  # fmt: skip
        opened.append(given if isinstance(given, Bundle) else read_bundle(Path(given), conn))
    for number, bundle in enumerate(opened):
        tell(progress, number, len(opened), _("Merging bundle {number} of {total}").format(
            number=number + 1, total=len(opened)))  # fmt: skip
        conn.execute("BEGIN IMMEDIATE")
        try:
            writer = Changes(conn, actor)
            merger = Merger(conn, bundle, writer)
            merger.select_new_entries()
            merger.merge_rows()
            merger.append_entries()
            writer.flush()
            _record_source(conn, bundle)
            if dry_run:  # nothing commits, so nothing checks the deferred foreign keys
                _refuse_dangling(conn, bundle)
                conn.execute("ROLLBACK")
            else:
                try:
                    # Foreign keys are deferred (merge_rows): the commit checks the rows this
                    # bundle wrote, where a whole-database check cost more with every bundle.
                    conn.execute("COMMIT")
                except sqlite3.IntegrityError:
                    _refuse_dangling(conn, bundle)
                    raise
        except sqlite3.IntegrityError as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise DamagedBundle(
                _("{path} could not be merged ({error}); nothing from it was merged.").format(
                    path=bundle.path, error=error
                )
            ) from None
        except Fork as fork:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if not dry_run:  # kept, so that status and audit name both writers
                with transaction(conn):
                    trust.record_fork(conn, fork, bundle.path.name)
            raise
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        reports.append(merger.report)
    return reports


def _refuse_dangling(conn: sqlite3.Connection, bundle: Bundle) -> None:
    """Refuse a bundle whose rows point at records neither it nor this database holds."""
    problems = conn.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise DamagedBundle(
            _("{path} refers to records it does not contain ({count} references); "
              "nothing from it was merged.").format(path=bundle.path, count=len(problems))
        )  # fmt: skip


def _record_source(conn: sqlite3.Connection, bundle: Bundle) -> None:
    manifest = bundle.manifest
    assistant = manifest.get("assistant") or {}
    conn.execute(
        "INSERT INTO sync_sources (database_id, assistant_name, desa_code, bundles, last_bundle, "
        "last_imported_at) VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (database_id) DO UPDATE SET "
        "assistant_name = excluded.assistant_name, desa_code = excluded.desa_code, "
        "bundles = bundles + 1, last_bundle = excluded.last_bundle, "
        "last_imported_at = excluded.last_imported_at",
        (manifest.get("database_id"), assistant.get("name"), assistant.get("desa_code"),
         bundle.path.name, now_iso()),
    )  # fmt: skip


# -- status and conflicts ---------------------------------------------------------------------
class SourceView(TypedDict):
    """A laptop whose bundles were merged here."""

    database_id: str
    assistant_name: str | None
    desa_code: str | None
    bundles: int
    last_bundle: str | None
    last_imported_at: str | None


class ExportView(TypedDict):
    at: str
    path: str
    target: str | None


class ForkWithSentence(trust.ForkView):
    sentence: str


class SyncStatus(TypedDict):
    """`sync status --json`: this laptop's identity and what it merged and sent."""

    database_id: str
    key: dict[str, str]  # trust.own_key: id, public key, fingerprint, the `sync trust` line
    laptops: list[trust.LaptopView]
    sources: list[SourceView]
    last_export: ExportView | None
    open_conflicts: int
    merged_recipients: int
    forks: list[ForkWithSentence]


def sync_status(conn: sqlite3.Connection) -> SyncStatus:
    sources = [
        SourceView(database_id=row["database_id"], assistant_name=row["assistant_name"],
                   desa_code=row["desa_code"], bundles=row["bundles"],
                   last_bundle=row["last_bundle"], last_imported_at=row["last_imported_at"])
        for row in conn.execute(
            "SELECT database_id, assistant_name, desa_code, bundles, last_bundle, "
            "last_imported_at FROM sync_sources ORDER BY last_imported_at DESC")
    ]  # fmt: skip
    last_export = conn.execute(
        "SELECT at, path, target FROM sync_exports ORDER BY id DESC LIMIT 1"
    ).fetchone()
    open_conflicts = conn.execute(
        "SELECT count(*) FROM sync_conflicts WHERE status = 'open'"
    ).fetchone()[0]
    merged = conn.execute("SELECT count(*) FROM recipient_aliases").fetchone()[0]
    return SyncStatus(
        database_id=database_id(conn),
        key=trust.own_key(conn),
        laptops=trust.laptops(conn),
        sources=sources,
        last_export=ExportView(at=last_export["at"], path=last_export["path"],
                               target=last_export["target"]) if last_export else None,
        open_conflicts=open_conflicts,
        merged_recipients=merged,
        forks=[ForkWithSentence(**f, sentence=trust.fork_sentence(f)) for f in trust.forks(conn)],
    )  # fmt: skip


def bundle_summary(report: BundleReport) -> str:
    return _(
        "{bundle}: {added} added, {updated} updated, {unchanged} unchanged, {merged} merged, "
        "{conflicts} in conflict."
    ).format(
        bundle=Path(report.path).name, added=report.added, updated=report.updated,
        unchanged=report.unchanged, merged=report.merged, conflicts=report.conflicts,
    )  # fmt: skip
