"""The tamper-evident change log: verify the hash chain, replay it against the tables,
list a record's history.

Each entry's hash covers its content and the previous entry's hash, and the newest entry's
id and hash are kept in `meta` (`audit_head`), so editing, deleting, inserting or truncating
entries with another SQLite tool shows up here. The tables are a function of the log: every
field of every logged table must hold the value of its latest logged change (ordered as sync
orders them: time, origin, origin entry), so a row edited, added or deleted beside the log
shows too. Someone who rewrites the whole chain *and* the tables consistently is caught only
against a head kept elsewhere: the one the coordinator recorded from the last bundle, or the
one printed on the monthly workbook (`db audit verify --head HASH`).
"""

from __future__ import annotations

import ast
import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypedDict

from sampingdesa.errors import InvalidValue
from sampingdesa.i18n import _
from sampingdesa.progress import Progress, tell
from sampingdesa.store.changes import (
    BULK_INSERT,
    GENESIS_HASH,
    bulk_columns,
    bulk_rows,
    entry_hash,
    hashed_fields,
    row_digest,
)
from sampingdesa.store.connection import get_meta

_FIELDS = ("at", "actor", "table_name", "row_uuid", "action", "old", "new", "reason")
_SIXTEEN_DIGITS = re.compile(r"(?<!\d)(\d{6})(\d{6})(\d{4})(?!\d)")


@dataclass
class Mismatch:
    """A row or field that is not what the log says it is."""

    table: str
    row_uuid: str
    field: str
    logged: Any
    found: Any

    def as_dict(self) -> dict[str, Any]:
        """Masked, as every output of `db audit verify` is (issue 23): numbers masked, a
        birth date cut to its year."""
        from sampingdesa.values.nik import mask_field_value

        return {"table": self.table, "row": self.row_uuid, "field": self.field,
                "logged": mask_field_value(self.field, self.logged),
                "found": mask_field_value(self.field, self.found)}  # fmt: skip


@dataclass
class AuditResult:
    entries: int
    broken_id: int | None = None
    problem: str | None = None
    mismatches: list[Mismatch] = field(default_factory=list)
    head: ChainHead | None = None
    forks: list[str] = field(default_factory=list)  # two writers of one laptop, named

    @property
    def ok(self) -> bool:
        return self.problem is None and not self.mismatches and not self.forks

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "broken_id": self.broken_id,
            "problem": self.problem,
            "mismatches": [m.as_dict() for m in self.mismatches],
            "forks": self.forks,
            "head": None if self.head is None else self.head.text,
        }


PROGRESS_EVERY = 5_000  # entries
MAX_ENTRIES = 2**62  # SQLite's integers end at 2**63 - 1


@dataclass(frozen=True)
class ChainHead:
    """The log as it stands: its newest hash and how many entries it has."""

    hash: str
    entries: int

    @property
    def short_hash(self) -> str:
        return self.hash[:12]

    @property
    def text(self) -> str:
        return f"{self.short_hash}/{self.entries}"


def chain_head(conn: sqlite3.Connection) -> ChainHead:
    """For printing on reports: `db audit verify --head` checks a database against it."""
    row = conn.execute("SELECT hash FROM change_log ORDER BY id DESC LIMIT 1").fetchone()
    count = conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
    return ChainHead(row[0] if row else GENESIS_HASH, int(count))


def verify_chain(conn: sqlite3.Connection, progress: Progress | None = None) -> AuditResult:
    """Walk the chain in id order; report the first entry that does not fit."""
    previous = GENESIS_HASH
    count = 0
    last_id = 0
    disowned: set[str] = set()
    total = None
    if progress is not None:
        total = conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
        tell(progress, 0, total, _("Checking the change log"))
    columns = ", ".join(_FIELDS)
    rows = conn.execute(
        f"SELECT id, {columns}, hlc, salt, coalesce(disowned_origin, origin_db) AS origin_db, "
        "origin_id, prev_hash, hash, disowned_origin FROM change_log ORDER BY id"
    )
    for row in rows:
        count += 1
        if count % PROGRESS_EVERY == 0:
            tell(progress, count, total)
        if row["prev_hash"] != previous:
            return AuditResult(
                count, row["id"],
                _("Entry {id} does not follow the one before it: an entry was deleted or "
                  "inserted out of band.").format(id=row["id"]),
            )  # fmt: skip
        fields = list(hashed_fields([row[f] for f in _FIELDS], row["hlc"], row["salt"]))
        if row["origin_db"] is not None:
            fields += [row["origin_db"], row["origin_id"]]
        if entry_hash(previous, fields) != row["hash"]:
            return AuditResult(
                count, row["id"],
                _("Entry {id} was changed after it was written.").format(id=row["id"]),
            )  # fmt: skip
        if row["disowned_origin"] is not None:
            disowned.add(row["disowned_origin"])
        previous = row["hash"]
        last_id = row["id"]
    if disowned:
        hidden = disowned - disowned_by_log(conn)
        if hidden:
            return AuditResult(
                count, None,
                _("Entries of {count} laptop histories were set aside without the logged "
                  "recovery step that does so.").format(count=len(hidden)),
            )  # fmt: skip
    head = get_meta(conn, "audit_head")
    if head is None and count:
        return AuditResult(
            count, None,
            _("The log has {count} entries but its anchor (audit_head) is gone: it was removed "
              "with another tool.").format(count=count),
        )  # fmt: skip
    if head is not None and head != f"{last_id}:{previous}":
        head_id = int(head.split(":", 1)[0])
        return AuditResult(
            count, head_id,
            _("The log ends at entry {last} but entry {head} was written: entries were removed "
              "from the end.").format(last=last_id, head=head_id),
        )  # fmt: skip
    return AuditResult(count)


_BIRTH_DATE = re.compile(r'("birth_date":\s*")(\d{4})-\d{2}-\d{2}(")')


def verify(
    conn: sqlite3.Connection, printed_head: str | None = None, progress: Progress | None = None
) -> AuditResult:
    """The chain, its anchor, the tables against the log, and (if given) a head printed
    earlier. `sync.trust.verify` adds the forks: all that `db audit verify` checks."""
    result = verify_chain(conn, progress)
    result.head = chain_head(conn)
    if not result.ok:
        return result
    result.mismatches = replay_mismatches(conn)
    if printed_head is not None and result.problem is None:
        result.problem = check_printed_head(conn, printed_head)
    return result


def check_printed_head(conn: sqlite3.Connection, text: str) -> str | None:
    """None when the log still holds the entry a printed head (`HASH` or `HASH/COUNT`)
    names; else the sentence saying it does not."""
    wanted, _sep, count_text = text.strip().partition("/")
    wanted = wanted.strip().lower()
    if not (8 <= len(wanted) <= 64 and all(c in "0123456789abcdef" for c in wanted)) or (
        count_text and not (count_text.strip().isascii() and count_text.strip().isdigit())
    ):
        raise InvalidValue(
            "head", text,
            _("{value!r} is not a chain head; copy it as printed, e.g. 3f2a9c0d1b7e/72.").format(
                value=text),
        )  # fmt: skip
    rows = conn.execute(
        "SELECT id, hash FROM change_log WHERE hash >= ? AND hash < ? ORDER BY id",
        (wanted, wanted + "g"),
    ).fetchall()
    if count_text and int(count_text) <= MAX_ENTRIES:  # a larger count was never printed
        number = int(count_text)
        position = conn.execute(
            "SELECT hash FROM change_log ORDER BY id LIMIT 1 OFFSET ?", (max(number - 1, 0),)
        ).fetchone()
        if position is not None and position[0].startswith(wanted):
            return None
    elif not count_text and rows:
        return None
    return _(
        "The log does not contain the printed head {head}: the history it pinned was "
        "rewritten or replaced."
    ).format(head=text.strip())


# -- replay -----------------------------------------------------------------------------------
Key = tuple[str, str, int]


def _logged_tables(conn: sqlite3.Connection) -> list[str]:
    """Every table written through `Changes`: those with a uuid and the stamp columns."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    found = []
    for name in names:
        columns = {r[1] for r in conn.execute(f"PRAGMA table_info({name})")}
        if {"uuid", "created_by", "updated_by", "deleted_at"} <= columns:
            found.append(name)
    return found


def _entries(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    """The entries that count: not those disowned by a recovery (sync/recovery.py)."""
    yield from conn.execute(
        "SELECT id, at, hlc, actor, table_name, row_uuid, action, old, new, origin_db, origin_id "
        "FROM change_log WHERE disowned_origin IS NULL ORDER BY id"
    )


def _loads(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def column_defaults(conn: sqlite3.Connection, table: str) -> dict[str, Any]:
    """Each column's declared default as a value (`'active'` -> active, `0` -> 0)."""
    found: dict[str, Any] = {}
    for row in conn.execute(f"PRAGMA table_info({table})"):
        text = row[4]
        if text is None:
            continue
        try:
            found[row[1]] = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            found[row[1]] = text
    return found


def replay_mismatches(conn: sqlite3.Connection) -> list[Mismatch]:
    """Replay the log and compare every column of every logged row with it: a logged field
    must hold its latest logged value, a bulk-inserted row its digest (as inserted, before
    the logged changes that followed), and every other column, deletion stamps included,
    its default."""
    this_db = get_meta(conn, "database_id") or ""
    aliases = dict(conn.execute("SELECT alias_uuid, canonical_uuid FROM recipient_aliases"))
    fields: dict[tuple[str, str], dict[str, tuple[Key, Any]]] = {}
    olds: dict[tuple[str, str], list[tuple[Key, str | None]]] = {}
    bulk: dict[tuple[str, str], tuple[Key, str, list[str]]] = {}
    entries = list(_entries(conn))
    authority = replay_authority(conn)
    for entry in entries:
        if entry["action"] == "merge":
            alias = _loads(entry["new"]).get("alias")
            if isinstance(alias, str):
                aliases[alias] = entry["row_uuid"]

    def canonical(uuid: Any) -> Any:
        seen = 0
        while uuid in aliases and seen < 50:
            uuid, seen = aliases[uuid], seen + 1
        return uuid

    for entry in entries:
        action = entry["action"]
        key: Key = order_key(entry, this_db)
        if not authority.counts(
            entry["table_name"], entry["actor"], entry["origin_db"], entry["origin_id"]
        ):
            continue  # a change this laptop did not take (sync refused it)
        if action == BULK_INSERT:
            columns = bulk_columns({"new": entry["new"]})
            for uuid, digest in bulk_rows({"new": entry["new"]}).items():
                place = (entry["table_name"], canonical(uuid))
                if place not in bulk or key > bulk[place][0]:
                    bulk[place] = (key, digest, columns)
            continue
        if action not in ("insert", "update", "delete"):
            continue
        place = (entry["table_name"], canonical(entry["row_uuid"]))
        known = fields.setdefault(place, {})
        olds.setdefault(place, []).append((key, entry["old"]))  # parsed for bulk rows only
        for name, value in _loads(entry["new"]).items():
            if name == "recipient_uuid":
                value = canonical(value)
            if name not in known or key > known[name][0]:
                known[name] = (key, value)
    mismatches: list[Mismatch] = []
    logged_tables = _logged_tables(conn)
    for table in logged_tables:
        defaults = column_defaults(conn, table)
        for row in conn.execute(f"SELECT * FROM {table}"):
            present = dict(row)
            place = (table, present["uuid"])
            logged = fields.pop(place, None) or {}
            proof = bulk.pop(place, None)
            if not logged and proof is None:
                mismatches.append(Mismatch(table, place[1], "*", None, _("not in the log")))
                continue
            for name, (_key, value) in logged.items():
                if name in present and present[name] != value:
                    mismatches.append(Mismatch(table, place[1], name, value, present[name]))
            later = [(k, _loads(old)) for k, old in olds.get(place, ())] if proof else []
            if proof is not None and not bulk_row_matches(
                present, proof[0], proof[1], proof[2], later, aliases
            ):
                # Never the digest itself: it is a hash of hidden numbers (issue 23).
                mismatches.append(
                    Mismatch(table, place[1], "*", _("the imported content"), _("other content"))
                )
            # Every other column holds its default until a logged change: deletion stamps,
            # flags, desil ... edited beside the log show here.
            covered = set(logged) | set(proof[2] if proof else ()) | _STAMPS
            for name in sorted(set(present) - covered):
                if present[name] is not None and present[name] != defaults.get(name):
                    mismatches.append(
                        Mismatch(table, place[1], name, defaults.get(name), present[name])
                    )
    for (table, uuid), _logged in [*fields.items(), *bulk.items()]:
        if table in logged_tables and uuid not in aliases:
            mismatches.append(Mismatch(table, uuid, "*", _("in the log"), _("missing")))
    return mismatches


def hide_row_digests(text: str | None) -> str | None:
    """A `bulk-insert` entry's `new` without the row digests: `{"columns": [...], "rows":
    [[uuid], ...]}`. Each digest is a plain SHA-256 of a row's content (it must stay one, so
    any laptop can check a row against it), and that content holds a NIK and a No. KK whose
    hidden digits a brute force over the few possible birth dates would find: no masked
    output may show one (issue 23)."""
    if not text:
        return text
    try:
        content = json.loads(text)
    except ValueError:
        return text
    if not isinstance(content, dict) or not isinstance(content.get("rows"), list):
        return text
    content["rows"] = [row[:1] if isinstance(row, list) else row for row in content["rows"]]
    return json.dumps(content, ensure_ascii=False, separators=(",", ":"))


# Tables only a coordinator changes: a change to them counts where its author is a
# coordinator, and on a coordinator's laptop only its own changes count.
COORDINATOR_TABLES = frozenset(("report_settings",))
COORDINATOR = "koordinator"


@dataclass
class Authority:
    roles: dict[str, str]
    own: set[str | None]
    coordinator_here: bool
    ancestors: dict[str, int] = field(default_factory=dict)  # origin -> last entry copied

    def counts(self, table: str, actor: str, origin: str | None, number: int | None = None) -> bool:
        if table not in COORDINATOR_TABLES or origin in self.own:
            return True
        if origin in self.ancestors and int(number or 0) <= self.ancestors[origin]:
            return True
        return self.roles.get(actor) == COORDINATOR and not self.coordinator_here


def replay_authority(conn: sqlite3.Connection, incoming: dict[str, str] | None = None) -> Authority:
    """Whose changes count (the same rule for sync and for replay)."""
    roles = {**(incoming or {}), **dict(conn.execute("SELECT uuid, role FROM assistants"))}
    this_db = get_meta(conn, "database_id")
    own: set[str | None] = {None, get_meta(conn, "origin")}
    own.update(
        r[0]
        for r in conn.execute("SELECT origin FROM sync_origins WHERE database_id = ?", (this_db,))
    )
    # The history a copied file came with is its own too, up to the copy.
    ancestors: dict[str, int] = {}
    for item in filter(None, (get_meta(conn, "ancestor_origins") or "").split(",")):
        origin, _sep, last = item.partition(":")
        ancestors[origin] = max(ancestors.get(origin, 0), int(last or 0))
    here = roles.get(get_meta(conn, "assistant_uuid") or "") == COORDINATOR
    return Authority(roles, own, here, ancestors)


_STAMPS = frozenset(("uuid", "created_at", "created_by", "updated_at", "updated_by"))


def order_key(entry: Any, this_db: str) -> Key:
    """The order of changes: the hybrid logical clock (`hlc`, see `store.clock`), else the
    wall time; then origin and origin entry."""
    try:
        stamp = entry["hlc"] or entry["at"]
    except (IndexError, KeyError):
        stamp = entry["at"]
    return (stamp, entry["origin_db"] or this_db,
            int(entry["origin_id"] if entry["origin_db"] else entry["id"]))  # fmt: skip


def bulk_row_matches(
    present: dict[str, Any],
    bulk_key: Any,
    digest: str,
    columns: list[str],
    later: list[tuple[Any, dict[str, Any]]],
    aliases: dict[str, str],
) -> bool:
    """Whether a bulk-inserted row, as inserted, has the digest its batch entry lists: its
    columns now, with the `old` value of the first logged change after the batch put back
    for each column changed since (`later`: (key, old values) of the row's entries)."""
    inserted = {c: present.get(c) for c in columns}
    restored: set[str] = set()
    for key, old in sorted(later, key=lambda item: item[0]):
        if key <= bulk_key:
            continue
        for name, value in old.items():
            if name in inserted and name not in restored:
                inserted[name] = value
                restored.add(name)
    candidates = [inserted, {c: present.get(c) for c in columns}]
    target = inserted.get("recipient_uuid")
    if target is not None:  # moved to the record kept when two recipients were merged
        for alias, canonical in aliases.items():
            if canonical == target:
                candidates.append({**inserted, "recipient_uuid": alias})
    return any(row_digest(candidate) == digest for candidate in candidates)


def mask_numbers(text: str | None) -> str | None:
    """Mask every 16-digit number (NIK, No. KK) inside a logged value, and cut a logged birth
    date to its year (the hidden digits of a NIK are the birth date)."""
    if text is None:
        return None
    text = _SIXTEEN_DIGITS.sub(lambda m: f"{m.group(1)}******{m.group(3)}", text)
    return _BIRTH_DATE.sub(lambda m: m.group(1) + m.group(2) + m.group(3), text)


_UUID_LENGTH = 36


def resolve_row(conn: sqlite3.Connection, key: str, table: str | None = None) -> str:
    """The full UUID of the record whose id starts with `key` (the 8 characters lists show),
    looked up in the change log and the logged tables; clear errors when none or several."""
    from sampingdesa.errors import Conflict, NotFound
    from sampingdesa.values.short_ids import MIN_PREFIX

    prefix = key.strip().lower()
    if len(prefix) >= _UUID_LENGTH:
        return prefix
    if len(prefix) < MIN_PREFIX:
        raise InvalidValue(
            "row", key,
            _("Give at least {count} characters of the record id.").format(count=MIN_PREFIX),
        )  # fmt: skip
    bounds = (prefix, prefix + "~")
    found = {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT row_uuid FROM change_log WHERE row_uuid >= ? AND row_uuid < ? "
            + ("AND table_name = ? " if table else "") + "LIMIT 3",
            (*bounds, table) if table else bounds,
        )
    }  # fmt: skip
    if not found:  # a row imported in bulk is logged in its batch's entry
        names = [table] if table else [r[0] for r in conn.execute(
            "SELECT DISTINCT table_name FROM change_log WHERE action = 'bulk-insert'")]  # fmt: skip
        for name in names:
            columns = {r[1] for r in conn.execute(f"PRAGMA table_info({_quoted(name)})")}
            if "uuid" in columns:
                found |= {r[0] for r in conn.execute(
                    f"SELECT uuid FROM {_quoted(name)} WHERE uuid >= ? AND uuid < ? LIMIT 3",
                    bounds)}  # fmt: skip
    if not found:
        raise NotFound(_("No record with id {key!r} in the change log.").format(key=key))
    if len(found) > 1:
        raise Conflict(
            _("The id {key!r} fits more than one record: {ids}. Type more characters.").format(
                key=key, ids=", ".join(sorted(uuid[:13] for uuid in found))
            )
        )
    return str(found.pop())


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def list_entries(
    conn: sqlite3.Connection,
    *,
    table: str | None = None,
    row_uuid: str | None = None,
    since: str | None = None,
    full_values: bool = False,
    limit: int | None = None,
) -> list[AuditEntry]:
    """The change log's entries, oldest first. Values are masked unless `full_values`,
    which only `privacy.audit_entries` passes, once a `Reveal` is logged."""
    where, params = [], []
    if table:
        where.append("c.table_name = ?")
        params.append(table)
    if row_uuid:
        row_uuid = resolve_row(conn, row_uuid, table)
        # A bulk import logs a batch as one entry that lists its rows' UUIDs.
        where.append("(c.row_uuid = ? OR (c.action = 'bulk-insert' AND instr(c.new, ?) > 0))")
        params += [row_uuid, f'"{row_uuid}"']
    if since:
        where.append("c.at >= ?")
        params.append(since)
    sql = (
        "SELECT c.id, c.at, c.actor, a.name AS actor_name, c.table_name, c.row_uuid, c.action, "
        "c.old, c.new, c.reason FROM change_log c LEFT JOIN assistants a ON a.uuid = c.actor"
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + " ORDER BY c.id"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"

    labels = assistant_labels(conn)  # namesakes told apart by their desa
    entries = []
    for row in conn.execute(sql, params):
        old, new = row["old"], row["new"]
        if not full_values:
            if row["action"] == BULK_INSERT:
                new = hide_row_digests(new)
            old, new = mask_numbers(old), mask_numbers(new)
        entries.append(
            AuditEntry(id=row["id"], at=row["at"], actor=row["actor"],
                       actor_name=labels.get(row["actor"], row["actor_name"]),
                       table_name=row["table_name"], row_uuid=row["row_uuid"],
                       action=row["action"], old=old, new=new, reason=row["reason"])
        )  # fmt: skip
    return entries


class AuditEntry(TypedDict):
    """A change-log entry as `db audit list` shows it: old and new values as JSON text."""

    id: int
    at: str
    actor: str
    actor_name: str | None
    table_name: str
    row_uuid: str
    action: str  # insert | update | delete | bulk-insert | reveal_nik ...
    old: str | None
    new: str | None
    reason: str | None


def assistant_labels(conn: sqlite3.Connection) -> dict[str, str]:
    """How to show each assistant: the name, and the desa too when another assistant has
    the same name (namesakes are two people)."""
    rows = conn.execute(
        "SELECT a.uuid, a.name, a.desa_code, r.name FROM assistants a "
        "LEFT JOIN regions r ON r.code = a.desa_code"
    ).fetchall()
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[1]] = counts.get(row[1], 0) + 1
    labels = {}
    for uuid_, name, code, desa in rows:
        where = desa or code or _("coordinator")
        labels[uuid_] = f"{name} ({where})" if counts[name] > 1 else name
    return labels


# A logged recovery step (sync/recovery.py) that sets laptop histories aside.
DISOWN = "disown"


def disowned_by_log(conn: sqlite3.Connection) -> set[str]:
    """The origins a logged `disown` entry gave up."""
    found: set[str] = set()
    for (new,) in conn.execute("SELECT new FROM change_log WHERE action = ?", (DISOWN,)):
        try:
            origins = json.loads(new or "{}").get("origins") or {}
        except (ValueError, AttributeError):
            continue
        found.update(str(o) for o in origins)
    return found
