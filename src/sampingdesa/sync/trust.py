"""Whom a bundle comes from, and whether its history extends what this database holds.

- Keys are pinned per laptop (database id) the first time a bundle from it arrives (trust on
  first use), or beforehand with `sync trust`. A bundle for a pinned laptop signed by another
  key is refused.
- Every origin's entries must come with the head of that origin's chain signed by the
  origin's owner, and must continue, without gap or fork, from what this database already
  holds of that origin. A relayed origin (the coordinator passing on one laptop's work to
  another) is vouched for by its owner's signature, not by the relay's.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

from sampingdesa.errors import (
    Conflict,
    DamagedBundle,
    Fork,
    HistoryGap,
    InvalidValue,
    UntrustedKey,
)
from sampingdesa.i18n import _
from sampingdesa.progress import Progress
from sampingdesa.store import audit, identity
from sampingdesa.store.audit import assistant_labels
from sampingdesa.store.changes import chain_next, entry_digest, hashed_fields, now_iso
from sampingdesa.store.db import get_meta

_ENTRY_FIELDS = ("at", "actor", "table", "row", "action", "old", "new", "reason")


# -- pinned keys ------------------------------------------------------------------------------
def check_pinned(
    conn: sqlite3.Connection, database_id: str, public_key: str, path: Path, name: str | None
) -> None:
    """Refuse a bundle signed by another key than the one pinned for its laptop."""
    row = conn.execute(
        "SELECT public_key, fingerprint, how FROM sync_keys WHERE database_id = ?", (database_id,)
    ).fetchone()
    if row is not None and row["how"] == "own":
        # Signed with this database's own key: only a copy or an old backup of this very
        # database can have written it (or a key kept from an earlier epoch).
        raise UntrustedKey(
            _("{path} is signed as this very database: a copy or a backup of it wrote it, "
              "not another laptop. Nothing was merged.").format(path=path)
        )  # fmt: skip
    if row is None or row["public_key"] == public_key:
        return
    if row["how"] == "own":
        raise UntrustedKey(
            _("{path} claims to come from this database but is signed by another key; it was "
              "not merged.").format(path=path)
        )  # fmt: skip
    raise UntrustedKey(
        _("{path} says it comes from {name}'s laptop, but is signed by key {theirs} where "
          "{pinned} was pinned for that laptop. Nothing was merged. If that laptop was really "
          "set up again, check the new key with its user and run: sampingdesa sync trust "
          "KEY --replace").format(path=path, name=name or database_id[:8],
                                  theirs=safe_fingerprint(public_key), pinned=row["fingerprint"])
    )  # fmt: skip


def safe_fingerprint(public_key: str) -> str:
    try:
        return identity.fingerprint(public_key)
    except ValueError:
        return "?"


def pin(
    conn: sqlite3.Connection, database_id: str, public_key: str, name: str | None, how: str
) -> str:
    found = identity.fingerprint(public_key)
    conn.execute(
        "INSERT INTO sync_keys (database_id, public_key, fingerprint, assistant_name, "
        "pinned_at, how) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (database_id) DO UPDATE SET "
        "public_key = excluded.public_key, fingerprint = excluded.fingerprint, "
        "assistant_name = coalesce(excluded.assistant_name, assistant_name), "
        "pinned_at = excluded.pinned_at, how = excluded.how",
        (database_id, public_key, found, name, now_iso(), how),
    )
    return found


def own_key(conn: sqlite3.Connection) -> dict[str, str]:
    """This database's id, public key, fingerprint and the line to give `sync trust`."""
    _private, public = identity.database_key(conn)
    database_id = str(get_meta(conn, "database_id"))
    return {
        "database_id": database_id,
        "public_key": public,
        "fingerprint": identity.fingerprint(public),
        "token": f"{database_id}:{public}",
    }


@dataclass
class Trusted:
    database_id: str
    fingerprint: str
    replaced: str | None


def trust_key(
    conn: sqlite3.Connection, token: str, name: str | None = None, *, replace: bool = False
) -> Trusted:
    """Pin a laptop's key before its first bundle (`sync trust ID:KEY`, the line its `sync
    status` prints)."""
    from sampingdesa.values.text import clean_text, text_problem

    name = clean_text("name", name)
    database_id, _sep, public = token.strip().partition(":")
    try:
        bytes.fromhex(public)
        valid = len(public) == 64 and len(database_id) >= 8
        valid = valid and public.isascii() and text_problem("laptop_id", database_id) is None
    except ValueError:
        valid = False
    if not valid:
        token = token if len(token) <= 100 else token[:97] + "..."
        raise InvalidValue(
            "key",
            token,
            _("{value!r} is not a laptop key; copy the whole line `sync status` prints on "
              "that laptop (ID:KEY).").format(value=token),
        )  # fmt: skip
    if database_id == get_meta(conn, "database_id"):
        raise Conflict(_("That is this database's own key."))
    row = conn.execute(
        "SELECT public_key, fingerprint FROM sync_keys WHERE database_id = ?", (database_id,)
    ).fetchone()
    replaced = None
    if row is not None and row["public_key"] != public.lower():
        if not replace:
            raise UntrustedKey(
                _("Laptop {id} is pinned to key {pinned}; to pin the new key {new} instead, run "
                  "sampingdesa sync trust again with --replace.").format(
                      id=database_id[:8], pinned=row["fingerprint"],
                      new=identity.fingerprint(public))
            )  # fmt: skip
        replaced = row["fingerprint"]
    found = pin(conn, database_id, public.lower(), name, "trusted")
    return Trusted(database_id, found, replaced)


class LaptopView(TypedDict):
    """A laptop this database knows (`sync laptops --json`)."""

    database_id: str
    assistant_name: str | None
    desa_code: str | None
    desa_name: str | None
    fingerprint: str
    how: str  # trusted | first-use
    pinned_at: str
    bundles: int | None
    last_bundle: str | None
    last_imported_at: str | None


def laptops(conn: sqlite3.Connection) -> list[LaptopView]:
    """The laptops this database knows: key fingerprint, how it was pinned, last bundle.
    Namesakes are told apart by their desa (`assistant_name` then reads "Name (Desa)")."""
    found = [
        LaptopView(
            database_id=row["database_id"],
            assistant_name=row["assistant_name"],
            desa_code=row["desa_code"],
            desa_name=row["desa_name"],
            fingerprint=row["fingerprint"],
            how=row["how"],
            pinned_at=row["pinned_at"],
            bundles=row["bundles"],
            last_bundle=row["last_bundle"],
            last_imported_at=row["last_imported_at"],
        )
        for row in conn.execute(
            "SELECT k.database_id, coalesce(s.assistant_name, k.assistant_name) AS "
            "assistant_name, s.desa_code, r.name AS desa_name, k.fingerprint, k.how, "
            "k.pinned_at, s.bundles, s.last_bundle, s.last_imported_at FROM sync_keys k "
            "LEFT JOIN sync_sources s ON s.database_id = k.database_id "
            "LEFT JOIN regions r ON r.code = s.desa_code WHERE k.how != 'own' "
            "ORDER BY coalesce(s.last_imported_at, k.pinned_at) DESC"
        )
    ]
    names = [laptop["assistant_name"] for laptop in found]
    for laptop in found:
        if laptop["assistant_name"] and names.count(laptop["assistant_name"]) > 1:
            where = laptop["desa_name"] or laptop["desa_code"] or _("coordinator")
            laptop["assistant_name"] = f"{laptop['assistant_name']} ({where})"
    return found


# -- origin chains ----------------------------------------------------------------------------
@dataclass
class ChainCheck:
    """What a bundle adds: entries and placeholders this database does not hold yet, heads
    to record, keys pinned on first use."""

    new_entries: list[dict[str, Any]] = field(default_factory=list)
    new_stubs: list[tuple[str, int, str, str]] = field(default_factory=list)
    heads: list[tuple[str, str, int, str, str]] = field(default_factory=list)
    pinned: list[tuple[str, str, str | None]] = field(default_factory=list)  # id, fp, name
    # Entries merged before origin chains existed: held, but without their origin hash yet.
    filled: list[tuple[str, str, int]] = field(default_factory=list)  # hash, origin, number
    unstubbed: list[tuple[str, int]] = field(default_factory=list)  # now held in full


def check_chains(conn: sqlite3.Connection, bundle: Any) -> ChainCheck:
    """Verify every origin in the bundle (signature of its owner, continuity, no fork) and
    return what is new. Raises a `SampingError`, changing nothing."""
    manifest = bundle.manifest
    path = bundle.path
    signer = manifest["database_id"]
    this_db = get_meta(conn, "database_id")
    names = _names(conn, manifest)
    result = ChainCheck()
    by_origin: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in bundle.entries:
        by_origin[entry["origin_db"]].append(entry)
    owners_known = dict(conn.execute("SELECT origin, database_id FROM sync_origins").fetchall())
    keys = {r[0]: r[1] for r in conn.execute("SELECT database_id, public_key FROM sync_keys")}
    if signer not in keys:
        keys[signer] = manifest["public_key"]
        result.pinned.append((signer, identity.fingerprint(manifest["public_key"]),
                              names.get(signer)))  # fmt: skip
    for origin, items in by_origin.items():
        head = manifest["origins"].get(origin)
        who = names.get((head or {}).get("database_id"), origin[:8])
        if head is None:
            raise UntrustedKey(
                _("{path} carries entries of laptop {who} that no signature vouches for; "
                  "nothing was merged.").format(path=path, who=who)
            )  # fmt: skip
        owner = head["database_id"]
        if owners_known.get(origin, owner) != owner:
            raise UntrustedKey(
                _("{path}: the entries of {who} claim to belong to another laptop than "
                  "before; nothing was merged.").format(path=path, who=who)
            )  # fmt: skip
        if owner not in keys:
            offered = manifest["keys"].get(owner)
            if not isinstance(offered, str):
                raise UntrustedKey(
                    _("{path} carries entries of a laptop whose key it does not give; "
                      "nothing was merged.").format(path=path)
                )  # fmt: skip
            keys[owner] = offered
            result.pinned.append((owner, safe_fingerprint(offered), names.get(owner)))
        message = identity.head_message(origin, head["last_id"], head["hash"])
        if not identity.verify(keys[owner], message, head["signature"]):
            raise UntrustedKey(
                _("{path}: the entries of {who} are not signed by {who}'s key; nothing was "
                  "merged.").format(path=path, who=who)
            )  # fmt: skip
        _check_one(conn, path, origin, who, sorted(items, key=lambda e: e["origin_id"]), head,
                   result, signer)  # fmt: skip
        if owner != this_db:
            result.heads.append((origin, owner, head["last_id"], head["hash"], head["signature"]))
    return result


def _names(conn: sqlite3.Connection, manifest: dict[str, Any]) -> dict[Any, str]:
    given = manifest.get("names")
    names: dict[Any, str] = {
        owner: name
        for owner, name in (given.items() if isinstance(given, dict) else ())
        if isinstance(owner, str) and isinstance(name, str) and name.strip()
    }
    names |= {
        r[0]: r[1]
        for r in conn.execute(
            "SELECT database_id, assistant_name FROM sync_sources WHERE assistant_name IS NOT NULL"
        )
    }
    name = (manifest.get("assistant") or {}).get("name")
    if isinstance(name, str):
        names[manifest["database_id"]] = name
    return names


def _check_one(
    conn: sqlite3.Connection, path: Path, origin: str, who: str, items: list[dict[str, Any]],
    head: dict[str, Any], result: ChainCheck, signer: str = "",
) -> None:  # fmt: skip
    first, last = items[0]["origin_id"], items[-1]["origin_id"]
    if last != head["last_id"] or last - first + 1 != len(items):
        raise DamagedBundle(
            _("{path}: the entries of {who} have holes (entries {first} to {last}); ask for "
              "the bundle again.").format(path=path, who=who, first=first, last=last)
        )  # fmt: skip
    held_id, _held_head = identity.origin_head(conn, origin)
    if first > held_id + 1:
        raise HistoryGap(
            _("{path}: entries {first} to {last} of {who} follow entries {missing_from} to "
              "{missing_to}, which this database has not received. Nothing was merged. Import "
              "{who}'s earlier bundles first, or ask {who} for a full bundle (sampingdesa sync "
              "export without --since-last).").format(path=path, first=first, last=last, who=who,
                                                missing_from=held_id + 1,
                                                missing_to=first - 1)
        )  # fmt: skip
    previous = identity.held_hash(conn, origin, first - 1)
    if previous is None:  # a hole on this side: cannot link, cannot vouch
        raise HistoryGap(
            _("{path}: this database lacks entry {number} of {who}; ask {who} for a full "
              "bundle.").format(path=path, number=first - 1, who=who)
        )  # fmt: skip
    fork_at = min(held_id, last)
    unchained = {
        r[0]
        for r in conn.execute(
            "SELECT origin_id FROM change_log WHERE origin_db = ? AND origin_hash IS NULL "
            "AND origin_id > ?",
            (origin, held_id),
        )
    }
    stubbed = {
        r[0]
        for r in conn.execute(
            "SELECT origin_id FROM sync_stubs WHERE origin_db = ? AND origin_id BETWEEN ? AND ?",
            (origin, first, held_id),
        )
    }
    for item in items:
        number = item["origin_id"]
        if item.get("stub"):
            digest = item["digest"]
        else:
            fields = hashed_fields(
                tuple(item[f] for f in _ENTRY_FIELDS), item.get("hlc"), item.get("salt")
            )
            digest = entry_digest(fields, origin, number)
        previous = chain_next(previous, digest)
        if not item.get("stub") and item["hash"] != previous:
            raise DamagedBundle(
                _("{path}: entry {number} of {who} does not match its hash; nothing was "
                  "merged.").format(path=path, number=number, who=who)
            )  # fmt: skip
        if number == fork_at and identity.held_hash(conn, origin, number) != previous:
            held = conn.execute(
                "SELECT actor FROM change_log WHERE origin_db = ? AND origin_id = ?",
                (origin, number),
            ).fetchone()
            raise Fork(
                _fork_message(path, who, number),
                origin=origin,
                number=number,
                database_id=str(head["database_id"]),
                held_actor=held[0] if held else None,
                other_actor=None if item.get("stub") else item.get("actor"),
                other_database=str(signer),
            )
        if number in unchained:
            result.filled.append((previous, origin, number))
        elif number in stubbed and not item.get("stub"):
            result.new_entries.append(item)  # held only as a placeholder until now
            result.unstubbed.append((origin, number))
        elif number > held_id:
            if item.get("stub"):
                result.new_stubs.append((origin, number, digest, previous))
            else:
                result.new_entries.append(item)
    if previous != head["hash"]:
        raise DamagedBundle(
            _("{path}: the entries of {who} do not lead to the head {who} signed; nothing "
              "was merged.").format(path=path, who=who)
        )  # fmt: skip


def _fork_message(path: Path, who: str, number: int) -> str:
    return _(
        "{path}: the history of {who} differs from the one received before, from entry "
        "{number} on. Either this laptop's database file was copied to another laptop and "
        "both went on working, or its history was rewritten. Nothing was merged. Ask the "
        "coordinator to compare both laptops before going on."
    ).format(path=path, who=who, number=number)


def record_fork(conn: sqlite3.Connection, fork: Fork, bundle: str) -> None:
    """Keep a fork seen in a refused bundle (in its own transaction)."""
    conn.execute(
        "INSERT OR IGNORE INTO sync_forks (origin, number, database_id, held_actor, other_actor, "
        "other_database, bundle, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (fork.origin, fork.number, fork.database_id, fork.held_actor, fork.other_actor,
         fork.other_database, bundle, now_iso()),
    )  # fmt: skip


class ForkView(TypedDict):
    """A fork seen and not recovered from (`sync forks --json`, `db audit verify`)."""

    id: int
    origin: str
    number: int
    database_id: str
    held_actor: str | None
    other_actor: str | None
    other_database: str
    bundle: str
    detected_at: str
    resolved_at: str | None
    laptop: str  # the laptop whose history forked, by name where known
    held_by: str  # who wrote the entry received first
    other_by: str  # who wrote the other one
    other_laptop: str  # the laptop that signed the other one


def forks(conn: sqlite3.Connection) -> list[ForkView]:
    """Forks seen and not recovered from: one laptop's history written by two writers,
    each named (assistant and laptop)."""
    labels = assistant_labels(conn)
    names = _names(conn, {"database_id": "", "assistant": {}})
    return [
        ForkView(
            id=row["id"],
            origin=row["origin"],
            number=row["number"],
            database_id=row["database_id"],
            held_actor=row["held_actor"],
            other_actor=row["other_actor"],
            other_database=row["other_database"],
            bundle=row["bundle"],
            detected_at=row["detected_at"],
            resolved_at=row["resolved_at"],
            laptop=names.get(row["database_id"]) or row["database_id"][:8],
            held_by=labels.get(row["held_actor"] or "", row["held_actor"] or "?"),
            other_by=labels.get(row["other_actor"] or "", row["other_actor"] or "?"),
            other_laptop=names.get(row["other_database"]) or row["other_database"][:8],
        )
        for row in conn.execute(
            "SELECT * FROM sync_forks WHERE resolved_at IS NULL ORDER BY detected_at"
        )
    ]


def fork_sentence(fork: ForkView) -> str:
    return _(
        "Two writers of one laptop: entry {number} of {laptop} exists twice, once written by "
        "{held_by} (received before) and once by {other_by} in {bundle} (signed by laptop "
        '{other_laptop}). See docs/guide-sync.md, "Recovery".'
    ).format(**fork)


def record(conn: sqlite3.Connection, checked: ChainCheck) -> None:
    """Store what a verified bundle taught: placeholders, signed heads, pinned keys."""
    conn.executemany(
        "UPDATE change_log SET origin_hash = ? WHERE origin_db = ? AND origin_id = ?",
        checked.filled,
    )
    conn.executemany(
        "DELETE FROM sync_stubs WHERE origin_db = ? AND origin_id = ?", checked.unstubbed
    )
    conn.executemany(
        "INSERT OR IGNORE INTO sync_stubs (origin_db, origin_id, digest, origin_hash) "
        "VALUES (?, ?, ?, ?)",
        checked.new_stubs,
    )
    conn.executemany(
        "INSERT INTO sync_origins (origin, database_id, last_id, head_hash, signature) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (origin) DO UPDATE SET last_id = excluded.last_id, "
        "head_hash = excluded.head_hash, signature = excluded.signature "
        "WHERE excluded.last_id > sync_origins.last_id",
        checked.heads,
    )


def pin_new(conn: sqlite3.Connection, checked: ChainCheck, keys: dict[str, Any]) -> None:
    for database_id, _found, name in checked.pinned:
        public = keys.get(database_id)
        if isinstance(public, str):
            pin(conn, database_id, public, name, "first-use")


def verify(
    conn: sqlite3.Connection, printed_head: str | None = None, progress: Progress | None = None
) -> audit.AuditResult:
    """All that `db audit verify` checks: the store's audit (chain, anchor, tables against
    the log, a printed head) and the forks seen in bundles (two writers of one laptop)."""
    result = audit.verify(conn, printed_head, progress)
    result.forks = [fork_sentence(f) for f in forks(conn)]
    return result
