"""Append-only, numbered schema migrations.

Never edit a migration that has been released: add a new one at the end. Each runs in its
own transaction and is recorded in `migrations`. Every table users write carries the same
stamp columns (`STAMPS`) so that laptops can be merged later.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from sampingdesa.errors import SampingError
from sampingdesa.i18n import _
from sampingdesa.store.connection import transaction

STAMPS = """
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    deleted_at TEXT,
    deleted_reason TEXT
"""

M001_FOUNDATION = f"""
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The configured regency's kecamatan, desa and kelurahan, copied from the shipped list.
CREATE TABLE regions (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    parent_code TEXT
);

CREATE TABLE assistants (
    uuid TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    phone TEXT,
    desa_code TEXT,
    role TEXT NOT NULL DEFAULT 'pendamping',
    {STAMPS}
);

CREATE TABLE programs (
    uuid TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    funding_level TEXT NOT NULL,
    cadence TEXT NOT NULL,
    channel TEXT NOT NULL,
    nominal_amount INTEGER,
    amount_unit TEXT NOT NULL,
    excludes TEXT NOT NULL DEFAULT '',
    notes TEXT,
    {STAMPS}
);

CREATE TABLE recipients (
    uuid TEXT PRIMARY KEY,
    nik TEXT NOT NULL UNIQUE,
    no_kk TEXT,
    name TEXT NOT NULL,
    sex TEXT CHECK (sex IN ('L', 'P')),
    birth_date TEXT,
    address TEXT,
    rt TEXT,
    rw TEXT,
    desa_code TEXT NOT NULL,
    phone TEXT,
    flags TEXT NOT NULL DEFAULT '',
    assistant_uuid TEXT REFERENCES assistants (uuid),
    {STAMPS}
);
CREATE INDEX recipients_desa ON recipients (desa_code);
CREATE INDEX recipients_kk ON recipients (no_kk);

CREATE VIRTUAL TABLE recipients_fts USING fts5 (
    name, content = 'recipients', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER recipients_fts_insert AFTER INSERT ON recipients BEGIN
    INSERT INTO recipients_fts (rowid, name) VALUES (new.rowid, new.name);
END;
CREATE TRIGGER recipients_fts_delete AFTER DELETE ON recipients BEGIN
    INSERT INTO recipients_fts (recipients_fts, rowid, name)
    VALUES ('delete', old.rowid, old.name);
END;
CREATE TRIGGER recipients_fts_update AFTER UPDATE OF name ON recipients BEGIN
    INSERT INTO recipients_fts (recipients_fts, rowid, name)
    VALUES ('delete', old.rowid, old.name);
    INSERT INTO recipients_fts (rowid, name) VALUES (new.rowid, new.name);
END;

CREATE TABLE enrollments (
    uuid TEXT PRIMARY KEY,
    recipient_uuid TEXT NOT NULL REFERENCES recipients (uuid),
    program_code TEXT NOT NULL REFERENCES programs (code),
    component TEXT,
    since TEXT,
    until TEXT,
    status TEXT NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'graduated', 'stopped')),
    end_reason TEXT,
    {STAMPS}
);
CREATE INDEX enrollments_recipient ON enrollments (recipient_uuid);
CREATE INDEX enrollments_program ON enrollments (program_code);

-- Append-only and hash-chained: each entry's hash covers its content and the previous hash.
CREATE TABLE change_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    table_name TEXT NOT NULL,
    row_uuid TEXT NOT NULL,
    action TEXT NOT NULL,
    old TEXT,
    new TEXT,
    reason TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX change_log_row ON change_log (row_uuid);
"""

# Field visits and what they found. NIK-free: rows point at recipients by UUID. Dates are
# ISO text; a delivery keeps its period both as typed (`2026-10`, `2026-T4`) and as a date
# range, so reports can count by month without parsing.
M002_VISITS = f"""
CREATE TABLE visits (
    uuid TEXT PRIMARY KEY,
    recipient_uuid TEXT NOT NULL REFERENCES recipients (uuid),
    assistant_uuid TEXT REFERENCES assistants (uuid),
    desa_code TEXT NOT NULL,
    visit_date TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('monitoring', 'escort')),
    on_target TEXT CHECK (on_target IN ('yes', 'no', 'unsure')),
    off_target_reason TEXT CHECK (off_target_reason IN
        ('deceased', 'moved', 'well-off', 'civil-servant', 'duplicate', 'not-found', 'other')),
    off_target_note TEXT,
    outcome TEXT CHECK (outcome IN ('better', 'same', 'worse')),
    income_change TEXT CHECK (income_change IN ('better', 'same', 'worse')),
    work_change TEXT CHECK (work_change IN ('better', 'same', 'worse')),
    housing_change TEXT CHECK (housing_change IN ('better', 'same', 'worse')),
    schooling_change TEXT CHECK (schooling_change IN ('better', 'same', 'worse')),
    health_change TEXT CHECK (health_change IN ('better', 'same', 'worse')),
    ready_to_graduate INTEGER NOT NULL DEFAULT 0 CHECK (ready_to_graduate IN (0, 1)),
    needs_referral INTEGER NOT NULL DEFAULT 0 CHECK (needs_referral IN (0, 1)),
    escort_facility TEXT,
    escort_purpose TEXT,
    escort_transport TEXT,
    escort_result TEXT,
    notes TEXT,
    gps_lat REAL,
    gps_lon REAL,
    source TEXT NOT NULL DEFAULT 'cli' CHECK (source IN ('cli', 'form')),
    {STAMPS}
);
CREATE INDEX visits_date ON visits (visit_date);
CREATE INDEX visits_desa_date ON visits (desa_code, visit_date);
CREATE INDEX visits_recipient_date ON visits (recipient_uuid, visit_date);

CREATE TABLE deliveries (
    uuid TEXT PRIMARY KEY,
    visit_uuid TEXT NOT NULL REFERENCES visits (uuid),
    recipient_uuid TEXT NOT NULL REFERENCES recipients (uuid),
    program_code TEXT NOT NULL REFERENCES programs (code),
    period TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('full', 'partial', 'none', 'not-due')),
    amount INTEGER CHECK (amount IS NULL OR amount >= 0),
    expected_amount INTEGER,
    received_date TEXT,
    problem TEXT CHECK (problem IN
        ('card-blocked', 'deducted', 'wrong-name', 'not-disbursed', 'other')),
    problem_note TEXT,
    {STAMPS}
);
CREATE INDEX deliveries_visit ON deliveries (visit_uuid);
CREATE INDEX deliveries_program_period ON deliveries (program_code, period_start);
CREATE INDEX deliveries_recipient ON deliveries (recipient_uuid, program_code, period);

CREATE TABLE findings (
    uuid TEXT PRIMARY KEY,
    recipient_uuid TEXT NOT NULL REFERENCES recipients (uuid),
    visit_uuid TEXT NOT NULL REFERENCES visits (uuid),
    delivery_uuid TEXT REFERENCES deliveries (uuid),
    desa_code TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN
        ('not-received', 'partial', 'off-target', 'worse', 'referral')),
    program_code TEXT,
    period TEXT,
    details TEXT,
    opened_on TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    resolved_on TEXT,
    resolved_by TEXT,
    resolved_visit_uuid TEXT REFERENCES visits (uuid),
    resolution_note TEXT,
    reopened_on TEXT,
    reopen_note TEXT,
    {STAMPS}
);
CREATE INDEX findings_status_opened ON findings (status, opened_on);
CREATE INDEX findings_recipient ON findings (recipient_uuid, status);
CREATE INDEX findings_desa ON findings (desa_code, status);

-- A photo stays a file on the laptop: only its path and SHA-256 are recorded.
CREATE TABLE visit_photos (
    uuid TEXT PRIMARY KEY,
    visit_uuid TEXT NOT NULL REFERENCES visits (uuid),
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    {STAMPS}
);
CREATE INDEX visit_photos_visit ON visit_photos (visit_uuid);
"""

# Indeks Desa Membangun per desa and year (Permendesa 2/2016): the three indices, their
# mean and the status it gives. One live row per desa and year; a correction updates it.
M003_IDM = f"""
CREATE TABLE idm (
    uuid TEXT PRIMARY KEY,
    desa_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    iks REAL NOT NULL,
    ike REAL NOT NULL,
    ikl REAL NOT NULL,
    score REAL NOT NULL,
    status TEXT NOT NULL,
    {STAMPS}
);
CREATE UNIQUE INDEX idm_desa_year ON idm (desa_code, year) WHERE deleted_at IS NULL;
"""

# Merging laptops (sync): where each change-log entry came from, what was merged, conflicts.
M004_SYNC = """
ALTER TABLE change_log ADD COLUMN origin_db TEXT;
ALTER TABLE change_log ADD COLUMN origin_id INTEGER;
CREATE UNIQUE INDEX change_log_origin ON change_log (origin_db, origin_id)
    WHERE origin_db IS NOT NULL;

CREATE TABLE sync_sources (
    database_id TEXT PRIMARY KEY,
    assistant_name TEXT,
    desa_code TEXT,
    bundles INTEGER NOT NULL DEFAULT 0,
    last_bundle TEXT,
    last_imported_at TEXT,
    last_exported_at TEXT
);

CREATE TABLE sync_exports (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    path TEXT NOT NULL,
    last_entry INTEGER NOT NULL,
    target TEXT
);

CREATE TABLE sync_conflicts (
    id INTEGER PRIMARY KEY,
    table_name TEXT NOT NULL,
    row_uuid TEXT NOT NULL,
    field TEXT NOT NULL,
    local_value TEXT,
    remote_value TEXT,
    kept TEXT NOT NULL CHECK (kept IN ('local', 'remote')),
    local_origin TEXT NOT NULL,
    remote_origin TEXT NOT NULL,
    bundle TEXT,
    detected_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    resolved_at TEXT,
    resolved_value TEXT
);
CREATE UNIQUE INDEX sync_conflicts_once
    ON sync_conflicts (table_name, row_uuid, field, remote_origin);

-- The same person registered on two laptops under two UUIDs: the alias points to the one kept.
CREATE TABLE recipient_aliases (
    alias_uuid TEXT PRIMARY KEY,
    canonical_uuid TEXT NOT NULL,
    nik TEXT NOT NULL,
    merged_at TEXT NOT NULL
);
"""

# Pendataan (issue 15): the DTSEN desil on recipients, the social-problem register (an entry
# for a person or household, NIK optional, with its PPKS categories and photos) and the
# monthly proposals to the DTSEN update (usulan). Proposals need a NIK: SIKS-NG does.
M_PENDATAAN = f"""
ALTER TABLE recipients ADD COLUMN desil INTEGER CHECK (desil IS NULL OR desil BETWEEN 1 AND 10);
ALTER TABLE recipients ADD COLUMN desil_date TEXT;

CREATE TABLE pendataan (
    uuid TEXT PRIMARY KEY,
    subject TEXT NOT NULL DEFAULT 'person' CHECK (subject IN ('person', 'household')),
    nik TEXT,
    no_kk TEXT,
    name TEXT NOT NULL,
    sex TEXT CHECK (sex IN ('L', 'P')),
    address TEXT,
    rt TEXT,
    rw TEXT,
    desa_code TEXT NOT NULL,
    recipient_uuid TEXT REFERENCES recipients (uuid),
    visit_uuid TEXT REFERENCES visits (uuid),
    found_on TEXT NOT NULL,
    description TEXT NOT NULL,
    services_needed TEXT,
    referral TEXT,
    referral_outcome TEXT,
    gps_lat REAL,
    gps_lon REAL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    closed_on TEXT,
    close_note TEXT,
    assistant_uuid TEXT REFERENCES assistants (uuid),
    {STAMPS}
);
CREATE INDEX pendataan_desa ON pendataan (desa_code, found_on);
CREATE INDEX pendataan_nik ON pendataan (nik);
CREATE INDEX pendataan_recipient ON pendataan (recipient_uuid);

CREATE TABLE pendataan_categories (
    uuid TEXT PRIMARY KEY,
    entry_uuid TEXT NOT NULL REFERENCES pendataan (uuid),
    category TEXT NOT NULL,
    {STAMPS}
);
CREATE UNIQUE INDEX pendataan_categories_once ON pendataan_categories (entry_uuid, category)
    WHERE deleted_at IS NULL;

CREATE TABLE pendataan_photos (
    uuid TEXT PRIMARY KEY,
    entry_uuid TEXT NOT NULL REFERENCES pendataan (uuid),
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    {STAMPS}
);
CREATE INDEX pendataan_photos_entry ON pendataan_photos (entry_uuid);

CREATE TABLE usulan (
    uuid TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('baru', 'perbaikan', 'hapus')),
    subject TEXT NOT NULL DEFAULT 'household' CHECK (subject IN ('person', 'household')),
    month TEXT NOT NULL,
    nik TEXT NOT NULL,
    no_kk TEXT,
    name TEXT NOT NULL,
    address TEXT,
    desa_code TEXT NOT NULL,
    recipient_uuid TEXT REFERENCES recipients (uuid),
    entry_uuid TEXT REFERENCES pendataan (uuid),
    finding_uuid TEXT REFERENCES findings (uuid),
    programs TEXT NOT NULL DEFAULT '',
    desil INTEGER CHECK (desil IS NULL OR desil BETWEEN 1 AND 10),
    removal_reason TEXT CHECK (removal_reason IN ('meninggal', 'pindah', 'mampu', 'ganda')),
    reason TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'musdes', 'siks-ng', 'diterima', 'ditolak')),
    musdes_date TEXT,
    siks_date TEXT,
    decided_on TEXT,
    rejection_reason TEXT,
    {STAMPS}
);
CREATE INDEX usulan_month_desa ON usulan (month, desa_code);
CREATE INDEX usulan_nik ON usulan (nik);
"""

# The office and the signatures the monthly report prints (`report settings`): one row per
# setting, its UUID derived from the key, so every laptop names a setting with the same row.
M_REPORT_SETTINGS = f"""
CREATE TABLE report_settings (
    uuid TEXT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    value TEXT,
    {STAMPS}
);
"""

# Trusted merges (issue 11): each entry's place in its origin's own chain, the laptops' pinned
# keys, the heads each origin signed, and placeholders for entries sent without content.
M_SYNC_TRUST = """
ALTER TABLE change_log ADD COLUMN origin_hash TEXT;

CREATE TABLE sync_keys (
    database_id TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    assistant_name TEXT,
    pinned_at TEXT NOT NULL,
    how TEXT NOT NULL CHECK (how IN ('first-use', 'trusted', 'own'))
);

CREATE TABLE sync_origins (
    origin TEXT PRIMARY KEY,
    database_id TEXT NOT NULL,
    last_id INTEGER NOT NULL,
    head_hash TEXT NOT NULL,
    signature TEXT NOT NULL
);

CREATE TABLE sync_stubs (
    origin_db TEXT NOT NULL,
    origin_id INTEGER NOT NULL,
    digest TEXT NOT NULL,
    origin_hash TEXT NOT NULL,
    PRIMARY KEY (origin_db, origin_id)
) WITHOUT ROWID;
"""

# Speed at province scale (docs/performance.md): the questions asked of every recipient
# (enrolled this month? visited this month?) and of every visit of a month (its deliveries)
# are answered from an index alone, without reading the rows behind it. Each new index
# starts with the columns of the one it replaces, so every earlier use still finds it.
M_SPEED_INDEXES = """
DROP INDEX recipients_desa;
CREATE INDEX recipients_desa_live ON recipients (desa_code, deleted_at, uuid);
DROP INDEX enrollments_recipient;
CREATE INDEX enrollments_recipient_span
    ON enrollments (recipient_uuid, deleted_at, since, until, program_code);
DROP INDEX visits_recipient_date;
CREATE INDEX visits_recipient_live ON visits (recipient_uuid, visit_date, deleted_at);
DROP INDEX deliveries_visit;
CREATE INDEX deliveries_visit_status ON deliveries (visit_uuid, deleted_at, status);
"""

# Two questions of a province-sized register answered from small indexes instead of rows:
# desil mismatches start from the few recipients above the lowest limit (not from every
# enrolment), and the summary's findings counts read a covering index (not 300,000 rows).
M_REPORT_INDEXES = """
CREATE INDEX recipients_desil ON recipients (desil) WHERE desil IS NOT NULL;
DROP INDEX findings_desa;
CREATE INDEX findings_desa_span
    ON findings (desa_code, status, opened_on, resolved_on, deleted_at);
"""

MIGRATIONS: list[tuple[str, str]] = [
    ("foundation", M001_FOUNDATION),
    ("visits", M002_VISITS),
    ("idm", M003_IDM),
    ("sync", M004_SYNC),
    ("pendataan", M_PENDATAAN),
    ("report_settings", M_REPORT_SETTINGS),
    ("sync-trust", M_SYNC_TRUST),
    ("speed_indexes", M_SPEED_INDEXES),
    ("report_indexes", M_REPORT_INDEXES),
]


def _ensure_table(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS migrations "
        "(id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )


def applied_versions(conn: sqlite3.Connection) -> set[int]:
    _ensure_table(conn)
    return {row[0] for row in conn.execute("SELECT id FROM migrations")}


def split_statements(script: str) -> list[str]:
    """Split a script into statements; `complete_statement` keeps trigger bodies whole."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip().strip(";").strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def apply_migrations(conn: sqlite3.Connection, upto: int | None = None) -> list[int]:
    """Apply each pending migration in its own transaction; return the numbers applied."""
    done = applied_versions(conn)
    newest = max(done, default=0)
    if newest > len(MIGRATIONS):
        raise SampingError(
            _(
                "This database was made by a newer sampingdesa (schema {found}, this program "
                "knows {known}). Upgrade sampingdesa."
            ).format(found=newest, known=len(MIGRATIONS))
        )
    applied = []
    for number, (name, sql) in enumerate(MIGRATIONS, start=1):
        if number in done or (upto is not None and number > upto):
            continue
        with transaction(conn) as current:
            # Another process may have applied it while we waited for the lock.
            if conn.execute("SELECT 1 FROM migrations WHERE id = ?", (number,)).fetchone():
                current.discard()
                continue
            for statement in split_statements(sql):
                conn.execute(statement)
            stamp = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
            conn.execute(
                "INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, ?)",
                (number, name, stamp),
            )
        applied.append(number)
    return applied
