"""sampingdesa: the register and field-visit log of the Samping Desa.

The Python API: what the command line does, for a script or a notebook (docs/python-api.md).

    import datetime as dt
    import sampingdesa as sd

    conn = sd.open_db("kandangan.db")
    with sd.changes(conn, sd.actor(conn)) as writer:
        sd.record_visit(writer, "6306054507890001", sd.VisitInput(dt.date.today()),
                        today=dt.date.today())

Every write goes through a `changes()` writer: one transaction, logged in the change log.
Errors are `SampingError` subclasses (`InvalidValue` names the field, `NotFound`,
`Conflict`). The names below are imported on first use, so the command line does not pay
for them at start-up.
"""

from __future__ import annotations

# Not `from typing import TYPE_CHECKING`: this module runs at every start of the command.
TYPE_CHECKING = False

# name -> module it lives in
_EXPORTS = {
    "__version__": "sampingdesa.version",  # the build reads it there
    # the database and its writer
    "open_db": "sampingdesa.store.db",
    "transaction": "sampingdesa.store.db",
    "changes": "sampingdesa.store.changes",
    "Changes": "sampingdesa.store.changes",
    "init_database": "sampingdesa.init",
    "actor": "sampingdesa.places.laptop",
    # the register
    "RecipientInput": "sampingdesa.register.recipients",
    "add_recipient": "sampingdesa.register.recipients",
    "find_recipient": "sampingdesa.register.recipients",
    "list_recipients": "sampingdesa.register.recipients",
    "enroll": "sampingdesa.register.recipients",
    "ImportOptions": "sampingdesa.importing.pipeline",
    "import_recipients": "sampingdesa.importing.pipeline",
    # visits
    "VisitInput": "sampingdesa.visits.recording",
    "record_visit": "sampingdesa.visits.recording",
    "parse_delivery": "sampingdesa.visits.rules",
    # reports
    "parse_month": "sampingdesa.values.parsing",
    "resolve_scope": "sampingdesa.reports.queries",
    "month_summary": "sampingdesa.reports.queries",
    "build_monthly": "sampingdesa.reports.workbook",
    # merging laptops
    "export_bundle": "sampingdesa.sync.merge",
    "import_bundles": "sampingdesa.sync.merge",
    # errors
    "SampingError": "sampingdesa.errors",
    "InvalidValue": "sampingdesa.errors",
    "NotFound": "sampingdesa.errors",
    "Conflict": "sampingdesa.errors",
}

__all__ = [
    "Changes",
    "Conflict",
    "ImportOptions",
    "InvalidValue",
    "NotFound",
    "RecipientInput",
    "SampingError",
    "VisitInput",
    "__version__",
    "actor",
    "add_recipient",
    "build_monthly",
    "changes",
    "enroll",
    "export_bundle",
    "find_recipient",
    "import_bundles",
    "import_recipients",
    "init_database",
    "list_recipients",
    "month_summary",
    "open_db",
    "parse_delivery",
    "parse_month",
    "record_visit",
    "resolve_scope",
    "transaction",
]

if TYPE_CHECKING:
    from sampingdesa.errors import Conflict, InvalidValue, NotFound, SampingError
    from sampingdesa.importing.pipeline import ImportOptions, import_recipients
    from sampingdesa.init import init_database
    from sampingdesa.places.laptop import actor
    from sampingdesa.register.recipients import (
        RecipientInput,
        add_recipient,
        enroll,
        find_recipient,
        list_recipients,
    )
    from sampingdesa.reports.queries import month_summary, resolve_scope
    from sampingdesa.reports.workbook import build_monthly
    from sampingdesa.store.changes import Changes, changes
    from sampingdesa.store.db import open_db, transaction
    from sampingdesa.sync.merge import export_bundle, import_bundles
    from sampingdesa.values.parsing import parse_month
    from sampingdesa.visits.recording import VisitInput, record_visit
    from sampingdesa.visits.rules import parse_delivery


def __getattr__(name: str) -> object:
    """Import an exported name on first use (module `__getattr__`, PEP 562)."""
    from importlib import import_module

    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'sampingdesa' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
