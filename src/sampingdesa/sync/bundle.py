"""Bundles: writing them signed, and reading them with limits before trust.

A bundle is a zip file of four members:

- `manifest.json`: who sent it (database id, public key, assistant), for which regency, the
  SHA-256 of the two data members, the version vector, and for every origin whose entries it
  carries the head of that origin's chain as signed by the origin's owner (`origins`), with
  the owners' public keys (`keys`);
- `signature.json`: the sender's Ed25519 signature over the manifest's bytes;
- `data.jsonl`: the rows, one `{"t": table, "r": row}` a line;
- `log.jsonl`: the change-log entries behind them, each with its origin and origin hash; an
  entry about rows the bundle does not carry (`sync export --for`) travels as a placeholder
  (`stub`: origin, number and digest), so the chain stays whole without the content.

Reading checks, in this order, before anything is parsed in full: the zip directory (member
names, count, declared sizes), the manifest's size, its signature, the pinned key, the
regency and versions; then the data members are read with a running size cap and compared
with the signed hashes; only then is each line parsed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sampingdesa.errors import SampingError
from sampingdesa.i18n import _
from sampingdesa.places.laptop import current_assistant, kabupaten_code, region_name
from sampingdesa.store import identity
from sampingdesa.store.changes import entry_digest, logged_rows, now_iso
from sampingdesa.store.db import get_meta, latest_schema_version, schema_version
from sampingdesa.sync.tables import ALIASES, RECIPIENT_CHILDREN, TABLES

FORMAT_VERSION = 2
KIND = "sampingdesa-bundle"
MEMBERS = ("manifest.json", "signature.json", "data.jsonl", "log.jsonl")
_LOG_FIELDS = ("at", "actor", "table_name", "row_uuid", "action", "old", "new", "reason")
_CHUNK = 900  # SQLite's parameter limit is 999 on old builds


@dataclass
class Limits:
    """What a bundle may hold; checked from the zip directory and again while reading."""

    manifest_bytes: int = 4 * 1024 * 1024
    member_bytes: int = 1024 * 1024 * 1024
    total_bytes: int = 1536 * 1024 * 1024
    lines: int = 5_000_000


LIMITS = Limits()


# -- identity and version vectors -------------------------------------------------------------
def database_id(conn: sqlite3.Connection) -> str:
    value = get_meta(conn, "database_id")
    if value is None:
        raise SampingError(
            _('This database is not set up yet. Run: sampingdesa init --assistant "NAME"')
        )
    return value


def version_vector(conn: sqlite3.Connection) -> dict[str, int]:
    """For each origin, the newest of its change-log entries this database holds."""
    known = {
        row[0]: int(row[1])
        for row in conn.execute(
            "SELECT origin_db, max(origin_id) FROM change_log WHERE origin_db IS NOT NULL "
            "GROUP BY origin_db"
        )
    }
    legacy = conn.execute("SELECT max(id) FROM change_log WHERE origin_db IS NULL").fetchone()[0]
    if legacy:
        known[database_id(conn)] = int(legacy)
    return known


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def columns_of(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


# -- export -----------------------------------------------------------------------------------


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
    from sampingdesa.places.laptop import resolve_desa

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


def _uuids_in_desa(conn: sqlite3.Connection, table: str, desa: set[str]) -> set[str]:
    """The ids of the rows of `table` (visits, pendataan) in these desa."""
    marks = ",".join("?" * len(desa))
    query = f"SELECT uuid FROM {table} WHERE desa_code IN ({marks})"
    return {row[0] for row in conn.execute(query, sorted(desa))}


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
        visits = _uuids_in_desa(conn, "visits", desa)
        return [r for r in rows if r["visit_uuid"] in visits]
    if table in ("idm", "pendataan", "usulan"):
        return [r for r in rows if r["desa_code"] in desa]
    if table in ("pendataan_categories", "pendataan_photos"):
        entries = _uuids_in_desa(conn, "pendataan", desa)
        return [r for r in rows if r["entry_uuid"] in entries]
    return rows  # the catalogue, the assistants and the report settings go to everyone


def export_bundle(
    conn: sqlite3.Connection,
    output: Path | None = None,
    *,
    since_last: bool = False,
    target: str | None = None,
) -> ExportResult:
    """Write this database's rows and log into one signed bundle (call inside a transaction)."""
    this_db = database_id(conn)
    identity.upgrade_legacy(conn)
    private, public = identity.database_key(conn)
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
    full = {e["id"] for e in entries}
    if desa is not None:
        sent = {r["uuid"] for table_rows in rows.values() for r in table_rows}
        full = {e["id"] for e in entries if e["row_uuid"] in sent}
    starts: dict[str, int] = {}
    for e in entries:
        origin, number = _origin_of(e, this_db)
        starts[origin] = min(starts.get(origin, number), number)
    if not since_last:
        starts.update(dict.fromkeys(_held_origins(conn, this_db), 1))
    log_items, heads = _log_items(conn, this_db, private, starts, full)
    aliases = [dict(r) for r in conn.execute(f"SELECT * FROM {ALIASES}")]
    data = "".join(
        json.dumps({"t": table, "r": row}, ensure_ascii=False, separators=(",", ":")) + "\n"
        for table, table_rows in ((ALIASES, aliases), *rows.items())
        for row in table_rows
    ).encode("utf-8")
    log = "".join(
        json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n" for item in log_items
    ).encode("utf-8")
    times = [item["at"] for item in log_items if "at" in item]
    counts = {table: len(rows[table]) for table in TABLES}
    owners = {head["database_id"] for head in heads.values()}
    keys = {
        r[0]: r[1]
        for r in conn.execute("SELECT database_id, public_key FROM sync_keys")
        if r[0] in owners
    }
    keys[this_db] = public
    manifest: dict[str, Any] = {
        "kind": KIND,
        "format": FORMAT_VERSION,
        "schema_version": schema_version(conn),
        "database_id": this_db,
        "public_key": public,
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
        "entries": sum(1 for item in log_items if "stub" not in item),
        "known": version_vector(conn),
        "origins": heads,
        "keys": keys,
        "data_sha256": hashlib.sha256(data).hexdigest(),
        "log_sha256": hashlib.sha256(log).hexdigest(),
    }
    path = Path(output) if output else Path.cwd() / default_bundle_name(conn, target)
    write_bundle(path, manifest, data, log, private)
    max_entry = conn.execute("SELECT max(id) FROM change_log").fetchone()[0] or 0
    conn.execute(
        "INSERT INTO sync_exports (at, path, last_entry, target) VALUES (?, ?, ?, ?)",
        (now_iso(), str(path), max_entry, target),
    )
    identity.record_sent(
        conn, {o: h["last_id"] for o, h in heads.items() if h["database_id"] == this_db}
    )
    return ExportResult(path, counts, manifest["entries"])


def _origin_of(entry: sqlite3.Row, this_db: str) -> tuple[str, int]:
    if entry["origin_db"] is None:  # written before origins existed
        return this_db, int(entry["id"])
    return str(entry["origin_db"]), int(entry["origin_id"])


def _held_origins(conn: sqlite3.Connection, this_db: str) -> set[str]:
    held = {r[0] for r in conn.execute("SELECT DISTINCT origin_db FROM change_log")}
    held |= {r[0] for r in conn.execute("SELECT DISTINCT origin_db FROM sync_stubs")}
    if None in held:
        held.discard(None)
        held.add(this_db)
    return held


def _log_items(
    conn: sqlite3.Connection, this_db: str, private: str, starts: dict[str, int], full: set[int]
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Per origin, every entry from `starts[origin]` to the newest held, whole or as a
    placeholder, and the origin's signed head. An origin this database cannot vouch for (an
    entry it lacks, no signature from its owner) is left out."""
    owners = dict(conn.execute("SELECT origin, database_id FROM sync_origins").fetchall())
    signed = {
        r[0]: (int(r[1]), r[2], r[3])
        for r in conn.execute("SELECT origin, last_id, head_hash, signature FROM sync_origins")
    }
    items: list[dict[str, Any]] = []
    heads: dict[str, dict[str, Any]] = {}
    columns = ", ".join(_LOG_FIELDS)
    for origin in sorted(starts):
        start = starts[origin]
        if origin == this_db:
            held_rows = conn.execute(
                f"SELECT id, id AS origin_id, {columns}, origin_hash FROM change_log "
                "WHERE origin_db IS NULL AND id >= ? ORDER BY id",
                (start,),
            ).fetchall()
        else:
            held_rows = conn.execute(
                f"SELECT id, origin_id, {columns}, origin_hash FROM change_log "
                "WHERE origin_db = ? AND origin_id >= ? ORDER BY origin_id",
                (origin, start),
            ).fetchall()
        held = {int(r["origin_id"]): r for r in held_rows}
        stubs = {
            int(r[0]): (r[1], r[2])
            for r in conn.execute(
                "SELECT origin_id, digest, origin_hash FROM sync_stubs "
                "WHERE origin_db = ? AND origin_id >= ?",
                (origin, start),
            )
        }
        chunk: list[dict[str, Any]] = []
        number, head = start - 1, None
        while True:
            number += 1
            row = held.get(number)
            if row is not None and row["origin_hash"] is not None:
                fields = tuple(row[f] for f in _LOG_FIELDS)
                head = row["origin_hash"]
                if row["id"] in full:
                    chunk.append(_exported_entry(row, origin, number))
                else:
                    chunk.append(_stub(origin, number, entry_digest(fields, origin, number)))
            elif number in stubs:
                chunk.append(_stub(origin, number, stubs[number][0]))
                head = stubs[number][1]
            else:
                break
        last = number - 1
        if head is None or last < start:
            continue
        owner = owners.get(origin, this_db if origin == this_db else None)
        if owner == this_db:
            signature = identity.sign(private, identity.head_message(origin, last, head))
        elif origin in signed and signed[origin][0] == last and signed[origin][1] == head:
            signature = signed[origin][2]
        else:
            continue  # an origin held only in part, or from before signatures
        heads[origin] = {
            "database_id": owner,
            "last_id": last,
            "hash": head,
            "signature": signature,
        }
        items.extend(chunk)
    return items, heads


def _stub(origin: str, number: int, digest: str) -> dict[str, Any]:
    return {"stub": True, "origin_db": origin, "origin_id": number, "digest": digest}


def _exported_entry(entry: sqlite3.Row, origin: str, number: int) -> dict[str, Any]:
    return {
        "at": entry["at"], "actor": entry["actor"], "table": entry["table_name"],
        "row": entry["row_uuid"], "action": entry["action"], "old": entry["old"],
        "new": entry["new"], "reason": entry["reason"], "origin_db": origin,
        "origin_id": number, "hash": entry["origin_hash"],
    }  # fmt: skip


def write_bundle(
    path: Path, manifest: dict[str, Any], data: bytes, log: bytes, private_key: str
) -> None:
    """Sign the manifest; write beside the target, owner-only, then rename: never half a
    bundle."""
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    signature = {"algorithm": "ed25519", "signature": identity.sign(private_key, manifest_bytes)}
    from sampingdesa.io.files import atomic_file

    with (
        atomic_file(path) as temporary,
        zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        archive.writestr("manifest.json", manifest_bytes)
        archive.writestr("signature.json", json.dumps(signature))
        archive.writestr("data.jsonl", data)
        archive.writestr("log.jsonl", log)


# -- reading a bundle -------------------------------------------------------------------------
@dataclass
class Bundle:
    path: Path
    manifest: dict[str, Any]
    rows: list[tuple[str, dict[str, Any]]]
    entries: list[dict[str, Any]]
    public_key: str = ""
    new_key: bool = False
    origins: dict[str, dict[str, Any]] = field(default_factory=dict)


class _Refused(Exception):
    """Internal: which sentence to refuse with."""


def read_bundle(path: Path, conn: sqlite3.Connection) -> Bundle:
    """Open and check a bundle; refuse anything that is not a whole, signed, valid bundle for
    this regency. Changes nothing."""
    path = Path(path)
    not_bundle = _("{path} is not a sampingdesa bundle.").format(path=path)
    damaged = _(
        "{path} is damaged, incomplete or was changed after it was signed; ask for it again."
    ).format(path=path)
    if not path.is_file():
        raise SampingError(_("{path} does not exist.").format(path=path))
    if path.stat().st_size > LIMITS.total_bytes:
        raise SampingError(_too_big(path))
    try:
        with zipfile.ZipFile(path) as archive:
            members = _directory(archive, path, not_bundle)
            manifest_bytes = _read_member(archive, members["manifest.json"],
                                          LIMITS.manifest_bytes, path)  # fmt: skip
            signature_bytes = _read_member(archive, members["signature.json"],
                                           LIMITS.manifest_bytes, path)  # fmt: skip
            manifest = _signed_manifest(manifest_bytes, signature_bytes, path, not_bundle, damaged)
            _check_sender(conn, manifest, path)
            data = _read_member(archive, members["data.jsonl"], LIMITS.member_bytes, path)
            log = _read_member(archive, members["log.jsonl"], LIMITS.member_bytes, path)
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, OSError, NotImplementedError,
            RuntimeError, ValueError):  # fmt: skip
        raise SampingError(not_bundle if not _looks_like_zip(path) else damaged) from None
    if hashlib.sha256(data).hexdigest() != manifest.get("data_sha256") or (
        hashlib.sha256(log).hexdigest() != manifest.get("log_sha256")
    ):
        raise SampingError(damaged)
    rows = _parse_rows(data, path)
    entries = _parse_lines(log, path, _("log entry"))
    known = conn.execute(
        "SELECT public_key FROM sync_keys WHERE database_id = ?", (manifest["database_id"],)
    ).fetchone()
    bundle = Bundle(path, manifest, rows, entries, manifest["public_key"], known is None,
                    manifest["origins"])  # fmt: skip
    from sampingdesa.sync.validate import check_content

    check_content(conn, bundle)
    return bundle


def _directory(archive: zipfile.ZipFile, path: Path, not_bundle: str) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    names = [info.filename for info in infos]
    if len(infos) > len(MEMBERS) or len(set(names)) != len(names) or set(names) != set(MEMBERS):
        if set(MEMBERS) - {"signature.json"} <= set(names) and "signature.json" not in names:
            raise SampingError(
                _("{path} is an unsigned bundle from an older sampingdesa; ask the sender to "
                  "upgrade and export again.").format(path=path)
            )  # fmt: skip
        raise SampingError(not_bundle)
    total = 0
    for info in infos:
        limit = LIMITS.manifest_bytes if info.filename.endswith(".json") else LIMITS.member_bytes
        total += info.file_size
        too_big = info.file_size > limit or info.compress_size > limit
        if too_big or total > LIMITS.total_bytes or info.flag_bits & 0x1:
            raise SampingError(_too_big(path))
    return {info.filename: info for info in infos}


def _too_big(path: Path) -> str:
    return _(
        "{path} unpacks to more than a bundle may hold ({limit} MB); it was not opened."
    ).format(path=path, limit=LIMITS.total_bytes // (1024 * 1024))


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, path: Path) -> bytes:
    """Read with a running cap: a member that unpacks past its declared size stops here."""
    parts, total = [], 0
    with archive.open(info) as handle:
        while chunk := handle.read(1 << 20):
            total += len(chunk)
            if total > limit or total > info.file_size:
                raise SampingError(_too_big(path))
            parts.append(chunk)
    return b"".join(parts)


def _signed_manifest(
    manifest_bytes: bytes, signature_bytes: bytes, path: Path, not_bundle: str, damaged: str
) -> dict[str, Any]:
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
        signature = json.loads(signature_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise SampingError(not_bundle) from None
    if not isinstance(manifest, dict) or manifest.get("kind") != KIND:
        raise SampingError(not_bundle)
    public = manifest.get("public_key")
    if (
        not isinstance(signature, dict)
        or not isinstance(public, str)
        or not isinstance(signature.get("signature"), str)
        or not identity.verify(public, manifest_bytes, signature["signature"])
    ):
        raise SampingError(damaged)
    # Signed, so what follows is what the sender wrote; its shape is still checked.
    try:
        newer = (
            int(manifest.get("format", 0)) > FORMAT_VERSION
            or int(manifest.get("schema_version", 0)) > latest_schema_version()
        )
        manifest["known"] = {str(k): int(v) for k, v in (manifest.get("known") or {}).items()}
        if not isinstance(manifest.get("assistant") or {}, dict):
            raise TypeError
        if not isinstance(manifest.get("database_id"), str):
            raise TypeError
        origins = manifest.get("origins") or {}
        keys = manifest.get("keys") or {}
        if not isinstance(origins, dict) or not isinstance(keys, dict):
            raise TypeError
        for head in origins.values():
            if not (isinstance(head, dict) and isinstance(head.get("database_id"), str)
                    and isinstance(head.get("last_id"), int)
                    and isinstance(head.get("hash"), str)
                    and isinstance(head.get("signature"), str)):  # fmt: skip
                raise TypeError
        manifest["origins"], manifest["keys"] = origins, keys
    except (TypeError, ValueError, AttributeError):
        raise SampingError(damaged) from None
    if newer:
        raise SampingError(
            _("{path} was made by a newer sampingdesa; upgrade sampingdesa to import it.").format(
                path=path
            )
        )
    if int(manifest.get("format", 0)) < FORMAT_VERSION:
        raise SampingError(
            _("{path} is an unsigned bundle from an older sampingdesa; ask the sender to "
              "upgrade and export again.").format(path=path)
        )  # fmt: skip
    return manifest


def _check_sender(conn: sqlite3.Connection, manifest: dict[str, Any], path: Path) -> None:
    if manifest.get("kabupaten") != kabupaten_code(conn):
        raise SampingError(
            _("{path} is for regency {theirs}, this database for {ours}.").format(
                path=path, theirs=manifest.get("kabupaten"), ours=kabupaten_code(conn)
            )
        )
    from sampingdesa.sync.trust import check_pinned

    check_pinned(conn, manifest["database_id"], manifest["public_key"], path,
                 (manifest.get("assistant") or {}).get("name"))  # fmt: skip


def _parse_lines(blob: bytes, path: Path, what: str) -> list[Any]:
    lines = blob.split(b"\n")
    if len(lines) > LIMITS.lines:
        raise SampingError(_too_big(path))
    items = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except (ValueError, RecursionError):
            raise SampingError(
                _("{path}: {what} {number} is not valid JSON; nothing was merged.").format(
                    path=path, what=what, number=number
                )
            ) from None
    return items


def _parse_rows(blob: bytes, path: Path) -> list[tuple[str, dict[str, Any]]]:
    rows = []
    for number, item in enumerate(_parse_lines(blob, path, _("row")), start=1):
        table = item.get("t") if isinstance(item, dict) else None
        if table not in TABLES and table != ALIASES:
            raise SampingError(
                _("{path}: row {number} is not for a table bundles carry; nothing was "
                  "merged.").format(path=path, number=number)
            )  # fmt: skip
        rows.append((str(table), item.get("r")))
    return rows


def _looks_like_zip(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False
