"""The tables a bundle carries: the one list to extend when a table joins sync.

To add a table: append it to `TABLES` after the tables it points to (parents first, so a
reference exists when a row arrives). It must carry `uuid` and the `STAMPS` columns and be
written only through `store.changes.Changes`. Its columns are then checked on import by their
declared type; add domain checks (codes, dates, desa codes, amounts) for its columns to
`sync.validate._SPECIFIC`, and, if each row belongs to a desa, a case in
`sync.bundle._rows_for_export` so `sync export --for` sends only that desa's rows.
"""

from __future__ import annotations

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
    "report_settings",
    "pendataan",
    "pendataan_categories",
    "pendataan_photos",
    "usulan",
)
RECIPIENT_CHILDREN = ("enrollments", "visits", "deliveries", "findings")
ALIASES = "recipient_aliases"  # not a logged table: merges the other side already made
