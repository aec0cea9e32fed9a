"""Merging laptops: bundles out, bundles in, conflicts kept in view.

A bundle is a zip file with `manifest.json`, `data.jsonl` (rows) and `log.jsonl` (the
change-log entries behind them, each with its origin: database id and entry id).

Merge rule (documented in docs/sync.md): every field takes the value of its latest change,
ordered by (time, origin database, origin entry). That makes merges idempotent and
independent of the order bundles arrive in. When both sides changed the same field since the
last version they had in common (the remote's version vector says what it had seen), the
later change is kept and the other recorded in `sync_conflicts`. The same NIK under two
UUIDs becomes one recipient: the smaller UUID is kept, the other becomes an alias and
everything that pointed to it is moved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sampingdesa.errors import SampingError
from sampingdesa.i18n import _
from sampingdesa.places.workspace import current_assistant, kabupaten_code, region_name
from sampingdesa.store.changes import Changes, changes, logged_rows, now_iso, to_json
from sampingdesa.store.db import get_meta, latest_schema_version, schema_version

FORMAT_VERSION = 1
KIND = "sampingdesa-bundle"
# Parents before children, so references exist when a row arrives.
TABLES = (
    "assistants",
    "programs",
    "recipients",
    "enrollments",
    "visits",
    "deliveries",
    "visit_photos",
    "findings",
    "idm",
)
RECIPIENT_CHILDREN = ("enrollments", "visits", "deliveries", "findings")
FIELD_ACTIONS = ("insert", "update", "delete")
STAMP_FIELDS = ("uuid", "created_at", "created_by", "updated_at", "updated_by")
_CHUNK = 900  # SQLite's parameter limit is 999 on old builds


# -- identity and version vectors -------------------------------------------------------------
def database_id(conn: sqlite3.Connection) -> str:
    value = get_meta(conn, "database_id")
    if value is None:
        raise SampingError(
            _('This database is not set up yet. Run: sampingdesa init --assistant "NAME"')
        )
    return value


def version_vector(conn: sqlite3.Connection) -> dict[str, int]:
    """For each origin database, the newest of its change-log entries this one holds."""
    known = {
        row[0]: int(row[1])
        for row in conn.execute(
            "SELECT origin_db, max(origin_id) FROM change_log WHERE origin_db IS NOT NULL "
            "GROUP BY origin_db"
        )
    }
    own = conn.execute("SELECT max(id) FROM change_log WHERE origin_db IS NULL").fetchone()[0]
    known[database_id(conn)] = int(own or 0)
    return known


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


# -- export -----------------------------------------------------------------------------------
@dataclass
class ExportResult:
    path: Path
    rows: dict[str, int]
    entries: int


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def default_bundle_name(conn: sqlite3.Connection, target: str | None) -> str:
    assistant = current_assistant(conn)
    place = region_name(conn, assistant.desa_code) if assistant.desa_code else "kabupaten"
    suffix = f"-untuk-{_slug(target)}" if target else ""
    return f"bundel-{_slug(assistant.name)}-{_slug(place)}{suffix}-{dt.date.today()}.zip"


def _target_desa(conn: sqlite3.Connection, target: str) -> set[str]:
    """An assistant (name or UUID) or a desa (code or name) -> the desa codes to send."""
    from sampingdesa.places.workspace import resolve_desa

    row = conn.execute(
        "SELECT desa_code FROM assistants WHERE (uuid = ? OR lower(name) = lower(?)) "
        "AND deleted_at IS NULL",
        (target, target.strip()),
    ).fetchone()
    if row is not None and row[0]:
        return {row[0]}
    return {resolve_desa(conn, target).code}


def _with_parents(conn: sqlite3.Connection, uuids: set[str]) -> set[str]:
    """A partial bundle stays self-contained: the rows a changed row points to travel too,
    so bundles can arrive in any order."""
    closure = set(uuids)
    wanted = sorted(uuids)
    for table, column in (("deliveries", "visit_uuid"), ("findings", "visit_uuid"),
                          ("visit_photos", "visit_uuid")):  # fmt: skip
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            closure.update(r[0] for r in conn.execute(
                f"SELECT {column} FROM {table} WHERE uuid IN ({marks})", chunk))  # fmt: skip
    wanted = sorted(closure)
    for table in RECIPIENT_CHILDREN:
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            closure.update(r[0] for r in conn.execute(
                f"SELECT recipient_uuid FROM {table} WHERE uuid IN ({marks})", chunk))  # fmt: skip
    return closure


def _rows_for_export(
    conn: sqlite3.Connection, table: str, touched: set[str] | None, desa: set[str] | None,
    recipients: set[str],
) -> list[dict[str, Any]]:  # fmt: skip
    rows = [dict(r) for r in conn.execute(f"SELECT * FROM {table}")]
    if touched is not None and table not in ("assistants", "programs"):
        rows = [r for r in rows if r["uuid"] in touched]
    if desa is None:
        return rows
    if table == "recipients":
        return [r for r in rows if r["desa_code"] in desa]
    if table in RECIPIENT_CHILDREN:
        return [r for r in rows if r["recipient_uuid"] in recipients]
    if table == "visit_photos":
        visits = {
            r[0]
            for r in conn.execute(
                f"SELECT uuid FROM visits WHERE desa_code IN ({','.join('?' * len(desa))})",
                sorted(desa),
            )
        }
        return [r for r in rows if r["visit_uuid"] in visits]
    if table == "idm":
        return [r for r in rows if r["desa_code"] in desa]
    return rows  # the catalogue and the assistants go to everyone


def export_bundle(
    conn: sqlite3.Connection,
    output: Path | None = None,
    *,
    since_last: bool = False,
    target: str | None = None,
) -> ExportResult:
    this_db = database_id(conn)
    assistant = current_assistant(conn)
    desa = _target_desa(conn, target) if target else None
    last_entry = 0
    if since_last:
        row = conn.execute(
            "SELECT max(last_entry) FROM sync_exports WHERE target IS ?", (target,)
        ).fetchone()
        last_entry = int(row[0] or 0)
    entries = conn.execute(
        "SELECT * FROM change_log WHERE id > ? ORDER BY id", (last_entry,)
    ).fetchall()
    touched = (
        _with_parents(
            conn,
            {u for e in entries for u in logged_rows(e["row_uuid"], e["action"], e["new"])},
        )
        if since_last
        else None
    )
    rows: dict[str, list[dict[str, Any]]] = {}
    recipients: set[str] = set()
    for table in TABLES:
        rows[table] = _rows_for_export(conn, table, touched, desa, recipients)
        if table == "recipients":
            recipients = {r["uuid"] for r in rows[table]}
    if desa is not None:
        sent = {r["uuid"] for table_rows in rows.values() for r in table_rows}
        entries = [e for e in entries if e["row_uuid"] in sent]
    aliases = [dict(r) for r in conn.execute("SELECT * FROM recipient_aliases")]
    data = "".join(
        json.dumps({"t": table, "r": row}, ensure_ascii=False, separators=(",", ":")) + "\n"
        for table, table_rows in (("recipient_aliases", aliases), *rows.items())
        for row in table_rows
    ).encode("utf-8")
    log = "".join(
        json.dumps(_exported_entry(e, this_db), ensure_ascii=False, separators=(",", ":")) + "\n"
        for e in entries
    ).encode("utf-8")
    times = [e["at"] for e in entries]
    counts = {table: len(rows[table]) for table in TABLES}
    manifest: dict[str, Any] = {
        "kind": KIND,
        "format": FORMAT_VERSION,
        "schema_version": schema_version(conn),
        "database_id": this_db,
        "kabupaten": kabupaten_code(conn),
        "assistant": {
            "uuid": assistant.uuid,
            "name": assistant.name,
            "desa_code": assistant.desa_code,
        },
        "target": target,
        "created_at": now_iso(),
        "since_last": since_last,
        "time_range": [min(times), max(times)] if times else None,
        "counts": counts,
        "entries": len(entries),
        "known": version_vector(conn),
        "checksum": hashlib.sha256(data + b"\0" + log).hexdigest(),
    }
    path = Path(output) if output else Path.cwd() / default_bundle_name(conn, target)
    _write_zip(path, manifest, data, log)
    max_entry = conn.execute("SELECT max(id) FROM change_log").fetchone()[0] or 0
    conn.execute(
        "INSERT INTO sync_exports (at, path, last_entry, target) VALUES (?, ?, ?, ?)",
        (now_iso(), str(path), max_entry, target),
    )
    return ExportResult(path, counts, len(entries))


def _exported_entry(entry: sqlite3.Row, this_db: str) -> dict[str, Any]:
    return {
        "at": entry["at"], "actor": entry["actor"], "table": entry["table_name"],
        "row": entry["row_uuid"], "action": entry["action"], "old": entry["old"],
        "new": entry["new"], "reason": entry["reason"],
        "origin_db": entry["origin_db"] or this_db,
        "origin_id": entry["origin_id"] if entry["origin_db"] else entry["id"],
    }  # fmt: skip


def _write_zip(path: Path, manifest: dict[str, Any], data: bytes, log: bytes) -> None:
    """Write beside the target, owner-only, then rename: never half a bundle."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".bundel-", suffix=".zip", dir=path.parent)
    os.close(handle)
    try:
        os.chmod(temporary, 0o600)
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
            archive.writestr("data.jsonl", data)
            archive.writestr("log.jsonl", log)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# -- reading a bundle -------------------------------------------------------------------------
@dataclass
class Bundle:
    path: Path
    manifest: dict[str, Any]
    rows: list[tuple[str, dict[str, Any]]]
    entries: list[dict[str, Any]]


def read_bundle(path: Path, conn: sqlite3.Connection) -> Bundle:
    """Open and check a bundle; refuse anything that is not a whole bundle for this regency."""
    not_bundle = _("{path} is not a sampingdesa bundle.").format(path=path)
    damaged = _("{path} is damaged or incomplete (checksum does not match); ask for it again.")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if not {"manifest.json", "data.jsonl", "log.jsonl"} <= names:
                raise SampingError(not_bundle)
            manifest = json.loads(archive.read("manifest.json").decode("utf-8"))
            data = archive.read("data.jsonl")
            log = archive.read("log.jsonl")
    except FileNotFoundError:
        raise SampingError(_("{path} does not exist.").format(path=path)) from None
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, OSError):
        raise SampingError(
            not_bundle if not _looks_like_zip(path) else damaged.format(path=path)
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SampingError(not_bundle) from None
    if not isinstance(manifest, dict) or manifest.get("kind") != KIND:
        raise SampingError(not_bundle)
    try:
        made_by_newer = (
            int(manifest.get("format", 0)) > FORMAT_VERSION
            or int(manifest.get("schema_version", 0)) > latest_schema_version()
        )
        known = {str(k): int(v) for k, v in (manifest.get("known") or {}).items()}
        if not isinstance(manifest.get("assistant") or {}, dict):
            raise TypeError
    except (TypeError, ValueError, AttributeError):  # the manifest is not under the checksum
        raise SampingError(damaged.format(path=path)) from None
    manifest["known"] = known
    if made_by_newer:
        raise SampingError(
            _("{path} was made by a newer sampingdesa; upgrade sampingdesa to import it.").format(
                path=path
            )
        )
    if hashlib.sha256(data + b"\0" + log).hexdigest() != manifest.get("checksum"):
        raise SampingError(damaged.format(path=path))
    if manifest.get("kabupaten") != kabupaten_code(conn):
        raise SampingError(
            _("{path} is for regency {theirs}, this database for {ours}.").format(
                path=path, theirs=manifest.get("kabupaten"), ours=kabupaten_code(conn)
            )
        )
    try:
        rows = [(item["t"], item["r"]) for item in map(json.loads, data.splitlines()) if item]
        entries = [json.loads(line) for line in log.splitlines() if line]
    except (json.JSONDecodeError, KeyError, TypeError):
        raise SampingError(damaged.format(path=path)) from None
    if any(table not in TABLES and table != "recipient_aliases" for table, _row in rows):
        raise SampingError(not_bundle)
    return Bundle(path, manifest, rows, entries)


def _looks_like_zip(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False


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
        }  # fmt: skip


Key = tuple[str, str, int]  # (time, origin database, origin entry): the order of changes


def _fields_of(entry_new: str | None) -> dict[str, Any]:
    if not entry_new:
        return {}
    value = json.loads(entry_new)
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
        self.columns = {table: _columns(conn, table) for table in TABLES}
        self.new_entries: list[dict[str, Any]] = []
        self.new_by_row: dict[str, list[dict[str, Any]]] = defaultdict(list)

    # entries ----------------------------------------------------------------------------------
    def select_new_entries(self) -> None:
        by_origin: dict[str, set[int]] = {}
        for entry in self.bundle.entries:
            origin = entry["origin_db"]
            if origin not in by_origin:
                by_origin[origin] = self._known_ids(origin)
            if int(entry["origin_id"]) in by_origin[origin]:
                continue
            by_origin[origin].add(int(entry["origin_id"]))
            self.new_entries.append(entry)
            self.new_by_row[entry["row"]].append(entry)

    def _known_ids(self, origin: str) -> set[int]:
        if origin == self.this_db:
            sql = "SELECT id FROM change_log WHERE origin_db IS NULL"
            return {row[0] for row in self.conn.execute(sql)}
        sql = "SELECT origin_id FROM change_log WHERE origin_db = ?"
        return {row[0] for row in self.conn.execute(sql, (origin,))}

    def append_entries(self) -> None:
        for e in sorted(self.new_entries, key=lambda e: (e["at"], e["origin_db"], e["origin_id"])):
            fields = (e["at"], e["actor"], e["table"], e["row"], e["action"], e["old"], e["new"],
                      e["reason"])  # fmt: skip
            self.writer.append(fields, e["origin_db"], int(e["origin_id"]))
        self.report.entries = len(self.new_entries)

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
                continue
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
            f"SELECT id, at, action, new, origin_db, origin_id FROM change_log "
            f"WHERE row_uuid IN ({marks})",
            uuids,
        ):
            if entry["action"] not in FIELD_ACTIONS:
                continue
            origin = entry["origin_db"] or self.this_db
            number = entry["origin_id"] if entry["origin_db"] else entry["id"]
            if any(e["origin_db"] == origin and int(e["origin_id"]) == number
                   for row in uuids for e in self.new_by_row.get(row, ())):  # fmt: skip
                continue  # arrived in this very bundle
            key: Key = (entry["at"], origin, int(number))
            remote_saw = number <= self.remote_known.get(origin, 0)
            for name in _fields_of(entry["new"]):
                if name not in latest or key > latest[name]:
                    latest[name] = key
                if not remote_saw:
                    unseen.add(name)
        return latest, unseen

    def _latest_remote(self, uuids: list[str]) -> dict[str, Key]:
        latest: dict[str, Key] = {}
        for row_uuid in uuids:
            for entry in self.new_by_row.get(row_uuid, ()):
                if entry["action"] not in FIELD_ACTIONS:
                    continue
                key: Key = (entry["at"], entry["origin_db"], int(entry["origin_id"]))
                for name in _fields_of(entry["new"]):
                    if name not in latest or key > latest[name]:
                        latest[name] = key
        return latest

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
        remote = self._latest_remote(uuids)
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
                # No newer change behind the remote value: ours stands (it is newer or equal).
                if mine is None and incoming["updated_at"] > local["updated_at"]:
                    updates[column] = incoming[column]
                continue
            remote_wins = mine is None or theirs > mine
            if remote_wins:
                updates[column] = incoming[column]
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
    conn: sqlite3.Connection, paths: Sequence[Path], *, dry_run: bool = False
) -> list[BundleReport]:
    """Each bundle in its own transaction: one bad bundle leaves the others merged."""
    actor = current_assistant(conn).uuid
    reports = []
    bundles = [read_bundle(Path(p), conn) for p in paths]  # refuse before changing anything
    for bundle in bundles:
        conn.execute("BEGIN IMMEDIATE")
        try:
            writer = Changes(conn, actor)
            merger = Merger(conn, bundle, writer)
            merger.select_new_entries()
            merger.merge_rows()
            merger.append_entries()
            writer.flush()
            _record_source(conn, bundle)
            problems = conn.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise SampingError(
                    _("{path} refers to records it does not contain ({count} references); "
                      "nothing from it was merged.").format(path=bundle.path, count=len(problems))
                )  # fmt: skip
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("ROLLBACK" if dry_run else "COMMIT")
        reports.append(merger.report)
    return reports


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
def sync_status(conn: sqlite3.Connection) -> dict[str, Any]:
    sources = [dict(row) for row in conn.execute(
        "SELECT database_id, assistant_name, desa_code, bundles, last_bundle, last_imported_at "
        "FROM sync_sources ORDER BY last_imported_at DESC")]  # fmt: skip
    last_export = conn.execute(
        "SELECT at, path, target FROM sync_exports ORDER BY id DESC LIMIT 1"
    ).fetchone()
    open_conflicts = conn.execute(
        "SELECT count(*) FROM sync_conflicts WHERE status = 'open'"
    ).fetchone()[0]
    merged = conn.execute("SELECT count(*) FROM recipient_aliases").fetchone()[0]
    return {
        "database_id": database_id(conn),
        "sources": sources,
        "last_export": dict(last_export) if last_export else None,
        "open_conflicts": open_conflicts,
        "merged_recipients": merged,
    }


def list_conflicts(
    conn: sqlite3.Connection, include_resolved: bool = False
) -> list[dict[str, Any]]:
    where = "" if include_resolved else "WHERE status = 'open'"
    return [dict(row) for row in conn.execute(f"SELECT * FROM sync_conflicts {where} ORDER BY id")]


def resolve_conflict(conn: sqlite3.Connection, actor: str, conflict_id: int, keep: str) -> Any:
    """Settle a conflict with `mine`, `theirs` or a value; the choice is a new logged change,
    so it travels to the other laptops as the latest value."""
    row = conn.execute("SELECT * FROM sync_conflicts WHERE id = ?", (conflict_id,)).fetchone()
    if row is None:
        raise SampingError(_("No conflict with id {id}.").format(id=conflict_id))
    if row["status"] == "resolved":
        raise SampingError(_("Conflict {id} is already resolved.").format(id=conflict_id))
    if keep == "mine":
        value = json.loads(row["local_value"])
    elif keep == "theirs":
        value = json.loads(row["remote_value"])
    else:
        value = _typed(conn, row["table_name"], row["field"], keep)
    with changes(conn, actor) as writer:
        writer.update(row["table_name"], row["row_uuid"], {row["field"]: value},
                      reason=_("sync conflict {id} resolved").format(id=conflict_id))  # fmt: skip
        conn.execute(
            "UPDATE sync_conflicts SET status = 'resolved', resolved_at = ?, resolved_value = ? "
            "WHERE id = ?",
            (now_iso(), to_json({"value": value}), conflict_id),
        )
    return value


def _typed(conn: sqlite3.Connection, table: str, column: str, text: str) -> Any:
    declared = {row[1]: row[2] for row in conn.execute(f"PRAGMA table_info({table})")}
    kind = declared.get(column, "TEXT").upper()
    try:
        if kind == "INTEGER":
            return int(text)
        if kind == "REAL":
            return float(text)
    except ValueError:
        raise SampingError(
            _("{value!r} is not a number, which {field} needs.").format(value=text, field=column)
        ) from None
    return text


def bundle_summary(report: BundleReport) -> str:
    return _(
        "{bundle}: {added} added, {updated} updated, {unchanged} unchanged, {merged} merged, "
        "{conflicts} in conflict."
    ).format(
        bundle=Path(report.path).name, added=report.added, updated=report.updated,
        unchanged=report.unchanged, merged=report.merged, conflicts=report.conflicts,
    )  # fmt: skip
