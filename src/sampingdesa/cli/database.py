"""Opening the database a command works on (`--db`, else the default), with a warning for a
file in a cloud-synced folder."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sampingdesa.cli.output import warn
from sampingdesa.cli.state import state
from sampingdesa.i18n import _


def open_database() -> sqlite3.Connection:
    from sampingdesa.store.db import default_db_path, open_db

    path = state.db_path or default_db_path()
    warn_if_synced(path)
    return open_db(path)


def warn_if_synced(path: Path) -> None:
    from sampingdesa.store.location import synced_folder

    service = synced_folder(path.absolute())
    if service is None:
        return
    from platformdirs import user_data_path

    standard = user_data_path("sampingdesa", appauthor=False) / "sampingdesa.db"
    warn(
        _(
            "The database {path} is in a folder synced by {service}. Syncing can corrupt a "
            "database file while it is in use. Keep it in the default location ({default}) "
            "and copy backups (sampingdesa db backup) to {service} instead."
        ).format(path=path, service=service, default=standard)
    )
